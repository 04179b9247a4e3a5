"""A real browser (Debian's headless Chromium, driven by Playwright) against `psykg serve`:
pages load without console errors, and a packaged query runs in the query page.

Screenshots go to test-artifacts/browser/ in the checkout (or $PSYKG_ARTIFACTS).
Chromium missing is a failure, never a skip: CI installs it (apt-get install chromium).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from psykg.paths import project_root
from tests.test_server import QUERY_NAMES, base_url, release, server  # noqa: F401

CHROMIUM = Path(os.environ.get("PSYKG_CHROMIUM", "/usr/bin/chromium"))


@pytest.fixture(scope="module")
def artifacts() -> Path:
    folder = Path(os.environ.get("PSYKG_ARTIFACTS", project_root() / "test-artifacts"))
    out = folder / "browser"
    out.mkdir(parents=True, exist_ok=True)
    return out


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    assert CHROMIUM.is_file(), f"{CHROMIUM} is missing: apt-get install chromium"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox"]
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any) -> Iterator[tuple[Any, list[str]]]:
    """A fresh page and the console errors and page errors it reports."""
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    tab = context.new_page()
    problems: list[str] = []
    tab.on(
        "console",
        lambda m: (
            problems.append(f"console {m.type}: {m.text}")
            if m.type in ("error", "warning")
            else None
        ),
    )
    tab.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    tab.on("requestfailed", lambda r: problems.append(f"request failed: {r.url}"))
    yield tab, problems
    context.close()


def _external_requests(tab: Any, base: str) -> list[str]:
    seen: list[str] = []
    tab.on(
        "request", lambda r: seen.append(r.url) if not r.url.startswith((base, "data:")) else None
    )
    return seen


@pytest.mark.parametrize(
    ("name", "path", "heading"),
    [
        ("landing", "/", "psykg: a knowledge graph of psychotherapies"),
        ("therapy", "/resource/psychodynamic-therapy", "psychodynamic therapy"),
        ("statement", "/resource/statement/article-modified", None),
        ("ontology", "/ontology", None),
    ],
)
def test_page_loads_without_console_errors(
    page: tuple[Any, list[str]],
    base_url: str,  # noqa: F811
    artifacts: Path,
    name: str,
    path: str,
    heading: str | None,
) -> None:
    tab, problems = page
    outside = _external_requests(tab, base_url)
    response = tab.goto(base_url + path, wait_until="networkidle")
    assert response is not None and response.ok
    assert response.headers["content-type"].startswith("text/html")
    if heading:
        assert tab.locator("h1").first.inner_text() == heading
    tab.screenshot(path=str(artifacts / f"{name}.png"), full_page=False)
    assert problems == []
    assert outside == []


def test_therapy_page_highlights_quotes(
    page: tuple[Any, list[str]],
    base_url: str,  # noqa: F811
    artifacts: Path,
) -> None:
    tab, problems = page
    tab.goto(base_url + "/resource/psychodynamic-therapy", wait_until="networkidle")
    marks = tab.locator("blockquote.quote mark")
    assert marks.count() >= 10
    assert marks.first.is_visible()
    tab.locator("blockquote.quote").first.screenshot(path=str(artifacts / "quote.png"))
    assert problems == []


INKED = """() => [...document.querySelectorAll('#graph canvas')].some((canvas) => {
  const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  for (let i = 3; i < pixels.length; i += 4) if (pixels[i] !== 0) return true;
  return false;
})"""
"""Whether the graph picture's canvases hold any drawn pixel."""
EMBEDDED = """() => JSON.parse(document.getElementById('psykg-graph').textContent).elements"""


@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("therapy", "/resource/psychodynamic-therapy"),
        ("condition", "/resource/depression"),
        ("landing", "/"),
    ],
)
def test_graph_picture_is_drawn(
    page: tuple[Any, list[str]],
    base_url: str,  # noqa: F811
    artifacts: Path,
    name: str,
    path: str,
) -> None:
    """Cytoscape.js (vendored) draws the picture embedded in the page, every node and edge."""
    tab, problems = page
    outside = _external_requests(tab, base_url)
    tab.goto(base_url + path, wait_until="networkidle")
    tab.wait_for_selector("#graph[data-nodes]", timeout=30_000)
    elements = tab.evaluate(EMBEDDED)
    box = tab.locator("#graph")
    assert box.get_attribute("data-nodes") == str(sum(1 for e in elements if e["group"] == "nodes"))
    assert box.get_attribute("data-edges") == str(sum(1 for e in elements if e["group"] == "edges"))
    box.scroll_into_view_if_needed()
    assert tab.evaluate(INKED), "the picture's canvases are blank"
    box.screenshot(path=str(artifacts / f"graph-{name}.png"))
    assert problems == []
    assert outside == []


