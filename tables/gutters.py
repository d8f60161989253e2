"""Columns the drawn rules leave undivided, from the gutters of the text: a table ruled only in part.

Why: many tables draw a frame and one rule after the row labels, or rules between row groups only, and set
their value columns apart by white space alone ("I/we kept the assets | 344  75.2  12196  17.4%"). Read by
its rules alone, such a table has two columns, the second holding every value of a row in one cell. Within each
drawn column, a gutter is a strip of the page that all of the column's text lines leave blank, at least a gap
between words wide, with text on both sides in several lines, among them the column's first line (its header):
the header names a column on each side. A label over the strip, or over one side only, keeps the column whole:
"TARIF (RUPIAH)" over "Rp" and the amounts set right of it, "JENIS PNBP" over the outline numbers and the text
beside them (pp56) are one column each.

A table drawn with horizontal rules only has no drawn columns to go by: there, the header (the lines over
`body_top`, the rule under it) may hold a group label over a gutter ("Rencana Aksi 2024" over "Uraian Kegiatan |
Output"), as long as one of its lines names a column on each side; the body's lines must all leave the strip
blank. Each gutter is a column bound, as a vertical rule would be, found from the words' boxes.
"""
from __future__ import annotations

from extract.grid import FLOW_GAP_SHARE
from extract.lines import Line, after_row_number, lines_space, words_to_lines
from extract.model import Word

# A gutter is at least this many of the text's median line heights wide: wider than a word space (a third of a
# line or so), narrower than any column gap a typesetter leaves.
LEAST_WIDTH_LINES = 0.8
# ... has text on both sides in at least this many lines ...
LEAST_LINES = 3
STEP = 0.5  # points: the strips a column is cut into to find its gutters


def with_gutters(xs: tuple[float, ...], words: tuple[Word, ...], body_top: float | None = None,
                 labels: list[tuple[float, float]] = ()) -> tuple[float, ...]:
    """The column bounds `xs` with a bound in the middle of each gutter of each column's words (the header over
    `body_top`, when given, may cross a gutter, but not its column labels: see `gutters`)."""
    out = [xs[0]]
    for a, b in zip(xs, xs[1:]):
        out += gutters([w for w in words if a <= w.x_mid <= b], a, b, body_top, labels)
        out.append(b)
    return tuple(out)


def gutters(words: list[Word], left: float, right: float, body_top: float | None = None,
            labels: list[tuple[float, float]] = ()) -> list[float]:
    """The bounds in the gutters of one drawn column's words (between `left` and `right`), left to right. With
    `body_top`, lines over it are the header: they may cross a gutter, and one of them must name a column on each
    side; without, the column's first line is the header, and no line crosses. A bound is the middle of its
    gutter, or where the header's column labels (`labels`: their words' x0, x1) cross the gutter in part, the
    middle of the widest piece they leave blank: "Target Tahun" over "2025" over values set left under
    "Target" reaches into the gutter after them. A gutter the labels cross whole is inside one label's column."""
    every = words_to_lines(words)
    head = [line for line in every if line.bottom <= body_top] if body_top is not None else every[:1]
    lines = [line for line in every if line not in head] if body_top is not None else every
    if body_top is not None:  # no drawn column: a section title runs across the columns, as over a ruled grid
        space = lines_space(lines)
        lines = [line for line in lines if not is_title_line(line, left, space)]
    if len(lines) < LEAST_LINES:
        return []
    heights = sorted(line.bottom - line.top for line in lines)
    least = LEAST_WIDTH_LINES * heights[len(heights) // 2]
    cuts = int((right - left) / STEP)
    crossing = [0] * cuts
    for line in lines:
        for w in line.words:
            for i in range(max(0, int((w.x0 - left) / STEP)), min(cuts, int((w.x1 - left) / STEP) + 1)):
                crossing[i] += 1
    out, start = [], None
    for i in range(cuts + 1):
        blank = i < cuts and not crossing[i]
        if blank and start is None:
            start = i
        elif not blank and start is not None:
            x0, x1 = left + start * STEP, left + i * STEP
            if x1 - x0 >= least and _both_sides(head, x0, x1) and _both_sides(lines, x0, x1) >= LEAST_LINES:
                out += _unlabelled_middle(x0, x1, labels)
            start = None
    return out


def is_title_line(line: Line, left: float, space: float) -> bool:
    """Is the line a section or group title of a table without drawn columns: one text (its words at word
    spacing) of two words or more, or of one or more after a row number, starting at the table's left (within a
    line's height of it, or three where a row number, centred in its column, opens it)? "3.4 Listrik dan Gas
    Rumah Tangga", "4.2 Keuangan", "5. Pelaku usaha memiliki layanan pengaduan …:"."""
    words = after_row_number(line)
    numbered = bool(words) and words[0] is not line.words[0]
    if len(words) < (1 if numbered else 2):
        return False
    reach = (3 if numbered else 1) * (line.bottom - line.top)
    return line.words[0].x0 - left <= reach \
        and all(b.x0 - a.x1 <= FLOW_GAP_SHARE * space for a, b in zip(words, words[1:]))


def _unlabelled_middle(x0: float, x1: float, labels: list[tuple[float, float]]) -> list[float]:
    """The middle of the widest piece of x0..x1 that no label word covers (at least STEP wide), or none."""
    pieces, at = [], x0
    for a, b in sorted((a, b) for a, b in labels if a < x1 and b > x0):
        if a > at:
            pieces.append((at, a))
        at = max(at, b)
    pieces.append((at, x1))
    a, b = max(pieces, key=lambda p: p[1] - p[0])
    return [(a + b) / 2] if b - a >= STEP else []


def _both_sides(lines, x0: float, x1: float) -> int:
    """How many lines hold words left of the strip x0..x1 and right of it."""
    return sum(1 for line in lines if any(w.x1 <= x0 for w in line.words) and any(w.x0 >= x1 for w in line.words))
