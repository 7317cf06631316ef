"""Writing files and folders so that a killed or concurrent run never leaves a broken or half-written output.

- **Files**: every file is written to a temporary file in the same folder, flushed to disk, then moved over
  the target with ``os.replace`` (atomic on one file system): a reader sees the old file or the new one.
- **Report folders**: a finding's folder is built under a temporary name, then swapped in (the old one moved
  to ``.X.old`` first, removed after). :func:`recover` repairs what a kill between those steps leaves: a
  ``.X.old`` whose ``X`` is missing is put back, leftover temporary files and folders are removed.
- **One run at a time**: :func:`locked` holds a lock file (``.origins.lock``, with the ``filelock`` library) in
  the output folder; a second run into the same folder stops at once with a message.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import InputError
from .schema import SLUG, categorical_columns, plain_text

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

#: Rows written at a time: Parquet's default row group, so a file written in slices is the same as one written
#: whole.
SLICE_ROWS = 1024**2
#: Every temporary file or folder this module makes starts so, and nothing else in an output folder does.
TEMPORARY = ".origins-tmp-"
LOCK_NAME = ".origins.lock"


def check_folder(out: str | Path, option: str = "--out") -> Path:
    """``out`` as a folder that exists and can be written to, created if missing; else one line saying why."""
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise InputError(f"{option} {out}: is a file, not a folder; give a folder")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise InputError(f"{option} {out}: cannot create the folder ({error.strerror})") from None
    if not os.access(out, os.W_OK | os.X_OK):
        raise InputError(f"{option} {out}: the folder is not writable")
    return out


def check_file(path: str | Path, *inputs: str | Path, option: str = "--out") -> Path:
    """``path`` as a file that can be written in an existing folder, and that is none of ``inputs``."""
    path = Path(path)
    if path.is_dir():
        raise InputError(f"{option} {path}: is a folder; give a file name")
    if not path.parent.is_dir():
        raise InputError(f"{option} {path}: no folder {path.parent}; create it first")
    if not os.access(path.parent, os.W_OK | os.X_OK):
        raise InputError(f"{option} {path}: the folder {path.parent} is not writable")
    for source in inputs:
        if path.exists() and Path(source).exists() and path.samefile(source):
            raise InputError(f"{option} {path}: is the input file; write to another file")
    return path


@contextlib.contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """A temporary path beside ``path`` to write to; moved over ``path`` when the block ends without error."""
    path = Path(path)
    handle, name = tempfile.mkstemp(prefix=f"{TEMPORARY}{path.name[:40]}.", dir=path.parent)
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        with open(temporary, "rb+") as written:
            os.fsync(written.fileno())
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes it private; an output is meant to be read
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def write_text(path: str | Path, text: str) -> Path:
    """Write ``text`` (UTF-8) to ``path`` atomically."""
    return write_bytes(path, text.encode("utf-8"))


def write_bytes(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically."""
    with atomic_path(path) as temporary:
        temporary.write_bytes(data)
    return Path(path)


def as_text(frame: pd.DataFrame, keep: Iterable[str] = ()) -> pd.DataFrame:
    """``frame`` with its categorical columns (text held once per distinct value) as plain text, but those in
    ``keep``: the columns read as text are written as text, whichever way the frame held them."""
    return plain_text(frame, _categorical(frame, keep))


def text_slices(
    frame: pd.DataFrame, keep: Iterable[str] = (), order: np.ndarray | None = None
) -> Iterator[pd.DataFrame]:
    """:func:`as_text` of ``frame`` in slices of :data:`SLICE_ROWS` rows (taken in ``order``, positions of rows,
    when given), to write a large frame without a text or sorted copy of it whole: the slices written one after
    the other make the same file as the whole."""
    for start in range(0, max(len(frame), 1), SLICE_ROWS):
        rows = slice(start, start + SLICE_ROWS)
        yield as_text(frame.iloc[rows] if order is None else frame.take(order[rows]), keep)


