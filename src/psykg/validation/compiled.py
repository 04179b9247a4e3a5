"""A SHACL Core validator compiled to SPARQL, run on an embedded pyoxigraph store.

The constraints of a shape become a few SPARQL SELECTs over all the shape's focus nodes at
once, and only the rows that break a constraint come back, so Python touches the (usually
zero) results and nothing else. What keeps the queries linear in the data and few:

- the focus nodes are an inline pattern (`VALUES ?c { classes } ?this rdf:type ?c`), never a
  sub-SELECT: pyoxigraph cannot push the focus into a sub-SELECT, so a query around one scans
  the whole store;
- sh:targetClass and sh:class use the subclass closure of the class, read once from the data
  (a VALUES list) instead of an `rdf:type/rdfs:subClassOf*` path per row;
- all value-type constraints of a shape are one query (a flag per constraint says which one
  a row breaks), its sh:minCount and sh:maxCount one GROUP BY/COUNT, sh:closed one
  anti-join (`?p NOT IN (allowed)`);
- integer datatypes, which the store folds into xsd:integer, come back only when the data
  declares some value of the property with another integer type or out of range;
- the queries run on several threads: pyoxigraph lets go of the GIL while it evaluates.

Nested shapes (sh:node, sh:not, sh:xone, sh:qualifiedValueShape) become filter expressions.
Features it does not compile raise Unsupported, so a caller can fall back to pyshacl rather
than get a wrong answer. tests/test_compiled_validation.py proves the agreement with pyshacl on the
psykg shapes and on small shapes of every kind it compiles, on data that breaks them.

Known difference: the store keeps numbers and booleans in canonical form, so a result whose
value is written otherwise in the data ("01", "+7", "1.50") names the canonical form.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, XSD
from rdflib.term import Node

from psykg.rdf.datatypes import INTEGER_RANGES, INTEGER_TYPES
from psykg.rdf.namespaces import SH
from psykg.validation.report import Finding, path_text, term_text

if TYPE_CHECKING:
    import pyoxigraph


# ---------------------------------------------------------------------------- the store


def store_from_ntriples(nt: str) -> pyoxigraph.Store:
    """An in-memory pyoxigraph store loaded with an N-Triples text (one bulk load).

    Beware: pyoxigraph 0.5 stores every derived integer type (xsd:nonNegativeInteger,
    xsd:int…) as xsd:integer, so datatype() in a query over the store says xsd:integer.
    DataStore keeps the declared types for the validator.
    """
    import pyoxigraph

    store = pyoxigraph.Store()
    store.bulk_load(nt, format=pyoxigraph.RdfFormat.N_TRIPLES)
    return store


_DIGITS = re.compile(r"[-+]?[0-9]+")


def integer_key(lexical: str) -> str:
    """The lexical form the store keeps for an integer literal: canonical if well formed
    ("+07" -> "7"), else as written."""
    return str(int(lexical)) if _DIGITS.fullmatch(lexical) else lexical


def well_formed_integer(datatype: str, lexical: str) -> bool:
    """Whether `lexical` is a valid literal of the integer datatype `datatype`."""
    if not _DIGITS.fullmatch(lexical):
        return False
    low, high = INTEGER_RANGES[datatype]
    value = int(lexical)
    return (low is None or value >= low) and (high is None or value <= high)


_INTEGER_END = re.compile(
    r'"\^\^<http://www\.w3\.org/2001/XMLSchema#(?:[a-zA-Z]*(?:Integer|Long|Int|Short|Byte)'
    r"|long|int|short|byte)> \.$",
    re.MULTILINE,
)
"""The end of an N-Triples line whose object is a derived-integer literal. It starts with a
fixed string, so the regex engine skips ahead by fast substring search."""

_INTEGER_TRIPLE = re.compile(r'(<[^>]*>|_:\S+) <([^>]*)> "([^"\\]*)"\^\^<([^>]*)> \.')

_LANGUAGE_END = re.compile(r'"@([a-zA-Z0-9-]*[A-Z][a-zA-Z0-9-]*) \.$', re.MULTILINE)
"""The end of an N-Triples line whose object has a language tag with a capital letter."""


def _integer_types(nt: str) -> dict[tuple[str, str, str], str]:
    """(subject, predicate IRI, lexical form in the store) -> datatype IRI of every
    derived-integer literal in an N-Triples text. The subject is an IRI in N-Triples form or
    "_:" for any blank node (the store relabels them); "" is the type of a key that stands
    for literals of several types."""
    out: dict[tuple[str, str, str], str] = {}
    for end in _INTEGER_END.finditer(nt):
        line = _INTEGER_TRIPLE.fullmatch(nt, nt.rfind("\n", 0, end.start()) + 1, end.end())
        if line is not None:
            subject = "_:" if line.group(1).startswith("_:") else line.group(1)
            key = (subject, line.group(2), integer_key(line.group(3)))
            out[key] = "" if out.get(key, line.group(4)) != line.group(4) else line.group(4)
    return out


def _language_tags(nt: str) -> dict[str, str]:
    """Lower-case tag -> the tag as written, for every tag with a capital letter in an
    N-Triples text; "" for a tag written in more than one way."""
    out: dict[str, str] = {}
    for tag in {m.group(1) for m in _LANGUAGE_END.finditer(nt)}:
        out[tag.lower()] = "" if out.get(tag.lower(), tag) != tag else tag
    for lower in out:
        if re.search(f'"@{re.escape(lower)} \\.$', nt, re.MULTILINE):
            out[lower] = ""
    return out


@dataclass
class DataStore:
    """A data graph in pyoxigraph plus what the store forgets of it: the declared datatypes
    of its integer literals and the capitals in language tags."""

    store: pyoxigraph.Store
    integer_types: dict[tuple[str, str, str], str]
    """(subject in N-Triples form, predicate IRI, lexical form) -> declared datatype IRI."""
    language_tags: dict[str, str] = field(default_factory=dict)
    """Lower-case tag -> tag as written, for tags with capitals ("": written two ways)."""
    _subclasses: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_ntriples(cls, nt: str) -> DataStore:
        """Load an N-Triples text and remember its integer literals' datatypes."""
        return cls(store_from_ntriples(nt), _integer_types(nt), _language_tags(nt))

    def declared(self, subject: object, predicate: str, value: object) -> str | None:
        """The declared datatype of an integer literal value, or None if not one; raises
        Unsupported where blank nodes make it ambiguous."""
        import pyoxigraph

        if not (
            isinstance(value, pyoxigraph.Literal)
            and value.datatype.value in INTEGER_TYPES
            and predicate
        ):
            return None
        s = f"<{subject.value}>" if isinstance(subject, pyoxigraph.NamedNode) else "_:"
        declared = self.integer_types.get((s, predicate, value.value), str(XSD.integer))
        if not declared:
            raise Unsupported(
                f"integers {value.value} of {predicate} on blank nodes have several datatypes"
            )
        return declared

    def integer_suspects(self, predicate: str, datatype: str) -> bool:
        """Whether some integer value of `predicate` is declared with a type other than
        `datatype` or is out of its type's range: the store says xsd:integer for all."""
        return any(
            p == predicate and (t != datatype or not well_formed_integer(t, lexical))
            for (_, p, lexical), t in self.integer_types.items()
        )

    def rdflibterm_text(self, term: Any, declared: str | None) -> Node | None:
        """The rdflib term of a pyoxigraph term from the store, as the data wrote it:
        `declared` restores an integer literal's type, language_tags a tag's capitals."""
        node = to_rdflib(term, declared)
        if isinstance(node, Literal) and node.language in self.language_tags:
            tag = self.language_tags[node.language]
            if not tag:
                raise Unsupported(f"language tag {node.language} is written in several ways")
            return Literal(str(node), lang=tag)
        return node

    def subclasses(self, cls: str) -> tuple[str, ...]:
        """`cls` and every class below it by rdfs:subClassOf in the data, sorted."""
        if cls not in self._subclasses:
            import pyoxigraph

            rows = self.store.query(
                f"SELECT DISTINCT ?c WHERE {{ ?c <{RDFS.subClassOf}>* <{cls}> }}"
            )
            assert isinstance(rows, pyoxigraph.QuerySolutions)
            found = {cls} | {
                row["c"].value for row in rows if isinstance(row["c"], pyoxigraph.NamedNode)
            }
            self._subclasses[cls] = tuple(sorted(found))
        return self._subclasses[cls]


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
        dt = (
            str(term.datatype)
            if term.datatype
            else (str(RDF.langString) if lang else str(XSD.string))
        )
        return json.dumps([str(term), dt, lang])
    if isinstance(term, pyoxigraph.Literal):
        return json.dumps([term.value, term.datatype.value, term.language or ""])
    raise TypeError(f"not an RDF term: {term!r}")


