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

from collections import Counter
from dataclasses import dataclass, replace

from extract.columns import SNAP, HeaderBox, column_of, header_to_columns, snap
from extract.lines import Line, after_row_number, join_lines, keeps_line_end_spaces, word_space, words_to_lines
from extract.model import Band, Cell, Column, PageContent, PageTable, Rule, Word
from extract.textrows import CELL_GAP_SHARE, END_GAP_LINES, ROW_NUMBER, table_bottom, text_separators, unruled_row_cuts

# A horizontal rule separates cells of a column when it covers this share of the column's width.
COVER_SHARE = 0.6
# A horizontal rule bounds the table when it covers this share of the table's width.
TABLE_RULE_SHARE = 0.5
# A table without rules whose text ends closer to the page's bottom edge than this share of the page's height may
# go on to the next page: its last row may be cut (bottom margins are 5 to 10 % of a page).
CUT_MARGIN_SHARE = 0.15

# Words of one title are at most this share of their height apart; a row number and the next cell's text, more.
TITLE_WORD_GAP = 0.6

# Two words across a column bound at most this many times the page's word spacing apart are one text flowing on.
FLOW_GAP_SHARE = 1.3
# A first line holding this many cells' texts, apart, is a data row's (No., Sasaran, Target ...), not a title's.
DATA_ROW_CELLS = 3
# A line's text running on at word spacing through this many columns is one title (see _runs_through).
FLOW_THROUGH_COLUMNS = 3
# A word starting within this many points of where a column's lines start is that column's own text.
FLOW_EDGE_SLACK = 0.5
# A column's lines start at one x when at least this many do (left-aligned text); fewer: no such x.
LINE_START_MIN = 2

Draft = tuple[int, int, float, float, list]  # col_start, col_end, top, bottom, text lines


def page_to_table(page: PageContent, header: HeaderBox, engine: str = "pdfplumber", names_column=None) -> PageTable:
    """Given a page and its header, return the table drawn under the header (`names_column`: see
    `extract.columns.header_to_columns`)."""
    return columns_to_table(page, header_to_columns(page, header, names_column), header.top, header.bottom, engine)


def columns_to_table(page: PageContent, columns: tuple[Column, ...], top: float, header_bottom: float,
                     engine: str = "pdfplumber") -> PageTable:
    """Given a page and the table's columns, return the bands drawn below `header_bottom` (a page continuing a
    table without repeating its header passes its table's top for both `top` and `header_bottom`)."""
    x0, x1 = columns[0].x0, columns[-1].x1
    inside = [_within_first(w, columns) for w in page.words if w.y_mid > header_bottom and x0 <= w.x_mid <= x1]
    h_rules = table_rules(page, x0, x1)
    first_rule = min((r.top for r in h_rules if r.top >= header_bottom - SNAP), default=header_bottom)
    open_top = [w.top for w in inside if w.y_mid < first_rule]  # a row cut at the page top, left open above
    body_top = min(open_top) - 1.0 if open_top else first_rule
    ruled_bottom = max((r.top for r in h_rules if r.top > body_top + SNAP), default=None)
    if ruled_bottom is not None:
        body_bottom = open_bottom(page, inside, x0, x1, ruled_bottom)
        body_words = [w for w in inside if body_top < w.y_mid < body_bottom]
        seps = [_separators(page, c, body_top, body_bottom) for c in columns]
        seps[0] = [y for y in seps[0] if not _cell_crosses(y, columns, seps, body_words)]
        seps[0] = _with_unruled_rows(columns, seps, body_words)
    else:
        body_bottom = table_bottom(inside, body_top)
        body_words = [w for w in inside if body_top < w.y_mid < body_bottom]
        seps = text_separators(columns, body_words, body_top, body_bottom,
                               may_go_on=page.height - body_bottom < CUT_MARGIN_SHARE * page.height)
    # The column bounds a vertical rule draws somewhere in the body: there a cell without the rule spans the columns;
    # a bound no rule draws (a table of horizontal rules only, or a frame round it) is told by the text.
    ruled = frozenset(c.index for c in columns[1:] if any(r.orientation == "v" and abs(r.x0 - c.x0) <= SNAP
                                                          and r.top < body_bottom and r.bottom > body_top for r in page.rules))
    v_ruled = bool(ruled)
    edges = seps[0]
    open_ends = set()  # the bands cut by the page break and left open: the first above, the last below
    if body_top < first_rule - SNAP:
        open_ends.add(0)
    if ruled_bottom is not None and body_bottom > ruled_bottom + SNAP:
        open_ends.add(len(edges) - 2)
    space = word_gap(columns, body_words)
    starts = line_starts(columns, body_words) if len(ruled) < len(columns) - 1 or open_ends else []
    drafts = [d for i, (a, b) in enumerate(zip(edges, edges[1:]))
              if (d := _band_drafts(page, columns, seps, a, b, body_words, ruled, space, starts, i in open_ends))]
    glue = keeps_line_end_spaces([lines for d in drafts for *_, lines in d])
    layout = CellLayout(text_reach(columns, [c for d in drafts for c in d]), space,
                        [r for r in page.rules if r.orientation == "h"], v_ruled)
    bands = tuple(Band(page.number, (x0, d[0][2], x1, d[0][3]),
                       tuple(_draft_to_cell(page.number, columns, c, glue, layout) for c in d)) for d in drafts)
    return PageTable(page.number, engine, (x0, top, x1, body_bottom), columns, bands)


