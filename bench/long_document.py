"""What one long document costs to extract: a synthetic single-paragraph text (no blank line,
as a scraped page can be) through ``actorgraph extract --jsonl``, in a child process whose wall
time, CPU time and peak resident memory are reported.

    .venv/bin/python bench/long_document.py [--chars 1900000] [--seed 3]

The sentences are made up here from a few actors, verbs and endings.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ACTORGRAPH = Path(sys.executable).with_name("actorgraph")
ACTORS = ["Russia", "Ukraine", "the United States", "China", "NATO", "the European Union", "Iran", "Israel", "Turkey", "Germany",
          "France", "Japan", "North Korea", "South Korea", "India", "Pakistan", "the United Nations", "Poland"]  # fmt: skip
VERBS = ["warned", "accused", "criticised", "supported", "threatened", "attacked", "met", "sanctioned", "urged", "praised"]
ENDINGS = ["over the border dispute", "about the new missile tests", "after talks in Geneva on Monday",
           "during a summit last week", "in a statement on Tuesday", "as fighting continued near the coast",
           "amid rising tension in the region", "over its support for the rebels"]  # fmt: skip


def long_paragraph(chars: int, seed: int = 3) -> str:
    """``chars`` characters of made-up news sentences in one paragraph.

    >>> text = long_paragraph(500)
    >>> len(text), "\\n" in text
    (500, False)
    """
    rng = random.Random(seed)
    parts, length = [], 0
    while length < chars:
        sentence = f"{rng.choice(ACTORS)} {rng.choice(VERBS)} {rng.choice(ACTORS)} {rng.choice(ENDINGS)}."
        if rng.random() < 0.3:
            sentence = f"Officials said that {sentence[0].lower() + sentence[1:]}"
        parts.append(sentence)
        length += len(sentence) + 1
    return " ".join(parts)[:chars]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chars", type=int, default=1_900_000)
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "long.txt"
        path.write_text(long_paragraph(args.chars, args.seed), encoding="utf-8")
        env = {k: v for k, v in os.environ.items() if not k.startswith("ACTORGRAPH_")}
        started = time.monotonic()
        result = subprocess.run([str(ACTORGRAPH), "extract", str(path), "--jsonl"], capture_output=True, text=True, env=env)
        wall = time.monotonic() - started
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    relations = result.stdout.count("\n")
    cpu, peak = usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024
    print(
        f"{args.chars:,} characters in one paragraph: exit {result.returncode}, {relations:,} relations, wall {wall:.1f} s, "
        f"CPU {cpu:.1f} s, peak RSS {peak:.0f} MB, load {os.getloadavg()[0]:.1f}"
    )
    return result.returncode


if __name__ == "__main__":
    raise SystemExit(main())
