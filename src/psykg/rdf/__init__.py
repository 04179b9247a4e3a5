"""Shared RDF layer: namespaces and the one CURIE converter, graphs, serialisation."""
