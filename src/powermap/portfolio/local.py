"""Many accounts at once: a pipeline table (one row per contact, an account column) scored in one pass.

The per-account numbers are exactly those ``powermap analyze`` gives for the
account alone: both run :func:`powermap.analysis.analyze_batch`, a single
account being the batch of one. A bad account is reported and skipped; it
never sinks the run.

>>> from powermap.sim.synth import pipeline
>>> result = score(pipeline(20, 30, seed=1), by="account")
>>> len(result.accounts), result.skipped.empty
(20, True)
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import functools
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from powermap import vocab
from powermap.analysis.run import analyze_batch
from powermap.core.collector import paused_collector
from powermap.errors import InputError, Problem
from powermap.io.dates import today
from powermap.io.read import RawTable, cell_text, frame_to_text, read_account
from powermap.io.validate import FACT_COLUMNS, fact_headers, table_problems, validate_account, validate_contacts
from powermap.policy import Policy
from powermap.portfolio.activities import UNMATCHED, PipelineLog, apply_log, contact_keys, log_note, pipeline_log
from powermap.portfolio.cores import CoreMeter, free_cores
from powermap.portfolio.handoff import Handoff, handoff_folder, put, take
from powermap.portfolio.review import KEPT, Review
from powermap.text.words import words

__all__ = [
    "Portfolio",
    "score",
    "score_file",
    "score_frame",
    "read_pipeline",
    "frame_to_text",
    "ACCOUNT_COLUMNS",
    "FACT_COLUMNS",
    "free_cores",
]

ACCOUNT_COLUMNS = [
    "coverage",
    "risk",
    "n_gaps",
    "gaps",
    "risk_points",
    "contacts",
    "engaged",
    "supporters",
    "opposed",
    "roles_held",
    "roles_engaged",
    "decision_makers_engaged",
    "levels_engaged",
    "departments_engaged",
    "mid_level_allies",
    "threads",
    "owners",
    "support_share",
    "opposition_share",
    "confidence",
]


@dataclass
class Portfolio:
    """The scored pipeline.

    accounts : one row per scored account: the ``by`` column, the account's facts, ``coverage``, ``risk``,
        ``n_gaps``, ``gaps`` (distinct codes, sorted, joined by ``;``) and the main coverage figures.
    contacts : per-contact scores with the ``by`` column.
    gaps : one row per gap with the ``by`` column.
    skipped : one row per account that was not scored: the ``by`` value, how many problems, the first ones.
    problems : every problem found, each naming file, row, column and value.
    notes : how the file was read when that matters (a second pass because an account's rows were scattered),
        and, with an activity log (``read``'s ``activities``), what it gave and every touch left unmatched.
    activity : with an activity log: touch rows ``read``, ``matched`` to contacts, ``counted``, ``contacts``
        touched, ``works_with`` links, and the touches not matched by why (``nobody``, ``unknown``,
        ``other-account``, ``ambiguous``, ``skipped-account``); None without one.
    written : the files :func:`score_file` wrote as the chunks came back (``write_to``), else None; the
        tables then hold no rows, and ``n_scored`` says how many accounts were scored.
    plans : with ``plan``, one row per account and step of its plan (the ``by`` column and
        :data:`powermap.plan.batch.STEP_COLUMNS`: ``powermap plan``'s steps on that account); no rows otherwise.
    """

    by: str
    accounts: pd.DataFrame
    contacts: pd.DataFrame
    gaps: pd.DataFrame
    skipped: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    written: list[Path] | None = None
    activity: dict[str, Any] | None = None
    plans: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def n_scored(self) -> int:
        """How many accounts were scored (when :func:`score_file` wrote the tables as they came, ``accounts``
        holds none of them: ``written`` names the files)."""
        return self._n_scored if self.written is not None else len(self.accounts)

    _n_scored: int = 0
    _review: Review | None = field(default=None, repr=False)  # made as score_file wrote the tables (written)

    def review(self, top: int = 5) -> Review:
        """What a coach reads first of the pipeline: accounts per risk grade, the gap codes most accounts have
        and the ``top`` riskiest deals (high risk first, then the latest stage, the most risk points, the lowest
        coverage), as ``powermap portfolio`` prints them (:class:`powermap.portfolio.review.Review`).

        When :func:`score_file` wrote the tables as they came (``written``), the review was counted as they
        went by, keeping the 20 riskiest deals: ``top`` is at most 20 there.

        Examples
        --------
        >>> from powermap.sim.synth import pipeline
        >>> review = score(pipeline(40, 30, seed=1), by="account").review(top=3)
        >>> review.accounts, len(review.riskiest)
        (40, 3)
        >>> review.riskiest["risk"].iat[0]
        'high'
        """
        found = self._review if self._review is not None else Review.of(self.accounts, self.by)
        return found.top(top)

    def summary(self, reasons: bool = True, lang: str = "en") -> str:
        """How many accounts were scored and skipped, naming the first skipped ones.

        With ``reasons=False`` each skipped account gets its number of problems instead of their text
        (for a caller that prints ``problems`` itself, so no problem is said twice). With ``lang="zh"``
        the count is said in Chinese; the skipped accounts follow it as they are.
        """
        text = self._summary_en(reasons)
        if lang == "en":
            return text
        counted = words("done.scored", lang).format(n=self.n_scored, skipped=len(self.skipped))
        return counted + ("：" + text.split(": ", 1)[1] if ": " in text else "")

    def _summary_en(self, reasons: bool) -> str:
        text = f"{self.n_scored} account{'s' if self.n_scored != 1 else ''} scored, {len(self.skipped)} skipped"
        if len(self.skipped):
            shown = self.skipped.head(5)
            if reasons:
                items = [f"{_account_label(k)} ({why})" for k, why in zip(shown[self.by], shown["reason"])]
            else:
                items = [
                    f"{_account_label(k)} ({n} problem{'s' if n != 1 else ''})"
                    for k, n in zip(shown[self.by], shown["problems"])
                ]
            text += ": " + "; ".join(items)
            if len(self.skipped) > 5:
                text += f"; and {len(self.skipped) - 5} more"
        return text

    def to_files(
        self,
        accounts: str | Path | None = None,
        *,
        contacts: str | Path | None = None,
        gaps: str | Path | None = None,
        plans: str | Path | None = None,
    ) -> list[Path]:
        """Write the tables that are given a path: ``.csv``, ``.xlsx`` or ``.parquet`` by the file's suffix.

        Each file is written atomically (a failed write leaves any earlier file whole) and spreadsheet
        cells that would run as formulas are kept as text (:func:`powermap.io.sheets.write_table`).
        Nothing is written when a path is refused: the suffixes are checked first.

        Parameters
        ----------
        accounts : str or Path, optional
            Where to write ``accounts``, one row per scored account.
        contacts : str or Path, optional
            Where to write ``contacts``, the per-contact scores.
        gaps : str or Path, optional
            Where to write ``gaps``, one row per gap.
        plans : str or Path, optional
            Where to write ``plans``, one row per account and step.

        Returns
        -------
        list of Path
            The files written, in the order accounts, contacts, gaps, plans.

        Raises
        ------
        ValueError
            A suffix other than ``.csv``, ``.xlsx`` or ``.parquet``, or a table too long for an Excel sheet.

        Examples
        --------
        >>> from powermap.sim.synth import pipeline
        >>> import tempfile, pathlib
        >>> result = score(pipeline(3, 20, seed=1), by="account")
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> [p.name for p in result.to_files(folder / "accounts.csv", gaps=folder / "gaps.xlsx")]
        ['accounts.csv', 'gaps.xlsx']
        """
        from powermap.io.sheets import table_path, write_table

        tables = [(self.accounts, accounts), (self.contacts, contacts), (self.gaps, gaps), (self.plans, plans)]
        wanted = [(frame, table_path(path)) for frame, path in tables if path is not None]  # all checked first
        return [write_table(frame, path) for frame, path in wanted]


def release_freed_memory() -> None:
    """Hand the memory freed by the last chunk back to the system (glibc keeps freed heap pages, so a streamed
    run's memory would otherwise grow with the pages the reader's and the analysis's buffers left scattered:
    0.95 GiB at 50,000 accounts against 0.71 GiB with this). Nothing happens where the C library is not glibc."""
    libc = _glibc()
    if libc is not None:
        libc.malloc_trim(0)


@functools.cache
def _glibc() -> Any:
    import ctypes

    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.malloc_trim  # noqa: B018 (only glibc has it)
    except (OSError, AttributeError):
        return None
    return libc


def _account_label(value) -> str:
    """An account's name as said in a summary: quoted, and an empty one named as such."""
    text = "" if value is None or value != value else str(value)
    return repr(text) if text.strip() else "(empty account name)"


def _account_facts(
    raw: RawTable, key: pd.Series, headers: dict[str, str], years: tuple[int, int]
) -> tuple[pd.DataFrame, dict[str, list[Problem]]]:
    """One row of facts per account, and the problems of the accounts whose facts vary or do not parse."""
    problems: dict[str, list[Problem]] = {}
    facts = pd.DataFrame({canon: raw.frame[h].astype(str).str.strip() for canon, h in headers.items()})
    facts["_key"] = key.to_numpy()
    # accounts as codes in order of their first row; per fact, the accounts with more than one value in it
    account_code, accounts = pd.factorize(facts["_key"])
    first_index = facts.iloc[np.sort(np.unique(account_code, return_index=True)[1])].set_index("_key")
    for canon, header in headers.items():
        value_code, values = pd.factorize(facts[canon])
        given = (value_code >= 0) & (account_code >= 0)  # a missing value is no second value
        pairs = np.unique(account_code[given] * (len(values) + 1) + value_code[given])
        counts = np.bincount(pairs // (len(values) + 1), minlength=len(accounts))
        for account in accounts[counts > 1]:
            values = sorted(facts.loc[facts["_key"] == account, canon].unique())[:4]
            rows = np.flatnonzero((facts["_key"] == account).to_numpy())
            problems.setdefault(account, []).append(
                raw.problem(
                    f"{canon} differs within account {account!r} ({', '.join(map(repr, values))}): "
                    "an account's facts must be the same on all its rows",
                    index=int(rows[0]),
                    column=header,
                )
            )
    fact_columns = [c for c in first_index.columns if c != "account_name"]
    keys = first_index.index.to_numpy(dtype=object)
    fact_rows = [tuple(r) for r in first_index[fact_columns].to_numpy(dtype=object)]  # plain strings: no Arrow boxing
    parsed: dict[tuple, Any] = {}
    for combo in dict.fromkeys(fact_rows):
        account, fact_problems = validate_account(dict(zip(fact_columns, combo)), raw.file, years)
        parsed[combo] = (account, fact_problems, pd.Timestamp(account.as_of))
    names = first_index["account_name"].to_numpy(dtype=object) if "account_name" in first_index else keys
    records = []
    for account_key, combo, name in zip(keys, fact_rows, names):
        account, fact_problems, as_of = parsed[combo]
        if fact_problems:
            problems.setdefault(account_key, []).extend(
                Problem(p.file, f"account {account_key!r}: {p.message}", None, headers.get(p.column, p.column), p.value)
                for p in fact_problems
            )
        records.append((account_key, name or account_key, account.stage, account.technicality, as_of))
    table = pd.DataFrame(records, columns=["_key", "account_name", "stage", "technicality", "as_of"]).set_index("_key")
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
    plan: pd.DataFrame | None = None  # the steps of each account's plan (powermap.plan.batch.plan_steps)
    activity: dict[str, int] | None = None


_WORKER: dict[str, Any] = {}  # set in each worker process by _start_worker, never in the calling process


def _start_worker(jobs: list[RawTable], args: tuple) -> None:
    """Pool initializer: a forked worker keeps its own pool's chunks (inherited, not pickled) and leaves
    Ctrl-C to the calling process, which ends the pool."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _WORKER["jobs"], _WORKER["args"] = jobs, args


def _score_in_worker(i: int) -> _Part:
    return _score_chunk(_WORKER["jobs"][i], *_WORKER["args"])


def _score_chunk(
    raw: RawTable,
    by: str,
    headers: dict[str, str],
    policy: Policy,
    lang: str,
    messages: bool,
    keep_scores: bool,
    plan: int = 0,
    gap_rows: bool = True,
    log: PipelineLog | None = None,
) -> _Part:
    """Validate and analyse the accounts of one chunk (whole accounts only); skip the bad ones.

    With ``log`` (a pipeline's activity log), each account's touches are applied first
    (:func:`powermap.portfolio.activities.apply_log`)."""
    validated, problems = validate_contacts(raw, by=by, years=policy.years)
    key = validated["account"]
    facts, fact_problems = _account_facts(raw, key, headers, policy.years)
    by_account: dict[str, list[Problem]] = {a: list(p) for a, p in fact_problems.items()}
    row_position: dict[int | None, int] = {row: i for i, row in enumerate(raw.rows)} if problems else {}
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
    links = None
    counts = None
    if log is not None:
        good, links, counts = apply_log(good, good_facts, log, policy)
    with paused_collector():  # a batch's many containers live until it is done: no collector walks over them
        result = analyze_batch(good, links, good_facts, policy, lang, messages=messages)
        steps = None
        if plan:  # the first moves of every account (powermap.plan.batch), from the same batch's numbers
            from powermap.plan.batch import plan_steps

            steps = plan_steps(good, result, good_facts, policy, lang=lang, steps=plan)
    scores = result.scores if keep_scores else pd.DataFrame()
    gaps = result.gaps if gap_rows else result.gaps.iloc[:0]
    return _Part(result.coverage, scores, gaps, good_facts, by_account, all_problems, steps, counts)


def score(
    contacts: pd.DataFrame | RawTable,
    by: str,
    *,
    policy: Policy | None = None,
    lang: str = "en",
    n_jobs: int = 1,
    rows_per_chunk: int = 50_000,
    progress: Callable[[int, int], None] | None = None,
    as_of: str | dt.date | None = None,
    messages: bool = False,
    contacts_scores: bool = True,
    plan: bool | int = False,
    read: Any = None,
    gap_rows: bool = True,
    log: PipelineLog | None = None,
) -> Portfolio:
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
    policy : Policy, optional
        The thresholds and weights every account is analysed with.
    lang : {"en", "zh"}
        Language of the gaps' messages (with ``messages``).
    n_jobs : int
        Worker processes (-1: as many cores as other programs leave free, measured while the table is
        prepared, see :class:`powermap.portfolio.cores.CoreMeter`); 1 runs in this process.
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
    plan : bool or int
        Plan every account as ``powermap plan`` does (:func:`powermap.plan.batch.plan_steps`): True (or 1) its
        first step, a number N its first N steps. Step 1 becomes the columns ``plan_action``, ``plan_kind``,
        ``plan_contact``, ``plan_change``, ``plan_resolves``, ``plan_coverage_after``, ``plan_risk_after``,
        ``plan_cost`` of ``accounts`` (empty where no action helps); every step is a row of ``plans``.
    read : powermap.io.profiles.ReadOptions or dict, optional
        How to read a CRM export, as :func:`powermap.load` takes it: the table
        goes through the same preparer (CRM columns, dates) as a single map.
    gap_rows : bool
        Keep one row per gap (``Portfolio.gaps``); every gap is found either
        way (``n_gaps``, ``gaps`` and ``risk`` are the same), this only decides
        whether their rows are returned.
        Its ``activities`` (activity exports and calendars, ``--activities``)
        are read once for the whole pipeline and each touch applied to its
        account's contact (:mod:`powermap.portfolio.activities`).
    log : powermap.portfolio.activities.PipelineLog, optional
        The pipeline's activity log already read (by :func:`score_file`); else read from ``read``.

    Returns
    -------
    Portfolio
        ``accounts`` (one row per scored account, in the table's order),
        ``contacts``, ``gaps``, ``skipped`` (one row per account left out, with
        the reason) and ``problems``. Each account's numbers are those
        ``powermap analyze`` gives for it alone.

    Raises
    ------
    InputError
        Only when the table as a whole cannot be used (no ``by`` column, no
        ``id`` or ``name`` column, an unreadable file); a bad account is skipped.

    See Also
    --------
    score_file : A pipeline file, read in chunks.
    score_frame : One row per account, for a cluster engine's partitions.

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"account": ["Acme", "Acme", "Bolt", "Bolt"], "id": ["a1", "a2", "b1", "b2"],
    ...     "name": ["Ana", "Bo", "Cy", ""], "reports_to": ["", "a1", "", "b1"],
    ...     "roles": ["decision maker", "coach", "decision maker", ""], "relationship": [1, 2, 0, 0],
    ...     "stage": [3, 3, 4, 4]})
    >>> result = score(table, by="account", as_of="2026-11-15")
    >>> print(result.accounts[["account", "stage", "coverage", "risk", "n_gaps"]].to_string(index=False))
    account  stage  coverage   risk  n_gaps
       Acme      3      35.8 medium       9
    >>> print(result.summary())
    1 account scored, 1 skipped: 'Bolt' (contacts, row 5, column 'name': '': empty name: every contact needs a name)
    """
    policy = policy or Policy()
    plan = _plan_length(plan)
    meter = CoreMeter()  # what other programs use while the table is prepared decides the workers
    raw = (
        contacts
        if isinstance(contacts, RawTable)
        else RawTable("contacts", frame_to_text(contacts), list(range(2, len(contacts) + 2)))
    )
    raw = read_pipeline(raw, read)
    raw, headers, by_header = _prepared(raw, by, as_of if as_of is not None else today())
    if log is None and _activities(read):
        log = _read_log([_log_keys(raw, by, headers, policy)], read)
    codes, accounts = pd.factorize(raw.frame[by_header].astype(str).str.strip(), sort=False)
    jobs = _jobs(raw, codes, len(accounts), rows_per_chunk)

    parts: list[_Part] = []
    done = 0
    args = (by, headers, policy, lang, messages, contacts_scores, plan, gap_rows, log)
    workers = min(len(jobs), meter.free() if n_jobs in (-1, 0) else n_jobs)
    pool = None
    stream: Iterator[_Part]
    if workers > 1:
        import multiprocessing

        if "fork" in multiprocessing.get_all_start_methods():
            # forked workers inherit the chunks through the initializer's arguments (nothing large is pickled
            # on the way out, and each call has its own pool and chunks); imap hands results back in order
            pool = multiprocessing.get_context("fork").Pool(workers, initializer=_start_worker, initargs=(jobs, args))
            stream = pool.imap(_score_in_worker, range(len(jobs)))
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
    except BaseException:  # Ctrl-C or an error: stop the workers now rather than let them finish
        _end_pool(pool, abort=True)
        raise
    _end_pool(pool, abort=False)
    return _assemble(parts, by, contacts_scores, plan, log)


def _plan_length(plan: bool | int) -> int:
    """How many steps of each account's plan ``plan`` asks for: False 0, True 1, a number itself.

    >>> _plan_length(True), _plan_length(False), _plan_length(3)
    (1, 0, 3)
    """
    if isinstance(plan, bool):
        return int(plan)
    if not isinstance(plan, (int, np.integer)) or plan < 0:
        raise ValueError(f"plan: expected True, False or a number of steps (0 or more), got {plan!r}")
    return int(plan)


def _activities(read: Any) -> tuple:
    """The activity files the read options name (``--activities``)."""
    if read is None:
        return ()
    return tuple(read.get("activities") or () if isinstance(read, dict) else read.activities or ())


def _log_keys(
    raw: RawTable, by: str, headers: dict[str, str], policy: Policy
) -> tuple[pd.DataFrame, pd.Timestamp | None]:
    """What the log's touches are matched by in one table of whole accounts (:func:`contact_keys`), and its
    latest ``as_of``."""
    validated, _ = validate_contacts(raw, by=by, years=policy.years)
    if validated.empty or "account" not in validated:
        return contact_keys(pd.DataFrame(columns=["account", "id", "name"])), None
    names = None
    if "account_name" in headers:
        given = pd.Series(
            raw.frame[headers["account_name"]].astype(str).str.strip().to_numpy(), index=validated["account"]
        )
        names = given[~given.index.duplicated()]
    latest = None
    if "as_of" in headers:
        dates = pd.to_datetime(pd.Series(pd.unique(raw.frame[headers["as_of"]].astype(str))), errors="coerce")
        latest = dates.max() if dates.notna().any() else None
    return contact_keys(validated, names), latest


def _read_log(found: list[tuple[pd.DataFrame, pd.Timestamp | None]], read: Any) -> PipelineLog:
    """Read the pipeline's activity log once and match it over every account's contacts."""
    from powermap.io.profiles import ReadOptions, read_users

    options = read if isinstance(read, ReadOptions) else ReadOptions(**(read or {}))
    keys = pd.concat([k for k, _ in found], ignore_index=True)
    dates = [d for _, d in found if d is not None]
    until = max(dates) if dates else pd.Timestamp(today())
    users = read_users(options.users) if options.users is not None else None
    return pipeline_log(options.activities, keys, until, users, options.dayfirst)


def _end_pool(pool, *, abort: bool) -> None:
    """Let the workers finish (or, on Ctrl-C or an error, stop them now) and wait for them."""
    if pool is None:
        return
    pool.terminate() if abort else pool.close()
    pool.join()


def _prepared(raw: RawTable, by: str, as_of: Any) -> tuple[RawTable, dict[str, str], str]:
    """The table (with the ``as_of`` column added, or its empty cells filled, when given), its fact headers and
    its account header. The caller decides ``as_of`` once per run: workers never ask for today's date."""
    header_problems = table_problems(raw, by)
    if header_problems:
        raise InputError(header_problems)
    headers = fact_headers(raw.frame, by)
    frame = raw.frame
    if as_of is not None and "as_of" not in headers:
        frame = frame.assign(__as_of=cell_text(as_of))
        headers["as_of"] = "__as_of"
    elif as_of is not None:
        column = frame[headers["as_of"]]
        empty = column.astype(str).str.strip() == ""
        if empty.any():
            frame = frame.assign(**{headers["as_of"]: column.where(~empty, cell_text(as_of))})
    by_header = next(h for h in frame.columns if vocab.normalize_word(h) == vocab.normalize_word(by))
    return RawTable(raw.file, frame, raw.rows, raw.row_label, raw.problems), headers, by_header


def read_pipeline(raw: RawTable, read: Any = None) -> RawTable:
    """A pipeline's table through the preparer every path reads with (:func:`powermap.io.profiles.prepare`).

    A problem of one row (a role value a CRM profile does not know, a cell that
    is no date) stays with its row, so that only its account is skipped; a
    problem of the whole table (an ambiguous date column, an unknown profile)
    is raised.

    Parameters
    ----------
    raw : RawTable
        The table as read.
    read : powermap.io.profiles.ReadOptions or dict, optional
        How to read it (``profile``, ``dayfirst``, ``users``, ``lenient``, ...).

    Returns
    -------
    RawTable
        The table in powermap's columns, the rows' problems in ``problems``.

    Raises
    ------
    InputError
        With the problems of the table as a whole.
    """
    from powermap.io.profiles import ReadOptions, prepare

    options = read if isinstance(read, ReadOptions) else ReadOptions(**(read or {}))
    if options.activities:  # read once for the whole pipeline by score and score_file, not per table
        options = dataclasses.replace(options, activities=())
    table, reading, problems = prepare(raw, options)
    problems = reading.relocate(problems)
    whole = [p for p in problems if p.row is None]
    if whole:
        raise InputError(whole)
    if not problems:
        return table
    return RawTable(table.file, table.frame, table.rows, table.row_label, [*table.problems, *problems])


def _jobs(raw: RawTable, codes: np.ndarray, n_accounts: int, rows_per_chunk: int) -> list[RawTable]:
    """Units of work of about ``rows_per_chunk`` contacts, whole accounts each, accounts in first-seen order."""
    order = np.argsort(codes, kind="stable")
    sizes = np.bincount(codes, minlength=n_accounts)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    rows = np.asarray(raw.rows)
    read_problems: dict[int | None, list[Problem]] = {}  # cells refused while reading go with their row's chunk
    for problem in raw.problems:
        read_problems.setdefault(problem.row, []).append(problem)
    jobs = []
    for part in _chunks(sizes, rows_per_chunk):
        take = order[starts[part[0]] : starts[part[-1]] + sizes[part[-1]]]
        chunk_rows = rows[take].tolist()
        jobs.append(
            RawTable(
                raw.file,
                raw.frame.iloc[take].reset_index(drop=True),
                chunk_rows,
                raw.row_label,
                [p for row in chunk_rows if read_problems for p in read_problems.get(row, [])],
            )
        )
    return jobs


def _assemble(
    parts: list[_Part], by: str, contacts_scores: bool, plan: int = 0, log: PipelineLog | None = None
) -> Portfolio:
    scored = [p for p in parts if not p.coverage.empty]
    if scored:
        cover = pd.concat([p.coverage for p in scored], ignore_index=True)
        scores = (
            pd.concat([p.scores for p in scored], ignore_index=True)
            if contacts_scores
            else pd.DataFrame(columns=["account"])
        )
        gaps = pd.concat([p.gaps for p in scored], ignore_index=True)
        facts = pd.concat([p.facts for p in scored])
    else:
        cover = pd.DataFrame(columns=["account", *ACCOUNT_COLUMNS])
        scores, gaps = pd.DataFrame(columns=["account"]), pd.DataFrame(columns=["account"])
        facts = pd.DataFrame(columns=["account_name", "stage", "technicality", "as_of"])
    fact_columns = facts.reindex(cover["account"]).reset_index(drop=True)
    table = pd.concat(
        [
            cover[["account"]].rename(columns={"account": by}),
            fact_columns[["account_name", "stage", "technicality", "as_of"]],
            cover[ACCOUNT_COLUMNS].reset_index(drop=True),
        ],
        axis=1,
    )
    table["stage"] = table["stage"].astype("Int64")
    plans = pd.DataFrame(columns=[by])
    if plan:
        from powermap.plan.batch import PLAN_COLUMNS, STEP_COLUMNS, first_actions

        made = [p.plan for p in parts if p.plan is not None and len(p.plan)]
        steps = pd.concat(made, ignore_index=True) if made else pd.DataFrame(columns=["account", *STEP_COLUMNS])
        first = first_actions(steps).set_index("account")
        table = pd.concat([table, first.reindex(table[by].to_numpy())[PLAN_COLUMNS].reset_index(drop=True)], axis=1)
        plans = steps.rename(columns={"account": by})
    skipped_items = [(a, len(p), "; ".join(str(x) for x in p[:3])) for part in parts for a, p in part.skipped.items()]
    skipped = pd.DataFrame(skipped_items, columns=[by, "problems", "reason"])
    problems = sorted((p for part in parts for p in part.problems), key=lambda p: (p.file, p.row or 0))
    notes: list[str] = []
    activity = None
    if log is not None:
        counts: dict[str, int] = {}
        for part in parts:
            for k, v in (part.activity or {}).items():
                counts[k] = counts.get(k, 0) + v
        notes = [log_note(log, counts, set(skipped[by].astype(str))), *log.notes]
        found = log.touches["found"]
        unmatched = {k: int((found == k).sum()) for k in UNMATCHED}
        unmatched["skipped-account"] = int(log.touches["account_key"].isin(set(skipped[by].astype(str))).sum())
        activity = {"read": len(found), "matched": int((found == "contact").sum()), **counts, "unmatched": unmatched}
    return Portfolio(
        by,
        table,
        scores.rename(columns={"account": by}),
        gaps.rename(columns={"account": by}),
        skipped,
        problems,
        notes,
        activity=activity,
        plans=plans,
    )


def score_file(
    path: str | Path,
    by: str,
    *,
    policy: Policy | None = None,
    lang: str = "en",
    n_jobs: int = 1,
    rows_per_chunk: int = 50_000,
    progress: Callable[[int, int | None], None] | None = None,
    as_of: str | dt.date | None = None,
    messages: bool = False,
    contacts_scores: bool = True,
    plan: bool | int = False,
    read: Any = None,
    gap_rows: bool = True,
    write_to: Mapping[str, str | Path | None] | None = None,
) -> Portfolio:
    """Read a pipeline file (CSV, XLSX, JSON, YAML or Parquet) and :func:`score` it.

    CSV (UTF-8) and Parquet files are read in chunks of about ``rows_per_chunk``
    contacts, cut between accounts, and scored as they come: memory is bounded
    by the chunks in hand, not by the file. This needs each account's rows
    together (the file sorted or grouped by ``by``, as a CRM export or
    ``ORDER BY`` gives it). An account whose rows are scattered is found as
    soon as it reappears; the file is then read once more and its rows sorted
    out by account through temporary bucket files (:class:`powermap.io.chunks.Spilled`),
    memory still bounded, the accounts given back in the file's order: the
    result is the same, and its ``notes`` says so. Other formats, other encodings and files the
    chunked reader is not sure of (malformed rows, NUL bytes) are read whole,
    by :func:`powermap.io.read.read_account`, which names every problem.
    ``progress`` is called as ``progress(done, None)`` while the total is not known.

    Each table of whole accounts (or the whole file's table) goes through
    :func:`read_pipeline` (``read``: a CRM export's options) before scoring.

    The other parameters are :func:`score`'s; the results are the same.

    Parameters
    ----------
    path : str or Path
        The pipeline file: one row per contact, with the ``by`` column.
    by : str
        The account column.
    policy, lang, n_jobs, rows_per_chunk
        As in :func:`score`.
    progress : callable, optional
        Called as ``progress(done, total)`` in accounts (``total`` None while not known).
    as_of, messages, contacts_scores, plan
        As in :func:`score`.
    read : powermap.io.profiles.ReadOptions or dict, optional
        How to read a CRM export (as :func:`score` takes it).
    gap_rows : bool
        As in :func:`score` (the ``powermap portfolio`` command keeps them only for ``--gaps-out``).
    write_to : dict, optional
        Files to write the tables to, as :meth:`Portfolio.to_files` takes them (``accounts``, ``contacts``,
        ``gaps``, ``plans``): written as the chunks come back, in order (:class:`powermap.portfolio.outputs.TableStream`),
        so that memory stays flat however long the file; the bytes are those :meth:`Portfolio.to_files`
        writes. The suffixes are checked before the file is read.

    Returns
    -------
    Portfolio
        As :func:`score` gives it for the whole file; with ``write_to``, its tables hold no rows
        (``written`` names the files, ``n_scored`` counts the accounts).

    Raises
    ------
    InputError
        When the file as a whole cannot be used (unreadable, no ``by``, ``id``
        or ``name`` column); a bad account is skipped.
    ValueError
        With ``write_to``: a suffix other than ``.csv``, ``.xlsx`` or ``.parquet``, or a table too long for
        an Excel sheet.

    Examples
    --------
    >>> result = score_file("data/samples/pipeline.csv", by="account")
    >>> result.summary()
    '200 accounts scored, 0 skipped'
    >>> print(result.accounts[["account", "coverage", "risk"]].head(3).to_string(index=False))
       account  coverage   risk
    ACC-000000      66.2 medium
    ACC-000001      78.4   high
    ACC-000002      88.1    low
    """
    import tempfile

    from powermap.io.chunks import NotStreamable, Spilled, whole_accounts

    plan = _plan_length(plan)
    options: dict[str, Any] = dict(
        policy=policy or Policy(),
        lang=lang,
        n_jobs=n_jobs,
        rows_per_chunk=rows_per_chunk,
        progress=progress,
        as_of=as_of if as_of is not None else today(),  # decided once, for every chunk and worker
        messages=messages,
        contacts_scores=contacts_scores,
        plan=plan,
        read=read,
        gap_rows=gap_rows,
    )
    stream = None
    if write_to is not None:
        from powermap.portfolio.outputs import TableStream

        stream = TableStream(write_to, lambda parts: _assemble(parts, by, contacts_scores, plan))
    if _activities(read):  # read once, matched over every account before any is scored
        options["log"] = _file_log(path, by, read, options["as_of"], options["policy"], rows_per_chunk)

    def whole() -> Portfolio:
        return _written(score(read_account(path).contacts, by, **options), write_to)

    try:
        return _score_stream(whole_accounts(path, by, rows_per_chunk), by, stream=stream, **options)
    except NotStreamable as why:
        if not why.scattered:
            return whole()
        note = why.note
    except BaseException:
        if stream is not None:
            stream.abort()
        raise
    try:
        with tempfile.TemporaryDirectory(prefix="powermap-") as folder:
            spilled = Spilled(path, by, rows_per_chunk, folder)
            try:
                result = _written(_in_file_order(_score_stream(spilled, by, **options), spilled.order), write_to)
            except NotStreamable:
                result = whole()
    except OSError as exc:  # the temporary folder is full or not writable: sort in memory instead, and say so
        result = whole()
        result.notes.append(
            words("reading.spill_failed", lang).format(
                folder=tempfile.gettempdir(), why=exc.strerror or type(exc).__name__
            )
        )
    if note is not None:  # a scattered file always says why
        result.notes.append(note)
    return result


def _written(result: Portfolio, write_to: Mapping[str, str | Path | None] | None) -> Portfolio:
    """``result`` as :func:`score_file` gives it back with ``write_to``: the tables written, then emptied."""
    if write_to is None or result.written is not None:
        return result
    written = result.to_files(**write_to)
    return _emptied(result, written, len(result.accounts), Review.of(result.accounts, result.by, keep=KEPT))


def _emptied(result: Portfolio, written: list[Path], n_scored: int, review: Review) -> Portfolio:
    return Portfolio(
        result.by,
        result.accounts.iloc[:0],
        result.contacts.iloc[:0],
        result.gaps.iloc[:0],
        result.skipped,
        result.problems,
        result.notes,
        written=written,
        activity=result.activity,
        plans=result.plans.iloc[:0],
        _n_scored=n_scored,
        _review=review,
    )


def _in_file_order(result: Portfolio, order: dict[str, int]) -> Portfolio:
    """Accounts (and their contacts and gaps) in the order of their first row in the file, as :func:`score`
    gives them."""

    def ordered(frame: pd.DataFrame) -> pd.DataFrame:
        if frame.empty or result.by not in frame:
            return frame
        rank = frame[result.by].astype(str).map(order).to_numpy()
        return frame.iloc[np.argsort(rank, kind="stable")].reset_index(drop=True)

    return dataclasses.replace(
        result,
        accounts=ordered(result.accounts),
        contacts=ordered(result.contacts),
        gaps=ordered(result.gaps),
        skipped=ordered(result.skipped),
        plans=ordered(result.plans),
    )


def _score_in_worker_job(job: Handoff | RawTable) -> _Part:
    return _score_chunk(take(job), *_WORKER["args"])


def _score_stream(
    tables,
    by: str,
    *,
    policy: Policy,
    lang: str,
    n_jobs: int,
    rows_per_chunk: int,
    progress,
    as_of,
    messages: bool,
    contacts_scores: bool,
    plan: int = 0,
    read: Any = None,
    gap_rows: bool = True,
    stream: Any = None,
    log: PipelineLog | None = None,
) -> Portfolio:
    """Score whole-account tables as a reader yields them, with at most two per worker in flight; with a
    ``stream`` (:class:`powermap.portfolio.outputs.TableStream`) each part's rows are written as it comes back
    and only its skipped accounts and problems are kept."""
    from collections import deque

    parts: list[_Part] = []
    meter = CoreMeter()  # the free cores are measured while the first chunk is read
    workers = None if n_jobs in (-1, 0) else max(1, n_jobs)
    pending: deque[Any] = deque()  # multiprocessing's AsyncResult of each chunk in flight
    pool = None
    handoffs = contextlib.ExitStack()
    folder = None  # where the chunks wait for their workers (powermap.portfolio.handoff)
    done = 0
    n_scored = 0
    review = Review(by)  # counted as the parts go by: the written tables are not kept

    def collect(part: _Part) -> None:
        nonlocal done, n_scored
        done += len(part.facts) + len(part.skipped)
        if stream is not None:
            accounts = stream.add(part).accounts
            n_scored += len(accounts)
            review.add(accounts)
            empty = pd.DataFrame()
            part = _Part(empty, empty, empty, part.facts.iloc[:0], part.skipped, part.problems, activity=part.activity)
            release_freed_memory()
        parts.append(part)
        if progress:
            progress(done, None)

    try:
        for table in tables:
            try:
                prepared = read_pipeline(table, read)
            except InputError:  # a chunk alone may not decide what the file does (a date order): read it whole
                from powermap.io.chunks import NotStreamable

                raise NotStreamable() from None
            raw, headers, by_header = _prepared(prepared, by, as_of)
            args = (by, headers, policy, lang, messages, contacts_scores, plan, gap_rows, log)
            if workers is None:
                workers = meter.free()
            if workers == 1:
                collect(_score_chunk(raw, *args))
                continue
            if pool is None:
                import multiprocessing

                context = multiprocessing.get_context(
                    "fork" if "fork" in multiprocessing.get_all_start_methods() else None
                )
                pool = context.Pool(workers, initializer=_start_worker, initargs=(None, args))
                folder = handoffs.enter_context(handoff_folder())
            pending.append(pool.apply_async(_score_in_worker_job, (put(raw, folder),)))
            while len(pending) >= 2 * workers:
                collect(pending.popleft().get())
        while pending:
            collect(pending.popleft().get())
    except BaseException:
        _end_pool(pool, abort=True)
        handoffs.close()
        if stream is not None:
            stream.abort()
        raise
    _end_pool(pool, abort=False)
    handoffs.close()
    if stream is None:
        return _assemble(parts, by, contacts_scores, plan, log)
    written = stream.finish()
    return _emptied(_assemble(parts, by, contacts_scores, plan, log), written, n_scored, review)


def _file_log(path: str | Path, by: str, read: Any, as_of: Any, policy: Policy, rows_per_chunk: int) -> PipelineLog:
    """A pipeline file's activity log, matched over all its accounts' contacts before any is scored: the
    file's tables of whole accounts are read once more for their contacts' ids, emails and names (the
    whole file when its accounts' rows are scattered)."""
    from powermap.io.chunks import NotStreamable, whole_accounts

    found = []
    try:
        for table in whole_accounts(path, by, rows_per_chunk):
            raw, headers, _ = _prepared(read_pipeline(table, read), by, as_of)
            found.append(_log_keys(raw, by, headers, policy))
    except (NotStreamable, InputError):  # read whole, as the scoring will
        raw, headers, _ = _prepared(read_pipeline(read_account(path).contacts, read), by, as_of)
        found = [_log_keys(raw, by, headers, policy)]
    return _read_log(found, read)


# -- the per-partition unit every engine runs ----------------------------------------------------

RESULT_TYPES: dict[str, str] = {
    "account_name": "string",
    "stage": "int",
    "technicality": "string",
    "as_of": "string",
    **{
        c: (
            "string"
            if c in ("risk", "gaps")
            else "double"
            if c in ("coverage", "support_share", "opposition_share", "confidence")
            else "int"
        )
        for c in ACCOUNT_COLUMNS
    },
    "problems": "int",
    "skipped_reason": "string",
}


def _result_types(plan: bool) -> dict[str, str]:
    """:data:`RESULT_TYPES`, with ``plan`` the first action's columns before ``problems`` (numbers as doubles)."""
    if not plan:
        return RESULT_TYPES
    from powermap.plan.batch import PLAN_COLUMNS

    first = {c: "double" if c in ("plan_coverage_after", "plan_cost") else "string" for c in PLAN_COLUMNS}
    *facts, problems, reason = RESULT_TYPES.items()
    return dict([*facts, *first.items(), problems, reason])


def result_schema(by: str, plan: bool = False) -> str:
    """The declared schema of :func:`score_frame`'s output (with ``plan``: the ``plan_*`` columns before
    ``problems``), as a Spark DDL string."""
    return ", ".join([f"`{by}` string", *(f"`{name}` {kind}" for name, kind in _result_types(plan).items())])


def score_frame(
    frame: pd.DataFrame,
    by: str,
    *,
    policy: Policy | None = None,
    as_of: str | None = None,
    read: Any = None,
    plan: bool = False,
) -> pd.DataFrame:
    """Whole accounts in, one row per account out (scored, or skipped with its reason), in :func:`result_schema`.

    The pure pandas function a cluster engine runs on each partition (Spark's
    ``mapInPandas``/``applyInPandas``, Snowpark's ``apply_in_pandas``, Dask's
    ``map_partitions``): every account must sit whole in one frame.

    Parameters
    ----------
    frame : DataFrame
        Contacts of whole accounts, with the ``by`` column (as for :func:`score`).
    by : str
        The account column.
    policy : Policy, optional
        The thresholds and weights.
    as_of : str, optional
        The analysis date for accounts without an ``as_of`` column (default today; an engine decides it once
        and hands it to every partition).
    read : powermap.io.profiles.ReadOptions or dict, optional
        How to read a CRM export (as :func:`score` takes it).
    plan : bool
        Add each account's first action, the ``plan_*`` columns (as :func:`score` takes it).

    Returns
    -------
    DataFrame
        One row per account: ``by``, the facts, the coverage figures, with ``plan`` the first action,
        ``problems`` (0 when scored) and ``skipped_reason`` (None when scored),
        with the types of :func:`result_schema`.

    See Also
    --------
    powermap.portfolio.spark : The Spark engine that runs it.

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"account": ["Acme", "Acme", "Bolt"], "id": ["a1", "a2", "b1"],
    ...     "name": ["Ana", "Bo", ""], "reports_to": ["", "a1", ""], "stage": [3, 3, 4]})
    >>> out = score_frame(table, by="account", as_of="2026-11-15")
    >>> print(out[["account", "stage", "risk", "problems"]].to_string(index=False))
    account  stage risk  problems
       Acme      3 high         0
       Bolt   <NA> None         1
    >>> out["skipped_reason"][1]
    "contacts, row 4, column 'name': '': empty name: every contact needs a name"
    """
    types = _result_types(plan)
    if frame.empty:
        return pd.DataFrame({by: pd.Series(dtype=object), **{c: pd.Series(dtype=object) for c in types}})
    try:
        result = score(frame, by, policy=policy, as_of=as_of, contacts_scores=False, read=read, plan=plan)
    except InputError as error:  # a problem of the partition's table as a whole: its accounts are skipped, saying why
        keys = pd.unique(frame[by].astype(str).str.strip())
        reason = "; ".join(str(p) for p in error.problems[:3])
        out = pd.DataFrame({by: keys, "problems": len(error.problems), "skipped_reason": reason})
    else:
        scored = result.accounts.assign(problems=0, skipped_reason=None)
        scored["as_of"] = pd.to_datetime(scored["as_of"]).dt.strftime("%Y-%m-%d")
        skipped = result.skipped.rename(columns={"reason": "skipped_reason"})
        out = pd.concat([scored, skipped], ignore_index=True) if len(skipped) else scored
    out = out.reindex(columns=[by, *types])
    for name, kind in types.items():
        if kind == "int":
            out[name] = out[name].astype("Int64")
        elif kind == "double":
            out[name] = out[name].astype(float)
        else:
            out[name] = out[name].astype(object).where(out[name].notna(), None)
    out[by] = out[by].astype(object)
    return out
