"""Turn a table page's words and rules into columns, bands and cells.

Given where the header sits (found by its text, in `normalize.header`), the
leaf columns come from the vertical rules that cross the header's last line,
or, where the page has none, from the positions of the header's words. Row
boundaries come from the horizontal rules: a rule across the first column
ends a band (a row as drawn on this page); a rule across only some columns
splits those columns into sub-cells (the Kegiatan/Keluaran sub-rows beside a
spanning left cell). A band region with no vertical rule between two columns
is one cell spanning both (a section row).
"""
from __future__ import annotations

from dataclasses import dataclass

from extract.lines import Line, join_lines, words_to_lines
from extract.model import BBox, Band, Cell, Column, PageContent, PageTable, Rule, Word

# Rules closer than this (points) are one rule drawn twice or a double line.
SNAP = 2.0
# A horizontal rule separates cells of a column when it covers this share of the column's width.
COVER_SHARE = 0.6
# A horizontal rule bounds the table when it covers this share of the table's width.
TABLE_RULE_SHARE = 0.5
# Header words further apart than this many times their height are separate labels.
LABEL_GAP_FACTOR = 1.2


@dataclass(frozen=True)
class HeaderBox:
    """Where the header sits: its text lines, top to bottom."""

    lines: tuple[Line, ...]

    @property
    def top(self) -> float:
        return self.lines[0].top

    @property
    def bottom(self) -> float:
        return self.lines[-1].bottom


def page_to_table(page: PageContent, header: HeaderBox, engine: str = "pdfplumber") -> PageTable:
    """Given a page and its header, return the table drawn under the header."""
    columns = header_to_columns(page, header)
    x0, x1 = columns[0].x0, columns[-1].x1
    h_rules = [r for r in page.rules if r.orientation == "h" and _overlap(r.x0, r.x1, x0, x1) >= TABLE_RULE_SHARE * (x1 - x0)]
    body_top = min((r.top for r in h_rules if r.top >= header.bottom - SNAP), default=header.bottom)
    body_bottom = max((r.top for r in h_rules if r.top > body_top + SNAP), default=page.height)
    body_words = [w for w in page.words if body_top < w.y_mid < body_bottom and x0 <= w.x_mid <= x1]
    bands = tuple(_bands(page, columns, body_top, body_bottom, body_words))
    return PageTable(page.number, engine, (x0, header.top, x1, body_bottom), columns, bands)


def header_to_columns(page: PageContent, header: HeaderBox) -> tuple[Column, ...]:
    """Given the header, return its leaf columns, left to right, with their labels."""
    last = header.lines[-1]
    y = (last.top + last.bottom) / 2
    xs = _snap(sorted(r.x0 for r in page.rules if r.orientation == "v" and r.top - SNAP <= y <= r.bottom + SNAP))
    if len(xs) < 3:
        xs = _bounds_from_labels(header)
    phrases = [p for line in header.lines for p in _line_to_phrases(line, page, y_rules=True)]
    columns = []
    for i, (a, b) in enumerate(zip(xs, xs[1:])):
        own = [p for p in phrases if a - SNAP <= p.x0 and p.x1 <= b + SNAP]
        spanning = [p for p in phrases if p.x0 < b and p.x1 > a and p not in own]
        columns.append(Column(i, a, b, " ".join(p.text for p in own), " ".join(p.text for p in spanning)))
    return tuple(columns)


def _bounds_from_labels(header: HeaderBox) -> list[float]:
    """Without vertical rules, put column bounds midway between the last header line's labels."""
    labels = _line_to_phrases(header.lines[-1], None, y_rules=False)
    edges = [labels[0].x0 - SNAP]
    edges += [(a.x1 + b.x0) / 2 for a, b in zip(labels, labels[1:])]
    return edges + [labels[-1].x1 + SNAP]


