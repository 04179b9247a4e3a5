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
        (
            "Gamma gamma",
            None,
            "character 7 of the quote is 'g' (U+0067 LATIN SMALL LETTER G) "
            "where the text has 'b' (U+0062 LATIN SMALL LETTER B); the text reads 'Gamma beta '",
        ),
        ("beta", "", (17, 21)),  # the empty prefix picks the first occurrence
        ("beta", None, "add 'prefix:' '' for the first (line 4), 'Gamma ' (line 4)"),
        ("Gamma beta", "", (23, 33)),  # a unique quote is unaffected
        ("beta", "Alpha ", (17, 21)),  # the pull-quote's 'Alpha beta' is not content
        ("Alpha beta", "x", "not in the content of the source text after 'x'; to pick one"),
        ("end", None, "it is only at line 6, which the source record marks as chrome"),
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
    return [
        at
        for at in range(len(source.text))
        if source.text.startswith(quote, at)
        and any(a <= at and at + len(quote) <= b for a, b in source.quotable)
    ]


@pytest.mark.parametrize("length", [1, 2, 4, 6, 11, 17])
def test_occurrences_match_their_definition(length: int) -> None:
    quotes = {TEXT[at : at + length] for at in range(len(TEXT) - length + 1)}
    for quote in sorted(quotes):
        assert SOURCE.occurrences(quote) == _brute_occurrences(SOURCE, quote), quote


def test_curly_and_straight_apostrophes_are_told_apart() -> None:
    text = "The patient\u2019s relationship with the world.\n"
    source = SourceText.from_regions(text, ())
    found = find_quote(source, "patient's relationship")
    assert isinstance(found, str)
    assert (
        'character 8 of the quote is "\'" (U+0027 APOSTROPHE) where the text has '
        "'\u2019' (U+2019 RIGHT SINGLE QUOTATION MARK) (the only difference)"
    ) in found


def test_a_difference_in_the_first_characters_is_found_from_the_end() -> None:
    source = SourceText.from_regions("Studies have found it useful.\n", ())
    found = find_quote(source, "Xtudies have found it")
    assert isinstance(found, str)
    assert "character 1 of the quote is 'X'" in found
    assert "where the text has 'S'" in found
