"""Triples of an extraction, for comparing with what a sentence must give."""

from __future__ import annotations

from actorgraph.ingest.records import Extraction


def triples(extraction: Extraction) -> set[tuple[str, str, str]]:
    """(source id, relation, target id) of an extraction."""
    return {(r.source_id, r.type, r.target_id) for r in extraction.relations}
