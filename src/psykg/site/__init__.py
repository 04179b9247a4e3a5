"""The static linked-data site: landing page, ontology docs, one page and four RDF files per
resource (a quote's selectors are described on the quote's page, and their IRIs redirect
there), the ontology's files again under its version IRI (ontology/0.1.0.*), the query page,
VoID at /.well-known/void, and the web-server rules for persistent IRIs (rewrite.py)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources as package_files
from itertools import chain
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF

from psykg.build.compile import source_texts
from psykg.build.ontology import read_turtle
from psykg.errors import DatasetMissing
from psykg.paths import QUERIES_DIR, Inputs
from psykg.rdf.graphs import Triple, Union, triples
from psykg.rdf.mediatypes import media_type
from psykg.rdf.prefixes import ONTOLOGY_IRI
from psykg.release import void
from psykg.release.pipeline import Result
from psykg.site import picture
from psykg.site.describe import description
from psykg.site.index import GraphIndex
from psykg.site.iris import DATASET_PAGE, ONTOLOGY_PAGE, RDF_EXTENSIONS, VOID_PATH, site_path
from psykg.site.landing import entity_count, landing_page
from psykg.site.ontodoc import ontology_page
from psykg.site.pages import SiteData, resource_page, resources
from psykg.site.querylist import PackagedQuery, packaged_queries
from psykg.site.querypage import PREFIXES_FILE, prefixes_json, query_page
from psykg.site.rdf import canonical_triples, serialise_triples
from psykg.site.rewrite import rule_files
from psykg.site.writer import BackgroundWriter
from psykg.sparql.dataset import load_graph

SITE_DIR = "site"
STATIC_FOLDERS = ("yasgui", "cytoscape")
"""Vendored browser libraries (tools/browser/refresh.sh), copied with the site."""
RELEASE_PAGE_LIMIT = 10_000
"""`psykg build` writes resource pages (five files each) only when the release has at most
this many resources (void:entities); a larger release gets the landing, ontology and query
pages, VoID and the rewrite rules, and its landing page says how to write every page (`psykg
site`). At ~3 ms and five files a page, 10,000 resources are about 30 s and 50,000 files; the
scale corpus at N=1000 has 240,000 resources, 150,000 of them with pages of their own."""


@dataclass(frozen=True)
class SiteInputs:
    """What the site is made from."""

    full: Graph | Union
    """The release graph: ontology, data and inferences (pipeline.Result.release)."""
    ontology: Graph
    sources: dict[str, str]
    """Source texts by document id (the <doc> of quote IRIs)."""
    queries: list[PackagedQuery]
    void: Graph
    """The VoID/DCAT description of the release."""


def _write_rdf(writer: BackgroundWriter, base: Path, graph: Iterable[Triple]) -> dict[str, str]:
    """Write base.{ttl,jsonld,nt,rdf}; return the texts by extension."""
    triples = canonical_triples(graph)
    texts = {ext: serialise_triples(triples, ext) for ext in RDF_EXTENSIONS}
    for ext, text in texts.items():
        writer.write_text(base.with_name(f"{base.name}.{ext}"), text)
    return texts


def write_site(
    inputs: SiteInputs, out: Path, *, page_limit: int | None = None, host_url: str | None = None
) -> int:
    """Write the site into the folder `out`: every resource page, or none when there are
    more resources than `page_limit`; return the number of resource pages written. The
    web-server rules are for a site published at `host_url` (default: at the base IRI's
    path), with the w3id rules that redirect there when it is given."""
    rules = rule_files(host_url)
    with BackgroundWriter() as writer:
        pages = _write_site(writer, inputs, out, page_limit)
        for name, text in rules.items():
            writer.write_text(out / name, text)
        return pages


def version_path(ontology: Graph) -> str | None:
    """The site path of the ontology's version IRI (ontology/0.1.0), if it has one there."""
    version = ontology.value(URIRef(ONTOLOGY_IRI), OWL.versionIRI)
    path = None if version is None else site_path(str(version))
    return path if path is not None and path.startswith(ONTOLOGY_PAGE + "/") else None


