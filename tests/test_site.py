"""The static site: pages, RDF files, quotes in their sentences, metadata, redirect rules."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCAT, OWL, RDF, RDFS, SKOS, VOID

from psykg.paths import Inputs, project_root
from psykg.rdf.namespaces import OA, PSYKG, RES
from psykg.rdf.prefixes import DATASET_IRI, ONTOLOGY_IRI
from psykg.rdf.serialize import to_ntriples
from psykg.release.pipeline import run
from psykg.release.void import Counts, describe
from psykg.site import SiteInputs, write_site
from psykg.site.iris import FORMATS, RDF_EXTENSIONS, VOID_PATH, href, site_path
from psykg.site.landing import entity_count
from psykg.site.negotiation import negotiated_target
from psykg.site.ontodoc import anchor, documented_terms
from psykg.site.pages import resources
from psykg.site.querylist import as_json, packaged_queries
from psykg.site.rdf import serialise
from psykg.site.rewrite import W3ID_FILE, rule_files
from psykg.site.text import in_sentence

from .rdfnodes import identified

PARSERS = {"ttl": "turtle", "jsonld": "json-ld", "nt": "nt", "rdf": "xml"}
THERAPY = RES["psychodynamic-therapy"]
Built = tuple[Graph, Graph, dict[str, str]]  # what the built fixture gives

ROOT = Path(__file__).resolve().parents[1]
TEST_QUERY = """#+ summary: Conditions a therapy is used for
#+ description: A test query with one optional IRI parameter.
#+ tags:
#+   - indications
PREFIX psykg: <https://w3id.org/psykg/ontology#>
SELECT ?_therapy_iri ?condition WHERE { ?_therapy_iri psykg:usedFor ?condition . }
ORDER BY ?condition
"""


@pytest.fixture(scope="module")
def built() -> tuple[Graph, Graph, dict[str, str]]:
    """The release graph, the ontology and the source texts, straight from the pipeline."""
    result = run(Inputs(project_root()), use_hermit=False)
    sources = {d: s.text for d, s in result.compiled.sources.items()}
    return result.full, result.ontology.graph, sources


def _inputs(built: tuple[Graph, Graph, dict[str, str]], queries_dir: Path) -> SiteInputs:
    full, ontology, sources = built
    files = {"psykg.ttl": ("text/turtle", 10), "psykg.nt": ("application/n-triples", 20)}
    return SiteInputs(
        full,
        ontology,
        sources,
        packaged_queries(queries_dir),
        describe(ontology, files, Counts.of_ntriples(to_ntriples(full))),
    )


@pytest.fixture(scope="module")
def site(
    built: tuple[Graph, Graph, dict[str, str]], tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """The site written once, with one packaged query."""
    queries = tmp_path_factory.mktemp("queries")
    (queries / "indications.rq").write_text(TEST_QUERY, encoding="utf-8")
    out = tmp_path_factory.mktemp("site")
    write_site(_inputs(built, queries), out)
    return out


def _embedded_jsonld(html: str) -> list[str]:
    return re.findall(r'<script type="application/ld\+json">\n(.*?)</script>', html, re.DOTALL)


def test_every_data_iri_is_described_by_a_page_and_four_rdf_files(site: Path, built: Built) -> None:
    full = built[0]
    nodes = sorted(identified({s for s in full.subjects() if str(s).startswith(str(RES))}))
    assert len(nodes) > 200 and len(resources(full)) > 140
    missing = [
        f"{site_path(str(n))}.{ext}"
        for n in nodes
        for ext in FORMATS
        if not (site / f"{site_path(str(n))}.{ext}").is_file()
    ]
    assert not missing, f"missing files: {missing[:5]}"


@pytest.mark.parametrize("ext", RDF_EXTENSIONS)
def test_rdf_files_say_the_same_as_the_turtle(site: Path, built: Built, ext: str) -> None:
    """Each format parses, and gives the same graph as the Turtle file, for every resource."""
    for node in resources(built[0]):
        base = site / str(site_path(str(node)))
        turtle = Graph().parse(f"{base}.ttl", format="turtle")
        other = Graph().parse(f"{base}.{ext}", format=PARSERS[ext])
        assert isomorphic(turtle, other), f"{base}.{ext} differs from {base}.ttl"
        assert (node, None, None) in turtle, f"{base}.ttl does not describe {node}"


@pytest.mark.parametrize(
    "slug", ["psychodynamic-therapy", "depression", "statement/article-modified"]
)
def test_page_embeds_its_description_as_jsonld(site: Path, slug: str) -> None:
    html = (site / f"resource/{slug}.html").read_text(encoding="utf-8")
    blocks = _embedded_jsonld(html)
    assert len(blocks) == 1
    embedded = Graph().parse(data=blocks[0].replace("<\\/", "</"), format="json-ld")
    on_disk = Graph().parse(site / f"resource/{slug}.ttl", format="turtle")
    assert isomorphic(embedded, on_disk)


def test_statement_quotes_are_highlighted_in_their_sentence(site: Path, built: Built) -> None:
    full, _, sources = built
    statements = sorted(identified(full.subjects(RDF.type, PSYKG.Statement)))
    assert statements
    for st in statements:
        quote = full.value(st, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"))
        exact = str(full.value(quote, RDFS.label))
        html = (site / f"{site_path(str(st))}.html").read_text(encoding="utf-8")
        marks = re.findall(r"<p>(.*?)<mark>(.*?)</mark>(.*?)</p>", html, re.DOTALL)
        assert marks, f"{st}: no highlighted quote"
        before, marked, after = (_unescape(p) for p in marks[0])
        assert marked == exact, f"{st}: highlighted {marked!r}, quote is {exact!r}"
        text = sources[str(quote).removeprefix(str(RES)).split("/")[1]]  # quote/<document>/…
        assert before + marked + after in text, f"{st}: the sentence is not in the source"


def _unescape(text: str) -> str:
    import html

    return html.unescape(text)


def test_therapy_page_shows_statements_with_qualifiers_and_links(site: Path) -> None:
    html = (site / "resource/psychodynamic-therapy.html").read_text(encoding="utf-8")
    assert "<h1>psychodynamic therapy</h1>" in html
    assert html.count('<article class="statement"') >= 10
    assert 'class="qualifiers"' in html
    assert 'href="depression.html"' in html
    for ext in RDF_EXTENSIONS:
        assert f'href="psychodynamic-therapy.{ext}"' in html


@pytest.mark.parametrize(
    ("text", "start", "end", "expected"),
    [
        ("One. Two three. Four.", 5, 8, ("", "Two", " three.")),
        ("One. Two three. Four.", 9, 14, ("Two ", "three", ".")),
        ("Title\nA first. A second one.\nNext", 15, 21, ("", "A seco", "nd one.")),
        ("a b. C d. E f.", 2, 9, ("a ", "b. C d.", "")),
    ],
)
def test_in_sentence(text: str, start: int, end: int, expected: tuple[str, str, str]) -> None:
    assert in_sentence(text, start, end) == expected


def test_landing_page_has_schema_org_dataset_with_distributions(site: Path) -> None:
    html = (site / "index.html").read_text(encoding="utf-8")
    docs = [json.loads(b.replace("<\\/", "</")) for b in _embedded_jsonld(html)]
    dataset = next(d for d in docs if d.get("@type") == "Dataset")
    assert dataset["@id"] == DATASET_IRI
    assert dataset["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert dataset["version"]
    assert dataset["name"] and dataset["description"]
    names = {d["name"] for d in dataset["distribution"]}
    assert names == {"psykg.ttl", "psykg.nt"}
    for dist in dataset["distribution"]:
        assert dist["@type"] == "DataDownload"
        assert dist["contentUrl"].endswith("/dist/" + dist["name"])
        assert dist["encodingFormat"]
    assert 'href="query.html#indications"' in html
    assert "Conditions a therapy is used for" in html


def test_void_at_well_known(site: Path) -> None:
    void = Graph().parse(site / VOID_PATH, format="turtle")
    ds = URIRef(DATASET_IRI)
    assert (ds, RDF.type, VOID.Dataset) in void
    assert (ds, RDF.type, DCAT.Dataset) in void
    assert void.value(ds, VOID.triples) is not None


def test_landing_page_without_queries(built: Built, tmp_path: Path) -> None:
    write_site(_inputs(built, tmp_path / "no-such-folder"), tmp_path / "site")
    html = (tmp_path / "site/index.html").read_text(encoding="utf-8")
    assert "No packaged queries are included." in html
    query_page = (tmp_path / "site/query.html").read_text(encoding="utf-8")
    assert '<script type="application/json" id="psykg-queries">\n[]\n' in query_page


def test_ontology_page_documents_every_term(site: Path, built: Built) -> None:
    ontology = built[1]
    html = (site / "ontology.html").read_text(encoding="utf-8")
    terms = [t for kind in documented_terms(ontology).values() for t in kind]
    assert len(terms) > 40
    for term in terms:
        assert f'id="{anchor(term)}"' in html, f"{term} has no section"
    for cls in identified(ontology.subjects(RDF.type, OWL.Class)):
        if str(cls).startswith(str(PSYKG)):
            assert f'id="{cls[len(PSYKG) :]}"' in html
    therapy = html[html.index('id="Therapy"') :]
    therapy = therapy[: therapy.index("</section>")]
    assert "Definition" in therapy and "Alignments" in therapy
    assert "https://schema.org/PsychologicalTreatment" in therapy
    used_for = html[html.index('id="usedFor"') :]
    used_for = used_for[: used_for.index("</section>")]
    for row in ("Domain", "Range", "Sub-properties", "Inverse of"):
        assert row in used_for, f"usedFor lacks {row}"
    assert (PSYKG.Therapy, SKOS.exactMatch, None) in ontology


def test_site_is_self_contained(site: Path) -> None:
    """No script, stylesheet, font or image comes from elsewhere; every local link resolves."""
    external = re.compile(r'<(?:script|link|img|iframe)[^>]*(?:src|href)="(?:https?:)?//')
    local = re.compile(r'<(?:script|link)[^>]*(?:src|href)="([^"#:]+)"')
    for page in sorted(site.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        assert not external.search(html), f"{page} loads something from elsewhere"
        for target in local.findall(html):
            assert (page.parent / target).resolve().is_file(), f"{page}: {target} is missing"
    css = (site / "static/style.css").read_text(encoding="utf-8")
    assert "@import" not in css and "url(" not in css


def test_internal_page_links_resolve(site: Path) -> None:
    link = re.compile(r'<a href="([^"#:]+\.html)(?:#[^"]*)?"')
    for page in [
        site / "index.html",
        site / "resource/psychodynamic-therapy.html",
        site / "ontology.html",
    ]:
        for target in set(link.findall(page.read_text(encoding="utf-8"))):
            assert (page.parent / target).is_file(), f"{page}: broken link {target}"


def test_site_is_byte_identical_across_runs(built: Built, tmp_path: Path) -> None:
    queries = tmp_path / "queries"
    queries.mkdir()
    (queries / "indications.rq").write_text(TEST_QUERY, encoding="utf-8")
    for name in ("a", "b"):
        write_site(_inputs(built, queries), tmp_path / name)
    files_a = sorted(
        p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file()
    )
    files_b = sorted(
        p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*") if p.is_file()
    )
    assert files_a == files_b
    for rel in files_a:
        assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes(), rel


@pytest.mark.parametrize(
    ("query", "params"),
    [
        ("indications", [("therapy", True, "iri")]),
        ("compare", [("other", True, "iri"), ("therapy", True, "iri")]),
        ("stats", []),
    ],
)
def test_query_page_parameters(query: str, params: list[tuple[str, bool, str]]) -> None:
    (found,) = [q for q in packaged_queries(ROOT / "queries") if q.name == query]
    shown = as_json(found)
    assert shown["summary"] == found.summary and shown["query"] == found.text
    assert sorted((p["name"], p["optional"], p["type"]) for p in shown["parameters"]) == params


def test_missing_queries_folder_offers_none(tmp_path: Path) -> None:
    assert packaged_queries(tmp_path / "nowhere") == []


@pytest.mark.parametrize(
    ("iri", "current", "expected"),
    [
        (str(THERAPY), "index.html", "resource/psychodynamic-therapy.html"),
        (str(THERAPY), "resource/statement/x.html", "../psychodynamic-therapy.html"),
        (str(PSYKG.Therapy), "resource/depression.html", "../ontology.html#Therapy"),
        (DATASET_IRI, "resource/quote/doc/1-2.html", "../../../index.html"),
    ],
)
def test_relative_links(iri: str, current: str, expected: str) -> None:
    from psykg.site.iris import page_href

    assert page_href(iri, current) == expected
    assert href("static/style.css", "index.html") == "static/style.css"


def test_redirect_rules_lead_to_files_of_the_site(site: Path) -> None:
    """The rules are written into the site (tests/test_webservers.py runs them on nginx and
    Apache), and every negotiated IRI's target has a file in every format."""
    for name, text in rule_files().items():
        assert (site / name).read_text(encoding="utf-8") == text
    assert not (site / W3ID_FILE).exists()  # only with a host URL
    quote = "resource/quote/psychodynamic-therapy-article/73-94"
    for iri_path, page in [
        ("resource/psychodynamic-therapy", "resource/psychodynamic-therapy"),
        ("ontology", "ontology"),
        ("ontology/0.1.0", "ontology/0.1.0"),
        ("dataset", "index"),
        (quote, quote),
        (f"{quote}/text-quote", quote),
        (f"{quote}/text-position", quote),
    ]:
        assert negotiated_target(iri_path) == page
        for ext in FORMATS:
            assert (site / f"{page}.{ext}").is_file(), f"{iri_path} -> {page}.{ext}"


