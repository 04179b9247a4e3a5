"""A quote shown inside its sentence: the text before, the quoted span, the text after."""

from __future__ import annotations

import re

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“(])")


def in_sentence(text: str, start: int, end: int) -> tuple[str, str, str]:
    """Split the sentence(s) around text[start:end] into (before, quote, after).

    A sentence never crosses a line break; a quote spanning several sentences keeps them all.
    """
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    if line_end < 0:
        line_end = len(text)
    left, right = line_start, line_end
    for match in _SENTENCE_END.finditer(text, line_start, line_end):
        if match.end() <= start:
            left = match.end()
        elif match.start() >= end:
            right = match.start()
            break
    return text[left:start], text[start:end], text[end:right]
