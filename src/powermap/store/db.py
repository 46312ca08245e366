"""A store of dated snapshots: every map saved with its analysis, in SQLite (a file) or PostgreSQL.

One snapshot is one account on one date: its contacts (every column, the
user's own columns too), its links, its account facts, where it came from
(file name and SHA-256) and the analysis figures as they were computed when
it was saved (coverage, risk, the score's parts, every gap with its people),
so history and diffs never recompute. The schema carries a version: a store
made by another schema version, or a database that is not a powermap store,
is refused with a message and left untouched. Every save is one transaction.

>>> import tempfile, pathlib, powermap
>>> from powermap.sim.synth import pipeline
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> store = Store(folder / "deals.db")
>>> pm = powermap.load("data/samples/manufacturer.csv", name="Hartwell", as_of="2026-10-15")
>>> store.save(pm).as_of
datetime.date(2026, 10, 15)
>>> from powermap.analysis.run import analyze
>>> analyze(store.load("Hartwell")).coverage.equals(analyze(pm.deal).coverage)
True
>>> store.close()
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sqlite3
import time
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError, OperationalError

from powermap.analysis.gaps import SEVERITIES
from powermap.analysis.run import deal_and_analysis
from powermap.io.dates import parse_date
from powermap.io.validate import CONTACT_FRAME_COLUMNS, Account
from powermap.policy import Policy
from powermap.vocab import ROLE_LABELS

if TYPE_CHECKING:
    from powermap.analysis.run import Analysis
    from powermap.core.deal import Deal
    from powermap.portfolio.local import Portfolio
    from powermap.store.history import Diff, Version

__all__ = [
    "Store",
    "StoreError",
    "StoreBusy",
    "SnapshotExists",
    "SnapshotInfo",
    "SCHEMA_VERSION",
    "store_url",
    "store_file",
]

SCHEMA_VERSION = 1
APPLICATION = "powermap"
SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_S = float(os.environ.get("POWERMAP_STORE_TIMEOUT", "30"))

# The contact fields kept as typed columns; anything else the user gave goes into ``extra`` (JSON, order kept).
TEXT_FIELDS = (
    "id",
    "name",
    "title",
    "department",
    "level",
    "level_source",
    "reports_to",
    "relationship_source",
    "owner",
    "competitor",
    "notes",
)
INT_FIELDS = ("depth", "influence", "stance", "relationship", "row")
KNOWN_CONTACT_FIELDS = (*TEXT_FIELDS, *INT_FIELDS, "roles", "last_contact", "account")
LINK_FIELDS = ("source", "target", "kind", "weight", "kind_source", "weight_source", "row")
# a column only some tables have (validation adds it when the file does): stored with the extra columns
OPTIONAL_DATE = "in_role_since"


class StoreError(Exception):
    """The store cannot be used as asked (not a store, another schema version, no such snapshot...)."""


class StoreBusy(StoreError):
    """Another process held the store for longer than the busy timeout."""


class SnapshotExists(StoreError):
    """A snapshot of this account on this date is already saved (and replacing was not asked for)."""


metadata = sa.MetaData()
schema_table = sa.Table(
    "powermap_schema",
    metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)
accounts_table = sa.Table(
    "accounts",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("name", sa.Text, nullable=False, unique=True),
    sa.Column("created_at", sa.DateTime, nullable=False),
)
snapshots_table = sa.Table(
    "snapshots",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("account_id", sa.Integer, sa.ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False),
    sa.Column("as_of", sa.Date, nullable=False),
    sa.Column("stage", sa.Integer),
    sa.Column("technicality", sa.Text, nullable=False),
    sa.Column("facts_sources", sa.Text, nullable=False),  # JSON: which facts were given or defaulted
    sa.Column("source_name", sa.Text),  # the file the map was read from
    sa.Column("source_sha256", sa.String(64)),
    sa.Column("saved_at", sa.DateTime, nullable=False),
    sa.Column("policy", sa.Text, nullable=False),  # JSON of the thresholds the figures were made with
    sa.Column("extra_columns", sa.Text, nullable=False),  # JSON list: the user's own contact columns, in order
    sa.Column("people", sa.Integer, nullable=False),
    sa.Column("n_links", sa.Integer, nullable=False),
    sa.Column("coverage", sa.Float, nullable=False),
    sa.Column("risk", sa.String(8), nullable=False),
    sa.Column("risk_points", sa.Integer, nullable=False),
    sa.Column("n_gaps", sa.Integer, nullable=False),
    sa.Column("figures", sa.Text, nullable=False),  # JSON: every coverage figure and the score's parts
    sa.UniqueConstraint("account_id", "as_of", name="one_snapshot_per_day"),
)
contacts_table = sa.Table(
    "contacts",
    metadata,
    sa.Column("snapshot_id", sa.Integer, sa.ForeignKey("snapshots.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("position", sa.Integer, primary_key=True),
    *(sa.Column(name, sa.Text) for name in TEXT_FIELDS),
    *(sa.Column(name, sa.Integer) for name in INT_FIELDS),
    sa.Column("roles", sa.Text, nullable=False),  # role ids joined by ';'
    sa.Column("last_contact", sa.Date),
    sa.Column("extra", sa.Text),  # JSON object of the user's own columns
    sqlite_with_rowid=False,  # rows stored in key order: one b-tree to write, not a table and its index
)
links_table = sa.Table(
    "links",
    metadata,
    sa.Column("snapshot_id", sa.Integer, sa.ForeignKey("snapshots.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("position", sa.Integer, primary_key=True),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("target", sa.Text, nullable=False),
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("weight", sa.Float, nullable=False),
    sa.Column("kind_source", sa.Text),
    sa.Column("weight_source", sa.Text),
    sa.Column("row", sa.Integer),
    sqlite_with_rowid=False,
)
gaps_table = sa.Table(
    "gaps",
    metadata,
    sa.Column("snapshot_id", sa.Integer, sa.ForeignKey("snapshots.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("position", sa.Integer, primary_key=True),
    sa.Column("code", sa.Text, nullable=False),
    sa.Column("severity", sa.String(8), nullable=False),
    sa.Column("role", sa.Text),
    sa.Column("condition", sa.Text),
    sa.Column("contacts", sa.Text, nullable=False),  # contact ids joined by ';'
    sqlite_with_rowid=False,
)
OUR_TABLES = ("powermap_schema", "accounts", "snapshots", "contacts", "links", "gaps")
CHILD_TABLES = (contacts_table, links_table, gaps_table)


@dataclass(frozen=True)
class SnapshotInfo:
    """What one save wrote: the account, its date, its figures."""

    account: str
    as_of: dt.date
    people: int
    coverage: float
    risk: str
    n_gaps: int
    replaced: bool = False


def store_url(store: str | Path) -> str:
    """A SQLAlchemy URL from what a user types: a URL as is, anything else a SQLite file path.

    >>> store_url("deals.db")
    'sqlite:///deals.db'
    >>> store_url("postgresql+psycopg://coach@db/powermap")
    'postgresql+psycopg://coach@db/powermap'
    """
    text = str(store)
    if "://" in text:
        return text
    return f"sqlite:///{text}"


def store_file(store: str | Path) -> Path | None:
    """The file a SQLite store lives in, so that no output is written over it; None for PostgreSQL or memory.

    >>> store_file("deals.db"), store_file("postgresql+psycopg://coach@db/powermap")
    (PosixPath('deals.db'), None)
    """
    try:
        url = sa.make_url(store_url(store))
    except sa.exc.ArgumentError:
        return None
    return _sqlite_path(url) if url.get_backend_name() == "sqlite" else None


def account_key(name: str) -> str:
    """An account's name as the store keeps it: Unicode NFC, so that the composed and decomposed spellings of
    one name (``Café`` typed on two keyboards) are one account.

    >>> account_key("Cafe\u0301") == account_key("Caf\u00e9") == "Caf\u00e9"
    True
    """
    return unicodedata.normalize("NFC", name)


def _damaged(shown: str, error: BaseException) -> StoreError:
    """A store whose rows cannot be what powermap wrote (edited by hand, or damaged on disk), said plainly."""
    what = f"{type(error).__name__}: {error}" if not isinstance(error, KeyError) else f"unknown value {error}"
    return StoreError(
        f"{shown}: the store is damaged ({what}); left untouched. Save the account again into a new store, "
        "or restore the store from a backup"
    )


def _stored_roles(text: str | None) -> tuple[str, ...]:
    """A stored ``a;b`` list of roles; ValueError for a role powermap does not know (a damaged row)."""
    roles = tuple(text.split(";")) if text else ()
    unknown = [r for r in roles if r not in ROLE_LABELS]
    if unknown:
        raise ValueError(f"unknown role {unknown[0]!r} in a contact's roles")
    return roles


def _sqlite_path(url: sa.URL) -> Path | None:
    database = url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


def _precheck_sqlite_file(path: Path, shown: str) -> None:
    """Refuse a file that is not a SQLite database, or a database that is not a powermap store, before
    SQLAlchemy opens it (opening would switch its journal to WAL)."""
    try:
        path.exists()
    except OSError as error:  # a name longer than the file system takes, a path through a file
        raise StoreError(f"{shown}: cannot be a store file ({error.strerror or error})") from None
    if not path.exists() or path.stat().st_size == 0:
        if path.exists() is False and not path.parent.exists():
            raise StoreError(f"{shown}: the folder {path.parent} does not exist")
        return
    if path.is_dir():
        raise StoreError(f"{shown}: is a folder, not a powermap store file")
    with open(path, "rb") as handle:
        head = handle.read(len(SQLITE_MAGIC))
    if head != SQLITE_MAGIC:
        raise StoreError(
            f"{shown}: not a powermap store (not a SQLite database); left untouched. "
            "Give --store a new file name or an existing store"
        )
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_S)
        try:
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        raise StoreError(f"{shown}: cannot be read as a SQLite database ({error}); left untouched") from None
    if tables and "powermap_schema" not in tables:
        names = ", ".join(sorted(tables)[:6])
        raise StoreError(
            f"{shown}: a SQLite database but not a powermap store (it holds tables {names}); "
            "left untouched. Give --store a new file name or an existing store"
        )


def _busy(error: BaseException) -> bool:
    text = str(getattr(error, "orig", error)).lower()
    return (
        "database is locked" in text
        or "database is busy" in text
        or "lock timeout" in text
        or "could not serialize" in text
    )


def _text(value: Any) -> str | None:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and np.isnan(value):
        return None
    return str(value)


def _int(value: Any) -> int | None:
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return None
    return int(value)


def file_sha256(path: str | Path) -> str:
    """The SHA-256 of a file's bytes, read in blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _test_pause(stage: str) -> None:
    """For the interrupted and concurrent save tests only: ``POWERMAP_STORE_TEST_PAUSE=stage:marker_file``
    makes a save write the marker file at that point inside its transaction and wait there until the file is
    deleted (at most ``POWERMAP_STORE_TEST_PAUSE_S`` seconds), so a test can kill it or race it there."""
    hook = os.environ.get("POWERMAP_STORE_TEST_PAUSE")
    if not hook or hook.split(":", 1)[0] != stage:
        return
    marker = Path(hook.split(":", 1)[1])
    marker.write_text(str(os.getpid()))
    deadline = time.monotonic() + float(os.environ.get("POWERMAP_STORE_TEST_PAUSE_S", "120"))
    while marker.exists() and time.monotonic() < deadline:
        time.sleep(0.05)


