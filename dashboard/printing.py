"""HTML to PDF with the Chrome or Chromium that image export already uses (kaleido's finder:
``BROWSER_PATH``, else ``chromium``, ``google-chrome`` and the like on the PATH).

The page is printed by the browser itself (``--print-to-pdf``), so the PDF's title is the
page's ``<title>`` and its paper the page's ``@page`` rule. The page is a file in a private
temporary folder, opened by a browser with its own empty profile.

>>> pdf = html_to_pdf("<!doctype html><title>A test</title><p>Hello</p>")  # doctest: +SKIP
>>> pdf.startswith(b"%PDF")  # doctest: +SKIP
True
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

__all__ = ["PRINT_TIMEOUT_S", "PrintError", "find_browser", "html_to_pdf"]

PRINT_TIMEOUT_S = 120.0
_FLAGS = (
    "--headless", "--disable-gpu", "--no-sandbox", "--no-first-run", "--disable-extensions", "--disable-sync",
    "--disable-background-networking", "--disable-component-update", "--no-pdf-header-footer",
)  # fmt: skip


class PrintError(RuntimeError):
    """No browser to print with, or the browser failed; the message says which in one line."""


def find_browser() -> str:
    """The browser kaleido would use; :class:`PrintError` when there is none."""
    from choreographer.browsers.chromium import Chromium

    path = Chromium.find_browser(skip_local=True)
    if not path:
        raise PrintError("PDF needs Chrome or Chromium (Debian: apt-get install chromium) on the PATH or named by BROWSER_PATH")
    return path


def html_to_pdf(page: str, timeout_s: float = PRINT_TIMEOUT_S) -> bytes:
    """The PDF a headless browser prints of ``page`` (a whole HTML document)."""
    browser = find_browser()
    with tempfile.TemporaryDirectory(prefix="actorgraph-print-") as folder:
        source, target = Path(folder) / "page.html", Path(folder) / "page.pdf"
        source.write_text(page, encoding="utf-8")
        command = [browser, *_FLAGS, f"--user-data-dir={Path(folder) / 'profile'}", f"--print-to-pdf={target}", source.as_uri()]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=timeout_s, check=False)
        except subprocess.TimeoutExpired:
            raise PrintError(f"the browser did not print the PDF within {timeout_s:g} s") from None
        except OSError as exc:
            raise PrintError(f"could not start {browser}: {exc.strerror or exc}") from None
        if not target.is_file() or target.stat().st_size == 0:
            last = next((line for line in reversed(done.stderr.splitlines()) if line.strip()), f"exit status {done.returncode}")
            raise PrintError(f"the browser could not print the PDF ({last.strip()[:200]})")
        return target.read_bytes()
