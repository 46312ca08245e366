"""Many accounts at once: a pipeline table (one row per contact, an account column) scored in one pass.

The per-account numbers are exactly those ``powermap analyze`` gives for the
account alone: both run :func:`powermap.analysis.analyze_batch`, a single
account being the batch of one. A bad account is reported and skipped; it
never sinks the run.

>>> from powermap.synth import pipeline
>>> result = score(pipeline(20, 30, seed=1), by="account")
>>> len(result.accounts), result.skipped.empty
(20, True)
"""

from __future__ import annotations

import datetime as dt
import functools
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import numpy as np
import pandas as pd

from . import vocab
from .analysis import analyze_batch
from .load import ACCOUNT_FIELDS, table_problems, validate_account, validate_contacts
from .policy import Policy
from .problems import InputError, Problem
from .read import RawTable, cell_text, frame_to_text, read_account

__all__ = ["Portfolio", "score", "score_file", "frame_to_text", "ACCOUNT_COLUMNS", "FACT_COLUMNS"]

# account facts given as columns of the pipeline table: canonical name -> accepted headers. The facts share
# the account block's aliases, except "name"/"account" (a contact's own columns there) and the bare "date",
# which contact tables often carry for something else.
FACT_COLUMNS: dict[str, tuple[str, ...]] = {
    "account_name": ("account_name", "account name", "customer", "客户名称"),
    **{fact: tuple(dict.fromkeys(a for a in (fact, *ACCOUNT_FIELDS[fact]) if a != "date"))
       for fact in ("stage", "technicality", "as_of")},
}
ACCOUNT_COLUMNS = ["coverage", "risk", "n_gaps", "gaps", "risk_points", "contacts", "engaged", "supporters",
                   "opposed", "roles_held", "roles_engaged", "decision_makers_engaged", "levels_engaged",
                   "departments_engaged", "mid_level_allies", "threads", "owners", "support_share",
                   "opposition_share", "confidence"]


@dataclass
class Portfolio:
    """The scored pipeline.

    accounts : one row per scored account: the ``by`` column, the account's facts, ``coverage``, ``risk``,
        ``n_gaps``, ``gaps`` (distinct codes, sorted, joined by ``;``) and the main coverage figures.
    contacts : per-contact scores with the ``by`` column.
    gaps : one row per gap with the ``by`` column.
    skipped : one row per account that was not scored: the ``by`` value, how many problems, the first ones.
    problems : every problem found, each naming file, row, column and value.
    """

    by: str
    accounts: pd.DataFrame
    contacts: pd.DataFrame
    gaps: pd.DataFrame
    skipped: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)

    def summary(self) -> str:
        text = f"{len(self.accounts)} accounts scored, {len(self.skipped)} skipped"
        if len(self.skipped):
            text += ": " + "; ".join(f"{k} ({why})" for k, why in
                                     zip(self.skipped[self.by].head(5), self.skipped["reason"].head(5)))
            if len(self.skipped) > 5:
                text += f"; and {len(self.skipped) - 5} more"
        return text


def _fact_headers(frame: pd.DataFrame, by: str) -> dict[str, str]:
    found = {}
    for canon, names in FACT_COLUMNS.items():
        wanted = {vocab.normalize_word(n) for n in names}
        header = next((h for h in frame.columns if vocab.normalize_word(h) in wanted
                       and vocab.normalize_word(h) != vocab.normalize_word(by)), None)
        if header is not None:
            found[canon] = header
    return found


