"""Benchmark of start-up: what an extraction process spends before it reads its first document.

Each measurement runs in a fresh Python process (nothing cached), five times; the median
is reported:

  (a) baseline: import spaCy and load the English model alone;
  (b) the gazetteer: read every shipped gazetteer file (``load_gazetteer``);
  (c) the pipeline: the model with the gazetteer's names in the EntityRuler (``build_pipeline``);
  (d) a whole ``Extractor`` (gazetteer, pipeline, ontology, rules), as ``ingest`` and
      ``extract`` and each ``--workers`` process make one;
  (e) a place lookup's table (GeoNames cities and the regions), built on first use.

    .venv/bin/python bench/startup.py [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
from pathlib import Path

from actorgraph.ingest.defaults import SPACY_MODEL

__all__ = ["STEPS", "main"]

ROOT = Path(__file__).resolve().parents[1]

STEPS = {
    "(a) spaCy and the English model alone": f"import {SPACY_MODEL}; {SPACY_MODEL}.load()",
    "(b) the gazetteer files": "from actorgraph.ingest.gazetteer import load_gazetteer; load_gazetteer()",
    "(c) the model with the gazetteer ruler": (
        "from actorgraph.ingest.gazetteer import load_gazetteer; from actorgraph.ingest.nlp import build_pipeline; "
        "build_pipeline(load_gazetteer())"
    ),
    "(d) a whole Extractor": "from actorgraph.ingest.extractor import Extractor; Extractor()",
    "(e) the place table": "from actorgraph.ingest.places import place_country; place_country('Kharkiv')",
}
_TIMED = "import time; _t = time.perf_counter(); {code}; print(time.perf_counter() - _t)"


def measure(code: str, runs: int) -> float:
    """Median seconds of ``code`` in ``runs`` fresh processes (imports included)."""
    times = []
    for _ in range(runs):
        result = subprocess.run([sys.executable, "-c", _TIMED.format(code=code)], capture_output=True, text=True, check=True)
        times.append(float(result.stdout.strip().splitlines()[-1]))
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    baseline = None
    for label, code in STEPS.items():
        seconds = measure(code, args.runs)
        baseline = baseline or seconds
        print(f"{label:42} {seconds:6.2f} s  ({seconds / baseline:4.2f} times the model alone)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
