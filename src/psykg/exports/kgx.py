"""KGX TSV (nodes.tsv, edges.tsv): Biolink categories and predicates where they fit."""

from __future__ import annotations

from pathlib import Path

from rdflib import URIRef
from rdflib.namespace import RDFS, SKOS

from psykg.exports.view import ReleaseView, Statement, curie
from psykg.rdf.namespaces import OA, PSYKG

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

NODE_COLUMNS = ("id", "category", "name", "synonym", "xref", "iri", "psykg_class",
                "provided_by")
EDGE_COLUMNS = ("id", "subject", "predicate", "object", "relation", "category",
                "knowledge_level", "agent_type", "primary_knowledge_source", "publications",
                "supporting_text", "qualifiers", "iri", "original_subject", "original_object")
"""KGX core columns first; psykg's own (original IRIs, qualifiers) after them."""
LIST_SEPARATOR = "|"


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
        rows.append({
            "id": curie(node),
            "category": LIST_SEPARATOR.join(category(view, node)),
            "name": view.label(node),
            "synonym": LIST_SEPARATOR.join(view.literals(node, SKOS.altLabel)),
            "xref": LIST_SEPARATOR.join(view.matches(node)),
            "iri": str(node),
            "psykg_class": curie(primary) if primary is not None else "",
            "provided_by": "psykg",
        })
    return rows


def _edge(view: ReleaseView, st: Statement, obj: URIRef) -> dict[str, str]:
    sources = sorted({str(s) for q in st.quotes for s in view.objects(q, OA.hasSource)})
    texts = sorted({t for q in st.quotes for t in view.literals(q, RDFS.label)})
    qualifiers = [f"{curie(q)}={curie(v)}" for q, vs in st.qualifiers.items() for v in vs]
    return {
        "id": curie(st.iri),
        "subject": curie(st.subject),
        "predicate": PREDICATES.get(st.predicate, DEFAULT_PREDICATE),
        "object": curie(obj),
        "relation": curie(st.predicate),
        "category": EDGE_CATEGORY,
        "knowledge_level": KNOWLEDGE_LEVEL,
        "agent_type": AGENT_TYPE,
        "primary_knowledge_source": "psykg",
        "publications": LIST_SEPARATOR.join(curie(URIRef(s)) for s in sources),
        "supporting_text": LIST_SEPARATOR.join(t.replace("\n", " ") for t in texts),
        "qualifiers": LIST_SEPARATOR.join(qualifiers),
        "iri": str(st.iri),
        "original_subject": str(st.subject),
        "original_object": str(obj),
    }


def edge_rows(view: ReleaseView) -> list[dict[str, str]]:
    """One row per curated statement between two entities, with its qualifiers and quote."""
    entities = set(view.entities)
    return [_edge(view, st, obj) for st in view.statements for obj in st.objects
            if st.subject in entities and obj in entities]


def to_tsv(columns: tuple[str, ...], rows: list[dict[str, str]]) -> str:
    """Rows as TSV with a header; tabs and newlines in cells become spaces."""
    lines = ["\t".join(columns)]
    for row in rows:
        lines.append("\t".join(" ".join(row.get(c, "").split()) for c in columns))
    return "".join(f"{line}\n" for line in lines)


def write_kgx(view: ReleaseView, folder: Path) -> None:
    """Write nodes.tsv and edges.tsv into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "nodes.tsv").write_text(to_tsv(NODE_COLUMNS, node_rows(view)), encoding="utf-8")
    (folder / "edges.tsv").write_text(to_tsv(EDGE_COLUMNS, edge_rows(view)), encoding="utf-8")

