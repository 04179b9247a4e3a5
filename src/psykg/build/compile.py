"""Compile curation files and source texts into the asserted RDF graph."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SDO, SKOS, XSD

from psykg.build.ontology import Ontology, curie, expand
from psykg.curation.anchor import Selector, SourceText, find_quote
from psykg.curation.hints import did_you_mean
from psykg.curation.load import load_curation, load_registry, load_source
from psykg.curation.mappings import VERIFIED_TABLE, check_verified, read_sssom
from psykg.curation.model import Curation, Entity, Mapping, SourceRecord, Statement
from psykg.curation.sources import check_regions, read_source
from psykg.errors import AnchorError, CurationError
from psykg.heap import gc_paused
from psykg.paths import CURATION_DIR, Inputs
from psykg.rdf import prefixes
from psykg.rdf.graphs import Triple, TripleSet
from psykg.rdf.literals import typed_literal
from psykg.rdf.namespaces import OA, PSYKG, RES

EXTERNAL_RANGES: dict[URIRef, URIRef] = {
    DCTERMS.title: XSD.string,
    DCTERMS.modified: XSD.date,
}
"""Datatypes of external annotation properties, whose ranges we do not assert."""

SOURCE_WORDS: frozenset[URIRef] = frozenset(
    {PSYKG.typicalDuration, PSYKG.benefitTiming, PSYKG.statedValue}
)
"""Properties whose value is "in the source's words": it must be copied from the quote."""
LANGUAGE_TEXT: frozenset[URIRef] = frozenset({SKOS.altLabel, SKOS.definition, SKOS.scopeNote})
"""Properties whose values are text in the source's language (a language-tagged string)."""

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
    "example": PSYKG.exampleWording,
}
ASPECTS: dict[str, URIRef] = {
    "focus": PSYKG.FocusAspect,
    "duration": PSYKG.DurationAspect,
    "effectiveness": PSYKG.EffectivenessAspect,
    "suitability": PSYKG.SuitabilityAspect,
}


# The terms of every record, looked up once: a namespace attribute builds a new term per access.
_TYPE, _NAMED = RDF.type, OWL.NamedIndividual
_LABEL, _PREF_LABEL = RDFS.label, SKOS.prefLabel
_ALT_LABEL, _SCOPE_NOTE = SKOS.altLabel, SKOS.scopeNote
_DEFINITION, _BROADER = SKOS.definition, SKOS.broader
_STATEMENT, _QUOTE, _SOURCE_DOCUMENT = PSYKG.Statement, PSYKG.Quote, PSYKG.SourceDocument
_SUBJECT, _PREDICATE = PSYKG.statementSubject, PSYKG.statementPredicate
_OBJECT, _VALUE = PSYKG.statementObject, PSYKG.statementValue
_TEXT_FILE, _TEXT_SHA256, _LANGUAGE = PSYKG.textFile, PSYKG.textSha256, DCTERMS.language
_DERIVED_FROM, _ASPECT = PROV.wasDerivedFrom, PSYKG.comparisonAspect
_HAS_SOURCE, _HAS_SELECTOR = OA.hasSource, OA.hasSelector
_TEXT_QUOTE, _TEXT_POSITION = OA.TextQuoteSelector, OA.TextPositionSelector
_EXACT, _PREFIX, _SUFFIX, _START, _END = OA.exact, OA.prefix, OA.suffix, OA.start, OA.end
_COUNT = XSD.nonNegativeInteger
_RES = str(RES)


@dataclass(frozen=True)
class Anchored:
    """A statement and where its quote sits in its source."""

    statement: str
    document: str
    selector: Selector


