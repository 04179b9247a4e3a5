"""Typed records of a curation file. Every field is described; unknown keys are errors."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"

RegionKind = Literal["chrome", "byline", "title", "heading", "pull-quote"]
"""chrome and pull-quote are not content and cannot be quoted; the rest can."""

QUOTABLE_KINDS: frozenset[str] = frozenset({"byline", "title", "heading"})
Aspect = Literal["focus", "duration", "effectiveness", "suitability"]


class Record(BaseModel):
    """Common base: closed (unknown keys fail) and carrying its line in the file."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    line: int = Field(0, description="Line in the curation file where the record starts.")
    key_lines: dict[str, int] = Field(
        default_factory=dict, exclude=True, description="Line of each key, for error messages."
    )

    def line_of(self, key: str) -> int:
        """The line of `key` in the file, or the record's first line."""
        return self.key_lines.get(key, self.line)


class Region(Record):
    """A range of lines in the source text that is not plain article prose."""

    lines: tuple[int, int] = Field(description="First and last line (1-based, inclusive).")
    kind: RegionKind = Field(description="What the lines are: chrome, byline, title, heading…")
    note: str = Field("", description="Why the lines are marked.")


class SourceRecord(Record):
    """A source document: where it came from, the licence of its text, and its text file.

    One file per source, `data/sources/<name>.yaml`, beside its verbatim text; the statements
    quoting it are in `data/curation/<name>.yaml` (the same name)."""

    id: str = Field(pattern=SLUG, description="Slug of the source document resource.")
    label: str = Field(min_length=1, description="Preferred label of the document resource.")
    title: str = Field(min_length=1, description="Title as the document gives it (dcterms:title).")
    author: str | None = Field(
        None, min_length=1, description="Author(s) as named (dcterms:creator)."
    )
    publisher: str | None = Field(
        None, pattern=SLUG, description="Organization entity that published it (dcterms:publisher)."
    )
    url: str | None = Field(
        None, pattern=r"^https?://[^\s<>\"{}|\\^`]+$", description="Where it was read (schema:url)."
    )
    published: date | None = Field(None, description="Date first published (dcterms:issued).")
    updated: date | None = Field(None, description="Date last updated (dcterms:modified).")
    retrieved: date | None = Field(
        None, description="Date the text was copied (psykg:retrievedOn)."
    )
    language: str = Field(
        "en", pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$", description="BCP 47 tag of the text."
    )
    text: str = Field(
        pattern=r"^[A-Za-z0-9._-]+\.txt$",
        description="File name of the verbatim text, in the same folder as this record.",
    )
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$", description="Checksum of the text file.")
    text_rights: str = Field(
        min_length=1, description="Who holds the rights to the text, in words (dcterms:rights)."
    )
    text_licence: str | None = Field(
        None,
        pattern=r"^https?://[^\s<>\"{}|\\^`]+$",
        description="IRI of the licence of the text, if it has one (dcterms:license).",
    )
    republish_text: bool = Field(
        description="Whether the licence lets the release republish the whole text "
        "(psykg:textRepublishable); quotes are published either way."
    )
    note: str = Field(
        "", description="Anything a reader of the record should know (dcterms:description)."
    )
    regions: tuple[Region, ...] = Field((), description="Non-prose regions of the text.")


class Entity(Record):
    """A thing sources talk about: a therapy, condition, trait, goal, person…"""

    id: str = Field(pattern=SLUG, description="Slug: the last segment of the resource IRI.")
    type: str = Field(description="Ontology class, by local name (e.g. Therapy, Condition).")
    label: str = Field(min_length=1, description="Preferred English label (skos:prefLabel).")
    alt_labels: tuple[str, ...] = Field((), description="Other names (skos:altLabel).")
    definition: str = Field("", description="The curators' definition (skos:definition).")
    broader: tuple[str, ...] = Field(
        (), description="Entity ids of broader entities of the same kind (skos:broader)."
    )
    comment: str = Field("", description="Scope note for curators (skos:scopeNote).")


