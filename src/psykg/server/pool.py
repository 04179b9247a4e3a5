"""A small pool of query worker processes. A query that runs past the time limit has its
worker killed (the only way to stop pyoxigraph mid-query) and a fresh one started, so one
explosive query never blocks the others."""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

from psykg.errors import PsykgError
from psykg.server import worker
from psykg.server.limits import Limits
from psykg.server.worker import Job, Reply, error

START_TIMEOUT = 120.0
"""Seconds a new worker may take to load the dataset."""


@dataclass(eq=False)
class _Worker:
    process: subprocess.Popen[bytes]
    jobs: Connection
    replies: Connection

    def stop(self) -> None:
        self.process.kill()
        self.process.wait(timeout=10)
        self.jobs.close()
        self.replies.close()


class WorkerPool:
    """`limits.workers` processes, each with the dataset loaded, taking jobs one at a time."""

    def __init__(self, data_file: Path, limits: Limits) -> None:
        self.data_file = data_file
        self.limits = limits
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        self.killed = 0
        """How many workers were killed for running too long."""
        self.busy = 0
        """How many workers are running a query now."""
        for _ in range(limits.workers):
            self._idle.put(self._start())

    def _start(self) -> _Worker:
        process = subprocess.Popen(
            [sys.executable, "-m", worker.__name__, str(self.data_file)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            close_fds=True,
        )
        assert process.stdin is not None and process.stdout is not None
        started = _Worker(
            process,
            Connection(os.dup(process.stdin.fileno()), readable=False),
            Connection(os.dup(process.stdout.fileno()), writable=False),
        )
        process.stdin.close()
        process.stdout.close()
        if not started.replies.poll(START_TIMEOUT) or started.replies.recv() != worker.READY:
            started.stop()
            raise PsykgError(
                f"a query worker could not load {self.data_file}",
                hint="check that the file is N-Triples; run `psykg build`",
            )
        with self._lock:
            self._all.add(started)
        return started

    def _replace(self, dead: _Worker) -> None:
        with self._lock:
            self._all.discard(dead)
        dead.stop()
        if self._closed:
            return
        threading.Thread(
            target=lambda: self._idle.put(self._start()), daemon=True, name="psykg-worker-restart"
        ).start()

    def run(self, job: Job) -> Reply:
        """Answer `job` in a worker; 503 when none is free in time or the query runs too long."""
        try:
            current = self._idle.get(timeout=self.limits.queue_wait)
        except queue.Empty:
            return error(503, "all query workers are busy; try again shortly")
        with self._lock:
            self.busy += 1
        try:
            current.jobs.send(job)
            if current.replies.poll(self.limits.timeout):
                reply: Reply = current.replies.recv()
                self._idle.put(current)
                return reply
        except (EOFError, OSError):
            self._replace(current)
            return error(500, "the query worker stopped unexpectedly; it has been restarted")
        finally:
            with self._lock:
                self.busy -= 1
        self.killed += 1
        self._replace(current)
        return error(
            503, f"the query was stopped after the time limit of {self.limits.timeout:g} s"
        )

    def close(self) -> None:
        """Stop every worker."""
        self._closed = True
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for w in workers:
            w.stop()