@dataclass
class Compiled:
    """The asserted data with the texts and anchors it was built from."""

    triples: TripleSet = field(default_factory=TripleSet)
    """The asserted triples, in the order they were compiled."""
    sources: dict[str, SourceText] = field(default_factory=dict)
    anchors: list[Anchored] = field(default_factory=list)
    entity_types: dict[str, URIRef] = field(default_factory=dict)
    entity_lines: dict[str, tuple[Path, int]] = field(default_factory=dict)
    records: dict[str, SourceRecord] = field(default_factory=dict)
    """The source records, by document id."""
    statement_lines: dict[str, tuple[Path, int]] = field(default_factory=dict)
    """Statement id -> the curation file and line that state it (for check's messages)."""

    @cached_property
    def graph(self) -> Graph:
        """The asserted triples as an rdflib graph (built on first use; the build reads
        `triples`)."""
        return self.triples.graph()


@dataclass
class _Run:
    """One compile run: its output, the triples of the current file, and the terms built so
    far. Each IRI and repeated literal is built once and shared, which saves memory and lets
    the store's dictionaries compare terms by identity."""

    out: Compiled
    ontology: Ontology
    triples: list[Triple] = field(default_factory=list)
    seen_statements: dict[str, tuple[Path, int]] = field(default_factory=dict)
    iris: dict[str, URIRef] = field(default_factory=dict)
    classes: dict[str, URIRef] = field(default_factory=dict)
    predicates: dict[str, URIRef] = field(default_factory=dict)
    words: dict[str, Literal] = field(default_factory=dict)
    counts: dict[int, Literal] = field(default_factory=dict)
    quotes: set[URIRef] = field(default_factory=set)

    def word(self, text: str) -> Literal:
        """A plain string literal, shared."""
        found = self.words.get(text)
        if found is None:
            found = self.words[text] = Literal(text)
        return found

    def count(self, number: int) -> Literal:
        """An xsd:nonNegativeInteger literal, shared."""
        found = self.counts.get(number)
        if found is None:
            found = self.counts[number] = Literal(number, datatype=_COUNT)
        return found

    def flush(self) -> None:
        """Move the pending triples into the graph."""
        self.out.triples.add_all(self.triples)
        self.triples.clear()


def statement_iri(statement_id: str) -> URIRef:
    """The IRI of a statement node."""
    return URIRef(f"{_RES}statement/{statement_id}")


def quote_iri(document: str, selector: Selector) -> URIRef:
    """The IRI of a quote: the document and the character range, so equal quotes share it."""
    return URIRef(f"{_RES}quote/{document}/{selector.start}-{selector.end}")


ENTITY_GLOB = "*.yaml"
"""Files of the entity registry (data/entities/)."""


def compile_files(
    curation_files: list[Path],
    ontology: Ontology,
    data_dir: Path,
    mappings: Sequence[Mapping] = (),
    sssom: Path | None = None,
) -> Compiled:
    """Compile the entity registry, then every source record, then every curation file, into
    one graph: an entity is known to every statement whatever the order of the files. The
    first error stops the build."""
    run = _Run(Compiled(), ontology)
    registry = [
        (path, load_registry(path)) for path in sorted((data_dir / "entities").glob(ENTITY_GLOB))
    ]
    for path, entries in registry:
        for entity in entries.entities:
            _add_entity(entity, path, run)
    for path, entries in registry:
        for entity in entries.entities:
            _add_broader(entity, path, run)
    sources = [(path, _add_source(path, data_dir, run)) for path in curation_files]
    _refuse_orphan_records(data_dir, curation_files)
    run.flush()
    for path, (record, source) in sources:
        curation = load_curation(path)
        _compile_one(curation, path, record, source, run)
        run.flush()
    _add_mappings(list(mappings), run, sssom)
    run.flush()
    run.out.statement_lines.update(run.seen_statements)
    return run.out


def record_path(curation_file: Path, data_dir: Path) -> Path:
    """The source record a curation file belongs to: data/sources/ with the same name."""
    return data_dir / "sources" / curation_file.name


