"""Read a source record's text (a file beside the record in data/sources/): confined to the
data folder, bounded, strict UTF-8, and its regions checked against the text's lines."""

from __future__ import annotations

import re
from pathlib import Path

from psykg.curation.inputs import MAX_SOURCE_BYTES, confined, decode, read_bytes
from psykg.curation.limits import describe
from psykg.curation.model import SourceRecord
from psykg.errors import CurationError

UNSAFE_IN_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")
"""Characters a source text may not hold: control characters other than tab, line feed and
carriage return, U+0085 and the Unicode line separators (which split lines differently in
Python, editors and N-Triples readers), and the non-characters XML refuses. Quotes and their
context end up in RDF/XML and N-Triples literals."""


def read_source(record: SourceRecord, record_file: Path, data_dir: Path) -> tuple[bytes, str]:
    """The bytes and text of `record.text`, the file beside `record_file`: a regular file
    inside `data_dir` (after following symbolic links) of at most MAX_SOURCE_BYTES, valid
    UTF-8 without unsafe characters."""
    where = f"named at {record_file}:{record.line_of('text')}"
    try:
        path = confined(record_file.parent / record.text, data_dir)
        raw = read_bytes(path, limit=MAX_SOURCE_BYTES, what="source text")
        text = decode(raw, path, what="source text")
    except CurationError as exc:
        if exc.line is None:  # about the file as a whole: point at the record line naming it
            if exc.file is not None:
                exc.message = f"{exc.file}: {exc.message}"
            exc.file, exc.line = record_file, record.line_of("text")
        else:
            exc.hint = f"{exc.hint + '; ' if exc.hint else ''}the source text is {where}"
        raise
    bad = UNSAFE_IN_TEXT.search(text)
    if bad is not None:
        line = text.count("\n", 0, bad.start()) + 1
        column = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        raise CurationError(
            f"the source text contains {describe(bad.group())} at line {line}, column {column}",
            file=path,
            line=line,
            hint=f"replace it by a line break or a space (the source text is {where})",
        )
    return raw, text


def check_regions(record: SourceRecord, text: str, record_file: Path) -> None:
    """Each region's lines are positive, in order and inside the text; else a CurationError
    at the region's line of the source record."""
    count = len(text.split("\n")) - (1 if text.endswith("\n") else 0)
    for region in record.regions:
        first, last = region.lines
        problem = None
        if first < 1:
            problem = f"starts at line {first}; lines are numbered from 1"
        elif last < first:
            problem = f"ends (line {last}) before it starts (line {first})"
        elif last > count:
            problem = f"ends at line {last}, but the source text has {count} lines"
        if problem is not None:
            raise CurationError(
                f"region lines [{first}, {last}] {problem}",
                file=record_file,
                line=region.line_of("lines"),
                hint="give [first, last] line numbers of the source text, first <= last",
            )
