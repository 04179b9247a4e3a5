"""Prove that quotes are in the source text and compute their Web Annotation selectors."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cached_property

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
    """The quote's selector, or a sentence saying why it cannot be anchored."""
    starts = source.occurrences(quote)
    if prefix is not None:
        starts = [s for s in starts if source.text.endswith(prefix, 0, s)]
    if len(starts) == 1:
        return source.selector(starts[0], starts[0] + len(quote))
    if not starts:
        near = _nearest_fragment(source.text, quote)
        where = f"; the closest text is {near!r}" if near else ""
        extra = f" after {prefix!r}" if prefix is not None else ""
        return f"quote is not in the content of the source text{extra}{where}"
    return (
        f"quote occurs {len(starts)} times in the source text; "
        "add a 'prefix' with the words just before the one you mean, or lengthen the quote"
    )


def _nearest_fragment(text: str, quote: str) -> str:
    """The longest leading part of the quote that is in the text, to show where it diverges."""
    low, high = 0, len(quote)
    while low < high:
        mid = (low + high + 1) // 2
        if quote[:mid] in text:
            low = mid
        else:
            high = mid - 1
    if low < 3:
        return ""
    at = text.find(quote[:low])
    return text[at : at + low + 20]


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
