"""Benchmark (not a test): recall and precision of `psykg suggest` against hand curation.

    python benchmarks/suggest.py [--details]

For the seed (data/) and the team's second source (tests/fixtures/second-source/), drafts
every claim of the source (`suggest(..., skip_curated=False)`) in a temporary copy of the
checkout and compares them with the source's hand curation, claim by claim (subject,
predicate, object or value). Prints a Markdown table; docs/curator-tools.md quotes it.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from psykg.assist.cues import cues
from psykg.assist.score import Score, claim, score
from psykg.assist.suggest import suggest
from psykg.build.ontology import Ontology
from psykg.curation.fmt import canonical_text
from psykg.curation.load import load_curation, load_registry
from psykg.curation.model import Registry
from psykg.paths import Inputs

ROOT = Path(__file__).resolve().parents[1]
SECOND = ROOT / "tests" / "fixtures" / "second-source"


def checkout_with(folder: Path, extra: Path | None) -> Inputs:
    """A copy of the checkout in `folder`, with the source files of `extra` added (its
    registry entries that the checkout lacks in data/entities/<its name>.yaml)."""
    for name in ("ontology", "data", "queries"):
        shutil.copytree(ROOT / name, folder / name)
    if extra is not None:
        for sub in ("sources", "curation"):
            for path in sorted((extra / sub).iterdir()):
                shutil.copyfile(path, folder / "data" / sub / path.name)
        known = {
            e.id
            for p in (folder / "data" / "entities").glob("*.yaml")
            for e in load_registry(p).entities
        }
        for path in sorted((extra / "entities").glob("*.yaml")):
            new = tuple(e for e in load_registry(path).entities if e.id not in known)
            if new:
                (folder / "data" / "entities" / path.name).write_text(
                    canonical_text(Registry(entities=new)), encoding="utf-8"
                )
    return Inputs(folder)


def measure(inputs: Inputs, name: str, details: bool) -> Score:
    """Score the drafts of source `name` against its curation file."""
    cued = {c.predicate for c in cues(Ontology.load(inputs.ontology))}
    curated = load_curation(inputs.data_dir / "curation" / f"{name}.yaml").statements
    drafts = suggest(inputs, name, skip_curated=False).statements
    result = score(drafts, curated, cued)
    if details:
        hand = {claim(st) for st in curated}
        mine = {claim(st) for st in drafts}
        for c in sorted(mine - hand):
            print(f"  extra   {c}", file=sys.stderr)
        for c in sorted(hand - mine):
            print(f"  missed  {c}", file=sys.stderr)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--details", action="store_true", help="list extra and missed claims on stderr"
    )
    args = parser.parse_args()
    print(
        "| source | hand-curated claims | of them with a cued predicate | drafts | matched "
        "| recall | recall on cued predicates | precision |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for name, extra in (("psychodynamic-therapy", None), ("trauma-overview", SECOND)):
        with tempfile.TemporaryDirectory() as tmp:
            result = measure(checkout_with(Path(tmp), extra), name, args.details)
        cued_recall = result.matched / result.cued_curated if result.cued_curated else 0.0
        print(
            f"| {name} | {result.curated} | {result.cued_curated} | {result.drafted} | "
            f"{result.matched} | {result.recall:.2f} | {cued_recall:.2f} | "
            f"{result.precision:.2f} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
