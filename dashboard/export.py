"""Writing a view to a file: images (PNG, SVG, PDF), graphs for Gephi (GraphML, GEXF), Cytoscape
JSON, and a CSV edge list with the evidence of every relation.

Images are drawn with plotly and rendered by kaleido, which drives a Chrome or Chromium found
by choreographer: ``chromium`` or ``google-chrome`` on the PATH (Debian: ``apt-get install
chromium``), or the browser named by the ``BROWSER_PATH`` environment variable.

>>> format_for_path("view.graphml", None), format_for_path("view.out", "csv"), format_for_path("brief.html", None)
('graphml', 'csv', 'report')

Writing a view:

>>> import tempfile
>>> from pathlib import Path
>>> from actorgraph.graph import Actor, Relation, open_store
>>> folder = Path(tempfile.mkdtemp())
>>> store = open_store(folder / "graph", relation_types=["AIDS"])
>>> _ = store.upsert_actors([Actor(id="USA", name="United States", kind="state"), Actor(id="UKR", name="Ukraine", kind="state")])
>>> _ = store.upsert_relations([Relation(id="r1", type="AIDS", source_id="USA", target_id="UKR", sentence="Aid was sent.")])
>>> export_view(ViewModel(store), ViewState(), "csv", folder / "view.csv").relations
1
>>> (folder / "view.csv").read_text().splitlines()[1].split(",")[:6]
['r1', 'USA', 'United States', 'UKR', 'Ukraine', 'AIDS']
>>> store.close()
"""

from __future__ import annotations

import base64
import html
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import networkx as nx

from actorgraph.dashboard.elements import network_elements
from actorgraph.dashboard.figures import network_figure
from actorgraph.dashboard.folding import StateFold
from actorgraph.dashboard.printing import PrintError, html_to_pdf
from actorgraph.dashboard.state import ViewState, describe_filter, state_to_search
from actorgraph.dashboard.style import community_colour, edge_modality, kind_colour
from actorgraph.dashboard.view_model import MAX_EDGES_DRAWN, NetworkView, ViewModel
from actorgraph.graph import Relation
from actorgraph.writing import OutputError, atomic_output, refuse_inside, write_csv

__all__ = [
    "CSV_COLUMNS",
    "DATA_FORMATS",
    "FORMATS",
    "IMAGE_FORMATS",
    "PAGE_POLICY",
    "REPORT_FORMAT",
    "ExportError",
    "ExportSummary",
    "csv_rows",
    "export_view",
    "format_for_path",
    "image_page",
    "view_for_format",
    "view_graph",
    "view_image",
    "view_title",
]

IMAGE_FORMATS = ("png", "svg", "pdf")
DATA_FORMATS = ("graphml", "gexf", "json", "csv")
REPORT_FORMAT = "report"  # a briefing, HTML or PDF (dashboard/report.py)
FORMATS = IMAGE_FORMATS + DATA_FORMATS + (REPORT_FORMAT,)
_SUFFIX_FORMATS = {"html": REPORT_FORMAT, "htm": REPORT_FORMAT}
CSV_COLUMNS = [
    "relation_id", "source", "source_name", "target", "target_name", "type", "date", "modality", "confidence",
    "cameo", "plover", "quad_class", "goldstein", "sentence", "article_id", "article_title", "article_url",
]  # fmt: skip
IMAGE_SIZE = (1600, 1100)
# What a page this project writes may load: its own inline styles and embedded images, nothing
# from the network (an exported page is opened by others, maybe offline).
PAGE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


class ExportError(ValueError):
    """The view cannot be written as asked; the message says why in one line."""


@dataclass(frozen=True)
class ExportSummary:
    """What was written."""

    path: Path
    format: str
    actors: int
    edges: int
    relations: int
    truncated: bool
    notices: list[str] = field(default_factory=list)


