"""Read a table region with the grid reader of `lampiran extract`, and place each band's cells into sub-rows.

A region (`tables.regions`) gives the table's box and column bounds; its words
and rules are read into bands of cells by `extract.grid.columns_to_table`, the
one grid reader both commands share: rows from the horizontal rules (or, in a
band no rule divides, from the text, as in pp56_2014_pnbp), cells merged across
columns where no vertical rule divides them. A band's cells are then numbered
by the sub-rows their tops and bottoms cut it into, so a cell spanning columns
(a group title, a section row) or sub-rows (No. beside a two-row header, a
Sasaran beside its Kegiatan/Keluaran sub-rows) is one cell of its drawn row.
"""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import replace

from extract.columns import SNAP, snap
from extract.grid import columns_to_table
from extract.model import Band, Column, PageContent, PageTable, Rule, Word
from extract.lines import words_to_lines
from extract.textrows import CELL_GAP_SHARE, END_GAP_LINES, table_bottom
from normalize.breaks import outline
from tables.gutters import with_gutters
from tables.model import DrawnRow, PageGrid, Region, RowCell
from tables.regions import JOIN_TOLERANCE, runs_over


def region_to_grid(page: PageContent, region: Region, words: tuple[Word, ...]) -> PageGrid:
    """Given a page, one of its table regions and the region's words (`region_words`), return the region's bands,
    top to bottom: the grid reader sees those words and the region's rules."""
    x0, top, x1, bottom = region.bbox
    if not region.v and words:  # rows left open over the first rule or under the last (`open_ends`), and their rules
        top, bottom = min(top, min(w.top for w in words) - 1.0), max(bottom, max(w.bottom for w in words) + 1.0)
    rules = tuple(r for r in page.rules if r.x0 >= x0 - JOIN_TOLERANCE and r.x1 <= x1 + JOIN_TOLERANCE
                  and r.top >= top - JOIN_TOLERANCE and r.bottom <= bottom + JOIN_TOLERANCE)
    # A drawn column no rule divides may still be several, apart by white space (a region of horizontal rules
    # only has its columns from the gutters already).
    xs = with_gutters(region.xs, words) if region.v else region.xs
    columns = tuple(Column(i, a, b, "") for i, (a, b) in enumerate(zip(xs, xs[1:])))
    if not region.h and not region.v:
        table = _text_table(page, region, words, columns)
    else:
        table = columns_to_table(replace(page, words=words, rules=rules), columns, top, top - 2 * SNAP)
    return PageGrid(table, tuple(band_to_row(b) for b in table.bands))


def _text_table(page: PageContent, region: Region, words: tuple[Word, ...], columns: tuple[Column, ...]) -> PageTable:
    """A table of text alone (`tables.textblocks`; its `ys`: top, the bottom of its header where it has one, bottom):
    the header read as one band, as between two rules, and the body as `lampiran extract` reads a table printed
    without rules, its rows and each column's sub-rows from the gaps between its lines (`extract.textrows`)."""
    x0, top, x1, bottom = region.bbox
    body_top = region.ys[1] if len(region.ys) == 3 else top
    bands: tuple = ()
    if body_top > top:
        rules = (Rule("h", x0, top, x1, top), Rule("h", x0, body_top, x1, body_top))
        head = [w for w in words if w.y_mid < body_top]
        bands = columns_to_table(replace(page, words=head, rules=rules), columns, top, top - 2 * SNAP).bands
    body = columns_to_table(replace(page, words=[w for w in words if w.y_mid > body_top], rules=()), columns,
                            body_top, body_top)
    return replace(body, bands=bands + body.bands)


