"""Every table that shows a claim shows its hedge and evidence words, whole (issue 12)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from psykg.cli import main
from psykg.release.pipeline import Result
from psykg.sparql import packaged as queries

ROOT = Path(__file__).resolve().parents[1]
WORDINGS = ("hedge", "evidence", "scope", "example", "note")
QUALIFIER_ROWS = {"therapy-overview"}
"""Queries that show each qualifier as a row of its own instead of a column."""
COUNTS = {"stats"}
"""Queries that count statements and show none."""
CLAIMS = sorted(
    name
    for name, q in queries.load_queries(ROOT / "queries").items()
    if "?statement" in q.text and name not in QUALIFIER_ROWS | COUNTS
)
SHORTER = "this is not always the case | usually"


@pytest.mark.parametrize("name", CLAIMS)
def test_a_query_that_shows_a_claim_shows_its_wordings(name: str) -> None:
    text = queries.load_queries(ROOT / "queries")[name].text
    select = text[text.index("SELECT") : text.index("WHERE")]
    have = {w for w in WORDINGS if f"?{w}" in select}
    assert {"hedge", "evidence"} <= have, f"{name} shows no hedge or evidence column"


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert main(list(argv)) == 0
    return capsys.readouterr().out


def test_the_wide_table_never_cuts(
    built: tuple[Result, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    _, out = built
    narrow = _run(capsys, "query", "compare", "--dist", str(out))
    wide = _run(capsys, "query", "compare", "--wide", "--dist", str(out))
    assert "…" in narrow and "…" not in wide
    assert SHORTER in wide
    assert (
        "Psychodynamic therapy is usually shorter than psychoanalytic therapy with respect "
        "to the frequency and number of sessions, however, this is not always the case"
    ) in wide


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "md"])
def test_other_formats_never_cut(
    fmt: str, built: tuple[Result, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    _, out = built
    text = _run(capsys, "query", "compare", "--format", fmt, "--dist", str(out))
    assert "…" not in text
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(text)))
        assert SHORTER in {r["hedge"] for r in rows}
    elif fmt == "json":
        bindings = json.loads(text)["results"]["bindings"]
        assert SHORTER in {b["hedge"]["value"] for b in bindings if "hedge" in b}
    elif fmt == "md":
        assert SHORTER.replace("|", "\\|") in text
    else:
        assert SHORTER in text


@pytest.mark.parametrize("name", ["indications", "therapies-for-condition"])
def test_uses_show_their_evidence_wording(
    name: str, built: tuple[Result, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    _, out = built
    rows = list(
        csv.DictReader(
            io.StringIO(_run(capsys, "query", name, "--format", "csv", "--dist", str(out)))
        )
    )
    studies = [r for r in rows if r["strength"] == "found effective by studies"]
    assert studies and {r["evidence"] for r in studies} == {"Studies have found"}
    assert all(r["evidence"] == "" for r in rows if r["strength"] == "primary")
