"""Find row and sub-row boundaries from the text alone, for tables printed without horizontal rules.

A row starts at a text line that begins in the first column after a gap wider
than the line spacing (cell padding, not leading). Within a row, a column's
sub-rows (the Kegiatan/Keluaran pairs beside a spanning left cell) start after
such a gap too. Where the cells are centred vertically, a row's number sits in
its middle, not on its first line: there a row is the run of text blocks (lines
between gaps across the whole width) reaching as far above the centre of its
first-column text as below it (see `centred_row_starts`). The table ends at the
first gap much wider than a row gap (the signature block or footer under the
last row).
"""
from __future__ import annotations

from extract.columns import column_of
from extract.lines import ROW_NUMBER, Line, words_to_lines
from extract.model import Column, Word

# Lines further apart than this share of their height are in different cells (leading is ~0.2-0.4 of it).
CELL_GAP_SHARE = 0.45
# ... or further apart than the page's usual leading by this many points (a typesetter whose cell padding is
# narrow: typst with 1.5 pt padding parts sub-rows by 3 pt, twice the padding at any font size, and lines by 0.6 pt
# at 6 pt, 2 pt at 10 pt). A typesetter keeps one cell's leading to a hundredth of a point; a browser lays lines out
# on its pixel grid (1/96 in = 0.75 pt), so one cell's gaps alternate by a pixel (Chromium at 6 pt: 0.75 then 1.5).
# The slack is in points, not a share of a line: the padding that parts two cells does not grow with the font.
LEADING_SLACK = 0.8
# Two lines whose tops differ by less than this (points) are set at one top (`chars_by_line` groups within 3 pt).
SNAP_TOP = 1.0
# The usual leading is known from at least this many gaps between the lines of one column.
LEADING_MIN_GAPS = 4
# A row number right under a line, with no gap between, is that line's number wrapped when at least this many of
# the line's cells end on it (see _wrapped_number).
WRAP_ENDED_CELLS = 2
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


def text_separators(columns: tuple[Column, ...], words: list[Word], top: float, bottom: float,
                    may_go_on: bool = True) -> list[list[float]]:
    """Per column, the y of every row boundary (first column) or cell boundary (others), with top and bottom
    (`may_go_on`: the last row may be cut by the page break, see `centred_row_starts`)."""
    first_edge = columns[0].x1
    lines = words_to_lines(words)
    by_column = [words_to_lines([w for w in words if col.x0 <= w.x_mid <= col.x1]) for col in columns]
    leading = usual_leading(by_column)
    row_starts = centred_row_starts(lines, first_edge, leading, may_go_on)
    if row_starts is None:
        row_starts = [_above(prev, line) for prev, line in zip(lines, lines[1:]) if line.words[0].x0 < first_edge
                      and (_gap(prev, line, leading) or (_numbered(line, first_edge) and not _wrapped_number(prev, line, columns)))]
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