def _line_to_phrases(line: Line, page: PageContent | None, y_rules: bool) -> list[Line]:
    """Split a header line into labels at wide gaps or at vertical rules between words."""
    rules_x = []
    if page is not None and y_rules:
        rules_x = [r.x0 for r in page.rules if r.orientation == "v" and r.top - SNAP <= line.top and line.bottom <= r.bottom + SNAP]
    phrases: list[list[Word]] = [[line.words[0]]]
    for prev, word in zip(line.words, line.words[1:]):
        height = word.bottom - word.top
        ruled = any(prev.x1 <= x <= word.x0 for x in rules_x)
        if ruled or word.x0 - prev.x1 > LABEL_GAP_FACTOR * height:
            phrases.append([word])
        else:
            phrases[-1].append(word)
    return [Line(tuple(p)) for p in phrases]


def _bands(page: PageContent, columns, top: float, bottom: float, words: list[Word]):
    """Yield the bands between the rules that cross the first column."""
    seps = [_separators(page, c, top, bottom) for c in columns]
    for band_top, band_bottom in zip(seps[0], seps[0][1:]):
        cells = _band_cells(page, columns, seps, band_top, band_bottom, words)
        if cells:
            yield Band(page.number, (columns[0].x0, band_top, columns[-1].x1, band_bottom), tuple(cells))


def _separators(page: PageContent, column: Column, top: float, bottom: float) -> list[float]:
    """The y of every horizontal rule across `column` between top and bottom, both included."""
    width = column.x1 - column.x0
    ys = [r.top for r in page.rules if r.orientation == "h" and top - SNAP <= r.top <= bottom + SNAP
          and _overlap(r.x0, r.x1, column.x0, column.x1) >= COVER_SHARE * width]
    return _snap(sorted([top, bottom] + ys))


def _band_cells(page, columns, seps, top, bottom, words) -> list[Cell]:
    """Cut one band into cells: sub-rows per column, merged across columns with no rule between."""
    cells: list[Cell] = []
    pieces = []  # (col, sub_top, sub_bottom)
    for col in columns:
        inner = [y for y in seps[col.index] if top - SNAP < y < bottom + SNAP]
        inner = _snap(sorted(set([top, bottom] + inner)))
        pieces += [(col.index, a, b) for a, b in zip(inner, inner[1:]) if b - a > SNAP]
    merged: list[list] = []
    for col_i, a, b in pieces:
        prev = merged[-1] if merged else None
        if prev and prev[1] == col_i - 1 and abs(prev[2] - a) < SNAP and abs(prev[3] - b) < SNAP \
                and not _vertical_between(page, columns[col_i].x0, a, b):
            prev[1] = col_i
        else:
            merged.append([col_i, col_i, a, b])
    for c0, c1, a, b in merged:
        bbox = (columns[c0].x0, a, columns[c1].x1, b)
        inside = [w for w in words if bbox[0] <= w.x_mid <= bbox[2] and a <= w.y_mid <= b]
        lines = words_to_lines(inside)
        cells.append(Cell(page.number, bbox, c0, c1, tuple(l.text for l in lines), join_lines(lines),
                          lines[-1].bottom if lines else None,
                          lines[-1].bottom - lines[-1].top if lines else None))
    if all(not c.lines for c in cells):
        return []
    return cells


def _vertical_between(page: PageContent, x: float, top: float, bottom: float) -> bool:
    """Is there a vertical rule at x covering the middle of [top, bottom]?"""
    mid = (top + bottom) / 2
    return any(r.orientation == "v" and abs(r.x0 - x) <= SNAP and r.top - SNAP <= mid <= r.bottom + SNAP for r in page.rules)


def _overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    return max(0.0, min(a1, b1) - max(a0, b0))


def _snap(values: list[float]) -> list[float]:
    """Given sorted numbers, drop each one within SNAP of the previous kept one."""
    out: list[float] = []
    for v in values:
        if not out or v - out[-1] > SNAP:
            out.append(v)
    return out
