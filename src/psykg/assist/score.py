"""Recall and precision of drafts against a hand curation, claim by claim."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from psykg.curation.model import Statement

Claim = tuple[str, str, str]


def claim(st: Statement) -> Claim:
    """What a statement says: subject, predicate, and object or value."""
    return st.subject, st.predicate, str(st.object if st.object is not None else st.value)


@dataclass(frozen=True)
class Score:
    """How drafts compare with the hand curation of one source."""

    drafted: int
    curated: int
    matched: int
    cued_curated: int
    """Hand-curated claims whose predicate has a cue phrase (the most suggest could find)."""

    @property
    def recall(self) -> float:
        """Share of the hand-curated claims that a draft makes."""
        return self.matched / self.curated if self.curated else 0.0

    @property
    def precision(self) -> float:
        """Share of the drafts that the hand curation makes too."""
        return self.matched / self.drafted if self.drafted else 0.0


def score(
    drafts: Iterable[Statement], curated: Iterable[Statement], cued_predicates: set[str]
) -> Score:
    """Compare drafted and hand-curated claims (each counted once)."""
    mine = {claim(st) for st in drafts}
    theirs = {claim(st) for st in curated}
    return Score(
        drafted=len(mine),
        curated=len(theirs),
        matched=len(mine & theirs),
        cued_curated=sum(1 for c in theirs if c[1] in cued_predicates),
    )
