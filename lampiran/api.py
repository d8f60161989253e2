"""The Python API, for notebooks and services: what `lampiran extract`, `tables` and `diff` do, as functions.

    import lampiran
    ds = lampiran.extract("samples/permendag-17-2024-lampiran.pdf")
    ds.sasaran.head()           # the tidy tables as pandas DataFrames
    ds.write("output/")         # the same files as `lampiran extract`

Each raises the project's own exceptions (`lampiran.LampiranError` and its subclasses, the classes the CLI maps to
exit codes); rows that break the schemas are left out and returned in `Dataset.rejected`, as the CLI does.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from extract.errors import UsageError
from lampiran.options import ExtractOptions


@dataclass
class Dataset:
    """One regulation's Lampiran: the dataset.json blocks, and the tidy tables built from its rows."""

    doc: dict
    rows: list[dict]
    warnings: list[dict]
    sasaran: pd.DataFrame
    aksi: pd.DataFrame
    penanggung_jawab: pd.DataFrame
    rejected: list[dict] = field(default_factory=list)  # the rejected_row warnings: rows left out (also in warnings)

    def as_dict(self) -> dict:
        """The dataset in the shape of dataset.json."""
        return {"doc": self.doc, "rows": self.rows, "warnings": self.warnings}

    @property
    def tables(self) -> dict[str, pd.DataFrame]:
        return {"sasaran": self.sasaran, "aksi": self.aksi, "penanggung_jawab": self.penanggung_jawab}

    def write(self, out: str | Path) -> Path:
        """Write OUT/<doc id>/ as `lampiran extract` does (all or nothing); return the folder."""
        from lampiran.write import write_dataset

        return write_dataset(self.as_dict(), self.tables, out)


def extract(path: str | Path, *, strict: bool = False, **options) -> Dataset:
    """Read a Lampiran PDF into a validated Dataset. `options` are those of ExtractOptions (password, engine,
    reader, jobs, ocr, cross_check, limits); `strict`: raise ValidationFailedError when any row breaks the
    schemas, rather than leaving it out."""
    from lampiran.pipeline import extract_document
    from lampiran.reject import checked_dataset

    try:
        settings = ExtractOptions(**options)
    except TypeError as exc:
        raise UsageError(f"extract: {exc}") from None
    checked = checked_dataset(extract_document(path, settings).dataset, str(path), strict)
    d = checked.dataset
    return Dataset(d["doc"], d["rows"], d["warnings"], **checked.tables, rejected=checked.rejected)


def tables(path: str | Path, password: str | None = None, ocr: bool = False):
    """Every table of any PDF, with no Lampiran vocabulary (`lampiran tables`): a tables.model.TableSet, with
    the damaged pages and untrusted text in its `warnings`; `ocr`: as `--ocr`."""
    from tables.document import pdf_to_tables

    return pdf_to_tables(path, password, ocr=ocr)


def diff(old, new, key: str | None = None, tables: tuple[tuple[int, int], ...] = ()) -> dict:
    """Compare two versions; each side is a PDF, a dataset.json, an output folder of `lampiran extract` or of
    `lampiran tables`, a Dataset or a dataset dict. Two RANPK Lampiran are compared row by row, any other two
    versions table by table, as `lampiran diff` does (`key`, `tables`: its --key and --table). Returns the
    diff.json object (schemas/diff.schema.json; for tables, with schemas/diff-tables.schema.json's fields)."""
    from diff.cli import compare_versions
    from diff.compare import compare
    from diff.load import load_dataset

    if not any(isinstance(side, (Dataset, dict)) for side in (old, new)):
        return compare_versions(Path(old), Path(new), key, tables)
    sides = [side.as_dict() if isinstance(side, Dataset) else side if isinstance(side, dict) else load_dataset(side)
             for side in (old, new)]
    sources = [None if isinstance(side, (Dataset, dict)) else str(side) for side in (old, new)]
    return compare(*sides, old_source=sources[0], new_source=sources[1])
