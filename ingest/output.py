"""The extraction output contract (``../shared/eval/README.md``): one JSON object per relation.

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
    for relation in sorted(extraction.relations, key=lambda r: (r.char_start, r.relation, r.source_id, r.target_id)):
        records.append(
            {
                "doc": extraction.document.name,
                "source": _actor(actors[relation.source_id]),
                "relation": relation.relation,
                "target": _actor(actors[relation.target_id]),
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


def _actor(actor: ExtractedActor) -> dict[str, Any]:
    return {"id": actor.id, "name": actor.name, "kind": actor.kind, "code": actor.code}
