"""Packaged queries: both engines agree, the CLI, the Python API and errors. The rows each
query must give live with the data, in data/expected/<source>.yaml (see test_expected.py)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from psykg import api
from psykg.cli import main
from psykg.errors import QueryError
from psykg.rdf.datatypes import INTEGER_TYPES, XSD
from psykg.sparql import packaged as queries
from psykg.sparql.engines import Result, Term, literal, run_oxigraph
from psykg.sparql.results import WRITERS, write_csv, write_json, write_tsv
from tests.expected import Case, read_all

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ROOT / "queries"
SOURCE = (ROOT / "data/sources/psychodynamic-therapy.txt").read_text(encoding="utf-8")
TEXTS = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "data/sources").glob("*.txt"))]
RES = "https://w3id.org/psykg/resource/"
REQUIRED = {
    "therapy-overview",
    "indications",
    "therapies-for-condition",
    "less-used-for",
    "candidates",
    "goals",
    "techniques",
    "lineage",
    "compare",
    "duration",
    "populations",
    "provenance",
    "evidence",
    "stats",
}


SEED = "psychodynamic-therapy-article"
CASES = [case for expected in read_all(ROOT / "data") for case in expected.cases]
CASES += [
    case
    for expected in read_all(Path(__file__).parent / "fixtures" / "second-source")
    for case in expected.cases
    if not case.params or case.name == "conflicts"
]
"""Every query run the expectation files name (those of the second source too, run here on
the real data): engines must agree on each, whatever the rows."""


def normalised(result: Result) -> list[tuple[Term | None, ...]]:
    """Rows with the one known engine difference removed: pyoxigraph stores every
    integer-derived datatype (xsd:nonNegativeInteger ...) as xsd:integer."""

    def norm(term: Term | None) -> Term | None:
        if term is not None and term.datatype in INTEGER_TYPES:
            return literal(term.value, XSD + "integer")
        return term

    return [tuple(norm(t) for t in row) for row in result.rows]


@pytest.fixture(scope="module")
def data(built: Any) -> dict[str, Any]:
    """The released psykg.nt loaded into each engine."""
    _, out = built
    return {
        "oxigraph": api.load_store(out / "psykg.nt"),
        "rdflib": api.load_graph(out / "psykg.nt"),
    }


@pytest.fixture
def released(built: Any, monkeypatch: pytest.MonkeyPatch) -> Path:
    """PSYKG_ROOT set to the built checkout, so the default dataset is its dist/psykg.nt."""
    _, out = built
    monkeypatch.setenv("PSYKG_ROOT", str(out.parent))
    return Path(out)


# ---------------------------------------------------------------- expected answers


def test_every_required_query_is_packaged() -> None:
    assert set(queries.load_queries(QUERIES)) >= REQUIRED | {"conflicts"}


@pytest.mark.parametrize("expected", CASES, ids=lambda c: c.id)
def test_engines_agree_on_every_row_and_column(expected: Case, data: dict[str, Any]) -> None:
    ox = queries.run_query(expected.name, expected.params, data=data["oxigraph"], folder=QUERIES)
    rd = queries.run_query(expected.name, expected.params, data=data["rdflib"], folder=QUERIES)
    assert ox.vars == rd.vars
    assert normalised(ox) == normalised(rd)


@pytest.mark.parametrize("expected", CASES, ids=lambda c: c.id)
def test_quotes_are_verbatim_source_text(expected: Case, data: dict[str, Any]) -> None:
    result = queries.run_query(
        expected.name, expected.params, data=data["oxigraph"], folder=QUERIES
    )
    for row in queries.to_rows(result):
        if row.get("quote") is not None:
            assert any(row["quote"] in text for text in TEXTS)
        if row.get("start") is not None and row.get("document") == RES + SEED:
            assert SOURCE[row["start"] : row["end"]] == row["quote"]


def test_indications_keep_less_used_apart_from_uses(data: dict[str, Any]) -> None:
    rows = queries.query("indications", data=data["oxigraph"], therapy="psychodynamic therapy")
    by_condition = {
        r["conditionLabel"]: (r["strength"], r["isUse"]) for r in rows if r["source"] == RES + SEED
    }
    for condition in (
        "psychosis",
        "post-traumatic stress disorder",
        "obsessive-compulsive disorder",
    ):
        assert by_condition[condition] == ("less used", False)
    assert by_condition["depression"] == ("primary", True)
    assert by_condition["borderline personality disorder"] == ("also useful", True)


def test_candidates_name_cbt_for_people_not_into_their_life_history(data: dict[str, Any]) -> None:
    rows = queries.query("candidates", data=data["rdflib"], therapy="PDT")
    poor = [r for r in rows if r["fit"] == "poor" and r["source"] == RES + SEED]
    assert [(r["traitLabel"], r["alternativeLabel"]) for r in poor] == [
        ("not interested in delving into one's life history", "cognitive-behavioral therapy")
    ]
    assert "not interested in delving into their life history" in poor[0]["quote"]


# ---------------------------------------------------------------- query files

GRLC_DECORATORS = {
    "summary",
    "description",
    "endpoint",
    "pagination",
    "method",
    "tags",
    "defaults",
    "enumerate",
    "endpoint_in_url",
    "transform",
    "datatypes",
}


@pytest.mark.parametrize("path", sorted(QUERIES.glob("*.rq")), ids=lambda p: p.stem)
def test_query_file_header_and_order(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    meta = queries.decorators(text)
    assert set(meta) <= GRLC_DECORATORS
    assert meta["summary"] and meta["description"] and meta["tags"]
    assert "\nORDER BY " in text
    query = queries.read_query(path)
    for param in query.parameters:
        assert param.type == "iri"
        assert param.name in queries.PARAMETER_CLASSES
        assert param.required == (param.default is not None)


def test_binding_replaces_the_variable_like_grlc() -> None:
    query = queries.read_query(QUERIES / "compare.rq")
    text = queries.bind(query, {"other": RES + "x"})
    assert "?__other_iri" not in text and f"<{RES}x>" in text
    assert "?_therapy_iri" in text


def test_unbound_optional_parameter_means_all(data: dict[str, Any]) -> None:
    everything = queries.query("lineage", data=data["oxigraph"])
    assert {r["therapyLabel"] for r in everything} >= {
        "brief psychodynamic therapy",
        "psychoanalytic therapy",
        "psychodynamic therapy",
    }


@pytest.mark.parametrize(
    "value",
    [
        "psychodynamic therapy",
        "Psychodynamic Therapy",
        "PDT",
        "pdt",
        "psychodynamic psychotherapy",
        "psykgr:psychodynamic-therapy",
        "psychodynamic-therapy",
        RES + "psychodynamic-therapy",
        f"<{RES}psychodynamic-therapy>",
    ],
)
@pytest.mark.parametrize("engine", queries.ENGINE_NAMES)
def test_parameter_values_resolve(value: str, engine: str, data: dict[str, Any]) -> None:
    run = queries.runner(data[engine])
    param = queries.read_query(QUERIES / "indications.rq").parameter("therapy")
    assert queries.resolve(value, param, run) == RES + "psychodynamic-therapy"


@pytest.mark.parametrize(
    ("name", "params", "message", "hint"),
    [
        (
            "indications",
            {"therapy": "psychodinamic therapy"},
            "no therapy is called",
            "closest: psychodynamic therapy",
        ),
        (
            "indications",
            {"therapy": "depression"},
            "names https://w3id.org/psykg/resource/depression",
            "known: ",
        ),
        (
            "indications",
            {"therapy": "psykgr:psychodynamic-therapi"},
            "is not a known therapy",
            "closest: psychodynamic-therapy",
        ),
        (
            "therapies-for-condition",
            {"condition": "PTST"},
            "no condition is called",
            "closest: PTSD",
        ),
        ("indicatons", {}, "no packaged query 'indicatons'", "closest: indications"),
        ("indications", {"therap": "PDT"}, "has no parameter 'therap'", "its parameters: therapy"),
    ],
)
def test_bad_values_are_errors_naming_the_closest(
    name: str, params: dict[str, str], message: str, hint: str, data: dict[str, Any]
) -> None:
    with pytest.raises(QueryError) as info:
        queries.run_query(name, params, data=data["oxigraph"], folder=QUERIES)
    assert message in info.value.message
    assert info.value.hint is not None and hint in info.value.hint


# ---------------------------------------------------------------- Python API


def test_python_rows_are_plain_values(released: Path) -> None:
    rows = queries.query("indications", therapy="psychodynamic therapy")
    assert rows.vars[:3] == ("therapy", "therapyLabel", "strength")
    first = next(r for r in rows if r["conditionLabel"] == "depression")
    assert first["therapy"] == RES + "psychodynamic-therapy"
    assert first["isUse"] is True
    assert first["source"] == RES + SEED and first["sources"] >= 1
    start = next(
        r for r in queries.query("provenance", resource="depression") if r["document"] == RES + SEED
    )["start"]
    assert start == SOURCE.index("Psychodynamic therapy is primarily used")


def test_rdflib_engine_gives_the_same_python_rows(released: Path) -> None:
    assert queries.query("goals", engine="rdflib", therapy="PDT") == queries.query(
        "goals", therapy="PDT"
    )


def test_to_dataframe(data: dict[str, Any]) -> None:
    rows = queries.query("stats", data=data["oxigraph"])
    try:
        import pandas  # noqa: F401
    except ModuleNotFoundError:
        with pytest.raises(QueryError, match="needs pandas"):
            rows.to_dataframe()
        return
    frame = rows.to_dataframe()
    assert list(frame.columns) == list(rows.vars)
    assert len(frame) == len(rows)


# ---------------------------------------------------------------- result formats

SAMPLE = Result(
    vars=("s", "label", "n", "note"),
    rows=[
        (
            Term("uri", "https://w3id.org/psykg/resource/a"),
            literal('a, "b"', lang="EN"),
            literal("25", XSD + "integer"),
            None,
        ),
        (Term("bnode", "b0"), literal("tab\there\nline"), None, literal("x", XSD + "string")),
    ],
)


def test_csv_follows_sparql_csv() -> None:
    assert write_csv(SAMPLE) == (
        "s,label,n,note\r\n"
        'https://w3id.org/psykg/resource/a,"a, ""b""",25,\r\n'
        '_:b0,"tab\there\nline",,x\r\n'
    )