def _constant(node: Node) -> str:
    """An IRI or literal of the shapes as a SPARQL term (a blank node there would be a
    variable, so it is refused)."""
    if not isinstance(node, URIRef | Literal):
        raise Unsupported(f"{node!r} where SHACL expects an IRI or literal")
    return node.n3()


def _iri(node: Node) -> str:
    """A class or property of the shapes: an IRI, else Unsupported."""
    if not isinstance(node, URIRef):
        raise Unsupported(f"{node!r} where SHACL expects an IRI")
    return str(node)


Hierarchy = Callable[[str], Sequence[str]]
"""A class IRI -> it and its subclasses (DataStore.subclasses)."""

_NODE_KINDS = {
    SH.IRI: "isIRI({v})",
    SH.BlankNode: "isBlank({v})",
    SH.Literal: "isLiteral({v})",
    SH.BlankNodeOrIRI: "(isBlank({v}) || isIRI({v}))",
    SH.BlankNodeOrLiteral: "(isBlank({v}) || isLiteral({v}))",
    SH.IRIOrLiteral: "(isIRI({v}) || isLiteral({v}))",
}
_KNOWN = {
    SH.targetClass,
    SH.targetNode,
    SH.targetSubjectsOf,
    SH.targetObjectsOf,
    SH.path,
    SH.property,
    SH.minCount,
    SH.maxCount,
    SH["class"],
    SH.datatype,
    SH.nodeKind,
    SH["in"],
    SH.hasValue,
    SH.pattern,
    SH.flags,
    SH.minLength,
    SH.maxLength,
    SH.languageIn,
    SH.uniqueLang,
    SH.closed,
    SH.ignoredProperties,
    SH["not"],
    SH.xone,
    SH["or"],
    SH["and"],
    SH.node,
    SH.qualifiedValueShape,
    SH.qualifiedMinCount,
    SH.qualifiedMaxCount,
    SH.equals,
    SH.disjoint,
    SH.lessThan,
    SH.lessThanOrEquals,
    SH.severity,
    SH.message,
    SH.name,
    SH.description,
    SH.deactivated,
    SH.order,
    SH.group,
    RDF.type,
}
_TYPE = f"<{RDF.type}>"
_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)


