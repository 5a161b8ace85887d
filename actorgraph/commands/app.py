"""``actorgraph serve`` (the web app) and ``actorgraph export`` (a view to a file)."""

from __future__ import annotations

import logging
import signal
from collections.abc import Callable
from typing import Any

import click

from actorgraph.options import fail, settings_from, store_options

__all__ = ["export", "serve", "view_options"]

# option -> the app's URL parameter, so that `export` reads filters exactly as the app does
_VIEW_OPTION_PARAMS = {
    "types": "type", "kinds": "kind", "date_from": "from", "date_to": "to", "modalities": "modality",
    "min_confidence": "minconf", "articles": "article", "actors": "actor", "focus": "focus", "hops": "hops",
    "path": "path", "max_nodes": "max", "size_by": "size", "colour_by": "colour", "sources": "source",
}  # fmt: skip


def view_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The app's filters and view options as flags (lists may be repeated or comma-separated)."""
    options = [
        click.option("--view", "view_url", metavar="URL", help="A link copied from the app; the flags below override it."),
        click.option("--type", "types", multiple=True, metavar="TYPE", help="Relation types, e.g. WARNS,ATTACKS."),
        click.option("--kind", "kinds", multiple=True, metavar="KIND", help="Actor kinds at both ends (state, igo, person, …)."),
        click.option("--from", "date_from", metavar="YYYY-MM-DD", help="Relations on or after this date."),
        click.option("--to", "date_to", metavar="YYYY-MM-DD", help="Relations on or before this date."),
        click.option("--modality", "modalities", multiple=True, help="asserted, reported, alleged, conditional, …"),
        click.option("--min-confidence", metavar="0..1", help="Drop relations below this confidence."),
        click.option("--article", "articles", multiple=True, metavar="ID", help="Only relations from these articles."),
        click.option("--reviewed-only", is_flag=True, default=None, help="Only relations between reviewed actors."),
        click.option("--actor", "actors", multiple=True, metavar="ID", help="Only relations touching these actors."),
        click.option("--source", "sources", multiple=True, metavar="NAME",
                     help="Only relations from these sources: gdelt, polecat, icews, acled (imported), "
                          "actorgraph-rules/0.1 (extracted from news), …"),
        click.option("--focus", metavar="ID", help="Only this actor's neighbourhood (see --hops)."),
        click.option("--hops", metavar="1..3", help="Neighbourhood depth for --focus. [default 1]"),
        click.option("--path", nargs=2, metavar="FROM TO", help="Draw in and highlight the shortest path between two actors."),
        click.option("--max-nodes", metavar="N|all",
                     help="Most actors drawn, the top by --size-by. [default 150 for images, all for data formats]"),
        click.option("--size-by", help="degree, pagerank or betweenness: ranks actors for --max-nodes. [default degree]"),
        click.option("--colour-by", help="kind or community (Louvain): node colours. [default kind]"),
    ]  # fmt: skip
    for option in reversed(options):
        command = option(command)
    return command


def _view_params(view_url: str | None, values: dict[str, Any]) -> dict[str, list[str]]:
    """URL parameters from ``--view`` overlaid with the flags given."""
    from urllib.parse import parse_qs, urlsplit

    text = view_url or ""
    params = parse_qs(urlsplit(text).query if "://" in text else text.lstrip("?"))
    for option, param in _VIEW_OPTION_PARAMS.items():
        value = values.get(option)
        if value in (None, (), ""):
            continue
        items = list(value) if isinstance(value, (tuple, list)) else [str(value)]
        if option not in ("path",):
            items = [part.strip() for item in items for part in str(item).split(",") if part.strip()]
        params[param] = items
    if values.get("reviewed_only"):
        params["reviewed"] = ["1"]
    return params


_BUDGET_HELP = (
    "Seconds a view may spend on centralities, communities and its layout; past it, cheaper methods "
    "with a notice. [env ACTORGRAPH_VIEW_BUDGET; default 10]"
)


