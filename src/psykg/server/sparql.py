"""The SPARQL 1.1 Protocol: where the query is in a request, and the service description."""

from __future__ import annotations

from urllib.parse import parse_qs

from psykg.rdf.prefixes import DATASET_IRI
from psykg.server.limits import Limits
from psykg.sparql.guard import Refused, check_graphs
from psykg.sparql.results import FORMAT_PARAMETER, GRAPH_FORMATS, RESULT_WRITERS

FORM = "application/x-www-form-urlencoded"
SPARQL_QUERY = "application/sparql-query"
SPARQL_UPDATE = "application/sparql-update"


def form(text: str) -> dict[str, list[str]]:
    """Parameters of a query string or a form body (blank values kept)."""
    try:
        return parse_qs(text, keep_blank_values=True, strict_parsing=False, errors="strict")
    except UnicodeDecodeError:
        raise Refused(400, "the parameters are not valid UTF-8") from None


def _one(params: dict[str, list[str]], name: str) -> str | None:
    values = params.get(name, [])
    if len(values) > 1:
        raise Refused(400, f"give `{name}` once, not {len(values)} times")
    return values[0] if values else None


def find_query(
    method: str, url_params: dict[str, list[str]], content_type: str, body: bytes, limits: Limits
) -> tuple[str | None, bool]:
    """(query text or None, whether the dataset graph was named) from a protocol request.

    GET takes `query` from the URL; POST from a form body or an application/sparql-query body.
    Updates are refused whichever way they come.
    """
    params = {k: list(v) for k, v in url_params.items()}
    media = content_type.split(";")[0].strip().lower()
    query: str | None
    if method == "POST" and media == SPARQL_UPDATE:
        raise Refused(403, "updates are refused: this endpoint is read-only")
    if method == "POST" and media == SPARQL_QUERY:
        try:
            query = body.decode("utf-8")
        except UnicodeDecodeError:
            raise Refused(400, "the query is not valid UTF-8") from None
        if "query" in params:
            raise Refused(400, "give the query in the body or in `query`, not both")
    else:
        if method == "POST":
            if media != FORM:
                raise Refused(
                    415,
                    f"POST a form ({FORM}) or a query ({SPARQL_QUERY}), "
                    f"not {media or 'a body without Content-Type'}",
                )
            try:
                text = body.decode("utf-8")
            except UnicodeDecodeError:
                raise Refused(400, "the form is not valid UTF-8") from None
            for key, values in form(text).items():
                params.setdefault(key, []).extend(values)
        if "update" in params:
            raise Refused(403, "updates are refused: this endpoint is read-only")
        query = _one(params, "query")
    if query is not None and len(query) > limits.max_query:
        raise Refused(413, f"the query is longer than {limits.max_query} characters")
    graphs = params.get("default-graph-uri", []) + params.get("named-graph-uri", [])
    check_graphs(graphs)
    return query, bool(params.get("default-graph-uri"))


def accept_with_override(accept: str | None, params: dict[str, list[str]]) -> str | None:
    """The Accept header, unless ?format= names a result format, which then wins."""
    name = _one(params, "format")
    if name is None:
        return accept
    media = FORMAT_PARAMETER.get(name.lower(), name if "/" in name else None)
    if media is None:
        raise Refused(
            406, f"unknown format {name!r}; use one of " + ", ".join(sorted(FORMAT_PARAMETER))
        )
    return media


def service_description(endpoint: str, triples: int) -> str:
    """SPARQL 1.1 Service Description of the endpoint, as Turtle."""
    results = {
        "application/sparql-results+json": "SPARQL_Results_JSON",
        "application/sparql-results+xml": "SPARQL_Results_XML",
        "text/csv": "SPARQL_Results_CSV",
        "text/tab-separated-values": "SPARQL_Results_TSV",
        "text/turtle": "Turtle",
        "application/n-triples": "N-Triples",
        "application/ld+json": "JSON-LD",
        "application/rdf+xml": "RDF_XML",
    }
    offered = [*RESULT_WRITERS, *GRAPH_FORMATS]
    formats = ", ".join(
        f"<http://www.w3.org/ns/formats/{results[m]}>"
        for m in dict.fromkeys(offered)
        if m in results
    )
    return (
        "@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .\n"
        "@prefix void: <http://rdfs.org/ns/void#> .\n"
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n\n"
        f"<{endpoint}> a sd:Service ;\n"
        f"  sd:endpoint <{endpoint}> ;\n"
        "  sd:supportedLanguage sd:SPARQL11Query ;\n"
        f"  sd:resultFormat {formats} ;\n"
        "  sd:feature sd:EmptyGraphs ;\n"
        "  sd:defaultDataset [ a sd:Dataset ;\n"
        f"    sd:defaultGraph [ a sd:Graph ; void:triples {triples} ] ;\n"
        f"    sd:namedGraph [ a sd:NamedGraph ; sd:name <{DATASET_IRI}> ;\n"
        f"      sd:graph [ a sd:Graph ; void:triples {triples} ] ] ] ;\n"
        f"  void:sparqlEndpoint <{endpoint}> .\n"
    )
