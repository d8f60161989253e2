"""Page furniture: the page number, running head or footer printed above or below everything else on a page.

Why: a page number or a "- salinan -" line in the bottom margin sits under the
table's columns, a line's height or so below its text; where the table has no
rule to close it (horizontal rules only, no rules, a row left open at the page
break) it would be read as that row's last line. The first or last line of a
page is furniture when it is only a page number ("7", "- 7 -", "Halaman 7",
"7 dari 30"), or when it is a few words centred on the page and standing apart
from the text next to it. A line of a few words off the centre ("3" in the
middle, "- salinan -" at the right), standing apart, is furniture when the page
before or after prints each of its phrases at the same place: a page number
counting on with the pages, or the same words. At the top, one phrase must be
such a page number, or the line after it must not come again there too: a
table's header repeats at the top of every page, each of its lines. The
table's own text can sit at one place on two pages, but not as a short line
apart from the rest whose every phrase comes again (its numbers do not count
on with the pages).
A line between two vertical rules running past it is in a ruled table's cell,
never furniture. It is taken off the page before its table is read.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import replace

from extract.lines import Line, words_to_lines
from extract.model import PageContent, Word

PAGE_NUMBER = re.compile(r"^[-–—(\s]*((halaman|hal\.?|page)\s*)?\d{1,4}(\s*(dari|of|/)\s*\d{1,4})?[-–—)\s]*$", re.IGNORECASE)
# A running head has at most this many words (of letters or digits: "- salinan - - 3 -" has two) ...
HEAD_MAX_WORDS = 5
# ... its middle is within this share of the page width of the page's middle ...
HEAD_CENTRE_SHARE = 0.05
# ... and a gap of at least this many of its line heights parts it from the text next to it.
HEAD_GAP_LINES = 1.0
# Words of an edge line further apart than this many line heights are two phrases (a page number in the middle, a
# running head at the right) ...
PHRASE_GAP_LINES = 1.5
# ... and a phrase is printed at the same place on another page when its top and one of its ends (left, middle or
# right: the page number grows a digit) are within this many line heights of the other's.
SAME_PLACE_LINES = 0.5


def pages_with_neighbours(pages: Iterable[PageContent]) -> Iterator[tuple[PageContent, tuple[PageContent, ...]]]:
    """Given pages in order, yield each with the pages just before and after it (one page of look-ahead)."""
    previous: PageContent | None = None
    current: PageContent | None = None
    for page in pages:
        if current is not None:
            yield current, tuple(p for p in (previous, page) if p is not None and abs(p.number - current.number) == 1)
        previous, current = current, page
    if current is not None:
        yield current, tuple(p for p in (previous,) if p is not None and abs(p.number - current.number) == 1)


def without_furniture(page: PageContent, neighbours: tuple[PageContent, ...] = ()) -> PageContent:
    """Given a page (and the pages before and after it), return it without the page number, running head and
    footer at its top and bottom; between vertical rules running past it (inside a grid's cell), only a page number
    counting on with the pages'."""
    lines = words_to_lines(page.words)
    if len(lines) < 2:
        return page
    furniture: set[int] = set()
    for edge, (line, nxt) in (("top", (lines[0], lines[1])), ("bottom", (lines[-1], lines[-2]))):
        if _numbers_on(line, nxt, edge, page.number, neighbours) if _between_rules(line, page) else \
                is_furniture(line, nxt, page.width, edge, page.number, neighbours) \
                or _repeats_on(line, nxt, edge, page.number, neighbours):
            furniture.update(id(w) for w in line.words)
    return replace(page, words=tuple(w for w in page.words if id(w) not in furniture)) if furniture else page


def _between_rules(line: Line, page: PageContent) -> bool:
    """Is the line between two vertical rules running past it, left and right: inside a ruled table's cell (the
    last word of a row cut by the page break, "Agama", alone at the next page's top), not in the page's margin?"""
    y = (line.top + line.bottom) / 2
    xs = [r.x0 for r in page.rules if r.orientation == "v" and r.top <= y <= r.bottom]
    return any(x <= line.x0 for x in xs) and any(x >= line.x1 for x in xs)


def _numbers_on(line: Line, neighbour: Line, edge: str, number: int, pages: tuple[PageContent, ...]) -> bool:
    """Is this edge line, though between vertical rules (a grid cut by the page break runs them to the page's
    edge), a page number: standing apart, and counting on with the number a page before or after prints at the
    same place? A cell's text never counts on with the pages."""
    if not pages or not _stands_apart(line, neighbour):
        return False
    phrases = _phrases(line)
    for page in pages:
        others = _edge_phrases(page, edge)
        if others and all(_printed_again(p, others, page.number - number) == "number" for p in phrases):
            return True
    return False


def is_furniture(line: Line, neighbour: Line, width: float, edge: str = "top", number: int = 0,
                 pages: tuple[PageContent, ...] = ()) -> bool:
    """Is this first or last line (at `edge`) of page `number` (its `neighbour` the next line in) a page number,
    or a running head: a few words centred on the page, standing apart, that the page before or after (`pages`)
    prints at the same place too? A title over a table at a page's top is centred and apart too, but printed
    once ("Pesticides" over the next of a document's tables with one header)."""
    if PAGE_NUMBER.match(line.text):
        return True
    return (_word_count(line) <= HEAD_MAX_WORDS and abs((line.x0 + line.x1) / 2 - width / 2) <= HEAD_CENTRE_SHARE * width
            and _stands_apart(line, neighbour) and any(_edge_prints_again(line, edge, number, page) for page in pages))


def _edge_prints_again(line: Line, edge: str, number: int, page: PageContent) -> bool:
    """Does `page` print each phrase of `line`, an edge line of page `number`, at the same place on its own edge?"""
    others = _edge_phrases(page, edge)
    return bool(others) and all(_printed_again(p, others, page.number - number) for p in _phrases(line))


def _edge_phrases(page: PageContent, edge: str) -> list[Line]:
    """The phrases of a page's first (`edge` "top") or last line; none on a page without text."""
    lines = words_to_lines(page.words)
    return _phrases(lines[0] if edge == "top" else lines[-1]) if lines else []


def _word_count(line: Line) -> int:
    """How many words of a line hold a letter or a digit: dashes and brackets around a running head are its
    decoration, not its words."""
    return sum(1 for w in line.words if any(ch.isalnum() for ch in w.text))


def _stands_apart(line: Line, neighbour: Line) -> bool:
    """Is the blank between the edge line and the next line in at least HEAD_GAP_LINES of its height?"""
    gap = max(neighbour.top - line.bottom, line.top - neighbour.bottom)
    return gap >= HEAD_GAP_LINES * (line.bottom - line.top)


def _phrases(line: Line) -> list[Line]:
    """The line cut where its words are more than PHRASE_GAP_LINES line heights apart."""
    height = max(line.bottom - line.top, 1.0)
    parts: list[list[Word]] = [[line.words[0]]]
    for prev, word in zip(line.words, line.words[1:]):
        if word.x0 - prev.x1 > PHRASE_GAP_LINES * height:
            parts.append([])
        parts[-1].append(word)
    return [Line(tuple(p)) for p in parts]


def _repeats_on(line: Line, neighbour: Line, edge: str, number: int, pages: tuple[PageContent, ...]) -> bool:
    """Is this edge line (its `neighbour` the next line in) a short line standing apart whose every phrase the
    page before or after prints at the same place, with (at the top) a page number among them, or over a line
    that page does not print again (`_block_repeats`)?"""
    if not pages or _word_count(line) > HEAD_MAX_WORDS or not _stands_apart(line, neighbour):
        return False
    phrases = _phrases(line)
    for page in pages:
        lines = words_to_lines(page.words)
        if not lines:
            continue
        others = _phrases(lines[0] if edge == "top" else lines[-1])
        kinds = [_printed_again(p, others, page.number - number) for p in phrases]
        if all(kinds) and (edge == "bottom" or "number" in kinds
                           or not _block_repeats(neighbour, lines, page.number - number)):
            return True
    return False


def _block_repeats(neighbour: Line, lines: list[Line], page_step: int) -> bool:
    """Does the other page print the line after a top line again too, second from its top: the top line opens a
    block repeated on every page (a table's header), not a running head over text of the page's own?"""
    return len(lines) > 1 and all(_printed_again(p, _phrases(lines[1]), page_step) for p in _phrases(neighbour))


def _printed_again(phrase: Line, others: list[Line], page_step: int) -> str:
    """How another page (`page_step` pages on) prints this phrase at the same place: "number" (a page number
    counting on with the pages), "same" (the same words), or "" (not at all)."""
    tol = SAME_PLACE_LINES * max(phrase.bottom - phrase.top, 1.0)
    here = _page_number(phrase.text)
    for o in others:
        if abs(o.top - phrase.top) > tol or min(abs(o.x0 - phrase.x0), abs(o.x1 - phrase.x1),
                                                abs(o.x0 + o.x1 - phrase.x0 - phrase.x1) / 2) > tol:
            continue
        there = _page_number(o.text)
        if here is not None and there is not None and there - here == page_step:
            return "number"
        if here is None and o.text == phrase.text:
            return "same"
    return ""


def _page_number(text: str) -> int | None:
    """The number a page-number phrase prints ("- 7 -", "Halaman 7", "7 dari 30": 7), else None."""
    return int(re.search(r"\d+", text).group()) if PAGE_NUMBER.match(text) else None
