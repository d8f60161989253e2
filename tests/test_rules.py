"""Rules however a producer draws them come out as one rule per drawn line, from both readers.

Each case draws the same 3 x 3 grid (4 horizontal and 4 vertical lines) in one style with reportlab's canvas
and checks the page's rules are exactly those lines, whole: stroked lines, a stroked box per cell, thin filled
rectangles per cell edge, lines cut at every corner, dashes, a double rule, and a shaded header (a background,
no rule)."""
from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.pdfgen.canvas import Canvas

from extract.pdfium_pages import READERS

XS = (100.0, 200.0, 300.0, 400.0)  # x of the vertical lines, left to right
YS = (100.0, 130.0, 160.0, 190.0)  # top of the horizontal lines (origin top-left), top to bottom
PAGE = (500.0, 300.0)


def _line(c: Canvas, x0: float, top0: float, x1: float, top1: float) -> None:
    c.line(x0, PAGE[1] - top0, x1, PAGE[1] - top1)


def lines(c: Canvas) -> None:
    for y in YS:
        _line(c, XS[0], y, XS[-1], y)
    for x in XS:
        _line(c, x, YS[0], x, YS[-1])


def box_per_cell(c: Canvas) -> None:
    for a, b in zip(XS, XS[1:]):
        for t, u in zip(YS, YS[1:]):
            c.rect(a, PAGE[1] - u, b - a, u - t, stroke=1, fill=0)


def filled_edges(c: Canvas) -> None:
    """Every cell edge a 0.6 pt filled rectangle, as browsers print borders."""
    w = 0.6
    for a, b in zip(XS, XS[1:]):
        for t, u in zip(YS, YS[1:]):
            for x0, t0, x1, t1 in ((a, t, b, t), (a, u, b, u), (a, t, a, u), (b, t, b, u)):
                c.rect(x0 - w / 2, PAGE[1] - t1 - w / 2, x1 - x0 + w, t1 - t0 + w, stroke=0, fill=1)


def cut_at_corners(c: Canvas) -> None:
    """Each line drawn cell by cell with 0.5 pt gaps at the corners, as Word exports borders."""
    for y in YS:
        for a, b in zip(XS, XS[1:]):
            _line(c, a + 0.25, y, b - 0.25, y)
    for x in XS:
        for t, u in zip(YS, YS[1:]):
            _line(c, x, t + 0.25, x, u - 0.25)


def dashed_pieces(c: Canvas) -> None:
    """Dashes drawn as separate 3 pt segments 2 pt apart (a line's last dash may stop a gap short of its end)."""
    for y in YS:
        x = XS[0]
        while x < XS[-1]:
            _line(c, x, y, min(x + 3, XS[-1]), y)
            x += 5
    for x in XS:
        y = YS[0]
        while y < YS[-1]:
            _line(c, x, y, x, min(y + 3, YS[-1]))
            y += 5


def double_rules(c: Canvas) -> None:
    """Every line drawn twice, 1.5 pt apart."""
    lines(c)
    for y in YS:
        _line(c, XS[0], y + 1.5, XS[-1], y + 1.5)
    for x in XS:
        _line(c, x + 1.5, YS[0], x + 1.5, YS[-1])


def shaded_header(c: Canvas) -> None:
    """A grey header background under stroked lines: the background adds no rule."""
    c.setFillGray(0.85)
    c.rect(XS[0], PAGE[1] - YS[1], XS[-1] - XS[0], YS[1] - YS[0], stroke=0, fill=1)
    c.setFillGray(0)
    lines(c)


STYLES = [lines, box_per_cell, filled_edges, cut_at_corners, dashed_pieces, double_rules, shaded_header]


def _rules(path: Path, reader: str):
    open_reader, read_pages = READERS[reader]
    with open_reader(path) as pdf:
        [page] = list(read_pages(pdf, path))
    return page.rules


@pytest.mark.parametrize("reader", sorted(READERS))
@pytest.mark.parametrize("style", STYLES, ids=lambda f: f.__name__)
def test_a_grid_drawn_in_any_style_reads_as_its_lines(style, reader, tmp_path):
    path = tmp_path / f"{style.__name__}.pdf"
    canvas = Canvas(str(path), pagesize=PAGE, invariant=1)
    style(canvas)
    canvas.save()
    rules = _rules(path, reader)
    h = sorted((r.top, r.x0, r.x1) for r in rules if r.orientation == "h")
    v = sorted((r.x0, r.top, r.bottom) for r in rules if r.orientation == "v")
    assert len(h) == len(YS) and len(v) == len(XS), (h, v)
    end = 2.0 if style is dashed_pieces else 1.0  # how far short of the corner its drawing ends
    for (top, x0, x1), y in zip(h, YS):
        assert abs(top - y) <= 1.0 and abs(x0 - XS[0]) <= 1.0 and abs(x1 - XS[-1]) <= end
    for (x, top, bottom), want in zip(v, XS):
        assert abs(x - want) <= 1.0 and abs(top - YS[0]) <= 1.0 and abs(bottom - YS[-1]) <= end
