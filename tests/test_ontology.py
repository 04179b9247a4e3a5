"""The ontology, the shapes and the curation model agree, and the ontology is well documented."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from psykg.build import compile as compiler
from psykg.build.ontology import Ontology
from psykg.curation.model import Qualifiers
from psykg.rdf.namespaces import PSYKG, RES, SH, VANN
from psykg.rdf.prefixes import ONTOLOGY_IRI
from psykg.release.pipeline import Result

ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY = Ontology.load(ROOT / "ontology" / "psykg.ttl")
SHAPES = Graph().parse(ROOT / "ontology" / "shapes.ttl")
OWN_TERMS = sorted(t for t in ONTOLOGY.classes | ONTOLOGY.properties if t.startswith(str(PSYKG)))


@pytest.mark.parametrize("term", OWN_TERMS, ids=[t.removeprefix(str(PSYKG)) for t in OWN_TERMS])
def test_term_has_label_and_definition(term: URIRef) -> None:
    g = ONTOLOGY.graph
    labels = [x for x in g.objects(term, RDFS.label) if getattr(x, "language", None) == "en"]
    definitions = [
        x for x in g.objects(term, SKOS.definition) if getattr(x, "language", None) == "en"
    ]
    assert len(labels) == 1, "exactly one English rdfs:label"
    assert definitions, "an English skos:definition"


@pytest.mark.parametrize(
    "prop",
    sorted(
        p
        for p in ONTOLOGY.object_properties | ONTOLOGY.datatype_properties
        if p.startswith(str(PSYKG))
    ),
)
def test_property_has_domain_and_range(prop: URIRef) -> None:
    assert ONTOLOGY.domain(prop) is not None
    assert ONTOLOGY.range(prop) is not None


@pytest.mark.parametrize(
    "predicate",
    [
        DCTERMS.title,
        DCTERMS.description,
        DCTERMS.license,
        DCTERMS.creator,
        DCTERMS.created,
        DCTERMS.modified,
        OWL.versionIRI,
        OWL.versionInfo,
        VANN.preferredNamespacePrefix,
        VANN.preferredNamespaceUri,
        DCTERMS.bibliographicCitation,
    ],
)
def test_ontology_metadata(predicate: URIRef) -> None:
    assert ONTOLOGY.graph.value(URIRef(ONTOLOGY_IRI), predicate) is not None


def test_license_is_cc_by_4() -> None:
    assert ONTOLOGY.graph.value(URIRef(ONTOLOGY_IRI), DCTERMS.license) == URIRef(
        "https://creativecommons.org/licenses/by/4.0/"
    )


def _shape_targets() -> set[URIRef]:
    return {t for t in SHAPES.objects(None, SH.targetClass) if isinstance(t, URIRef)}


def test_every_class_the_data_uses_is_declared_and_shaped(built: tuple[Result, Path]) -> None:
    data = built[0].compiled.graph
    used = {
        o
        for s, o in data.subject_objects(RDF.type)
        if isinstance(o, URIRef) and o != OWL.NamedIndividual
    }
    assert used <= ONTOLOGY.classes, used - ONTOLOGY.classes
    targets = _shape_targets()
    unshaped = {c for c in used if not (ONTOLOGY.superclasses(c) & targets)}
    assert not unshaped, f"classes without a shape: {unshaped}"


BUILT_IN = {RDF.type, RDFS.label, RDFS.comment, RDFS.seeAlso}
"""Properties OWL 2 itself defines; they need no declaration."""


def test_every_property_the_data_uses_is_declared(built: tuple[Result, Path]) -> None:
    used = {p for _, p, _ in built[0].data if p not in BUILT_IN}
    assert used <= ONTOLOGY.properties, used - ONTOLOGY.properties


def test_every_property_a_shape_names_is_declared() -> None:
    paths = {p for p in SHAPES.objects(None, SH.path) if isinstance(p, URIRef)}
    assert paths - BUILT_IN <= ONTOLOGY.properties, paths - BUILT_IN - ONTOLOGY.properties


def test_every_property_the_compiler_writes_is_declared() -> None:
    written = {prop for prop, _ in compiler._QUALIFIER_ENTITIES.values()}
    written |= set(compiler._QUALIFIER_WORDINGS.values())
    written |= {
        PSYKG.statementSubject,
        PSYKG.statementPredicate,
        PSYKG.statementObject,
        PSYKG.statementValue,
        PSYKG.comparisonAspect,
        PSYKG.textFile,
        PSYKG.textSha256,
    }
    assert written <= ONTOLOGY.properties, written - ONTOLOGY.properties
    classes = {cls for _, cls in compiler._QUALIFIER_ENTITIES.values()}
    assert classes <= ONTOLOGY.classes
    assert set(compiler.ASPECTS.values()) <= set(
        ONTOLOGY.graph.subjects(RDF.type, PSYKG.ComparisonAspect)
    )


def test_every_qualifier_field_is_compiled() -> None:
    handled = (
        set(compiler._QUALIFIER_ENTITIES)
        | set(compiler._QUALIFIER_WORDINGS)
        | {"aspect", "jointly_with", "especially_all", "note"}
    )
    fields = set(Qualifiers.model_fields) - {"line", "key_lines"}
    assert fields == handled


def test_resources_are_not_in_the_vocabulary_namespace(built: tuple[Result, Path]) -> None:
    subjects = {s for s in built[0].compiled.graph.subjects() if isinstance(s, URIRef)}
    assert all(s.startswith(str(RES)) for s in subjects)
    assert not any(isinstance(o, Literal) and o == Literal("") for o in built[0].data.objects())
