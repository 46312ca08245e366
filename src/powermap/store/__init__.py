"""Snapshots of maps and pipelines in a database (SQLite or PostgreSQL), and exact diffs between them."""

from powermap.store.db import *  # noqa: F403  (its public names, listed once there)
from powermap.store.db import __all__ as __all__
