"""Prove that quotes are in the source text and compute their Web Annotation selectors."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cached_property

from psykg.curation.hints import quote_difference
from psykg.curation.model import QUOTABLE_KINDS, Region

CONTEXT = 32
"""Characters of prefix and suffix recorded with each quote."""


@dataclass(frozen=True)
class Selector:
    """A quote located in the text: TextQuoteSelector and TextPositionSelector in one."""

    exact: str
    prefix: str
    suffix: str
    start: int
    end: int


@dataclass(frozen=True)
class SourceText:
    """A verbatim text, with the character spans where quotes may anchor."""

    text: str
    quotable: tuple[tuple[int, int], ...]
    prose: tuple[tuple[int, int], ...]

    @classmethod
    def from_regions(cls, text: str, regions: tuple[Region, ...]) -> SourceText:
        """Split the text by line (at line feeds) into quotable spans and prose (article body)
        spans."""
        lines = text.split("\n")
        if lines[-1] == "":
            lines.pop()
        kinds: dict[int, str] = {}
        for region in regions:  # clipped to the text (curation.sources.check_regions reports)
            for number in range(max(region.lines[0], 1), min(region.lines[1], len(lines)) + 1):
                kinds[number] = region.kind
        quotable: list[tuple[int, int]] = []
        prose: list[tuple[int, int]] = []
        offset = 0
        for number, bare in enumerate(lines, start=1):
            line = bare + "\n"  # lines end at a line feed only, as editors and readers count
            span = (offset, offset + len(line.rstrip("\r\n")))
            kind = kinds.get(number)
            if kind is None:
                prose.append(span)
            if kind is None or kind in QUOTABLE_KINDS:
                quotable.append(span)
            offset += len(line)
        return cls(text, _merge(quotable, text), _merge(prose, text))

    @cached_property
    def _quotable_starts(self) -> list[int]:
        """Start offsets of the quotable spans, for bisection."""
        return [a for a, _ in self.quotable]

    def occurrences(self, quote: str) -> list[int]:
        """Start offsets of `quote` that lie wholly inside one quotable span."""
        starts: list[int] = []
        span_starts = self._quotable_starts
        at = self.text.find(quote)
        while at != -1:
            # spans are sorted and disjoint: only the last one starting at or before `at` fits
            index = bisect_right(span_starts, at) - 1
            if index >= 0 and at + len(quote) <= self.quotable[index][1]:
                starts.append(at)
            at = self.text.find(quote, at + 1)
        return starts

    def selector(self, start: int, end: int) -> Selector:
        """The selector of text[start:end] with its context."""
        return Selector(
            exact=self.text[start:end],
            prefix=self.text[max(0, start - CONTEXT) : start],
            suffix=self.text[end : end + CONTEXT],
            start=start,
            end=end,
        )


def _merge(spans: list[tuple[int, int]], text: str) -> tuple[tuple[int, int], ...]:
    """Join spans separated only by line breaks, so a quote may run across lines."""
    merged: list[tuple[int, int]] = []
    for a, b in spans:
        if merged and text[merged[-1][1] : a].strip() == "":
            merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    return tuple(merged)


def find_quote(source: SourceText, quote: str, prefix: str | None = None) -> Selector | str:
    """The quote's selector, or a sentence saying why it cannot be anchored.

    `prefix` keeps the occurrences just after those words; the empty prefix (`prefix: ''`)
    anchors a repeated quote at its first occurrence."""
    starts = source.occurrences(quote)
    if prefix is not None:
        starts = [s for s in starts if source.text.endswith(prefix, 0, s)]
    if len(starts) == 1 or (starts and prefix == ""):
        return source.selector(starts[0], starts[0] + len(quote))
    if not starts:
        extra = f" after {prefix!r}" if prefix else ""
        if prefix and source.occurrences(quote):
            return f"quote is not in the content of the source text{extra}; " + _places(
                source, quote, source.occurrences(quote)
            )
        at = source.text.find(quote)
        if at != -1:
            return (
                f"quote is not in the content of the source text: it is only at line "
                f"{line_number(source.text, at)}, which the source record marks as chrome "
                "or pull-quote (not quotable)"
            )
        near = quote_difference(source.text, quote)
        return f"quote is not in the content of the source text{extra}" + (
            f"; {near}" if near else ""
        )
    return f"quote occurs {len(starts)} times in the source text; " + _places(source, quote, starts)


def line_number(text: str, offset: int) -> int:
    """The 1-based line of the character at `offset`."""
    return text.count("\n", 0, offset) + 1


def _places(source: SourceText, quote: str, starts: list[int]) -> str:
    """Where each occurrence is, and the prefix that picks it."""
    picks = [f"'' for the first (line {line_number(source.text, starts[0])})"]
    for at in starts[1:]:
        picks.append(
            f"{distinguishing_prefix(source.text, at, starts)!r} "
            f"(line {line_number(source.text, at)})"
        )
    return "to pick one, add 'prefix:' " + ", ".join(picks)


def distinguishing_prefix(text: str, at: int, starts: list[int]) -> str:
    """The shortest run of whole words just before `at` (up to the start of its line) that
    no other start in `starts` has just before it."""
    others = [s for s in starts if s != at]
    line_start = text.rfind("\n", 0, at) + 1
    for begin in range(at - 1, line_start - 1, -1):
        if begin > line_start and not text[begin - 1].isspace():
            continue  # not the start of a word
        candidate = text[begin:at]
        if candidate.strip() and not any(text.endswith(candidate, 0, s) for s in others):
            return candidate
    return text[line_start:at]


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def sentences(source: SourceText) -> list[tuple[int, int]]:
    """Offsets of the sentences of the prose spans, in text order."""
    found: list[tuple[int, int]] = []
    for a, b in source.prose:
        for block in re.finditer(r"[^\n]+", source.text[a:b]):
            cursor = a + block.start()
            parts = _SENTENCE_END.split(block.group())
            for part in parts:
                start = source.text.index(part, cursor)
                found.append((start, start + len(part)))
                cursor = start + len(part)
    return found
