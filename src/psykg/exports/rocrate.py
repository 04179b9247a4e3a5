"""RO-Crate 1.1 metadata describing every file of the release folder."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rdflib import URIRef
from rdflib.namespace import DCTERMS, OWL

from psykg.exports.view import ReleaseView
from psykg.rdf.mediatypes import media_type
from psykg.rdf.prefixes import BASE, DATASET_IRI, ONTOLOGY_IRI
from psykg.release.void import DESCRIPTION, LICENSE, TITLE

METADATA = "ro-crate-metadata.json"
CONTEXT = "https://w3id.org/ro/crate/1.1/context"
SPEC = "https://w3id.org/ro/crate/1.1"
AUTHOR_ID = "#psykg-developers"
"""Local id of the contextual entity for the ontology's dcterms:creator."""


def _file(rel: str, size: int | None) -> dict[str, Any]:
    entity: dict[str, Any] = {
        "@id": rel,
        "@type": "File",
        "name": Path(rel).name,
        "encodingFormat": media_type(rel),
    }
    if size is not None:
        entity["contentSize"] = str(size)
    return entity


def folders_of(files: list[str]) -> list[str]:
    """Every folder ('a/', 'a/b/') that holds one of `files`, directly or below, sorted."""
    out: set[str] = set()
    for rel in files:
        parts = rel.split("/")[:-1]
        out.update("/".join(parts[:i]) + "/" for i in range(1, len(parts) + 1))
    return sorted(out)


def parent_of(rel: str) -> str:
    """The folder holding a file or folder ('' for the release root)."""
    head = rel.rstrip("/").rpartition("/")[0]
    return head + "/" if head else ""


def _refs(ids: list[str]) -> dict[str, str] | list[dict[str, str]]:
    """`{"@id": ...}` for one id, a list for several (RO-Crate: no singleton arrays)."""
    refs = [{"@id": i} for i in ids]
    return refs[0] if len(refs) == 1 else refs


def _people(view: ReleaseView) -> list[dict[str, Any]]:
    """The ontology's dcterms:creator as the Organization that authors and publishes, with the
    project's home page (the site, published at BASE) as its url."""
    creator = view.ontology.value(URIRef(ONTOLOGY_IRI), DCTERMS.creator)
    if creator is None:
        return []
    return [{"@id": AUTHOR_ID, "@type": "Organization", "name": str(creator), "url": BASE}]


def crate(view: ReleaseView, folder: Path) -> dict[str, Any]:
    """The RO-Crate JSON-LD for `folder`: every file below it, plus view.extra_files; every
    folder on the way is a Dataset whose hasPart lists what it holds."""
    files: dict[str, int | None] = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_file() and rel != METADATA:
            files[rel] = path.stat().st_size
    for name in view.extra_files:
        files.setdefault(name, None)
    folders = folders_of(list(files))
    children: dict[str, list[str]] = {}
    for rel in [*files, *folders]:
        children.setdefault(parent_of(rel), []).append(rel)
    onto = URIRef(ONTOLOGY_IRI)
    version = view.ontology.value(onto, OWL.versionInfo)
    modified = view.ontology.value(onto, DCTERMS.modified)

    people = _people(view)
    root: dict[str, Any] = {
        "@id": "./",
        "@type": "Dataset",
        "identifier": DATASET_IRI,
        "name": TITLE,
        "description": DESCRIPTION,
        "license": {"@id": str(LICENSE)},
    }
    if people:
        root["author"] = root["publisher"] = {"@id": AUTHOR_ID}
    root["hasPart"] = _refs(sorted(children.get("", [])))
    if version is not None:
        root["version"] = str(version)
    if modified is not None:
        root["datePublished"] = str(modified)
    graph: list[dict[str, Any]] = [
        {
            "@id": METADATA,
            "@type": "CreativeWork",
            "conformsTo": {"@id": SPEC},
            "about": {"@id": "./"},
        },
        root,
        {"@id": str(LICENSE), "@type": "CreativeWork", "name": "CC BY 4.0"},
        *people,
    ]
    for sub in folders:
        graph.append(
            {
                "@id": sub,
                "@type": "Dataset",
                "name": sub.rstrip("/"),
                "hasPart": _refs(sorted(children[sub])),
            }
        )
    graph.extend(_file(rel, size) for rel, size in sorted(files.items()))
    return {"@context": CONTEXT, "@graph": graph}


def write_rocrate(view: ReleaseView, folder: Path) -> None:
    """Write ro-crate-metadata.json at the root of `folder` (written last: it lists the rest)."""
    folder.mkdir(parents=True, exist_ok=True)
    text = json.dumps(crate(view, folder), indent=1, ensure_ascii=False)
    (folder / METADATA).write_text(text + "\n", encoding="utf-8")
