"""`lampiran diff OLD NEW [--out DIR] [--format FMT]` as a plain function.

Not click: the lead wires it into the click group; keeping it a function makes
it testable without a CLI runner. Exit status follows diff(1): 0 no
differences, 1 differences, 2 trouble (an input that cannot be read, an
unknown format, an output directory that cannot be written).
"""
from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

from extract.errors import NoTableError

from .compare import compare
from .load import DiffError, load_dataset
from .render import RENDERERS, table_notes
from .tables import compare_tables, load_tables

OUTPUT_FILES = {"diff.json": "json", "diff.md": "markdown", "diff.html": "html"}


def write_atomic(path: Path, text: str) -> None:
    """Write via a temp file in the same directory and os.replace, so a reader
    never sees a half-written report and an interrupted run leaves the old one.
    (os.open with 0o666 rather than mkstemp: the file gets the usual umask
    permissions, not mkstemp's 0600.)"""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def compare_versions(old: Path, new: Path, key: str | None = None, tables: tuple[tuple[int, int], ...] = ()) -> dict:
    """The diff of two versions: as RANPK datasets where both sides are one and no table option is given, else
    as tables (a PDF `lampiran extract` finds no Lampiran table in, or a `lampiran tables` folder, on either
    side)."""
    datasets = None if key or tables or _is_tables(old) or _is_tables(new) else (_dataset(old), _dataset(new))
    if datasets is not None and None not in datasets:
        return compare(*datasets, old_source=str(old), new_source=str(new))
    (a, side_a), (b, side_b) = load_tables(old), load_tables(new)
    for i, j in tables:
        if not (1 <= i <= len(a) and 1 <= j <= len(b)):
            raise DiffError(f"--table {i}:{j}: the old version has {len(a)} tables, the new {len(b)}")
    return compare_tables(a, b, side_a, side_b, key=key, forced=[(i - 1, j - 1) for i, j in tables])


def _is_tables(path: Path) -> bool:
    return path.is_dir() and (path / "tables.json").is_file()


def _dataset(path: Path) -> dict | None:
    """The RANPK dataset of `path`, or None for a PDF with no Lampiran table in it (its tables are compared)."""
    try:
        return load_dataset(path)
    except NoTableError:
        return None


def write_outputs(diff: dict, out) -> list[Path]:
    """diff.json, diff.md and diff.html into `out` (created if missing)."""
    directory = Path(out)
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, fmt in OUTPUT_FILES.items():
        write_atomic(directory / name, RENDERERS[fmt](diff))
        written.append(directory / name)
    return written


def diff_command(old, new, out=None, fmt="text", *, key=None, tables=(), stdout=None, stderr=None) -> int:
    """Load OLD and NEW, compare, write reports to `out` if given, print `fmt`. Two RANPK datasets (or PDFs
    `lampiran extract` reads) are compared row by row as Sasaran (`diff.compare`); any other two versions table by
    table (`diff.tables`), with `key` (a column name) and `tables` (pairs of 1-based table numbers) overriding what
    is found from the data.

    Returns 0 (same), 1 (different) or 2 (trouble; message on stderr)."""
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    if fmt not in RENDERERS:
        print(f"lampiran diff: unknown format {fmt!r} (choose from {', '.join(RENDERERS)})",
              file=stderr)
        return 2
    try:
        result = compare_versions(Path(old), Path(new), key, tables)
    except DiffError as exc:
        print(f"lampiran diff: {exc}", file=stderr)
        return 2
    if out is not None:
        try:
            write_outputs(result, out)
        except OSError as exc:
            print(f"lampiran diff: cannot write to {out}: {exc}", file=stderr)
            return 2
    stdout.write(RENDERERS[fmt](result))
    return 1 if result["changes"] or table_notes(result, "->") else 0
