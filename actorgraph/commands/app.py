"""``actorgraph serve`` (the web app) and ``actorgraph export`` (a view to a file)."""

from __future__ import annotations

import logging
import signal
from collections.abc import Callable
from typing import Any

import click

from actorgraph.options import fail, query_limit_options, setting_help, settings_from, store_options

__all__ = ["export", "serve", "view_options"]


def view_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The app's filters and view options as flags, one for each field of the view that
    declares one (dashboard/fields.py); lists may be repeated or comma-separated."""
    from actorgraph.dashboard.fields import Pair, Switch, flagged
    from actorgraph.dashboard.state import field_default

    options = [click.option("--view", "view_url", metavar="URL", help="A link copied from the app; the flags below override it.")]
    for entry in flagged():
        if isinstance(entry.kind, Switch):
            options.append(click.option(entry.flag, entry.name, is_flag=True, default=None, help=entry.help))
            continue
        default = field_default(entry)
        shown = f" [default {default}]" if default is not None and "[default" not in entry.help else ""
        nargs = 2 if isinstance(entry.kind, Pair) else 1
        many = entry.kind.many and nargs == 1
        options.append(
            click.option(entry.flag, entry.name, multiple=many, nargs=nargs, metavar=entry.metavar, help=entry.help + shown)
        )
    for option in reversed(options):
        command = option(command)
    return command


def _view_params(view_url: str | None, values: dict[str, Any]) -> dict[str, list[str]]:
    """URL parameters from ``--view`` overlaid with the flags given."""
    from urllib.parse import parse_qs, urlsplit

    from actorgraph.dashboard.fields import Pair, flagged

    text = view_url or ""
    params = parse_qs(urlsplit(text).query if "://" in text else text.lstrip("?"))
    for entry in flagged():
        value = values.get(entry.name)
        if value in (None, (), "", False):
            continue
        if value is True:
            items = ["1"]
        elif isinstance(entry.kind, Pair):
            items = [str(v) for v in value]
        else:
            given = value if isinstance(value, (tuple, list)) else [value]
            items = [part.strip() for item in given for part in str(item).split(",") if part.strip()]
        params[entry.param] = items
    return params


_BUDGET_HELP = setting_help(
    "view_budget_s",
    "Seconds a view may spend on centralities, communities and its layout; past it, cheaper methods with a notice.",
)


@click.command()
@store_options
@click.option("--host", help=setting_help("host", "Address to listen on.", note=", this machine only"))
@click.option("--port", type=int, help=setting_help("port", "Port to listen on."))
@click.option(
    "--allowed-host",
    "allowed_hosts",
    multiple=True,
    metavar="NAME[:PORT]",
    help="Also answer requests addressed to this name (repeatable); others get 403. "
    "[env ACTORGRAPH_ALLOWED_HOSTS, comma-separated; default: localhost and the --host address only]",
)
@click.option("--auth", metavar="USER:PASSWORD", help=setting_help("auth", "Ask for HTTP basic auth."))
@click.option(
    "--auth-file",
    type=click.Path(dir_okay=False),
    help=setting_help("auth_file", "Read USER:PASSWORD for basic auth from this file instead."),
)
@click.option("--read-only", is_flag=True, help="Open the store read-only: merging and reviewing actors are off.")
@query_limit_options("query-", "a console query")
@click.option("--view-budget", "view_budget_s", type=float, help=_BUDGET_HELP)
def serve(read_only: bool, **flags: Any) -> None:
    """Explore the store in the browser: network, filters, evidence, timeline and a Cypher console.

    \b
    Examples:
      actorgraph serve --store data/graph
      actorgraph serve --store bolt://127.0.0.1:7687 --port 8060
    """
    from actorgraph.dashboard.app import AllowedHosts, ServerThread, create_app, is_loopback, store_label
    from actorgraph.dashboard.services import Dashboard

    settings = settings_from(**flags)
    auth = _credentials(settings)
    _log_to_stderr()
    with settings.open_store(read_only=read_only, create=False) as store:  # only ingest and import create one
        dashboard = Dashboard(
            store,
            query_row_limit=settings.query_row_limit,
            query_timeout_s=settings.query_timeout_s,
            query_memory_mb=settings.query_memory_mb,
            read_only=read_only,
            view_budget_s=settings.view_budget_s,
        )
        store.prepare_user_queries(settings.query_timeout_s)  # the console's first query need not wait for a worker
        dashboard.warm_up()  # nor the first view for the store's index and map
        app = create_app(dashboard, auth=auth, hosts=AllowedHosts(settings.host, settings.allowed_hosts))
        try:
            server = ServerThread(app, settings.host, settings.port)
        except OSError as exc:
            fail(f"cannot listen on {settings.host}:{settings.port}: {exc.strerror or exc}")
        if not is_loopback(settings.host) and not auth:
            click.echo(f"actorgraph: warning: {settings.host} is reachable from other machines and --auth is not set", err=True)
        click.echo(f"actorgraph: serving {store_label(dashboard)} at {server.url}  (Ctrl+C stops)", err=True)
        _stop_on_sigterm()
        try:
            server.run()  # werkzeug returns here on Ctrl+C
        finally:
            server.server.server_close()
    click.echo("actorgraph: stopped", err=True)


def _credentials(settings: Any) -> str | None:
    """``user:password`` from --auth or --auth-file (not both), checked; None without auth."""
    from actorgraph.dashboard.app import parse_basic_auth, read_auth_file

    if settings.auth and settings.auth_file:
        fail("--auth and --auth-file both given: use one")
    try:
        if settings.auth_file:
            return read_auth_file(settings.auth_file)
        if settings.auth:
            parse_basic_auth(settings.auth)
    except ValueError as exc:
        fail(f"{'--auth-file' if settings.auth_file else '--auth'}: {exc}")
    return settings.auth


def _stop_on_sigterm() -> None:
    """A service manager's SIGTERM stops the server like Ctrl+C, so the store is closed cleanly."""

    def interrupt(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)


