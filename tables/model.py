"""The plain, frozen records of the generic table reader.

A page holds table regions (its touching rules); each is read into bands of
cells by the same grid reader as `lampiran extract` (`extract.grid`), and each
band placed into sub-rows as a drawn row. A table is the drawn rows of
consecutive pages under one header, flattened into rows. Only the generic
reader's own steps use these: `extract.model` stays the RANPK path's contract.
"""
from __future__ import annotations

from dataclasses import dataclass

from extract.model import BBox, Cell, PageTable
from normalize.model import ReadWarning


@dataclass(frozen=True)
class Segment:
    """A ruling line reduced to one axis: at `pos` (x of a vertical, y of a horizontal), from `start` to `end`."""

    orientation: str  # "h" or "v"
    pos: float
    start: float
    end: float


@dataclass(frozen=True)
class Region:
    """One table on a page: a group of touching rules (`tables.regions`), or lines of text alone
    (`tables.textblocks`, no rules: `ys` its top, header bottom and bottom). `xs` are its column bounds, `ys` its
    row bounds, both sorted; `head` the text of a table of text's header, as its first page printed it."""

    page: int
    bbox: BBox
    xs: tuple[float, ...]
    ys: tuple[float, ...]
    h: tuple[Segment, ...]
    v: tuple[Segment, ...]
    head: str = ""


@dataclass(frozen=True)
class RowCell:
    """A drawn cell placed in its row: the sub-rows and columns it covers (inclusive, row-relative), its text, and
    the cells read for it (`extract.model.Cell`; one per page where a page break cut it, upper page first)."""

    row0: int
    row1: int
    col0: int
    col1: int
    text: str
    parts: tuple[Cell, ...]

    @property
    def pages(self) -> tuple[int, ...]:
        return tuple(sorted({p.page for p in self.parts}))

    @property
    def boxes(self) -> tuple[CellBox, ...]:
        return tuple(CellBox(p.page, p.bbox, p.col_start) for p in self.parts)


@dataclass(frozen=True)
class DrawnRow:
    """A row as drawn (one band of `extract.grid`, or bands of consecutive pages rejoined), with the section over it.

    `n_rows` > 1 when rules divide some columns into sub-rows (Kegiatan/Keluaran pairs beside a spanning Sasaran;
    a header's group title over its leaf labels).
    """

    n_rows: int
    cells: tuple[RowCell, ...]
    section: str = ""

    def cell_at(self, row: int, col: int) -> RowCell | None:
        """Given a sub-row and a column, return the cell covering them, None where none does."""
        return next((c for c in self.cells if c.row0 <= row <= c.row1 and c.col0 <= col <= c.col1), None)


@dataclass(frozen=True)
class PageGrid:
    """A table region as the grid reader read it (`extract.grid`), and its bands placed into sub-rows as drawn
    rows, top to bottom."""

    table: PageTable
    bands: tuple[DrawnRow, ...]
    unread: int = 0  # words at the table's height on the page in none of its cells (extract.accounting)
    above: tuple[str, ...] = ()  # the page's text lines over the table and under it: what may separate it from
    below: tuple[str, ...] = ()  # a table on the page before or after (a title, a note), or page furniture
    page_lines: frozenset[str] = frozenset()  # every text line of its page: what it prints again is furniture

    @property
    def page(self) -> int:
        return self.table.page

    @property
    def n_cols(self) -> int:
        return len(self.table.columns)


@dataclass(frozen=True)
class Header:
    """A page's header: how many bands it takes, the column names, and the section title over it ('' if none)."""

    bands: int
    rows: int  # sub-rows as drawn (the two-level "Tahun 2011 / WTP" header has 2)
    columns: tuple[str, ...]
    section: str
    how: str  # "repeated", "numbered", "leaf" or "none": which rule found it


@dataclass(frozen=True)
class CellBox:
    """Where a drawn cell was read: its PDF page, its box there (points) and the first column it covers.
    A cell rejoined across a page break has one per page."""

    page: int
    bbox: BBox
    col: int


@dataclass(frozen=True)
class Row:
    """One output row: a value per column, the section over it, the drawn row it came from, its PDF pages,
    and the cells its values were read from (those covering its sub-row, spanning cells included)."""

    values: tuple[str, ...]
    section: str
    row: int
    pages: tuple[int, ...]
    cells: tuple[CellBox, ...] = ()


@dataclass(frozen=True)
class GridCell:
    """A cell of a stitched table as drawn, for a consumer to rebuild its grid: the first row and column it covers
    and how many of each (body: output rows, the CSV's; header: the header's sub-rows), its text, its PDF pages."""

    row: int
    col: int
    row_span: int
    col_span: int
    text: str
    pages: tuple[int, ...]


@dataclass(frozen=True)
class Table:
    """A stitched table: its columns, header height, rows and every PDF page it was read from, and the
    cells of its header on each page (repeated headers included: they were read, then dropped)."""

    columns: tuple[str, ...]
    header_rows: int
    rows: tuple[Row, ...]
    pages: tuple[int, ...]
    header_cells: tuple[CellBox, ...] = ()
    unread_words: int = 0  # words on its pages, at its height, that none of its cells holds
    header_grid: tuple[GridCell, ...] = ()  # the header's cells as drawn on its first page: its levels
    grid: tuple[GridCell, ...] = ()  # the body's cells as drawn, spans kept, over the output rows

    @property
    def has_sections(self) -> bool:
        return any(r.section for r in self.rows)


@dataclass(frozen=True)
class TableSet:
    """Every table found in one PDF, in order, how many pages the PDF has, what was damaged (`damaged_page`
    and `damaged_file` warnings, as `lampiran extract` gives them), and whether pages were read with OCR (`--ocr`:
    a diff of such tables tells OCR noise from change, `diff.tables`)."""

    tables: tuple[Table, ...]
    pages: int
    warnings: tuple[ReadWarning, ...] = ()
    ocr: bool = False