def test_clicking_a_node_opens_its_page(page: tuple[Any, list[str]], base_url: str) -> None:  # noqa: F811
    tab, problems = page
    tab.goto(base_url + "/resource/depression", wait_until="networkidle")
    tab.wait_for_selector("#graph[data-nodes]", timeout=30_000)
    tab.locator("#graph").scroll_into_view_if_needed()
    position = tab.evaluate("""() => {
      const box = document.getElementById('graph').getBoundingClientRect();
      const data = JSON.parse(document.getElementById('psykg-graph').textContent);
      return {box: [box.x, box.y], nodes: data.elements.filter(e => e.group === 'nodes')};
    }""")
    other = next(n for n in position["nodes"] if "centre" not in n["classes"])
    spot = tab.evaluate(
        "(id) => { const cy = document.getElementById('graph')._cyreg.cy;"
        " return cy.getElementById(id).renderedPosition(); }",
        other["data"]["id"],
    )
    with tab.expect_navigation():
        tab.mouse.click(position["box"][0] + spot["x"], position["box"][1] + spot["y"])
    assert tab.url.endswith(other["data"]["href"].removeprefix("../"))
    assert problems == []


ACTIVE = ".tabPanel.active"
"""The selected YASGUI tab's panel."""
ROWS = f"{ACTIVE} .yasr table.dataTable tbody tr"


@pytest.mark.parametrize("name", ["indications"])
def test_packaged_query_runs_in_the_query_page(
    page: tuple[Any, list[str]],
    base_url: str,  # noqa: F811
    artifacts: Path,
    name: str,
) -> None:
    """YASGUI (vendored): one tab per packaged query; run one from its tab, see the table."""
    assert name in QUERY_NAMES, f"packaged query {name} is missing"
    tab, problems = page
    outside = _external_requests(tab, base_url)
    tab.goto(base_url + "/query.html", wait_until="networkidle")
    names = [t.split("\n")[0].strip() for t in tab.locator(".tabsList .tab a").all_inner_texts()]
    assert names == ["new query", *QUERY_NAMES]
    tab.locator(".tabsList .tab", has_text=name).first.click()
    assert "SELECT" in tab.locator(f"{ACTIVE} .CodeMirror").inner_text()
    with tab.expect_response(lambda r: r.url == base_url + "/sparql") as answer:
        tab.locator(f"{ACTIVE} .yasqe_queryButton").click()
    assert answer.value.status == 200
    tab.wait_for_selector(ROWS, timeout=30_000)
    rows = tab.locator(ROWS).count()
    assert rows > 0
    assert tab.locator(f"{ACTIVE} .yasr_response_chip").inner_text().startswith(f"{rows} result")
    assert "psychodynamic therapy" in tab.locator(f"{ACTIVE} .yasr table.dataTable").inner_text()
    tab.screenshot(path=str(artifacts / f"query-{name}.png"), full_page=False)
    assert problems == []
    assert outside == []


def test_new_query_tab_predeclares_the_prefixes(page: tuple[Any, list[str]], base_url: str) -> None:  # noqa: F811
    from psykg.rdf.prefixes import PREFIXES

    tab, problems = page
    tab.goto(base_url + "/query.html", wait_until="networkidle")
    text = tab.evaluate(
        "() => document.querySelector('.tabPanel.active .CodeMirror').CodeMirror.getValue()"
    )
    for prefix, namespace in PREFIXES.items():
        assert f"PREFIX {prefix}: <{namespace}>" in text
    tab.locator(f"{ACTIVE} .yasqe_queryButton").click()
    tab.wait_for_selector(ROWS, timeout=30_000)
    assert "psykgr:" in tab.locator(f"{ACTIVE} .yasr table.dataTable").inner_text()
    assert problems == []


def test_query_page_with_parameter_uses_the_api(
    page: tuple[Any, list[str]],
    base_url: str,  # noqa: F811
    artifacts: Path,
) -> None:
    assert "indications" in QUERY_NAMES
    tab, problems = page
    tab.goto(base_url + "/query.html#indications", wait_until="networkidle")
    tab.locator('#params input[name="therapy"]').fill("psychodynamic therapy")
    with tab.expect_response(lambda r: "/api/indications?" in r.url) as answer:
        tab.locator("#run-api").click()
    assert answer.value.status == 200
    tab.wait_for_selector(ROWS, timeout=30_000)
    assert "psychodynamic therapy" in tab.locator(f"{ACTIVE} .yasr table.dataTable").inner_text()
    tab.screenshot(path=str(artifacts / "query-indications-parameter.png"))
    assert problems == []


def test_malformed_query_shows_the_position(page: tuple[Any, list[str]], base_url: str) -> None:  # noqa: F811
    tab, problems = page
    tab.goto(base_url + "/sparql", wait_until="networkidle")
    tab.locator(f"{ACTIVE} .CodeMirror").click()
    tab.keyboard.press("Control+A")
    tab.keyboard.type("SELECT * WHERE { ?s ?p }")
    tab.keyboard.press("Control+Enter")
    tab.wait_for_selector(f"{ACTIVE} .yasr .errorResult", timeout=30_000)
    assert "line 1, column 25" in tab.locator(f"{ACTIVE} .yasr .errorResult").inner_text()
    # the browser reports the 400 response itself as a console error; nothing else may appear
    assert all("400" in p for p in problems), problems
