"""Compile curation files and source texts into the asserted RDF graph."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from psykg.anchor import Selector, SourceText, find_quote
from psykg.constants import OA, PSYKG, RES
from psykg.curation import load_curation
from psykg.errors import AnchorError, CurationError
from psykg.mappings import expand_curie
from psykg.model import Curation, Entity, Mapping, Statement
from psykg.ontology import Ontology, curie, expand

EXTERNAL_RANGES: dict[URIRef, URIRef] = {
    DCTERMS.title: XSD.string,
    DCTERMS.modified: XSD.date,
}
"""Datatypes of external annotation properties, whose ranges we do not assert."""

_QUALIFIER_ENTITIES: dict[str, tuple[URIRef, URIRef]] = {
    "population": (PSYKG.forPopulation, PSYKG.Population),
    "especially": (PSYKG.especiallyFor, PSYKG.Population),
    "alternative": (PSYKG.alternativeTherapy, PSYKG.Therapy),
    "compared_to": (PSYKG.comparedTo, PSYKG.Therapy),
}
_QUALIFIER_WORDINGS: dict[str, URIRef] = {
    "evidence": PSYKG.evidenceWording,
    "hedge": PSYKG.hedgeWording,
    "extent": PSYKG.extentWording,
    "scope": PSYKG.scopeWording,
}
ASPECTS: dict[str, URIRef] = {
    "focus": PSYKG.FocusAspect,
    "duration": PSYKG.DurationAspect,
    "effectiveness": PSYKG.EffectivenessAspect,
    "suitability": PSYKG.SuitabilityAspect,
}


@dataclass(frozen=True)
class Anchored:
    """A statement and where its quote sits in its source."""

    statement: str
    document: str
    selector: Selector


@dataclass
class Compiled:
    """The asserted data graph with the texts and anchors it was built from."""

    graph: Graph = field(default_factory=Graph)
    sources: dict[str, SourceText] = field(default_factory=dict)
    anchors: list[Anchored] = field(default_factory=list)
    entity_types: dict[str, URIRef] = field(default_factory=dict)
    entity_lines: dict[str, tuple[Path, int]] = field(default_factory=dict)


def statement_iri(statement_id: str) -> URIRef:
    """The IRI of a statement node."""
    return RES[f"statement/{statement_id}"]


def quote_iri(document: str, selector: Selector) -> URIRef:
    """The IRI of a quote: the document and the character range, so equal quotes share it."""
    return RES[f"quote/{document}/{selector.start}-{selector.end}"]


def compile_files(
    curation_files: list[Path],
    ontology: Ontology,
    data_dir: Path,
    mappings: Sequence[Mapping] = (),
    sssom: Path | None = None,
) -> Compiled:
    """Compile every curation file into one graph; the first error stops the build."""
    out = Compiled()
    seen_statements: dict[str, tuple[Path, int]] = {}
    for path in curation_files:
        curation = load_curation(path)
        _compile_one(curation, path, ontology, data_dir, out, seen_statements)
    _add_mappings(list(mappings), out, sssom)
    return out


def _compile_one(
    curation: Curation,
    path: Path,
    ontology: Ontology,
    data_dir: Path,
    out: Compiled,
    seen_statements: dict[str, tuple[Path, int]],
) -> None:
    doc = curation.document
    text_path = data_dir / doc.text
    try:
        raw = text_path.read_bytes()
    except OSError as exc:
        raise CurationError(
            f"source text {doc.text} cannot be read", file=path, line=doc.line,
            hint="document.text is a path relative to the data folder",
        ) from exc
    digest = hashlib.sha256(raw).hexdigest()
    if digest != doc.sha256:
        raise CurationError(
            f"source text {doc.text} has changed (sha256 {digest})", file=path,
            line=doc.line_of("sha256"),
            hint="re-check every quote against the new text, then update document.sha256",
        )
    source = SourceText.from_regions(raw.decode("utf-8"), doc.regions)
    out.sources[doc.id] = source
    for entity in curation.entities:
        _add_entity(entity, path, ontology, out)
    if doc.id not in out.entity_types or out.entity_types[doc.id] != PSYKG.SourceDocument:
        raise CurationError(
            f"document id {doc.id!r} must also be listed as an entity of type SourceDocument",
            file=path, line=doc.line, hint="add it under entities",
        )
    doc_iri = RES[doc.id]
    out.graph.add((doc_iri, PSYKG.textFile, Literal(doc.text)))
    out.graph.add((doc_iri, PSYKG.textSha256, Literal(doc.sha256)))
    out.graph.add((doc_iri, DCTERMS.language, Literal(doc.language)))
    for statement in curation.statements:
        if statement.id in seen_statements:
            raise CurationError(
                f"statement id {statement.id!r} is used twice", file=path, line=statement.line,
                hint="it is already used at {}:{}; pick another id".format(
                    *seen_statements[statement.id]),
            )
        seen_statements[statement.id] = (path, statement.line)
        _add_statement(statement, doc.id, source, path, ontology, out)


def _add_entity(entity: Entity, path: Path, ontology: Ontology, out: Compiled) -> None:
    cls = PSYKG[entity.type]
    if cls not in ontology.classes:
        raise CurationError(
            f"entity {entity.id!r} has unknown type {entity.type!r}", file=path, line=entity.line,
            hint="use a class declared in ontology/psykg.ttl, e.g. Therapy or Condition",
        )
    if entity.id in out.entity_types:
        first_file, first_line = out.entity_lines[entity.id]
        raise CurationError(
            f"entity id {entity.id!r} is declared twice", file=path, line=entity.line,
            hint=f"it is first declared at {first_file}:{first_line}; keep one declaration "
            "(ids are the resource IRIs and must be unique)",
        )
    out.entity_types[entity.id] = cls
    out.entity_lines[entity.id] = (path, entity.line)
    iri = RES[entity.id]
    g = out.graph
    g.add((iri, RDF.type, cls))
    g.add((iri, RDF.type, OWL.NamedIndividual))
    g.add((iri, RDFS.label, Literal(entity.label, lang="en")))
    g.add((iri, SKOS.prefLabel, Literal(entity.label, lang="en")))
    for alt in entity.alt_labels:
        g.add((iri, SKOS.altLabel, Literal(alt, lang="en")))
    if entity.comment:
        g.add((iri, SKOS.scopeNote, Literal(entity.comment, lang="en")))


def _entity(out: Compiled, name: str, expected: URIRef | None, ontology: Ontology,
            st: Statement, path: Path, role: str) -> URIRef:
    """The IRI of a named entity, checking it exists and has the expected class."""
    if name not in out.entity_types:
        raise CurationError(
            f"statement {st.id!r}: {role} {name!r} is not a known entity", file=path,
            line=st.line, hint="declare it under entities, or fix the id's spelling",
        )
    if expected is not None and expected not in ontology.superclasses(out.entity_types[name]):
        have = out.entity_types[name].removeprefix(str(PSYKG))
        want = expected.removeprefix(str(PSYKG))
        raise CurationError(
            f"statement {st.id!r}: {role} {name!r} is a {have}, but a {want} is needed",
            file=path, line=st.line, hint="use another entity, or another predicate",
        )
    return RES[name]


def _add_statement(
    st: Statement, doc: str, source: SourceText, path: Path, ontology: Ontology, out: Compiled
) -> None:
    found = find_quote(source, st.quote, st.prefix)
    if isinstance(found, str):
        raise AnchorError(
            f"statement {st.id!r}: {found}", file=path, line=st.line,
            hint="copy the quote character for character from the source text",
        )
    g = out.graph
    node = statement_iri(st.id)
    predicate = _predicate(st, path, ontology)
    subject = _entity(out, st.subject, ontology.domain(predicate), ontology, st, path, "subject")
    obj: URIRef | Literal
    if predicate == RDF.type:
        obj = _class(st, path, ontology, out)
        g.add((node, PSYKG.statementObject, obj))
    elif st.object is not None:
        if predicate in ontology.datatype_properties:
            raise CurationError(
                f"statement {st.id!r}: {st.predicate} takes a literal", file=path, line=st.line,
                hint="write the literal under 'value' instead of 'object'",
            )
        obj = _entity(out, st.object, ontology.range(predicate), ontology, st, path, "object")
        g.add((node, PSYKG.statementObject, obj))
    else:
        obj = _literal(st, predicate, path, ontology)
        g.add((node, PSYKG.statementValue, obj))
    g.add((subject, predicate, obj))
    g.add((node, RDF.type, PSYKG.Statement))
    g.add((node, RDF.type, OWL.NamedIndividual))
    g.add((node, PSYKG.statementSubject, subject))
    g.add((node, PSYKG.statementPredicate, predicate))
    _add_qualifiers(st, node, path, ontology, out)
    quote = quote_iri(doc, found)
    g.add((node, PROV.wasDerivedFrom, quote))
    _add_quote(quote, RES[doc], found, g)
    out.anchors.append(Anchored(st.id, doc, found))


def _predicate(st: Statement, path: Path, ontology: Ontology) -> URIRef:
    if st.predicate == "type":
        return RDF.type
    try:
        predicate = expand(st.predicate)
    except KeyError:
        predicate = None
    if predicate is None or predicate not in ontology.properties:
        raise CurationError(
            f"statement {st.id!r}: unknown predicate {st.predicate!r}", file=path, line=st.line,
            hint="use 'type' or a property declared in ontology/psykg.ttl (e.g. primarilyTreats)",
        )
    return predicate


def _class(st: Statement, path: Path, ontology: Ontology, out: Compiled) -> URIRef:
    cls = PSYKG[st.object or ""]
    if st.object is None or cls not in ontology.classes:
        raise CurationError(
            f"statement {st.id!r}: unknown class {st.object!r}", file=path, line=st.line,
            hint="a 'type' statement names a class declared in ontology/psykg.ttl",
        )
    declared = out.entity_types.get(st.subject)
    if declared is not None and declared not in ontology.superclasses(cls):
        raise CurationError(
            f"statement {st.id!r}: {st.subject!r} is a {declared.removeprefix(str(PSYKG))}, "
            f"and {st.object} is not a kind of it", file=path, line=st.line,
            hint="a type statement may only name a subclass of the entity's declared type",
        )
    return cls


def _literal(st: Statement, predicate: URIRef, path: Path, ontology: Ontology) -> Literal:
    datatype = ontology.range(predicate) or EXTERNAL_RANGES.get(predicate, XSD.string)
    literal = Literal(st.value, datatype=datatype) if datatype != XSD.string else Literal(
        str(st.value))
    if literal.ill_typed:
        raise CurationError(
            f"statement {st.id!r}: {st.value!r} is not a valid {curie(datatype)}",
            file=path, line=st.line, hint="write the value in the datatype's lexical form",
        )
    if datatype == XSD.nonNegativeInteger and (not isinstance(st.value, int) or st.value < 0):
        raise CurationError(
            f"statement {st.id!r}: {st.value!r} is not a whole number", file=path,
            line=st.line, hint="write the number without quotes",
        )
    return literal


def _add_qualifiers(
    st: Statement, node: URIRef, path: Path, ontology: Ontology, out: Compiled
) -> None:
    q = st.qualifiers
    g = out.graph
    for name, (prop, cls) in _QUALIFIER_ENTITIES.items():
        value = getattr(q, name)
        names = (value,) if isinstance(value, str) else (value or ())
        for entity in names:
            g.add((node, prop, _entity(out, entity, cls, ontology, st, path, name)))
    for name, prop in _QUALIFIER_WORDINGS.items():
        for wording in getattr(q, name):
            if wording not in st.quote:
                raise CurationError(
                    f"statement {st.id!r}: {name} wording {wording!r} is not in its quote",
                    file=path, line=q.line_of(name) if q.line else st.line,
                    hint="qualifier wordings must be copied from the statement's quote",
                )
            g.add((node, prop, Literal(wording)))
    if q.aspect is not None:
        g.add((node, PSYKG.comparisonAspect, ASPECTS[q.aspect]))


def _add_quote(quote: URIRef, doc: URIRef, sel: Selector, g: Graph) -> None:
    text_quote = URIRef(f"{quote}/text-quote")
    position = URIRef(f"{quote}/text-position")
    g.add((quote, RDF.type, PSYKG.Quote))
    g.add((quote, RDF.type, OWL.NamedIndividual))
    g.add((quote, RDFS.label, Literal(sel.exact)))
    g.add((quote, OA.hasSource, doc))
    g.add((quote, OA.hasSelector, text_quote))
    g.add((quote, OA.hasSelector, position))
    g.add((text_quote, RDF.type, OA.TextQuoteSelector))
    g.add((text_quote, OA.exact, Literal(sel.exact)))
    g.add((text_quote, OA.prefix, Literal(sel.prefix)))
    g.add((text_quote, OA.suffix, Literal(sel.suffix)))
    g.add((position, RDF.type, OA.TextPositionSelector))
    g.add((position, OA.start, Literal(sel.start, datatype=XSD.nonNegativeInteger)))
    g.add((position, OA.end, Literal(sel.end, datatype=XSD.nonNegativeInteger)))


def _add_mappings(mappings: list[Mapping], out: Compiled, sssom: Path | None) -> None:
    for mapping in mappings:
        if mapping.subject not in out.entity_types:
            raise CurationError(
                f"mapping subject psykgr:{mapping.subject} is not a known entity",
                file=sssom, line=mapping.line,
                hint="fix the id, or declare the entity in a curation file",
            )
        predicate = expand(mapping.predicate)
        out.graph.add((RES[mapping.subject], predicate, URIRef(expand_curie(mapping.object))))
