"""A page that continues a table without printing its header again.

Many Lampiran print the header once, on the table's first page. A later page
with no header continues the table when its text keeps to the table's columns:
table text stays inside its cells, so hardly a word crosses a column bound,
where a page of prose crosses them on every line. Its rows are then read under
the columns of the last page that had a header.
"""
from __future__ import annotations

from extract.grid import TABLE_RULE_SHARE, columns_to_table
from extract.lines import Line, words_to_lines
from extract.model import Column, PageContent, PageTable, Word
from extract.rules import SNAP
from extract.textrows import END_GAP_LINES

# At most this share of a page's words inside the table's span may cross a column bound (a section title spanning
# the row crosses some); a page of prose crosses bounds on every line (half its words or more).
MAX_CROSSING_SHARE = 0.1
# Fewer words than this in the table's span: nothing to continue (an empty page, a page number alone).
MIN_WORDS = 3
# At most this many lines above the table (a running head, a page number) are passed over as page furniture.
MAX_FURNITURE_LINES = 2


def continuation_table(page: PageContent, columns: tuple[Column, ...], engine: str = "pdfplumber") -> PageTable | None:
    """Given a page with no header and the columns of the table before it, return the table it continues, or None
    when its text does not keep to those columns."""
    x0, x1 = columns[0].x0, columns[-1].x1
    words = [w for w in page.words if x0 <= w.x_mid <= x1]
    if len(words) < MIN_WORDS or crossing_share(words, columns) > MAX_CROSSING_SHARE:
        return None
    top = table_top(page, words_to_lines(words), x0, x1)
    return columns_to_table(page, columns, top, top, engine)


def crossing_share(words: list[Word], columns: tuple[Column, ...]) -> float:
    """The share of `words` that run across an inner column bound."""
    bounds = [c.x0 for c in columns[1:]]
    crossing = sum(1 for w in words if any(w.x0 + SNAP < b < w.x1 - SNAP for b in bounds))
    return crossing / len(words)


def table_top(page: PageContent, lines: list[Line], x0: float, x1: float) -> float:
    """Where the table starts on a continuation page: its top rule, or above its first text line once the page
    furniture over it (lines standing apart from the text below) is passed over."""
    first = 0
    while first < min(MAX_FURNITURE_LINES, len(lines) - 1) and \
            lines[first + 1].top - lines[first].bottom > END_GAP_LINES * (lines[first].bottom - lines[first].top):
        first += 1
    text_top = lines[first].top - 1.0
    rules = [r.top for r in page.rules if r.orientation == "h" and min(r.x1, x1) - max(r.x0, x0) >= TABLE_RULE_SHARE * (x1 - x0)
             and r.top > (lines[first - 1].bottom if first else 0.0)]
    ruled_top = min(rules, default=None)
    return ruled_top if ruled_top is not None and ruled_top <= text_top + SNAP + 1.0 else text_top