def test_version_iri_has_that_versions_files(site: Path, built: Built) -> None:
    ontology = built[1]
    version = ontology.value(URIRef(ONTOLOGY_IRI), OWL.versionIRI)
    assert site_path(str(version)) == "ontology/0.1.0"
    for ext in RDF_EXTENSIONS:
        assert (site / f"ontology/0.1.0.{ext}").read_bytes() == (
            site / f"ontology.{ext}"
        ).read_bytes()
    page = (site / "ontology/0.1.0.html").read_text(encoding="utf-8")
    assert 'href="../static/style.css"' in page and 'href="0.1.0.ttl"' in page
    assert 'href="ontology/0.1.0.html"' in (site / "ontology.html").read_text(encoding="utf-8")


def test_static_pages_need_no_endpoint(site: Path) -> None:
    """The landing page names the API and the endpoint but links to neither (a plain web
    server has none); the query page says what it needs."""
    landing = (site / "index.html").read_text(encoding="utf-8")
    assert not re.search(r'href="(api/|sparql)', landing)
    assert "<code>api/indications</code>" in landing
    assert "answered by <code>psykg serve</code>" in (site / "query.html").read_text(
        encoding="utf-8"
    )


def test_selectors_and_quotes_have_pages(site: Path, built: Built) -> None:
    full = built[0]
    for quote in sorted(identified(full.subjects(RDF.type, PSYKG.Quote)))[:10]:
        for selector in full.objects(quote, OA.hasSelector):
            assert (site / f"{site_path(str(selector))}.html").is_file()


