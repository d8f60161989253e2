"""Find a page's tables that draw no rules at all, from the alignment of their text.

Why: many annexes set a tariff schedule or a list of values as plain text in columns, with no line drawn. What
tells such a table from the page's other text is its lines: a line of a table holds several cells' texts, set
apart by gaps much wider than a word space, where a paragraph's, a title's or a list's line holds one text (a
list's number and its text make two). A run of lines down the page, no gap among them much wider than a row's,
with at least LEAST_LINES lines of CELL_LINE_CELLS cells or more, is a candidate; its header is what stands over
its first such line (up to MAX_HEADER_LINES lines), its columns the gutters of its lines and its header's labels,
as for a table of horizontal rules only (`tables.regions.text_columns`). It is a table when that gives
TEXT_COLUMNS columns or more and its body keeps to them. Lines at its ends that run across those columns (a
paragraph or a title set close to it) are not its.

A page continuing such a table takes the page before's columns where its words keep to them
(`tables.regions.columns_of`), as a table of horizontal rules only does. The region's `ys` are its top, its
header's bottom (where it has a header of its own) and its bottom: the grid reader reads them as the rules a
booktabs table draws (`tables.grid.region_to_grid`), the body's rows found from its text.
"""
from __future__ import annotations

from rapidfuzz import fuzz

from extract.lines import Line, lines_space, words_to_lines
from extract.model import PageContent, Word
from tables.header import SAME_HEADER_SCORE
from tables.model import Region
from tables.regions import columns_of, keeps_to, runs_across, text_columns
from tables.stitch import COLUMN_SLACK

# A line of a table holds at least this many cells' texts ...
CELL_LINE_CELLS = 3
# ... apart by gaps wider than this many of the page's word spaces (a justified line stretches its spaces by a
# half or so; the narrowest cell padding, 2 pt a side at 7 pt type, parts two cells by twice a space).
CELL_GAP_SPACES = 1.9
# A line of words with at least this many gaps, most of them within this share of their median, is justified
# text, however wide they are (see `_stretched_space`).
JUSTIFIED_GAPS = 4
JUSTIFIED_SPREAD = 0.15
# A table has at least this many such lines.
LEAST_LINES = 3
# Two lines further apart than this many line heights are not one table's (a row gap with wide cell padding is
# two line heights).
BLOCK_GAP_LINES = 3.0
# A header stands over the first line of cells in at most this many lines.
MAX_HEADER_LINES = 4
# A header's lines are set at most this many line heights apart.
HEADER_GAP_LINES = 1.5
# A table without rules has at least this many columns: two are a list (its numbers and its text).
TEXT_COLUMNS = 3


def text_regions(page: PageContent, taken: set[Word], before: Region | None) -> list[Region]:
    """The page's tables of text alone, of the words no ruled table has `taken` (`tables.grid.region_words`: with
    the rows a page break leaves open), top to bottom (`before`: the last table without vertical rules read on the
    pages before)."""
    words = [w for w in page.words if w not in taken]
    lines = words_to_lines(words)
    space = lines_space(lines)
    out = []
    for block in _blocks(lines, space):
        region = block_to_region(page, block, space, before)
        if region is not None:
            out.append(region)
    return out


def cells_in_line(line: Line, space: float) -> int:
    """How many cells' texts a line holds: one, and one more after each gap wider than CELL_GAP_SPACES spaces,
    the line's own where it is justified text (`_stretched_space`)."""
    gaps = [b.x0 - a.x1 for a, b in zip(line.words, line.words[1:])]
    return 1 + sum(1 for gap in gaps if gap > CELL_GAP_SPACES * max(space, _stretched_space(line, gaps)))