def _contact_rows(contacts: pd.DataFrame, extra_columns: list[str]) -> dict[str, list]:
    """The contacts frame as column lists ready to insert (vectorised: a pipeline has millions of rows)."""
    n = len(contacts)
    columns: dict[str, list] = {}
    for name in TEXT_FIELDS:
        values = contacts[name] if name in contacts else pd.Series([None] * n, dtype=object)
        values = values.astype(object)
        columns[name] = values.where(values.notna(), None).tolist()
    for name in INT_FIELDS:
        values = contacts[name] if name in contacts else pd.Series([None] * n, dtype=object)
        columns[name] = [
            None if v is None or v is pd.NA else int(v)
            for v in values.astype(object).where(values.notna(), None).tolist()
        ]
    columns["roles"] = [";".join(r) for r in contacts["roles"].tolist()]
    last = pd.to_datetime(contacts["last_contact"]) if "last_contact" in contacts else pd.Series(pd.NaT, index=range(n))
    columns["last_contact"] = [None if pd.isna(v) else v.date() for v in last.tolist()]
    if extra_columns:
        extra = contacts[extra_columns].astype(object)
        extra = extra.where(extra.notna(), None)
        columns["extra"] = [
            json.dumps(dict(zip(extra_columns, row)), ensure_ascii=False, default=str)
            for row in extra.itertuples(index=False, name=None)
        ]
    else:
        columns["extra"] = [None] * n
    return columns


def _extra_columns(contacts: pd.DataFrame) -> list[str]:
    return [c for c in contacts.columns if c not in KNOWN_CONTACT_FIELDS]


def _figures(cover: pd.Series) -> dict[str, float | None]:
    out = {}
    for name, value in cover.items():
        if name in ("account", "risk", "gaps"):
            continue
        try:
            out[str(name)] = None if pd.isna(value) else float(value)
        except (TypeError, ValueError):
            continue
    return out


def _bulk_insert(connection: sa.Connection, table: sa.Table, columns: dict[str, list], chunk: int = 50_000) -> None:
    """Insert rows given as columns through the driver itself (COPY on PostgreSQL, executemany on SQLite):
    SQLAlchemy's per-row parameter handling costs more than the database's own work for a pipeline's
    millions of values. Values are already plain (text, int, float, date, datetime, None)."""
    names = list(columns)
    n = len(columns[names[0]]) if names else 0
    if n == 0:
        return
    quoted = ", ".join(f'"{name}"' for name in names)
    if connection.dialect.name == "postgresql":
        driver = connection.connection.dbapi_connection
        assert driver is not None  # a connection in use holds its driver's connection
        cursor = driver.cursor()
        try:
            with cursor.copy(f'COPY "{table.name}" ({quoted}) FROM STDIN') as copy:
                for row in zip(*(columns[name] for name in names)):
                    copy.write_row(row)
        finally:
            cursor.close()
        return
    # SQLite: dates and times as the ISO text SQLAlchemy's SQLite types write and read back
    values = []
    for name in names:
        kind = table.c[name].type
        if isinstance(kind, sa.DateTime):
            values.append([v if v is None else v.strftime("%Y-%m-%d %H:%M:%S.%f") for v in columns[name]])
        elif isinstance(kind, sa.Date):
            values.append([v if v is None else v.isoformat() for v in columns[name]])
        else:
            values.append(columns[name])
    sql = f'INSERT INTO "{table.name}" ({quoted}) VALUES ({", ".join("?" * len(names))})'
    for start in range(0, n, chunk):
        connection.exec_driver_sql(sql, list(zip(*(v[start : start + chunk] for v in values))))