def _account_facts(raw: RawTable, key: pd.Series, headers: dict[str, str]) -> tuple[pd.DataFrame, dict[str, list[Problem]]]:
    """One row of facts per account, and the problems of the accounts whose facts vary or do not parse."""
    problems: dict[str, list[Problem]] = {}
    facts = pd.DataFrame({canon: raw.frame[h].astype(str).str.strip() for canon, h in headers.items()})
    facts["_key"] = key.to_numpy()
    first_index = facts.drop_duplicates("_key").set_index("_key")
    for canon, header in headers.items():
        varying = facts.groupby("_key", sort=False)[canon].nunique()
        for account in varying.index[varying > 1]:
            values = sorted(facts.loc[facts["_key"] == account, canon].unique())[:4]
            rows = np.flatnonzero((facts["_key"] == account).to_numpy())
            problems.setdefault(account, []).append(raw.problem(
                f"{canon} differs within account {account!r} ({', '.join(map(repr, values))}): "
                "an account's facts must be the same on all its rows", index=int(rows[0]), column=header))
    fact_columns = [c for c in first_index.columns if c != "account_name"]
    combos = first_index[fact_columns].drop_duplicates()
    parsed: dict[tuple, Any] = {}
    for combo in combos.itertuples(index=False):
        account, fact_problems = validate_account(dict(zip(fact_columns, combo)), raw.file)
        parsed[tuple(combo)] = (account, fact_problems)
    names = first_index["account_name"] if "account_name" in first_index else pd.Series(first_index.index,
                                                                                           index=first_index.index)
    rows = []
    for account_key, combo, name in zip(first_index.index, first_index[fact_columns].itertuples(index=False), names):
        account, fact_problems = parsed[tuple(combo)]
        if fact_problems:
            problems.setdefault(account_key, []).extend(
                Problem(p.file, f"account {account_key!r}: {p.message}", None, headers.get(p.column, p.column), p.value)
                for p in fact_problems)
        rows.append((account_key, name or account_key, account.stage, account.technicality, pd.Timestamp(account.as_of)))
    table = pd.DataFrame(rows, columns=["_key", "account_name", "stage", "technicality", "as_of"]).set_index("_key")
    table.index.name = None
    return table, problems


def _chunks(sizes: np.ndarray, rows_per_chunk: int) -> list[np.ndarray]:
    """Split account codes 0..A-1 into runs of about ``rows_per_chunk`` contacts."""
    bounds = np.searchsorted(np.cumsum(sizes), np.arange(rows_per_chunk, sizes.sum(), rows_per_chunk))
    return [part for part in np.split(np.arange(len(sizes)), np.unique(bounds)) if len(part)]


@dataclass
class _Part:
    coverage: pd.DataFrame
    scores: pd.DataFrame
    gaps: pd.DataFrame
    facts: pd.DataFrame
    skipped: dict[str, list[Problem]]
    problems: list[Problem]


_SHARED: dict[str, Any] = {}  # chunks handed to forked workers without pickling them


def _score_shared(i: int, args: tuple) -> _Part:
    return _score_chunk(_SHARED["jobs"][i], *args)


def _score_chunk(raw: RawTable, by: str, headers: dict[str, str], policy: Policy, lang: str,
                 messages: bool, keep_scores: bool) -> _Part:
    """Validate and analyse the accounts of one chunk (whole accounts only); skip the bad ones."""
    validated, problems = validate_contacts(raw, by=by)
    key = validated["account"]
    facts, fact_problems = _account_facts(raw, key, headers)
    by_account: dict[str, list[Problem]] = {a: list(p) for a, p in fact_problems.items()}
    row_position = {row: i for i, row in enumerate(raw.rows)}
    for problem in problems:
        i = row_position.get(problem.row)
        by_account.setdefault(key.iat[i] if i is not None else "", []).append(problem)
    keep = ~key.isin(set(by_account)).to_numpy()
    good = validated.loc[keep].drop(columns=[h for h in headers.values() if h in validated.columns])
    good_facts = facts.loc[~facts.index.isin(set(by_account))]
    all_problems = problems + [p for ps in fact_problems.values() for p in ps]
    if good.empty:
        empty = pd.DataFrame()
        return _Part(empty, empty, empty, good_facts, by_account, all_problems)
    result = analyze_batch(good, None, good_facts, policy, lang, messages=messages)
    scores = result.scores if keep_scores else pd.DataFrame()
    return _Part(result.coverage, scores, result.gaps, good_facts, by_account, all_problems)


