"""Every threshold and weight of the analysis, in one dataclass, loadable from TOML or YAML."""

from __future__ import annotations

import dataclasses
import difflib
import math
import re
import reprlib
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from powermap.errors import InputError, Problem
from powermap.io.dates import EARLIEST_YEAR, LATEST_YEAR

__all__ = ["Policy", "load_policy"]


@dataclass(frozen=True)
class Policy:
    """The analysis's thresholds and weights. Defaults follow docs/methodology.md.

    Load a team's own from a file with :func:`load_policy`; a file names only
    what it changes::

        # policy.toml
        min_mid_level_allies = 3
        stale_days = 45

    A Policy is frozen and hashable: analyses are cached per policy. The
    policy reference (docs/policy.md) lists every setting with its default.

    Parameters
    ----------
    min_mid_level_allies, stale_days, min_threads : int
        The minimum engaged mid-level supporters (``few-mid-level-allies``),
        the days after which a key relationship is stale, the minimum engaged
        contacts (``single-threaded``; also the score's threads target).
    high_influence, weak_initiator_max_influence : int
        The influence (1-5) that makes a contact key, and the influence at or
        below which an initiator is weak.
    top_influence_quantile : float
        "Most influential": above this quantile of the account's effective influence.
    deep_relationship, trusted_relationship : int
        The personal and the trusted layer (0-3) the stage conditions ask for.
    max_candidates, max_named : int
        How many people ``few-mid-level-allies`` and a stage condition about executives name.
    stage3_min_departments, stage5_min_departments : int
        Departments engaged by stage 3 and by stage 5.
    executive_access_stage, early_executive_max_stage : int
        The stage from which an unreached decision maker is high, and up to
        which an executive is approached too early.
    role_concentration_min_roles, power_shift_days, opposed_staff_min : int
        The thresholds of ``role-concentration`` (roles on one person),
        ``power-shift`` (days in role) and ``opposed-staff`` (per department).
    skeptic_high_from_stage : int
        The stage from which a skeptical key user is high.
    finance_veto_from_stage, shift_killer_from_stage, killer_unreached_from_stage : int
        The stages from which an opposed finance contact is a veto risk, a
        stranger new above our champion or handler is a deal-killer, and an
        unreached decision maker is a deal-killer.
    early_roles_max_stage : int
        Up to this stage a missing or uncovered role is one step less severe.
    handler_min_influence, evaluation_relationship : int
        The influence that makes a staff-level handler influential (stage 2),
        and the layer every evaluator needs at stage 6.
    role_concentration_large_account : int
        From this many people on the map, three roles on one person hide gaps.
    activity_engagement_days : int
        A contact without a given relationship last contacted within this
        many days of ``as_of`` counts as business (1); 0 turns it off. It is also
        the window in which an activity log's touches are counted.
    activity_personal_touches, activity_personal_meetings : int
        An activity log's touches within that window, and held meetings among
        them, that suggest a personal relationship (2); one touch suggests
        business (1). A given relationship always wins.
    works_with_min_meetings, works_with_full_meetings : int
        Held meetings two contacts attended together that give them a
        ``works_with`` link, and the count at which its weight reaches 1.
    earliest_year, latest_year : int
        The plausible window of every date read (a last contact, a start in
        role, the as-of date); a date outside it is refused.
    weight_declared, weight_pagerank, weight_reach, weight_brokerage, pagerank_alpha : float
        Effective influence: the weight of each signal, and PageRank's damping.
    exact_betweenness_max_nodes, betweenness_samples, seed : int
        Brokerage: exact betweenness up to this many people, else sampled
        from this many sources, seeded.
    points_roles, points_decision, points_support, points_breadth, points_threads, points_mid_level : float
        The coverage score's parts; they add up to 100.
    risk_medium_below, risk_high_below : float
        The coverage below which risk is medium, and high.
    risk_points_medium, risk_points_high : int
        The risk points from which risk is medium, and high.
    risk_serious_medium : int
        The kinds of high gap from which risk is medium (any deal-killer is high).
    points_per_high_gap, points_per_medium_gap, points_per_low_gap : int
        Risk points for each kind of problem, by its most severe gap.
    levels_target, departments_target, owners_target : int
        The figures that earn a part's full points.
    decision_engaged_share, breadth_levels_share, threads_count_share : float
        How a part splits between its figures.

    See Also
    --------
    load_policy : A policy from a TOML or YAML file, checked.

    Examples
    --------
    >>> import powermap
    >>> pm = powermap.load("data/samples/manufacturer.csv", links="data/samples/manufacturer_links.csv",
    ...                    stage=4, technicality="high", as_of="2026-11-15")
    >>> strict = powermap.Policy(min_mid_level_allies=5)
    >>> "few-mid-level-allies" in set(pm.gaps()["code"]), "few-mid-level-allies" in set(pm.gaps(strict)["code"])
    (False, True)
    """

    # gap rules (docs/analysis.md, gap codes)
    min_mid_level_allies: int = 2
    stale_days: int = 60
    min_threads: int = 3
    high_influence: int = 4
    weak_initiator_max_influence: int = 2
    top_influence_quantile: float = 0.75

    # gap rules added with the stage-aware checks (docs/methodology.md §2, §4, §6, §7)
    deep_relationship: int = 2  # personal layer: "deepened" coach, executives, evaluators
    trusted_relationship: int = 3  # the emotional (trusted) layer: a special bond
    max_candidates: int = 3  # mid-level candidates named by few-mid-level-allies
    max_named: int = 5  # people named by a stage condition about executives
    stage3_min_departments: int = 2  # departments engaged by stage 3
    stage5_min_departments: int = 3  # departments engaged by stage 5
    executive_access_stage: int = 5  # an unreached decision maker is high from this stage on
    early_executive_max_stage: int = 3  # executive-too-early: up to this stage
    role_concentration_min_roles: int = 3  # one person holding this many of the six roles
    power_shift_days: int = 90  # new in role: in_role_since within this many days of as_of
    opposed_staff_min: int = 2  # opposed staff in one user department
    skeptic_high_from_stage: int = 4  # a skeptical (-1) key user is high from this stage on

    # the coach's judgement (docs/methodology.md, "Risk"): deal-killers, the handler, stage-aware severities
    finance_veto_from_stage: int = 6  # an opposed finance contact is a veto risk from this stage on
    shift_killer_from_stage: int = 4  # a stranger new above our champion or handler is a deal-killer from here
    killer_unreached_from_stage: int = 6  # an unreached decision maker is a deal-killer from this stage on
    early_roles_max_stage: int = 2  # up to this stage a missing or uncovered role is one step less severe
    handler_min_influence: int = 3  # a handler below mid level needs this influence to be "influential"
    evaluation_relationship: int = 3  # the layer every evaluator needs at stage 6 (the highest)
    role_concentration_large_account: int = 30  # from this many people, roles piled on one person hide gaps

    # engagement from activity (powermap.io.activity): a contact without a given relationship whose last
    # contact lies within this many days before as_of counts as business (1); 0 turns it off
    activity_engagement_days: int = 90

    # an activity log (--activities): touches within activity_engagement_days suggest a relationship depth where
    # none is given: this many touches, of which this many held meetings, suggest personal (2); one touch
    # business (1); none 0. Contacts met together in this many held meetings get a works_with link whose weight
    # reaches 1 at the full count.
    activity_personal_touches: int = 6
    activity_personal_meetings: int = 2
    works_with_min_meetings: int = 2
    works_with_full_meetings: int = 6
    # the plausible window of every date read (last_contact, in_role_since, as_of); a date outside it is refused
    earliest_year: int = EARLIEST_YEAR
    latest_year: int = LATEST_YEAR

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

    # risk (docs/methodology.md, "Risk"): a deal-killer is high; otherwise coverage below these is medium /
    # high, and each kind of problem (a code, or its role or stage condition) adds the points of its most
    # severe gap; set on the sample pipeline (benchmarks/risk_levels.py)
    risk_medium_below: float = 55.0
    risk_high_below: float = 20.0
    risk_points_medium: int = 15
    risk_points_high: int = 36
    risk_serious_medium: int = 2  # kinds of high gap from which risk is at least medium (deal-killers: high)
    points_per_high_gap: int = 3
    points_per_medium_gap: int = 1
    points_per_low_gap: int = 0

    # coverage score: how its parts read their figures (coverage.coverage)
    levels_target: int = 3  # levels engaged for the full vertical half of breadth
    departments_target: int = 3  # departments engaged for the full lateral half (or all, when fewer)
    owners_target: int = 2  # our people holding the threads for the full owner half
    decision_engaged_share: float = 2 / 3  # of the decision part for an engaged decision maker (rest: supportive)
    breadth_levels_share: float = 0.5  # of the breadth part for levels (the rest: departments)
    threads_count_share: float = 0.5  # of the threads part for engaged contacts (the rest: owners)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @property
    def years(self) -> tuple[int, int]:
        """The plausible window of dates: ``(earliest_year, latest_year)``."""
        return (self.earliest_year, self.latest_year)


