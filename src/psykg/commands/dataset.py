"""Commands that build and check the dataset: build, check, validate, coverage, diff, fmt.

Handlers import the stage they run when they run (see psykg.commands)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from psykg.paths import DIST_DIR, Inputs, project_root


def register(sub: Any) -> None:
    """Add the dataset commands to the CLI."""
    p = sub.add_parser("build", help="compile, reason, validate and write dist/ atomically")
    p.add_argument(
        "--dist", type=Path, help="release folder to write (default: dist/ in the checkout)"
    )
    hermit = p.add_mutually_exclusive_group()
    hermit.add_argument(
        "--no-hermit",
        action="store_true",
        help="skip the HermiT consistency check (the rule closure still runs)",
    )
    hermit.add_argument(
        "--hermit",
        action="store_true",
        help="run HermiT even above its size limit (it may take hours)",
    )
    p.set_defaults(handler=_build)

    p = sub.add_parser(
        "check",
        help="apply every rule build applies, without writing: "
        "quotes, shapes, SPARQL checks, HermiT",
    )
    p.add_argument(
        "--no-hermit",
        action="store_true",
        help="skip the HermiT consistency check (the rule closure still runs)",
    )
    p.set_defaults(handler=_check)

    p = sub.add_parser("validate", help="validate the built dataset or given RDF files")
    p.add_argument("files", nargs="*", type=Path, help="Turtle/N-Triples/RDF files to validate")
    p.set_defaults(handler=_validate)

    p = sub.add_parser("coverage", help="list content sentences and the statements on them")
    p.add_argument("--uncovered", action="store_true", help="show only uncovered sentences")
    p.set_defaults(handler=_coverage)

    p = sub.add_parser(
        "diff",
        help="what changed between two built releases",
        description="Statements (by id, with quotes), entities, mappings and "
        "ontology terms added, removed or changed from OLD to NEW.",
    )
    p.add_argument("old", type=Path, help="the earlier release folder")
    p.add_argument("new", type=Path, help="the later release folder")
    p.add_argument(
        "--format",
        choices=("text", "md"),
        default="text",
        help="plain text (default) or Markdown for release notes",
    )
    p.add_argument(
        "--exit-code",
        action="store_true",
        help="exit 1 when the releases differ (as git diff --exit-code)",
    )
    p.set_defaults(handler=_diff)

    p = sub.add_parser("fmt", help="rewrite curation files in their canonical form")
    p.add_argument("--check", action="store_true", help="only report files not in canonical form")
    p.set_defaults(handler=_fmt)


def _inputs() -> Inputs:
    return Inputs(project_root())


def _build(args: argparse.Namespace) -> int:
    from psykg import api
    from psykg.build import reason

    inputs = _inputs()
    out = args.dist or inputs.root / DIST_DIR
    result = api.build(
        inputs,
        out,
        use_hermit=not args.no_hermit,
        hermit_limit=None if args.hermit else reason.HERMIT_MAX_TRIPLES,
    )
    report = result.report
    for note in result.notes:
        print(f"note: {note}")
    print(
        f"built {out}: {result.counts.triples} triples "
        f"({len(result.compiled.triples)} asserted, {len(result.inferred)} inferred), "
        f"{len(report.violations)} violations, {len(report.warnings)} warnings"
    )
    return 0


def _check(args: argparse.Namespace) -> int:
    from psykg.release.curation_check import check_curation

    result = check_curation(_inputs(), use_hermit=not args.no_hermit)
    compiled = result.compiled
    for note in result.notes:
        print(f"note: {note}")
    for line in result.report.text().splitlines() if result.report.warnings else ():
        print(line)
    print(
        f"ok: {len(compiled.anchors)} statements, {len(compiled.entity_types)} entities, "
        f"every quote anchored; {result.counts.triples} triples conform to the shapes and "
        f"checks ({len(result.report.warnings)} warnings)"
        + ("" if args.no_hermit or result.notes else "; consistent (HermiT)")
    )
    return 0


def _validate(args: argparse.Namespace) -> int:
    from psykg.validation.files import validate_files

    report = validate_files(args.files, _inputs())
    sys.stdout.write(report.text())
    return 0 if report.conforms else 1


def _coverage(args: argparse.Namespace) -> int:
    from psykg.build.compile import compile_inputs
    from psykg.build.coverage import coverage, render

    _, compiled = compile_inputs(_inputs())
    sys.stdout.write(render(coverage(compiled), uncovered_only=args.uncovered))
    return 0


def _diff(args: argparse.Namespace) -> int:
    from psykg.release.diff import Release, diff, render

    changes = diff(Release.read(args.old), Release.read(args.new))
    sys.stdout.write(render(changes, args.format))
    return 1 if args.exit_code and changes else 0


def _fmt(args: argparse.Namespace) -> int:
    from psykg.curation.fmt import format_files

    changed = format_files(_inputs().yaml_files, check=args.check)
    for path in changed:
        print(f"{'not canonical' if args.check else 'rewrote'}: {path}")
    return 1 if (args.check and changed) else 0
