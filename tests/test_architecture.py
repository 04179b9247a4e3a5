"""The folder tree is the architecture: each package imports only from itself and the layers
below it (docs/architecture.md), no module imports another's private names, and no import
circle exists."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "psykg"

LAYERS: dict[str, int] = {
    "errors": 0,
    "heap": 0,
    "paths": 1,
    "rdf": 2,
    "sparql": 3,
    "curation": 4,
    "build": 5,
    "validation": 6,
    "release": 7,
    "exports": 8,
    "site": 8,
    "server": 9,
    "api": 10,
    "assist": 6,
    "commands": 11,
    "cli": 12,
    "__init__": 12,
}
"""Top-level package or module of psykg -> its layer: it may import only from lower layers and
from itself. exports and site share a layer and do not import each other; server serves the
site's files and reads its IRI table."""
ALLOWED_SIDEWAYS = {("server", "site")}


def _modules() -> dict[str, Path]:
    return {
        ".".join(("psykg", *p.relative_to(SRC).with_suffix("").parts)).removesuffix(".__init__"): p
        for p in sorted(SRC.rglob("*.py"))
    }


MODULES = _modules()


def _imports(path: Path) -> list[tuple[str, list[str], int]]:
    """(module imported, names imported, line) for every psykg import in `path`."""
    out: list[tuple[str, list[str], int]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.ImportFrom)
            and node.module
            and node.level == 0
            and (node.module == "psykg" or node.module.startswith("psykg."))
        ):
            names = [a.name for a in node.names]
            if node.module == "psykg":
                out += [(f"psykg.{n}", [], node.lineno) for n in names]
            else:
                out.append((node.module, names, node.lineno))
        elif isinstance(node, ast.Import):
            out += [(a.name, [], node.lineno) for a in node.names if a.name.startswith("psykg")]
    return out


def _part(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def test_every_part_has_a_layer() -> None:
    assert {_part(m) for m in MODULES} <= set(LAYERS)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_go_down_the_layers(module: str) -> None:
    here = _part(module)
    for target, _, line in _imports(MODULES[module]):
        there = _part(target)
        if there == here or (here, there) in ALLOWED_SIDEWAYS:
            continue
        assert LAYERS[there] < LAYERS[here], (
            f"{MODULES[module].relative_to(SRC)}:{line}: {here} (layer {LAYERS[here]}) imports "
            f"{target} (layer {LAYERS[there]}); move the shared piece down a layer"
        )


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_private_name_crosses_modules(module: str) -> None:
    for target, names, line in _imports(MODULES[module]):
        private = [n for n in names if n.startswith("_")]
        assert not private, (
            f"{MODULES[module].relative_to(SRC)}:{line}: imports {private} "
            f"from {target}; make it public or move it"
        )


def test_no_import_circles() -> None:
    edges: dict[str, set[str]] = {m: set() for m in MODULES}
    for module, path in MODULES.items():
        for target, names, _ in _imports(path):
            for candidate in (*(f"{target}.{n}" for n in names), target):
                if candidate in MODULES and candidate != module:
                    edges[module].add(candidate)
                    break
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(edges[node]):
            if state.get(nxt) == 1:
                cycle = [*stack[stack.index(nxt) :], nxt]
                pytest.fail("import circle: " + " -> ".join(cycle))
            if nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for module in sorted(MODULES):
        if module not in state:
            visit(module)
