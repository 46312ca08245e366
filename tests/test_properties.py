"""Whatever a user feeds in, powermap answers with a result or its own InputError, never a traceback."""

import csv
import io

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import powermap
from powermap import InputError

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
COLUMNS = [
    "id",
    "name",
    "title",
    "level",
    "reports_to",
    "roles",
    "influence",
    "stance",
    "relationship",
    "last_contact",
    "owner",
    "competitor",
]
# cells drawn from what real sheets hold: vocabulary words, numbers, dates, junk and other scripts
cell = st.one_of(
    st.text(max_size=12),
    st.sampled_from(
        [
            "",
            "a",
            "b",
            "c",
            "champion",
            "Economic Buyer; coach",
            "经理",
            "高层",
            "-1",
            "2",
            "7",
            "3.0",
            "high",
            "trusted",
            "2026-01-31",
            "2026-02-30",
            "=cmd|' /C calc'!A0",
            "<script>x</script>",
            "NaN",
            "None",
            "null",
            "\u0000",
            "a;b",
            '"quoted"',
        ]
    ),
    st.integers(-10, 10).map(str),
)


def load_or_input_error(path):
    try:
        return powermap.load(path)
    except InputError as error:
        assert error.problems and all(p.message for p in error.problems)
        return None


@SETTINGS
@given(data=st.binary(max_size=400), suffix=st.sampled_from([".csv", ".json", ".yaml", ".xlsx", ".parquet", ".tsv"]))
def test_random_bytes_never_raise_anything_else(tmp_path, data, suffix):
    path = tmp_path / f"random{suffix}"
    path.write_bytes(data)
    load_or_input_error(path)


@SETTINGS
@given(text=st.text(alphabet=st.sampled_from(list('id,name\n\r";|\tabc12-é中 ')), max_size=200))
def test_random_csv_text_never_raises_anything_else(tmp_path, text):
    path = tmp_path / "random.csv"
    path.write_text(text, encoding="utf-8")
    load_or_input_error(path)


@SETTINGS
@given(rows=st.lists(st.lists(cell, min_size=len(COLUMNS), max_size=len(COLUMNS)), min_size=1, max_size=8))
def test_random_cells_in_a_well_formed_sheet(tmp_path, rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    writer.writerows([[c.replace("\u0000", "") for c in row] for row in rows])
    path = tmp_path / "cells.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    pm = load_or_input_error(path)
    if pm is not None:
        contacts = pm.contacts
        # nothing lost: every row that had any text is there, with its id and name as given
        kept = [r for r in rows if any(c.replace("\u0000", "").strip() for c in r)]
        assert len(contacts) == len(kept)
        assert contacts["id"].tolist() == [r[0].replace("\u0000", "").strip() for r in kept]
        assert pm.graph.number_of_nodes() == len(contacts)


@SETTINGS
@given(
    values=st.lists(st.one_of(st.none(), st.integers(-5, 9), st.floats(allow_nan=True), cell), min_size=2, max_size=6)
)
def test_random_typed_values_from_a_notebook_frame(values):
    frame = pd.DataFrame(
        {"id": [f"p{i}" for i in range(len(values))], "name": "X", "stance": values, "influence": values[::-1]}
    )
    try:
        powermap.from_frame(frame)
    except InputError:
        pass
