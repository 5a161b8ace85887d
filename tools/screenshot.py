"""Take screenshots of the running app in Debian's Chromium (for the README and for looking).

.venv/bin/python tools/screenshot.py http://127.0.0.1:8050/ docs/screenshot.png [--click-node PRK [--highlight]]

The README's: the demo corpus ingested with the current extractor, served, and North Korea clicked:

    .venv/bin/actorgraph ingest examples/demo --store /tmp/demo
    .venv/bin/actorgraph serve --store /tmp/demo --read-only --port 8060 &
    .venv/bin/python tools/screenshot.py http://127.0.0.1:8060/ docs/screenshot.png --click-node PRK
"""

from __future__ import annotations

import argparse
import time

from playwright.sync_api import sync_playwright

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("url")
    parser.add_argument("output")
    parser.add_argument("--click-node", help="actor id to click before the shot (its details on the right)")
    parser.add_argument(
        "--highlight", action="store_true", help="keep the click's highlight (its neighbours lit, the rest dimmed)"
    )
    parser.add_argument("--wait", type=float, default=6.0, help="seconds for the layout to settle")
    options = parser.parse_args()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1600, "height": 950})
        page.goto(options.url)
        page.wait_for_selector("canvas", timeout=30_000)
        time.sleep(options.wait)
        if options.click_node:
            page.evaluate(
                """([id, highlight]) => { const cy = document.querySelector('#network')._cyreg.cy;
                    cy.getElementById(id).emit('tap');
                    if (!highlight) { cy.elements().removeClass('ag-lit ag-dim'); window.actorgraphNetwork.restyle(cy); } }""",
                [options.click_node, options.highlight],
            )
            time.sleep(2)
        page.screenshot(path=options.output)
        browser.close()


if __name__ == "__main__":
    main()
