"""The validation report: findings from shapes and checks, as text and as sh:ValidationReport."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node
from rdflib.util import from_n3

from psykg.rdf.namespaces import RES, SH, SHAPES
from psykg.rdf.prefixes import PREFIXES, shorten

if TYPE_CHECKING:
    pass

SHAPES_NS = str(SHAPES)
SEVERITIES = ("Violation", "Warning", "Info")
RESULT_NS = RES["validation/result/"]
REPORT_IRI = RES["validation/report"]
CHECK_GLOB = "*-violation.rq"
_HEADER = re.compile(r"^#\s*(title|description|fix)\s*:\s*(.*)$")
_IRI_IN_TEXT = re.compile(r"<([^<>\s]+)>")
CONFLICT_CHECK = "cross-source-conflict-info"
"""The check listing claims on which sources disagree: its own section of the text report."""


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
        return (
            self.focus,
            self.shape,
            self.path or "",
            rank,
            self.message,
            self.value or "",
            self.source,
        )

    def digest(self) -> str:
        """SHA-1 of every field: a stable name for this finding."""
        fields = (
            self.focus,
            self.shape,
            self.path or "",
            self.severity,
            self.message,
            self.value or "",
            self.source,
        )
        return hashlib.sha1("\x1f".join(fields).encode("utf-8")).hexdigest()


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

    @property
    def conflicts(self) -> tuple[Finding, ...]:
        """Claims on which sources disagree (Info findings of CONFLICT_CHECK)."""
        return tuple(f for f in self.findings if f.shape == CONFLICT_CHECK)

    def text(self) -> str:
        """A human report grouped by resource, then by shape or check; then the claims on
        which sources disagree; then a summary line."""
        fixes = dict(self.fixes)
        lines: list[str] = []
        focus = shape = None
        for f in self.findings:
            if f.shape == CONFLICT_CHECK:
                continue
            if f.focus != focus:
                focus, shape = f.focus, None
                lines.append(("\n" if lines else "") + short_text(f.focus))
            if f.shape != shape:
                shape = f.shape
                is_check = f.source.startswith("check:")
                kind = "check " + f.shape if is_check else "shape " + short_text(f.shape)
                lines.append(f"  {kind}")
            detail = [f"path {short_text(f.path)}"] if f.path else []
            detail += [f"value {short_text(f.value)}"] if f.value else []
            extra = f" ({'; '.join(detail)})" if detail else ""
            lines.append(f"    {f.severity}: {short_text(f.message)}{extra}")
            fix = fixes.get(f.source.removeprefix("check:"))
            if f.source.startswith("check:") and fix:
                lines.append(f"      fix: {fix}")
        if self.conflicts:
            lines.append(
                ("\n" if lines else "") + f"Sources disagree ({len(self.conflicts)} "
                "pairs of claims; both are kept, see `psykg query conflicts`):"
            )
            for f in self.conflicts:
                lines.append(f"  {short_text(f.focus)} / {short_text(f.value or '')}: {f.message}")
        infos = len(self.findings) - len(self.violations) - len(self.warnings)
        resources = len({f.focus for f in self.findings})
        verdict = "conforms" if self.conforms else "does NOT conform"
        lines.append(
            ("\n" if lines else "") + f"{verdict}: {len(self.violations)} violations, "
            f"{len(self.warnings)} warnings, {infos} infos on {resources} resources"
        )
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


def short_text(text: str) -> str:
    """Shorten known namespaces in an IRI, or in the <IRI>s of an N3 term or path."""

    def one(iri: str) -> str | None:
        if iri.startswith(SHAPES_NS) and len(iri) > len(SHAPES_NS):
            return "psykgsh:" + iri[len(SHAPES_NS) :]
        return shorten(iri)

    if _is_iri(text):
        return one(text) or text
    return _IRI_IN_TEXT.sub(lambda m: one(m.group(1)) or m.group(0), text)


def term_text(node: Node) -> str:
    """How a term is stored in a Finding: an IRI as is, a literal or blank node in N3."""
    return str(node) if isinstance(node, URIRef) else node.n3()


def path_text(g: Graph, path: Node) -> str:
    """A SHACL property path as SPARQL property-path text (IRIs in full)."""
    if isinstance(path, URIRef):
        return str(path)
    if (path, RDF.first, None) in g:
        return "(" + "/".join(path_part(g, p) for p in g.items(path)) + ")"
    for prop, fmt in (
        (SH.inversePath, "^{}"),
        (SH.zeroOrMorePath, "{}*"),
        (SH.oneOrMorePath, "{}+"),
        (SH.zeroOrOnePath, "{}?"),
    ):
        inner = g.value(path, prop)
        if inner is not None:
            return fmt.format(path_part(g, inner))
    alternatives = g.value(path, SH.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(path_part(g, p) for p in g.items(alternatives)) + ")"
    return path.n3()


def path_part(g: Graph, path: Node) -> str:
    text = path_text(g, path)
    return f"<{text}>" if isinstance(path, URIRef) else text
