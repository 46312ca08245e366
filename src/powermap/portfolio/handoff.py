"""How a streamed pipeline hands each chunk to a worker: through a shared-memory file, not through a pipe.

A chunk of whole accounts is about 12 MB of text columns per 50,000 rows. Sent through the pool's pipe it is
pickled by a thread of the main process, written 64 KB at a time while the worker that will score it waits
for the whole of it, and unpickled there: the reader and the workers take turns where they should overlap
(10,000 accounts: 3.2 s through the pipe, 2.6 s through files, on two cores). Here the main process writes the
chunk's text columns once as an Arrow IPC file in a folder of its own (``/dev/shm`` where there is one, memory
that never touches a disk), the pipe carries only the file's name, and the worker maps the file, takes the
columns without copying them and removes the file.

Only columns of pandas' Arrow-backed text type travel this way (every column the CSV and Parquet readers make);
any other column, the index and the table's row numbers and problems go through the pipe as before, and where
no folder can be made or a file cannot be written (a full ``/dev/shm``) the chunk goes through the pipe whole.
The worker gets the same table either way.

>>> import pandas as pd
>>> from powermap.io.read import RawTable
>>> raw = RawTable("pipeline.csv", pd.DataFrame({"id": ["A1", "A2"], "n": [1, 2]}).astype({"id": "str"}), [2, 3])
>>> with handoff_folder() as folder:
...     back = take(put(raw, folder))
>>> back.frame.equals(raw.frame), back.rows, back.file
(True, [2, 3], 'pipeline.csv')
"""

from __future__ import annotations

import contextlib
import dataclasses
import itertools
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from powermap.io.read import RawTable

__all__ = ["Handoff", "handoff_folder", "put", "take"]

SHARED_MEMORY = Path("/dev/shm")


@dataclass(frozen=True)
class Handoff:
    """A chunk whose text columns wait in ``path``: ``rest`` is the table without them (its other columns, its
    index, rows and problems) and ``order`` the frame's column names in order."""

    path: str
    rest: RawTable
    text: tuple[str, ...]
    dtypes: tuple[Any, ...]
    order: tuple[Any, ...]


@contextlib.contextmanager
def handoff_folder() -> Iterator[Path | None]:
    """A folder of this run's own for the chunks in flight, removed with whatever is left in it (a run stopped
    by Ctrl-C or an error); None where no folder can be made (the chunks then go through the pipe)."""
    try:
        base = SHARED_MEMORY if SHARED_MEMORY.is_dir() and os.access(SHARED_MEMORY, os.W_OK) else None
        folder = Path(tempfile.mkdtemp(prefix="powermap-", dir=base))
    except OSError:
        yield None
        return
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


_numbers = itertools.count()


def put(raw: RawTable, folder: Path | None) -> Handoff | RawTable:
    """The chunk as a worker will take it: its text columns written to a file in ``folder``, or the table
    itself where nothing can be written."""
    frame = raw.frame
    text = [c for c in frame.columns if _arrow_text(frame[c].dtype)]
    if folder is None or not text or not frame.columns.is_unique:
        return raw
    import pyarrow as pa
    import pyarrow.ipc as ipc

    table = pa.table([pa.array(frame[c]) for c in text], names=[str(k) for k in range(len(text))])
    path = folder / f"{os.getpid()}-{next(_numbers)}.arrow"
    try:
        with pa.OSFile(str(path), "wb") as sink, ipc.new_file(sink, table.schema) as writer:
            writer.write_table(table)
    except OSError:  # a full /dev/shm or disk: this chunk goes through the pipe
        path.unlink(missing_ok=True)
        return raw
    rest = dataclasses.replace(raw, frame=frame.drop(columns=text))
    return Handoff(str(path), rest, tuple(text), tuple(frame[c].dtype for c in text), tuple(frame.columns))


def take(job: Handoff | RawTable) -> RawTable:
    """The chunk :func:`put` handed over, its text columns read from their file (then removed) without a copy."""
    if isinstance(job, RawTable):
        return job
    import pyarrow as pa
    import pyarrow.ipc as ipc

    table = ipc.open_file(pa.memory_map(job.path, "r")).read_all()
    os.unlink(job.path)  # the mapping outlives the name: the columns stay readable as long as they are used
    columns = {
        name: pd.array(table.column(k), dtype=dtype) for k, (name, dtype) in enumerate(zip(job.text, job.dtypes))
    }
    rest = job.rest.frame
    frame = pd.DataFrame(
        {name: columns[name] if name in columns else rest[name] for name in job.order}, index=rest.index
    )
    return dataclasses.replace(job.rest, frame=frame)


def _arrow_text(dtype: Any) -> bool:
    return isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow"
