"""VoID counts read from the sorted N-Triples agree with counting the rdflib graph itself."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from psykg.paths import Inputs, project_root
from psykg.rdf.namespaces import RES
from psykg.rdf.serialize import to_ntriples
from psykg.release.pipeline import run
from psykg.release.void import Counts

sys.path.insert(0, str(project_root() / "benchmarks"))

from corpus import generate


def _reference(full: Graph) -> Counts:
    """The counts the way the graph answers them (the slow, obvious way)."""
    subjects = {s for s in full.subjects() if isinstance(s, URIRef)}
    entities = {s for s in subjects if s.startswith(str(RES))}
    classes = Counter(
        str(o) for s, o in full.subject_objects(RDF.type) if s in entities and isinstance(o, URIRef)
    )
    properties = Counter(str(p) for _, p, _ in full)
    return Counts(len(full), len(subjects), len(entities), dict(classes), dict(properties))


@pytest.mark.parametrize("corpus", ["seed", "synthetic"])
def test_counts_from_ntriples_agree_with_the_graph(corpus: str, tmp_path: Path) -> None:
    root = project_root() if corpus == "seed" else generate(tmp_path / "c", 2, seed=5)
    full = run(Inputs(root), use_hermit=False).full
    counts = Counts.of_ntriples(to_ntriples(full))
    assert counts == _reference(full)
    assert counts.entities > 100 and len(counts.classes) > 8
