"""Cleaning: scraping junk goes, real paragraphs stay byte for byte."""

from __future__ import annotations

import json
import re
import time
from importlib import resources
from pathlib import Path

import pytest
import yaml

from actorgraph.ingest.clean import clean_text, find_junk, load_boilerplate
from actorgraph.ingest.errors import ConfigError

DEMO = Path(__file__).resolve().parents[2] / "examples" / "demo"

# Written independently of the shipped patterns: how a junk paragraph of the demo corpus starts.
JUNK_START = re.compile(
    r"^(Read more|Share this|Follow us|Sign up|Subscribe|Newsletter|Get the latest|We use cookies|"
    r"We value your privacy|This (web)?site uses cookies|Accept all cookies|We need your consent|Advertisement)"
)


def paragraphs(text: str) -> list[str]:
    return [p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]


# ---------------------------------------------------------------------------- the seed article


def test_seed_article_loses_its_boilerplate_and_keeps_every_other_paragraph(shared_dir: Path):
    article = (shared_dir / "eval" / "seed_article.txt").read_text(encoding="utf-8")
    gold = json.loads((shared_dir / "eval" / "seed_gold.json").read_text(encoding="utf-8"))
    cleaned = clean_text(article)

    for junk in [*gold["boilerplate"], "Manage Preferences", "Accept Read More", "Read more: Latest Ukraine stories"]:
        assert junk not in cleaned
    junk_paragraphs = [p for p in paragraphs(article) if p.startswith((*gold["boilerplate"], "Read more:"))]
    assert len(junk_paragraphs) == 4
    assert paragraphs(cleaned) == [p for p in paragraphs(article) if p not in junk_paragraphs]
    assert "\n\n\n" not in cleaned


# ---------------------------------------------------------------------------- the demo corpus


@pytest.mark.parametrize("path", sorted(DEMO.glob("*.json")), ids=lambda path: path.stem[:2])
def test_demo_article_loses_its_junk_and_keeps_every_real_paragraph(path: Path):
    text = json.loads(path.read_text(encoding="utf-8"))["text"]
    cleaned, removed = clean_text(text), find_junk(text)
    kept = paragraphs(cleaned)

    assert [p for p in paragraphs(text) if p in kept] == kept  # same paragraphs, same order, unchanged
    assert not [p for p in kept if JUNK_START.match(p)], "junk left behind"
    assert all(JUNK_START.match(p) for p in removed), f"real text removed: {removed}"
    assert len(kept) + len(removed) == len(paragraphs(text))


def test_demo_corpus_has_junk_to_remove():
    removed = [junk for path in DEMO.glob("*.json") for junk in find_junk(json.loads(path.read_text())["text"])]
    if not removed:
        pytest.skip("no demo corpus")
    assert len(removed) >= 25


# ---------------------------------------------------------------------------- what goes, what stays


@pytest.mark.parametrize(
    "junk",
    [
        "We need your consent to load this video-player content. We use video-player to manage extra content "
        "that can set cookies on your device. Please review their details and accept them to load the content. "
        "Manage Preferences",
        "This website uses cookies to improve your experience. We'll assume you're ok with this, "
        "but you can opt-out if you wish. Accept Read More",
        "We use cookies to give you the best experience. Accept | Reject | Manage settings",
        "Read more: Talks to resume next week",
        "Read more",
        "Related: How the sanctions work",
        "See also: Timeline of the talks",
        "Share this article",
        "Share on Facebook",
        "Share this article: Facebook | X | WhatsApp | Email",
        "Follow us on Telegram for the latest news.",
        "Sign up for our newsletter to get the morning briefing.",
        "Subscribe to our daily digest.",
        "Advertisement",
        "Photo: Jane Doe/Reuters",
        "Jane Doe/AFP via Getty Images",
        "Reuters",
        "© 2024 Example News. All rights reserved.",
    ],
)
def test_junk_paragraphs_are_removed_whole(junk: str):
    text = f"Russia warned the West on Tuesday.\n\n{junk}\n\nNATO said it would respond."
    assert clean_text(text) == "Russia warned the West on Tuesday.\n\nNATO said it would respond."
    assert find_junk(text) == [junk]


