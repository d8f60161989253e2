"""Find a table's leaf columns from its header.

With vertical rules, the columns are the spaces between the rules that cross
the header's last line. Without them, the header's labels are clustered by
horizontal overlap ("Target" over a year is one column; "Aksi Tahun <year>"
spanning "Kegiatan" and "Keluaran" is a group title, not a column) and each
boundary is put in the gutter between two label clusters that the fewest body
words cross. Either way the columns come from the page, never from numbers in code.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from itertools import accumulate

from extract.lines import Line, after_row_number, lines_space, words_to_lines
from extract.model import Column, PageContent, Word
from extract.rules import MIN_COLUMN_WIDTH, SNAP

# Header words further apart than this many times their height are separate labels.
LABEL_GAP_FACTOR = 1.2
# Step (points) of the gutter search between two label clusters.
GUTTER_STEP = 0.5
# A gutter ending where at least this many body words start is a left-aligned column's edge.
ALIGNED_STARTS = 3
# A gutter crossed by group titles running over both columns is crossed by at most this many words more than the
# emptiest one (see _edge_crossed_by_titles).
TITLE_CROSSINGS = 2
# A gutter must be wider than this many word spaces to be told by the words starting at its end.
SPACE_SHARE = 1.3
# Two words of a line further apart than this share of their height are two cells' texts.
APART_HEIGHTS = 0.8


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


def header_to_columns(page: PageContent, header: HeaderBox, names_column=None,
                      bodies: list[tuple[Word, ...]] | None = None) -> tuple[Column, ...]:
    """Given the header, return its leaf columns, left to right, with their labels.

    `names_column(text) -> bool`, where given, says whether a label is a known column title: without
    vertical rules, two neighbouring labels that name nothing alone but do together ("Penanggung" "Jawab",
    spaced wide by OCR) are one label. Without vertical rules the bounds are judged by the words under the header
    (`label_body`), or by `bodies` where given (those of every page under this header, a tuple per page)."""
    xs = _ruled_bounds(page, header)
    phrases = [p for line in header.lines for p in line_to_phrases(line, page)]
    if names_column is not None:
        phrases = [part for p in phrases for part in _split_joined_label(p, names_column)]
    if len(xs) < 3:
        xs = bounds_from_labels(phrases, [label_body(page, header)] if bodies is None else bodies, names_column)
    spans = [_phrase_span(p, xs, page) for p in phrases]
    columns = []
    for i, (a, b) in enumerate(zip(xs, xs[1:])):
        own = [p for p, (c0, c1) in zip(phrases, spans) if c0 == c1 == i]
        spanning = [p for p, (c0, c1) in zip(phrases, spans) if c0 <= i <= c1 and c0 != c1]
        if names_column is not None:
            while len(own) > 1 and not names_column(" ".join(p.text for p in own)):
                spanning, own = spanning + own[:1], own[1:]  # a title over the leaf's label ("Rencana Aksi <year>")
        columns.append(Column(i, a, b, " ".join(p.text for p in own), " ".join(p.text for p in spanning)))
    return tuple(columns)


def _ruled_bounds(page: PageContent, header: HeaderBox) -> list[float]:
    """The x of the vertical rules crossing the header's last line (fewer than three: none that bound columns)."""
    last = header.lines[-1]
    y = (last.top + last.bottom) / 2
    return without_slivers(snap(sorted(r.x0 for r in page.rules if r.orientation == "v" and r.top - SNAP <= y <= r.bottom + SNAP)))


def bounds_from_text(page: PageContent, header: HeaderBox) -> bool:
    """Are the page's column bounds judged by its text (`bounds_from_labels`): no vertical rules draw them?"""
    return len(_ruled_bounds(page, header)) < 3


def label_body(page: PageContent, header: HeaderBox) -> tuple[Word, ...]:
    """The words a page's column bounds are judged by where no vertical rules draw them: those under its header."""
    return tuple(w for w in page.words if w.top > header.bottom)


