"""Find row and sub-row boundaries from the text alone, for tables printed without horizontal rules.

A row starts at a text line that begins in the first column after a gap wider
than the line spacing (cell padding, not leading). Within a row, a column's
sub-rows (the Kegiatan/Keluaran pairs beside a spanning left cell) start after
such a gap too. The table ends at the first gap much wider than a row gap
(the signature block or footer under the last row).
"""
from __future__ import annotations

import re

from extract.lines import Line, words_to_lines
from extract.model import Column, Word

# A row number in the first column: 1, 1.1, 12., IV., a), B.
ROW_NUMBER = re.compile(r"^([0-9]+|[IVXLCivxlc]+|[A-Za-z])(\.[0-9]+)*[.)]?$")
# Lines further apart than this share of their height are in different cells (leading is ~0.2-0.4 of it).
CELL_GAP_SHARE = 0.45
# ... or further apart than the page's usual leading plus this share of their height (a typesetter whose cell
# padding is narrow: typst at 6 pt with 1.5 pt padding parts sub-rows by 0.42 of a line, lines by 0.1).
LEADING_SLACK = 0.2
# The usual leading is known from at least this many gaps between the lines of one column.
LEADING_MIN_GAPS = 4
# A gap wider than this many line heights ends the table (a row gap is about one line height or less).
END_GAP_LINES = 1.5
# ... and than this many times the page's usual row gap (the median of the gaps wider than a cell gap).
END_GAP_ROWS = 2.0


def table_bottom(words: list[Word], top: float) -> float:
    """The bottom of the last text line before the first gap that is too wide to be inside the table: wider than
    END_GAP_LINES line heights and than END_GAP_ROWS times the page's usual gap between rows (a table printed with
    wide cell padding has row gaps of two line heights)."""
    lines = words_to_lines([w for w in words if w.top >= top])
    if not lines:
        return top
    gaps = [line.top - prev.bottom for prev, line in zip(lines, lines[1:])]
    row_gaps = sorted(g for g, prev in zip(gaps, lines) if g > CELL_GAP_SHARE * _height(prev))
    usual = row_gaps[len(row_gaps) // 2] if row_gaps else 0.0
    bottom = lines[0].bottom
    for gap, prev, line in zip(gaps, lines, lines[1:]):
        if gap > max(END_GAP_LINES * _height(prev), END_GAP_ROWS * usual):
            break
        bottom = line.bottom
    return bottom + 1.0


def text_separators(columns: tuple[Column, ...], words: list[Word], top: float, bottom: float) -> list[list[float]]:
    """Per column, the y of every row boundary (first column) or cell boundary (others), with top and bottom."""
    first_edge = columns[0].x1
    lines = words_to_lines(words)
    by_column = [words_to_lines([w for w in words if col.x0 <= w.x_mid <= col.x1]) for col in columns]
    leading = usual_leading(by_column)
    row_starts = [_above(prev, line) for prev, line in zip(lines, lines[1:])
                  if line.words[0].x0 < first_edge and (_gap(prev, line, leading) or _numbered(line, first_edge))]
    seps = [[top] + row_starts + [bottom]]
    first_band_end = row_starts[0] if row_starts else bottom
    heads = [ls[0] for ls in by_column[1:] if ls and ls[0].top < first_band_end]
    for col_lines in by_column[1:]:
        starts = [_above(prev, line) for prev, line in zip(col_lines, col_lines[1:])
                  if _gap(prev, line, leading) and not any(prev.bottom < y < line.top for y in row_starts)]
        starts += _late_start(col_lines, heads, first_band_end, leading)
        seps.append(sorted([top, bottom] + starts))
    return seps


def usual_leading(by_column: list[list[Line]]) -> float | None:
    """The page's usual gap between two lines of one cell: the lower quartile of the gaps between a column's
    consecutive lines that are under CELL_GAP_SHARE of a line (where most such gaps are between cells, it is a
    cell gap, and cuts nothing more); None from fewer than LEADING_MIN_GAPS gaps."""
    gaps = sorted(g for col_lines in by_column for prev, line in zip(col_lines, col_lines[1:])
                  if 0 <= (g := line.top - prev.bottom) <= CELL_GAP_SHARE * _height(prev))
    return gaps[len(gaps) // 4] if len(gaps) >= LEADING_MIN_GAPS else None


def _numbered(line: Line, first_edge: float) -> bool:
    """Does the line open with a row number standing alone in the first column? Then it starts a row even where the
    padding between rows is no wider than the leading (a wrapped cell's next line never starts so)."""
    first = line.words[0]
    return bool(ROW_NUMBER.match(first.text)) and first.x1 <= first_edge


def _late_start(col_lines: list[Line], heads: list[Line], band_end: float, leading: float | None) -> list[float]:
    """At the top of a page, a column whose text starts a cell gap below the other columns' text
    starts a new sub-row there: the text above it in the other columns continues the previous page."""
    if not col_lines or not heads or col_lines[0].top >= band_end:
        return []
    earliest = min(heads, key=lambda l: l.top)
    if _gap(earliest, col_lines[0], leading) and col_lines[0].top > earliest.bottom:
        return [col_lines[0].top - CELL_GAP_SHARE * _height(earliest) / 2]
    return []


def _gap(prev: Line, line: Line, leading: float | None) -> bool:
    """Are two lines of a column in different cells: further apart than CELL_GAP_SHARE of a line, or than the
    page's usual leading by LEADING_SLACK of a line?"""
    limit = CELL_GAP_SHARE * _height(prev)
    if leading is not None:
        limit = min(limit, leading + LEADING_SLACK * _height(prev))
    return line.top - prev.bottom > limit


def _above(prev: Line, line: Line) -> float:
    """A boundary between two lines: halfway down the gap."""
    return (prev.bottom + line.top) / 2


def _height(line: Line) -> float:
    return max(line.bottom - line.top, 1.0)
