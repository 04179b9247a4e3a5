"""The landing page: what the dataset is, its downloads and queries, and schema.org metadata."""

from __future__ import annotations

from collections import defaultdict
from html import escape
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, OWL, RDF, VOID

from psykg.rdf.namespaces import PSYKG, RES
from psykg.rdf.prefixes import BASE, DATASET_IRI
from psykg.site.html import page, script_json
from psykg.site.index import Readable
from psykg.site.iris import VOID_PATH, href, page_href
from psykg.site.labels import Labels, node_key
from psykg.site.pages import downloads, resources
from psykg.site.querylist import PackagedQuery

CURRENT = "index.html"
HIDDEN_CLASSES = (PSYKG.Quote,)
"""Classes whose members are reached through statements rather than listed on the front page."""


def _distributions(void: Graph) -> list[dict[str, str]]:
    out = []
    for dist in sorted(void.objects(URIRef(DATASET_IRI), DCAT.distribution), key=node_key):
        out.append(
            {
                "name": str(void.value(dist, DCTERMS.title)),
                "url": str(void.value(dist, DCAT.downloadURL)),
                "media_type": str(void.value(dist, DCAT.mediaType)),
                "size": str(void.value(dist, DCAT.byteSize)),
            }
        )
    return out


def schema_org(void: Graph, keywords: list[str]) -> dict[str, Any]:
    """A schema.org Dataset (with its DataDownload distributions) for dataset search engines."""
    ds = URIRef(DATASET_IRI)

    def value(prop: URIRef) -> str:
        found = void.value(ds, prop)
        return "" if found is None else str(found)

    doc: dict[str, Any] = {
        "@context": "https://schema.org/",
        "@type": "Dataset",
        "@id": DATASET_IRI,
        "url": BASE,
        "name": value(DCTERMS.title),
        "description": value(DCTERMS.description),
        "license": value(DCTERMS.license),
        "version": value(OWL.versionInfo),
        "creator": {"@type": "Organization", "name": value(DCTERMS.creator)},
        "isAccessibleForFree": True,
        "keywords": keywords,
        "distribution": [
            {
                "@type": "DataDownload",
                "name": d["name"],
                "contentUrl": d["url"],
                "encodingFormat": d["media_type"],
                "contentSize": f"{d['size']} B",
            }
            for d in _distributions(void)
        ],
    }
    modified = value(DCTERMS.modified)
    if modified:
        doc["dateModified"] = modified
    return doc


def _browse(full: Readable, labels: Labels) -> str:
    members: dict[URIRef, list[URIRef]] = defaultdict(list)
    for node in resources(full):
        for cls in full.objects(node, RDF.type):
            if (
                isinstance(cls, URIRef)
                and str(cls).startswith(str(PSYKG))
                and cls not in HIDDEN_CLASSES
            ):
                members[cls].append(node)
    out = ["<h2>Browse</h2>\n"]
    for cls in sorted(members, key=lambda c: labels(c)):
        nodes = sorted(members[cls], key=lambda n: (labels(n).lower(), str(n)))
        links = ", ".join(
            f'<a href="{escape(page_href(str(n), CURRENT) or str(n))}">{escape(labels(n))}</a>'
            for n in nodes
        )
        cls_link = escape(page_href(str(cls), CURRENT) or str(cls))
        out.append(
            f'<p><strong><a href="{cls_link}">{escape(labels(cls))}</a> '
            f"({len(nodes)}):</strong> {links}</p>\n"
        )
    return "".join(out)


def entity_count(void: Graph) -> int:
    """The number of resources the VoID description counts (void:entities)."""
    value = void.value(URIRef(DATASET_IRI), VOID.entities)
    return int(value) if isinstance(value, Literal) else 0


def _no_pages(void: Graph) -> str:
    return (
        "<h2>Browse</h2>\n"
        f"<p>This release describes {entity_count(void)} resources, too many for a page each "
        "in the release build. Query them at the SPARQL endpoint, download the data above, "
        "or write every page with <code>psykg site</code>.</p>\n"
    )