class Store:
    """Dated snapshots of power maps in a database: a SQLite file (default) or PostgreSQL.

    Parameters
    ----------
    url : str or Path
        ``powermap.db`` or ``sqlite:///path/powermap.db`` for a file (created on
        first save), ``postgresql+psycopg://user@host/db`` for a team's server.
    policy : Policy, optional
        The thresholds the saved figures are computed with (default policy).
    create : bool
        Create the store when there is none yet (default); False for reading only.

    Raises
    ------
    StoreError
        Not a SQLite or PostgreSQL URL, a file that is not a powermap store
        (or one of another schema version), or, with ``create=False``, no store yet.

    See Also
    --------
    powermap.store.history.diff_maps : The same diff between two maps in hand.

    Examples
    --------
    >>> import tempfile, pathlib, powermap
    >>> store = Store(pathlib.Path(tempfile.mkdtemp()) / "deals.db")
    >>> for month, stance in (("2026-09-01", "skeptic"), ("2026-10-01", "supporter")):
    ...     pm = powermap.from_frame(pd.DataFrame({"id": ["ceo", "cfo"], "name": ["Ana", "Bo"],
    ...         "reports_to": ["", "ceo"], "roles": ["decision maker", "finance"], "relationship": [2, 1],
    ...         "stance": ["neutral", stance]}), name="Acme", as_of=month)
    ...     _ = store.save(pm)
    >>> store.history("Acme")[["as_of", "people", "coverage"]].shape
    (2, 3)
    >>> store.diff("Acme").to_dict()["people"]["changed"]
    [{'id': 'cfo', 'name': 'Bo', 'field': 'stance', 'before': -1, 'after': 1}]
    >>> store.close()
    """

    def __init__(self, url: str | Path, *, policy: Policy | None = None, create: bool = True):
        self.url = store_url(url)
        self.policy = policy or Policy()
        try:
            parsed = sa.make_url(self.url)
        except sa.exc.ArgumentError:
            raise StoreError(
                f"{url}: not a store: expected a file name or a URL such as sqlite:///deals.db "
                "or postgresql+psycopg://user@host/database"
            ) from None
        self.shown = str(url) if "://" not in str(url) else parsed.render_as_string(hide_password=True)
        self.dialect = parsed.get_backend_name()
        if self.dialect not in ("sqlite", "postgresql"):
            raise StoreError(f"{self.shown}: powermap stores live in SQLite or PostgreSQL, not {self.dialect}")
        if self.dialect == "sqlite":
            path = _sqlite_path(parsed)
            if path is not None:
                _precheck_sqlite_file(path, self.shown)
                if not create and not path.exists():
                    raise StoreError(
                        f"{self.shown}: no powermap store here yet: save a snapshot first "
                        "(powermap snapshot FILE --store ...)"
                    )
            self.engine = sa.create_engine(parsed, connect_args={"timeout": BUSY_TIMEOUT_S})
            sa.event.listen(self.engine, "connect", self._sqlite_connect)
            sa.event.listen(self.engine, "begin", self._sqlite_begin)
        else:
            try:
                self.engine = sa.create_engine(parsed, pool_pre_ping=True)
            except ImportError as error:
                raise StoreError(
                    f"{self.shown}: PostgreSQL needs the driver: pip install 'powermap[postgres]' ({error})"
                ) from None
        self._ready = False
        self._check_schema(create=create)

    # -- connections ---------------------------------------------------------------------------
    @staticmethod
    def _sqlite_connect(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None  # transactions are begun below, not by the driver
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        cursor.execute("PRAGMA journal_mode = WAL")  # readers never wait for a writer, nor a writer for them
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @staticmethod
    def _sqlite_begin(connection) -> None:
        # a writer takes the write lock when its transaction starts, so two savers queue on the busy
        # timeout instead of one failing when it upgrades a read lock
        write = connection.get_execution_options().get("powermap_write", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    @contextmanager
    def _transaction(self, write: bool) -> Iterator[sa.Connection]:
        try:
            with self.engine.connect() as connection:
                connection = connection.execution_options(powermap_write=write)
                if self.dialect == "postgresql" and write:
                    with connection.begin():
                        # one writer per store at a time: the same order of writes as SQLite, and no
                        # two savers racing to create the same account
                        connection.exec_driver_sql(f"SET LOCAL lock_timeout = '{int(BUSY_TIMEOUT_S * 1000)}ms'")
                        connection.exec_driver_sql("SELECT pg_advisory_xact_lock(7405391)")
                        yield connection
                else:
                    with connection.begin():
                        yield connection
        except OperationalError as error:
            if _busy(error):
                raise StoreBusy(
                    f"{self.shown}: store busy: another powermap held it for more than {BUSY_TIMEOUT_S:g} s; try again"
                ) from None
            raise StoreError(f"{self.shown}: {getattr(error, 'orig', error)}") from None
        except DBAPIError as error:
            if _busy(error):
                raise StoreBusy(f"{self.shown}: store busy; try again") from None
            raise
        except (ValueError, KeyError, TypeError) as error:
            if write:  # a writer's own errors are not the store's
                raise
            raise _damaged(self.shown, error) from None

    def close(self) -> None:
        """Release the connections (the file stays as it is)."""
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<powermap.Store {self.shown}>"

    # -- schema --------------------------------------------------------------------------------
    def _check_schema(self, create: bool) -> None:
        if self._ready:
            return
        try:
            with self.engine.connect() as connection:
                names = set(sa.inspect(connection).get_table_names())
        except OperationalError as error:
            raise StoreError(f"{self.shown}: cannot open the store: {getattr(error, 'orig', error)}") from None
        if "powermap_schema" in names:
            self._check_version()
        else:
            ours = names & set(OUR_TABLES)
            if ours or (self.dialect == "sqlite" and names):
                raise StoreError(
                    f"{self.shown}: not a powermap store (it holds tables "
                    f"{', '.join(sorted(names)[:6])} but no powermap_schema); left untouched"
                )
            if not create:
                raise StoreError(f"{self.shown}: no powermap store here yet: save a snapshot first")
            with self._transaction(write=True) as connection:
                if "powermap_schema" in set(sa.inspect(connection).get_table_names()):
                    pass  # another process created it while we waited for the lock
                else:
                    metadata.create_all(connection)
                    connection.execute(
                        schema_table.insert(),
                        [
                            {"key": "application", "value": APPLICATION},
                            {"key": "version", "value": str(SCHEMA_VERSION)},
                            {"key": "created_at", "value": dt.datetime.now(dt.UTC).isoformat()},
                        ],
                    )
            self._check_version()
        self._ready = True

    def _check_version(self) -> None:
        with self._transaction(write=False) as connection:
            rows: dict[str, str] = dict(connection.execute(sa.select(schema_table.c.key, schema_table.c.value)).all())
        if rows.get("application") != APPLICATION:
            raise StoreError(
                f"{self.shown}: not a powermap store (its powermap_schema table names "
                f"{rows.get('application')!r}); left untouched"
            )
        try:
            version = int(rows.get("version", "0"))
        except ValueError as error:
            raise _damaged(self.shown, error) from None
        if version != SCHEMA_VERSION:
            newer = "a newer" if version > SCHEMA_VERSION else "an older"
            raise StoreError(
                f"{self.shown}: made by {newer} powermap (store schema version {version}; this "
                f"powermap reads version {SCHEMA_VERSION}); left untouched. Use the powermap "
                "that made it, or save into a new store"
            )

    # -- writing -------------------------------------------------------------------------------
    def _account_ids(self, connection: sa.Connection, names: list[str]) -> dict[str, int]:
        """Ids of the named accounts, created where new."""

        def lookup(wanted: list[str]) -> dict[str, int]:
            found: dict[str, int] = {}
            for start in range(0, len(wanted), 900):
                found.update(
                    connection.execute(
                        sa.select(accounts_table.c.name, accounts_table.c.id).where(
                            accounts_table.c.name.in_(wanted[start : start + 900])
                        )
                    ).all()
                )
            return found

        keys = {n: account_key(n) for n in names}
        unique = list(dict.fromkeys(keys.values()))
        found = lookup(unique)
        new = [n for n in unique if n not in found]
        if new:
            now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
            _bulk_insert(connection, accounts_table, {"name": new, "created_at": [now] * len(new)})
            found.update(lookup(new))
        return {n: found[k] for n, k in keys.items()}

    def _clear(
        self, connection: sa.Connection, keys: list[tuple[int, dt.date]], replace: bool
    ) -> set[tuple[int, dt.date]]:
        """Delete the snapshots at these (account id, date) keys when replacing; else refuse if any exists."""
        existing: dict[tuple[int, dt.date], int] = {}
        account_ids = sorted({k[0] for k in keys})
        for start in range(0, len(account_ids), 900):
            try:  # a date that is not a date fails here, as the rows are read
                rows = connection.execute(
                    sa.select(snapshots_table.c.account_id, snapshots_table.c.as_of, snapshots_table.c.id).where(
                        snapshots_table.c.account_id.in_(account_ids[start : start + 900])
                    )
                ).all()
            except (ValueError, TypeError) as error:
                raise _damaged(self.shown, error) from None
            existing.update({(a, d): i for a, d, i in rows})
        clash = [k for k in keys if k in existing]
        if clash and not replace:
            return set(clash)
        ids = [existing[k] for k in clash]
        for start in range(0, len(ids), 900):
            part = ids[start : start + 900]
            for table in CHILD_TABLES:
                connection.execute(table.delete().where(table.c.snapshot_id.in_(part)))
            connection.execute(snapshots_table.delete().where(snapshots_table.c.id.in_(part)))
        return set(clash)

    def _insert_snapshots(self, connection: sa.Connection, rows: list[dict]) -> list[int]:
        """Insert snapshot rows; their ids, in order (found again by account and date, which are unique)."""
        names = list(rows[0])
        _bulk_insert(connection, snapshots_table, {n: [r[n] for r in rows] for n in names})
        wanted = {(r["account_id"], r["as_of"]) for r in rows}
        account_ids = sorted({r["account_id"] for r in rows})
        ids: dict[tuple[int, dt.date], int] = {}
        s = snapshots_table.c
        for start in range(0, len(account_ids), 900):
            part = account_ids[start : start + 900]
            for account_id, as_of, sid in connection.execute(
                sa.select(s.account_id, s.as_of, s.id).where(s.account_id.in_(part))
            ).all():
                if (account_id, as_of) in wanted:
                    ids[(account_id, as_of)] = sid
        return [ids[(r["account_id"], r["as_of"])] for r in rows]

    @staticmethod
    def _insert_columns(connection: sa.Connection, table: sa.Table, columns: dict[str, list]) -> None:
        _bulk_insert(connection, table, columns)

    def save(
        self,
        pm: Deal,
        *,
        replace: bool = False,
        source_sha256: str | None = None,
        analysis: Analysis | None = None,
    ) -> SnapshotInfo:
        """Save one map as the snapshot of its account on its ``as_of`` date, in one transaction.

        Raises :class:`SnapshotExists` when that account already has a snapshot on
        that date, unless ``replace``; then the old one is replaced whole.

        Parameters
        ----------
        pm : Deal or PowerMap
            The map; its account name and ``as_of`` date key the snapshot.
        replace : bool
            Replace a snapshot already saved for that account and date.
        source_sha256 : str, optional
            The source file's SHA-256 (computed from ``pm.source`` when it is a file).
        analysis : Analysis, optional
            The deal's analysis under the store's policy (made here when not given; a map gives its own).

        Returns
        -------
        SnapshotInfo
            The account, its date, people, coverage, risk, number of gaps,
            and whether an older snapshot was replaced.

        Raises
        ------
        SnapshotExists
            The account already has a snapshot on that date (without ``replace``).

        Examples
        --------
        >>> import pathlib, tempfile, powermap
        >>> store = powermap.Store(pathlib.Path(tempfile.mkdtemp()) / "deals.db")
        >>> pm = powermap.load("data/samples/manufacturer.csv", links="data/samples/manufacturer_links.csv",
        ...                    name="Hartwell", stage=4, technicality="high", as_of="2026-11-15")
        >>> store.save(pm)  # doctest: +NORMALIZE_WHITESPACE
        SnapshotInfo(account='Hartwell', as_of=datetime.date(2026, 11, 15), people=36, coverage=89.2,
                     risk='high', n_gaps=5, replaced=False)
        >>> store.save(pm, replace=True).replaced
        True
        >>> store.close()
        """
        self._check_schema(create=True)
        pm, analysis = deal_and_analysis(pm, self.policy, analysis=analysis)
        cover = analysis.coverage.iloc[0]
        account = pm.account
        contacts = pm.contacts.copy()
        extra = _extra_columns(contacts)
        if source_sha256 is None and pm.source and Path(pm.source).is_file():
            source_sha256 = file_sha256(pm.source)
        with self._transaction(write=True) as connection:
            account_id = self._account_ids(connection, [account.name])[account.name]
            clash = self._clear(connection, [(account_id, account.as_of)], replace)
            if clash and not replace:
                raise SnapshotExists(
                    f"{self.shown}: {account.name!r} already has a snapshot on "
                    f"{account.as_of.isoformat()}; use --replace (replace=True) to replace it"
                )
            snapshot_id = self._insert_snapshots(
                connection,
                [
                    {
                        "account_id": account_id,
                        "as_of": account.as_of,
                        "stage": account.stage,
                        "technicality": account.technicality,
                        "facts_sources": json.dumps(account.sources or {}),
                        "source_name": Path(pm.source).name if pm.source else None,
                        "source_sha256": source_sha256,
                        "saved_at": dt.datetime.now(dt.UTC).replace(tzinfo=None),
                        "policy": json.dumps(self.policy.to_dict() if hasattr(self.policy, "to_dict") else {}),
                        "extra_columns": json.dumps(extra, ensure_ascii=False),
                        "people": len(contacts),
                        "n_links": len(pm.links),
                        "coverage": float(cover["coverage"]),
                        "risk": str(cover["risk"]),
                        "risk_points": int(cover["risk_points"]),
                        "n_gaps": int(cover["n_gaps"]),
                        "figures": json.dumps(_figures(cover)),
                    }
                ],
            )[0]
            rows = _contact_rows(contacts, extra)
            n = len(contacts)
            self._insert_columns(
                connection, contacts_table, {"snapshot_id": [snapshot_id] * n, "position": list(range(n)), **rows}
            )
            _test_pause("contacts")
            links = pm.links.copy()
            if len(links):
                self._insert_columns(
                    connection,
                    links_table,
                    {
                        "snapshot_id": [snapshot_id] * len(links),
                        "position": list(range(len(links))),
                        **{
                            c: [
                                _text(v) if c not in ("weight", "row") else (float(v) if c == "weight" else _int(v))
                                for v in links[c].tolist()
                            ]
                            for c in LINK_FIELDS
                        },
                    },
                )
            self._write_gaps(connection, [snapshot_id], analysis.gaps.assign(account=0), [0])
        return SnapshotInfo(
            account.name,
            account.as_of,
            n,
            float(cover["coverage"]),
            str(cover["risk"]),
            int(cover["n_gaps"]),
            replaced=bool(clash),
        )

    def _write_gaps(
        self, connection: sa.Connection, snapshot_ids: list[int], gaps: pd.DataFrame, keys: list[Any]
    ) -> None:
        if gaps.empty:
            return
        where = pd.Index(keys).get_indexer(gaps["account"].to_numpy(dtype=object))
        gaps = gaps.loc[where >= 0]
        sid = np.asarray(snapshot_ids, dtype=np.int64)[where[where >= 0]]
        position = gaps.groupby("account", sort=False).cumcount()
        self._insert_columns(
            connection,
            gaps_table,
            {
                "snapshot_id": sid.tolist(),
                "position": position.astype(int).tolist(),
                "code": gaps["code"].tolist(),
                "severity": gaps["severity"].tolist(),
                "role": [_text(v) for v in gaps["role"].tolist()],
                "condition": [_text(v) for v in gaps["condition"].tolist()],
                "contacts": [
                    ";".join(c) if isinstance(c, (tuple, list)) else (c or "") for c in gaps["contacts"].tolist()
                ],
            },
        )

    def save_portfolio(
        self,
        result: Portfolio,
        contacts: pd.DataFrame,
        *,
        replace: bool = False,
        source_name: str | None = None,
        source_sha256: str | None = None,
    ) -> list[SnapshotInfo]:
        """Save every scored account of a pipeline as its own snapshot, all in one transaction.

        Parameters
        ----------
        result : Portfolio
            From :func:`powermap.portfolio.score` (its figures are saved as they are, not recomputed).
        contacts : DataFrame or RawTable
            The pipeline table that was scored (validated again here to keep every contact's columns).
        replace : bool
            Replace snapshots already saved for the same account and date; else
            :class:`SnapshotExists` names them and nothing is saved.
        """
        from powermap.io.activity import engagement_from_activity
        from powermap.io.read import RawTable, frame_to_text
        from powermap.io.validate import validate_contacts

        self._check_schema(create=True)
        if result.accounts.empty:  # every account was skipped: nothing to save (the skipped ones say why)
            return []
        by = result.by
        raw = (
            contacts
            if isinstance(contacts, RawTable)
            else RawTable("contacts", frame_to_text(contacts), list(range(2, len(contacts) + 2)))
        )
        table = result.accounts
        keys = table[by].astype(str).tolist()
        scored = set(keys)
        rules = self.policy if isinstance(self.policy, Policy) else Policy()
        validated, _ = validate_contacts(raw, by=by, years=rules.years)
        validated = validated.loc[validated["account"].isin(scored).to_numpy()]
        # engagement from activity, as the scores saw it and as save() stores a map's contacts
        when = validated["account"].map(dict(zip(keys, pd.to_datetime(table["as_of"]))))
        validated = engagement_from_activity(validated, when, rules.activity_engagement_days)
        fact_headers = _fact_columns(raw, by)
        validated = validated.drop(columns=[h for h in fact_headers if h in validated.columns])
        codes = pd.Categorical(validated["account"], categories=keys)
        order = np.argsort(codes.codes, kind="stable")
        validated = validated.iloc[order].reset_index(drop=True)
        extra = _extra_columns(validated)
        names = [str(n) if _text(n) else k for n, k in zip(table["account_name"].tolist(), keys)]
        seen: dict[str, str] = {}
        for name, key in zip(names, keys):
            if seen.setdefault(account_key(name), key) != key:
                raise StoreError(
                    f"{self.shown}: accounts {seen[account_key(name)]!r} and {key!r} are both named {name!r}; "
                    "a store keeps accounts by name: give them different account_name values"
                )
        as_of = [d.date() for d in pd.to_datetime(table["as_of"]).tolist()]
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        policy = json.dumps(self.policy.to_dict() if hasattr(self.policy, "to_dict") else {})
        counts = validated["account"].value_counts()
        from powermap.portfolio.local import ACCOUNT_COLUMNS

        figure_columns = [c for c in ACCOUNT_COLUMNS if c in table.columns and c not in ("risk", "gaps")]
        with self._transaction(write=True) as connection:
            ids = self._account_ids(connection, names)
            clash = self._clear(connection, [(ids[n], d) for n, d in zip(names, as_of)], replace)
            if clash and not replace:
                by_id = {v: k for k, v in ids.items()}
                shown = ", ".join(f"{by_id[a]} ({d.isoformat()})" for a, d in sorted(clash)[:5])
                more = f" and {len(clash) - 5} more" if len(clash) > 5 else ""
                raise SnapshotExists(
                    f"{self.shown}: already has snapshots of {shown}{more}; use --replace "
                    "(replace=True) to replace them"
                )
            stages = table["stage"].astype(object).where(table["stage"].notna(), None).tolist()
            values = table[figure_columns].astype(float)
            figures = [
                json.dumps({k: (None if v != v else v) for k, v in zip(figure_columns, row)})
                for row in values.itertuples(index=False, name=None)
            ]
            rows = [
                {
                    "account_id": ids[name],
                    "as_of": day,
                    "stage": _int(stage),
                    "technicality": tech,
                    "facts_sources": "{}",
                    "source_name": source_name,
                    "source_sha256": source_sha256,
                    "saved_at": now,
                    "policy": policy,
                    "extra_columns": json.dumps(extra, ensure_ascii=False),
                    "people": int(counts.get(key, 0)),
                    "n_links": 0,
                    "coverage": float(cov),
                    "risk": str(risk),
                    "risk_points": int(points),
                    "n_gaps": int(n_gaps),
                    "figures": figure,
                }
                for name, key, day, stage, tech, cov, risk, points, n_gaps, figure in zip(
                    names,
                    keys,
                    as_of,
                    stages,
                    table["technicality"].tolist(),
                    table["coverage"].tolist(),
                    table["risk"].tolist(),
                    table["risk_points"].tolist(),
                    table["n_gaps"].tolist(),
                    figures,
                )
            ]
            snapshot_ids = self._insert_snapshots(connection, rows)
            columns = _contact_rows(validated, extra)
            sid = pd.Series(
                np.asarray(snapshot_ids, dtype=np.int64)[
                    pd.Index(keys).get_indexer(validated["account"].to_numpy(dtype=object))
                ]
            )
            position = validated.groupby("account", sort=False).cumcount().astype(int)
            _test_pause("portfolio")
            self._insert_columns(
                connection, contacts_table, {"snapshot_id": sid.tolist(), "position": position.tolist(), **columns}
            )
            self._write_gaps(connection, snapshot_ids, result.gaps.rename(columns={by: "account"}), keys)
        return [
            SnapshotInfo(
                name,
                day,
                row["people"],
                row["coverage"],
                row["risk"],
                row["n_gaps"],
                replaced=(ids[name], day) in clash,
            )
            for name, day, row in zip(names, as_of, rows)
        ]

    # -- reading -------------------------------------------------------------------------------
    def accounts(self) -> list[str]:
        """The names of the accounts with at least one snapshot."""
        self._check_schema(create=False)
        with self._transaction(write=False) as connection:
            return list(connection.execute(sa.select(accounts_table.c.name).order_by(accounts_table.c.name)).scalars())

    def _snapshot_row(self, connection: sa.Connection, account: str, as_of: str | dt.date | None, before: bool = False):
        account_id = connection.execute(
            sa.select(accounts_table.c.id).where(accounts_table.c.name == account_key(account))
        ).scalar()
        if account_id is None:
            known: Sequence[str] = (
                connection.execute(sa.select(accounts_table.c.name).order_by(accounts_table.c.name).limit(8))
                .scalars()
                .all()
            )
            raise StoreError(
                f"{self.shown}: no snapshots of {account!r}"
                + (f"; accounts in the store: {', '.join(known)}" if known else "; the store is empty")
            )
        query = sa.select(snapshots_table).where(snapshots_table.c.account_id == account_id)
        if as_of is None:
            row = connection.execute(query.order_by(snapshots_table.c.as_of.desc()).limit(1)).mappings().first()
        else:
            day = _parse_day(as_of)
            if before:
                row = (
                    connection.execute(
                        query.where(snapshots_table.c.as_of < day).order_by(snapshots_table.c.as_of.desc()).limit(1)
                    )
                    .mappings()
                    .first()
                )
                return row
            row = connection.execute(query.where(snapshots_table.c.as_of == day)).mappings().first()
            if row is None:
                dates: Sequence[dt.date] = (
                    connection.execute(
                        sa.select(snapshots_table.c.as_of)
                        .where(snapshots_table.c.account_id == account_id)
                        .order_by(snapshots_table.c.as_of)
                    )
                    .scalars()
                    .all()
                )
                raise StoreError(
                    f"{self.shown}: no snapshot of {account!r} on {day.isoformat()}; its snapshots: "
                    + ", ".join(d.isoformat() for d in dates)
                )
        return row

    def _read_tables(self, connection: sa.Connection, row) -> tuple[Account, pd.DataFrame, pd.DataFrame]:
        """A snapshot's account facts, contacts and links as validation made them."""
        sid = row["id"]

        def frame(table: sa.Table) -> pd.DataFrame:
            result = connection.execute(sa.select(table).where(table.c.snapshot_id == sid).order_by(table.c.position))
            return pd.DataFrame(result.all(), columns=list(result.keys()), dtype=object)

        return (
            self._facts(connection, row),
            _contacts_frame(frame(contacts_table), json.loads(row["extra_columns"])),
            _links_frame(frame(links_table)),
        )

    @staticmethod
    def _facts(connection: sa.Connection, row, account: str | None = None) -> Account:
        if account is None:
            account = connection.execute(
                sa.select(accounts_table.c.name).where(accounts_table.c.id == row["account_id"])
            ).scalar_one()
        return Account(account, row["stage"], row["technicality"], row["as_of"], json.loads(row["facts_sources"]))

    def _read_version(self, connection: sa.Connection, row, account: str | None = None) -> Version:
        """A snapshot as the diff reads it: plain rows, no DataFrame, nothing recomputed."""
        from powermap.store.history import DIFF_FIELDS, Version

        sid = row["id"]
        c = contacts_table.c
        fields = [f for f in DIFF_FIELDS]
        people = []
        for values in connection.execute(
            sa.select(c.id, c.name, *(c[f] for f in fields)).where(c.snapshot_id == sid).order_by(c.position)
        ).all():
            person = {"id": values[0], "name": values[1]}
            for name, value in zip(fields, values[2:]):
                if name == "roles":
                    value = list(_stored_roles(value))
                elif name == "last_contact":
                    value = value.isoformat() if value is not None else None
                elif value == "":
                    value = None
                person[name] = value
            people.append(person)
        lk, g = links_table.c, gaps_table.c
        links = [
            (s, t, k, float(w))
            for s, t, k, w in connection.execute(
                sa.select(lk.source, lk.target, lk.kind, lk.weight).where(lk.snapshot_id == sid).order_by(lk.position)
            ).all()
        ]
        gaps = [
            (code, severity, role, condition, tuple(people_.split(";")) if people_ else ())
            for code, severity, role, condition, people_ in connection.execute(
                sa.select(g.code, g.severity, g.role, g.condition, g.contacts)
                .where(g.snapshot_id == sid)
                .order_by(g.position)
            ).all()
        ]
        figures = json.loads(row["figures"])
        if row["risk"] not in SEVERITIES or not isinstance(figures, dict):
            raise ValueError(f"unknown risk level {row['risk']!r}" if row["risk"] not in SEVERITIES else "figures")
        return Version(
            self._facts(connection, row, account),
            people,
            links,
            gaps,
            float(row["coverage"]),
            str(row["risk"]),
            figures,
            source=row["source_name"],
        )

    def version(self, account: str, as_of: str | dt.date | None = None) -> Version:
        """One snapshot as saved: people, links, gaps and figures (nothing recomputed)."""
        self._check_schema(create=False)
        with self._transaction(write=False) as connection:
            return self._read_version(connection, self._snapshot_row(connection, account, as_of))

    def previous(self, account: str, before: str | dt.date) -> Version | None:
        """The latest snapshot of ``account`` dated before ``before``, or None."""
        self._check_schema(create=False)
        with self._transaction(write=False) as connection:
            known = connection.execute(
                sa.select(accounts_table.c.id).where(accounts_table.c.name == account_key(account))
            ).scalar()
            if known is None:
                return None
            row = self._snapshot_row(connection, account, before, before=True)
            return None if row is None else self._read_version(connection, row)

    def load(self, account: str, as_of: str | dt.date | None = None) -> Deal:
        """The map of ``account`` as saved on ``as_of`` (default: the latest snapshot).

        Parameters
        ----------
        account : str
            The account's name.
        as_of : str or date, optional
            The snapshot's date (default: the latest).

        Returns
        -------
        Deal
            The deal as saved (:class:`powermap.Store` gives it as a map): its contacts (with the user's own columns), links and facts.

        Raises
        ------
        StoreError
            No snapshot of ``account`` (on that date).

        Examples
        --------
        >>> import pathlib, tempfile, powermap
        >>> store = powermap.Store(pathlib.Path(tempfile.mkdtemp()) / "deals.db")
        >>> pm = powermap.load("data/samples/manufacturer.csv", links="data/samples/manufacturer_links.csv",
        ...                    name="Hartwell", stage=4, technicality="high", as_of="2026-11-15")
        >>> _ = store.save(pm)
        >>> store.load("Hartwell")
        <PowerMap 'Hartwell': 36 contacts, 18 links, stage 4>
        >>> store.load("Hartwell", "2026-11-15").gaps().equals(pm.gaps())
        True
        >>> store.close()
        """
        from powermap.core.deal import Deal

        self._check_schema(create=False)
        with self._transaction(write=False) as connection:
            row = self._snapshot_row(connection, account, as_of)
            facts, contacts, links = self._read_tables(connection, row)
        return Deal.trusted(contacts, links, facts, source=row["source_name"])

    def history(self, account: str) -> pd.DataFrame:
        """One row per snapshot of ``account``, oldest first.

        Parameters
        ----------
        account : str
            The account's name.

        Returns
        -------
        DataFrame
            ``as_of, stage, people, links, coverage, risk, risk_points, n_gaps,
            gaps`` (distinct codes joined by ';'), ``source, source_sha256,
            saved_at``: the figures as they were computed when each snapshot
            was saved (nothing recomputed).

        Raises
        ------
        StoreError
            No snapshot of ``account``.

        Examples
        --------
        >>> import pathlib, tempfile, pandas as pd, powermap
        >>> store = powermap.Store(pathlib.Path(tempfile.mkdtemp()) / "deals.db")
        >>> for month, stance in (("2026-09-01", "skeptic"), ("2026-10-01", "supporter")):
        ...     pm = powermap.from_frame(pd.DataFrame({"id": ["ceo", "cfo"], "name": ["Ana", "Bo"],
        ...         "reports_to": ["", "ceo"], "roles": ["decision maker", "finance"], "relationship": [2, 1],
        ...         "stance": ["neutral", stance]}), name="Acme", as_of=month)
        ...     _ = store.save(pm)
        >>> print(store.history("Acme")[["as_of", "people", "coverage", "risk"]].to_string(index=False))
             as_of  people  coverage   risk
        2026-09-01       2      30.8 medium
        2026-10-01       2      39.7 medium
        >>> store.close()
        """
        self._check_schema(create=False)
        with self._transaction(write=False) as connection:
            self._snapshot_row(connection, account, None)  # a clear error for an unknown account
            s, a = snapshots_table, accounts_table
            rows = (
                connection.execute(
                    sa.select(
                        s.c.id,
                        s.c.as_of,
                        s.c.stage,
                        s.c.people,
                        s.c.n_links,
                        s.c.coverage,
                        s.c.risk,
                        s.c.risk_points,
                        s.c.n_gaps,
                        s.c.source_name,
                        s.c.source_sha256,
                        s.c.saved_at,
                    )
                    .join(a, a.c.id == s.c.account_id)
                    .where(a.c.name == account_key(account))
                    .order_by(s.c.as_of)
                )
                .mappings()
                .all()
            )
            ids = [r["id"] for r in rows]
            odd = [r["risk"] for r in rows if r["risk"] not in SEVERITIES]
            if odd:
                raise ValueError(f"unknown risk level {odd[0]!r}")
            codes = connection.execute(
                sa.select(gaps_table.c.snapshot_id, gaps_table.c.code).where(gaps_table.c.snapshot_id.in_(ids))
            ).all()
        by_snapshot: dict[int, set[str]] = {}
        for sid, code in codes:
            by_snapshot.setdefault(sid, set()).add(code)
        frame = pd.DataFrame(
            {
                "as_of": [r["as_of"] for r in rows],
                "stage": pd.array([r["stage"] for r in rows], dtype="Int64"),
                "people": [r["people"] for r in rows],
                "links": [r["n_links"] for r in rows],
                "coverage": [float(r["coverage"]) for r in rows],
                "risk": [r["risk"] for r in rows],
                "risk_points": [r["risk_points"] for r in rows],
                "n_gaps": [r["n_gaps"] for r in rows],
                "gaps": [";".join(sorted(by_snapshot.get(r["id"], ()))) for r in rows],
                "source": [r["source_name"] for r in rows],
                "source_sha256": [r["source_sha256"] for r in rows],
                "saved_at": [r["saved_at"] for r in rows],
            }
        )
        return frame

    def dates(self, account: str) -> list[dt.date]:
        """The dates of the account's snapshots, oldest first."""
        self._check_schema(create=False)
        with self._transaction(write=False) as connection:
            self._snapshot_row(connection, account, None)  # a clear error for an unknown account
            s, a = snapshots_table, accounts_table
            return list(
                connection.execute(
                    sa.select(s.c.as_of)
                    .join(a, a.c.id == s.c.account_id)
                    .where(a.c.name == account_key(account))
                    .order_by(s.c.as_of)
                ).scalars()
            )

    def diff(self, account: str, a: str | dt.date | None = None, b: str | dt.date | None = None) -> Diff:
        """What changed in ``account`` from snapshot ``a`` to snapshot ``b`` (default: the last two).

        Parameters
        ----------
        account : str
            The account's name.
        a : str or date, optional
            The earlier snapshot's date (default: the one before ``b``).
        b : str or date, optional
            The later snapshot's date (default: the latest, or the one after ``a``).

        Returns
        -------
        Diff
            People added, removed and changed field by field, links, gaps
            opened, closed and changed, and coverage and risk before and after;
            :meth:`Diff.to_dict` is ``powermap diff --format json``.

        Raises
        ------
        StoreError
            No such account or snapshot, or no earlier snapshot to compare with.

        Examples
        --------
        >>> import pathlib, tempfile, pandas as pd, powermap
        >>> store = powermap.Store(pathlib.Path(tempfile.mkdtemp()) / "deals.db")
        >>> for month, stance in (("2026-09-01", "skeptic"), ("2026-10-01", "supporter")):
        ...     pm = powermap.from_frame(pd.DataFrame({"id": ["ceo", "cfo"], "name": ["Ana", "Bo"],
        ...         "reports_to": ["", "ceo"], "roles": ["decision maker", "finance"], "relationship": [2, 1],
        ...         "stance": ["neutral", stance]}), name="Acme", as_of=month)
        ...     _ = store.save(pm)
        >>> change = store.diff("Acme")
        >>> change.to_dict()["people"]["changed"]
        [{'id': 'cfo', 'name': 'Bo', 'field': 'stance', 'before': -1, 'after': 1}]
        >>> change.coverage
        (30.8, 39.7)
        >>> store.close()
        """
        from powermap.store.history import diff_versions

        self._check_schema(create=False)
        with self._transaction(write=False) as connection:
            rows = self._snapshot_rows(connection, account)
            dates = [r["as_of"] for r in rows]
            if b is None:
                b_day = dates[-1] if a is None or _parse_day(a) < dates[-1] else None
                if b_day is None:
                    assert a is not None  # only a given a can leave no later snapshot
                    raise StoreError(f"{self.shown}: no snapshot of {account!r} after {_parse_day(a).isoformat()}")
            else:
                b_day = _parse_day(b)
            if a is None:
                earlier = [d for d in dates if d < b_day]
                if not earlier:
                    raise StoreError(
                        f"{self.shown}: {account!r} has no snapshot before {b_day.isoformat()} to "
                        f"compare with (snapshots: {', '.join(d.isoformat() for d in dates)})"
                    )
                a_day = earlier[-1]
            else:
                a_day = _parse_day(a)
            by_day = {r["as_of"]: r for r in rows}
            for day in (a_day, b_day):
                if day not in by_day:
                    raise StoreError(
                        f"{self.shown}: no snapshot of {account!r} on {day.isoformat()}; its snapshots: "
                        + ", ".join(d.isoformat() for d in dates)
                    )
            first = self._read_version(connection, by_day[a_day], account)
            second = self._read_version(connection, by_day[b_day], account)
        return diff_versions(first, second)

    def _snapshot_rows(self, connection: sa.Connection, account: str) -> Sequence[sa.RowMapping]:
        """Every snapshot row of ``account``, oldest first (a clear error when it has none)."""
        s, a = snapshots_table, accounts_table
        rows = (
            connection.execute(
                sa.select(s)
                .join(a, a.c.id == s.c.account_id)
                .where(a.c.name == account_key(account))
                .order_by(s.c.as_of)
            )
            .mappings()
            .all()
        )
        if not rows:
            self._snapshot_row(connection, account, None)  # raises, naming the accounts there are
        return rows

    def as_of_then(self, since: str | dt.date, names: list[str]) -> dict[str, tuple[dt.date, float, str, list]]:
        """Per named account, its latest snapshot on or before ``since``: ``(as_of, coverage, risk, gaps)``,
        each gap ``(key, contacts)`` (see :func:`powermap.store.history.match_gaps`); accounts without one are left out."""
        from powermap.store.history import gap_key

        self._check_schema(create=False)
        day = _parse_day(since)
        s, a = snapshots_table, accounts_table
        wanted = {account_key(n): n for n in names}
        with self._transaction(write=False) as connection:
            latest = (
                sa.select(s.c.account_id, sa.func.max(s.c.as_of).label("as_of"))
                .where(s.c.as_of <= day)
                .group_by(s.c.account_id)
                .subquery()
            )
            found = connection.execute(
                sa.select(a.c.name, s.c.id, s.c.as_of, s.c.coverage, s.c.risk)
                .join(s, s.c.account_id == a.c.id)
                .join(latest, (latest.c.account_id == s.c.account_id) & (latest.c.as_of == s.c.as_of))
            ).all()
            rows = [(wanted[r[0]], *r[1:]) for r in found if r[0] in wanted]  # by the names asked for
            ids = [r[1] for r in rows]
            gap_rows: list[sa.Row] = []
            for start in range(0, len(ids), 900):
                gap_rows += connection.execute(
                    sa.select(
                        gaps_table.c.snapshot_id,
                        gaps_table.c.code,
                        gaps_table.c.role,
                        gaps_table.c.condition,
                        gaps_table.c.contacts,
                    )
                    .where(gaps_table.c.snapshot_id.in_(ids[start : start + 900]))
                    .order_by(gaps_table.c.snapshot_id, gaps_table.c.position)
                ).all()
        gaps: dict[int, list] = {}
        for sid, code, role, condition, people in gap_rows:
            contacts = tuple(people.split(";")) if people else ()
            gaps.setdefault(sid, []).append((gap_key(code, role, condition, contacts), contacts))
        return {name: (as_of, float(cov), str(risk), gaps.get(sid, [])) for name, sid, as_of, cov, risk in rows}


def _fact_columns(raw, by: str) -> list[str]:
    from powermap.io.validate import fact_headers

    return list(fact_headers(raw.frame, by).values())


def _parse_day(value: str | dt.date) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return parse_date(str(value))  # the one date reader: a zoned timestamp too, inside the plausible window
    except ValueError:
        raise StoreError(f"not a date: {value!r}: expected an ISO date such as 2026-11-15") from None


def _contacts_frame(rows: pd.DataFrame, extra_columns: list[str]) -> pd.DataFrame:
    """The contacts frame exactly as validation made it (same columns, values and dtypes), from stored rows."""
    if rows.empty:
        rows = pd.DataFrame(columns=[c.name for c in contacts_table.columns])
    out = pd.DataFrame(index=range(len(rows)))

    def text(values: list) -> pd.Series:  # as validation makes text: astype(str) (pandas' own string dtype)
        return pd.Series(["" if v is None else v for v in values], dtype=object).astype(str)

    for name in CONTACT_FRAME_COLUMNS:
        if name in ("account", OPTIONAL_DATE):
            continue
        values = rows[name].tolist()
        if name in ("depth", "influence", "stance", "relationship"):
            out[name] = pd.array([None if v is None or pd.isna(v) else int(v) for v in values], dtype="Int64")
        elif name == "row":
            out[name] = np.array(values, dtype=np.int64)
        elif name == "roles":
            out[name] = pd.Series([_stored_roles(r) for r in values], dtype=object)
        elif name == "last_contact":
            out[name] = pd.to_datetime(
                pd.Series([None if v is None else pd.Timestamp(v) for v in values], dtype=object)
            )
        elif name in ("level", "reports_to"):
            out[name] = pd.Series([None if v is None else v for v in values], dtype=object)
        else:
            out[name] = text(values)
    if extra_columns:
        extras = [json.loads(e) if e else {} for e in rows["extra"].tolist()]
        for column in extra_columns:
            out[column] = text([e.get(column) for e in extras])
    if OPTIONAL_DATE in extra_columns:  # kept with the user's own columns, given back as the date it was
        out[OPTIONAL_DATE] = pd.to_datetime(pd.Series([e.get(OPTIONAL_DATE) for e in extras], dtype=object))
        known = [c for c in CONTACT_FRAME_COLUMNS if c in out.columns]
        out = out[known + [c for c in out.columns if c not in known]]
    return out


def _links_frame(rows: pd.DataFrame) -> pd.DataFrame:
    from powermap.core.graph import EMPTY_LINKS

    if rows.empty:
        return EMPTY_LINKS.copy()
    out = pd.DataFrame({c: pd.Series(rows[c].tolist(), dtype=object).astype(str) for c in ("source", "target", "kind")})
    out["weight"] = rows["weight"].astype(float).to_numpy()
    for c in ("kind_source", "weight_source"):
        out[c] = pd.Series(rows[c].tolist(), dtype=object).astype(str)
    out["row"] = rows["row"].astype("int64").to_numpy()
    return out
