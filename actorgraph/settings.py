"""Every setting in one place: flags win over ``ACTORGRAPH_*`` environment variables, which win
over defaults. Nothing is read at import time; commands call :func:`load_settings`.

>>> load_settings({"store": "bolt://db:7687"}, environ={}).store
'bolt://db:7687'
>>> load_settings({}, environ={"ACTORGRAPH_QUERY_TIMEOUT": "2.5"}).query_timeout_s
2.5
>>> load_settings({}, environ={"ACTORGRAPH_ALLOWED_HOSTS": "graph.example.org, Intranet:8050"}).allowed_hosts
('graph.example.org', 'intranet:8050')
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from actorgraph.graph import GraphStore, open_store
from actorgraph.graph.sandbox import DEFAULT_QUERY_MEMORY_MB, DEFAULT_QUERY_ROW_LIMIT, DEFAULT_QUERY_TIMEOUT_S
from actorgraph.ingest.defaults import MAX_DOCUMENT_CHARS, MAX_DOCUMENT_CHARS_VARIABLE, MAX_SENTENCE_CHARS, SPACY_MODEL

__all__ = ["DEFAULT_VIEW_BUDGET_S", "ENVIRONMENT", "Settings", "SettingsError", "load_settings"]

DEFAULT_STORE = "data/graph"
# seconds one request of the app (or one export) may spend on a view: metrics, communities, layout
DEFAULT_VIEW_BUDGET_S = 10.0

# setting name -> environment variable
ENVIRONMENT = {
    "store": "ACTORGRAPH_STORE",
    "neo4j_user": "NEO4J_USER",
    "neo4j_password": "NEO4J_PASSWORD",
    "neo4j_database": "ACTORGRAPH_NEO4J_DATABASE",
    "ontology_files": "ACTORGRAPH_ONTOLOGY",
    "actor_files": "ACTORGRAPH_ACTORS",
    "boilerplate_files": "ACTORGRAPH_BOILERPLATE",
    "spacy_model": "ACTORGRAPH_SPACY_MODEL",
    "query_row_limit": "ACTORGRAPH_QUERY_ROW_LIMIT",
    "query_timeout_s": "ACTORGRAPH_QUERY_TIMEOUT",
    "query_memory_mb": "ACTORGRAPH_QUERY_MEMORY",
    "max_document_chars": MAX_DOCUMENT_CHARS_VARIABLE,
    "max_sentence_chars": "ACTORGRAPH_MAX_SENTENCE_CHARS",
    "auth": "ACTORGRAPH_AUTH",
    "auth_file": "ACTORGRAPH_AUTH_FILE",
    "host": "ACTORGRAPH_HOST",
    "port": "ACTORGRAPH_PORT",
    "allowed_hosts": "ACTORGRAPH_ALLOWED_HOSTS",
    "view_budget_s": "ACTORGRAPH_VIEW_BUDGET",
    "commit_documents": "ACTORGRAPH_COMMIT_DOCUMENTS",
    "import_batch_rows": "ACTORGRAPH_IMPORT_BATCH_ROWS",
    "event_code_files": "ACTORGRAPH_EVENT_CODES",
}
# settings that hold several values, and what separates them in the environment variable
_LIST_SEPARATORS = {"ontology_files": os.pathsep, "actor_files": os.pathsep, "boilerplate_files": os.pathsep,
                    "event_code_files": os.pathsep, "allowed_hosts": ","}  # fmt: skip


class SettingsError(ValueError):
    """A setting has a value that cannot be used; the message names it."""


class Settings(BaseModel):
    """The resolved configuration of one command."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    store: str = DEFAULT_STORE
    neo4j_user: str = "neo4j"
    neo4j_password: str | None = None
    neo4j_database: str | None = None
    ontology_files: tuple[Path, ...] = ()
    actor_files: tuple[Path, ...] = ()
    boilerplate_files: tuple[Path, ...] = ()
    spacy_model: str = SPACY_MODEL
    query_row_limit: int = Field(default=DEFAULT_QUERY_ROW_LIMIT, ge=1, le=1_000_000)
    query_timeout_s: float = Field(default=DEFAULT_QUERY_TIMEOUT_S, gt=0, le=3600)
    query_memory_mb: int = Field(default=DEFAULT_QUERY_MEMORY_MB, ge=64, le=1_048_576)
    max_document_chars: int = Field(default=MAX_DOCUMENT_CHARS, ge=1000)
    max_sentence_chars: int = Field(default=MAX_SENTENCE_CHARS, ge=100)
    auth: str | None = None
    auth_file: Path | None = None
    host: str = "127.0.0.1"
    port: int = Field(default=8050, ge=1, le=65535)
    # names (NAME or NAME:PORT) the app answers to besides its own address and localhost
    allowed_hosts: tuple[str, ...] = ()
    view_budget_s: float = Field(default=DEFAULT_VIEW_BUDGET_S, ge=1, le=3600)
    # documents written per transaction by ingest and import jsonl (None: the library's default)
    commit_documents: int | None = Field(default=None, ge=1, le=100_000)
    # event rows read before their actors, sources and relations are written (None: the library's default)
    import_batch_rows: int | None = Field(default=None, ge=1, le=10_000_000)
    event_code_files: tuple[Path, ...] = ()

    @field_validator("allowed_hosts", mode="before")
    @classmethod
    def _host_names(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = [value]
        names = tuple(str(name).strip().lower() for name in value if str(name).strip())
        for name in names:
            if any(c.isspace() or c in "/@?#" for c in name):
                raise ValueError(f"{name!r} is not a host name (NAME or NAME:PORT)")
        return names

    def relation_types(self) -> list[str]:
        """Relation types of the configured ontology (the store declares them up front)."""
        from actorgraph.ingest.ontology import load_ontology

        return load_ontology(self.ontology_files).types()

    def open_store(self, read_only: bool = False, create: bool = True) -> GraphStore:
        """Open the configured store with the ontology's relation types declared; ``create=False``
        (every command but ingest and import) refuses an embedded folder holding no store yet."""
        return open_store(
            self.store,
            relation_types=[] if read_only else self.relation_types(),
            user=self.neo4j_user,
            password=self.neo4j_password,
            database=self.neo4j_database,
            read_only=read_only,
            create=create,
        )


def load_settings(flags: Mapping[str, Any], environ: Mapping[str, str] | None = None) -> Settings:
    """Settings from flags (``None`` means not given), then the environment, then defaults."""
    environ = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    for name, variable in ENVIRONMENT.items():
        raw = environ.get(variable)
        if raw not in (None, ""):
            values[name] = raw.split(_LIST_SEPARATORS[name]) if name in _LIST_SEPARATORS else raw
    values.update({k: v for k, v in flags.items() if v is not None and v != ()})
    try:
        return Settings.model_validate(values)
    except ValidationError as exc:
        error = exc.errors()[0]
        name = str(error["loc"][0]) if error["loc"] else "settings"
        given_as_flag = flags.get(name) is not None
        source = "on the command line" if given_as_flag else f"from {ENVIRONMENT.get(name, name)}"
        words = name.removesuffix("_s").replace("_", " ")
        raise SettingsError(f"{words} {source}: {error['msg'].lower()}") from None
