"""Find a page's table regions from its ruling lines, pdfplumber-style, and each region's lattice.

The page's rules come one per drawn line (`extract.rules` joins a rule drawn
twice, or cut at every cell corner as Word draws borders); those that touch are grouped
into regions, and each region with two columns or more is a table. Its column
bounds are the vertical rules' positions, its row bounds the horizontal rules
that cross a whole column: a region's geometry comes from the page, never
from numbers in code.

A figure is not a table: a chart's grid lines run through its axis labels, a diagram's arrows through its boxes'
words, where a table's rules run between its words. A region whose rules strike through FIGURE_SHARE of its words
(through their middle) is left out.

A table drawn with horizontal rules only (LaTeX's booktabs: a rule over the header, one under it, one under the
body) has no vertical rule to touch: horizontal rules of one extent stacked down the page, with text between,
make a region too, its columns the gutters of its text (`tables.gutters`). Two rules round a paragraph make
none: a paragraph has no gutters.
"""
from __future__ import annotations

import statistics

from extract.columns import is_group_title, overlap_clusters, bounds_from_labels, line_to_phrases
from extract.lines import ROW_NUMBER, Line, lines_space, words_to_lines
from extract.rules import MIN_COLUMN_WIDTH, SNAP
from extract.textrows import CELL_GAP_SHARE
from extract.model import PageContent, Word
from tables.gutters import is_title_line, with_gutters
from tables.model import BBox, Region, Segment
from tables.stitch import COLUMN_SLACK

# Rule ends closer than this (points) touch. Word draws each cell border as its own rectangle, so the
# pieces of one rule meet end to end or 0.4-0.6 pt apart (pp56, pojk24); 3 pt stays well under a row.
JOIN_TOLERANCE = 3.0
# A table has at least this many columns; one column between two rules is a frame or a box around a note.
MIN_COLUMNS = 2
# A table is at least this tall (points): a row of 6 pt text with its padding. Shorter, touching rules are marks
# (a chart's axis and its ticks), not a table.
MIN_ROW_HEIGHT = 8.0
# A region whose rules strike through at least this share of its words is a figure (on the ICDAR 2013 EU set: its
# charts and diagrams 0.20 to 1.0, its tables and those of ../shared/real at most 0.14).
FIGURE_SHARE = 0.2
# A header's labels alone, the body too short to show gutters, make a table of at least this many columns (a
# chart's labels over its box rarely line up so).
LABELLED_COLUMNS = 3
# A header over a stack's first rule, no rule over it, stands clear of other text by this many line heights.
HEADER_CLEARANCE = 1.5
# ... and starts in this share of the table's width from its left (its first column's label).
HEADER_LEFT_SHARE = 0.15
# Horizontal rules of one extent are one table's when no more than this many text lines apart (a booktabs table's
# rules part groups of rows; a page's rule under its running head and the one over its footer are far apart).
STACK_GAP_LINES = 40


def page_to_regions(page: PageContent, before: Region | None = None) -> list[Region]:
    """Given a page, return its table regions, top to bottom; `before` is the last table of horizontal rules only
    read on the pages before (`stack_to_region`)."""
    segments = [_rule_to_segment(r) for r in page.rules]  # already one per drawn line (extract.rules)
    regions, loose = [], []
    for group in touching_groups(segments):
        region = group_to_region(page.number, group)
        if region is not None:
            regions.append(region)
        else:
            loose += [s for s in group if s.orientation == "h"]
    for stack in sorted(rule_stacks(loose, page), key=lambda t: t[0].start - t[0].end):  # the widest first
        for region in stack_regions(page, stack, before):
            if not any(_overlaps(region.bbox, o.bbox) for o in regions):
                regions.append(region)  # a narrower stack inside a table is its sub-rows' rules, read with it
    return sorted((r for r in regions if not is_figure(r, page)), key=lambda r: (r.bbox[1], r.bbox[0]))


