"""The derived event data (ingest/data/cameo.yaml, cameo_verbs.yaml) are what tools/derive_event_data.py writes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_derived_data_match_their_sources(shared_dir: Path) -> None:
    reference = shared_dir / "reference"
    if not (reference / "petrarch2-dictionaries" / "CAMEO.2.0.txt").exists():
        pytest.skip("../shared/reference is not beside the project")
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "derive_event_data.py"), "--reference", str(reference), "--check"],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr


def test_derived_files_name_their_sources_and_licences() -> None:
    cameo = (ROOT / "ingest" / "data" / "cameo.yaml").read_text(encoding="utf-8")
    verbs = (ROOT / "ingest" / "data" / "cameo_verbs.yaml").read_text(encoding="utf-8")
    assert "CAMEO2PLOVER-2021" in cameo and "CC BY-SA 4.0" in cameo and "Goldstein" in cameo
    assert "PETRARCH-2" in verbs and "MIT licence" in verbs and "676801c" in verbs
