"""The static org chart: a layout without overlaps, every person drawn, Chinese names with real glyphs."""

import os
import re
import warnings

import matplotlib
import matplotlib.pyplot
import matplotlib.text

matplotlib.use("Agg")

import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from conftest import SAMPLES  # noqa: E402
from test_samples import ACCOUNTS  # noqa: E402
from typer.testing import CliRunner  # noqa: E402

import powermap  # noqa: E402
import powermap.policy  # noqa: E402
import powermap.render.chart  # noqa: E402
import powermap.sim.synth  # noqa: E402
from powermap.cli import app  # noqa: E402
from powermap.render.chart import cjk_font, org_chart  # noqa: E402


def needs_cjk_font(file: str = "chinese_utility.csv") -> None:
    """CI installs Debian's Noto CJK and must draw Chinese; elsewhere a machine without it skips, saying so."""
    if file == "chinese_utility.csv" and cjk_font() is None:
        if os.environ.get("CI"):
            pytest.fail("no CJK font installed: .ci/run installs Debian's fonts-noto-cjk")
        pytest.skip("no CJK font installed (apt-get install fonts-noto-cjk to draw Chinese names)")


def _people_drawn(figure):
    """People drawn: each card's name (its first line) is tagged ``name``, its card ``person:<id>``."""
    ax = figure.axes[0]
    names = [t for t in ax.texts if t.get_gid() == "name"]
    cards = [p for p in ax.patches if (p.get_gid() or "").startswith("person:")]
    assert len(names) == len(cards)
    return len(cards)


def _folded(figure):
    """People counted in the department boxes (each box's count line is tagged ``folded``)."""
    return sum(int(re.sub(r"\D", "", t.get_text())) for t in figure.axes[0].texts if t.get_gid() == "folded")


@pytest.mark.parametrize("file", sorted(ACCOUNTS))
def test_every_sample_draws_every_person_or_counts_them_in_a_box(file):
    needs_cjk_font(file)
    pm = powermap.load(SAMPLES / file, **ACCOUNTS[file])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing glyph or font is a failure, not a warning
        figure = org_chart(pm)
        figure.canvas.draw()
        everyone = org_chart(pm, focus="all")
    assert _people_drawn(figure) + _folded(figure) == len(pm)
    assert _people_drawn(everyone) == len(pm) and _folded(everyone) == 0


A4_LANDSCAPE = (297 / 25.4, 210 / 25.4)


def _on_a4(figure):
    """(aspect ratio, smallest name in pt) of ``figure`` printed to fit an A4 landscape page."""
    width, height = figure.get_size_inches()
    scale = min(A4_LANDSCAPE[0] / width, A4_LANDSCAPE[1] / height)
    names = [t.get_fontsize() for t in figure.axes[0].texts if t.get_gid() == "name"]
    return width / height, min(names) * scale


def _synthetic_300():
    contacts, links = powermap.sim.synth.organisation(300, seed=7)  # 6 levels, 9 departments under the CEO
    return powermap.from_frame(contacts, links, name="Synthetic 300")


def test_a_box_that_holds_someone_in_a_high_gap_says_so():
    """A 300-person account at stage 6: more people in high-severity gaps than the overview can draw with their
    managers; whoever is left out is counted, in red, on their department's box."""
    contacts, links = powermap.sim.synth.organisation(300, seed=11)
    pm = powermap.from_frame(contacts, links, name="Big", stage=6, technicality="high", as_of="2026-11-15")
    flagged = {p for g in pm.gaps().itertuples() if g.severity == "high" for p in g.contacts}
    figure = org_chart(pm, focus="key")
    drawn = {p.get_gid().removeprefix("person:") for p in figure.axes[0].patches if "person:" in (p.get_gid() or "")}
    told = [t.get_text() for t in figure.axes[0].texts if t.get_gid() == "folded-high"]
    assert flagged - drawn, "the case: someone in a high gap does not fit the overview"
    assert sum(int(re.sub(r"\D", "", text)) for text in told) == len(flagged - drawn)
    assert all(text.endswith("in a high gap") for text in told)


@pytest.mark.parametrize("file", [*sorted(ACCOUNTS), "synthetic-300"])
def test_the_chart_is_a_landscape_block_with_names_of_7pt_on_a4(file):
    if file != "synthetic-300":
        needs_cjk_font(file)
    pm = _synthetic_300() if file == "synthetic-300" else powermap.load(SAMPLES / file, **ACCOUNTS[file])
    figure = org_chart(pm)
    aspect, smallest = _on_a4(figure)
    assert 1 / 1.2 <= aspect <= 2.2, f"{file}: {aspect:.2f}:1 is a strip, not a page"
    assert smallest >= 7, f"{file}: a name prints at {smallest:.1f} pt on A4 landscape"


