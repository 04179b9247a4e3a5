"""The Python entry points: build a release, read the built dataset, run packaged queries.

`build` is where the stages are wired: the release (release.write) with the exports and the
site written beside it. The command line's `psykg build` calls it too."""

from __future__ import annotations

from pathlib import Path

from psykg import exports, site
from psykg.build.reason import HERMIT_MAX_TRIPLES
from psykg.paths import Inputs
from psykg.release.pipeline import Result
from psykg.release.write import Extensions
from psykg.release.write import build as write_build
from psykg.sparql.dataset import dataset_file, load_graph, load_store
from psykg.sparql.packaged import query

__all__ = [
    "Inputs",
    "build",
    "dataset_file",
    "load_graph",
    "load_store",
    "query",
    "release_extensions",
]


def release_extensions() -> Extensions:
    """The exports and the site, in the order the release writes them."""
    return Extensions(
        with_data=(exports.write_release_files,),
        after_report=(site.write_release_files, exports.finish_release_files),
    )


def build(
    inputs: Inputs | Path,
    out: Path,
    *,
    use_hermit: bool = True,
    hermit_limit: int | None = HERMIT_MAX_TRIPLES,
) -> Result:
    """Compile, reason, validate and write the release of `inputs` (a checkout, or its root
    folder) into `out`, with its exports and site; `out` is untouched on any error."""
    inputs = inputs if isinstance(inputs, Inputs) else Inputs(Path(inputs))
    return write_build(
        inputs, out, release_extensions(), use_hermit=use_hermit, hermit_limit=hermit_limit
    )
