"""Run SPARQL on pyoxigraph or rdflib and get one engine-neutral result back.

Both engines answer with the same `Result`: variable names and rows of `Term`s (or None
for an unbound variable), normalised so the two engines compare equal. A simple literal
has no datatype (xsd:string is dropped), a language-tagged literal has no datatype
(rdf:langString is dropped) and a lower-case language tag.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from psykg.errors import QueryError
from psykg.rdf.datatypes import INTEGER_TYPES, RDF_LANG_STRING, XSD, XSD_STRING

if TYPE_CHECKING:
    import pyoxigraph
    from rdflib import Graph

Kind = Literal["uri", "literal", "bnode"]


@dataclass(frozen=True, order=True)
class Term:
    """An RDF term as the SPARQL 1.1 JSON results format describes it."""

    kind: Kind
    value: str
    datatype: str | None = None
    lang: str | None = None

    def python(self) -> str | int | bool:
        """A plain Python value: IRIs and literals as str, integers as int, booleans as bool."""
        if self.kind == "literal" and self.datatype in INTEGER_TYPES:
            try:
                return int(self.value)
            except ValueError:
                return self.value
        if self.kind == "literal" and self.datatype == XSD + "boolean":
            return self.value in ("true", "1")
        return self.value

    def n3(self) -> str:
        """The term in N-Triples / SPARQL syntax (as the TSV results format writes it)."""
        if self.kind == "uri":
            return f"<{self.value}>"
        if self.kind == "bnode":
            return f"_:{self.value}"
        text = '"' + escape_literal(self.value) + '"'
        if self.lang:
            return f"{text}@{self.lang}"
        if self.datatype:
            return f"{text}^^<{self.datatype}>"
        return text


Row = tuple[Term | None, ...]


@dataclass(frozen=True)
class Result:
    """A query answer: SELECT variables and rows, an ASK boolean, or CONSTRUCT triples."""

    vars: tuple[str, ...] = ()
    rows: list[Row] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[tuple[Term, Term, Term]] | None = None

    def as_dicts(self) -> list[dict[str, Term | None]]:
        """Each row as a mapping from variable name to term."""
        return [dict(zip(self.vars, row, strict=True)) for row in self.rows]


_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def escape_literal(text: str) -> str:
    """Escape a literal's lexical form for a double-quoted SPARQL / N-Triples string."""
    return "".join(_ESCAPES.get(ch, ch) for ch in text)


def literal(value: str, datatype: str | None = None, lang: str | None = None) -> Term:
    """A normalised literal term."""
    if lang:
        return Term("literal", value, None, lang.lower())
    if datatype in (XSD_STRING, RDF_LANG_STRING):
        datatype = None
    return Term("literal", value, datatype, None)


# ---------------------------------------------------------------- pyoxigraph


def from_oxigraph(term: Any) -> Term | None:
    """A pyoxigraph term (or None, for unbound) as a Term."""
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return Term("uri", term.value)
    if isinstance(term, ox.BlankNode):
        return Term("bnode", term.value)
    if isinstance(term, ox.Literal):
        return literal(term.value, term.datatype.value, term.language)
    raise QueryError(f"unsupported term in a result: {term!r}")


def run_oxigraph(store: pyoxigraph.Store, sparql: str, *, offset: int = 0) -> Result:
    """Run `sparql` on a pyoxigraph Store; `offset` characters were prepended on line 1."""
    import pyoxigraph as ox

    try:
        answer = store.query(sparql)
    except SyntaxError as exc:
        raise _oxigraph_syntax_error(str(exc), offset) from None
    except OSError as exc:
        raise QueryError(f"the query failed: {exc}") from None
    if isinstance(answer, ox.QueryBoolean):
        return Result(boolean=bool(answer))
    if isinstance(answer, ox.QuerySolutions):
        names = tuple(v.value for v in answer.variables)
        seen: dict[Any, Term | None] = {None: None}  # labels and classes recur row after row

        def term(node: Any) -> Term | None:
            if node in seen:
                return seen[node]
            found = seen[node] = from_oxigraph(node)
            return found

        rows = [tuple(map(term, solution)) for solution in answer]
        return Result(vars=names, rows=rows)
    triples = [
        _triple(from_oxigraph(t.subject), from_oxigraph(t.predicate), from_oxigraph(t.object))
        for t in answer
    ]
    return Result(triples=triples)


_OX_POSITION = re.compile(r"error at (\d+):(\d+): (.*)", re.DOTALL)


def _oxigraph_syntax_error(message: str, offset: int) -> QueryError:
    found = _OX_POSITION.match(message)
    if not found:
        return QueryError(f"syntax error: {message}")
    line, column = int(found[1]), int(found[2])
    detail = found[3]
    if "Prefix not found" in detail:
        detail = "unknown prefix"
    elif len(detail) > 160:
        detail = detail[:160].split("\n", 1)[0] + " …"
    return syntax_error(line, column - (offset if line == 1 else 0), detail)


# ---------------------------------------------------------------- rdflib


def _from_rdflib(term: Any) -> Term | None:
    from rdflib import BNode, URIRef
    from rdflib import Literal as RdfLiteral

    if term is None:
        return None
    if isinstance(term, URIRef):
        return Term("uri", str(term))
    if isinstance(term, BNode):
        return Term("bnode", str(term))
    if isinstance(term, RdfLiteral):
        datatype = str(term.datatype) if term.datatype is not None else None
        return literal(str(term), datatype, term.language)
    raise QueryError(f"unsupported term in a result: {term!r}")


def run_rdflib(graph: Graph, sparql: str, *, offset: int = 0) -> Result:
    """Run `sparql` on an rdflib Graph; `offset` characters were prepended on line 1."""
    from pyparsing import ParseException
    from rdflib.query import ResultRow

    try:
        answer = graph.query(sparql)
        if answer.type == "ASK":
            return Result(boolean=bool(answer.askAnswer))
        graph_answer = answer.graph if answer.type in ("CONSTRUCT", "DESCRIBE") else None
        solutions: list[Any] = list(graph_answer if graph_answer is not None else answer)
    except ParseException as exc:
        column = exc.col - (offset if exc.lineno == 1 else 0)
        raise syntax_error(exc.lineno, column, exc.msg) from None
    except Exception as exc:  # rdflib raises bare Exceptions, e.g. for an unknown prefix
        raise QueryError(f"the query failed: {exc}") from None
    if graph_answer is not None:
        return Result(triples=[_triple(*map(_from_rdflib, t)) for t in solutions])
    names = tuple(str(v) for v in answer.vars or ())
    rows: list[Row] = []
    for solution in solutions:
        assert isinstance(solution, ResultRow)
        rows.append(tuple(_from_rdflib(solution[i]) for i in range(len(names))))
    return Result(vars=names, rows=rows)


def _triple(s: Term | None, p: Term | None, o: Term | None) -> tuple[Term, Term, Term]:
    assert s is not None and p is not None and o is not None
    return (s, p, o)


def syntax_error(line: int, column: int, detail: str) -> QueryError:
    """A QueryError pointing at a line and column of the query text."""
    error = QueryError(
        f"syntax error at line {line}, column {column}: {detail}",
        hint="check the SPARQL near that position",
    )
    error.line = line
    error.column = column  # type: ignore[attr-defined]
    return error
