"""A streamed pipeline hands its chunks to the workers through files (powermap.portfolio.handoff): the worker
gets the very table the reader made, the files are gone after the run, and a chunk that cannot be written
goes through the pipe instead."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from powermap import portfolio
from powermap.errors import Problem
from powermap.io.read import RawTable
from powermap.portfolio import handoff, local
from powermap.portfolio.handoff import Handoff, put, take


def chunk() -> RawTable:
    """A chunk as the CSV reader makes one, with a column of another type beside the text, row numbers that
    do not start at 2 and a refused cell."""
    frame = pd.DataFrame(
        {
            "account": ["ACC-1", "ACC-1", "ACC-2"],
            "id": ["A1", "A2", "B1"],
            "name": ["Ana Lima", "", "王伟"],
            "notes": [None, "met at the fair, 3 May", "x" * 70_000],
        }
    ).astype("str")
    frame["extra"] = pd.Series([1, None, 3], dtype="Int64")
    frame.index = pd.RangeIndex(40, 43)
    problems = [Problem("pipeline.csv", "cell too long", 43, "notes", None, "row")]
    return RawTable("pipeline.csv", frame, np.array([41, 42, 43]), "row", problems)


def test_a_chunk_comes_back_as_it_went_through_a_file_that_is_then_gone(tmp_path):
    raw = chunk()
    folder = tmp_path / "handoff"
    folder.mkdir()
    job = put(raw, folder)
    assert isinstance(job, Handoff) and len(list(folder.iterdir())) == 1
    assert list(job.rest.frame.columns) == ["extra"]  # only what is not Arrow text goes through the pipe
    back = take(job)
    pd.testing.assert_frame_equal(back.frame, raw.frame)
    assert list(back.frame.dtypes) == list(raw.frame.dtypes)
    assert back.rows.tolist() == [41, 42, 43] and back.problems == raw.problems and back.file == raw.file
    assert not list(folder.iterdir())
    assert back.frame["notes"].isna().iat[0] and back.frame["name"].iat[2] == "王伟"


def test_without_a_folder_or_where_the_file_cannot_be_written_the_chunk_goes_through_the_pipe(tmp_path):
    raw = chunk()
    assert put(raw, None) is raw
    assert put(raw, tmp_path / "gone") is raw  # the folder vanished: nothing raised, nothing lost
    assert take(raw) is raw


def test_a_pooled_streamed_run_hands_chunks_through_files_and_leaves_none(tmp_path, monkeypatch):
    from powermap.sim.synth import pipeline

    shared = tmp_path / "shm"
    shared.mkdir()
    monkeypatch.setattr(handoff, "SHARED_MEMORY", shared)
    sent = []
    monkeypatch.setattr(local, "put", lambda raw, folder: sent.append(put(raw, folder)) or sent[-1])
    frame = pipeline(80, 20, seed=6).astype(str)
    frame.loc[3, "influence"] = "huge"  # a bad account: its problem still names its row
    path = tmp_path / "pipeline.csv"
    frame.to_csv(path, index=False)
    pooled = portfolio.score_file(path, "account", as_of="2026-11-01", rows_per_chunk=300, n_jobs=2)
    alone = portfolio.score_file(path, "account", as_of="2026-11-01", rows_per_chunk=300, n_jobs=1)
    assert len(sent) >= 4 and all(isinstance(job, Handoff) for job in sent)
    pd.testing.assert_frame_equal(pooled.accounts, alone.accounts)
    pd.testing.assert_frame_equal(pooled.gaps, alone.gaps)
    assert [str(p) for p in pooled.problems] == [str(p) for p in alone.problems] and "row 5" in str(pooled.problems[0])
    assert not list(shared.iterdir())


def test_a_run_stopped_by_an_error_leaves_no_file_behind(tmp_path, monkeypatch):
    from powermap.sim.synth import pipeline

    shared = tmp_path / "shm"
    shared.mkdir()
    monkeypatch.setattr(handoff, "SHARED_MEMORY", shared)

    sent = []

    def failing(raw, folder):
        if len(sent) == 3:  # Ctrl-C with chunks in flight, some maybe still waiting in their files
            (folder / "left-behind.arrow").write_bytes(b"")
            raise KeyboardInterrupt
        sent.append(put(raw, folder))
        return sent[-1]

    monkeypatch.setattr(local, "put", failing)
    path = tmp_path / "pipeline.csv"
    pipeline(80, 20, seed=6).to_csv(path, index=False)
    with pytest.raises(KeyboardInterrupt):
        portfolio.score_file(path, "account", rows_per_chunk=200, n_jobs=2)
    assert not list(shared.iterdir())
