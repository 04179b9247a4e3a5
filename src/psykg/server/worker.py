"""The query worker: a process holding the dataset in a pyoxigraph Store, answering one query
at a time. Running queries in processes lets the pool stop one by killing it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from psykg.rdf.prefixes import DATASET_IRI, PREFIXES
from psykg.server.conneg import choose
from psykg.server.limits import TRUNCATED_HEADER
from psykg.sparql.engines import Result, from_oxigraph
from psykg.sparql.packaged import typed
from psykg.sparql.results import GRAPH_FORMATS, RESULT_WRITERS

READY = "ready"


@dataclass(frozen=True)
class Job:
    """One query to answer and how the client wants the answer."""

    query: str
    accept: str | None
    max_rows: int
    dataset_graph: bool = False
    """Query the dataset's named graph as the default graph (default-graph-uri was given)."""
    datatypes: tuple[tuple[str, str], ...] = ()
    """A packaged query's declared column datatypes (sparql.packaged.typed)."""


@dataclass(frozen=True)
class Reply:
    """An HTTP answer: status, media type, body and extra headers."""

    status: int
    content_type: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


def error(status: int, message: str) -> Reply:
    """A plain-text error reply."""
    return Reply(status, "text/plain; charset=utf-8", (message.rstrip() + "\n").encode("utf-8"))


_POSITION = re.compile(r"error at (\d+):(\d+): (.*)", re.DOTALL)


def syntax_error(message: str) -> Reply:
    """400 for a malformed query, naming the line and column pyoxigraph reports."""
    found = _POSITION.match(message)
    if not found:
        return error(400, f"malformed query: {message}")
    detail = " ".join(found[3].split())
    if "Prefix not found" in detail:
        detail = "unknown prefix"
    elif len(detail) > 200:
        detail = detail[:200] + " …"
    return error(
        400, f"malformed query: syntax error at line {found[1]}, column {found[2]}: {detail}"
    )


def load_store(data_file: Path) -> Any:
    """The dataset in memory: in the default graph and in the dataset's named graph."""
    import pyoxigraph as ox

    store = ox.Store()
    store.bulk_load(path=str(data_file), format=ox.RdfFormat.N_TRIPLES)
    graph = ox.NamedNode(DATASET_IRI)
    store.bulk_extend(
        ox.Quad(q.subject, q.predicate, q.object, graph)
        for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())
    )
    return store


def execute(store: Any, job: Job) -> Reply:
    """Run the job's query and write its answer in the format the client prefers."""
    import pyoxigraph as ox

    options: dict[str, Any] = {}
    if job.dataset_graph:
        options["default_graph"] = [ox.NamedNode(DATASET_IRI)]
    try:
        answer = store.query(job.query, **options)
        if isinstance(answer, ox.QueryTriples):
            return _graph_reply(answer, job)
        return _results_reply(answer, job)
    except SyntaxError as exc:
        return syntax_error(str(exc))
    except (OSError, RuntimeError, ValueError, TypeError) as exc:
        return error(400, f"the query failed: {exc}")


def _cut(items: Any, limit: int) -> tuple[list[Any], bool]:
    out: list[Any] = []
    for item in items:
        if len(out) == limit:
            return out, True
        out.append(item)
    return out, False


def _not_acceptable(kind: str, offers: list[str]) -> Reply:
    return error(
        406,
        f"cannot give a {kind} result in any accepted media type; available: " + ", ".join(offers),
    )


def _results_reply(answer: Any, job: Job) -> Reply:
    import pyoxigraph as ox

    offers = list(RESULT_WRITERS)
    chosen = choose(job.accept, offers)
    if chosen is None:
        return _not_acceptable("SELECT/ASK", offers)
    writer = RESULT_WRITERS[chosen]
    headers: dict[str, str] = {}
    if isinstance(answer, ox.QueryBoolean):
        body = writer(Result(boolean=bool(answer))).encode("utf-8")
    else:
        variables = [v.value for v in answer.variables]
        solutions, truncated = _cut(answer, job.max_rows)
        rows = [tuple(from_oxigraph(solution[v]) for v in variables) for solution in solutions]
        if truncated:
            headers[TRUNCATED_HEADER] = str(job.max_rows)
        result = typed(Result(vars=tuple(variables), rows=rows), job.datatypes)
        body = writer(result).encode("utf-8")
    return Reply(200, f"{chosen}; charset=utf-8", body, headers)


def _graph_reply(answer: Any, job: Job) -> Reply:
    import pyoxigraph as ox

    offers = list(GRAPH_FORMATS)
    chosen = choose(job.accept, offers)
    if chosen is None:
        return _not_acceptable("CONSTRUCT/DESCRIBE", offers)
    triples, truncated = _cut(answer, job.max_rows)
    body = ox.serialize(triples, format=GRAPH_FORMATS[chosen], prefixes=PREFIXES) or b""
    headers = {TRUNCATED_HEADER: str(job.max_rows)} if truncated else {}
    return Reply(200, f"{chosen}; charset=utf-8", body, headers)


def serve(jobs: Connection, replies: Connection, data_file: str) -> None:
    """Load the store, then answer jobs until the pipe closes."""
    store = load_store(Path(data_file))
    replies.send(READY)
    while True:
        try:
            job = jobs.recv()
        except (EOFError, OSError):
            return
        replies.send(execute(store, job))


def main() -> None:
    """`python -m psykg.server.worker DATA_FILE`: jobs on stdin, replies on stdout."""
    import os
    import sys

    out = os.dup(1)
    os.dup2(2, 1)  # anything printed goes to stderr, never into the reply stream
    serve(Connection(os.dup(0), writable=False), Connection(out, readable=False), sys.argv[1])


if __name__ == "__main__":
    # Run the imported module's main, so that replies pickle as psykg.server.worker.Reply
    # (not __main__.Reply, which the server could not unpickle).
    from psykg.server import worker as _worker

    _worker.main()
