"""Every export is read back by the tool (or the reader) it is meant for."""

from __future__ import annotations

import argparse
import csv
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from psykg.commands import export as export_command
from psykg.errors import DatasetMissing
from psykg.exports import EXPORTS, LATER_RELEASE_FILES, export, view_of_release
from psykg.exports.graphml import GEXF_CREATOR, graph_view, write_graphml
from psykg.exports.kgx import BIOLINK_VERSION, CATEGORIES, KNOWLEDGE_SOURCE, PREDICATES
from psykg.exports.neo4j import namespace_of
from psykg.exports.obographs import graph_document, validation_errors
from psykg.exports.view import ALL_PREFIXES, ReleaseView, curie
from psykg.paths import Inputs, project_root
from psykg.rdf.prefixes import shorten
from psykg.rdf.serialize import to_ntriples, to_turtle
from psykg.release.pipeline import Result, run

ROOT = project_root(Path(__file__).parent)


@pytest.fixture(scope="module")
def view() -> ReleaseView:
    """The real release graph (with HermiT inferences), as the exports see it."""
    inputs = Inputs(ROOT)
    result = run(inputs)
    return ReleaseView(result.full, result.ontology.graph, inputs.sssom, LATER_RELEASE_FILES)


@pytest.fixture(scope="module")
def out(view: ReleaseView, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every export written once into a fresh folder."""
    folder = tmp_path_factory.mktemp("exports")
    export(list(EXPORTS), view, folder)
    return folder


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_exports_are_byte_identical_across_runs(
    view: ReleaseView, out: Path, tmp_path: Path
) -> None:
    export(list(EXPORTS), view, tmp_path)
    assert _files(tmp_path) == _files(out)


def test_cli_choices_follow_the_exports_table() -> None:
    assert [*EXPORTS, "all"] == list(export_command.FORMAT_CHOICES)


# ---------------------------------------------------------------- CSV + Frictionless


def test_frictionless_validates_the_datapackage(out: Path) -> None:
    from frictionless import validate

    report = validate(out / "csv" / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_frictionless_catches_a_broken_foreign_key(out: Path, tmp_path: Path) -> None:
    from frictionless import validate

    broken = tmp_path / "csv"
    broken.mkdir()
    for path in (out / "csv").iterdir():
        text = path.read_text(encoding="utf-8")
        if path.name == "statements-primarily-treats.csv":
            text = text.replace("/resource/depression,", "/resource/no-such-condition,", 1)
        (broken / path.name).write_text(text, encoding="utf-8")
    assert "no-such-condition" in (broken / "statements-primarily-treats.csv").read_text()
    assert not validate(broken / "datapackage.json").valid


def _resources(out: Path) -> list[dict[str, object]]:
    package = json.loads((out / "csv" / "datapackage.json").read_text(encoding="utf-8"))
    resources: list[dict[str, object]] = package["resources"]
    return resources


def test_pandas_reads_every_table(out: Path) -> None:
    import pandas as pd

    resources = _resources(out)
    assert resources
    for resource in resources:
        schema = resource["schema"]
        assert isinstance(schema, dict)
        frame = pd.read_csv(out / "csv" / str(resource["path"]))
        assert list(frame.columns) == [f["name"] for f in schema["fields"]]
        assert frame["id"].is_unique and frame["id"].notna().all()
        assert len(frame) > 0


@pytest.mark.parametrize(
    ("table", "column", "target"),
    [
        ("statements-primarily-treats", "subject", "therapy"),
        ("statements-primarily-treats", "object", "condition"),
        ("statements-good-candidate-for", "subject", "candidate-trait"),
        ("statements-uses-technique", "object", "technique"),
        ("statements-primarily-treats", "quote", "quotes"),
        ("quotes", "source", "source-document"),
    ],
)
def test_foreign_keys_point_at_the_right_table(
    out: Path, table: str, column: str, target: str
) -> None:
    resource = next(r for r in _resources(out) if r["name"] == table)
    schema = resource["schema"]
    assert isinstance(schema, dict)
    assert {"fields": [column], "reference": {"resource": target, "fields": ["id"]}} in schema[
        "foreignKeys"
    ]


@pytest.mark.parametrize(
    ("table", "kind"),
    [
        ("quotes", {"start": "integer", "end": "integer", "text": "string", "id": "string"}),
        ("statements-session-limit", {"value": "integer"}),
    ],
)
def test_field_types(out: Path, table: str, kind: dict[str, str]) -> None:
    resource = next(r for r in _resources(out) if r["name"] == table)
    schema = resource["schema"]
    assert isinstance(schema, dict)
    types = {f["name"]: f["type"] for f in schema["fields"]}
    assert {k: types[k] for k in kind} == kind


def _cells(out: Path, table: str, column: str) -> list[str]:
    with (out / "csv" / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
        return [row[column] for row in csv.DictReader(handle)]


def test_field_types_fit_the_values(out: Path) -> None:
    """Text is string (even an empty column), dates are date, numbers parse; an IRI column has
    a foreign key whenever some table lists every value it holds."""
    ids = {str(r["name"]): set(_cells(out, str(r["name"]), "id")) for r in _resources(out)}
    for resource in _resources(out):
        schema = resource["schema"]
        assert isinstance(schema, dict)
        keys = {fk["fields"][0] for fk in schema.get("foreignKeys", [])}
        for field in schema["fields"]:
            cells = [c for c in _cells(out, str(resource["name"]), field["name"]) if c]
            where = (resource["name"], field["name"])
            if field["type"] in ("integer", "number"):
                assert cells and all(re.fullmatch(r"-?\d+(\.\d+)?", c) for c in cells), where
            elif all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", c) for c in cells) and cells:
                assert field["type"] == "date", where
            else:
                assert field["type"] == "string", where
            if field.get("format") == "uri" and field["name"] != "id":
                fits = any(set(cells) <= listed for listed in ids.values())
                assert (field["name"] in keys) == fits, where


def test_text_columns_without_values_are_strings(out: Path) -> None:
    fields = {
        f["name"]: f["type"]
        for r in _resources(out)
        if r["name"] == "organization"
        for f in r["schema"]["fields"]  # type: ignore[index]
    }
    assert fields["alt_labels"] == fields["external_ids"] == "string"
    dates = {
        f["name"]: f["type"]
        for r in _resources(out)
        if r["name"] == "statements-dcterms-modified"
        for f in r["schema"]["fields"]  # type: ignore[index]
    }
    assert dates["value"] == "date"


def test_vocabulary_table_lists_every_psykg_term_with_a_definition(out: Path) -> None:
    terms = {str(t) for t in _psykg_terms() if str(t).startswith(ALL_PREFIXES["psykg"])}
    with (out / "csv" / "vocabulary.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {r["id"] for r in rows} == terms
    assert all(r["definition"] and r["label"] for r in rows)


def test_indication_strengths_stay_apart_in_the_tables(out: Path) -> None:
    names = {r["name"] for r in _resources(out)}
    assert {
        "statements-primarily-treats",
        "statements-found-effective-for",
        "statements-also-useful-for",
        "statements-less-used-for",
    } <= names


# ---------------------------------------------------------------- GraphML / GEXF


def _expected_view_counts(view: ReleaseView) -> tuple[int, int]:
    """Nodes and edges of the graph view, counted straight from the RDF."""
    data = Graph()
    for triple in view.full:
        if triple not in view.ontology:
            data.add(triple)
    nodes, edges = set(), 0
    for s, p, o in data:
        if not isinstance(s, URIRef):
            continue
        nodes.add(s)
        if p != RDF.type and isinstance(o, URIRef):
            nodes.add(o)
            edges += 1
    return len(nodes), edges


@pytest.mark.parametrize("name", ["psykg.graphml", "psykg.gexf"])
def test_networkx_reads_the_graph_back(view: ReleaseView, out: Path, name: str) -> None:
    import networkx as nx

    reader = nx.read_graphml if name.endswith("graphml") else nx.read_gexf
    graph = reader(out / "graphml" / name)
    assert (graph.number_of_nodes(), graph.number_of_edges()) == _expected_view_counts(view)
    assert graph.is_directed() and graph.is_multigraph()


def test_graphml_nodes_carry_iri_label_type_and_literals(out: Path) -> None:
    import networkx as nx

    graph = nx.read_graphml(out / "graphml" / "psykg.graphml")
    iri = "https://w3id.org/psykg/resource/psychodynamic-therapy"
    node = graph.nodes[iri]
    assert node["iri"] == iri
    assert node["label"] == "psychodynamic therapy"
    assert node["type"] == "psykg:TalkTherapy"
    assert "psykg:Therapy" in node["types"]
    assert all(n.startswith(("http://", "https://", "urn:")) for n in graph.nodes)
    edges = graph.get_edge_data(iri, "https://w3id.org/psykg/resource/depression")
    assert "psykg:primarilyTreats" in {e["label"] for e in edges.values()}


def _networkx_bytes(view: ReleaseView, folder: Path) -> dict[str, bytes]:
    """The graph view written by networkx's own ElementTree writers (what psykg's replace)."""
    import networkx as nx

    graph = graph_view(view)
    nx.write_graphml_xml(graph, folder / "psykg.graphml", encoding="utf-8", prettyprint=True)
    nx.write_gexf(graph, folder / "psykg.gexf", encoding="utf-8", prettyprint=True)
    gexf = (folder / "psykg.gexf").read_bytes()
    gexf = re.sub(rb'<meta lastmodifieddate="[^"]*">', b"<meta>", gexf, count=1)
    gexf = gexf.replace(
        f"<creator>NetworkX {nx.__version__}</creator>".encode(),
        f"<creator>{GEXF_CREATOR}</creator>".encode(),
        1,
    )
    return {"psykg.graphml": (folder / "psykg.graphml").read_bytes(), "psykg.gexf": gexf}


def test_graphml_and_gexf_are_the_bytes_networkx_writes(
    view: ReleaseView, out: Path, tmp_path: Path
) -> None:
    expected = _networkx_bytes(view, tmp_path)
    for name, data in expected.items():
        assert (out / "graphml" / name).read_bytes() == data, name


def _tricky_view() -> ReleaseView:
    """A tiny release with what XML must escape, an empty label, a repeated target and a
    subject whose edges are not sorted by target."""
    from rdflib.namespace import RDFS, SKOS

    from psykg.rdf.namespaces import PSYKG, RES

    graph = Graph()
    a, b, c = RES["a"], RES["b"], RES["c"]
    graph.add((a, RDF.type, PSYKG.Therapy))
    graph.add((a, RDFS.label, Literal('x & <y> "z"\n\ttab', lang="en")))
    graph.add((a, SKOS.altLabel, Literal("")))
    graph.add((a, PSYKG.hasFocus, c))
    graph.add((a, PSYKG.hasGoal, b))
    graph.add((a, PSYKG.relatedTo, c))
    graph.add((b, RDFS.label, Literal("")))
    return ReleaseView(graph, Graph())


def test_graphml_and_gexf_match_networkx_on_escapes_and_edge_order(tmp_path: Path) -> None:
    view = _tricky_view()
    write_graphml(view, tmp_path / "ours")
    expected = _networkx_bytes(view, tmp_path)
    for name, data in expected.items():
        assert (tmp_path / "ours" / name).read_bytes() == data, name


def test_curie_agrees_with_the_shared_shortener(view: ReleaseView) -> None:
    iris = {str(t) for triple in view.full for t in triple if isinstance(t, URIRef)}
    iris |= {ns + "x" for ns in ALL_PREFIXES.values()} | set(ALL_PREFIXES.values())
    for iri in sorted(iris):
        assert curie(URIRef(iri)) == (shorten(iri) or iri), iri


def test_view_lookups_agree_with_rdflib(view: ReleaseView) -> None:
    assert isinstance(view.full, Graph)  # the fixture's view holds the rdflib graph
    for s, p in sorted({(s, p) for s, p, _ in view.full}):
        found = sorted(view.objects(s, p), key=lambda o: o.n3())
        assert found == sorted(view.full.objects(s, p), key=lambda o: o.n3()), (s, p)
        assert view.value(s, p) == min(found, key=str)
    data = {t for t in view.full if t not in view.ontology}
    assert set(view.data_triples()) == data


# ---------------------------------------------------------------- KGX


def _tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def test_kgx_has_required_columns_and_every_edge_end_exists(out: Path) -> None:
    nodes, edges = _tsv(out / "kgx" / "nodes.tsv"), _tsv(out / "kgx" / "edges.tsv")
    assert nodes and edges
    assert {"id", "category", "name", "iri"} <= set(nodes[0])
    assert {
        "id",
        "subject",
        "predicate",
        "object",
        "original_predicate",
        "category",
        "knowledge_level",
        "agent_type",
        "primary_knowledge_source",
    } <= set(edges[0])
    ids = [n["id"] for n in nodes]
    assert len(ids) == len(set(ids))
    for edge in edges:
        assert edge["subject"] in ids and edge["object"] in ids, edge["id"]
        assert all(edge[c] for c in ("id", "predicate", "category", "knowledge_level"))
    for node in nodes:
        assert node["category"].startswith("biolink:") and node["iri"].startswith("https://")


def test_kgx_keeps_original_iris_and_maps_indications(out: Path) -> None:
    edges = _tsv(out / "kgx" / "edges.tsv")
    primary = [e for e in edges if e["original_predicate"] == "psykg:primarilyTreats"]
    assert primary and all(e["predicate"] == "biolink:applied_to_treat" for e in primary)
    assert all(e["original_subject"].startswith("https://w3id.org/psykg/resource/") for e in edges)


def _biolink_schema() -> dict[str, Any]:
    """The Biolink Model YAML from the biolink-model wheel."""
    from importlib import resources

    import yaml

    schema: dict[str, Any] = yaml.safe_load(
        resources.files("biolink_model")
        .joinpath("schema/biolink_model.yaml")
        .read_text(encoding="utf-8")
    )
    assert schema["version"] == BIOLINK_VERSION
    return schema


def _biolink_terms() -> tuple[set[str], set[str]]:
    """Biolink class names (CamelCase) and slot names (snake_case) from the biolink-model wheel."""
    schema = _biolink_schema()
    classes = {"".join(w[:1].upper() + w[1:] for w in name.split()) for name in schema["classes"]}
    slots = {name.replace(" ", "_") for name in schema["slots"]}
    return classes, slots


def test_kgx_columns_are_current_biolink_slots_or_psykg_properties(out: Path) -> None:
    schema = _biolink_schema()
    current = {
        name.replace(" ", "_")
        for name, slot in schema["slots"].items()
        if not slot.get("deprecated")
    }
    for name in ("nodes.tsv", "edges.tsv"):
        header = (out / "kgx" / name).read_text(encoding="utf-8").split("\n", 1)[0].split("\t")
        for column in header:
            if column.startswith("psykg:"):
                assert URIRef(ALL_PREFIXES["psykg"] + column[6:]) in _psykg_terms(), column
            else:
                assert column in current, (name, column)
    assert "relation" not in header and "qualifiers" not in header


def _psykg_terms() -> set[URIRef]:
    onto = Graph().parse(ROOT / "ontology" / "psykg.ttl", format="turtle")
    return {s for s in onto.subjects(RDF.type, None) if isinstance(s, URIRef)}


def test_kgx_edges_never_collide_and_every_statement_is_an_edge(
    view: ReleaseView, out: Path
) -> None:
    edges = _tsv(out / "kgx" / "edges.tsv")
    keys = [(e["subject"], e["predicate"], e["object"]) for e in edges]
    assert len(keys) == len(set(keys)), "KGX keys edges by subject, predicate and object"
    ids = [e["id"] for e in edges]
    assert len(ids) == len(set(ids))
    entities = set(view.entities)
    expected = {
        str(st.iri)
        for st in view.statements
        if st.subject in entities and any(o in entities for o in st.objects)
    }
    listed = [x for e in edges for x in e["xref"].split("|")]
    assert sorted(listed) == sorted(expected)
    for edge in edges:
        statements = edge["xref"].split("|")
        if len(statements) == 1:
            assert edge["id"] == statements[0] and edge["original_predicate"].startswith(
                ("psykg:", "dcterms:")
            )
        else:
            assert edge["id"].startswith("urn:uuid:")
        assert edge["primary_knowledge_source"] == KNOWLEDGE_SOURCE


def test_kgx_context_declares_every_known_prefix_the_files_use(out: Path) -> None:
    declared = json.loads((out / "kgx" / "context.jsonld").read_text("utf-8"))["@context"]
    text = "".join((out / "kgx" / name).read_text("utf-8") for name in ("nodes.tsv", "edges.tsv"))
    used = set(re.findall(r"(?:^|[\t|])([A-Za-z][\w.-]*):[^/\s|]", text, re.M))
    assert {"psykg", "psykgr"} <= set(declared)
    assert {p for p in used if p in ALL_PREFIXES} == set(declared)
    assert all(declared[p] == ALL_PREFIXES[p] for p in declared)


def test_biolink_terms_exist_in_the_model() -> None:
    classes, slots = _biolink_terms()
    for category in {*CATEGORIES.values(), "biolink:NamedThing", "biolink:Association"}:
        assert category.removeprefix("biolink:") in classes, category
    for predicate in {*PREDICATES.values(), "biolink:related_to"}:
        assert predicate.removeprefix("biolink:") in slots, predicate


# ---------------------------------------------------------------- OBO Graphs


def test_obographs_validates_against_the_schema(out: Path) -> None:
    document = json.loads((out / "obographs" / "psykg.obographs.json").read_text("utf-8"))
    assert validation_errors(document) == []
    nodes = {n["id"]: n for n in document["graphs"][0]["nodes"]}
    assert nodes["https://w3id.org/psykg/ontology#Therapy"]["type"] == "CLASS"
    assert nodes["https://w3id.org/psykg/resource/depression"]["type"] == "INDIVIDUAL"


@pytest.mark.parametrize("breakage", ["node without id", "unknown key", "edges not a list"])
def test_obographs_schema_check_catches_errors(view: ReleaseView, breakage: str) -> None:
    document = graph_document(view)
    graph = document["graphs"][0]
    if breakage == "node without id":
        del graph["nodes"][0]["id"]
    elif breakage == "unknown key":
        graph["nodez"] = []
    else:
        graph["edges"] = {}
    assert validation_errors(document)


# ---------------------------------------------------------------- Neo4j


def test_load_cypher_names_only_files_that_exist(out: Path) -> None:
    script = (out / "neo4j" / "load.cypher").read_text(encoding="utf-8")
    named = re.findall(r"'([^'/]+\.(?:ttl|nt|owl|jsonld))'", script)
    assert named
    assert all((out / "neo4j" / name).is_file() for name in named)
    assert "n10s.rdf.import.fetch" in script and "CREATE CONSTRAINT" in script
    assert "n10s.graphconfig.init" in script


def test_load_cypher_declares_every_prefix_used(out: Path) -> None:
    script = (out / "neo4j" / "load.cypher").read_text(encoding="utf-8")
    declared = dict(re.findall(r"n10s\.nsprefixes\.add\('([^']+)', '([^']+)'\)", script))
    graph = Graph().parse(out / "neo4j" / "psykg.ttl", format="turtle")
    used = {namespace_of(str(p)) for p in graph.predicates()}
    used |= {namespace_of(str(o)) for o in graph.objects(None, RDF.type)}
    assert used <= set(declared.values())
    assert len(declared) == len(set(declared.values()))


def _statements(script: str) -> list[str]:
    """The script's Cypher statements (comments dropped), one string each."""
    body = "\n".join(line for line in script.splitlines() if not line.startswith("//"))
    return [" ".join(part.split()) for part in body.split(";") if part.strip()]


