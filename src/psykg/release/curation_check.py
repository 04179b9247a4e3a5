"""`psykg check`: every rule a build applies to the curation, without writing anything.

A curator runs check before build; whatever would stop the build (a quote, a SHACL shape, a
SPARQL check, HermiT's consistency proof) stops check too, and each violation names the
curation file and line of the resource it is about."""

from __future__ import annotations

from pathlib import Path

from psykg.build.compile import Compiled, quote_iri
from psykg.build.reason import HERMIT_MAX_TRIPLES
from psykg.errors import ValidationFailed
from psykg.paths import Inputs
from psykg.rdf.namespaces import RES
from psykg.release.pipeline import Result, run
from psykg.validation.report import Finding


def check_curation(
    inputs: Inputs, *, use_hermit: bool = True, hermit_limit: int | None = HERMIT_MAX_TRIPLES
) -> Result:
    """Compile, reason (the rules, and HermiT when `use_hermit` and the data is within
    `hermit_limit`, as in build: pipeline.run) and validate; raise ValidationFailed listing
    each violation at its file:line. The result carries the warnings and notes."""
    result = run(inputs, use_hermit=use_hermit, hermit_limit=hermit_limit)
    report = result.report
    if not report.conforms:
        raise located_failure(report.violations, result.compiled)
    return result


def located_failure(violations: tuple[Finding, ...], compiled: Compiled) -> ValidationFailed:
    """One error listing every violation at the file and line of its resource (check and
    build raise it)."""
    where = Locator(compiled)
    lines: list[str] = []
    first: tuple[Path, int] | None = None
    for finding in violations:
        at = where(finding.focus)
        first = first or at
        place = f"{at[0]}:{at[1]}: " if at else ""
        lines.append(f"{place}{short(finding.focus)}: {finding.message} [{finding.shape}]")
    count = len(violations)
    return ValidationFailed(
        f"{count} violation{'s' if count != 1 else ''} of the shapes and checks:\n  "
        + "\n  ".join(lines),
        file=first[0] if first else None,
        line=first[1] if first else None,
        hint="fix the curation at the lines above; `psykg validate` prints the full report",
    )


def short(iri: str) -> str:
    """A resource IRI without the resource namespace."""
    return iri.removeprefix(str(RES))


class Locator:
    """Resource IRI -> the curation file and line that introduce it: entities by their
    declaration, statements by their record, quotes and selectors by the first statement
    anchored there."""

    def __init__(self, compiled: Compiled) -> None:
        self.compiled = compiled
        self.quotes: dict[str, tuple[Path, int]] = {}
        for anchor in compiled.anchors:
            found = compiled.statement_lines.get(anchor.statement)
            if found is not None:
                self.quotes.setdefault(str(quote_iri(anchor.document, anchor.selector)), found)

    def __call__(self, iri: str) -> tuple[Path, int] | None:
        local = short(iri)
        if local == iri:
            return None
        if local.startswith("statement/"):
            return self.compiled.statement_lines.get(local.removeprefix("statement/"))
        if local.startswith("quote/"):
            base = iri.removesuffix("/text-quote").removesuffix("/text-position")
            return self.quotes.get(base)
        return self.compiled.entity_lines.get(local)
