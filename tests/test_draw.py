"""The static org chart: a layout without overlaps, every person drawn, Chinese names with real glyphs."""

import os
import warnings

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from typer.testing import CliRunner  # noqa: E402

import powermap  # noqa: E402
from conftest import SAMPLES  # noqa: E402
from powermap.cli import app  # noqa: E402
from powermap.draw import cjk_font, org_chart, tree_layout  # noqa: E402
from test_samples import ACCOUNTS  # noqa: E402


def needs_cjk_font(file: str = "chinese_utility.csv") -> None:
    """CI installs Debian's Noto CJK and must draw Chinese; elsewhere a machine without it skips, saying so."""
    if file == "chinese_utility.csv" and cjk_font() is None:
        if os.environ.get("CI"):
            pytest.fail("no CJK font installed: .ci/run installs Debian's fonts-noto-cjk")
        pytest.skip("no CJK font installed (apt-get install fonts-noto-cjk to draw Chinese names)")


def test_fifteen_people_on_one_level_never_overlap():
    parent = np.array([-1] + [0] * 15 + [1, 1, 2, 15, 15, 15])
    x, depth = tree_layout(parent)
    for level in np.unique(depth):
        xs = np.sort(x[depth == level])
        assert np.all(np.diff(xs) >= 1.0)  # one slot apart at least
    assert x[0] == pytest.approx((x[1] + x[15]) / 2)  # the manager sits over the middle of the team


def _people_drawn(figure):
    ax = figure.axes[0]
    fills = [c for c in ax.collections if len(c.get_offsets()) and len(c.get_facecolors())
             and c.get_facecolors()[0][3] > 0]
    return max(len(c.get_offsets()) for c in fills)


@pytest.mark.parametrize("file", sorted(ACCOUNTS))
def test_every_sample_draws_every_person(file):
    needs_cjk_font(file)
    pm = powermap.load(SAMPLES / file, **ACCOUNTS[file])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing glyph or font is a failure, not a warning
        figure = org_chart(pm)
        figure.canvas.draw()
    assert _people_drawn(figure) == len(pm)


def test_chinese_names_use_a_cjk_font():
    needs_cjk_font()
    pm = powermap.load(SAMPLES / "chinese_utility.csv", **ACCOUNTS["chinese_utility.csv"])
    figure = org_chart(pm)
    names = [t for t in figure.axes[0].texts if "周国栋" in t.get_text()]
    assert names and cjk_font() in names[0].get_fontfamily()


@pytest.mark.filterwarnings("ignore:Glyph .* missing from font")  # the boxes we warn about
def test_a_missing_cjk_font_is_named(monkeypatch):
    import powermap.draw as draw

    monkeypatch.setattr(draw, "cjk_font", lambda: None)
    pm = powermap.load(SAMPLES / "chinese_utility.csv", **ACCOUNTS["chinese_utility.csv"])
    with pytest.warns(draw.MissingFontWarning, match="fonts-noto-cjk"):
        org_chart(pm)


@pytest.mark.parametrize("suffix, magic", [(".png", b"\x89PNG"), (".svg", b"<?xml"), (".pdf", b"%PDF")])
def test_chart_command_writes_each_format(tmp_path, suffix, magic):
    out = tmp_path / f"chart{suffix}"
    result = CliRunner().invoke(app, ["chart", str(SAMPLES / "hospital.csv"), "-o", str(out), "--stage", "5"])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(magic)


def test_chart_command_usage_and_bad_input(tmp_path, write):
    assert CliRunner().invoke(app, ["chart", str(SAMPLES / "hospital.csv"), "-o", str(tmp_path / "x.gif")]).exit_code == 2
    bad = write("bad.csv", "id,name,reports_to\na,Ann,zz\n")
    assert CliRunner().invoke(app, ["chart", str(bad), "-o", str(tmp_path / "x.png")]).exit_code == 1


def test_plot_returns_a_figure():
    pm = powermap.from_frame(pd.DataFrame({"id": ["a", "b"], "name": ["Ann", "Bo"], "reports_to": ["", "a"]}))
    assert pm.plot().axes
