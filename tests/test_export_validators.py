"""Each export passes the validator its community uses, run exactly as docs/exports.md says.

The commands come from the block after the `validator-commands` marker in docs/exports.md; each
runs from a folder holding `dist/` (the release the session builds), with the network switched
off where the machine allows it (`unshare --net`), so a validator that tried to download
something would fail here.
"""

from __future__ import annotations

import csv
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from psykg.release.pipeline import Result

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs" / "exports.md"
MARKER = "<!-- validator-commands:"
KINDS = {
    "frictionless": ("frictionless", "validate"),
    "kgx-validate": ("-m", "psykg.exports.kgxrun", "validate"),
    "kgx-transform": ("-m", "psykg.exports.kgxrun", "transform"),
    "rocrate-cache": ("-m", "psykg.exports.rocrate_cache"),
    "rocrate-validator": ("rocrate-validator",),
}
UNKNOWN_IRI = "https://www.example.org/UNKNOWN/"


def documented_commands(text: str | None = None) -> list[str]:
    """Every line of the sh block after the marker in docs/exports.md."""
    text = DOCS.read_text(encoding="utf-8") if text is None else text
    after = text.split(MARKER, 1)[1]
    block = re.search(r"```sh\n(.*?)```", after, re.S)
    assert block is not None, "docs/exports.md: no sh block after the validator-commands marker"
    return [
        line.strip()
        for line in block.group(1).splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]


def kind_of(argv: list[str]) -> str:
    """Which check a documented command is (KINDS key)."""
    for kind, words in KINDS.items():
        if all(w in argv for w in words):
            return kind
    raise AssertionError(f"docs/exports.md: no check for the command {shlex.join(argv)}")


def _missing(what: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what} is not installed (pip install -e '.[test]')")
    pytest.skip(f"{what} is not installed")


def executable(argv: list[str]) -> list[str]:
    """`argv` with its program resolved: `python` is this interpreter, a tool comes from this
    environment's bin folder (or PATH)."""
    if argv[0] == "python":
        return [sys.executable, *argv[1:]]
    local = Path(sys.executable).parent / argv[0]
    found = str(local) if local.is_file() else shutil.which(argv[0])
    if found is None:
        _missing(argv[0])
    return [str(found), *argv[1:]]


def _no_network_prefix() -> list[str]:
    """`unshare --net` when this machine lets us drop the network, else nothing."""
    unshare = shutil.which("unshare")
    if unshare is None:
        return []
    probe = subprocess.run([unshare, "--net", "true"], capture_output=True, check=False)
    return [unshare, "--net"] if probe.returncode == 0 else []


OFFLINE = _no_network_prefix()


