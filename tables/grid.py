"""Read a table region into bands of cells.

The region's column and row bounds make a lattice of slots. Two neighbouring
slots are one cell unless a rule runs the whole way between them, so a cell
spanning columns (a group title, a section row) or rows (No. beside a two-row
header, a Sasaran beside its Kegiatan/Keluaran sub-rows) comes out whole. A
band is a run of slot rows that no cell crosses: one row as drawn, with its
sub-rows. Where a band of one slot row holds several text rows separated by
blank gaps across the whole width, the table has column rules but no row
rules (pp56_2014_pnbp): its rows are cut at those gaps where the next text
starts in the row's key column, as `extract.textrows` cuts at the No. column.
"""
from __future__ import annotations

from bisect import bisect_right

from extract.columns import SNAP
from extract.lines import join_lines, keeps_line_end_spaces, words_to_lines
from extract.model import PageContent, Word
from extract.textrows import CELL_GAP_SHARE
from tables.model import Band, Cell, PageGrid, Region
from tables.regions import JOIN_TOLERANCE, covers

# In a band without row rules, the key column (whose text starts each row) is the leftmost holding text in at
# least this share of the gap-separated pieces (pp56: JENIS PNBP, in all pieces but the "Per unit" lines).
ROW_KEY_SHARE = 0.5

Slot = tuple[int, int]  # (row, column) of the lattice
Piece = tuple[int, int, int, int]  # row0, row1, col0, col1 of a cell in the lattice, inclusive


def region_to_grid(page: PageContent, region: Region) -> PageGrid:
    """Given a page and one of its table regions, return the region's bands, top to bottom."""
    pieces = lattice_to_pieces(region)
    words = slot_words(page.words, region)
    glue = keeps_line_end_spaces([words_to_lines(_piece_words(p, words)) for p in pieces])
    bands: list[Band] = []
    text_rows = False
    for r0, r1 in band_spans(pieces, len(region.ys) - 1):
        inside = [p for p in pieces if r0 <= p[0] and p[1] <= r1]
        cuts = text_row_cuts([w for p in inside for w in _piece_words(p, words)], region.xs) if r0 == r1 else []
        text_rows = text_rows or bool(cuts)
        edges = [region.ys[r0]] + cuts + [region.ys[r1 + 1]]
        for top, bottom in zip(edges, edges[1:]):
            band = _band(page.number, region, inside, r0, words, top, bottom, glue)
            if any(c.text for c in band.cells):
                bands.append(band)
    return PageGrid(page.number, region.bbox, len(region.xs) - 1, tuple(bands), text_rows)


def lattice_to_pieces(region: Region) -> list[Piece]:
    """Merge the lattice's slots into cells: neighbours not divided by a rule running their whole side."""
    xs, ys = region.xs, region.ys
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    parent = list(range(n_rows * n_cols))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for r in range(n_rows):
        for c in range(n_cols):
            if c > 0 and not _v_divides(region, xs[c], ys[r], ys[r + 1]):
                parent[find(r * n_cols + c - 1)] = find(r * n_cols + c)
            if r > 0 and not _h_divides(region, ys[r], xs[c], xs[c + 1]):
                parent[find((r - 1) * n_cols + c)] = find(r * n_cols + c)
    boxes: dict[int, list[int]] = {}
    for r in range(n_rows):
        for c in range(n_cols):
            b = boxes.setdefault(find(r * n_cols + c), [r, r, c, c])
            b[0], b[1], b[2], b[3] = min(b[0], r), max(b[1], r), min(b[2], c), max(b[3], c)
    return sorted({(b[0], b[1], b[2], b[3]) for b in boxes.values()})


def _v_divides(region: Region, x: float, top: float, bottom: float) -> bool:
    return any(abs(s.pos - x) <= SNAP and s.start <= top + JOIN_TOLERANCE and s.end >= bottom - JOIN_TOLERANCE for s in region.v)


def _h_divides(region: Region, y: float, a: float, b: float) -> bool:
    return any(abs(s.pos - y) <= SNAP and covers(s, a, b) for s in region.h)


