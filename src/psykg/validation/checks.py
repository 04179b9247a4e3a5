"""SPARQL checks (queries/checks/*-violation.rq, *-warning.rq, *-info.rq): read and vet them,
run them on rdflib (the reference) or on the pyoxigraph store of the compiled engine; every row
is a finding of the severity the file name ends in (only violations fail a build)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import Graph
from rdflib.query import ResultRow

from psykg.errors import OntologyError
from psykg.sparql.guard import Refused, check_query
from psykg.validation.compiled import DataStore, Unsupported, to_rdflib
from psykg.validation.report import Finding, term_text

if TYPE_CHECKING:
    from rdflib.plugins.sparql.sparql import Query


CHECK_GLOB = "*-violation.rq"
SEVERITY_SUFFIXES = {"-violation.rq": "Violation", "-warning.rq": "Warning", "-info.rq": "Info"}
"""A check's severity, from the end of its file name."""
_HEADER = re.compile(r"^#\s*(title|description|fix)\s*:\s*(.*)$")


@dataclass(frozen=True)
class Check:
    """A SPARQL check file: every row its SELECT returns is a violation."""

    name: str
    path: Path
    title: str
    description: str
    fix: str
    text: str
    severity: str = "Violation"

    @cached_property
    def query(self) -> Query:
        """The check prepared for rdflib's SPARQL engine (the reference engine only; its
        parser takes a quarter of a second to import, so only this imports it)."""
        from rdflib.plugins.sparql import prepareQuery

        return prepareQuery(self.text)


def load_checks(checks_dir: Path) -> list[Check]:
    """Every check in `checks_dir` (see SEVERITY_SUFFIXES), sorted by name; a bad file raises
    OntologyError."""
    if not checks_dir.is_dir():
        raise OntologyError(
            "the checks folder does not exist",
            file=checks_dir,
            hint="SPARQL checks live in queries/checks/ of the checkout",
        )
    paths = sorted(
        p
        for p in checks_dir.glob("*.rq")
        if any(p.name.endswith(suffix) for suffix in SEVERITY_SUFFIXES)
    )
    return [_load_check(path) for path in paths]


def _load_check(path: Path) -> Check:
    text = path.read_text(encoding="utf-8")
    header: dict[str, str] = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        match = _HEADER.match(line)
        if match:
            header[match.group(1)] = match.group(2).strip()
    missing = [key for key in ("title", "description", "fix") if not header.get(key)]
    if missing:
        raise OntologyError(
            f"check header lacks {', '.join(missing)}",
            file=path,
            hint="start the file with '# title: ...', '# description: ...' and '# fix: ...' lines",
        )
    _parse_check(path, text)
    name = path.name.removesuffix(".rq")
    severity = next(v for k, v in SEVERITY_SUFFIXES.items() if path.name.endswith(k))
    return Check(name, path, header["title"], header["description"], header["fix"], text, severity)


def _parse_check(path: Path, text: str) -> None:
    """Raise OntologyError unless `text` is a SELECT of ?resource and ?message that reads
    only the data (no SERVICE, update or remote FROM; pyoxigraph parses it)."""
    import pyoxigraph

    try:
        check_query(text)
        projected = _projected(pyoxigraph.Store().query(text))
    except SyntaxError as exc:
        raise OntologyError(
            f"check is not valid SPARQL: {exc}",
            file=path,
            hint="fix the query; declare every prefix it uses",
        ) from exc
    except Refused as exc:
        raise OntologyError(
            f"check reaches outside the data: {exc}",
            file=path,
            hint="a check may only read the dataset",
        ) from exc
    if not {"resource", "message"} <= projected:
        raise OntologyError(
            "check is not a SELECT of ?resource and ?message",
            file=path,
            hint="write SELECT ?resource ?message ... (more variables are fine)",
        )


def _projected(solutions: object) -> set[str]:
    """The variables a query's answer projects (none for ASK and CONSTRUCT). The answer is
    dropped here, in the thread that made it: pyoxigraph's answers may not cross threads, and
    an error raised with it in a frame would carry it to the thread that reads the error."""
    import pyoxigraph

    if isinstance(solutions, pyoxigraph.QuerySolutions):
        return {v.value for v in solutions.variables}
    return set()


def reference_findings(graph: Graph, checks: Iterable[Check]) -> list[Finding]:
    findings = []
    for check in checks:
        for row in graph.query(check.query):
            if not isinstance(row, ResultRow):
                continue
            values = row.asdict()
            resource, message = values.get("resource"), values.get("message")
            path, value = values.get("path"), values.get("value")
            findings.append(
                Finding(
                    focus=term_text(resource) if resource is not None else "",
                    shape=check.name,
                    path=term_text(path) if path is not None else None,
                    severity=check.severity,
                    message=str(message) if message is not None else check.title,
                    value=term_text(value) if value is not None else None,
                    source=f"check:{check.name}",
                )
            )
    return findings


def run_checks(graph: Graph, checks_dir: Path) -> list[Finding]:
    """Run every check in `checks_dir` (sorted) over `graph`; each row is a finding."""
    return reference_findings(graph, load_checks(checks_dir))


def store_findings(data: DataStore, checks: Iterable[Check]) -> list[Finding]:
    """`reference_findings` on a large graph: each check file's text
    run on the pyoxigraph store, rows turned into the same findings rdflib gives; a query
    pyoxigraph cannot parse raises Unsupported."""
    import pyoxigraph  # a quarter of a second to import; the reference engine does without

    def text(term: Any) -> str | None:
        node = to_rdflib(term, None)
        return term_text(node) if node is not None else None

    out = []
    for check in checks:
        try:
            solutions = data.store.query(check.path.read_text(encoding="utf-8"))
        except SyntaxError as exc:  # SPARQL rdflib accepts and pyoxigraph does not
            raise Unsupported(f"{check.name}: {exc}") from exc
        assert isinstance(solutions, pyoxigraph.QuerySolutions)
        names = [v.value for v in solutions.variables]
        for row in solutions:
            got = {name: row[name] for name in names}
            message = got.get("message")
            out.append(
                Finding(
                    focus=text(got.get("resource")) or "",
                    shape=check.name,
                    path=text(got.get("path")),
                    severity=check.severity,
                    message=message.value if message is not None else check.title,
                    value=text(got.get("value")),
                    source=f"check:{check.name}",
                )
            )
    return out
