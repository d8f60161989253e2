"""The plain, frozen records every extraction engine returns.

A page is reduced to its words and its ruling lines; a table page to its
columns and bands (one band = one table row as drawn on one page), each band
to its cells. The normalizer works only on these, so it never knows which
engine (or which PDF library) read the page.
"""
from __future__ import annotations

from dataclasses import dataclass

BBox = tuple[float, float, float, float]  # x0, top, x1, bottom in PDF points, origin top-left


@dataclass(frozen=True)
class Word:
    """One word as printed, with its box."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    # Is a space character printed right after the word? None when the page prints no spaces at all.
    # Tells "aspek- aspek" (a space after the hyphen, lost at a line end) from "UNDANG-UNDANG".
    space_after: bool | None = None

    @property
    def x_mid(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def y_mid(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(frozen=True)
class Rule:
    """A horizontal or vertical ruling line (from a line, a thin rectangle or a rectangle's edge)."""

    orientation: str  # "h" or "v"
    x0: float
    top: float
    x1: float
    bottom: float


@dataclass(frozen=True)
class UnreadInk:
    """Ink in a page image that OCR gave no sure word for (`extract.missedink`): where, and what each reading of it
    made of it."""

    bbox: BBox
    readings: tuple[str, ...]


@dataclass(frozen=True)
class PageContent:
    """What one PDF page holds that table reading needs."""

    number: int  # 1-based page number in the PDF
    width: float
    height: float
    words: tuple[Word, ...]
    rules: tuple[Rule, ...]
    images: int = 0  # how many images the page draws: a page of images and no words is a scan
    # What went wrong reading it (`extract.damage`): the libraries' complaints, streams that would not decode, or
    # why it could not be read at all. Empty for a sound page.
    damage: tuple[str, ...] = ()
    image_cover: float = 0.0  # the share of the page its largest image covers (a scan's page image: about 1)
    invisible_text: float | None = None  # the share of its text drawn invisible (an OCR layer); None: not told
    unread_ink: tuple[UnreadInk, ...] = ()  # ink OCR could not read with certainty (`extract.missedink`)


@dataclass(frozen=True)
class Column:
    """A leaf column of a table, with the header text printed over it."""

    index: int
    x0: float
    x1: float
    label: str  # the leaf's own header text, top to bottom
    group_label: str = ""  # text of a header cell spanning this leaf and its neighbours


@dataclass(frozen=True)
class Cell:
    """A drawn cell: the columns it spans, its box, its text lines."""

    page: int
    bbox: BBox
    col_start: int
    col_end: int  # inclusive
    lines: tuple[str, ...]
    text: str  # the lines joined as printed (see extract.lines.join_lines)
    text_top: float | None  # top of its first text line; None when empty
    text_bottom: float | None  # bottom of its last text line; None when empty
    line_height: float | None  # height of its last text line; None when empty
    # Width left at the end of its last line for one more word after a space (the cell's text width less the line
    # and the page's word space), and the width of its first word: whether a page break cut a text mid-paragraph
    # (its last line had no room for the next page's first word) or after it ended. None when empty.
    room_right: float | None = None
    first_word_width: float | None = None
    # Is a horizontal rule drawn along its bottom? None on a page without horizontal rules. A producer that leaves
    # a cell cut by the page break open draws none under it (Chromium, WeasyPrint).
    ruled_below: bool | None = None
    # Distance from one text line's top to the next's, averaged over the cell; None with fewer than two lines. With
    # the padding above its first line it says whether one more line would have fitted under its last.
    line_pitch: float | None = None


@dataclass(frozen=True)
class Band:
    """One table row as drawn on one page: the cells between two full-width row boundaries."""

    page: int
    bbox: BBox
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class PageTable:
    """The table found on one page: its header box, leaf columns and bands."""

    page: int
    engine: str
    header_bbox: BBox
    columns: tuple[Column, ...]
    bands: tuple[Band, ...]


@dataclass(frozen=True)
class Limits:
    """Guards against PDFs that would make the parser run or allocate without bound."""

    max_pages: int = 5000  # a Lampiran of thousands of pages is plausible; hundreds of thousands is an attack
    page_seconds: float = 60.0  # the sample's pages take ~0.1 s each; a minute is a loop, not a page