@click.command()
@store_options
@click.option("--host", help="Address to listen on. [env ACTORGRAPH_HOST; default 127.0.0.1, this machine only]")
@click.option("--port", type=int, help="Port to listen on. [env ACTORGRAPH_PORT; default 8050]")
@click.option(
    "--allowed-host",
    "allowed_hosts",
    multiple=True,
    metavar="NAME[:PORT]",
    help="Also answer requests addressed to this name (repeatable); others get 403. "
    "[env ACTORGRAPH_ALLOWED_HOSTS, comma-separated; default: localhost and the --host address only]",
)
@click.option("--auth", metavar="USER:PASSWORD", help="Ask for HTTP basic auth. [env ACTORGRAPH_AUTH]")
@click.option(
    "--auth-file",
    type=click.Path(dir_okay=False),
    help="Read USER:PASSWORD for basic auth from this file instead. [env ACTORGRAPH_AUTH_FILE]",
)
@click.option("--read-only", is_flag=True, help="Open the store read-only: merging and reviewing actors are off.")
@click.option("--query-limit", "query_row_limit", type=int, help="Most rows a console query returns. [default 1000]")
@click.option("--query-timeout", "query_timeout_s", type=float, help="Seconds before a console query is stopped. [default 10]")
@click.option(
    "--query-memory",
    "query_memory_mb",
    type=int,
    help="Megabytes a console query may use. [env ACTORGRAPH_QUERY_MEMORY; default 1024]",
)
@click.option("--view-budget", "view_budget_s", type=float, help=_BUDGET_HELP)
def serve(read_only: bool, **flags: Any) -> None:
    """Explore the store in the browser: network, filters, evidence, timeline and a Cypher console.

    \b
    Examples:
      actorgraph serve --store data/demo
      actorgraph serve --store bolt://127.0.0.1:7687 --port 8060
    """
    from actorgraph.dashboard.app import AllowedHosts, ServerThread, create_app, is_loopback, store_label
    from actorgraph.dashboard.services import Dashboard

    settings = settings_from(**flags)
    auth = _credentials(settings)
    _log_to_stderr()
    with settings.open_store(read_only=read_only) as store:
        dashboard = Dashboard(store, query_row_limit=settings.query_row_limit, query_timeout_s=settings.query_timeout_s,
                              query_memory_mb=settings.query_memory_mb, read_only=read_only,
                              view_budget_s=settings.view_budget_s)  # fmt: skip
        store.prepare_user_queries(settings.query_timeout_s)  # the console's first query need not wait for a worker
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
    type=click.Choice(["png", "svg", "pdf", "graphml", "gexf", "json", "csv"]),
    help="Output format. [default: from the file's extension]",
)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="File to write.")
@click.option("--view-budget", "view_budget_s", type=float, help=_BUDGET_HELP)
def export(fmt: str | None, output: str, **options: Any) -> None:
    """Write a view of the graph to a file: an image, a graph for Gephi, Cytoscape JSON or CSV.

    \b
    Images (png, svg, pdf) are drawn with plotly and rendered by kaleido through Chrome or
    Chromium (on the PATH, or BROWSER_PATH=/path/to/chrome). GraphML and GEXF open in Gephi;
    json is Cytoscape elements; csv is one row per relation with its evidence and article.
    \b
    Examples:
      actorgraph export --type ATTACKS,AIDS --from 2024-01-01 -o attacks.png
      actorgraph export --focus RUS --hops 2 --format gexf -o russia.gexf
      actorgraph export --view 'http://127.0.0.1:8050/?type=WARNS&size=pagerank' -o warns.csv
    """
    from actorgraph.dashboard.export import DATA_FORMATS, ExportError, export_view, format_for_path
    from actorgraph.dashboard.services import Dashboard
    from actorgraph.dashboard.state import ViewError, state_from_params
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
            params.setdefault("max", ["all"])
        state = state_from_params(params)
    except (ViewError, ExportError, OutputError) as exc:
        fail(str(exc))
    # an export only reads: an embedded store opens without the writer's lock
    with settings.open_store(read_only=embedded) as store:
        dashboard = Dashboard(store, read_only=True, watch_store=False, view_budget_s=settings.view_budget_s)
        try:
            dashboard.check(state)
            summary = export_view(dashboard, state, chosen, output)
        except (ViewError, ExportError) as exc:
            fail(str(exc))
    for notice in summary.notices:
        click.echo(f"actorgraph: note: {notice}", err=True)
    note = " (capped: --max-nodes)" if summary.truncated else ""
    click.echo(f"wrote {summary.path}: {summary.actors:,} actors, {summary.edges:,} edges, "
               f"{summary.relations:,} relations{note}")  # fmt: skip
