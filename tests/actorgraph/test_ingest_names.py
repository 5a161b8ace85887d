"""File names are printed escaped: a name with a newline cannot forge a report line, and escape
sequences or right-to-left overrides in a name never reach the terminal (real files so named)."""

from __future__ import annotations

import fcntl
import os
import pty
import struct
import subprocess
import termios
import threading
from pathlib import Path

import pytest
from test_cli import ACTORGRAPH, run

FORGED = "report\nactorgraph: skipped forged.txt: all fine.txt"
NAMES = {
    FORGED: "report\\nactorgraph: skipped forged.txt: all fine.txt: empty",
    "\x1b[2J\x1b[31mred.txt": "\\x1b[2J\\x1b[31mred.txt: empty",
    "invoice\u202etxt.exe.txt": "invoice\\u202etxt.exe.txt: empty",
}
NOT_UTF8 = b"caf\xe9.txt"


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    """A folder of empty files (each one is skipped, so its name is printed) and one article."""
    folder = tmp_path / "inbox"
    folder.mkdir()
    for name in NAMES:
        (folder / name).write_bytes(b"")
    os.close(os.open(os.fsencode(folder) + b"/" + NOT_UTF8, os.O_CREAT | os.O_WRONLY, 0o644))
    (folder / "ok.txt").write_text("Russia attacked Ukraine.", encoding="utf-8")
    return folder


def skipped_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if "skipped" in line]


def test_ingest_prints_each_name_escaped_on_one_line(hostile: Path, tmp_path: Path) -> None:
    result = run("ingest", str(hostile), "--store", str(tmp_path / "store"))
    assert result.returncode == 3 and "Traceback" not in result.stderr
    lines = skipped_lines(result.stderr)
    assert sorted(lines) == sorted(
        ["actorgraph: skipped caf\\xe9.txt: empty", *(f"actorgraph: skipped {e}" for e in NAMES.values())]
    )
    assert "\x1b" not in result.stderr and "\u202e" not in result.stderr
    assert "1 ingested" in result.stderr


def test_extract_prints_names_escaped_too(hostile: Path) -> None:
    result = run("extract", str(hostile))
    assert result.returncode == 3 and "Traceback" not in result.stderr
    assert len(skipped_lines(result.stderr)) == 4 and "\x1b" not in result.stderr
    assert result.stdout.startswith("ok.txt  Russia (RUS) —ATTACKS→ Ukraine (UKR)")


def test_names_above_the_progress_bar_reach_a_terminal_escaped(hostile: Path, tmp_path: Path) -> None:
    """On a terminal the failures are printed above rich's progress bar: escaped there as well."""
    controller, terminal = pty.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 250, 0, 0))  # wide: no line is wrapped
    env = {k: v for k, v in os.environ.items() if not k.startswith("ACTORGRAPH_")} | {"TERM": "xterm"}
    process = subprocess.Popen(
        [ACTORGRAPH, "ingest", str(hostile), "--store", str(tmp_path / "store")],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=terminal,
        env=env,
    )
    os.close(terminal)
    chunks: list[bytes] = []

    def read() -> None:
        while True:
            try:
                chunk = os.read(controller, 65536)
            except OSError:  # the terminal closed with the process
                return
            if not chunk:
                return
            chunks.append(chunk)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    assert process.wait(timeout=300) == 3
    reader.join(timeout=10)
    os.close(controller)
    screen = b"".join(chunks).decode("utf-8", "replace")
    assert "\x1b[2J" not in screen and "\x1b[31m" not in screen and "\u202e" not in screen
    assert "\n\ractorgraph: skipped forged.txt" not in screen and "\nactorgraph: skipped forged.txt" not in screen
    for escaped in NAMES.values():
        assert f"skipped {escaped}" in screen