def _stretched_space(line: Line, gaps: list[float]) -> float:
    """The space of a justified line of words (0 for any other line): most of its gaps, JUSTIFIED_GAPS or more,
    alike within JUSTIFIED_SPREAD of their median, and most of its words words, not figures. A typesetter stretches
    a justified line's spaces alike, however wide ("c.  bahwa   untuk   melaksanakan   ketentuan"); a table's cells
    leave gaps of every width, and a row of figures alike apart is a row of figures."""
    if len(gaps) < JUSTIFIED_GAPS:
        return 0.0
    median = sorted(gaps)[len(gaps) // 2]
    alike = sum(1 for gap in gaps if abs(gap - median) <= JUSTIFIED_SPREAD * median)
    words = sum(1 for w in line.words if sum(ch.isalpha() for ch in w.text) >= 3)
    return median if alike >= 0.75 * len(gaps) and words > len(line.words) / 2 else 0.0


def _blocks(lines: list[Line], space: float) -> list[list[Line]]:
    """Runs of lines no gap wider than BLOCK_GAP_LINES line heights parts, holding LEAST_LINES lines of cells or
    more, each from MAX_HEADER_LINES lines over its first line of cells to its last line."""
    runs: list[list[Line]] = []
    for line in lines:
        if runs and line.top - runs[-1][-1].bottom <= BLOCK_GAP_LINES * (line.bottom - line.top):
            runs[-1].append(line)
        else:
            runs.append([line])
    out = []
    for run in runs:
        seeds = [i for i, line in enumerate(run) if cells_in_line(line, space) >= CELL_LINE_CELLS]
        if len(seeds) >= LEAST_LINES:
            out.append(run[max(0, seeds[0] - MAX_HEADER_LINES):])
    return out


def _headers(block: list[Line], first: int) -> list[tuple[int, int]]:
    """The lines a block's header may be, as (first, last): from up to MAX_HEADER_LINES lines over its first line of
    cells (`first`), each set close under the one before (a title over the table stands further off), down to
    that line or to the lines under it set as close and holding nothing under its first label (a header's lower
    level: "Uraian Kegiatan | Keluaran" under the group title's line; a first row fills its first column),
    MAX_HEADER_LINES lines in all at most; fewest lines under that line first, then most over it (a group title
    over the labels)."""
    def close(a: Line, b: Line) -> bool:
        return b.top - a.bottom <= HEADER_GAP_LINES * (b.bottom - b.top)

    starts = [first]
    while starts[-1] > 0 and first - starts[-1] < MAX_HEADER_LINES - 1 and close(block[starts[-1] - 1], block[starts[-1]]):
        starts.append(starts[-1] - 1)
    ends = [first]
    while ends[-1] + 1 < len(block) and ends[-1] - first < MAX_HEADER_LINES - 1 and close(block[ends[-1]], block[ends[-1] + 1]) \
            and block[ends[-1] + 1].x0 > block[first].words[0].x1:
        ends.append(ends[-1] + 1)
    return sorted(((a, b) for a in starts for b in ends if b - a < MAX_HEADER_LINES), key=lambda p: (p[1], -p[0]))


def _within_rows(block: list[Line], first: int, space: float) -> tuple[list[Line], int]:
    """The block without the lines over or under it set wider than its lines of cells (a paragraph before or
    after the table, set to the page's measure), and where its first line of cells now is."""
    seeds = [line for line in block if cells_in_line(line, space) >= CELL_LINE_CELLS]
    x0, x1 = min(line.x0 for line in seeds) - COLUMN_SLACK, max(line.x1 for line in seeds) + COLUMN_SLACK

    def within(line: Line) -> bool:
        return line.x0 >= x0 and line.x1 <= x1

    start, end = first, len(block)
    while start > 0 and within(block[start - 1]):
        start -= 1
    while not within(block[end - 1]) and cells_in_line(block[end - 1], space) < CELL_LINE_CELLS:
        end -= 1
    return block[start:end], first - start


def block_to_region(page: PageContent, block: list[Line], space: float, before: Region | None) -> Region | None:
    """The table a block of lines sets (`_blocks`), or None: its columns are those of the page before's table
    where it keeps to them, else those its text gives with the header over its first line of cells that gives
    the most columns."""
    first = next(i for i, line in enumerate(block) if cells_in_line(line, space) >= CELL_LINE_CELLS)
    block, first = _within_rows(block, first, space)
    x0, x1 = min(line.x0 for line in block) - 1.0, max(line.x1 for line in block) + 1.0
    top, bottom = block[0].top - 1.0, block[-1].bottom + 1.0
    headers = _headers(block, first)
    xs = columns_of(page, before, (x0, top, x1, bottom))
    if xs is not None:  # the page goes on with the table before: its header printed again, or none
        head = before.head
        again = next(((start, end) for start, end in headers if _same_header(_text(block[start:end + 1]), head)), None)
        # else the rest of a row cut by the break may stand over its first line of cells, set close over it
        start = again[0] if again else min(start for start, _ in headers)
        top, header_bottom = block[start].top - 1.0, block[again[1]].bottom + 0.5 if again else None
    else:
        best = None
        for start, end in headers:
            head_top, body_top = block[start].top - 1.0, block[end].bottom + 0.5
            found = text_columns(page, (x0, head_top, x1, bottom), body_top, TEXT_COLUMNS)
            if found is not None and (best is None or len(found) > len(best[0])):
                best = found, head_top, body_top, _text(block[start:end + 1])
        if best is None:
            return None
        xs, top, header_bottom, head = best
    region = Region(page.number, (x0, top, x1, bottom), xs, (), (), ())
    lines = [line for line in block if line.top >= top - 0.5]
    while lines and runs_across(page, region, lines[-1].top - 0.5, lines[-1].bottom + 0.5):
        lines.pop()  # a paragraph or a note set close under it
    body_top = block[first].top - 0.5  # the header's group titles may run across its columns
    if sum(1 for line in lines if line.top > body_top and cells_in_line(line, space) >= CELL_LINE_CELLS) < LEAST_LINES \
            or not keeps_to(page, (x0, body_top, x1, lines[-1].bottom + 1.0), xs):
        return None
    bottom = lines[-1].bottom + 1.0
    return Region(page.number, (x0, top, x1, bottom), xs, tuple(y for y in (top, header_bottom, bottom) if y is not None), (), (),
                  head)


def _text(lines: list[Line]) -> str:
    return " ".join(line.text for line in lines)


def _same_header(text: str, head: str) -> bool:
    """Is `text` the header `head` printed again (`tables.header.SAME_HEADER_SCORE`, as the stitcher judges it)?"""
    return bool(head) and fuzz.ratio(text, head) >= SAME_HEADER_SCORE
