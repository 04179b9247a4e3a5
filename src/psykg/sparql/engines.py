"""Run SPARQL on pyoxigraph or rdflib and get one engine-neutral result back.

Both engines answer with the same `Result`: variable names and rows of `Term`s (or None
for an unbound variable), normalised so the two engines compare equal. A simple literal
has no datatype (xsd:string is dropped), a language-tagged literal has no datatype
(rdf:langString is dropped) and a lower-case language tag.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from psykg.errors import QueryError

if TYPE_CHECKING:
    import pyoxigraph
    from rdflib import Graph

XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_STRING = XSD + "string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
INTEGER_TYPES = frozenset(
    XSD + name for name in (
        "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
        "nonPositiveInteger", "negativeInteger", "unsignedInt", "unsignedLong",
        "unsignedShort", "unsignedByte",
    )
)

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

def _from_oxigraph(term: Any) -> Term | None:
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
            found = seen[node] = _from_oxigraph(node)
            return found

        rows = [tuple(map(term, solution)) for solution in answer]
        return Result(vars=names, rows=rows)
    triples = [_triple(_from_oxigraph(t.subject), _from_oxigraph(t.predicate),
                       _from_oxigraph(t.object)) for t in answer]
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
    error = QueryError(f"syntax error at line {line}, column {column}: {detail}",
                       hint="check the SPARQL near that position")
    error.line = line
    error.column = column  # type: ignore[attr-defined]
    return error


# ---------------------------------------------------------------- result writers

def compact(term: Term | None, prefixes: dict[str, str]) -> str:
    """A short form for reading: prefix:rest where a namespace fits, else <IRI>; literal text.

    The rest may hold `/` (psykgr:statement/x): fine for reading, not always a valid CURIE.
    """
    if term is None:
        return ""
    if term.kind == "uri":
        best = ""
        for prefix, namespace in prefixes.items():
            longer = len(namespace) > len(prefixes.get(best, ""))
            if term.value.startswith(namespace) and longer and len(term.value) > len(namespace):
                best = prefix
        if best:
            return f"{best}:{term.value[len(prefixes[best]):]}"
        return f"<{term.value}>"
    if term.kind == "bnode":
        return f"_:{term.value}"
    return term.value


def write_json(result: Result, prefixes: dict[str, str]) -> str:
    """SPARQL 1.1 Query Results JSON Format."""
    import json

    if result.boolean is not None:
        return json.dumps({"head": {}, "boolean": result.boolean}, indent=1) + "\n"
    if result.triples is not None:
        return write_ntriples(result, prefixes)
    bindings = []
    for row in result.rows:
        binding: dict[str, dict[str, str]] = {}
        for name, term in zip(result.vars, row, strict=True):
            if term is None:
                continue
            entry = {"type": term.kind, "value": term.value}
            if term.lang:
                entry["xml:lang"] = term.lang
            elif term.datatype:
                entry["datatype"] = term.datatype
            binding[name] = entry
        bindings.append(binding)
    document = {"head": {"vars": list(result.vars)}, "results": {"bindings": bindings}}
    return json.dumps(document, indent=1, ensure_ascii=False) + "\n"


def write_csv(result: Result, prefixes: dict[str, str]) -> str:
    """SPARQL 1.1 Query Results CSV Format: plain values, CRLF line ends."""
    import csv
    import io

    if result.boolean is not None or result.triples is not None:
        return _non_select(result, prefixes)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(result.vars)
    for row in result.rows:
        writer.writerow([_csv_value(term) for term in row])
    return out.getvalue()


def _csv_value(term: Term | None) -> str:
    if term is None:
        return ""
    return f"_:{term.value}" if term.kind == "bnode" else term.value


def write_tsv(result: Result, prefixes: dict[str, str]) -> str:
    """SPARQL 1.1 Query Results TSV Format: ?-prefixed header, terms in SPARQL syntax."""
    if result.boolean is not None or result.triples is not None:
        return _non_select(result, prefixes)
    lines = ["\t".join(f"?{name}" for name in result.vars)]
    lines += ["\t".join("" if t is None else t.n3() for t in row) for row in result.rows]
    return "\n".join(lines) + "\n"


TABLE_CELL_WIDTH = 60
"""Cells longer than this are cut with an ellipsis in the terminal table (not in other formats)."""


def write_table(result: Result, prefixes: dict[str, str]) -> str:
    """An aligned plain-text table for the terminal: CURIEs, long cells shortened, and an IRI
    column hidden where a `<name>Label` column says the same for reading."""
    if result.boolean is not None or result.triples is not None:
        return _non_select(result, prefixes)
    shown = [i for i, name in enumerate(result.vars) if not _labelled(result, name)]
    cells = [[_cut(compact(row[i], prefixes)) for i in shown] for row in result.rows]
    header = [result.vars[i] for i in shown]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(header)]
    rule = "  ".join("-" * w for w in widths)
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip(), rule]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()
              for r in cells]
    lines.append(f"({len(cells)} row{'' if len(cells) == 1 else 's'})")
    return "\n".join(lines) + "\n"


def _labelled(result: Result, name: str) -> bool:
    """True if column `name` has a `<name>Label` column bound wherever `name` is bound."""
    if f"{name}Label" not in result.vars:
        return False
    i, j = result.vars.index(name), result.vars.index(f"{name}Label")
    return all(row[j] is not None for row in result.rows if row[i] is not None)


def _cut(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= TABLE_CELL_WIDTH else text[: TABLE_CELL_WIDTH - 1] + "…"


def write_markdown(result: Result, prefixes: dict[str, str]) -> str:
    """A GitHub-flavoured Markdown table with CURIEs; full cell text."""
    if result.boolean is not None or result.triples is not None:
        return _non_select(result, prefixes)

    def cell(term: Term | None) -> str:
        text = " ".join(compact(term, prefixes).split())
        return text.replace("\\", "\\\\").replace("|", "\\|")

    lines = ["| " + " | ".join(result.vars) + " |", "|" + "---|" * len(result.vars)]
    lines += ["| " + " | ".join(cell(t) for t in row) + " |" for row in result.rows]
    return "\n".join(lines) + "\n"


def write_ntriples(result: Result, prefixes: dict[str, str]) -> str:
    """CONSTRUCT / DESCRIBE answers as sorted N-Triples."""
    lines = sorted(f"{s.n3()} {p.n3()} {o.n3()} ." for s, p, o in result.triples or [])
    return "".join(line + "\n" for line in lines)


def _non_select(result: Result, prefixes: dict[str, str]) -> str:
    if result.boolean is not None:
        return "true\n" if result.boolean else "false\n"
    return write_ntriples(result, prefixes)


Writer = Callable[[Result, dict[str, str]], str]

WRITERS: dict[str, Writer] = {
    "table": write_table,
    "csv": write_csv,
    "tsv": write_tsv,
    "json": write_json,
    "md": write_markdown,
}
"""Result format name -> writer; drives the CLI's --format choices too."""
