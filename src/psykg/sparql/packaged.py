"""Packaged SPARQL queries: read their grlc headers, resolve parameters, bind and run them.

A query file `queries/NAME.rq` starts with grlc decorators (`#+ summary:`, `#+ tags:`,
`#+ defaults:` ...) and marks its parameters the grlc/BASIL way: `?_name_iri` is a required
parameter, `?__name_iri` an optional one. Binding replaces the variable by the IRI, exactly
as grlc does, so the files can be served by grlc unchanged. An optional parameter left unbound
stays a variable and matches everything (e.g. all therapies); a required parameter left unset
takes its `#+ defaults:` value.

Rows returned to Python hold plain values: IRIs as `str`, literals as their lexical form
(`str`), except xsd integer types (`int`) and xsd:boolean (`bool`); unbound is None.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from psykg.errors import QueryError
from psykg.paths import QUERIES_DIR, project_root
from psykg.rdf.datatypes import INTEGER_TYPE_NAMES, XSD
from psykg.rdf.prefixes import DATASET_IRI, PREFIXES, expand
from psykg.sparql import engines
from psykg.sparql.dataset import dataset_file, load_graph, load_store
from psykg.sparql.engines import Result

if TYPE_CHECKING:
    import pyoxigraph
    from rdflib import Graph


PSYKG_NS = PREFIXES["psykg"]
RESOURCE_NS = PREFIXES["psykgr"]

PARAMETER_CLASSES: dict[str, str | None] = {
    "therapy": PSYKG_NS + "Therapy",
    "other": PSYKG_NS + "Therapy",
    "condition": PSYKG_NS + "Condition",
    "resource": None,
}
"""Parameter name -> the class its value must have (None: any labelled resource)."""

ENGINE_NAMES = ("oxigraph", "rdflib")
"""Query engines; the first is the default (embedded pyoxigraph)."""

_PARAMETER = re.compile(
    r"[?$](?P<var>(?P<required>__?)(?P<name>[A-Za-z0-9]+)"
    r"(?:_(?P<type>[A-Za-z0-9]+))?)(?![A-Za-z0-9_])"
)


@dataclass(frozen=True)
class Parameter:
    """A grlc-style query parameter."""

    name: str
    variable: str
    required: bool
    type: str
    default: str | None
    cls: str | None

    @property
    def optional(self) -> bool:
        """True when a user may leave the parameter out (it is optional or has a default)."""
        return not self.required or self.default is not None

    def describe(self) -> str:
        """One line for --list: name, kind and default."""
        kind = "required" if self.required else "optional, default: all"
        if self.required and self.default:
            kind = f"default: {self.default}"
        what = self.cls.removeprefix(PSYKG_NS) if self.cls else self.type
        return f"{self.name} ({what}; {kind})"


@dataclass(frozen=True)
class PackagedQuery:
    """One query file with its header metadata."""

    name: str
    path: Path
    text: str
    summary: str
    description: str
    tags: tuple[str, ...]
    parameters: tuple[Parameter, ...]
    datatypes: tuple[tuple[str, str], ...] = ()
    """(column, datatype IRI) from `#+ datatypes:`: the integer datatype the data gives the
    column's values, restored where an engine folds it into xsd:integer (`typed`)."""

    def parameter(self, name: str) -> Parameter:
        """The parameter called `name`, or a QueryError naming the ones there are."""
        for param in self.parameters:
            if param.name == name:
                return param
        known = ", ".join(p.name for p in self.parameters) or "none"
        raise QueryError(
            f"query {self.name!r} has no parameter {name!r}", hint=f"its parameters: {known}"
        )

    def describe(self) -> dict[str, Any]:
        """The query's metadata as JSON-ready data: the one description that the release's
        queries/index.json, the endpoint's /api and the query page all show."""
        return {
            "name": self.name,
            "summary": self.summary,
            "description": self.description,
            "tags": list(self.tags),
            "parameters": [
                {
                    "name": p.name,
                    "variable": "?" + p.variable,
                    "required": p.required,
                    "optional": p.optional,
                    "type": p.type,
                    "default": p.default,
                    "class": p.cls,
                }
                for p in self.parameters
            ],
        }


# ---------------------------------------------------------------- reading query files


def decorators(text: str, path: Path | None = None) -> dict[str, Any]:
    """The grlc `#+` header of a query as a mapping (grlc reads it as YAML too)."""
    import yaml

    lines = [line[2:] for line in text.splitlines() if line.startswith("#+")]
    try:
        meta = yaml.safe_load("\n".join(lines)) if lines else {}
    except yaml.YAMLError as exc:
        raise QueryError(
            f"the #+ header is not valid YAML: {exc}",
            file=path,
            hint="see the grlc decorator syntax in queries/README.md",
        ) from None
    if meta is None:
        return {}
    if not isinstance(meta, dict):
        raise QueryError("the #+ header must be `key: value` lines", file=path)
    return meta


