"""Start a new source: copy its text into data/sources/, write its record (sha256, content
regions guessed) and an empty curation file. Nothing is overwritten."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from psykg.curation.fmt import canonical_text
from psykg.curation.load import load_registry, load_source
from psykg.curation.model import SLUG, Curation, Region, SourceRecord
from psykg.errors import CurationError

OWN_RIGHTS = "Written by the psykg team in its own words."
OWN_LICENCE = "https://creativecommons.org/licenses/by/4.0/"

_CHROME = re.compile(
    r"^(top of page|bottom of page|skip to (main )?content|recent posts|see all|share( this)?"
    r"|menu|search|log ?in|sign (in|up)|subscribe|cookies?.*|advertisement|related (posts|"
    r"articles)|read more|back to top|print|comments?|\d+ comments?|(facebook|twitter|linkedin)"
    r"|all rights reserved.*|©.*|copyright .*)$",
    re.IGNORECASE,
)
"""Lines that are the page around the article, not the article."""
_BYLINE = re.compile(
    r"^(by |written by |updated:? |published:? |posted:? |reviewed by |last (updated|reviewed)"
    r"|•|\W*writer's picture)",
    re.IGNORECASE,
)
"""Lines naming the author, the publisher or a date."""
HEADING_WORDS = 14
"""A line of at most this many words without a final full stop is a heading."""


@dataclass(frozen=True)
class NewSource:
    """What `new_source` wrote."""

    record: Path
    text: Path
    curation: Path
    regions: tuple[Region, ...]


def guess_regions(text: str) -> tuple[Region, ...]:
    """Regions of a text a curator then checks: the first line is the title, short lines
    without a final stop are headings, page furniture is chrome, author and date lines are
    bylines, a line repeating earlier content is a pull-quote."""
    kinds: list[tuple[int, str, str]] = []
    seen: set[str] = set()
    title_done = False
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        kind, note = _kind(line, title_done, seen)
        if kind == "title":
            title_done = True
        if kind is None:
            title_done = True  # prose began: later short lines are headings
        else:
            kinds.append((number, kind, note))
        seen.update(part.strip() for part in re.split(r"(?<=[.!?])\s+", line))
        seen.add(line)
    return _join(kinds, text)


def _kind(line: str, title_done: bool, seen: set[str]) -> tuple[str | None, str]:
    if _CHROME.match(line):
        return "chrome", "page furniture"
    if _BYLINE.match(line):
        return "byline", "author, publisher or date"
    if line in seen:
        return "pull-quote", "repeats earlier text"
    short = len(line.split()) <= HEADING_WORDS and not line.endswith((".", ",", ";", ":"))
    if short and not title_done:
        return "title", ""
    if short:
        return "heading", ""
    return None, ""


def _join(kinds: list[tuple[int, str, str]], text: str) -> tuple[Region, ...]:
    """Consecutive lines of one kind (blank lines between them allowed) as one region."""
    lines = text.splitlines()
    regions: list[Region] = []
    for number, kind, note in kinds:
        if (
            regions
            and regions[-1].kind == kind
            and kind in ("chrome", "pull-quote")
            and all(not lines[i - 1].strip() for i in range(regions[-1].lines[1] + 1, number))
        ):
            last = regions.pop()
            regions.append(Region(lines=(last.lines[0], number), kind=kind, note=note))
        else:
            regions.append(Region(lines=(number, number), kind=kind, note=note))
    return tuple(regions)


def new_source(
    text_file: Path,
    source_id: str,
    data_dir: Path,
    *,
    own: bool = False,
    rights: str | None = None,
    licence: str | None = None,
    republish: bool | None = None,
    author: str | None = None,
    url: str | None = None,
    title: str | None = None,
    retrieved: date | None = None,
) -> NewSource:
    """Copy `text_file` to data/sources/<id>.txt and write data/sources/<id>.yaml and an
    empty data/curation/<id>.yaml. `own` marks a text the team wrote (CC BY 4.0,
    republished); otherwise `rights` must say who holds the rights."""
    if not re.match(SLUG, source_id):
        raise CurationError(
            f"source id {source_id!r} is not a slug",
            hint="use lowercase words joined by hyphens, e.g. my-article",
        )
    if not own and not rights:
        raise CurationError(
            "who holds the rights to the text?",
            hint="pass --own for a text the team wrote, or --rights 'WHO'",
        )
    try:
        raw = text_file.read_bytes()
        body = raw.decode("utf-8")
    except OSError as exc:
        raise CurationError(f"cannot read the text: {exc.strerror}", file=text_file) from exc
    except UnicodeDecodeError as exc:
        raise CurationError(
            "the text is not UTF-8", file=text_file, hint="save it as UTF-8 first"
        ) from exc
    _refuse_taken_id(source_id, data_dir)
    sources, curation_dir = data_dir / "sources", data_dir / "curation"
    paths = (
        sources / f"{source_id}.txt",
        sources / f"{source_id}.yaml",
        curation_dir / f"{source_id}.yaml",
    )
    for path in paths:
        if path.exists():
            raise CurationError(
                "already exists; new-source never overwrites",
                file=path,
                hint="pick another --id, or remove the files first",
            )
    regions = guess_regions(body)
    first = next((line.strip() for line in body.splitlines() if line.strip()), source_id)
    name = title or first
    record = SourceRecord(
        id=source_id,
        label=name,
        title=name,
        author=author,
        url=url,
        text=paths[0].name,
        sha256=hashlib.sha256(raw).hexdigest(),
        text_rights=rights or OWN_RIGHTS,
        text_licence=licence or (OWN_LICENCE if own else None),
        republish_text=own if republish is None else republish,
        retrieved=retrieved,
        regions=regions,
        note="Regions guessed by psykg new-source; check them against the text.",
    )
    sources.mkdir(parents=True, exist_ok=True)
    curation_dir.mkdir(parents=True, exist_ok=True)
    paths[0].write_bytes(raw)
    paths[1].write_text(canonical_text(record), encoding="utf-8")
    paths[2].write_text(canonical_text(Curation(statements=())), encoding="utf-8")
    return NewSource(record=paths[1], text=paths[0], curation=paths[2], regions=regions)


def _refuse_taken_id(source_id: str, data_dir: Path) -> None:
    """A source id is a resource IRI: no entity and no other source may have it."""
    for path in sorted((data_dir / "sources").glob("*.yaml")):
        record = load_source(path)
        if record.id == source_id:
            raise CurationError(
                f"id {source_id!r} is already a source",
                file=path,
                line=record.line_of("id"),
                hint="give the source its own id",
            )
    for path in sorted((data_dir / "entities").glob("*.yaml")):
        for entity in load_registry(path).entities:
            if entity.id == source_id:
                raise CurationError(
                    f"id {source_id!r} is an entity of the registry",
                    file=path,
                    line=entity.line,
                    hint="give the source its own id, e.g. ID-article",
                )
