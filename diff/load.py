"""Read one side of a diff: a dataset.json, an output directory, or a PDF.

Kept apart from the comparison so compare() stays a pure function of two dicts
and only this module touches the file system (and, for PDFs, the extractor).
"""
from __future__ import annotations

import json
from pathlib import Path

from extract.errors import UnreadableInputError


class DiffError(UnreadableInputError):
    """An input could not be read: the CLI reports it and exits with 2."""


def _dataset_in_dir(directory: Path) -> Path:
    """`DIR/dataset.json`, else the single `DIR/<doc_id>/dataset.json`.

    Several datasets under one directory is an error rather than a guess:
    diffing the wrong regulation silently would be worse than asking."""
    direct = directory / "dataset.json"
    if direct.is_file():
        return direct
    found = sorted(p for p in directory.glob("*/dataset.json") if p.is_file())
    if len(found) == 1:
        return found[0]
    if not found:
        raise DiffError(f"{directory}: no dataset.json in it or in a sub-directory")
    names = ", ".join(p.parent.name for p in found)
    raise DiffError(f"{directory}: holds several datasets ({names}); name one of them")


def load_dataset(path) -> dict:
    """The dataset dict for `path` (a dataset.json, an output dir, or a PDF)."""
    p = Path(path)
    if not p.exists():
        raise DiffError(f"{p}: no such file or directory")
    if p.is_dir():
        p = _dataset_in_dir(p)
    elif p.suffix.lower() == ".pdf":
        # Lazy: the extractor (pdfplumber, camelot ...) is only needed for PDFs.
        from lampiran.pipeline import extract_dataset
        return extract_dataset(path)
    try:
        with p.open(encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DiffError(f"{p}: cannot read as JSON: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("rows"), list):
        raise DiffError(f"{p}: not a dataset (expected an object with a 'rows' list)")
    return data
