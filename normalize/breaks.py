"""Was a text cut by a page break? The evidence both stitchers weigh, cell by cell.

A row cut by a page break goes on at the top of the next page; where the row is
divided into sub-rows (Kegiatan/Keluaran pairs, or any table's sub-rows), its
last sub-row above the break may be complete, with the next page opening a new
one, or cut, its text going on. The page draws which only where the producer
leaves the cut cell open (no rule under it) or the text ran full to the bottom;
the text says so where it goes on mid-sentence, carries on a numbered list, or
ends in a word a phrase cannot end with (`data/stitch.toml`), a list item's
number or an open bracket. `normalize.stitch` (the Lampiran's Kegiatan/Keluaran)
and `tables.stitch` (any table's sub-rows) both decide with these functions, as
they decide whether a page's first row is the rest of the row above it: a row
number that is missing, or the tail of a number wrapped over the break.

A pair is (the cell above the break, the cell under it) in one column: the last
cell of the column on the upper page, the first on the lower, None where the
column has none there.
"""
from __future__ import annotations

import re

from extract.model import Cell
from normalize.config import open_endings

LIST_MARKER = re.compile(r"\s(\d{1,2})[.)]\s")
# A text ending a sentence: a full stop after a word of three letters or more, not a list number ("2.") nor an
# abbreviation ("No.", "Rp.").
SENTENCE_END = re.compile(r"[^\W\d]{3,}[)\]]?\.$")
# A text ending in the number of a list item whose words are still to come ("… SIHALAL; 6.").
ITEM_NUMBER_END = re.compile(r"(?:^|[\s;,])\d{1,2}[.)]$")
# A text opening the way an item of a list or a quantity does: a number ("100 persen", "2. …") or a bullet.
ITEM_START = re.compile(r"\d|[-–•▪*]\s")
# A sub-row's text "runs to the bottom" of a band when less than this many line heights of blank space remain under it.
CUT_ROOM_LINES = 1.6
# A producer keeping a paragraph's last lines together moves at least this many lines to the next page.
WIDOW_LINES = 2
# What a producer needs for one more line stands off what we measure by up to this share of a line's height: it
# measures a line by its own font box, not the word box we see (Typst sets lines from cap height to baseline), and
# strokes a cell's border half inside it.
ROOM_SLACK = 0.2

Pair = tuple[Cell | None, Cell | None]


def sub_row_goes_on(pairs: list[Pair]) -> bool:
    """Does the first sub-row under a page break carry on the last one above it? Cut mid-text (`cut_mid_text`);
    or the upper sub-row ran to the bottom of its page (`cut_at_bottom`, `widow_kept`) and one side has a column
    empty or the text runs on (`is_cut_pair`); or, wherever it ended, the text runs on (`runs_on`). A column with
    no text on either side says nothing (blank cells a producer split off a spanning cell's box)."""
    pairs = [(u, b) for u, b in pairs if u is not None and u.text or b is not None and b.text]
    before = tuple(u.text if u is not None else "" for u, _ in pairs)
    after = tuple(b.text if b is not None else "" for _, b in pairs)
    if cut_mid_text(pairs):
        return True
    if cut_at_bottom([u for u, _ in pairs]) or widow_kept(pairs):
        return is_cut_pair(before, after)
    return runs_on(before, after)


def cut_at_bottom(cells: list[Cell | None]) -> bool:
    """Did one of these cells, the last of its column above a page break, fill it to the bottom, or is it left open
    there (no rule under it on a ruled page: the producer cut it)?"""
    return any(c is not None and c.lines and (c.ruled_below is False or no_room_below(c)) for c in cells)


def no_room_below(cell: Cell, spare_lines: int = 0) -> bool:
    """Was there no room under a cell's last line for one more: less than CUT_ROOM_LINES line heights, or less
    than one line pitch (and `spare_lines` more) and the padding its first line has above it (a producer that pads
    cells keeps as much under the last line it fits), give or take ROOM_SLACK?"""
    room = cell.bbox[3] - cell.text_bottom
    if room < CUT_ROOM_LINES * cell.line_height:
        return True
    return cell.line_pitch is not None \
        and room < (1 + spare_lines) * cell.line_pitch + (cell.text_top - cell.bbox[1]) + ROOM_SLACK * cell.line_height


def widow_kept(pairs: list[Pair]) -> bool:
    """Did the page break cut a text whose producer keeps a paragraph's last lines together (widow control, Typst's
    default): the next page's part of it holds WIDOW_LINES lines, the fewest it leaves, and the part above had no
    room for one more line than that producer moved down?"""
    return any(above is not None and below is not None and above.lines and above.ruled_below is not False
               and widow_moved(above, below) for above, below in pairs)


def widow_moved(above: Cell, below: Cell) -> bool:
    """Could widow control have moved `below`, the next page's part of a text, down from `above`: it holds
    WIDOW_LINES lines, and `above` had no room for one more line than that?"""
    return len(below.lines) == WIDOW_LINES and no_room_below(above, spare_lines=1)


