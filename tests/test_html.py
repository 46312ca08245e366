"""The interactive map, the report and the notebook views as files: offline, escaped, redacted, complete."""

import base64
import html as html_lib
import json
import re

import matplotlib
import pandas as pd

matplotlib.use("Agg")

import pytest  # noqa: E402
from conftest import SAMPLES  # noqa: E402
from hostile import PAYLOADS, hostile_map  # noqa: E402
from test_samples import ACCOUNTS  # noqa: E402
from typer.testing import CliRunner  # noqa: E402

import powermap  # noqa: E402
import powermap.analysis.run  # noqa: E402
import powermap.policy  # noqa: E402
import powermap.render.chart  # noqa: E402
import powermap.sim.synth  # noqa: E402
from powermap.cli import app  # noqa: E402
from powermap.render.coverage_charts import influence_support, role_grid, role_grid_table  # noqa: E402
from powermap.render.map import map_data, power_map_html  # noqa: E402


def embedded_data(page: str) -> dict:
    block = re.search(r'<script type="application/json" id="powermap-data">(.*?)</script>', page, re.S)
    assert block, "the page has no data block"
    return json.loads(block.group(1))


def sample(file: str) -> powermap.PowerMap:
    return powermap.load(SAMPLES / file, **ACCOUNTS[file])


@pytest.mark.parametrize("file", sorted(ACCOUNTS))
def test_map_is_self_contained_and_complete(file):
    pm = sample(file)
    page = power_map_html(pm)
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=", page), "the page loads something from outside"
    assert "bootstrap" not in page.lower() and "cdn" not in page.lower()
    data = embedded_data(page)
    assert [n["id"] for n in data["nodes"]] == pm.contacts["id"].tolist()
    assert [n["name"] for n in data["nodes"]] == pm.contacts["name"].tolist()  # names as given, any script
    assert len(data["gaps"]) == len(pm.gaps())
    reporting = (pm.contacts["reports_to"].notna()).sum()
    assert sum(e["kind"] == "reports" for e in data["edges"]) == reporting
    assert data["fold"] is False


def test_user_text_is_escaped_everywhere_and_kept_exactly():
    pm = hostile_map()
    page = power_map_html(pm)
    for field, payload in PAYLOADS.items():
        assert payload not in page, f"{field} appears raw in the page"
    assert "<script>window.__pwned" not in page and "</script><script>" not in page
    data = embedded_data(page)
    by_id = {n["id"]: n for n in data["nodes"]}
    assert by_id["eng"]["name"] == PAYLOADS["name"]  # shown as text, not lost or changed
    assert by_id["eng"]["notes"] == PAYLOADS["notes"]
    assert by_id["cfo"]["competitor"] == PAYLOADS["competitor"]
    assert data["account"]["name"] == PAYLOADS["account"]
    assert "&lt;script&gt;window.__pwned = &#39;account&#39;&lt;/script&gt; Ltd" in page  # the title, escaped by Jinja


def test_redacted_map_leaves_no_trace_of_notes_owners_competitors_or_the_coach():
    pm = sample("manufacturer.csv")
    contacts = pm.contacts
    secrets = [t for field in ("notes", "owner", "competitor") for t in contacts[field] if t]
    full = power_map_html(pm)
    assert any(secret in full for secret in secrets)  # the control: the full map does carry them
    page = power_map_html(pm, redact=True)
    for secret in secrets:
        assert secret not in page, f"{secret!r} survived redaction"
    assert "inside_coach" not in page and "inside coach" not in page.lower().replace("your inside coach", "")
    data = embedded_data(page)
    coaches = contacts.loc[contacts["roles"].map(lambda r: "inside_coach" in r), "id"].tolist()
    assert coaches, "the sample has an inside coach to hide"
    for node in data["nodes"]:
        assert not {"owner", "notes", "competitor"} & set(node)
        assert "inside_coach" not in node["roles"]
    assert "inside_coach" not in {r["id"] for r in data["legend"]["roles"]}
    assert "competitor-aligned" not in {g["code"] for g in data["gaps"]}
    assert data["redacted"] is True and 'class="redacted"' in page


