"""rdflib graphs in bulk: adding triples this package built, reading them fast, and unions
read without a copy."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from rdflib import Graph
from rdflib.term import Node

Triple = tuple[Node, Node, Node]


def add_all(graph: Graph, triples: Iterable[Triple]) -> Graph:
    """Add `triples` to `graph` through its store, as Graph.add does but without its per-triple
    type assertions (a third of the cost); return `graph`."""
    add = graph.store.add
    for triple in triples:
        add(triple, graph)
    return graph


class TripleSet:
    """Triples in one insertion-ordered dict: what the build makes and reads in bulk.

    Adding a triple costs a dict insertion (rdflib's memory store: ~15 µs and ~0.7 KB, for
    five indexes and its contexts), iterating gives the stored tuples in the order they came,
    and the triples of one predicate are indexed on first request. `graph()` copies the set
    into an rdflib graph for everything else."""

    def __init__(self, triples: Iterable[Triple] = ()) -> None:
        self._triples: dict[Triple, None] = dict.fromkeys(triples)
        self._by_predicate: dict[Node, list[Triple]] | None = None

    def add_all(self, triples: Iterable[Triple]) -> TripleSet:
        """Add `triples` (those already here are skipped); return the set."""
        self._triples.update(dict.fromkeys(triples))
        self._by_predicate = None
        return self

    def __iter__(self) -> Iterator[Triple]:
        return iter(self._triples)

    def __len__(self) -> int:
        return len(self._triples)

    def __contains__(self, triple: object) -> bool:
        return triple in self._triples

    def with_predicate(self, predicate: Node) -> list[Triple]:
        """The triples with `predicate`, in insertion order."""
        if self._by_predicate is None:
            index: dict[Node, list[Triple]] = {}
            for triple in self._triples:
                found = index.get(triple[1])
                if found is None:
                    index[triple[1]] = [triple]
                else:
                    found.append(triple)
            self._by_predicate = index
        return self._by_predicate.get(predicate, [])

    def graph(self) -> Graph:
        """The triples as a new rdflib graph."""
        return add_all(Graph(), self)


Triples = Graph | TripleSet
"""What the build reads triples from: an rdflib graph or a TripleSet."""


def _memory_index(graph: Graph, name: str) -> dict[Node, Any] | None:
    """The named index ("spo" or "pos") of rdflib's Memory store when `graph` is a plain Graph
    alone in it (so every triple of the store is the graph's), else None."""
    store = graph.store
    index = getattr(store, f"_Memory__{name}", None)
    if (
        type(graph) is not Graph
        or not isinstance(index, dict)
        or [c.identifier for c in store.contexts()] != [graph.identifier]
    ):
        return None
    return index


def triples(graph: Triples | Union, predicate: Node | None = None) -> Iterator[Triple]:
    """Every triple of `graph` (with `predicate`, when given), as `graph.triples` gives them
    (in another order).

    A plain Graph alone in rdflib's Memory store is read from the store's own indexes, about
    ten times faster than Graph.triples, which looks up each triple's contexts; any other
    graph or store is read through Graph.triples."""
    if isinstance(graph, Union):
        yield from graph.triples(predicate)
        return
    if isinstance(graph, TripleSet):
        yield from (graph if predicate is None else graph.with_predicate(predicate))
        return
    index = _memory_index(graph, "spo" if predicate is None else "pos")
    if index is None:
        yield from graph.triples((None, predicate, None))
    elif predicate is None:
        for s, by_predicate in index.items():
            for p, objects in by_predicate.items():
                for o in objects:
                    yield s, p, o
    else:
        for o, subjects in index.get(predicate, {}).items():
            for s in subjects:
                yield s, predicate, o


class Union:
    """Graphs read as one without copying them into a new graph (which costs ~15 µs and
    ~0.7 KB a triple in rdflib's store): iteration gives each triple of the union once.

    `disjoint` are graphs the caller knows share no triple, read as they are; a triple of one
    of `rest` is given only when no graph before it has it (so keep `rest` small)."""

    def __init__(self, disjoint: Sequence[Triples], rest: Sequence[Triples] = ()) -> None:
        self.disjoint = tuple(disjoint)
        self.rest = tuple(rest)
        self._len: int | None = None

    def __iter__(self) -> Iterator[Triple]:
        return self.triples()

    def triples(self, predicate: Node | None = None) -> Iterator[Triple]:
        """Each triple of the union (with `predicate`, when given) once."""
        for graph in self.disjoint:
            yield from triples(graph, predicate)
        yield from self._rest_only(predicate)

    def __len__(self) -> int:
        if self._len is None:
            self._len = sum(len(g) for g in self.disjoint) + sum(1 for _ in self._rest_only())
        return self._len

    def _rest_only(self, predicate: Node | None = None) -> Iterator[Triple]:
        before = list(self.disjoint)
        for graph in self.rest:
            for triple in triples(graph, predicate):
                if not any(triple in earlier for earlier in before):
                    yield triple
            before.append(graph)

    def __contains__(self, triple: object) -> bool:
        return any(triple in graph for graph in (*self.disjoint, *self.rest))

    def graph(self) -> Graph:
        """The union as a new rdflib graph."""
        return add_all(Graph(), self)
