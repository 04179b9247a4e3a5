"""Fast paths for large graphs: pyoxigraph writers and a SHACL validator compiled to SPARQL.

The reference paths stay rdflib (serialisation) and pyshacl (validation); these give the same
graphs and the same SHACL results in a fraction of the time at a million triples, and
tests/test_fastpath.py proves the agreement on the seed dataset and on a synthetic corpus.

Writers: the sorted N-Triples text is made once (serialize.to_ntriples, the release's own
psykg.nt) and re-written as Turtle, RDF/XML (pyoxigraph) and compact JSON-LD by the same
functions serialize.WRITERS uses, but from one N-Triples pass instead of one per format.
Input order is sorted, so output is byte-stable.

Validator: each SHACL Core constraint of a shape becomes one SPARQL SELECT run on an embedded
pyoxigraph store; nested shapes (sh:not, sh:xone, sh:qualifiedValueShape) become filter
expressions. Features it does not compile raise Unsupported, so a caller can fall back to
pyshacl rather than get a wrong answer.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from psykg.constants import SH
from psykg.serialize import jsonld_from_ntriples, reserialise, to_ntriples

if TYPE_CHECKING:
    import pyoxigraph

    from psykg.validate import Check, Finding

# ------------------------------------------------------------------------------ writers


def parse_ntriples(nt: str) -> Iterator[pyoxigraph.Triple]:
    """The triples of an N-Triples text, in text order."""
    import pyoxigraph

    for quad in pyoxigraph.parse(nt.encode("utf-8"), format=pyoxigraph.RdfFormat.N_TRIPLES):
        yield pyoxigraph.Triple(quad.subject, quad.predicate, quad.object)


def ntriples_to_turtle(nt: str) -> str:
    """Turtle with the psykg prefixes, subjects in N-Triples sort order."""
    return reserialise(nt, "turtle")


def ntriples_to_rdfxml(nt: str) -> str:
    """RDF/XML with the psykg prefixes as XML namespaces."""
    return reserialise(nt, "rdfxml")


ntriples_to_jsonld = jsonld_from_ntriples
"""Compact JSON-LD with the bundled context inline: one node per subject, sorted."""


FAST_WRITERS: dict[str, Callable[[str], str]] = {
    "turtle": ntriples_to_turtle,
    "ntriples": lambda nt: nt,
    "jsonld": ntriples_to_jsonld,
    "rdfxml": ntriples_to_rdfxml,
}
"""Format name (the keys of serialize.WRITERS) -> writer from the sorted N-Triples text."""


def serialise_all(graph: Graph) -> dict[str, str]:
    """Every release format of `graph`, from one sorted N-Triples pass."""
    nt = to_ntriples(graph)
    return {fmt: writer(nt) for fmt, writer in FAST_WRITERS.items()}


def store_from_ntriples(nt: str) -> pyoxigraph.Store:
    """An in-memory pyoxigraph store loaded with an N-Triples text.

    Beware: pyoxigraph 0.5 stores every derived integer type (xsd:nonNegativeInteger,
    xsd:int…) as xsd:integer, so datatype() in a query over the store says xsd:integer.
    DataStore keeps the declared types for the validator.
    """
    import pyoxigraph

    store = pyoxigraph.Store()
    store.bulk_load(nt.encode("utf-8"), format=pyoxigraph.RdfFormat.N_TRIPLES)
    return store


INTEGER_TYPES = frozenset(str(XSD[n]) for n in (
    "integer", "nonNegativeInteger", "positiveInteger", "nonPositiveInteger", "negativeInteger",
    "long", "int", "short", "byte", "unsignedLong", "unsignedInt", "unsignedShort",
    "unsignedByte"))
"""Datatypes the pyoxigraph store folds into xsd:integer."""

_INTEGER_LINE = re.compile(
    r'^(<[^>]*>|_:\S+) <([^>]*)> "([-+]?[0-9]+)"\^\^<(http://www\.w3\.org/2001/XMLSchema#'
    r'(?:[a-zA-Z]*(?:Integer|Long|Int|Short|Byte)|long|int|short|byte))> \.$', re.MULTILINE)


@dataclass
class DataStore:
    """A data graph in pyoxigraph plus the declared datatypes of its integer literals."""

    store: pyoxigraph.Store
    integer_types: dict[tuple[str, str, int], str]
    """(subject in N-Triples form, predicate IRI, value) -> declared datatype IRI."""

    @classmethod
    def from_ntriples(cls, nt: str) -> DataStore:
        """Load an N-Triples text and remember its integer literals' datatypes."""
        types = {(m.group(1), m.group(2), int(m.group(3))): m.group(4)
                 for m in _INTEGER_LINE.finditer(nt)}
        return cls(store_from_ntriples(nt), types)

    def declared(self, subject: object, predicate: str, value: object) -> str | None:
        """The declared datatype of an integer literal value, or None if not one."""
        import pyoxigraph

        if not (isinstance(value, pyoxigraph.Literal) and value.datatype.value in INTEGER_TYPES
                and predicate):
            return None
        s = f"<{subject.value}>" if isinstance(subject, pyoxigraph.NamedNode) else str(subject)
        return self.integer_types.get((s, predicate, int(value.value)), str(XSD.integer))


