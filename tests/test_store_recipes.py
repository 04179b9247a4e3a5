"""docs/exports.md's store recipes, run exactly as written.

Every shell block of the page's store section is marked `<!-- recipe: NAME -->`; this test
extracts them and runs them with `bash -e -c`, in temporary folders and on free loopback ports
given in the variables the blocks read (VIRTUOSO_DIR, HTTP_PORT, SQL_PORT, OXIGRAPH_DIR,
OXIGRAPH_PORT). Then every packaged query through `psykg query --endpoint` must give the rows
the embedded engine gives, and the usual slips must each give one clear error.

Without virtuoso-t or the oxigraph command these tests skip on a developer machine and FAIL
under CI=true (.ci/run installs virtuoso-opensource; the test extras install oxigraph).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from psykg.rdf.datatypes import INTEGER_TYPES, XSD
from tests.conftest import ROOT

DOC = ROOT / "docs" / "exports.md"
STORE_SECTION = "## An external triple store"
RECIPE = re.compile(r"<!-- recipe: ([\w-]+) -->\n```sh\n(.*?)```", re.DOTALL)
QUERIES = sorted(p.stem for p in (ROOT / "queries").glob("*.rq"))
STARTUP_SECONDS = 120.0
EMPTY_GRAPH = "urn:psykg:test:empty"


def recipes() -> dict[str, str]:
    """The marked shell blocks of the store section, by name."""
    section = DOC.read_text(encoding="utf-8").split(STORE_SECTION, 1)[1]
    return dict(RECIPE.findall(section))


def _missing(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI needs it: see .ci/run and the test extras)")
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "?query=ASK%7B%7D", timeout=2) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


@dataclass
class Store:
    """A store started by its recipe: the environment its blocks read and its URLs."""

    name: str
    env: dict[str, str]
    gsp: str
    query: str
    process: subprocess.Popen[bytes]
    log: Path

    def run(self, script: str, **extra: str) -> subprocess.CompletedProcess[str]:
        """Run shell text in this store's environment (and `extra` variables)."""
        return subprocess.run(
            ["bash", "-e", "-c", script],
            env={**self.env, **extra},
            capture_output=True,
            text=True,
            check=False,
            timeout=600,
        )

    def psykg(self, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
        """`psykg ARGS…` in this store's environment."""
        return subprocess.run(
            ["psykg", *args],
            env={**self.env, **extra},
            capture_output=True,
            text=True,
            check=False,
            timeout=600,
        )


def _environment(project: Path) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if k not in ("PSYKG_STORE_USER", "PSYKG_STORE_PASSWORD")
    }
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env["PSYKG_ROOT"] = str(project)
    return env


@pytest.fixture(scope="session")
def built_project(built: tuple[Any, Path]) -> Path:
    """The project whose dist/ the recipes load (PSYKG_ROOT)."""
    return built[1].parent


def _start(
    name: str, env: dict[str, str], url: str, folder: Path, gsp: str, query: str
) -> Iterator[Store]:
    log = folder / f"{name}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            ["bash", "-e", "-c", recipes()[name]],
            env=env,
            cwd=folder,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while not _answers(url):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(
                    f"the {name} recipe did not start a store:\n"
                    + log.read_text(errors="replace")[-3000:]
                )
            time.sleep(0.5)
        yield Store(name, env, gsp, query, process, log)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=30)


