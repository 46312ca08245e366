"""The pipeline's planner (``plan_pipeline``): each account's state is cut from the pipeline's shared arrays,
and its plan is exactly ``powermap plan``'s on the account's own map, step 1 and the steps after it."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest

import powermap
from powermap.analysis.run import analyze_batch
from powermap.plan.actions import plan_actions, plan_pipeline
from powermap.sim.synth import pipeline

FACTS = ["account_name", "stage", "technicality", "as_of"]


def _accounts(count: int, seed: int, keep: list[str] | None = None) -> tuple[list[str], list[powermap.PowerMap]]:
    table = pipeline(count, 25, seed=seed)
    if keep is not None:
        table = table[table["account"].isin(keep)]
    keys, maps = [], []
    for key, rows in table.groupby("account", sort=False):
        keys.append(key)
        maps.append(
            powermap.from_frame(
                rows.drop(columns=["account", *FACTS]),
                name=rows["account_name"].iloc[0],
                stage=rows["stage"].iloc[0],
                technicality=rows["technicality"].iloc[0],
                as_of=rows["as_of"].iloc[0],
            )
        )
    return keys, maps


def _batch(keys: list[str], maps: list[powermap.PowerMap]):
    contacts = pd.concat([pm.contacts.assign(account=key) for key, pm in zip(keys, maps)], ignore_index=True)
    facts = pd.DataFrame(
        [
            {
                "stage": pm.account.stage,
                "technicality": pm.account.technicality,
                "as_of": pd.Timestamp(pm.account.as_of),
            }
            for pm in maps
        ],
        index=pd.Index(keys, dtype=object),
    )
    return contacts, analyze_batch(contacts, None, facts, messages=False)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_pipelines_plans_are_powermap_plans_on_each_accounts_own_map(lang):
    """Two steps on 24 synthetic accounts (the second step runs on the map the first made, made lazily from
    the pipeline's rows): every field of every action equals ``plan_actions`` on the account's own map."""
    keys, maps = _accounts(24, seed=11)
    contacts, analysis = _batch(keys, maps)
    plans = plan_pipeline(contacts, analysis, [pm.account for pm in maps], steps=2, lang=lang)
    two_steps = 0
    for key, pm, got in zip(keys, maps, plans):
        want = plan_actions(pm, steps=2, lang=lang)
        assert [{k: a[k] for k in want["actions"][0]} for a in got["actions"]] == want["actions"], key
        assert (got["coverage"], got["risk"]) == (want["coverage"], want["risk"]), key
        two_steps += len(want["actions"]) == 2
    assert two_steps >= 12  # the second step is exercised, not only the first


def test_the_steps_after_a_second_owner_a_refresh_or_a_person_found_are_powermap_plans():
    """A step's state on a pipeline's account is the shared rows with the step's cells changed (an owner, a last
    contact, a relationship, a stance), or, after a person found, a map of its own: the steps after each are
    those of ``plan_actions`` on the account's own map, field by field (sentences, owners, dates)."""
    keep = ["ACC-000007", "ACC-000056", "ACC-000058", "ACC-000071", "ACC-000289"]
    keys, maps = _accounts(300, seed=2, keep=keep)
    contacts, analysis = _batch(keys, maps)
    plans = plan_pipeline(contacts, analysis, [pm.account for pm in maps], steps=3)
    before_the_last = set()
    for key, pm, got in zip(keys, maps, plans):
        want = plan_actions(pm, steps=3)
        assert [{k: a[k] for k in want["actions"][0]} for a in got["actions"]] == want["actions"], key
        before_the_last.update(a["kind"] for a in want["actions"][:-1])
    assert {"second-owner", "refresh", "find"} <= before_the_last  # each kind of state is made and planned on


def test_plan_pipeline_refuses_tables_that_do_not_line_up():
    """The accounts' facts and the analysis must follow the contacts' order of accounts: a mismatch is an
    error, never a plan made from another account's numbers."""
    keys, maps = _accounts(3, seed=2)
    contacts, analysis = _batch(keys, maps)
    accounts = [pm.account for pm in maps]
    with pytest.raises(ValueError, match="one Account"):
        plan_pipeline(contacts, analysis, accounts[:2])
    shuffled = analysis.coverage.iloc[[1, 0, 2]].reset_index(drop=True)
    with pytest.raises(ValueError, match="order of accounts"):
        plan_pipeline(contacts, replace(analysis, coverage=shuffled), accounts)
    with pytest.raises(ValueError, match="row for row"):
        plan_pipeline(contacts, replace(analysis, scores=analysis.scores.iloc[1:]), accounts)


