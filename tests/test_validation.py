"""SHACL shapes and SPARQL checks: the real data conforms, and every rule catches its break.

Each file in fixtures/validation/cases/ is one case: Turtle triples added to the valid
fixtures/validation/base.ttl, with header comments `# remove: s p o` (CURIEs, `*` for any)
naming triples to drop first and `# expect: <psykgsh:Shape | check:name> <Severity>` naming
what must be reported.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Node

from psykg.build.compile import compile_files
from psykg.build.ontology import Ontology
from psykg.build.reason import materialise
from psykg.curation.mappings import read_sssom
from psykg.errors import OntologyError
from psykg.rdf.prefixes import PREFIXES
from psykg.validation.checks import load_checks, run_checks
from psykg.validation.reference import run_shacl
from psykg.validation.report import Finding, Report
from psykg.validation.validate import validate

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "validation"
CASES = sorted((FIXTURES / "cases").glob("*.ttl"))
CHECKS = ROOT / "queries" / "checks"
SHAPES_NS = "https://w3id.org/psykg/shapes#"
NAMES = {**PREFIXES, "psykgsh": SHAPES_NS}


@cache
def ontology() -> Ontology:
    """The ontology, parsed once."""
    return Ontology.load(ROOT / "ontology" / "psykg.ttl")


@cache
def shapes() -> Graph:
    """The shapes graph, parsed once."""
    return Graph().parse(ROOT / "ontology" / "shapes.ttl", format="turtle")


def expand(curie: str) -> URIRef:
    """A CURIE with a psykg prefix (or a psykgsh: shape name) as an IRI."""
    prefix, local = curie.split(":", 1)
    return URIRef(NAMES[prefix] + local)


def subclass_closure(data: Graph, onto: Graph) -> Graph:
    """`data` plus the rdf:types its rdfs:subClassOf hierarchy implies (all the shapes need)."""
    out = Graph() + data
    for node, cls in list(data.subject_objects(RDF.type)):
        for sup in onto.transitive_objects(cls, RDFS.subClassOf):
            assert sup is not None  # the walk starts at cls, a node
            out.add((node, RDF.type, sup))
    return out


def report_for(data: Graph) -> Report:
    """Validate `data` against the real shapes, ontology and checks."""
    return validate(data, shapes(), ontology().graph, CHECKS)


@cache
def real_data() -> Graph:
    """The compiled curation: asserted triples only."""
    onto = ontology()
    compiled = compile_files(
        sorted((ROOT / "data" / "curation").glob("*.yaml")),
        onto,
        ROOT / "data",
        read_sssom(ROOT / "data" / "mappings" / "psykg.sssom.tsv"),
    )
    return compiled.graph


# ---------------------------------------------------------------- the real data


@pytest.mark.parametrize("closure", ["subclass types", "rule closure"])
def test_real_data_conforms(closure: str) -> None:
    data = real_data()
    onto = ontology().graph
    reasoned = (
        subclass_closure(data, onto)
        if closure == "subclass types"
        else (data + materialise(data, onto).graph())
    )
    report = report_for(reasoned)
    assert report.conforms, report.text()
    assert not report.violations


def test_base_fixture_is_clean() -> None:
    report = report_for(Graph().parse(FIXTURES / "base.ttl"))
    assert report.findings == (), report.text()


# ---------------------------------------------------------------- one case per rule


@dataclass(frozen=True)
class Case:
    """A fixture: what to drop from base.ttl, what to add, and what must be reported."""

    path: Path
    removes: tuple[tuple[Node | None, Node | None, Node | None], ...]
    expects: tuple[tuple[str, str], ...]

    @classmethod
    def read(cls, path: Path) -> Case:
        removes, expects = [], []
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("# remove:"):
                s, p, o = (None if t == "*" else expand(t) for t in line[9:].split())
                removes.append((s, p, o))
            elif line.startswith("# expect:"):
                target, severity = line[9:].split()
                expects.append((target, severity))
        return cls(path, tuple(removes), tuple(expects))

    def graph(self) -> Graph:
        data = Graph().parse(FIXTURES / "base.ttl")
        for pattern in self.removes:
            assert (pattern in data) if None not in pattern else any(data.triples(pattern)), (
                f"{self.path.name}: nothing to remove for {pattern}"
            )
            data.remove(pattern)
        return data.parse(self.path, format="turtle")


def matches(finding: Finding, target: str) -> bool:
    """True if `finding` comes from the shape or check `target` names."""
    if target.startswith("check:"):
        return finding.source == target
    return finding.source == "shacl" and finding.shape == str(expand(target))


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_case_is_reported(path: Path) -> None:
    case = Case.read(path)
    assert case.expects, f"{path.name} has no '# expect:' line"
    report = report_for(case.graph())
    for target, severity in case.expects:
        found = [f for f in report.findings if matches(f, target)]
        assert found, f"{path.name}: {target} not reported\n{report.text()}"
        assert severity in {f.severity for f in found}, report.text()
        if severity == "Violation":
            assert not report.conforms


def test_misspelt_property_on_therapy_is_a_closed_shape_violation() -> None:
    data = Graph().parse(FIXTURES / "base.ttl")
    therapy = expand("psykgr:therapy-a")
    data.add((therapy, expand("psykg:primarilyTreat"), expand("psykgr:cond")))
    findings = [
        f
        for f in run_shacl(data, shapes(), ontology().graph)
        if f.shape == str(expand("psykgsh:TherapyShape"))
    ]
    assert [(f.focus, f.path, f.severity) for f in findings] == [
        (str(therapy), str(expand("psykg:primarilyTreat")), "Violation")
    ]


# ---------------------------------------------------------------- coverage of the rules


def reportable_shapes() -> set[str]:
    """Shapes that can be a result's source: property shapes used or targeted, and node
    shapes with node-level constraints (closed, xone)."""
    g = shapes()
    targets = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
    found = {str(s) for s in g.objects(None, SH.property)}
    found |= {str(s) for t in targets for s in g.subjects(t, None) if (s, SH.path, None) in g}
    found |= {str(s) for p in (SH.closed, SH.xone) for s in g.subjects(p, None)}
    return found


def covered() -> set[str]:
    return {
        t if t.startswith("check:") else str(expand(t))
        for case in map(Case.read, CASES)
        for t, _ in case.expects
    }


def test_every_shape_has_a_breaking_case() -> None:
    missing = reportable_shapes() - covered()
    assert not missing, f"shapes without a case in fixtures/validation/cases: {sorted(missing)}"


def test_every_check_has_a_breaking_case() -> None:
    names = {f"check:{c.name}" for c in load_checks(CHECKS)}
    assert len(names) >= 5
    assert not names - covered(), sorted(names - covered())


def test_every_shape_has_name_message_and_iri() -> None:
    g = shapes()
    kinds = {s for k in (SH.NodeShape, SH.PropertyShape) for s in g.subjects(RDF.type, k)}
    assert reportable_shapes() <= {str(s) for s in kinds}
    for shape in kinds:
        assert isinstance(shape, URIRef) and shape.startswith(SHAPES_NS), shape
        assert g.value(shape, SH.name) is not None, f"{shape} has no sh:name"
        assert g.value(shape, SH.message) is not None, f"{shape} has no sh:message"


def test_shapes_are_owl_free() -> None:
    owl = "http://www.w3.org/2002/07/owl#"
    assert not [t for t in shapes() if any(str(x).startswith(owl) for x in t)]


# ---------------------------------------------------------------- checks and the report


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("broken-violation.rq", "# title: t\n# description: d\n# fix: f\nSELECT ?resource WHERE {"),
        ("headless-violation.rq", "SELECT ?resource ?message WHERE { ?resource ?p ?message }"),
        ("ask-violation.rq", "# title: t\n# description: d\n# fix: f\nASK { ?s ?p ?o }"),
        (
            "prefix-violation.rq",
            "# title: t\n# description: d\n# fix: f\n"
            "SELECT ?resource ?message WHERE { ?resource nope:p ?message }",
        ),
        (
            "service-violation.rq",
            "# title: t\n# description: d\n# fix: f\n"
            "SELECT ?resource ?message WHERE { SERVICE <http://127.0.0.1:9/> "
            "{ ?resource ?p ?message } }",
        ),
        (
            "from-violation.rq",
            "# title: t\n# description: d\n# fix: f\nSELECT ?resource ?message "
            "FROM <http://127.0.0.1:9/x> WHERE { ?resource ?p ?message }",
        ),
    ],
)
def test_bad_check_file_raises(tmp_path: Path, name: str, text: str) -> None:
    (tmp_path / name).write_text(text, encoding="utf-8")
    with pytest.raises(OntologyError) as caught:
        run_checks(Graph(), tmp_path)
    assert caught.value.file == tmp_path / name
    assert caught.value.hint


def test_missing_checks_folder_raises(tmp_path: Path) -> None:
    with pytest.raises(OntologyError):
        run_checks(Graph(), tmp_path / "nowhere")


def test_every_check_file_has_a_header() -> None:
    for check in load_checks(CHECKS):
        assert check.title and check.description and check.fix, check.name


def broken_report() -> Report:
    """One check violation (conflicting use) and one shape warning (no mapping)."""
    data = Case.read(FIXTURES / "cases" / "conflicting-use.ttl").graph()
    data.remove((expand("psykgr:cond"), expand("skos:exactMatch"), None))
    return report_for(data)


def test_report_text_groups_and_shows_fixes() -> None:
    report = broken_report()
    text = report.text()
    fix = next(c.fix for c in load_checks(CHECKS) if c.name == "conflicting-use-violation")
    assert "psykgr:therapy-a\n" in text
    assert "  check conflicting-use-violation\n" in text
    assert f"fix: {fix}" in text
    assert "Warning: No SKOS mapping" in text
    summary = text.rstrip("\n").splitlines()[-1]
    assert summary.startswith("does NOT conform: 1 violations, 1 warnings")


def test_report_graph_is_deterministic_and_has_no_blank_nodes() -> None:
    first, second = broken_report().to_graph(), broken_report().to_graph()
    assert sorted(first) == sorted(second)
    assert not [t for t in first if any(isinstance(x, BNode) for x in t)]
    results = set(first.objects(None, SH.result))
    assert len(results) == 2
    assert all(
        str(r).startswith("https://w3id.org/psykg/resource/validation/result/") for r in results
    )
    assert (None, SH.conforms, None) in first


def test_findings_are_sorted_and_unique() -> None:
    a = Finding("b", "s", None, "Warning", "m", None, "shacl")
    b = Finding("a", "s", None, "Violation", "m", None, "shacl")
    report = Report((a, b, a))
    assert report.findings == (b, a)
    assert report.violations == (b,) and report.warnings == (a,)
    assert not report.conforms
    assert Report(()).conforms
