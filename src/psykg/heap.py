"""Give freed C-heap memory back to the system between the build's big stages.

pyoxigraph's stores and parsers, and Python's larger objects, live on the C heap. When a
stage frees them, glibc keeps most of the pages for later use, so the resident set grows
stage by stage although little is live: at N=1000 of the scale corpus, 1 GB of the build's
peak was such pages. `trim` asks glibc to return them (malloc_trim); elsewhere it does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    try:
        function: Callable[[int], int] = ctypes.CDLL(name).malloc_trim
    except (OSError, AttributeError):  # not glibc
        return None
    return function


def trim() -> None:
    """Return the C heap's free pages to the system, where the C library can (glibc)."""
    function = _malloc_trim()
    if function is not None:
        function(0)


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while graphs are built: they allocate millions of
    long-lived, acyclic terms that every collection rescans (compile + rules of the scale
    corpus at N=1000: 70 s with the collector running, 28 s paused); it runs again after."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
