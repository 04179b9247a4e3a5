"""The graph view (resources as nodes, literals as attributes) as GraphML and GEXF.

The files are written directly, in exactly the bytes networkx 3.6's ElementTree writers
(`write_graphml_xml`, `write_gexf`, pretty-printed) give for `graph_view`, without building
the networkx graph or an XML tree (a test compares the two).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from rdflib import Literal, URIRef
from rdflib.namespace import RDF

from psykg.exports.view import ReleaseView, curie

if TYPE_CHECKING:
    import networkx as nx

SEPARATOR = " | "
"""Joins several literal values of one property into one attribute."""
GRAPHML_ROOT = (
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
    'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd"'
)
GEXF_ROOT = (
    '<gexf xmlns="http://www.gexf.net/1.2draft" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xsi:schemaLocation="http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd" '
    'version="1.2"'
)
GEXF_CREATOR = "psykg"
"""The GEXF <creator>: the program that wrote the file (networkx did, in earlier releases)."""
XML_DECLARATION = "<?xml version='1.0' encoding='utf-8'?>\n"
_TYPES = frozenset({RDF.type})


@dataclass(frozen=True)
class ViewGraph:
    """The graph view as plain data, nodes and edges in the order the files list them."""

    nodes: list[tuple[str, dict[str, str]]]
    """(node id, attributes) sorted by IRI."""
    edges: list[tuple[str, str, str, dict[str, str]]]
    """(source, target, key, attributes): by source, then target (first use), then key."""


def graph_parts(view: ReleaseView) -> ViewGraph:
    """The data (no ontology) as nodes and edges.

    Nodes: every IRI in the data except classes used only as rdf:type objects; attributes
    `iri`, `curie`, `label`, `type` (most specific psykg class), `types` (every rdf:type) and
    one attribute per literal-valued property, named by its CURIE. Edges: every triple whose
    object is an IRI, except rdf:type; key `e<n>` (n: rank of the sorted triple), attributes
    `predicate` (IRI) and `label` (CURIE).
    """
    data = view.data_index
    nodes: set[str] = set()
    edges: list[tuple[str, str, str]] = []
    found: dict[str, tuple[URIRef, list[str], dict[str, list[str]]]] = {}
    for s, by_predicate in data.items():
        if not isinstance(s, URIRef):
            continue
        subject = str(s)
        nodes.add(subject)
        types: list[str] = []
        literals: dict[str, list[str]] = {}
        for p, objects in by_predicate.items():
            if p in _TYPES:  # a set lookup compares by hash first: cheaper than rdflib's ==
                types += [curie(o) for o in objects]
                continue
            texts = [str(o) for o in objects if isinstance(o, Literal)]
            if texts:
                literals[curie(p)] = texts
            if isinstance(p, URIRef):
                for o in objects:
                    if isinstance(o, URIRef):
                        nodes.add(str(o))
                        edges.append((subject, str(p), str(o)))
        found[subject] = (s, types, literals)
    node_list = []
    for node in sorted(nodes):
        iri, types, literals = found.get(node) or (URIRef(node), [], {})
        attrs = {"iri": node, "curie": curie(iri), "label": view.label(iri)}
        primary = view.primary_class(iri)
        if primary is not None:
            attrs["type"] = curie(primary)
        if types:
            attrs["types"] = SEPARATOR.join(sorted(types))
        for prop, values in sorted(literals.items()):
            attrs[prop] = SEPARATOR.join(sorted(values))
        node_list.append((node, attrs))
    edges.sort()
    return ViewGraph(node_list, _adjacency_order(edges))


def _adjacency_order(
    edges: list[tuple[str, str, str]],
) -> list[tuple[str, str, str, dict[str, str]]]:
    """Sorted triples as edges keyed by rank, in the order a multigraph yields them."""
    out: list[tuple[str, str, str, dict[str, str]]] = []
    by_target: dict[str, list[tuple[int, str]]] = {}
    source = ""

    def flush() -> None:
        for target, keyed in by_target.items():
            for index, p in keyed:
                out.append((source, target, f"e{index}", {"predicate": p, "label": curie(p)}))
        by_target.clear()

    for index, (s, p, o) in enumerate(edges):
        if s != source:
            flush()
            source = s
        by_target.setdefault(o, []).append((index, p))
    flush()
    return out


def graph_view(view: ReleaseView) -> nx.MultiDiGraph:
    """The graph view as a networkx multigraph (what the GraphML and GEXF files hold)."""
    import networkx as nx

    parts = graph_parts(view)
    graph = nx.MultiDiGraph()
    for node, attrs in parts.nodes:
        graph.add_node(node, **attrs)
    for source, target, key, attrs in parts.edges:
        graph.add_edge(source, target, key=key, **attrs)
    return graph


def _text(text: str) -> str:
    """Character data escaped as ElementTree does."""
    return escape(text) if _TEXT_SPECIAL.search(text) else text


def _attr(text: str) -> str:
    """An attribute value escaped as ElementTree does."""
    return escape(text, _ATTRIBUTE_ENTITIES) if _ATTRIBUTE_SPECIAL.search(text) else text


_ATTRIBUTE_ENTITIES = {'"': "&quot;", "\r": "&#13;", "\n": "&#10;", "\t": "&#09;"}
_TEXT_SPECIAL = re.compile("[&<>]")
_ATTRIBUTE_SPECIAL = re.compile('[&<>"\r\n\t]')
"""Characters escape() changes: most values have none, and the search is cheaper."""


def _container(pad: str, start: str, tag: str, children: list[str]) -> list[str]:
    """An element with child lines (or an empty element), indented by `pad`."""
    if not children:
        return [f"{pad}{start} />\n"]
    return [f"{pad}{start}>\n", *children, f"{pad}</{tag}>\n"]


def to_graphml(parts: ViewGraph) -> str:
    """The GraphML document: keys numbered by first use (listed newest first), then the graph."""
    return "".join(graphml_chunks(parts))


def graphml_chunks(parts: ViewGraph) -> list[str]:
    """The GraphML document in pieces (written one by one, never joined: at a million triples
    the joined text and its bytes would be another 0.6 GB)."""
    keys: dict[tuple[str, str], str] = {}
    body: list[str] = []
    _graphml_elements(
        "node", ((f'<node id="{_attr(node)}"', attrs) for node, attrs in parts.nodes), keys, body
    )
    _graphml_elements(
        "edge",
        (
            (f'<edge source="{_attr(source)}" target="{_attr(target)}" id="{_attr(key)}"', attrs)
            for source, target, key, attrs in parts.edges
        ),
        keys,
        body,
    )
    lines = [
        f'  <key id="{key}" for="{scope}" attr.name="{_attr(name)}" attr.type="string" />\n'
        for (scope, name), key in reversed(keys.items())
    ]
    lines += _container("  ", '<graph edgedefault="directed"', "graph", body)
    return [XML_DECLARATION, GRAPHML_ROOT, ">\n", *lines, "</graphml>\n"]


def _graphml_elements(
    scope: str,
    elements: Iterable[tuple[str, dict[str, str]]],
    keys: dict[tuple[str, str], str],
    body: list[str],
) -> None:
    """Append each (start tag, attributes) element with its <data> children to `body`,
    numbering new keys in `keys` ("d<n>" by first use). Written out inline: it runs once per
    attribute of every node and edge."""
    named: dict[str, str] = {}
    close = f"    </{scope}>\n"
    append, special = body.append, _TEXT_SPECIAL.search
    for start, attrs in elements:
        if not attrs:
            append(f"    {start} />\n")
            continue
        append(f"    {start}>\n")
        for name, value in attrs.items():
            key = named.get(name)
            if key is None:
                key = named[name] = keys[(scope, name)] = f"d{len(keys)}"
            if not value:
                append(f'      <data key="{key}" />\n')
            else:
                append(
                    f'      <data key="{key}">{escape(value) if special(value) else value}</data>\n'
                )
        append(close)


def to_gexf(parts: ViewGraph) -> str:
    """The GEXF 1.2 document: node labels and edge labels as GEXF labels, the rest as
    attributes numbered by first use (nodes first); the edge key as `networkx_key`."""
    return "".join(gexf_chunks(parts))


def gexf_chunks(parts: ViewGraph) -> list[str]:
    """The GEXF document in pieces (see graphml_chunks)."""
    ids: dict[str, dict[str, str]] = {"node": {}, "edge": {}}
    counter = itertools.count()
    nodes: list[str] = []
    for node, attrs in parts.nodes:
        label = attrs.get("label", node)
        start = f'      <node id="{_attr(node)}" label="{_attr(label)}"'
        _gexf_element(start, "node", attrs, ids["node"], counter, nodes)
    edges: list[str] = []
    for number, (source, target, key, attrs) in enumerate(parts.edges):
        start = (
            f'      <edge source="{_attr(source)}" target="{_attr(target)}" id="{number}" '
            f'label="{_attr(attrs["label"])}"'
        )
        _gexf_element(start, "edge", {**attrs, "networkx_key": key}, ids["edge"], counter, edges)
    graph: list[str] = []
    for scope in ("edge", "node"):
        if ids[scope]:
            graph += _container(
                "    ",
                f'<attributes mode="static" class="{scope}"',
                "attributes",
                [
                    f'      <attribute id="{ident}" title="{_attr(title)}" type="string" />\n'
                    for title, ident in ids[scope].items()
                ],
            )
    graph += _container("    ", "<nodes", "nodes", nodes)
    graph += _container("    ", "<edges", "edges", edges)
    return [
        XML_DECLARATION,
        GEXF_ROOT,
        ">\n",
        "  <meta>\n",
        f"    <creator>{_text(GEXF_CREATOR)}</creator>\n",
        "  </meta>\n",
        *_container(
            "  ", '<graph defaultedgetype="directed" mode="static" name=""', "graph", graph
        ),
        "</gexf>\n",
    ]


def _gexf_element(
    start: str,
    tag: str,
    attrs: dict[str, str],
    ids: dict[str, str],
    counter: Iterator[int],
    out: list[str],
) -> None:
    """Append one node or edge (`start`: its indented start tag) with an <attvalue> for each
    attribute but its label, numbering new attributes in `ids` from `counter`."""
    values = []
    for name, value in attrs.items():
        if name == "label":
            continue
        ident = ids.get(name)
        if ident is None:
            ident = ids[name] = str(next(counter))
        values.append(f'          <attvalue for="{ident}" value="{_attr(value)}" />\n')
    if not values:
        out.append(f"{start} />\n")
        return
    out += [
        f"{start}>\n",
        "        <attvalues>\n",
        *values,
        "        </attvalues>\n",
        f"      </{tag}>\n",
    ]


def _write(path: Path, chunks: list[str]) -> None:
    """UTF-8, characters it cannot encode as XML character references (as ElementTree)."""
    with path.open("w", encoding="utf-8", errors="xmlcharrefreplace", newline="") as handle:
        handle.writelines(chunks)


def write_graphml(view: ReleaseView, folder: Path) -> None:
    """Write psykg.graphml and psykg.gexf into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    parts = graph_parts(view)
    _write(folder / "psykg.graphml", graphml_chunks(parts))
    _write(folder / "psykg.gexf", gexf_chunks(parts))
