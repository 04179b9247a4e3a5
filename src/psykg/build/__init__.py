"""Build: the ontology, the compiler from curation to RDF, the reasoner, coverage."""