def _refuse_orphan_records(data_dir: Path, curation_files: list[Path]) -> None:
    """A source record with no curation file is an error: nothing would be published of it."""
    curated = {p.name for p in curation_files}
    for path in sorted((data_dir / "sources").glob("*.yaml")):
        if path.name not in curated:
            raise CurationError(
                "source record without a curation file",
                file=path,
                line=1,
                hint=f"add data/curation/{path.name} with its statements, or remove the record",
            )


def read_text(path: Path, record: SourceRecord, data_dir: Path) -> str:
    """The text of the source record at `path` (a file beside it, confined to `data_dir`),
    checked against its sha256 and its regions (see `curation.sources`)."""
    raw, text = read_source(record, path, data_dir)
    digest = hashlib.sha256(raw).hexdigest()
    if digest != record.sha256:
        raise CurationError(
            f"source text {record.text} has changed (sha256 {digest})",
            file=path,
            line=record.line_of("sha256"),
            hint="re-check every quote against the new text, then update sha256",
        )
    check_regions(record, text, path)
    return text


def source_texts(inputs: Inputs) -> dict[str, str]:
    """The text of every source by id, read and checked as the compiler does."""
    texts = {}
    for curation_file in inputs.curation_files:
        path = record_path(curation_file, inputs.data_dir)
        record = load_source(path)
        texts[record.id] = read_text(path, record, inputs.data_dir)
    return texts


def _declare(run: _Run, slug: str, cls: URIRef, label: str, path: Path, line: int) -> URIRef:
    """Register a named resource (an entity or a source document) with its class and English
    label, and the file and line that declare it; return its IRI."""
    run.out.entity_types[slug] = cls
    run.out.entity_lines[slug] = (path, line)
    iri = run.iris[slug] = URIRef(_RES + slug)
    text = Literal(label, lang="en")
    run.triples += [
        (iri, _TYPE, cls),
        (iri, _TYPE, _NAMED),
        (iri, _LABEL, text),
        (iri, _PREF_LABEL, text),
    ]
    return iri


def _add_source(curation_path: Path, data_dir: Path, run: _Run) -> tuple[SourceRecord, SourceText]:
    """Read a curation file's source record and text, and add the source document."""
    path = record_path(curation_path, data_dir)
    if not path.is_file():
        raise CurationError(
            f"no source record data/sources/{path.name} for this curation file",
            file=curation_path,
            line=1,
            hint="every data/curation/<name>.yaml needs data/sources/<name>.yaml (see "
            "data/README.md)",
        )
    record = load_source(path)
    out = run.out
    source = SourceText.from_regions(read_text(path, record, data_dir), record.regions)
    if record.id in out.entity_types:
        first_file, first_line = out.entity_lines[record.id]
        raise CurationError(
            f"source id {record.id!r} is already used",
            file=path,
            line=record.line_of("id"),
            hint=f"it is declared at {first_file}:{first_line}; give this source its own id",
        )
    out.sources[record.id] = source
    out.records[record.id] = record
    iri = _declare(run, record.id, _SOURCE_DOCUMENT, record.label, path, record.line_of("id"))
    triples = run.triples
    triples += [
        (iri, DCTERMS.title, Literal(record.title)),
        (iri, _TEXT_FILE, Literal(f"sources/{record.text}")),
        (iri, _TEXT_SHA256, Literal(record.sha256)),
        (iri, _LANGUAGE, Literal(record.language)),
        (iri, DCTERMS.rights, Literal(record.text_rights, lang="en")),
        (iri, PSYKG.textRepublishable, Literal(record.republish_text)),
    ]
    if record.author:
        triples.append((iri, DCTERMS.creator, Literal(record.author)))
    if record.publisher:
        publisher = run.out.entity_types.get(record.publisher)
        if publisher is None or not run.ontology.is_subclass(publisher, PSYKG.Organization):
            organizations = [
                name
                for name, cls in run.out.entity_types.items()
                if run.ontology.is_subclass(cls, PSYKG.Organization)
            ]
            raise CurationError(
                f"publisher {record.publisher!r} is not an Organization of the entity registry"
                + did_you_mean(record.publisher, organizations),
                file=path,
                line=record.line_of("publisher"),
                hint="declare it in data/entities/organizations.yaml, or fix the id",
            )
        triples.append((iri, DCTERMS.publisher, run.iris[record.publisher]))
    if record.url:
        triples.append((iri, SDO.url, URIRef(record.url)))
    if record.text_licence:
        triples.append((iri, DCTERMS.license, URIRef(record.text_licence)))
    for value, prop in (
        (record.published, DCTERMS.issued),
        (record.updated, DCTERMS.modified),
        (record.retrieved, PSYKG.retrievedOn),
    ):
        if value is not None:
            triples.append((iri, prop, Literal(value.isoformat(), datatype=XSD.date)))
    if record.note:
        triples.append((iri, DCTERMS.description, Literal(record.note, lang="en")))
    return record, source