def test_a_300_person_chart_names_every_department_and_counts_the_rest():
    pm = _synthetic_300()
    figure = org_chart(pm)
    drawn, folded = _people_drawn(figure), _folded(figure)
    assert 10 < drawn < 300 and drawn + folded == 300
    # the decision maker and every vice president are on it: the chart keeps each department's head
    names = {t.get_text() for t in figure.axes[0].texts if t.get_gid() == "name"}
    heads = pm.contacts.loc[pm.contacts["reports_to"].isin(["p0", ""]), "name"]
    assert set(heads) <= names
    decision_makers = pm.contacts.loc[pm.contacts["roles"].map(lambda r: "decision_maker" in r), "name"]
    assert set(decision_makers) <= names
    boxes = {p.get_gid() for p in figure.axes[0].patches if (p.get_gid() or "").startswith("folded:")}
    assert {"folded:Engineering", "folded:Operations"} <= boxes
    subtitle = " ".join(t.get_text() for t in figure.texts)
    assert f"{drawn} of 300" in subtitle and "--focus all" in subtitle


def test_a_small_organisation_is_drawn_whole_without_boxes():
    pm = powermap.load(SAMPLES / "chinese_utility.csv", **ACCOUNTS["chinese_utility.csv"])
    small = powermap.from_frame(pm.contacts.head(12).assign(roles=pm.contacts["roles"].head(12).map(";".join)))
    figure = org_chart(small)
    assert _people_drawn(figure) == 12 and _folded(figure) == 0
    assert not [t for t in figure.texts if "--focus" in t.get_text()]  # nothing left out, nothing to explain


def test_focus_all_draws_everyone_on_a4_pages_one_department_at_a_time():
    pm = _synthetic_300()
    pages = powermap.render.chart.chart_pages(pm, focus="all")
    overview, departments = pages[0], pages[1:]
    assert _folded(overview) > 0 and len(departments) >= 9  # an overview, then a page (or more) per department
    seen = []
    for page in departments:
        width, height = page.get_size_inches()
        assert width <= A4_LANDSCAPE[0] + 1e-6 and height <= A4_LANDSCAPE[1] + 1e-6
        assert _on_a4(page)[1] >= 7
        seen += [p.get_gid().removeprefix("person:") for p in page.axes[0].patches if "person:" in (p.get_gid() or "")]
        heading = page.texts[0].get_text()
        assert heading.startswith("Synthetic 300: ")
    assert set(seen) == set(pm.contacts["id"])  # everyone
    managers = set(pm.contacts["reports_to"])
    assert {p for p in seen if seen.count(p) > 1} <= managers  # a team's manager heads its page again
    department_of = dict(zip(pm.contacts["id"], pm.contacts["department"]))
    boss = dict(zip(pm.contacts["id"], pm.contacts["reports_to"]))
    for page in departments:  # one department per page, or small ones side by side, each named in the heading
        ids = [p.get_gid().removeprefix("person:") for p in page.axes[0].patches if "person:" in (p.get_gid() or "")]
        named = page.texts[0].get_text().removeprefix("Synthetic 300: ").split(" · ")
        members = [i for i in ids if department_of[i] in named]
        assert {department_of[i] for i in members} == set(named), page.texts[0].get_text()
        # anyone else drawn is the manager one of them reports to, there for the reporting line
        assert {i for i in ids if i not in members} <= {boss[i] for i in members}, page.texts[0].get_text()
        if len(named) == 1:
            assert len({department_of[i] for i in ids}) == 1, page.texts[0].get_text()


def test_chart_command_writes_a_pdf_page_per_department(tmp_path):
    contacts, links = powermap.sim.synth.organisation(300, seed=7)
    contacts.to_csv(tmp_path / "org.csv", index=False)
    links.to_csv(tmp_path / "links.csv", index=False)
    out = tmp_path / "chart.pdf"
    args = ["chart", str(tmp_path / "org.csv"), "--links", str(tmp_path / "links.csv"), "-o", str(out)]
    assert CliRunner().invoke(app, [*args, "--focus", "all"]).exit_code == 0
    pages = len(re.findall(rb"/Type\s*/Page[^s]", out.read_bytes()))
    assert pages >= 10
    out.unlink()
    assert CliRunner().invoke(app, args).exit_code == 0
    assert len(re.findall(rb"/Type\s*/Page[^s]", out.read_bytes())) == 1


