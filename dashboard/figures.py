"""Plotly figures: the timeline, a dyad's history, and the network drawn for image export.

>>> import datetime as dt
>>> from actorgraph.graph import TimelinePoint
>>> points = [TimelinePoint(period=dt.date(2024, 1, d), group="WARNS", count=1) for d in (1, 2, 20)]
>>> bucket_points(points, "week")
[(datetime.date(2024, 1, 1), 'WARNS', 2), (datetime.date(2024, 1, 15), 'WARNS', 1)]
>>> fig = timeline_figure(points, "type")
>>> fig["data"][0]["name"], fig["data"][0]["y"]
('WARNS', [1, 1, 1])
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

import networkx as nx
import plotly.graph_objects as go

from actorgraph.dashboard.network import scaled_positions
from actorgraph.dashboard.style import (
    KIND_LABELS,
    MODALITY_STYLES,
    PATH_COLOUR,
    QUAD_COLOURS,
    QUAD_NAMES,
    edge_modality,
    edge_width,
    kind_colour,
    node_sizes,
    type_colour,
)
from actorgraph.dashboard.view_model import DyadView, NetworkView
from actorgraph.graph import Relation, TimelinePoint
from actorgraph.graph.records import TimelineRow

__all__ = [
    "bucket_points",
    "dyad_figure",
    "empty_figure",
    "network_figure",
    "period_of",
    "period_size",
    "selected_span",
    "timeline_figure",
]

FONT = dict(family="Inter, system-ui, -apple-system, Segoe UI, sans-serif", size=12, color="#1d2530")
_PERIOD_MS = {"day": 86_400_000, "week": 7 * 86_400_000, "month": "M1"}


def period_size(first: dt.date, last: dt.date) -> str:
    """``day``, ``week`` or ``month``: buckets that give a readable number of bars.

    >>> period_size(dt.date(2024, 1, 1), dt.date(2024, 1, 20)), period_size(dt.date(2022, 1, 1), dt.date(2024, 1, 1))
    ('day', 'month')
    """
    span = (last - first).days
    return "day" if span <= 45 else "week" if span <= 300 else "month"


def period_of(day: dt.date, size: str) -> dt.date:
    """The first day of the bucket holding ``day``.

    >>> period_of(dt.date(2024, 5, 17), "month"), period_of(dt.date(2024, 5, 17), "week")
    (datetime.date(2024, 5, 1), datetime.date(2024, 5, 13))
    """
    if size == "month":
        return day.replace(day=1)
    if size == "week":
        return day - dt.timedelta(days=day.weekday())
    return day


def bucket_points(points: Sequence[TimelinePoint | TimelineRow], size: str | None = None) -> list[tuple[dt.date, str, int]]:
    """Daily counts summed into (period start, group, count), sorted."""
    if not points:
        return []
    size = size or period_size(min(p.period for p in points), max(p.period for p in points))
    totals: dict[tuple[dt.date, str], int] = defaultdict(int)
    starts: dict[dt.date, dt.date] = {}  # a day's period, worked out once per day (not per day and group)
    for p in points:
        start = starts.get(p.period)
        if start is None:
            start = starts[p.period] = period_of(p.period, size)
        totals[(start, p.group)] += p.count
    return sorted((period, group, n) for (period, group), n in totals.items())


def empty_figure(message: str, height: int = 200) -> dict[str, Any]:
    """A blank chart carrying one line of text.

    >>> empty_figure("Nothing here")["layout"]["annotations"][0]["text"]
    'Nothing here'
    """
    annotation = dict(text=message, showarrow=False, font=dict(FONT, color="#6b7785"), x=0.5, y=0.5, xref="paper", yref="paper")
    return {
        "data": [],
        "layout": dict(
            height=height,
            margin=dict(l=10, r=10, t=10, b=10),
            xaxis=dict(visible=False),
            yaxis=dict(visible=False),
            plot_bgcolor="white",
            paper_bgcolor="white",
            font=FONT,
            annotations=[annotation],
        ),
    }


def _group_label(group: str, group_by: str) -> str:
    if group_by != "quad_class":
        return group
    quad = int(group) if group.isdigit() else None
    return f"{group} · {QUAD_NAMES.get(quad or 0, 'none')}"


def _group_order(group: str, group_by: str, totals: dict[str, int]) -> tuple[int, str]:
    """QuadClasses in their order (1 to 4, then none); types the commonest first.

    >>> sorted(["4", "1", "3", "2"], key=lambda g: _group_order(g, "quad_class", {}))
    ['1', '2', '3', '4']
    """
    if group_by == "quad_class":
        return (int(group) if group.isdigit() else 99, group)
    return (-totals[group], group)


def _group_colour(group: str, group_by: str) -> str:
    if group_by == "quad_class":
        return QUAD_COLOURS.get(int(group) if group.isdigit() else None, QUAD_COLOURS[None])
    return type_colour(group)


def timeline_figure(
    points: Sequence[TimelinePoint | TimelineRow],
    group_by: str,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    height: int = 226,
) -> dict[str, Any]:
    """Stacked bars of relation counts over time; drag across it to pick a date span.

    A plain figure dict, not a ``go.Figure``: validating one costs more than the query behind it.
    """
    if not points:
        return empty_figure("No dated relations match these filters.", height)
    first, last = min(p.period for p in points), max(p.period for p in points)
    size = period_size(first, last)
    rows = bucket_points(points, size)
    totals: dict[str, int] = defaultdict(int)
    for _, group, n in rows:
        totals[group] += n
    data = []
    for group in sorted(totals, key=lambda g: _group_order(g, group_by, totals)):
        mine = [(p, n) for p, g, n in rows if g == group]
        label = _group_label(group, group_by)
        data.append(
            {
                "type": "bar",
                "x": [p.isoformat() for p, _ in mine],
                "y": [n for _, n in mine],
                "name": label,
                "marker": {"color": _group_colour(group, group_by)},
                "xperiod": _PERIOD_MS[size],
                "xperiodalignment": "start",
                "hovertemplate": f"{label}<br>%{{x|%d %b %Y}}: %{{y}}<extra></extra>",
            }
        )
    layout = dict(
        barmode="stack",
        height=height,
        margin=dict(l=40, r=10, t=8, b=28),
        font=FONT,
        bargap=0.08,
        plot_bgcolor="white",
        paper_bgcolor="white",
        dragmode="select",
        selectdirection="h",
        hovermode="closest",
        legend=dict(
            orientation="v",
            x=1.0,
            xanchor="left",
            y=1,
            yanchor="top",
            font=dict(size=9.5),
            tracegroupgap=0,
            # as listed: QuadClass 1 to 4 from the top (plotly would reverse a stack's legend)
            traceorder="normal",
            itemclick="toggleothers",
            itemwidth=30,
        ),
        xaxis=dict(type="date", showgrid=False, linecolor="#c8ced6"),
        yaxis=dict(title=None, gridcolor="#eef1f4", zeroline=False, fixedrange=True),
        shapes=_span_shapes(date_from, date_to, first, last),
    )
    return {"data": data, "layout": layout}


def _span_shapes(date_from: dt.date | None, date_to: dt.date | None, first: dt.date, last: dt.date) -> list[dict[str, Any]]:
    if date_from is None and date_to is None:
        return []
    start = (date_from or first).isoformat()
    end = ((date_to or last) + dt.timedelta(days=1)).isoformat()
    return [
        dict(
            type="rect",
            xref="x",
            yref="paper",
            x0=start,
            x1=end,
            y0=0,
            y1=1,
            fillcolor="#0b5cad",
            opacity=0.08,
            line=dict(width=1, color="#0b5cad"),
            layer="below",
        )
    ]


def selected_span(selected: dict[str, Any] | None) -> tuple[dt.date, dt.date] | None:
    """The date span a box selection on the timeline covers, or None.

    >>> selected_span({"range": {"x": ["2024-01-03 10:00:00.5", "2024-02-01"]}})
    (datetime.date(2024, 1, 3), datetime.date(2024, 2, 1))
    >>> selected_span({"points": []}) is None
    True
    """
    if not selected or not isinstance(selected.get("range"), dict) or "x" not in selected["range"]:
        return None
    try:
        start, end = sorted(dt.date.fromisoformat(str(v)[:10]) for v in selected["range"]["x"][:2])
    except ValueError:
        return None
    return start, end


def dyad_figure(dyad: DyadView, height: int = 220) -> dict[str, Any]:
    """The pair's relations by type over time (both directions stacked).

    >>> from actorgraph.graph import Actor, Relation
    >>> a, b = Actor(id="a", name="A"), Actor(id="b", name="B")
    >>> r = Relation(id="r", type="MEETS", source_id="a", target_id="b", date=dt.date(2024, 5, 1))
    >>> dyad_figure(DyadView(a, b, [r], {"MEETS": (1, 0)}))["data"][0]["name"]
    'MEETS'
    """
    dated = [r for r in dyad.relations if r.date is not None]
    if not dated:
        return empty_figure("No dated relations between these two actors.", height)
    fig = timeline_figure(_points_of(dated), "type", height=height)
    fig["layout"].update(
        dragmode=False, legend=dict(orientation="h", x=0, y=-0.25, xanchor="left"), margin=dict(l=34, r=8, t=8, b=20)
    )
    return fig


def _points_of(relations: Iterable[Relation]) -> list[TimelinePoint]:
    counts: dict[tuple[dt.date, str], int] = defaultdict(int)
    for r in relations:
        if r.date is not None:
            counts[(r.date, r.type)] += 1
    return [TimelinePoint(period=d, group=t, count=n) for (d, t), n in sorted(counts.items())]


# -- the network as a static figure -------------------------------------------------------


def network_figure(view: NetworkView, title: str, subtitle: str = "", width: int = 1600, height: int = 1100) -> go.Figure:
    """The view drawn with plotly (for PNG, SVG and PDF export): nodes by kind, edges by QuadClass.

    >>> from actorgraph.graph import Actor, EdgeSummary
    >>> view = NetworkView([Actor(id="a", name="A", kind="state"), Actor(id="b", name="B", kind="state")],
    ...     [EdgeSummary(source_id="a", target_id="b", type="AIDS", count=1, quad_class=2)],
    ...     {"a": 1.0, "b": 1.0}, "degree", False, "fcose", None, None, 2, 1, 1, False)
    >>> [trace.name for trace in network_figure(view, "A and B").data if trace.showlegend is not False]
    ['2 · material cooperation', 'State']
    """
    positions = view.positions or _positions(view)
    fig = go.Figure()
    _add_edges(fig, view, positions)
    _add_path(fig, view, positions)
    _add_nodes(fig, view, positions)
    fig.update_layout(
        title=dict(text=f"{title}<br><sup>{subtitle}</sup>" if subtitle else title, x=0.01, font=dict(size=18)),
        width=width,
        height=height,
        font=FONT,
        plot_bgcolor="white",
        paper_bgcolor="white",
        showlegend=True,
        legend=dict(x=1.0, xanchor="right", y=1.0, bgcolor="rgba(255,255,255,0.85)", bordercolor="#d9dee4", borderwidth=1),
        xaxis=dict(visible=False),
        yaxis=dict(visible=False, scaleanchor="x"),
        margin=dict(l=20, r=20, t=80, b=20),
    )
    if not view.actors:
        fig.add_annotation(text="No relations match these filters.", showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper")
    return fig


def _positions(view: NetworkView) -> dict[str, tuple[float, float]]:
    graph = nx.Graph()
    graph.add_nodes_from(a.id for a in view.actors)
    graph.add_edges_from((e.source_id, e.target_id) for e in view.edges)
    if graph.number_of_nodes() == 0:
        return {}
    raw = nx.spring_layout(graph, seed=42, k=1.6 / math.sqrt(graph.number_of_nodes()), iterations=80)
    return scaled_positions(raw)


def _add_edges(fig: go.Figure, view: NetworkView, positions: dict[str, tuple[float, float]]) -> None:
    groups: dict[tuple[int | None, float, str], list[tuple[str, str]]] = defaultdict(list)
    for e in view.edges:
        if e.source_id in positions and e.target_id in positions:
            groups[(e.quad_class, edge_width(e.count), edge_modality(e.modalities))].append((e.source_id, e.target_id))
    named: set[int | None] = set()
    for (quad, width, modality), pairs in sorted(groups.items(), key=lambda item: (item[0][0] or 0, *item[0][1:])):
        xs, ys = _segments(pairs, positions)
        style = MODALITY_STYLES[modality]
        fig.add_scatter(
            x=xs,
            y=ys,
            mode="lines",
            line=dict(color=QUAD_COLOURS.get(quad, QUAD_COLOURS[None]), width=width, dash=_plotly_dash(modality)),
            opacity=style.opacity,
            hoverinfo="skip",
            name=f"{quad or '–'} · {QUAD_NAMES.get(quad or 0, 'no QuadClass')}",
            legendgroup=f"q{quad}",
            showlegend=quad not in named,
            legendrank=100 + (quad or 0),
        )
        named.add(quad)
        _add_arrowheads(fig, pairs, positions, QUAD_COLOURS.get(quad, QUAD_COLOURS[None]), f"q{quad}")
    _add_modality_legend(fig, sorted({m for (_, _, m) in groups}, key=list(MODALITY_STYLES).index))


def _plotly_dash(modality: str) -> str:
    """A modality's dash pattern as plotly writes one (``"8px,4px"``), or ``"solid"``."""
    dashes = MODALITY_STYLES[modality].dashes
    return ",".join(f"{d}px" for d in dashes) if dashes else "solid"


