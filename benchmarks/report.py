"""Markdown of the benchmark (docs/benchmarks.md) from the raw results of every size.

`render(sizes, cli, machines)` takes one dict per corpus size N: {"size": N, "stages": ...,
"build": ...}, either part possibly missing (run.py measures them separately), and the CLI
timings on the real dataset.
"""

from __future__ import annotations

import math
import statistics
from pathlib import Path
from typing import Any

TARGET_N = 1000
"""The corpus size of issue 6's scale targets."""

FAST_VS_REF = {
    "validate: compiled SHACL": "ref validate: pyshacl",
    "validate: SPARQL checks (pyoxigraph)": "ref validate: SPARQL checks (rdflib)",
    "validate: SPARQL checks as shipped (pyoxigraph)": "ref validate: SPARQL checks (rdflib)",
    "serialise: turtle (pyoxigraph)": "ref serialise: turtle (rdflib)",
    "serialise: jsonld (pyoxigraph)": "ref serialise: jsonld (rdflib)",
    "serialise: rdfxml (pyoxigraph)": "ref serialise: rdfxml (rdflib)",
    "load: pyoxigraph store": "ref load: rdflib parse N-Triples",
    "queries (pyoxigraph)": "ref queries (rdflib)",
}
BUILD_STAGES = (
    "compile + anchor",
    "reason: rules",
    "serialise: N-Triples (sorted)",
    "load: pyoxigraph store",
    "validate: compiled SHACL",
    "validate: SPARQL checks (pyoxigraph)",
    "serialise: turtle (pyoxigraph)",
    "serialise: jsonld (pyoxigraph)",
    "serialise: rdfxml (pyoxigraph)",
)
"""The stages summed as "stage sums on the fast path" (HermiT excluded)."""

SAID: dict[bool | str | None, str] = {
    None: "not run",
    True: "yes",
    False: "NO",
    "values": "values only",
}
VERDICT = {True: "met", False: "**missed**", None: "-"}

KEPT_HEADING = "## Real `psykg build` (end to end)"
"""A hand-written section at the end of the output file, kept when the file is rewritten."""


def kept_section(out: Path) -> str:
    """The text of `out` from the KEPT_HEADING line on (with a blank line before it), or ""."""
    if not out.is_file():
        return ""
    text = out.read_text(encoding="utf-8")
    at = text.find("\n" + KEPT_HEADING + "\n")
    return "\n" + text[at + 1 :] if at >= 0 else ""


# ---------------------------------------------------------------- derived numbers


def stage_sum(r: dict[str, Any]) -> tuple[float, float]:
    """(seconds, peak MB) of the fast-path stages of one size's stage run."""
    present = [n for n in BUILD_STAGES if n in r["stages"]]
    return (
        sum(r["stages"][n]["seconds"] for n in present),
        max(r["stages"][n]["peak_mb"] for n in present),
    )


def stage_ratio(r: dict[str, Any], fast: str) -> float | None:
    """Plain-path time / fast-path time of a stage pair, or None when one was not run."""
    ref = FAST_VS_REF[fast]
    if fast not in r["stages"] or ref not in r["stages"]:
        return None
    return float(r["stages"][ref]["seconds"] / max(r["stages"][fast]["seconds"], 1e-6))


def query_ratio(q: dict[str, Any]) -> float | None:
    """rdflib time / pyoxigraph time of one packaged query (a lower bound when rdflib was
    stopped), or None when rdflib did not run it."""
    if q["ref_s"] is None:
        return None
    return float(q["ref_s"] / max(q["fast_s"], 1e-6))


def median_query_ratio(queries: dict[str, dict[str, Any]]) -> tuple[float, float, int] | None:
    """(lower bound, upper bound, queries stopped) of the median per-query ratio: a stopped
    query counts with its lower bound for the first and as infinitely slow for the second."""
    ran = [q for q in queries.values() if q["ref_s"] is not None]
    if not ran:
        return None
    low = [query_ratio(q) or 0.0 for q in ran]
    high = [math.inf if q["ref_timed_out"] else query_ratio(q) or 0.0 for q in ran]
    return (
        statistics.median(low),
        statistics.median(high),
        sum(bool(q["ref_timed_out"]) for q in ran),
    )


def _seconds(s: float, stopped: bool) -> str:
    """Seconds to 3 significant digits, ">" before a lower bound."""
    return f"{'>' if stopped else ''}{s:.3g} s"


# ---------------------------------------------------------------- targets


def _cli_rows(cli: dict[str, float]) -> list[tuple[str, str, bool | None]]:
    rows: list[tuple[str, str, bool | None]] = []
    for name, limit in (
        ("psykg build", 3.0),
        ("psykg query --list", 0.3),
        ("psykg query indications", 0.6),
    ):
        sec = cli.get(name)
        rows.append(
            (
                f"`{name}` (real dataset) <= {limit} s",
                f"{sec:.2f} s" if sec is not None else "not measured",
                None if sec is None else sec <= limit,
            )
        )
    return rows


