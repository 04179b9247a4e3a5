"""Measuring tools of the benchmark: stage timer with peak memory, and time budgets."""

from __future__ import annotations

import os
import resource
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PAGE = os.sysconf("SC_PAGE_SIZE")


class OutOfTime(BaseException):
    """A measured stage used up its time budget (a BaseException: code under test catches
    Exception)."""


def _out_of_time(signum: int, frame: object) -> None:
    raise OutOfTime


class Budget:
    """Whether the body of `budget()` was stopped; its wall time in seconds."""

    def __init__(self) -> None:
        self.timed_out = False
        self.seconds = 0.0


@contextmanager
def budget(seconds: float) -> Iterator[Budget]:
    """Run the body for at most `seconds` (0: no limit); stop it with SIGALRM when the time is
    spent and mark the outcome timed out (the time then is a lower bound). Not nestable."""
    outcome = Budget()
    if seconds:
        signal.signal(signal.SIGALRM, _out_of_time)
        signal.setitimer(signal.ITIMER_REAL, seconds)
    start = time.perf_counter()
    try:
        yield outcome
    except OutOfTime:
        outcome.timed_out = True
    finally:
        if seconds:
            signal.setitimer(signal.ITIMER_REAL, 0)
        outcome.seconds = time.perf_counter() - start


def rss() -> int:
    """Resident set size of this process in bytes."""
    with Path("/proc/self/statm").open() as handle:
        return int(handle.read().split()[1]) * PAGE


class Meter:
    """Wall time and peak resident memory of named stages, sampled every 10 ms."""

    def __init__(self) -> None:
        self.stages: dict[str, dict[str, float]] = {}
        self._peak = 0
        threading.Thread(target=self._sample, daemon=True).start()

    def _sample(self) -> None:
        while True:
            time.sleep(0.01)
            self._peak = max(self._peak, rss())

    @contextmanager
    def stage(self, name: str, seconds: float = 0) -> Iterator[Budget]:
        """Measure the body as stage `name`; with a budget (`seconds`), stop it when the
        budget is spent and record the budget as a lower bound ("timed_out")."""
        self._peak = rss()
        children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
        with budget(seconds) as outcome:
            yield outcome
        self.record(name, outcome, children)

    def record(self, name: str, outcome: Budget, children_before: int) -> None:
        """Store stage `name` from an outcome measured since the last `stage()` start."""
        peak = max(self._peak, rss())
        child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
        self.stages[name] = {
            "seconds": outcome.seconds,
            "peak_mb": peak / 2**20,
            "child_peak_mb": (child if child > children_before else 0) / 2**20,
            "timed_out": float(outcome.timed_out),
        }
