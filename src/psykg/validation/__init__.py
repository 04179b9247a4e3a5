"""Validation: the report, pyshacl (the reference), SHACL compiled to SPARQL, SPARQL checks
and user files."""
