"""The query page: YASGUI (vendored from npm, served by the site itself) with the packaged
queries as ready tabs and the dataset's prefixes predeclared; static/querypage.js sets it up."""

from __future__ import annotations

import json

from psykg.rdf.namespaces import PSYKG, RES
from psykg.rdf.prefixes import PREFIXES
from psykg.site.html import page, script_json
from psykg.site.querylist import PackagedQuery, as_json

CURRENT = "query.html"
PREFIXES_FILE = "static/prefixes.json"
"""The dataset's prefixes as prefix.cc JSON: YASQE completes `PREFIX` lines from it."""
EXAMPLE = """SELECT ?therapy ?condition WHERE {
  ?therapy psykg:primarilyTreats ?condition .
}
ORDER BY ?therapy ?condition
"""


def prologue() -> str:
    """PREFIX lines for every prefix the dataset uses, in the order of psykg.rdf.prefixes."""
    return "".join(f"PREFIX {prefix}: <{ns}>\n" for prefix, ns in PREFIXES.items())


def prefixes_json() -> str:
    """The file at PREFIXES_FILE."""
    return json.dumps(PREFIXES, indent=1, sort_keys=True) + "\n"


def query_page(queries: list[PackagedQuery]) -> str:
    """The HTML of the query page."""
    config = {
        "prefixes": PREFIXES,
        "resource": str(RES),
        "vocabulary": str(PSYKG),
        "example": prologue() + "\n" + EXAMPLE,
        "endpoint": "sparql",
        "api": "api/",
        "prefixesFile": PREFIXES_FILE,
    }
    body = (
        "<h1>Query the dataset</h1>\n"
        "<p>SPARQL 1.1 against an endpoint, in "
        '<a href="https://github.com/zazuko/Yasgui">YASGUI</a> (served from this site: '
        '<a href="static/yasgui/LICENSE">licences</a>). The packaged queries are ready in the '
        "tabs; a query with parameters can also be called through the web API with the values "
        "below. Ctrl+Enter runs the query; Ctrl+Space completes.</p>\n"
        '<p class="note">The endpoint <code>sparql</code> and the web API <code>api/NAME</code> '
        "are answered by <code>psykg serve</code>. Where this site is a copy on a plain web "
        "server, enter the URL of a SPARQL endpoint that holds the data in the editor's "
        "endpoint field (for example a store filled by <code>psykg load</code>); a packaged "
        "query is then sent as it is written, its parameters left open (only psykg serve fills "
        "them in).</p>\n"
        '<form class="controls" id="params" hidden>'
        '<span id="params-fields"></span>'
        '<button type="submit" id="run-api">Run through the API</button>'
        '<span id="api-status" role="status"></span></form>\n'
        '<div id="yasgui"></div>\n'
        "<noscript><p>The query editor needs JavaScript. Without it, send queries to the "
        "endpoint <code>sparql</code> with any SPARQL client.</p></noscript>\n"
        '<script type="application/json" id="psykg-queries">\n'
        f"{script_json([as_json(q) for q in queries])}\n</script>\n"
        '<script type="application/json" id="psykg-config">\n'
        f"{script_json(config)}\n</script>\n"
    )
    head = '<link rel="stylesheet" href="static/yasgui/yasgui.min.css">\n'
    return page(
        CURRENT,
        "Query",
        body,
        head=head,
        scripts=("static/yasgui/yasgui.min.js", "static/querypage.js"),
    )
