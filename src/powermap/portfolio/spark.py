"""The Spark engine: a pipeline too large for one machine, scored on a cluster (extra ``powermap[spark]``).

Spark only moves data: rows are repartitioned so that every account sits whole
in one partition, and each partition runs :func:`powermap.portfolio.score_frame`,
the same pandas function as the local engine, so the numbers are the same.

Example (needs a JVM and PySpark)::

    from powermap.portfolio import spark as engine
    session = engine.session("local[2]")
    accounts = engine.score(session.read.parquet("pipeline.parquet"), by="account")
    accounts.write.parquet("accounts.parquet")
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from powermap.errors import InputError, Problem
from powermap.io.dates import today
from powermap.policy import Policy
from powermap.portfolio.activities import refuse
from powermap.portfolio.local import result_schema, score_frame
from powermap.portfolio.review import KEPT, SHOWN, Review

if TYPE_CHECKING:
    from pyspark.sql import DataFrame

__all__ = ["score", "score_file", "session", "write", "review"]


def session(master: str = "local[*]", app_name: str = "powermap", shuffle_partitions: int = 8):
    """A Spark session: the active one (spark-submit, Databricks) or a new local one.

    A new local session runs its Python workers with this interpreter, so they
    find powermap and its dependencies.
    """
    try:
        from pyspark.sql import SparkSession
    except ImportError:  # pragma: no cover - the message is the point
        raise ImportError("the Spark engine needs PySpark: pip install 'powermap[spark]'") from None
    active = SparkSession.getActiveSession()
    if active is not None:
        return active
    # PySpark picks the workers' interpreter from the environment when the context starts
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    return (
        SparkSession.builder.master(master)
        .appName(app_name)
        .config("spark.sql.shuffle.partitions", str(shuffle_partitions))
        .config("spark.ui.enabled", "false")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .getOrCreate()
    )


def score(
    contacts: DataFrame,
    by: str,
    *,
    policy: Policy | None = None,
    as_of: str | None = None,
    partitions: int | None = None,
    read: Any = None,
    plan: bool = False,
) -> DataFrame:
    """Score every account of a Spark DataFrame of contacts; one row per account (scored or skipped).

    The result has the columns of :func:`powermap.portfolio.local.result_schema`:
    the local engine's account table plus ``problems`` and ``skipped_reason``
    for accounts that could not be scored. Each partition is read through the
    same preparer as a single map (``read``: a CRM export's options), and the
    default ``as_of`` (today) is decided here once, not on each executor. With
    ``plan``, each account's first action is added as the ``plan_*`` columns
    (``powermap plan``'s step 1, as the local engine gives it).
    """
    from pyspark.sql import functions as F

    refuse(read)
    if by not in contacts.columns:
        raise ValueError(f"no column {by!r} to group accounts by; found columns: {', '.join(contacts.columns)}")
    policy = policy or Policy()
    as_of = as_of if as_of is not None else today().isoformat()
    text = contacts.select(*[F.col(f"`{c}`").cast("string").alias(c) for c in contacts.columns]).na.fill("")
    grouped = text.repartition(partitions, by) if partitions else text.repartition(by)

    def run(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        frames = list(batches)  # Arrow batches may split an account; the partition holds it whole
        if frames:
            yield score_frame(
                pd.concat(frames, ignore_index=True), by, policy=policy, as_of=as_of, read=read, plan=plan
            )

    return grouped.mapInPandas(run, schema=result_schema(by, plan))


def score_file(
    path: str | Path,
    by: str,
    *,
    policy: Policy | None = None,
    as_of: str | None = None,
    spark=None,
    partitions: int | None = None,
    read: Any = None,
    plan: bool = False,
) -> DataFrame:
    """Read a pipeline file (``.parquet``, or ``.csv`` in UTF-8 with a header) with Spark and :func:`score` it.

    Parameters
    ----------
    path : str or Path
        The pipeline: one row per contact, a column naming each row's account.
    by : str
        That column.
    policy : Policy, optional
        Thresholds (the default policy if not given).
    as_of : str, optional
        The date the contacts' recency is measured from (default: each account's own, else today).
    spark : SparkSession, optional
        The session to read with (default: :func:`session`).
    partitions : int, optional
        Partitions to spread the accounts over (default: Spark's shuffle partitions).
    read : powermap.io.profiles.ReadOptions or dict, optional
        How to read a CRM export (as :func:`powermap.portfolio.score` takes it).
    plan : bool
        Add each account's first action (the ``plan_*`` columns), as :func:`score` does.

    Returns
    -------
    pyspark.sql.DataFrame
        One row per account, scored or skipped, lazy as Spark's results are; :func:`write` writes it.

    Raises
    ------
    InputError
        The file is not ``.parquet`` or ``.csv``, or has no ``by`` column (the error names the file); an
        activity log (``read``'s ``activities``) is refused: the local engine reads it.

    Examples
    --------
    Needs PySpark and a JVM (``pip install 'powermap[spark]'``)::

        accounts = score_file("data/samples/pipeline.csv", by="account")
        write(accounts, "accounts.parquet")
    """
    from powermap.io.validate import column_hint

    refuse(read)  # before a session is started
    path = Path(path)
    spark = spark or session()
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        contacts = spark.read.parquet(str(path))
    elif suffix == ".csv":
        contacts = spark.read.option("header", True).option("encoding", "UTF-8").csv(str(path))
    else:
        raise InputError([Problem(str(path), "the Spark engine reads .parquet or .csv files")])
    if by not in contacts.columns:
        raise InputError(
            [
                Problem(
                    str(path),
                    f"no column '{by}' to group accounts by{column_hint(by, contacts.columns)}; "
                    f"found columns: {', '.join(contacts.columns)}",
                )
            ]
        )
    return score(contacts, by, policy=policy, as_of=as_of, partitions=partitions, read=read, plan=plan)


def write(result: DataFrame, path: str | Path) -> None:
    """Write a Spark result: ``.parquet`` as Spark writes it (a folder of part files, replaced whole), ``.csv``
    or ``.xlsx`` collected to one table and written atomically and formula-safe
    (:func:`powermap.io.sheets.write_table`)."""
    from powermap.io.sheets import write_table

    if Path(path).suffix.lower() == ".parquet":
        result.write.mode("overwrite").parquet(str(path))
    else:
        write_table(result.toPandas(), path)


def review(result: DataFrame, by: str, keep: int = KEPT) -> Review:
    """What a coach reads first of a Spark result, as ``powermap portfolio`` prints it for the local engine
    (:class:`powermap.portfolio.review.Review`): accounts per risk grade, the gap codes most accounts have and the
    ``keep`` riskiest deals.

    Each partition counts its scored accounts and keeps its riskiest with the local engine's own code; the driver
    merges the partitions' reviews (:meth:`Review.merge`), so only counts and at most ``keep`` rows per partition
    come back, however long the pipeline.
    """
    import pickle

    from pyspark.sql import functions as F

    scored = result.filter(result["skipped_reason"].isNull())
    columns = [c for c in [by, *SHOWN] if c in scored.columns]  # what Review.add reads

    def count(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        part = Review(by, keep=keep)
        for frame in batches:
            part.add(frame)
        yield pd.DataFrame({"review": [pickle.dumps(part)]})

    merged = Review(by, keep=keep)
    rows = scored.select(*[F.col(f"`{c}`") for c in columns]).mapInPandas(count, schema="review binary").collect()
    for row in rows:
        merged.merge(pickle.loads(row["review"]))  # the driver's own job's partitions: trusted
    return merged