def table_rules(page: PageContent, x0: float, x1: float) -> list[Rule]:
    """The horizontal rules that bound rows of the whole table (x0..x1): those covering TABLE_RULE_SHARE of it."""
    return [r for r in page.rules if r.orientation == "h" and _overlap(r.x0, r.x1, x0, x1) >= TABLE_RULE_SHARE * (x1 - x0)]


def table_verticals(page: PageContent, x0: float, x1: float) -> list[Rule]:
    """The vertical rules drawn within the table's span (x0..x1, its sides included)."""
    return [r for r in page.rules if r.orientation == "v" and x0 - SNAP <= r.x0 <= x1 + SNAP]


def _within_first(word: Word, columns: tuple[Column, ...]) -> Word:
    """A row number that starts in the first column but runs over its right edge (a column too narrow for "10.",
    which a producer let overflow rather than wrap) is the first column's: the word cut back to that edge."""
    first = columns[0]
    if first.x0 <= word.x0 < first.x1 < word.x_mid and ROW_NUMBER.match(word.text):
        return replace(word, x1=first.x1 - 0.01)
    return word


def open_bottom(page: PageContent, words: list[Word], x0: float, x1: float, ruled_bottom: float) -> float:
    """The table's bottom when a row cut by the page break is left open under the last horizontal rule (browsers and
    many typesetters draw no rule under a cut cell): in a grid, where its vertical rules run on below that rule, and
    on down the lines running past their end one under the other, the first of them as close under it (Chromium
    prints a cut row's centred text that overflows its part of the row, under the rules' end, and not again on the
    next page; WeasyPrint draws only the cut cells' padding, a row's first line just under it);
    with horizontal rules only, where text goes on in the table's columns at row spacing. Else the last rule."""
    below = [w for w in words if w.y_mid > ruled_bottom]
    if not below:
        return ruled_bottom
    verticals = [r for r in table_verticals(page, x0, x1) if r.top < ruled_bottom - SNAP]
    if verticals:  # a ruled grid: open only where its vertical rules go on down, and as far as they go
        frame = max(r.bottom for r in verticals)
        bottom = frame
        while more := [w for w in below if w.bottom > bottom and w.top < bottom + CELL_GAP_SHARE * (w.bottom - w.top)]:
            bottom = max(w.bottom for w in more)  # lines running on past the rules' end, one under the other
        if bottom == frame:
            return frame if any(w.top < frame for w in below) else ruled_bottom
        return bottom + 1.0
    first = min(below, key=lambda w: w.top)
    if first.top - ruled_bottom > END_GAP_LINES * (first.bottom - first.top):
        return ruled_bottom
    return table_bottom(below, ruled_bottom)


def _separators(page: PageContent, column: Column, top: float, bottom: float) -> list[float]:
    """The y of every horizontal rule across `column` between top and bottom, both included."""
    width = column.x1 - column.x0
    ys = [r.top for r in page.rules if r.orientation == "h" and top - SNAP <= r.top <= bottom + SNAP
          and _overlap(r.x0, r.x1, column.x0, column.x1) >= COVER_SHARE * width]
    return snap(sorted([top, bottom] + ys))


