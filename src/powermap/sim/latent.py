"""Closed deals whose outcomes come from a latent deal model, not from powermap's own gap features.

:mod:`powermap.sim.simulate` draws each outcome from powermap's features
(its gaps, its support share), so a grade or a learned model scored on it is
judged against itself. This simulator is its independent twin, for the
calibration report (``benchmarks/calibration.py``, ``docs/calibration.md``):

1. **The world.** Organisations, buying roles and how far each deal was
   worked come from :func:`powermap.sim.synth.pipeline`; each account also
   gets a handler (经手人), and each person a *true* stance and influence.
2. **What the seller sees.** The contact table handed to powermap is a noisy
   read of that world: a shallow relationship misreads a stance (mostly too
   kindly), people we never met often have no stance or influence written
   down, a handler is not always tagged, a competitor tie is known only of
   people we talk to. An inside coach we trust makes the reads sharper.
3. **The outcome.** Each account's latent terms (:func:`latent_terms`) are
   computed from the *true* table by this module's own code, never by
   powermap's analysis, and the outcome is drawn from::

       P(won) = 1 / (1 + exp(-(INTERCEPT + sum_k EFFECTS[k] * term_k + u))),   u ~ Normal(0, UNSEEN_SD)

   where ``u`` stands for everything a power map cannot show (price, product
   fit, the competitor's own moves). The terms, their effects and the
   principle each encodes are in :data:`EFFECTS` and ``docs/calibration.md``.

Deterministic by seed; this module imports nothing of powermap's analysis.

>>> deals = closed_deals(60, 20, seed=1)
>>> len(deals.outcomes), set(deals.outcomes["won"]) <= {0, 1}, list(deals.terms.index) == list(deals.outcomes["account"])
(60, True, True)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from powermap.sim.synth import history_command, pipeline

__all__ = [
    "EFFECTS",
    "INTERCEPT",
    "UNSEEN_SD",
    "TERMS",
    "ROLE_WORDS",
    "LatentDeals",
    "read_truth",
    "latent_terms",
    "win_probability",
    "draw_outcomes",
    "observe",
    "closed_deals",
]

#: term -> effect on the log-odds of a win (per unit of the term); docs/calibration.md gives the principle of each
EFFECTS: dict[str, float] = {
    "stage_progress": 0.8,
    "initiator_strength": 1.4,
    "no_supporting_initiator": -0.5,
    "decision_maker_stance": 0.45,
    "decision_maker_unreached": -1.6,
    "advisor_stance": 0.3,
    "uncovered_influences": -0.35,
    "key_user_resists": -0.7,
    "technical_stance": 0.4,
    "technical_veto": -0.9,
    "coach_loyal": 0.6,
    "coach_disloyal": -0.8,
    "mid_level_bypassed": -0.5,
    "mid_level_allies": 0.12,
    "support_balance": 1.0,
    "handler_bond": 0.4,
    "handler_weak": -0.3,
    "finance_opposed_late": -0.6,
}
TERMS: tuple[str, ...] = tuple(EFFECTS)
INTERCEPT = -1.2  # about 40% of the simulated deals are won
UNSEEN_SD = 1.0  # what no power map shows: price, product fit, the competitor's own moves

#: the role words of the raw table (synth's and the canonical ones) -> the part they name in the latent model
ROLE_WORDS: dict[str, str] = {
    "decision maker": "decision_maker",
    "decision_maker": "decision_maker",
    "champion": "initiator",
    "initiator": "initiator",
    "technical buyer": "technical_supporter",
    "technical_supporter": "technical_supporter",
    "key user": "key_user",
    "key_user": "key_user",
    "coach": "inside_coach",
    "inside_coach": "inside_coach",
    "advisor": "advisor",
    "finance": "finance",
    "gatekeeper": "gatekeeper",
    "influencer": "influencer",
    "handler": "handler",
}
PARTS: tuple[str, ...] = tuple(dict.fromkeys(ROLE_WORDS.values()))
TECHNICAL_WEIGHT = {"low": 0.3, "medium": 0.6, "high": 1.0}  # how far the technical side sways the decision
_TRUTH_COLUMNS = ["account", "id", "level", "reports_to", "stage", "technicality"]


@dataclass
class LatentDeals:
    """A simulated history: ``contacts`` (what the seller wrote down, the table powermap reads), ``truth`` (the
    world: one row per person, true stance and influence, one boolean column per part), ``terms`` (one row per
    account: the latent terms), ``probability`` (each account's true win probability, the oracle) and
    ``outcomes`` (``account``, ``won`` 1/0); ``terms``, ``probability`` and ``outcomes`` share their order."""

    contacts: pd.DataFrame
    truth: pd.DataFrame
    terms: pd.DataFrame
    probability: pd.Series
    outcomes: pd.DataFrame


def read_truth(contacts: pd.DataFrame) -> pd.DataFrame:
    """The latent model's view of a raw contact table whose stance and influence are the true ones.

    Parameters
    ----------
    contacts : DataFrame
        One row per person with ``account``, ``id``, ``level``, ``reports_to``, ``roles`` (words of
        :data:`ROLE_WORDS` separated by ``;``), ``influence`` (1-5), ``stance`` (-2 to 2), ``relationship``
        (0-3), ``competitor`` (text, empty when none), ``stage`` (1-8) and ``technicality`` (low, medium, high).

    Returns
    -------
    DataFrame
        One row per person: those columns (``stance``, ``influence`` and ``relationship`` as numbers,
        ``competitor`` as a boolean) and one boolean column per part (``decision_maker``, ``initiator``, ...).

    Raises
    ------
    ValueError
        A role word the model does not know, or a stance or influence missing (the truth has no unknowns).

    Examples
    --------
    >>> table = pd.DataFrame({"account": ["A", "A"], "id": ["ceo", "it"], "level": ["executive", "mid"],
    ...     "reports_to": ["", "ceo"], "roles": ["decision maker", "technical buyer;coach"], "influence": [5, 3],
    ...     "stance": [1, 2], "relationship": [1, 2], "competitor": ["", ""], "stage": 4, "technicality": "high"})
    >>> read_truth(table).loc[1, ["technical_supporter", "inside_coach", "decision_maker"]].tolist()
    [True, True, False]
    """
    contacts = contacts.reset_index(drop=True)
    truth = contacts[_TRUTH_COLUMNS].copy()
    for column in ("stance", "influence", "relationship"):
        values = pd.to_numeric(contacts[column].replace("", np.nan), errors="coerce")
        if values.isna().any():
            row = int(np.flatnonzero(values.isna().to_numpy())[0])
            raise ValueError(f"the true table needs every {column}: row {row} ({contacts['id'].iloc[row]}) has none")
        truth[column] = values.astype(float)
    truth["competitor"] = contacts["competitor"].fillna("").astype(str).str.strip() != ""
    words = contacts["roles"].fillna("").astype(str).str.split(";").explode().str.strip().str.lower()
    words = words[words != ""]
    unknown = sorted(set(words) - set(ROLE_WORDS))
    if unknown:
        raise ValueError(f"role words the latent model does not know: {', '.join(unknown)} (known: {list(ROLE_WORDS)})")
    parts = words.map(ROLE_WORDS)
    for part in PARTS:
        truth[part] = pd.Series(False, index=truth.index)
        truth.loc[parts.index[parts == part].unique(), part] = True
    return truth.reset_index(drop=True)


def latent_terms(truth: pd.DataFrame) -> pd.DataFrame:
    """Each account's latent terms, computed from the true table (:func:`read_truth`) by this module's own code.

    Parameters
    ----------
    truth : DataFrame
        The true table, as :func:`read_truth` returns it.

    Returns
    -------
    DataFrame
        One row per account (indexed by ``account``, in order of first appearance), one column per term of
        :data:`TERMS`. Engaged means relationship >= 1, a supporter stance >= 1, opposed stance <= -1.

    Examples
    --------
    >>> table = pd.DataFrame({"account": ["A", "A"], "id": ["ceo", "it"], "level": ["executive", "mid"],
    ...     "reports_to": ["", "ceo"], "roles": ["decision maker", "technical buyer;champion"], "influence": [5, 3],
    ...     "stance": [-2, 2], "relationship": [1, 2], "competitor": ["", ""], "stage": 4, "technicality": "high"})
    >>> terms = latent_terms(read_truth(table))
    >>> terms.loc["A", ["decision_maker_stance", "initiator_strength", "mid_level_bypassed"]].tolist()
    [-2.0, 0.5, 0.0]
    """
    t = truth.copy()
    order = pd.Index(t["account"].drop_duplicates(), name="account")
    engaged = t["relationship"] >= 1
    supports = t["stance"] >= 1
    opposed = t["stance"] <= -1
    g = t["account"]

    def any_(mask: pd.Series) -> pd.Series:
        return mask.groupby(g).any().reindex(order, fill_value=False).astype(float)

    def mean_where(values: pd.Series, mask: pd.Series) -> pd.Series:
        return values[mask].groupby(g[mask]).mean().reindex(order, fill_value=0.0)

    def max_where(values: pd.Series, mask: pd.Series) -> pd.Series:
        return values[mask].groupby(g[mask]).max().reindex(order, fill_value=0.0)

    facts = t.groupby("account").first().reindex(order)
    stage = facts["stage"].astype(float)
    terms = pd.DataFrame(index=order)
    terms["stage_progress"] = (stage - 4.5) / 3.5

    backing = t["initiator"] & engaged & supports
    terms["initiator_strength"] = max_where((t["influence"] - 1) / 4, backing)
    terms["no_supporting_initiator"] = 1.0 - any_(backing)

    terms["decision_maker_stance"] = mean_where(t["stance"], t["decision_maker"])
    terms["decision_maker_unreached"] = (1.0 - any_(t["decision_maker"] & engaged)) * stage / 8
    weight = t["influence"].where(t["advisor"], 0.0)
    advisor_sum = (weight * t["stance"]).groupby(g).sum().reindex(order, fill_value=0.0)
    advisor_weight = weight.groupby(g).sum().reindex(order, fill_value=0.0)
    terms["advisor_stance"] = (advisor_sum / advisor_weight.where(advisor_weight > 0)).fillna(0.0)

    influences = {
        "users": t["key_user"],
        "technical": t["technical_supporter"],
        "decider": t["decision_maker"],
        "others": t["advisor"] | t["influencer"],
    }
    terms["uncovered_influences"] = sum(1.0 - any_(holds & engaged) for holds in influences.values())
    terms["key_user_resists"] = any_(t["key_user"] & opposed)

    technical = mean_where(t["stance"], t["technical_supporter"])
    terms["technical_stance"] = technical * facts["technicality"].map(TECHNICAL_WEIGHT).fillna(0.6)
    terms["technical_veto"] = any_(
        t["technical_supporter"] & opposed & (t["influence"] >= 3) & (t["technicality"] == "high")
    )

    coach = t["inside_coach"] & engaged
    terms["coach_loyal"] = any_(coach & (t["relationship"] >= 2) & ~t["competitor"])
    terms["coach_disloyal"] = any_(coach & t["competitor"])

    terms["mid_level_bypassed"] = _bypassed(t, engaged, order)
    allies = (t["level"] == "mid") & engaged & supports
    terms["mid_level_allies"] = allies.groupby(g).sum().reindex(order, fill_value=0).clip(upper=4).astype(float)

    total = t["influence"].groupby(g).sum().reindex(order)
    pro = t["influence"].where(supports, 0.0).groupby(g).sum().reindex(order)
    con = t["influence"].where(opposed, 0.0).groupby(g).sum().reindex(order)
    terms["support_balance"] = ((pro - con) / total.where(total > 0)).fillna(0.0)

    handler = t["handler"]
    terms["handler_bond"] = any_(handler & (t["relationship"] >= 2))
    terms["handler_weak"] = any_(handler & (t["influence"] <= 2))
    terms["finance_opposed_late"] = any_(t["finance"] & opposed) * (stage >= 6)
    return terms[list(TERMS)].astype(float)


def _bypassed(t: pd.DataFrame, engaged: pd.Series, order: pd.Index) -> pd.Series:
    """1 where an engaged executive has a mid-level report on the project's path (holding a part, handling the
    deal, or managing someone who does) whom we have not engaged."""
    holds = t[list(PARTS)].any(axis=1)
    managers_of_holders = set(zip(t.loc[holds, "account"], t.loc[holds, "reports_to"]))
    on_path = holds | pd.Series([key in managers_of_holders for key in zip(t["account"], t["id"])], index=t.index)
    reports = t.assign(engaged=engaged, on_path=on_path)[["account", "reports_to", "level", "engaged", "on_path"]]
    bosses = t.assign(boss_engaged=engaged)[["account", "id", "level", "boss_engaged"]]
    pairs = reports.merge(
        bosses.rename(columns={"id": "reports_to", "level": "boss_level"}), on=["account", "reports_to"]
    )
    gone_around = (
        (pairs["boss_level"] == "executive")
        & pairs["boss_engaged"]
        & (pairs["level"] == "mid")
        & pairs["on_path"]
        & ~pairs["engaged"]
    )
    return gone_around.groupby(pairs["account"]).any().reindex(order, fill_value=False).astype(float)


def win_probability(terms: pd.DataFrame, unseen: np.ndarray | None = None) -> pd.Series:
    """The latent model's win probability of each account (without ``unseen``: of the account's average draw).

    Parameters
    ----------
    terms : DataFrame
        :func:`latent_terms`.
    unseen : array, optional
        Each account's draw of what no power map shows (log-odds); zero when omitted.

    Returns
    -------
    Series
        ``probability`` per account, in the order of ``terms``.

    Examples
    --------
    >>> round(float(win_probability(pd.DataFrame([dict.fromkeys(TERMS, 0.0)])).iloc[0]), 3)  # the intercept alone
    0.231
    """
    logit = INTERCEPT + sum(effect * terms[name].astype(float) for name, effect in EFFECTS.items())
    if unseen is not None:
        logit = logit + unseen
    return (1 / (1 + np.exp(-logit))).rename("probability")


def draw_outcomes(terms: pd.DataFrame, seed: int = 0) -> tuple[pd.Series, pd.Series]:
    """Draw each account's unseen part and outcome: ``(probability, won)``, both in the order of ``terms``.

    Parameters
    ----------
    terms : DataFrame
        :func:`latent_terms`.
    seed : int
        The draws' seed.

    Returns
    -------
    tuple of Series
        The true probability (with its unseen part) and ``won`` (1 or 0).

    Examples
    --------
    >>> terms = pd.DataFrame([dict.fromkeys(TERMS, 0.0)] * 1000)
    >>> _, won = draw_outcomes(terms, seed=2)
    >>> 0.15 < float(won.mean()) < 0.35
    True
    """
    rng = np.random.default_rng([seed, 7])
    unseen = rng.normal(0.0, UNSEEN_SD, len(terms))
    probability = win_probability(terms, unseen)
    won = pd.Series((rng.random(len(terms)) < probability.to_numpy()).astype(int), index=terms.index, name="won")
    return probability, won


def observe(truth_contacts: pd.DataFrame, seed: int = 0) -> pd.DataFrame:
    """What the seller writes down about the true world: the contact table powermap reads.

    A relationship of depth ``r`` reads a stance right with probability ``0.55 + 0.15 r`` (0.1 more when an
    inside coach we trust is engaged in the account); a misread is one step too kind two times in three. Of people
    we have not engaged, 40% have no stance and 15% no influence written down. A handler is tagged 60% of the
    time; a competitor tie is known only of engaged people, 80% of the time.

    Parameters
    ----------
    truth_contacts : DataFrame
        The raw true table (as :func:`read_truth` takes it).
    seed : int
        The reads' seed.

    Returns
    -------
    DataFrame
        The same rows and columns, ``stance``, ``influence``, ``roles`` and ``competitor`` as the seller knows them.

    Examples
    --------
    >>> table = pd.DataFrame({"account": "A", "id": ["ceo"], "level": ["executive"], "reports_to": [""],
    ...     "roles": ["decision maker"], "influence": [5], "stance": [-1], "relationship": [3], "competitor": [""],
    ...     "stage": 4, "technicality": "high"})
    >>> int(observe(table).loc[0, "stance"])  # a trusted relationship reads the stance right
    -1
    """
    rng = np.random.default_rng([seed, 11])
    truth = read_truth(truth_contacts)
    n = len(truth)
    seen = truth_contacts.copy().reset_index(drop=True)
    engaged = truth["relationship"].to_numpy() >= 1
    trusted_coach = truth["inside_coach"] & (truth["relationship"] >= 2) & ~truth["competitor"]
    informed = truth["account"].isin(set(truth.loc[trusted_coach, "account"])).to_numpy()
    right = rng.random(n) < 0.55 + 0.15 * truth["relationship"].to_numpy() + np.where(informed, 0.1, 0.0)
    step = np.where(rng.random(n) < 2 / 3, 1, -1)
    read = np.where(right, truth["stance"], np.clip(truth["stance"] + step, -2, 2)).astype(int).astype(object)
    read[~engaged & (rng.random(n) < 0.4)] = ""
    seen["stance"] = read
    influence = truth["influence"].astype(int).to_numpy().astype(object)
    influence[~engaged & (rng.random(n) < 0.15)] = ""
    seen["influence"] = influence
    tagged = rng.random(n) < 0.6
    roles = seen["roles"].fillna("").astype(str).str.split(";")
    seen["roles"] = [
        ";".join(w for w in words if w and (w.strip() != "handler" or keep)) for words, keep in zip(roles, tagged)
    ]
    known_tie = engaged & (rng.random(n) < 0.8)
    seen["competitor"] = np.where(known_tie, seen["competitor"].fillna("").astype(str), "")
    return seen


def _world(accounts: int, people: int, seed: int) -> pd.DataFrame:
    """The true contact table: synth's pipeline with every stance and influence known, a handler in each account,
    and now and then an inside coach who came from a competitor."""
    rng = np.random.default_rng([seed, 23])
    world = pipeline(accounts, people, seed=seed)
    world["account"] = world["account"].str.replace("ACC-", "DEAL-", regex=False)
    world["account_name"] = world["account_name"].str.replace("Customer", "Past customer", regex=False)
    n = len(world)
    stance = pd.to_numeric(world["stance"].replace("", np.nan), errors="coerce")
    drawn = np.clip(np.round(rng.normal(0.3, 1.0, n)), -2, 2)
    world["stance"] = stance.fillna(pd.Series(drawn, index=world.index)).astype(int)
    influence = pd.to_numeric(world["influence"].replace("", np.nan), errors="coerce")
    by_level = world["level"].map({"executive": 4, "mid": 3, "staff": 2}).fillna(2).to_numpy()
    guess = np.clip(by_level + rng.integers(-1, 2, n), 1, 5)
    world["influence"] = influence.fillna(pd.Series(guess, index=world.index)).astype(int)
    # the handler: a manager (a member of staff when the account has none) who runs the project day to day
    level = world["level"].to_numpy()
    preference = rng.random(n) + np.where(level == "mid", 2.0, np.where(level == "staff", 1.0, 0.0))
    pick = pd.Series(preference, index=world.index).groupby(world["account"]).idxmax()
    roles = world["roles"].astype(str).to_numpy(dtype=object)
    roles[pick.to_numpy()] = [f"{r};handler" if r else "handler" for r in roles[pick.to_numpy()]]
    world["roles"] = roles
    # an inside coach who once worked for a competitor, about one inside coach in eight
    coach = world["roles"].str.contains("coach", regex=False).to_numpy() & (rng.random(n) < 0.12)
    world.loc[coach, "competitor"] = "Kestrel Automation"
    return world


def closed_deals(accounts: int = 1000, people: int = 30, seed: int = 0) -> LatentDeals:
    """Simulate ``accounts`` closed deals of about ``people`` contacts each, outcomes from the latent model.

    Parameters
    ----------
    accounts, people : int
        How many deals, and the mean size of their organisations.
    seed : int
        Everything is drawn from it: the same seed gives the same deals.

    Returns
    -------
    LatentDeals

    Examples
    --------
    >>> a, b = closed_deals(30, 15, seed=4), closed_deals(30, 15, seed=4)
    >>> a.contacts.equals(b.contacts) and a.outcomes.equals(b.outcomes)
    True
    """
    world = _world(accounts, people, seed)
    truth = read_truth(world)
    terms = latent_terms(truth)
    probability, won = draw_outcomes(terms, seed)
    outcomes = pd.DataFrame({"account": terms.index.to_numpy(dtype=object), "won": won.to_numpy()})
    return LatentDeals(observe(world, seed), truth, terms, probability, outcomes)


def main(argv: list[str] | None = None) -> None:
    """``python -m powermap.sim.latent CONTACTS OUTCOMES [--accounts N] [--people N] [--seed N]``: write a history
    whose outcomes come from the latent deal model."""
    history_command(
        "python -m powermap.sim.latent",
        main.__doc__ or "",
        closed_deals,
        1000,
        argv,
        " (outcomes from the latent deal model, docs/calibration.md)",
    )


if __name__ == "__main__":
    main()