def test_tsv_follows_sparql_tsv() -> None:
    assert write_tsv(SAMPLE) == (
        "?s\t?label\t?n\t?note\n"
        '<https://w3id.org/psykg/resource/a>\t"a, \\"b\\""@en\t'
        '"25"^^<http://www.w3.org/2001/XMLSchema#integer>\t\n'
        '_:b0\t"tab\\there\\nline"\t\t"x"\n'
    )


def test_json_follows_sparql_json() -> None:
    document = json.loads(write_json(SAMPLE))
    assert document["head"] == {"vars": ["s", "label", "n", "note"]}
    assert document["results"]["bindings"] == [
        {
            "s": {"type": "uri", "value": "https://w3id.org/psykg/resource/a"},
            "label": {"type": "literal", "value": 'a, "b"', "xml:lang": "en"},
            "n": {"type": "literal", "value": "25", "datatype": XSD + "integer"},
        },
        {
            "s": {"type": "bnode", "value": "b0"},
            "label": {"type": "literal", "value": "tab\there\nline"},
            "note": {"type": "literal", "value": "x"},
        },
    ]
    assert json.loads(write_json(Result(boolean=True))) == {"head": {}, "boolean": True}


def test_cli_choices_match_the_tables() -> None:
    from psykg.commands import query as command

    assert tuple(WRITERS) == command.FORMATS
    assert queries.ENGINE_NAMES == command.ENGINES


