"""The one error type ingest raises for bad input; its message is meant for the user as it is.

>>> str(IngestError("notes.pdf: unsupported file type"))
'notes.pdf: unsupported file type'
"""

__all__ = ["ConfigError", "DocumentError", "IngestError"]


class IngestError(Exception):
    """Base class of everything ingest reports about bad input or configuration."""


class DocumentError(IngestError):
    """One document cannot be read or processed; the batch goes on without it."""

    def __init__(self, name: str, reason: str):
        super().__init__(f"{name}: {reason}")
        self.name = name
        self.reason = reason


class ConfigError(IngestError):
    """An ontology, gazetteer or model setting is unusable."""