class _Compiler:
    """Turns the shapes of one shapes graph into SPARQL; fresh variable names per use."""

    def __init__(self, shapes: Graph, hierarchy: Hierarchy) -> None:
        self.g = shapes
        self.hierarchy = hierarchy
        self.counter = 0
        self.implicit = _implicit_class_targets(shapes)

    def var(self) -> str:
        self.counter += 1
        return f"?v{self.counter}"

    def one(self, node: Node, prop: URIRef) -> Node | None:
        return self.g.value(node, prop)

    def items(self, node: Node) -> list[Node]:
        return list(Collection(self.g, node))

    def instance(self, v: str, classes: Sequence[Node]) -> str:
        """A pattern true for each rdf:type of the term in `v` that is one of `classes` or
        below one (a SHACL instance of it)."""
        closure = sorted({c for cls in classes for c in self.hierarchy(_iri(cls))})
        c = self.var()
        return f"VALUES {c} {{ {' '.join(f'<{x}>' for x in closure)} }} {v} {_TYPE} {c} ."

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
        for prop, mod in (
            (SH.zeroOrMorePath, "*"),
            (SH.oneOrMorePath, "+"),
            (SH.zeroOrOnePath, "?"),
        ):
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

    def focus(self, shape: Node) -> str:
        """A graph pattern binding ?this to each focus node of `shape` (a node may come
        more than once: every query selects DISTINCT or groups by ?this)."""
        classes = sorted(self.g.objects(shape, SH.targetClass), key=str)
        if shape in self.implicit:
            classes.append(shape)
        out = [self.instance("?this", classes)] if classes else []
        out += [f"VALUES ?this {{ {_constant(n)} }}" for n in self.g.objects(shape, SH.targetNode)]
        out += [f"?this <{p}> [] ." for p in self.g.objects(shape, SH.targetSubjectsOf)]
        out += [f"[] <{p}> ?this ." for p in self.g.objects(shape, SH.targetObjectsOf)]
        return out[0] if len(out) == 1 else " UNION ".join(f"{{ {t} }}" for t in out)

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
                    parts.append(
                        f"NOT EXISTS {{ {v} {path} {x}, {y} . FILTER(!sameTerm({x}, {y})) }}"
                    )
            for prop in (
                SH.qualifiedValueShape,
                SH.uniqueLang,
                SH.equals,
                SH.disjoint,
                SH.lessThan,
                SH.lessThanOrEquals,
                SH.closed,
            ):
                if self.one(shape, prop) is not None:
                    raise Unsupported(f"nested {prop}")
        else:
            parts += self.value_conditions(shape, v, depth)
            if self.one(shape, SH.closed) == Literal(True):
                raise Unsupported("nested sh:closed")
        for prop_shape in self.g.objects(shape, SH.property):
            parts.append(self.conforms(prop_shape, v, depth + 1))
        return "(" + " && ".join(parts) + ")" if parts else "true"

    def value_conditions(
        self, shape: Node, v: str, depth: int, only: URIRef | None = None
    ) -> list[str]:
        """Expressions, one per value-type constraint of `shape` (or only those of the
        parameter `only`), true when the term in `v` passes."""
        out: list[str] = []

        def objects(prop: URIRef) -> list[Node]:
            return list(self.g.objects(shape, prop)) if only in (None, prop) else []

        for cls in objects(SH["class"]):
            out.append(f"EXISTS {{ {self.instance(v, [cls])} }}")
        for dt in objects(SH.datatype):
            if str(dt) in INTEGER_TYPES:
                raise Unsupported(f"sh:datatype {dt} on a node or in a nested shape")
            out.append(datatype_test(v, str(dt)))
        for kind in objects(SH.nodeKind):
            out.append(_NODE_KINDS[kind].format(v=v))  # type: ignore[index]
        for members in objects(SH["in"]):
            alts = " || ".join(f"sameTerm({v}, {_constant(m)})" for m in self.items(members))
            out.append(f"({alts or 'false'})")
        if self.one(shape, SH.path) is None:
            for value in objects(SH.hasValue):
                out.append(f"sameTerm({v}, {_constant(value)})")
        for pattern in objects(SH.pattern):
            flags = self.one(shape, SH.flags)
            extra = f", {Literal(str(flags)).n3()}" if flags is not None else ""
            out.append(f"(!isBlank({v}) && REGEX(STR({v}), {Literal(str(pattern)).n3()}{extra}))")
        for n in objects(SH.minLength):
            out.append(f"(!isBlank({v}) && STRLEN(STR({v})) >= {int(str(n))})")
        for n in objects(SH.maxLength):
            out.append(f"(!isBlank({v}) && STRLEN(STR({v})) <= {int(str(n))})")
        for langs in objects(SH.languageIn):
            alts = " || ".join(
                f"langMatches(lang({v}), {Literal(str(t)).n3()})" for t in self.items(langs)
            )
            out.append(f"(isLiteral({v}) && ({alts or 'false'}))")
        for inner in objects(SH.node):
            out.append(self.conforms(inner, v, depth + 1))
        for inner in objects(SH["not"]):
            out.append(f"!{self.conforms(inner, v, depth + 1)}")
        for members in objects(SH.xone):
            tests = [f"IF({self.conforms(s, v, depth + 1)}, 1, 0)" for s in self.items(members)]
            out.append(f"({' + '.join(tests) or '0'}) = 1")
        return out


