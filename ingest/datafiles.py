"""Reading the YAML data files ingest runs on (ontology, gazetteer, boilerplate patterns),
shipped or the user's own, with one clear :class:`ConfigError` for whatever is wrong.

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "mine.yaml"
>>> _ = path.write_text("relations: [WARNS\\n")
>>> read_yaml(path)
Traceback (most recent call last):
...
actorgraph.ingest.errors.ConfigError: .../mine.yaml: not valid YAML (... expected ',' or ']'..., line 2)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from actorgraph.ingest.errors import ConfigError

__all__ = ["first_validation_error", "read_yaml"]

# libyaml's loader when PyYAML was built with it: ten times faster on the gazetteer's long files.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path | Any, label: str | None = None) -> Any:
    """The parsed content of a YAML file (a path or an ``importlib.resources`` file); ``label``
    names it in errors (default: the path).

    >>> read_yaml(Path("/nonexistent/actors.yaml"))
    Traceback (most recent call last):
    ...
    actorgraph.ingest.errors.ConfigError: /nonexistent/actors.yaml: no such file
    """
    label = label or str(path)
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    except FileNotFoundError:
        raise ConfigError(f"{label}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{label}: cannot read ({exc})") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{label}: not valid YAML ({_yaml_problem(exc)})") from None


def first_validation_error(exc: ValidationError) -> str:
    """Where the first problem of a pydantic validation is, and what it is, on one line.

    >>> from pydantic import BaseModel
    >>> class Spec(BaseModel):
    ...     goldstein: float
    >>> try:
    ...     Spec.model_validate({"goldstein": "high"})
    ... except ValidationError as exc:
    ...     first_validation_error(exc)
    'goldstein: Input should be a valid number, unable to parse string as a number'
    """
    error = exc.errors()[0]
    where = ".".join(str(part) for part in error["loc"]) or "top level"
    return f"{where}: {error['msg']}"


def _yaml_problem(exc: yaml.YAMLError) -> str:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    return f"{problem}, line {mark.line + 1}" if mark else problem
