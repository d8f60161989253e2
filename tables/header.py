"""Tell a page's header bands from its body, without knowing the columns, and name the columns.

The header is whatever the table's first bands are. On a page that continues a
table it is recognised because it repeats: the top bands give the same column
names as the table's header (fuzzily, rapidfuzz). Otherwise it is the top bands
down to the first band whose first cell holds a row number ("1.", "IV.", "a)"),
or down to and including the first band whose bottom row has a cell of its own
in every column (the leaf labels), whichever comes first; a row numbering the
columns ("(1) | (2) | (3)") under it belongs to it. A page whose first band is
numbered has no header: it continues the table above it.

Column names join a leaf's header cells top to bottom ("Tahun 2011" over "WTP"
gives "Tahun 2011 WTP"). A header cell spanning every column ("PROSPEK USAHA")
names no column: it is the section title of the rows under it.
"""
from __future__ import annotations

from rapidfuzz import fuzz

from extract.grid import ROW_NUMBER
from tables.model import DrawnRow, Header, PageGrid, RowCell

# A header takes at most this many drawn bands (pojk24: the section title band, then the label band);
# a first numbered row further down is a body row after unnumbered ones, not the end of a header.
MAX_HEADER_BANDS = 4
# Two headers are the same when their joined column names are at least this similar (rapidfuzz ratio,
# 0-100): a repeated header is printed identically, give or take a stray space or hyphen (pdfplumber's
# word splits); different tables' headers differ by whole words.
SAME_HEADER_SCORE = 90.0

# A row of consecutive numbers under a header numbers its columns when there are at least this many (two
# numbers in a row are as likely a body row "1 | 2").
MIN_NUMBERED_COLUMNS = 3

NO_HEADER = Header(0, 0, (), "", "none")


def find_header(grid: PageGrid, previous: Header | None) -> Header:
    """Given a page's table and the header of the table it may continue, return this page's header."""
    if previous is not None and previous.bands and len(grid.bands) > previous.bands:
        repeated = bands_to_header(grid, previous.bands, "repeated")
        if same_columns(repeated.columns, previous.columns):
            return repeated
    for i, band in enumerate(grid.bands[:MAX_HEADER_BANDS]):
        if i and numbers_columns(band, grid.n_cols):
            return bands_to_header(grid, i + 1, "numbered")
        if is_numbered(band):
            return bands_to_header(grid, i, "numbered") if i else NO_HEADER
        if has_leaf_labels(band, grid.n_cols):
            end = i + 1
            if end < len(grid.bands) and numbers_columns(grid.bands[end], grid.n_cols):
                end += 1
            return bands_to_header(grid, end, "leaf")
    return NO_HEADER


def bands_to_header(grid: PageGrid, count: int, how: str) -> Header:
    """The header made of the grid's first `count` bands: column names and section title."""
    bands = [b for b in grid.bands[:count] if not numbers_columns(b, grid.n_cols)]
    names = []
    for col in range(grid.n_cols):
        parts: list[str] = []
        for band in bands:
            for cell in sorted(band.cells, key=lambda c: c.row0):
                if cell.col0 <= col <= cell.col1 and cell.text and not spans_all(cell, grid.n_cols) \
                        and (not parts or parts[-1] != cell.text):
                    parts.append(cell.text)
        names.append(" ".join(parts))
    section = " / ".join(c.text for b in bands for c in b.cells if spans_all(c, grid.n_cols) and c.text)
    return Header(count, sum(b.n_rows for b in grid.bands[:count]), tuple(names), section, how)


def same_columns(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Are these the same table's column names (as many, and the same words give or take a character)?"""
    return len(a) == len(b) and names_similarity(a, b) >= SAME_HEADER_SCORE


def names_similarity(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    """How alike two headers' column names are, 0-100 (rapidfuzz ratio of the names joined in order)."""
    return fuzz.ratio(" | ".join(a), " | ".join(b))


def is_numbered(band: DrawnRow) -> bool:
    """Does the band's first cell start with a row number ("1.", "IV.", "a)", "12")?"""
    cell = band.cell_at(0, 0)
    words = cell.text.split() if cell is not None else []
    return bool(words) and bool(ROW_NUMBER.match(words[0]))


def numbers_columns(band: DrawnRow, n_cols: int) -> bool:
    """Is the band a row numbering the columns ("(1) | (2) | (3)", "I | II | III", "XIII | XIV | …"), printed
    under a header? It belongs to the header and names nothing."""
    values = [_numeral(cell.text) if (cell := band.cell_at(band.n_rows - 1, c)) is not None else None for c in range(n_cols)]
    return n_cols >= MIN_NUMBERED_COLUMNS and None not in values and values == list(range(values[0], values[0] + n_cols))


def _numeral(text: str) -> int | None:
    """'3', '(3)' or 'III' as 3; None for anything else."""
    text = text.strip().strip("()")
    if text.isdigit():
        return int(text)
    if not text or set(text) - set("IVXLC"):
        return None
    values = [{"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}[ch] for ch in text]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def has_leaf_labels(band: DrawnRow, n_cols: int) -> bool:
    """Does the band's bottom row give every column a cell of its own (the leaf labels of a header)?"""
    last = band.n_rows - 1
    return all((cell := band.cell_at(last, c)) is not None and cell.col0 == cell.col1 == c for c in range(n_cols))


def spans_all(cell: RowCell, n_cols: int) -> bool:
    """Does the cell span every column (a title, not a value of one column)?"""
    return n_cols > 1 and cell.col0 == 0 and cell.col1 == n_cols - 1


def unique_names(names: list[str]) -> list[str]:
    """Given column names, return them usable as CSV headers: blanks named by position, repeats numbered."""
    out: list[str] = []
    for i, name in enumerate(names, start=1):
        name = " ".join(name.split()) or f"column {i}"
        base, n = name, 2
        while name in out:
            name, n = f"{base} ({n})", n + 1
        out.append(name)
    return out