# ---------------------------------------------------------------- CLI


def test_cli_list(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["query", "--list"]) == 0
    out = capsys.readouterr().out
    for name in REQUIRED:
        assert f"\n{name}: " in "\n" + out
    assert "--param therapy (Therapy; optional, default: all)" in out


@pytest.mark.parametrize("fmt", tuple(WRITERS))
def test_cli_query_formats(fmt: str, released: Path, capsys: pytest.CaptureFixture[str]) -> None:
    count = len(queries.query("indications", therapy="PDT"))
    assert main(["query", "indications", "--param", "therapy=PDT", "--format", fmt]) == 0
    out = capsys.readouterr().out
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(out, newline="")))
        assert [
            r["conditionLabel"]
            for r in rows
            if r["strength"] == "less used" and r["source"] == RES + SEED
        ] == ["obsessive-compulsive disorder", "post-traumatic stress disorder", "psychosis"]
    elif fmt == "tsv":
        assert out.startswith("?therapy\t?therapyLabel\t?strength\t?isUse\t")
        assert '"psychosis"@en' in out
    elif fmt == "json":
        bindings = json.loads(out)["results"]["bindings"]
        assert len(bindings) == count
        assert bindings[0]["isUse"] == {
            "type": "literal",
            "value": "true",
            "datatype": XSD + "boolean",
        }
    elif fmt == "md":
        assert out.splitlines()[0].startswith("| therapy | therapyLabel | strength |")
        assert "| psychosis |" in out
    else:
        assert "psychosis" in out and out.rstrip().endswith(f"({count} rows)")