def centred_row_starts(lines: list[Line], first_edge: float, leading: float | None,
                       may_go_on: bool = True) -> list[float] | None:
    """The row boundaries of a table whose cells are centred vertically, None when its cells are not.

    Cut the lines into blocks at gaps across the whole width. A block holding first-column text (a row number,
    a section title) is a row's middle: its cells are centred on one line, so the row reaches as far above the
    centre of its first-column text as below it. The blocks without such text between two of them (Kegiatan/
    Keluaran sub-rows above and below a short left cell) are shared out so that every row is as near to that as
    can be (the least summed difference, found run by run); the last row takes every block under it, and where it
    `may_go_on` to the next page, it need only not reach higher above its centre than below. The cells are
    centred when most blocks of three lines or more hold their first-column text below their first line (with
    cells at the top, a row's number is on its first line), or a block of any height holds a line starting lower
    beside it (`_offset_beside`); rows a page break may have cut (the first, opening the page, and the last where
    it `may_go_on`) are not counted against: a producer prints the parts of a row it cuts from the top."""
    blocks: list[list[Line]] = []
    for prev, line in zip([None] + lines, lines):
        if prev is None or _gap(prev, line, leading):
            blocks.append([])
        blocks[-1].append(line)
    firsts = [[ln for ln in b if ln.words[0].x0 < first_edge] for b in blocks]
    anchors = [i for i, f in enumerate(firsts) if f]
    if not anchors:
        return None
    tall = [i for i in anchors if len(blocks[i]) >= 3]
    centred = [i for i in anchors if (i in tall and firsts[i][0] is not blocks[i][0]) or _offset_beside(blocks[i], firsts[i][0])]
    cut = ({0} if anchors[0] == 0 else set()) | ({anchors[-1]} if may_go_on else set())  # rows a page break may cut
    voters = [i for i in tall if i in centred or i not in cut] + [i for i in centred if i not in tall]
    if not voters or 2 * len(centred) <= len(voters):
        return None
    # runs[k]: the blocks without first-column text above anchor k (the last run: below the last anchor). A split
    # t of run k gives its first t blocks to the row above (above the first anchor: the previous page's row).
    runs = [list(range(a + 1, b)) for a, b in zip([-1] + anchors, anchors + [len(blocks)])]

    def imbalance(k: int, above: int, below: int) -> float:
        """How far anchor k's row, with run k split at `above` and run k+1 at `below`, is from centred."""
        top = runs[k][above] if above < len(runs[k]) else anchors[k]
        bottom = runs[k + 1][below - 1] if below else anchors[k]
        centre = (firsts[anchors[k]][0].top + firsts[anchors[k]][-1].bottom) / 2
        up, down = centre - blocks[top][0].top, blocks[bottom][-1].bottom - centre
        return max(0.0, up - down) if k == len(anchors) - 1 and may_go_on else abs(up - down)

    # best[k]: split of run k -> (least summed imbalance of the rows above, the splits); on a tie the row above
    # takes more (as where cells sit at the top, a block without a row number goes on with the row above it)
    best = [{t: (0.0, [t]) for t in range(len(runs[0]) + 1)}]
    for k in range(len(anchors)):
        below = range(len(runs[k + 1]) + 1) if k < len(anchors) - 1 else [len(runs[k + 1])]
        best.append({t: min(((c + imbalance(k, u, t), splits + [t]) for u, (c, splits) in best[k].items()),
                            key=lambda x: (x[0], -x[1][-2])) for t in below})
    _, splits = next(iter(best[-1].values()))
    tops = [runs[k][t] if t < len(runs[k]) else anchors[k] for k, t in enumerate(splits[:-1])]
    return [_above(blocks[i - 1][-1], blocks[i][0]) for i in tops if i > 0]


def _offset_beside(block: list[Line], first: Line) -> bool:
    """Does a line of the block start lower than the first-column line, yet beside it (their heights overlap)? Cells
    at the top share their first line's top; centred cells of different heights do not."""
    return any(first.top + SNAP_TOP < line.top < first.bottom for line in block)


def _numbered(line: Line, first_edge: float) -> bool:
    """Does the line open with a row number standing alone in the first column? Then it starts a row even where the
    padding between rows is no wider than the leading (a wrapped cell's next line never starts so)."""
    first = line.words[0]
    return bool(ROW_NUMBER.match(first.text)) and first.x1 <= first_edge


def _wrapped_number(prev: Line, line: Line, columns: tuple[Column, ...]) -> bool:
    """Is the row number opening `line` the rest of the one opening the line right above it, wrapped in a narrow
    No. column ("1.2." printed as "1." over "2.")? So it is when the two are alike (two rows are never numbered
    alike, one under the other), or when the line goes on only in columns the line above has text in, and at
    least WRAP_ENDED_CELLS of those have none on it: cells that ended there (a Target, a Satuan), where a new
    row's first line would start them anew."""
    if prev.words[0].text == line.words[0].text:
        return True
    above, here = _columns_holding(prev, columns), _columns_holding(line, columns)
    return here <= above and len(above - here) >= WRAP_ENDED_CELLS


