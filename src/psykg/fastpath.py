"""Fast paths for large graphs: pyoxigraph writers and a SHACL validator compiled to SPARQL.

The reference paths stay rdflib (serialisation) and pyshacl (validation); these give the same
graphs and the same SHACL results in a fraction of the time at a million triples, and
tests/test_fastpath.py proves the agreement on the seed dataset and on a synthetic corpus.

Writers: the sorted N-Triples text is made once (serialize.to_ntriples, the release's own
psykg.nt) and re-written as Turtle, RDF/XML (pyoxigraph) and compact JSON-LD by the same
functions serialize.WRITERS uses, but from one N-Triples pass instead of one per format.
Input order is sorted, so output is byte-stable.

Validator: SHACL compiled to SPARQL on an embedded pyoxigraph store lives in
psykg.shacl_compiled; its names are re-exported here. check_findings runs the SPARQL check
files on the same store.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from rdflib import Graph

from psykg.serialize import jsonld_from_ntriples, reserialise, to_ntriples
from psykg.shacl_compiled import (
    INTEGER_TYPES,
    CompiledShapes,
    DataStore,
    ShaclResult,
    Unsupported,
    fast_validate,
    pyshacl_results,
    shacl_findings,
    store_from_ntriples,
    term_key,
    to_rdflib,
)

if TYPE_CHECKING:
    import pyoxigraph

    from psykg.validate import Check, Finding

# ------------------------------------------------------------------------------ writers


def parse_ntriples(nt: str) -> Iterator[pyoxigraph.Triple]:
    """The triples of an N-Triples text, in text order."""
    import pyoxigraph

    for quad in pyoxigraph.parse(nt.encode("utf-8"), format=pyoxigraph.RdfFormat.N_TRIPLES):
        yield pyoxigraph.Triple(quad.subject, quad.predicate, quad.object)


def ntriples_to_turtle(nt: str) -> str:
    """Turtle with the psykg prefixes, subjects in N-Triples sort order."""
    return reserialise(nt, "turtle")


def ntriples_to_rdfxml(nt: str) -> str:
    """RDF/XML with the psykg prefixes as XML namespaces."""
    return reserialise(nt, "rdfxml")


ntriples_to_jsonld = jsonld_from_ntriples
"""Compact JSON-LD with the bundled context inline: one node per subject, sorted."""


FAST_WRITERS: dict[str, Callable[[str], str]] = {
    "turtle": ntriples_to_turtle,
    "ntriples": lambda nt: nt,
    "jsonld": ntriples_to_jsonld,
    "rdfxml": ntriples_to_rdfxml,
}
"""Format name (the keys of serialize.WRITERS) -> writer from the sorted N-Triples text."""


def serialise_all(graph: Graph) -> dict[str, str]:
    """Every release format of `graph`, from one sorted N-Triples pass."""
    nt = to_ntriples(graph)
    return {fmt: writer(nt) for fmt, writer in FAST_WRITERS.items()}


def check_findings(data: DataStore, checks: Iterable[Check]) -> list[Finding]:
    """Drop-in for psykg.validate's SPARQL checks on a large graph: each check file's text
    run on the pyoxigraph store, rows turned into the same findings rdflib gives; a query
    pyoxigraph cannot parse raises Unsupported."""
    import pyoxigraph

    from psykg.validate import Finding, _term

    def text(term: Any) -> str | None:
        node = to_rdflib(term, None)
        return _term(node) if node is not None else None

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
            out.append(Finding(
                focus=text(got.get("resource")) or "", shape=check.name,
                path=text(got.get("path")), severity="Violation",
                message=message.value if message is not None else check.title,
                value=text(got.get("value")), source=f"check:{check.name}"))
    return out


__all__ = [
    "FAST_WRITERS", "INTEGER_TYPES", "CompiledShapes", "DataStore", "ShaclResult",
    "Unsupported", "check_findings", "fast_validate", "ntriples_to_jsonld",
    "ntriples_to_rdfxml", "ntriples_to_turtle", "parse_ntriples", "pyshacl_results",
    "serialise_all", "shacl_findings", "store_from_ntriples", "term_key", "to_rdflib",
]
