"""Dash components for the side panel, the legend and the notices, drawn from plain records.

>>> from actorgraph.graph import Actor
>>> from actorgraph.dashboard.view_model import ActorDetails
>>> details = ActorDetails(actor=Actor(id="RUS", name="Russia", kind="state", code="RUS", aliases=["Kremlin"]),
...                        affiliations=[], counts_out={"WARNS": 2}, counts_in={}, relations=[], total_relations=2)
>>> panel = actor_panel(details)
>>> panel.children[0].children[0].children
'Russia'
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from dash import dcc, html

from actorgraph.dashboard.evidence import marked_sentence
from actorgraph.dashboard.figures import dyad_figure
from actorgraph.dashboard.state import ViewState
from actorgraph.dashboard.style import KIND_LABELS, MODALITY_STYLES, QUAD_COLOURS, kind_colour, quad_name, type_colour
from actorgraph.dashboard.view_model import ActorDetails, DyadView, EdgeMentions, NetworkView, RelationEvidence
from actorgraph.graph import Relation

__all__ = ["actor_panel", "dyad_panel", "edge_panel", "evidence", "legend", "notices", "view_lists"]


def _badge(text: str, colour: str | None = None, title: str | None = None) -> html.Span:
    style = {"backgroundColor": colour, "color": "white"} if colour else None
    return html.Span(text, className="ag-badge", style=style, title=title)


def _kind_badge(kind: str) -> html.Span:
    return _badge(KIND_LABELS.get(kind, kind), kind_colour(kind))


def _facts(rows: Sequence[tuple[str, Any]]) -> html.Dl:
    items: list[Any] = []
    for term, value in rows:
        if value not in (None, "", []):
            items += [html.Dt(term), html.Dd(value)]
    return html.Dl(items, className="ag-facts")


def _counts_table(counts_out: dict[str, int], counts_in: dict[str, int]) -> html.Table | html.P:
    types = sorted(set(counts_out) | set(counts_in), key=lambda t: -(counts_out.get(t, 0) + counts_in.get(t, 0)))
    if not types:
        return html.P("No relations under the current filters.", className="ag-muted")
    header = html.Tr([html.Th("Relation"), html.Th("out", className="ag-num"), html.Th("in", className="ag-num")])
    rows = [
        html.Tr(
            [
                html.Td([html.Span(className="ag-swatch ag-swatch-dot", style={"backgroundColor": type_colour(t)}), t]),
                html.Td(counts_out.get(t, 0) or "", className="ag-num"),
                html.Td(counts_in.get(t, 0) or "", className="ag-num"),
            ]
        )
        for t in types
    ]
    return html.Table([html.Thead(header), html.Tbody(rows)], className="ag-table ag-counts")


def _relation_item(item: RelationEvidence, perspective: str | None = None) -> html.Li:
    r = item.relation
    if perspective == r.source_id:
        who = [html.Span("→ ", className="ag-arrow"), html.Strong(r.type), " ", item.target_name]
    elif perspective == r.target_id:
        who = [html.Span("← ", className="ag-arrow"), item.source_name, " ", html.Strong(r.type)]
    else:
        who = [item.source_name, " ", html.Strong(r.type), " ", item.target_name]
    meta = [
        html.Span(r.date.isoformat() if r.date else "undated", className="ag-date"),
        _badge(r.modality, "#6b7785" if r.modality == "asserted" else "#9c6b00", title="modality"),
        _badge(f"{r.confidence:.2f}", None, title="confidence"),
        _badge(f"Q{r.quad_class}", QUAD_COLOURS.get(r.quad_class), title=quad_name(r.quad_class)) if r.quad_class else None,
        html.Span(f"CAMEO {r.cameo}", className="ag-code", title="CAMEO event code") if r.cameo else None,
        html.Span(r.plover, className="ag-code", title="PLOVER event type") if r.plover else None,
        html.Span(f"Goldstein {r.goldstein:+.1f}", className="ag-code") if r.goldstein is not None else None,
    ]
    return html.Li(
        [
            html.Div(who, className="ag-relation-who"),
            html.Div([m for m in meta if m is not None], className="ag-relation-meta"),
            evidence(r) if r.sentence else None,
            _article_line(item),
        ],
        className="ag-relation",
    )


def evidence(r: Relation) -> html.Blockquote:
    """The sentence behind a relation, its source and target marked where the extractor found them.

    >>> from actorgraph.graph import Relation
    >>> r = Relation(id="r", type="ATTACKS", source_id="ISR-MIL", target_id="PSE", sentence="Israeli soldiers raided Gaza.",
    ...              char_start=100, char_end=129, source_start=100, source_end=116, target_start=124, target_end=128)
    >>> [getattr(c, "children", c) for c in evidence(r).children]
    ['', 'Israeli soldiers', ' raided ', 'Gaza', '.']
    """
    pieces = marked_sentence(r)
    if len(pieces) == 1:
        return html.Blockquote(pieces[0][0], className="ag-evidence")
    children = [
        text if role is None else html.Mark(text, className=f"ag-mention ag-mention-{role}", title=role) for text, role in pieces
    ]
    return html.Blockquote(children, className="ag-evidence")


def _article_line(item: RelationEvidence) -> html.Div | None:
    article = item.article
    if article is None:
        return html.Div(f"article {item.relation.article_id}", className="ag-source") if item.relation.article_id else None
    title = article.title or article.id
    link: Any = html.A(title, href=article.url, target="_blank", rel="noopener noreferrer") if article.url else title
    extra = " · ".join(x for x in (article.source, article.published.isoformat() if article.published else None) if x)
    return html.Div([link, html.Span(f" — {extra}" if extra else "", className="ag-muted")], className="ag-source")


def actor_panel(details: ActorDetails) -> html.Div:
    """Name, kind, code, role, aliases, affiliations, counts by type, and recent relations with evidence."""
    a = details.actor
    affiliations = [
        html.Div(f"{name} — {aff.role or 'member'} of {org}", className="ag-affiliation")
        for aff, name, org in details.affiliations
    ]
    shown = len(details.relations)
    more = f" (latest {shown} of {details.total_relations})" if details.total_relations > shown else ""
    return html.Div(
        [
            html.Div(
                [
                    html.H2(a.name, className="ag-title"),
                    _kind_badge(a.kind),
                    _badge("reviewed", "#1d7a46") if a.reviewed else _badge("not reviewed", "#8a919a"),
                ],
                className="ag-title-row",
            ),
            _facts(
                [
                    ("Id", a.id),
                    ("Code", a.code),
                    ("Country", a.country),
                    ("Sector", a.sector),
                    ("Role", a.role),
                    ("Aliases", ", ".join(a.aliases)),
                    ("Affiliations", affiliations),
                ]
            ),
            html.H3("Relations by type"),
            _counts_table(details.counts_out, details.counts_in),
            html.H3(f"Relations{more}"),
            html.Ul([_relation_item(r, a.id) for r in details.relations], className="ag-relations")
            if details.relations
            else html.P("None under the current filters.", className="ag-muted"),
        ],
        className="ag-panel",
    )


def edge_panel(mentions: EdgeMentions) -> html.Div:
    """Every mention behind one drawn edge.

    >>> from actorgraph.graph import Actor
    >>> mentions = EdgeMentions(Actor(id="a", name="A"), Actor(id="b", name="B"), "WARNS", [], 0)
    >>> edge_panel(mentions).children[1].children
    '0 mentions'
    """
    shown = len(mentions.mentions)
    heading = f"{mentions.total} mention{'s' if mentions.total != 1 else ''}"
    if mentions.total > shown:
        heading += f" (latest {shown} shown)"
    return html.Div(
        [
            html.Div(
                [
                    html.H2(
                        [
                            mentions.source.name,
                            html.Span(
                                f" {mentions.relation_type} ",
                                className="ag-edge-type",
                                style={"color": type_colour(mentions.relation_type)},
                            ),
                            mentions.target.name,
                        ],
                        className="ag-title",
                    )
                ],
                className="ag-title-row",
            ),
            html.H3(heading),
            html.Ul([_relation_item(m) for m in mentions.mentions], className="ag-relations"),
        ],
        className="ag-panel",
    )


def dyad_panel(dyad: DyadView) -> html.Div:
    """Two actors' relations by type, each way, and over time.

    >>> from actorgraph.graph import Actor
    >>> dyad_panel(DyadView(Actor(id="a", name="A"), Actor(id="b", name="B"), [], {})).children[1].children
    '0 relations under the current filters'
    """
    header = html.Tr(
        [html.Th("Relation"), html.Th(f"{dyad.a.name} →", className="ag-num"), html.Th(f"← {dyad.b.name}", className="ag-num")]
    )
    rows = [
        html.Tr(
            [
                html.Td([html.Span(className="ag-swatch ag-swatch-dot", style={"backgroundColor": type_colour(t)}), t]),
                html.Td(ab or "", className="ag-num"),
                html.Td(ba or "", className="ag-num"),
            ]
        )
        for t, (ab, ba) in dyad.counts.items()
    ]
    table = (
        html.Table([html.Thead(header), html.Tbody(rows)], className="ag-table ag-counts")
        if rows
        else html.P("These two actors have no relations under the current filters.", className="ag-muted")
    )
    return html.Div(
        [
            html.H2([dyad.a.name, html.Span(" and ", className="ag-muted"), dyad.b.name], className="ag-title"),
            html.P(
                f"{len(dyad.relations)} relation{'s' if len(dyad.relations) != 1 else ''} under the current filters",
                className="ag-muted",
            ),
            table,
            dcc.Graph(figure=dyad_figure(dyad), config={"displayModeBar": False}, className="ag-dyad-graph"),
        ],
        className="ag-panel",
    )


def legend(entries: dict[str, list[tuple[str, str]]], view: NetworkView) -> list[Any]:
    """The legend under the network: node colours, edge colours, what size and width mean.

    >>> from actorgraph.dashboard.elements import legend_entries
    >>> view = NetworkView([], [], {}, "pagerank", False, "fcose", None, None, 0, 0, 0, False)
    >>> legend(legend_entries(view), view)[1].children[-1].children.split(" · ")[0]
    'Size: PageRank'
    """
    metric = {"degree": "relations (degree)", "pagerank": "PageRank", "betweenness": "betweenness"}[view.metric]
    if view.metric_is_estimate:
        metric += " (estimated)"
    title = "Communities (Louvain)" if view.communities is not None else "Actors"

    def items(rows: list[tuple[str, str]], shape: str) -> list[Any]:
        return [
            html.Span(
                [html.Span(className=f"ag-swatch ag-swatch-{shape}", style={"background": c}), label],
                className="ag-legend-item",
                title=MODALITY_STYLES[label].meaning if label in MODALITY_STYLES else None,
            )
            for c, label in rows
        ]

    return [
        html.Div([html.Span(title, className="ag-legend-title"), *items(entries["nodes"], "dot")], className="ag-legend-row"),
        html.Div(
            [
                html.Span("Relations", className="ag-legend-title"),
                *items(entries["edges"], "line"),
                html.Span(f"Size: {metric} · width: count (×N) · bold ring: reviewed", className="ag-legend-note"),
            ],
            className="ag-legend-row",
        ),
        html.Div(
            [html.Span("Modality", className="ag-legend-title"), *items(entries["modalities"], "dash")],
            className="ag-legend-row ag-legend-modalities",
        ),
    ]


def notices(view: NetworkView, link: str | None = None) -> list[Any]:
    """Banners over the network, one a line: what the link asked for and cannot have, then
    truncation, empty results, missing paths.

    >>> view = NetworkView([], [], {}, "degree", False, "fcose", None, None, 0, 0, 0, False, notices=["Nothing."])
    >>> [n.children for n in notices(view, "Left out of this link: …")]
    ['Left out of this link: …', 'Nothing.']
    """
    lines = [link] if link else []
    return [html.Div(m, className="ag-notice-line") for m in [*lines, *view.notices]]


def view_lists(state: ViewState, names: dict[str, str]) -> list[Any]:
    """The actors the analyst hid, pinned or expanded, so they can be found again.

    >>> view_lists(ViewState(hidden=("RUS",)), {"RUS": "Russia"})[0].children[1]
    'Russia'
    """
    parts = []
    for label, ids in (("Hidden", state.hidden), ("Pinned", state.pinned), ("Expanded", state.expanded)):
        if ids:
            parts.append(
                html.Div(
                    [html.Span(f"{label}: ", className="ag-label-text"), ", ".join(names.get(i, i) for i in ids)],
                    className="ag-view-list",
                )
            )
    return parts