@pytest.mark.parametrize(("limit", "pages"), [(None, True), (10_000, True), (5, False)])
def test_page_limit(built: Built, tmp_path: Path, limit: int | None, pages: bool) -> None:
    out = tmp_path / "site"
    written = write_site(_inputs(built, tmp_path / "queries"), out, page_limit=limit)
    assert written == (len(resources(built[0])) if pages else 0)
    assert (out / "resource" / "psychodynamic-therapy.html").is_file() is pages
    assert (out / "resource" / "psychodynamic-therapy.ttl").is_file() is pages
    landing = (out / "index.html").read_text(encoding="utf-8")
    assert ("psykg site</code>" in landing) is not pages
    count = entity_count(_inputs(built, tmp_path / "queries").void)
    assert count > len(resources(built[0]))  # the parts of quotes have no pages of their own
    assert (f"describes {count} resources" in landing) is not pages
    for name in ("index.html", "ontology.html", "query.html", VOID_PATH, ".htaccess"):
        assert (out / name).is_file(), name


@pytest.mark.parametrize("corpus", ["seed", "synthetic"])
def test_index_reads_like_the_graph(corpus: str, tmp_path: Path) -> None:
    import sys

    from psykg.site.index import GraphIndex
    from psykg.site.labels import Labels
    from psykg.site.landing import landing_page

    sys.path.insert(0, str(project_root() / "benchmarks"))
    from corpus import generate

    root = project_root() if corpus == "seed" else generate(tmp_path / "c", 2, seed=11)
    result = run(Inputs(root), use_hermit=False)
    full, index = result.full, GraphIndex(result.full)
    assert len(index) == len(full) and set(index) == set(full)
    assert resources(index) == resources(full)
    labels_graph, labels_index = Labels(full), Labels(index)
    assert all(labels_graph(n) == labels_index(n) for n in resources(full))
    void = describe(result.ontology.graph, {}, result.counts)
    assert landing_page(index, void, [], "{}") == landing_page(full, void, [], "{}")


