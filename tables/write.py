"""Write a PDF's stitched tables into `DIR/<pdf name>/`, all or nothing: per table a CSV and a JSON (or one of
them, `formats`), and tables.json.

The CSV is the table flat, one row per sub-row, spans filled; table-N.json (schemas/table.schema.json) has the same
rows and, beside them, the cells as drawn with their spans and the header's levels, so a consumer can rebuild the
grid. A "newspaper" table, one (key, value) list set side by side two or three times, is also written unfolded
into that one list (`tables.unfold`).

As in `lampiran.write`, every file goes into a fresh temporary folder beside the
target, which is renamed into place only when all of them are written; an
earlier run's folder is swapped out only then. The same tables give
byte-identical files.
"""
from __future__ import annotations

import csv
import re
from pathlib import Path

from extract.source import file_sha256
from lampiran.write import dump_json, publish_folder
from tables.header import unique_names
from tables.model import Table, TableSet
from tables.unfold import Unfolded, unfolded

FORMATS = ("csv", "json")  # what `write_tables` can write per table
# Columns every CSV gets after the table's own: the section title over the row (only when the table has
# section titles), the drawn row it came from (sub-rows of one drawn row share it) and its PDF pages.
SECTION, ROW, PAGES = "section", "row", "pages"


def folder_name(pdf: Path) -> str:
    """The output folder's name: the PDF's file name as a slug (only [a-z0-9-], so it stays inside DIR)."""
    return re.sub(r"[^a-z0-9]+", "-", pdf.stem.lower()).strip("-") or "document"


def table_to_records(table: Table | Unfolded) -> tuple[list[str], list[list[str]]]:
    """Given a table (or one unfolded), return its CSV header and rows; pages are written '56;57'."""
    sections = any(r.section for r in table.rows)
    extra = ([SECTION] if sections else []) + [ROW, PAGES]
    header = unique_names(list(table.columns) + extra)
    rows = [list(r.values) + ([r.section] if sections else []) + [str(r.row), ";".join(map(str, r.pages))]
            for r in table.rows]
    return header, rows


def table_to_json(table: Table) -> dict:
    """Given a table, return table-N.json's contents (schemas/table.schema.json)."""
    def cells(grid) -> list[dict]:
        return [{"row": c.row, "col": c.col, "row_span": c.row_span, "col_span": c.col_span, "text": c.text,
                 "pages": list(c.pages)} for c in grid]

    def rows(rows) -> list[dict]:
        return [{"row": r.row, "section": r.section, "pages": list(r.pages), "values": list(r.values)} for r in rows]

    unfolding = unfolded(table)
    return {"columns": list(table.columns), "header_rows": table.header_rows, "pages": list(table.pages),
            "header": cells(table.header_grid), "rows": rows(table.rows), "cells": cells(table.grid),
            "unfolded": None if unfolding is None else {"columns": list(unfolding.columns), "rows": rows(unfolding.rows)}}


def tables_index(found: TableSet, pdf: Path, formats: tuple[str, ...] = FORMATS) -> dict:
    """The contents of tables.json: the source PDF (and whether it was read with --ocr); per table, its files (`file` the CSV, `json` the JSON, each
    when written), columns, rows, pages and header rows; and the warnings of the pages read with damage."""
    return {
        "source": {"file": pdf.name, "sha256": file_sha256(pdf), "pages": found.pages, "ocr": found.ocr},
        "tables": [{
            **({"file": f"table-{i}.csv"} if "csv" in formats else {}),
            **({"json": f"table-{i}.json"} if "json" in formats else {}),
            "columns": list(t.columns),
            "csv_columns": table_to_records(t)[0],
            "rows": len(t.rows),
            "drawn_rows": len({r.row for r in t.rows}),
            "pages": list(t.pages),
            "header_rows": t.header_rows,
            "unread_words": t.unread_words,
            **({"unfolded": {"file": f"table-{i}-unfolded.csv" if "csv" in formats else None,
                             "columns": list(u.columns), "rows": len(u.rows)}} if (u := unfolded(t)) else {}),
        } for i, t in enumerate(found.tables, start=1)],
        "warnings": [w.as_dict() for w in found.warnings],
    }


def write_csv(path: Path, table: Table | Unfolded) -> None:
    """Write one table's CSV (`table_to_records`)."""
    header, rows = table_to_records(table)
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def write_tables(found: TableSet, pdf: Path, out_dir: str | Path, formats: tuple[str, ...] = FORMATS) -> Path:
    """Write table-N.csv and/or table-N.json (`formats`) and tables.json into out_dir/<pdf name>/; return that
    folder."""

    def fill(tmp: Path) -> None:
        for i, table in enumerate(found.tables, start=1):
            if "csv" in formats:
                write_csv(tmp / f"table-{i}.csv", table)
                if (unfolding := unfolded(table)) is not None:
                    write_csv(tmp / f"table-{i}-unfolded.csv", unfolding)
            if "json" in formats:
                (tmp / f"table-{i}.json").write_text(dump_json(table_to_json(table)), encoding="utf-8")
        (tmp / "tables.json").write_text(dump_json(tables_index(found, pdf, formats)), encoding="utf-8")

    return publish_folder(out_dir, folder_name(pdf), fill)
