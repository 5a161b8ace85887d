"""The real scraped seed article in ../shared/eval, through the real command line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ACTORGRAPH = Path(sys.executable).with_name("actorgraph")


@pytest.fixture(scope="module")
def seed_output(shared_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("seed") / "seed.jsonl"
    article = shared_dir / "eval" / "seed_article.txt"
    with out.open("w", encoding="utf-8") as handle:
        subprocess.run(
            [str(ACTORGRAPH), "extract", str(article), "--published", "2024-11-18", "--jsonl"],
            stdout=handle,
            check=True,
            timeout=300,
        )
    return out


def records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_seed_article_passes_the_shared_scorer(shared_dir: Path, seed_output: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            str(shared_dir / "eval" / "score.py"),
            str(shared_dir / "eval" / "seed_gold.json"),
            str(seed_output),
            "--check",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    print(result.stdout)
    assert result.returncode == 0, result.stdout


def test_output_follows_the_contract(seed_output: Path) -> None:
    for record in records(seed_output):
        assert record["doc"] == "seed_article.txt"
        assert {"id", "name", "kind", "code"} <= set(record["source"]) and {"id", "name", "kind", "code"} <= set(record["target"])
        assert {"relation", "cameo", "plover", "modality", "date", "sentence", "char_start", "char_end", "confidence"} <= set(
            record
        )
        assert 0.0 <= record["confidence"] <= 1.0
        assert record["char_end"] > record["char_start"]


def test_boilerplate_never_becomes_evidence(shared_dir: Path, seed_output: Path) -> None:
    gold = json.loads((shared_dir / "eval" / "seed_gold.json").read_text(encoding="utf-8"))
    for record in records(seed_output):
        for junk in gold["boilerplate"]:
            assert junk not in record["sentence"]
        assert "Read more" not in record["sentence"]


def test_dates_and_modalities_read_from_the_sentences(seed_output: Path) -> None:
    found = {(r["source"]["code"], r["relation"], r["target"]["code"], r["date"], r["modality"]) for r in records(seed_output)}
    assert ("RUS", "WARNS", "NATO", "2024-09-12", "conditional") in found  # "On September 12, Mr. Putin remarked …"
    assert ("PRK", "COOPERATES", "RUS", "2024-11-11", "asserted") in found  # "Last week, North Korea ratified …"
    assert ("USA", "AUTHORIZES", "UKR", "2024-11-18", "conditional") in found  # "if the United States permits …"


def test_people_resolve_to_the_full_names_seen_earlier(extract_text, shared_dir: Path) -> None:
    import datetime as dt

    text = (shared_dir / "eval" / "seed_article.txt").read_text(encoding="utf-8")
    extraction = extract_text(text, dt.date(2024, 11, 18))
    gold = json.loads((shared_dir / "eval" / "seed_gold.json").read_text(encoding="utf-8"))
    by_name = {a.name: a for a in extraction.actors}
    sources = {(r.source_id, r.type, r.target_id) for r in extraction.relations}
    assert ("kim-jong-un", "ACCUSES", "USA") in sources  # "North Korean leader Kim Jong-un accused the US …"
    assert ("kim-jong-un", "WARNS", "USA") in sources  # "…,” he warned." — he is Mr. Kim
    assert by_name["Dmitry Peskov"].code == "RUS"
    assert by_name["Maria Butina"].code == "RUS"
    hong = by_name["Hong Min"]
    assert (hong.kind, hong.role) == ("person", "senior analyst at the Korea Institute for National Unification")
    assert hong.affiliation == "korea-institute-for-national-unification"
    names = {a.name for a in extraction.actors}
    assert not names & set(gold["not_actors"])
    mentions = {m.text: m.actor_id for m in extraction.spans}
    assert mentions["Kyiv"] == "UKR"  # NER calls it a person; the gazetteer wins
