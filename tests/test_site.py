"""The static site: pages, RDF files, quotes in their sentences, metadata, redirect rules."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCAT, OWL, RDF, RDFS, SKOS, VOID

from psykg.paths import project_root
from psykg.rdf.namespaces import DATASET_IRI, OA, PSYKG, RES
from psykg.rdf.serialize import to_ntriples
from psykg.release.pipeline import Inputs, run
from psykg.release.void import Counts, describe
from psykg.site import SiteInputs, write_site
from psykg.site.iris import FORMATS, RDF_EXTENSIONS, VOID_PATH, href, site_path
from psykg.site.landing import entity_count
from psykg.site.ontodoc import anchor, documented_terms
from psykg.site.pages import resources
from psykg.site.querylist import as_json, packaged_queries
from psykg.site.rewrite import htaccess, nginx
from psykg.site.text import in_sentence

PARSERS = {"ttl": "turtle", "jsonld": "json-ld", "nt": "nt", "rdf": "xml"}
THERAPY = RES["psychodynamic-therapy"]

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
    return SiteInputs(full, ontology, sources, packaged_queries(queries_dir),
                      describe(ontology, files, Counts.of_ntriples(to_ntriples(full))))


@pytest.fixture(scope="module")
def site(built: tuple[Graph, Graph, dict[str, str]], tmp_path_factory: pytest.TempPathFactory
         ) -> Path:
    """The site written once, with one packaged query."""
    queries = tmp_path_factory.mktemp("queries")
    (queries / "indications.rq").write_text(TEST_QUERY, encoding="utf-8")
    out = tmp_path_factory.mktemp("site")
    write_site(_inputs(built, queries), out)
    return out


def _embedded_jsonld(html: str) -> list[str]:
    return re.findall(r'<script type="application/ld\+json">\n(.*?)</script>', html, re.DOTALL)


def test_every_data_iri_is_described_by_a_page_and_four_rdf_files(site: Path, built: tuple
                                                                  ) -> None:
    full = built[0]
    nodes = sorted({s for s in full.subjects() if str(s).startswith(str(RES))})
    assert len(nodes) > 200 and len(resources(full)) > 140
    missing = [f"{site_path(str(n))}.{ext}" for n in nodes for ext in FORMATS
               if not (site / f"{site_path(str(n))}.{ext}").is_file()]
    assert not missing, f"missing files: {missing[:5]}"


@pytest.mark.parametrize("ext", RDF_EXTENSIONS)
def test_rdf_files_say_the_same_as_the_turtle(site: Path, built: tuple, ext: str) -> None:
    """Each format parses, and gives the same graph as the Turtle file, for every resource."""
    for node in resources(built[0]):
        base = site / str(site_path(str(node)))
        turtle = Graph().parse(f"{base}.ttl", format="turtle")
        other = Graph().parse(f"{base}.{ext}", format=PARSERS[ext])
        assert isomorphic(turtle, other), f"{base}.{ext} differs from {base}.ttl"
        assert (node, None, None) in turtle, f"{base}.ttl does not describe {node}"


@pytest.mark.parametrize("slug", ["psychodynamic-therapy", "depression",
                                  "statement/article-modified"])
def test_page_embeds_its_description_as_jsonld(site: Path, slug: str) -> None:
    html = (site / f"resource/{slug}.html").read_text(encoding="utf-8")
    blocks = _embedded_jsonld(html)
    assert len(blocks) == 1
    embedded = Graph().parse(data=blocks[0].replace("<\\/", "</"), format="json-ld")
    on_disk = Graph().parse(site / f"resource/{slug}.ttl", format="turtle")
    assert isomorphic(embedded, on_disk)


def test_statement_quotes_are_highlighted_in_their_sentence(site: Path, built: tuple) -> None:
    full, _, sources = built
    statements = sorted(full.subjects(RDF.type, PSYKG.Statement))
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


@pytest.mark.parametrize(("text", "start", "end", "expected"), [
    ("One. Two three. Four.", 5, 8, ("", "Two", " three.")),
    ("One. Two three. Four.", 9, 14, ("Two ", "three", ".")),
    ("Title\nA first. A second one.\nNext", 15, 21, ("", "A seco", "nd one.")),
    ("a b. C d. E f.", 2, 9, ("a ", "b. C d.", "")),
])
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


def test_landing_page_without_queries(built: tuple, tmp_path: Path) -> None:
    write_site(_inputs(built, tmp_path / "no-such-folder"), tmp_path / "site")
    html = (tmp_path / "site/index.html").read_text(encoding="utf-8")
    assert "No packaged queries are included." in html
    query_page = (tmp_path / "site/query.html").read_text(encoding="utf-8")
    assert '<script type="application/json" id="psykg-queries">\n[]\n' in query_page


def test_ontology_page_documents_every_term(site: Path, built: tuple) -> None:
    ontology = built[1]
    html = (site / "ontology.html").read_text(encoding="utf-8")
    terms = [t for kind in documented_terms(ontology).values() for t in kind]
    assert len(terms) > 40
    for term in terms:
        assert f'id="{anchor(term)}"' in html, f"{term} has no section"
    for term in ontology.subjects(RDF.type, OWL.Class):
        if str(term).startswith(str(PSYKG)):
            assert f'id="{term[len(PSYKG):]}"' in html
    therapy = html[html.index('id="Therapy"'):]
    therapy = therapy[:therapy.index("</section>")]
    assert "Definition" in therapy and "Alignments" in therapy
    assert "https://schema.org/PsychologicalTreatment" in therapy
    used_for = html[html.index('id="usedFor"'):]
    used_for = used_for[:used_for.index("</section>")]
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
    for page in [site / "index.html", site / "resource/psychodynamic-therapy.html",
                 site / "ontology.html"]:
        for target in set(link.findall(page.read_text(encoding="utf-8"))):
            assert (page.parent / target).is_file(), f"{page}: broken link {target}"


def test_site_is_byte_identical_across_runs(built: tuple, tmp_path: Path) -> None:
    queries = tmp_path / "queries"
    queries.mkdir()
    (queries / "indications.rq").write_text(TEST_QUERY, encoding="utf-8")
    for name in ("a", "b"):
        write_site(_inputs(built, queries), tmp_path / name)
    files_a = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*")
                     if p.is_file())
    files_b = sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*")
                     if p.is_file())
    assert files_a == files_b
    for rel in files_a:
        assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes(), rel


@pytest.mark.parametrize(("query", "params"), [
    ("indications", [("therapy", True, "iri")]),
    ("compare", [("other", True, "iri"), ("therapy", True, "iri")]),
    ("stats", []),
])
def test_query_page_parameters(query: str, params: list[tuple[str, bool, str]]) -> None:
    (found,) = [q for q in packaged_queries(ROOT / "queries") if q.name == query]
    shown = as_json(found)
    assert shown["summary"] == found.summary and shown["query"] == found.text
    assert sorted((p["name"], p["optional"], p["kind"]) for p in shown["params"]) == params


def test_missing_queries_folder_offers_none(tmp_path: Path) -> None:
    assert packaged_queries(tmp_path / "nowhere") == []


@pytest.mark.parametrize(("iri", "current", "expected"), [
    (str(THERAPY), "index.html", "resource/psychodynamic-therapy.html"),
    (str(THERAPY), "resource/statement/x.html", "../psychodynamic-therapy.html"),
    (str(PSYKG.Therapy), "resource/depression.html", "../ontology.html#Therapy"),
    (DATASET_IRI, "resource/quote/doc/1-2.html", "../../../index.html"),
])
def test_relative_links(iri: str, current: str, expected: str) -> None:
    from psykg.site.iris import page_href

    assert page_href(iri, current) == expected
    assert href("static/style.css", "index.html") == "static/style.css"


def test_redirect_rules_cover_every_format(site: Path) -> None:
    apache = (site / ".htaccess").read_text(encoding="utf-8")
    assert apache == htaccess()
    assert "RewriteBase /psykg/" in apache
    assert "Options -MultiViews" in apache
    for fmt in FORMATS.values():
        assert f"AddType {fmt.media_type} .{fmt.ext}" in apache
        assert f"resource/$1.{fmt.ext} [R=303" in apache
        assert f"index.{fmt.ext} [R=303" in apache
    snippet = (site / "nginx-psykg.conf").read_text(encoding="utf-8")
    assert snippet == nginx()
    assert "return 303 /psykg/resource/$1.$psykg_ext;" in snippet
    for ext in RDF_EXTENSIONS:
        assert f" {ext};" in snippet
    rules = re.findall(r"RewriteRule \^(\S+)\$ (\S+) \[R=303", apache)
    quote = "resource/quote/psychodynamic-therapy-article/73-94"
    for iri_path, page in [("resource/psychodynamic-therapy", "resource/psychodynamic-therapy"),
                           ("ontology", "ontology"), ("dataset", "index"), (quote, quote),
                           (f"{quote}/text-quote", quote), (f"{quote}/text-position", quote)]:
        first = next(pattern for pattern, _ in rules if re.fullmatch(pattern, iri_path))
        for pattern, target in rules:  # every format of the first pattern that matches
            if pattern == first:
                file = re.fullmatch(pattern, iri_path).expand(target.replace("$", "\\"))
                assert file.startswith(f"{page}."), (iri_path, file)
                assert (site / file).is_file(), f"{iri_path} -> {file} does not exist"


def test_selectors_and_quotes_have_pages(site: Path, built: tuple) -> None:
    full = built[0]
    for quote in sorted(full.subjects(RDF.type, PSYKG.Quote))[:10]:
        for selector in full.objects(quote, OA.hasSelector):
            assert (site / f"{site_path(str(selector))}.html").is_file()


@pytest.mark.parametrize(("limit", "pages"), [(None, True), (10_000, True), (5, False)])
def test_page_limit(built: tuple, tmp_path: Path, limit: int | None, pages: bool) -> None:
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
