"""Move drafts the curator keeps into the curation file and the entity registry."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from psykg.curation.fmt import canonical_text
from psykg.curation.hints import did_you_mean
from psykg.curation.load import load_curation, load_record, load_registry
from psykg.curation.model import Curation, Draft, Registry
from psykg.errors import CurationError
from psykg.paths import Inputs


@dataclass(frozen=True)
class Accepted:
    """What `accept` moved."""

    statements: tuple[str, ...]
    entities: tuple[str, ...]
    curation: Path
    registry: Path | None
    draft_left: int


def read_draft(path: Path) -> Draft:
    """A draft file, checked like every data file."""
    if not path.is_file():
        raise CurationError("no draft here", file=path, hint="psykg suggest NAME writes one")
    return load_record(path, Draft, "a draft (source: ..., statements: ...)")


def accept(inputs: Inputs, name: str, ids: list[str] | None = None) -> Accepted:
    """Append the draft statements `ids` (all when None) of source `name` to
    data/curation/<name>.yaml, and the proposed entities they use to
    data/entities/<name>.yaml; the rest stays in the draft (removed when empty)."""
    path = inputs.data_dir / "drafts" / f"{name}.yaml"
    draft = read_draft(path)
    by_id = {st.id: st for st in draft.statements}
    for ident in ids or ():
        if ident not in by_id:
            raise CurationError(
                f"no draft statement {ident!r}" + did_you_mean(ident, by_id),
                file=path,
                hint="psykg accept NAME without ids takes them all",
            )
    chosen = [st for st in draft.statements if ids is None or st.id in ids]
    used = {n for st in chosen for n in (st.subject, st.object) if n is not None}
    new_entities = [e for e in draft.entities if e.id in used]
    curation_path = inputs.data_dir / "curation" / f"{name}.yaml"
    curation = load_curation(curation_path) if curation_path.is_file() else Curation(statements=())
    curation_path.write_text(
        canonical_text(Curation(statements=(*curation.statements, *chosen))), encoding="utf-8"
    )
    registry_path = None
    if new_entities:
        registry_path = inputs.data_dir / "entities" / f"{name}.yaml"
        registry = (
            load_registry(registry_path) if registry_path.is_file() else Registry(entities=())
        )
        registry_path.write_text(
            canonical_text(Registry(entities=(*registry.entities, *new_entities))), encoding="utf-8"
        )
    left = [st for st in draft.statements if st not in chosen]
    if left:
        still = {n for st in left for n in (st.subject, st.object) if n is not None}
        path.write_text(
            canonical_text(
                Draft(
                    source=draft.source,
                    entities=tuple(e for e in draft.entities if e.id in still and e.id not in used),
                    statements=tuple(left),
                )
            ),
            encoding="utf-8",
        )
    else:
        path.unlink()
    return Accepted(
        tuple(st.id for st in chosen),
        tuple(e.id for e in new_entities),
        curation_path,
        registry_path,
        len(left),
    )
