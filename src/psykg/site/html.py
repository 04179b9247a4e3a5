"""The HTML shell every page shares, and rendering of RDF terms as links."""

from __future__ import annotations

import json
from html import escape
from typing import Any

from rdflib import Literal, URIRef
from rdflib.term import Node

from psykg.site.iris import href, page_href
from psykg.site.labels import Labels, curie

NAV = (("index.html", "Dataset"), ("ontology.html", "Ontology"), ("query.html", "Query"))


def script_json(value: Any) -> str:
    """JSON safe to embed in a <script> element (no "</" can close it early)."""
    text = json.dumps(value, indent=1, ensure_ascii=False, sort_keys=True)
    return text.replace("</", "<\\/").replace("<!--", "<\\!--")


def page(
    current: str,
    title: str,
    body: str,
    *,
    jsonld: str | None = None,
    head: str = "",
    scripts: tuple[str, ...] = (),
) -> str:
    """A complete HTML document for the site file `current` (e.g. resource/x.html)."""
    css = href("static/style.css", current)
    nav = " ".join(f'<a href="{escape(href(path, current))}">{name}</a>' for path, name in NAV)
    data = ""
    if jsonld is not None:
        embedded = jsonld.replace("</", "<\\/").replace("<!--", "<\\!--")
        data = f'<script type="application/ld+json">\n{embedded}</script>\n'
    tail = "".join(f'<script src="{escape(href(s, current))}"></script>\n' for s in scripts)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)} · psykg</title>\n"
        '<link rel="icon" href="data:,">\n'
        f'<link rel="stylesheet" href="{escape(css)}">\n{head}{data}</head>\n<body>\n'
        f'<header><a class="brand" href="{escape(href("index.html", current))}">psykg</a>'
        f"<nav>{nav}</nav></header>\n<main>\n{body}</main>\n"
        '<footer>psykg · data under <a href="https://creativecommons.org/licenses/by/4.0/">'
        "CC BY 4.0</a></footer>\n"
        f"{tail}</body>\n</html>\n"
    )


def term(node: Node, labels: Labels, current: str) -> str:
    """An IRI as a link to its page (or out of the site), a literal as escaped text."""
    if isinstance(node, URIRef):
        iri = str(node)
        target = page_href(iri, current) or iri
        return f'<a href="{escape(target)}" title="{escape(iri)}">{escape(labels(node))}</a>'
    if isinstance(node, Literal):
        text = escape(str(node))
        if node.language:
            return f'<span lang="{escape(node.language)}">{text}</span>'
        if node.datatype is not None:
            return f'{text} <small class="dt">{escape(curie(str(node.datatype)))}</small>'
        return text
    return escape(str(node))


def link_list(nodes: list[Node], labels: Labels, current: str) -> str:
    """Terms joined with commas, in the order given."""
    return ", ".join(term(n, labels, current) for n in nodes)
