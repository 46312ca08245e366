"""Calibration of powermap's risk grade, coverage score and `powermap learn` on outcomes it did not write.

    .venv/bin/python benchmarks/calibration.py [--accounts 5000] [--people 30] [--seed 2026] [--bootstrap 100]

Two simulated histories of closed deals are scored with the library's portfolio scoring (whatever risk grade it
returns today) and compared with their outcomes:

- ``latent``: outcomes drawn by powermap.sim.latent from a latent deal model written from the methodology's
  principles, computed from the true contact table by its own code; powermap sees a noisy read of that table.
  This is the test of the grade.
- ``circular``: outcomes drawn by powermap.sim.simulate from powermap's own gap features (the model that wrote
  the bundled sample history), shown for contrast: figures on it measure powermap against itself.

For each: the win rate per risk level (Wilson 95% intervals); ROC AUC (bootstrap 95% intervals) and Brier score of
the grade (AUC of its order high < medium < low; Brier of each level's win rate learned on one half of the accounts
and scored on the other), of the coverage score (AUC of the score; Brier of a logistic fit of it on the first half),
of the simulator's own probability (the oracle), for the latent model also without its unseen part (the best any
reading of the true map could do), and of no skill; for the latent model, each yes/no term's deals (and those of a
few conditions on the others: an opposed decision maker, ...), their win rate and how often the grade calls them high; then the effects `powermap learn` finds when trained on these outcomes,
with their bootstrap 90% intervals. Prints Markdown for docs/calibration.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import brier_score_loss, roc_auc_score

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from powermap import learn, portfolio  # noqa: E402
from powermap.sim import latent, simulate  # noqa: E402

LEVELS = ("high", "medium", "low")  # the grade's order, worst first


def wilson(won: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """The Wilson score interval of a win rate ``won / n``."""
    if n == 0:
        return float("nan"), float("nan")
    p = won / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half


def grade_order(risk: pd.Series) -> np.ndarray:
    """The risk grade as an ordinal that rises with the win chance: high 0, medium 1, low 2."""
    unknown = sorted(set(risk) - set(LEVELS))
    if unknown:
        raise SystemExit(f"the library returned risk levels this report does not know: {unknown} (expected {LEVELS})")
    return risk.map({level: rank for rank, level in enumerate(LEVELS)}).to_numpy(dtype=float)


def rates(table: pd.DataFrame) -> pd.DataFrame:
    """Accounts, wins, win rate and its interval per risk level."""
    rows = []
    for level in (*LEVELS, "all"):
        group = table["won"] if level == "all" else table.loc[table["risk"] == level, "won"]
        n, k = len(group), int(group.sum())
        low, high = wilson(k, n)
        rows.append({"risk": level, "accounts": n, "share": n / len(table), "won": k, "rate": k / n if n else np.nan,
                     "low": low, "high": high})  # fmt: skip
    return pd.DataFrame(rows)


def auc_interval(y: np.ndarray, score: np.ndarray, rng: np.random.Generator, n: int = 200) -> tuple[float, float]:
    """A bootstrap 95% interval of the ROC AUC (accounts resampled with replacement)."""
    draws = []
    for _ in range(n):
        take = rng.integers(0, len(y), len(y))
        if y[take].min() != y[take].max():
            draws.append(roc_auc_score(y[take], score[take]))
    low, high = np.percentile(draws, [2.5, 97.5])
    return float(low), float(high)


def scores(table: pd.DataFrame, seed: int) -> pd.DataFrame:
    """AUC (all accounts, with a bootstrap interval) and held-out Brier score (second half, fitted on the first) of
    each predictor."""
    rng = np.random.default_rng(seed)
    first = np.zeros(len(table), dtype=bool)
    first[rng.permutation(len(table))[: len(table) // 2]] = True
    fit, held = table[first], table[~first]
    y, y_held = table["won"].to_numpy(), held["won"].to_numpy()
    base = fit["won"].mean()
    level_rate = fit.groupby("risk")["won"].mean().reindex(list(LEVELS)).fillna(base)
    coverage_fit = LogisticRegression().fit(fit[["coverage"]], fit["won"])
    # name: (the score ranked for the AUC, over all accounts; the probability given to the held-out half)
    predictors = {
        "risk grade (high < medium < low)": (grade_order(table["risk"]), held["risk"].map(level_rate).to_numpy()),
        "coverage score": (table["coverage"].to_numpy(), coverage_fit.predict_proba(held[["coverage"]])[:, 1]),
        "oracle (the simulator's probability)": (table["oracle"].to_numpy(), held["oracle"].to_numpy()),
    }
    if "ceiling" in table:
        predictors["the true map alone (the latent model without its unseen part)"] = (
            table["ceiling"].to_numpy(),
            held["ceiling"].to_numpy(),
        )
    rows = []
    for name, (score, p_held) in predictors.items():
        low, high = auc_interval(y, score, rng)
        rows.append((name, roc_auc_score(y, score), low, high, brier_score_loss(y_held, p_held)))
    no_skill = brier_score_loss(y_held, np.full(len(held), base))
    rows.append(("no skill (the first half's win rate)", 0.5, 0.5, 0.5, no_skill))
    return pd.DataFrame(rows, columns=["predictor", "AUC", "low", "high", "Brier (held out)"])


# conditions read off the graded latent terms: (the term whose effect they carry, the condition)
CONDITIONS = {
    "decision maker opposed": ("decision_maker_stance", lambda t: t["decision_maker_stance"] < 0),
    "decision maker unreached, stage 6-8": (
        "decision_maker_unreached",
        lambda t: t["decision_maker_unreached"] >= 0.75,
    ),
    "advisors opposed": ("advisor_stance", lambda t: t["advisor_stance"] < 0),
    "technical side opposed": ("technical_stance", lambda t: t["technical_stance"] < 0),
    "two or more buying influences uncovered": ("uncovered_influences", lambda t: t["uncovered_influences"] >= 2),
    "more influence against us than for us": ("support_balance", lambda t: t["support_balance"] < 0),
}


def by_term(table: pd.DataFrame, terms: pd.DataFrame) -> pd.DataFrame:
    """For each yes/no latent term, and each condition of :data:`CONDITIONS`: how many deals have it, their win rate,
    and the share the grade calls high with and without it (a deal-killer of the latent model should read high)."""
    terms = terms.reindex(table.index)
    found = {name: (name, terms[name] > 0) for name in terms.columns if set(np.unique(terms[name])) <= {0.0, 1.0}}
    found.update({name: (term, rule(terms)) for name, (term, rule) in CONDITIONS.items()})
    rows = []
    high = table["risk"].to_numpy() == "high"
    for name, (term, mask) in found.items():
        present = mask.to_numpy()
        if not present.any():
            continue
        rows.append({"term": name, "effect": latent.EFFECTS[term], "deals": int(present.sum()),
                     "won": table["won"].to_numpy()[present].mean(), "high_with": high[present].mean(),
                     "high_without": high[~present].mean()})  # fmt: skip
    return pd.DataFrame(rows).sort_values("won")


def effects(result: portfolio.Portfolio, outcomes: pd.DataFrame, bootstrap: int) -> pd.DataFrame:
    """`powermap learn`'s effects (log-odds) trained on these outcomes, most negative first."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = learn.fit(result, outcomes, by="account", n_bootstrap=bootstrap)
    table = model.report().table()
    table.attrs["summary"] = model.report().summary()
    return table


