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

from .compare import compare
from .load import DiffError, load_dataset
from .render import RENDERERS

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


def write_outputs(diff: dict, out) -> list[Path]:
    """diff.json, diff.md and diff.html into `out` (created if missing)."""
    directory = Path(out)
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, fmt in OUTPUT_FILES.items():
        write_atomic(directory / name, RENDERERS[fmt](diff))
        written.append(directory / name)
    return written


def diff_command(old, new, out=None, fmt="text", *, stdout=None, stderr=None) -> int:
    """Load OLD and NEW, compare, write reports to `out` if given, print `fmt`.

    Returns 0 (same), 1 (different) or 2 (trouble; message on stderr)."""
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    if fmt not in RENDERERS:
        print(f"lampiran diff: unknown format {fmt!r} (choose from {', '.join(RENDERERS)})",
              file=stderr)
        return 2
    try:
        old_ds, new_ds = load_dataset(old), load_dataset(new)
    except DiffError as exc:
        print(f"lampiran diff: {exc}", file=stderr)
        return 2
    result = compare(old_ds, new_ds, old_source=str(old), new_source=str(new))
    if out is not None:
        try:
            write_outputs(result, out)
        except OSError as exc:
            print(f"lampiran diff: cannot write to {out}: {exc}", file=stderr)
            return 2
    stdout.write(RENDERERS[fmt](result))
    return 1 if result["changes"] else 0
