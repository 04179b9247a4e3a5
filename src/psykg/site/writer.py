"""Write many small files from a background thread.

Creating a file is kernel work (a new inode, a directory entry) that Python does without the
GIL, so a writer thread lets it overlap the computation of the next file: the site of the seed
is 756 files, and on the reference machine each creation costs 0.07 to 0.9 ms of system time.
"""

from __future__ import annotations

import queue
import threading
from contextlib import suppress
from pathlib import Path
from types import TracebackType

_STOP = None


class BackgroundWriter:
    """Text files written in the order given, by one thread; `close` waits for them all and
    raises the first error. Use as a context manager."""

    def __init__(self, backlog: int = 512) -> None:
        self._queue: queue.Queue[tuple[Path, str] | None] = queue.Queue(maxsize=backlog)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="psykg-writer", daemon=True)
        self._thread.start()

    def write_text(self, path: Path, text: str) -> None:
        """Queue `text` for `path` (UTF-8, LF line ends; parent folders made as needed)."""
        if self._error is not None:
            raise self._error
        self._queue.put((path, text))

    def _run(self) -> None:
        while (item := self._queue.get()) is not _STOP:
            if self._error is not None:
                continue  # drain the queue so that the producer never blocks
            path, text = item
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8", newline="\n")
            except BaseException as exc:  # handed to the producer in write_text or close
                self._error = exc

    def close(self) -> None:
        """Wait until every queued file is written; raise the first error, if any."""
        if self._thread.is_alive():
            self._queue.put(_STOP)
            self._thread.join()
        if self._error is not None:
            raise self._error

    def __enter__(self) -> BackgroundWriter:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if kind is None:
            self.close()
            return
        with suppress(BaseException):  # the body failed: stop the thread, keep its error
            self.close()
