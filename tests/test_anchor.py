"""Quote anchoring: unique, missing, ambiguous, disambiguated, and outside content."""

from __future__ import annotations

import pytest

from psykg.curation.anchor import Selector, SourceText, find_quote, sentences
from psykg.curation.model import Region

TEXT = "top\nTitle\n\nAlpha beta. Gamma beta delta.\nAlpha beta.\nend\n"
REGIONS = (
    Region(lines=(1, 1), kind="chrome"),
    Region(lines=(2, 2), kind="title"),
    Region(lines=(5, 6), kind="pull-quote"),
)
SOURCE = SourceText.from_regions(TEXT, REGIONS)


@pytest.mark.parametrize(
    ("quote", "prefix", "expected"),
    [
        ("Gamma beta", None, (23, 33)),
        ("Title", None, (4, 9)),
        ("Alpha beta", None, (11, 21)),  # the pull-quote copy is not content
        ("beta", None, "occurs 2 times"),
        ("beta", "Gamma ", (29, 33)),
        ("beta", "nowhere ", "not in the content"),
        ("top", None, "not in the content"),  # chrome cannot be quoted
        ("Gamma gamma", None, "closest text is 'Gamma beta"),
    ],
)
def test_find_quote(quote: str, prefix: str | None, expected: tuple[int, int] | str) -> None:
    found = find_quote(SOURCE, quote, prefix)
    if isinstance(expected, tuple):
        assert isinstance(found, Selector)
        assert (found.start, found.end) == expected
        assert TEXT[found.start : found.end] == quote == found.exact
        assert TEXT[: found.start].endswith(found.prefix)
        assert TEXT[found.end :].startswith(found.suffix)
    else:
        assert isinstance(found, str)
        assert expected in found


def test_sentences_are_prose_only() -> None:
    texts = [TEXT[a:b] for a, b in sentences(SOURCE)]
    assert texts == ["Alpha beta.", "Gamma beta delta."]


def _brute_occurrences(source: SourceText, quote: str) -> list[int]:
    """The definition `occurrences` implements: every start whose quote fits in one span."""
    return [at for at in range(len(source.text)) if source.text.startswith(quote, at)
            and any(a <= at and at + len(quote) <= b for a, b in source.quotable)]


@pytest.mark.parametrize("length", [1, 2, 4, 6, 11, 17])
def test_occurrences_match_their_definition(length: int) -> None:
    quotes = {TEXT[at : at + length] for at in range(len(TEXT) - length + 1)}
    for quote in sorted(quotes):
        assert SOURCE.occurrences(quote) == _brute_occurrences(SOURCE, quote), quote