def test_chinese_names_use_a_cjk_font():
    needs_cjk_font()
    pm = powermap.load(SAMPLES / "chinese_utility.csv", **ACCOUNTS["chinese_utility.csv"])
    figure = org_chart(pm)
    names = [t for t in figure.axes[0].texts if "周国栋" in t.get_text()]
    assert names and cjk_font() in names[0].get_fontfamily()


def test_a_chinese_chart_finds_the_bold_face_and_says_nothing_about_fonts(monkeypatch, caplog):
    """On a machine whose matplotlib font list predates Debian's fonts-noto-cjk (the list is cached once, the fonts
    come later), both faces are registered: each bold name and title is drawn bold, and matplotlib prints no
    "findfont: Failed to find font weight bold" line on the user's terminal (it printed one per bold text)."""
    import logging
    from pathlib import Path

    from matplotlib import font_manager

    if not all(Path(p).exists() for p in powermap.render.chart.CJK_FILES[:2]):
        pytest.skip("Debian's fonts-noto-cjk is not installed here")
    manager = font_manager.fontManager
    monkeypatch.setattr(manager, "ttflist", [f for f in manager.ttflist if "CJK" not in f.name])
    manager._findfont_cached.cache_clear()
    family = cjk_font()
    assert family is not None
    assert {f.weight for f in manager.ttflist if f.name == family} >= {400, 700}
    pm = powermap.load(SAMPLES / "chinese_utility.csv", **ACCOUNTS["chinese_utility.csv"])
    with caplog.at_level(logging.WARNING, logger="matplotlib.font_manager"):
        org_chart(pm).canvas.draw()
    manager._findfont_cached.cache_clear()  # the font list is put back: nothing found with it may stay cached
    assert not [r.getMessage() for r in caplog.records if "findfont" in r.getMessage()]


def test_a_chinese_charts_heading_is_punctuated_as_chinese():
    needs_cjk_font()
    pm = powermap.load(SAMPLES / "chinese_utility.csv", **ACCOUNTS["chinese_utility.csv"])
    figure = org_chart(pm, lang="zh")
    heading = max(figure.texts, key=lambda t: t.get_fontsize()).get_text()
    cover = pm.coverage()
    grade = {"high": "高", "medium": "中", "low": "低"}[cover["risk"]]
    assert heading == f"{pm.account.name}：覆盖度 {cover['coverage']:.0f}/100，风险 {grade}"
    english = max(org_chart(pm).texts, key=lambda t: t.get_fontsize()).get_text()
    assert english == f"{pm.account.name}: coverage {cover['coverage']:.0f}/100, risk {cover['risk']}"


@pytest.mark.filterwarnings("ignore:Glyph .* missing from font")  # the boxes we warn about
def test_a_missing_cjk_font_is_named(monkeypatch):
    import powermap.render.chart as draw

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
    assert (
        CliRunner().invoke(app, ["chart", str(SAMPLES / "hospital.csv"), "-o", str(tmp_path / "x.gif")]).exit_code == 2
    )
    bad = write("bad.csv", "id,name,reports_to\na,Ann,zz\n")
    assert CliRunner().invoke(app, ["chart", str(bad), "-o", str(tmp_path / "x.png")]).exit_code == 1


def test_plot_returns_a_figure():
    pm = powermap.from_frame(pd.DataFrame({"id": ["a", "b"], "name": ["Ann", "Bo"], "reports_to": ["", "a"]}))
    assert pm.plot().axes


@pytest.fixture(autouse=True)
def close_figures():
    yield
    matplotlib.pyplot.close("all")


def _texts(figure):
    return [t for t in figure.findobj(matplotlib.text.Text) if t.get_text().strip() and t.get_visible()]


def test_titles_wrap_between_words_never_cut():
    pm = powermap.load(SAMPLES / "manufacturer.csv")
    figure = org_chart(pm)
    drawn = " ".join(t.get_text() for t in figure.axes[0].texts)
    assert "Executive Assistant to" in drawn and "the CEO" in drawn  # 30 characters: two lines, whole words
    words = set(" ".join(pm.contacts["title"]).split()) | set(" ".join(pm.contacts["name"]).split())
    for text in figure.axes[0].texts:
        for word in text.get_text().replace("…", "").split():
            assert word in words or len(word) <= 10, f"{word!r} is not a whole word of any title or name"