@pytest.fixture(scope="session")
def virtuoso(built_project: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """Virtuoso as the `virtuoso` recipe starts it."""
    if shutil.which("virtuoso-t") is None:
        _missing("virtuoso-t is not installed (apt-get install virtuoso-opensource)")
    folder = tmp_path_factory.mktemp("virtuoso-recipe")
    http_port = _free_port()
    env = {
        **_environment(built_project),
        "VIRTUOSO_DIR": str(folder / "db"),
        "HTTP_PORT": str(http_port),
        "SQL_PORT": str(_free_port()),
    }
    base = f"http://127.0.0.1:{http_port}"
    yield from _start(
        "virtuoso",
        env,
        f"{base}/sparql",
        folder,
        f"{base}/sparql-graph-crud-auth",
        f"{base}/sparql",
    )


@pytest.fixture(scope="session")
def oxigraph(built_project: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """The Oxigraph server as the `oxigraph` recipe starts it (pip install oxigraph)."""
    env = _environment(built_project)
    if shutil.which("oxigraph", path=env["PATH"]) is None:
        _missing("the oxigraph command is not installed (pip install oxigraph)")
    folder = tmp_path_factory.mktemp("oxigraph-recipe")
    port = _free_port()
    env.update(OXIGRAPH_DIR=str(folder / "store"), OXIGRAPH_PORT=str(port))
    base = f"http://127.0.0.1:{port}"
    yield from _start("oxigraph", env, f"{base}/query", folder, f"{base}/store", f"{base}/query")


def _loaded(store: Store, recipe: str, project: Path) -> str:
    done = store.run(recipes()[recipe])
    assert done.returncode == 0, done.stderr
    triples = sum(1 for line in (project / "dist" / "psykg.nt").open() if line.strip())
    assert f"loaded {triples} triples into <https://w3id.org/psykg/dataset>" in done.stdout
    assert "psychodynamic therapy" in done.stdout
    assert done.stderr == ""
    return done.stdout


@pytest.fixture(scope="session")
def virtuoso_loaded(virtuoso: Store, built_project: Path) -> Store:
    """Virtuoso after the `virtuoso-load` recipe."""
    _loaded(virtuoso, "virtuoso-load", built_project)
    return virtuoso


@pytest.fixture(scope="session")
def oxigraph_loaded(oxigraph: Store, built_project: Path) -> Store:
    """The Oxigraph server after the `oxigraph-load` recipe."""
    _loaded(oxigraph, "oxigraph-load", built_project)
    return oxigraph


# ---------------------------------------------------------------- the page itself


def test_every_shell_block_of_the_store_section_is_a_recipe() -> None:
    section = DOC.read_text(encoding="utf-8").split(STORE_SECTION, 1)[1]
    blocks = section.count("```sh\n")
    assert blocks == len(RECIPE.findall(section)) == len(recipes())
    assert {"virtuoso", "virtuoso-load", "virtuoso-graphs", "oxigraph", "oxigraph-load"} <= set(
        recipes()
    )


def test_the_virtuoso_recipe_uses_the_packaged_ini_with_both_sections_moved(
    virtuoso: Store,
) -> None:
    ini = (Path(virtuoso.env["VIRTUOSO_DIR"]) / "virtuoso.ini").read_text(encoding="utf-8")
    assert "/var/lib/virtuoso-opensource-7/db/" not in ini
    for section in ("Database", "TempDatabase"):
        body = ini.split(f"[{section}]", 1)[1].split("\n[", 1)[0]
        assert f"DatabaseFile       = {virtuoso.env['VIRTUOSO_DIR']}/" in body
    ports = re.findall(r"^ServerPort\s*=\s*(\S+)", ini, re.MULTILINE)
    assert ports == [
        f"127.0.0.1:{virtuoso.env['SQL_PORT']}",
        f"127.0.0.1:{virtuoso.env['HTTP_PORT']}",
    ]


def test_the_graphs_recipe_loads_and_asks_both_graphs(
    virtuoso_loaded: Store, built_project: Path
) -> None:
    done = virtuoso_loaded.run(recipes()["virtuoso-graphs"])
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("loaded ") == 2
    assert "<https://example.org/psykg>" in done.stdout
    assert done.stdout.count("psychodynamic therapy  primary") >= 2
    assert done.stderr == ""


# ---------------------------------------------------------------- same rows as embedded


def _rows(output: str) -> list[tuple[tuple[str, str, str, str], ...]]:
    """SPARQL JSON results as sorted rows; integer subtypes as xsd:integer (pyoxigraph keeps
    only xsd:integer), xsd:string dropped, blank node labels dropped."""
    rows = []
    for binding in json.loads(output)["results"]["bindings"]:
        row = []
        for name, term in sorted(binding.items()):
            datatype = term.get("datatype", "")
            if datatype in INTEGER_TYPES:
                datatype = XSD + "integer"
            if datatype == XSD + "string":
                datatype = ""
            value = "" if term["type"] == "bnode" else term["value"]
            row.append((name, term["type"], value, datatype + term.get("xml:lang", "").lower()))
        rows.append(tuple(row))
    return sorted(rows)


@pytest.fixture(scope="session")
def embedded_rows(built_project: Path) -> dict[str, Any]:
    """Every packaged query's rows on the embedded engine (psykg query --format json)."""
    env = _environment(built_project)
    out = {}
    for name in QUERIES:
        done = subprocess.run(
            ["psykg", "query", name, "--format", "json"],
            env=env,
            capture_output=True,
            text=True,
            check=False,
            timeout=600,
        )
        assert done.returncode == 0, done.stderr
        out[name] = _rows(done.stdout)
    return out


def test_packaged_queries_exist() -> None:
    assert QUERIES, "queries/*.rq: the packaged queries the recipes are checked with"


@pytest.mark.parametrize("name", QUERIES)
@pytest.mark.parametrize("which", ["virtuoso_loaded", "oxigraph_loaded"])
def test_packaged_query_through_the_endpoint_gives_the_embedded_rows(
    request: pytest.FixtureRequest, embedded_rows: dict[str, Any], which: str, name: str
) -> None:
    store: Store = request.getfixturevalue(which)
    done = store.psykg("query", name, "--endpoint", store.query, "--format", "json")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert _rows(done.stdout) == embedded_rows[name]


# ---------------------------------------------------------------- the usual slips


@pytest.mark.parametrize("which", ["virtuoso_loaded", "oxigraph_loaded"])
def test_an_empty_graph_is_warned_about(request: pytest.FixtureRequest, which: str) -> None:
    store: Store = request.getfixturevalue(which)
    done = store.psykg("query", "stats", "--endpoint", store.query, "--graph", EMPTY_GRAPH)
    assert done.returncode == 0
    assert f"warning: graph <{EMPTY_GRAPH}> at {store.query} holds no triples" in done.stderr
    assert "(0 rows)" in done.stdout


def _one_error(done: subprocess.CompletedProcess[str]) -> str:
    """The error line of a failed command: exit 1, an error line and a hint, no traceback."""
    assert done.returncode == 1, (done.stdout, done.stderr)
    lines = done.stderr.strip().splitlines()
    assert "Traceback" not in done.stderr
    assert len(lines) == 2 and lines[0].startswith("psykg load: error: ")
    assert lines[1].startswith("  hint: ")
    return lines[0]


@pytest.mark.parametrize("which", ["virtuoso_loaded", "oxigraph_loaded"])
def test_loading_into_the_query_url_is_one_clear_error(
    request: pytest.FixtureRequest, which: str
) -> None:
    store: Store = request.getfixturevalue(which)
    done = store.psykg(
        "load", "--endpoint", store.query, PSYKG_STORE_USER="dba", PSYKG_STORE_PASSWORD="dba"
    )
    line = _one_error(done)
    assert f"{store.query} is not a Graph Store URL" in line
    assert "looks like the SPARQL query URL" in line


def test_a_401_without_credentials_says_none_are_set(virtuoso_loaded: Store) -> None:
    line = _one_error(virtuoso_loaded.psykg("load", "--endpoint", virtuoso_loaded.gsp))
    assert "asks for credentials" in line and "none are set" in line
    line = _one_error(
        virtuoso_loaded.psykg(
            "load",
            "--endpoint",
            virtuoso_loaded.gsp,
            PSYKG_STORE_USER="dba",
            PSYKG_STORE_PASSWORD="no",
        )
    )
    assert "refused the credentials of 'dba'" in line


@pytest.mark.parametrize(
    ("suffix", "text", "where"),
    [
        (".nt", "<urn:a> <urn:b> <urn:c> .\n<urn:a> <urn:b> oops .\n", ":2: not valid N-Triples"),
        (".ttl", "@prefix x: <urn:x#> .\nx:a x:b x:c ;\n  x:d .\n", ":3: not valid Turtle"),
    ],
)
def test_a_malformed_file_is_one_clear_error(
    tmp_path: Path, built_project: Path, suffix: str, text: str, where: str
) -> None:
    bad = tmp_path / f"bad{suffix}"
    bad.write_text(text, encoding="utf-8")
    done = subprocess.run(
        ["psykg", "load", "--endpoint", f"http://127.0.0.1:{_free_port()}/x", "--file", str(bad)],
        env=_environment(built_project),
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert f"{bad}{where}" in _one_error(done)
