"""Snapshots of maps and pipelines in a database (SQLite or PostgreSQL), and exact diffs between them."""

from powermap.store.db import SCHEMA_VERSION, SnapshotExists, SnapshotInfo, Store, StoreBusy, StoreError, store_url

__all__ = ["Store", "StoreError", "StoreBusy", "SnapshotExists", "SnapshotInfo", "SCHEMA_VERSION", "store_url"]