def test_redaction_drops_gaps_that_would_name_the_coach_or_an_owner():
    pm = hostile_map()
    data = map_data(pm, redact=True)
    texts = " ".join(g["message"] + g["advice"] for g in data["gaps"])
    assert "Kim" not in texts and "Mallory" not in texts
    assert all(g["code"] != "competitor-aligned" for g in data["gaps"])
    assert embedded_data(power_map_html(pm, redact=True))["nodes"][2]["roles"] == ["technical_supporter"]


def test_large_maps_fold_departments():
    pm = sample("hospital.csv")
    assert map_data(pm, fold_above=10)["fold"] is True
    assert map_data(pm)["fold"] is False


def test_report_has_every_gap_with_advice_the_charts_and_the_map():
    pm = sample("hospital.csv")
    page = pm.report(lang="en")
    import html as html_lib

    for gap in pm.gaps().itertuples():
        assert html_lib.escape(gap.message) in page
        assert html_lib.escape(gap.advice) in page
    org_pages = len(powermap.render.chart.chart_pages(pm, focus="all"))
    assert org_pages > 1  # the key people, then a page per department (45 people do not fit one A4 page)
    assert page.count('src="data:image/svg+xml;base64,') == 2 + org_pages
    assert "<iframe srcdoc=" in page and "@media print" in page
    assert f"{pm.coverage()['coverage']:.0f}" in page
    # the line that says why the grade is what it is, under the score (no deal-killer here: the serious problems)
    assert f'<p class="why risk-medium">{html_lib.escape(pm.coverage()["why"])}</p>' in page
    assert "https://" not in page.split("<iframe")[0]


def test_report_escapes_user_text():
    page = hostile_map().report()
    for field, payload in PAYLOADS.items():
        assert payload not in page, f"{field} appears raw in the report"


def test_notebook_views_escape_and_offer_plain_text():
    pm = hostile_map()
    summary = pm._repr_html_()
    assert PAYLOADS["account"] not in summary and "&lt;script&gt;" in summary
    bundle = pm._repr_mimebundle_()
    assert set(bundle) == {"text/plain", "text/html"} and bundle["text/plain"].startswith("<PowerMap")
    view = pm.map_view()
    frame = view._repr_html_()
    assert frame.startswith('<iframe srcdoc="') and "<script" not in frame  # the whole page is one escaped attribute
    assert set(view._repr_mimebundle_()) == {"text/plain", "text/html"}


def test_role_grid_counts_match_the_coverage_figures():
    pm = sample("chinese_utility.csv")
    grid = role_grid_table(pm)
    roles = pm.analysis().roles.set_index("role")
    held = grid.groupby("role")["count"].sum()
    engaged = held - grid[grid["status"] == "not engaged"].set_index("role")["count"]
    assert held.to_dict() == roles["held"].to_dict()
    assert engaged.to_dict() == roles["engaged"].to_dict()


def test_quadrant_draws_every_person_and_names_the_opposed():
    pm = sample("manufacturer.csv")
    figure = influence_support(pm)
    ax = figure.axes[0]
    assert sum(len(c.get_offsets()) for c in ax.collections) == len(pm)
    labels = {t.get_text() for t in ax.texts}
    opposed = pm.scores().query("opposed")["name"]
    assert set(opposed) <= labels
    assert role_grid(pm).axes


@pytest.mark.parametrize("file", sorted(ACCOUNTS))
def test_html_and_report_commands_on_every_sample(tmp_path, file):
    args = [str(SAMPLES / file), "--stage", str(ACCOUNTS[file]["stage"]), "--as-of", "2026-11-15"]
    if "links" in ACCOUNTS[file]:
        args += ["--links", str(ACCOUNTS[file]["links"])]
    runner = CliRunner()
    for command, extra in (("html", []), ("html", ["--redact"]), ("report", ["--lang", "zh"])):
        out = tmp_path / f"{command}{len(extra)}.html"
        result = runner.invoke(app, [command, *args, "-o", str(out), *extra])
        assert result.exit_code == 0, result.output
        page = out.read_text(encoding="utf-8")
        assert page.startswith("<!DOCTYPE html>")
    names = sample(file).contacts["name"]
    assert names.iloc[0] in (tmp_path / "html0.html").read_text(encoding="utf-8")


