"""Contradicting claims (psykg:contradicts): which pairs the two checks and the conflicts query
report, row for row, on rdflib and on pyoxigraph.

Each case adds statements (or bare triples) to the valid fixtures/validation/base.ttl, in which
the source `doc` says therapy A primarily treats the condition and the trait is a poor candidate
for it. The expected rows were written from the checks as they stood before they were rewritten
for speed (the rewrite must report exactly the same).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from rdflib import Graph

from psykg.sparql.packaged import run_query
from psykg.validation.checks import load_checks, reference_findings, store_findings
from psykg.validation.compiled import DataStore
from psykg.validation.report import Finding

ROOT = Path(__file__).resolve().parents[1]
BASE = ROOT / "tests" / "fixtures" / "validation" / "base.ttl"
PREFIXES = """@prefix psykg: <https://w3id.org/psykg/ontology#> .
@prefix psykgr: <https://w3id.org/psykg/resource/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
"""
CONTRADICTION_CHECKS = ("conflicting-use-violation", "cross-source-conflict-info")


def said(name: str, subject: str, prop: str, obj: str, doc: str, span: str = "0-10") -> str:
    """Turtle for a statement of `doc` (with its quote) and the triple it asserts."""
    return f"""psykgr:quote\\/{doc}\\/{span} a psykg:Quote ;
    rdfs:label "quote {span} of {doc}" ; oa:hasSource psykgr:{doc} .
psykgr:statement\\/{name} a psykg:Statement ; psykg:statementSubject psykgr:{subject} ;
    psykg:statementPredicate psykg:{prop} ; psykg:statementObject psykgr:{obj} ;
    prov:wasDerivedFrom psykgr:quote\\/{doc}\\/{span} .
psykgr:{subject} psykg:{prop} psykgr:{obj} .
"""


LESS_B = said("less", "therapy-a", "lessUsedFor", "cond", "doc-b")
A_TREATS = 'doc says primarilyTreats (statement a-treats: "Therapy A is primarily used'

# case: (Turtle added to base.ttl, conflicting-use messages, sources-disagree message starts;
#        the conflicts query has a row for each of the latter)
CASES: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "base": ("", (), ()),
    "a claim with no statement": (
        "psykgr:therapy-a psykg:lessUsedFor psykgr:cond .\n",
        ("both lessUsedFor and primarilyTreats cond, not both backed by statements",),
        (),
    ),
    "the other claim with no statement": (
        said("less-b", "therapy-b", "lessUsedFor", "cond", "doc-e")
        + "psykgr:therapy-b psykg:usedFor psykgr:cond .\n",
        ("both lessUsedFor and usedFor cond, not both backed by statements",),
        (),
    ),
    "one source, both claims": (
        said("less", "therapy-a", "lessUsedFor", "cond", "doc", "0-88"),
        ("both lessUsedFor and primarilyTreats cond, both from doc",),
        (),
    ),
    "two sources": (
        LESS_B,
        (),
        ('doc-b says lessUsedFor (statement less: "quote 0-10 of doc-b"); ' + A_TREATS,),
    ),
    "two sources, and one of them says both": (
        LESS_B + said("treats-b", "therapy-a", "primarilyTreats", "cond", "doc-b", "5-9"),
        ("both lessUsedFor and primarilyTreats cond, both from doc-b",),
        ('doc-b says lessUsedFor (statement less: "quote 0-10 of doc-b"); ' + A_TREATS,),
    ),
    "good and poor candidate, one source": (
        said("good", "trait", "goodCandidateFor", "therapy-a", "doc", "174-253"),
        ("both goodCandidateFor and poorCandidateFor therapy-a, both from doc",),
        (),
    ),
    "good and poor candidate, two sources": (
        said("good", "trait", "goodCandidateFor", "therapy-a", "doc-c"),
        (),
        ('doc-c says goodCandidateFor (statement good: "quote 0-10 of doc-c"); doc says',),
    ),
    "more and less focused, no statements": (
        "psykgr:therapy-a psykg:moreFocusedOn psykgr:focus ; psykg:lessFocusedOn psykgr:focus .\n",
        ("both lessFocusedOn and moreFocusedOn focus, not both backed by statements",),
        (),
    ),
    "two uses under usedFor, three sources": (
        said("also", "therapy-a", "alsoUsefulFor", "cond", "doc-d") + LESS_B,
        (),
        (
            'doc-b says lessUsedFor (statement less: "quote 0-10 of doc-b"); ' + A_TREATS,
            'doc-d says alsoUsefulFor (statement also: "quote 0-10 of doc-d"); doc-b says',
        ),
    ),
    "a use under usedFor and less used, one source": (
        said("also", "therapy-a", "alsoUsefulFor", "cond", "doc-b", "3-4") + LESS_B,
        ("both alsoUsefulFor and lessUsedFor cond, both from doc-b",),
        ('doc-b says lessUsedFor (statement less: "quote 0-10 of doc-b"); ' + A_TREATS,),
    ),
    "usedFor itself, two sources": (
        said("used", "therapy-b", "usedFor", "cond", "doc-e")
        + said("less-b", "therapy-b", "lessUsedFor", "cond", "doc-f"),
        (),
        ('doc-f says lessUsedFor (statement less-b: "quote 0-10 of doc-f"); doc-e says',),
    ),
    "usedFor itself, one source": (
        said("used", "therapy-b", "usedFor", "cond", "doc-e")
        + said("less-b", "therapy-b", "lessUsedFor", "cond", "doc-e", "2-3"),
        ("both lessUsedFor and usedFor cond, both from doc-e",),
        (),
    ),
}


@cache
def ontology() -> Graph:
    """The ontology, parsed once."""
    return Graph().parse(ROOT / "ontology" / "psykg.ttl", format="turtle")


def case_graph(added: str) -> Graph:
    """base.ttl, the ontology and the case's Turtle."""
    graph = Graph().parse(BASE, format="turtle") + ontology()
    return graph.parse(data=PREFIXES + added, format="turtle")