BROWSER_TOOLS = Path(__file__).resolve().parents[1] / "tools" / "browser"


@pytest.mark.parametrize(
    ("package", "folder", "files"),
    [
        ("@zazuko/yasgui", "yasgui", ("yasgui.min.js", "yasgui.min.css")),
        ("cytoscape", "cytoscape", ("cytoscape.min.js",)),
    ],
)
def test_vendored_libraries_are_pinned_licensed_and_copied(
    site: Path, package: str, folder: str, files: tuple[str, ...]
) -> None:
    """Each browser library is pinned in tools/browser (package.json and its lockfile agree),
    its LICENSE names that version, and the site carries the packaged files byte for byte."""
    from importlib import resources

    wanted = json.loads((BROWSER_TOOLS / "package.json").read_text())["dependencies"][package]
    locked = json.loads((BROWSER_TOOLS / "package-lock.json").read_text())
    assert re.fullmatch(r"\d+\.\d+\.\d+", wanted), f"{package} is not pinned: {wanted}"
    assert locked["packages"][f"node_modules/{package}"]["version"] == wanted
    static = resources.files("psykg.site").joinpath("static", folder)
    licence = static.joinpath("LICENSE").read_text(encoding="utf-8")
    assert f"{package} {wanted} (licence: MIT)" in licence
    assert "Permission is hereby granted" in licence
    for name in (*files, "LICENSE"):
        packaged = static.joinpath(name).read_bytes()
        assert (site / "static" / folder / name).read_bytes() == packaged
        assert b"sourceMappingURL=" not in packaged
    for name in files:
        if name.endswith(".css"):
            assert "url(http" not in static.joinpath(name).read_text(encoding="utf-8")