def write_parquet(
    frame: pd.DataFrame, path: str | Path, keep: Iterable[str] = (), order: np.ndarray | None = None
) -> None:
    """:func:`as_text` of ``frame`` as Parquet, written a slice at a time (see :func:`text_slices`).

    Every slice takes the column types of the whole frame, so a column that a slice holds only empty values of
    is still written as the type the whole gives it.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.Schema.from_pandas(frame, preserve_index=False)
    for name in _categorical(frame, keep):
        schema = schema.set(schema.get_field_index(name), pa.field(name, pa.large_string()))
    writer = None
    try:
        for part in text_slices(frame, keep, order):
            table = pa.Table.from_pandas(part, schema=schema, preserve_index=False)
            writer = writer or pq.ParquetWriter(path, table.schema)  # the first slice's pandas metadata
            writer.write_table(table)
    finally:
        if writer:
            writer.close()


def _categorical(frame: pd.DataFrame, keep: Iterable[str]) -> list[str]:
    kept = set(keep)
    return categorical_columns(frame, [name for name in frame.columns if name not in kept])


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def temporary_folder(out: Path, name: str) -> Path:
    """A new empty folder in ``out`` to build ``name`` in, readable like any output folder."""
    work = Path(tempfile.mkdtemp(prefix=f"{TEMPORARY}{name}.", dir=out))
    work.chmod(0o777 & ~_umask())
    return work


def replace_folder(work: Path, dest: Path) -> None:
    """Move the finished folder ``work`` to ``dest``; an old ``dest`` goes only once the new one is there.

    A file (not a folder) at ``dest`` is not ours to delete: it is refused.
    """
    if dest.is_symlink() or (dest.exists() and not dest.is_dir()):
        raise InputError(f"{dest} is a file, not a report folder; move it away to write this report")
    old = dest.with_name(f".{dest.name}.old")
    _remove(old)
    if dest.exists():
        dest.rename(old)
    work.rename(dest)
    _remove(old)


def recover(out: Path) -> list[str]:
    """Repair what killed runs left in ``out``; return what was done, one line each. Call it under the lock.

    A ``.X.old`` folder (``X`` a finding id) whose ``X`` is missing was moved aside by a run killed before the
    new ``X`` arrived: it is put back. Any other ``.X.old``, and every temporary file or folder, is removed.
    """
    done = []
    for entry in sorted(out.iterdir()):
        name = entry.name
        if name.startswith(TEMPORARY):
            _remove(entry)
            done.append(f"removed {name}, left by an interrupted run")
        elif name.startswith(".") and name.endswith(".old") and re.fullmatch(SLUG[1:-1], name[1:-4]):
            original = out / name[1:-4]
            if entry.is_dir() and not entry.is_symlink() and not (original.exists() or original.is_symlink()):
                entry.rename(original)
                done.append(f"restored {original.name} from {name}, left by an interrupted run")
            else:
                _remove(entry)
                done.append(f"removed {name}, left by an interrupted run")
    return done


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def holds_nothing(out: Path) -> bool:
    """Whether ``out`` holds nothing but its lock file."""
    return all(entry.name == LOCK_NAME for entry in out.iterdir())


def discard(out: Path) -> None:
    """Remove the folder ``out`` that holds nothing but its lock file (a run that wrote nothing into it)."""
    (out / LOCK_NAME).unlink(missing_ok=True)
    with contextlib.suppress(OSError):  # something arrived meanwhile: it stays
        out.rmdir()


@contextlib.contextmanager
def locked(out: Path, option: str = "--out") -> Iterator[None]:
    """Hold ``out``'s lock file for the block; a second run into ``out`` stops with one line instead."""
    from filelock import FileLock, Timeout

    lock = FileLock(out / LOCK_NAME, timeout=0)
    try:
        lock.acquire()
    except Timeout:
        raise InputError(
            f"{option} {out}: another origins run is writing into this folder (it holds {out / LOCK_NAME}); "
            "wait for it to end, or give another --out"
        ) from None
    try:
        yield
    finally:
        lock.release()