def _compile_one(
    curation: Curation, path: Path, record: SourceRecord, source: SourceText, run: _Run
) -> None:
    seen = run.seen_statements
    claims: dict[tuple[str, URIRef, str], Statement] = {}
    for statement in curation.statements:
        if statement.id in seen:
            raise CurationError(
                f"statement id {statement.id!r} is used twice",
                file=path,
                line=statement.line,
                hint="it is already used at {}:{}; pick another id".format(*seen[statement.id]),
            )
        seen[statement.id] = (path, statement.line)
        predicate = _add_statement(statement, record.id, source, path, run)
        if statement.object is not None:
            _refuse_contradiction(statement, predicate, claims, path, run)


def _refuse_contradiction(
    st: Statement,
    predicate: URIRef,
    claims: dict[tuple[str, URIRef, str], Statement],
    path: Path,
    run: _Run,
) -> None:
    """Within one source, a claim and its contradiction (psykg:contradicts, e.g. a use and
    'less used' of one therapy for one condition) is an error naming both statements."""
    assert st.object is not None
    for other in run.ontology.contradicting(predicate):
        found = claims.get((st.subject, other, st.object))
        if found is not None:
            raise CurationError(
                f"statement {st.id!r} ({curie(predicate)}) contradicts statement {found.id!r} "
                f"({curie(other)}) of the same source, at {path}:{found.line}",
                file=path,
                line=st.line,
                hint="one source cannot say both; re-read both quotes and keep the one the "
                "text supports",
            )
    claims[(st.subject, predicate, st.object)] = st


def _add_entity(entity: Entity, path: Path, run: _Run) -> None:
    out = run.out
    cls = run.classes.get(entity.type)
    if cls is None:
        cls = PSYKG[entity.type]
        if cls not in run.ontology.classes:
            raise CurationError(
                f"entity {entity.id!r} has unknown type {entity.type!r}"
                + did_you_mean(entity.type, run.ontology.class_names()),
                file=path,
                line=entity.line_of("type"),
                hint="use a class declared in ontology/psykg.ttl, e.g. Therapy or Condition",
            )
        run.classes[entity.type] = cls
    if entity.id in out.entity_types:
        first_file, first_line = out.entity_lines[entity.id]
        raise CurationError(
            f"entity id {entity.id!r} is declared twice",
            file=path,
            line=entity.line,
            hint=f"it is first declared at {first_file}:{first_line}; keep one declaration "
            "(ids are the resource IRIs and must be unique; to add names or a definition "
            "from a source, write a statement with skos:altLabel or skos:definition)",
        )
    iri = _declare(run, entity.id, cls, entity.label, path, entity.line)
    triples = run.triples
    triples += [(iri, _ALT_LABEL, Literal(alt, lang="en")) for alt in entity.alt_labels]
    if entity.definition:
        triples.append((iri, _DEFINITION, Literal(entity.definition, lang="en")))
    if entity.comment:
        triples.append((iri, _SCOPE_NOTE, Literal(entity.comment, lang="en")))