# ---------------------------------------------------------------- graph pictures

GRAPH_DATA = re.compile(
    r'<script type="application/json" id="psykg-graph">\n(.*?)\n</script>', re.DOTALL
)


def _picture(page: Path) -> dict[str, Any] | None:
    found = GRAPH_DATA.search(page.read_text(encoding="utf-8"))
    return json.loads(found[1]) if found else None


def _edges(doc: dict[str, Any]) -> list[tuple[str, str, set[str], str]]:
    """(source label, target label, classes, edge label) of each edge of a picture."""
    labels = {e["data"]["id"]: e["data"]["label"] for e in doc["elements"] if e["group"] == "nodes"}
    return [
        (
            labels[e["data"]["source"]],
            labels[e["data"]["target"]],
            set(e["classes"].split()),
            e["data"]["label"],
        )
        for e in doc["elements"]
        if e["group"] == "edges"
    ]


def test_therapy_page_pictures_its_neighbourhood_with_qualifier_styles(site: Path) -> None:
    page = site / "resource/psychodynamic-therapy.html"
    doc = _picture(page)
    assert doc is not None and doc["layout"] == "neighbourhood"
    nodes = [e for e in doc["elements"] if e["group"] == "nodes"]
    centre = [n for n in nodes if "centre" in n["classes"].split()]
    assert [n["data"]["label"] for n in centre] == ["psychodynamic therapy"]
    for node in nodes:  # every node links to a page of the site
        assert (page.parent / node["data"]["href"]).is_file(), node["data"]["href"]
    edges = _edges(doc)
    therapy = "psychodynamic therapy"
    assert (therapy, "depression", {"use", "primary"}, "primarily used to treat") in edges
    kinds = {frozenset(classes) for _, _, classes, _ in edges}
    for wanted in (
        {"use", "primary"},
        {"use", "less"},
        {"use", "also"},
        {"candidates", "good"},
        {"candidates", "poor"},
        {"goals"},
        {"lineage"},
        {"comparison", "partner"},
    ):
        assert any(wanted <= k for k in kinds), f"no edge styled {sorted(wanted)}"
    assert any("evidence" in k for k in kinds), "the evidence phrase is not drawn"
    hedged = [e for e in edges if "hedged" in e[2]]
    assert hedged and all("(" in label for *_, label in hedged)
    assert "static/cytoscape/cytoscape.min.js" in page.read_text(encoding="utf-8")


