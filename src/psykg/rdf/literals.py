"""Typed literals built without rdflib's log noise."""

from __future__ import annotations

import logging
from typing import Any

from rdflib import Literal, URIRef

_CONVERSION_FAILED = "Failed to convert Literal lexical form to value"


def _not_conversion_failure(record: logging.LogRecord) -> bool:
    return not str(record.msg).startswith(_CONVERSION_FAILED)


def typed_literal(value: Any, datatype: URIRef) -> Literal:
    """`Literal(value, datatype=datatype)`; an ill-typed lexical form (2023-02-30 as an
    xsd:date) gives a literal with `ill_typed` set, as rdflib does, but without the traceback
    rdflib logs for it: the caller reports it as the user's error."""
    logger = logging.getLogger("rdflib.term")
    logger.addFilter(_not_conversion_failure)
    try:
        return Literal(value, datatype=datatype)
    finally:
        logger.removeFilter(_not_conversion_failure)
