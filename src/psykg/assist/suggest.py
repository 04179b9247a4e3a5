"""Draft statements for a source: in each sentence of its prose, a cue phrase of the ontology
gives the predicate; the entities named before and after it (or the text's main subject, for
'it' and 'this therapy') give the subject and objects; what nothing in the registry matches
becomes a proposed entity; the quote runs from the clause's start to the object, and is
anchored exactly (with a prefix where it repeats)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from psykg.assist.cues import Cue, cues
from psykg.assist.lexicon import Lexicon, Mention
from psykg.build.compile import read_text
from psykg.build.ontology import Ontology
from psykg.curation.anchor import SourceText, distinguishing_prefix, sentences
from psykg.curation.load import load_curation, load_registry, load_source
from psykg.curation.model import Draft, Entity, Qualifiers, Statement
from psykg.errors import CurationError
from psykg.paths import ENTITIES_DIR, Inputs
from psykg.rdf.namespaces import PSYKG

_EVIDENCE = re.compile(
    r"(?:\b[A-Z]?[a-z]+ )?\b(?:studies|research|trials|evidence)\s+(?:have\s+|has\s+)?"
    r"(?:found|shows?|suggests?)\b",
    re.IGNORECASE,
)
_HEDGES = ("may", "might", "can be", "usually", "often", "sometimes")
_SEPARATORS = re.compile(r",\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+|\s+such\s+as\s+")
_FUNCTION = frozenset(
    (
        "of",
        "the",
        "a",
        "an",
        "on",
        "in",
        "to",
        "and",
        "or",
        "other",
        "include",
        "includes",
        "including",
        "for",
        "with",
        "from",
        "by",
        "at",
        "as",
        "such",
        "instances",
        "cases",
        "those",
        "some",
        "also",
    )
)
"""Words stripped from both ends of a phrase before it is grounded or proposed."""
_GENERIC = frozenset(
    (
        "therapy",
        "therapies",
        "treatment",
        "treatments",
        "form",
        "forms",
        "type",
        "types",
        "people",
        "patients",
        "individuals",
        "disorders",
        "conditions",
        "experience",
    )
)
"""Phrases too general to be an entity."""
_NOT_A_NAME = frozenset(
    (
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "both",
        "it",
        "its",
        "this",
        "that",
        "these",
        "which",
        "who",
        "whom",
        "whose",
        "when",
        "while",
        "especially",
        "however",
        "but",
        "if",
        "because",
        "may",
        "can",
        "will",
        "would",
        "their",
        "they",
        "them",
        "there",
        "than",
        "as",
        "has",
        "have",
        "had",
        "do",
        "does",
        "not",
        "no",
    )
)
MAX_NEW_ENTITY_WORDS = 6


@dataclass
class _Drafting:
    """One source being drafted."""

    name: str
    document: str
    source: SourceText
    lexicon: Lexicon
    topics: Counter[str]
    known_ids: set[str]
    statements: list[Statement] = field(default_factory=list)
    entities: dict[str, Entity] = field(default_factory=dict)
    claims: set[tuple[str, str, str]] = field(default_factory=set)


def suggest(inputs: Inputs, name: str, *, skip_curated: bool = True) -> Draft:
    """Draft statements for the source `name` (data/sources/<name>.yaml); with
    `skip_curated`, leave out claims its curation file already makes."""
    record_path = inputs.data_dir / "sources" / f"{name}.yaml"
    if not record_path.is_file():
        known = sorted(p.stem for p in (inputs.data_dir / "sources").glob("*.yaml"))
        from psykg.curation.hints import did_you_mean

        raise CurationError(
            f"no source record data/sources/{name}.yaml" + did_you_mean(name, known),
            hint="psykg new-source FILE --id NAME starts one",
        )
    record = load_source(record_path)
    source = SourceText.from_regions(
        read_text(record_path, record, inputs.data_dir), record.regions
    )
    ontology = Ontology.load(inputs.ontology)
    entities = tuple(
        e
        for p in sorted((inputs.root / ENTITIES_DIR).glob("*.yaml"))
        for e in load_registry(p).entities
    )
    lexicon = Lexicon(entities, ontology)
    curated, known_ids = _curated(inputs)
    run = _Drafting(
        name,
        record.id,
        source,
        lexicon,
        Counter(m.entity for a, b in source.prose for m in lexicon.mentions(source.text, a, b)),
        known_ids | {e.id for e in entities},
    )
    if skip_curated:
        run.claims |= curated.get(record.id, set())
    found = cues(ontology)
    for start, end in sentences(source):
        _draft_sentence(run, start, end, found)
    return Draft(
        source=name, entities=tuple(run.entities.values()), statements=tuple(run.statements)
    )


def _curated(inputs: Inputs) -> tuple[dict[str, set[tuple[str, str, str]]], set[str]]:
    """Claims each source's curation already makes, and every statement id in use."""
    claims: dict[str, set[tuple[str, str, str]]] = {}
    ids: set[str] = set()
    for path in inputs.curation_files:
        record = inputs.data_dir / "sources" / path.name
        document = load_source(record).id if record.is_file() else path.stem
        for st in load_curation(path).statements:
            ids.add(st.id)
            claims.setdefault(document, set()).add(
                (st.subject, st.predicate, str(st.object if st.object is not None else st.value))
            )
    return claims, ids