def _with_unruled_rows(columns: tuple[Column, ...], seps: list[list[float]], words: list[Word]) -> list[float]:
    """The band bounds with a cut at each row start found from the text in a band that no rule divides into
    sub-rows (`unruled_row_cuts`): a table may rule its columns and its sections but not every row. The top band
    is never cut into one row per line: it may be a header whose labels run over two lines ("to air" over
    "kg/year")."""
    out = []
    for i, (a, b) in enumerate(zip(seps[0], seps[0][1:])):
        out.append(a)
        if not any(a + SNAP < y < b - SNAP for cuts in seps for y in cuts):
            out += unruled_row_cuts(columns, [w for w in words if a < w.y_mid < b], solid=i > 0)
    return out + seps[0][-1:]


def _cell_crosses(y: float, columns: tuple[Column, ...], seps: list[list[float]], words: list[Word]) -> bool:
    """Does a cell of another column run across the rule at `y` under the first column? Then `y` ends no band:
    (Chromium ends a row's spanning left cells above the bottom of its last sub-row on a page it breaks.)"""
    for col in columns[1:]:
        cuts = seps[col.index]
        if any(abs(c - y) <= SNAP for c in cuts):
            continue
        a = max((c for c in cuts if c < y), default=None)
        b = min((c for c in cuts if c > y), default=None)
        mine = [w for w in words if col.x0 <= w.x_mid <= col.x1]
        if a is not None and b is not None and any(a < w.y_mid < y for w in mine) and any(y < w.y_mid < b for w in mine):
            return True
    return False


def _band_drafts(page, columns, seps, top, bottom, words, ruled: frozenset, space: float, starts: list,
                 cut_open: bool = False) -> list[Draft]:
    """Cut one band into draft cells: sub-rows per column, merged across a column bound vertical rules draw
    (`ruled`) where no rule divides them here; across a bound no rule draws, merged where the band's text flows on
    from one column into the next (a group title spanning to the end); and, on a page without vertical rules,
    merged whole when the band is a section title.
    A band cut open by the page break (`cut_open`) is merged across a missing vertical rule only where its text
    flows on too: WeasyPrint draws no side borders for a row-spanning cell's part on the page it breaks."""
    band_words = [w for w in words if top <= w.y_mid <= bottom]
    if not band_words:
        return []
    # A band whose first line holds three cells' texts apart or more is a data row ("Austria  86.2  13.8  0"): no
    # section title, nothing flows in it, and its cells are apart where no rule parts them too (a table whose
    # vertical rules stop at its header).
    data_row = _cells_apart(words_to_lines(band_words)[0], columns, space) >= DATA_ROW_CELLS
    if not ruled and not data_row and _is_title_band(band_words, columns, space, starts):
        return [(0, len(columns) - 1, top, bottom, words_to_lines(band_words))]
    every_bound_ruled = len(ruled) == len(columns) - 1
    flows = set() if data_row or (every_bound_ruled and not cut_open) else \
        flowing_columns(band_words, columns, space, starts)
    pieces = []  # (col, sub_top, sub_bottom)
    for col in columns:
        inner = snap(sorted(set([top, bottom] + [y for y in seps[col.index] if top - SNAP < y < bottom + SNAP])))
        pieces += [(col.index, a, b) for a, b in zip(inner, inner[1:]) if b - a > SNAP]
    sub_flows: dict[tuple[float, float], set[int]] = {}

    def flows_in(a: float, b: float) -> set[int]:
        """The band's flowing columns, or a sub-row's where rules part the band into sub-rows: a group title
        running over two columns in the header's top sub-row joins no labels under it."""
        if b - a >= bottom - top - SNAP or not flows:
            return flows
        if (a, b) not in sub_flows:
            inside = [w for w in band_words if a <= w.y_mid <= b]
            sub_flows[a, b] = flowing_columns(inside, columns, space, starts) & flows if inside else set()
        return sub_flows[a, b]

    merged: list[list] = []
    for col_i, a, b in pieces:  # a piece joins the piece on its left with the same top and bottom
        prev = next((m for m in merged if m[1] == col_i - 1 and abs(m[2] - a) < SNAP and abs(m[3] - b) < SNAP), None)
        if col_i in ruled:
            joined = not _vertical_between(page, columns[col_i].x0, a, b) and (col_i in flows_in(a, b) or not cut_open) \
                and not data_row
        else:
            joined = col_i in flows_in(a, b)
        if prev and joined:
            prev[1] = col_i
        else:
            merged.append([col_i, col_i, a, b])
    drafts = []
    for c0, c1, a, b in merged:
        inside = [w for w in band_words if columns[c0].x0 <= w.x_mid <= columns[c1].x1 and a <= w.y_mid <= b]
        drafts.append((c0, c1, a, b, words_to_lines(inside)))
    return drafts