# Each setting's accepted range (inclusive), checked when a file is loaded; a value outside it
# (or NaN, or infinity) is named with the file's line.
RANGES: dict[str, tuple[float, float]] = {
    "min_mid_level_allies": (0, 1000),
    "stale_days": (1, 36_500),
    "min_threads": (0, 1000),
    "high_influence": (1, 5),
    "weak_initiator_max_influence": (1, 5),
    "top_influence_quantile": (0, 1),
    "weight_declared": (0, 1),
    "weight_pagerank": (0, 1),
    "weight_reach": (0, 1),
    "weight_brokerage": (0, 1),
    "pagerank_alpha": (0.01, 0.99),
    # exact betweenness costs people x links time (about 20 s at 5,000 people); its memory is bounded at any size
    "exact_betweenness_max_nodes": (0, 5_000),
    "betweenness_samples": (1, 100_000),
    "seed": (0, 2**32 - 1),
    **{f"points_{part}": (0, 100) for part in ("roles", "decision", "support", "breadth", "threads", "mid_level")},
    "risk_medium_below": (0, 100),
    "risk_high_below": (0, 100),
    "risk_points_medium": (1, 1000),
    "risk_points_high": (1, 1000),
    "risk_serious_medium": (1, 1000),
    "deep_relationship": (1, 3),
    "trusted_relationship": (1, 3),
    "max_candidates": (1, 100),
    "max_named": (1, 100),
    "stage3_min_departments": (0, 1000),
    "stage5_min_departments": (0, 1000),
    "executive_access_stage": (1, 9),
    "early_executive_max_stage": (0, 8),
    "role_concentration_min_roles": (2, 6),
    "power_shift_days": (0, 36_500),
    "opposed_staff_min": (1, 1000),
    "skeptic_high_from_stage": (1, 9),
    "finance_veto_from_stage": (1, 9),
    "shift_killer_from_stage": (1, 9),
    "killer_unreached_from_stage": (1, 9),
    "early_roles_max_stage": (0, 8),
    "handler_min_influence": (1, 5),
    "evaluation_relationship": (1, 3),
    "role_concentration_large_account": (1, 1_000_000),
    "activity_engagement_days": (0, 36_500),
    "activity_personal_touches": (1, 10_000),
    "activity_personal_meetings": (0, 10_000),
    "works_with_min_meetings": (1, 10_000),
    "works_with_full_meetings": (1, 10_000),
    "earliest_year": (1, 9999),
    "latest_year": (1, 9999),
    "points_per_high_gap": (0, 1000),
    "points_per_medium_gap": (0, 1000),
    "points_per_low_gap": (0, 1000),
    "levels_target": (1, 3),
    "departments_target": (1, 1000),
    "owners_target": (1, 1000),
    "decision_engaged_share": (0, 1),
    "breadth_levels_share": (0, 1),
    "threads_count_share": (0, 1),
}
if set(RANGES) != {f.name for f in fields(Policy)}:  # a setting without a range would go unchecked
    raise ImportError(f"Policy settings without a range: {sorted({f.name for f in fields(Policy)} ^ set(RANGES))}")