def _columns_holding(line: Line, columns: tuple[Column, ...]) -> set[int]:
    return {column_of(w, columns) for w in line.words} - {-1}


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
    page's usual leading by LEADING_SLACK?"""
    limit = CELL_GAP_SHARE * _height(prev)
    if leading is not None:
        limit = min(limit, leading + LEADING_SLACK)
    return line.top - prev.bottom > limit


def _above(prev: Line, line: Line) -> float:
    """A boundary between two lines: just over the lower one (a point, or halfway down a narrower gap), so that
    cells starting on one line in several columns start at one y, whatever ends over them (a sub-row's one-line
    output beside its two-line activity)."""
    return line.top - min((line.top - prev.bottom) / 2, 1.0)


def _height(line: Line) -> float:
    return max(line.bottom - line.top, 1.0)


# In a ruled band without sub-rows, the key column (whose text starts each row) is the leftmost holding text in at
# least this share of the gap-separated pieces (pp56: JENIS PNBP, in all pieces but the "Per unit" lines).
ROW_KEY_SHARE = 0.5
# Lines set solid in a band, each holding text in the same this many columns or more, are one row each.
SOLID_ROW_CELLS = 3


def unruled_row_cuts(columns: tuple[Column, ...], words: list[Word], solid: bool = True) -> list[float]:
    """Where a band drawn with column rules but no row rules between its rows (pp56_2014_pnbp) starts a new row:
    the y of each blank gap across the whole band (wider than a cell gap) followed by text in the row's key column
    or left of it; and, with `solid`, inside a block of lines set solid, between each two lines when every line
    holds text in the same SOLID_ROW_CELLS columns or more (`_solid_rows`).

    The key column is the leftmost one holding text in most gap-separated pieces (pp56: JENIS PNBP, whose
    outline numbering starts every row; its No column holds only the top-level numerals). A piece with no
    text that far left ("Per unit" under "Per permohonan", 7.7 pt lower, the same gap as between rows)
    is the next line of the cells above it, not a row.
    """
    lines = words_to_lines(words)
    pieces: list[list] = []  # [gap y above the piece, columns holding its text, its lines]
    bottom = lines[0].bottom if lines else 0.0
    for i, line in enumerate(lines):
        if i == 0 or line.top - bottom > CELL_GAP_SHARE * _height(lines[i - 1]):
            pieces.append([(bottom + line.top) / 2, set(), []])
        pieces[-1][1].update(column_of(w, columns) for w in line.words)
        pieces[-1][2].append(line)
        bottom = max(bottom, line.bottom)
    solid_cuts = [y for _, _, block in pieces for y in _solid_rows(block, columns)] if solid else []
    if len(pieces) < 2:
        return solid_cuts
    key = min((c.index for c in columns if sum(1 for _, cols, _ in pieces if c.index in cols) >= ROW_KEY_SHARE * len(pieces)),
              default=len(columns) - 1)  # no column holds text in most pieces: every gap starts a row
    return sorted([y for y, cols, _ in pieces[1:] if min(cols) <= key] + solid_cuts)


def _holds_a_figure(line: Line, columns: tuple[Column, ...]) -> bool:
    """Does the line hold a word with a digit in a column right of its first?"""
    first = column_of(line.words[0], columns)
    return any(column_of(w, columns) > first and any(ch.isdigit() for ch in w.text) for w in line.words)


def _solid_rows(block: list[Line], columns: tuple[Column, ...]) -> list[float]:
    """The y between each two lines of a block set solid that is one row per line: every line holds text in the
    same columns, SOLID_ROW_CELLS of them or more ("I/we kept the assets  344  75.2  12196  17.4%" over "I/we sold
    some of the assets  53  11.6 ..."), a figure among them beyond its first column. A cell of several lines leaves
    its neighbours' columns blank on its later lines, a row's first line holds more columns than the rest, and a
    header's labels over two lines ("to air" over "kg/year") hold no figures."""
    held = [{column_of(w, columns) for w in line.words} for line in block]
    if len(block) < 2 or len(held[0]) < SOLID_ROW_CELLS or any(h != held[0] for h in held) \
            or not all(_holds_a_figure(line, columns) for line in block):
        return []
    return [(a.bottom + b.top) / 2 for a, b in zip(block, block[1:])]
