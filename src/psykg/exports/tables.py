"""CSV tables (one per class, one per kind of statement, quotes) and a Frictionless datapackage."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, SKOS, XSD
from rdflib.term import Node

from psykg.exports.view import ReleaseView, curie, kebab, local_name, snake
from psykg.rdf.datatypes import INTEGER_TYPES
from psykg.rdf.namespaces import OA, PSYKG
from psykg.release.void import DESCRIPTION, LICENSE, TITLE

SEPARATOR = " | "
"""Joins the values of a multi-valued cell."""
NUMBER_TYPES = frozenset({XSD.decimal, XSD.double, XSD.float})


@dataclass
class Column:
    """One column: its name, Frictionless type, description and cell values by row key."""

    name: str
    type: str
    description: str
    cells: dict[str, list[Node]] = field(default_factory=dict)
    format: str | None = None


@dataclass
class Table:
    """One CSV file: rows keyed by their id, columns in order."""

    name: str
    title: str
    description: str
    keys: list[str]
    columns: list[Column]


def _field_type(values: Iterable[Node]) -> tuple[str, str | None]:
    """The Frictionless type (and format) that fits every value; a column with no values is
    text."""
    kinds: set[tuple[str, str | None]] = set()
    for value in values:
        if isinstance(value, URIRef):
            kinds.add(("string", "uri"))
        elif isinstance(value, Literal) and str(value.datatype) in INTEGER_TYPES:
            kinds.add(("integer", None))
        elif isinstance(value, Literal) and value.datatype in NUMBER_TYPES:
            kinds.add(("number", None))
        elif isinstance(value, Literal) and value.datatype == XSD.date:
            kinds.add(("date", None))
        else:
            kinds.add(("string", None))
    if len(kinds) == 1:
        return next(iter(kinds))
    if kinds and kinds <= {("integer", None), ("number", None)}:
        return "number", None
    return "string", None


def _per_row(
    rows: list[URIRef], values: Callable[[URIRef], Iterable[Node]]
) -> dict[str, list[Node]]:
    """A column's cells: the values of each row's resource, keyed by its IRI."""
    return {str(row): list(values(row)) for row in rows}


def _column(name: str, description: str, cells: dict[str, list[Node]]) -> Column:
    kind, fmt = _field_type(v for values in cells.values() for v in values)
    return Column(name, kind, description, cells, fmt)


def class_tables(view: ReleaseView) -> list[Table]:
    """One table per psykg class with members, listing every member (inferred types included)."""
    members: dict[URIRef, list[URIRef]] = {}
    for entity in view.entities:
        for cls in view.psykg_types(entity):
            members.setdefault(cls, []).append(entity)
    tables = []
    for cls, nodes in sorted(members.items()):
        cells = partial(_per_row, nodes)
        columns = [
            _column("id", "IRI of the resource", cells(lambda n: [n])),
            _column("label", "English label", cells(lambda n: [Literal(view.label(n))])),
            _column(
                "alt_labels",
                "other English names",
                cells(lambda n: sorted(view.objects(n, SKOS.altLabel), key=str)),
            ),
            _column(
                "class",
                "most specific psykg class",
                cells(lambda n: [c for c in [view.primary_class(n)] if c is not None]),
            ),
            _column(
                "external_ids",
                "mapped identifiers (SKOS mapping properties), as CURIEs",
                cells(lambda n: [Literal(m) for m in view.matches(n)]),
            ),
        ]
        definition = cells(lambda n: sorted(view.objects(n, SKOS.definition), key=str))
        if any(definition.values()):
            columns.append(_column("definition", "definition", definition))
        name = kebab(local_name(cls))
        tables.append(
            Table(
                name,
                view.label(cls),
                f"Every {view.label(cls)} ({curie(cls)})",
                [str(n) for n in nodes],
                columns,
            )
        )
    return tables


def statement_tables(view: ReleaseView) -> list[Table]:
    """One table per statement predicate: subject, object/value, qualifiers and quote."""
    kinds: dict[URIRef, list[Any]] = {}
    for st in view.statements:
        kinds.setdefault(st.predicate, []).append(st)
    tables = []
    for predicate, statements in sorted(kinds.items()):
        keys = [str(st.iri) for st in statements]
        columns = [
            _column("id", "IRI of the statement node", {str(s.iri): [s.iri] for s in statements}),
            _column(
                "subject", "the statement's subject", {str(s.iri): [s.subject] for s in statements}
            ),
        ]
        objects = {str(s.iri): list(s.objects) for s in statements}
        if any(objects.values()):
            columns.append(_column("object", "the statement's object", objects))
        values = {str(s.iri): list(s.values) for s in statements}
        if any(values.values()):
            columns.append(_column("value", "the statement's literal value", values))
        qualifiers = sorted({q for s in statements for q in s.qualifiers})
        for q in qualifiers:
            columns.append(
                _column(
                    snake(local_name(q)),
                    f"qualifier {curie(q)}",
                    {str(s.iri): list(s.qualifiers.get(q, ())) for s in statements},
                )
            )
        columns.append(
            _column(
                "quote",
                "the quote the statement rests on",
                {str(s.iri): list(s.quotes) for s in statements},
            )
        )
        name = "statements-" + _predicate_slug(predicate)
        tables.append(
            Table(
                name,
                f"statements: {view.label(predicate)}",
                f"Every curated statement with predicate {curie(predicate)}",
                keys,
                columns,
            )
        )
    return tables


def _predicate_slug(predicate: URIRef) -> str:
    """primarily-treats for psykg:primarilyTreats, dcterms-title for dcterms:title."""
    prefix, _, local = curie(predicate).rpartition(":")
    slug = kebab(local)
    return slug if prefix in ("psykg", "") else f"{prefix}-{slug}"


def quote_table(view: ReleaseView) -> Table:
    """The quotes: text, source document, offsets and context."""
    has_selector = OA.hasSelector  # a namespace attribute builds a new URIRef on each use

    def selector_value(quote: URIRef, prop: URIRef) -> list[Node]:
        return sorted(
            (v for sel in view.objects(quote, has_selector) for v in view.objects(sel, prop)),
            key=str,
        )

    def per_quote(fn: Any) -> dict[str, list[Node]]:
        return {str(q): list(fn(q)) for q in view.quotes}

    columns = [
        _column("id", "IRI of the quote", per_quote(lambda q: [q])),
        _column(
            "text",
            "the quoted text, verbatim",
            per_quote(lambda q, p=OA.exact: selector_value(q, p)),
        ),
        _column(
            "source",
            "the source document",
            per_quote(lambda q, p=OA.hasSource: sorted(view.objects(q, p), key=str)),
        ),
        _column(
            "start",
            "offset of the first character",
            per_quote(lambda q, p=OA.start: selector_value(q, p)),
        ),
        _column(
            "end",
            "offset just past the last character",
            per_quote(lambda q, p=OA.end: selector_value(q, p)),
        ),
        _column(
            "prefix",
            "text just before the quote",
            per_quote(lambda q, p=OA.prefix: selector_value(q, p)),
        ),
        _column(
            "suffix",
            "text just after the quote",
            per_quote(lambda q, p=OA.suffix: selector_value(q, p)),
        ),
    ]
    return Table(
        "quotes",
        "quotes",
        "Every quote a statement rests on, located in its source",
        [str(q) for q in view.quotes],
        columns,
    )


def vocabulary_table(view: ReleaseView) -> Table:
    """Every term of the psykg ontology (classes, properties, named individuals such as the
    comparison aspects): the table that `class` and other vocabulary columns point at."""
    ontology = view.ontology
    terms = sorted(
        {
            t
            for t in ontology.subjects(RDF.type, None)
            if isinstance(t, URIRef) and t.startswith(str(PSYKG))
        },
        key=str,
    )

    per_term = partial(_per_row, terms)
    columns = [
        _column("id", "IRI of the term", per_term(lambda t: [t])),
        _column("label", "English label", per_term(lambda t: [Literal(view.label(t))])),
        _column(
            "kind",
            "what the term is (its rdf:type in the ontology)",
            per_term(lambda t: sorted(ontology.objects(t, RDF.type), key=str)),
        ),
        _column(
            "definition",
            "definition",
            per_term(lambda t: sorted(ontology.objects(t, SKOS.definition), key=str)),
        ),
    ]
    return Table(
        "vocabulary",
        "vocabulary",
        "Every term psykg defines (classes, properties, named individuals)",
        [str(t) for t in terms],
        columns,
    )


def all_tables(view: ReleaseView) -> list[Table]:
    """Class tables, statement tables, the quote table and the vocabulary table."""
    return [*class_tables(view), *statement_tables(view), quote_table(view), vocabulary_table(view)]


def _cell(values: list[Node]) -> str:
    return SEPARATOR.join(str(v) for v in values)


def to_csv(table: Table) -> str:
    """The table as CSV text (header row, LF line ends, minimal quoting)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([c.name for c in table.columns])
    for key in table.keys:
        writer.writerow([_cell(c.cells.get(key, [])) for c in table.columns])
    return buffer.getvalue()


