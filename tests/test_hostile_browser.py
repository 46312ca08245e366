"""Hostile names in a real browser (see ``test_browser.py``, whose page helper this uses): the map's text keeps a
right-to-left override inside its name, and clicking "Free" twice on a free-layout map raises no error."""

from test_browser import Page, browser, sample  # noqa: F401  (browser is a fixture)
from test_hostile_second import RLO, _hostile_names_map

from powermap.plan.actions import plan_actions
from powermap.render.map import write_html


def test_clicking_free_twice_on_a_free_layout_map_raises_no_error(browser, tmp_path):  # noqa: F811
    pm = sample("hospital.csv")
    page = Page(browser, write_html(pm, tmp_path / "map.html", layout="free"))
    for _ in range(2):
        page.page.click("#layout-free")
    page.page.click("#layout-tree")
    page.page.click("#layout-free")
    reports = page.evaluate("powermap.network.body.data.edges.get().filter(e => e.kind === 'reports').length")
    assert reports == int((pm.contacts["reports_to"].notna() & (pm.contacts["reports_to"] != "")).sum())
    assert page.errors == []


def test_the_browsers_gap_list_and_plan_isolate_a_right_to_left_name(browser, tmp_path):  # noqa: F811
    pm = _hostile_names_map()
    path = write_html(pm, tmp_path / "map.html", plan=plan_actions(pm, steps=5)["actions"])
    page = Page(browser, path)
    shown = page.evaluate("document.body.innerText")
    assert f"\u2068Cathy{RLO}Evil\u2069" in shown and "Cathy" in shown
    assert page.errors == []