def _add_broader(entity: Entity, path: Path, run: _Run) -> None:
    """The registry's skos:broader links, once every entity is known."""
    types = run.out.entity_types
    for broader in entity.broader:
        if broader not in types:
            raise CurationError(
                f"entity {entity.id!r}: broader {broader!r} is not a known entity"
                + did_you_mean(broader, types),
                file=path,
                line=entity.line_of("broader"),
                hint="declare it in data/entities/, or fix the id",
            )
        if types[broader] != types[entity.id] or broader == entity.id:
            raise CurationError(
                f"entity {entity.id!r}: broader {broader!r} is not another entity of its type",
                file=path,
                line=entity.line_of("broader"),
                hint="skos:broader links a condition to a more general condition, and so on",
            )
        run.triples.append((run.iris[entity.id], _BROADER, run.iris[broader]))


def _entity(
    run: _Run, name: str, expected: URIRef | None, st: Statement, path: Path, role: str
) -> URIRef:
    """The IRI of a named entity, checking it exists and has the expected class."""
    types = run.out.entity_types
    line = _field_line(st, role)
    if name not in types:
        fitting = [
            n
            for n, cls in types.items()
            if expected is None or run.ontology.is_subclass(cls, expected)
        ]
        raise CurationError(
            f"statement {st.id!r}: {role} {name!r} is not a known entity"
            + did_you_mean(name, fitting or types),
            file=path,
            line=line,
            hint="declare it in data/entities/, or fix the id's spelling",
        )
    if expected is not None and not run.ontology.is_subclass(types[name], expected):
        have = types[name].removeprefix(str(PSYKG))
        want = expected.removeprefix(str(PSYKG))
        raise CurationError(
            f"statement {st.id!r}: {role} {name!r} is a {have}, but a {want} is needed",
            file=path,
            line=line,
            hint="use another entity, or another predicate",
        )
    return run.iris[name]


def _field_line(st: Statement, key: str) -> int:
    """The line of a statement's field, or of a qualifier's (population, alternative…)."""
    if key in st.key_lines:
        return st.line_of(key)
    q = st.qualifiers
    return q.line_of(key) if q.line else st.line


def _add_statement(st: Statement, doc: str, source: SourceText, path: Path, run: _Run) -> URIRef:
    found = find_quote(source, st.quote, st.prefix)
    if isinstance(found, str):
        raise AnchorError(
            f"statement {st.id!r}: {found}",
            file=path,
            line=st.line_of("quote"),
            hint=_anchor_hint(found),
        )
    ontology = run.ontology
    triples = run.triples
    node = statement_iri(st.id)
    predicate = _predicate(st, path, run)
    subject = _entity(run, st.subject, ontology.domain(predicate), st, path, "subject")
    obj: URIRef | Literal
    if predicate == _TYPE:
        obj = _class(st, path, run)
        triples.append((node, _OBJECT, obj))
    elif st.object is not None:
        if predicate in ontology.datatype_properties:
            raise CurationError(
                f"statement {st.id!r}: {st.predicate} takes a literal",
                file=path,
                line=st.line,
                hint="write the literal under 'value' instead of 'object'",
            )
        obj = _entity(run, st.object, ontology.range(predicate), st, path, "object")
        triples.append((node, _OBJECT, obj))
    else:
        obj = _literal(st, predicate, path, ontology, run.out.records[doc].language)
        triples.append((node, _VALUE, obj))
    triples += [
        (subject, predicate, obj),
        (node, _TYPE, _STATEMENT),
        (node, _TYPE, _NAMED),
        (node, _SUBJECT, subject),
        (node, _PREDICATE, predicate),
    ]
    _add_qualifiers(st, node, path, run)
    quote = quote_iri(doc, found)
    triples.append((node, _DERIVED_FROM, quote))
    if quote not in run.quotes:
        run.quotes.add(quote)
        _add_quote(quote, run.iris[doc], found, run)
    run.out.anchors.append(Anchored(st.id, doc, found))
    return predicate