def _build_rows(by_size: dict[int, dict[str, Any]]) -> list[tuple[str, str, bool | None]]:
    built = {
        n: d["build"]["no_hermit"] for n, d in by_size.items() if "no_hermit" in d.get("build", {})
    }
    big = built.get(TARGET_N)
    if big is None:
        return [
            (
                f"N={TARGET_N}: full build (`psykg build --no-hermit`) <= 90 s",
                "not run"
                + (f" (largest measured: N={max(built)}, {big_text(built)})" if built else ""),
                None,
            )
        ]
    triples = by_size[TARGET_N].get("stages", {}).get("counts", {}).get("triples")
    size = f" ({triples} triples)" if triples else ""
    rows: list[tuple[str, str, bool | None]] = []
    if big["failed"]:
        rows.append(
            (
                f"N={TARGET_N}{size}: full build (`psykg build --no-hermit`) <= 90 s",
                f"failed (exit {big['exit']})",
                False,
            )
        )
    else:
        rows.append(
            (
                f"N={TARGET_N}{size}: full build (`psykg build --no-hermit`) <= 90 s",
                _seconds(big["seconds"], big["timed_out"])
                + (" (stopped at the build budget)" if big["timed_out"] else ""),
                big["seconds"] <= 90 and not big["timed_out"],
            )
        )
    peak = big["peak_mb"]
    over = peak > 4096
    rows.append(
        (
            f"N={TARGET_N}: full build peak memory <= 4 GB",
            f"{'>=' if big['timed_out'] else ''}{peak:.0f} MB",
            False if over else None if big["timed_out"] or big["failed"] else True,
        )
    )
    mid = built.get(100)
    if mid is None or mid["failed"] or big["failed"]:
        rows.append(("full build time growth N=100 -> 1000 <= 12", "not run", None))
    else:
        growth = big["seconds"] / mid["seconds"]
        if mid["timed_out"]:
            rows.append(
                (
                    "full build time growth N=100 -> 1000 <= 12",
                    "unknown (N=100 stopped at the budget)",
                    None,
                )
            )
        else:
            stopped = big["timed_out"]
            rows.append(
                (
                    "full build time growth N=100 -> 1000 <= 12",
                    f"{'>=' if stopped else ''}{growth:.1f}",
                    False if growth > 12 else None if stopped else True,
                )
            )
    return rows


def big_text(built: dict[int, dict[str, Any]]) -> str:
    """ "S s / M MB" of the largest size built."""
    b = built[max(built)]
    return f"{_seconds(b['seconds'], b['timed_out'])} / {b['peak_mb']:.0f} MB"


def _query_row(r: dict[str, Any], at: str) -> tuple[str, str, bool | None]:
    name = f"{at}: packaged queries >= 50x faster than rdflib (median per query)"
    ratio = median_query_ratio(r.get("queries", {}))
    if ratio is None:
        return name, "not run", None
    low, high, stopped = ratio
    differ = [n for n, q in r["queries"].items() if q["same_rows"] is False]
    values = [n for n, q in r["queries"].items() if q["same_rows"] == "values"]
    text = (
        f"{low:.0f}x"
        if not stopped
        else (
            f">={low:.0f}x ({stopped} of {len(r['queries'])} queries stopped at the per-query "
            "budget and counted with their lower bound)"
        )
    )
    text += f"; rows differ: {', '.join(differ)}" if differ else "; same rows"
    text += (
        f" (values only: integer datatypes differ in {', '.join(values)})"
        if values and not differ
        else ""
    )
    if stopped and high < 50:
        text += "; below 50x even if the stopped queries never finished"
    if differ or high < 50:
        return name, text, False
    return name, text, True if low >= 50 else None


def _validation_row(r: dict[str, Any], at: str) -> tuple[str, str, bool | None]:
    name = f"{at}: validation >= 20x faster than pyshacl, same conformance and results"
    ratio = stage_ratio(r, "validate: compiled SHACL")
    if ratio is None:
        return name, "not run", None
    if r["stages"]["ref validate: pyshacl"]["timed_out"]:
        return name, f">={ratio:.0f}x (pyshacl stopped at the budget; results not compared)", (None)
    shacl = r.get("shacl", {})
    same_c, same_r = shacl.get("same_conformance"), shacl.get("same_results")
    text = (
        f"{ratio:.0f}x; conformance {'same' if same_c else 'DIFFERENT'} "
        f"(conforms: {r['conforms']}); result set "
        f"{'same' if same_r else 'DIFFERENT'} ({shacl.get('ref_results')} results)"
    )
    return name, text, ratio >= 20 and bool(same_c) and bool(same_r)


