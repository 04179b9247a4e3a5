"""The graph view (resources as nodes, literals as attributes) as GraphML and GEXF."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Literal, URIRef
from rdflib.namespace import RDF

from psykg.exports.view import ReleaseView, curie

if TYPE_CHECKING:
    import networkx as nx

SEPARATOR = " | "
"""Joins several literal values of one property into one attribute."""


def graph_view(view: ReleaseView) -> nx.MultiDiGraph:
    """The data (no ontology) as a multigraph.

    Nodes: every IRI in the data except classes used only as rdf:type objects; attributes
    `iri`, `label`, `curie`, `type` (most specific psykg class), `types` (every rdf:type) and
    one attribute per literal-valued property, named by its CURIE. Edges: every triple whose
    object is an IRI, except rdf:type; attributes `predicate` (IRI) and `label` (CURIE).
    """
    import networkx as nx

    data = view.data
    literals: dict[URIRef, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    types: dict[URIRef, list[str]] = defaultdict(list)
    edges: list[tuple[URIRef, URIRef, URIRef]] = []
    nodes: set[URIRef] = set()
    for s, p, o in data:
        if not isinstance(s, URIRef):
            continue
        nodes.add(s)
        if p == RDF.type:
            types[s].append(curie(o))
        elif isinstance(o, Literal):
            literals[s][curie(p)].append(str(o))
        elif isinstance(o, URIRef) and isinstance(p, URIRef):
            nodes.add(o)
            edges.append((s, p, o))
    graph = nx.MultiDiGraph()
    for node in sorted(nodes):
        attrs = {"iri": str(node), "curie": curie(node), "label": view.label(node)}
        primary = view.primary_class(node)
        if primary is not None:
            attrs["type"] = curie(primary)
        if types.get(node):
            attrs["types"] = SEPARATOR.join(sorted(types[node]))
        for prop, values in sorted(literals.get(node, {}).items()):
            attrs[prop] = SEPARATOR.join(sorted(values))
        graph.add_node(str(node), **attrs)
    for index, (s, p, o) in enumerate(sorted(edges)):
        graph.add_edge(str(s), str(o), key=f"e{index}", predicate=str(p), label=curie(p))
    return graph


def write_graphml(view: ReleaseView, folder: Path) -> None:
    """Write psykg.graphml and psykg.gexf into `folder`."""
    import networkx as nx

    folder.mkdir(parents=True, exist_ok=True)
    graph = graph_view(view)
    nx.write_graphml(graph, folder / "psykg.graphml", encoding="utf-8", prettyprint=True)
    gexf = folder / "psykg.gexf"
    nx.write_gexf(graph, gexf, encoding="utf-8", prettyprint=True)
    _strip_gexf_date(gexf)


def _strip_gexf_date(path: Path) -> None:
    """networkx stamps GEXF files with today's date; drop it so the output is byte-stable."""
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r'<meta lastmodifieddate="[^"]*">', "<meta>", text, count=1),
                    encoding="utf-8")