def _phrase_span(phrase: Line, xs: list[float], page: PageContent) -> tuple[int, int]:
    """The first and last column a header label belongs to: the columns of the ruled header cell around it (between
    the vertical rules that cross its line), or without such rules the columns its text overlaps."""
    y = (phrase.top + phrase.bottom) / 2
    crossing = [r.x0 for r in page.rules if r.orientation == "v" and r.top - SNAP <= y <= r.bottom + SNAP]
    left = max((x for x in crossing if x <= phrase.x0 + SNAP), default=None)
    right = min((x for x in crossing if x >= phrase.x1 - SNAP), default=None)
    a, b = (left, right) if left is not None and right is not None else (phrase.x0 + SNAP, phrase.x1 - SNAP)
    inside = [i for i, (c0, c1) in enumerate(zip(xs, xs[1:])) if c0 < b - SNAP and c1 > a + SNAP]
    return (inside[0], inside[-1]) if inside else (-1, -1)


def line_to_phrases(line: Line, page: PageContent) -> list[Line]:
    """Split a header line into labels at wide gaps or at vertical rules between words."""
    rules_x = [r.x0 for r in page.rules if r.orientation == "v" and r.top - SNAP <= line.top and line.bottom <= r.bottom + SNAP]
    phrases: list[list[Word]] = [[line.words[0]]]
    for prev, word in zip(line.words, line.words[1:]):
        ruled = any(prev.x1 <= x <= word.x0 for x in rules_x)
        if ruled or word.x0 - prev.x1 > LABEL_GAP_FACTOR * (word.bottom - word.top):
            phrases.append([word])
        else:
            phrases[-1].append(word)
    return [Line(tuple(p)) for p in phrases]


def bounds_from_labels(phrases: list[Line], bodies: list[tuple[Word, ...]], names_column=None) -> list[float]:
    """Without vertical rules: column bounds from the header labels' positions and the gutters of the body, the
    words under the header of one page or of several (`bodies`, a tuple of words per page)."""
    leaves = [p for p in phrases if not is_group_title(p, phrases)]
    if names_column is not None:
        leaves = _join_split_labels(leaves, names_column)
    clusters = overlap_clusters(leaves)
    body = [w for words in bodies for w in words]
    left = min([c[0] for c in clusters] + [w.x0 for w in body if w.x_mid < clusters[0][1]]) - SNAP
    right = max([c[1] for c in clusters] + [w.x1 for w in body if w.x_mid > clusters[-1][0]]) + SNAP
    lines = [line for words in bodies for line in words_to_lines(words)]  # per page: two pages' lines never join
    space = lines_space(lines)
    gutters = list(zip([c[1] for c in clusters], [c[0] for c in clusters[1:]]))
    cells = [w for line in lines if not _is_title_line(line, gutters, space) for w in line.words]
    inner = [_gutter(a, b, cells, _cell_line_starts(lines, space), space) for a, b in gutters]
    return [left] + inner + [right]


def _cell_line_starts(lines: list[Line], space: float) -> list[Word]:
    """The words that start a cell's line: first on their line, or further than SPACE_SHARE word spaces from the
    word before (the next cell's). Only these tell a left-aligned column's edge: words inside centred lines may
    start at one x by chance ("index)", "alam," and "risiko" within a point of each other)."""
    return [w for line in lines for prev, w in zip((None,) + line.words, line.words)
            if prev is None or _cells_apart(prev, w, space)]


def _cells_apart(a: Word, b: Word, space: float) -> bool:
    """Are two neighbouring words of a line further apart than words of one text: more than SPACE_SHARE word spaces,
    or than APART_HEIGHTS of their height (no font's space is so wide; on a page of short cells the median gap,
    `word_space`, is one between cells)?"""
    return b.x0 - a.x1 > min(SPACE_SHARE * space, APART_HEIGHTS * (b.bottom - b.top))