def score(contacts: pd.DataFrame | RawTable, by: str, *, policy: Policy | None = None, lang: str = "en",
          n_jobs: int = 1, rows_per_chunk: int = 50_000, progress: Callable[[int, int], None] | None = None,
          as_of: str | dt.date | None = None, messages: bool = False, contacts_scores: bool = True) -> Portfolio:
    """Score every account of a pipeline table.

    Parameters
    ----------
    contacts : DataFrame or RawTable
        One row per contact with the column ``by`` naming the account; the
        contact columns of ``powermap.load`` and, optionally, the account facts
        as columns (``account_name``, ``stage``, ``technicality``, ``as_of``),
        constant within an account. A DataFrame is read, never changed.
    by : str
        The account column.
    n_jobs : int
        Worker processes (joblib; -1 for every core); 1 runs in this process.
    rows_per_chunk : int
        Contacts per unit of work (and of progress); bounds memory.
    progress : callable, optional
        Called as ``progress(done, total)`` in accounts after each chunk.
    as_of : date, optional
        The analysis date for accounts without an ``as_of`` column (default today).
    messages : bool
        Word every gap's message and advice in ``gaps`` (off by default: a
        pipeline is read by its codes; the numbers are the same either way).
    contacts_scores : bool
        Keep the per-contact scores (``Portfolio.contacts``); every score is
        computed either way, this only decides whether they are returned.

    Raises
    ------
    InputError
        Only when the table as a whole cannot be used (no ``by`` column, no
        ``id`` or ``name`` column, an unreadable file); a bad account is skipped.
    """
    policy = policy or Policy()
    raw = contacts if isinstance(contacts, RawTable) else RawTable(
        "contacts", frame_to_text(contacts), list(range(2, len(contacts) + 2)))
    header_problems = table_problems(raw, by)
    if header_problems:
        raise InputError(header_problems)
    headers = _fact_headers(raw.frame, by)
    frame = raw.frame
    if as_of is not None and "as_of" not in headers:
        frame = frame.assign(__as_of=cell_text(as_of))
        headers["as_of"] = "__as_of"
    by_header = next(h for h in frame.columns if vocab.normalize_word(h) == vocab.normalize_word(by))
    codes, accounts = pd.factorize(frame[by_header].astype(str).str.strip(), sort=False)
    order = np.argsort(codes, kind="stable")
    sizes = np.bincount(codes, minlength=len(accounts))
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    rows = np.asarray(raw.rows)
    read_problems: dict[int | None, list[Problem]] = {}  # cells refused while reading go with their row's chunk
    for problem in raw.problems:
        read_problems.setdefault(problem.row, []).append(problem)
    jobs = []
    for part in _chunks(sizes, rows_per_chunk):
        take = order[starts[part[0]]:starts[part[-1]] + sizes[part[-1]]]
        chunk_rows = rows[take].tolist()
        jobs.append(RawTable(raw.file, frame.iloc[take].reset_index(drop=True), chunk_rows, raw.row_label,
                             [p for row in chunk_rows if read_problems for p in read_problems.get(row, [])]))

    parts: list[_Part] = []
    done = 0
    args = (by, headers, policy, lang, messages, contacts_scores)
    workers = min(len(jobs), (os.cpu_count() or 1) if n_jobs in (-1, 0) else n_jobs)
    pool = None
    if workers > 1:
        import multiprocessing

        if "fork" in multiprocessing.get_all_start_methods():
            # forked workers inherit the chunks (nothing large is pickled on the way out), and imap
            # hands results back in order as they finish, for the progress bar
            _SHARED["jobs"] = jobs
            pool = multiprocessing.get_context("fork").Pool(workers)
            stream = pool.imap(functools.partial(_score_shared, args=args), range(len(jobs)))
        else:
            from joblib import Parallel, delayed

            runner = Parallel(n_jobs=workers, return_as="generator")
            stream = runner(delayed(_score_chunk)(job, *args) for job in jobs)
    else:
        stream = (_score_chunk(job, *args) for job in jobs)
    try:
        for part in stream:
            parts.append(part)
            done += len(part.facts) + len(part.skipped)
            if progress:
                progress(done, len(accounts))
    finally:
        _SHARED.clear()
        if pool is not None:
            pool.close()
            pool.join()

    scored = [p for p in parts if not p.coverage.empty]
    if scored:
        cover = pd.concat([p.coverage for p in scored], ignore_index=True)
        scores = pd.concat([p.scores for p in scored], ignore_index=True) if contacts_scores else \
            pd.DataFrame(columns=["account"])
        gaps = pd.concat([p.gaps for p in scored], ignore_index=True)
        facts = pd.concat([p.facts for p in scored])
    else:
        cover = pd.DataFrame(columns=["account", *ACCOUNT_COLUMNS])
        scores, gaps = pd.DataFrame(columns=["account"]), pd.DataFrame(columns=["account"])
        facts = pd.DataFrame(columns=["account_name", "stage", "technicality", "as_of"])
    fact_columns = facts.reindex(cover["account"]).reset_index(drop=True)
    table = pd.concat([cover[["account"]].rename(columns={"account": by}),
                       fact_columns[["account_name", "stage", "technicality", "as_of"]],
                       cover[ACCOUNT_COLUMNS].reset_index(drop=True)], axis=1)
    table["stage"] = table["stage"].astype("Int64")
    skipped_items = [(a, len(p), "; ".join(str(x) for x in p[:3])) for part in parts for a, p in part.skipped.items()]
    skipped = pd.DataFrame(skipped_items, columns=[by, "problems", "reason"])
    problems = sorted((p for part in parts for p in part.problems), key=lambda p: (p.file, p.row or 0))
    return Portfolio(by, table, scores.rename(columns={"account": by}), gaps.rename(columns={"account": by}),
                     skipped, problems)


