"""OBO Graphs JSON: classes, properties and individuals with their is_a, type and fact edges."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

from rdflib import Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from psykg.exports.view import ALL_PREFIXES, ReleaseView
from psykg.rdf.prefixes import ONTOLOGY_IRI

SCHEMA_FILE = "schemas/obograph.schema.json"
"""The OBO Graphs JSON Schema, vendored from oaklib (see schemas/README.md)."""
PROPERTY_TYPES = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
DEFINITION_PROPERTIES = (SKOS.definition, RDFS.comment)


def _meta(view: ReleaseView, node: URIRef) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    for prop in DEFINITION_PROPERTIES:
        values = view.literals(node, prop)
        if values:
            meta["definition"] = {"val": values[0]}
            break
    synonyms = view.literals(node, SKOS.altLabel)
    if synonyms:
        meta["synonyms"] = [{"pred": "hasExactSynonym", "val": s} for s in synonyms]
    xrefs = view.matches(node)
    if xrefs:
        meta["xrefs"] = [{"val": x} for x in xrefs]
    return meta


def _node(view: ReleaseView, node: URIRef, kind: str) -> dict[str, Any]:
    out: dict[str, Any] = {"id": str(node), "lbl": view.label(node), "type": kind}
    meta = _meta(view, node)
    if meta:
        out["meta"] = meta
    return out


def graph_document(view: ReleaseView) -> dict[str, Any]:
    """The release as one OBO Graphs GraphDocument (IRIs as ids, prefixes declared)."""
    onto = view.ontology
    classes = sorted(c for c in onto.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef))
    properties = sorted(
        {p for t in PROPERTY_TYPES for p in onto.subjects(RDF.type, t) if isinstance(p, URIRef)}
    )
    individuals = view.entities
    nodes = (
        [_node(view, c, "CLASS") for c in classes]
        + [_node(view, p, "PROPERTY") for p in properties]
        + [_node(view, i, "INDIVIDUAL") for i in individuals]
    )
    class_set, property_set, individual_set = set(classes), set(properties), set(individuals)
    known = class_set | individual_set
    edges: set[tuple[str, str, str]] = set()
    for sub, sup in onto.subject_objects(RDFS.subClassOf):
        if sub in known and sup in known:
            edges.add((str(sub), "is_a", str(sup)))
    for sub, sup in onto.subject_objects(RDFS.subPropertyOf):
        if isinstance(sub, URIRef) and isinstance(sup, URIRef):
            edges.add((str(sub), "subPropertyOf", str(sup)))
    rdf_type = RDF.type
    for node in individuals:
        for pred, objects in view.index.get(node, {}).items():
            if pred == rdf_type:
                edges.update((str(node), "rdf:type", str(o)) for o in objects if o in class_set)
            elif pred in property_set:
                edges.update(
                    (str(node), str(pred), str(o))
                    for o in objects
                    if o in individual_set and not isinstance(o, Literal)
                )
    graph: dict[str, Any] = {
        "id": ONTOLOGY_IRI,
        "lbl": view.label(URIRef(ONTOLOGY_IRI)),
        "nodes": nodes,
        "edges": [{"sub": s, "pred": p, "obj": o} for s, p, o in sorted(edges)],
    }
    version = onto.value(URIRef(ONTOLOGY_IRI), OWL.versionIRI)
    if version is not None:
        graph["meta"] = {"version": str(version)}
    prefixes = [{"prefix": k, "namespace": v} for k, v in sorted(ALL_PREFIXES.items())]
    return {"graphs": [graph], "prefixes": prefixes}


def schema() -> dict[str, Any]:
    """The vendored OBO Graphs JSON Schema, rooted at GraphDocument."""
    text = resources.files("psykg.exports").joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
    document: dict[str, Any] = json.loads(text)
    return {**document, "$ref": "#/$defs/GraphDocument"}


def validation_errors(document: Any) -> list[str]:
    """Messages for every way `document` breaks the OBO Graphs schema (empty when valid)."""
    from jsonschema import Draft7Validator

    validator = Draft7Validator(schema())
    return sorted(
        f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}"
        for e in validator.iter_errors(document)
    )


def write_obographs(view: ReleaseView, folder: Path) -> None:
    """Write psykg.obographs.json into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    text = json.dumps(graph_document(view), indent=1, ensure_ascii=False, sort_keys=True)
    (folder / "psykg.obographs.json").write_text(text + "\n", encoding="utf-8")