def _line_of(text: str, key: str) -> int | None:
    """The line of the file that sets ``key`` (TOML ``key = ...`` or YAML ``key: ...``)."""
    pattern = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*[=:]")
    return next((n for n, line in enumerate(text.splitlines(), start=1) if pattern.match(line)), None)


def _check(key: str, value: Any, kind: type) -> str | None:
    """What is wrong with ``value`` for setting ``key``, or None."""
    low, high = RANGES[key]
    number = "a whole number" if kind is int else "a number"
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return f"expected {number} from {low:g} to {high:g}"
    if isinstance(value, float) and not math.isfinite(value):
        return f"expected a finite number from {low:g} to {high:g}"
    if kind is int and isinstance(value, float) and not value.is_integer():
        return f"expected {number} from {low:g} to {high:g}"
    if not low <= value <= high:
        return f"out of range: expected {number} from {low:g} to {high:g}"
    return None


def load_policy(path: str | Path | None) -> Policy:
    """Read a policy file (TOML or YAML); None gives the defaults.

    Parameters
    ----------
    path : str or Path or None
        A ``.toml``, ``.yaml`` or ``.yml`` file of ``setting = value`` lines,
        naming only what it changes.

    Returns
    -------
    Policy
        The defaults with the file's settings.

    Raises
    ------
    InputError
        For an unreadable file, an unknown key (with a "did you mean") or a
        value of the wrong type or out of range, each naming its line.

    Examples
    --------
    >>> import pathlib, tempfile, powermap
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "team-policy.toml").write_text("min_mid_level_allies = 3\\nstale_days = 45\\n")
    >>> policy = load_policy(folder / "team-policy.toml")
    >>> policy.min_mid_level_allies, policy.stale_days, policy.min_threads
    (3, 45, 3)
    >>> _ = (folder / "typo.toml").write_text("stale_day = 45\\n")
    >>> try:
    ...     load_policy(folder / "typo.toml")
    ... except powermap.InputError as error:
    ...     print(error.problems[0].message)
    unknown setting (did you mean 'stale_days'?)
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
            from powermap.io.read import load_yaml  # bounded: no alias bombs, no python tags

            data = load_yaml(text, file) or {}
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

    def problem(message: str, key: str, value: Any = None) -> Problem:
        text_value = reprlib.repr(value) if isinstance(value, (list, dict)) else str(value)
        shown = None if value is None else (text_value if len(text_value) <= 40 else text_value[:40] + "...")
        return Problem(file, message, _line_of(text, str(key)), str(key), shown, "line")

    for key, value in data.items():
        if key not in known:
            hint = difflib.get_close_matches(str(key), list(known), n=1)
            mean = f" (did you mean '{hint[0]}'?)" if hint else ""
            problems.append(problem(f"unknown setting{mean}", key))
            continue
        kind = type(getattr(Policy(), key))
        wrong = _check(key, value, kind)
        if wrong:
            problems.append(problem(wrong, key, value))
            continue
        values[key] = kind(value)
    if not problems:
        policy = Policy(**values)
        if policy.risk_high_below > policy.risk_medium_below:
            problems.append(
                problem(
                    f"risk_high_below must not exceed risk_medium_below ({policy.risk_medium_below:g})",
                    "risk_high_below",
                    policy.risk_high_below,
                )
            )
        if policy.risk_points_medium > policy.risk_points_high:
            problems.append(
                problem(
                    f"risk_points_medium must not exceed risk_points_high ({policy.risk_points_high})",
                    "risk_points_medium",
                    policy.risk_points_medium,
                )
            )
        weights = (policy.weight_declared, policy.weight_pagerank, policy.weight_reach, policy.weight_brokerage)
        if sum(weights) <= 0:
            problems.append(
                problem(
                    "the four weight_* settings are all 0: at least one must count",
                    "weight_declared",
                    policy.weight_declared,
                )
            )
    if problems:
        raise InputError(problems)
    return Policy(**values)