def score_file(path: str | Path, by: str, **options) -> Portfolio:
    """Read a pipeline file (CSV, XLSX, JSON, YAML or Parquet) and :func:`score` it."""
    raw = read_account(path)
    return score(raw.contacts, by, **options)


# -- the per-partition unit every engine runs ----------------------------------------------------

RESULT_TYPES: dict[str, str] = {
    "account_name": "string", "stage": "int", "technicality": "string", "as_of": "string",
    **{c: ("string" if c in ("risk", "gaps") else "double" if c in ("coverage", "support_share", "opposition_share",
                                                                     "confidence") else "int")
       for c in ACCOUNT_COLUMNS},
    "problems": "int", "skipped_reason": "string",
}


def result_schema(by: str) -> str:
    """The declared schema of :func:`score_frame`'s output, as a Spark DDL string."""
    return ", ".join([f"`{by}` string", *(f"`{name}` {kind}" for name, kind in RESULT_TYPES.items())])


def score_frame(frame: pd.DataFrame, by: str, *, policy: Policy | None = None, as_of: str | None = None) -> pd.DataFrame:
    """Whole accounts in, one row per account out (scored, or skipped with its reason), in :func:`result_schema`.

    The pure pandas function a cluster engine runs on each partition (Spark's
    ``mapInPandas``/``applyInPandas``, Snowpark's ``apply_in_pandas``, Dask's
    ``map_partitions``): every account must sit whole in one frame.
    """
    if frame.empty:
        return pd.DataFrame({by: pd.Series(dtype=object), **{c: pd.Series(dtype=object) for c in RESULT_TYPES}})
    result = score(frame, by, policy=policy, as_of=as_of, contacts_scores=False)
    scored = result.accounts.assign(problems=0, skipped_reason=None)
    scored["as_of"] = pd.to_datetime(scored["as_of"]).dt.strftime("%Y-%m-%d")
    skipped = result.skipped.rename(columns={"reason": "skipped_reason"})
    out = pd.concat([scored, skipped], ignore_index=True) if len(skipped) else scored
    out = out.reindex(columns=[by, *RESULT_TYPES])
    for name, kind in RESULT_TYPES.items():
        if kind == "int":
            out[name] = out[name].astype("Int64")
        elif kind == "double":
            out[name] = out[name].astype(float)
        else:
            out[name] = out[name].astype(object).where(out[name].notna(), None)
    out[by] = out[by].astype(object)
    return out
