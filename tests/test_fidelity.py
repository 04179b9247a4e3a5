"""docs/fidelity.md records every statement's reading and interpretation note (issue 12)."""

from __future__ import annotations

from pathlib import Path

import pytest

from psykg.curation.load import load_curation
from psykg.curation.model import Statement

ROOT = Path(__file__).resolve().parents[1]
PAGE = (ROOT / "docs" / "fidelity.md").read_text(encoding="utf-8")
STATEMENTS = [
    st
    for path in sorted((ROOT / "data" / "curation").glob("*.yaml"))
    for st in load_curation(path).statements
]


@pytest.mark.parametrize("statement", STATEMENTS, ids=lambda st: st.id)
def test_every_statement_and_its_note_is_in_the_fidelity_table(statement: Statement) -> None:
    row = next(
        (line for line in PAGE.splitlines() if line.startswith(f"| `{statement.id}` |")), None
    )
    assert row is not None, f"docs/fidelity.md has no row for {statement.id}"
    assert statement.qualifiers.note.replace("|", "\\|") in row
