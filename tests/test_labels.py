"""Alternative labels are synonyms: no label names two entities (issue 12)."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SKOS

from psykg.rdf.namespaces import RES
from psykg.release.pipeline import Result


def shared_labels(graph: Graph) -> dict[str, list[str]]:
    """Each label (case and spacing folded) given as preferred or alternative label to more
    than one psykg resource, with the resources."""
    owners: dict[str, set[str]] = {}
    for prop in (SKOS.prefLabel, SKOS.altLabel):
        for entity, label in graph.subject_objects(prop):
            if isinstance(entity, URIRef) and entity.startswith(str(RES)):
                key = " ".join(str(label).casefold().split())
                owners.setdefault(key, set()).add(str(entity).removeprefix(str(RES)))
    return {label: sorted(who) for label, who in sorted(owners.items()) if len(who) > 1}


def test_no_alt_label_is_shared_between_two_entities(built: tuple[Result, Path]) -> None:
    assert shared_labels(built[0].full) == {}


def test_a_shared_label_is_found() -> None:
    graph = Graph()
    graph.add((RES["pain-problems"], SKOS.altLabel, Literal("Chronic pain", lang="en")))
    graph.add((RES["chronic-pain"], SKOS.prefLabel, Literal("chronic  pain", lang="en")))
    graph.add((RES["depression"], SKOS.altLabel, Literal("low mood", lang="en")))
    assert shared_labels(graph) == {"chronic pain": ["chronic-pain", "pain-problems"]}