def test_the_copies_that_add_a_person_are_made_at_once_as_what_if_makes_them_one_by_one():
    """The copies of a step's ``find`` candidates (a placeholder added to the account), built as one frame for
    every account of a pipeline, equal the frames ``what_if``'s new-person builder makes for each candidate alone:
    same rows, values, types and depths."""
    from powermap.plan.actions import Costs, Planner
    from powermap.plan.copies import added_copies
    from powermap.plan.state import Rows, Shared
    from powermap.plan.whatif import new_person
    from powermap.policy import Policy

    keys, maps = _accounts(40, seed=5)
    contacts, analysis = _batch(keys, maps)
    shared = Shared(contacts.reset_index(drop=True), analysis)
    starts = contacts.reset_index(drop=True).groupby("account", sort=False).indices
    additions = []
    for code, (key, pm) in enumerate(zip(keys, maps)):
        rows = starts[key]
        planner = Planner(
            Rows(shared, int(rows[0]), int(rows[-1]) + 1, key, code, pm.account),
            team=None,
            policy=Policy(),
            lang="en",
            redact=False,
            costs=Costs(),
        )
        additions += [(planner.state, c) for c in planner.propose() if "add" in c.change]
    assert len({c.change["add"]["roles"] for _, c in additions}) >= 2  # several roles placed, in several accounts
    one_by_one = []
    for k, (s, c) in enumerate(additions):
        frame = new_person(s.c, {**c.change["add"], "id": c.contact})  # what one map's own copy holds
        frame.insert(0, "account", k)
        one_by_one.append(frame)
    expected = pd.concat(one_by_one, ignore_index=True)
    expected["account"] = expected["account"].astype(object)
    pd.testing.assert_frame_equal(added_copies(additions), expected, check_exact=True)


def test_a_steps_state_on_the_shared_rows_is_the_state_of_the_changed_map():
    """White box: ``State.after`` (a step's state made from the pipeline's shared rows, the step's cells changed)
    reads as the state made from the changed map itself, for every kind of cell a step changes, and again after a
    second step: the arrays, gaps, coverage, paths' inputs and the cells the sentences read."""
    from powermap.plan.copies import analyse_many, copy_analysis
    from powermap.plan.moves import Candidate
    from powermap.plan.state import Rows, Shared, State, apply_step
    from powermap.policy import Policy

    keys, maps = _accounts(4, seed=3)
    contacts, analysis = _batch(keys, maps)
    shared = Shared(contacts, analysis)
    n = len(maps[0].contacts)
    first = State(Rows(shared, 0, n, keys[0], 0, maps[0].account))
    ids = list(first.ids)
    steps = [
        Candidate("engage", ids[-1], {"relationship": 1}, "test"),
        Candidate("convert", ids[1], {"stance": 2}, "test"),
        Candidate("second-owner", ids[2], {"owner": " Bob Stone "}, "test"),
        Candidate("refresh", ids[3], {"last_contact": "2026-11-15"}, "test"),
        Candidate("arm", ids[6], {"roles": ";".join((*first.roles[6], "initiator"))}, "test"),
        Candidate("deepen", ids[4], {"people": {ids[4]: {"relationship": 3}, ids[5]: {"stance": -1}}}, "test"),
    ]

    def equal(a, b) -> bool:  # unknown values (NaN) equal too
        return pd.Series(list(a), dtype=object).equals(pd.Series(list(b), dtype=object))

    def same(fast: State, slow: State) -> None:
        for name in ("ids", "level", "stance", "rel", "owner", "dept", "depth", "eff", "parent", "disloyal", "roles"):
            assert equal(getattr(fast, name), getattr(slow, name)), name
        assert fast.gap_items == slow.gap_items and fast.gap_rows == slow.gap_rows
        assert equal(fast.cover.values(), slow.cover) and list(fast.cover) == list(slow.cover.index)
        assert (fast.gatekeepers, fast.not_through, fast.never_through) == (
            slow.gatekeepers,
            slow.not_through,
            slow.never_through,
        )
        for column in ("name", "title", "owner", "last_contact", "relationship", "stance", "roles"):
            assert equal([fast.cell(i, column) for i in range(fast.n)], [slow.cell(i, column) for i in range(slow.n)])

    policy = Policy()
    for step, source in zip(steps, analyse_many([(first, steps)], policy)[0]):
        fast = State.after(first, step, source[4])
        slow = State(apply_step(first.pm, step), copy_analysis(source[4]))
        same(fast, slow)
        again = Candidate("convert", ids[0], {"stance": 2}, "test")  # a second step, on the first's state
        (found,) = analyse_many([(fast, [again])], policy)[0]
        (found_slow,) = analyse_many([(slow, [again])], policy)[0]
        assert found[:4] == found_slow[:4], step.kind
        same(State.after(fast, again, found[4]), State(apply_step(slow.pm, again), copy_analysis(found_slow[4])))