def _add_modality_legend(fig: go.Figure, modalities: list[str]) -> None:
    """One legend line per modality drawn (none when every edge is asserted: solid needs no key)."""
    if modalities == ["asserted"]:
        return
    for rank, modality in enumerate(modalities):
        fig.add_scatter(
            x=[None],
            y=[None],
            mode="lines",
            line=dict(color="#4a5562", width=2.5, dash=_plotly_dash(modality)),
            name=f"{modality}: {MODALITY_STYLES[modality].meaning}",
            legendgroup="modality",
            legendgrouptitle_text="Modality" if rank == 0 else None,
            legendrank=200 + rank,
        )


def _segments(
    pairs: list[tuple[str, str]], positions: dict[str, tuple[float, float]]
) -> tuple[list[float | None], list[float | None]]:
    """Line segments between the pairs' ends, in plotly's form (a gap, None, between them; y up)."""
    xs: list[float | None] = []
    ys: list[float | None] = []
    for s, t in pairs:
        (x0, y0), (x1, y1) = positions[s], positions[t]
        xs += [x0, x1, None]
        ys += [-y0, -y1, None]
    return xs, ys


def _add_path(fig: go.Figure, view: NetworkView, positions: dict[str, tuple[float, float]]) -> None:
    """The shortest path over the edges, in the app's path colour, with a legend entry."""
    pairs = [(s, t) for s, t, _type in sorted(view.path_edges) if s in positions and t in positions]
    if not pairs:
        return
    xs, ys = _segments(pairs, positions)
    fig.add_scatter(
        x=xs, y=ys, mode="lines", line=dict(color=PATH_COLOUR, width=6), hoverinfo="skip", name="shortest path",
        legendgroup="path", legendrank=99,
    )  # fmt: skip
    _add_arrowheads(fig, pairs, positions, PATH_COLOUR, "path")