@pytest.mark.parametrize(
    "real",
    [
        "Hungary said it would not give its consent to the aid package.",
        "The regulator fined the company for setting cookies without consent.",
        "We use cookies, the bakery owner joked, to win over visiting diplomats.",
        "Finland shares a border of about 1,300 km with Russia.",
        "Reuters reported the decision, citing two officials.",
        "Read the statement in full, the ministry urged reporters.",
        "The invitation had been accepted, the Kremlin said.",
        "Follow-up talks are planned in Geneva.",
        "Advertisement revenue at state broadcasters fell sharply.",
        "Kim told his generals to read more about modern warfare",
    ],
)
def test_real_paragraphs_that_mention_junk_words_are_kept(real: str):
    text = f"Opening paragraph.\n\n{real}\n\nClosing paragraph."
    assert clean_text(text) == text
    assert find_junk(text) == []


@pytest.mark.parametrize(
    ("glued", "kept"),
    [
        ("Kim warned of a global conflict. Accept Read More", "Kim warned of a global conflict."),
        ("Borrell urged members to agree. Manage Preferences", "Borrell urged members to agree."),
        ("“The missiles will speak,” he said. Read more", "“The missiles will speak,” he said."),
        ("Seoul protested. [Accept] [Reject]", "Seoul protested."),
        ("He told them to read more", "He told them to read more"),  # no sentence end before it: real text
    ],
)
def test_known_junk_tails_are_trimmed_from_real_paragraphs(glued: str, kept: str):
    assert clean_text(f"First paragraph.\n\n{glued}") == f"First paragraph.\n\n{kept}"


def test_a_junk_line_inside_a_paragraph_goes_and_the_other_lines_stay():
    text = "Real line one.\nAdvertisement\nReal line two."
    assert clean_text(text) == "Real line one.\nReal line two."


def test_blank_lines_left_behind_collapse_to_one_and_kept_text_is_byte_identical():
    text = "\n\n  Indented  opening,  odd   spacing\u00a0kept. \n\n\n\nShare this article\n \n\t\nLast  — paragraph…\n"
    assert clean_text(text) == "  Indented  opening,  odd   spacing\u00a0kept. \n\nLast  — paragraph…"


def test_text_without_junk_is_unchanged_and_cleaning_is_idempotent():
    text = "Headline\n\nFirst paragraph.\nSecond line.\n\nSecond paragraph."
    assert clean_text(text) == text
    messy = "A.\n\nRead more: B\n\n\nC. Accept Read More\n\nAdvertisement"
    assert clean_text(clean_text(messy)) == clean_text(messy) == "A.\n\nC."


def test_an_all_junk_text_cleans_to_nothing():
    assert clean_text("Share this article\n\nAdvertisement\n\nFollow us on X") == ""


def test_cleaning_a_huge_hostile_paragraph_stays_fast():
    hostile = "Sign up for " + "word " * 200_000 + "\n\n" + "| " * 100_000
    started = time.perf_counter()
    assert clean_text(hostile).startswith("Sign up for word")
    assert time.perf_counter() - started < 5


# ---------------------------------------------------------------------------- the pattern file


def test_every_shipped_pattern_says_why_it_is_there():
    data = yaml.safe_load((resources.files("actorgraph.ingest") / "data" / "boilerplate.yaml").read_text(encoding="utf-8"))
    entries = data["junk"] + data["tails"]
    assert entries and all(entry.get("why", "").strip() for entry in entries)


def test_patterns_are_loaded_once():
    assert load_boilerplate() is load_boilerplate()


def test_a_user_file_adds_patterns(tmp_path: Path):
    extra = tmp_path / "mine.yaml"
    extra.write_text("junk:\n  - match: 'listen to this article(?: \\(\\d{1,2} min\\))?'\n    why: audio player label\n")
    text = "Seoul protested.\n\nListen to this article (3 min)"
    assert clean_text(text) == text
    assert clean_text(text, load_boilerplate([extra])) == "Seoul protested."


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("junk:\n  - match: '(unclosed'\n", "is not a valid regular expression"),
        ("junk:\n  - match: '.{0,10}'\n", "matches empty text"),
        ("junk:\n  - pattern: 'x'\n", "junk.0.match"),
        ("junk: [", "not valid YAML"),
    ],
)
def test_a_broken_user_file_is_a_config_error_naming_it(tmp_path: Path, content: str, problem: str):
    extra = tmp_path / "broken.yaml"
    extra.write_text(content)
    with pytest.raises(ConfigError, match=re.escape(problem)) as raised:
        load_boilerplate([extra])
    assert str(extra) in str(raised.value)