def test_load_cypher_can_run_twice(out: Path) -> None:
    """n10s.graphconfig.init refuses a graph that holds data, so it runs only where
    graphconfig.show finds no config; every other statement is idempotent (n10s merges by IRI,
    re-adding a prefix it has is a no-op, the constraint has IF NOT EXISTS)."""
    statements = _statements((out / "neo4j" / "load.cypher").read_text(encoding="utf-8"))
    init = [s for s in statements if "graphconfig.init" in s]
    assert len(init) == 1
    assert init[0].startswith(
        "CALL n10s.graphconfig.show() YIELD param "
        "WITH count(param) AS settings WHERE settings = 0 CALL "
        "n10s.graphconfig.init("
    )
    assert not any("graphconfig.set" in s or "DELETE" in s.upper() for s in statements)
    for statement in statements:
        assert statement.startswith(
            (
                "CREATE CONSTRAINT n10s_unique_uri IF NOT EXISTS",
                "CALL n10s.graphconfig.show()",
                "CALL n10s.nsprefixes.add(",
                "CALL n10s.rdf.import.fetch(",
            )
        ), statement


def test_load_cypher_stores_labels_without_language_tags(view: ReleaseView, out: Path) -> None:
    from psykg.exports.neo4j import multivalued

    script = (out / "neo4j" / "load.cypher").read_text(encoding="utf-8")
    assert "keepLangTag: false" in script
    graph = Graph().parse(out / "neo4j" / "psykg.ttl", format="turtle")
    tags = {o.language for o in graph.objects() if isinstance(o, Literal) and o.language}
    assert tags == {"en"}, "keepLangTag false would merge labels in several languages"
    listed = re.search(r"multivalPropList: \[([^]]*)\]", script)
    assert listed is not None
    assert re.findall(r"'([^']+)'", listed.group(1)) == multivalued(view)
    assert str(RDFS.label) not in multivalued(view)  # so n.rdfs__label = 'depression' matches