def is_figure(region: Region, page: PageContent) -> bool:
    """Do the region's rules strike through FIGURE_SHARE or more of the words inside it, through their middle half
    (a chart's grid lines through its axis labels, a diagram's arrows through its boxes)?"""
    x0, top, x1, bottom = region.bbox
    words = [w for w in page.words if x0 <= w.x_mid <= x1 and top <= w.y_mid <= bottom]
    if not words:
        return False

    def struck(w) -> bool:
        h, v = (w.bottom - w.top) / 4, (w.x1 - w.x0) / 4
        return any(w.top + h < s.pos < w.bottom - h and s.start < w.x_mid < s.end for s in region.h) or \
            any(w.x0 + v < s.pos < w.x1 - v and s.start < w.y_mid < s.end for s in region.v)
    return sum(map(struck, words)) >= FIGURE_SHARE * len(words)


def rule_stacks(h: list[Segment], page: PageContent) -> list[list[Segment]]:
    """Horizontal rules of one extent (ends within JOIN_TOLERANCE) stacked down the page, each within
    STACK_GAP_LINES text lines of the one before or of a narrower rule between them inside that extent (a tall
    row's sub-rows ruled under its last columns only): two or more rules each, top to bottom."""
    height = statistics.median([w.bottom - w.top for w in page.words]) if page.words else 10.0
    stacks: list[list[Segment]] = []
    reach: list[float] = []  # per stack, the lowest rule so far inside its extent
    for s in sorted(h, key=lambda s: s.pos):
        near = [i for i, t in enumerate(stacks) if s.pos - reach[i] <= STACK_GAP_LINES * height]
        i = next((i for i in near if abs(stacks[i][-1].start - s.start) <= JOIN_TOLERANCE
                  and abs(stacks[i][-1].end - s.end) <= JOIN_TOLERANCE), None)
        if i is None:
            stacks.append([s])
            reach.append(s.pos)
        else:
            stacks[i].append(s)
        for i in near:
            if s.start >= stacks[i][0].start - JOIN_TOLERANCE and s.end <= stacks[i][0].end + JOIN_TOLERANCE:
                reach[i] = s.pos
    return [t for t in stacks if len(t) >= 2]


def stack_regions(page: PageContent, stack: list[Segment], before: Region | None = None) -> list[Region]:
    """The tables a stack of horizontal rules draws: from each rule down, as many rules as the text between them
    keeps to the columns found so far (`stack_to_region`). A paragraph between two rules under a table, its lines
    running across those columns and across those the longer stack would give, ends it there."""
    out, i = [], 0
    while i < len(stack) - 1:
        best, end = None, i
        for j in range(i + 1, len(stack)):
            region = stack_to_region(page, stack[i:j + 1], before)
            # the text under the table so far runs across its columns, and across those it gives itself
            if best is not None and all(runs_across(page, r, stack[j - 1].pos, stack[j].pos) for r in (best, region) if r):
                break
            if region is not None:
                best, end = region, j
        if best is None:
            i += 1
        else:
            out.append(best)
            i = end
    return out


def runs_across(page: PageContent, region: Region, top: float, bottom: float) -> bool:
    """Does most of the text between `top` and `bottom` (under `region`) run across the region's column bounds
    and over half its width: a paragraph, not more of its rows? A section title row runs across bounds too, but
    is short ("3.2 Keuangan") or numbered ("5. Pelaku usaha memiliki layanan ...:")."""
    x0, x1 = region.bbox[0], region.bbox[2]
    lines = words_to_lines([w for w in page.words if x0 <= w.x_mid <= x1 and top < w.y_mid < bottom])
    across = sum(1 for line in lines if line.x1 - line.x0 > (x1 - x0) / 2 and not _numbered(line.words[0].text)
                 and any(w.x0 < x < w.x1 for w in line.words for x in region.xs[1:-1]))
    return across > len(lines) / 2


def _numbered(text: str) -> bool:
    """Is the word a row number as rows print it: "5.", "3.2", "b)", "12" (a paragraph may open with "A")?"""
    return bool(ROW_NUMBER.match(text)) and (text[-1] in ".)" or text[-1].isdigit())