def test_html_command_bad_input_and_usage(tmp_path, write):
    bad = write("bad.csv", "id,name,reports_to\na,Ann,zz\n")
    result = CliRunner().invoke(app, ["html", str(bad), "-o", str(tmp_path / "x.html")])
    assert result.exit_code == 1 and "row 2" in result.output
    assert not (tmp_path / "x.html").exists()
    assert CliRunner().invoke(app, ["html", str(bad)]).exit_code == 2


def test_chinese_map_speaks_chinese():
    pm = sample("chinese_utility.csv")
    page = power_map_html(pm, lang="zh")
    data = embedded_data(page)
    assert "查找联系人" in page and "Find a person" not in page
    assert data["ui"]["stance"] == "态度" and data["legend"]["stances"][0]["name"] == "拥护者"
    assert {g["message"] for g in data["gaps"]} == set(pm.gaps(lang="zh")["message"])
    # the browser's tab too: it read "…: power map" on a Chinese page
    assert f"<title>{pm.account.name}：权力图</title>" in page
    assert f"<title>{pm.account.name}: power map</title>" in power_map_html(pm)


def test_chinese_report_speaks_chinese():
    page = sample("chinese_utility.csv").report(lang="zh", with_map=False)
    assert "教练报告" in page and "覆盖度得分构成" in page
    assert "Coach's report" not in page and "How the coverage score is made" not in page


def test_free_layout_is_offered_only_where_physics_can_settle(monkeypatch):
    import powermap.render.map as html_module

    pm = sample("hospital.csv")
    assert map_data(pm, layout="free")["layout"] == "free"
    assert map_data(pm)["layout"] == "tree"
    monkeypatch.setattr(html_module, "FREE_LAYOUT_MAX", 20)
    assert map_data(pm, layout="free")["layout"] == "tree"  # 45 people: opens as the org chart
    with pytest.raises(ValueError, match="layout"):
        map_data(pm, layout="circle")


def test_coverage_charts_draw_chinese_with_real_glyphs():
    from test_draw import needs_cjk_font

    needs_cjk_font()
    import warnings

    pm = sample("chinese_utility.csv")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns "Glyph ... missing from font" for every box it draws
        for figure in (role_grid(pm, lang="zh"), influence_support(pm)):
            figure.canvas.draw()
    labels = [t.get_text() for t in role_grid(pm, lang="zh").axes[0].get_yticklabels()]
    assert labels[-1] == "核心决策者"


def coach_account(**changes) -> powermap.PowerMap:
    """A deal whose inside coach holds no other role, with unknown stance and an old last contact, at stage 6:
    the gaps about role holders and key contacts would name the coach if the role were merely hidden."""
    frame = pd.DataFrame(
        {
            "id": ["ceo", "cto", "coach1", "eng", "ops"],
            "name": ["Ana Ceo", "Bo Cto", "Cy Secret", "Di Eng", "Alice Wong"],
            "title": ["CEO", "CTO", "Analyst", "Engineer", "COO"],
            "department": ["Exec", "IT", "IT", "IT", "Ops"],
            "reports_to": ["", "ceo", "cto", "cto", "ceo"],
            "roles": ["decision maker", "technical buyer", "inside coach", "key user", "advisor"],
            "influence": [5, 4, 2, 2, 4],
            "stance": ["supporter", "supporter", "", "supporter", "blocker"],
            "relationship": [2, 2, 1, 2, 1],
            "owner": ["Al", "Al", "Ed", "Ed", "Al"],
            "competitor": ["", "", "", "", "Initech"],
            "notes": ["", "", "met at the fair", "", ""],
            "last_contact": ["2026-11-01", "2026-11-01", "2026-01-01", "2026-11-01", "2026-11-01"],
            "crm_flag": ["", "", "TOPSECRET", "", ""],
        }
        | changes
    )
    return powermap.from_frame(frame, name="Acme", stage=6, as_of="2026-11-15")