def targets(by_size: dict[int, dict[str, Any]], cli: dict[str, float]) -> list[str]:
    """Markdown rows: each target of issue 6, the measured value, met or missed. Engine
    comparisons fall back to the largest N measured (no verdict) when N=1000 is absent."""
    rows = _cli_rows(cli) + _build_rows(by_size)
    staged = [n for n, d in by_size.items() if "stages" in d]
    if staged:
        at = TARGET_N if TARGET_N in staged else max(staged)
        label = f"N={at}" + ("" if at == TARGET_N else f" (N={TARGET_N} not run)")
        for row in (
            _query_row(by_size[at]["stages"], label),
            _validation_row(by_size[at]["stages"], label),
        ):
            rows.append(row if at == TARGET_N else (row[0], row[1], None))
    return ["| target | measured | |", "|---|---:|---|"] + [
        f"| {name} | {value} | {VERDICT[ok]} |" for name, value, ok in rows
    ]


# ---------------------------------------------------------------- sections


def _build_cell(b: dict[str, Any] | None) -> str:
    if b is None:
        return "-"
    if b["failed"]:
        return f"failed (exit {b['exit']})"
    return f"{_seconds(b['seconds'], b['timed_out'])} / {b['peak_mb']:.0f} MB"


def full_build(by_size: dict[int, dict[str, Any]]) -> list[str]:
    """The end-to-end build table (nothing when no build was measured)."""
    if not any(d.get("build") for d in by_size.values()):
        return []
    lines = [
        "## Full build (`psykg build`, end to end)",
        "",
        "`PSYKG_ROOT=<corpus> psykg build` as a child process: median wall time of the "
        "runs; peak memory is the larger of the biggest single process (`ru_maxrss` from "
        "wait4, HermiT's Java included) and the sampled sum over the build's process "
        'group. ">" marks a build stopped at the budget.',
        "",
        "| N | triples | `--no-hermit`: s / peak MB | growth vs previous N | "
        "with HermiT: s / peak MB | release files / MB | runs |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    previous = None
    for n, d in by_size.items():
        b = d.get("build")
        if not b:
            continue
        plain = b.get("no_hermit")
        triples = d.get("stages", {}).get("counts", {}).get("triples", "-")
        growth = "-"
        if plain and previous and not plain["failed"]:
            growth = f"{'>=' if plain['timed_out'] else ''}{plain['seconds'] / previous:.1f}x"
        previous = plain["seconds"] if plain and not plain["failed"] else None
        size = (
            f"{plain['dist_files']} / {plain['dist_mb']:.0f}"
            if plain and plain["dist_files"]
            else "-"
        )
        runs = plain["runs"] if plain else b["hermit"]["runs"]
        lines.append(
            f"| {n} | {triples} | {_build_cell(plain)} | {growth} | "
            f"{_build_cell(b.get('hermit'))} | {size} | {runs} |"
        )
    return [*lines, ""]


def per_query(by_size: dict[int, dict[str, Any]]) -> list[str]:
    """Per-query table at the largest N with rdflib query timings, and the medians per N."""
    ran = {
        n: d["stages"]
        for n, d in by_size.items()
        if median_query_ratio(d.get("stages", {}).get("queries", {})) is not None
    }
    if not ran:
        return []
    at = max(ran)
    r = ran[at]
    lines = [
        f"## Packaged queries at N={at} (pyoxigraph against rdflib SPARQL)",
        "",
        f"pyoxigraph: median of {r['query_runs']} runs per query; rdflib: one run per "
        f"query, stopped after {r['budgets']['query']:g} s. Ratio = rdflib / pyoxigraph; "
        '">=" where rdflib was '
        "stopped (the budget is a lower bound of its time). Same rows: identical solution "
        'multisets (terms compared as N-Triples); "values only": identical once every '
        "integer-derived datatype is read as xsd:integer, which is what pyoxigraph stores "
        "for xsd:nonNegativeInteger and the like.",
        "",
        "| query | rows | pyoxigraph s | rdflib s | ratio | same rows |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for name, q in sorted(r["queries"].items()):
        ratio = query_ratio(q)
        stopped = bool(q["ref_timed_out"])
        lines.append(
            f"| {name} | {q['rows']} | {q['fast_s']:.4f} | "
            f"{'-' if q['ref_s'] is None else _seconds(q['ref_s'], stopped)} | "
            f"{'-' if ratio is None else ('>=' if stopped else '') + f'{ratio:.0f}x'} | "
            f"{SAID[q['same_rows']]} |"
        )
    medians = []
    for n, s in ran.items():
        low, _, halted = median_query_ratio(s["queries"]) or (0.0, 0.0, 0)
        medians.append(f"N={n}: {'>=' if halted else ''}{low:.0f}x")
    lines += [
        "",
        "Median per-query ratio (a stopped query counts with its lower bound): "
        + ", ".join(medians)
        + ".",
        "",
    ]
    return lines


def corpus_sizes(results: list[dict[str, Any]]) -> list[str]:
    """The corpus size table."""
    lines = [
        "## Corpus sizes",
        "",
        "| N | triples | asserted | inferred | SHACL results | conforms | "
        "same SHACL results as pyshacl | query rows | same rows on rdflib | repeats |",
        "|---:|---:|---:|---:|---:|---|---|---:|---|---:|",
    ]
    for r in results:
        c = r["counts"]
        lines.append(
            f"| {r['size']} | {c['triples']} | {c['asserted']} | {c['inferred']} | "
            f"{c['shacl_results']} | {r['conforms']} | {SAID[r['agree']]} | "
            f"{c['query_rows']} | {SAID[r.get('queries_agree')]} | {r['repeats']} |"
        )
    return [*lines, ""]


def stage_table(results: list[dict[str, Any]]) -> list[str]:
    """Median seconds / peak MB of every stage at every N."""
    names: list[str] = []
    for r in results:
        names += [n for n in r["stages"] if n not in names]
    lines = [
        "## Stages (median seconds / peak MB)",
        "",
        "| stage | " + " | ".join(f"N={r['size']}" for r in results) + " |",
        "|---|" + "---:|" * len(results),
    ]
    for name in names:
        cells = []
        for r in results:
            s = r["stages"].get(name)
            if s is None:
                cells.append("-")
            else:
                child = f" (+{s['child_peak_mb']:.0f} Java)" if s["child_peak_mb"] else ""
                more = ">" if s.get("timed_out") else ""
                cells.append(f"{more}{s['seconds']:.2f} s / {s['peak_mb']:.0f}{child}")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return [*lines, ""]


def stage_sums(results: list[dict[str, Any]]) -> list[str]:
    """The sum of the fast-path stages per N (not a real build)."""
    lines = [
        "## Stage sums on the fast path (not the real build)",
        "",
        "Sum of the stage medians: " + ", ".join(BUILD_STAGES) + ". The real build also "
        'writes the release (site, exports, files); see "Full build" above.',
        "",
        "| N | seconds | peak MB | growth vs previous N |",
        "|---:|---:|---:|---:|",
    ]
    previous = None
    for r in results:
        total, peak = stage_sum(r)
        growth = f"{total / previous:.1f}x" if previous else "-"
        lines.append(f"| {r['size']} | {total:.1f} | {peak:.0f} | {growth} |")
        previous = total
    return [*lines, ""]


def ratios(results: list[dict[str, Any]]) -> list[str]:
    """Plain time / fast time of each stage pair at every N."""
    lines = [
        "## Fast path against the plain path (plain time / fast time)",
        "",
        "| stage | " + " | ".join(f"N={r['size']}" for r in results) + " |",
        "|---|" + "---:|" * len(results),
    ]
    for fast, ref in FAST_VS_REF.items():
        cells = []
        for r in results:
            ratio = stage_ratio(r, fast)
            if ratio is None:
                cells.append("-")
            else:
                cells.append(f"{'>' if r['stages'][ref].get('timed_out') else ''}{ratio:.0f}x")
        lines.append(f"| {fast} vs {ref} | " + " | ".join(cells) + " |")
    return [*lines, ""]


def render(by_size: dict[int, dict[str, Any]], cli: dict[str, float], machines: list[str]) -> str:
    """The markdown page (without the kept hand-written section)."""
    by_size = dict(sorted(by_size.items()))
    results = [d["stages"] for d in by_size.values() if "stages" in d]
    lines = [
        "# Benchmarks",
        "",
        "Generated by `python benchmarks/run.py` from the raw results in its `--results` "
        "folder (do not edit by hand, except the last section, which run.py keeps). "
        "Medians of the repeats; in the stage tables peak memory is the resident set of "
        "the benchmark process during the stage (HermiT's Java child is reported "
        "separately).",
        "",
        *[f"Machine: {m}" for m in machines],
        "",
        "## Targets (issue 6)",
        "",
        *targets(by_size, cli),
        "",
    ]
    if cli:
        lines += [
            "## Command line on the real dataset",
            "",
            "| command | median s |",
            "|---|---:|",
            *[f"| `{name}` | {sec:.2f} |" for name, sec in cli.items()],
            "",
        ]
    lines += full_build(by_size) + per_query(by_size)
    if results:
        lines += corpus_sizes(results) + stage_table(results) + stage_sums(results)
        lines += ratios(results)
    return "\n".join(lines).rstrip("\n") + "\n"
