"""Benchmark of the network's zoom: what keeping labels legible costs the browser per zoom step.

``assets/network.js`` restyles the network at each zoom so labels keep their size on screen
and only the heaviest are drawn. It touches only the labelled elements (a few dozen) and
toggles a class on those whose turn comes or goes. The baseline, measured in the same run on
the same page, is what restyling every element would cost (a style bypass on each node and
edge: what a per-element approach pays at each zoom step).

Loads 2,000 actors and 20,000 relations (``bench/dashboard.py``'s synthetic graph) into an
embedded store in a temporary folder, serves the app, opens the default view (150 actors) and
``?max=all`` in Debian's Chromium, and times 20 zoom steps of each. Prints the median and the
slowest, in milliseconds.

    .venv/bin/python bench/label_restyle.py [--actors 2000] [--relations 20000]
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from actorgraph.dashboard.app import ServerThread, create_app
from actorgraph.dashboard.services import Dashboard
from actorgraph.graph import open_store
from dashboard import load, synthetic_graph  # the bench's own generator, beside this file

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
CY = "document.getElementById('network')._cyreg.cy"
STEPS = 20
DRAWN = "() => { const n = document.getElementById('network'); return n && n._cyreg && n._cyreg.cy.nodes().length > 100 }"

# ms of each zoom step: the project's restyle, then a bypass on every element (the baseline)
MEASURE = f"""() => {{
    const cy = {CY}; const ours = [], every = [];
    for (let i = 0; i < {STEPS}; i++) {{
        cy.zoom(cy.zoom() * (i % 2 ? 1.1 : 0.9));
        let start = performance.now(); window.actorgraphNetwork.restyle(cy); ours.push(performance.now() - start);
        start = performance.now();
        cy.batch(() => cy.elements().style({{'font-size': 13 / cy.zoom(), 'text-outline-width': 2.5 / cy.zoom()}}));
        every.push(performance.now() - start);
        cy.elements().removeStyle();
    }}
    const median = t => t.sort((a, b) => a - b)[t.length >> 1];
    return [cy.nodes().length, cy.edges().length, median(ours), Math.max(...ours), median(every), Math.max(...every)];
}}"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actors", type=int, default=2000)
    parser.add_argument("--relations", type=int, default=20_000)
    options = parser.parse_args()
    from playwright.sync_api import sync_playwright

    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # one line a request otherwise

    with tempfile.TemporaryDirectory() as folder:
        store = open_store(Path(folder) / "graph")
        load(store, synthetic_graph(options.actors, options.relations))
        server = ServerThread(create_app(Dashboard(store)), "127.0.0.1", 0)
        server.start()
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
                page = browser.new_page(viewport={"width": 1600, "height": 950})
                print("view          actors  edges  restyle median / max ms  every element median / max ms")
                for name, query in (("default", ""), ("max=all", "?max=all")):
                    page.goto(server.url + query)
                    page.wait_for_function(DRAWN, timeout=120_000)
                    page.wait_for_timeout(2000)
                    actors, edges, ours, ours_max, every, every_max = page.evaluate(MEASURE)
                    print(
                        f"{name:<12} {actors:>7} {edges:>6}  {ours:>10.1f} / {ours_max:<10.1f}   {every:>10.1f} / {every_max:.1f}"
                    )
                browser.close()
        finally:
            server.stop()
            store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