def region_words(page: PageContent, region: Region) -> tuple[Word, ...]:
    """The words of a region: those inside it, and the lines of a cut row's text that overflow its frame at the page
    bottom (Chromium and WeasyPrint print them under the rules' end, and not again on the next page): a line crossing
    the frame's bottom edge, or, where the frame's sides run on below its last horizontal rule (a row left open
    there), starting within a cell gap under their end; and the lines set one under those at cell leading. A note
    printed under a closed table is no row of it."""
    x0, top, x1, bottom = region.bbox
    open_row = bool(region.v) and max(s.end for s in region.v) > max(s.pos for s in region.h) + SNAP
    column = [w for w in page.words if x0 <= w.x_mid <= x1]
    if not region.v:  # horizontal rules only, or none: rows the page break cuts may stand beyond the rules
        cut = open_ends(region, column, page.rules) if region.h else []
        return tuple([w for w in column if top <= w.y_mid <= bottom] + cut)
    inside = [w for w in column if w.y_mid >= top]
    words = [w for w in inside if w.y_mid <= bottom]
    reach = bottom if open_row else None  # the bottom of the frame's open row, or of the overflowing text so far
    for w in sorted((w for w in inside if w.y_mid > bottom), key=lambda w: w.top):
        if w.top < bottom or reach is not None and w.top < reach + CELL_GAP_SHARE * (w.bottom - w.top):
            words.append(w)
            reach = max(reach or w.bottom, w.bottom)
    return tuple(words)


def open_ends(region: Region, words: list[Word], rules: tuple[Rule, ...]) -> list[Word]:
    """The words of the rows a page break cuts out of a table of horizontal rules only (`region`: a stack of them):
    a table's first rule or last may be missing where the break cuts a row, which then runs on over the first rule
    at the page's top, or under the last at its foot. Such text is the table's where it is all the page holds
    beyond the rule, no full rule closes it (two rules round a paragraph under a table), it stands as close to the
    rule as a row's lines to each other (`table_bottom`, END_GAP_LINES), it keeps to the columns (no word across a
    bound, `tables.regions.runs_over`) and it reaches past the first column (a note under a table starts in it)."""
    x0, top, x1, bottom = region.bbox
    out = []
    for beyond, edge in (([w for w in words if w.y_mid < top], top), ([w for w in words if w.y_mid > bottom], bottom)):
        lines = words_to_lines(beyond)
        if not lines:
            continue
        near = lines[-1] if edge == top else lines[0]
        gap = edge - near.bottom if edge == top else near.top - edge
        inner = region.xs[1:-1]
        if gap > END_GAP_LINES * (near.bottom - near.top) \
                or any(runs_over(w, x) for w in beyond for x in inner) or all(w.x1 <= inner[0] for w in beyond):
            continue
        far = lines[0].top - near.bottom + near.top if edge == top else lines[-1].bottom + near.bottom - near.top
        closed = any(r.orientation == "h" and r.x0 <= x0 + JOIN_TOLERANCE and r.x1 >= x1 - JOIN_TOLERANCE
                     and min(edge, far) + SNAP < r.top < max(edge, far) for r in rules)  # a sub-row's rule closes none
        # all of it one block of lines, no gap wider than a row's between them
        if not closed and lines[-1].bottom <= table_bottom(beyond, lines[0].top - 1.0):
            out += beyond
    return out


def band_to_row(band: Band) -> DrawnRow:
    """Given a band, return it as a drawn row: each cell numbered by the sub-rows it covers, the band cut into
    sub-rows at every cell's top and bottom."""
    bounds = snap(sorted({c.bbox[1] for c in band.cells} | {c.bbox[3] for c in band.cells}))

    def at(y: float) -> int:
        return min(max(bisect_left(bounds, y - SNAP), 0), len(bounds) - 1)

    cells = tuple(RowCell(at(c.bbox[1]), max(at(c.bbox[3]) - 1, at(c.bbox[1])), c.col_start, c.col_end,
                          _number_text(c.text) if c.col_start == 0 else c.text, (c,)) for c in band.cells)
    return DrawnRow(max(len(bounds) - 1, 1), cells)


def _number_text(text: str) -> str:
    """A first column's text: an outline number a narrow cell wrapped over lines ("3.3" over ".") as one number."""
    number = "".join(text.split())
    return number if outline(number) is not None else text
