"""`lampiran tables --review`: the tables found, drawn over the PDF pages they were read from.

The same page view as `lampiran review` (`lampiran.pageview`), fed with CSV rows instead of dataset rows:
every page holding a table as an image, each cell read outlined in its column's colour, each drawn row
labelled in the margin with the numbers of the CSV rows it gave, the header in grey dashes; beside the
page, those CSV rows with the CSV's columns. Clicking a row highlights its drawn row's cells on every page.
"""
from __future__ import annotations

import html
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

import pypdfium2 as pdfium

from extract.source import file_sha256
from lampiran.pageview import (DOCUMENT_END, BBox, Outline, column_key, continuation, document_head, meta_list,
                               opened_pdf, outlines_svg, page_section, page_views, plural, rows_table, write_atomic)
from tables.model import CellBox, Row, Table, TableSet
from tables.write import SECTION, folder_name


@dataclass(frozen=True)
class RowGroup:
    """A row as drawn in table `table` (1-based), numbered `row` as the CSV's row column says, and the CSV rows
    (1-based, under the CSV's header line) it gave: one per sub-row."""

    table: int
    row: int
    numbers: tuple[int, ...]
    rows: tuple[Row, ...]

    @property
    def key(self) -> str:
        return f"{self.table}-{self.row}"

    def label(self, many_tables: bool) -> str:
        first, last = self.numbers[0], self.numbers[-1]
        text = f"{first}–{last}" if last > first else f"{first}"
        return f"{self.table}:{text}" if many_tables else text

    def cells_on(self, page: int) -> list[CellBox]:
        return list(dict.fromkeys(c for r in self.rows for c in r.cells if c.page == page))


def review_path(pdf: str | Path, out_dir: str | Path) -> Path:
    """OUT/review-<pdf name>.html, beside (not inside) OUT/<pdf name>/, which a later run swaps out whole."""
    return Path(out_dir) / f"review-{folder_name(Path(pdf))}.html"


def write_tables_review(found: TableSet, pdf_path: str | Path, out_path: str | Path, password: str | None = None) -> Path:
    """Write the review page of the tables found in pdf_path to out_path (atomically); return out_path."""
    drawn = drawn_rows(found)
    with opened_pdf(pdf_path, password) as pdf:
        numbers = sorted({p for t in found.tables for p in t.pages if p <= len(pdf)})
        draw = lambda n, page: page_html(found, drawn, n, page, numbers)  # noqa: E731
        head = head_html(found, Path(pdf_path), numbers, len(drawn))
        return write_atomic(out_path, chain([head], page_views(pdf, numbers, draw), [DOCUMENT_END]))


def drawn_rows(found: TableSet) -> list[RowGroup]:
    """Every table's CSV rows grouped by the drawn row they came from, in document order."""
    out: list[RowGroup] = []
    for ti, table in enumerate(found.tables, start=1):
        groups: dict[int, list[tuple[int, Row]]] = {}
        for n, row in enumerate(table.rows, start=1):
            groups.setdefault(row.row, []).append((n, row))
        out += [RowGroup(ti, r, tuple(n for n, _ in g), tuple(row for _, row in g)) for r, g in groups.items()]
    return out


def head_html(found: TableSet, pdf: Path, numbers: list[int], n_drawn: int) -> str:
    """The header: the source file and its sha256, the counts, how to read the page, each table's colour key."""
    n_rows = sum(len(t.rows) for t in found.tables)
    counts = (f"{plural(len(found.tables), 'table')} · {n_rows} CSV rows ({n_drawn} drawn rows) · {found.pages} pages "
              f"({len(numbers)} with a table)")
    keys = "".join(column_key(enumerate(t.columns), f"table-{i}.csv, {_span(t.pages)}") for i, t in enumerate(found.tables, 1))
    many = " (prefixed by the table's number, 2:15 is row 15 of table-2.csv)" if len(found.tables) > 1 else ""
    return document_head(f"tables of {pdf.name}", "lampiran tables review", "Search rows (text, number)…", (
        f"<h1>Tables of {html.escape(pdf.name)}</h1>{meta_list([('file', pdf.name), ('pages', found.pages)], file_sha256(pdf))}"
        f"<p class=counts>{counts}</p>"
        f"<p class=help>Each PDF page holding a table is shown with every cell the tool read outlined, one colour per "
        f"column. The number in the margin is the CSV row, or rows, that a row as drawn gave{many}: row 1 is the first "
        f"under the CSV's header line, and a drawn row split into sub-rows gives one CSV row per sub-row. Grey dashed "
        f"boxes are the header, which names the columns (repeated on later pages, read and dropped). Beside each page "
        f"are the CSV rows read from it, with the drawn row they came from (the CSV's <b>row</b> column); grey values "
        f"repeat the sub-row above (a cell spanning both). <b>Click a row or a cell</b> to highlight all of its cells, "
        f"on every page it spans; check that they cover exactly what the CSV says.</p>{keys}"))


