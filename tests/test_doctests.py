"""Every docstring example in the package runs, imported under the name it is installed as.

pytest's ``--doctest-modules`` would import ``graph/store.py`` as ``graph.store`` (from the
folder), a second copy beside the installed ``actorgraph.graph.store``; so the examples are
collected here from the installed modules instead.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

# the packages the wheel installs, as pyproject.toml lists them
PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"
PACKAGES = tuple(tomllib.loads(PYPROJECT.read_text())["tool"]["setuptools"]["packages"])
FOREIGN_TOP_LEVEL = ("graph", "ingest", "dashboard")


def _module_names() -> list[str]:
    names = []
    for package_name in PACKAGES:
        package = importlib.import_module(package_name)
        names.append(package_name)
        names += [f"{package_name}.{info.name}" for info in pkgutil.iter_modules(package.__path__) if not info.ispkg]
    return sorted(set(names))


def _examples() -> list[doctest.DocTest]:
    finder = doctest.DocTestFinder(exclude_empty=True)
    found = []
    for name in _module_names():
        module = importlib.import_module(name)
        found += [test for test in finder.find(module, name) if test.examples]
    return sorted(found, key=lambda test: test.name)


@pytest.mark.parametrize("example", _examples(), ids=lambda test: test.name)
def test_docstring_example(example: doctest.DocTest) -> None:
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    report: list[str] = []
    result = runner.run(example, out=report.append, clear_globs=True)
    if result.failed:
        pytest.fail("".join(report), pytrace=False)


def test_the_package_imports_nothing_under_foreign_top_level_names(tmp_path: Path) -> None:
    """Only ``actorgraph`` is ours in site-packages: no module may import plain ``graph`` & co."""
    script = (
        "import importlib, sys\n"
        f"for name in {_module_names()!r}: importlib.import_module(name)\n"
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({FOREIGN_TOP_LEVEL!r})))\n"
    )
    # run outside the repository, so that its folders cannot be imported as top-level packages
    found = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert found.stdout.strip() == "[]"