def _log_to_stderr() -> None:
    """Tracebacks of failed callbacks go to the terminal; request lines do not."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("werkzeug").setLevel(logging.WARNING)


@click.command()
@store_options
@view_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["png", "svg", "pdf", "graphml", "gexf", "json", "csv", "report"]),
    help="Output format; report is a briefing (HTML, or PDF for a .pdf file). [default: from the extension; .html: report]",
)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="File to write.")
@click.option("--view-budget", "view_budget_s", type=float, help=_BUDGET_HELP)
def export(fmt: str | None, output: str, **options: Any) -> None:
    """Write a view of the graph to a file: an image, a graph for Gephi, Cytoscape JSON, CSV or a briefing.

    \b
    Images (png, svg, pdf) are drawn with plotly and rendered by kaleido through Chrome or
    Chromium (on the PATH, or BROWSER_PATH=/path/to/chrome). GraphML and GEXF open in Gephi;
    json is Cytoscape elements; csv is one row per relation with its evidence and article.
    report is a briefing to hand on: the view's image, the filters and the command that made
    it, the strongest relations with their evidence and citations, and the actors' records;
    HTML, or PDF (printed by the same browser) when the file ends in .pdf.
    \b
    Examples:
      actorgraph export --type ATTACKS,AIDS --from 2024-01-01 -o attacks.png
      actorgraph export --focus RUS --hops 2 --format gexf -o russia.gexf
      actorgraph export --view 'http://127.0.0.1:8050/?type=WARNS&size=pagerank' -o warns.csv
      actorgraph export --focus RUS --format report -o brief.pdf
    """
    from actorgraph.dashboard.export import DATA_FORMATS, REPORT_FORMAT, ExportError, export_view, format_for_path
    from actorgraph.dashboard.fields import field
    from actorgraph.dashboard.report import write_report
    from actorgraph.dashboard.state import ViewError, state_from_params
    from actorgraph.dashboard.view_model import ViewModel
    from actorgraph.graph import is_neo4j_uri
    from actorgraph.writing import OutputError, refuse_inside

    settings_names = ("store", "neo4j_user", "neo4j_password", "neo4j_database", "ontology_files", "view_budget_s")
    settings_flags = {k: options.pop(k) for k in settings_names}
    settings = settings_from(**settings_flags)
    embedded = not is_neo4j_uri(settings.store)
    try:
        if embedded:  # before the store is even opened (export_view checks again)
            refuse_inside(output, settings.store, "the store")
        chosen = format_for_path(output, fmt)
        params = _view_params(options.pop("view_url"), options)
        if chosen in DATA_FORMATS:
            params.setdefault(field("max_nodes").param, ["all"])
        state = state_from_params(params)
    except (ViewError, ExportError, OutputError) as exc:
        fail(str(exc))
    # an export only reads: an embedded store opens without the writer's lock
    with settings.open_store(read_only=embedded, create=False) as store:
        # one view, once: the view model alone (no caches, no health probe)
        views = ViewModel(store, read_only=True, view_budget_s=settings.view_budget_s)
        try:
            views.check(state)
            if chosen == REPORT_FORMAT:
                briefing = write_report(views, state, output)
            else:
                summary = export_view(views, state, chosen, output)
        except (ViewError, ExportError) as exc:
            fail(str(exc))
    if chosen == REPORT_FORMAT:
        shown = briefing.view
        click.echo(
            f"wrote {output}: a briefing of {len(shown.actors):,} actors and {len(briefing.relations):,} relations with evidence"
        )
        return
    for notice in summary.notices:
        click.echo(f"actorgraph: note: {notice}", err=True)
    note = " (capped: --max-nodes)" if summary.truncated else ""
    click.echo(f"wrote {summary.path}: {summary.actors:,} actors, {summary.edges:,} edges, {summary.relations:,} relations{note}")
