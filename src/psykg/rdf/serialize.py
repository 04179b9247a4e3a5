"""Byte-stable serialisation of graphs in every RDF format the release ships."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from psykg.errors import PsykgError
from psykg.rdf.graphs import Triple, Union, add_all, triples
from psykg.rdf.prefixes import PREFIXES


def stable_graph(graph: Graph) -> Graph:
    """A copy of `graph` with blank nodes given content-derived labels, triples inserted in
    sorted order and the psykg prefixes bound: the same graph always serialises the same."""
    out = Graph(bind_namespaces="core")
    for prefix, namespace in PREFIXES.items():
        out.bind(prefix, namespace)
    labels = _blank_labels(graph)

    def relabel(term: Node) -> Node:
        return labels[term] if isinstance(term, BNode) else term

    for triple in sorted(tuple(relabel(t) for t in triple) for triple in graph):
        out.add(triple)  # type: ignore[arg-type]
    return out


def _blank_labels(graph: Graph, blanks: set[BNode] | None = None) -> dict[Node, BNode]:
    """A stable label for each blank node: a hash of what it says (its outgoing triples, with
    nested blank nodes hashed first) and of where it is used (its incoming triples).

    The ontology's blank nodes are axioms and RDF lists, which form trees, so this is exact
    for them; distinct blank nodes with equal content and use would share a label."""
    memo: dict[Node, str] = {}

    def content(node: Node) -> str:
        if node not in memo:
            memo[node] = ""  # a cycle of blank nodes ends here instead of recursing forever
            parts = sorted(
                f"{p.n3()} {content(o) if isinstance(o, BNode) else o.n3()}"
                for p, o in graph.predicate_objects(node)
            )
            memo[node] = hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()
        return memo[node]

    labels: dict[Node, BNode] = {}
    if blanks is None:
        blanks = {t for triple in graph for t in triple if isinstance(t, BNode)}
    for node in blanks:
        uses = sorted(
            f"{s.n3()} {p.n3()}"
            for s, p in graph.subject_predicates(node)
            if not isinstance(s, BNode)
        )
        digest = hashlib.sha256((content(node) + "|" + "|".join(uses)).encode("utf-8"))
        labels[node] = BNode("b" + digest.hexdigest()[:24])
    return labels


def jsonld_context() -> dict[str, Any]:
    """The JSON-LD context bundled with the release: the psykg prefixes, nothing remote."""
    return {"@context": dict(sorted(PREFIXES.items()))}


_INVALID_IRI = re.compile(r'[<>" {}|\\^`]')
"""Characters rdflib refuses to write inside an IRI (rdflib.term._invalid_uri_chars)."""
Writable = Graph | Union | Iterable[Triple]
"""What the writers take: an rdflib graph, a union of graphs, or any iterable of triples."""


def _literal(term: Literal) -> str:
    """A literal as rdflib's N-Triples writer spells it (rdflib...serializers.nt._quoteLiteral)."""
    text = (
        '"'
        + term.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"').replace("\r", "\\r")
        + '"'
    )
    if term.language:
        return f"{text}@{term.language}"
    return f"{text}^^<{term.datatype}>" if term.datatype else text


def to_ntriples(graph: Writable) -> str:
    """N-Triples, one triple a line, lines sorted: diffable and byte-stable.

    The same text as rdflib writes for `stable_graph(graph)`, written here term by term (an
    IRI is encoded once, however often it occurs): blank nodes get the stable labels of
    `_blank_labels`, computed from only the triples that touch a blank node (all that the
    labels depend on). `graph` is an rdflib graph or any iterable of its triples (a triple
    given twice is written once)."""
    iris: dict[Node, str] = {}
    blank_triples: list[Triple] = []
    lines: set[str] = set()
    add = lines.add
    for s, p, o in triples(graph) if isinstance(graph, Graph | Union) else graph:
        if type(s) is BNode or type(o) is BNode:
            blank_triples.append((s, p, o))
            continue
        subject = iris.get(s)
        if subject is None:
            subject = iris[s] = _encode(s)
        predicate = iris.get(p)
        if predicate is None:
            predicate = iris[p] = _encode(p)
        if type(o) is Literal:
            add(f"{subject} {predicate} {_literal(o)} .")
            continue
        obj = iris.get(o)
        if obj is None:
            obj = iris[o] = _encode(o)
        add(f"{subject} {predicate} {obj} .")
    _check_iris(
        [
            *iris.values(),
            *(
                _encode(term)
                for triple in blank_triples
                for term in triple
                if not isinstance(term, BNode)
            ),
        ]
    )
    if blank_triples:
        labels = _blank_labels(add_all(Graph(), blank_triples))
        for triple in blank_triples:
            add(" ".join(_encode(labels.get(term, term)) for term in triple) + " .")
    return "".join(f"{line}\n" for line in sorted(lines))


