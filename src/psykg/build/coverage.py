"""Which content sentences of each source are covered by statements."""

from __future__ import annotations

from dataclasses import dataclass

from psykg.build.compile import Compiled
from psykg.curation.anchor import sentences


@dataclass(frozen=True)
class Sentence:
    """One content sentence and the statements whose quotes overlap it."""

    document: str
    start: int
    end: int
    text: str
    statements: tuple[str, ...]


def coverage(compiled: Compiled) -> list[Sentence]:
    """Every prose sentence of every source, in text order, with the statements resting on it."""
    rows: list[Sentence] = []
    for doc, source in sorted(compiled.sources.items()):
        anchors = [a for a in compiled.anchors if a.document == doc]
        for start, end in sentences(source):
            ids = tuple(
                sorted(
                    {
                        a.statement
                        for a in anchors
                        if a.selector.start < end and start < a.selector.end
                    }
                )
            )
            rows.append(Sentence(doc, start, end, source.text[start:end], ids))
    return rows


def render(rows: list[Sentence], *, uncovered_only: bool = False) -> str:
    """A plain-text report: each sentence, then its statements or NOT COVERED."""
    out: list[str] = []
    for row in rows:
        if uncovered_only and row.statements:
            continue
        out.append(f"[{row.document} {row.start}-{row.end}] {row.text}")
        if row.statements:
            out.extend(f"    - {sid}" for sid in row.statements)
        else:
            out.append("    NOT COVERED")
    covered = sum(1 for r in rows if r.statements)
    out.append(f"{covered} of {len(rows)} content sentences covered by statements")
    return "\n".join(out) + "\n"