def _anchor_hint(problem: str) -> str:
    """The fix for a quote that cannot be anchored, by what went wrong."""
    if "occurs" in problem or " after " in problem:
        return (
            "'prefix' is the text just before the quote; 'prefix: ''' anchors it at "
            "its first occurrence"
        )
    if "chrome or pull-quote" in problem:
        return "quote the article's own copy of these words, or change the record's regions"
    if "where the text has" in problem:
        return "change the quote's character to the text's (the text is never edited)"
    return "quote words that are in the source text, exactly as it writes them"


def _predicate(st: Statement, path: Path, run: _Run) -> URIRef:
    if st.predicate == "type":
        return _TYPE
    known = run.predicates.get(st.predicate)
    if known is not None:
        return known
    try:
        predicate = expand(st.predicate)
    except KeyError:
        predicate = None
    if predicate is None or predicate not in run.ontology.properties:
        raise CurationError(
            f"statement {st.id!r}: unknown predicate {st.predicate!r}"
            + did_you_mean(st.predicate, ["type", *run.ontology.property_names()]),
            file=path,
            line=st.line_of("predicate"),
            hint="use 'type' or a property declared in ontology/psykg.ttl (e.g. primarilyTreats)",
        )
    run.predicates[st.predicate] = predicate
    return predicate


def _class(st: Statement, path: Path, run: _Run) -> URIRef:
    ontology = run.ontology
    cls = PSYKG[st.object or ""]
    if st.object is None or cls not in ontology.classes:
        raise CurationError(
            f"statement {st.id!r}: unknown class {st.object!r}"
            + did_you_mean(st.object or "", ontology.class_names()),
            file=path,
            line=st.line_of("object"),
            hint="a 'type' statement names a class declared in ontology/psykg.ttl",
        )
    declared = run.out.entity_types.get(st.subject)
    if declared is not None and not ontology.is_subclass(cls, declared):
        raise CurationError(
            f"statement {st.id!r}: {st.subject!r} is a {declared.removeprefix(str(PSYKG))}, "
            f"and {st.object} is not a kind of it",
            file=path,
            line=st.line,
            hint="a type statement may only name a subclass of the entity's declared type",
        )
    return cls


def _literal(
    st: Statement, predicate: URIRef, path: Path, ontology: Ontology, language: str
) -> Literal:
    if predicate in LANGUAGE_TEXT:
        return Literal(str(st.value), lang=language)
    datatype = ontology.range(predicate) or EXTERNAL_RANGES.get(predicate, XSD.string)
    literal = (
        typed_literal(st.value, datatype) if datatype != XSD.string else Literal(str(st.value))
    )
    if literal.ill_typed:
        raise CurationError(
            f"statement {st.id!r}: {st.value!r} is not a valid {curie(datatype)}",
            file=path,
            line=st.line,
            hint="write the value in the datatype's lexical form",
        )
    if predicate in SOURCE_WORDS and str(st.value) not in st.quote:
        raise CurationError(
            f"statement {st.id!r}: the value of {curie(predicate)} is not in its quote",
            file=path,
            line=st.line_of("value"),
            hint=f"{curie(predicate)} is in the source's words: copy the value from the quote "
            "(put a reading of the words in qualifiers.note)",
        )
    if datatype == XSD.nonNegativeInteger and (not isinstance(st.value, int) or st.value < 0):
        raise CurationError(
            f"statement {st.id!r}: {st.value!r} is not a whole number",
            file=path,
            line=st.line,
            hint="write the number without quotes",
        )
    return literal