# ---------------------------------------------------------------------------- validator


class Unsupported(Exception):
    """A SHACL feature the compiled validator does not handle; use pyshacl instead."""


@dataclass(frozen=True, order=True)
class ShaclResult:
    """One validation result, with terms in N-Triples form (blank nodes as "_:")."""

    focus: str
    path: str
    value: str
    shape: str
    component: str
    severity: str


def term_key(term: object) -> str:
    """A comparable N-Triples-like key for an rdflib or pyoxigraph term (blank nodes equal)."""
    import pyoxigraph

    if term is None:
        return ""
    if isinstance(term, BNode | pyoxigraph.BlankNode):
        return "_:"
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, pyoxigraph.NamedNode):
        return f"<{term.value}>"
    if isinstance(term, Literal):
        lang = term.language or ""
        dt = str(term.datatype) if term.datatype else (
            str(RDF.langString) if lang else str(XSD.string))
        return json.dumps([str(term), dt, lang])
    if isinstance(term, pyoxigraph.Literal):
        return json.dumps([term.value, term.datatype.value, term.language or ""])
    raise TypeError(f"not an RDF term: {term!r}")


_NODE_KINDS = {
    SH.IRI: "isIRI({v})", SH.BlankNode: "isBlank({v})", SH.Literal: "isLiteral({v})",
    SH.BlankNodeOrIRI: "(isBlank({v}) || isIRI({v}))",
    SH.BlankNodeOrLiteral: "(isBlank({v}) || isLiteral({v}))",
    SH.IRIOrLiteral: "(isIRI({v}) || isLiteral({v}))",
}
_KNOWN = {
    SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.path,
    SH.property, SH.minCount, SH.maxCount, SH["class"], SH.datatype, SH.nodeKind, SH["in"],
    SH.hasValue, SH.pattern, SH.flags, SH.minLength, SH.maxLength, SH.languageIn,
    SH.uniqueLang, SH.closed, SH.ignoredProperties, SH["not"], SH.xone, SH["or"], SH["and"],
    SH.node, SH.qualifiedValueShape, SH.qualifiedMinCount, SH.qualifiedMaxCount, SH.equals,
    SH.disjoint, SH.lessThan, SH.lessThanOrEquals, SH.severity, SH.message, SH.name,
    SH.description, SH.deactivated, SH.order, SH.group, RDF.type,
}
_TYPE_OF = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>/" \
           "<http://www.w3.org/2000/01/rdf-schema#subClassOf>*"