def _queries(queries: list[PackagedQuery]) -> str:
    if not queries:
        return "<h2>Packaged queries</h2>\n<p>No packaged queries are included.</p>\n"
    rows = []
    for q in queries:
        params = ", ".join(escape(p.name) + ("?" if p.optional else "") for p in q.parameters)
        rows.append(
            f'<tr><td><a href="query.html#{escape(q.name)}">{escape(q.name)}</a></td>'
            f"<td>{escape(q.summary)}</td><td>{params or '—'}</td>"
            f"<td><code>api/{escape(q.name)}</code></td></tr>\n"
        )
    return (
        '<h2>Packaged queries</h2>\n<p>Open one in the <a href="query.html">query page</a>'
        ", or call it as a web API at <code>api/NAME</code>, which needs "
        "<code>psykg serve</code> (a copy of this site on a plain web server has no API)."
        "</p>\n"
        '<table class="facts"><tr><th>query</th><th>summary</th><th>parameters</th>'
        f"<th>API</th></tr>\n{''.join(rows)}</table>\n"
    )


def landing_page(
    full: Readable,
    void: Graph,
    queries: list[PackagedQuery],
    jsonld: str,
    *,
    browse: bool = True,
    picture: str = "",
    scripts: tuple[str, ...] = (),
) -> str:
    """The front page of the site; with `browse`, links to every resource page; `picture`
    (HTML, the overview) goes before the downloads, `scripts` (site paths) at the end."""
    labels = Labels(full)
    ds = URIRef(DATASET_IRI)
    title = str(void.value(ds, DCTERMS.title) or "psykg")
    keywords = sorted(
        {
            labels(c)
            for c in (o for _, o in full.subject_objects(RDF.type))
            if isinstance(c, URIRef) and str(c).startswith(str(PSYKG))
        }
    )
    facts = []
    for name, prop in (
        ("Version", OWL.versionInfo),
        ("Modified", DCTERMS.modified),
        ("Licence", DCTERMS.license),
        ("Triples", VOID.triples),
        ("Entities", VOID.entities),
    ):
        value = void.value(ds, prop)
        if value is not None:
            text = escape(str(value))
            if isinstance(value, URIRef):
                text = f'<a href="{text}">{text}</a>'
            facts.append(f"<tr><th>{name}</th><td>{text}</td></tr>")
    dists = "".join(
        f'<tr><td><a href="{escape(href("dist/" + d["name"], CURRENT))}">{escape(d["name"])}'
        f"</a></td><td>{escape(d['media_type'])}</td><td>{escape(d['size'])} bytes</td></tr>\n"
        for d in _distributions(void)
    )
    body = (
        f"<h1>{escape(title)}</h1>\n"
        f'<p class="definition">{escape(str(void.value(ds, DCTERMS.description) or ""))}</p>\n'
        f'<p class="iri"><code>{escape(DATASET_IRI)}</code> · resources under '
        f"<code>{escape(str(RES))}</code></p>\n"
        f'<table class="facts">{"".join(facts)}</table>\n'
        f"{downloads('index', CURRENT)}"
        f'<p>Dataset description (VoID, DCAT): <a href="{VOID_PATH}">{VOID_PATH}</a> · '
        '<a href="ontology.html">ontology documentation</a> · '
        "SPARQL endpoint: <code>sparql</code>, which needs <code>psykg serve</code> (the "
        '<a href="query.html">query page</a> can ask any endpoint that holds the data)</p>\n'
        f"{picture}"
        '<h2>Downloads</h2>\n<table class="facts"><tr><th>file</th><th>media type</th>'
        f"<th>size</th></tr>\n{dists}</table>\n"
        f"{_queries(queries)}{_browse(full, labels) if browse else _no_pages(void)}"
    )
    extra = (
        f'<script type="application/ld+json">\n{script_json(schema_org(void, keywords))}'
        "\n</script>\n"
    )
    return page(CURRENT, title, body, jsonld=jsonld, head=extra, scripts=scripts)
