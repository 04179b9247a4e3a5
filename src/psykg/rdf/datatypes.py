"""XSD datatypes psykg treats specially, as plain IRI strings (no rdflib import)."""

from __future__ import annotations

XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_STRING = XSD + "string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

INTEGER_RANGES: dict[str, tuple[int | None, int | None]] = {
    XSD + name: bounds
    for name, bounds in (
        ("integer", (None, None)),
        ("nonNegativeInteger", (0, None)),
        ("positiveInteger", (1, None)),
        ("nonPositiveInteger", (None, 0)),
        ("negativeInteger", (None, -1)),
        ("long", (-(2**63), 2**63 - 1)),
        ("int", (-(2**31), 2**31 - 1)),
        ("short", (-(2**15), 2**15 - 1)),
        ("byte", (-(2**7), 2**7 - 1)),
        ("unsignedLong", (0, 2**64 - 1)),
        ("unsignedInt", (0, 2**32 - 1)),
        ("unsignedShort", (0, 2**16 - 1)),
        ("unsignedByte", (0, 2**8 - 1)),
    )
}
"""The XSD integer datatypes, with the least and greatest value of each (None: unbounded)."""

INTEGER_TYPES = frozenset(INTEGER_RANGES)
"""Every XSD integer datatype (pyoxigraph folds them into xsd:integer)."""

INTEGER_TYPE_NAMES: dict[str, str] = {"xsd:" + iri.removeprefix(XSD): iri for iri in INTEGER_TYPES}
"""`xsd:name` -> IRI of each XSD integer datatype: the closed set a query's `#+ datatypes:` may
name, looked up without the CURIE converter (importing `curies` would double the start of
`psykg query --list`)."""