_CASTABLE = frozenset(
    str(XSD[n])
    for n in (
        "boolean",
        "decimal",
        "double",
        "float",
        "date",
        "time",
        "dateTime",
        "duration",
        "gYear",
        "integer",
    )
)
"""Datatypes whose constructor function pyoxigraph has: `xsd:date(STR(?v))` fails on an
ill-formed literal, which pyshacl reports as not of the datatype."""


def datatype_test(v: str, dt: str) -> str:
    """A SPARQL expression true when the term in `v` is a well-formed literal of `dt`."""
    if dt == str(RDFS.Literal):
        return f"isLiteral({v})"
    if dt == str(RDFS.Datatype):
        raise Unsupported("sh:datatype rdfs:Datatype")
    test = f"isLiteral({v}) && datatype({v}) = <{dt}>"
    if dt in _CASTABLE:
        test += f" && COALESCE(isLiteral(<{dt}>(STR({v}))), false)"
    return f"({test})"


def _component(name: str) -> str:
    return f"<{SH}{name}ConstraintComponent>"


_VALUE_COMPONENTS: tuple[tuple[URIRef, str], ...] = (
    (SH["class"], "Class"),
    (SH.datatype, "Datatype"),
    (SH.nodeKind, "NodeKind"),
    (SH["in"], "In"),
    (SH.pattern, "Pattern"),
    (SH.minLength, "MinLength"),
    (SH.maxLength, "MaxLength"),
    (SH.languageIn, "LanguageIn"),
    (SH.node, "Node"),
    (SH["not"], "Not"),
    (SH.xone, "Xone"),
)


