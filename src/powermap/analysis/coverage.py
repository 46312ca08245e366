"""Account-level coverage: roles, levels and departments engaged, support, threads, and the 0-100 score."""

from __future__ import annotations

import numpy as np
import pandas as pd

from powermap.analysis.batch import Batch
from powermap.analysis.holders import count_holders
from powermap.policy import Policy
from powermap.vocab import ROLES

__all__ = ["coverage", "role_coverage", "SCORE_PARTS"]

SCORE_PARTS = ("roles", "decision", "support", "breadth", "threads", "mid_level")


def _role_counts(batch: Batch, engaged: np.ndarray, supporter: np.ndarray) -> tuple[np.ndarray, ...]:
    """Per account (rows) and role (columns): holders, engaged holders, engaged supportive holders."""
    flags = batch.role_flags
    held = np.stack([batch.count(flags[r]) for r in ROLES], axis=1)
    held_engaged = np.stack([batch.count(flags[r] & engaged) for r in ROLES], axis=1)
    held_supportive = np.stack([batch.count(flags[r] & engaged & supporter) for r in ROLES], axis=1)
    return held, held_engaged, held_supportive


def role_coverage(batch: Batch, scores: pd.DataFrame) -> pd.DataFrame:
    """Per account and role: how many hold it, are engaged, support us (a tidy long table)."""
    held, engaged, supportive = _role_counts(
        batch, scores["engaged"].to_numpy(dtype=bool), scores["supporter"].to_numpy(dtype=bool)
    )
    A = len(batch.accounts)
    return pd.DataFrame(
        {
            "account": np.repeat(np.arange(A), len(ROLES)),
            "role": np.tile(np.array(ROLES, dtype=object), A),
            "held": held.ravel(),
            "engaged": engaged.ravel(),
            "supportive": supportive.ravel(),
        }
    )


def coverage(batch: Batch, scores: pd.DataFrame, policy: Policy | None = None) -> pd.DataFrame:
    """One row per account of coverage figures, and the coverage score with its parts.

    Columns: ``contacts``, ``engaged``, ``supporters``, ``opposed``,
    ``unknown_stance``; ``roles_held``, ``roles_engaged``, ``roles_supportive``
    (of the six); ``decision_makers``, ``decision_makers_engaged``;
    ``levels_engaged`` (of executive, mid, staff: vertical involvement);
    ``departments``, ``departments_engaged`` (lateral involvement);
    ``support_share`` and ``opposition_share`` (shares of the account's
    effective influence held by supporters / opponents); ``threads`` (engaged
    contacts) and ``owners`` (our people holding them); ``mid_level_allies``
    (engaged mid-level supporters); ``confidence`` (influence-weighted mean of
    the contacts' confidence); ``coverage`` (0-100) and its parts
    ``points_roles`` ... ``points_mid_level``.

    Notes
    -----
    The score adds six parts, each a policy maximum times a 0-1 figure, so
    every point traces back to one figure (defaults in brackets):

    - roles [30]: roles engaged / 6 (docs/methodology.md §3, cover every buying influence);
    - decision [15]: 2/3 (``decision_engaged_share``) for an engaged decision
      maker, the rest if one of them supports us (§5, decision power);
    - support [15+5=20]: the influence-weighted support share less the share
      of the opponents we engage (§5, relationship power: an engaged opponent
      lowers coverage, converting them raises it);
    - breadth [15]: half (``breadth_levels_share``) levels engaged / 3
      (``levels_target``), half departments engaged / 3 (``departments_target``,
      or / all departments when fewer) (§2, §6);
    - threads [10]: half (``threads_count_share``) engaged contacts / 3
      (``min_threads``), half owners / 2 (``owners_target``) (§5);
    - mid-level [10]: mid-level allies / the policy minimum (§2 principle 1).
    """
    policy = policy or Policy()
    A = len(batch.accounts)
    count = batch.count
    engaged, supporter, opposed = (scores[c].to_numpy(dtype=bool) for c in ("engaged", "supporter", "opposed"))
    eff = scores["effective_influence"].to_numpy(dtype=float)
    level = batch.column("level")
    held, held_engaged, held_supportive = _role_counts(batch, engaged, supporter)
    is_dm = batch.role_flags["decision_maker"]
    total_eff = batch.per_account(eff)

    def share(mask: np.ndarray) -> np.ndarray:
        return np.divide(batch.per_account(eff * mask), total_eff, out=np.zeros(A), where=total_eff > 0)

    f: dict[str, np.ndarray] = {
        "account": batch.accounts.to_numpy(dtype=object),
        "contacts": batch.size,
        "engaged": count(engaged),
        "supporters": count(supporter),
        "opposed": count(opposed),
        "unknown_stance": count(batch.contacts["stance"].isna().to_numpy()),
        "roles_held": (held > 0).sum(axis=1),
        "roles_engaged": (held_engaged > 0).sum(axis=1),
        "roles_supportive": (held_supportive > 0).sum(axis=1),
        "decision_makers": count(is_dm),
        "decision_makers_engaged": count(is_dm & engaged),
        "levels_engaged": batch.distinct("level", engaged),
        "departments": batch.distinct("department", np.ones(batch.n, dtype=bool)),
        "departments_engaged": batch.distinct("department", engaged),
        "support_share": share(supporter),
        "opposition_share": share(opposed),
    }
    f["threads"] = f["engaged"]
    f["owners"] = count_holders(batch, engaged)  # with an activity log, everyone of ours it saw touch them
    f["mid_level_allies"] = count((level == "mid") & engaged & supporter)
    conf = scores["confidence"].to_numpy(dtype=float)
    f["confidence"] = np.divide(batch.per_account(conf * eff), total_eff, out=np.ones(A), where=total_eff > 0)

    dm_supportive = count(is_dm & engaged & supporter) > 0
    departments = f["departments"]
    dept_target = np.minimum(np.maximum(departments, 1), max(policy.departments_target, 1))
    lateral = np.where(
        departments > 0,
        np.minimum(f["departments_engaged"], dept_target) / dept_target,
        (f["engaged"] > 0).astype(float),
    )
    engaged_share, levels_share, count_share = (
        policy.decision_engaged_share,
        policy.breadth_levels_share,
        policy.threads_count_share,
    )
    levels, owners = max(policy.levels_target, 1), max(policy.owners_target, 1)
    parts = {
        "roles": policy.points_roles * f["roles_engaged"] / len(ROLES),
        "decision": policy.points_decision
        * ((f["decision_makers_engaged"] > 0) * engaged_share + dm_supportive * (1 - engaged_share)),
        # relationship power is the balance: an opponent we engage pulls the support part down, converting
        # them lifts it back (docs/methodology.md §5)
        "support": policy.points_support * np.clip(f["support_share"] - share(opposed & engaged), 0.0, 1.0),
        "breadth": policy.points_breadth
        * (levels_share * np.minimum(f["levels_engaged"], levels) / levels + (1 - levels_share) * lateral),
        "threads": policy.points_threads
        * (
            count_share * np.minimum(f["engaged"], policy.min_threads) / max(policy.min_threads, 1)
            + (1 - count_share) * np.minimum(f["owners"], owners) / owners
        ),
        "mid_level": policy.points_mid_level
        * np.minimum(1.0, f["mid_level_allies"] / max(policy.min_mid_level_allies, 1)),
    }
    for name in SCORE_PARTS:
        f[f"points_{name}"] = np.round(parts[name].astype(float), 2)
    f["coverage"] = np.round(sum(parts[name].astype(float) for name in SCORE_PARTS), 1)
    return pd.DataFrame(f)
