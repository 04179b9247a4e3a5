"""SPARQL layer: engines, the query guard, result writers, packaged queries, external stores."""
