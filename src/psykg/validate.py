"""Validate a reasoned data graph: SHACL shapes (pyshacl) plus SPARQL checks, in one report."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.query import ResultRow
from rdflib.term import Node
from rdflib.util import from_n3

from psykg.constants import PREFIXES, RES, SH
from psykg.errors import OntologyError

if TYPE_CHECKING:
    from rdflib.plugins.sparql.sparql import Query

SHAPES_NS = "https://w3id.org/psykg/shapes#"
SEVERITIES = ("Violation", "Warning", "Info")
RESULT_NS = RES["validation/result/"]
REPORT_IRI = RES["validation/report"]
CHECK_GLOB = "*-violation.rq"
_HEADER = re.compile(r"^#\s*(title|description|fix)\s*:\s*(.*)$")
_IRI_IN_TEXT = re.compile(r"<([^<>\s]+)>")


@dataclass(frozen=True)
class Finding:
    """One problem: the resource, the shape or check that found it, and how bad it is."""

    focus: str
    shape: str
    path: str | None
    severity: str
    message: str
    value: str | None
    source: str

    def sort_key(self) -> tuple[str, str, str, int, str, str, str]:
        """Resource, shape, path, severity, message, value, source."""
        rank = SEVERITIES.index(self.severity) if self.severity in SEVERITIES else len(SEVERITIES)
        return (self.focus, self.shape, self.path or "", rank, self.message, self.value or "",
                self.source)

    def digest(self) -> str:
        """SHA-1 of every field: a stable name for this finding."""
        fields = (self.focus, self.shape, self.path or "", self.severity, self.message,
                  self.value or "", self.source)
        return hashlib.sha1("\x1f".join(fields).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Check:
    """A SPARQL check file: every row its SELECT returns is a violation."""

    name: str
    path: Path
    title: str
    description: str
    fix: str
    text: str

    @cached_property
    def query(self) -> Query:
        """The check prepared for rdflib's SPARQL engine (the reference engine only; its
        parser takes a quarter of a second to import, so only this imports it)."""
        from rdflib.plugins.sparql import prepareQuery

        return prepareQuery(self.text)


@dataclass(frozen=True)
class Report:
    """Every finding, deduplicated and sorted; `fixes` maps a check name to its fix."""

    findings: tuple[Finding, ...]
    fixes: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        ordered = tuple(sorted(set(self.findings), key=Finding.sort_key))
        object.__setattr__(self, "findings", ordered)
        object.__setattr__(self, "fixes", tuple(sorted(set(self.fixes))))

    @property
    def conforms(self) -> bool:
        """True when no finding is a Violation (warnings and infos are advice)."""
        return not self.violations

    @property
    def violations(self) -> tuple[Finding, ...]:
        """Findings of severity Violation."""
        return tuple(f for f in self.findings if f.severity == "Violation")

    @property
    def warnings(self) -> tuple[Finding, ...]:
        """Findings of severity Warning."""
        return tuple(f for f in self.findings if f.severity == "Warning")

    def text(self) -> str:
        """A human report grouped by resource, then by shape or check, and a summary line."""
        fixes = dict(self.fixes)
        lines: list[str] = []
        focus = shape = None
        for f in self.findings:
            if f.focus != focus:
                focus, shape = f.focus, None
                lines.append(("\n" if lines else "") + _short(f.focus))
            if f.shape != shape:
                shape = f.shape
                is_check = f.source.startswith("check:")
                lines.append(f"  {'check ' + f.shape if is_check else 'shape ' + _short(f.shape)}")
            detail = [f"path {_short(f.path)}"] if f.path else []
            detail += [f"value {_short(f.value)}"] if f.value else []
            extra = f" ({'; '.join(detail)})" if detail else ""
            lines.append(f"    {f.severity}: {_short(f.message)}{extra}")
            fix = fixes.get(f.source.removeprefix("check:"))
            if f.source.startswith("check:") and fix:
                lines.append(f"      fix: {fix}")
        infos = len(self.findings) - len(self.violations) - len(self.warnings)
        resources = len({f.focus for f in self.findings})
        verdict = "conforms" if self.conforms else "does NOT conform"
        lines.append(("\n" if lines else "") + f"{verdict}: {len(self.violations)} violations, "
                     f"{len(self.warnings)} warnings, {infos} infos on {resources} resources")
        return "\n".join(lines) + "\n"

    def to_graph(self) -> Graph:
        """The report as a sh:ValidationReport graph; result nodes are IRIs, not blank nodes."""
        g = Graph(bind_namespaces="none")
        for prefix, namespace in PREFIXES.items():
            g.bind(prefix, namespace)
        g.bind("psykgsh", SHAPES_NS)
        g.add((REPORT_IRI, RDF.type, SH.ValidationReport))
        g.add((REPORT_IRI, SH.conforms, Literal(self.conforms, datatype=XSD.boolean)))
        for f in self.findings:
            node = URIRef(RESULT_NS + f.digest())
            g.add((REPORT_IRI, SH.result, node))
            g.add((node, RDF.type, SH.ValidationResult))
            g.add((node, SH.focusNode, _node(f.focus)))
            g.add((node, SH.resultSeverity, SH[f.severity]))
            g.add((node, SH.resultMessage, Literal(f.message)))
            if f.source.startswith("check:"):
                g.add((node, SH.sourceShape, URIRef(SHAPES_NS + f.shape)))
                g.add((node, SH.sourceConstraintComponent, SH.SPARQLConstraintComponent))
            else:
                g.add((node, SH.sourceShape, _node(f.shape)))
            if f.path and _is_iri(f.path):
                g.add((node, SH.resultPath, URIRef(f.path)))
            if f.value is not None:
                g.add((node, SH.value, _node(f.value)))
        return g


def _is_iri(text: str) -> bool:
    return re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]*", text) is not None


def _node(text: str) -> Node:
    """A term from its stored form (see `_term`); blank nodes become IRIs under RES."""
    term = from_n3(text) if text.startswith(('"', "_:")) else URIRef(text)
    if isinstance(term, BNode):
        return URIRef(RES[f"validation/node/{term}"])
    if not isinstance(term, Node):
        return Literal(text)
    return term


def _short(text: str) -> str:
    """Shorten known namespaces in an IRI, or in the <IRI>s of an N3 term or path."""
    names = {**PREFIXES, "psykgsh": SHAPES_NS}
    spaces = sorted(names.items(), key=lambda item: -len(item[1]))

    def one(iri: str) -> str | None:
        for prefix, ns in spaces:
            if iri.startswith(ns) and len(iri) > len(ns):
                return f"{prefix}:{iri[len(ns):]}"
        return None

    if _is_iri(text):
        return one(text) or text
    return _IRI_IN_TEXT.sub(lambda m: one(m.group(1)) or m.group(0), text)


def _term(node: Node) -> str:
    """How a term is stored in a Finding: an IRI as is, a literal or blank node in N3."""
    return str(node) if isinstance(node, URIRef) else node.n3()


def _path_text(g: Graph, path: Node) -> str:
    """A SHACL property path as SPARQL property-path text (IRIs in full)."""
    if isinstance(path, URIRef):
        return str(path)
    if (path, RDF.first, None) in g:
        return "(" + "/".join(_path_part(g, p) for p in g.items(path)) + ")"
    for prop, fmt in ((SH.inversePath, "^{}"), (SH.zeroOrMorePath, "{}*"),
                      (SH.oneOrMorePath, "{}+"), (SH.zeroOrOnePath, "{}?")):
        inner = g.value(path, prop)
        if inner is not None:
            return fmt.format(_path_part(g, inner))
    alternatives = g.value(path, SH.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(_path_part(g, p) for p in g.items(alternatives)) + ")"
    return path.n3()


def _path_part(g: Graph, path: Node) -> str:
    text = _path_text(g, path)
    return f"<{text}>" if isinstance(path, URIRef) else text


def run_shacl(data: Graph, shapes: Graph, ontology: Graph) -> list[Finding]:
    """Validate `data` (already reasoned) against `shapes`, the ontology mixed in for classes."""
    import pyshacl  # imported here: slow to import, and only validation needs it

    private_shapes = Graph() + shapes  # pyshacl adds triples to the shapes graph it is given
    _, results, _ = pyshacl.validate(
        data_graph=data, shacl_graph=private_shapes, ont_graph=ontology, inference="none",
        advanced=True, allow_warnings=True,
    )
    findings = []
    for report in results.subjects(RDF.type, SH.ValidationReport):
        for result in results.objects(report, SH.result):
            findings.append(_shacl_finding(results, result))
    return findings


def _shacl_finding(g: Graph, result: Node) -> Finding:
    focus = g.value(result, SH.focusNode)
    shape = g.value(result, SH.sourceShape)
    path = g.value(result, SH.resultPath)
    value = g.value(result, SH.value)
    severity = g.value(result, SH.resultSeverity)
    messages = sorted(str(m) for m in g.objects(result, SH.resultMessage))
    component = g.value(result, SH.sourceConstraintComponent)
    return Finding(
        focus=_term(focus) if focus is not None else "",
        shape=_term(shape) if shape is not None else "",
        path=_path_text(g, path) if path is not None else None,
        severity=str(severity).removeprefix(str(SH)) if severity is not None else "Violation",
        message=messages[0] if messages else f"fails {_short(str(component))}",
        value=_term(value) if value is not None else None,
        source="shacl",
    )


def load_checks(checks_dir: Path) -> list[Check]:
    """Every *-violation.rq in `checks_dir`, sorted by name; a bad file raises OntologyError."""
    if not checks_dir.is_dir():
        raise OntologyError("the checks folder does not exist", file=checks_dir,
                            hint="SPARQL checks live in queries/checks/ of the checkout")
    return [_load_check(path) for path in sorted(checks_dir.glob(CHECK_GLOB))]


def _load_check(path: Path) -> Check:
    text = path.read_text(encoding="utf-8")
    header: dict[str, str] = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        match = _HEADER.match(line)
        if match:
            header[match.group(1)] = match.group(2).strip()
    missing = [key for key in ("title", "description", "fix") if not header.get(key)]
    if missing:
        raise OntologyError(f"check header lacks {', '.join(missing)}", file=path,
                            hint="start the file with '# title: ...', '# description: ...' "
                            "and '# fix: ...' lines")
    _parse_check(path, text)
    name = path.name.removesuffix(".rq")
    return Check(name, path, header["title"], header["description"], header["fix"], text)


def _parse_check(path: Path, text: str) -> None:
    """Raise OntologyError unless `text` is a SELECT of ?resource and ?message that reads
    only the data (no SERVICE, update or remote FROM; pyoxigraph parses it)."""
    import pyoxigraph

    from psykg.server.guard import Refused, check_query

    try:
        check_query(text)
        projected = _projected(pyoxigraph.Store().query(text))
    except SyntaxError as exc:
        raise OntologyError(f"check is not valid SPARQL: {exc}", file=path,
                            hint="fix the query; declare every prefix it uses") from exc
    except Refused as exc:
        raise OntologyError(f"check reaches outside the data: {exc}", file=path,
                            hint="a check may only read the dataset") from exc
    if not {"resource", "message"} <= projected:
        raise OntologyError("check is not a SELECT of ?resource and ?message", file=path,
                            hint="write SELECT ?resource ?message ... (more variables are fine)")


def _projected(solutions: object) -> set[str]:
    """The variables a query's answer projects (none for ASK and CONSTRUCT). The answer is
    dropped here, in the thread that made it: pyoxigraph's answers may not cross threads, and
    an error raised with it in a frame would carry it to the thread that reads the error."""
    import pyoxigraph

    if isinstance(solutions, pyoxigraph.QuerySolutions):
        return {v.value for v in solutions.variables}
    return set()


def _check_findings(graph: Graph, checks: Iterable[Check]) -> list[Finding]:
    findings = []
    for check in checks:
        for row in graph.query(check.query):
            if not isinstance(row, ResultRow):
                continue
            values = row.asdict()
            resource, message = values.get("resource"), values.get("message")
            path, value = values.get("path"), values.get("value")
            findings.append(Finding(
                focus=_term(resource) if resource is not None else "",
                shape=check.name,
                path=_term(path) if path is not None else None,
                severity="Violation",
                message=str(message) if message is not None else check.title,
                value=_term(value) if value is not None else None,
                source=f"check:{check.name}",
            ))
    return findings


def run_checks(graph: Graph, checks_dir: Path) -> list[Finding]:
    """Run every *-violation.rq in `checks_dir` (sorted) over `graph`; each row is a Violation."""
    return _check_findings(graph, load_checks(checks_dir))


FAST_ENGINE_TRIPLES = 10_000
"""From this many triples (data plus ontology) up, `validate` runs the compiled SHACL engine
(psykg.fastpath: SHACL compiled to SPARQL on a pyoxigraph store) instead of pyshacl. Below it
pyshacl, the reference, runs: the seed dataset (about 2,000 triples) is always checked by
pyshacl. The two give equal reports (tests/test_fastpath.py); at 150,000 triples pyshacl takes
about 22 s, the compiled engine 0.5 s, at 1.5 million about 380 s and 4 s (docs/benchmarks.md)."""

ENGINES = ("auto", "reference", "compiled")
"""`validate` engines: "reference" is pyshacl plus rdflib's SPARQL for the checks; "compiled"
is psykg.fastpath for both; "auto" runs the checks on pyoxigraph and SHACL by pyshacl below
FAST_ENGINE_TRIPLES, compiled from there up."""


def validate(data: Graph | Callable[[], Graph], shapes: Graph, ontology: Graph,
             checks_dir: Path, *, engine: str = "auto", ntriples: str | None = None) -> Report:
    """SHACL over the reasoned data, then the checks over data plus ontology, in one report.

    `data` is the graph, or a function giving it, called only when an rdflib graph is needed
    (pyshacl; the compiled engine reads `ntriples`). `ntriples` is data plus ontology as
    N-Triples, when the caller has it (the release's sorted text), for the pyoxigraph store.
    The compiled engine falls back to the reference one on a feature it does not handle."""
    if engine not in ENGINES:
        raise ValueError(f"unknown validation engine {engine!r}; choose one of {ENGINES}")
    data_graph: Callable[[], Graph] = (lambda: data) if isinstance(data, Graph) else cache(data)

    checks = load_checks(checks_dir)
    if engine == "reference":
        findings = run_shacl(data_graph(), shapes, ontology) + _check_findings(
            data_graph() + ontology, checks)
        return Report(tuple(findings), tuple((c.name, c.fix) for c in checks))
    from psykg import fastpath

    if ntriples is None:
        ntriples = "".join(g.serialize(format="nt", encoding="utf-8").decode("utf-8")
                           for g in (data_graph(), ontology))
        size = len(data_graph()) + len(ontology)
    else:
        size = ntriples.count("\n")
    store = fastpath.DataStore.from_ntriples(ntriples)
    if engine == "compiled" or size >= FAST_ENGINE_TRIPLES:
        try:
            findings = fastpath.shacl_findings(store, shapes)
        except fastpath.Unsupported:
            findings = run_shacl(data_graph(), shapes, ontology)
    else:
        findings = run_shacl(data_graph(), shapes, ontology)
    findings += fastpath.check_findings(store, checks)
    return Report(tuple(findings), tuple((c.name, c.fix) for c in checks))


__all__ = [
    "ENGINES", "FAST_ENGINE_TRIPLES", "Check", "Finding", "Report", "load_checks", "run_checks",
    "run_shacl", "validate",
]
