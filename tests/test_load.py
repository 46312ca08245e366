"""Loading: every format users bring, every problem reported at once with file, row, column."""

import datetime as dt
import json

import pandas as pd
import pytest

import powermap
from powermap import InputError

HEADER = "id,name,title,department,level,reports_to,roles,influence,stance,relationship,owner,last_contact\n"
GOOD_ROWS = (
    "ceo,Margaret Olsen,Chief Executive Officer,Board,executive,,decision maker,5,neutral,business,Dana Ruiz,2026-10-01\n"
    "coo,Henrik Sato,Chief Operating Officer,Operations,executive,ceo,advisor,4,supporter,personal,Dana Ruiz,2026-10-20\n"
    "pm,Lucia Varga,Production Manager,Operations,mid,coo,key user,3,skeptic,business,Tom Becker,2026-09-15\n"
    "eng,Ravi Iyer,Automation Engineer,Engineering,staff,pm,technical buyer;coach,2,champion,trusted,Tom Becker,2026-11-01\n"
)


def problems_of(path, **kwargs):
    with pytest.raises(InputError) as info:
        powermap.load(path, **kwargs)
    return info.value.problems


def test_clean_file_gives_typed_contacts(write):
    pm = powermap.load(write("acme.csv", HEADER + GOOD_ROWS), stage=4, as_of="2026-11-15")
    c = pm.contacts.set_index("id")
    assert pm.account.name == "acme" and pm.account.stage == 4 and pm.account.as_of == dt.date(2026, 11, 15)
    assert c.loc["eng", "roles"] == ("technical_supporter", "inside_coach")
    assert c.loc["pm", "stance"] == -1 and c.loc["eng", "stance"] == 2
    assert c.loc["coo", "relationship"] == 2 and c.loc["coo", "relationship_source"] == "given"
    assert c.loc["ceo", "influence"] == 5 and str(c["influence"].dtype) == "Int64"
    assert c.loc["pm", "last_contact"] == pd.Timestamp("2026-09-15")
    assert c.loc["eng", "depth"] == 3 and c.loc["ceo", "reports_to"] is None
    assert list(c["row"]) == [2, 3, 4, 5]


@pytest.mark.parametrize(
    "cells, column, value, message",
    [
        ("x,Ann,,,,,champoin,,,", "roles", "champoin", "unknown role (did you mean 'champion'?)"),
        ("x,Ann,,,,,,9,,", "influence", "9", "influence out of range: expected 1 to 5"),
        ("x,Ann,,,,,,,maybe,", "stance", "maybe", "unknown stance: expected -2 to 2 or one of blocker (-2)"),
        ("x,Ann,,,,,,,3,", "stance", "3", "stance out of range: expected -2 to 2"),
        ("x,Ann,,,,,,,,5", "relationship", "5", "relationship out of range: expected 0 to 3"),
        ("x,Ann,,,,,,,,frenemies", "relationship", "frenemies", "unknown relationship"),
        ("x,Ann,,,boss,,,,,", "level", "boss", "unknown level"),
        ("x,Ann,,,,nobody,,,,", "reports_to", "nobody", "reports to nobody in the file"),
        # a value written in Chinese is told the Chinese words the sheet may use, not the English ones
        (
            "x,王芳,,,,,,,,一般",
            "relationship",
            "一般",
            "expected 0 to 3 or one of 无 (0), 业务 (1), 个人 (2), 信任 (3)",
        ),
        ("x,王芳,,,老板,,,,,", "level", "老板", "expected one of 高层 (executive), 中层 (mid), 基层 (staff)"),
        ("x,王芳,,,,,首倡人,,,", "roles", "首倡人", "expected roles 首倡者, 技术支持者, 关键使用者, 内部支持者"),
    ],
)
def test_bad_value_names_row_column_value_and_expectation(write, cells, column, value, message):
    path = write(
        "bad.csv",
        "id,name,title,department,level,reports_to,roles,influence,stance,relationship\na,Bo,,,,,,,,\n" + cells + "\n",
    )
    [problem] = problems_of(path)
    assert (problem.file, problem.row, problem.column, problem.value) == (str(path), 3, column, value)
    assert message in problem.message
    assert f"row 3, column '{column}'" in str(problem)


def test_bad_date(write):
    [problem] = problems_of(write("d.csv", "id,name,last_contact\na,Ann,2026-02-30\n"))
    assert (problem.row, problem.column, problem.value) == (2, "last_contact", "2026-02-30")
    assert "not a date: expected an ISO date" in problem.message