class _Compiler:
    """Turns the shapes of one shapes graph into SPARQL; fresh variable names per use."""

    def __init__(self, shapes: Graph) -> None:
        self.g = shapes
        self.counter = 0

    def var(self) -> str:
        self.counter += 1
        return f"?v{self.counter}"

    def one(self, node: Node, prop: URIRef) -> Node | None:
        return self.g.value(node, prop)

    def items(self, node: Node) -> list[Node]:
        return list(Collection(self.g, node))

    def path(self, node: Node) -> str:
        """A SHACL property path as a SPARQL path."""
        if isinstance(node, URIRef):
            return f"<{node}>"
        if (node, RDF.first, None) in self.g:
            return "(" + "/".join(self.path(p) for p in self.items(node)) + ")"
        inv = self.one(node, SH.inversePath)
        if inv is not None:
            return f"^{self.path(inv)}"
        alt = self.one(node, SH.alternativePath)
        if alt is not None:
            return "(" + "|".join(self.path(p) for p in self.items(alt)) + ")"
        for prop, mod in ((SH.zeroOrMorePath, "*"), (SH.oneOrMorePath, "+"),
                          (SH.zeroOrOnePath, "?")):
            inner = self.one(node, prop)
            if inner is not None:
                return f"({self.path(inner)}){mod}"
        raise Unsupported(f"property path {node!r}")

    def check_known(self, shape: Node) -> None:
        for prop in set(self.g.predicates(shape, None)):
            if str(prop).startswith(str(SH)) and prop not in _KNOWN:
                raise Unsupported(f"{prop} on {shape}")
        if self.one(shape, SH["or"]) is not None or self.one(shape, SH["and"]) is not None:
            raise Unsupported(f"sh:or / sh:and on {shape}")

    def targets(self, shape: Node) -> list[str]:
        """Graph patterns binding ?this to each kind of target of `shape`."""
        out = [f"?this {_TYPE_OF} <{c}> ." for c in self.g.objects(shape, SH.targetClass)]
        out += [f"VALUES ?this {{ {n.n3()} }}" for n in self.g.objects(shape, SH.targetNode)]
        out += [f"?this <{p}> [] ." for p in self.g.objects(shape, SH.targetSubjectsOf)]
        out += [f"[] <{p}> ?this ." for p in self.g.objects(shape, SH.targetObjectsOf)]
        if (shape, RDF.type, URIRef("http://www.w3.org/2000/01/rdf-schema#Class")) in self.g:
            out.append(f"?this {_TYPE_OF} <{shape}> .")
        return out

    def conforms(self, shape: Node, v: str, depth: int = 0) -> str:
        """A SPARQL expression true when the term in variable `v` conforms to `shape`."""
        if depth > 8:
            raise Unsupported("shapes nested too deeply")
        self.check_known(shape)
        if self.one(shape, SH.deactivated) == Literal(True):
            return "true"
        parts: list[str] = []
        path_node = self.one(shape, SH.path)
        if path_node is not None:
            path = self.path(path_node)
            x = self.var()
            for expr in self.value_conditions(shape, x, depth):
                parts.append(f"NOT EXISTS {{ {v} {path} {x} . FILTER(!({expr})) }}")
            lo = self.one(shape, SH.minCount)
            hi = self.one(shape, SH.maxCount)
            if (lo is not None and int(str(lo)) > 1) or (hi is not None and int(str(hi)) > 1):
                raise Unsupported("nested sh:minCount/maxCount above 1")
            if lo is not None and int(str(lo)) == 1:
                parts.append(f"EXISTS {{ {v} {path} {x} }}")
            if hi is not None:
                y = self.var()
                if int(str(hi)) == 0:
                    parts.append(f"NOT EXISTS {{ {v} {path} {x} }}")
                else:
                    parts.append(f"NOT EXISTS {{ {v} {path} {x}, {y} . "
                                 f"FILTER(!sameTerm({x}, {y})) }}")
            for prop in (SH.qualifiedValueShape, SH.uniqueLang, SH.equals, SH.disjoint,
                         SH.lessThan, SH.lessThanOrEquals, SH.closed):
                if self.one(shape, prop) is not None:
                    raise Unsupported(f"nested {prop}")
        else:
            parts += self.value_conditions(shape, v, depth)
            if self.one(shape, SH.closed) == Literal(True):
                raise Unsupported("nested sh:closed")
        for prop_shape in self.g.objects(shape, SH.property):
            parts.append(self.conforms(prop_shape, v, depth + 1))
        return "(" + " && ".join(parts) + ")" if parts else "true"

    def value_conditions(self, shape: Node, v: str, depth: int,
                         only: URIRef | None = None) -> list[str]:
        """Expressions, one per value-type constraint of `shape` (or only those of the
        parameter `only`), true when the term in `v` passes."""
        out: list[str] = []

        def objects(prop: URIRef) -> list[Node]:
            return list(self.g.objects(shape, prop)) if only in (None, prop) else []

        for cls in objects(SH["class"]):
            out.append(f"EXISTS {{ {v} {_TYPE_OF} <{cls}> }}")
        for dt in objects(SH.datatype):
            out.append(f"(isLiteral({v}) && datatype({v}) = <{dt}>)")
        for kind in objects(SH.nodeKind):
            out.append(_NODE_KINDS[kind].format(v=v))  # type: ignore[index]
        for members in objects(SH["in"]):
            alts = " || ".join(f"sameTerm({v}, {m.n3()})" for m in self.items(members))
            out.append(f"({alts or 'false'})")
        if self.one(shape, SH.path) is None:
            for value in objects(SH.hasValue):
                out.append(f"sameTerm({v}, {value.n3()})")
        for pattern in objects(SH.pattern):
            flags = self.one(shape, SH.flags)
            extra = f", {Literal(str(flags)).n3()}" if flags is not None else ""
            out.append(f"(!isBlank({v}) && REGEX(STR({v}), {Literal(str(pattern)).n3()}{extra}))")
        for n in objects(SH.minLength):
            out.append(f"(!isBlank({v}) && STRLEN(STR({v})) >= {int(str(n))})")
        for n in objects(SH.maxLength):
            out.append(f"(!isBlank({v}) && STRLEN(STR({v})) <= {int(str(n))})")
        for langs in objects(SH.languageIn):
            alts = " || ".join(f"langMatches(lang({v}), {Literal(str(t)).n3()})"
                               for t in self.items(langs))
            out.append(f"(isLiteral({v}) && ({alts or 'false'}))")
        for inner in objects(SH.node):
            out.append(self.conforms(inner, v, depth + 1))
        for inner in objects(SH["not"]):
            out.append(f"!{self.conforms(inner, v, depth + 1)}")
        for members in objects(SH.xone):
            tests = [f"IF({self.conforms(s, v, depth + 1)}, 1, 0)" for s in self.items(members)]
            out.append(f"({' + '.join(tests) or '0'}) = 1")
        return out