def format_for_path(path: str | os.PathLike[str], fmt: str | None) -> str:
    """The export format: the one asked for, else the file's extension."""
    if fmt:
        chosen = fmt.lower()
    else:
        suffix = Path(path).suffix.lower().lstrip(".")
        chosen = _SUFFIX_FORMATS.get(suffix, suffix)
        if chosen not in FORMATS or (chosen == REPORT_FORMAT and suffix == REPORT_FORMAT):
            raise ExportError(f"cannot tell the format from {Path(path).name!r}: give --format ({', '.join(FORMATS)})")
    if chosen not in FORMATS:
        raise ExportError(f"unknown format {chosen!r}: use one of {', '.join(FORMATS)}")
    return chosen


def view_for_format(views: ViewModel, state: ViewState, fmt: str) -> NetworkView:
    """The view as ``fmt`` holds it: images (and reports) drawn with positions and at most
    :data:`MAX_EDGES_DRAWN` edges, data formats whole."""
    # data formats only get positions when the analyst chose the preset layout
    layout = "preset" if fmt in IMAGE_FORMATS or state.layout == "preset" else "fcose"
    max_edges = MAX_EDGES_DRAWN if fmt in IMAGE_FORMATS else None
    return views.view(state.model_copy(update={"layout": layout}), max_edges=max_edges)


def export_view(views: ViewModel, state: ViewState, fmt: str, path: str | os.PathLike[str]) -> ExportSummary:
    """Write the view to ``path`` in ``fmt`` (one of :data:`FORMATS`).

    The file is replaced only once it is whole (see :func:`~actorgraph.writing.atomic_output`);
    a path inside an embedded store's folder is refused. :class:`ExportError` says what failed.
    """
    target = Path(path)
    if not target.parent.is_dir():
        raise ExportError(f"cannot write {target}: the folder {target.parent} does not exist")
    if fmt not in IMAGE_FORMATS + DATA_FORMATS:
        raise ExportError(f"unknown format {fmt!r}: use one of {', '.join(IMAGE_FORMATS + DATA_FORMATS)}")
    try:
        if views.store.engine == "embedded":
            refuse_inside(target, views.store.location, "the store")
        view = view_for_format(views, state, fmt)
        content = view_image(view, state, fmt) if fmt in IMAGE_FORMATS else None
        with atomic_output(target, binary=fmt != "csv") as handle:
            if content is not None:
                handle.write(content)
            else:
                _WRITERS[fmt](views, view, state, handle)
    except OutputError as exc:
        raise ExportError(str(exc)) from None
    summary = ExportSummary(target, fmt, len(view.actors), len(view.edges), view.shown_relations, view.truncated)
    summary.notices.extend(view.budget_notices)
    return summary


def view_title(view: NetworkView, state: ViewState) -> tuple[str, str]:
    """An image's title and subtitle: what the filters keep, how much is shown, the focus and the path.

    >>> empty = NetworkView([], [], {}, "degree", False, "preset", None, None, 0, 0, 0, False, path_actors=["PRK", "UKR"])
    >>> view_title(empty, ViewState(path=("PRK", "UKR")))
    ('actorgraph · all relations · shortest path PRK → UKR', '0 of 0 actors, 0 relations · path PRK → UKR drawn in blue')
    """
    title = f"actorgraph · {describe_filter(state.graph_filter)}"
    subtitle = f"{len(view.actors):,} of {view.total_actors:,} actors, {view.shown_relations:,} relations"
    if view.truncated:
        subtitle += f" (the top {len(view.actors):,} by {state.size_by})"
    if state.focus:
        subtitle += f" · within {state.hops} hop{'s' if state.hops > 1 else ''} of {state.focus}"
    if state.path:
        ends = " → ".join(state.path)
        title += f" · shortest path {ends}"
        subtitle += f" · path {' → '.join(view.path_actors)} drawn in blue" if view.path_actors else f" · no path {ends}"
    if state.state_level:
        subtitle += " · state level: people and agents folded into their states"
    return title, subtitle


