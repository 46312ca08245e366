"""Benchmark of the interactive map: writing the HTML of a 5,000-person map, and opening it in Chromium.

Baselines run in the same process:

- writing: powermap's whole HTML export (data, escaping, template, the inlined
  vis-network) against ``json.dumps`` of the same people's contact table alone,
  the least any export must do. The analysis the map shows is computed first
  and not counted (it is cached on the map, as in a notebook).
- opening: the map in headless Chromium until vis-network has drawn it, against
  a blank page with the same vis-network script (what the library costs on its own).
- for scale: a 50,000-person map, which opens with its departments folded.

- interactions at 5,000 people (the layout button, a stance filter, unfolding a
  department of the folded view), each until the next painted frame, against
  one plain redraw of the same map (``network.redraw()``).
- physics: how long the free layout takes to settle at growing sizes; the map
  offers it up to ``powermap.render.map.FREE_LAYOUT_MAX`` people.

Targets: 5,000 people written in at most 1 s, open in at most 5 s, and no
interaction busy for more than 1 s.
Run: ``.venv/bin/python benchmarks/map_html.py`` (needs Debian's chromium and the
playwright package). Prints a Markdown table for docs/benchmarks.md.
"""

from __future__ import annotations

import datetime as dt
import json
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import powermap  # noqa: E402
from powermap.render.map import _vis_network_js, power_map_html  # noqa: E402
from powermap.sim import synth  # noqa: E402


def median_time(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def build(n: int) -> powermap.PowerMap:
    contacts, links = synth.organisation(n, seed=7)
    pm = powermap.from_frame(contacts, links, name=f"Synthetic {n:,}", stage=4, as_of="2026-11-15")
    pm.analysis()
    return pm


def open_time(browser, path: Path, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        start = time.perf_counter()
        page.goto(path.as_uri())
        page.wait_for_selector("body[data-ready=true]", timeout=120_000)
        times.append(time.perf_counter() - start)
        page.close()
    return statistics.median(times)


INTERACT = (
    "async script => { const t = performance.now(); (new Function(script))();"
    "await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));"
    "return (performance.now() - t) / 1000; }"
)
ACTIONS = {
    "layout button (org chart)": "document.getElementById('layout-tree').click()",
    "stance filter": "const b = document.querySelector(\"#filter-stances input[value='-2']\"); b.checked = !b.checked;"
    "b.dispatchEvent(new Event('change'))",
    "baseline: one redraw": "powermap.network.redraw()",
}


def interaction_times(browser, path: Path, repeat: int = 3) -> dict[str, float]:
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-ready=true]", timeout=120_000)
    out = {
        name: statistics.median(page.evaluate(INTERACT, script) for _ in range(repeat))
        for name, script in ACTIONS.items()
    }
    page.close()
    return out


def unfold_time(browser, path: Path) -> float:
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-ready=true]", timeout=120_000)
    first = page.evaluate("powermap.nodes.getIds()[0]")
    elapsed = page.evaluate(INTERACT, f"powermap.network.body.emitter.emit('click', {{nodes: [{first!r}], edges: []}})")
    print("unfolded", elapsed, file=sys.stderr, flush=True)
    page.close()
    return elapsed


def settle_time(browser, path: Path) -> float:
    """Seconds from pressing the free-layout button until physics has settled or used its 200 iterations."""
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-ready=true]", timeout=120_000)
    elapsed = page.evaluate(
        "() => new Promise(done => { const t = performance.now();"
        "const end = () => done((performance.now() - t) / 1000);"
        "powermap.network.once('stabilized', end);"
        "powermap.network.once('stabilizationIterationsDone', end);"
        "const b = document.getElementById('layout-free'); b.disabled = false; b.click(); })"
    )
    page.close()
    return elapsed


def interactions() -> None:
    """The interaction and physics tables (run with ``--interactions``)."""
    from playwright.sync_api import sync_playwright

    folder = Path(tempfile.mkdtemp(prefix="powermap-bench-"))
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-background-networking"]
        )
        pm = build(5000)
        path = folder / "map5000.html"
        path.write_text(power_map_html(pm), encoding="utf-8")
        times = interaction_times(browser, path)
        print("interactions", times, file=sys.stderr, flush=True)
        folded = folder / "folded5000.html"
        folded.write_text(power_map_html(pm, fold_above=1000), encoding="utf-8")
        times["unfold a department (folded view)"] = unfold_time(browser, folded)
        settle = {}
        for n in (300, 1000, 2000):  # 2,000: past the limit, to show why
            small = folder / f"free{n}.html"
            small.write_text(power_map_html(build(n)), encoding="utf-8")
            settle[n] = settle_time(browser, small)
            print("settled", n, settle[n], file=sys.stderr, flush=True)
        browser.close()
    base = times.pop("baseline: one redraw")
    print("| interaction at 5,000 people | time | x one redraw |")
    print("|---|---|---|")
    for name, seconds in times.items():
        print(f"| {name} | {seconds:.2f} s | {seconds / base:.1f}x |")
    print(f"| baseline: one redraw | {base:.2f} s | 1.0x |")
    print()
    print("| people | free layout settles in |")
    print("|---|---|")
    for n, seconds in settle.items():
        print(f"| {n:,} | {seconds:.1f} s |")


def main() -> None:
    from playwright.sync_api import sync_playwright

    rows = []
    folder = Path(tempfile.mkdtemp(prefix="powermap-bench-"))
    blank = folder / "blank.html"
    blank.write_text(
        "<!DOCTYPE html><html><body><div id='map' style='height:800px'></div><script>"
        + _vis_network_js()
        + "</script><script>new vis.Network(document.getElementById('map'), "
        "{nodes: new vis.DataSet([]), edges: new vis.DataSet([])}, {});"
        "document.body.setAttribute('data-ready', 'true')</script></body></html>",
        encoding="utf-8",
    )
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-background-networking"]
        )
        blank_open = open_time(browser, blank)
        for n in (5_000, 50_000):
            pm = build(n)
            contacts = pm.contacts
            baseline = median_time(lambda contacts=contacts: json.dumps(contacts.astype(str).to_dict("records")), 3)
            write = median_time(lambda pm=pm: power_map_html(pm), 3)
            path = folder / f"map{n}.html"
            path.write_text(power_map_html(pm), encoding="utf-8")
            opened = open_time(browser, path)
            rows.append((n, write, baseline, opened, blank_open, path.stat().st_size / 2**20))
        browser.close()
    print(
        f"Measured {dt.date.today().isoformat()} on {platform.machine()} Linux, Python "
        f"{platform.python_version()}, {platform.processor() or 'cpu'}; Chromium headless.\n"
    )
    print(
        "| people | write HTML | baseline: json.dumps of the contacts | open in Chromium | baseline: blank vis-network page | file |"
    )
    print("|---|---|---|---|---|---|")
    for n, write, baseline, opened, blank_open, size in rows:
        fold = " (departments folded)" if n > 5000 else ""
        print(
            f"| {n:,}{fold} | {write:.2f} s ({write / baseline:.1f}x) | {baseline:.2f} s | {opened:.2f} s | "
            f"{blank_open:.2f} s | {size:.1f} MiB |"
        )


if __name__ == "__main__":
    interactions() if "--interactions" in sys.argv else main()
