"""Run the `kgx` command line offline, knowing the prefixes of psykg's KGX files.

`python -m psykg.exports.kgxrun [--context FILE] KGX-ARGUMENTS...` is kgx's own command line
(`kgx validate ...`, `kgx transform ...`) with two things set before it starts:

- The Biolink Model files kgx and its Biolink Model Toolkit (bmt) fetch from GitHub when they
  start come from installed packages instead: the model YAML and its prefix map from
  `biolink-model` (the release psykg.exports.kgx.BIOLINK_VERSION names), the Monarch and OBO
  JSON-LD contexts from `prefixcommons`. bmt's predicate mapping file is not in any package;
  it gets an empty mapping list (kgx's validate and transform never read it).
- kgx checks every CURIE prefix against the Biolink JSON-LD context and expands CURIEs with it,
  and has no option to add prefixes; `--context` adds those of a JSON-LD context file
  (dist/kgx/context.jsonld declares psykg's), so ids such as `psykgr:depression` validate and
  become real IRIs in `kgx transform --output-format nt`.

Nothing else of kgx changes: its checks, readers and writers run as published.
"""

from __future__ import annotations

import json
import sys
from importlib import resources
from pathlib import Path
from typing import Any

MONARCH_CONTEXTS = ("monarch_context", "obo_context")
"""kgx's fallback CURIE contexts, read from prefixcommons' registry folder."""
EMPTY_PREDICATE_MAP: dict[str, Any] = {"predicate mappings": []}


def biolink_schema() -> str:
    """The Biolink Model YAML shipped in the biolink-model package."""
    return str(resources.files("biolink_model").joinpath("schema/biolink_model.yaml"))


def biolink_prefixes() -> dict[str, str]:
    """The Biolink Model prefix map shipped in the biolink-model package."""
    path = resources.files("biolink_model").joinpath("prefixmaps/biolink-model-prefix-map.json")
    prefixes: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))
    return prefixes


def read_context(path: Path) -> dict[str, str]:
    """prefix -> namespace from a JSON-LD context file (string-valued terms only)."""
    document = json.loads(path.read_text(encoding="utf-8"))
    terms = document.get("@context", document)
    return {k: v for k, v in terms.items() if isinstance(v, str) and not k.startswith("@")}


def prepare(extra: dict[str, str]) -> None:
    """Point bmt and kgx at the packaged Biolink files and add `extra` prefixes, before kgx's
    command line is imported (kgx builds its Biolink toolkit at import time)."""
    import bmt.toolkit

    init = bmt.toolkit.Toolkit.__init__
    init.__defaults__ = (biolink_schema(), EMPTY_PREDICATE_MAP)

    import kgx.config

    kgx.config.jsonld_context_map["biolink"] = {**biolink_prefixes(), **extra}
    registry = resources.files("prefixcommons").joinpath("registry")
    for name in MONARCH_CONTEXTS:
        text = registry.joinpath(f"{name}.jsonld").read_text(encoding="utf-8")
        kgx.config.jsonld_context_map[name] = json.loads(text)["@context"]


def main(argv: list[str] | None = None) -> None:
    """Parse `--context FILE` (optional, first), prepare kgx, then run kgx's command line."""
    args = list(sys.argv[1:] if argv is None else argv)
    extra: dict[str, str] = {}
    if args[:1] == ["--context"]:
        if len(args) < 2:
            raise SystemExit("kgxrun: --context needs a JSON-LD context file")
        extra = read_context(Path(args[1]))
        args = args[2:]
    try:
        prepare(extra)
        from kgx.cli import cli
    except ModuleNotFoundError as error:
        raise SystemExit(
            f"kgxrun: {error.name} is not installed (pip install kgx==2.6.0 biolink-model)"
        ) from None

    cli.main(args=args, prog_name="kgx")


if __name__ == "__main__":
    main()
