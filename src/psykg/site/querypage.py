"""The query page: a SPARQL editor with the packaged queries as ready tabs."""

from __future__ import annotations

from psykg.rdf.namespaces import PSYKG, RES
from psykg.rdf.prefixes import PREFIXES
from psykg.site.html import page, script_json
from psykg.site.querylist import PackagedQuery, as_json

CURRENT = "query.html"
EXAMPLE = """PREFIX psykg: <https://w3id.org/psykg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>

SELECT ?therapy ?condition WHERE {
  ?therapy psykg:primarilyTreats ?condition .
}
ORDER BY ?therapy ?condition
"""


def query_page(queries: list[PackagedQuery]) -> str:
    """The HTML of the query page; the script (static/query.js) is part of the site."""
    config = {"prefixes": PREFIXES, "resource": str(RES), "vocabulary": str(PSYKG),
              "example": EXAMPLE}
    body = (
        "<h1>Query the dataset</h1>\n"
        "<p>SPARQL 1.1 against an endpoint. Packaged queries are ready in the tabs; fill in "
        "their parameters to call them through the web API, or edit the text.</p>\n"
        '<p class="note">The endpoint <code>sparql</code> and the web API <code>api/NAME</code> '
        "are answered by <code>psykg serve</code>. Where this site is a copy on a plain web "
        "server, enter the URL of a SPARQL endpoint that holds the data (for example a store "
        "filled by <code>psykg load</code>); a packaged query is then sent as it is written, "
        "its parameters left open (only psykg serve fills them in).</p>\n"
        '<div class="tabs" id="tabs" role="tablist"></div>\n'
        '<p id="summary"></p>\n'
        '<textarea id="query" spellcheck="false" aria-label="SPARQL query"></textarea>\n'
        '<div class="controls"><span class="params" id="params"></span></div>\n'
        '<div class="controls"><button type="button" id="run">Run (Ctrl+Enter)</button>'
        '<label>endpoint <input id="endpoint" value="sparql" size="40"></label>'
        '<span id="status" role="status"></span></div>\n'
        '<div id="results"></div>\n'
        '<script type="application/json" id="psykg-queries">\n'
        f"{script_json([as_json(q) for q in queries])}\n</script>\n"
        '<script type="application/json" id="psykg-config">\n'
        f"{script_json(config)}\n</script>\n"
    )
    return page(CURRENT, "Query", body, scripts=("static/query.js",))
