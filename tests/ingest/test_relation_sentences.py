"""Precision and recall on the hand-written sentence set (tests/data/relation_sentences.yaml)."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
import yaml

from actorgraph.ingest.extractor import Extractor
from actorgraph.ingest.records import Document
from actorgraph.ingest.scoring import Score, score, triples_of

DATA = Path(__file__).resolve().parents[1] / "data" / "relation_sentences.yaml"
PRECISION_TARGET = 0.9
RECALL_TARGET = 0.85


def load_items() -> list[dict]:
    return yaml.safe_load(DATA.read_text(encoding="utf-8"))


def test_the_set_is_big_and_varied_enough() -> None:
    items = load_items()
    categories = {i["category"] for i in items}
    assert len(items) >= 80
    assert {"passive", "reversed", "negation", "reported_speech", "conditional", "none", "coordination"} <= categories
    assert sum(1 for i in items if not i["required"]) >= 10  # sentences that must give nothing


def test_precision_and_recall_hold(extractor: Extractor) -> None:
    items = load_items()
    documents = [Document(name=i["id"], text=i["text"], published=i["published"]) for i in items]
    predicted = [triples_of(e) for e in extractor.extract(documents)]
    required = [{tuple(t) for t in i["required"]} for i in items]
    allowed = [{tuple(t) for t in i["allowed"]} for i in items]
    overall = score(predicted, required, allowed)
    by_category: dict[str, list[int]] = defaultdict(list)
    for index, item in enumerate(items):
        by_category[item["category"]].append(index)
    for category, indexes in sorted(by_category.items()):
        part = score(*[[column[i] for i in indexes] for column in (predicted, required, allowed)])
        shown = f"{part.precision:.2f}" if part.predicted else "- (nothing predicted)"
        print(f"{category:16} precision={shown} recall={part.recall:.2f} ({len(indexes)} sentences)")
    print(
        f"{'overall':16} precision={overall.precision:.3f} recall={overall.recall:.3f} "
        f"({overall.predicted} predicted, {overall.required} required)"
    )
    assert overall.precision >= PRECISION_TARGET, _errors(items, predicted, required, allowed)
    assert overall.recall >= RECALL_TARGET, _errors(items, predicted, required, allowed)


def test_scoring_counts_like_the_shared_scorer() -> None:
    result = score([{("A", "WARNS", "B"), ("A", "AIDS", "C")}], [{("A", "WARNS", "B"), ("X", "MEETS", "Y")}], [set()])
    assert result == Score(predicted=2, correct=1, required=2, found=1)
    assert (result.precision, result.recall) == (0.5, 0.5)


def _errors(items: list[dict], predicted: list, required: list, allowed: list) -> str:
    lines = []
    for item, pred, req, ok in zip(items, predicted, required, allowed, strict=True):
        for triple in sorted(req - pred):
            lines.append(f"{item['id']} missed {triple}")
        for triple in sorted(pred - req - ok):
            lines.append(f"{item['id']} spurious {triple}")
    return "\n".join(lines[:60])


@pytest.mark.parametrize("item_id", ["s087", "s091"])
def test_negated_sentences_give_no_forbidden_triple(extractor: Extractor, item_id: str) -> None:
    (item,) = [i for i in load_items() if i["id"] == item_id]
    extraction = next(extractor.extract([Document(name=item_id, text=item["text"], published=item["published"])]))
    assert not triples_of(extraction) & {tuple(t) for t in item["forbidden"]}