def _is_title_line(line: Line, gutters: list[tuple[float, float]], space: float) -> bool:
    """Is a body line a title running over the columns ("Pilar 1 – Peningkatan Efektivitas …", "2. Menurunnya
    jumlah gangguan keamanan" over Sasaran and Target): one text after its row number, its words at word spacing,
    across a gap between labels? Its words say nothing of where one column ends, and where such a title happens to
    end inside a gap it would look like the only gutter there; over many pages, titles crossing it each somewhere
    else would leave none."""
    words = after_row_number(line)
    one_text = not any(_cells_apart(a, b, space) for a, b in zip(words, words[1:]))
    return one_text and any(line.x0 < a and line.x1 > b for a, b in gutters)


def _join_split_labels(labels: list[Line], names_column) -> list[Line]:
    """Join two neighbouring labels on one line that name no column alone but do together."""
    out: list[Line] = []
    for label in sorted(labels, key=lambda p: (round(p.top), p.x0)):
        prev = out[-1] if out else None
        if prev and abs(prev.top - label.top) < SNAP and not names_column(prev.text) and not names_column(label.text) \
                and names_column(f"{prev.text} {label.text}"):
            out[-1] = Line(prev.words + label.words)
        else:
            out.append(label)
    return out


def _split_joined_label(label: Line, names_column) -> list[Line]:
    """Two labels printed close together read as one ("Satuan Target Penanggung Jawab": a monospaced font's space is
    nearly as wide as narrow cell padding): a label naming no column is cut at the widest gap between words that
    leaves two parts each naming one, and each part again."""
    if len(label.words) < 2 or names_column(label.text):
        return [label]
    cuts = [i for i in range(1, len(label.words))
            if names_column(Line(label.words[:i]).text) and names_column(Line(label.words[i:]).text)]
    if not cuts:
        return [label]
    i = max(cuts, key=lambda i: label.words[i].x0 - label.words[i - 1].x1)
    return [Line(label.words[:i]), *_split_joined_label(Line(label.words[i:]), names_column)]


def is_group_title(phrase: Line, phrases: list[Line]) -> bool:
    """A title over several columns ("Aksi Tahun <year>" over Kegiatan | Keluaran): nothing is printed right
    under its middle, and within its reach (halfway to its neighbours: the labels beside it, at any height its
    own lines reach, as labels centred in cells of different heights are) labels below it stand both left and
    right of its middle."""
    mid = (phrase.x0 + phrase.x1) / 2
    below = [p for p in phrases if p.top > phrase.bottom - SNAP]
    if any(p.x0 <= mid <= p.x1 for p in below):
        return False
    reach0, reach1 = _title_reach(phrase, phrases)
    near = [p for p in below if reach0 <= (p.x0 + p.x1) / 2 <= reach1]
    return any(p.x1 < mid for p in near) and any(p.x0 > mid for p in near)


def _title_reach(phrase: Line, phrases: list[Line]) -> tuple[float, float]:
    """How far a header label reaches left and right: halfway to the labels beside it (at any height its own lines
    reach, as labels centred in cells of different heights are; not those below it)."""
    mid = (phrase.x0 + phrase.x1) / 2
    beside = [(p.x0 + p.x1) / 2 for p in phrases if p is not phrase and p.top <= phrase.bottom - SNAP
              and min(p.bottom, phrase.bottom) > max(p.top, phrase.top)]
    return (max([(m + mid) / 2 for m in beside if m < mid], default=float("-inf")),
            min([(m + mid) / 2 for m in beside if m > mid], default=float("inf")))