def stack_to_region(page: PageContent, stack: list[Segment], before: Region | None = None) -> Region | None:
    """The table a stack of horizontal rules draws, its columns the gutters of the text between its first rule and
    its last; None when that text has fewer than MIN_COLUMNS columns (a paragraph between two rules).
    On the page after `before` (the last such table read) and as wide (within COLUMN_SLACK), its columns are
    `before`'s where its words keep to them (`keeps_to`): a page continuing a table without its header has no
    labels to find its columns by, and its own gutters give other bounds than the page before, or none (a page of
    a cut row's sub-rows). A page whose words run across them (a header of its own with a group title over two
    columns, another table) has its own."""
    x0, x1 = min(s.start for s in stack), max(s.end for s in stack)
    top, bottom = stack[0].pos, stack[-1].pos
    if bottom - top < MIN_ROW_HEIGHT:
        return None
    # The header lies over the stack's second rule, when a third closes the body; else it is the first line. A
    # header set right over the first rule, no rule over it, is the table's too (HTML cells ruled at their foot).
    body_top = stack[1].pos if len(stack) >= 3 else None
    if (over := header_over(page, x0, x1, top)) is not None:
        top, body_top = over, top
    xs = columns_of(page, before, (x0, top, x1, bottom)) or text_columns(page, (x0, top, x1, bottom), body_top)
    if xs is None:
        return None
    return Region(page.number, (x0, top, x1, bottom), xs, tuple(row_bounds(stack, xs)), tuple(stack), ())


def header_over(page: PageContent, x0: float, x1: float, top: float) -> float | None:
    """The top of a header set right over a stack's first rule, with no rule over it (each cell ruled at its
    foot only), or None: one line (of labels wrapped over lines set close) within a line's height over the rule,
    holding two texts apart or more, starting in the table's first HEADER_LEFT_SHARE and with no row number, nothing
    else over it within HEADER_CLEARANCE lines. A caption over a table is one text; the rest of a row a page break
    cuts, printed over the first rule, fills its last cells or opens with its number."""
    near = [w for w in page.words if x0 <= w.x_mid <= x1 and w.y_mid < top]
    lines = words_to_lines(near)
    if not lines or top - lines[-1].bottom > lines[-1].bottom - lines[-1].top:
        return None
    block = [lines[-1]]
    for line in reversed(lines[:-1]):
        if block[0].top - line.bottom > CELL_GAP_SHARE * (line.bottom - line.top):
            break
        block.insert(0, line)
    height = block[0].bottom - block[0].top
    above = [line for line in lines[:len(lines) - len(block)] if block[0].top - line.bottom < HEADER_CLEARANCE * height]
    space = lines_space(block)
    apart = any(b.x0 - a.x1 > 2 * max(space, 0.25 * height) for line in block for a, b in zip(line.words, line.words[1:]))
    starts_left = min(line.x0 for line in block) <= x0 + HEADER_LEFT_SHARE * (x1 - x0)  # not a cut row's last cells
    beside = any(block[0].top <= w.y_mid <= block[-1].bottom and not x0 <= w.x_mid <= x1 for w in page.words)
    if beside:  # its lines go on outside the rules: a row's sub-rows ruled under its last columns, not a table
        return None
    numbered = any(_numbered(line.words[0].text) for line in block)  # a cut row's number
    return block[0].top - 1.0 if apart and starts_left and not numbered and not above and len(block) <= 3 else None


def columns_of(page: PageContent, before: Region | None, bbox: BBox) -> tuple[float, ...] | None:
    """`before`'s column bounds, with `bbox`'s sides, where `bbox` is a table without vertical rules on the page
    after `before`'s, as wide (within COLUMN_SLACK), and its words keep to them (`keeps_to`); else None."""
    x0, top, x1, bottom = bbox
    if before is not None and not before.v and before.page == page.number - 1 \
            and abs(before.bbox[0] - x0) <= COLUMN_SLACK and abs(before.bbox[2] - x1) <= COLUMN_SLACK \
            and keeps_to(page, bbox, before.xs):
        return (x0,) + before.xs[1:-1] + (x1,)
    return None


