"""KGX TSV (nodes.tsv, edges.tsv, context.jsonld): Biolink 4 categories, predicates and slots.

KGX keys an edge by subject, predicate and object (not by its `id`): two rows with the same
three are one edge to `kgx transform`. So edges.tsv has one row per (subject, Biolink predicate,
object); almost always that is one psykg statement, and the row's `id` is the statement's IRI.
A row several statements share lists them all in `xref` and keeps only the qualifiers they
all have.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import RDFS, SKOS
from rdflib.term import Node

from psykg.exports.view import ALL_PREFIXES, ReleaseView, Statement, curie
from psykg.rdf.namespaces import OA, PSYKG
from psykg.rdf.prefixes import DATASET_IRI

BIOLINK_VERSION = "4.4.6"
"""The Biolink Model release the terms below were checked against (PyPI biolink-model)."""

CATEGORIES: dict[URIRef, str] = {
    PSYKG.Therapy: "biolink:Treatment",
    PSYKG.Condition: "biolink:DiseaseOrPhenotypicFeature",
    PSYKG.Population: "biolink:PopulationOfIndividualOrganisms",
    PSYKG.CandidateTrait: "biolink:BehavioralFeature",
    PSYKG.Technique: "biolink:Procedure",
    PSYKG.Person: "biolink:Agent",
    PSYKG.Organization: "biolink:Agent",
    PSYKG.SourceDocument: "biolink:Article",
    PSYKG.Theory: "biolink:InformationContentEntity",
}
"""psykg class -> Biolink category; any other class is biolink:NamedThing."""
DEFAULT_CATEGORY = "biolink:NamedThing"

PREDICATES: dict[URIRef, str] = {
    PSYKG.primarilyTreats: "biolink:applied_to_treat",
    PSYKG.alsoUsefulFor: "biolink:applied_to_treat",
    PSYKG.foundEffectiveFor: "biolink:treats",
}
"""psykg predicate -> Biolink predicate; any other predicate is biolink:related_to."""
DEFAULT_PREDICATE = "biolink:related_to"
EDGE_CATEGORY = "biolink:Association"
KNOWLEDGE_LEVEL = "knowledge_assertion"
AGENT_TYPE = "manual_agent"
KNOWLEDGE_SOURCE = "infores:psykg"
"""psykg's own information-resource id. It is not in the Biolink Information Resource
Registry: the `infores:` prefix is the Biolink convention for knowledge sources."""

NODE_COLUMNS = ("id", "category", "name", "synonym", "xref", "iri", "type", "provided_by")
EDGE_COLUMNS = (
    "id",
    "subject",
    "predicate",
    "object",
    "category",
    "knowledge_level",
    "agent_type",
    "primary_knowledge_source",
    "original_predicate",
    "original_subject",
    "original_object",
    "publications",
    "supporting_text",
    "xref",
)
"""Biolink 4 slots only; each statement qualifier adds a column named by its psykg CURIE."""
LIST_SEPARATOR = "|"
CONTEXT = "context.jsonld"
"""The JSON-LD context of every CURIE prefix the TSV files use (see psykg.exports.kgxrun)."""


def category(view: ReleaseView, node: URIRef) -> list[str]:
    """Biolink categories of `node`, from all its psykg classes, sorted and distinct."""
    found = {CATEGORIES.get(cls, DEFAULT_CATEGORY) for cls in view.psykg_types(node)}
    specific = found - {DEFAULT_CATEGORY}
    return sorted(specific or found or {DEFAULT_CATEGORY})


def node_rows(view: ReleaseView) -> list[dict[str, str]]:
    """One row per entity (statements and quotes become edge properties, not nodes)."""
    rows = []
    for node in view.entities:
        primary = view.primary_class(node)
        rows.append(
            {
                "id": curie(node),
                "category": LIST_SEPARATOR.join(category(view, node)),
                "name": view.label(node),
                "synonym": LIST_SEPARATOR.join(view.literals(node, SKOS.altLabel)),
                "xref": LIST_SEPARATOR.join(view.matches(node)),
                "iri": str(node),
                "type": curie(primary) if primary is not None else "",
                "provided_by": KNOWLEDGE_SOURCE,
            }
        )
    return rows


def _value(value: Node) -> str:
    return value if isinstance(value, Literal) else curie(value)


def edge_id(statements: list[Statement], key: tuple[str, str, str]) -> str:
    """The statement's IRI; for an edge several statements share, a UUID from its key."""
    if len(statements) == 1:
        return str(statements[0].iri)
    return uuid.uuid5(uuid.NAMESPACE_URL, f"{DATASET_IRI}#kgx-edge/{' '.join(key)}").urn