@dataclass
class _Query:
    """One SELECT over the focus nodes of a shape: each row is a result of `components`.

    A component paired with a variable name is reported for the rows that bind that variable
    to true (one query checks several constraints of a shape: ?f1 is the first, ...); one
    paired with "" for every row."""

    sparql: str
    shape: Node
    components: tuple[tuple[str, str], ...]
    path: str
    select: str
    path_node: Node | None = None
    datatype: str | None = None
    """The sh:datatype an integer_only query checks."""
    integer_only: bool = False
    """Rows are candidates for an integer sh:datatype, checked against the declared types."""
    every_value: str = ""
    """For an integer sh:datatype: the pattern of every value (_ShapeCompiler.integer_datatype
    and CompiledShapes.queries_for)."""


def _implicit_class_targets(shapes: Graph) -> set[Node]:
    """The shapes that are also classes, so target their instances (as pyshacl finds them:
    typed rdfs:Class, owl:Class or a direct subclass of rdfs:Class, and a shape)."""
    metaclasses = {RDFS.Class, OWL.Class, *shapes.subjects(RDFS.subClassOf, RDFS.Class)}
    classes = {s for m in metaclasses for s in shapes.subjects(RDF.type, m)}
    if not classes:
        return set()
    lists = [o for p in (SH.xone, SH["and"], SH["or"]) for o in shapes.objects(None, p)]
    found = {s for t in (SH.NodeShape, SH.PropertyShape) for s in shapes.subjects(RDF.type, t)}
    found |= {s for p in (SH.property, SH.node) for s in shapes.subjects(p, None)}
    found |= {
        o
        for p in (SH.property, SH.node, SH["not"], SH.qualifiedValueShape)
        for o in shapes.objects(None, p)
    }
    found |= {m for lst in lists for m in Collection(shapes, lst)}
    return classes & found


def _compile(shapes: Graph, hierarchy: Hierarchy) -> list[_Query]:
    """The queries of every active shape reached from a target, in shape order."""
    out: list[_Query] = []
    c = _Compiler(shapes, hierarchy)
    roots = {s for p in _TARGETS for s in shapes.subjects(p, None)}
    roots |= c.implicit
    for shape in sorted(roots, key=str):
        if shapes.value(shape, SH.deactivated) != Literal(True):
            _ShapeCompiler(c, out).shape(shape, c.focus(shape))
    return out


