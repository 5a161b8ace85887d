"""Fixtures of the ingest tests: one extractor per test session (loading spaCy is slow)."""

from __future__ import annotations

import datetime as dt

import pytest

from actorgraph.ingest.extractor import Extractor
from actorgraph.ingest.records import Document, Extraction


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    return Extractor()


@pytest.fixture(scope="session")
def extract_text(extractor: Extractor):
    """Extract one text as a document published on a given date (default 2024-11-18)."""

    def run(text: str, published: dt.date = dt.date(2024, 11, 18), **metadata: object) -> Extraction:
        return next(extractor.extract([Document(name="t.txt", text=text, published=published, **metadata)]))

    return run
