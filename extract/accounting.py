"""Every word on a table page in one place: a cell, the header, or the list of words the reader could not place.

Why: a reader that loses rows must say so. The table's cells and header
cover the table's box; a word inside that height but in no cell (text in a box
beside the table, a cell the grid missed) or lines that run on under the
table's bottom at row spacing (rows cut off by a misread bottom) are unread.
Text standing apart above or below the table is the page's own (heading,
running head, page number, signature block), not the table's.
"""
from __future__ import annotations

from extract.grid import table_verticals
from extract.lines import words_to_lines
from extract.model import PageContent, PageTable, Word
from extract.rules import SNAP
from extract.textrows import END_GAP_LINES

# Height (points) of the strips cell boxes are filed under for the word look-up.
STRIP = 24.0


def unplaced_words(page: PageContent, table: PageTable, continued: bool = False) -> list[Word]:
    """Given a table page and the table read on it, return the words in none of its cells nor its header; on a
    page continuing a table without its header (`continued`), also the lines running on above its top at row
    spacing (a cut row's first lines, above a top misread)."""
    body_top = min((b.bbox[1] for b in table.bands), default=table.header_bbox[3])
    out = words_outside(page, table.header_bbox, [c.bbox for b in table.bands for c in b.cells], body_top)
    x0, top, x1, _ = table.header_bbox
    return run_on_above(page, x0, x1, top) + out if continued else out


def words_outside(page: PageContent, bbox: tuple, boxes: list[tuple], header_bottom: float | None = None) -> list[Word]:
    """Given a table's box, its cells' boxes and where its header ends (None: the header's cells are among `boxes`),
    return the page's words at the table's height in no cell or header, and those running on under it."""
    x0, top, x1, bottom = bbox
    header_bottom = top if header_bottom is None else header_bottom
    strips: dict[int, list[tuple]] = {}  # the boxes by STRIP-high band of the page they reach into: one look-up a word
    for box in boxes:
        for k in range(int(box[1] // STRIP), int(box[3] // STRIP) + 1):
            strips.setdefault(k, []).append(box)
    out = []
    for w in page.words:
        if not top - SNAP <= w.y_mid <= bottom + SNAP:
            continue
        in_span = x0 <= w.x_mid <= x1
        near = strips.get(int(w.y_mid // STRIP), ())
        if in_span and (w.y_mid < header_bottom or any(a <= w.x_mid <= c and t <= w.y_mid <= d for a, t, c, d in near)):
            continue
        out.append(w)
    return out + run_on_below(page, x0, x1, bottom)


def run_on_above(page: PageContent, x0: float, x1: float, top: float) -> list[Word]:
    """The words of the lines above the table's top, in its span, that lead down to it at row spacing (see
    `run_on_below`; measured from the top, not from its first text: a misread top is a rule the lines stood apart
    from). In a grid, only inside its vertical rules: a running head above them is the page's."""
    frame = min((r.top for r in table_verticals(page, x0, x1) if r.bottom > top), default=None)
    lines = words_to_lines([w for w in page.words if x0 <= w.x_mid <= x1 and w.y_mid < top - SNAP
                            and (frame is None or w.y_mid > frame)])
    out: list[Word] = []
    edge = top
    for line in reversed(lines):
        if edge - line.bottom > END_GAP_LINES * (line.bottom - line.top):
            break
        out = list(line.words) + out
        edge = line.top
    return out


def run_on_below(page: PageContent, x0: float, x1: float, bottom: float) -> list[Word]:
    """The words of the lines under the table's bottom, in its span, that follow its last line of text at row
    spacing (no wider gap than a table's rows have): text the table should have held. The gap is measured from
    the text, not the bottom (a grid's frame may run on below its last line: a cell cut by the page break drawn
    down to the end of the page's text area, and a footer under the frame is no row), or from where the grid's
    vertical rules end, if lower (a cut row's first lines just under the stubs of its cells' sides)."""
    span = [w for w in page.words if x0 <= w.x_mid <= x1]
    lines = words_to_lines([w for w in span if w.y_mid > bottom + SNAP])
    out: list[Word] = []
    frame = max((r.bottom for r in table_verticals(page, x0, x1) if r.top < bottom), default=bottom)
    edge = max([w.bottom for w in span if w.y_mid <= bottom + SNAP] + [frame])
    for line in lines:
        if line.top - edge > END_GAP_LINES * (line.bottom - line.top):
            break
        out += line.words
        edge = line.bottom
    return out