@dataclass
class _ShapeCompiler:
    """Appends the queries of one target shape and the property shapes below it."""

    c: _Compiler
    out: list[_Query]

    @property
    def g(self) -> Graph:
        return self.c.g

    def shape(self, shape: Node, focus: str) -> None:
        self.c.check_known(shape)
        path_node = self.c.one(shape, SH.path)
        if path_node is None:
            self.node_constraints(shape, focus)
            for prop_shape in sorted(self.g.objects(shape, SH.property), key=str):
                if self.g.value(prop_shape, SH.deactivated) != Literal(True):
                    self.shape(prop_shape, focus)
        else:
            self.property_constraints(shape, focus, self.c.path(path_node), path_node)

    def add(
        self, shape: Node, component: str, where: str, select: str = "?this ?value", path: str = ""
    ) -> _Query:
        """A query of one component: every row it returns is a result."""
        query = _Query(
            f"SELECT DISTINCT {select} WHERE {{ {where} }}",
            shape,
            (("", component),),
            path,
            select,
            self.g.value(shape, SH.path),
        )
        self.out.append(query)
        return query

    def add_failing(
        self, shape: Node, rows: str, failing: list[tuple[str, str]], select: str, path: str = ""
    ) -> None:
        """One query for several constraints on the same rows: (component, SPARQL
        expression true when a row breaks it). An expression that raises an error leaves its
        flag unbound: not a result, as FILTER would have it."""
        if not failing:
            return
        flags = [f"f{i}" for i in range(1, len(failing) + 1)]
        binds = " ".join(
            f"BIND({expr} AS ?{f})" for f, (_, expr) in zip(flags, failing, strict=True)
        )
        where = f"{rows} {binds} FILTER({' || '.join(f'?{f}' for f in flags)})"
        select = f"{select} {' '.join(f'?{f}' for f in flags)}"
        self.out.append(
            _Query(
                f"SELECT DISTINCT {select} WHERE {{ {where} }}",
                shape,
                tuple((f, component) for f, (component, _) in zip(flags, failing, strict=True)),
                path,
                select,
                self.g.value(shape, SH.path),
            )
        )

    def value_checks(self, shape: Node, skip: URIRef | None = None) -> list[tuple[str, str]]:
        """(component, expression true when ?value breaks it) per value-type constraint."""
        return [
            (_component(name), f"!({expr})")
            for prop, name in _VALUE_COMPONENTS
            if prop != skip
            for expr in self.c.value_conditions(shape, "?value", 0, only=prop)
        ]

    def node_constraints(self, shape: Node, focus: str) -> None:
        c = self.c
        self.add_failing(
            shape, f"{focus} BIND(?this AS ?value)", self.value_checks(shape), "?this ?value"
        )
        has_value = [
            (_component("HasValue"), f"!sameTerm(?this, {_constant(v)})")
            for v in self.g.objects(shape, SH.hasValue)
        ]
        self.add_failing(shape, focus, has_value, "?this")
        if c.one(shape, SH.closed) == Literal(True):
            allowed = [
                p
                for ps in self.g.objects(shape, SH.property)
                for p in self.g.objects(ps, SH.path)
                if isinstance(p, URIRef)
            ]
            ignored = c.one(shape, SH.ignoredProperties)
            allowed += [
                p
                for p in (c.items(ignored) if ignored is not None else [])
                if isinstance(p, URIRef)
            ]
            keep = (
                f"FILTER(?p NOT IN ({', '.join(f'<{p}>' for p in sorted(set(allowed)))}))"
                if allowed
                else ""
            )
            self.add(
                shape, _component("Closed"), f"{focus} ?this ?p ?value . {keep}", "?this ?value ?p"
            )

    def property_constraints(self, shape: Node, focus: str, path: str, path_node: Node) -> None:
        c = self.c
        pkey = term_key(path_node) if isinstance(path_node, URIRef) else "_:"
        values = f"{focus} ?this {path} ?value ."
        failing = self.value_checks(shape, skip=SH.datatype)
        for dt in map(str, self.g.objects(shape, SH.datatype)):
            if dt in INTEGER_TYPES:
                self.integer_datatype(shape, values, pkey, path_node, dt)
            else:
                failing.append((_component("Datatype"), f"!{datatype_test('?value', dt)}"))
        self.add_failing(shape, values, failing, "?this ?value", pkey)
        self.counts(
            shape,
            focus,
            lambda v: f"?this {path} {v} .",
            pkey,
            (SH.minCount, "MinCount"),
            (SH.maxCount, "MaxCount"),
        )
        for value in self.g.objects(shape, SH.hasValue):
            self.add(
                shape,
                _component("HasValue"),
                f"{focus} FILTER NOT EXISTS {{ ?this {path} {_constant(value)} }}",
                "?this",
                pkey,
            )
        if c.one(shape, SH.uniqueLang) == Literal(True):
            self.add(
                shape,
                _component("UniqueLang"),
                f"{focus} ?this {path} ?a, ?b . FILTER(!sameTerm(?a, ?b) && "
                f"lang(?a) != '' && lang(?a) = lang(?b)) BIND(lang(?a) AS ?lang)",
                "?this ?lang",
                pkey,
            )
        self.pair_constraints(shape, focus, values, path, pkey)
        qualified = c.one(shape, SH.qualifiedValueShape)
        if qualified is not None:
            self.counts(
                shape,
                focus,
                lambda v: f"?this {path} {v} . FILTER({c.conforms(qualified, v)})",
                pkey,
                (SH.qualifiedMinCount, "QualifiedMinCount"),
                (SH.qualifiedMaxCount, "QualifiedMaxCount"),
            )

    def counts(
        self,
        shape: Node,
        focus: str,
        values_in: Callable[[str], str],
        pkey: str,
        low: tuple[URIRef, str],
        high: tuple[URIRef, str],
    ) -> None:
        """One query for the least and greatest number of distinct values of each focus node
        (`values_in(v)` binds them to v): parameter and component name of each bound.
        Bounds of 0 or 1 need no counting: no first value, or a second one that differs,
        breaks them; larger ones GROUP BY."""
        lows = [int(str(n)) for n in self.g.objects(shape, low[0])]
        highs = [int(str(n)) for n in self.g.objects(shape, high[0])]
        if all(n <= 1 for n in lows + highs):
            rows = f"{focus} OPTIONAL {{ {values_in('?a')} }}"
            if 1 in highs:
                rows += f" OPTIONAL {{ {values_in('?b')} FILTER(!sameTerm(?a, ?b)) }}"
            failing = [(_component(low[1]), "!BOUND(?a)") for n in lows if n == 1]
            failing += [(_component(high[1]), "BOUND(?b)" if n else "BOUND(?a)") for n in highs]
        else:
            rows = (
                f"{{ SELECT ?this (COUNT(DISTINCT ?value) AS ?n) WHERE {{ {focus} "
                f"OPTIONAL {{ {values_in('?value')} }} }} GROUP BY ?this }}"
            )
            failing = [(_component(low[1]), f"?n < {n}") for n in lows]
            failing += [(_component(high[1]), f"?n > {n}") for n in highs]
        self.add_failing(shape, rows, failing, "?this", pkey)

    def pair_constraints(self, shape: Node, focus: str, values: str, path: str, pkey: str) -> None:
        """sh:equals, sh:disjoint, sh:lessThan and sh:lessThanOrEquals."""
        for other in map(_iri, self.g.objects(shape, SH.equals)):
            self.add(
                shape,
                _component("Equals"),
                f"{{ {values} FILTER NOT EXISTS {{ ?this <{other}> ?value }} }} UNION "
                f"{{ {focus} ?this <{other}> ?value . "
                f"FILTER NOT EXISTS {{ ?this {path} ?value }} }}",
                path=pkey,
            )
        for other in map(_iri, self.g.objects(shape, SH.disjoint)):
            self.add(shape, _component("Disjoint"), f"{values} ?this <{other}> ?value .", path=pkey)
        for prop, name, op in (
            (SH.lessThan, "LessThan", "<"),
            (SH.lessThanOrEquals, "LessThanOrEquals", "<="),
        ):
            for other in map(_iri, self.g.objects(shape, prop)):
                self.add(
                    shape,
                    _component(name),
                    f"{values} ?this <{other}> ?w . FILTER(!COALESCE(?value {op} ?w, false))",
                    path=pkey,
                )

    def integer_datatype(
        self, shape: Node, values: str, pkey: str, path_node: Node, dt: str
    ) -> None:
        """sh:datatype of an integer type. The store says xsd:integer for every integer
        type, so the rows are candidates hits() checks against the declared types: the
        values that are not well-formed xsd:integer literals, or every value where the data
        declares some value of the property with another integer type or out of its range
        (CompiledShapes.queries_for)."""
        if not isinstance(path_node, URIRef):
            raise Unsupported(f"sh:datatype {dt} on a complex path")
        not_integer = f" FILTER(!{datatype_test('?value', str(XSD.integer))})"
        query = self.add(shape, _component("Datatype"), values + not_integer, path=pkey)
        query.datatype = dt
        query.integer_only = True
        query.every_value = values