def cut_mid_text(pairs: list[Pair]) -> bool:
    """Did the page break cut the last sub-row mid-paragraph? A typesetter fills a line before it breaks it, so
    where a text goes on over the break, the last line above it had no room for the first word below it. Judged in
    each column with text on both sides of the break: every one must have been full and not ending a sentence. A
    full last line alone is no proof (one in three or four ends so in a narrow column), so either the producer left
    the cut cell open (no rule under it on a ruled page: Chromium, WeasyPrint) with no room under its last line
    (WeasyPrint leaves open every cell of the sub-row it cuts, one whose text ended too), or, where it closes every
    cell at the break (reportlab, LibreOffice, Typst) or draws no rules, every column was cut so, each with no room
    left under its last line and none going on the way a new item opens (a number, a bullet: the next pair of a
    list); else the text cues of `runs_on` decide. A column whose numbered list goes on over the break, its item
    ended above ("1. … LKPBU/LBUT." | "2. …"), says neither: the others decide."""
    judged, listed, closed = 0, 0, False
    for above, below in pairs:
        if above is None or below is None or not above.lines or not below.lines or above.room_right is None:
            continue
        if SENTENCE_END.search(above.text) and list_goes_on(above.text, below.text, opening=True):
            listed += 1
            continue
        if below.first_word_width <= above.room_right or SENTENCE_END.search(above.text):
            return False
        if above.ruled_below is not False:
            opens_item = ITEM_START.match(below.text) and not list_goes_on(above.text, below.text, opening=True)
            if opens_item or not no_room_below(above):
                return False
            closed = True
        elif not no_room_below(above) and not widow_moved(above, below):
            return False  # left open with room for more lines than widow control moves down: every cell of the
            # sub-row is left open (WeasyPrint), one whose text had ended too
        judged += 1
    return judged > 0 and (judged + listed == len(pairs) or not closed)


def is_cut_pair(before: tuple[str, ...], after: tuple[str, ...]) -> bool:
    """Do the texts `after` (a sub-row's, per column, at the top of a page) continue `before` (the sub-row at the
    bottom of the previous page, whose text ran to the bottom of its page)? Yes where either has a column empty."""
    return not all(after) or not all(before) or runs_on(before, after)


def runs_on(before: tuple[str, ...], after: tuple[str, ...]) -> bool:
    """Do the texts say `after` carries on `before` (per column), wherever `before` ended on its page (some
    typesetters leave room under a row they cut, or move a paragraph's last lines together, CSS `widows`): one
    starts mid-sentence, or one of `before` ends in a word a phrase cannot end with, a list item's number ("… ; 6."),
    or inside brackets it opened ("(Safety"), or a numbered list goes on?"""
    if any(t[:1].islower() for t in after):
        return True
    endings = open_endings()
    for text in before:
        words = text.split()
        if words and (words[-1].lower() in endings or words[-1][-1:] in endings or ITEM_NUMBER_END.search(text)
                      or text.count("(") > text.count(")")):
            return True
    return any(list_goes_on(a, b) for a, b in zip(before, after))


def list_goes_on(before: str, after: str, opening: bool = False) -> bool:
    """Does `after` carry on a numbered list of `before` ("1. … 2. …" then "… 3. …")? Unless `opening`, not
    where it opens with the next number (a pair that opens with it may be a new numbered pair)."""
    numbers_before = [int(n) for n in LIST_MARKER.findall(" " + before)]
    numbers_after = [int(n) for n in LIST_MARKER.findall(" " + after)]
    return bool(numbers_before and numbers_after) and numbers_after[0] == numbers_before[-1] + 1 \
        and (opening or not LIST_MARKER.match(" " + after))


def has_number(no: str) -> bool:
    """Does a row-number cell hold a number? The "." of a number wrapped at a page break ("10.2" | ".") does not."""
    return any(ch.isalnum() for ch in no)


def number_goes_on(above: str | None, last: str, first: str, last_cell: Cell | None) -> bool:
    """Is `first`, the number opening a page's first row, the rest of `last`, the number of the page before's last
    row, cut by the break ("1." over "2." in a narrow cell)? That row's number cell ran to the bottom of its page
    (`last_cell`: no room for one more line), and its number does not follow `above` (the numbered row's before it)
    in the outline ("1.1" then "1."), while the two put together do ("1.1" then "1.2.")."""
    if above is None or last_cell is None or not last_cell.lines or not no_room_below(last_cell):
        return False
    before, head, joined = outline(above), outline(last), outline(last + first)
    return before is not None and head is not None and joined is not None \
        and not _follows(before, head) and _follows(before, joined)


def outline(no: str) -> tuple[int, ...] | None:
    """A row number as its outline levels ("5.1." -> (5, 1)), or None when it is not one."""
    parts = "".join(no.split()).rstrip(".").split(".")
    return tuple(int(p) for p in parts) if all(p.isdigit() for p in parts) else None


def _follows(before: tuple[int, ...], after: tuple[int, ...]) -> bool:
    """Does outline number `after` come next after `before`: its first child, its next sibling or an ancestor's?"""
    return after == before + (1,) or any(after == before[:k] + (before[k] + 1,) for k in range(len(before)))
