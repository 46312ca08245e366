"""Held-out evaluation of `powermap learn`: train on the bundled history, score simulated pipelines it never saw.

    python benchmarks/learn.py [--accounts 1000] [--seeds 101 102 103]

The model is trained exactly as `powermap learn data/samples/history.csv --by account --outcomes
data/samples/history_outcomes.csv` trains it. Each held-out pipeline comes from the same documented simulator
(powermap.sim.simulate) with another seed: other organisations, other engagement, fresh outcomes. For each we report
the model's ROC AUC and Brier score, the oracle's (the simulator's own true probabilities: the best any model can
rank these outcomes), the coverage score's AUC (the methodology's rule, untrained) and the no-skill baseline
(always the training win rate: AUC 0.5, Brier p(1-p)).
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
import warnings
from pathlib import Path

import numpy as np
from sklearn.metrics import brier_score_loss, roc_auc_score

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from powermap import learn, portfolio  # noqa: E402
from powermap.sim.simulate import closed_deals  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=1000)
    parser.add_argument("--seeds", type=int, nargs="+", default=[101, 102, 103])
    args = parser.parse_args()
    samples = ROOT / "data" / "samples"
    rows = []
    for kind in ("logistic", "gbm"):
        start = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            model = learn.fit(samples / "history.csv", samples / "history_outcomes.csv", by="account", kind=kind)
        seconds = time.perf_counter() - start
        rate = model.n_won_ / model.n_train_
        print(
            f"{kind}: trained on {model.n_train_} accounts in {seconds:.1f} s (scoring, fit, 5-fold CV"
            f"{', 100 bootstrap refits' if kind == 'logistic' else ''}); cross-validated AUC "
            f"{model.cv_['roc_auc']:.3f}, Brier {model.cv_['brier']:.3f}"
        )
        for seed in args.seeds:
            deals = closed_deals(args.accounts, 30, seed=seed)
            result = portfolio.score(deals.contacts, by="account")
            X = learn.features(result)
            y = deals.outcomes.set_index("account")["won"].reindex(X.index).to_numpy()
            p = model.predict_proba(X)[:, 1]
            truth = deals.probability.reindex(X.index).to_numpy()
            coverage = result.accounts.set_index("account")["coverage"].reindex(X.index).to_numpy()
            rows.append(
                (
                    kind,
                    seed,
                    len(y),
                    y.mean(),
                    roc_auc_score(y, p),
                    roc_auc_score(y, truth),
                    roc_auc_score(y, coverage),
                    brier_score_loss(y, p),
                    brier_score_loss(y, truth),
                    y.mean() * (1 - y.mean()) + (y.mean() - rate) ** 2,
                )
            )
    print(f"\nMeasured on {platform.python_version()}, {os.cpu_count()} cores")
    print(
        "| model | seed | accounts | won | AUC model | AUC oracle | AUC coverage score | AUC no skill "
        "| Brier model | Brier oracle | Brier no skill |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for kind, seed, n, won, auc, oracle, cover, brier, brier_oracle, brier_base in rows:
        print(
            f"| {kind} | {seed} | {n} | {won:.0%} | {auc:.3f} | {oracle:.3f} | {cover:.3f} | 0.500 | {brier:.3f} "
            f"| {brier_oracle:.3f} | {brier_base:.3f} |"
        )
    for kind in ("logistic", "gbm"):
        mine = np.array([r[4:7] for r in rows if r[0] == kind])
        print(
            f"{kind}: mean held-out AUC {mine[:, 0].mean():.3f}, oracle {mine[:, 1].mean():.3f} "
            f"(gap {mine[:, 1].mean() - mine[:, 0].mean():.3f}), coverage score {mine[:, 2].mean():.3f}"
        )


if __name__ == "__main__":
    main()