def test_redaction_leaves_no_gap_that_points_at_the_coach():
    pm = coach_account()
    full = {g.code: set(g.contacts) for g in pm.gaps().itertuples()}
    assert any("coach1" in people for people in full.values())  # the control: unredacted gaps do name the coach
    data = map_data(pm, redact=True)
    for gap in data["gaps"]:
        assert "coach1" not in gap["contacts"] and "Cy Secret" not in gap["message"]
    page = power_map_html(pm, redact=True)
    for secret in ("met at the fair", "TOPSECRET", "Initech", "inside_coach", '"Al"', '"Ed"'):
        assert secret not in page


def test_redaction_keeps_gaps_that_merely_contain_an_owners_initials():
    pm = coach_account()  # owners "Al" and "Ed" are substrings of "Alice Wong" and "Engineer"
    redacted_codes = {g["code"] for g in map_data(pm, redact=True)["gaps"]}
    assert "influential-blocker" in redacted_codes  # Alice Wong, an opposed advisor, is still flagged


def test_dollar_signs_in_names_are_text_in_every_chart():
    pm = coach_account(name=["Ana $\\foo{$", "Costs $1,000 to $2,000", "Cy", "Di", "Eve"])
    page = pm.report(with_map=False)  # draws the org chart and both coverage charts
    assert page.count("data:image/svg+xml;base64,") == 3
    figure = role_grid(pm)
    texts = [t.get_text() for t in figure.axes[0].texts]
    assert any("Ana $\\foo{$" in t for t in texts)  # the decision maker's cell names her as written
    figure.canvas.draw()  # mathtext would raise "Unknown symbol" here
    ax = influence_support(pm).axes[0]
    assert "Costs $1,000 to $2,000" in {t.get_text() for t in ax.texts}


def test_a_person_id_never_takes_a_folded_departments_node():
    pm = coach_account(
        id=["\u241fdepartment\u241fExec", "cto", "coach1", "eng", "ops"],
        reports_to=["", "\u241fdepartment\u241fExec", "cto", "cto", "\u241fdepartment\u241fExec"],
    )
    data = map_data(pm, fold_above=0)
    assert data["fold"] and not any(n["id"].startswith(data["fold_prefix"]) for n in data["nodes"])


def test_a_strict_policy_changes_the_reports_charts():
    pm = sample("hospital.csv")
    strict = powermap.policy.Policy(risk_high_below=95, risk_medium_below=99)

    def charts(page):
        return re.findall(r'src="(data:image/svg\+xml;base64,[^"]+)"', page)

    default, tight = charts(pm.report(with_map=False)), charts(pm.report(with_map=False, policy=strict))
    assert len(default) == len(tight) > 3
    assert default[2] != tight[2]  # the org chart's heading and highlighting follow the report's policy


def test_the_report_leaves_the_users_matplotlib_backend_alone():
    import matplotlib

    before = matplotlib.get_backend()
    matplotlib.use("svg")  # a backend other than Agg, as a notebook's inline one would be
    try:
        sample("hospital.csv").report(with_map=False)
        assert matplotlib.get_backend() == "svg"
    finally:
        matplotlib.use(before)


def test_repeated_gaps_are_grouped_with_their_advice_once():
    contacts, links = powermap.sim.synth.organisation(300, seed=7)
    pm = powermap.from_frame(contacts, links, name="Synthetic 300")
    gaps = pm.gaps()
    code, count = gaps["code"].value_counts().index[0], int(gaps["code"].value_counts().iloc[0])
    assert count >= 2
    page = pm.report(with_map=False)
    assert f"&times;{count}" in page
    advice = gaps.loc[gaps["code"] == code, "advice"].iloc[0]
    assert page.count(html_lib.escape(advice)) == 1
    assert page.count("<thead>") == 2 and "break-inside: avoid" in page and "A4 landscape" in page


