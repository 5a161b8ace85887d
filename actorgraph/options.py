"""What every command shares: the store options, resolving settings, and the one-line failure.

A module of its own so that command modules and :mod:`actorgraph.cli` (which lists the
commands) import it without importing each other.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import click

from actorgraph.settings import ENVIRONMENT, Settings, load_settings

__all__ = [
    "EXIT_ERROR",
    "StderrProgress",
    "fail",
    "ontology_option",
    "query_limit_options",
    "setting_help",
    "settings_from",
    "store_options",
]

EXIT_ERROR = 1


def fail(message: str) -> None:
    """Print one error line and exit with status 1."""
    click.echo(f"actorgraph: error: {message}", err=True)
    sys.exit(EXIT_ERROR)


def setting_help(name: str, text: str, note: str = "") -> str:
    """A setting's flag help, ending with its environment variable and default as
    :class:`~actorgraph.settings.Settings` declares them (``note`` follows the default).

    >>> setting_help("port", "Port to listen on.")
    'Port to listen on. [env ACTORGRAPH_PORT; default 8050]'
    >>> setting_help("max_sentence_chars", "Longer sentences are not read.")
    'Longer sentences are not read. [env ACTORGRAPH_MAX_SENTENCE_CHARS; default 2000]'
    """
    parts = [f"env {ENVIRONMENT[name]}"] if name in ENVIRONMENT else []
    default = Settings.model_fields[name].default
    if default not in (None, ()):
        shown = (
            f"{default:,}"
            if isinstance(default, int) and default >= 10_000
            else f"{default:g}"
            if isinstance(default, float)
            else str(default)
        )
        parts.append(f"default {shown}{note}")
    return f"{text} [{'; '.join(parts)}]" if parts else text


def ontology_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """--ontology: the relation types a command declares or extracts."""
    return click.option(
        "--ontology",
        "ontology_files",
        multiple=True,
        type=click.Path(exists=True, dir_okay=False),
        help=setting_help("ontology_files", "Extra relation ontology YAML merged over the shipped one (repeatable)."),
    )(command)


def query_limit_options(prefix: str, subject: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """--{prefix}limit, --{prefix}timeout and --{prefix}memory: what a user's query may take."""

    def add(command: Callable[..., Any]) -> Callable[..., Any]:
        options = [
            click.option(
                f"--{prefix}limit",
                "query_row_limit",
                type=int,
                help=setting_help("query_row_limit", f"Most rows {subject} returns."),
            ),
            click.option(
                f"--{prefix}timeout",
                "query_timeout_s",
                type=float,
                help=setting_help("query_timeout_s", f"Seconds before {subject} is stopped."),
            ),
            click.option(
                f"--{prefix}memory",
                "query_memory_mb",
                type=int,
                help=setting_help("query_memory_mb", f"Megabytes {subject} may use."),
            ),
        ]
        for option in reversed(options):
            command = option(command)
        return command

    return add


def store_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """--store and the Neo4j credentials, shared by every command that opens the store."""
    options = [
        click.option(
            "--store",
            metavar="FOLDER|URI",
            help=setting_help("store", "Embedded store folder, or a neo4j:// / bolt:// URI."),
        ),
        click.option("--neo4j-user", help=setting_help("neo4j_user", "Neo4j user.")),
        click.option("--neo4j-password", help=setting_help("neo4j_password", "Neo4j password.")),
        click.option("--neo4j-database", help="Neo4j database (default: the server's home database)."),
        ontology_option,
    ]
    for option in reversed(options):
        command = option(command)
    return command


class StderrProgress:
    """A rich progress bar on stderr (only when it is a terminal), with lines printed above it.

    Subclasses give the bar's columns (:meth:`columns`) and the task's total; :meth:`rate`
    updates the text shown as ``{task.fields[rate]}``.
    """

    def __init__(self, enabled: bool, total: float | None = None):
        self.enabled = enabled and sys.stderr.isatty()
        self.total = total
        self._bar: Any = None
        self._task: Any = None

    def columns(self) -> list[Any]:
        raise NotImplementedError

    def __enter__(self) -> StderrProgress:
        if self.enabled:
            from rich.console import Console
            from rich.progress import Progress

            self._bar = Progress(*self.columns(), console=Console(stderr=True))
            self._bar.start()
            self._task = self._bar.add_task("work", total=self.total, rate="")
        return self

    def rate(self, text: str, completed: float | None = None) -> None:
        """Show ``text`` (and how much is done, for a bar with a total)."""
        if self._bar is not None:
            self._bar.update(self._task, rate=text, **({} if completed is None else {"completed": completed}))

    def elapsed(self) -> float:
        return max(self._bar.tasks[0].elapsed or 0.0, 1e-6) if self._bar is not None else 1e-6

    def line(self, message: str) -> None:
        """One line above the bar (or on stderr when there is no bar)."""
        if self._bar is not None:
            self._bar.console.print(message, markup=False, highlight=False)
        else:
            click.echo(message, err=True)

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()


def settings_from(**flags: Any) -> Settings:
    """Resolve the command's flags against the environment."""
    return load_settings(flags)