def view_image(view: NetworkView, state: ViewState, fmt: str) -> bytes:
    """The view drawn as a PNG, SVG or PDF (the PDF printed by the browser, titled as the image)."""
    title, subtitle = view_title(view, state)
    figure = network_figure(view, title, subtitle, *IMAGE_SIZE)
    try:
        image = figure.to_image(format="svg" if fmt == "pdf" else fmt, width=IMAGE_SIZE[0], height=IMAGE_SIZE[1])
    except Exception as exc:  # kaleido and choreographer raise their own types for a missing or failing browser
        first_line = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise ExportError(
            f"could not render the {fmt.upper()} ({first_line}); image export needs Chrome or Chromium "
            "(Debian: apt-get install chromium) on the PATH or named by BROWSER_PATH"
        ) from None
    if fmt != "pdf":
        return image
    try:
        return html_to_pdf(image_page(image, title, IMAGE_SIZE))
    except PrintError as exc:
        raise ExportError(f"could not print the PDF: {exc}") from None


def image_page(svg: bytes, title: str, size: tuple[int, int]) -> str:
    """An HTML page holding one SVG image on a page of its size (what the PDF export prints).

    >>> "<title>A &amp; B</title>" in image_page(b"<svg/>", "A & B", (10, 10))
    True
    """
    width, height = size
    source = "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
        f'<meta http-equiv="Content-Security-Policy" content="{PAGE_POLICY}">'
        f"<style>@page {{ size: {width}px {height}px; margin: 0 }} body {{ margin: 0 }} img {{ display: block }}</style>"
        f"</head><body><img src='{source}' width='{width}' height='{height}' alt='{html.escape(title)}'></body></html>"
    )


# -- graphs for Gephi ---------------------------------------------------------------------


def view_graph(view: NetworkView, with_viz: bool = False) -> nx.MultiDiGraph:
    """The view as a networkx multigraph with scalar attributes only (Gephi reads nothing else).

    Each drawn edge is one edge keyed by relation type, with ``weight`` = how many relations. The
    type is stored as ``relation_type`` (and ``label``): GEXF reserves an edge's ``type`` for
    directed/undirected.
    ``with_viz`` adds GEXF's colour, size and position so Gephi opens it as the app draws it.

    >>> from actorgraph.graph import Actor, EdgeSummary
    >>> view = NetworkView([Actor(id="a", name="A", kind="state"), Actor(id="b", name="B")],
    ...     [EdgeSummary(source_id="a", target_id="b", type="WARNS", count=2, quad_class=3)],
    ...     {"a": 1.0, "b": 1.0}, "degree", False, "fcose", None, None, 2, 2, 2, False)
    >>> g = view_graph(view)
    >>> g.nodes["a"]["kind"], g.edges["a", "b", "WARNS"]["weight"]
    ('state', 2.0)
    """
    graph = nx.MultiDiGraph()
    for actor in view.actors:
        attrs = {
            "label": actor.name, "name": actor.name, "kind": actor.kind, "code": actor.code, "country": actor.country,
            "sector": actor.sector, "role": actor.role, "aliases": "; ".join(actor.aliases) or None, "reviewed": actor.reviewed,
            view.metric: float(view.weights.get(actor.id, 0.0)),
            "community": view.communities.get(actor.id) if view.communities is not None else None,
        }  # fmt: skip
        if with_viz:
            attrs["viz"] = _viz(actor.id, actor.kind, view)
        graph.add_node(actor.id, **{k: v for k, v in attrs.items() if v is not None})
    for e in view.edges:
        attrs = {
            "label": e.type, "relation_type": e.type, "count": e.count, "weight": float(e.count), "quad_class": e.quad_class,
            "goldstein": e.goldstein, "confidence": e.confidence, "modality": edge_modality(e.modalities),
            "first_date": e.first_date.isoformat() if e.first_date else None,
            "last_date": e.last_date.isoformat() if e.last_date else None,
        }  # fmt: skip
        graph.add_edge(e.source_id, e.target_id, key=e.type, **{k: v for k, v in attrs.items() if v is not None})
    return graph


def _viz(actor_id: str, kind: str, view: NetworkView) -> dict[str, Any]:
    community = view.communities.get(actor_id) if view.communities is not None else None
    colour = community_colour(community) if view.communities is not None else kind_colour(kind)
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    viz: dict[str, Any] = {"color": {"r": r, "g": g, "b": b, "a": 1.0}, "size": 5.0 + 20.0 * _share(actor_id, view)}
    if view.positions and actor_id in view.positions:
        x, y = view.positions[actor_id]
        viz["position"] = {"x": x, "y": -y, "z": 0.0}
    return viz


