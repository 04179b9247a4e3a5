"""A read-only, dict-indexed view of a graph: the lookups the site makes, built in one pass.

rdflib's memory store answers each pattern through its context machinery (~10 µs a call); the
site asks hundreds of thousands of them, so it reads from plain dictionaries instead.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import TypeAlias

from rdflib import Graph
from rdflib.term import Node

from psykg.rdf.graphs import Triple


class GraphIndex:
    """The triples of a graph indexed by subject, by object and by predicate."""

    def __init__(self, triples: Iterable[Triple]) -> None:
        out: dict[Node, dict[Node, list[Node]]] = defaultdict(lambda: defaultdict(list))
        into: dict[Node, list[tuple[Node, Node]]] = defaultdict(list)
        by_predicate: dict[Node, list[tuple[Node, Node]]] = defaultdict(list)
        count = 0
        for s, p, o in triples:
            out[s][p].append(o)
            into[o].append((s, p))
            by_predicate[p].append((s, o))
            count += 1
        self._out = {s: dict(props) for s, props in out.items()}
        self._in = dict(into)
        self._by_predicate = dict(by_predicate)
        self._len = count

    def __len__(self) -> int:
        return self._len

    def __iter__(self) -> Iterator[Triple]:
        for s, props in self._out.items():
            for p, objects in props.items():
                for o in objects:
                    yield s, p, o

    def __contains__(self, triple: Triple) -> bool:
        s, p, o = triple
        return o in self._out.get(s, {}).get(p, ())

    def subjects(self) -> Iterator[Node]:
        """Every subject, once."""
        return iter(self._out)

    def objects(self, subject: Node, predicate: Node) -> list[Node]:
        """The objects of `subject` `predicate`."""
        return self._out.get(subject, {}).get(predicate, [])

    def value(self, subject: Node, predicate: Node) -> Node | None:
        """One object of `subject` `predicate` (the smallest, so the choice is stable), or None."""
        objects = self.objects(subject, predicate)
        if not objects:
            return None
        return (
            objects[0]
            if len(objects) == 1
            else min(objects, key=lambda n: (type(n).__name__, str(n)))
        )

    def predicates(self, subject: Node) -> Iterable[Node]:
        """The predicates `subject` has."""
        return self._out.get(subject, {}).keys()

    def predicate_objects(self, subject: Node) -> Iterator[tuple[Node, Node]]:
        """(predicate, object) of every triple with `subject`."""
        for p, objects in self._out.get(subject, {}).items():
            for o in objects:
                yield p, o

    def subject_predicates(self, obj: Node) -> list[tuple[Node, Node]]:
        """(subject, predicate) of every triple with object `obj`."""
        return self._in.get(obj, [])

    def subject_objects(self, predicate: Node) -> list[tuple[Node, Node]]:
        """(subject, object) of every triple with `predicate`."""
        return self._by_predicate.get(predicate, [])

    def subjects_of(self, predicate: Node, obj: Node) -> list[Node]:
        """The subjects of every triple `? predicate obj`."""
        return [s for s, p in self._in.get(obj, []) if p == predicate]


Readable: TypeAlias = Graph | GraphIndex
"""What the site reads a graph through: rdflib's graph or its index (same lookups)."""
