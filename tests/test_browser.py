"""The HTML outputs in a real browser: Debian's Chromium driven by Playwright, with the network blocked.

Every node is rendered and hovered, no console error appears, and script
payloads in names, titles and notes never run. CI installs ``chromium``;
elsewhere these tests skip when it is missing. (Never ``playwright install``:
it downloads browsers.)
"""

import os
import shutil
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import pytest  # noqa: E402

import powermap  # noqa: E402
from conftest import SAMPLES  # noqa: E402
from hostile import PAYLOADS, hostile_map  # noqa: E402
from powermap.html import write_html  # noqa: E402
from test_samples import ACCOUNTS  # noqa: E402

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
playwright_api = pytest.importorskip("playwright.sync_api") if not os.environ.get("CI") else __import__(
    "playwright.sync_api", fromlist=["sync_playwright"])
if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        raise RuntimeError("CI needs Debian's chromium (.ci/run installs it)")
    pytest.skip("Debian's chromium is not installed (apt-get install chromium)", allow_module_level=True)


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM,
                                    args=["--no-sandbox", "--disable-background-networking"])
        yield browser
        browser.close()


class Page:
    """One loaded page, the requests it tried to make, and what its console said."""

    def __init__(self, browser, path: Path):
        self.page = browser.new_page(viewport={"width": 1400, "height": 900})
        self.outside, self.errors = [], []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

        def block(route):
            if route.request.url.startswith("file:") or route.request.url.startswith("data:"):
                route.continue_()
            else:
                self.outside.append(route.request.url)
                route.abort()

        self.page.route("**/*", block)
        self.page.goto(path.as_uri())
        self.page.wait_for_selector("body[data-ready=true]", timeout=15000)

    def evaluate(self, script: str):
        return self.page.evaluate(script)

    def hover(self, node_id: str) -> str:
        """Move the mouse onto a node and return the tooltip's text."""
        self.evaluate(f"powermap.network.focus({node_id!r}, {{scale: 1.0, animation: false}})")
        x, y = self.evaluate(
            f"(() => {{ const p = powermap.network.getPositions([{node_id!r}])[{node_id!r}];"
            "const d = powermap.network.canvasToDOM(p); const r = document.getElementById('map').getBoundingClientRect();"
            "return [d.x + r.left, d.y + r.top]; })()")
        self.page.mouse.move(10, 10)
        self.page.mouse.move(x, y)
        self.page.wait_for_function("() => { const t = document.querySelector('.vis-tooltip');"
                                    "return t && t.style.visibility !== 'hidden' && t.innerText.length > 0; }",
                                    timeout=5000)
        return self.evaluate("document.querySelector('.vis-tooltip').innerText")


def sample(file: str) -> powermap.PowerMap:
    return powermap.load(SAMPLES / file, **ACCOUNTS[file])


@pytest.mark.parametrize("redact", [False, True], ids=["full", "redacted"])
@pytest.mark.parametrize("file", sorted(ACCOUNTS))
def test_every_node_renders_and_hovers_without_errors(browser, tmp_path, file, redact):
    pm = sample(file)
    path = write_html(pm, tmp_path / "map.html", redact=redact)
    page = Page(browser, path)
    assert page.evaluate("powermap.nodes.get({filter: n => !n.hidden}).length") == len(pm)
    assert page.evaluate("Object.keys(powermap.network.getPositions()).length") == len(pm)
    for person, name in zip(pm.contacts["id"], pm.contacts["name"]):
        tooltip = page.hover(person)
        assert tooltip.splitlines()[0] == name
        assert ("Owner:" in tooltip) == (not redact and bool(pm.contacts.set_index("id").at[person, "owner"]))
    assert page.errors == []
    assert page.outside == []


def test_script_payloads_never_run(browser, tmp_path):
    pm = hostile_map()
    page = Page(browser, write_html(pm, tmp_path / "hostile.html"))
    for person in pm.contacts["id"]:
        page.hover(person)
    page.evaluate("document.querySelectorAll('#gaps li').forEach(li => li.click())")
    page.page.fill("#search", "script")
    page.page.press("#search", "Enter")
    page.evaluate("powermap.network.selectNodes(['eng']); powermap.network.body.emitter.emit('click', "
                  "{nodes: ['eng'], edges: []})")
    assert page.evaluate("window.__pwned === undefined")
    tooltip = page.hover("eng")
    assert PAYLOADS["name"] in tooltip and PAYLOADS["title"] in tooltip  # shown as text, whole
    assert page.evaluate("document.querySelector('h1').textContent") == PAYLOADS["account"]
    assert page.evaluate("document.getElementById('details').textContent").count("window.__pwned") >= 2
    assert page.errors == [] and page.outside == []


