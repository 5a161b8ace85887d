"""The extractor on whatever text the web throws at it, and its configured limits.

Random unicode (lone surrogates and control characters included), very long tokens and
word salads built from actor names and trigger verbs: the extractor gives an extraction
whose evidence points into its own text, or raises the project's :class:`IngestError`;
nothing else escapes.
"""

from __future__ import annotations

import pytest
from extraction_triples import triples
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from actorgraph.commands.ingest import _extractor_options
from actorgraph.ingest.errors import IngestError
from actorgraph.ingest.extractor import Extractor, bounded_paragraphs, split_paragraphs
from actorgraph.ingest.records import Document, Extraction
from actorgraph.settings import SettingsError, load_settings

WORDS = [
    "Russia", "Ukraine", "the United States", "NATO", "Kremlin", "Mr. Peskov", "Kim Jong Un", "he", "she", "it",
    "attacked", "warned", "accused", "of", "did not", "would", "sanctions", "on", "said", "yesterday", "last week",
    "on Monday", ",", ".", "\"", "'", "(", ")", "—", "\n", "\n\n", "KYIV, March 3 - ", "Read more:", "🇺🇦", "Ким",
]  # fmt: skip
SURROGATES = st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)
CONTROLS = st.characters(min_codepoint=0, max_codepoint=0x1F)
ANY_CHARACTER = st.one_of(st.characters(), SURROGATES, CONTROLS)

TEXTS = st.one_of(
    st.text(ANY_CHARACTER, max_size=400),
    st.lists(st.one_of(st.sampled_from(WORDS), st.text(ANY_CHARACTER, max_size=8)), max_size=80).map(" ".join),
    st.tuples(st.sampled_from(WORDS), st.text(ANY_CHARACTER, min_size=1, max_size=3), st.integers(1000, 20_000)).map(
        lambda t: f"{t[0]} attacked " + t[1] * t[2] + " Ukraine."  # one very long token
    ),
)


def extract(extractor: Extractor, text: str, title: str | None = None) -> Extraction:
    return next(extractor.extract([Document(name="fuzz.txt", text=text, title=title)]))


def assert_consistent(extraction: Extraction) -> None:
    """Evidence points into the extraction's own text, and every end of a relation is an actor."""
    actors = {a.id for a in extraction.actors}
    for relation in extraction.relations:
        assert extraction.text[relation.char_start : relation.char_end] == relation.sentence
        assert {relation.source_id, relation.target_id} <= actors


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(text=TEXTS, title=st.one_of(st.none(), st.text(ANY_CHARACTER, max_size=60)))
def test_no_text_makes_the_extractor_raise_anything_but_an_ingest_error(
    extractor: Extractor, text: str, title: str | None
) -> None:
    try:
        extraction = extract(extractor, text, title)
    except IngestError:
        return
    assert_consistent(extraction)


@settings(max_examples=200, deadline=None)
@given(text=st.text(st.sampled_from("ab .!\n\t"), max_size=300), limit=st.integers(1, 40))
def test_bounded_paragraphs_keep_offsets_and_lose_no_text(text: str, limit: int) -> None:
    pieces = split_paragraphs(text)
    bounded = list(bounded_paragraphs(pieces, limit))
    for start, piece in bounded:
        assert text[start : start + len(piece)] == piece
        assert 0 < len(piece) <= limit and piece == piece.strip()
    assert "".join("".join(p.split()) for _, p in bounded) == "".join(text.split())


def test_a_paragraph_too_long_for_spacy_is_read_in_pieces(extractor: Extractor, monkeypatch: pytest.MonkeyPatch) -> None:
    # one 13,000-character "paragraph", as a scraped page without blank lines gives
    text = " ".join(["Russia attacked Ukraine on Monday."] * 200 + ["Iran warned Israel."] * 200)
    monkeypatch.setattr("actorgraph.ingest.extractor.MAX_PARAGRAPH_CHARS", 2_000)
    monkeypatch.setattr(extractor.nlp, "max_length", 3_000)  # what spaCy would refuse whole
    extraction = extract(extractor, text)
    assert triples(extraction) == {("RUS", "ATTACKS", "UKR"), ("IRN", "WARNS", "ISR")}
    assert len(extraction.relations) == 400
    assert_consistent(extraction)


def test_lone_surrogates_do_not_stop_extraction(extractor: Extractor) -> None:
    extraction = extract(extractor, "Russia \udcff attacked Ukraine on Monday.")
    assert triples(extraction) == {("RUS", "ATTACKS", "UKR")}
    assert "\ufffd" in extraction.text


# -- limits ------------------------------------------------------------------------------------

LONG_SENTENCE = "Russia warned the United States that " + "very " * 60 + "serious consequences would follow."


def test_sentences_over_the_limit_are_skipped_for_relations(extractor: Extractor, monkeypatch: pytest.MonkeyPatch) -> None:
    text = f"Iran attacked Israel on Monday. {LONG_SENTENCE}"
    assert triples(extract(extractor, text)) == {("IRN", "ATTACKS", "ISR"), ("RUS", "WARNS", "USA")}
    monkeypatch.setattr(extractor, "max_sentence_chars", 200)
    limited = extract(extractor, text)
    assert triples(limited) == {("IRN", "ATTACKS", "ISR")}
    assert {"RUS", "USA"} <= {m.actor_id for m in limited.spans}  # still read for actors


def test_the_limits_come_from_the_environment() -> None:
    settings = load_settings({}, environ={"ACTORGRAPH_MAX_SENTENCE_CHARS": "150", "ACTORGRAPH_MAX_DOCUMENT_CHARS": "5000"})
    assert _extractor_options(settings, all_modalities=False)["max_sentence_chars"] == 150
    assert settings.max_document_chars == 5000
    for variable, value in (("ACTORGRAPH_MAX_SENTENCE_CHARS", "5"), ("ACTORGRAPH_MAX_DOCUMENT_CHARS", "many")):
        with pytest.raises(SettingsError, match=variable):
            load_settings({}, environ={variable: value})