def _write_site(
    writer: BackgroundWriter, inputs: SiteInputs, out: Path, page_limit: int | None
) -> int:
    _write = writer.write_text
    too_many = page_limit is not None and entity_count(inputs.void) > page_limit
    index = None if too_many else GraphIndex(triples(inputs.full))
    nodes = [] if index is None else resources(index)
    data = None if index is None else SiteData(index, inputs.sources)
    if data is not None:
        edges = picture.edges_by_node(data)
        for node in nodes:
            path = site_path(str(node))
            assert path is not None
            texts = _write_rdf(writer, out / path, description(data.graph, node))
            shown, scripts = _neighbourhood(data, edges, node, f"{path}.html")
            _write(out / f"{path}.html", resource_page(data, node, texts["jsonld"], shown, scripts))
    texts = _write_rdf(writer, out / ONTOLOGY_PAGE, inputs.ontology)
    _write(out / f"{ONTOLOGY_PAGE}.html", ontology_page(inputs.ontology, texts["jsonld"]))
    version = version_path(inputs.ontology)
    if version is not None:
        texts = _write_rdf(writer, out / version, inputs.ontology)
        _write(
            out / f"{version}.html", ontology_page(inputs.ontology, texts["jsonld"], path=version)
        )
    texts = _write_rdf(writer, out / DATASET_PAGE, inputs.void)
    whole = (
        ""
        if data is None
        else picture.picture(
            picture.overview(data, f"{DATASET_PAGE}.html"), "The graph at a glance", "overview"
        )
    )
    _write(
        out / f"{DATASET_PAGE}.html",
        landing_page(
            _typing(inputs) if index is None else index,
            inputs.void,
            inputs.queries,
            texts["jsonld"],
            browse=not too_many,
            picture=whole,
            scripts=picture.SCRIPTS if whole else (),
        ),
    )
    _write(out / VOID_PATH, texts["ttl"])
    _write(out / "query.html", query_page(inputs.queries))
    _write(out / PREFIXES_FILE, prefixes_json())
    _copy_static(writer, out / "static")
    return len(nodes)


def _neighbourhood(
    data: SiteData, edges: dict[URIRef, list[picture.Edge]], node: URIRef, current: str
) -> tuple[str, tuple[str, ...]]:
    """The picture of a therapy's or condition's neighbourhood, and the scripts it needs."""
    if not picture.pictured(data, node):
        return "", ()
    html = picture.picture(
        picture.neighbourhood(data, edges, node, current),
        f"{data.labels(node)} and its neighbours",
        "neighbourhood",
    )
    return html, picture.SCRIPTS if html else ()


def _copy_static(writer: BackgroundWriter, out: Path) -> None:
    """The site's own scripts and stylesheet, and the vendored libraries with their licences."""
    static = package_files.files(__package__).joinpath("static")
    names = [entry.name for entry in static.iterdir() if entry.is_file()]
    names += [
        f"{folder}/{entry.name}"
        for folder in STATIC_FOLDERS
        for entry in static.joinpath(folder).iterdir()
        if entry.is_file()
    ]
    for name in sorted(names):
        writer.write_text(out / name, static.joinpath(name).read_text(encoding="utf-8"))


def _typing(inputs: SiteInputs) -> GraphIndex:
    """The ontology and every rdf:type triple: what the landing page reads when it lists no
    resources (the classes in use and their labels), without indexing the whole release."""
    ontology = list(triples(inputs.ontology))
    known = set(ontology)
    return GraphIndex(
        chain(ontology, (t for t in triples(inputs.full, RDF.type) if t not in known))
    )


def release_files(folder: Path) -> dict[str, tuple[str, int]]:
    """The release files at the top of `folder`: name -> (media type, size)."""
    return {
        p.name: (media_type(p.name), p.stat().st_size)
        for p in sorted(folder.iterdir())
        if p.is_file()
    }


def site_inputs(result: Result, files: dict[str, tuple[str, int]], queries_dir: Path) -> SiteInputs:
    """The site's inputs from a pipeline result and the release files it ships beside."""

    return SiteInputs(
        full=result.release,
        ontology=result.ontology.graph,
        sources={doc: source.text for doc, source in result.compiled.sources.items()},
        queries=packaged_queries(queries_dir),
        void=void.describe(result.ontology.graph, files, result.counts),
    )


def release_site_inputs(dist: Path, inputs: Inputs) -> SiteInputs:
    """The site's inputs from a built release folder (its psykg.nt, ontology.ttl and void.ttl)
    and the checkout it was built from (queries, source texts: the release ships quotes, not
    texts). Nothing is compiled, reasoned or validated again."""
    for name in ("psykg.nt", "ontology.ttl", "void.ttl"):
        if not (dist / name).is_file():
            raise DatasetMissing(
                f"{dist / name} does not exist",
                hint="run `psykg build` first, or name the release with --dist",
            )
    return SiteInputs(
        full=load_graph(dist / "psykg.nt"),
        ontology=read_turtle(dist / "ontology.ttl"),
        sources=source_texts(inputs),
        queries=packaged_queries(inputs.root / QUERIES_DIR),
        void=read_turtle(dist / "void.ttl"),
    )


def write_release_files(result: Result, folder: Path) -> None:
    """Release hook: write the site into folder/site, described with the release's files."""
    inputs = site_inputs(result, release_files(folder), result.inputs.root / QUERIES_DIR)
    write_site(inputs, folder / SITE_DIR, page_limit=RELEASE_PAGE_LIMIT)


__all__ = [
    "RELEASE_PAGE_LIMIT",
    "SITE_DIR",
    "SiteInputs",
    "release_site_inputs",
    "write_release_files",
    "write_site",
]