class Registry(Record):
    """One file of the shared entity registry, `data/entities/<kind>.yaml`."""

    entities: tuple[Entity, ...] = Field(
        description="Entities, each declared once in the registry."
    )


class Qualifiers(Record):
    """Qualifiers of a statement. Every wording must occur inside the statement's quote."""

    population: tuple[str, ...] = Field((), description="Entities: populations it applies to.")
    especially: tuple[str, ...] = Field((), description="Entities: populations it applies to most.")
    alternative: str | None = Field(None, description="Entity: the therapy to use instead.")
    compared_to: str | None = Field(None, description="Entity: the therapy compared against.")
    aspect: Aspect | None = Field(None, description="What a comparison is about.")
    evidence: tuple[str, ...] = Field((), description="Wording of the evidence ('Studies…').")
    hedge: tuple[str, ...] = Field((), description="Hedging wording ('may', 'usually'…).")
    extent: tuple[str, ...] = Field((), description="Wording of degree ('especially'…).")
    scope: tuple[str, ...] = Field((), description="Wording that limits the claim.")
    example: tuple[str, ...] = Field(
        (),
        description="Wording that names the object as an example of a group "
        "('therapies such as CBT').",
    )
    jointly_with: tuple[str, ...] = Field(
        (),
        description="Entities: the claim holds of the subject only together with these "
        "(the text joins them with 'and').",
    )
    especially_all: bool = Field(
        False,
        description="True when the 'especially' populations are one group that is all "
        "of them at once (joined by 'and'), not each alone.",
    )
    note: str = Field(
        "",
        description="Interpretation note, published with the statement: the reading chosen "
        "where the text is ambiguous, or where a partner or relation is not in the quote.",
    )


class Statement(Record):
    """One claim of the source: subject, predicate, object or value, and its quote."""

    id: str = Field(pattern=SLUG, description="Slug of the statement node.")
    subject: str = Field(description="Entity id the claim is about.")
    predicate: str = Field(description="Ontology property by local name or CURIE, or 'type'.")
    object: str | None = Field(None, description="Entity id (or class for 'type').")
    value: str | int | None = Field(None, description="Literal value, typed by the range.")
    quote: str = Field(min_length=3, description="Exact words of the source text.")
    prefix: str | None = Field(None, description="Text just before the quote, to disambiguate.")
    qualifiers: Qualifiers = Field(default_factory=Qualifiers, description="Qualifiers.")

    @model_validator(mode="after")
    def _one_object(self) -> Statement:
        if (self.object is None) == (self.value is None):
            raise ValueError("give exactly one of 'object' (an entity) or 'value' (a literal)")
        return self


class Mapping(Record):
    """A link to an identifier in an external vocabulary (one SSSOM row)."""

    subject: str = Field(description="Entity id.")
    predicate: Literal[
        "skos:exactMatch",
        "skos:closeMatch",
        "skos:broadMatch",
        "skos:narrowMatch",
        "skos:relatedMatch",
    ] = Field(description="SKOS mapping relation.")
    object: str = Field(description="CURIE of the external identifier (MESH:D064889…).")
    object_label: str = Field(description="Label of the identifier as its vocabulary spells it.")


class Curation(Record):
    """A curation file: the statements of one source, each with its quote. The source is the
    record of the same name in data/sources/; entities are in data/entities/."""

    statements: tuple[Statement, ...] = Field(description="Claims, each with its quote.")


class Draft(Record):
    """A draft of `psykg suggest`, `data/drafts/<source>.yaml`: statements and new entities
    proposed for one source. The build never reads it; `psykg accept` moves what the curator
    keeps into the curation file and the entity registry."""

    source: str = Field(pattern=SLUG, description="Name of the source (data/sources/<name>.txt).")
    entities: tuple[Entity, ...] = Field(
        (), description="New entities the drafts need (nothing in the registry matched)."
    )
    statements: tuple[Statement, ...] = Field(description="Draft statements, each with its quote.")