def _component(name: str) -> str:
    return f"<{SH}{name}ConstraintComponent>"


_VALUE_COMPONENTS: tuple[tuple[URIRef, str], ...] = (
    (SH["class"], "Class"), (SH.datatype, "Datatype"), (SH.nodeKind, "NodeKind"),
    (SH["in"], "In"), (SH.pattern, "Pattern"), (SH.minLength, "MinLength"),
    (SH.maxLength, "MaxLength"), (SH.languageIn, "LanguageIn"), (SH.node, "Node"),
    (SH["not"], "Not"), (SH.xone, "Xone"),
)


@dataclass
class _Query:
    """One SELECT: rows of ?this (and ?value, ?path) are results of one component."""

    sparql: str
    shape: Node
    component: str
    path: str
    select: str
    path_node: Node | None = None
    datatype: str | None = None
    """For sh:datatype of an integer type: rows are candidates, checked against the data."""
    integer_only: bool = False


class CompiledShapes:
    """The SPARQL queries of every shape reached from a target, ready to run on a store."""

    def __init__(self, shapes: Graph) -> None:
        self.shapes = shapes
        self.queries: list[_Query] = []
        c = _Compiler(shapes)
        roots = {s for p in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf,
                             SH.targetObjectsOf) for s in shapes.subjects(p, None)}
        for shape in sorted(roots, key=str):
            if shapes.value(shape, SH.deactivated) == Literal(True):
                continue
            focus = "{ SELECT DISTINCT ?this WHERE { " + " UNION ".join(
                f"{{ {t} }}" for t in c.targets(shape)) + " } }"
            self._shape(c, shape, focus)
        self.severity = {s: shapes.value(s, SH.severity) or SH.Violation
                         for s in {q.shape for q in self.queries}}

    def _shape(self, c: _Compiler, shape: Node, focus: str) -> None:
        c.check_known(shape)
        path_node = c.one(shape, SH.path)
        if path_node is None:
            self._node_constraints(c, shape, focus)
            for prop_shape in sorted(self.shapes.objects(shape, SH.property), key=str):
                if self.shapes.value(prop_shape, SH.deactivated) != Literal(True):
                    self._shape(c, prop_shape, focus)
        else:
            self._property_constraints(c, shape, focus, c.path(path_node), path_node)

    def _add(self, shape: Node, component: str, where: str, select: str = "?this ?value",
             path: str = "") -> None:
        self.queries.append(_Query(f"SELECT DISTINCT {select} WHERE {{ {where} }}", shape,
                                   component, path, select, self.shapes.value(shape, SH.path)))

    def _node_constraints(self, c: _Compiler, shape: Node, focus: str) -> None:
        for prop, name in _VALUE_COMPONENTS:
            for expr in c.value_conditions(shape, "?value", 0, only=prop):
                self._add(shape, _component(name),
                          f"{focus} BIND(?this AS ?value) FILTER(!({expr}))")
        for value in self.shapes.objects(shape, SH.hasValue):
            self._add(shape, _component("HasValue"),
                      f"{focus} BIND(?this AS ?value) FILTER(!sameTerm(?this, {value.n3()}))")
        if c.one(shape, SH.closed) == Literal(True):
            allowed = [p for ps in self.shapes.objects(shape, SH.property)
                       for p in self.shapes.objects(ps, SH.path) if isinstance(p, URIRef)]
            ignored = c.one(shape, SH.ignoredProperties)
            allowed += [p for p in (c.items(ignored) if ignored is not None else [])
                        if isinstance(p, URIRef)]
            keep = " && ".join(f"?p != <{p}>" for p in sorted(set(allowed))) or "true"
            self._add(shape, _component("Closed"),
                      f"{focus} ?this ?p ?value . FILTER({keep})", "?this ?value ?p")

    def _property_constraints(self, c: _Compiler, shape: Node, focus: str, path: str,
                              path_node: Node) -> None:
        pkey = term_key(path_node) if isinstance(path_node, URIRef) else "_:"
        values = f"{focus} ?this {path} ?value ."
        for prop, name in _VALUE_COMPONENTS:
            if prop == SH.datatype:
                continue
            for expr in c.value_conditions(shape, "?value", 0, only=prop):
                self._add(shape, _component(name), f"{values} FILTER(!({expr}))", path=pkey)
        for dt in self.shapes.objects(shape, SH.datatype):
            if str(dt) not in INTEGER_TYPES:
                self._add(shape, _component("Datatype"),
                          f"{values} FILTER(!(isLiteral(?value) && datatype(?value) = <{dt}>))",
                          path=pkey)
                self.queries[-1].datatype = str(dt)
                continue
            if not isinstance(path_node, URIRef):
                raise Unsupported(f"sh:datatype {dt} on a complex path")
            self._add(shape, _component("Datatype"), f"{values}", path=pkey)
            self.queries[-1].datatype = str(dt)
            self.queries[-1].integer_only = True
        count = f"{{ SELECT ?this (COUNT(DISTINCT ?value) AS ?n) WHERE {{ {focus} " \
                f"OPTIONAL {{ ?this {path} ?value }} }} GROUP BY ?this }}"
        for n in self.shapes.objects(shape, SH.minCount):
            self._add(shape, _component("MinCount"), f"{count} FILTER(?n < {int(str(n))})",
                      "?this", pkey)
        for n in self.shapes.objects(shape, SH.maxCount):
            self._add(shape, _component("MaxCount"), f"{count} FILTER(?n > {int(str(n))})",
                      "?this", pkey)
        for value in self.shapes.objects(shape, SH.hasValue):
            self._add(shape, _component("HasValue"),
                      f"{focus} FILTER NOT EXISTS {{ ?this {path} {value.n3()} }}", "?this",
                      pkey)
        if c.one(shape, SH.uniqueLang) == Literal(True):
            self._add(shape, _component("UniqueLang"),
                      f"{focus} ?this {path} ?a, ?b . FILTER(!sameTerm(?a, ?b) && "
                      f"lang(?a) != '' && lang(?a) = lang(?b)) BIND(lang(?a) AS ?lang)",
                      "?this ?lang", pkey)
        for other in self.shapes.objects(shape, SH.equals):
            self._add(shape, _component("Equals"),
                      f"{{ {values} FILTER NOT EXISTS {{ ?this <{other}> ?value }} }} UNION "
                      f"{{ {focus} ?this <{other}> ?value . "
                      f"FILTER NOT EXISTS {{ ?this {path} ?value }} }}", path=pkey)
        for other in self.shapes.objects(shape, SH.disjoint):
            self._add(shape, _component("Disjoint"),
                      f"{values} ?this <{other}> ?value .", path=pkey)
        for prop, name, op in ((SH.lessThan, "LessThan", "<"),
                               (SH.lessThanOrEquals, "LessThanOrEquals", "<=")):
            for other in self.shapes.objects(shape, prop):
                self._add(shape, _component(name),
                          f"{values} ?this <{other}> ?w . "
                          f"FILTER(!COALESCE(?value {op} ?w, false))", path=pkey)
        qualified = c.one(shape, SH.qualifiedValueShape)
        if qualified is not None:
            expr = c.conforms(qualified, "?value")
            qcount = (f"{{ SELECT ?this (COUNT(DISTINCT ?q) AS ?n) WHERE {{ {focus} OPTIONAL "
                      f"{{ ?this {path} ?value . FILTER({expr}) BIND(?value AS ?q) }} }} "
                      f"GROUP BY ?this }}")
            for prop, name, op in ((SH.qualifiedMinCount, "QualifiedMinCount", "<"),
                                   (SH.qualifiedMaxCount, "QualifiedMaxCount", ">")):
                for n in self.shapes.objects(shape, prop):
                    self._add(shape, _component(name), f"{qcount} FILTER(?n {op} {int(str(n))})",
                              "?this", pkey)

    def hits(self, data: DataStore) -> Iterator[_Hit]:
        """Every result on `data`, as raw terms (pyoxigraph) with its query."""
        import pyoxigraph

        for q in self.queries:
            solutions = data.store.query(q.sparql)
            assert isinstance(solutions, pyoxigraph.QuerySolutions)
            for row in solutions:
                p = row["p"] if "?p" in q.select else None
                value = row["value"] if "?value" in q.select else None
                predicate = p.value if p is not None else q.path[1:-1]
                declared = data.declared(row["this"], predicate, value)
                if q.integer_only and declared == q.datatype:
                    continue  # the store folded it to xsd:integer; the data has the type
                yield _Hit(q, row["this"], p, value, declared)

    def run(self, data: DataStore) -> list[ShaclResult]:
        """Every result on `data`, in comparable form, sorted."""
        found = {
            ShaclResult(term_key(h.focus), term_key(h.p) if h.p is not None else h.query.path,
                        term_key(to_rdflib(h.value, h.declared)), term_key(h.query.shape),
                        h.query.component, term_key(self.severity[h.query.shape]))
            for h in self.hits(data)}
        return sorted(found)

    def findings(self, data: DataStore) -> list[Finding]:
        """Every result as a psykg.validate.Finding, equal to what run_shacl makes of
        pyshacl's report (message: the shape's sh:message)."""
        from psykg.validate import Finding, _path_text, _term

        out = []
        for h in self.hits(data):
            shape = h.query.shape
            messages = sorted(str(m) for m in self.shapes.objects(shape, SH.message))
            if not messages:
                raise Unsupported(f"{shape} has no sh:message; pyshacl would write its own")
            if h.p is not None:
                path: str | None = h.p.value
            elif h.query.path_node is not None:
                path = _path_text(self.shapes, h.query.path_node)
            else:
                path = None
            value = to_rdflib(h.value, h.declared)
            focus = to_rdflib(h.focus, None)
            assert focus is not None
            out.append(Finding(
                focus=_term(focus), shape=_term(shape), path=path,
                severity=str(self.severity[shape]).removeprefix(str(SH)),
                message=messages[0], value=_term(value) if value is not None else None,
                source="shacl"))
        return out


