"""Hints for a curator's mistakes: "did you mean" for unknown names, and where a quote that is
not in the text parts from the text, character by character (with codepoints)."""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable


def did_you_mean(name: str, known: Iterable[str], *, limit: int = 3) -> str:
    """' (did you mean 'a' or 'b'?)' for the known names closest to `name`, or ''.

    Uses the standard library's difflib (ratio of matching characters): ids are short, and
    its cut-off of 0.6 keeps only plausible typos."""
    candidates = sorted(set(known))
    close = difflib.get_close_matches(name, candidates, n=limit, cutoff=0.6)
    if not close:
        lowered = {c.lower(): c for c in candidates}
        close = [
            lowered[n]
            for n in difflib.get_close_matches(name.lower(), list(lowered), n=limit, cutoff=0.6)
        ]
    if not close:
        return ""
    return " (did you mean " + " or ".join(repr(c) for c in close) + "?)"


def describe_char(char: str) -> str:
    """A character as a curator can tell it apart: its repr, codepoint and Unicode name."""
    if not char:
        return "the end of the text"
    name = unicodedata.name(char, "unnamed character")
    return f"{char!r} (U+{ord(char):04X} {name})"


def quote_difference(text: str, quote: str) -> str:
    """Where `quote` parts from the closest passage of `text`: the first differing
    character of each, with codepoints, and the passage. '' when nothing is close.

    The passage is found from the longest start of the quote that is in the text, or else
    the longest end of it; the first character after (or before) that run is the difference."""
    head = _longest_run(text, quote, from_start=True)
    tail = _longest_run(text, quote, from_start=False)
    if max(head, tail) < 3:
        return ""
    if head >= tail:
        at = _best_start(text, quote, head)
        theirs = text[at + head : at + head + 1]
        mine = quote[head]
        same_after = text.startswith(quote[head + 1 :], at + head + 1)
        passage = text[at : at + len(quote)]
        position = head + 1
    else:
        end = text.find(quote[len(quote) - tail :]) + tail  # end of the matching run
        start = end - len(quote)
        mine = quote[len(quote) - tail - 1]
        theirs = text[start + len(quote) - tail - 1] if start + len(quote) - tail - 1 >= 0 else ""
        same_after = start >= 0 and text.startswith(quote[: len(quote) - tail - 1], start)
        passage = text[max(0, start) : end]
        position = len(quote) - tail
    only = " (the only difference)" if same_after else ""
    return (
        f"character {position} of the quote is {describe_char(mine)} where the text has "
        f"{describe_char(theirs)}{only}; the text reads {passage!r}"
    )


def _longest_run(text: str, quote: str, *, from_start: bool) -> int:
    """Length of the longest start (or end) of `quote` found in `text` (binary search: a
    part of a found part is found too)."""
    low, high = 0, len(quote) - 1
    while low < high:
        mid = (low + high + 1) // 2
        part = quote[:mid] if from_start else quote[len(quote) - mid :]
        if part in text:
            low = mid
        else:
            high = mid - 1
    return low


def _best_start(text: str, quote: str, run: int) -> int:
    """Of the places where the quote's first `run` characters occur, the one whose text goes
    on most like the rest of the quote."""
    best, best_score = text.find(quote[:run]), -1.0
    at = best
    seen = 0
    while at != -1 and seen < 50:
        window = text[at + run : at + len(quote) + 1]
        score = difflib.SequenceMatcher(None, window, quote[run:], autojunk=False).ratio()
        if score > best_score:
            best, best_score = at, score
        at = text.find(quote[:run], at + 1)
        seen += 1
    return best