def test_condition_page_has_a_picture_and_a_statement_page_none(site: Path) -> None:
    doc = _picture(site / "resource/depression.html")
    assert doc is not None
    assert (
        "psychodynamic therapy",
        "depression",
        {"use", "primary"},
        "primarily used to treat",
    ) in _edges(doc)
    statement = site / "resource/statement/article-modified.html"
    assert _picture(statement) is None
    assert "cytoscape" not in statement.read_text(encoding="utf-8")


def test_landing_page_pictures_the_whole_graph(site: Path) -> None:
    doc = _picture(site / "index.html")
    assert doc is not None and doc["layout"] == "overview"
    edges = _edges(doc)
    therapies = {s for s, _, classes, _ in edges if "use" in classes}
    assert "psychodynamic therapy" in therapies
    assert not any("focus" in classes for _, _, classes, _ in edges)
    ids = {e["data"]["id"] for e in doc["elements"] if e["group"] == "nodes"}
    assert all(
        e["data"]["source"] in ids and e["data"]["target"] in ids
        for e in doc["elements"]
        if e["group"] == "edges"
    )


@pytest.mark.parametrize("char", ["\u2028", "\u2029", "\x85", "\x0c", "\x1c", "\x0b"])
def test_a_resource_page_in_ntriples_keeps_a_literal_with_a_line_separator(char: str) -> None:
    """N-Triples lines are split at "\\n" only: str.splitlines() also splits at these."""
    label = f"before{char}after"
    graph = Graph()
    graph.add((RES.x, RDFS.label, Literal(label)))
    graph.add((RES.x, RDF.type, OWL.NamedIndividual))
    text = serialise(graph, "nt")
    assert text.count("\n") == 2
    assert {str(o) for o in Graph().parse(data=text, format="nt").objects(RES.x, RDFS.label)} == {
        label
    }