def test_load_cypher_uses_the_prefixes_n10s_reserves(out: Path) -> None:
    from psykg.exports.neo4j import N10S_RESERVED

    script = (out / "neo4j" / "load.cypher").read_text(encoding="utf-8")
    declared = dict(re.findall(r"n10s\.nsprefixes\.add\('([^']+)', '([^']+)'\)", script))
    for prefix, namespace in declared.items():
        assert N10S_RESERVED.get(namespace, prefix) == prefix, (prefix, namespace)
        assert namespace not in N10S_RESERVED.values() or prefix in N10S_RESERVED.values()


# ---------------------------------------------------------------- RO-Crate


def _local_rocrate_context() -> dict[str, object]:
    """The RO-Crate JSON-LD context shipped by the rocrate package (never fetched)."""
    from importlib import resources

    text = resources.files("rocrate").joinpath("data/ro-crate.jsonld").read_text("utf-8")
    context: dict[str, object] = json.loads(text)["@context"]
    return context


def test_rocrate_is_json_ld_listing_every_file_with_a_media_type(out: Path) -> None:
    raw = json.loads((out / "ro-crate-metadata.json").read_text(encoding="utf-8"))
    assert raw["@context"] == "https://w3id.org/ro/crate/1.1/context"
    raw["@context"] = _local_rocrate_context()
    base = "http://example.org/crate/"
    graph = Graph().parse(data=json.dumps(raw), format="json-ld", base=base)
    schema = "http://schema.org/"
    root = URIRef(base)
    assert (URIRef(base + "ro-crate-metadata.json"), URIRef(schema + "about"), root) in graph
    listed = set()
    frontier = [root]
    while frontier:
        node = frontier.pop()
        for part in graph.objects(node, URIRef(schema + "hasPart")):
            listed.add(str(part).removeprefix(base))
            frontier.append(part)  # type: ignore[arg-type]
    on_disk = {
        p.relative_to(out).as_posix()
        for p in out.rglob("*")
        if p.is_file() and p.name != "ro-crate-metadata.json"
    }
    assert on_disk | set(LATER_RELEASE_FILES) <= listed
    for name in on_disk | set(LATER_RELEASE_FILES):
        kinds = list(graph.objects(URIRef(base + name), URIRef(schema + "encodingFormat")))
        assert len(kinds) == 1 and isinstance(kinds[0], Literal) and "/" in str(kinds[0]), name