def page_html(found: TableSet, drawn: list[RowGroup], number: int, page: pdfium.PdfPage, numbers: list[int]) -> str:
    """One page: its image with the header and each drawn row's cells outlined over it, its CSV rows beside it."""
    many = len(found.tables) > 1
    outlines = [_header_outline(i, t, number) for i, t in enumerate(found.tables, 1)]
    outlines += [_row_outline(d, number, numbers, many) for d in drawn]
    outlines = sorted((o for o in outlines if o is not None), key=lambda o: (o.bbox[1], o.bbox[0]))
    sides, n_rows, names = [], 0, []
    for i, table in enumerate(found.tables, 1):
        shown = [d for d in drawn if d.table == i and any(number in r.pages for r in d.rows)]
        trs = "".join(_row_trs(d, table, number, numbers) for d in shown)
        if number in table.pages:
            headers = ["CSV row / row", *table.columns] + ([SECTION] if table.has_sections else [])
            sides.append(rows_table(headers, trs, f"table-{i}.csv" if many else ""))
            n_rows += sum(1 for d in shown for r in d.rows if number in r.pages)
            names.append(f"table-{i}.csv")
    return page_section(number, page, f"· {', '.join(names)} · {plural(n_rows, 'CSV row')}", outlines_svg(outlines), "".join(sides))


def _header_outline(index: int, table: Table, number: int) -> Outline | None:
    cells = [c for c in table.header_cells if c.page == number]
    if not cells:
        return None
    tip = f"header of table-{index}.csv: " + " | ".join(table.columns)
    return Outline(None, "header", _union(c.bbox for c in cells), tuple((c.bbox, None) for c in cells), tip)


def _row_outline(d: RowGroup, number: int, numbers: list[int], many: bool) -> Outline | None:
    cells = d.cells_on(number)
    if not cells:
        return None
    pages = sorted({p for r in d.rows for p in r.pages})
    note = continuation(pages, number, numbers, plain=True)
    rows = f"CSV row {d.numbers[0]}" if len(d.numbers) == 1 else f"CSV rows {d.numbers[0]}–{d.numbers[-1]}"
    tip = (f"table-{d.table}.csv, " if many else "") + f"{rows} (drawn row {d.row}" + (f"; {note}" if note else "") + \
        "); click to highlight all of its cells"
    return Outline(d.key, d.label(many), _union(c.bbox for c in cells), tuple((c.bbox, c.col) for c in cells), tip)


def _row_trs(d: RowGroup, table: Table, number: int, numbers: list[int]) -> str:
    """The drawn row's CSV rows read from this page, as side-table rows; values repeating the sub-row above in grey."""
    out, previous = [], None
    for n, row in zip(d.numbers, d.rows):
        values = list(row.values) + ([row.section] if table.has_sections else [])
        if number in row.pages:
            tds = "".join(f"<td class=rep>{html.escape(v)}</td>" if previous and v and previous[i] == v else f"<td>{html.escape(v)}</td>"
                          for i, v in enumerate(values))
            out.append(f"<tr class=row data-seq='{d.key}'><td><b>{n}</b> <span class=parsed>row {d.row}</span>"
                       f"{continuation(row.pages, number, numbers)}</td>{tds}</tr>")
        previous = values
    return "".join(out)


def _union(boxes) -> BBox:
    boxes = list(boxes)
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def _span(pages: tuple[int, ...]) -> str:
    return f"pages {pages[0]}–{pages[-1]}" if len(pages) > 1 else f"page {pages[0]}"
