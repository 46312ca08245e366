"""What users read: the contract JSON (validated by the shipped schema), the terminal and Markdown views,
advice in both languages, policies from files, and what-if changes."""

import json

import jsonschema
import pytest
from accounts import build, found, frame
from conftest import SAMPLES
from test_samples import ACCOUNTS
from typer.testing import CliRunner

import powermap
from powermap.analysis.gaps import CODES
from powermap.cli import app
from powermap.errors import InputError
from powermap.policy import load_policy
from powermap.render.text import analysis_json, json_schema, markdown
from powermap.text import advice
from powermap.text.advice_words import ROLE_ADVICE, STAGE_CONDITIONS, TEXTS
from powermap.vocab import ROLES

runner = CliRunner()


def _cli_args(file):
    facts = ACCOUNTS[file]
    args = [
        "--name",
        facts["name"],
        "--stage",
        str(facts["stage"]),
        "--technicality",
        facts["technicality"],
        "--as-of",
        facts["as_of"],
    ]
    return args + (["--links", str(facts["links"])] if "links" in facts else [])


@pytest.mark.parametrize("file", sorted(ACCOUNTS))
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_json_output_follows_the_shipped_schema(file, lang):
    result = runner.invoke(app, ["analyze", str(SAMPLES / file), "--format", "json", "--lang", lang, *_cli_args(file)])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    jsonschema.validate(payload, json_schema())
    pm = powermap.load(SAMPLES / file, **ACCOUNTS[file])
    assert [g["code"] for g in payload["gaps"]] == list(pm.gaps()["code"])
    assert payload["score"]["coverage"] == pm.coverage()["coverage"]
    assert sum(payload["score"]["parts"].values()) == pytest.approx(payload["score"]["coverage"], abs=0.1)
    assert len(payload["contacts"]) == len(pm)


def test_schema_rejects_a_broken_object():
    payload = analysis_json(build())
    payload["score"]["risk"] = "catastrophic"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(payload, json_schema())


def test_every_code_has_message_and_advice_in_both_languages():
    keys = {k.split(".")[0] for k in TEXTS}
    assert keys == set(CODES)
    for key, texts in TEXTS.items():
        for lang in advice.LANGS:
            assert texts[lang]["message"].strip(), (key, lang)
            assert texts[lang]["advice"].strip() or "." in key, (key, lang)  # extra sentences carry no advice
    assert set(ROLE_ADVICE) == set(ROLES) and all(set(v) == {"en", "zh"} for v in ROLE_ADVICE.values())
    assert all(set(v) == {"en", "zh"} for v in STAGE_CONDITIONS.values())


def test_stage_readiness_names_the_people_concerned():
    pm = powermap.load(SAMPLES / "hospital.csv", **ACCOUNTS["hospital.csv"])
    gap = pm.gaps().set_index("condition").loc["key-attitudes-known"]
    assert "Maureen Delacroix (Chief Nursing Officer)" in gap["message"]
    zh = pm.gaps(lang="zh").set_index("condition").loc["key-attitudes-known", "message"]
    assert "Maureen Delacroix（Chief Nursing Officer）" in zh


def test_chinese_advice_is_chinese():
    pm = build(frame(opm={"stance": -2}))
    en, zh = pm.gaps(lang="en").iloc[0], pm.gaps(lang="zh").iloc[0]
    assert en["code"] == zh["code"] == "resistant-key-user"
    assert "key user" in en["message"] and "关键使用者" in zh["message"]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in zh["advice"])


def test_terminal_view_names_score_gaps_and_people():
    result = runner.invoke(app, ["analyze", str(SAMPLES / "hospital.csv"), *_cli_args("hospital.csv")])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "St. Aldric Regional Hospital" in out and "Risk MEDIUM" in out and "4 serious problems" in out
    assert "decision-maker-unreached" in out and "weak-initiator" in out
    assert "Dr. Margaret Ellery" in out


def test_user_text_is_never_terminal_markup(write):
    path = write("m.csv", "id,name,title,roles\na,[bold red]Mallory[/],[link=http://x]CEO[/link],decision maker\n")
    result = runner.invoke(app, ["analyze", str(path)])
    assert result.exit_code == 0 and "[bold red]Mallory[/]" in result.stdout


