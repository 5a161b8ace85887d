"""The invented fixture files of the four datasets' layouts (``tests/data/events``), for the import tests."""

from __future__ import annotations

from pathlib import Path

EVENTS = Path(__file__).resolve().parents[2] / "data" / "events"
FILES = {
    "gdelt": "gdelt.export.CSV",
    "icews": "icews.tsv",
    "polecat": "ngecEvents.20240415.Release001.DV.txt",
    "acled": "acled.csv",
}