def test_cli_query_engine_rdflib(released: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(["query", "candidates", "-p", "therapy=pdt", "--engine", "rdflib", "--format", "csv"])
        == 0
    )
    assert "cognitive-behavioral therapy" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["query", "indicatons"], "closest: indications"),
        (["query", "indications", "-p", "therapy=psychodinamic"], "closest: psychodynamic therapy"),
        (["query", "indications", "-p", "therapy"], "is not KEY=VALUE"),
        (["query"], "name a query, or use --list"),
        (["sparql", "SELECT ?s WHERE {\n  ?s ?p\n}"], "syntax error at line 3, column"),
        (
            ["sparql", "SELECT ?s WHERE {\n  ?s ?p\n}", "--engine", "rdflib"],
            "syntax error at line 2",
        ),
        (["sparql", "SELECT * WHERE { ?s nope:x ?o }"], "unknown prefix"),
    ],
)
def test_cli_errors_without_traceback(
    argv: list[str], message: str, released: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err


def test_cli_missing_dataset_is_an_error(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["query", "stats"]) == 1
    assert "run `psykg build` first" in capsys.readouterr().err


def test_cli_sparql_text_file_and_ask(
    released: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(["sparql", "SELECT ?t WHERE { ?t a psykg:Therapy } ORDER BY ?t", "--format", "csv"])
        == 0
    )
    assert set(capsys.readouterr().out.splitlines()[1:]) >= {
        RES + slug
        for slug in (
            "brief-psychodynamic-therapy",
            "cognitive-behavioral-therapy",
            "psychoanalytic-therapy",
            "psychodynamic-therapy",
        )
    }
    file = tmp_path / "ask.rq"
    file.write_text("ASK { psykgr:psychodynamic-therapy psykg:lessUsedFor psykgr:psychosis }\n")
    assert main(["sparql", "-f", str(file), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"head": {}, "boolean": True}
    assert main(["sparql", "-f", str(file), "--engine", "rdflib"]) == 0
    assert capsys.readouterr().out == "true\n"


def test_sparql_construct_is_sorted_ntriples(data: dict[str, Any]) -> None:
    result = run_oxigraph(
        data["oxigraph"],
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ BIND(<{RES}psychosis> AS ?s) ?s ?p ?o }}",
    )
    text = WRITERS["table"](result)
    lines = text.splitlines()
    assert lines == sorted(lines) and all(line.endswith(" .") for line in lines)
    assert (
        f'<{RES}psychosis> <http://www.w3.org/2000/01/rdf-schema#label> "psychosis"@en .' in lines
    )


# ---------------------------------------------------------------- release index


def test_queries_index_is_complete_and_byte_stable(tmp_path: Path) -> None:
    queries.write_queries_index(tmp_path / "a", QUERIES)
    queries.write_queries_index(tmp_path / "b", QUERIES)
    a, b = tmp_path / "a" / "queries", tmp_path / "b" / "queries"
    names = sorted(p.name for p in a.iterdir())
    assert names == sorted(p.name for p in b.iterdir())
    for name in names:
        assert (a / name).read_bytes() == (b / name).read_bytes()
    index = json.loads((a / "index.json").read_text(encoding="utf-8"))
    listed = [q["name"] for q in index["queries"]]
    assert listed == sorted(queries.load_queries(QUERIES))
    for entry in index["queries"]:
        assert (a / entry["file"]).read_bytes() == (QUERIES / entry["file"]).read_bytes()
        assert entry["summary"] and entry["description"]
    assert "[indications](indications.rq)" in (a / "index.md").read_text(encoding="utf-8")
