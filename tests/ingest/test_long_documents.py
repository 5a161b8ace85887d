"""One long document costs bounded memory: its text is parsed in pieces of bounded length, and
the parser gets batches of bounded characters however long the pieces are."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from actorgraph.ingest.extractor import MAX_BATCH_CHARS, MAX_PARAGRAPH_CHARS, Extractor, parse_batches

SENTENCES = [
    "Russia warned Ukraine over the border dispute.",
    "Officials said that China criticised the United States during a summit last week.",
    "Iran threatened Israel in a statement on Tuesday.",
    "The European Union supported Poland as talks continued in Geneva.",
]


def one_paragraph(chars: int) -> str:
    """A single paragraph of ``chars`` characters, as a scraped page without blank lines gives."""
    text = " ".join(SENTENCES * (chars // sum(len(s) + 1 for s in SENTENCES) + 1))
    return text[:chars]


@given(lengths=st.lists(st.integers(0, 120), max_size=40), max_texts=st.integers(1, 8), max_chars=st.integers(1, 200))
def test_batches_are_bounded_in_texts_and_characters(lengths: list[int], max_texts: int, max_chars: int) -> None:
    texts = ["x" * n for n in lengths]
    batches = list(parse_batches(texts, max_texts, max_chars))
    assert [i for batch in batches for i in batch] == list(range(len(texts)))
    for batch in batches:
        assert 0 < len(batch) <= max_texts
        assert len(batch) == 1 or sum(lengths[i] for i in batch) <= max_chars


def test_a_long_paragraph_is_parsed_in_bounded_pieces(extractor: Extractor, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[int] = []
    parse = extractor.nlp.pipe

    def recording(texts, **kwargs):  # type: ignore[no-untyped-def]
        texts = list(texts)
        seen.append(sum(len(text) for text in texts))
        assert all(len(text) <= MAX_PARAGRAPH_CHARS for text in texts)
        return parse(texts, **kwargs)

    monkeypatch.setattr(extractor.nlp, "pipe", recording)
    from actorgraph.ingest.records import Document

    extraction = next(extractor.extract([Document(name="long.txt", text=one_paragraph(120_000))]))
    assert len(seen) >= 120_000 // MAX_BATCH_CHARS and max(seen) <= MAX_BATCH_CHARS
    assert {(r.source_id, r.type, r.target_id) for r in extraction.relations} >= {
        ("RUS", "WARNS", "UKR"),
        ("IRN", "THREATENS", "ISR"),
    }


PEAK_RSS = textwrap.dedent(
    """
    import resource, sys
    from actorgraph.ingest.extractor import Extractor
    from actorgraph.ingest.records import Document
    extractor = Extractor()
    text = open(sys.argv[1], encoding="utf-8").read()
    extraction = next(extractor.extract([Document(name="doc.txt", text=text)]))
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024, len(extraction.relations))
    """
)


def peak_rss_mb(path: Path) -> tuple[int, int]:
    result = subprocess.run([sys.executable, "-c", PEAK_RSS, str(path)], capture_output=True, text=True, timeout=600, check=True)
    peak, relations = result.stdout.split()
    return int(peak), int(relations)


@pytest.mark.slow
def test_a_long_single_paragraph_document_costs_bounded_memory(tmp_path: Path) -> None:
    """400,000 characters in one paragraph: before the bounds, the parser's batch alone took
    about 1 GB more than a short document did (3.6 GB at 1.9 million characters)."""
    short, long = tmp_path / "short.txt", tmp_path / "long.txt"
    short.write_text(SENTENCES[0], encoding="utf-8")
    long.write_text(one_paragraph(400_000), encoding="utf-8")
    base, _ = peak_rss_mb(short)
    peak, relations = peak_rss_mb(long)
    assert relations > 5_000
    assert peak - base < 350, f"a 400,000-character document took {peak - base} MB more than a short one"
