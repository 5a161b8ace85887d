"""A briefing: one view written as a document an analyst can hand on, in HTML or PDF.

It holds the view's image with its legend, the filters that made it and the link and command
that make it again, the strongest relations with their evidence sentences (the words naming
source and target marked), modality, dates and article citations, and the records of the
actors shown. Dash-free: ``actorgraph export --format report`` and the app's Report button
both call :func:`write_report` / :func:`report_html`.

The page loads nothing (its image is embedded; a Content-Security-Policy forbids the rest)
and every text from the store is escaped by the template engine. The PDF is the same page
printed by the Chrome or Chromium that image export uses (:mod:`~actorgraph.dashboard.printing`).

>>> import tempfile
>>> from pathlib import Path
>>> from actorgraph.graph import Actor, Relation, open_store
>>> folder = Path(tempfile.mkdtemp())
>>> store = open_store(folder / "graph", relation_types=["WARNS"])
>>> _ = store.upsert_actors([Actor(id="RUS", name="Russia", kind="state"), Actor(id="USA", name="United States", kind="state")])
>>> _ = store.upsert_relations([Relation(id="r1", type="WARNS", source_id="RUS", target_id="USA", sentence="Moscow warned.")])
>>> brief = build_briefing(ViewModel(store), ViewState(), image=None)
>>> [(r.source.name, r.edge.type, r.target.name) for r in brief.relations], brief.search
([('Russia', 'WARNS', 'United States')], '')
>>> "Moscow warned." in report_html(brief)
True
>>> store.close()
"""

from __future__ import annotations

import base64
import datetime as dt
import os
import shlex
from dataclasses import dataclass
from pathlib import Path

import jinja2

from actorgraph.dashboard.evidence import marked_sentence
from actorgraph.dashboard.export import PAGE_POLICY, ExportError, view_for_format, view_image, view_title
from actorgraph.dashboard.fields import VIEW_FIELDS
from actorgraph.dashboard.printing import PrintError, html_to_pdf
from actorgraph.dashboard.state import ViewState, describe_filter, field_default, field_value, state_to_search
from actorgraph.dashboard.style import KIND_LABELS, QUAD_COLOURS, quad_name, type_colour
from actorgraph.dashboard.view_model import NetworkView, RelationEvidence, ViewModel
from actorgraph.graph import Actor, EdgeSummary
from actorgraph.writing import OutputError, atomic_output, refuse_inside

__all__ = [
    "EVIDENCE_PER_RELATION",
    "REPORT_CONTAINERS",
    "STRONGEST_RELATIONS",
    "Briefing",
    "StrongRelation",
    "build_briefing",
    "report_container",
    "report_html",
    "report_pdf",
    "write_report",
]

