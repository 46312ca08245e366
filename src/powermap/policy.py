"""Every threshold and weight of the analysis, in one dataclass, loadable from TOML or YAML."""

from __future__ import annotations

import dataclasses
import difflib
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from .problems import InputError, Problem

__all__ = ["Policy", "load_policy"]


@dataclass(frozen=True)
class Policy:
    """The analysis's thresholds and weights. Defaults follow the README and docs/methodology.md.

    Load a team's own from a file with :func:`load_policy`; a file names only
    what it changes::

        # policy.toml
        min_mid_level_allies = 3
        stale_days = 45
    """

    # gap rules (README, "Gaps")
    min_mid_level_allies: int = 2
    stale_days: int = 60
    min_threads: int = 3
    high_influence: int = 4
    weak_initiator_max_influence: int = 2
    top_influence_quantile: float = 0.75

    # effective influence: how much each signal counts (metrics.effective_influence)
    weight_declared: float = 0.4
    weight_pagerank: float = 0.3
    weight_reach: float = 0.2
    weight_brokerage: float = 0.1
    pagerank_alpha: float = 0.85

    # brokerage: exact betweenness up to this many people, else sampled from this many sources
    exact_betweenness_max_nodes: int = 2000
    betweenness_samples: int = 256
    seed: int = 0

    # coverage score points (coverage.coverage_score); they add up to 100
    points_roles: float = 30.0
    points_decision: float = 15.0
    points_support: float = 20.0
    points_breadth: float = 15.0
    points_threads: float = 10.0
    points_mid_level: float = 10.0

    # risk: coverage below these is medium / high; gap severities add risk points
    risk_medium_below: float = 70.0
    risk_high_below: float = 45.0
    risk_points_medium: int = 3
    risk_points_high: int = 12

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def load_policy(path: str | Path | None) -> Policy:
    """Read a policy file (TOML or YAML); None gives the defaults.

    Raises
    ------
    InputError
        For an unreadable file, an unknown key (with a "did you mean") or a
        value of the wrong type.
    """
    if path is None:
        return Policy()
    path = Path(path)
    file = str(path)
    if not path.is_file():
        raise InputError([Problem(file, "no such policy file")])
    try:
        text = path.read_text(encoding="utf-8-sig")
        if path.suffix.lower() == ".toml":
            import tomllib

            data = tomllib.loads(text)
        elif path.suffix.lower() in (".yaml", ".yml"):
            import yaml

            data = yaml.safe_load(text) or {}
        else:
            raise InputError([Problem(file, "unknown policy file type: expected .toml, .yaml or .yml")])
    except InputError:
        raise
    except Exception as exc:  # tomllib.TOMLDecodeError, yaml.YAMLError, UnicodeDecodeError
        raise InputError([Problem(file, f"not a readable policy file: {exc}")]) from None
    if not isinstance(data, dict):
        raise InputError([Problem(file, "a policy file holds key = value settings")])
    known = {f.name: f for f in fields(Policy)}
    problems, values = [], {}
    for key, value in data.items():
        if key not in known:
            hint = difflib.get_close_matches(str(key), list(known), n=1)
            mean = f" (did you mean '{hint[0]}'?)" if hint else ""
            problems.append(Problem(file, f"unknown setting{mean}", column=str(key)))
            continue
        default = getattr(Policy(), key)
        kind = type(default)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or (kind is int and not float(value).is_integer()):
            problems.append(Problem(file, f"expected {'a whole number' if kind is int else 'a number'}",
                                    column=key, value=str(value)))
            continue
        if value < 0:
            problems.append(Problem(file, "expected a number of at least 0", column=key, value=str(value)))
            continue
        values[key] = kind(value)
    if problems:
        raise InputError(problems)
    return Policy(**values)