class CompiledShapes:
    """The SPARQL queries of every shape reached from a target, ready to run on a store.

    Making one checks that every shape is supported (else Unsupported); the queries for a
    store are made when it is validated, since they list the data's subclasses."""

    def __init__(self, shapes: Graph) -> None:
        self.shapes = shapes
        self.queries = _compile(shapes, lambda cls: (cls,))
        self.severity = {
            s: shapes.value(s, SH.severity) or SH.Violation for s in {q.shape for q in self.queries}
        }
        self.messages = {
            s: sorted(str(m) for m in shapes.objects(s, SH.message)) for s in self.severity
        }

    def queries_for(self, data: DataStore) -> list[_Query]:
        """The queries with the class closures of `data`; integer datatype checks widened to
        every value where the data declares other integer types for the property."""
        queries = _compile(self.shapes, data.subclasses)
        for q in queries:
            if (
                q.integer_only
                and q.datatype is not None
                and data.integer_suspects(q.path[1:-1], q.datatype)
            ):
                q.sparql = f"SELECT DISTINCT {q.select} WHERE {{ {q.every_value} }}"
        return queries

    def hits(self, data: DataStore) -> Iterator[_Hit]:
        """Every result on `data`, as raw terms (pyoxigraph) with its query. The queries run
        on WORKERS threads (pyoxigraph lets go of the GIL while it evaluates one); the
        results come in query order."""
        queries = self.queries_for(data)
        pool = ThreadPoolExecutor(max_workers=WORKERS)
        try:
            answers = list(pool.map(partial(_solutions, data.store), queries))
        finally:  # on an exception (a signal too) do not wait for the queries not started
            pool.shutdown(cancel_futures=True)
        for q, rows in zip(queries, answers, strict=True):
            for row in rows:
                p = row["p"] if "?p" in q.select else None
                value = row["value"] if "?value" in q.select else None
                predicate = p.value if p is not None else q.path[1:-1]
                declared = data.declared(row["this"], predicate, value)
                if (
                    q.integer_only
                    and declared is not None
                    and declared == q.datatype
                    and value is not None
                    and well_formed_integer(declared, value.value)
                ):
                    continue  # the store folded it to xsd:integer; the data has the type
                for flag, component in q.components:
                    if not flag or _true(row[flag]):
                        yield _Hit(q, component, row["this"], p, value, declared)

    def run(self, data: DataStore) -> list[ShaclResult]:
        """Every result on `data`, in comparable form, sorted."""
        found = {
            ShaclResult(
                term_key(h.focus),
                term_key(h.p) if h.p is not None else h.query.path,
                term_key(data.rdflibterm_text(h.value, h.declared)),
                term_key(h.query.shape),
                h.component,
                term_key(self.severity[h.query.shape]),
            )
            for h in self.hits(data)
        }
        return sorted(found)

    def findings(self, data: DataStore) -> list[Finding]:
        """Every result as a psykg.validation.report.Finding, equal to what run_shacl makes of
        pyshacl's report (message: the shape's sh:message)."""

        out = []
        for h in self.hits(data):
            shape = h.query.shape
            if not self.messages[shape]:
                raise Unsupported(f"{shape} has no sh:message; pyshacl would write its own")
            if h.p is not None:
                path: str | None = h.p.value
            elif h.query.path_node is not None:
                path = path_text(self.shapes, h.query.path_node)
            else:
                path = None
            value = data.rdflibterm_text(h.value, h.declared)
            focus = data.rdflibterm_text(h.focus, None)
            assert focus is not None
            out.append(
                Finding(
                    focus=term_text(focus),
                    shape=term_text(shape),
                    path=path,
                    severity=str(self.severity[shape]).removeprefix(str(SH)),
                    message=self.messages[shape][0],
                    value=term_text(value) if value is not None else None,
                    source="shacl",
                )
            )
        return out


