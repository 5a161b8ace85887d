"""Import of coded event datasets (GDELT 2.0, POLECAT, ICEWS, ACLED) and of extraction output (JSON Lines).

Each dataset's published layout is read by :mod:`~actorgraph.ingest.importers.formats` (where
the column lists and their sources are given); :mod:`~actorgraph.ingest.importers.codes` maps
its codes onto the ontology's relation types, :mod:`~actorgraph.ingest.importers.actors` its
actors onto the gazetteer's, and :mod:`~actorgraph.ingest.importers.events` writes them with
the store's bulk path. :mod:`~actorgraph.ingest.importers.jsonl` reads ``actorgraph extract
--jsonl`` output, so extraction can run on many machines and be written in one place.

>>> sorted(DATASETS)
['acled', 'gdelt', 'icews', 'polecat']
"""

from __future__ import annotations

from actorgraph.ingest.importers.events import DEFAULT_BATCH_ROWS, BadRow, EventImporter, ImportSummary
from actorgraph.ingest.importers.formats import FORMATS as DATASETS
from actorgraph.ingest.importers.jsonl import import_jsonl
from actorgraph.ingest.importers.sources import Source, open_sources

__all__ = ["DATASETS", "DEFAULT_BATCH_ROWS", "BadRow", "EventImporter", "ImportSummary", "Source", "import_jsonl", "open_sources"]