def read_query(path: Path) -> PackagedQuery:
    """Parse one query file: header decorators and grlc parameters."""
    text = path.read_text(encoding="utf-8")
    meta = decorators(text, path)
    summary = meta.get("summary")
    if not isinstance(summary, str) or not summary.strip():
        raise QueryError(
            "the query has no `#+ summary:`",
            file=path,
            hint="start the file with `#+ summary: <one line>`",
        )
    defaults: dict[str, str] = {}
    for entry in meta.get("defaults") or []:
        if not isinstance(entry, dict):
            raise QueryError("`#+ defaults:` entries must be `- name: value`", file=path)
        defaults.update({str(k): str(v) for k, v in entry.items()})
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    found: dict[str, Parameter] = {}
    for match in _PARAMETER.finditer(body):
        name = match["name"]
        if name in found:
            continue
        found[name] = Parameter(
            name=name,
            variable=match["var"],
            required=match["required"] == "_",
            type=match["type"] or "string",
            default=defaults.get(name),
            cls=PARAMETER_CLASSES.get(name),
        )
    datatypes: dict[str, str] = {}
    for entry in meta.get("datatypes") or []:
        if not isinstance(entry, dict):
            raise QueryError("`#+ datatypes:` entries must be `- column: xsd:type`", file=path)
        for column, curie in entry.items():
            iri = INTEGER_TYPE_NAMES.get(str(curie))
            if iri is None or not re.search(rf"\?{re.escape(str(column))}\b", body):
                raise QueryError(
                    f"`#+ datatypes:` {column}: {curie} is not an XSD integer "
                    "datatype of a column of the query",
                    file=path,
                    hint="e.g. `- start: xsd:nonNegativeInteger`",
                )
            datatypes[str(column)] = iri
    unknown = sorted(set(defaults) - set(found))
    if unknown:
        raise QueryError(
            f"`#+ defaults:` names no parameter of the query: {', '.join(unknown)}", file=path
        )
    return PackagedQuery(
        name=path.stem,
        path=path,
        text=text,
        summary=summary.strip(),
        description=" ".join(str(meta.get("description") or "").split()),
        tags=tuple(str(t) for t in meta.get("tags") or ()),
        parameters=tuple(sorted(found.values(), key=lambda p: (not p.required, p.name))),
        datatypes=tuple(sorted(datatypes.items())),
    )


def typed(result: Result, datatypes: Iterable[tuple[str, str]]) -> Result:
    """`result` with each xsd:integer value of a column named in `datatypes` given that
    column's declared datatype. pyoxigraph stores every XSD integer datatype as xsd:integer
    (xsd:nonNegativeInteger offsets come back as xsd:integer), rdflib, Virtuoso and Oxigraph
    server keep the data's own; with this, every engine answers the same datatype."""
    at = {result.vars.index(c): iri for c, iri in datatypes if c in result.vars}
    if not at or result.boolean is not None or result.triples is not None:
        return result
    integer = XSD + "integer"

    def fix(i: int, term: engines.Term | None) -> engines.Term | None:
        if i in at and term is not None and term.kind == "literal" and term.datatype == integer:
            return engines.Term("literal", term.value, at[i], None)
        return term

    rows = [tuple(fix(i, term) for i, term in enumerate(row)) for row in result.rows]
    return Result(vars=result.vars, rows=rows)


def queries_dir(root: Path | None = None) -> Path:
    """The packaged queries folder of the checkout."""

    return (root or project_root()) / QUERIES_DIR


def load_queries(folder: Path | None = None) -> dict[str, PackagedQuery]:
    """Every packaged query (queries/*.rq, not the checks), by name, sorted."""
    folder = folder or queries_dir()
    return {path.stem: read_query(path) for path in sorted(folder.glob("*.rq"))}


def get_query(name: str, folder: Path | None = None) -> PackagedQuery:
    """One packaged query by name; an unknown name is an error naming the closest."""
    available = load_queries(folder)
    if name not in available:
        raise QueryError(f"no packaged query {name!r}", hint=_closest_hint(name, available))
    return available[name]


def _closest_hint(value: str, choices: Iterable[str]) -> str:
    """`closest: ...` (compared without case), or the first known values if none is close."""
    choices = sorted(set(choices))
    folded: dict[str, str] = {}
    for choice in choices:
        folded.setdefault(choice.casefold(), choice)
    close = difflib.get_close_matches(value.casefold(), list(folded), n=3, cutoff=0.5)
    if close:
        return "closest: " + ", ".join(folded[c] for c in close)
    return "known: " + ", ".join(choices[:12]) + (" …" if len(choices) > 12 else "")