def _org_chart_text(page: str) -> str:
    """The text of the report's first org chart page (the SVG keeps its text as text)."""
    uri = re.findall(r'<figure class="org">.*?src="data:image/svg\+xml;base64,([^"]+)"', page, re.S)[0]
    return base64.b64decode(uri).decode("utf-8")


def test_the_reports_org_chart_offers_no_option_the_report_lacks():
    contacts, links = powermap.sim.synth.organisation(300, seed=7)
    pm = powermap.from_frame(contacts, links, name="Synthetic 300")
    page = pm.report(with_map=False)
    text = _org_chart_text(page)
    assert "key people:" in text and "grey boxes" in " ".join(text.split())
    assert "--focus" not in text  # `report` has no --focus; the department pages follow instead
    departments = page.count('<figure class="org">') - 1
    assert departments >= 9
    assert "关键人物" in _org_chart_text(pm.report(with_map=False, lang="zh"))  # 关键人物


def test_redacted_map_risk_is_what_its_visible_gaps_add_up_to():
    pm = coach_account()
    policy = powermap.policy.Policy()
    data = map_data(pm, redact=True)
    points = sum({"high": 3, "medium": 1, "low": 0}[g["severity"]] for g in data["gaps"])
    assert data["account"]["risk_points"] == points
    # the opposed advisor, a deal-killer, is on the page: high whatever the points
    assert data["account"]["risk"] == "high" and policy.risk_points_high > points
    calm = map_data(coach_account(stance=["supporter", "supporter", "", "supporter", "neutral"]), redact=True)
    calm_points = sum({"high": 3, "medium": 1, "low": 0}[g["severity"]] for g in calm["gaps"])
    serious = len({g["code"] for g in calm["gaps"] if g["severity"] == "high"})
    expected = powermap.analysis.run.risk_level([calm["account"]["coverage"]], [calm_points], policy, None, [serious])[
        0
    ]
    assert calm["account"]["risk"] == expected
    full = map_data(pm)
    assert full["account"]["risk_points"] > points  # the control: the coach's gaps count only in the full map


def test_chinese_map_and_report_have_no_english_ui_words():
    english = {
        "coverage",
        "risk",
        "stage",
        "people",
        "Find",
        "Layout",
        "Filter",
        "Legend",
        "Gaps",
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
        "high",
        "medium",
        "low",
        "Org",
        "chart",
        "Coach",
        "report",
        "DM",
        "Tech",
        "User",
        "Finance",
        "Gate",
        "Advisor",
        "gap",
        "of",
    }
    pm = sample("chinese_utility.csv")
    data = map_data(pm, lang="zh")

    def words(item):  # the strings a reader sees, not the keys or ids
        if isinstance(item, dict):
            return [w for key, value in item.items() if key not in ("id", "colour", "ink") for w in words(value)]
        if isinstance(item, list):
            return [w for value in item for w in words(value)]
        return [item] if isinstance(item, str) else []

    texts = words(data["ui"]) + words(data["legend"])
    texts += [g["message"] + g["advice"] for g in data["gaps"]]
    page = pm.report(lang="zh", with_map=False)
    visible = re.sub(r"<(style|script)[^>]*>.*?</\1>", " ", page, flags=re.S)
    visible = re.sub(r'src="data:[^"]+"', " ", visible)
    texts.append(re.sub(r"<[^>]+>", " ", visible))
    for text in texts:
        for word in re.findall(r"(?<![-\w])[A-Za-z]+", text):  # a command-line option (--stage) is not a UI word
            assert word not in english, f"English UI word {word!r} in a Chinese artefact"


