"""The "source of the edge" filter: imported and extracted edges apart, in the app and the CLI."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

from actorgraph.dashboard.callbacks import controls_from_state, state_from_controls
from actorgraph.dashboard.layout import Ids, build_layout
from actorgraph.dashboard.state import ViewState, describe_filter, state_from_search, state_to_search

ACTORGRAPH = str(Path(sys.executable).with_name("actorgraph"))
EVENTS = Path(__file__).resolve().parents[1] / "data" / "events"


def test_the_source_filter_round_trips_through_the_url_and_the_controls() -> None:
    state = state_from_search("?source=gdelt&source=acled")
    assert state.graph_filter.extractors == ["gdelt", "acled"]
    assert state_to_search(state) == "?source=gdelt&source=acled"
    assert describe_filter(state.graph_filter) == "from gdelt, acled"
    values = controls_from_state(state)
    assert values[Ids.SOURCES] == ["gdelt", "acled"]
    assert state_from_controls(values, ViewState()).graph_filter.extractors == ["gdelt", "acled"]
    values[Ids.SOURCES] = []
    assert state_from_controls(values, ViewState()).graph_filter.extractors is None


def test_the_page_offers_the_sources_in_the_store() -> None:
    page = build_layout("embedded · x", ["WARNS"], read_only=True, edge_sources=["acled", "actorgraph-rules/0.1"])
    found = []

    def walk(node: object) -> None:
        if getattr(node, "id", None) == Ids.SOURCES:
            found.append(node)
        children = getattr(node, "children", None)
        for child in children if isinstance(children, list) else [children] if children is not None else []:
            walk(child)

    walk(page)
    assert [d.options for d in found] == [["acled", "actorgraph-rules/0.1"]]


def test_export_keeps_the_relations_of_the_sources_asked_for(tmp_path: Path) -> None:
    store = str(tmp_path / "graph")
    for dataset, name in (("gdelt", "gdelt.export.CSV"), ("acled", "acled.csv")):
        subprocess.run([ACTORGRAPH, "import", dataset, str(EVENTS / name), "--store", store, "-q"], check=False, timeout=120)
    out = tmp_path / "acled.csv"
    result = subprocess.run([ACTORGRAPH, "export", "--store", store, "--source", "acled", "-o", str(out)],
                            capture_output=True, text=True, timeout=120)  # fmt: skip
    assert result.returncode == 0, result.stderr
    with out.open() as handle:
        rows = list(csv.DictReader(handle))
    assert {(r["source"], r["type"], r["target"]) for r in rows} == {
        ("ETH", "ATTACKS", "fano-militia"),
        ("RUS", "ATTACKS", "UKR"),
        ("unidentified-armed-group-nigeria", "ASSAULTS", "civilians-nigeria"),
    }