def labels_under_title(header: list[Line], line: Line, page: PageContent, header_words) -> bool:
    """Is `line`, right under a header's lines, the leaf labels of one of its group titles, whatever their words
    ("Langkah", "Hasil Akhir")? So it is when a title of the header has no label under it yet, the line's labels
    stand left and right of the title's middle, none under it, and those under another label of the header are
    header words too (`header_words(text) -> bool`: "2025" under "Target Tahun"; a body line has text under No.,
    Sasaran ...)."""
    phrases = [p for ln in header for p in line_to_phrases(ln, page)]
    labels = line_to_phrases(line, page)
    for title in phrases:
        mid = (title.x0 + title.x1) / 2
        others = [p for p in phrases if p is not title]
        under_others = [label for label in labels if any(_overlaps(label, p) for p in others)]
        leaves = [label for label in labels if label not in under_others]
        if any(p.top > title.bottom - SNAP and _overlaps(p, title) for p in others) \
                or not all(header_words(label.text) for label in under_others) \
                or any(label.x0 <= mid <= label.x1 for label in leaves):
            continue
        if any(label.x1 < mid for label in leaves) and any(label.x0 > mid for label in leaves):
            return True
    return False


def _overlaps(a: Line, b: Line) -> bool:
    return min(a.x1, b.x1) - max(a.x0, b.x0) > 0


def overlap_clusters(phrases: list[Line]) -> list[tuple[float, float]]:
    """Merge labels whose x extents overlap into column clusters (x0, x1), left to right."""
    spans = sorted((p.x0, p.x1) for p in phrases)
    clusters: list[list[float]] = []
    for x0, x1 in spans:
        if clusters and x0 < clusters[-1][1]:
            clusters[-1][1] = max(clusters[-1][1], x1)
        else:
            clusters.append([x0, x1])
    return [(a, b) for a, b in clusters]


def _gutter(start: float, end: float, body: list[Word], starts: list[Word], space: float) -> float:
    """Just before the end of the run of x in [start, end] crossed by the fewest body words that ends at a
    left-aligned column's edge (`_gutter_rank`: on a later page the left column's lines may reach further right
    than on this one, never past that edge), else the middle of the widest such run that ends where a word
    starts: a run that ends only at the next label, with no text starting there, is the blank right of a short
    value under a centred label (a page holding one row: "90 persen" under "Keluaran"). Where no run crossed by
    the fewest words ends at an edge, one crossed in part by a few words more may (`_edge_crossed_by_titles`): a
    group title running over both columns ("1. Menurunnya kecelakaan transportasi:") crosses the edge of the
    values under a centred label. `body` holds the words that cross, `starts` those that start a cell's line."""
    if end - start <= GUTTER_STEP:
        return (start + end) / 2
    xs = [start + i * GUTTER_STEP for i in range(int((end - start) / GUTTER_STEP) + 1)]
    counts = _crossings(xs, body)
    best = min(counts)
    best_run = max(_runs_within(xs, counts, best), key=lambda r: _gutter_rank(r, starts, space))
    if not _left_aligned_at(best_run[-1], starts):
        best_run = _edge_crossed_by_titles(xs, counts, starts, space) or best_run
    if _left_aligned_at(best_run[-1], starts):  # the left column's text may run on up to that edge
        return best_run[-1] - GUTTER_STEP
    return (best_run[0] + best_run[-1]) / 2


def _crossings(xs: list[float], words: list[Word]) -> list[int]:
    """For each x of `xs` (ascending), how many words run across it (x0 < x < x1): counted by where each word's
    run of xs starts and ends, so that the words of many pages cost no more than a pass."""
    steps = [0] * (len(xs) + 1)
    for w in words:
        i, j = bisect_right(xs, w.x0), bisect_left(xs, w.x1)
        if i < j:
            steps[i] += 1
            steps[j] -= 1
    return list(accumulate(steps[:-1]))


