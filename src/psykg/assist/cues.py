"""Cue phrases the ontology declares (psykg:cuePhrase on each property), as patterns."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rdflib import Literal, URIRef

from psykg.build.ontology import Ontology, curie
from psykg.rdf.namespaces import PSYKG

CUE_PHRASE = PSYKG.cuePhrase
NUMBER = "N"
"""In a cue phrase, the place of a number (the statement's value)."""


@dataclass(frozen=True)
class Cue:
    """One cue phrase of one property."""

    predicate: str
    """The property as curation files write it (local name or CURIE)."""
    phrase: str
    pattern: re.Pattern[str]
    domain: URIRef | None
    range: URIRef | None
    literal: bool
    """Whether the property takes a value (the number in the phrase) instead of an entity."""


def cues(ontology: Ontology) -> list[Cue]:
    """Every cue phrase of the ontology, longest first (so the most specific wins)."""
    found: list[Cue] = []
    for prop, phrase in ontology.graph.subject_objects(CUE_PHRASE):
        if not isinstance(prop, URIRef) or not isinstance(phrase, Literal):
            continue
        text = str(phrase)
        words = [r"(\d+)" if w == NUMBER else re.escape(w) for w in text.split()]
        pattern = re.compile(r"(?<![\w-])" + r"\s+".join(words) + r"(?![\w-])", re.IGNORECASE)
        name = prop.removeprefix(str(PSYKG)) if prop.startswith(PSYKG) else curie(prop)
        found.append(
            Cue(
                name,
                text,
                pattern,
                ontology.domain(prop),
                ontology.range(prop),
                prop in ontology.datatype_properties,
            )
        )
    return sorted(found, key=lambda c: (-len(c.phrase), c.predicate, c.phrase))