STRONGEST_RELATIONS = 12  # drawn edges in the briefing, the most relations first
EVIDENCE_PER_RELATION = 3  # sentences quoted under each
REPORT_CONTAINERS = ("html", "pdf")
_TEMPLATES = jinja2.Environment(
    loader=jinja2.PackageLoader("actorgraph.dashboard", "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


@dataclass(frozen=True)
class StrongRelation:
    """One drawn edge of the briefing with the sentences quoted for it."""

    edge: EdgeSummary
    source: Actor
    target: Actor
    evidence: list[RelationEvidence]
    total: int  # relations behind the edge under the view's filter


@dataclass(frozen=True)
class Briefing:
    """Everything a briefing states, before it is laid out."""

    title: str
    subtitle: str
    generated: dt.datetime
    store: str
    state: ViewState
    search: str  # the view's query string: the app's link, ``export --view``
    link: str | None  # the whole link when the app made the briefing
    view: NetworkView
    image: bytes | None  # the view drawn as SVG (None: not drawn)
    relations: list[StrongRelation]

    @property
    def command(self) -> str:
        """The command that writes this briefing again."""
        view = ["--view", shlex.quote(self.search or "?")] if self.search else []
        return " ".join(
            ["actorgraph", "export", "--store", shlex.quote(self.store), *view, "--format", "report", "-o", "brief.html"]
        )

    @property
    def view_settings(self) -> list[tuple[str, str]]:
        """(parameter, value) of every field the view sets away from its default, in table order."""
        rows = []
        for entry in VIEW_FIELDS:
            value = field_value(self.state, entry)
            if value != field_default(entry):
                label = entry.control.label if entry.control else entry.param
                rows.append((f"{label} ({entry.param})", ", ".join(entry.kind.encode(value))))
        return rows


def build_briefing(
    views: ViewModel,
    state: ViewState,
    *,
    link: str | None = None,
    image: bool | None = True,
    strongest: int = STRONGEST_RELATIONS,
    per_relation: int = EVIDENCE_PER_RELATION,
) -> Briefing:
    """Gather a briefing of ``state``: the view as images draw it, its strongest edges with
    evidence (the most confident sentences first, then the newest), and its actors.

    ``image=None`` leaves the picture out (no browser needed); :class:`ExportError` when it
    cannot be drawn.
    """
    view = view_for_format(views, state, "svg")
    title, subtitle = view_title(view, state)
    names = {a.id: a for a in view.actors}
    ranked = sorted(view.edges, key=lambda e: (-e.count, e.source_id, e.target_id, e.type))[:strongest]
    relations = []
    for edge in ranked:
        mentions = views.edge_mentions(edge.source_id, edge.target_id, edge.type, state)
        quoted = sorted(mentions.mentions, key=_evidence_rank)[:per_relation]
        relations.append(StrongRelation(edge, names[edge.source_id], names[edge.target_id], quoted, mentions.total))
    return Briefing(
        title=title.replace("actorgraph · ", "Briefing · ", 1),
        subtitle=subtitle,
        generated=dt.datetime.now(dt.UTC).replace(microsecond=0),
        store=str(views.store.location),
        state=state,
        search=state_to_search(state),
        link=link,
        view=view,
        image=view_image(view, state, "svg") if image else None,
        relations=relations,
    )


def _evidence_rank(item: RelationEvidence) -> tuple[bool, float, int]:
    r = item.relation
    return not r.sentence, -r.confidence, -(r.date or dt.date.min).toordinal()


def report_html(briefing: Briefing) -> str:
    """The briefing as one self-contained HTML page."""
    image = "data:image/svg+xml;base64," + base64.b64encode(briefing.image).decode("ascii") if briefing.image else None
    return _TEMPLATES.get_template("report.html").render(
        b=briefing,
        image=image,
        policy=PAGE_POLICY,
        describe=describe_filter(briefing.state.graph_filter),
        kind_label=lambda kind: KIND_LABELS.get(kind, kind),
        type_colour=type_colour,
        quad_colour=lambda q: QUAD_COLOURS.get(q, QUAD_COLOURS[None]),
        quad_name=quad_name,
        marked=marked_sentence,
        web_link=_web_link,
        degree=_degrees(briefing.view),
    )


def report_pdf(briefing: Briefing) -> bytes:
    """The briefing printed to PDF (titled as the page); :class:`ExportError` when it cannot be."""
    try:
        return html_to_pdf(report_html(briefing))
    except PrintError as exc:
        raise ExportError(f"could not print the PDF: {exc}") from None


def report_container(path: str | os.PathLike[str]) -> str:
    """``pdf`` for a ``.pdf`` file, else ``html``.

    >>> report_container("brief.PDF"), report_container("brief.html"), report_container("brief")
    ('pdf', 'html', 'html')
    """
    return "pdf" if Path(path).suffix.lower() == ".pdf" else "html"


def write_report(views: ViewModel, state: ViewState, path: str | os.PathLike[str]) -> Briefing:
    """Write the briefing of ``state`` to ``path``: PDF for a ``.pdf`` file, else HTML.

    The file is replaced only once whole; a path inside an embedded store's folder is refused.
    """
    target = Path(path)
    if not target.parent.is_dir():
        raise ExportError(f"cannot write {target}: the folder {target.parent} does not exist")
    try:
        if views.store.engine == "embedded":
            refuse_inside(target, views.store.location, "the store")
        briefing = build_briefing(views, state)
        pdf = report_container(target) == "pdf"
        content = report_pdf(briefing) if pdf else report_html(briefing).encode("utf-8")
        with atomic_output(target, binary=True) as handle:
            handle.write(content)
    except OutputError as exc:
        raise ExportError(str(exc)) from None
    return briefing


def _web_link(url: str | None) -> str | None:
    """A citation's address when it is a web link (never ``javascript:`` or a local file)."""
    return url if url and url.lower().startswith(("https://", "http://")) else None


def _degrees(view: NetworkView) -> dict[str, int]:
    counts: dict[str, int] = {}
    for e in view.edges:
        for end in (e.source_id, e.target_id):
            counts[end] = counts.get(end, 0) + e.count
    return counts