def _draft_sentence(run: _Drafting, start: int, end: int, found: list[Cue]) -> None:
    text = run.source.text
    hits: list[tuple[int, int, Cue, re.Match[str]]] = []
    for cue in found:
        for match in cue.pattern.finditer(text, start, end):
            if all(match.end() <= a or match.start() >= b for a, b, _, _ in hits):
                hits.append((match.start(), match.end(), cue, match))
    hits.sort(key=lambda h: h[0])
    for index, (a, b, cue, match) in enumerate(hits):
        clause = _clause_start(text, start, a)
        stop = hits[index + 1][0] if index + 1 < len(hits) else _clause_end(text, b, end)
        subjects = _subjects(run, clause, a, cue)
        if cue.literal:
            for subject, quote_start in subjects:
                _add(run, subject, cue, None, match.group(1), quote_start, b)
            continue
        for obj, obj_end in _objects(run, b, stop, cue):
            for subject, quote_start in subjects:
                if subject != obj:
                    _add(run, subject, cue, obj, None, quote_start, obj_end)


def _clause_start(text: str, sentence_start: int, cue_start: int) -> int:
    """The start of the clause holding the cue: after the last ';' or ':' before it."""
    cut = max(
        text.rfind(";", sentence_start, cue_start), text.rfind(":", sentence_start, cue_start)
    )
    if cut == -1:
        return sentence_start
    return cut + 1 + len(text[cut + 1 : cue_start]) - len(text[cut + 1 : cue_start].lstrip())


def _clause_end(text: str, after: int, sentence_end: int) -> int:
    """Where the objects of a cue end: the clause's end (';') or the sentence's."""
    cut = text.find(";", after, sentence_end)
    return sentence_end if cut == -1 else cut


def _subjects(run: _Drafting, clause: int, cue_start: int, cue: Cue) -> list[tuple[str, int]]:
    """(subject, where its quote starts): the entities of the cue's domain named before it in
    the clause, or else the text's most named entity of that domain."""
    named = [
        m
        for m in run.lexicon.mentions(run.source.text, clause, cue_start)
        if run.lexicon.fits(m.entity, cue.domain)
    ]
    if not named:
        for phrase_start, phrase_end in _rest(run, clause, cue_start, []):
            entity = run.lexicon.closest(run.source.text[phrase_start:phrase_end], cue.domain)
            if entity:
                named.append(Mention(phrase_start, phrase_end, entity))
    if named:
        return [(m.entity, clause) for m in named]
    topic = next((e for e, _ in run.topics.most_common() if run.lexicon.fits(e, cue.domain)), None)
    return [(topic, clause)] if topic else []


