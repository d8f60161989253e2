"""Stitch page tables into tables: repeated headers dropped, rows cut by page breaks rejoined, spans filled.

A page's table continues the table before it when their column names match
(`header.same_columns`), or when it has no header of its own and as many
columns; otherwise it starts a new table. Pages without a table are skipped,
so a table interrupted by a page of text goes on after it. A table whose header
is printed on its first page only goes on where a page's table stands at its
columns with nothing but page furniture between (`goes_on_unheaded`).

A continuing page whose first drawn row has no number in its first cell
continues the previous page's last row, in tables whose first column is
numbered in most rows (a "No." column): each column's text is appended to the
same column, so no word is lost or doubled. Where the first column is mostly
empty (pp56's "No" holds only the Roman numerals of the top level) an empty
first cell says nothing, and rows are never joined. Whether a row goes on, and
whether its last sub-row was cut too or the next page starts a new one, is
judged by the evidence `lampiran extract` weighs (`normalize.breaks`): see
`continues_row`, `left_behind`, `more_sub_rows` and `join_rows`.

Each drawn row becomes one output row per sub-row: a cell spanning several
sub-rows (a Sasaran beside its Kegiatan/Keluaran pairs) or several columns gives
its text to each, except a cell spanning every column (a section row as drawn in
the body), whose text goes in the first column only.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import reduce

from normalize.breaks import has_number, number_goes_on, outline, sub_row_goes_on
from tables.header import NO_HEADER, find_header, names_similarity, same_columns, spans_all, unique_names
from tables.model import CellBox, DrawnRow, GridCell, Header, PageGrid, Row, RowCell, Table

# An empty first cell marks a continued row only in tables whose first column is filled in at least this
# share of the rows read so far (uu_ptj, pojk24, RANPK: all rows; pp56: 1 in 10, its outline is in column 2).
NUMBERED_SHARE = 0.5
# A page table goes on from the one on the page before when each column bound lies within this many points of
# that table's (one producer draws a table at the same place on every page; 3 pt stays well under a column).
COLUMN_SLACK = 3.0
# The names a page's top bands would give the columns are a header reworded, not the table's rows, when they are
# at least this similar to its header (rapidfuzz ratio, 0-100; a repeated header is >= 90, `header.same_columns`).
REWORDED_HEADER_SCORE = 60.0
# A catchword: the first words of the next page printed under a page's text, ending in dots ("d. Ekspor . . ."),
# as Indonesian regulations print them. It says the text goes on; it parts nothing.
CATCHWORD = re.compile(r"(\.\s*){3}$|…$")


@dataclass
class _Open:
    """The table being stitched (mutable only inside `grids_to_tables`)."""

    header: Header
    n_cols: int
    section: str
    rows: list[list[DrawnRow]] = field(default_factory=list)  # each row as its pieces, one per page, joined at the end
    pages: list[int] = field(default_factory=list)
    header_cells: list[CellBox] = field(default_factory=list)
    unread: int = 0
    last: PageGrid | None = None  # its last page table read
    header_bands: tuple[DrawnRow, ...] = ()  # its header as drawn on its first page


def grids_to_tables(grids: list[PageGrid]) -> list[Table]:
    """Given every page table of a document in order, return the stitched tables that have rows."""
    built: list[_Open] = []
    for grid in grids:
        current = built[-1] if built else None
        same_shape = current is not None and current.n_cols == grid.n_cols
        header = find_header(grid, current.header if same_shape else None)
        if same_shape and header.how != "repeated" and goes_on_unheaded(current.last, grid, header, current.header):
            header = NO_HEADER  # its top bands are the table's rows, not a header of its own
        if header is NO_HEADER and same_shape:
            continues = True
        else:
            continues = same_shape and same_columns(header.columns, current.header.columns) \
                and not separated(current.last, grid)
        if not continues:
            current = _Open(header, grid.n_cols, header.section, header_bands=grid.bands[:header.bands])
            built.append(current)
        elif header is not NO_HEADER:
            current.section = header.section
        current.last = grid
        current.header_cells += [box for band in grid.bands[:header.bands] for c in band.cells for box in c.boxes]
        for i, band in enumerate(grid.bands[header.bands:]):
            row = replace(band, section=current.section)
            if i == 0 and continues and (continues_row(current.rows, row, grid.n_cols) or left_behind(current.rows, row)):
                current.rows[-1].append(row)
            elif i > 0 and more_sub_rows(current.rows, row):
                current.rows[-1][-1] = join_rows(current.rows[-1][-1], row, at_break=False)
            else:
                current.rows.append([row])
        current.unread += grid.unread
        if grid.page not in current.pages:
            current.pages.append(grid.page)
    return [_to_table(t) for t in built if t.rows]


def goes_on_unheaded(last: PageGrid, grid: PageGrid, header: Header, previous: Header) -> bool:
    """Does `grid`, whose top bands repeat no header, continue the table whose last page table is `last`, with no
    header of its own (a header printed on the first page only)? It is on the next page, its column bounds are
    that table's (within COLUMN_SLACK), nothing but page furniture stands between the two (no title over it, no
    note under the other: `_separates`), and what its top bands would name the columns is unlike the table's own
    header (a header reworded stays a header)."""
    columns, before = grid.table.columns, last.table.columns
    return grid.page == last.page + 1 \
        and all(abs(a.x0 - b.x0) <= COLUMN_SLACK and abs(a.x1 - b.x1) <= COLUMN_SLACK for a, b in zip(columns, before)) \
        and not separated(last, grid) \
        and names_similarity(header.columns, previous.columns) < REWORDED_HEADER_SCORE


def separated(last: PageGrid, grid: PageGrid) -> bool:
    """Does text part `grid` from `last`, the page table read before it: on one page, a line with letters between
    them (a title, a caption); on the next, such a line over `grid` or under `last` that is no page furniture
    (`_separates`)?"""
    if grid.page == last.page:
        return any(_letters(line) for line in grid.above)
    return _separates(grid.above, last.page_lines) or _separates(last.below, grid.page_lines)


def _separates(lines: tuple[str, ...], furniture: frozenset[str]) -> bool:
    """Does one of `lines`, text printed between two page tables, part them? A line with letters does, but one the
    other page prints too (`furniture`: its lines), its numbers aside (a running head, a footer, a site's name); a
    page number or a catchword (`CATCHWORD`) does not."""
    repeated = {_letters(line) for line in furniture}
    return any(_letters(line) and _letters(line) not in repeated and not CATCHWORD.search(line.strip()) for line in lines)


def _letters(line: str) -> str:
    return "".join(ch for ch in line.lower() if ch.isalpha())


def continues_row(rows: list[list[DrawnRow]], row: DrawnRow, n_cols: int) -> bool:
    """Does `row`, first on its page, continue the last row of the previous page (`rows`: the rows so far, each as
    its pieces)? Its first cell holds no number (empty, or the "." of a number wrapped over the break) in a table
    whose first column is numbered in most rows; or its number is the rest of the number above it, cut by the break
    (`normalize.breaks.number_goes_on`, as `lampiran extract` reads its No. column)."""
    if not rows or _is_title(row, n_cols) or _is_title(rows[-1][0], n_cols):
        return False
    first = _first_text(row)
    if has_number(first):
        numbered = [pieces[0] for pieces in rows[:-1] if has_number(_first_text(pieces[0]))]
        last = rows[-1][-1]
        cell = last.cell_at(last.n_rows - 1, 0)
        return number_goes_on(_first_text(numbered[-1]) if numbered else None, _first_text(rows[-1][0]), first,
                              cell.parts[-1] if cell is not None else None)
    return _numbered(rows)


def left_behind(rows: list[list[DrawnRow]], row: DrawnRow) -> bool:
    """Is the last row so far, a page's last band with no number, the top of `row`, the next page's first, numbered
    row? A producer that keeps a paragraph's first lines together (CSS `orphans`) moves a row's cells of several
    lines, its number's among them, to the next page and leaves its one-line cells (a target, a unit) behind: `row`
    has a cell empty where that band holds text. `lampiran extract` reads such a band so too."""
    if not rows or len(rows[-1]) > 1 or not has_number(_first_text(row)) or not _numbered(rows[:-1]):
        return False
    band = rows[-1][0]
    if has_number(_first_text(band)) or len(band.cells) == 1:
        return False
    return any(c.text and c.col0 > 0 and (o := row.cell_at(0, c.col0)) is not None and not o.text for c in band.cells)


def more_sub_rows(rows: list[list[DrawnRow]], row: DrawnRow) -> bool:
    """Is `row`, under another on the same page, more sub-rows of the row above it? Its first cell holds no number,
    in a table numbered in most rows, and it holds text only in the columns the row above divides into sub-rows,
    none in those where one cell spans the whole row (a producer that ends the box of a row's spanning cells
    before its last sub-rows: LibreOffice; `lampiran extract` joins such a band too). A row without a number of
    its own but text beside ("Jumlah") is a row."""
    if not rows or has_number(_first_text(row)) or not _numbered(rows):
        return False
    last = rows[-1][-1]
    spanned = {col for c in last.cells if c.row0 == 0 and c.row1 == last.n_rows - 1 for col in range(c.col0, c.col1 + 1)}
    texts = [c for c in row.cells if c.text]
    return bool(texts) and all(col not in spanned for c in texts for col in range(c.col0, c.col1 + 1))


def _numbered(rows: list[list[DrawnRow]]) -> bool:
    """Is the table's first column numbered in at least NUMBERED_SHARE of its rows so far?"""
    return sum(1 for pieces in rows if has_number(_first_text(pieces[0]))) >= NUMBERED_SHARE * len(rows)


def _first_text(row: DrawnRow) -> str:
    cell = row.cell_at(0, 0)
    return cell.text if cell else ""


def _is_title(row: DrawnRow, n_cols: int) -> bool:
    return len(row.cells) == 1 and spans_all(row.cells[0], n_cols)


def sub_row_columns(rows: list[DrawnRow]) -> set[int]:
    """The columns the table divides into sub-rows: those holding, in some drawn row (on any of its pages), two cells
    of their own with text (Kegiatan and Keluaran beside a spanning Sasaran). A blank cell says nothing: a producer
    may end a spanning cell's box above the row's bottom (Chromium, on a page it breaks)."""
    counts = Counter((id(r), c.col0) for r in rows for c in r.cells if c.col0 == c.col1 and c.text)
    return {col for (_, col), n in counts.items() if n >= 2}


def join_rows(a: DrawnRow, b: DrawnRow, sub_columns: set[int] = frozenset(), at_break: bool = True) -> DrawnRow:
    """Given a row and its continuation (the first row of the next page), return them as one row.

    Each column's text is appended to the same column. In the columns the table divides into sub-rows
    (`sub_columns`, see `sub_row_columns`; where it divides none, those the row is divided in on either side of
    the break), b's first sub-row continues a's last one only if their cells say so
    (`normalize.breaks.sub_row_goes_on`, the evidence `lampiran extract` weighs for its Kegiatan/Keluaran pairs);
    otherwise b's sub-rows follow a's there, and only the other columns' cells are joined. A row without sub-rows
    is one text cut by the break: joined. Joined on one page (not `at_break`, see `more_sub_rows`), b's sub-rows
    follow a's.
    """
    last = a.n_rows - 1
    a, b = _split_blank(a, b, last, 0), _split_blank(b, a, 0, last)
    pairs = {(a.cells.index(u), b.cells.index(l)) for col in range(_width(a, b))
             if (u := a.cell_at(last, col)) is not None and (l := b.cell_at(0, col)) is not None}
    if sub_columns:
        sub_rows = {(i, j) for i, j in pairs if a.cells[i].col0 == a.cells[i].col1 in sub_columns
                    and b.cells[j].col0 == b.cells[j].col1}
    else:
        sub_rows = {(i, j) for i, j in pairs if a.cells[i].row0 > 0 or b.cells[j].row1 < b.n_rows - 1}
    cut = at_break and (not sub_rows or sub_row_goes_on([(a.cells[i].parts[-1], b.cells[j].parts[0])
                                                          for i, j in sorted(sub_rows)]))
    if not cut:
        pairs -= sub_rows
    shift = last if cut else a.n_rows
    moved = [replace(c, row0=c.row0 + shift, row1=c.row1 + shift) for c in b.cells]
    cells = list(a.cells) + moved
    parent = list(range(len(cells)))

    def find(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for i, j in sorted(pairs):
        parent[find(len(a.cells) + j)] = find(i)
    groups: dict[int, list[RowCell]] = {}
    for i, c in enumerate(cells):
        groups.setdefault(find(i), []).append(c)
    merged = tuple(_merge(g) for g in groups.values())
    return DrawnRow(shift + b.n_rows, merged, a.section)


def _split_blank(row: DrawnRow, other: DrawnRow, edge: int, other_edge: int) -> DrawnRow:
    """`row` with each empty cell at its sub-row `edge` that spans columns `other` divides at `other_edge` cut into one
    empty cell per column: blank space, not a cell spanning them (WeasyPrint draws no side rules for the part of a
    row's left cells it moves to the next page), so that each of the other side's cells goes on in its own column."""
    cells = []
    for c in row.cells:
        divided = len({id(o) for col in range(c.col0, c.col1 + 1) if (o := other.cell_at(other_edge, col)) is not None}) > 1
        if c.text or c.col0 == c.col1 or not c.row0 <= edge <= c.row1 or not divided:
            cells.append(c)
        else:
            cells += [replace(c, col0=col, col1=col) for col in range(c.col0, c.col1 + 1)]
    return replace(row, cells=tuple(cells))


def _width(a: DrawnRow, b: DrawnRow) -> int:
    return max(c.col1 for c in a.cells + b.cells) + 1


def _merge(cells: list[RowCell]) -> RowCell:
    """One cell from cells joined across a page break (in reading order: upper page first)."""
    texts = [c.text for c in cells if c.text]
    text = reduce(_join_number, texts, "") if cells[0].col0 == 0 else " ".join(texts)
    return RowCell(min(c.row0 for c in cells), max(c.row1 for c in cells), min(c.col0 for c in cells),
                   max(c.col1 for c in cells), text, tuple(p for c in cells for p in c.parts))


def _join_number(a: str, b: str) -> str:
    """A first column's texts joined over a page break: a row number wrapped over it ("1." | "2.") is one number."""
    return a + b if not a or outline(a + b) is not None else f"{a} {b}"


def row_to_rows(row: DrawnRow, n_cols: int, number: int) -> list[Row]:
    """Given a drawn row, return one output row per sub-row that has text of its own (`kept_sub_rows`), spans
    filled."""
    out = []
    for r in kept_sub_rows(row, n_cols):
        covering = [row.cell_at(r, c) for c in range(n_cols)]
        values = tuple("" if c is None or (spans_all(c, n_cols) and col != c.col0) else c.text for col, c in enumerate(covering))
        pages = tuple(sorted({p for c in covering if c is not None for p in c.pages}))
        boxes = tuple(dict.fromkeys(b for c in covering if c is not None for b in c.boxes))  # a spanning cell once
        out.append(Row(values, row.section, number, pages, boxes))
    if not out:  # only spanning cells hold text: keep them once
        out = row_to_rows(_collapsed(row), n_cols, number)
    return out


def kept_sub_rows(row: DrawnRow, n_cols: int) -> list[int]:
    """The sub-rows of a drawn row that become output rows: those where a cell holding text starts and does not
    span the whole drawn row (a sub-row with nothing of its own would only repeat its neighbours' spanning cells).
    A cell may span sub-rows that another column alone divides with blank cells (Chromium splits the empty left
    part of a row it cut by a page break)."""
    kept = []
    for r in range(row.n_rows):
        own = [c for c in (row.cell_at(r, col) for col in range(n_cols))
               if c is not None and c.row0 == r and (c.row0, c.row1) != (0, row.n_rows - 1)]
        if row.n_rows == 1 or any(c.text for c in own):
            kept.append(r)
    return kept


def _collapsed(row: DrawnRow) -> DrawnRow:
    """A drawn row whose only text is in spanning cells, as one sub-row of its top cells."""
    return DrawnRow(1, tuple(replace(c, row0=0, row1=0) for c in row.cells if c.row0 == 0), row.section)


def drawn_grid(rows: list[DrawnRow], n_cols: int) -> tuple[GridCell, ...]:
    """The cells holding text of the drawn rows, top to bottom, each over the output rows `row_to_rows` makes of
    its sub-rows, with its spans: a Sasaran beside two Kegiatan/Keluaran pairs spans two rows, a section row
    every column."""
    out, first = [], 0
    for row in rows:
        kept = kept_sub_rows(row, n_cols)
        if not kept:
            row, kept = _collapsed(row), [0]
        for c in row.cells:
            covered = [i for i, r in enumerate(kept) if c.row0 <= r <= c.row1]
            if c.text and covered:
                out.append(GridCell(first + covered[0], c.col0, len(covered), c.col1 - c.col0 + 1, c.text, c.pages))
        first += len(kept)
    return tuple(out)


def header_grid(bands: tuple[DrawnRow, ...]) -> tuple[GridCell, ...]:
    """The header's cells holding text, its bands' sub-rows numbered top to bottom: its levels as drawn."""
    out, first = [], 0
    for band in bands:
        out += [GridCell(first + c.row0, c.col0, c.row1 - c.row0 + 1, c.col1 - c.col0 + 1, c.text, c.pages)
                for c in band.cells if c.text]
        first += band.n_rows
    return tuple(out)


def _to_table(t: _Open) -> Table:
    """The table: each row's pieces joined (judged by the columns the whole table divides into sub-rows), then
    flattened into one output row per sub-row."""
    columns = t.header.columns or tuple("" for _ in range(t.n_cols))
    sub_columns = sub_row_columns([piece for pieces in t.rows for piece in pieces])
    joined = [reduce(lambda a, b: join_rows(a, b, sub_columns), pieces) for pieces in t.rows]
    rows = tuple(r for number, drawn in enumerate(joined, start=1) for r in row_to_rows(drawn, t.n_cols, number))
    return Table(tuple(unique_names(list(columns))), t.header.rows, rows, tuple(sorted(t.pages)), tuple(t.header_cells),
                 t.unread, header_grid(t.header_bands), drawn_grid(joined, t.n_cols))
