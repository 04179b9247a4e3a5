"""The background file writer: order, folders, errors, and no thread left behind."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from psykg.site.writer import BackgroundWriter


def _writers() -> int:
    return sum(t.name == "psykg-writer" for t in threading.enumerate())


def test_writes_every_file_in_nested_folders(tmp_path: Path) -> None:
    files = {tmp_path / "a" / "b" / f"{i}.txt": f"line {i}\n" for i in range(300)}
    with BackgroundWriter(backlog=4) as writer:
        for path, text in files.items():
            writer.write_text(path, text)
    assert {p: p.read_text(encoding="utf-8") for p in files} == files
    assert _writers() == 0


def test_later_write_of_the_same_path_wins(tmp_path: Path) -> None:
    with BackgroundWriter() as writer:
        for i in range(50):
            writer.write_text(tmp_path / "x.txt", str(i))
    assert (tmp_path / "x.txt").read_text(encoding="utf-8") == "49"


def test_an_error_reaches_the_caller(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("not a folder", encoding="utf-8")
    with pytest.raises(OSError), BackgroundWriter() as writer:
        writer.write_text(tmp_path / "file" / "below.txt", "x")
        for i in range(100):  # the error surfaces in write_text or at the end of the block
            writer.write_text(tmp_path / f"{i}.txt", "x")
    assert _writers() == 0


def test_the_body_error_wins_and_the_thread_stops(tmp_path: Path) -> None:
    with pytest.raises(KeyError), BackgroundWriter() as writer:
        writer.write_text(tmp_path / "file" / "a.txt", "x")
        raise KeyError("body")
    assert _writers() == 0
