"""A throwaway PostgreSQL server for the store tests: started from Debian's server binaries in a temporary
folder, reachable on a Unix socket only, trusted for one local user, stopped and deleted at the end.

``POWERMAP_TEST_POSTGRES`` (a URL such as ``postgresql+psycopg://user@/postgres?host=/run/postgresql``)
uses a server that is already running instead.
"""

from __future__ import annotations

import glob
import os
import random
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path

import sqlalchemy as sa


class NoServer(Exception):
    """Why no PostgreSQL server could be had."""


def server_binaries() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]), reverse=True)
    return Path(found[0]).parent if found else None


class Cluster:
    """A running server; :meth:`database` makes a fresh empty database and returns its URL."""

    def __init__(self, admin_url: str, stop=None):
        self.admin_url = admin_url
        self._stop = stop
        self.engine = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")

    def database(self) -> str:
        name = "pm_" + uuid.uuid4().hex[:12]
        with self.engine.connect() as connection:
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
        return sa.make_url(self.admin_url).set(database=name).render_as_string(hide_password=False)

    def stop(self) -> None:
        self.engine.dispose()
        if self._stop:
            self._stop()


def start() -> Cluster:
    given = os.environ.get("POWERMAP_TEST_POSTGRES")
    if given:
        return Cluster(given)
    bin_dir = server_binaries()
    if bin_dir is None:
        raise NoServer(
            "no PostgreSQL server binaries under /usr/lib/postgresql/*/bin (Debian: apt-get install "
            "postgresql) and no POWERMAP_TEST_POSTGRES URL"
        )
    base = Path(tempfile.mkdtemp(prefix="pm-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:  # the server refuses to run as root: run it as Debian's postgres user
        if shutil.which("runuser") is None:
            raise NoServer("running as root and no runuser to start PostgreSQL as another user")
        try:
            import pwd

            user = pwd.getpwnam("postgres")
        except KeyError:
            raise NoServer("running as root and there is no 'postgres' user to run the server as") from None
        os.chown(base, user.pw_uid, user.pw_gid)
        as_user = ["runuser", "-u", "postgres", "--"]
    base.chmod(0o755)
    data, log = base / "data", base / "server.log"
    port = random.randint(20000, 60000)

    def run(*args: str) -> None:
        done = subprocess.run([*as_user, *args], capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            raise NoServer(f"{' '.join(args[:2])} failed: {done.stderr.strip() or done.stdout.strip()}")

    try:
        run(
            str(bin_dir / "initdb"),
            "-D",
            str(data),
            "-U",
            "powermap",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync",
        )
        run(
            str(bin_dir / "pg_ctl"),
            "-D",
            str(data),
            "-l",
            str(log),
            "-w",
            "-t",
            "60",
            "-o",
            f"-k {base} -c listen_addresses='' -p {port} -F -c max_connections=50",
            "start",
        )
    except (NoServer, OSError, subprocess.TimeoutExpired) as error:
        shutil.rmtree(base, ignore_errors=True)
        raise NoServer(str(error)) from None

    def stop() -> None:
        subprocess.run(
            [*as_user, str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
            capture_output=True,
            timeout=60,
        )
        shutil.rmtree(base, ignore_errors=True)

    return Cluster(f"postgresql+psycopg://powermap@/postgres?host={base}&port={port}", stop)
