"""Scale corpus: N synthetic sources shaped like the real article, for benchmarks.

Sources come in groups of GROUP. A group shares its entities: the real article's distinctive
names (therapies, conditions, people, theories, foci, populations, the publisher) replaced by
pseudo-words drawn from a seeded generator, entity ids suffixed with the group number, written
once to the entity registry (data/entities/group-NNNN.yaml). Each source of a group is its own
document: its own text (its own update date), its own source record, and its own selection of
the article's statements (the first source of a group keeps all of them, the others drop about
a quarter); every other source of a group says "found effective for" where the article says
"less used for", so sources of one group disagree, as real sources do. The renaming is one
consistent string map applied to the text, the quotes, the labels and the wordings, so every
quote still anchors in its own text and every wording is still inside its quote: the real
pipeline (YAML parsing, quote anchoring, compilation, reasoning, validation) runs on it
unchanged.

The output is a project-shaped folder (ontology/ and queries/ copied from the real checkout,
data/entities, data/sources, data/curation, data/mappings), so that
``psykg.paths.Inputs(root=folder)``
and ``PSYKG_ROOT=folder psykg build`` work. Same arguments give byte-identical files.

    python benchmarks/corpus.py --docs 100 --out /tmp/psykg-corpus-100
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import random
import re
import shutil
import sys
from pathlib import Path
from typing import Any

import yaml

SOURCE_DOC = "psychodynamic-therapy"
"""The real document the synthetic ones are shaped after (data/curation/<this>.yaml)."""

NAMES = (
    "psychodynamic",
    "psychoanalytic",
    "psychoanalysis",
    "cognitive",
    "behavioral",
    "sigmund",
    "freud",
    "depression",
    "anxiety",
    "eating",
    "borderline",
    "psychosis",
    "traumatic",
    "obsessive",
    "compulsive",
    "psychology",
    "intrapsychic",
    "unconscious",
    "repressed",
    "adolescents",
    "children",
    "talents",
)
"""Words of the article that name its entities; each document renames them (case kept)."""

ACRONYMS = ("CBT", "PDT", "BPD", "PTSD", "OCD")
"""Upper-case abbreviations, renamed case-sensitively to pseudo-acronyms."""

SESSIONS = 25
"""The article's session limit; each group gets its own number in its place."""

GROUP = 4
"""Sources per group of shared entities."""

UPDATED = ("Updated: Jan 20, 2023", "2023-01-20")
"""The article's update line and date; each source gets its own day of January."""

DROP = 0.25
"""Share of the article's statements each source but the first of its group leaves out."""

DISAGREE = ("lessUsedFor", "foundEffectiveFor")
"""Every other source of a group says the second where the article says the first."""

_SYLLABLES = (
    "ba",
    "ce",
    "di",
    "fo",
    "gu",
    "ka",
    "le",
    "mi",
    "no",
    "pu",
    "ra",
    "se",
    "ti",
    "vo",
    "za",
    "bel",
    "dor",
    "fen",
    "gal",
    "hin",
    "lum",
    "mar",
    "nex",
    "ors",
    "pel",
    "quin",
    "ros",
    "tav",
    "ux",
    "vel",
    "wyn",
    "xan",
    "yor",
    "zem",
)
_ENTITY_REFS = ("population", "especially", "jointly_with")
_ENTITY_REF = ("alternative", "compared_to")
_WORDINGS = ("evidence", "hedge", "extent", "scope", "example")


def project_root() -> Path:
    """The psykg checkout this script lives in."""
    return Path(__file__).resolve().parent.parent


def _pseudo_word(rng: random.Random, used: set[str]) -> str:
    while True:
        word = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(3, 4)))
        if word not in used and not any(name in word for name in NAMES):
            used.add(word)
            return word


def _pseudo_acronym(rng: random.Random, used: set[str], length: int) -> str:
    while True:
        word = "".join(rng.choice("JKQVXZ") for _ in range(length))
        if word not in used:
            used.add(word)
            return word


