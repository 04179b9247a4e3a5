"""What changed between two built releases, at the level a reader of release notes cares
about: statements (by id, with their quotes), entities, mappings to external vocabularies and
ontology terms; as plain text or Markdown."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph

from psykg.errors import DatasetMissing, PsykgError
from psykg.rdf.prefixes import PREFIXES, shorten

RDF_TYPE = PREFIXES["rdf"] + "type"
RDFS_LABEL = PREFIXES["rdfs"] + "label"
PREF_LABEL = PREFIXES["skos"] + "prefLabel"
DERIVED_FROM = PREFIXES["prov"] + "wasDerivedFrom"
STATEMENT_CLASS = PREFIXES["psykg"] + "Statement"
STATEMENT_NS = PREFIXES["psykgr"] + "statement/"
QUOTE_NS = PREFIXES["psykgr"] + "quote/"
VALIDATION_NS = PREFIXES["psykgr"] + "validation/"
MATCHES = frozenset(
    PREFIXES["skos"] + p
    for p in ("exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch")
)
DESCRIBED_BY = (
    PREFIXES["psykg"] + "statementSubject",
    PREFIXES["psykg"] + "statementPredicate",
    PREFIXES["psykg"] + "statementObject",
    PREFIXES["psykg"] + "statementValue",
)
"""The statement properties that say what is claimed, in the order they are shown."""

Description = dict[str, tuple[str, ...]]
"""property IRI -> sorted objects (N-Triples terms)."""


@dataclass(frozen=True)
class Release:
    """The parts of a built release that the diff compares."""

    statements: dict[str, Description]
    """Statement IRI -> its description without rdf:type."""
    quotes: dict[str, str]
    """Quote IRI -> its text."""
    entities: dict[str, Description]
    """Resource IRI (not a statement, quote or report node) -> its description."""
    terms: frozenset[str]
    """The psykg vocabulary terms the release declares."""
    texts: dict[str, str]
    """A literal as N-Triples -> its lexical form."""

    @classmethod
    def read(cls, folder: Path) -> Release:
        """Read `folder`/psykg.nt; DatasetMissing when there is none."""
        path = folder / "psykg.nt"
        if not path.is_file():
            raise DatasetMissing(
                f"{path} does not exist", hint="name two release folders built by psykg build"
            )
        subjects: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        texts: dict[str, str] = {}
        try:
            for quad in pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.N_TRIPLES):
                if isinstance(quad.subject, pyoxigraph.NamedNode):
                    term = str(quad.object)
                    subjects[quad.subject.value][quad.predicate.value].add(term)
                    if isinstance(quad.object, pyoxigraph.Literal):
                        texts[term] = quad.object.value
        except SyntaxError as exc:
            raise PsykgError(
                f"not valid N-Triples: {exc}",
                file=path,
                hint="rebuild the release with psykg build",
            ) from None
        statements, quotes, entities = {}, {}, {}
        terms = set()
        for iri, props in subjects.items():
            description = {p: tuple(sorted(o)) for p, o in props.items()}
            if iri.startswith(STATEMENT_NS) or f"<{STATEMENT_CLASS}>" in props.get(RDF_TYPE, ()):
                statements[iri] = {p: o for p, o in description.items() if p != RDF_TYPE}
            elif iri.startswith(QUOTE_NS):
                label = props.get(RDFS_LABEL)
                if label:
                    quotes[iri] = texts[min(label)]
            elif iri.startswith(PREFIXES["psykg"]):
                terms.add(iri)
            elif iri.startswith(PREFIXES["psykgr"]) and not iri.startswith(VALIDATION_NS):
                entities[iri] = description
        return cls(statements, quotes, entities, frozenset(terms), texts)


@dataclass
class Diff:
    """The changes from one release to another; empty when the two say the same."""

    added_statements: list[str] = field(default_factory=list)
    removed_statements: list[str] = field(default_factory=list)
    changed_statements: list[tuple[str, list[str]]] = field(default_factory=list)
    added_entities: list[str] = field(default_factory=list)
    removed_entities: list[str] = field(default_factory=list)
    changed_entities: list[tuple[str, list[str]]] = field(default_factory=list)
    added_mappings: list[str] = field(default_factory=list)
    removed_mappings: list[str] = field(default_factory=list)
    added_terms: list[str] = field(default_factory=list)
    removed_terms: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return any(getattr(self, name) for name in self.__dataclass_fields__)


def diff(old: Release, new: Release) -> Diff:
    """What `new` adds, removes and changes with respect to `old`."""
    out = Diff()
    out.added_statements = [
        _claim(new, s) for s in sorted(new.statements.keys() - old.statements.keys())
    ]
    out.removed_statements = [
        _claim(old, s) for s in sorted(old.statements.keys() - new.statements.keys())
    ]
    for iri in sorted(old.statements.keys() & new.statements.keys()):
        changes = _changes(old.statements[iri], new.statements[iri], old, new)
        if changes:
            out.changed_statements.append((_claim(new, iri), changes))
    out.added_entities = [
        _entity(new, e) for e in sorted(new.entities.keys() - old.entities.keys())
    ]
    out.removed_entities = [
        _entity(old, e) for e in sorted(old.entities.keys() - new.entities.keys())
    ]
    for iri in sorted(old.entities.keys() & new.entities.keys()):
        before = {p: o for p, o in old.entities[iri].items() if p not in MATCHES}
        after = {p: o for p, o in new.entities[iri].items() if p not in MATCHES}
        changes = _changes(before, after, old, new)
        if changes:
            out.changed_entities.append((_entity(new, iri), changes))
    had, has = _mappings(old), _mappings(new)
    out.added_mappings = sorted(has - had)
    out.removed_mappings = sorted(had - has)
    out.added_terms = sorted(_short(t) for t in new.terms - old.terms)
    out.removed_terms = sorted(_short(t) for t in old.terms - new.terms)
    return out


def _short(term: str, texts: dict[str, str] | None = None) -> str:
    """A CURIE for an IRI (given bare or as <IRI>), the text of a literal (found in `texts`)."""
    if texts is not None and term in texts:
        return texts[term]
    iri = term[1:-1] if term.startswith("<") and term.endswith(">") else term
    return shorten(iri) or f"<{iri}>"


def _label(release: Release, iri: str) -> str:
    props = release.entities.get(iri, {})
    labels = props.get(PREF_LABEL) or props.get(RDFS_LABEL)
    return release.texts[min(labels)] if labels else ""


def _entity(release: Release, iri: str) -> str:
    label = _label(release, iri)
    return f"{_short(iri)}" + (f" ({label})" if label else "")


def _claim(release: Release, iri: str) -> str:
    """`id: subject predicate object — "quote"`."""
    props = release.statements[iri]
    parts = [_short(v, release.texts) for p in DESCRIBED_BY for v in props.get(p, ())]
    quotes = [release.quotes.get(q[1:-1], "") for q in props.get(DERIVED_FROM, ())]
    said = " — " + " / ".join(f'"{q}"' for q in quotes if q) if any(quotes) else ""
    name = iri.removeprefix(STATEMENT_NS) if iri.startswith(STATEMENT_NS) else _short(iri)
    return f"{name}: {' '.join(parts)}{said}"


def _changes(before: Description, after: Description, old: Release, new: Release) -> list[str]:
    """One line per property whose values differ (quotes compared by their text)."""
    lines = []
    for prop in sorted(before.keys() | after.keys()):
        if prop == DERIVED_FROM:
            was = tuple(f'"{old.quotes.get(q[1:-1], q)}"' for q in before.get(prop, ()))
            now = tuple(f'"{new.quotes.get(q[1:-1], q)}"' for q in after.get(prop, ()))
            name = "quote"
        else:
            was = tuple(_short(v, old.texts) for v in before.get(prop, ()))
            now = tuple(_short(v, new.texts) for v in after.get(prop, ()))
            name = _short(prop)
        if was != now:
            lines.append(f"{name}: {', '.join(was) or '-'} -> {', '.join(now) or '-'}")
    return lines


def _mappings(release: Release) -> set[str]:
    return {
        f"{_short(iri)} {_short(prop)} {_short(target)}"
        for iri, props in release.entities.items()
        for prop, targets in props.items()
        if prop in MATCHES
        for target in targets
    }


SECTIONS = (
    ("added_statements", "Statements added"),
    ("removed_statements", "Statements removed"),
    ("changed_statements", "Statements changed"),
    ("added_entities", "Entities added"),
    ("removed_entities", "Entities removed"),
    ("changed_entities", "Entities changed"),
    ("added_mappings", "Mappings added"),
    ("removed_mappings", "Mappings removed"),
    ("added_terms", "Ontology terms added"),
    ("removed_terms", "Ontology terms removed"),
)


def render(changes: Diff, fmt: str = "text") -> str:
    """The changes as plain text or Markdown (`fmt`: text or md), in SECTIONS order."""
    if not changes:
        return "No changes.\n"
    lines: list[str] = []
    for name, title in SECTIONS:
        items: Iterable[str | tuple[str, list[str]]] = getattr(changes, name)
        items = list(items)
        if not items:
            continue
        lines.append(f"## {title} ({len(items)})" if fmt == "md" else f"{title} ({len(items)}):")
        for item in items:
            head, details = (item, []) if isinstance(item, str) else item
            lines.append(f"- {_md(head) if fmt == 'md' else head}")
            lines += [f"  - {_md(d) if fmt == 'md' else d}" for d in details]
        lines.append("")
    return "\n".join(lines)


def _md(text: str) -> str:
    return text.replace("\\", "\\\\").replace("*", "\\*").replace("_", "\\_").replace("<", "&lt;")
