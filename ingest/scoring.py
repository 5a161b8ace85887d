"""Scoring extracted relations against gold triples, as ``../shared/eval/score.py`` does.

Every actor is collapsed to the code it acts for; self-loops and actors without a code
drop out; precision counts hits in required ∪ allowed, recall hits in required.

>>> score([{("RUS", "WARNS", "USA")}], [{("RUS", "WARNS", "USA")}], [set()])
Score(predicted=1, correct=1, required=1, found=1)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from actorgraph.ingest.records import Extraction

__all__ = ["Score", "Triple", "score", "triples_of"]

Triple = tuple[str, str, str]


@dataclass(frozen=True)
class Score:
    """Micro-averaged counts over a set of items."""

    predicted: int
    correct: int
    required: int
    found: int

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.found / self.required if self.required else 1.0


def triples_of(extraction: Extraction) -> set[Triple]:
    """The (source code, relation, target code) triples of one document."""
    codes = {a.id: a.code for a in extraction.actors}
    found = set()
    for relation in extraction.relations:
        source, target = codes.get(relation.source_id), codes.get(relation.target_id)
        if source and target and source != target:
            found.add((source.upper(), relation.type, target.upper()))
    return found


def score(predicted: Sequence[set[Triple]], required: Sequence[set[Triple]], allowed: Sequence[set[Triple]]) -> Score:
    """Counts over items given side by side."""
    totals = [0, 0, 0, 0]
    for pred, req, ok in zip(predicted, required, allowed, strict=True):
        totals[0] += len(pred)
        totals[1] += len(pred & (req | ok))
        totals[2] += len(req)
        totals[3] += len(pred & req)
    return Score(*totals)