# ---------------------------------------------------------------- engines and data

Runner = Callable[[str], "Result"]


def runner(data: pyoxigraph.Store | Graph, *, offset: int = 0) -> Runner:
    """A function running SPARQL text on `data` (a pyoxigraph Store or an rdflib Graph)."""
    import pyoxigraph

    if isinstance(data, pyoxigraph.Store):
        store = data
        return lambda sparql: engines.run_oxigraph(store, sparql, offset=offset)
    graph = data
    return lambda sparql: engines.run_rdflib(graph, sparql, offset=offset)


_LOADED: dict[tuple[str, str, int, int], Any] = {}


def default_data(engine: str = "oxigraph", path: Path | None = None) -> pyoxigraph.Store | Graph:
    """The built dataset (dist/psykg.nt) loaded for `engine`, cached while the file is unchanged."""
    if engine not in ENGINE_NAMES:
        raise QueryError(f"unknown engine {engine!r}", hint=f"use one of {', '.join(ENGINE_NAMES)}")
    file = dataset_file(path)
    stat = file.stat()
    key = (engine, str(file.resolve()), stat.st_mtime_ns, stat.st_size)
    if key not in _LOADED:
        _LOADED.clear()
        _LOADED[key] = load_store(file) if engine == "oxigraph" else load_graph(file)
    data: pyoxigraph.Store | Graph = _LOADED[key]
    return data


# ---------------------------------------------------------------- parameter values


def expand_curie(value: str) -> str | None:
    """The IRI of a `prefix:local` CURIE with a known prefix, else None."""
    prefix, sep, local = value.partition(":")
    return expand(value) if sep and prefix in PREFIXES and not local.startswith("//") else None


def _candidates(run: Runner, cls: str | None) -> list[tuple[str, str]]:
    """(IRI, label) for every resource a parameter of class `cls` may name."""
    typed = f"?resource a <{cls}> ." if cls else ""
    sparql = f"""
SELECT DISTINCT ?resource ?label WHERE {{
  {typed}
  ?resource <http://www.w3.org/2000/01/rdf-schema#label>
          | <http://www.w3.org/2004/02/skos/core#prefLabel>
          | <http://www.w3.org/2004/02/skos/core#altLabel> ?label .
  FILTER(STRSTARTS(STR(?resource), "{RESOURCE_NS}"))
  FILTER(!STRSTARTS(STR(?resource), "{RESOURCE_NS}statement/"))
  FILTER(!STRSTARTS(STR(?resource), "{RESOURCE_NS}quote/"))
}}"""
    result = run(sparql)
    pairs = {
        (str(row[0].value), str(row[1].value))
        for row in result.rows
        if row[0] is not None and row[1] is not None
    }
    return sorted(pairs)


def resolve(value: str, param: Parameter, run: Runner) -> str:
    """The IRI a parameter value names: an IRI, a CURIE, a slug or a label (any case)."""
    value = value.strip()
    candidates = _candidates(run, param.cls)
    iris = {iri for iri, _ in candidates}
    what = param.cls.removeprefix(PSYKG_NS).lower() if param.cls else "resource"
    iri = value[1:-1] if value.startswith("<") and value.endswith(">") else None
    if iri is None and re.match(r"https?://", value):
        iri = value
    if iri is None:
        iri = expand_curie(value)
    if iri is None and RESOURCE_NS + value in iris:
        iri = RESOURCE_NS + value
    if iri is not None:
        if iri in iris:
            return iri
        slugs = [i.removeprefix(RESOURCE_NS) for i in iris]
        raise QueryError(
            f"{param.name}: {value} is not a known {what}",
            hint=_closest_hint(iri.removeprefix(RESOURCE_NS), slugs),
        )
    by_label: dict[str, set[str]] = {}
    for resource, label in candidates:
        by_label.setdefault(label.casefold(), set()).add(resource)
    matches = by_label.get(value.casefold(), set())
    if len(matches) == 1:
        return matches.pop()
    if matches:
        raise QueryError(
            f"{param.name}: {value!r} names several resources: " + ", ".join(sorted(matches)),
            hint="give the IRI or CURIE instead",
        )
    labels = sorted({label for _, label in candidates})
    elsewhere = (
        sorted(
            {iri for iri, label in _candidates(run, None) if label.casefold() == value.casefold()}
        )
        if param.cls
        else []
    )
    found = f" ({value!r} names {', '.join(elsewhere)}, which is not a {what})" if elsewhere else ""
    raise QueryError(
        f"{param.name}: no {what} is called {value!r}{found}", hint=_closest_hint(value, labels)
    )


