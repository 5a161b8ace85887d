"""The extraction output contract (``../shared/eval/README.md``): one JSON object per relation.

Source and target carry the actor (``id``, ``name``, ``kind``, ``code``, and ``sector`` for
the agents of a state or an organisation) and where the sentence names it: ``mention`` as
written, ``start`` and ``end`` its character offsets in the document (the same text that
``char_start`` and ``char_end`` point into).

>>> from actorgraph.ingest.records import Document, Extraction
>>> contract_records(Extraction(document=Document(name="a.txt", text=""), text=""))
[]
"""

from __future__ import annotations

from typing import Any

from actorgraph.ingest.records import ExtractedActor, Extraction

__all__ = ["contract_records"]


def contract_records(extraction: Extraction) -> list[dict[str, Any]]:
    """The relations of one document in the contract's shape, in text order."""
    actors = {a.id: a for a in extraction.actors}
    records = []
    for relation in sorted(extraction.relations, key=lambda r: (r.char_start, r.type, r.source_id, r.target_id)):
        records.append(
            {
                "doc": extraction.document.name,
                "source": _actor(actors[relation.source_id], relation.source_mention, relation.source_start, relation.source_end),
                "relation": relation.type,
                "target": _actor(actors[relation.target_id], relation.target_mention, relation.target_start, relation.target_end),
                "cameo": relation.cameo,
                "plover": relation.plover,
                "quad_class": relation.quad_class,
                "goldstein": relation.goldstein,
                "modality": relation.modality,
                "date": relation.date.isoformat() if relation.date else None,
                "sentence": relation.sentence,
                "char_start": relation.char_start,
                "char_end": relation.char_end,
                "confidence": relation.confidence,
            }
        )
    return records


def _actor(actor: ExtractedActor, mention: str | None, start: int | None, end: int | None) -> dict[str, Any]:
    found = {"id": actor.id, "name": actor.name, "kind": actor.kind, "code": actor.code}
    if actor.sector:
        found["sector"] = actor.sector
    return found | {"mention": mention, "start": start, "end": end}
