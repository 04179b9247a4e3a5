"""One HTML page per resource: its facts, its statements with qualifiers, and their quotes."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from html import escape

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS
from rdflib.term import Node

from psykg.rdf.namespaces import OA, PSYKG, RES
from psykg.rdf.prefixes import BASE
from psykg.site.html import link_list, page, term
from psykg.site.index import GraphIndex, Readable
from psykg.site.iris import FORMATS, RDF_EXTENSIONS, href, page_href, site_path
from psykg.site.labels import Labels, node_key
from psykg.site.text import in_sentence

STATEMENT_CORE = frozenset(
    {
        RDF.type,
        RDFS.label,
        PSYKG.statementSubject,
        PSYKG.statementPredicate,
        PSYKG.statementObject,
        PSYKG.statementValue,
        PROV.wasDerivedFrom,
    }
)
"""Statement properties shown as the claim itself; every other one is a qualifier."""
HEADLINE = frozenset(
    {
        RDFS.label,
        SKOS.prefLabel,
        SKOS.altLabel,
        SKOS.definition,
        DCTERMS.description,
        RDFS.comment,
        RDF.type,
    }
)
DEFINITIONS = (SKOS.definition, DCTERMS.description, RDFS.comment)


@dataclass
class SiteData:
    """The graph with the indexes pages need, and the source texts by document id."""

    graph: GraphIndex
    sources: dict[str, str]
    labels: Labels = field(init=False)
    statements_of: dict[URIRef, list[URIRef]] = field(init=False)
    mentions_of: dict[URIRef, list[URIRef]] = field(init=False)

    def __post_init__(self) -> None:
        self.labels = Labels(self.graph)
        about: dict[URIRef, set[URIRef]] = defaultdict(set)
        mentions: dict[URIRef, set[URIRef]] = defaultdict(set)
        for st in self.graph.subjects_of(RDF.type, PSYKG.Statement):
            if not isinstance(st, URIRef):
                continue
            for p, o in self.graph.predicate_objects(st):
                if not isinstance(o, URIRef) or p in (
                    RDF.type,
                    PROV.wasDerivedFrom,
                    PSYKG.statementPredicate,
                ):
                    continue
                (about if p == PSYKG.statementSubject else mentions)[o].add(st)
        self.statements_of = {k: sorted(v) for k, v in about.items()}
        self.mentions_of = {k: sorted(v) for k, v in mentions.items()}

    def is_statement(self, node: URIRef) -> bool:
        """Whether `node` is a psykg:Statement."""
        return (node, RDF.type, PSYKG.Statement) in self.graph


def resources(graph: Readable) -> list[URIRef]:
    """Every data resource that the graph says something about and that has a page of its own
    (not the parts of a quote, which its page describes), sorted."""
    return sorted(
        {
            s
            for s in graph.subjects()
            if isinstance(s, URIRef)
            and str(s).startswith(str(RES))
            and len(s) > len(RES)
            and site_path(str(s)) == str(s)[len(BASE) :]
        }
    )


def _objects(graph: GraphIndex, node: URIRef, prop: URIRef) -> list[Node]:
    return sorted(graph.objects(node, prop), key=node_key)


def quote_block(data: SiteData, quote: URIRef, current: str) -> str:
    """The quote inside its sentence, the quoted span highlighted, with where it comes from."""
    g, labels = data.graph, data.labels
    start = end = None
    for selector in _objects(g, quote, OA.hasSelector):
        if isinstance(selector, URIRef) and g.value(selector, OA.start) is not None:
            start, end = g.value(selector, OA.start), g.value(selector, OA.end)
    source = g.value(quote, OA.hasSource)
    document = str(quote)[len(RES) :].split("/")[1] if str(quote).startswith(RES["quote/"]) else ""
    text = data.sources.get(document)
    exact = str(g.value(quote, RDFS.label) or "")
    if text is not None and isinstance(start, Literal) and isinstance(end, Literal):
        a, b = int(start), int(end)
        before, quoted, after = in_sentence(text, a, b)
        shown = f"{escape(before)}<mark>{escape(quoted)}</mark>{escape(after)}"
        where = f"characters {a}&ndash;{b}"
    else:
        shown, where = f"<mark>{escape(exact)}</mark>", "position unknown"
    origin = term(source, labels, current) if source is not None else "an unknown source"
    quote_link = escape(page_href(str(quote), current) or str(quote))
    return (
        f'<blockquote class="quote"><p>{shown}</p>\n<footer>— {origin}, '
        f'<a href="{quote_link}">{where}</a></footer></blockquote>\n'
    )


def statement_card(data: SiteData, st: URIRef, current: str) -> str:
    """A statement: subject, predicate and object, its qualifiers and its quote."""
    g, labels = data.graph, data.labels
    parts = []
    for prop in (PSYKG.statementSubject, PSYKG.statementPredicate):
        value = g.value(st, prop)
        parts.append(term(value, labels, current) if value is not None else "?")
    claimed = g.value(st, PSYKG.statementObject) or g.value(st, PSYKG.statementValue)
    parts.append(term(claimed, labels, current) if claimed is not None else "?")
    rows = []
    props = {p for p in g.predicates(st) if isinstance(p, URIRef) and p not in STATEMENT_CORE}
    for prop in sorted(props, key=lambda p: (labels(p), str(p))):
        values = link_list(_objects(g, st, prop), labels, current)
        rows.append(f"<dt>{term(prop, labels, current)}</dt><dd>{values}</dd>")
    qualifiers = f'<dl class="qualifiers">{"".join(rows)}</dl>\n' if rows else ""
    quotes = "".join(
        quote_block(data, q, current)
        for q in _objects(g, st, PROV.wasDerivedFrom)
        if isinstance(q, URIRef)
    )
    link = escape(page_href(str(st), current) or str(st))
    ident = escape(str(st).rsplit("/", 1)[-1])
    return (
        f'<article class="statement" id="{ident}">\n'
        f'<p class="claim">{parts[0]} <span class="pred">{parts[1]}</span> {parts[2]}</p>\n'
        f'{qualifiers}{quotes}<p class="meta"><a href="{link}">statement {ident}</a></p>\n'
        "</article>\n"
    )


def _facts(data: SiteData, node: URIRef, current: str) -> str:
    g, labels = data.graph, data.labels
    props = sorted(
        {p for p in g.predicates(node) if p not in HEADLINE and isinstance(p, URIRef)},
        key=lambda p: (labels(p), str(p)),
    )
    if not props:
        return ""
    rows = "".join(
        f"<tr><th>{term(p, labels, current)}</th>"
        f"<td>{link_list(_objects(g, node, p), labels, current)}</td></tr>\n"
        for p in props
    )
    return f'<h2>Facts</h2>\n<table class="facts">\n{rows}</table>\n'


def _incoming(data: SiteData, node: URIRef, current: str) -> str:
    g, labels = data.graph, data.labels
    grouped: dict[URIRef, list[Node]] = defaultdict(list)
    for s, p in g.subject_predicates(node):
        if isinstance(p, URIRef) and isinstance(s, URIRef) and not data.is_statement(s):
            grouped[p].append(s)
    if not grouped:
        return ""
    rows = "".join(
        f"<tr><td>{link_list(sorted(grouped[p], key=node_key), labels, current)}</td>"
        f"<th>{term(p, labels, current)}</th></tr>\n"
        for p in sorted(grouped, key=lambda p: (labels(p), str(p)))
    )
    return f'<h2>Referenced by</h2>\n<table class="facts incoming">\n{rows}</table>\n'


def _statements(data: SiteData, node: URIRef, current: str) -> str:
    out = []
    about = data.statements_of.get(node, [])
    if about:
        out.append(f"<h2>Statements about {escape(data.labels(node))} ({len(about)})</h2>\n")
        out += [statement_card(data, st, current) for st in about]
    mentions = [st for st in data.mentions_of.get(node, []) if st not in about]
    if mentions:
        out.append(f"<h2>Statements naming {escape(data.labels(node))} ({len(mentions)})</h2>\n")
        out += [statement_card(data, st, current) for st in mentions]
    return "".join(out)


def _contradict(g: GraphIndex, one: Node, other: Node) -> bool:
    """Whether claims with properties `one` and `other` contradict (psykg:contradicts between
    them or any of their super-properties, either way round)."""

    def supers(prop: Node) -> set[Node]:
        found, todo = {prop}, [prop]
        while todo:
            for sup in g.objects(todo.pop(), RDFS.subPropertyOf):
                if sup not in found:
                    found.add(sup)
                    todo.append(sup)
        return found

    mine, theirs = supers(one), supers(other)
    return any(
        (a, PSYKG.contradicts, b) in g or (b, PSYKG.contradicts, a) in g
        for a in mine
        for b in theirs
    )


def _disagreements(data: SiteData, node: URIRef, current: str) -> str:
    """A note listing the claims about `node` on which sources disagree, with both quotes."""
    g, labels = data.graph, data.labels
    claims = []
    for st in sorted({*data.statements_of.get(node, []), *data.mentions_of.get(node, [])}):
        quote = g.value(st, PROV.wasDerivedFrom)
        source = g.value(quote, OA.hasSource) if quote is not None else None
        claims.append(
            (
                st,
                g.value(st, PSYKG.statementSubject),
                g.value(st, PSYKG.statementPredicate),
                g.value(st, PSYKG.statementObject),
                quote,
                source,
            )
        )
    items = []
    for i, (st, subject, prop, obj, quote, source) in enumerate(claims):
        for other, o_subject, o_prop, o_obj, o_quote, o_source in claims[i + 1 :]:
            if (
                subject is None
                or obj is None
                or (subject, obj) != (o_subject, o_obj)
                or source == o_source
                or prop is None
                or o_prop is None
                or not _contradict(g, prop, o_prop)
            ):
                continue
            sides = []
            for s, p, q, src in ((st, prop, quote, source), (other, o_prop, o_quote, o_source)):
                said = escape(str(g.value(q, RDFS.label) or "")) if q is not None else ""
                origin = term(src, labels, current) if src is not None else "an unknown source"
                link = escape(page_href(str(s), current) or str(s))
                sides.append(
                    f"{origin} says {term(p, labels, current)} &ldquo;{said}&rdquo; "
                    f'(<a href="{link}">statement</a>)'
                )
            claim = f"{term(subject, labels, current)} / {term(obj, labels, current)}"
            items.append(f"<li>{claim}: {' &mdash; but '.join(sides)}</li>\n")
    if not items:
        return ""
    return (
        '<section class="disagreement">\n<h2>Sources disagree</h2>\n<p>Both claims are '
        "kept; each rests on its own source.</p>\n<ul>\n" + "".join(items) + "</ul>\n</section>\n"
    )


def downloads(path: str, current: str) -> str:
    """Links to the RDF files of the description at site path `path`."""
    links = " · ".join(
        f'<a href="{escape(href(f"{path}.{ext}", current))}" type="{FORMATS[ext].media_type}">'
        f"{FORMATS[ext].name}</a>"
        for ext in RDF_EXTENSIONS
    )
    return f'<p class="formats">This description as {links}</p>\n'


def resource_page(
    data: SiteData, node: URIRef, jsonld: str, picture: str = "", scripts: tuple[str, ...] = ()
) -> str:
    """The HTML page of one data resource; `picture` (HTML) goes after the downloads, and
    `scripts` (site paths) are loaded at the end."""
    g, labels = data.graph, data.labels
    path = site_path(str(node))
    assert path is not None
    current = path + ".html"
    types = [t for t in _objects(g, node, RDF.type) if isinstance(t, URIRef)]
    body = [
        f"<h1>{escape(labels(node))}</h1>\n",
        f'<p class="iri"><code>{escape(str(node))}</code></p>\n',
    ]
    if types:
        body.append(f'<p class="types">{link_list(list(types), labels, current)}</p>\n')
    alt = _objects(g, node, SKOS.altLabel)
    if alt:
        body.append(f'<p class="alt">Also called: {link_list(alt, labels, current)}</p>\n')
    for prop in DEFINITIONS:
        for text in _objects(g, node, prop):
            body.append(f'<p class="definition">{term(text, labels, current)}</p>\n')
    body.append(downloads(path, current))
    body.append(picture)
    if data.is_statement(node):
        body.append(statement_card(data, node, current))
    if (node, RDF.type, PSYKG.Quote) in g:
        body.append("<h2>The quote in its sentence</h2>\n" + quote_block(data, node, current))
        resting = sorted(
            s for s in g.subjects_of(PROV.wasDerivedFrom, node) if isinstance(s, URIRef)
        )
        if resting:
            body.append("<h2>Statements resting on this quote</h2>\n")
            body += [statement_card(data, st, current) for st in resting]
    body.append(_disagreements(data, node, current))
    body.append(_statements(data, node, current))
    body.append(_facts(data, node, current))
    body.append(_incoming(data, node, current))
    return page(current, labels(node), "".join(body), jsonld=jsonld, scripts=scripts)
