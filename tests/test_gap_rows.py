"""The gap table built as columns is the table the row-by-row build gave: same rows, order, values and types."""

import numpy as np
import pandas as pd

import powermap.analysis.run as run
from powermap import portfolio
from powermap.analysis.gap_rows import GAP_COLUMNS, codes_per_account, gap_table
from powermap.analysis.gaps import CODES, SEVERITIES, SUBJECT
from powermap.sim.synth import pipeline


def row_by_row(raw, ids, eff, opposed) -> pd.DataFrame:
    """The gap table as analyze_made built it before: one tuple per gap, sorted in Python."""
    rows = []
    for gap in raw:
        at = SUBJECT.get(gap.code, -1)
        about = gap.contacts[at] if 0 <= at < len(gap.contacts) else -1
        weight = float(eff[about] * (2 if opposed[about] else 1)) if about >= 0 else 0.0
        people = tuple(ids[p] for p in gap.contacts)
        rows.append(
            (gap.account, gap.code, gap.severity, gap.role, gap.condition, people, None, None, gap.killer, weight)
        )
    severity, code = {s: i for i, s in enumerate(SEVERITIES)}, {c: i for i, c in enumerate(CODES)}
    order = sorted(range(len(rows)), key=lambda i: (rows[i][0], severity[rows[i][2]], code[rows[i][1]]))
    return pd.DataFrame([rows[i] for i in order], columns=[*GAP_COLUMNS, "weight"])


def test_gap_table_of_a_generated_pipeline_is_the_row_by_row_table(monkeypatch):
    seen = []

    def spy(raw, ids, eff, opposed):
        table, order = gap_table(raw, ids, eff, opposed)
        seen.append((row_by_row(raw, ids, eff, opposed), table, order, list(raw)))
        return table, order

    monkeypatch.setattr(run, "gap_table", spy)
    result = portfolio.score(pipeline(150, 25, seed=3).astype(str), by="account", contacts_scores=False)
    assert len(result.gaps) > 1000 and seen
    for expected, table, order, raw in seen:
        pd.testing.assert_frame_equal(table, expected, check_exact=True)
        assert table.dtypes.equals(expected.dtypes) and list(table.index) == list(range(len(table)))
        assert [raw[i].code for i in order] == table["code"].tolist()
        assert all(isinstance(people, tuple) for people in table["contacts"])


def test_no_gaps_gives_the_empty_table_of_before():
    table, order = gap_table([], np.array([], dtype=object), np.array([]), np.array([], dtype=bool))
    pd.testing.assert_frame_equal(table, pd.DataFrame([], columns=[*GAP_COLUMNS, "weight"]))
    assert order.tolist() == []


def test_codes_per_account_are_each_accounts_sorted_distinct_codes():
    rng = np.random.default_rng(5)
    account = rng.integers(0, 300, 5000)
    code = np.array(CODES, dtype=object)[rng.integers(0, len(CODES), 5000)]
    expected = [";".join(sorted(set(code[account == a].tolist()))) for a in range(320)]
    assert codes_per_account(account, code, 320) == expected
    assert expected[310] == "" and ";" in expected[0]
    many = np.array([f"code-{k:02d}" for k in range(70)][::-1], dtype=object)  # more kinds than a mask holds
    assert codes_per_account(np.zeros(70, dtype=np.int64), many, 1) == [";".join(sorted(many.tolist()))]
