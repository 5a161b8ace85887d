"""The briefing (``export --format report``): what it states, that it is safe to open, that the
command it prints writes it again, and the PDFs' title metadata."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from actorgraph.cli import main
from actorgraph.dashboard.export import export_view
from actorgraph.dashboard.report import build_briefing, report_html
from actorgraph.dashboard.services import Dashboard
from actorgraph.dashboard.state import ViewState, state_from_search
from actorgraph.graph import Actor, Article, Relation, open_store


def pdf_title(data: bytes) -> str:
    """The /Title of a PDF's information dictionary (UTF-16 hex, as Chromium writes it, or a literal)."""
    found = re.search(rb"/Title\s*(<([0-9A-Fa-f]+)>|\(([^)]*)\))", data)
    assert found, "the PDF has no title"
    if found.group(2):
        return bytes.fromhex(found.group(2).decode()).decode("utf-16")
    return found.group(3).decode("latin-1")


def sections(page: str) -> dict[str, str]:
    return dict(re.findall(r'<section id="([a-z-]+)">(.*?)</section>', page, flags=re.S))


def test_a_briefing_states_the_strongest_relations_with_evidence(dashboard: Dashboard) -> None:
    state = state_from_search("?kind=state&minconf=0.6")
    briefing = build_briefing(dashboard, state, image=None)
    first = briefing.relations[0]
    assert (first.source.id, first.edge.type, first.target.id, first.total) == ("RUS", "ATTACKS", "UKR", 2)
    # the most confident sentence first
    assert [e.relation.id for e in first.evidence] == ["s9", "s10"]
    page = report_html(briefing)
    relations = sections(page)["relations"]
    assert "Russia launched missiles at Ukrainian power plants." in relations
    assert 'href="https://example.org/a4"' in relations and "Strikes hit Ukrainian energy grid" in relations
    assert "2024-08-26" in relations and "asserted" in relations and "alleged" in relations
    made_by = sections(page)["made-by"]
    assert "kinds state" in made_by and "confidence ≥ 0.6" in made_by
    assert "?kind=state&amp;minconf=0.6" in made_by
    actors = sections(page)["actors"]
    assert "Kremlin, Moscow" in actors and "Wagner Group" not in actors  # only the actors shown


def test_evidence_marks_the_words_naming_source_and_target(tmp_path: Path) -> None:
    sentence = "Israeli soldiers raided Gaza."
    with open_store(tmp_path / "g", relation_types=["ATTACKS"]) as store:
        store.upsert_actors([Actor(id="ISR-MIL", name="Israel · military", kind="state"), Actor(id="PSE", name="Palestine")])
        store.upsert_relations([Relation(id="r", type="ATTACKS", source_id="ISR-MIL", target_id="PSE", sentence=sentence,
                                         char_start=10, char_end=39, source_start=10, source_end=26, target_start=34,
                                         target_end=38)])  # fmt: skip
        page = report_html(build_briefing(Dashboard(store), ViewState(), image=None))
    assert (
        '<mark class="source" title="source">Israeli soldiers</mark> raided <mark class="target" title="target">Gaza</mark>.'
        in page
    )


def test_what_the_store_holds_cannot_script_the_page(tmp_path: Path) -> None:
    """Names, sentences and addresses come from news: escaped, never a live link but http(s)."""
    with open_store(tmp_path / "g", relation_types=["WARNS"]) as store:
        store.upsert_actors([Actor(id="a", name="<script>alert(1)</script>"), Actor(id="b", name="B & co")])
        store.upsert_articles([Article(id="x", title="<img src=x onerror=alert(2)>", url="javascript:alert(3)")])
        store.upsert_relations([Relation(id="r", type="WARNS", source_id="a", target_id="b", article_id="x",
                                         sentence="<b>bold</b> claim")])  # fmt: skip
        page = report_html(build_briefing(Dashboard(store), ViewState(), image=None))
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img src=x" not in page and "<b>bold</b>" not in page
    assert 'href="javascript:' not in page
    assert 'content="default-src &#39;none&#39;;' in page  # nothing is loaded from anywhere, whatever slips through


@pytest.mark.slow
def test_the_command_a_briefing_prints_writes_it_again(store_folder: str, tmp_path: Path) -> None:
    first = tmp_path / "brief.html"
    result = CliRunner().invoke(main, ["export", "--store", store_folder, "--view", "?type=ATTACKS&type=AIDS&pin=ISR",
                                       "-o", str(first)])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"wrote {first}: a briefing of ")
    page = first.read_text()
    command = re.search(r'<code class="command">(.*?)</code>', page).group(1).replace("&#39;", "'").replace("&amp;", "&")
    args = shlex.split(command)
    assert args[:2] == ["actorgraph", "export"] and "--format" in args
    args[args.index("-o") + 1] = str(tmp_path / "again.html")
    assert CliRunner().invoke(main, args[1:]).exit_code == 0
    again = (tmp_path / "again.html").read_text()
    for name in ("made-by", "relations", "actors"):
        assert sections(again)[name] == sections(page)[name]
    assert '<img src="data:image/svg+xml;base64,' in sections(page)["view"]


@pytest.mark.slow
def test_pdfs_carry_their_title(store_folder: str, tmp_path: Path) -> None:
    brief = tmp_path / "brief.pdf"
    result = CliRunner().invoke(main, ["export", "--store", store_folder, "--format", "report", "--focus", "PRK",
                                       "-o", str(brief)])  # fmt: skip
    assert result.exit_code == 0, result.output
    data = brief.read_bytes()
    assert data.startswith(b"%PDF-") and len(data) > 20_000
    assert pdf_title(data) == "Briefing · all relations"
    image = tmp_path / "view.pdf"  # the network image as a PDF: titled as the image, not by the renderer
    assert CliRunner().invoke(main, ["export", "--store", store_folder, "--type", "AIDS", "-o", str(image)]).exit_code == 0
    assert pdf_title(image.read_bytes()) == "actorgraph · types AIDS"


@pytest.mark.slow
def test_an_exported_path_is_drawn_and_titled(embedded_dashboard: Dashboard, tmp_path: Path) -> None:
    svg = tmp_path / "path.svg"
    export_view(embedded_dashboard, ViewState(path=("PRK", "UKR")), "svg", svg)
    text = svg.read_text()
    assert "shortest path PRK → UKR" in text and "PRK → RUS → UKR drawn in blue" in text
    assert "rgb(11, 92, 173)" in text  # the path's colour (#0b5cad) on its edges
    plain = tmp_path / "plain.svg"
    export_view(embedded_dashboard, ViewState(), "svg", plain)
    assert "rgb(11, 92, 173)" not in plain.read_text()