def test_rocrate_gives_every_folder_an_entity_and_no_singleton_arrays(out: Path) -> None:
    raw = json.loads((out / "ro-crate-metadata.json").read_text(encoding="utf-8"))
    entities = {e["@id"]: e for e in raw["@graph"]}
    folders = {p.relative_to(out).as_posix() + "/" for p in out.rglob("*") if p.is_dir()}
    assert folders and all(entities[f]["@type"] == "Dataset" for f in folders)
    for entity in raw["@graph"]:
        for key, value in entity.items():
            assert not (isinstance(value, list) and len(value) == 1), (entity["@id"], key)
    root = entities["./"]
    for role in ("author", "publisher"):
        agent = entities[root[role]["@id"]]
        assert agent["@type"] == "Organization" and agent["name"] and agent["url"]


def test_rocrate_library_reads_the_crate(out: Path) -> None:
    from rocrate.rocrate import ROCrate

    crate = ROCrate(out)
    assert crate.root_dataset["name"].startswith("psykg")
    assert crate.get("kgx/edges.tsv") is not None


def test_rocrate_library_writes_every_file_back_unchanged(
    built: tuple[Result, Path], tmp_path: Path
) -> None:
    """ro-crate-py copies a crate through its entities: each file must be one, unchanged."""
    import filecmp

    from rocrate.rocrate import ROCrate

    _, out = built
    ROCrate(out).write(tmp_path / "copy")
    files = [p.relative_to(out) for p in out.rglob("*") if p.is_file()]
    changed = [
        str(f)
        for f in files
        if not (tmp_path / "copy" / f).is_file()
        or not filecmp.cmp(out / f, tmp_path / "copy" / f, shallow=False)
    ]
    assert changed == ["ro-crate-metadata.json"]


