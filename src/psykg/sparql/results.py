"""SPARQL results written out: the SPARQL 1.1 result formats (JSON, XML, CSV, TSV) that the
endpoint serves by media type, and the terminal table and Markdown that `psykg query` prints.
Every writer takes an engine-neutral Result (sparql.engines)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from psykg.rdf.prefixes import shorten
from psykg.sparql.engines import Result, Term


def compact(term: Term | None) -> str:
    """A short form for reading: prefix:rest where a namespace fits, else <IRI>; literal text.

    The rest may hold `/` (psykgr:statement/x): fine for reading, not always a valid CURIE.
    """
    if term is None:
        return ""
    if term.kind == "uri":
        return shorten(term.value) or f"<{term.value}>"
    if term.kind == "bnode":
        return f"_:{term.value}"
    return term.value


def write_json(result: Result) -> str:
    """SPARQL 1.1 Query Results JSON Format."""
    if result.boolean is not None:
        return json.dumps({"head": {}, "boolean": result.boolean}, indent=1) + "\n"
    if result.triples is not None:
        return write_ntriples(result)
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


def write_csv(result: Result) -> str:
    """SPARQL 1.1 Query Results CSV Format: plain values, CRLF line ends."""
    if result.boolean is not None or result.triples is not None:
        return _non_select(result)
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


def write_tsv(result: Result) -> str:
    """SPARQL 1.1 Query Results TSV Format: ?-prefixed header, terms in SPARQL syntax."""
    if result.boolean is not None or result.triples is not None:
        return _non_select(result)
    lines = ["\t".join(f"?{name}" for name in result.vars)]
    lines += ["\t".join("" if t is None else t.n3() for t in row) for row in result.rows]
    return "\n".join(lines) + "\n"


TABLE_CELL_WIDTH = 60
"""Cells longer than this are cut with an ellipsis in the terminal table (not in other formats)."""


def write_table(result: Result, *, wide: bool = False) -> str:
    """An aligned plain-text table for the terminal: CURIEs, long cells shortened (never with
    `wide`: every cell whole, on one line), and an IRI column hidden where a `<name>Label`
    column says the same for reading."""
    if result.boolean is not None or result.triples is not None:
        return _non_select(result)
    shown = [i for i, name in enumerate(result.vars) if not _labelled(result, name)]
    fit = _one_line if wide else _cut
    cells = [[fit(compact(row[i])) for i in shown] for row in result.rows]
    header = [result.vars[i] for i in shown]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(header)]
    rule = "  ".join("-" * w for w in widths)
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip(), rule]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    lines.append(f"({len(cells)} row{'' if len(cells) == 1 else 's'})")
    return "\n".join(lines) + "\n"


def _labelled(result: Result, name: str) -> bool:
    """True if column `name` has a `<name>Label` column bound wherever `name` is bound."""
    if f"{name}Label" not in result.vars:
        return False
    i, j = result.vars.index(name), result.vars.index(f"{name}Label")
    return all(row[j] is not None for row in result.rows if row[i] is not None)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _cut(text: str) -> str:
    text = _one_line(text)
    return text if len(text) <= TABLE_CELL_WIDTH else text[: TABLE_CELL_WIDTH - 1] + "…"


def write_wide_table(result: Result) -> str:
    """The terminal table with every cell whole (`psykg query --format table --wide`)."""
    return write_table(result, wide=True)


def write_markdown(result: Result) -> str:
    """A GitHub-flavoured Markdown table with CURIEs; full cell text."""
    if result.boolean is not None or result.triples is not None:
        return _non_select(result)

    def cell(term: Term | None) -> str:
        text = " ".join(compact(term).split())
        return text.replace("\\", "\\\\").replace("|", "\\|")

    lines = ["| " + " | ".join(result.vars) + " |", "|" + "---|" * len(result.vars)]
    lines += ["| " + " | ".join(cell(t) for t in row) + " |" for row in result.rows]
    return "\n".join(lines) + "\n"


def write_ntriples(result: Result) -> str:
    """CONSTRUCT / DESCRIBE answers as sorted N-Triples."""
    lines = sorted(f"{s.n3()} {p.n3()} {o.n3()} ." for s, p, o in result.triples or [])
    return "".join(line + "\n" for line in lines)


def _non_select(result: Result) -> str:
    if result.boolean is not None:
        return "true\n" if result.boolean else "false\n"
    return write_ntriples(result)


Writer = Callable[[Result], str]

WRITERS: dict[str, Writer] = {
    "table": write_table,
    "csv": write_csv,
    "tsv": write_tsv,
    "json": write_json,
    "md": write_markdown,
}
"""Result format name -> writer; drives the CLI's --format choices too."""


def _xml_term(term: Term) -> str:
    if term.kind == "uri":
        return f"<uri>{escape(term.value)}</uri>"
    if term.kind == "bnode":
        return f"<bnode>{escape(term.value)}</bnode>"
    if term.lang:
        return f"<literal xml:lang={quoteattr(term.lang)}>{escape(term.value)}</literal>"
    attr = f" datatype={quoteattr(term.datatype)}" if term.datatype else ""
    return f"<literal{attr}>{escape(term.value)}</literal>"


def write_xml(result: Result) -> str:
    """SPARQL Query Results XML Format."""
    if result.triples is not None:
        return write_ntriples(result)
    out = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n']
    out.append(
        "<head>" + "".join(f"<variable name={quoteattr(v)}/>" for v in result.vars) + "</head>\n"
    )
    if result.boolean is not None:
        out.append(f"<boolean>{'true' if result.boolean else 'false'}</boolean>\n")
    else:
        out.append("<results>\n")
        for row in result.rows:
            cells = "".join(
                f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
                for v, t in zip(result.vars, row, strict=True)
                if t is not None
            )
            out.append(f"<result>{cells}</result>\n")
        out.append("</results>\n")
    out.append("</sparql>\n")
    return "".join(out)


RESULT_WRITERS: dict[str, Writer] = {
    "application/sparql-results+json": write_json,
    "application/sparql-results+xml": write_xml,
    "text/csv": write_csv,
    "text/tab-separated-values": write_tsv,
    "application/json": write_json,
    "application/xml": write_xml,
}
"""Media type -> writer for SELECT and ASK answers, in the endpoint's order of preference."""

GRAPH_FORMATS: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "text/plain": ox.RdfFormat.N_TRIPLES,
}
"""Media type -> format for CONSTRUCT and DESCRIBE answers, in order of preference."""

FORMAT_PARAMETER: dict[str, str] = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "ttl": "text/turtle",
    "nt": "application/n-triples",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
    "json-ld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
    "rdf": "application/rdf+xml",
}
"""Short names accepted by ?format= on /sparql and /api, as an override of Accept."""