def run(argv: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run a documented command offline in `cwd`."""
    env = {**os.environ, "COLUMNS": "120", "NO_COLOR": "1"}
    return subprocess.run(
        [*OFFLINE, *executable(argv)],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=False,
    )


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


@pytest.fixture(scope="module")
def workdir(built: tuple[Result, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder whose `dist` is the built release (the commands' working directory)."""
    _, dist = built
    folder = tmp_path_factory.mktemp("validators")
    (folder / "dist").symlink_to(dist, target_is_directory=True)
    return folder


@pytest.fixture(scope="module")
def results(workdir: Path) -> dict[str, subprocess.CompletedProcess[str]]:
    """Every documented command, run once in order (the cache command before the validator)."""
    return {line: run(shlex.split(line), workdir) for line in documented_commands()}


def _by_kind(
    results: dict[str, subprocess.CompletedProcess[str]], kind: str
) -> Iterator[tuple[list[str], subprocess.CompletedProcess[str]]]:
    found = False
    for line, done in results.items():
        argv = shlex.split(line)
        if kind_of(argv) == kind:
            found = True
            yield argv, done
    assert found, f"docs/exports.md runs no {kind} command"


def _explain(done: subprocess.CompletedProcess[str]) -> str:
    return f"exit {done.returncode}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"


def test_the_docs_name_a_check_for_every_validator() -> None:
    kinds = [kind_of(shlex.split(line)) for line in documented_commands()]
    assert set(kinds) == set(KINDS)
    assert kinds.index("rocrate-cache") < kinds.index("rocrate-validator")
    assert any("--requirement-severity required" in c for c in documented_commands())
    assert any("--requirement-severity recommended" in c for c in documented_commands())


def test_frictionless_validate_passes(results: dict[str, subprocess.CompletedProcess[str]]) -> None:
    for _, done in _by_kind(results, "frictionless"):
        assert done.returncode == 0, _explain(done)
        assert "INVALID" not in done.stdout


def test_kgx_validate_reports_nothing(results: dict[str, subprocess.CompletedProcess[str]]) -> None:
    for _, done in _by_kind(results, "kgx-validate"):
        assert done.returncode == 0, _explain(done)
        # kgx 2.6 writes the report to stderr whatever stream it is given
        report = json.loads(done.stderr)
        assert report == {}, "kgx validate: 0 errors and 0 warnings"


def test_kgx_transform_keeps_every_edge_and_writes_real_iris(
    results: dict[str, subprocess.CompletedProcess[str]], workdir: Path
) -> None:
    nodes = _rows(workdir / "dist" / "kgx" / "nodes.tsv")
    edges = _rows(workdir / "dist" / "kgx" / "edges.tsv")
    formats = set()
    for argv, done in _by_kind(results, "kgx-transform"):
        assert done.returncode == 0, _explain(done)
        output = workdir / argv[argv.index("--output") + 1]
        kind = argv[argv.index("--output-format") + 1]
        formats.add(kind)
        if kind == "tsv":
            out_edges = _rows(output.with_name(output.name + "_edges.tsv"))
            out_nodes = _rows(output.with_name(output.name + "_nodes.tsv"))
            assert sorted(e["id"] for e in out_edges) == sorted(e["id"] for e in edges)
            assert sorted(n["id"] for n in out_nodes) == sorted(n["id"] for n in nodes)
        else:
            text = output.read_text(encoding="utf-8")
            assert UNKNOWN_IRI not in text
            graph = Graph().parse(data=text, format="nt")
            iris = {str(t) for triple in graph for t in triple if isinstance(t, URIRef)}
            assert all(i.startswith(("http://", "https://", "urn:uuid:")) for i in iris)
            association = URIRef("https://w3id.org/biolink/vocab/Association")
            assert len(set(graph.subjects(RDF.type, association))) == len(edges)
            for edge in edges:
                if not edge["id"].startswith("urn:"):
                    assert (URIRef(edge["id"]), RDF.type, association) in graph
    assert formats == {"tsv", "nt"}


def test_rocrate_validator_passes_required_and_recommended(
    results: dict[str, subprocess.CompletedProcess[str]],
) -> None:
    for _, done in _by_kind(results, "rocrate-cache"):
        assert done.returncode == 0, _explain(done)
    levels = set()
    for argv, done in _by_kind(results, "rocrate-validator"):
        levels.add(argv[argv.index("--requirement-severity") + 1])
        assert done.returncode == 0, _explain(done)
    assert levels == {"required", "recommended"}


# ---------------------------------------------------------------- the checks can fail


def test_kgx_validate_fails_without_our_prefixes(workdir: Path) -> None:
    line = next(c for c in documented_commands() if kind_of(shlex.split(c)) == "kgx-validate")
    argv = shlex.split(line)
    at = argv.index("--context")
    done = run(argv[:at] + argv[at + 2 :], workdir)
    assert done.returncode == 1
    report = json.loads(done.stderr)
    assert any(
        "psykgr" in message and "not represented in Biolink Model" in message
        for message in report["ERROR"]["INVALID_NODE_PROPERTY_VALUE"]
    )


def test_rocrate_validator_fails_when_a_folder_loses_its_entity(
    results: dict[str, subprocess.CompletedProcess[str]], workdir: Path, tmp_path: Path
) -> None:
    assert results  # the documented cache command has run in workdir
    broken = tmp_path / "dist"
    shutil.copytree(workdir / "dist", broken)
    metadata = broken / "ro-crate-metadata.json"
    crate = json.loads(metadata.read_text(encoding="utf-8"))
    crate["@graph"] = [e for e in crate["@graph"] if e["@id"] != "site/resource/"]
    metadata.write_text(json.dumps(crate), encoding="utf-8")
    line = next(c for c in documented_commands() if "--requirement-severity required" in c)
    argv = shlex.split(line)
    cache = argv[argv.index("--cache-path") + 1] + ".sqlite"  # requests-cache's file name
    shutil.copy(workdir / cache, tmp_path / cache)
    done = run(argv, tmp_path)
    assert done.returncode != 0, _explain(done)


def test_documented_commands_are_read_from_the_marked_block() -> None:
    text = "x\n<!-- validator-commands: y -->\n```sh\n# note\nfrictionless validate a\n\n```\n"
    assert documented_commands(text) == ["frictionless validate a"]
    with pytest.raises(AssertionError, match="no check"):
        kind_of(["kgx", "graph-summary"])