# ---------------------------------------------------------------- SSSOM and RDF/XML


def test_sssom_py_parses_and_validates_the_mappings(out: Path) -> None:
    from sssom.parsers import parse_sssom_table
    from sssom.validators import validate

    mappings = parse_sssom_table(out / "mappings.sssom.tsv")
    assert len(mappings.df) > 0
    reports = validate(mappings, fail_on_error=False)
    assert all(not report.results for report in reports.values()), reports


def test_owlready2_loads_the_rdfxml_and_finds_every_class(view: ReleaseView, out: Path) -> None:
    import owlready2

    world = owlready2.World()
    onto = world.get_ontology((out / "psykg.owl").resolve().as_uri()).load()
    assert onto is not None
    classes = {str(c) for c in view.ontology.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef)}
    assert classes
    found = {c.iri for c in world.classes()}
    assert classes <= found, sorted(classes - found)


# ---------------------------------------------------------------- CLI


def _cli(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    export_command.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(argv)
    code: int = args.handler(args)
    return code


def test_cli_export_reads_a_built_release(view: ReleaseView, tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    dist.mkdir()
    (dist / "psykg.nt").write_text(to_ntriples(view.full), encoding="utf-8")
    (dist / "ontology.ttl").write_text(to_turtle(view.ontology), encoding="utf-8")
    assert (
        _cli(
            [
                "export",
                "--format",
                "kgx",
                "--format",
                "csv",
                "--dist",
                str(dist),
                "--out",
                str(tmp_path / "out"),
            ]
        )
        == 0
    )
    assert (tmp_path / "out" / "kgx" / "edges.tsv").is_file()
    assert (tmp_path / "out" / "csv" / "datapackage.json").is_file()
    with pytest.raises(DatasetMissing, match="mappings"):
        _cli(["export", "-f", "sssom", "--dist", str(dist), "--out", str(tmp_path / "o2")])


def test_cli_export_without_a_build_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(DatasetMissing, match="psykg build"):
        view_of_release(tmp_path)


# ---------------------------------------------------------------- psykg build


def test_build_writes_every_export_and_the_crate_lists_every_release_file(
    built: tuple[Result, Path],
) -> None:
    _, dist = built
    for name, entry in EXPORTS.items():
        if entry.folder:
            assert any((dist / entry.folder).iterdir()), name
    assert (dist / "mappings.sssom.tsv").is_file() and (dist / "psykg.owl").is_file()
    crate = json.loads((dist / "ro-crate-metadata.json").read_text(encoding="utf-8"))
    entities = {e["@id"]: e for e in crate["@graph"]}
    on_disk = {
        p.relative_to(dist).as_posix()
        for p in dist.rglob("*")
        if p.is_file() and p.name != "ro-crate-metadata.json"
    }
    missing = {name for name in on_disk if "encodingFormat" not in entities.get(name, {})}
    assert not missing, sorted(missing)


def test_build_ships_the_release_turtle_to_neo4j(built: tuple[Result, Path]) -> None:
    result, dist = built
    assert (dist / "neo4j" / "psykg.ttl").read_bytes() == to_turtle(result.full).encode("utf-8")


def test_importing_the_exports_loads_no_writer_library() -> None:
    code = (
        "import sys, psykg.exports; "
        "print(sorted({'networkx', 'frictionless', 'pandas', 'jsonschema', 'pyoxigraph'}"
        " & set(sys.modules)))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