def word_gap(columns: tuple[Column, ...], words: list[Word]) -> float:
    """The page's usual space between two words of one cell's line (the median gap), or 0 without any."""
    return word_space(words, lambda a, b: column_of(a, columns) == column_of(b, columns))


def line_starts(columns: tuple[Column, ...], words: list[Word]) -> list[float | None]:
    """Per column, where its left-aligned lines start on this page (the x0, to half a point, that most of its lines
    start at, when at least LINE_START_MIN do), or None (centred text)."""
    out: list[float | None] = []
    for col in columns:
        counts = Counter(round(line.words[0].x0 * 2) / 2 for line in words_to_lines([w for w in words if col.x0 <= w.x_mid <= col.x1]))
        x, n = counts.most_common(1)[0] if counts else (None, 0)
        out.append(x if n >= LINE_START_MIN else None)
    return out


def flowing_columns(words: list[Word], columns: tuple[Column, ...], space: float, starts: list[float | None]) -> set[int]:
    """The columns a band's text flows into from the column on its left: on one line, a word follows the previous
    one, across the column bound, at the page's word spacing (cell padding keeps two cells' texts further apart),
    other than a row number opening the line, and not where the column's own lines start (cell padding is all that
    parts the two in a monospaced font) unless the line's text runs on so through several columns, or the band
    holds nothing but such text (`_runs_through`). Such text is one cell spanning both (a group title running on to
    the end of the row). `_band_drafts` asks it of no data row."""
    lines = words_to_lines(words)
    lone = all(_one_text(line, space) for line in lines)
    out = set()
    for line in lines:
        through = _runs_through(line, columns, space, lone)
        for prev, word in zip(line.words, line.words[1:]):
            col = column_of(word, columns)
            if col > 0 and column_of(prev, columns) == col - 1 and _at_word_spacing(prev, word, space) \
                    and not (col == 1 and prev is line.words[0] and ROW_NUMBER.match(prev.text)) \
                    and (through or not (starts[col] is not None and abs(word.x0 - starts[col]) <= FLOW_EDGE_SLACK)):
                out.add(col)
    return out


def _runs_through(line: Line, columns: tuple[Column, ...], space: float, lone: bool) -> bool:
    """Does the line's text (after a row number opening it) run on at word spacing through FLOW_THROUGH_COLUMNS
    columns or more, or through two where it is all the band holds (`lone`: no other cell's text beside it)? One
    text so long, or so alone, is a title, wherever its words fall."""
    words = after_row_number(line)
    return len({column_of(w, columns) for w in words}) >= (2 if lone else FLOW_THROUGH_COLUMNS) \
        and _one_text(line, space)


def _one_text(line: Line, space: float) -> bool:
    """Are the line's words (after a row number opening it) all at word spacing: one cell's text?"""
    words = after_row_number(line)
    return all(_at_word_spacing(a, b, space) for a, b in zip(words, words[1:]))


def _cells_apart(line: Line, columns: tuple[Column, ...], space: float) -> int:
    """How many cells' texts a line holds: one, plus one for each step into another column wider than word spacing."""
    return 1 + sum(1 for a, b in zip(line.words, line.words[1:])
                   if column_of(a, columns) != column_of(b, columns) and not _at_word_spacing(a, b, space))