def report(
    name: str,
    contacts: pd.DataFrame,
    outcomes: pd.DataFrame,
    oracle: pd.Series,
    args,
    ceiling: pd.Series | None = None,
    terms: pd.DataFrame | None = None,
) -> None:
    start = time.perf_counter()
    result = portfolio.score(contacts, by="account")
    accounts = result.accounts.set_index("account")
    table = accounts[["risk", "coverage"]].join(outcomes.set_index("account")["won"], how="inner")
    table["oracle"] = oracle.reindex(table.index).to_numpy()
    if ceiling is not None:
        table["ceiling"] = ceiling.reindex(table.index).to_numpy()
    print(f"\n### {name}: {len(table):,} closed accounts, {table['won'].mean():.0%} won\n")
    print("| risk | accounts | share | won | win rate (95% interval) |")
    print("|---|---|---|---|---|")
    for row in rates(table).itertuples():
        print(f"| {row.risk} | {row.accounts:,} | {row.share:.0%} | {row.won:,} | "
              f"{row.rate:.0%} ({row.low:.0%}-{row.high:.0%}) |" if row.accounts else f"| {row.risk} | 0 | 0% | 0 | - |")  # fmt: skip
    print("\n| predictor | ROC AUC (95% interval) | Brier score (held-out half) |")
    print("|---|---|---|")
    for name, auc, low, high, brier in scores(table, args.seed).itertuples(index=False):
        interval = f" ({low:.3f}-{high:.3f})" if high > low else ""
        print(f"| {name} | {auc:.3f}{interval} | {brier:.3f} |")
    if terms is not None:
        print("\n| latent term or condition | its term's effect | deals with it | their win rate | graded high with it "
              "| without it |")  # fmt: skip
        print("|---|---|---|---|---|---|")
        for row in by_term(table, terms).itertuples():
            if row.term in latent.EFFECTS:
                name, effect = f"`{row.term}`", f"{row.effect:+.2f}"
            else:
                name, effect = row.term, f"{row.effect:+.2f} (`{CONDITIONS[row.term][0]}`)"
            print(
                f"| {name} | {effect} | {row.deals:,} | {row.won:.0%} | {row.high_with:.0%} | {row.high_without:.0%} |"
            )
    learned = effects(result, outcomes, args.bootstrap)
    print(f"\n`powermap learn` on these outcomes: {learned.attrs['summary'].replace(chr(10), '; ')}\n")
    print("| feature | effect (log-odds) | 90% interval | the data says | the methodology says |")
    print("|---|---|---|---|---|")
    for row in learned.itertuples():
        print(f"| `{row.feature}` | {row.effect:+.2f} | {row.low:+.2f} to {row.high:+.2f} | {row.data_says} "
              f"| {row.rule_says} |")  # fmt: skip
    clear = learned[learned["data_says"] != "unclear"]
    against = clear[(clear["data_says"] != clear["rule_says"]) & (clear["rule_says"] != "nothing")]
    print(f"\n{len(clear)} clear effects, {len(against)} against the methodology"
          + (f": {', '.join(against['feature'])}" if len(against) else "")
          + f" ({time.perf_counter() - start:.0f} s)")  # fmt: skip


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=5000)
    parser.add_argument("--people", type=int, default=30)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--bootstrap", type=int, default=100, help="refits for learn's effect intervals")
    args = parser.parse_args(argv)
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"Measured {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC on {platform.node() or 'this machine'}, "
          f"{os.cpu_count()} cores, load average {load}, Python {platform.python_version()}; "
          f"{args.accounts:,} accounts of about {args.people} people, seed {args.seed}")  # fmt: skip
    start = time.perf_counter()
    deals = latent.closed_deals(args.accounts, args.people, seed=args.seed)
    oracle = pd.Series(deals.probability.to_numpy(), index=deals.outcomes["account"])
    ceiling = latent.win_probability(deals.terms)
    report(
        "Latent deal model (powermap.sim.latent)", deals.contacts, deals.outcomes, oracle, args, ceiling, deals.terms
    )
    circular = simulate.closed_deals(args.accounts, args.people, seed=args.seed)
    report("Circular sample simulator (powermap.sim.simulate)", circular.contacts, circular.outcomes,
           circular.probability, args)  # fmt: skip
    print(f"\nTotal {time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()