def _share(actor_id: str, view: NetworkView) -> float:
    top = max(view.weights.values(), default=0.0)
    return view.weights.get(actor_id, 0.0) / top if top > 0 else 0.0


def _write_graphml(views: ViewModel, view: NetworkView, state: ViewState, handle: IO[bytes]) -> None:
    nx.write_graphml(view_graph(view), handle, named_key_ids=True)


def _write_gexf(views: ViewModel, view: NetworkView, state: ViewState, handle: IO[bytes]) -> None:
    nx.write_gexf(view_graph(view, with_viz=True), handle)


# -- Cytoscape JSON and CSV -------------------------------------------------------------


def _write_json(views: ViewModel, view: NetworkView, state: ViewState, handle: IO[bytes]) -> None:
    elements = network_elements(view)
    document = {
        "format_version": "1.0",
        "generated_by": "actorgraph",
        "target_cytoscapejs_version": "~3",
        "data": {
            "name": describe_filter(state.graph_filter),
            "view": state_to_search(state),
            "total_actors": view.total_actors,
            "total_relations": view.total_relations,
            "truncated": view.truncated,
        },
        "elements": {
            "nodes": [e for e in elements if "source" not in e["data"]],
            "edges": [e for e in elements if "source" in e["data"]],
        },
    }
    handle.write((json.dumps(document, ensure_ascii=False, indent=1, default=str) + "\n").encode("utf-8"))


def _view_relations(views: ViewModel, view: NetworkView, state: ViewState) -> list[Relation]:
    """Every relation behind the drawn edges (not only the folded counts); at state level with
    their ends as drawn, the states (the sentence still names who acted)."""
    fold = views.state_fold(state.graph_filter) if state.state_level else StateFold()
    shown = {member for a in view.actors for member in fold.members(a.id)}
    drawn = {(e.source_id, e.target_id, e.type) for e in view.edges}
    if not shown:
        return []
    graph_filter = (
        state.graph_filter
        if not view.truncated and not state.focus and not state.hidden
        else (state.graph_filter.model_copy(update={"actor_ids": sorted(shown)}))
    )
    found = views.relations(graph_filter)
    if fold.into:
        found = [r.model_copy(update={"source_id": fold.of(r.source_id), "target_id": fold.of(r.target_id)}) for r in found]
    return [r for r in found if (r.source_id, r.target_id, r.type) in drawn]


def csv_rows(views: ViewModel, view: NetworkView, state: ViewState) -> Iterable[dict[str, Any]]:
    """One row per relation of the view, with the names at both ends and the source article."""
    relations = _view_relations(views, view, state)
    names = {a.id: a.name for a in view.actors}
    articles = views.articles_by_id(r.article_id for r in relations if r.article_id)
    for r in relations:
        article = articles.get(r.article_id or "")
        yield {
            "relation_id": r.id,
            "source": r.source_id,
            "source_name": names.get(r.source_id, ""),
            "target": r.target_id,
            "target_name": names.get(r.target_id, ""),
            "type": r.type,
            "date": r.date.isoformat() if r.date else "",
            "modality": r.modality,
            "confidence": r.confidence,
            "cameo": r.cameo or "",
            "plover": r.plover or "",
            "quad_class": r.quad_class if r.quad_class is not None else "",
            "goldstein": r.goldstein if r.goldstein is not None else "",
            "sentence": r.sentence or "",
            "article_id": r.article_id or "",
            "article_title": (article.title or "") if article else "",
            "article_url": (article.url or "") if article else "",
        }


def _write_csv(views: ViewModel, view: NetworkView, state: ViewState, handle: IO[str]) -> None:
    """One row per relation; text a spreadsheet would run as a formula is made inert."""
    write_csv(handle, CSV_COLUMNS, ([row[c] for c in CSV_COLUMNS] for row in csv_rows(views, view, state)))


_WRITERS = {"graphml": _write_graphml, "gexf": _write_gexf, "json": _write_json, "csv": _write_csv}