def _encode(term: Node) -> str:
    """One term in N-Triples (an IRI is checked later, all at once, by _check_iris)."""
    if isinstance(term, Literal):
        return _literal(term)
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, URIRef):
        return f"<{term}>"
    raise TypeError(f"cannot write {term!r} in N-Triples")


def _check_iris(encoded: list[str]) -> None:
    """Refuse IRIs rdflib would refuse to write (one regular-expression scan over all)."""
    text = "".join(iri[1:-1] for iri in encoded if iri.startswith("<"))
    if (found := _INVALID_IRI.search(text)) is not None:
        bad = next(iri for iri in encoded if iri.startswith("<") and _INVALID_IRI.search(iri[1:-1]))
        raise PsykgError(
            f"{bad} is not a valid IRI: it contains {found.group(0)!r}",
            hint='IRIs may not contain spaces or any of <>"{}|\\^`',
        )


def reserialise(nt: str, fmt: str) -> str:
    """A sorted N-Triples text re-written by pyoxigraph in `fmt` ("turtle" or "rdfxml"),
    triples in the text's order, so the output is as byte-stable as the input."""
    data = _reserialise(nt, fmt, None)
    assert data is not None
    return data.decode("utf-8")


def _reserialise(nt: str | Path, fmt: str, output: Path | None) -> bytes | None:
    """reserialise from a text or an N-Triples file, into bytes or straight into `output`."""
    import pyoxigraph

    formats = {"turtle": pyoxigraph.RdfFormat.TURTLE, "rdfxml": pyoxigraph.RdfFormat.RDF_XML}
    triples = (
        pyoxigraph.parse(path=nt, format=pyoxigraph.RdfFormat.N_TRIPLES)
        if isinstance(nt, Path)
        else pyoxigraph.parse(nt.encode("utf-8"), format=pyoxigraph.RdfFormat.N_TRIPLES)
    )
    return pyoxigraph.serialize(
        triples, output, format=formats[fmt], prefixes=dict(sorted(PREFIXES.items()))
    )


def to_turtle(graph: Writable) -> str:
    """Turtle with the psykg prefixes, written by pyoxigraph from the sorted N-Triples
    (subjects in sort order; about 20 times faster than rdflib's Turtle writer)."""
    return reserialise(to_ntriples(graph), "turtle")


def to_rdfxml(graph: Writable) -> str:
    """RDF/XML (for Protégé and other OWL tools), written by pyoxigraph in sorted triple order
    (rdflib's RDF/XML writers order namespaces and subjects differently from run to run)."""
    return reserialise(to_ntriples(graph), "rdfxml")


def _compact(iri: str, prefix_of: dict[str, str]) -> str:
    """`prefix:local` for the longest namespace in `prefix_of` (namespace -> prefix; each
    ends in / or #) that `iri` is in with a local part not starting with //, else `iri`."""
    end = len(iri)
    while (cut := max(iri.rfind("/", 0, end), iri.rfind("#", 0, end))) >= 0:
        prefix = prefix_of.get(iri[: cut + 1])
        local = iri[cut + 1 :]
        if prefix is not None and local and not local.startswith("//"):
            return f"{prefix}:{local}"
        end = cut
    return iri


def _single(values: list[Any]) -> Any:
    """A one-value list as the value itself (the compact JSON-LD form), else the list."""
    return values[0] if len(values) == 1 else values


def jsonld_from_ntriples(nt: str) -> str:
    """Compact JSON-LD with the bundled context inline from an N-Triples text (_jsonld_chunks,
    joined)."""
    return "".join(_jsonld_chunks(nt))


