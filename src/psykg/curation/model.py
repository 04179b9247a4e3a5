"""Typed records of a curation file. Every field is described; unknown keys are errors."""

from __future__ import annotations

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


class Document(Record):
    """The source document: its verbatim text file and the regions that are not content."""

    id: str = Field(pattern=SLUG, description="Slug of the source document resource.")
    text: str = Field(description="Path of the verbatim text, relative to the data folder.")
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$", description="Checksum of the text file.")
    language: str = Field("en", description="BCP 47 language tag of the text.")
    regions: tuple[Region, ...] = Field((), description="Non-prose regions of the text.")


class Entity(Record):
    """A thing the source talks about: a therapy, condition, trait, goal, person…"""

    id: str = Field(pattern=SLUG, description="Slug: the last segment of the resource IRI.")
    type: str = Field(description="Ontology class, by local name (e.g. Therapy, Condition).")
    label: str = Field(min_length=1, description="Preferred English label (skos:prefLabel).")
    alt_labels: tuple[str, ...] = Field((), description="Other names (skos:altLabel).")
    comment: str = Field("", description="Scope note for curators (skos:scopeNote).")


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
        "skos:exactMatch", "skos:closeMatch", "skos:broadMatch", "skos:narrowMatch",
        "skos:relatedMatch",
    ] = Field(description="SKOS mapping relation.")
    object: str = Field(description="CURIE of the external identifier (MESH:D064889…).")
    object_label: str = Field(description="Label of the identifier as its vocabulary spells it.")


class Curation(Record):
    """A whole curation file: one source document, its entities and statements."""

    document: Document = Field(description="The source document.")
    entities: tuple[Entity, ...] = Field(description="Things the document talks about.")
    statements: tuple[Statement, ...] = Field(description="Claims, each with its quote.")
