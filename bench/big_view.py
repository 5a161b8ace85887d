"""How long the big views take to paint in Chromium: server time plus the browser's.

Writes 2,000 actors and 20,000 relations (the generator of ``bench/dashboard.py``) into a
temporary embedded store, serves the app in this process on 127.0.0.1, and opens each view in
Debian's Chromium (Playwright): the time from navigation until every actor is on the canvas
and its layout has run, for the default view (the 150-actor cap) and for every actor
(``?max=all``); then the frame time while panning and zooming the big view. Each view is
opened ``--repeat`` times; the first opening of the first view also builds the index and
the map of the store, and is printed apart.

    .venv/bin/python bench/big_view.py [--actors 2000] [--relations 20000] [--repeat 5]

Targets: the default view under 3 s, every actor under 5 s; panning stays above 30 frames a second
(measured twice: the canvas moved by script at every frame, and by the mouse, as an analyst moves it).
A screenshot of each view is written to ``--shots`` (default test-artifacts/big-view/).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from load import _bench_dashboard

from actorgraph.dashboard.app import ServerThread, create_app
from actorgraph.dashboard.services import Dashboard
from actorgraph.graph import open_store

CHROMIUM = "/usr/bin/chromium"
CY = "document.getElementById('network')._cyreg.cy"
CY_OR_NULL = "(document.getElementById('network') && document.getElementById('network')._cyreg || {}).cy"
VIEWS = {"default view (150 actors)": "", "every actor (?max=all)": "?max=all"}


def paint_seconds(page: Any, url: str, expected: int) -> float:
    """Seconds from navigation until ``expected`` actors are drawn and a frame has been painted."""
    started = time.perf_counter()
    page.goto(url)
    page.wait_for_function(
        f"(n) => {{ const cy = {CY_OR_NULL}; return cy && cy.nodes().length === n }}", arg=expected, timeout=120_000
    )
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    return time.perf_counter() - started


def frame_rate(page: Any) -> float:
    """Frames a second while the view is panned and zoomed for two seconds."""
    return float(
        page.evaluate(
            f"""() => new Promise(done => {{
                const cy = {CY}; let frames = 0; const start = performance.now();
                function step(now) {{
                    frames += 1; cy.panBy({{x: 3, y: 2}}); cy.zoom(cy.zoom() * (frames % 40 < 20 ? 1.01 : 0.99));
                    if (now - start < 2000) requestAnimationFrame(step); else done(frames * 1000 / (now - start));
                }}
                requestAnimationFrame(step);
            }})"""
        )
    )


def gesture_frame_rate(page: Any) -> tuple[float, float]:
    """Frames a second while the mouse pans the fitted view (a drag of 60 moves over the canvas's
    background) and zooms it (30 wheel steps in, then out), and the seconds the gesture took: a
    busy page answers each mouse event late, so a slow canvas also stretches the gesture."""
    page.evaluate(f"() => window.actorgraphNetwork.fit({CY}, false)")
    page.wait_for_timeout(400)
    box = page.locator("#network").bounding_box()
    x, y = box["x"] + 8, box["y"] + 8  # the canvas's corner: background, so a drag pans
    page.evaluate("""() => { window._agFrames = 0; window._agCounting = true;
        (function step() { if (window._agCounting) { window._agFrames += 1; requestAnimationFrame(step); } })(); }""")
    started = time.perf_counter()
    page.mouse.move(x, y)
    page.mouse.down()
    for i in range(60):
        page.mouse.move(x + 5 * i, y + 3 * i)
    page.mouse.up()
    for i in range(30):
        page.mouse.wheel(0, -40 if i < 15 else 40)
    seconds = time.perf_counter() - started
    frames = page.evaluate("() => { window._agCounting = false; return window._agFrames; }")
    return frames / seconds, seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actors", type=int, default=2000)
    parser.add_argument("--relations", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--shots", type=Path, default=Path("test-artifacts/big-view"))
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    args.shots.mkdir(parents=True, exist_ok=True)
    bench = _bench_dashboard()
    graph = bench.synthetic_graph(args.actors, args.relations)
    with tempfile.TemporaryDirectory() as folder, open_store(Path(folder) / "graph") as store:
        bench.load(store, graph)
        dashboard = Dashboard(store)
        server = ServerThread(create_app(dashboard), "127.0.0.1", 0)
        server.start()
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox"])
                page = browser.new_page(viewport={"width": 1600, "height": 1000})
                total = len({r.source_id for r in graph.relations} | {r.target_id for r in graph.relations})
                first = True
                for label, query in VIEWS.items():
                    expected = min(150, total) if not query else total
                    times = [paint_seconds(page, server.url + query, expected) for _ in range(args.repeat)]
                    if first:
                        print(f"first opening (builds the index and the map of the store): {times[0]:.2f} s", flush=True)
                        times, first = times[1:] or times, False
                    page.screenshot(path=str(args.shots / f"{query.strip('?').replace('=', '-') or 'default'}.png"))
                    print(
                        f"{label:<28} median {statistics.median(times):5.2f} s  max {max(times):5.2f} s  (n={len(times)})",
                        flush=True,
                    )
                print(
                    f"panning and zooming every actor (cy.panBy / cy.zoom each frame): {frame_rate(page):.0f} frames/s",
                    flush=True,
                )
                for _ in range(2):
                    rate, seconds = gesture_frame_rate(page)
                    print(
                        f"panning and zooming every actor with the mouse (90 events): {rate:.0f} frames/s, {seconds:.1f} s",
                        flush=True,
                    )
                browser.close()
        finally:
            server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