def _edge_crossed_by_titles(xs: list[float], counts: list[int], starts: list[Word], space: float) -> list[float] | None:
    """The gutter run, crossed by the fewest words it can be (TITLE_CROSSINGS more than the fewest at most), that
    ends where ALIGNED_STARTS words or more start and is crossed by fewer than start there (group titles running
    over both columns), or None. Titles cross an edge mid-line: a run that a word starting a cell's line crosses
    (more of them than cross the fewest x of the gap) is inside a centred column ("PT (Perguruan Tinggi)"), no
    edge."""
    best = min(counts)
    crossed = {x for x, n in zip(xs, counts) if n > best}
    by_starts = dict(zip(xs, _crossings(xs, starts)))
    fewest = min(by_starts.values())
    for most in range(best + 1, best + 1 + TITLE_CROSSINGS):
        edges = [r for r in _runs_within(xs, counts, most) if crossed & set(r)
                 and _starts_at(r[-1], starts) >= max(ALIGNED_STARTS, most + 1)
                 and max(by_starts[x] for x in r) <= fewest]
        if edges:
            return max(edges, key=lambda r: _gutter_rank(r, starts, space))
    return None


def _runs_within(xs: list[float], counts: list[int], most: int) -> list[list[float]]:
    """The runs of consecutive x crossed by at most `most` words."""
    runs: list[list[float]] = [[]]
    for x, n in zip(xs, counts):
        if n <= most:
            runs[-1].append(x)
        elif runs[-1]:
            runs.append([])
    return [r for r in runs if r]


def _gutter_rank(run: list[float], starts: list[Word], space: float) -> tuple[int, bool, float]:
    """How good a bound a gutter run is: first how many words start where it ends, when at least ALIGNED_STARTS
    do (a left-aligned column's edge, however narrow the padding makes the gutter before it: that gutter is the
    bound, not a wider gap inside the column after its short values, two-digit targets under a centred
    "Target"); then whether any word starts there, the run being wider than a word space; then its width."""
    n = _starts_at(run[-1], starts)
    return n if n >= ALIGNED_STARTS else 0, n > 0 and _wider_than_space(run, space), run[-1] - run[0]


def _wider_than_space(run: list[float], space: float) -> bool:
    """Is a gutter run wider than SPACE_SHARE word spaces? A narrower one may be a space inside a cell
    ("5 (Skala 1-7)")."""
    return run[-1] - run[0] + GUTTER_STEP > SPACE_SHARE * space


def _left_aligned_at(x: float, starts: list[Word]) -> bool:
    """Do lines of a left-aligned column start at x: ALIGNED_STARTS words or more, not all of one width? Centred
    values of one width ("Persen" under "Satuan") start at one x too, and a wider one on another page left of it."""
    starting = [w for w in starts if x - GUTTER_STEP <= w.x0 <= x + 2 * GUTTER_STEP]
    return len(starting) >= ALIGNED_STARTS and max(w.x1 for w in starting) - min(w.x1 for w in starting) > SNAP


def _starts_at(x: float, starts: list[Word]) -> int:
    """How many of `starts` start right at x (from GUTTER_STEP before it to two after)."""
    return sum(1 for w in starts if x - GUTTER_STEP <= w.x0 <= x + 2 * GUTTER_STEP)


def without_slivers(xs: list[float]) -> list[float]:
    """Given column bounds, drop those that make a column narrower than MIN_COLUMN_WIDTH: the outer of a double
    frame drawn a few points outside the grid, the inner edge of a shaded cell's inset. Of the two bounds of a
    sliver, the outer one goes (the table's side), or the right one inside the table."""
    out = list(xs)
    i = 0
    while i + 1 < len(out):
        if out[i + 1] - out[i] < MIN_COLUMN_WIDTH:
            del out[i if i == 0 else i + 1]
            continue
        i += 1
    return out


def snap(values: list[float]) -> list[float]:
    """Given sorted numbers, drop each one within SNAP of the previous kept one."""
    out: list[float] = []
    for v in values:
        if not out or v - out[-1] > SNAP:
            out.append(v)
    return out


def column_of(word: Word, columns: tuple[Column, ...]) -> int:
    """The index of the column holding the word's middle (the left one on a shared bound), -1 outside them all."""
    return next((c.index for c in columns if c.x0 <= word.x_mid <= c.x1), -1)
