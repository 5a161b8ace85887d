"""Every export format, read back; and the ``export`` and ``serve`` commands' handling of mistakes."""

from __future__ import annotations

import csv
import json
import socket
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from fixture_graph import SMALL

from actorgraph.cli import main
from actorgraph.dashboard.export import CSV_COLUMNS, ExportError, export_view, format_for_path
from actorgraph.dashboard.services import Dashboard
from actorgraph.dashboard.state import ViewState

MAGIC = {"png": b"\x89PNG\r\n\x1a\n", "pdf": b"%PDF-"}


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graph_formats_reread_with_networkx(dashboard: Dashboard, tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"view.{fmt}"
    summary = export_view(dashboard, ViewState(), fmt, path)
    assert (summary.actors, summary.edges, summary.relations) == (10, 14, 15)
    graph = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
    assert graph.number_of_nodes() == 10 and graph.number_of_edges() == 14
    russia = graph.nodes["RUS"]
    assert (russia["label"], russia["kind"], russia["reviewed"]) == ("Russia", "state", True)
    assert russia["aliases"] == "Kremlin; Moscow"
    (attacks,) = [d for s, t, d in graph.edges(data=True) if (s, t) == ("RUS", "UKR") and d.get("relation_type") == "ATTACKS"]
    assert (int(attacks["count"]), float(attacks["weight"]), int(attacks["quad_class"])) == (2, 2.0, 4)


def test_graph_formats_hold_only_scalar_attributes(dashboard: Dashboard, tmp_path: Path) -> None:
    # Gephi reads string, number and boolean attributes only
    export_view(dashboard, ViewState(colour_by="community"), "graphml", tmp_path / "v.graphml")
    root = ET.parse(tmp_path / "v.graphml").getroot()
    types = {k.get("attr.type") for k in root.iter("{http://graphml.graphdrawing.org/xmlns}key")}
    assert types <= {"string", "int", "long", "double", "boolean"}
    assert {k.get("attr.name") for k in root.iter("{http://graphml.graphdrawing.org/xmlns}key")} >= {"community", "degree"}


def test_gexf_carries_colours_and_positions_for_gephi(dashboard: Dashboard, tmp_path: Path) -> None:
    export_view(dashboard, ViewState(layout="preset"), "gexf", tmp_path / "v.gexf")
    text = (tmp_path / "v.gexf").read_text()
    assert "<viz:color" in text and "<viz:position" in text
    edge_types = {e.get("type") for e in ET.parse(tmp_path / "v.gexf").getroot().iter() if e.tag.endswith("}edge")}
    assert edge_types <= {None, "directed", "undirected", "mutual"}  # GEXF's own meaning of an edge's type


def test_json_is_cytoscape_elements(dashboard: Dashboard, tmp_path: Path) -> None:
    export_view(dashboard, ViewState(focus="PRK"), "json", tmp_path / "v.json")
    document = json.loads((tmp_path / "v.json").read_text())
    nodes, edges = document["elements"]["nodes"], document["elements"]["edges"]
    assert {n["data"]["id"] for n in nodes} == {"PRK", "RUS", "USA"}
    assert all({"source", "target", "type", "count"} <= set(e["data"]) for e in edges)
    assert document["data"]["view"] == "?focus=PRK"


def test_csv_has_one_row_per_relation_with_evidence(dashboard: Dashboard, tmp_path: Path) -> None:
    export_view(dashboard, ViewState(), "csv", tmp_path / "v.csv")
    with (tmp_path / "v.csv").open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == CSV_COLUMNS
    assert len(rows) == len(SMALL.relations)
    s9 = next(r for r in rows if r["relation_id"] == "s9")
    assert s9 == {
        "relation_id": "s9",
        "source": "RUS",
        "source_name": "Russia",
        "target": "UKR",
        "target_name": "Ukraine",
        "type": "ATTACKS",
        "date": "2024-08-26",
        "modality": "asserted",
        "confidence": "0.95",
        "cameo": "190",
        "plover": "ASSAULT",
        "quad_class": "4",
        "goldstein": "-10.0",
        "sentence": "Russia launched missiles at Ukrainian power plants.",
        "article_id": "a4",
        "article_title": "Strikes hit Ukrainian energy grid",
        "article_url": "https://example.org/a4",
    }


def test_csv_of_a_capped_view_keeps_only_drawn_relations(dashboard: Dashboard, tmp_path: Path) -> None:
    export_view(dashboard, ViewState(max_nodes=3), "csv", tmp_path / "v.csv")
    with (tmp_path / "v.csv").open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {r["relation_id"] for r in rows} == {"s1", "s3", "s9", "s10", "s11"}
    assert all({r["source"], r["target"]} <= {"RUS", "UKR", "USA"} for r in rows)


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["png", "svg", "pdf"])
def test_images_are_real_files(embedded_dashboard: Dashboard, tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"view.{fmt}"
    export_view(embedded_dashboard, ViewState(path=("PRK", "UKR")), fmt, path)
    data = path.read_bytes()
    if fmt == "svg":
        root = ET.fromstring(data)
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
        assert b"North Korea" in data and b"material conflict" in data
    else:
        assert data.startswith(MAGIC[fmt]) and len(data) > 10_000


def test_format_comes_from_the_flag_or_the_extension() -> None:
    assert format_for_path("x.GEXF", None) == "gexf"
    assert format_for_path("x", "PNG") == "png"
    with pytest.raises(ExportError, match="cannot tell the format"):
        format_for_path("x.txt", None)
    with pytest.raises(ExportError, match="unknown format"):
        format_for_path("x.png", "bmp")


def test_export_into_a_missing_folder_is_refused(dashboard: Dashboard, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="does not exist"):
        export_view(dashboard, ViewState(), "csv", tmp_path / "nowhere" / "v.csv")


# -- the commands -------------------------------------------------------------------------


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_export_command_writes_what_the_flags_select(store_folder: str, tmp_path: Path) -> None:
    out = tmp_path / "attacks.csv"
    code, stdout, _ = run("export", "--store", store_folder, "--type", "ATTACKS,AIDS", "--kind", "state", "-o", str(out))
    assert code == 0 and stdout.startswith(f"wrote {out}: ")
    with out.open(newline="") as handle:
        assert {r["relation_id"] for r in csv.DictReader(handle)} == {"s5", "s9", "s10", "s11"}


def test_export_command_uses_the_view_model_alone(store_folder: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A one-shot export builds no serving machinery: no health probe (a thread), no caches."""
    from actorgraph.dashboard import services

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("an export started the app's serving machinery")

    monkeypatch.setattr(services.StoreHealth, "__init__", refuse)
    monkeypatch.setattr(services.TimedCache, "__init__", refuse)
    code, stdout, _ = run("export", "--store", store_folder, "--type", "ATTACKS", "-o", str(tmp_path / "v.csv"))
    assert code == 0 and stdout.startswith("wrote ")


def test_the_view_model_needs_no_dash(tmp_path: Path) -> None:
    """The CLI and the tests use the view model without importing Dash (or plotly)."""
    script = (
        "import sys, actorgraph.dashboard.view_model, actorgraph.dashboard.fields\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'dash', 'plotly', 'flask'}))\n"
    )
    found = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert found.stdout.strip() == "[]"


def test_export_command_reads_a_link_from_the_app(store_folder: str, tmp_path: Path) -> None:
    out = tmp_path / "v.json"
    code, _, _ = run("export", "--store", store_folder, "--view", "http://127.0.0.1:8050/?focus=PRK&hops=1", "-o", str(out))
    assert code == 0
    assert {n["data"]["id"] for n in json.loads(out.read_text())["elements"]["nodes"]} == {"PRK", "RUS", "USA"}


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (["--from", "2024-13-01"], "actorgraph: error: from: '2024-13-01' is not a date (YYYY-MM-DD)"),
        (["--kind", "planet"], "actorgraph: error: kind: 'planet' is not one of state"),
        (["--type", "DANCES"], "actorgraph: error: unknown relation type: DANCES (known: "),
        (["--min-confidence", "lots"], "actorgraph: error: minconf: 'lots' is not a number"),
        (["--focus", "ghost"], "actorgraph: error: no actor with id: ghost"),
        (["--from", "2024-05-01", "--to", "2024-01-01"], "actorgraph: error: to is before from"),
        (["--view", "?colour=blue"], "actorgraph: error: colour: 'blue' is not one of kind or community"),
    ],
)
def test_export_command_rejects_bad_filters_in_one_line(
    store_folder: str, tmp_path: Path, flags: list[str], message: str
) -> None:
    code, _, stderr = run("export", "--store", store_folder, *flags, "-o", str(tmp_path / "v.csv"))
    assert code != 0
    assert stderr.startswith(message) and stderr.count("\n") == 1
    assert not (tmp_path / "v.csv").exists()


def test_export_command_without_a_known_extension(store_folder: str, tmp_path: Path) -> None:
    code, _, stderr = run("export", "--store", store_folder, "-o", str(tmp_path / "v.dat"))
    assert code != 0 and "give --format" in stderr


def test_serve_refuses_a_port_in_use(store_folder: str) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        code, _, stderr = run("serve", "--store", store_folder, "--port", str(port))
    assert code != 0 and stderr.startswith(f"actorgraph: error: cannot listen on 127.0.0.1:{port}")


def test_serve_refuses_malformed_auth(store_folder: str) -> None:
    code, _, stderr = run("serve", "--store", store_folder, "--auth", "no-password")
    assert code != 0 and stderr == "actorgraph: error: --auth: auth must be USER:PASSWORD\n"
