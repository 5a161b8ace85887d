"""``actorgraph import``: coded event datasets and extraction output into the store."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from typing import Any

import click

from actorgraph.commands.ingest import printable
from actorgraph.options import StderrProgress, settings_from, store_options

__all__ = ["import_group"]

EXIT_SOME_FAILED = 3
_BAD_ROWS_SHOWN = 50

_DATASET_HELP = {
    "gdelt": "GDELT 2.0 event files (*.export.CSV: 61 tab-separated columns, no header).",
    "polecat": "POLECAT weekly event files (ngecEvents*.txt: tab-separated, header row).",
    "icews": "ICEWS coded event files (tab-separated, header row).",
    "acled": "ACLED data exports (CSV, header row).",
}
_INPUT_HELP = """
\b
FILE may be a plain file, a .gz or .zip file (each file inside is read), a folder (read
recursively) or - for standard input. Events become the same actors and coded relations as
extracted ones: the relation type comes from the ontology by CAMEO code, the actors from the
gazetteer where it knows them; each relation's evidence is the event's source (its URL or
story id), and its `extractor` is the dataset's name. Importing a file again changes
nothing. A row that cannot be read is reported with its line number and skipped (exit
status 3); the rest goes on.
"""


def _common_options(command: Callable[..., Any]) -> Callable[..., Any]:
    options = [
        click.argument("paths", nargs=-1, required=True, metavar="FILE..."),
        click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary."),
    ]
    for option in reversed(options):
        command = option(command)
    return store_options(command)


@click.group(name="import")
def import_group() -> None:
    """Load coded event data (GDELT, POLECAT, ICEWS, ACLED) or `extract --jsonl` output into the store.

    \b
    Examples:
      actorgraph import gdelt 20241118.export.CSV.zip
      actorgraph import acled acled-2024.csv --store bolt://127.0.0.1:7687
      actorgraph extract corpus/ --jsonl --documents > part1.jsonl   # on any machine
      actorgraph import jsonl part1.jsonl part2.jsonl                # where the store is
    """


def _dataset_command(dataset: str) -> click.Command:
    @click.command(name=dataset, help=_DATASET_HELP[dataset] + "\n" + _INPUT_HELP)
    @_common_options
    @click.option(
        "--actors", "actor_files", multiple=True, type=click.Path(exists=True, dir_okay=False),
        help="Extra actors YAML (format of ingest/data/gazetteer/actors.yaml), to match the dataset's names; repeatable.",
    )  # fmt: skip
    @click.option(
        "--event-codes", "event_code_files", multiple=True, type=click.Path(exists=True, dir_okay=False),
        help="Extra event-code tables merged over ingest/importers/data/event_codes.yaml; repeatable.",
    )  # fmt: skip
    @click.option("--batch-rows", "import_batch_rows", type=int, help="Rows read before each write. [default 500,000]")
    def command(paths: Sequence[str], quiet: bool, **flags: Any) -> None:
        from actorgraph.ingest.gazetteer import load_gazetteer
        from actorgraph.ingest.importers import DATASETS, DEFAULT_BATCH_ROWS, EventImporter, open_sources
        from actorgraph.ingest.importers.codes import load_event_codes
        from actorgraph.ingest.ontology import load_ontology

        settings = settings_from(**flags)
        ontology, gazetteer = load_ontology(settings.ontology_files), load_gazetteer(settings.actor_files)
        codes = load_event_codes(settings.event_code_files)
        with settings.open_store() as store, _Progress(dataset, enabled=not quiet) as progress:
            importer = EventImporter(store, DATASETS[dataset], ontology=ontology, gazetteer=gazetteer, codes=codes,
                                     batch_rows=settings.import_batch_rows or DEFAULT_BATCH_ROWS,
                                     on_progress=progress.update, on_bad_row=progress.report)  # fmt: skip
            summary = importer.run(open_sources(paths, stdin=sys.stdin.buffer))
        _finish(summary, progress, quiet)

    return command


@click.command(
    name="jsonl",
    help="""Output of `actorgraph extract --jsonl` (one relation a line) or `extract --jsonl --documents`
(one document a line: what ingest writes, exactly).

\b
Extract on as many machines as you like, then import every part where the store is: with
--documents, the store ends as one `actorgraph ingest` of the whole corpus would leave it.
Documents are written in groups (--commit-every), each group in one transaction.
FILE may be a file, a .gz or .zip file, a folder or - for standard input.
""",
)
@_common_options
@click.option("--commit-every", "commit_documents", type=int, help="Documents per transaction. [default 64]")
def import_jsonl_command(paths: Sequence[str], quiet: bool, **flags: Any) -> None:
    from actorgraph.ingest.importers import import_jsonl, open_sources
    from actorgraph.ingest.pipeline import DEFAULT_COMMIT_DOCUMENTS

    settings = settings_from(**flags)
    with settings.open_store() as store, _Progress("jsonl", enabled=not quiet) as progress:
        summary = import_jsonl(open_sources(paths, stdin=sys.stdin.buffer), store,
                               commit_documents=settings.commit_documents or DEFAULT_COMMIT_DOCUMENTS,
                               on_progress=progress.update, on_bad_row=progress.report)  # fmt: skip
    _finish(summary, progress, quiet)


def _finish(summary: Any, progress: _Progress, quiet: bool) -> None:
    for failure in summary.failures:
        click.echo(f"actorgraph: skipped {printable(str(failure))}", err=True)
    if progress.hidden:
        click.echo(f"actorgraph: {progress.hidden:,} more bad rows not shown", err=True)
    if not quiet:
        for line in summary.lines():
            click.echo(line, err=True)
    if summary.failures or summary.bad_rows:
        sys.exit(EXIT_SOME_FAILED)


class _Progress(StderrProgress):
    """Rows read and rows/s on stderr; bad rows printed above the bar (the first 50)."""

    def __init__(self, dataset: str, enabled: bool):
        super().__init__(enabled)
        self.dataset = dataset
        self.shown = 0
        self.hidden = 0

    def columns(self) -> list[Any]:
        from rich.progress import SpinnerColumn, TextColumn, TimeElapsedColumn

        return [SpinnerColumn(), TextColumn(f"importing {self.dataset}"), TextColumn("{task.fields[rate]}"), TimeElapsedColumn()]

    def update(self, rows: int) -> None:
        self.rate(f"{rows:,} rows  {rows / self.elapsed():,.0f} rows/s")

    def report(self, bad: Any) -> None:
        if self.shown >= _BAD_ROWS_SHOWN:
            self.hidden += 1
            return
        self.shown += 1
        self.line(f"actorgraph: bad row {printable(str(bad))}")


for _dataset in _DATASET_HELP:
    import_group.add_command(_dataset_command(_dataset))
import_group.add_command(import_jsonl_command)
