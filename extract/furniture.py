"""Page furniture: the page number or running head printed above or below everything else on a page.

Why: a page number or a "- salinan -" line in the bottom margin sits under the
table's columns, a line's height or so below its text; where the table has no
rule to close it (horizontal rules only, no rules, a row left open at the page
break) it would be read as that row's last line. The first or last line of a
page is furniture when it is only a page number ("7", "- 7 -", "Halaman 7",
"7 dari 30"), or when it is a few words centred on the page and standing apart
from the text next to it. It is taken off the page before its table is read.
"""
from __future__ import annotations

import re
from dataclasses import replace

from extract.lines import Line, words_to_lines
from extract.model import PageContent

PAGE_NUMBER = re.compile(r"^[-–—(\s]*((halaman|hal\.?|page)\s*)?\d{1,4}(\s*(dari|of|/)\s*\d{1,4})?[-–—)\s]*$", re.IGNORECASE)
# A running head has at most this many words ...
HEAD_MAX_WORDS = 5
# ... its middle is within this share of the page width of the page's middle ...
HEAD_CENTRE_SHARE = 0.05
# ... and a gap of at least this many of its line heights parts it from the text next to it.
HEAD_GAP_LINES = 1.0


def without_furniture(page: PageContent) -> PageContent:
    """Given a page, return it without the page number and running head lines at its top and bottom."""
    lines = words_to_lines(page.words)
    if len(lines) < 2:
        return page
    ends = [line for line, nxt in ((lines[0], lines[1]), (lines[-1], lines[-2])) if is_furniture(line, nxt, page.width)]
    furniture = {id(w) for line in ends for w in line.words}
    return replace(page, words=tuple(w for w in page.words if id(w) not in furniture)) if furniture else page


def is_furniture(line: Line, neighbour: Line, width: float) -> bool:
    """Is this first or last line of a page (its `neighbour` the next line in) a page number or a running head?"""
    if PAGE_NUMBER.match(line.text):
        return True
    gap = max(neighbour.top - line.bottom, line.top - neighbour.bottom)
    return (len(line.words) <= HEAD_MAX_WORDS and abs((line.x0 + line.x1) / 2 - width / 2) <= HEAD_CENTRE_SHARE * width
            and gap >= HEAD_GAP_LINES * (line.bottom - line.top))