def _edge(
    view: ReleaseView, key: tuple[str, str, str], members: list[Statement], obj: URIRef
) -> dict[str, str]:
    quotes = [q for st in members for q in st.quotes]
    sources = sorted({curie(s) for q in quotes for s in view.objects(q, OA.hasSource)})
    texts = sorted({t.replace("\n", " ") for q in quotes for t in view.literals(q, RDFS.label)})
    predicates = sorted({curie(st.predicate) for st in members})
    row = {
        "id": edge_id(members, key),
        "subject": key[0],
        "predicate": key[1],
        "object": key[2],
        "category": EDGE_CATEGORY,
        "knowledge_level": KNOWLEDGE_LEVEL,
        "agent_type": AGENT_TYPE,
        "primary_knowledge_source": KNOWLEDGE_SOURCE,
        "original_predicate": predicates[0] if len(predicates) == 1 else "",
        "original_subject": str(members[0].subject),
        "original_object": str(obj),
        "publications": LIST_SEPARATOR.join(sources),
        "supporting_text": LIST_SEPARATOR.join(texts),
        "xref": LIST_SEPARATOR.join(str(st.iri) for st in members),
    }
    shared = set.intersection(
        *(
            {(curie(prop), _value(v)) for prop, vs in st.qualifiers.items() for v in vs}
            for st in members
        )
    )
    qualifiers: dict[str, list[str]] = {}
    for prop, value in sorted(shared):
        qualifiers.setdefault(prop, []).append(value)
    row.update({prop: LIST_SEPARATOR.join(values) for prop, values in qualifiers.items()})
    return row


def edge_rows(view: ReleaseView) -> list[dict[str, str]]:
    """One row per (subject, Biolink predicate, object) of the curated statements between two
    entities, in the order of their first statement; the row carries every such statement."""
    entities = set(view.entities)
    groups: dict[tuple[str, str, str], tuple[list[Statement], URIRef]] = {}
    for st in view.statements:
        for obj in st.objects:
            if st.subject in entities and obj in entities:
                key = (
                    curie(st.subject),
                    PREDICATES.get(st.predicate, DEFAULT_PREDICATE),
                    curie(obj),
                )
                groups.setdefault(key, ([], obj))[0].append(st)
    return [_edge(view, key, members, obj) for key, (members, obj) in groups.items()]


def edge_columns(rows: list[dict[str, str]]) -> tuple[str, ...]:
    """EDGE_COLUMNS, then one column per qualifier the rows use (sorted)."""
    extra = sorted({c for row in rows for c in row} - set(EDGE_COLUMNS))
    return (*EDGE_COLUMNS, *extra)


def context(rows: list[dict[str, str]]) -> dict[str, dict[str, str]]:
    """The JSON-LD context of the CURIE prefixes in `rows` (cells and column names) that psykg
    knows, so KGX can expand them."""
    used: set[str] = set()
    for row in rows:
        for column, cell in row.items():
            for text in (column, *cell.split(LIST_SEPARATOR)):
                prefix, colon, local = text.partition(":")
                if colon and prefix in ALL_PREFIXES and not local.startswith("//"):
                    used.add(prefix)
    return {"@context": {prefix: ALL_PREFIXES[prefix] for prefix in sorted(used)}}


def to_tsv(columns: tuple[str, ...], rows: list[dict[str, str]]) -> str:
    """Rows as TSV with a header; tabs and newlines in cells become spaces."""
    lines = ["\t".join(columns)]
    for row in rows:
        lines.append("\t".join(" ".join(row.get(c, "").split()) for c in columns))
    return "".join(f"{line}\n" for line in lines)


def write_kgx(view: ReleaseView, folder: Path) -> None:
    """Write nodes.tsv, edges.tsv and context.jsonld into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    nodes, edges = node_rows(view), edge_rows(view)
    (folder / "nodes.tsv").write_text(to_tsv(NODE_COLUMNS, nodes), encoding="utf-8")
    (folder / "edges.tsv").write_text(to_tsv(edge_columns(edges), edges), encoding="utf-8")
    text = json.dumps(context(nodes + edges), indent=1, ensure_ascii=False)
    (folder / CONTEXT).write_text(text + "\n", encoding="utf-8")
