"""One exception tree for psykg: every failure a user can cause is a PsykgError."""

from __future__ import annotations

from pathlib import Path


class PsykgError(Exception):
    """Base class: a message, and optionally the file, line and a hint to fix it."""

    def __init__(
        self,
        message: str,
        *,
        file: Path | str | None = None,
        line: int | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = Path(file) if file is not None else None
        self.line = line
        self.hint = hint

    def __str__(self) -> str:
        where = ""
        if self.file is not None:
            where = f"{self.file}:{self.line}: " if self.line else f"{self.file}: "
        text = f"{where}{self.message}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


class CurationError(PsykgError):
    """A curation file is malformed or says something the model does not allow."""


class AnchorError(CurationError):
    """A quote is not in the source text, or is not unique there."""


class OntologyError(PsykgError):
    """The ontology or shapes file cannot be read or lacks a term the code needs."""


class ReasonerError(PsykgError):
    """The reasoner could not run, or found the ontology plus data inconsistent."""


class ValidationFailed(PsykgError):
    """The graph does not conform to the SHACL shapes or a SPARQL check returned rows."""


class QueryError(PsykgError):
    """A query is unknown, malformed, or was given a parameter it cannot use."""


class DatasetMissing(PsykgError):
    """The built dataset is not there yet."""


class PublishingError(PsykgError):
    """The site cannot be published as asked (for example at a host URL the rules cannot use)."""
