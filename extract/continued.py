"""A page that continues a table without printing its header again.

Many Lampiran print the header once, on the table's first page. A later page
with no header continues the table when its text keeps to the table's columns:
table text stays inside its cells, so hardly a word crosses a column bound,
where a page of prose crosses them on every line. Its rows are then read under
the columns of the last page that had a header.
"""
from __future__ import annotations

from dataclasses import replace

from extract.grid import columns_to_table, table_rules, table_verticals
from extract.lines import Line, words_to_lines
from extract.model import Column, PageContent, PageTable, Word
from extract.rules import SNAP

# At most this share of a page's words inside the table's span may cross a column bound (a section title spanning
# the row crosses some); a page of prose crosses bounds on every line (half its words or more).
MAX_CROSSING_SHARE = 0.1
# Fewer words than this in the table's span, not under its column rules: nothing to continue (an empty page).
MIN_WORDS = 3


def continuation_table(page: PageContent, columns: tuple[Column, ...], engine: str = "pdfplumber") -> PageTable | None:
    """Given a page with no header and the columns of the table before it, return the table it continues, or None
    when its text does not keep to those columns."""
    if not any(r.orientation == "v" for r in page.rules):
        columns = widened(columns, page.words)
    x0, x1 = columns[0].x0, columns[-1].x1
    words = [w for w in page.words if x0 <= w.x_mid <= x1]
    if not words or crossing_share(words, columns) > MAX_CROSSING_SHARE \
            or (len(words) < MIN_WORDS and not draws_column_rules(page, columns)):
        return None
    top = table_top(page, words_to_lines(words), x0, x1)
    return columns_to_table(page, columns, top, top, engine)


def widened(columns: tuple[Column, ...], words: tuple[Word, ...]) -> tuple[Column, ...]:
    """Without rules, a table's outer bounds come from the text of the page that had its header: on a later page, the
    first column reaches as far left as its text reaches, the last as far right as the lines starting in it run."""
    first, last = columns[0], columns[-1]
    left, right = first.x0, last.x1
    while True:  # a line runs on word by word
        wider = (min([left] + [w.x0 - SNAP for w in words if left < w.x1 <= first.x1]),
                 max([right] + [w.x1 + SNAP for w in words if last.x0 <= w.x0 < right]))
        if wider == (left, right):
            break
        left, right = wider
    return (replace(first, x0=left),) + columns[1:-1] + (replace(last, x1=right),)  # a table has two columns or more


def draws_column_rules(page: PageContent, columns: tuple[Column, ...]) -> bool:
    """Does the page draw the table's column rules (a vertical rule at half its inner bounds or more)? Then even a
    word or two under them continue it (the last line of a cell, alone on the table's last page)."""
    xs = [r.x0 for r in page.rules if r.orientation == "v"]
    hits = sum(1 for c in columns[1:] if any(abs(x - c.x0) <= SNAP for x in xs))
    return hits > 0 and 2 * hits >= len(columns) - 1


def crossing_share(words: list[Word], columns: tuple[Column, ...]) -> float:
    """The share of `words` that run across an inner column bound."""
    bounds = [c.x0 for c in columns[1:]]
    crossing = sum(1 for w in words if any(w.x0 + SNAP < b < w.x1 - SNAP for b in bounds))
    return crossing / len(words)


def table_top(page: PageContent, lines: list[Line], x0: float, x1: float) -> float:
    """Where the table starts on a continuation page: in a grid whose vertical rules run on above its top
    horizontal rule, as far up as they go (a row cut by the page break, left open at the top, whose sub-rows may be
    ruled across some columns only: a running head above them, "- salinan -", is not the table's); else at its
    first line, however far above its top rule (a cell left open at the top, its padding over its text), as
    without a rule (page numbers and running heads are gone already, `extract.furniture`)."""
    rules = [r.top for r in table_rules(page, x0, x1)]
    text_top = lines[0].top - 1.0
    if not rules:
        return text_top
    ruled_top = min(rules)
    above = [line for line in lines if line.bottom <= ruled_top + SNAP]
    verticals = [r.top for r in table_verticals(page, x0, x1) if r.top < ruled_top - SNAP < r.bottom]
    if above and verticals:  # a ruled grid: its cut row is open only as far up as its vertical rules go
        frame = min(verticals) - SNAP
        return min((line.top for line in above if line.top >= frame), default=ruled_top) - 1.0
    return min(ruled_top, text_top)
