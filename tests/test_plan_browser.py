"""The plan in the interactive map, in a real browser: clicking an action selects the people on its path."""

import pytest
from conftest import SAMPLES
from test_browser import Page, browser  # noqa: F401  (the module skips itself where Chromium is missing)

import powermap


@pytest.mark.parametrize("redact", [False, True], ids=["full", "redacted"])
def test_clicking_an_action_selects_its_path(browser, tmp_path, redact):  # noqa: F811
    pm = powermap.load(
        SAMPLES / "manufacturer.csv",
        links=SAMPLES / "manufacturer_links.csv",
        stage=4,
        technicality="high",
        as_of="2026-11-15",
    )
    page = Page(browser, pm.to_html(tmp_path / "map.html", plan=6, redact=redact))
    items = page.page.locator("#plan li")
    assert items.count() == 6
    texts = [items.nth(k).inner_text() for k in range(6)]
    k = next(k for k, text in enumerate(texts) if "Gary Lindholm" in text)
    items.nth(k).click()
    assert sorted(page.evaluate("powermap.network.getSelectedNodes()")) == ["M09", "M13"]
    items.nth(k).click()  # a second click clears it
    assert page.evaluate("powermap.network.getSelectedNodes()") == []
    assert ("Dana Ruiz" in texts[k]) is not redact
    assert not page.errors and not page.outside
