"""``actorgraph extract`` and ``actorgraph ingest``: articles in, actors and relations out."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import click

from actorgraph.options import StderrProgress, ontology_option, setting_help, settings_from, store_options
from actorgraph.settings import Settings

__all__ = ["EXIT_SOME_FAILED", "extract", "ingest", "printable"]

EXIT_SOME_FAILED = 3

_INPUT_HELP = """

\b
PATH may be a file, a folder (read recursively) or - for standard input. Formats:
  .txt .md .html  articles (HTML reduced to its main text)
  .json .jsonl    records with title, text, url, published, source
  .csv            the same columns, one article per row
  .xml .rss .atom RSS/Atom feeds, one article per entry

What a document costs: text is parsed in pieces of bounded length, so a long
document (even one single paragraph) takes about 1 s of CPU per 35,000 characters and
25 MB of memory per 100,000 on top of the ~200 MB spaCy itself takes: a document at the
2,000,000-character limit, about a minute and 0.7 GB. --max-document-chars lowers the limit.
"""


def printable(text: str) -> str:
    """Text safe to print as one line on a terminal: a newline that would forge a second line,
    an escape sequence, a right-to-left override or a byte that is not UTF-8 (in a file name)
    is shown as its escape.

    >>> print(printable("a\\nb\\x1b[31m\\u202eexe.txt \\udcff Kyiv ü"))
    a\\nb\\x1b[31m\\u202eexe.txt \\xff Kyiv ü
    """
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else _escaped(ch) for ch in text)


def _escaped(ch: str) -> str:
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a file name that is not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return ch.encode("unicode_escape").decode("ascii") if code > 0xFF or code < 0x20 or code == 0x7F else f"\\x{code:02x}"


def extraction_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Options shared by extract and ingest."""
    options = [
        click.argument("paths", nargs=-1, required=True, metavar="PATH..."),
        click.option(
            "--published",
            metavar="YYYY-MM-DD",
            callback=_parse_published,
            help="Publication date for documents that carry none (relative dates resolve against it).",
        ),
        click.option(
            "--actors",
            "actor_files",
            multiple=True,
            type=click.Path(exists=True, dir_okay=False),
            help=setting_help("actor_files", "Extra actors YAML (format of ingest/data/gazetteer/actors.yaml); repeatable."),
        ),
        click.option(
            "--boilerplate",
            "boilerplate_files",
            multiple=True,
            type=click.Path(exists=True, dir_okay=False),
            help=setting_help(
                "boilerplate_files", "Extra scraping-junk patterns YAML (format of ingest/data/boilerplate.yaml); repeatable."
            ),
        ),
        click.option("--spacy-model", help=setting_help("spacy_model", "Installed spaCy pipeline to use.")),
        click.option(
            "--all-modalities",
            is_flag=True,
            help="Also keep relations the text denies or only entertains as possible (modality denied, hypothetical).",
        ),
        click.option(
            "--workers",
            type=click.IntRange(1, 64),
            default=1,
            show_default=True,
            help="Processes that extract in parallel (each loads spaCy once).",
        ),
        click.option(
            "--max-document-chars",
            type=int,
            help=setting_help(
                "max_document_chars", "Longest document accepted; longer ones are skipped by name (see the cost above)."
            ),
        ),
        click.option(
            "--max-sentence-chars",
            type=int,
            help=setting_help("max_sentence_chars", "Longer sentences are not read for relations."),
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _parse_published(_ctx: click.Context, _param: click.Parameter, value: str | None) -> Any:
    if value is None:
        return None
    import datetime as dt

    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date like 2024-11-18") from None


@click.command(
    help="Print the relations found in articles, without storing them."
    + _INPUT_HELP
    + """
\b
Examples:
  actorgraph extract article.txt --published 2024-11-18
  actorgraph extract feeds/ --jsonl > relations.jsonl     # one JSON object per relation
  actorgraph extract half1/ --jsonl --documents > part1.jsonl   # for `actorgraph import jsonl`
"""
)
@extraction_options
@ontology_option
@click.option("--jsonl", is_flag=True, help="Print the extraction contract: one JSON object per relation.")
@click.option(
    "--documents",
    is_flag=True,
    help="With --jsonl: one JSON object per document instead, with everything ingest would store "
    "(read back with `actorgraph import jsonl`).",
)
def extract(
    paths: Sequence[str], published: Any, all_modalities: bool, workers: int, jsonl: bool, documents: bool, **flags: Any
) -> None:
    from actorgraph.ingest.output import contract_records
    from actorgraph.ingest.pipeline import extract_documents, to_document_graph

    if documents and not jsonl:
        raise click.UsageError("--documents needs --jsonl")

    settings = settings_from(**flags)
    failed = 0
    for result in extract_documents(_load(paths, published, settings), _extractor_options(settings, all_modalities), workers):
        if not hasattr(result, "relations"):
            failed += 1
            click.echo(f"actorgraph: skipped {printable(str(result))}", err=True)
            continue
        if documents:
            graph = to_document_graph(result)  # type: ignore[arg-type]  # one with relations is an Extraction
            click.echo(json.dumps(graph.model_dump(mode="json", exclude={"article": {"ingested_at"}}), ensure_ascii=False))
            continue
        for record in contract_records(result):  # type: ignore[arg-type]  # one with relations is an Extraction
            click.echo(json.dumps(record, ensure_ascii=False) if jsonl else _readable(record))
    if failed:
        sys.exit(EXIT_SOME_FAILED)


def _readable(record: dict[str, Any]) -> str:
    source, target = record["source"], record["target"]
    return (
        printable(
            f"{record['doc']}  {source['name']} ({source['code'] or '-'}) —{record['relation']}→ "
            f"{target['name']} ({target['code'] or '-'})  [{record['modality']}, {record['date']}, {record['confidence']:.2f}]"
        )
        + f"\n    {printable(record['sentence'])}"
    )


@click.command(
    help="Read articles into the store: actors, coded relations, evidence."
    + _INPUT_HELP
    + """
\b
Documents are written in groups (--commit-every), each group in one transaction, so a
crash leaves only whole documents; the same text ingested again changes nothing. A file
that cannot be read is reported and skipped while the rest goes on; the exit status is
then 3.
\b
Examples:
  actorgraph ingest examples/demo
  actorgraph ingest news.jsonl --store bolt://127.0.0.1:7687 --workers 2
"""
)
@extraction_options
@store_options
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary.")
@click.option(
    "--commit-every",
    "commit_documents",
    type=int,
    help="Documents per transaction. [env ACTORGRAPH_COMMIT_DOCUMENTS; default 64]",
)
def ingest(paths: Sequence[str], published: Any, all_modalities: bool, workers: int, quiet: bool, **flags: Any) -> None:
    from actorgraph.ingest.pipeline import DEFAULT_COMMIT_DOCUMENTS, ingest_documents

    settings = settings_from(**flags)
    documents = list(_load(paths, published, settings))
    with settings.open_store() as store, _Progress(enabled=not quiet, total=len(documents)) as progress:
        summary = ingest_documents(
            documents,
            store,
            extractor_options=_extractor_options(settings, all_modalities),
            workers=workers,
            on_progress=progress.update,
            on_failure=progress.report,
            commit_documents=settings.commit_documents or DEFAULT_COMMIT_DOCUMENTS,
        )
    if not quiet:
        for line in summary.lines():
            if not line.startswith("failed: "):
                click.echo(line, err=True)
    if summary.failures:
        sys.exit(EXIT_SOME_FAILED)


def _load(paths: Sequence[str], published: Any, settings: Settings) -> Iterable[Any]:
    from actorgraph.ingest.loaders import load_documents

    return load_documents(paths, published=published, max_chars=settings.max_document_chars, stdin=sys.stdin.buffer)


def _extractor_options(settings: Settings, all_modalities: bool) -> dict[str, Any]:
    from actorgraph.ingest.clean import clean_text, load_boilerplate
    from actorgraph.ingest.gazetteer import load_gazetteer
    from actorgraph.ingest.ontology import load_ontology

    options: dict[str, Any] = {
        "ontology": load_ontology(settings.ontology_files),
        "model": settings.spacy_model,
        "max_sentence_chars": settings.max_sentence_chars,
        "all_modalities": all_modalities,
    }
    if settings.actor_files:
        options["gazetteer"] = load_gazetteer(settings.actor_files)
    if settings.boilerplate_files:
        options["cleaner"] = functools.partial(clean_text, patterns=load_boilerplate(settings.boilerplate_files))
    return options


class _Progress(StderrProgress):
    """A progress bar on stderr with documents/s and tokens/s; failures printed above it."""

    def columns(self) -> list[Any]:
        from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn, TimeRemainingColumn

        return [
            TextColumn("ingesting"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]}"),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
        ]

    def update(self, done: int, tokens: int) -> None:
        elapsed = self.elapsed()
        self.rate(f"{done / elapsed:.1f} docs/s {tokens / elapsed:,.0f} tokens/s", completed=done)

    def report(self, failure: Any) -> None:
        self.line(f"actorgraph: skipped {printable(str(failure))}")