def _add_qualifiers(st: Statement, node: URIRef, path: Path, run: _Run) -> None:
    q = st.qualifiers
    triples = run.triples
    for name, (prop, cls) in _QUALIFIER_ENTITIES.items():
        value = getattr(q, name)
        names = (value,) if isinstance(value, str) else (value or ())
        for entity in names:
            triples.append((node, prop, _entity(run, entity, cls, st, path, name)))
    for name, prop in _QUALIFIER_WORDINGS.items():
        for wording in getattr(q, name):
            if wording not in st.quote:
                raise CurationError(
                    f"statement {st.id!r}: {name} wording {wording!r} is not in its quote",
                    file=path,
                    line=q.line_of(name) if q.line else st.line,
                    hint="qualifier wordings must be copied from the statement's quote",
                )
            triples.append((node, prop, run.word(wording)))
    if q.aspect is not None:
        triples.append((node, _ASPECT, ASPECTS[q.aspect]))
    for entity in q.jointly_with:
        triples.append(
            (
                node,
                PSYKG.jointlyWith,
                _entity(
                    run, entity, run.out.entity_types.get(st.subject), st, path, "jointly_with"
                ),
            )
        )
    if q.especially_all:
        if len(q.especially) < 2:
            raise CurationError(
                f"statement {st.id!r}: especially_all needs two or more 'especially' populations",
                file=path,
                line=q.line_of("especially_all") if q.line else st.line,
                hint="remove especially_all, or list the populations the text joins with 'and'",
            )
        triples.append((node, PSYKG.especiallyForAll, Literal(True)))
    if q.note:
        triples.append((node, PSYKG.interpretationNote, Literal(q.note, lang="en")))


def _add_quote(quote: URIRef, doc: URIRef, sel: Selector, run: _Run) -> None:
    text_quote = URIRef(f"{quote}/text-quote")
    position = URIRef(f"{quote}/text-position")
    exact = Literal(sel.exact)
    run.triples += [
        (quote, _TYPE, _QUOTE),
        (quote, _TYPE, _NAMED),
        (quote, _LABEL, exact),
        (quote, _HAS_SOURCE, doc),
        (quote, _HAS_SELECTOR, text_quote),
        (quote, _HAS_SELECTOR, position),
        (text_quote, _TYPE, _TEXT_QUOTE),
        (text_quote, _EXACT, exact),
        (text_quote, _PREFIX, Literal(sel.prefix)),
        (text_quote, _SUFFIX, Literal(sel.suffix)),
        (position, _TYPE, _TEXT_POSITION),
        (position, _START, run.count(sel.start)),
        (position, _END, run.count(sel.end)),
    ]


def _add_mappings(mappings: list[Mapping], run: _Run, sssom: Path | None) -> None:
    for mapping in mappings:
        if mapping.subject not in run.out.entity_types:
            raise CurationError(
                f"mapping subject psykgr:{mapping.subject} is not a known entity"
                + did_you_mean(mapping.subject, run.out.entity_types),
                file=sssom,
                line=mapping.line,
                hint="fix the id, or declare the entity in a curation file",
            )
        predicate = expand(mapping.predicate)
        run.triples.append(
            (run.iris[mapping.subject], predicate, URIRef(_external(mapping.object)))
        )


def _external(curie: str) -> str:
    """The IRI of a mapping's object (its prefix was checked when the mappings were read)."""
    iri = prefixes.expand(curie)
    assert iri is not None, curie
    return iri


def compile_inputs(inputs: Inputs) -> tuple[Ontology, Compiled]:
    """Load the ontology and compile every curation file with the mappings."""
    ontology = Ontology.load(inputs.ontology)
    files = inputs.curation_files
    if not files:
        raise CurationError(
            "no curation files",
            file=inputs.root / CURATION_DIR,
            hint="add data/curation/<document>.yaml",
        )
    mappings = read_sssom(inputs.sssom) if inputs.sssom.is_file() else []
    check_verified(mappings, inputs.sssom.parent / VERIFIED_TABLE, inputs.sssom)
    with gc_paused():
        return ontology, compile_files(files, ontology, inputs.data_dir, mappings, inputs.sssom)
