"""The scale corpus generator: its output goes through the real pipeline and quotes anchor."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from psykg.build.compile import Compiled, compile_inputs
from psykg.curation.fmt import format_files
from psykg.curation.load import load_registry
from psykg.paths import Inputs, project_root

sys.path.insert(0, str(project_root() / "benchmarks"))

from corpus import GROUP, SOURCE_DOC, generate, mentioned

DOCS = 2


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate(tmp_path_factory.mktemp("corpus") / "c", DOCS, seed=7)


@pytest.fixture(scope="module")
def compiled(corpus: Path) -> Compiled:
    return compile_inputs(Inputs(corpus))[1]


@pytest.fixture(scope="module")
def one(tmp_path_factory: pytest.TempPathFactory) -> Compiled:
    """A corpus of one source: the template, renamed."""
    return compile_inputs(Inputs(generate(tmp_path_factory.mktemp("one") / "c", 1, seed=7)))[1]


def _template() -> tuple[dict[str, Any], dict[str, Any], set[str]]:
    """The real source the corpus is made from: curation, record, registry ids."""
    data = project_root() / "data"
    curation = yaml.safe_load((data / "curation" / f"{SOURCE_DOC}.yaml").read_text())
    record = yaml.safe_load((data / "sources" / f"{SOURCE_DOC}.yaml").read_text())
    ids = {e.id for p in (data / "entities").glob("*.yaml") for e in load_registry(p).entities}
    return curation, record, ids


def test_layout(corpus: Path) -> None:
    inputs = Inputs(corpus)
    assert [p.name for p in inputs.curation_files] == ["doc-0001.yaml", "doc-0002.yaml"]
    assert inputs.ontology.is_file() and inputs.shapes.is_file() and inputs.sssom.is_file()
    assert sorted(p.name for p in (corpus / "data" / "sources").iterdir()) == [
        "doc-0001.txt",
        "doc-0001.yaml",
        "doc-0002.txt",
        "doc-0002.yaml",
    ]
    assert [p.name for p in (corpus / "data" / "entities").iterdir()] == ["group-0001.yaml"]


def test_every_statement_compiles_and_anchors(compiled: Compiled) -> None:
    statements = len(_template()[0]["statements"])
    per_source = [sum(a.document == doc for a in compiled.anchors) for doc in compiled.sources]
    assert per_source[0] == statements  # the first of a group keeps every statement
    assert statements // 2 < per_source[1] < statements  # the others leave some out
    for anchor in compiled.anchors:
        text = compiled.sources[anchor.document].text
        assert text[anchor.selector.start : anchor.selector.end] == anchor.selector.exact


def test_sources_are_distinct_and_share_entities(compiled: Compiled) -> None:
    assert DOCS <= GROUP
    # one registry for the group (the entities the template names), one document per source
    curation, record, ids = _template()
    assert len(compiled.entity_types) == len(mentioned(curation, record) & ids) + DOCS
    texts = [s.text for s in compiled.sources.values()]
    assert len(set(texts)) == DOCS
    assert not any("psychodynamic" in t.lower() for t in texts)


def test_sources_disagree(compiled: Compiled) -> None:
    from rdflib import URIRef

    psykg = "https://w3id.org/psykg/ontology#"
    less = set(compiled.graph.subject_objects(URIRef(psykg + "lessUsedFor")))
    found = set(compiled.graph.subject_objects(URIRef(psykg + "foundEffectiveFor")))
    assert less and less <= found  # the second source says the opposite of the first


def test_graph_grows_with_sources(compiled: Compiled, one: Compiled) -> None:
    assert len(one.graph) < len(compiled.graph) < DOCS * len(one.graph)


def test_curation_is_canonical(corpus: Path) -> None:
    assert format_files(Inputs(corpus).yaml_files, check=True) == []


def test_deterministic(corpus: Path, tmp_path: Path) -> None:
    again = generate(tmp_path / "again", DOCS, seed=7)
    for path in sorted(p for p in corpus.rglob("*") if p.is_file()):
        assert (again / path.relative_to(corpus)).read_bytes() == path.read_bytes(), path


def test_seed_changes_names(corpus: Path, tmp_path: Path) -> None:
    other = generate(tmp_path / "other", 1, seed=8)
    name = "data/sources/doc-0001.txt"
    assert (other / name).read_text() != (corpus / name).read_text()