def text_columns(page: PageContent, bbox: BBox, body_top: float | None, least: int = MIN_COLUMNS) -> tuple[float, ...] | None:
    """The column bounds of the text inside `bbox`, a table without vertical rules: the gutters of its lines, and
    bounds between the header's labels (the lines over `body_top`; without, its first line is its header) that the
    gutters miss; None for fewer than `least` columns. Where the body is too short to show gutters (a page of
    titles and a cut row), the header's labels alone make a table where they name LABELLED_COLUMNS columns or more
    and the body keeps to them."""
    x0, top, x1, bottom = bbox
    words = tuple(w for w in page.words if x0 <= w.x_mid <= x1 and top < w.y_mid < bottom)
    labels = header_labels(page, words, body_top) if body_top is not None else []
    xs = with_gutters((x0, x1), words, body_top=body_top, labels=[(w.x0, w.x1) for a in labels for w in a.words])
    found = len(xs) - 1 >= least  # the labels refine the columns the gutters find; alone, see below
    if body_top is not None:
        xs = labels_over_values(with_label_bounds(xs, labels, words, body_top), words, body_top)
        found = found and len(xs) - 1 >= least \
            or len(xs) - 1 >= max(least, LABELLED_COLUMNS) and keeps_to(page, (x0, body_top, x1, bottom), xs)
    return xs if found else None


def labels_over_values(xs: tuple[float, ...], words: tuple[Word, ...], body_top: float) -> tuple[float, ...]:
    """The bounds `xs` without each that parts a column holding a header label (words over `body_top`) and no
    values from a neighbour holding values and no label: the label names those values ("Tarif" set left over
    amounts set right, the gutter before them wide enough to part the two)."""
    def holds(a: float, b: float) -> tuple[bool, bool]:
        inside = [w for w in words if a <= w.x_mid <= b]
        return any(w.y_mid < body_top for w in inside), any(w.y_mid > body_top for w in inside)

    out = list(xs)
    i = 1
    while i < len(out) - 1:
        left, right = holds(out[i - 1], out[i]), holds(out[i], out[i + 1])
        if left == (True, False) and right == (False, True) or left == (False, True) and right == (True, False):
            del out[i]
        else:
            i += 1
    return tuple(out)


def keeps_to(page: PageContent, bbox: BBox, xs: tuple[float, ...]) -> bool:
    """Do the words inside `bbox` keep to the column bounds `xs`: section titles aside (`is_title_line`), no word
    runs across a bound further than its height either side, and no line's text flows over one (two words at
    the lines' usual word spacing or closer, one either side: "fasilitas | di" is one cell's line)?"""
    x0, top, x1, bottom = bbox
    lines = words_to_lines([w for w in page.words if x0 <= w.x_mid <= x1 and top < w.y_mid < bottom])
    space = lines_space(lines)
    kept = [line for line in lines if not is_title_line(line, x0, space)]
    across = any(runs_over(w, x) for line in kept for w in line.words for x in xs[1:-1])
    flows = any(a.x1 <= x <= b.x0 and b.x0 - a.x1 <= space
                for line in kept for a, b in zip(line.words, line.words[1:]) for x in xs[1:-1])
    return not across and not flows


def runs_over(word: Word, x: float) -> bool:
    """Does the word run across the bound at x, further than its height either side? (A cell's long line may
    reach a little past a bound found from the gutters of other lines.)"""
    return min(x - word.x0, word.x1 - x) > word.bottom - word.top


def header_labels(page: PageContent, words: tuple[Word, ...], body_top: float) -> list[Line]:
    """The header's labels (its words over `body_top`, split at wide gaps), group titles over several left out."""
    phrases = [p for line in words_to_lines([w for w in words if w.y_mid < body_top]) for p in line_to_phrases(line, page)]
    return [p for p in phrases if not is_group_title(p, phrases)]


def with_label_bounds(xs: tuple[float, ...], labels: list[Line], words: tuple[Word, ...], body_top: float) -> tuple[float, ...]:
    """The bounds `xs` with a bound between each two neighbouring header labels (`header_labels`) that no bound
    parts yet, placed as `lampiran extract` places it where no vertical rule is drawn: in the gap between the
    labels that the fewest body words (those under `body_top`) cross (`extract.columns.bounds_from_labels`). The
    gutters alone miss a bound that a section title or a long wrapped cell crosses in one line of the body."""
    body = tuple(w for w in words if w.y_mid > body_top)
    if len(labels) < 2 or not body:
        return xs
    placed = bounds_from_labels(labels, [body])[1:-1]
    clusters = overlap_clusters(labels)
    added = [x for x, (a, b) in zip(placed, zip(clusters, clusters[1:])) if not any(a[1] <= bound <= b[0] for bound in xs)]
    return tuple(sorted(xs + tuple(added)))