def band_spans(pieces: list[Piece], n_rows: int) -> list[tuple[int, int]]:
    """Given the cells, return the bands as (first, last) slot rows: cut between rows no cell crosses."""
    crossed = {r for p in pieces for r in range(p[0] + 1, p[1] + 1)}
    cuts = [0] + [r for r in range(1, n_rows) if r not in crossed] + [n_rows]
    return [(a, b - 1) for a, b in zip(cuts, cuts[1:])]


def slot_words(words: tuple[Word, ...], region: Region) -> dict[Slot, list[Word]]:
    """Given the page's words, return those inside the region by the slot holding their middle."""
    xs, ys = region.xs, region.ys
    out: dict[Slot, list[Word]] = {}
    for w in words:
        c, r = bisect_right(xs, w.x_mid) - 1, bisect_right(ys, w.y_mid) - 1
        if 0 <= c < len(xs) - 1 and 0 <= r < len(ys) - 1:
            out.setdefault((r, c), []).append(w)
    return out


def _piece_words(piece: Piece, words: dict[Slot, list[Word]]) -> list[Word]:
    r0, r1, c0, c1 = piece
    return [w for r in range(r0, r1 + 1) for c in range(c0, c1 + 1) for w in words.get((r, c), [])]


def text_row_cuts(words: list[Word], xs: tuple[float, ...]) -> list[float]:
    """Where a band printed without row rules starts a new row: the y of each blank gap across the whole
    band (wider than a cell gap) followed by text in the row's key column or left of it.

    The key column is the leftmost one holding text in most gap-separated pieces (pp56: JENIS PNBP, whose
    outline numbering starts every row; its No column holds only the top-level numerals). A piece with no
    text that far left ("Per unit" under "Per permohonan", 7.7 pt lower, the same gap as between rows)
    is the next line of the cells above it, not a row.
    """
    lines = words_to_lines(words)
    pieces: list[list] = []  # [gap y above the piece, columns holding its text]
    bottom = lines[0].bottom if lines else 0.0
    for i, line in enumerate(lines):
        height = max(lines[i - 1].bottom - lines[i - 1].top, 1.0) if i else 0.0
        if i == 0 or line.top - bottom > CELL_GAP_SHARE * height:
            pieces.append([(bottom + line.top) / 2, set()])
        pieces[-1][1].update(bisect_right(xs, w.x_mid) - 1 for w in line.words)
        bottom = max(bottom, line.bottom)
    if len(pieces) < 2:
        return []
    key = min((c for c in range(len(xs) - 1) if sum(1 for _, cols in pieces if c in cols) >= ROW_KEY_SHARE * len(pieces)),
              default=len(xs) - 2)  # no column holds text in most pieces: every gap starts a row
    return [y for y, cols in pieces[1:] if min(cols) <= key]


def _room(words: list[Word], bottom: float) -> float | None:
    """Blank space between the last text line and the cell's bottom, in line heights; None when empty."""
    if not words:
        return None
    last = words_to_lines(words)[-1]
    return (bottom - last.bottom) / max(last.bottom - last.top, 1.0)


def _band(page: int, region: Region, pieces: list[Piece], r0: int, words: dict[Slot, list[Word]],
          top: float, bottom: float, glue: bool) -> Band:
    """The band made of `pieces` (slot rows from r0), keeping only the words between top and bottom."""
    xs, ys = region.xs, region.ys
    cells = []
    for p in pieces:
        inside = [w for w in _piece_words(p, words) if top <= w.y_mid < bottom]
        bbox = (xs[p[2]], max(top, ys[p[0]]), xs[p[3] + 1], min(bottom, ys[p[1] + 1]))
        cells.append(Cell(p[0] - r0, p[1] - r0, p[2], p[3], join_lines(words_to_lines(inside), glue), bbox, _room(inside, bbox[3])))
    n_rows = max(p[1] for p in pieces) - r0 + 1
    return Band(page, n_rows, tuple(cells), (xs[0], top, xs[-1], bottom))
