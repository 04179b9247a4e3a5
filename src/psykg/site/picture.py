"""Graph pictures: a resource's neighbourhood, and the whole graph's overview, as Cytoscape.js
elements computed at build time and embedded in the page (static/graph.js draws them with the
vendored Cytoscape.js).

Edges are the curated statements, not the truthy triples, so each carries its qualifiers:
its category (use, candidates, goals, lineage, comparison, focus, population) and, for uses,
the strength the source states, give its colour, width and line; a hedge ("can be") or an
evidence phrase ("Studies have found") in the statement changes its line and label; a
compared-to or alternative therapy is an edge of its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from html import escape
from typing import Any

from rdflib import Literal, URIRef
from rdflib.namespace import RDF

from psykg.rdf.namespaces import PSYKG
from psykg.site.html import script_json
from psykg.site.iris import page_href
from psykg.site.labels import node_key
from psykg.site.pages import SiteData

CATEGORIES: dict[str, tuple[str, ...]] = {
    "use": ("primarilyTreats", "foundEffectiveFor", "alsoUsefulFor", "lessUsedFor"),
    "candidates": ("goodCandidateFor", "betterCandidateFor", "poorCandidateFor"),
    "goals": ("hasGoal", "aimsToHelp", "hasExpectedBenefit"),
    "lineage": ("derivedFrom", "variantOf", "basedOnWorkOf", "basedOnTheory"),
    "comparison": (
        "asEffectiveAs",
        "contrastsWith",
        "shorterThan",
        "moreFocusedOn",
        "lessFocusedOn",
    ),
    "focus": ("hasFocus", "hasDistinctiveFocus", "usesTechnique"),
    "population": ("usedWithPopulation",),
}
"""Statement predicates drawn, by category (local names in the psykg vocabulary)."""
CATEGORY_OF = {PSYKG[name]: cat for cat, names in CATEGORIES.items() for name in names}
STRENGTH = {
    PSYKG.primarilyTreats: "primary",
    PSYKG.foundEffectiveFor: "effective",
    PSYKG.alsoUsefulFor: "also",
    PSYKG.lessUsedFor: "less",
    PSYKG.goodCandidateFor: "good",
    PSYKG.betterCandidateFor: "good",
    PSYKG.poorCandidateFor: "poor",
}
"""Edge classes for the strength of use and the kind of candidate."""
KINDS = (
    ("therapy", PSYKG.Therapy),
    ("condition", PSYKG.Condition),
    ("trait", PSYKG.CandidateTrait),
    ("goal", PSYKG.TherapeuticGoal),
    ("population", PSYKG.Population),
    ("focus", PSYKG.TherapeuticFocus),
    ("focus", PSYKG.Technique),
    ("theory", PSYKG.Theory),
    ("person", PSYKG.Person),
)
"""Node kind (class in the picture) by psykg class, most telling first."""
PICTURED = (PSYKG.Therapy, PSYKG.Condition)
"""Resources whose page shows its neighbourhood."""
LEGEND = (
    '<p class="graph-legend">Nodes: <span class="k-therapy">therapy</span> · '
    '<span class="k-condition">condition</span> · <span class="k-trait">candidate trait</span>'
    ' · <span class="k-goal">goal</span> · <span class="k-population">population</span> · '
    '<span class="k-focus">focus or technique</span> · <span class="k-theory">theory or '
    "person</span>. Edges: use of a therapy for a condition by the strength the source states "
    "(thick: primarily used to treat; solid: studies found it effective; dashed: also useful; "
    "dotted red: less used); candidates (green: good, red dashed: poor); goals (purple); "
    "lineage (grey); comparisons (blue, dotted to what it is compared with or the alternative "
    "to use instead). A hedge in the source (\u201ccan be\u201d) makes an edge paler and "
    "names it in the label; an evidence phrase (\u201cStudies have found\u201d) marks it "
    "with a bar. Click a node to open its page.</p>\n"
)


@dataclass(frozen=True)
class Edge:
    """One statement (or one of its comparison partners) as an edge."""

    source: URIRef
    target: URIRef
    label: str
    classes: tuple[str, ...]
    statement: URIRef


def _kind(data: SiteData, node: URIRef) -> str:
    types = set(data.graph.objects(node, RDF.type))
    return next((kind for kind, cls in KINDS if cls in types), "other")


def _wording(data: SiteData, st: URIRef, prop: URIRef) -> str | None:
    value = data.graph.value(st, prop)
    return str(value) if isinstance(value, Literal) else None


def statement_edges(data: SiteData, st: URIRef) -> list[Edge]:
    """The edges one statement draws (none for a statement about a value, not a resource)."""
    g, labels = data.graph, data.labels
    predicate = g.value(st, PSYKG.statementPredicate)
    subject, obj = g.value(st, PSYKG.statementSubject), g.value(st, PSYKG.statementObject)
    category = CATEGORY_OF.get(predicate) if isinstance(predicate, URIRef) else None
    if category is None or not isinstance(subject, URIRef):
        return []
    assert isinstance(predicate, URIRef)
    classes = [category]
    if predicate in STRENGTH:
        classes.append(STRENGTH[predicate])
    label = labels(predicate)
    hedge = _wording(data, st, PSYKG.hedgeWording)
    if hedge:
        classes.append("hedged")
        label += f" ({hedge})"
    if _wording(data, st, PSYKG.evidenceWording):
        classes.append("evidence")
    edges = []
    if isinstance(obj, URIRef):
        edges.append(Edge(subject, obj, label, tuple(classes), st))
    for prop, word in ((PSYKG.comparedTo, "compared with"), (PSYKG.alternativeTherapy, "instead")):
        for partner in g.objects(st, prop):
            if isinstance(partner, URIRef) and partner not in (subject, obj):
                edges.append(
                    Edge(
                        subject,
                        partner,
                        f"{labels(predicate)}: {word}",
                        ("comparison", "partner"),
                        st,
                    )
                )
    return edges


def _statements(data: SiteData) -> Iterable[URIRef]:
    return sorted(
        s for s in data.graph.subjects_of(RDF.type, PSYKG.Statement) if isinstance(s, URIRef)
    )


def _elements(
    data: SiteData, edges: list[Edge], current: str, centre: URIRef | None = None
) -> list[dict[str, Any]]:
    order = {kind: i for i, (kind, _) in enumerate(KINDS)}
    kinds = {n: _kind(data, n) for e in edges for n in (e.source, e.target)}
    nodes = sorted(
        kinds, key=lambda n: (order.get(kinds[n], len(order)), data.labels(n).lower(), str(n))
    )
    ids = {node: f"n{i}" for i, node in enumerate(nodes)}
    out: list[dict[str, Any]] = []
    for node in nodes:
        classes = kinds[node] + (" centre" if node == centre else "")
        out.append(
            {
                "group": "nodes",
                "classes": classes,
                "data": {
                    "id": ids[node],
                    "label": data.labels(node),
                    "iri": str(node),
                    "href": page_href(str(node), current) or "",
                },
            }
        )
    seen: set[tuple[URIRef, URIRef, str]] = set()
    for i, e in enumerate(
        sorted(edges, key=lambda e: (node_key(e.statement), e.label, node_key(e.target)))
    ):
        key = (e.source, e.target, e.label)
        if key in seen:  # the same claim from two sources: one edge
            continue
        seen.add(key)
        out.append(
            {
                "group": "edges",
                "classes": " ".join(e.classes),
                "data": {
                    "id": f"e{i}",
                    "source": ids[e.source],
                    "target": ids[e.target],
                    "label": e.label,
                    "statement": str(e.statement),
                },
            }
        )
    return out


def edges_by_node(data: SiteData) -> dict[URIRef, list[Edge]]:
    """Every statement edge, under each of its two ends (computed once for all pages)."""
    out: dict[URIRef, list[Edge]] = {}
    for st in _statements(data):
        for edge in statement_edges(data, st):
            out.setdefault(edge.source, []).append(edge)
            if edge.target != edge.source:
                out.setdefault(edge.target, []).append(edge)
    return out


def neighbourhood(
    data: SiteData, edges: dict[URIRef, list[Edge]], node: URIRef, current: str
) -> list[dict[str, Any]]:
    """Elements of every statement edge that touches `node` (`edges`: edges_by_node)."""
    touching = edges.get(node, [])
    return _elements(data, touching, current, node) if touching else []


OVERVIEW = frozenset({"use", "candidates", "goals", "lineage", "comparison"})
"""Categories the whole graph's overview draws (focus, techniques and populations are on the
resource pages)."""


def overview(data: SiteData, current: str) -> list[dict[str, Any]]:
    """Elements of the whole graph: the statement edges of the OVERVIEW categories."""
    edges = [
        e for st in _statements(data) for e in statement_edges(data, st) if e.classes[0] in OVERVIEW
    ]
    return _elements(data, edges, current)


def pictured(data: SiteData, node: URIRef) -> bool:
    """Whether `node`'s page shows its neighbourhood (therapies and conditions)."""
    types = set(data.graph.objects(node, RDF.type))
    return any(cls in types for cls in PICTURED)


SMALL = 8
"""Pictures of at most this many nodes get a lower drawing area."""
SCRIPTS = ("static/cytoscape/cytoscape.min.js", "static/graph.js")
"""What a page with a picture loads (site paths)."""


def picture(elements: list[dict[str, Any]], title: str, layout: str) -> str:
    """The HTML of a picture: heading, drawing area, legend and the embedded elements."""
    if not elements:
        return ""
    count = sum(1 for e in elements if e["group"] == "nodes")
    doc = {"layout": layout, "elements": elements}
    return (
        f"<h2>{escape(title)}</h2>\n"
        f'<div class="graph-picture{" small" if count <= SMALL else ""}" id="graph" '
        f'role="img" aria-label="{escape(title)}: '
        f'{count} resources"></div>\n{LEGEND}'
        f'<script type="application/json" id="psykg-graph">\n{script_json(doc)}\n'
        "</script>\n"
    )
