"""Curation: typed records of curation files, their loader, quote anchoring, mappings and
the canonical form."""
