"""Turn a table page's words and rules into bands and cells.

Given the header (found by its text, in `normalize.header`) and the columns
under it (`extract.columns`), row boundaries come from the horizontal rules: a
rule across the first column ends a band (a row as drawn on this page); a rule
across only some columns splits those columns into sub-cells (the
Kegiatan/Keluaran sub-rows beside a spanning left cell). A band region with no
vertical rule between two columns is one cell spanning both (a section row).
Pages without horizontal rules get their boundaries from the text
(`extract.textrows`); pages without vertical rules tell a section row by its text.
"""
from __future__ import annotations

import re

from extract.columns import SNAP, HeaderBox, header_to_columns, snap
from extract.lines import join_lines, words_to_lines
from extract.model import Band, Cell, Column, PageContent, PageTable, Word
from extract.textrows import table_bottom, text_separators

# A horizontal rule separates cells of a column when it covers this share of the column's width.
COVER_SHARE = 0.6
# A horizontal rule bounds the table when it covers this share of the table's width.
TABLE_RULE_SHARE = 0.5
# A row number in the first column: 1, 1.1, 12., IV., a), B.
ROW_NUMBER = re.compile(r"^([0-9]+|[IVXLCivxlc]+|[A-Za-z])(\.[0-9]+)*[.)]?$")

# Words of one title are at most this share of their height apart; a row number and the next cell's text, more.
TITLE_WORD_GAP = 0.6

Draft = tuple[int, int, float, float, list]  # col_start, col_end, top, bottom, text lines


def page_to_table(page: PageContent, header: HeaderBox, engine: str = "pdfplumber", names_column=None) -> PageTable:
    """Given a page and its header, return the table drawn under the header (`names_column`: see
    `extract.columns.header_to_columns`)."""
    columns = header_to_columns(page, header, names_column)
    x0, x1 = columns[0].x0, columns[-1].x1
    inside = [w for w in page.words if w.y_mid > header.bottom and x0 <= w.x_mid <= x1]
    h_rules = [r for r in page.rules if r.orientation == "h" and _overlap(r.x0, r.x1, x0, x1) >= TABLE_RULE_SHARE * (x1 - x0)]
    body_top = min((r.top for r in h_rules if r.top >= header.bottom - SNAP), default=header.bottom)
    ruled_bottom = max((r.top for r in h_rules if r.top > body_top + SNAP), default=None)
    if ruled_bottom is not None:
        body_bottom = ruled_bottom
        body_words = [w for w in inside if body_top < w.y_mid < body_bottom]
        seps = [_separators(page, c, body_top, body_bottom) for c in columns]
    else:
        body_bottom = table_bottom(inside, body_top)
        body_words = [w for w in inside if body_top < w.y_mid < body_bottom]
        seps = text_separators(columns, body_words, body_top, body_bottom)
    v_ruled = any(r.orientation == "v" and r.top < body_bottom and r.bottom > body_top for r in page.rules)
    drafts = [d for a, b in zip(seps[0], seps[0][1:]) if (d := _band_drafts(page, columns, seps, a, b, body_words, v_ruled))]
    glue = keeps_line_end_spaces(drafts)
    bands = tuple(Band(page.number, (x0, d[0][2], x1, d[0][3]), tuple(_draft_to_cell(page.number, columns, c, glue) for c in d))
                  for d in drafts)
    return PageTable(page.number, engine, (x0, header.top, x1, body_bottom), columns, bands)


def _separators(page: PageContent, column: Column, top: float, bottom: float) -> list[float]:
    """The y of every horizontal rule across `column` between top and bottom, both included."""
    width = column.x1 - column.x0
    ys = [r.top for r in page.rules if r.orientation == "h" and top - SNAP <= r.top <= bottom + SNAP
          and _overlap(r.x0, r.x1, column.x0, column.x1) >= COVER_SHARE * width]
    return snap(sorted([top, bottom] + ys))


def _band_drafts(page, columns, seps, top, bottom, words, v_ruled: bool) -> list[Draft]:
    """Cut one band into draft cells: sub-rows per column, merged across columns where no vertical rule
    divides them, or, on a page without vertical rules, merged whole when the band is a section title."""
    band_words = [w for w in words if top <= w.y_mid <= bottom]
    if not band_words:
        return []
    if not v_ruled and _is_title_band(band_words, columns):
        return [(0, len(columns) - 1, top, bottom, words_to_lines(band_words))]
    pieces = []  # (col, sub_top, sub_bottom)
    for col in columns:
        inner = snap(sorted(set([top, bottom] + [y for y in seps[col.index] if top - SNAP < y < bottom + SNAP])))
        pieces += [(col.index, a, b) for a, b in zip(inner, inner[1:]) if b - a > SNAP]
    merged: list[list] = []
    for col_i, a, b in pieces:
        prev = merged[-1] if merged else None
        if v_ruled and prev and prev[1] == col_i - 1 and abs(prev[2] - a) < SNAP and abs(prev[3] - b) < SNAP \
                and not _vertical_between(page, columns[col_i].x0, a, b):
            prev[1] = col_i
        else:
            merged.append([col_i, col_i, a, b])
    drafts = []
    for c0, c1, a, b in merged:
        inside = [w for w in band_words if columns[c0].x0 <= w.x_mid <= columns[c1].x1 and a <= w.y_mid <= b]
        drafts.append((c0, c1, a, b, words_to_lines(inside)))
    return drafts


def _is_title_band(words: list[Word], columns: tuple[Column, ...]) -> bool:
    """Is this band a section title? Its text starts in the first column and is no row number, or is a
    number followed at word spacing by more words (a row number stands alone in its cell: "3.4 Listrik …"
    is a title, "3." then a Sasaran one cell further is a row)."""
    line = words_to_lines(words)[0]
    first = line.words[0]
    if first.x0 >= columns[0].x1:
        return False
    if not ROW_NUMBER.match(first.text):
        return True
    nxt = line.words[1] if len(line.words) > 1 else None
    return nxt is not None and nxt.x0 - first.x1 < TITLE_WORD_GAP * (first.bottom - first.top)


def keeps_line_end_spaces(drafts: list[list[Draft]]) -> bool:
    """Does this page print the space at the end of a wrapped line (as word processors do)?

    Then a line ending in a hyphen with no space after it was broken at the hyphen
    ("UNDANG-" + "UNDANG" is one word). A producer that drops line-end spaces
    (most PDF libraries) leaves that unknowable, and the lines are joined with a space.
    """
    ends = [line.words[-1] for d in drafts for *_, lines in d for line in lines[:-1] if not line.words[-1].text.endswith("-")]
    return bool(ends) and sum(1 for w in ends if w.space_after) * 2 > len(ends)


def _draft_to_cell(page: int, columns: tuple[Column, ...], draft: Draft, glue_hyphens: bool) -> Cell:
    c0, c1, a, b, lines = draft
    return Cell(page, (columns[c0].x0, a, columns[c1].x1, b), c0, c1, tuple(l.text for l in lines),
                join_lines(lines, glue_hyphens), lines[0].top if lines else None, lines[-1].bottom if lines else None,
                lines[-1].bottom - lines[-1].top if lines else None)


def _vertical_between(page: PageContent, x: float, top: float, bottom: float) -> bool:
    """Is there a vertical rule at x covering the middle of [top, bottom]?"""
    mid = (top + bottom) / 2
    return any(r.orientation == "v" and abs(r.x0 - x) <= SNAP and r.top - SNAP <= mid <= r.bottom + SNAP for r in page.rules)


def _overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    return max(0.0, min(a1, b1) - max(a0, b0))
