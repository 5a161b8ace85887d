"""Type-check the package as it installs: ``python tools/typecheck.py [mypy arguments]``.

``graph/``, ``ingest/`` and ``dashboard/`` install as ``actorgraph.graph`` & co (setuptools'
``package-dir``), and mypy follows no import hooks, so it cannot see them under those names in
the repository. This lays out a tree of symbolic links as the wheel would (``build/typecheck``,
read from ``pyproject.toml``, so a new sub-package needs nothing here), runs mypy there with the
project's configuration, and reports the repository's paths. What is checked, and how strictly,
is ``[tool.mypy]`` in ``pyproject.toml``.
"""

from __future__ import annotations

import os
import shutil
import sys
import tomllib
from pathlib import Path

from mypy import api

ROOT = Path(__file__).resolve().parents[1]
TREE = ROOT / "build" / "typecheck"


def package_folders() -> dict[str, Path]:
    """Each installed package's folder in the repository, as ``pyproject.toml`` maps them."""
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    folders = {name: ROOT / folder for name, folder in setuptools["package-dir"].items()}
    for name in setuptools["packages"]:  # parents first: a sub-package lies in its parent's folder
        if name not in folders:
            parent, _, last = name.rpartition(".")
            folders[name] = folders[parent] / last
    return {name: folders[name] for name in setuptools["packages"]}


def build_tree() -> dict[Path, Path]:
    """The link tree, and how its folders map back to the repository's."""
    shutil.rmtree(TREE, ignore_errors=True)
    back: dict[Path, Path] = {}
    for name, folder in sorted(package_folders().items()):
        target = TREE.joinpath(*name.split("."))
        target.mkdir(parents=True, exist_ok=True)
        for module in folder.glob("*.py"):
            (target / module.name).symlink_to(module)
        back[target.relative_to(TREE)] = folder.relative_to(ROOT)
    return back


def to_repository(line: str, back: dict[Path, Path]) -> str:
    path, sep, rest = line.partition(":")
    folder = Path(path).parent
    return f"{back[folder] / Path(path).name}{sep}{rest}" if sep and folder in back else line


def main(argv: list[str]) -> int:
    back = build_tree()
    os.chdir(TREE)  # mypy looks for modules from where it runs: the tree, not the repository
    stdout, stderr, status = api.run(["--config-file", str(ROOT / "pyproject.toml"), *argv])
    print("\n".join(to_repository(line, back) for line in stdout.splitlines()))
    print(stderr, end="", file=sys.stderr)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
