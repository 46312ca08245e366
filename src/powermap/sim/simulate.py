"""Simulated closed deals: synthetic pipelines whose outcomes follow known effects taken from the methodology.

A history for trying ``powermap learn`` and for testing that it recovers what
is there. Accounts come from :func:`powermap.sim.synth.pipeline` (organisation
charts, role mixes, engagement driven by how far each deal was worked); each
is scored with :func:`powermap.portfolio.score`; its outcome is then drawn
from a logistic model of its powermap features (:func:`powermap.learn.features`)::

    P(won) = 1 / (1 + exp(-(INTERCEPT + sum_j TRUE_EFFECTS[j] * x_j)))

The effects (log-odds; a gap or role counts 1 when present) follow
``docs/methodology.md``:

==============================  ======  ===============================================================
feature                         effect  principle
==============================  ======  ===============================================================
gap_decision-maker-unreached    -1.3    §5 decision power: never reaching the decision maker is very dangerous
gap_single-threaded             -0.9    §5 relationship power: widen the allies and the support base
engaged_inside_coach            +0.9    §1 inside coach, §5 information power: without one it is guesswork
gap_resistant-key-user          -0.8    §1 key user: resisting user departments sink purchases
gap_influential-blocker         -0.7    §5 an influential opponent
gap_weak-initiator              -0.6    §1 initiator: a low-ranked initiator makes the deal very hard
gap_late-technical-engagement   -0.5    §1 technical supporter: engage technical staff early
gap_bypassed-mid-level          -0.4    §2 principle 2: going around the mid-level loses deals
mid_level_allies                +0.2    §2 principle 1: ally with more mid-level managers (per ally)
support_share                   +1.5    §5 influence-weighted support (0 to 1)
==============================  ======  ===============================================================

Every other feature has no effect on the outcome: the simulated team's
history says nothing about, for instance, stale relationships or unknown
attributes, so a model trained on it should find no clear effect there.
This is a simulation, meant to exercise the method; a team's own closed
deals are what the model is for.

>>> deals = closed_deals(40, 20, seed=1)
>>> len(deals.outcomes), set(deals.outcomes["won"]) <= {0, 1}
(40, True)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from powermap.learn.model import features
from powermap.portfolio import local as portfolio
from powermap.sim.synth import history_command, pipeline

__all__ = ["TRUE_EFFECTS", "INTERCEPT", "ClosedDeals", "closed_deals", "true_probability"]

TRUE_EFFECTS: dict[str, float] = {
    "gap_decision-maker-unreached": -1.3,
    "gap_single-threaded": -0.9,
    "engaged_inside_coach": 0.9,
    "gap_resistant-key-user": -0.8,
    "gap_influential-blocker": -0.7,
    "gap_weak-initiator": -0.6,
    "gap_late-technical-engagement": -0.5,
    "gap_bypassed-mid-level": -0.4,
    "mid_level_allies": 0.2,
    "support_share": 1.5,
}
INTERCEPT = -0.9  # about 40% of the simulated deals are won


@dataclass
class ClosedDeals:
    """A simulated history: ``contacts`` (a pipeline table with an ``account`` column and the facts), ``outcomes``
    (``account``, ``won`` 1/0), and ``probability`` (each account's true win probability, for the oracle AUC)."""

    contacts: pd.DataFrame
    outcomes: pd.DataFrame
    probability: pd.Series
    features: pd.DataFrame


def true_probability(X: pd.DataFrame) -> pd.Series:
    """The simulator's win probability of accounts with features ``X`` (:func:`powermap.learn.features`)."""
    logit = INTERCEPT + sum(effect * X[name].astype(float) for name, effect in TRUE_EFFECTS.items())
    return (1 / (1 + np.exp(-logit))).rename("probability")


def closed_deals(accounts: int = 500, people: int = 30, seed: int = 0) -> ClosedDeals:
    """Simulate ``accounts`` closed deals of about ``people`` contacts each; seeded, vectorised, about a second
    per 250 accounts."""
    contacts = pipeline(accounts, people, seed=seed)
    # closed deals are named apart from the open pipeline's accounts (ACC-...), so the two never mix up
    contacts["account"] = contacts["account"].str.replace("ACC-", "DEAL-", regex=False)
    contacts["account_name"] = contacts["account_name"].str.replace("Customer", "Past customer", regex=False)
    X = features(portfolio.score(contacts, by="account"))
    probability = true_probability(X)
    rng = np.random.default_rng([seed, 2026])
    won = (rng.random(len(X)) < probability.to_numpy()).astype(int)
    outcomes = pd.DataFrame({"account": X.index.to_numpy(dtype=object), "won": won})
    return ClosedDeals(contacts, outcomes, probability, X)


def main(argv: list[str] | None = None) -> None:
    """``python -m powermap.sim.simulate CONTACTS OUTCOMES [--accounts N] [--people N] [--seed N]``: write a history."""
    history_command("python -m powermap.sim.simulate", main.__doc__ or "", closed_deals, 600, argv)


if __name__ == "__main__":
    main()