def test_svg_text_stays_text_and_the_setting_does_not_leak(tmp_path):
    before = matplotlib.rcParams["svg.fonttype"]
    result = CliRunner().invoke(app, ["chart", str(SAMPLES / "hospital.csv"), "-o", str(tmp_path / "c.svg")])
    assert result.exit_code == 0, result.output
    svg = (tmp_path / "c.svg").read_text(encoding="utf-8")
    assert "<text" in svg and "Margaret" in svg and "Ellery" in svg
    assert matplotlib.rcParams["svg.fonttype"] == before


def test_links_follow_the_way_influence_flows():
    pm = powermap.from_frame(
        pd.DataFrame({"id": ["a", "b"], "name": ["Ann", "Bo"], "reports_to": ["", "a"]}),
        pd.DataFrame({"source": ["a"], "target": ["b"], "kind": ["trusts"]}),
    )
    from matplotlib.patches import FancyArrowPatch

    figure = org_chart(pm)
    (arrow,) = [p for p in figure.axes[0].patches if isinstance(p, FancyArrowPatch)]
    (start, end) = arrow._posA_posB
    cards = {p.get_gid(): p for p in figure.axes[0].patches if (p.get_gid() or "").startswith("person:")}
    b_top = cards["person:b"].get_y()
    assert start[1] > b_top > end[1]  # "a trusts b": the arrow runs from b (below) up to a


def test_a_strict_policy_changes_the_chart():
    pm = powermap.load(SAMPLES / "hospital.csv", **ACCOUNTS["hospital.csv"])  # medium risk by default, no deal-killer
    strict = powermap.policy.Policy(risk_high_below=95, risk_medium_below=99)
    default_title = org_chart(pm).texts[0].get_text()
    strict_title = org_chart(pm, policy=strict).texts[0].get_text()
    assert "risk high" in strict_title and strict_title != default_title
    assert pm.plot(policy=strict).texts[0].get_text() == strict_title


def test_chinese_charts_have_no_english_ui_words():
    from powermap.render.coverage_charts import influence_support, role_grid

    needs_cjk_font()
    pm = powermap.load(SAMPLES / "chinese_utility.csv", **ACCOUNTS["chinese_utility.csv"])
    english = {
        "coverage",
        "risk",
        "champion",
        "supporter",
        "neutral",
        "skeptic",
        "blocker",
        "unknown",
        "engaged",
        "reports",
        "influences",
        "trusts",
        "allies",
        "rivals",
        "DM",
        "Coach",
        "Tech",
        "User",
        "Finance",
        "high",
        "medium",
        "low",
        "people",
        "severity",
        "gap",
        "missing",
        "influence",
        "support",
        "buying",
        "roles",
        "stance",
        "leverage",
        "keep",
    }
    for figure in (org_chart(pm, lang="zh"), role_grid(pm, lang="zh"), influence_support(pm, lang="zh")):
        for text in _texts(figure):
            for word in re.findall(r"[A-Za-z]+", text.get_text()):
                assert word not in english, f"English UI word {word!r} in {text.get_text()!r}"


def test_chart_command_takes_a_policy_and_a_focus(tmp_path):
    strict = tmp_path / "strict.toml"
    strict.write_text("risk_high_below = 95\nrisk_medium_below = 99\n", encoding="utf-8")
    out = tmp_path / "chart.svg"
    result = CliRunner().invoke(
        app, ["chart", str(SAMPLES / "hospital.csv"), "-o", str(out), "--policy", str(strict), "--focus", "key"]
    )
    assert result.exit_code == 0, result.output
    svg = out.read_text(encoding="utf-8")
    assert "risk high" in svg and "key people:" in svg
    assert (
        CliRunner().invoke(app, ["chart", str(SAMPLES / "hospital.csv"), "-o", str(out), "--focus", "some"]).exit_code
        == 2
    )


def test_the_chart_shows_the_person_the_risk_line_names_first():
    """The same order as the map's (one function): Hartwell's CFO, whom the risk line names, ranks before the
    CEO who decides; where the line names nobody (low risk, nothing serious) the decision maker leads."""
    from accounts import build, frame

    from powermap.render.chart import chart_priority

    pm = powermap.load(SAMPLES / "manufacturer.csv", **ACCOUNTS["manufacturer.csv"])
    priority = chart_priority(pm.deal, pm.analysis())
    assert pm.contacts["id"].iat[int(priority.argmin())] == "M05"
    assert "Catherine Brandt" in pm.analysis().coverage["why"].iat[0]
    calm = build(frame(cfo={"last_contact": "2026-04-17"}))
    assert calm.analysis().coverage["risk"].iat[0] == "low"
    priority = chart_priority(calm.deal, calm.analysis())
    assert calm.contacts["id"].iat[int(priority.argmin())] == "ceo" and priority.min() >= 0