@dataclass(frozen=True)
class _Hit:
    """One result row: the query that found it and the terms it binds."""

    query: _Query
    focus: Any
    p: Any
    value: Any
    declared: str | None


def to_rdflib(term: Any, declared: str | None) -> Node | None:
    """The rdflib term of a pyoxigraph term; `declared` restores an integer literal's type."""
    import pyoxigraph

    if term is None:
        return None
    if isinstance(term, pyoxigraph.NamedNode):
        return URIRef(term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return BNode(term.value)
    if isinstance(term, pyoxigraph.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = declared or term.datatype.value
        return Literal(term.value, datatype=None if datatype == str(XSD.string) else
                       URIRef(datatype))
    raise TypeError(f"not an RDF term: {term!r}")


def shacl_findings(data: DataStore, shapes: Graph) -> list[Finding]:
    """Drop-in for psykg.validate.run_shacl on a large graph: the same findings."""
    return CompiledShapes(shapes).findings(data)


def check_findings(data: DataStore, checks: Iterable[Check]) -> list[Finding]:
    """Drop-in for psykg.validate's SPARQL checks on a large graph: each check file's text
    run on the pyoxigraph store, rows turned into the same findings rdflib gives; a query
    pyoxigraph cannot parse raises Unsupported."""
    import pyoxigraph

    from psykg.validate import Finding, _term

    def text(term: Any) -> str | None:
        node = to_rdflib(term, None)
        return _term(node) if node is not None else None

    out = []
    for check in checks:
        try:
            solutions = data.store.query(check.path.read_text(encoding="utf-8"))
        except SyntaxError as exc:  # SPARQL rdflib accepts and pyoxigraph does not
            raise Unsupported(f"{check.name}: {exc}") from exc
        assert isinstance(solutions, pyoxigraph.QuerySolutions)
        names = [v.value for v in solutions.variables]
        for row in solutions:
            got = {name: row[name] for name in names}
            message = got.get("message")
            out.append(Finding(
                focus=text(got.get("resource")) or "", shape=check.name,
                path=text(got.get("path")), severity="Violation",
                message=message.value if message is not None else check.title,
                value=text(got.get("value")), source=f"check:{check.name}"))
    return out


def fast_validate(data: DataStore, shapes: Graph) -> tuple[bool, list[ShaclResult]]:
    """SHACL validation of `data`: (conforms, results). Violations break conformance;
    warnings and infos do not (as pyshacl with allow_warnings)."""
    results = CompiledShapes(shapes).run(data)
    return not any(r.severity == term_key(SH.Violation) for r in results), results


def pyshacl_results(report: Graph) -> list[ShaclResult]:
    """The results of a pyshacl report graph, in the same comparable form."""
    found: set[ShaclResult] = set()
    for r in report.subjects(RDF.type, SH.ValidationResult):
        path = report.value(r, SH.resultPath)
        found.add(ShaclResult(
            term_key(report.value(r, SH.focusNode)),
            term_key(path) if isinstance(path, URIRef) else ("_:" if path is not None else ""),
            term_key(report.value(r, SH.value)),
            term_key(report.value(r, SH.sourceShape)),
            term_key(report.value(r, SH.sourceConstraintComponent)),
            term_key(report.value(r, SH.resultSeverity)),
        ))
    return sorted(found)
