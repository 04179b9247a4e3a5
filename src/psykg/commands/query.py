"""Commands that ask the dataset: `psykg query` (packaged queries) and `psykg sparql`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from psykg.errors import QueryError
from psykg.rdf.prefixes import PREFIXES
from psykg.sparql import packaged as queries
from psykg.sparql import store
from psykg.sparql.results import WRITERS, write_wide_table

FORMATS = ("table", "csv", "tsv", "json", "md")
"""Kept equal to psykg.sparql.results.WRITERS (a test checks)."""
ENGINES = ("oxigraph", "rdflib")
"""Kept equal to psykg.sparql.packaged.ENGINE_NAMES (a test checks)."""


def register(sub: Any) -> None:
    """Add the query commands to the CLI."""
    p = sub.add_parser(
        "query",
        help="run a packaged query (see --list)",
        description="Run a packaged query from queries/ on the built dataset. Parameter "
        "values may be labels (any case, alternative labels too), CURIEs or IRIs.",
    )
    p.add_argument("name", nargs="?", help="query name, e.g. indications")
    p.add_argument("--list", action="store_true", help="list the queries and their parameters")
    p.add_argument(
        "-p",
        "--param",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a parameter value, e.g. --param therapy='psychodynamic therapy'",
    )
    _output_options(p)
    p.set_defaults(handler=_query)

    p = sub.add_parser(
        "sparql",
        help="run an ad hoc SPARQL query on the built dataset",
        description="Run SPARQL text or a .rq file. The psykg prefixes (psykg:, psykgr:, rdfs:, "
        "skos:, prov:, oa: ...) are predeclared.",
    )
    p.add_argument("query", nargs="?", help="the SPARQL text")
    p.add_argument("-f", "--file", type=Path, help="read the query from this file")
    _output_options(p)
    p.set_defaults(handler=_sparql)


def _output_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--format",
        choices=FORMATS,
        default="table",
        help="table (for reading: long cells cut unless --wide, IRI columns with a "
        "label column hidden), csv / tsv / json (SPARQL 1.1 results formats), "
        "md; only the table ever shortens a cell",
    )
    p.add_argument(
        "--wide",
        action="store_true",
        help="with --format table: print every cell whole (quotes, hedges, notes)",
    )
    p.add_argument(
        "--engine",
        choices=ENGINES,
        default="oxigraph",
        help="embedded pyoxigraph (default) or plain rdflib",
    )
    p.add_argument(
        "--dist",
        type=Path,
        help="release folder whose psykg.nt is queried (default: dist/ of the checkout)",
    )
    p.add_argument(
        "--endpoint",
        metavar="URL",
        help="query a SPARQL 1.1 store at URL instead of the local dataset (see psykg load)",
    )
    p.add_argument(
        "--graph",
        metavar="IRI",
        help="with --endpoint: the named graph to ask, the one `psykg load --graph` "
        "wrote (default: https://w3id.org/psykg/dataset); a warning says when "
        "it is empty",
    )


def _runner(args: argparse.Namespace, offset: int = 0) -> Any:
    """Run SPARQL on the store at --endpoint, or on the local dataset with --engine."""
    if args.endpoint:
        graph = args.graph or store.DEFAULT_GRAPH
        if store.graph_is_empty(args.endpoint, graph):
            print(
                f"psykg {args.command}: warning: graph <{graph}> at {args.endpoint} holds no "
                "triples, so every answer will be empty\n  hint: load it with `psykg load "
                "--endpoint GRAPH-STORE-URL`, or give --graph the IRI it was loaded into",
                file=sys.stderr,
            )
        return lambda sparql: store.run_remote(args.endpoint, sparql, graph=graph)
    data = queries.default_data(args.engine, args.dist / "psykg.nt" if args.dist else None)
    return queries.runner(data, offset=offset)


def _params(pairs: list[str]) -> dict[str, str]:
    params: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise QueryError(
                f"--param {pair!r} is not KEY=VALUE",
                hint="e.g. --param therapy='psychodynamic therapy'",
            )
        params[key.strip()] = value
    return params


def _query(args: argparse.Namespace) -> int:
    if args.list:
        for q in queries.load_queries().values():
            print(f"{q.name}: {q.summary}")
            for param in q.parameters:
                print(f"    --param {param.describe()}")
        return 0
    if not args.name:
        raise QueryError("name a query, or use --list", hint="psykg query --list")
    query = queries.get_query(args.name)
    params = _params(args.param)
    run = _runner(args)
    result = queries.typed(run(queries.prepare(query, params, run)), query.datatypes)
    _write(result, args.format, args.wide)
    return 0


def _sparql(args: argparse.Namespace) -> int:
    if (args.query is None) == (args.file is None):
        raise QueryError("give the query text or -f FILE (one of them)")
    if args.file is not None:
        try:
            text = args.file.read_text(encoding="utf-8")
        except OSError as exc:
            raise QueryError(f"cannot read {args.file}: {exc.strerror}") from None
    else:
        text = args.query
    prologue = " ".join(f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items()) + " "
    try:
        result = _runner(args, offset=len(prologue))(prologue + text)
    except QueryError as exc:
        if args.file is not None:
            exc.file = args.file
        raise
    _write(result, args.format, args.wide)
    return 0


def _write(result: Any, fmt: str, wide: bool = False) -> None:
    sys.stdout.write(write_wide_table(result) if wide and fmt == "table" else WRITERS[fmt](result))
