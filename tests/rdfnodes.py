"""Typed views of rdflib nodes for tests: rdflib types every subject as a bare Node."""

from __future__ import annotations

from collections.abc import Iterable

from rdflib.term import IdentifiedNode, Node


def identified(nodes: Iterable[Node]) -> list[IdentifiedNode]:
    """`nodes`, in order, as the IRIs and blank nodes they are (every subject is one)."""
    out: list[IdentifiedNode] = []
    for node in nodes:
        assert isinstance(node, IdentifiedNode), node
        out.append(node)
    return out