def bind(query: PackagedQuery, iris: dict[str, str]) -> str:
    """The query text with each given parameter replaced by its IRI (as grlc does)."""
    text = query.text
    for name, iri in iris.items():
        param = query.parameter(name)
        if re.search(r"[\s<>\"{}|\\^`]", iri):
            raise QueryError(f"{name}: {iri!r} is not a valid IRI")
        pattern = re.compile(r"[?$]" + re.escape(param.variable) + r"(?![A-Za-z0-9_])")
        text = pattern.sub(f"<{iri}>".replace("\\", "\\\\"), text)
    return text


def prepare(query: PackagedQuery, params: dict[str, str], run: Runner) -> str:
    """Resolve the given parameter values (and defaults) and bind them into the query text."""
    for name in params:
        query.parameter(name)
    iris: dict[str, str] = {}
    for param in query.parameters:
        value = params.get(param.name, param.default if param.required else None)
        if value is None:
            if param.required:
                raise QueryError(
                    f"query {query.name!r} needs the parameter {param.name!r}",
                    hint=f"pass --param {param.name}=VALUE",
                )
            continue
        iris[param.name] = resolve(str(value), param, run) if param.type == "iri" else value
    return bind(query, iris)


def run_query(
    name: str,
    params: dict[str, str] | None = None,
    *,
    data: pyoxigraph.Store | Graph | None = None,
    engine: str = "oxigraph",
    folder: Path | None = None,
) -> Result:
    """Run packaged query `name` with parameter values on `data` (default: the built dataset)."""
    query = get_query(name, folder)
    run = runner(data if data is not None else default_data(engine))
    return typed(run(prepare(query, params or {}, run)), query.datatypes)


# ---------------------------------------------------------------- Python API


class Rows(list[dict[str, Any]]):
    """Query rows as plain dicts (see the module docstring for the value types)."""

    def __init__(self, variables: Iterable[str], rows: Iterable[dict[str, Any]]) -> None:
        super().__init__(rows)
        self.vars = tuple(variables)

    def to_dataframe(self) -> Any:
        """The rows as a pandas DataFrame (needs pandas installed)."""
        try:
            import pandas
        except ModuleNotFoundError:
            raise QueryError("to_dataframe() needs pandas", hint="pip install pandas") from None
        return pandas.DataFrame(list(self), columns=list(self.vars))


def to_rows(result: Result) -> Rows:
    """Plain-valued rows of a SELECT result."""
    if result.boolean is not None or result.triples is not None:
        raise QueryError("only SELECT queries give rows")
    return Rows(
        result.vars,
        (
            {
                name: (None if term is None else term.python())
                for name, term in zip(result.vars, row, strict=True)
            }
            for row in result.rows
        ),
    )


def query(
    name: str,
    /,
    *,
    data: pyoxigraph.Store | Graph | None = None,
    engine: str = "oxigraph",
    **params: str,
) -> Rows:
    """Run a packaged query, e.g. ``query("indications", therapy="psychodynamic therapy")``.

    Parameter values may be labels (any case, alternative labels too), CURIEs or IRIs.
    `data` defaults to the built dataset loaded for `engine` ("oxigraph" or "rdflib").
    """
    return to_rows(run_query(name, params, data=data, engine=engine))


# ---------------------------------------------------------------- release index


def queries_index(folder: Path) -> dict[str, Any]:
    """A JSON-ready description of every packaged query in `folder`."""
    entries = []
    for q in load_queries(folder).values():
        raw = q.path.read_bytes()
        entries.append(
            {**q.describe(), "file": f"{q.name}.rq", "sha256": hashlib.sha256(raw).hexdigest()}
        )
    return {
        "description": "Packaged SPARQL queries of psykg, one per competency question; the "
        "#+ headers follow grlc's decorator syntax.",
        "dataset": DATASET_IRI,
        "queries": entries,
    }


def write_queries_index(folder: Path, queries_dir: Path) -> None:
    """Write `folder`/queries/: index.json, index.md and a byte copy of every .rq file."""
    out = folder / "queries"
    out.mkdir(parents=True, exist_ok=True)
    index = queries_index(queries_dir)
    (out / "index.json").write_text(
        json.dumps(index, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    lines = ["# psykg packaged queries", "", "| query | summary | parameters |", "|---|---|---|"]
    for entry in index["queries"]:
        params = (
            ", ".join(
                p["name"] + ("" if p["required"] else " (optional)") for p in entry["parameters"]
            )
            or "none"
        )
        lines.append(f"| [{entry['name']}]({entry['file']}) | {entry['summary']} | {params} |")
    (out / "index.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for entry in index["queries"]:
        (out / entry["file"]).write_bytes((queries_dir / entry["file"]).read_bytes())