def test_markdown_escapes_pipes_and_html():
    pm = build(frame(opm={"stance": -2, "name": "Gary <script>alert(1)</script> | Lindholm"}))
    text = markdown(analysis_json(pm))
    assert "<script>" not in text and "&lt;script&gt;" in text and "\\|" in text
    assert text.startswith("## Hartwell") and "| high | `resistant-key-user` |" in text


def test_policy_file_changes_thresholds(write):
    pm = build(frame(opm={"stance": 0}))
    assert found(pm) == []
    strict = write("policy.toml", "min_mid_level_allies = 3\nstale_days = 30\n")
    policy = load_policy(strict)
    assert policy.min_mid_level_allies == 3 and policy.stale_days == 30
    assert {g[0] for g in found(pm, policy)} == {"few-mid-level-allies", "stale-relationship"}
    yaml_policy = write("policy.yaml", "min_mid_level_allies: 3\n")
    assert load_policy(yaml_policy).min_mid_level_allies == 3


def test_policy_cli_option(write):
    strict = write("policy.toml", "min_mid_level_allies = 5\n")  # it has four
    args = ["analyze", str(SAMPLES / "manufacturer.csv"), "--format", "json", *_cli_args("manufacturer.csv")]
    default = json.loads(runner.invoke(app, args).stdout)
    stricter = json.loads(runner.invoke(app, [*args, "--policy", str(strict)]).stdout)
    assert "few-mid-level-allies" not in {g["code"] for g in default["gaps"]}
    assert "few-mid-level-allies" in {g["code"] for g in stricter["gaps"]}


def test_bad_policy_files(write):
    with pytest.raises(InputError) as info:
        load_policy(write("p.toml", "min_mid_level_alies = 3\nstale_days = 'soon'\n"))
    messages = [str(p) for p in info.value.problems]
    assert "did you mean 'min_mid_level_allies'" in messages[0] and "stale_days" in messages[1]
    result = runner.invoke(
        app,
        [
            "analyze",
            str(SAMPLES / "hospital.csv"),
            "--policy",
            str(write("p.toml", "x = [")),
        ],
    )
    assert result.exit_code == 1 and "not a readable policy file" in result.output


def test_what_if_shows_which_gaps_close_and_leaves_the_map_alone():
    pm = powermap.load(SAMPLES / "hospital.csv", **ACCOUNTS["hospital.csv"])
    change = pm.what_if("H01", relationship="business", stance="supporter")
    assert "decision-maker-unreached" in set(change.resolved["code"])
    assert change.coverage_after > change.coverage_before
    assert pm.contacts.set_index("id").loc["H01", "relationship"] == 0  # the original is unchanged
    assert change.after.contacts.set_index("id").loc["H01", "relationship"] == 1


def test_what_if_removing_a_person_keeps_the_chart_connected():
    pm = build()
    change = pm.what_if("itm", remove=True)
    after = change.after.contacts.set_index("id")
    assert "itm" not in after.index and after.loc["ana", "reports_to"] == "cto"
    assert after.loc["ana", "depth"] == 2
    assert ("missing-role", "initiator", ()) in [(g.code, g.role, g.contacts) for g in change.opened.itertuples()]


def test_what_if_rejects_unknown_people_and_values():
    pm = build()
    with pytest.raises(InputError, match="no contact with this id"):
        pm.what_if("nobody", stance=1)
    with pytest.raises(InputError, match="expected -2 to 2"):
        pm.what_if("ceo", stance="ecstatic")


def test_markdown_leaves_powermaps_own_words_readable():
    # pasted into mail or chat, "\(requirements &amp; formal proposal\)" reads as noise; a user's link still cannot act
    pm = build(frame(opm={"name": "Gary [Lindholm](http://x.example)", "stance": -2}))
    text = markdown(analysis_json(pm))
    assert "stage 5 (requirements & formal proposal)" in text
    assert "Gary \\[Lindholm\\]\\(http\\://x.example)" in text and "](" not in text