def _jsonld_chunks(nt: str | Path) -> Iterator[str]:
    """Compact JSON-LD with the bundled context inline from an N-Triples text: one node per
    subject sorted by @id, one node a line (json's C encoder: its indenting encoder is pure
    Python and several times slower), properties sorted, values in text order; a single value
    is not wrapped in a list and a plain string literal is a JSON string.

    A sorted text lists each subject's triples together, so each node is written to its line
    as soon as the subject changes and only the lines are kept (a subject met again, or two
    IRIs compacting alike, merge into the node already written)."""
    import pyoxigraph

    context = jsonld_context()["@context"]
    prefix_of = {ns: prefix for prefix, ns in sorted(PREFIXES.items(), reverse=True)}
    compacted: dict[str, str] = {}
    get = compacted.get

    def compact(iri: str) -> str:
        found = compacted[iri] = _compact(iri, prefix_of)
        return found

    rdf_type, xsd_string = str(RDF.type), str(XSD.string)
    named, blank, literal = pyoxigraph.NamedNode, pyoxigraph.BlankNode, pyoxigraph.Literal
    lines: dict[str, str] = {}
    node: dict[str, list[Any]] = {}
    sid = ""
    last_subject = None
    quads = (
        pyoxigraph.parse(path=nt, format=pyoxigraph.RdfFormat.N_TRIPLES)
        if isinstance(nt, Path)
        else pyoxigraph.parse(nt.encode("utf-8"), format=pyoxigraph.RdfFormat.N_TRIPLES)
    )
    for quad in quads:
        s, o = quad.subject, quad.object
        if s != last_subject:
            if last_subject is not None:
                lines[sid] = _node_line(sid, node, lines.get(sid))
            last_subject, node = s, {}
            if type(s) is blank:
                sid = f"_:{s.value}"
            elif type(s) is named:
                sid = get(s.value) or compact(s.value)
            else:
                raise ValueError(f"unexpected subject {s!r}")
        kind = type(o)
        predicate = quad.predicate.value
        if kind is named:
            if predicate == rdf_type:
                node.setdefault("@type", []).append(get(o.value) or compact(o.value))
                continue
            value: Any = {"@id": get(o.value) or compact(o.value)}
        elif kind is literal:
            if o.language:
                value = {"@language": o.language, "@value": o.value}
            elif (datatype := o.datatype.value) == xsd_string:
                value = o.value
            else:
                value = {"@type": get(datatype) or compact(datatype), "@value": o.value}
        elif kind is blank:
            value = {"@id": f"_:{o.value}"}
        else:
            raise ValueError(f"unexpected term {o!r}")
        key = get(predicate) or compact(predicate)
        values = node.get(key)
        if values is None:
            node[key] = [value]
        else:
            values.append(value)
    if last_subject is not None:
        lines[sid] = _node_line(sid, node, lines.get(sid))
    head = json.dumps(context, indent=1, ensure_ascii=False).replace("\n", "\n ")
    yield f'{{\n "@context": {head},\n "@graph": [\n  '
    separator = ""
    for _, line in sorted(lines.items()):
        yield separator
        yield line
        separator = ",\n  "
    yield "\n ]\n}\n"


def _node_line(sid: str, node: dict[str, list[Any]], earlier: str | None) -> str:
    """One JSON-LD node on one line; `earlier`: the line already written for `sid`, whose
    values come first."""
    if earlier is not None:
        merged = {
            key: value if isinstance(value, list) else [value]
            for key, value in json.loads(earlier).items()
            if key != "@id"
        }
        for key, values in node.items():
            merged.setdefault(key, []).extend(values)
        node = merged
    return json.dumps(
        {"@id": sid, **{k: _single(v) for k, v in sorted(node.items())}}, ensure_ascii=False
    )


def to_jsonld(graph: Writable) -> str:
    """JSON-LD with the context inline (so no processor fetches it), nodes sorted by @id, from
    the sorted N-Triples (about 3 times faster than rdflib's JSON-LD writer)."""
    return jsonld_from_ntriples(to_ntriples(graph))


WRITERS: dict[str, tuple[str, str, Callable[[Writable], str]]] = {
    "turtle": ("ttl", "text/turtle", to_turtle),
    "ntriples": ("nt", "application/n-triples", to_ntriples),
    "jsonld": ("jsonld", "application/ld+json", to_jsonld),
    "rdfxml": ("owl", "application/rdf+xml", to_rdfxml),
}
"""Format name -> (file extension, media type, writer). Drives the library and the CLI."""


def from_ntriples(nt: str, fmt: str) -> str:
    """A sorted N-Triples text (to_ntriples) in the named format: what WRITERS[fmt] writes."""
    if fmt == "ntriples":
        return nt
    if fmt == "jsonld":
        return jsonld_from_ntriples(nt)
    return reserialise(nt, fmt)


def write_from_ntriples(nt: str | Path, fmt: str, path: Path) -> None:
    """Write what from_ntriples(nt, fmt) gives to `path`, reading `nt` from its file when it
    is a path, without holding the written text in memory (pyoxigraph writes the file itself;
    JSON-LD nodes are written one by one)."""
    if fmt == "jsonld":
        with path.open("w", encoding="utf-8", newline="\n") as handle:
            handle.writelines(_jsonld_chunks(nt))
    elif fmt == "ntriples":
        if isinstance(nt, Path):
            shutil.copyfile(nt, path)
        else:
            path.write_text(nt, encoding="utf-8", newline="\n")
    else:
        _reserialise(nt, fmt, path)


def write(graph: Writable, path: Path, fmt: str) -> None:
    """Write `graph` to `path` in the named format (UTF-8, LF line ends)."""
    _, _, writer = WRITERS[fmt]
    path.write_text(writer(graph), encoding="utf-8", newline="\n")