def _overlaps(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _rule_to_segment(rule) -> Segment:
    if rule.orientation == "v":
        return Segment("v", (rule.x0 + rule.x1) / 2, rule.top, rule.bottom)
    return Segment("h", (rule.top + rule.bottom) / 2, rule.x0, rule.x1)


def touches(a: Segment, b: Segment) -> bool:
    """Do a horizontal and a vertical segment cross or meet (within JOIN_TOLERANCE)?"""
    if a.orientation == b.orientation:
        return False
    h, v = (a, b) if a.orientation == "h" else (b, a)
    return (h.start - JOIN_TOLERANCE <= v.pos <= h.end + JOIN_TOLERANCE
            and v.start - JOIN_TOLERANCE <= h.pos <= v.end + JOIN_TOLERANCE)


def touching_groups(segments: list[Segment]) -> list[list[Segment]]:
    """Given segments, return the groups connected by crossings (the connected components)."""
    parent = list(range(len(segments)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, a in enumerate(segments):
        for j in range(i + 1, len(segments)):
            if touches(a, segments[j]):
                parent[find(i)] = find(j)
    groups: dict[int, list[Segment]] = {}
    for i, s in enumerate(segments):
        groups.setdefault(find(i), []).append(s)
    return list(groups.values())


def group_to_region(page: int, group: list[Segment]) -> Region | None:
    """Given touching segments, return the table they draw, or None when they draw no table."""
    h = [s for s in group if s.orientation == "h"]
    v = [s for s in group if s.orientation == "v"]
    if not h or not v:  # one horizontal rule may be all a page draws of a cut row's last part, under its text
        return None
    x0, x1 = min(s.start for s in h), max(s.end for s in h)
    # A row cut by the page break may be left open under the last horizontal rule, or over the first on the next
    # page, its side rules running on past it.
    top, bottom = min([s.pos for s in h] + [s.start for s in v]), max([s.pos for s in h] + [s.end for s in v])
    xs = column_bounds(v, x0, x1)
    if len(xs) - 1 < MIN_COLUMNS:
        return None
    ys = row_bounds(h, xs)
    if not ys or bottom - top < MIN_ROW_HEIGHT:
        return None
    return Region(page, (xs[0], top, xs[-1], bottom), tuple(xs), tuple(ys), tuple(h), tuple(v))


def column_bounds(v: list[Segment], x0: float, x1: float) -> list[float]:
    """The x of every vertical rule, plus the region's sides (a table may be drawn without side rules),
    with each column narrower than MIN_COLUMN_WIDTH merged away (the less drawn of its two bounds goes)."""
    drawn: dict[float, float] = {}  # x -> total length of vertical rules there
    for s in v:
        key = next((x for x in drawn if abs(x - s.pos) <= SNAP), s.pos)
        drawn[key] = drawn.get(key, 0.0) + s.end - s.start
    for side in (x0, x1):
        if not any(abs(x - side) <= SNAP for x in drawn):
            drawn[side] = 0.0
    xs = sorted(drawn)
    changed = True
    while changed:
        changed = False
        for a, b in zip(xs, xs[1:]):
            if b - a < MIN_COLUMN_WIDTH:
                xs.remove(a if drawn[a] < drawn[b] else b)
                changed = True
                break
    return xs


def row_bounds(h: list[Segment], xs: list[float]) -> list[float]:
    """The y of every horizontal rule that crosses at least one whole column (a rule crossing none is a
    shaded cell's edge or an underline, and divides nothing)."""
    ys = sorted({s.pos for s in h if any(covers(s, a, b) for a, b in zip(xs, xs[1:]))})
    out: list[float] = []
    for y in ys:
        if not out or y - out[-1] > SNAP:
            out.append(y)
    return out


def covers(s: Segment, a: float, b: float) -> bool:
    """Does segment `s` run the whole way from a to b (within JOIN_TOLERANCE)?"""
    return s.start <= a + JOIN_TOLERANCE and s.end >= b - JOIN_TOLERANCE
