"""SPARQL 1.1 results (JSON, XML, CSV, TSV) for rows of pyoxigraph terms, written by hand so
that a result can be cut at the row limit (pyoxigraph only serialises a whole iterator)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

Row = Sequence[Any]
"""One solution: a pyoxigraph term (or None when unbound) per variable."""


def _datatype(term: ox.Literal) -> str | None:
    value = term.datatype.value
    return None if term.language or value in (XSD_STRING, RDF_LANG_STRING) else value


def _json_term(term: Any) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif _datatype(term):
            out["datatype"] = term.datatype.value
        return out
    return {"type": "triple", "value": str(term)}


def write_json(variables: list[str], rows: list[Row], boolean: bool | None) -> bytes:
    """SPARQL 1.1 Query Results JSON Format."""
    if boolean is not None:
        return json.dumps({"head": {}, "boolean": boolean}).encode()
    bindings = [{v: _json_term(t) for v, t in zip(variables, row, strict=True) if t is not None}
                for row in rows]
    doc = {"head": {"vars": variables}, "results": {"bindings": bindings}}
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


def _xml_term(term: Any) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        dt = _datatype(term)
        attr = f" datatype={quoteattr(dt)}" if dt else ""
        return f"<literal{attr}>{escape(term.value)}</literal>"
    return f"<literal>{escape(str(term))}</literal>"


def write_xml(variables: list[str], rows: list[Row], boolean: bool | None) -> bytes:
    """SPARQL Query Results XML Format."""
    out = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n']
    out.append("<head>" + "".join(f"<variable name={quoteattr(v)}/>" for v in variables)
               + "</head>\n")
    if boolean is not None:
        out.append(f"<boolean>{'true' if boolean else 'false'}</boolean>\n")
    else:
        out.append("<results>\n")
        for row in rows:
            cells = "".join(f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
                            for v, t in zip(variables, row, strict=True) if t is not None)
            out.append(f"<result>{cells}</result>\n")
        out.append("</results>\n")
    out.append("</sparql>\n")
    return "".join(out).encode("utf-8")


def _csv_value(term: Any) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return str(term.value) if hasattr(term, "value") else str(term)


def write_csv(variables: list[str], rows: list[Row], boolean: bool | None) -> bytes:
    """SPARQL 1.1 CSV: plain values, CRLF line ends (a boolean as one `true`/`false` line)."""
    if boolean is not None:
        return b"true\r\n" if boolean else b"false\r\n"
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(variables)
    writer.writerows([_csv_value(t) for t in row] for row in rows)
    return buffer.getvalue().encode("utf-8")


def write_tsv(variables: list[str], rows: list[Row], boolean: bool | None) -> bytes:
    """SPARQL 1.1 TSV: ?-prefixed header, terms in SPARQL / N-Triples syntax."""
    if boolean is not None:
        return b"true\n" if boolean else b"false\n"
    lines = ["\t".join(f"?{v}" for v in variables)]
    lines += ["\t".join("" if t is None else str(t) for t in row) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


Writer = Callable[[list[str], list[Row], bool | None], bytes]

RESULT_WRITERS: dict[str, Writer] = {
    "application/sparql-results+json": write_json,
    "application/sparql-results+xml": write_xml,
    "text/csv": write_csv,
    "text/tab-separated-values": write_tsv,
    "application/json": write_json,
    "application/xml": write_xml,
}
"""Media type -> writer for SELECT and ASK answers, in the server's order of preference."""

GRAPH_FORMATS: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "text/plain": ox.RdfFormat.N_TRIPLES,
}
"""Media type -> format for CONSTRUCT and DESCRIBE answers, in order of preference."""

FORMAT_PARAMETER: dict[str, str] = {
    "json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
    "csv": "text/csv", "tsv": "text/tab-separated-values", "turtle": "text/turtle",
    "ttl": "text/turtle", "nt": "application/n-triples", "ntriples": "application/n-triples",
    "jsonld": "application/ld+json", "json-ld": "application/ld+json",
    "rdfxml": "application/rdf+xml", "rdf": "application/rdf+xml",
}
"""Short names accepted by ?format= on /sparql and /api, as an override of Accept."""
