"""RO-Crate 1.1 metadata describing every file of the release folder."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rdflib import URIRef
from rdflib.namespace import DCTERMS, OWL

from psykg.exports.view import ReleaseView
from psykg.rdf.mediatypes import media_type
from psykg.rdf.prefixes import DATASET_IRI, ONTOLOGY_IRI
from psykg.release.void import DESCRIPTION, LICENSE, TITLE

METADATA = "ro-crate-metadata.json"
CONTEXT = "https://w3id.org/ro/crate/1.1/context"
SPEC = "https://w3id.org/ro/crate/1.1"
def _file(rel: str, size: int | None) -> dict[str, Any]:
    entity: dict[str, Any] = {"@id": rel, "@type": "File", "name": Path(rel).name,
                              "encodingFormat": media_type(rel)}
    if size is not None:
        entity["contentSize"] = str(size)
    return entity


def crate(view: ReleaseView, folder: Path) -> dict[str, Any]:
    """The RO-Crate JSON-LD for `folder`: every file below it, plus view.extra_files."""
    files: dict[str, int | None] = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_file() and rel != METADATA:
            files[rel] = path.stat().st_size
    for name in view.extra_files:
        files.setdefault(name, None)
    folders = sorted({Path(rel).parent.as_posix() + "/" for rel in files
                      if Path(rel).parent != Path()})
    top_level = sorted([rel for rel in files if "/" not in rel]
                       + [f for f in folders if f.count("/") == 1])
    onto = URIRef(ONTOLOGY_IRI)
    version = view.ontology.value(onto, OWL.versionInfo)
    modified = view.ontology.value(onto, DCTERMS.modified)

    root: dict[str, Any] = {
        "@id": "./", "@type": "Dataset", "identifier": DATASET_IRI, "name": TITLE,
        "description": DESCRIPTION, "license": {"@id": str(LICENSE)},
        "hasPart": [{"@id": rel} for rel in top_level],
    }
    if version is not None:
        root["version"] = str(version)
    if modified is not None:
        root["datePublished"] = str(modified)
    graph: list[dict[str, Any]] = [
        {"@id": METADATA, "@type": "CreativeWork", "conformsTo": {"@id": SPEC},
         "about": {"@id": "./"}},
        root,
        {"@id": str(LICENSE), "@type": "CreativeWork", "name": "CC BY 4.0"},
    ]
    children: dict[str, list[str]] = {}
    for rel in files:
        children.setdefault(rel.rsplit("/", 1)[0] + "/" if "/" in rel else "", []).append(rel)
    for sub in folders:
        parent = sub[:-1].rsplit("/", 1)[0] + "/" if sub[:-1].count("/") else ""
        children.setdefault(parent, []).append(sub)
    for sub in folders:
        parts = sorted(children.get(sub, []))
        graph.append({"@id": sub, "@type": "Dataset", "name": sub.rstrip("/"),
                      "hasPart": [{"@id": rel} for rel in parts]})
    graph.extend(_file(rel, size) for rel, size in sorted(files.items()))
    return {"@context": CONTEXT, "@graph": graph}


def write_rocrate(view: ReleaseView, folder: Path) -> None:
    """Write ro-crate-metadata.json at the root of `folder` (written last: it lists the rest)."""
    folder.mkdir(parents=True, exist_ok=True)
    text = json.dumps(crate(view, folder), indent=1, ensure_ascii=False)
    (folder / METADATA).write_text(text + "\n", encoding="utf-8")