def both_engines(graph: Graph) -> tuple[list[Finding], list[Finding]]:
    """The two checks' findings on rdflib and on pyoxigraph, sorted."""
    checks = [c for c in load_checks(ROOT / "queries" / "checks") if c.name in CONTRADICTION_CHECKS]
    store = DataStore.from_ntriples(graph.serialize(format="nt", encoding="utf-8").decode())
    return (
        sorted(reference_findings(graph, checks), key=Finding.sort_key),
        sorted(store_findings(store, checks), key=Finding.sort_key),
    )


@pytest.mark.parametrize("name", list(CASES))
def test_contradiction_checks_report_exactly_the_expected_rows(name: str) -> None:
    added, violations, disagreements = CASES[name]
    reference, compiled = both_engines(case_graph(added))
    assert reference == compiled
    got = [(f.shape, f.message) for f in compiled]
    got_violations = [f.message for f in compiled if f.shape == "conflicting-use-violation"]
    got_info = [f.message for f in compiled if f.shape == "cross-source-conflict-info"]
    assert sorted(got_violations) == sorted(violations), got
    assert len(got_info) == len(disagreements), got
    for message, start in zip(sorted(got_info), sorted(disagreements), strict=True):
        assert message.startswith(start), (message, start)
    assert {f.severity for f in compiled if f.shape == "cross-source-conflict-info"} <= {"Info"}


@pytest.mark.parametrize("name", list(CASES))
def test_conflicts_query_gives_the_same_rows_on_both_engines(name: str) -> None:
    added, _, disagreements = CASES[name]
    graph = case_graph(added)
    store = DataStore.from_ntriples(graph.serialize(format="nt", encoding="utf-8").decode())
    on_store = run_query("conflicts", data=store.store)
    assert run_query("conflicts", data=graph).rows == on_store.rows
    # one row per disagreement the check lists, both quotes in it
    assert len(on_store.rows) == len(disagreements)
    rows_as_dicts = on_store.as_dicts()
    for values in rows_as_dicts:
        assert values["quote"] and values["otherQuote"]
        assert values["source"] != values["otherSource"]
    cond = "https://w3id.org/psykg/resource/cond"
    bound = run_query("conflicts", {"resource": cond}, data=store.store)
    about_cond = [
        v
        for v in rows_as_dicts
        if cond in (term.value for term in (v["subject"], v["object"]) if term)
    ]
    assert bound.as_dicts() == about_cond