class Renamer:
    """One group's consistent renaming of names, acronyms and entity ids."""

    def __init__(self, number: int, seed: int) -> None:
        rng = random.Random(f"psykg-corpus-{seed}-{number}")
        used: set[str] = set()
        self.number = number
        self.words = {name: _pseudo_word(rng, used) for name in NAMES}
        self.acronyms = {a: _pseudo_acronym(rng, used, len(a) + 1) for a in ACRONYMS}
        self.sessions = 10 + rng.randrange(40)
        names = sorted(self.words, key=len, reverse=True)
        self._word_re = re.compile("|".join(names), re.IGNORECASE)
        self._acronym_re = re.compile(r"\b(" + "|".join(ACRONYMS) + r")\b")
        self._sessions_re = re.compile(rf"\b{SESSIONS}\b")

    def text(self, value: str) -> str:
        """Rename inside a piece of text (source, quote, label, wording)."""

        def word(match: re.Match[str]) -> str:
            old = match.group(0)
            new = self.words[old.lower()]
            return new.capitalize() if old[0].isupper() else new

        value = self._word_re.sub(word, value)
        value = self._acronym_re.sub(lambda m: self.acronyms[m.group(1)], value)
        return self._sessions_re.sub(str(self.sessions), value)

    def id(self, value: str) -> str:
        """A renamed slug, unique to this group."""
        return f"{self.text(value)}-{self.number:04d}"


def _rename_statement(
    st: dict[str, Any], r: Renamer, entity_ids: set[str], number: int, doc: tuple[str, str]
) -> dict[str, Any]:
    out = dict(st)
    out["id"] = f"{r.text(st['id'])}-{number:04d}"
    out["subject"] = doc[1] if st["subject"] == doc[0] else r.id(st["subject"])
    if "object" in st:
        out["object"] = r.id(st["object"]) if st["object"] in entity_ids else st["object"]
    if "value" in st:
        value = st["value"]
        out["value"] = (
            r.sessions
            if value == SESSIONS
            else (r.text(value) if isinstance(value, str) else value)
        )
    out["quote"] = r.text(st["quote"])
    if "prefix" in st:
        out["prefix"] = r.text(st["prefix"])
    if "qualifiers" in st:
        q = dict(st["qualifiers"])
        for key in _ENTITY_REFS:
            if key in q:
                q[key] = [r.id(v) for v in q[key]]
        for key in _ENTITY_REF:
            if key in q:
                q[key] = r.id(q[key])
        for key in _WORDINGS:
            if key in q:
                q[key] = [r.text(v) for v in q[key]]
        out["qualifiers"] = q
    return out


def group_of(number: int) -> int:
    """The group (of shared entities) source `number` belongs to, from 1."""
    return (number - 1) // GROUP + 1


def entities_of(template: list[dict[str, Any]], r: Renamer) -> list[dict[str, Any]]:
    """The registry entries of a group, renamed from the real registry."""
    entities = []
    for entity in template:
        e = dict(entity)
        e["id"] = r.id(entity["id"])
        e["label"] = r.text(entity["label"])
        if "alt_labels" in e:
            e["alt_labels"] = [r.text(a) for a in entity["alt_labels"]]
        if "broader" in e:
            e["broader"] = [r.id(b) for b in entity["broader"]]
        for key in ("comment", "definition"):
            if key in e:
                e[key] = r.text(entity[key])
        entities.append(e)
    return entities


def synthetic_document(
    template: dict[str, Any],
    record: dict[str, Any],
    text: str,
    entity_ids: set[str],
    number: int,
    seed: int,
) -> tuple[str, dict[str, Any], dict[str, Any]]:
    """Source `number`'s text, source record and curation record, made from the template."""
    r = Renamer(group_of(number), seed)
    place = (number - 1) % GROUP
    day = 1 + number % 28
    new_text = r.text(text).replace(UPDATED[0], f"Updated: Jan {day}, 2023")
    doc_id = f"{r.text(record['id'])}-{number:04d}"
    source = dict(record)
    source.update(
        id=doc_id,
        label=f"{r.text(record['label'])} {number}",
        title=r.text(record["title"]),
        text=f"doc-{number:04d}.txt",
        updated=f"2023-01-{day:02d}",
        sha256=hashlib.sha256(new_text.encode("utf-8")).hexdigest(),
    )
    if "publisher" in record:
        source["publisher"] = r.id(record["publisher"])
    rng = random.Random(f"psykg-corpus-statements-{seed}-{number}")
    statements = []
    for st in template["statements"]:
        about_doc = st["subject"] == record["id"]
        if place and not about_doc and rng.random() < DROP:
            continue
        out = _rename_statement(st, r, entity_ids, number, (record["id"], doc_id))
        if about_doc and out.get("value") == UPDATED[1]:
            out["value"] = source["updated"]
            out["quote"] = out["quote"].replace(UPDATED[0], f"Updated: Jan {day}, 2023")
        if place % 2 and st["predicate"] == DISAGREE[0]:
            out["predicate"] = DISAGREE[1]
        statements.append(out)
    return new_text, source, {"statements": statements}


