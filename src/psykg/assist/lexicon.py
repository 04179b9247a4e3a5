"""The entity registry as a lexicon: find entities a text names (label, alt label, a plural),
and ground a phrase to the closest one with rapidfuzz."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from rapidfuzz import fuzz, process, utils
from rdflib import URIRef

from psykg.build.ontology import Ontology
from psykg.curation.model import Entity
from psykg.rdf.namespaces import PSYKG

FUZZY_CUTOFF = 88.0
"""rapidfuzz WRatio (0-100) a phrase needs to be grounded to a name it does not contain."""


@dataclass(frozen=True)
class Mention:
    """Where a text names an entity."""

    start: int
    end: int
    entity: str


@dataclass(frozen=True)
class Lexicon:
    """Every name of every entity of the registry, with each entity's class."""

    entities: tuple[Entity, ...]
    ontology: Ontology

    @cached_property
    def types(self) -> dict[str, URIRef]:
        """Entity id -> its class."""
        return {e.id: PSYKG[e.type] for e in self.entities}

    @cached_property
    def names(self) -> list[tuple[str, str]]:
        """(name, entity id) for every label and alt label, longest name first."""
        pairs = {(name, e.id) for e in self.entities for name in (e.label, *e.alt_labels)}
        return sorted(pairs, key=lambda p: (-len(p[0]), p))

    @cached_property
    def _patterns(self) -> list[tuple[re.Pattern[str], str]]:
        return [(_name_pattern(name), entity) for name, entity in self.names]

    def fits(self, entity: str, cls: URIRef | None) -> bool:
        """Whether the entity is of the class (any entity fits no class)."""
        return cls is None or self.ontology.is_subclass(self.types[entity], cls)

    def mentions(self, text: str, start: int = 0, end: int | None = None) -> list[Mention]:
        """The entities named in text[start:end], longest names first, never overlapping."""
        end = len(text) if end is None else end
        taken: list[Mention] = []
        for pattern, entity in self._patterns:
            for match in pattern.finditer(text, start, end):
                a, b = match.span()
                if all(b <= m.start or a >= m.end for m in taken):
                    taken.append(Mention(a, b, entity))
        return sorted(taken, key=lambda m: m.start)

    def closest(self, phrase: str, cls: URIRef | None) -> str | None:
        """The entity of `cls` whose name is closest to `phrase`, if close enough."""
        choices = {name: entity for name, entity in self.names if self.fits(entity, cls)}
        if not choices or len(phrase) < 4:
            return None
        found = process.extractOne(
            phrase,
            list(choices),
            scorer=fuzz.WRatio,
            processor=utils.default_process,
            score_cutoff=FUZZY_CUTOFF,
        )
        return choices[found[0]] if found else None


def _name_pattern(name: str) -> re.Pattern[str]:
    """A name as a pattern: case-insensitive, whole words, hyphen or space alike, a leading
    'the' optional, an 's' of the plural (or its absence) allowed."""
    words = name.removeprefix("the ").split()
    body = r"[\s-]+".join(re.escape(w).replace(r"\-", r"[\s-]") for w in words)
    body = body.removesuffix("s") + "s?" if body.endswith("s") and len(body) > 4 else body + "s?"
    return re.compile(r"(?<![\w-])" + body + r"(?![\w-])", re.IGNORECASE)