def _objects(run: _Drafting, start: int, stop: int, cue: Cue) -> list[tuple[str, int]]:
    """(object, where it ends) for the cue's range: entities named after the cue, then the
    closest name for each remaining phrase, else a proposed new entity."""
    text, lexicon = run.source.text, run.lexicon
    mentions = lexicon.mentions(text, start, stop)
    found = [(m.entity, m.end) for m in mentions if lexicon.fits(m.entity, cue.range)]
    for a, b in _rest(run, start, stop, mentions):
        phrase = text[a:b]
        entity = lexicon.closest(phrase, cue.range)
        if entity is None:
            entity = _propose(run, phrase, cue)
        if entity is not None:
            found.append((entity, b))
    return sorted(found, key=lambda f: f[1])


def _rest(run: _Drafting, start: int, stop: int, mentions: list[Mention]) -> list[tuple[int, int]]:
    """The phrases of text[start:stop] outside the mentions, split at commas and 'and'."""
    text = run.source.text
    spans: list[tuple[int, int]] = []
    cursor = start
    for m in [*mentions, Mention(stop, stop, "")]:
        piece_start = cursor
        for sep in _SEPARATORS.finditer(text, cursor, m.start):
            spans.append((piece_start, sep.start()))
            piece_start = sep.end()
        spans.append((piece_start, m.start))
        cursor = m.end
    out = []
    for a, b in spans:
        words = text[a:b].strip(" .,;:").split()
        while words and words[0].lower() in _FUNCTION:
            words.pop(0)
        while words and words[-1].lower().strip(",.") in _FUNCTION:
            words.pop()
        stripped = " ".join(words)
        if len(stripped) >= 3 and stripped.lower() not in _GENERIC and stripped in text[a:b]:
            a = text.index(stripped, a)
            out.append((a, a + len(stripped)))
    return out


def _propose(run: _Drafting, phrase: str, cue: Cue) -> str | None:
    """A new entity for a short noun phrase of the cue's range class, or None."""
    words = phrase.split()
    if (
        cue.range is None
        or not cue.range.startswith(PSYKG)
        or not words
        or len(words) > MAX_NEW_ENTITY_WORDS
        or any(w.lower().strip(",.") in _NOT_A_NAME for w in words)
    ):
        return None
    slug = re.sub(r"[^a-z0-9]+", "-", phrase.lower()).strip("-")
    if not slug:
        return None
    if slug in run.lexicon.types or slug in run.entities:
        return slug if slug in run.entities else None
    run.entities[slug] = Entity(id=slug, type=cue.range.removeprefix(str(PSYKG)), label=phrase)
    run.lexicon.types[slug] = cue.range
    return slug


def _add(
    run: _Drafting, subject: str, cue: Cue, obj: str | None, value: str | None, start: int, end: int
) -> None:
    key = (subject, cue.predicate, obj if obj is not None else str(value))
    if key in run.claims:
        return
    run.claims.add(key)
    text = run.source.text
    quote = text[start:end].rstrip(" ,")
    occurrences = run.source.occurrences(quote)
    prefix = None
    if len(occurrences) > 1:
        prefix = "" if occurrences[0] == start else distinguishing_prefix(text, start, occurrences)
    base = f"{run.name}-{subject}-{_kebab(cue.predicate)}-{obj or value}"
    ident, n = base, 2
    while ident in run.known_ids:
        ident, n = f"{base}-{n}", n + 1
    run.known_ids.add(ident)
    run.statements.append(
        Statement(
            id=ident,
            subject=subject,
            predicate=cue.predicate,
            object=obj,
            value=int(value) if value is not None else None,
            quote=quote,
            prefix=prefix,
            qualifiers=_qualifiers(quote),
        )
    )


def _qualifiers(quote: str) -> Qualifiers:
    """Evidence and hedge wordings, copied from the quote."""
    evidence = tuple(m.group(0) for m in _EVIDENCE.finditer(quote))
    hedges = tuple(h for h in _HEDGES if re.search(rf"(?<!\w){h}(?!\w)", quote))
    return Qualifiers(evidence=evidence, hedge=hedges)


def _kebab(predicate: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", re.sub(r"([a-z])([A-Z])", r"\1-\2", predicate).lower())


def draft_path(inputs: Inputs, name: str) -> Path:
    """Where `psykg suggest` writes the draft of a source."""
    return inputs.data_dir / "drafts" / f"{name}.yaml"