def test_all_problems_reported_at_once_in_row_order(write):
    path = write(
        "many.csv",
        """
        id,name,reports_to,roles,stance
        a,Ann,,champoin,
        a,Ann Again,,,
        b,,a,,maybe
        c,Cy,zz,,
    """,
    )
    problems = problems_of(path)
    assert [(p.row, p.column) for p in problems] == [
        (2, "roles"),
        (3, "id"),
        (4, "name"),
        (4, "stance"),
        (5, "reports_to"),
    ]
    assert "duplicate id: already used on row 2" in problems[1].message


def test_reporting_cycle_names_the_people_in_it(write):
    path = write(
        "loop.csv",
        """
        id,name,reports_to
        top,Tess Top,
        a,Al Ames,c
        b,Bea Bird,a
        c,Cal Cole,b
        d,Dee Dunn,a
        self,Sam Self,self
    """,
    )
    problems = problems_of(path)
    cycle_rows = sorted(p.row for p in problems if "cycle" in p.message)
    assert cycle_rows == [3, 4, 5, 7]  # d reports into the loop but is not part of it
    abc = next(p for p in problems if p.row == 3).message
    assert "Al Ames (a)" in abc and "Bea Bird (b)" in abc and "Cal Cole (c)" in abc and "Dee" not in abc
    assert "Sam Self (self) -> Sam Self (self)" in next(p for p in problems if p.row == 7).message


def test_missing_required_column_lists_what_was_found(write):
    [problem] = problems_of(write("nocol.csv", "id,full_title\na,CEO\n"))
    assert "missing required column 'name'" in problem.message
    assert "found columns: id, full_title" in problem.message


@pytest.mark.parametrize(
    "content, message",
    [
        ("", "the file is empty"),
        ("id,name\n", "no contacts"),
        ("id,name\na,Ann,extra\n", "this row has 3 cells but the header has 2 columns"),
    ],
)
def test_empty_or_malformed_files(write, content, message):
    [problem] = problems_of(write("x.csv", content))
    assert message in problem.message


def test_unknown_suffix_and_missing_file(tmp_path):
    assert "unknown file type '.docx'" in problems_of(tmp_path / "a.docx")[0].message
    assert "no such file" in problems_of(tmp_path / "missing.csv")[0].message


def test_gbk_chinese_file_loads_with_names_intact(write):
    text = """
        编号,姓名,职务,部门,层级,上级,角色,影响力,态度,关系,负责人
        C01,王建国,董事长,董事会,高层,,核心决策者,5,中立,无,李明
        C02,赵丽华,信息中心主任,信息中心,中层,C01,技术支持者;首倡者,4,强烈支持,信任,李明
        C03,钱多多,采购专员,采购部,基层,C02,采购者,低,怀疑,业务,张伟
    """
    pm = powermap.load(write("gbk.csv", text, encoding="gbk"))
    c = pm.contacts.set_index("id")
    assert list(c["name"]) == ["王建国", "赵丽华", "钱多多"]
    assert c.loc["C02", "roles"] == ("technical_supporter", "initiator")
    assert (c.loc["C02", "stance"], c.loc["C02", "relationship"], c.loc["C03", "influence"]) == (2, 3, 2)
    assert c.loc["C03", "owner"] == "张伟" and c.loc["C01", "level"] == "executive"


def test_gb18030_and_utf16_and_bom(write):
    for encoding in ("gb18030", "utf-16", "utf-8-sig"):
        pm = powermap.load(write(f"f-{encoding}.csv", "id,姓名,角色\na,张三,决策者\n", encoding=encoding))
        assert pm.contacts["name"].tolist() == ["张三"]
        assert pm.contacts.columns[0] == "id"  # the BOM is not glued to the first header


def test_excel_style_csv_with_bom_semicolons_and_crlf(write):
    path = write("excel.csv", "\ufeffID;Full Name;Job Title;Roles\r\nx1;José Núñez;CFO;Economic Buyer, Finance\r\n")
    c = powermap.load(path).contacts
    assert c.loc[0, ["id", "name", "title"]].tolist() == ["x1", "José Núñez", "CFO"]
    assert c.loc[0, "roles"] == ("decision_maker", "finance")


def test_inferred_and_defaulted_values_are_marked(write):
    path = write(
        "infer.csv",
        """
        id,name,title,reports_to,level
        ceo,Ann,Managing Director,,
        vp,Bo,,ceo,
        eng,Cy,Process Engineer,vp,
        mgr,Di,Plant Manager,vp,executive
        lone,Ed,,,
    """,
    )
    c = powermap.load(path).contacts.set_index("id")
    assert c.loc["ceo", ["level", "level_source"]].tolist() == ["executive", "title"]
    assert c.loc["vp", ["level", "level_source"]].tolist() == ["mid", "reporting line"]
    assert c.loc["eng", ["level", "level_source"]].tolist() == ["staff", "title"]
    assert c.loc["mgr", ["level", "level_source"]].tolist() == ["executive", "given"]
    assert c.loc["lone", "level"] is None and c.loc["lone", "level_source"] == "unknown"
    assert (c["relationship"] == 0).all() and (c["relationship_source"] == "default").all()
    assert c["stance"].isna().all() and c["influence"].isna().all()  # unknown stays unknown