def test_a_zoomed_out_map_names_the_top_then_every_department_head_then_the_decision_makers():
    contacts, links = powermap.sim.synth.organisation(300, seed=7)
    contacts.loc[299, "roles"] = "decision_maker"  # a second decision maker, deep down: named before the rest
    pm = powermap.from_frame(contacts, links, name="Synthetic 300")
    nodes = map_data(pm)["nodes"]
    order = sorted((n for n in nodes if n["label"] is not None), key=lambda n: n["label"])
    assert 20 <= len(order) <= 60
    heads = [n["id"] for n in nodes if n["reports_to"] == "p0"]
    assert order[0]["id"] == "p0" and {n["id"] for n in order[1 : 1 + len(heads)]} == set(heads)
    deciding = [n for n in nodes if "decision_maker" in n["roles"] and n["id"] != "p0" and n["id"] not in heads]
    named_after_heads = {n["id"] for n in order[1 + len(heads) :]}
    assert deciding and all(n["id"] in named_after_heads for n in deciding)
    assert order[1 + len(heads)]["id"] == "p299"  # the deep decision maker comes right after the heads
    # a card's influence bar and rank: the most influential person ranks 1
    top = max(nodes, key=lambda n: n["effective_influence"])
    assert top["rank"] == 1 and all(n["rank"] >= 1 for n in nodes)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_map_says_why_under_its_grade_and_a_redacted_map_does_not(lang):
    # the headline a coach reads on the map is the analysis's own line; a redacted map regrades its visible gaps,
    # so it shows no line that could name the inside coach
    pm = powermap.load(SAMPLES / "manufacturer.csv", **ACCOUNTS["manufacturer.csv"])
    why = pm.analysis(lang=lang).coverage["why"].iat[0]
    assert "Catherine Brandt" in why
    page = power_map_html(pm, lang=lang)
    assert f'<p class="why risk-high">{html_lib.escape(why)}</p>' in page
    assert map_data(pm, lang=lang, redact=True)["account"]["why"] is None
    assert 'class="why' not in power_map_html(pm, lang=lang, redact=True)


@pytest.mark.parametrize("output", ["map", "report", "text"])
def test_a_chinese_map_report_and_text_run_the_analysis_once(monkeypatch, output):
    # each output's scores, gaps and grade come from one analysis, worded in the page's language: not an English
    # one beside the Chinese one (the report ran two: its charts asked for the English scores)
    from powermap.render.report import report_html
    from powermap.render.text import analysis_json, plain_text

    calls = []
    analyze = powermap.analysis.run.analyze
    monkeypatch.setattr(powermap.analysis.run, "analyze", lambda *a, **k: calls.append(1) or analyze(*a, **k))
    pm = powermap.load(SAMPLES / "manufacturer.csv", **ACCOUNTS["manufacturer.csv"])
    if output == "map":
        page = power_map_html(pm, lang="zh")
    elif output == "report":
        page = report_html(pm, lang="zh", with_map=True)
    else:
        page = plain_text(analysis_json(pm, lang="zh"), lang="zh")
    assert "关键使用者" in page
    assert len(calls) == 1


def test_the_influence_chart_of_a_big_account_names_people_without_a_pile():
    """300 people, dozens of them skeptics of little influence: every name written is legible (none overlaps
    another), the most influential opponents are among them, and the chart says how many it left unnamed."""
    import powermap.sim.synth

    contacts, links = powermap.sim.synth.organisation(300, seed=11)
    pm = powermap.from_frame(contacts, links, name="Big", stage=6, technicality="high", as_of="2026-11-15")
    figure = influence_support(pm)
    figure.canvas.draw()
    renderer = figure.canvas.get_renderer()
    names = [t for t in figure.axes[0].texts if t.get_text().startswith("Person ")]
    boxes = [t.get_window_extent(renderer) for t in names]
    assert not [(a, b) for k, a in enumerate(boxes) for b in boxes[k + 1 :] if a.overlaps(b)]
    scores = pm.scores()
    opposed = scores[scores["stance"].astype("Float64").fillna(0) <= -1].sort_values("effective_influence")
    assert len(opposed) > 20  # the case: a crowd of opponents
    shown = {t.get_text() for t in names}
    assert set(opposed["name"].tail(3)) <= shown  # the three most influential opponents
    note = [t.get_text() for t in figure.texts if "not named" in t.get_text()]
    assert note and int(note[0].split()[0]) == len(
        set(opposed["name"]) | set(scores.nlargest(12, "effective_influence")["name"])
    ) - len(shown)