@dataclass(frozen=True)
class _Hit:
    """One result row: the query that found it and the terms it binds."""

    query: _Query
    component: str
    focus: Any
    p: Any
    value: Any
    declared: str | None


WORKERS = max(1, min(4, os.cpu_count() or 1))
"""Threads that run the validator's queries at the same time."""


def _solutions(store: pyoxigraph.Store, query: _Query) -> list[Any]:
    """Every solution of one query (run in a worker thread)."""
    import pyoxigraph

    solutions = store.query(query.sparql)
    assert isinstance(solutions, pyoxigraph.QuerySolutions)
    return list(solutions)


def _true(term: Any) -> bool:
    """Whether a solution binds a flag to the boolean true (unbound: no)."""
    return term is not None and term.value == "true"


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
        return Literal(
            term.value, datatype=None if datatype == str(XSD.string) else URIRef(datatype)
        )
    raise TypeError(f"not an RDF term: {term!r}")


def shacl_findings(data: DataStore, shapes: Graph) -> list[Finding]:
    """Drop-in for psykg.validation.reference.run_shacl on a large graph: the same findings."""
    return CompiledShapes(shapes).findings(data)


def fast_validate(data: DataStore, shapes: Graph) -> tuple[bool, list[ShaclResult]]:
    """SHACL validation of `data`: (conforms, results). Violations break conformance;
    warnings and infos do not (as pyshacl with allow_warnings)."""
    results = CompiledShapes(shapes).run(data)
    return not any(r.severity == term_key(SH.Violation) for r in results), results


def pyshacl_results(report: Graph) -> list[ShaclResult]:
    """The results of a pyshacl report graph, in the same comparable form: those of the
    report itself, not the sh:detail results nested in them (pyshacl's sh:node)."""
    found: set[ShaclResult] = set()
    for r in report.objects(report.value(None, RDF.type, SH.ValidationReport), SH.result):
        path = report.value(r, SH.resultPath)
        found.add(
            ShaclResult(
                term_key(report.value(r, SH.focusNode)),
                term_key(path) if isinstance(path, URIRef) else ("_:" if path is not None else ""),
                term_key(report.value(r, SH.value)),
                term_key(report.value(r, SH.sourceShape)),
                term_key(report.value(r, SH.sourceConstraintComponent)),
                term_key(report.value(r, SH.resultSeverity)),
            )
        )
    return sorted(found)