def _foreign_target(values: set[str], targets: list[tuple[Table, frozenset[str]]]) -> Table | None:
    """The largest class table (or the quote or vocabulary table) whose ids contain every value.

    Largest, so a column of therapies points at `therapy`, not at whichever subclass table
    happens to hold every therapy named so far. `targets`: the candidate tables and their ids.
    """
    fits = [t for t, keys in targets if values and values <= keys]
    return min(fits, key=lambda t: (-len(t.keys), t.name)) if fits else None


def _targets(tables: list[Table]) -> list[tuple[Table, frozenset[str]]]:
    """The tables a foreign key may point at (all but statement tables), with their ids."""
    return [(t, frozenset(t.keys)) for t in tables if not t.name.startswith("statements-")]


def resource(
    table: Table, tables: list[Table], targets: list[tuple[Table, frozenset[str]]] | None = None
) -> dict[str, Any]:
    """The Frictionless tabular data resource describing `table` (`targets`: `_targets(tables)`,
    passed in when describing many tables)."""
    if targets is None:
        targets = _targets(tables)
    fields = []
    foreign_keys = []
    for column in table.columns:
        spec: dict[str, Any] = {
            "name": column.name,
            "type": column.type,
            "description": column.description,
        }
        if column.format:
            spec["format"] = column.format
        single = all(len(v) <= 1 for v in column.cells.values())
        if not single:
            spec.pop("format", None)
            spec["type"] = "string"
            spec["description"] += f" (several values joined by {SEPARATOR.strip()!r})"
        fields.append(spec)
        if column.name != "id" and single and column.format == "uri":
            values = {str(v) for vs in column.cells.values() for v in vs}
            target = _foreign_target(values, targets)
            if target is not None and target is not table:
                foreign_keys.append(
                    {
                        "fields": [column.name],
                        "reference": {"resource": target.name, "fields": ["id"]},
                    }
                )
    schema: dict[str, Any] = {"fields": fields, "primaryKey": ["id"]}
    if foreign_keys:
        schema["foreignKeys"] = foreign_keys
    return {
        "name": table.name,
        "title": table.title,
        "description": table.description,
        "path": f"{table.name}.csv",
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": schema,
    }


def datapackage(view: ReleaseView, tables: list[Table]) -> dict[str, Any]:
    """The datapackage.json descriptor for `tables`."""

    targets = _targets(tables)
    return {
        "profile": "tabular-data-package",
        "name": "psykg",
        "title": TITLE,
        "description": DESCRIPTION,
        "licenses": [
            {"name": "CC-BY-4.0", "path": str(LICENSE), "title": "Creative Commons Attribution 4.0"}
        ],
        "resources": [resource(t, tables, targets) for t in tables],
    }


def write_tables(view: ReleaseView, folder: Path) -> None:
    """Write every CSV table and datapackage.json into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    tables = all_tables(view)
    for table in tables:
        (folder / f"{table.name}.csv").write_text(to_csv(table), encoding="utf-8", newline="")
    text = json.dumps(datapackage(view, tables), indent=1, ensure_ascii=False) + "\n"
    (folder / "datapackage.json").write_text(text, encoding="utf-8")
