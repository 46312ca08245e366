"""Writing output files so that no write destroys the user's input or a previous good file.

Every file powermap writes goes through :func:`atomic_path`: the content is
written to a temporary file in the same folder and renamed over the target
(``os.replace``, atomic on one file system) only once it is complete. A full
disk, a failing writer or a Ctrl-C leaves the previous file as it was, byte
for byte, and no half-written temporary file behind. A missing folder is
created; one that cannot be (a file in the way, no permission) is an
:class:`OutputError` naming the path, as is any failed write.

:func:`check_outputs` refuses, before any work, an output that is one of the
inputs or the file of a snapshot store (the same file, whatever the spelling
or link) or two outputs that are the same file.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> with atomic_path(folder / "out.txt") as tmp:
...     _ = tmp.write_text("done")
>>> (folder / "out.txt").read_text(), sorted(p.name for p in folder.iterdir())
('done', ['out.txt'])
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from powermap.text.words import words

__all__ = ["OutputError", "atomic_path", "write_text", "check_outputs"]


class OutputError(Exception):
    """An output file could not be written (or would overwrite an input); the message names the path.

    ``str(error)`` is English; :meth:`text` gives ``"en"`` or ``"zh"``.
    """

    def __init__(self, path: str | Path, key: str, **values: object):
        self.path, self.key, self.values = str(path), key, {k: str(v) for k, v in values.items()}
        self.reason = words(f"output_error.{key}").format(**self.values)
        super().__init__(f"{path}: {self.reason}")

    def text(self, lang: str = "en") -> str:
        """The whole message, "cannot write PATH: reason", in ``lang``."""
        reason = words(f"output_error.{self.key}", lang).format(**self.values)
        return words("output_error.cannot_write", lang).format(what=f"{self.path}: {reason}")


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc) or type(exc).__name__


def _longest_name(folder: Path) -> int:
    """The longest file name, in bytes, the folder's file system takes (255 on the common ones)."""
    try:
        return int(os.pathconf(folder, "PC_NAME_MAX"))
    except (OSError, ValueError, AttributeError):  # no pathconf (Windows) or no answer
        return 255


def _file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


@contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path`` to write to; on success it replaces ``path`` in one rename.

    The temporary file keeps ``path``'s suffix (writers such as matplotlib choose the format from it) and
    gets the permissions a new file would get (or those of the file it replaces).

    Raises
    ------
    OutputError
        The folder cannot be created, the name is longer than its file system takes, or writing or
        renaming failed (a full disk, no permission); the previous file at ``path``, if any, is unchanged.
    """
    path = Path(path)
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(path, "folder", folder=folder, why=_reason(exc)) from None
    longest = _longest_name(folder)
    if len(os.fsencode(path.name)) > longest:
        raise OutputError(path, "name_too_long", length=len(os.fsencode(path.name)), limit=longest)
    try:
        if path.is_dir():
            raise OutputError(path, "is_folder")
    except OSError as exc:
        raise OutputError(path, "failed", why=_reason(exc)) from None
    # the temporary name must fit wherever the final one does: a short stem of it, the suffix kept
    suffix = path.suffix if len(path.suffix) <= 16 else ""
    try:
        handle, name = tempfile.mkstemp(prefix=f".{path.name[:32]}.", suffix=f".tmp{suffix}", dir=folder)
    except OSError as exc:
        raise OutputError(path, "no_temp", folder=folder, why=_reason(exc)) from None
    os.close(handle)
    temporary = Path(name)
    try:
        try:
            yield temporary
            mode = path.stat().st_mode & 0o7777 if path.exists() else _file_mode()
            os.chmod(temporary, mode)
            os.replace(temporary, path)
        except OSError as exc:
            raise OutputError(path, "failed", why=_reason(exc)) from None
    finally:
        if temporary.exists():
            temporary.unlink()


def write_text(path: str | Path, text: str, encoding: str = "utf-8") -> Path:
    """Write ``text`` to ``path`` atomically (see :func:`atomic_path`)."""
    with atomic_path(path) as tmp:
        with open(tmp, "w", encoding=encoding, newline="") as handle:
            handle.write(text)
    return Path(path)


def _same(a: Path, b: Path) -> bool:
    try:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)
    except OSError:
        pass
    return os.path.normcase(os.path.abspath(a)) == os.path.normcase(os.path.abspath(b))


def check_outputs(
    outputs: Iterable[str | Path | None],
    inputs: Iterable[str | Path | None] = (),
    stores: Iterable[str | Path | None] = (),
) -> None:
    """Refuse an output that is one of the inputs or a snapshot store's file, or two outputs that are one file.

    Raises
    ------
    OutputError
        Naming the output and the input, store (or the other output) it would overwrite.
    """
    given_inputs = [Path(p) for p in inputs if p is not None]
    given_stores = [Path(p) for p in stores if p is not None]
    seen: list[Path] = []
    for output in (Path(p) for p in outputs if p is not None):
        for store in given_stores:
            if _same(output, store):
                raise OutputError(output, "is_store", other=store)
        for source in given_inputs:
            if _same(output, source):
                raise OutputError(output, "is_input", other=source)
        for other in seen:
            if _same(output, other):
                raise OutputError(output, "twice", other=other)
        seen.append(output)
