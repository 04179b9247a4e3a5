"""The reference SHACL engine: pyshacl, its results turned into findings."""

from __future__ import annotations

from rdflib import Graph
from rdflib.namespace import RDF
from rdflib.term import Node

from psykg.rdf.namespaces import SH
from psykg.validation.report import Finding, path_text, short_text, term_text


def run_shacl(data: Graph, shapes: Graph, ontology: Graph) -> list[Finding]:
    """Validate `data` (already reasoned) against `shapes`, the ontology mixed in for classes."""
    import pyshacl  # imported here: slow to import, and only validation needs it

    private_shapes = Graph() + shapes  # pyshacl adds triples to the shapes graph it is given
    _, results, _ = pyshacl.validate(
        data_graph=data,
        shacl_graph=private_shapes,
        ont_graph=ontology,
        inference="none",
        advanced=True,
        allow_warnings=True,
    )
    findings = []
    for report in results.subjects(RDF.type, SH.ValidationReport):
        for result in results.objects(report, SH.result):
            findings.append(_shacl_finding(results, result))
    return findings


def _shacl_finding(g: Graph, result: Node) -> Finding:
    focus = g.value(result, SH.focusNode)
    shape = g.value(result, SH.sourceShape)
    path = g.value(result, SH.resultPath)
    value = g.value(result, SH.value)
    severity = g.value(result, SH.resultSeverity)
    messages = sorted(str(m) for m in g.objects(result, SH.resultMessage))
    component = g.value(result, SH.sourceConstraintComponent)
    return Finding(
        focus=term_text(focus) if focus is not None else "",
        shape=term_text(shape) if shape is not None else "",
        path=path_text(g, path) if path is not None else None,
        severity=str(severity).removeprefix(str(SH)) if severity is not None else "Violation",
        message=messages[0] if messages else f"fails {short_text(str(component))}",
        value=term_text(value) if value is not None else None,
        source="shacl",
    )