def test_filters_and_search_work(browser, tmp_path):
    pm = sample("manufacturer.csv")
    page = Page(browser, write_html(pm, tmp_path / "map.html"))
    blockers = int((pm.contacts["stance"] == -2).sum())
    page.page.uncheck("#filter-stances input[value='-2']")
    assert page.evaluate("powermap.nodes.get({filter: n => n.hidden}).length") == blockers
    page.page.select_option("#filter-department", "Finance")
    in_finance = int(((pm.contacts["department"] == "Finance") & (pm.contacts["stance"].fillna(0) != -2)).sum())
    assert page.evaluate("powermap.nodes.get({filter: n => !n.hidden}).length") == in_finance
    page.page.fill("#search", "lindholm")
    page.page.press("#search", "Enter")
    assert page.evaluate("powermap.network.getSelectedNodes()") == ["M13"]
    assert page.page.text_content("#search-result") == "1 person matches"


def test_folded_departments_open_on_click(browser, tmp_path):
    pm = sample("hospital.csv")
    page = Page(browser, write_html(pm, tmp_path / "map.html", fold_above=10))
    departments = pm.contacts["department"].replace("", "(no department)").nunique()
    assert page.evaluate("powermap.nodes.length") == departments
    first = pm.contacts["department"].iloc[0]
    members = int((pm.contacts["department"] == first).sum())
    folded_id = page.evaluate("powermap.data.fold_prefix") + first
    page.page.evaluate("id => powermap.network.body.emitter.emit('click', {nodes: [id], edges: []})", folded_id)
    assert page.evaluate("powermap.nodes.length") == departments - 1 + members
    page.page.fill("#search", pm.contacts["name"].iloc[-1])
    page.page.press("#search", "Enter")
    assert pm.contacts["id"].iloc[-1] in page.evaluate("powermap.network.getSelectedNodes()")
    assert page.errors == []


def test_report_opens_with_its_map(browser, tmp_path):
    pm = sample("chinese_utility.csv")
    path = tmp_path / "report.html"
    pm.report(path, lang="zh")
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.as_uri())
    page.locator("iframe").scroll_into_view_if_needed()
    frame = page.frames[1]
    frame.wait_for_selector("body[data-ready=true]", timeout=15000)
    assert frame.evaluate("powermap.nodes.length") == len(pm)
    assert page.evaluate("Array.from(document.images).every(i => i.complete && i.naturalWidth > 0)")
    assert errors == []


def test_free_layout_opens_with_physics(browser, tmp_path):
    pm = sample("hospital.csv")
    page = Page(browser, write_html(pm, tmp_path / "map.html", layout="free"))
    assert page.evaluate("document.getElementById('layout-free').classList.contains('on')")
    page.page.click("#layout-tree")
    first = pm.contacts["id"].iloc[0]
    position = page.evaluate(f"powermap.network.getPositions([{first!r}])[{first!r}]")
    node = page.evaluate(f"powermap.data.nodes.find(n => n.id === {first!r})")
    assert (position["x"], position["y"]) == (node["x"], node["y"])  # back on the org chart
    assert page.errors == []


def test_free_layout_survives_a_refresh(browser, tmp_path):
    pm = sample("hospital.csv")
    page = Page(browser, write_html(pm, tmp_path / "map.html", layout="free"))
    page.evaluate("powermap.network.stopSimulation(); powermap.network.setOptions({physics: {enabled: false}})")
    first = pm.contacts["id"].iloc[3]
    before = page.evaluate(f"powermap.network.getPositions([{first!r}])[{first!r}]")
    page.page.uncheck("#ring-gaps")  # rebuilds the nodes
    after = page.evaluate(f"powermap.network.getPositions([{first!r}])[{first!r}]")
    assert after == before