def _add_arrowheads(fig: go.Figure, pairs: list[tuple[str, str]], positions: dict, colour: str, group: str) -> None:
    xs, ys, angles = [], [], []
    for s, t in pairs:
        (x0, y0), (x1, y1) = positions[s], positions[t]
        if (x0, y0) == (x1, y1):
            continue
        xs.append(x0 + 0.8 * (x1 - x0))
        ys.append(-(y0 + 0.8 * (y1 - y0)))
        angles.append(math.degrees(math.atan2(x1 - x0, y0 - y1)))  # clockwise from up, plotly y grows upwards
    if xs:
        fig.add_scatter(
            x=xs,
            y=ys,
            mode="markers",
            marker=dict(symbol="triangle-up", size=9, color=colour, angle=angles),
            hoverinfo="skip",
            showlegend=False,
            legendgroup=group,
        )


def _add_nodes(fig: go.Figure, view: NetworkView, positions: dict[str, tuple[float, float]]) -> None:
    sizes = node_sizes(view.weights)
    on_path = set(view.path_actors)
    for kind in KIND_LABELS:
        actors = [a for a in view.actors if a.kind == kind and a.id in positions]
        if not actors:
            continue
        fig.add_scatter(
            x=[positions[a.id][0] for a in actors],
            y=[-positions[a.id][1] for a in actors],
            mode="markers+text",
            marker=dict(
                size=[sizes.get(a.id, 22) * 0.8 for a in actors],
                color=kind_colour(kind),
                opacity=1,
                line=dict(
                    color=[PATH_COLOUR if a.id in on_path else "#1d2530" if a.reviewed else "white" for a in actors],
                    width=[4 if a.id in on_path else 1.5 for a in actors],
                ),
            ),
            text=[a.name for a in actors],
            textposition="bottom center",
            textfont=dict(size=10, color="#1d2530"),
            name=KIND_LABELS[kind],
            hovertext=[f"{a.name} ({a.id})" for a in actors],
            hoverinfo="text",
        )
