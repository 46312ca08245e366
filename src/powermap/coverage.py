"""Account-level coverage: roles, levels and departments engaged, support, threads, and the 0-100 score."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .batch import Batch
from .policy import Policy
from .vocab import ROLES

__all__ = ["coverage", "role_coverage", "SCORE_PARTS"]

SCORE_PARTS = ("roles", "decision", "support", "breadth", "threads", "mid_level")


def role_coverage(batch: Batch, scores: pd.DataFrame) -> pd.DataFrame:
    """Per account and role: how many hold it, are engaged, support us (a tidy long table)."""
    flags = batch.role_flags
    engaged, supporter = scores["engaged"].to_numpy(), scores["supporter"].to_numpy()
    frames = []
    for role in ROLES:
        held = flags[role].to_numpy()
        frames.append(pd.DataFrame({
            "account": np.arange(len(batch.accounts)), "role": role,
            "held": np.bincount(batch.code, weights=held, minlength=len(batch.accounts)).astype(int),
            "engaged": np.bincount(batch.code, weights=held & engaged, minlength=len(batch.accounts)).astype(int),
            "supportive": np.bincount(batch.code, weights=held & engaged & supporter,
                                      minlength=len(batch.accounts)).astype(int),
        }))
    return pd.concat(frames, ignore_index=True)


def _distinct_per_account(batch: Batch, values: pd.Series, mask: np.ndarray) -> np.ndarray:
    keep = mask & (values.to_numpy(dtype=object) != "")
    pairs = pd.DataFrame({"a": batch.code[keep], "v": values.to_numpy(dtype=object)[keep]}).drop_duplicates()
    return np.bincount(pairs["a"].to_numpy(dtype=np.int64), minlength=len(batch.accounts))


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

    - roles [30]: roles engaged / 6 (domain.md §3, cover every buying influence);
    - decision [15]: 2/3 for an engaged decision maker, 1/3 more if one of them
      supports us (§5, decision power);
    - support [15+5=20]: the influence-weighted support share (§5, relationship power);
    - breadth [15]: half levels engaged / 3, half departments engaged / 3
      (or / all departments when fewer) (§2, §6);
    - threads [10]: half engaged contacts / 3, half owners / 2 (§5);
    - mid-level [10]: mid-level allies / the policy minimum (§2 principle 1).
    """
    policy = policy or Policy()
    A = len(batch.accounts)
    code = batch.code
    s = scores
    engaged, supporter, opposed = (s[c].to_numpy(dtype=bool) for c in ("engaged", "supporter", "opposed"))
    eff = s["effective_influence"].to_numpy(dtype=float)
    level = batch.contacts["level"].to_numpy(dtype=object)

    def count(mask: np.ndarray) -> np.ndarray:
        return np.bincount(code, weights=mask.astype(float), minlength=A).astype(int)

    roles = role_coverage(batch, scores)
    by_role = roles.pivot(index="account", columns="role", values=["held", "engaged", "supportive"])
    flags = batch.role_flags
    is_dm = flags["decision_maker"].to_numpy()
    out = pd.DataFrame({
        "contacts": batch.size,
        "engaged": count(engaged),
        "supporters": count(supporter),
        "opposed": count(opposed),
        "unknown_stance": count(batch.contacts["stance"].isna().to_numpy()),
        "roles_held": (by_role["held"] > 0).sum(axis=1).to_numpy(),
        "roles_engaged": (by_role["engaged"] > 0).sum(axis=1).to_numpy(),
        "roles_supportive": (by_role["supportive"] > 0).sum(axis=1).to_numpy(),
        "decision_makers": count(is_dm),
        "decision_makers_engaged": count(is_dm & engaged),
        "levels_engaged": _distinct_per_account(batch, pd.Series(level).fillna(""), engaged),
        "departments": _distinct_per_account(batch, batch.contacts["department"], np.ones(batch.n, dtype=bool)),
        "departments_engaged": _distinct_per_account(batch, batch.contacts["department"], engaged),
    })
    total_eff = batch.per_account(eff)
    out["support_share"] = np.divide(batch.per_account(eff * supporter), total_eff, out=np.zeros(A), where=total_eff > 0)
    out["opposition_share"] = np.divide(batch.per_account(eff * opposed), total_eff, out=np.zeros(A), where=total_eff > 0)
    out["threads"] = out["engaged"]
    out["owners"] = _distinct_per_account(batch, batch.contacts["owner"], engaged)
    out["mid_level_allies"] = count((level == "mid") & engaged & supporter)
    conf = s["confidence"].to_numpy(dtype=float)
    out["confidence"] = np.divide(batch.per_account(conf * eff), total_eff, out=np.ones(A), where=total_eff > 0)

    dm_supportive = count(is_dm & engaged & supporter) > 0
    dept_target = np.minimum(np.maximum(out["departments"].to_numpy(), 1), 3)
    lateral = np.where(out["departments"].to_numpy() > 0,
                       np.minimum(out["departments_engaged"].to_numpy(), dept_target) / dept_target,
                       (out["engaged"].to_numpy() > 0).astype(float))
    parts = {
        "roles": policy.points_roles * out["roles_engaged"] / len(ROLES),
        "decision": policy.points_decision * ((out["decision_makers_engaged"] > 0) * 2 / 3 + dm_supportive / 3),
        "support": policy.points_support * out["support_share"],
        "breadth": policy.points_breadth * (0.5 * out["levels_engaged"] / 3 + 0.5 * lateral),
        "threads": policy.points_threads * (0.5 * np.minimum(out["engaged"], policy.min_threads) / max(policy.min_threads, 1)
                                            + 0.5 * np.minimum(out["owners"], 2) / 2),
        "mid_level": policy.points_mid_level * np.minimum(1.0, out["mid_level_allies"] / max(policy.min_mid_level_allies, 1)),
    }
    for name in SCORE_PARTS:
        out[f"points_{name}"] = np.round(np.asarray(parts[name], dtype=float), 2)
    out["coverage"] = np.round(sum(np.asarray(parts[name], dtype=float) for name in SCORE_PARTS), 1)
    out.insert(0, "account", batch.accounts)
    return out