def mentioned(template: dict[str, Any], record: dict[str, Any]) -> set[str]:
    """Ids the template's statements and record name: the registry entries a group needs (the
    registry also holds entities that only other sources use)."""
    found = {record.get("publisher", "")}
    for st in template["statements"]:
        found |= {st["subject"], str(st.get("object", ""))}
        q = st.get("qualifiers", {})
        found |= {v for key in _ENTITY_REFS for v in q.get(key, [])}
        found |= {q[key] for key in _ENTITY_REF if key in q}
    return found


def _dump_yaml(record: dict[str, Any], model: str = "Curation") -> str:
    """The record in the project's canonical form (what `psykg fmt` writes)."""
    from psykg.curation import model as models
    from psykg.curation.fmt import canonical_text

    return canonical_text(getattr(models, model).model_validate(record))


def _mapping_rows(sssom: Path) -> tuple[list[str], list[str], list[dict[str, str]]]:
    lines = sssom.read_text(encoding="utf-8").splitlines()
    header = [line for line in lines if line.startswith("#")]
    body = [line for line in lines if not line.startswith("#")]
    reader = csv.DictReader(body, delimiter="\t")
    return header, list(reader.fieldnames or []), list(reader)


def generate(out: Path, docs: int, seed: int = 0, project: Path | None = None) -> Path:
    """Write a project-shaped folder with `docs` synthetic sources into `out` (replaced)."""
    if docs < 1:
        raise ValueError("docs must be at least 1")
    project = project or project_root()
    data = project / "data"

    def read(path: Path) -> Any:
        return yaml.safe_load(path.read_text(encoding="utf-8"))

    template = read(data / "curation" / f"{SOURCE_DOC}.yaml")
    record = read(data / "sources" / f"{SOURCE_DOC}.yaml")
    record = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in record.items()}
    text = (data / "sources" / record["text"]).read_text(encoding="utf-8")
    registry = [
        e for path in sorted((data / "entities").glob("*.yaml")) for e in read(path)["entities"]
    ]
    used = mentioned(template, record)
    registry = [
        {**e, "broader": [b for b in e.get("broader", []) if b in used]}
        for e in registry
        if e["id"] in used
    ]
    registry = [{k: v for k, v in e.items() if v != []} for e in registry]
    entity_ids = {e["id"] for e in registry}
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(project / "ontology", out / "ontology")
    if (project / "queries").is_dir():
        shutil.copytree(project / "queries", out / "queries")
    for sub in ("entities", "sources", "curation", "mappings"):
        (out / "data" / sub).mkdir(parents=True)
    mappings = data / "mappings"
    header, columns, rows = _mapping_rows(mappings / "psykg.sssom.tsv")
    for extra in sorted(mappings.iterdir()):
        if extra.name != "psykg.sssom.tsv":
            shutil.copyfile(extra, out / "data" / "mappings" / extra.name)
    table = io.StringIO()
    writer = csv.DictWriter(table, columns, delimiter="\t", lineterminator="\n")
    writer.writeheader()
    for group in range(1, group_of(docs) + 1):
        renamer = Renamer(group, seed)
        (out / "data" / "entities" / f"group-{group:04d}.yaml").write_text(
            _dump_yaml({"entities": entities_of(registry, renamer)}, "Registry"),
            encoding="utf-8",
            newline="\n",
        )
        for row in rows:
            subject = row["subject_id"].removeprefix("psykgr:")
            writer.writerow(
                {
                    **row,
                    "subject_id": f"psykgr:{renamer.id(subject)}",
                    "subject_label": renamer.text(row["subject_label"]),
                }
            )
    for number in range(1, docs + 1):
        new_text, source, curation = synthetic_document(
            template, record, text, entity_ids, number, seed
        )
        name = f"doc-{number:04d}"
        (out / "data" / "sources" / f"{name}.txt").write_text(
            new_text, encoding="utf-8", newline=""
        )
        (out / "data" / "sources" / f"{name}.yaml").write_text(
            _dump_yaml(source, "SourceRecord"), encoding="utf-8", newline="\n"
        )
        (out / "data" / "curation" / f"{name}.yaml").write_text(
            _dump_yaml(curation), encoding="utf-8", newline="\n"
        )
    (out / "data" / "mappings" / "psykg.sssom.tsv").write_text(
        "".join(f"{line}\n" for line in header) + table.getvalue(), encoding="utf-8", newline=""
    )
    return out


def main(argv: list[str] | None = None) -> int:
    """Command line: write a corpus folder."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, required=True, help="number of sources")
    parser.add_argument("--out", type=Path, required=True, help="folder to write (replaced)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the pseudo-word generator")
    args = parser.parse_args(argv)
    generate(args.out, args.docs, args.seed)
    print(f"wrote {args.docs} sources in {group_of(args.docs)} groups to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
