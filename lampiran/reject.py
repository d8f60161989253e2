"""Leave out the rows that break the schemas, so that a few bad rows never cost the document (issue 11).

Why: one row printed wrongly (an empty Sasaran cell, a ministry named twice in one Penanggung Jawab cell) used to
make the whole document fail validation, and nothing was written. Now such a row is left out of `rows` and of the
tidy tables, and listed in `warnings` as `rejected_row` with its pages, its cells as printed and the rules it
broke; the rest is written. `strict` keeps the old all-or-nothing. A failure that is no single row's (the doc
block), or a document whose every row fails, still fails the document.

Rows keep their `seq` (the order in the document), so a rejected row leaves a gap that its warning names.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from extract.errors import ValidationFailedError
from lampiran.validate import dataset_failures
from schemas.tables import Failure

SHOWN = 5  # failures quoted in a ValidationFailedError's one line; the rest are counted


@dataclass
class Checked:
    """A dataset that passes the schemas (after leaving out `rejected` rows), and its tidy tables."""

    dataset: dict
    tables: dict[str, pd.DataFrame]
    rejected: list[dict] = field(default_factory=list)  # the rejected_row warnings, also in dataset["warnings"]


def checked_dataset(dataset: dict, source: str, strict: bool = False) -> Checked:
    """Given an extracted dataset, return it with the rows that break the schemas left out (each one warned about);
    raise ValidationFailedError when `strict` and any row fails, or when what fails is no row or every row."""
    failures, tables = dataset_failures(dataset)
    if not failures:
        return Checked(dataset, tables)
    by_seq: dict[int, list[Failure]] = {}
    for f in failures:
        by_seq.setdefault(f.seq, []).append(f)
    rows = dataset["rows"]
    if strict or None in by_seq or all(r.get("seq") in by_seq for r in rows):
        raise _failed(source, failures, every_row=not strict and None not in by_seq, dataset=dataset)
    rejected = [rejected_warning(r, by_seq[r["seq"]]) for r in rows if r["seq"] in by_seq]
    kept = {**dataset, "rows": [r for r in rows if r["seq"] not in by_seq],
            "warnings": [*dataset.get("warnings", []), *rejected]}
    failures, tables = dataset_failures(kept)
    if failures:  # leaving the rows out did not make it valid: a rule across rows, not a bad row
        raise _failed(source, failures, dataset=dataset)
    return Checked(kept, tables, rejected)


def rejected_warning(row: dict, failures: list[Failure]) -> dict:
    """The `rejected_row` warning of one row: where it is, the rules it broke, and its cells as printed."""
    rules = list(dict.fromkeys(f.rule for f in failures))
    pages = row.get("pages") or []
    cells = {"no": row.get("no"), "sasaran": row.get("sasaran"), "target": row.get("target_raw"),
             "satuan": row.get("satuan"), "penanggung_jawab": row.get("penanggung_jawab"),
             "kegiatan": [a.get("kegiatan") for a in row.get("aksi", [])],
             "keluaran": [a.get("keluaran") for a in row.get("aksi", [])]}
    printed = ", ".join(f"{k}={v!r}" for k, v in cells.items())
    where = f"page{'s' if len(pages) > 1 else ''} {', '.join(map(str, pages))}" if pages else "no page"
    return {"code": "rejected_row", "message": f"row seq {row.get('seq')} (no {row.get('no')!r}, {where}) left out: "
                                               f"it breaks {'; '.join(rules)}; its cells: {printed}",
            "page": pages[0] if pages else None, "seq": row.get("seq"), "field": None, "pages": pages, "cells": cells}


def _failed(source: str, failures: list[Failure], every_row: bool = False, dataset: dict | None = None) -> ValidationFailedError:
    """The one-line error; it names the damaged pages of a damaged PDF (`damaged_page`), the likelier cause."""
    lines = list(dict.fromkeys(f.line for f in failures))
    what = "every row breaks the schemas" if every_row else "the dataset fails validation"
    damaged = sorted({w["page"] for w in (dataset or {}).get("warnings", []) if w["code"] == "damaged_page"})
    cause = f"; the PDF is damaged (pages {', '.join(map(str, damaged))})" if damaged else ""
    return ValidationFailedError(f"{source}: {what} ({len(lines)} problems): " + "; ".join(lines[:SHOWN]) + cause)