def test_unknown_columns_are_kept_as_given(write):
    c = powermap.load(write("extra.csv", "id,name,Region,LinkedIn\na,Ann,EMEA,https://x.example/ann\n")).contacts
    assert c.loc[0, "Region"] == "EMEA" and c.loc[0, "LinkedIn"] == "https://x.example/ann"


def test_two_headers_meaning_the_same_column(write):
    problems = problems_of(write("dup.csv", "id,name,姓名\na,Ann,安\n"))
    assert "two columns mean 'name' ('name' and '姓名')" in problems[0].message


def test_xlsx_with_links_sheet(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Contacts"
    ws.append(["ID", "Name", "Reports To", "Influence", "Last Contact"])
    ws.append([101, "Ann", None, 4.0, dt.datetime(2026, 10, 1)])
    ws.append([102, "Bo", 101, 3, dt.datetime(2026, 10, 2)])
    links = wb.create_sheet("Links")
    links.append(["source", "target", "kind", "weight"])
    links.append([102, 101, "trusts", 0.8])
    wb.save(tmp_path / "acct.xlsx")
    pm = powermap.load(tmp_path / "acct.xlsx")
    c = pm.contacts
    assert c["id"].tolist() == ["101", "102"] and c["reports_to"].tolist() == [None, "101"]
    assert c["influence"].tolist() == [4, 3]
    assert c["last_contact"].tolist() == [pd.Timestamp("2026-10-01"), pd.Timestamp("2026-10-02")]
    assert pm.links[["source", "target", "kind", "weight"]].values.tolist() == [["102", "101", "trusts", 0.8]]


def test_damaged_workbook(tmp_path):
    (tmp_path / "broken.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    assert "not a readable Excel workbook" in problems_of(tmp_path / "broken.xlsx")[0].message


def test_yaml_account_file_and_cli_options_win(write):
    path = write(
        "acct.yaml",
        """
        account:
          name: Hartwell
          stage: demo
          technicality: high
          as_of: 2026-11-15
        contacts:
          - {id: a, name: Ann, roles: [economic buyer, coach], influence: 5}
          - {id: b, name: Bo, reports_to: a, stance: -1}
        links:
          - {source: b, target: a, kind: influences, weight: 0.7}
    """,
    )
    pm = powermap.load(path)
    assert pm.account.to_dict() == {"name": "Hartwell", "stage": 4, "technicality": "high", "as_of": "2026-11-15"}
    assert pm.contacts.loc[0, "roles"] == ("decision_maker", "inside_coach")
    assert len(pm.links) == 1
    assert powermap.load(path, stage=6, name="Other").account.stage == 6


def test_json_records_are_numbered(write):
    path = write(
        "a.json", json.dumps({"contacts": [{"id": "a", "name": "Ann"}, {"id": "b", "name": "Bo", "stance": 7}]})
    )
    [problem] = problems_of(path)
    assert (problem.row, problem.row_label, problem.column) == (2, "record", "stance")
    assert "record 2" in str(problem)


def test_parquet(tmp_path):
    frame = pd.DataFrame({"id": [1, 2], "name": ["Ann", "Bo"], "reports_to": [None, 1], "influence": [5.0, None]})
    frame.to_parquet(tmp_path / "c.parquet")
    c = powermap.load(tmp_path / "c.parquet").contacts
    assert c["reports_to"].tolist() == [None, "1"] and c["influence"].tolist()[0] == 5
    assert pd.isna(c["influence"].tolist()[1])


def test_links_problems(write):
    contacts = write("c.csv", "id,name\na,Ann\nb,Bo\n")
    links = write(
        "l.csv", "source,target,kind,weight\na,zz,influences,0.5\na,b,loves,0.5\nb,a,trusts,1.5\nb,b,allies,\n"
    )
    with pytest.raises(InputError) as info:
        powermap.load(contacts, links=links)
    got = [(p.file.endswith("l.csv"), p.row, p.column, p.value) for p in info.value.problems]
    assert got == [
        (True, 2, "target", "zz"),
        (True, 3, "kind", "loves"),
        (True, 4, "weight", "1.5"),
        (True, 5, "target", "b"),
    ]


def test_links_defaults_are_marked(write):
    contacts = write("c.csv", "id,name\na,Ann\nb,Bo\n")
    pm = powermap.load(contacts, links=write("l.csv", "from,to\na,b\n"))
    assert pm.links[["kind", "kind_source", "weight", "weight_source"]].values.tolist() == [
        ["influences", "default", 0.5, "default"]
    ]


def test_bad_account_facts(write):
    path = write("c.csv", "id,name\na,Ann\n")
    problems = problems_of(path, stage="12", technicality="extreme", as_of="yesterday")
    assert [(p.column, p.value) for p in problems] == [
        ("stage", "12"),
        ("technicality", "extreme"),
        ("as_of", "yesterday"),
    ]


def test_from_frame_never_changes_the_callers_frame():
    frame = pd.DataFrame(
        {
            "id": ["a", "b"],
            "name": ["Ann", "Bo"],
            "reports_to": [None, "a"],
            "roles": [["economic buyer"], []],
            "influence": [5, None],
        }
    )
    before = frame.copy(deep=True)
    pm = powermap.from_frame(frame, name="Acme")
    pd.testing.assert_frame_equal(frame, before)
    assert pm.contacts["roles"].tolist() == [("decision_maker",), ()]
    assert pm.contacts["influence"].tolist()[0] == 5


def test_infinite_and_fractional_numbers_from_a_frame_are_reported_not_crashed():
    frame = pd.DataFrame(
        {
            "id": ["a", "b", "c"],
            "name": ["Ann", "Bo", "Cy"],
            "stance": [float("inf"), 1.0, 0.5],
            "influence": [4.0, float("-inf"), None],
        }
    )
    with pytest.raises(InputError) as info:
        powermap.from_frame(frame)
    got = [(p.row, p.column, p.value) for p in info.value.problems]
    assert got == [(2, "stance", "inf"), (3, "influence", "-inf"), (4, "stance", "0.5")]


def test_a_table_of_many_accounts_points_to_portfolio(write):
    path = write(
        "pipeline.csv",
        """
        deal,id,name,reports_to
        ACME,ceo,Ann,
        ACME,cto,Bo,ceo
        GLOBEX,ceo,Cy,
        GLOBEX,cto,Di,ceo
        """,
    )
    with pytest.raises(powermap.InputError) as caught:
        powermap.load(path)
    first = caught.value.problems[0]
    assert first.column == "deal" and "powermap portfolio FILE --by deal" in first.message
    assert "2 accounts" in first.message
    assert any("duplicate id" in p.message for p in caught.value.problems[1:])  # the row problems stay listed


# -- one account cut from a pipeline export: its facts are columns --------------------------------------------


def _cut_from_pipeline(tmp_path, stages=("5",) * 4):
    rows = [line.split(",") for line in GOOD_ROWS.strip().splitlines()]
    frame = pd.DataFrame(rows, columns=HEADER.strip().split(","))
    frame.insert(0, "account", "ACC-000042")
    frame.insert(1, "account_name", "Hartwell Precision Castings")
    frame["stage"], frame["technicality"], frame["as_of"] = list(stages), "high", "2026-11-15"
    path = tmp_path / "one_account.csv"
    frame.to_csv(path, index=False)
    return path


def test_an_account_cut_from_a_pipeline_reads_its_facts_from_its_columns(tmp_path):
    pm = powermap.load(_cut_from_pipeline(tmp_path))
    assert (pm.account.name, pm.account.stage, pm.account.technicality) == ("Hartwell Precision Castings", 5, "high")
    assert pm.account.as_of == dt.date(2026, 11, 15) and pm.account.sources["stage"] == "column"
    assert pm.contacts["account"].eq("ACC-000042").all()  # the user's column is kept as it was
    given = powermap.load(_cut_from_pipeline(tmp_path), stage=3, as_of="2026-12-01")
    assert (given.account.stage, given.account.as_of, given.account.sources["stage"]) == (
        3,
        dt.date(2026, 12, 1),
        "given",
    )


def test_an_account_column_plays_no_part_in_one_maps_analysis_nor_its_plan(tmp_path):
    pm = powermap.load(_cut_from_pipeline(tmp_path))
    bare = powermap.PowerMap(pm.contacts.drop(columns="account"), pm.links, pm.account)
    pd.testing.assert_frame_equal(pm.gaps(), bare.gaps())
    assert pm.coverage().equals(bare.coverage())
    actions = pm.plan(steps=2)  # the plan's copies are keyed by an account column of their own
    assert list(actions["coverage_after"]) == list(bare.plan(steps=2)["coverage_after"])


def test_fact_columns_that_disagree_are_a_problem_naming_the_row(tmp_path):
    problems = problems_of(_cut_from_pipeline(tmp_path, stages=("5", "5", "6", "5")))
    differs = [p for p in problems if "stage differs between rows" in p.message]
    assert len(differs) == 1 and differs[0].row == 4 and differs[0].column == "stage" and differs[0].value == "6"