def _is_title_band(words: list[Word], columns: tuple[Column, ...], space: float, starts: list[float | None]) -> bool:
    """Is this band a section title? Its text starts in the first column and is no row number, or is a
    number followed by more words in the first column itself, or by a first line that runs on at word spacing
    (a row number stands alone in its cell: "3.4 Listrik …" is a title, "3." then a Sasaran one cell further and
    a Target further still is a row), unless the word after the number starts where the second column's own lines
    start (`line_starts`): cell padding is all that parts a number from its row's text in a monospaced font.
    `_band_drafts` asks it of no data row."""
    line = words_to_lines(words)[0]
    first = line.words[0]
    if first.x0 >= columns[0].x1:
        return False
    if not ROW_NUMBER.match(first.text):
        return True
    nxt = line.words[1] if len(line.words) > 1 else None
    if nxt is None or nxt.x_mid <= columns[0].x1:
        return nxt is not None
    at_start = len(starts) > 1 and starts[1] is not None and abs(nxt.x0 - starts[1]) <= FLOW_EDGE_SLACK
    return not at_start and all(_at_word_spacing(a, b, space) for a, b in zip(line.words, line.words[1:]))


def _at_word_spacing(a: Word, b: Word, space: float) -> bool:
    """Are two words of a line as close as the words of one text: at most FLOW_GAP_SHARE times the page's word
    spacing, or where that is not known, under TITLE_WORD_GAP of their height (a monospaced font's space is
    wider than that)?"""
    gap = b.x0 - a.x1
    return gap <= FLOW_GAP_SHARE * space if space else gap < TITLE_WORD_GAP * (b.bottom - b.top)


def text_reach(columns: tuple[Column, ...], drafts: list[Draft]) -> list[float]:
    """Per column, how far right its text reaches on this page (the right end of its longest line), or its left
    bound when it holds none."""
    reach = [c.x0 for c in columns]
    for c0, c1, _, _, lines in drafts:
        if c0 == c1 and lines:
            reach[c0] = max(reach[c0], max(line.x1 for line in lines))
    return reach


@dataclass(frozen=True)
class CellLayout:
    """What a cell's room and rule are judged by on its page: how far right each column's text reaches
    (`text_reach`), the page's word space, its horizontal rules and whether vertical rules bound its columns."""

    reach: list[float]
    space: float
    h_rules: list[Rule]
    v_ruled: bool


def _draft_to_cell(page: int, columns: tuple[Column, ...], draft: Draft, glue_hyphens: bool, layout: CellLayout) -> Cell:
    c0, c1, a, b, lines = draft
    bbox = (columns[c0].x0, a, columns[c1].x1, b)
    ruled_below = _ruled_below(layout.h_rules, bbox)
    if not lines:
        return Cell(page, bbox, c0, c1, (), "", None, None, None, ruled_below=ruled_below)
    first, last = lines[0], lines[-1]
    # The text may reach as far as the page's longest line in the column, or, between vertical rules, as far from
    # the right rule as the text starts from the left one (equal padding): the wider of the two, so that a line is
    # only ever judged full when it is. Without vertical rules the bounds are put in the gutters (extract.columns),
    # not where the cells' padding ends, and say nothing of it.
    width_end = max(layout.reach[c1], columns[c1].x1 - (first.x0 - columns[c0].x0)) if layout.v_ruled else layout.reach[c1]
    return Cell(page, bbox, c0, c1, tuple(l.text for l in lines), join_lines(lines, glue_hyphens), first.top,
                last.bottom, last.bottom - last.top, max(0.0, width_end - last.x1 - layout.space),
                first.words[0].x1 - first.words[0].x0, ruled_below,
                (last.top - first.top) / (len(lines) - 1) if len(lines) > 1 else None)


def _ruled_below(h_rules: list[Rule], bbox: tuple[float, float, float, float]) -> bool | None:
    """Is a horizontal rule drawn along a cell's bottom, across COVER_SHARE of it? None on a page without any."""
    if not h_rules:
        return None
    x0, _, x1, bottom = bbox
    return any(abs(r.top - bottom) <= SNAP and _overlap(r.x0, r.x1, x0, x1) >= COVER_SHARE * (x1 - x0) for r in h_rules)


def _vertical_between(page: PageContent, x: float, top: float, bottom: float) -> bool:
    """Is there a vertical rule at x covering the middle of [top, bottom]?"""
    mid = (top + bottom) / 2
    return any(r.orientation == "v" and abs(r.x0 - x) <= SNAP and r.top - SNAP <= mid <= r.bottom + SNAP for r in page.rules)


def _overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    return max(0.0, min(a1, b1) - max(a0, b0))
