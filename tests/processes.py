"""The process table read from Linux's /proc: children, descendants, and whether one lives.

Shared by the fault tests and benchmarks/hostile.py (stray HermiT Java processes)."""

from __future__ import annotations

from pathlib import Path


def _stat_fields(pid: str | int) -> list[str] | None:
    """The fields of /proc/PID/stat after the command name, or None if PID is gone."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None


def _children_by_parent() -> dict[int, list[int]]:
    table: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        fields = _stat_fields(entry.name) if entry.name.isdigit() else None
        if fields is not None:
            table.setdefault(int(fields[1]), []).append(int(entry.name))
    return table


def children(pid: int) -> list[int]:
    """The processes whose parent is `pid`."""
    return _children_by_parent().get(pid, [])


def descendants(pid: int) -> list[int]:
    """Children of `pid`, their children, and so on."""
    table = _children_by_parent()
    found, frontier = [], [pid]
    while frontier:
        below = table.get(frontier.pop(), [])
        found += below
        frontier += below
    return found


def alive(pid: int) -> bool:
    """Whether `pid` runs (a zombie does not)."""
    fields = _stat_fields(pid)
    return fields is not None and fields[0] != "Z"
