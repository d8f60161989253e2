"""A Lampiran drawn straight on the reportlab canvas: no Table, no TableStyle.

Why: samples/render.py builds its pages from reportlab Tables, so every PDF it makes
shares one way of drawing rules (TableStyle's stroked GRID lines) and one way of
breaking pages (whole sub-rows). Other programs differ: a word processor strokes one
box per cell, some exporters paint each border as a thin filled rectangle, browsers
cut a row at any line and leave the cut cell open at the page bottom. This producer
wraps, places and paginates the logical table (`spec.table_entries`) itself and draws
each of those habits: the layout (`FuzzLayout`) says which rules, fonts and sizes; a
stream seeded from the layout's seed picks what the layout leaves open (whether a cut
is left open, the leading, page-number style, dash pattern, greys).

Coordinates: a row is laid out once as an unbroken strip (y grows downwards from the
row's top); a page shows pieces of strips, cut only between text lines.
"""
from __future__ import annotations

import random
import sys
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from .spec import (PAPERS, DataRow, FuzzLayout, GroupRow, SectionRow, closing_lines, heading_lines,
                   table_entries, title_line)

_SAMPLES = str(Path(__file__).resolve().parent.parent)
if _SAMPLES not in sys.path:
    sys.path.insert(0, _SAMPLES)
from render import register_font  # noqa: E402  (render.py's font registration, reused as it is)

PRODUCER_LIMITS: dict[str, str] = {}  # every FuzzLayout field is honoured
EPS = 1e-6
LEFT_KEYS = ("no", "sasaran", "target", "satuan", "penanggung_jawab")
NUMBER_COLUMNS = (0, 2, 3)  # No., Target, Satuan: aligned per layout.align_numbers


@dataclass(frozen=True)
class _Habits:
    """What the layout does not fix, drawn from the seed: one producer's typesetting habits."""

    leading: float          # line height / font size
    open_cuts: float        # probability that a cut cell is left open at the page bottom
    merge_edges: bool       # grid edges joined into long lines, or one segment per cell edge
    dash: tuple             # setDash pattern of the "dashed" style
    header_grey: float
    row_grey: float
    shade_odd: bool         # which body rows are shaded when layout.shaded_rows
    number_format: str      # "- {n} -" or "{n}"
    number_top: bool        # page number in the top margin, else the bottom one
    number_align: str       # "center" or "right"
    head_align: str         # running head: "left", "center", "right" (in the other margin)
    number_first: bool      # the first Lampiran page carries its number too
    body_number: int        # the number printed on the regulation's closing page
    heading_at: float       # the heading block's left edge, as a share of the text width
    signature_at: float     # the signature block's left edge on the closing page, as a share
    body_size: float        # font size of the closing page


def _habits(layout: FuzzLayout) -> _Habits:
    """The seeded habits of this drawing: a stream of its own, apart from spec.random_layout's."""
    rnd = random.Random(f"boxes:{layout.seed}")
    return _Habits(
        leading=rnd.choice([1.15, 1.2, 1.25, 1.3]), open_cuts=rnd.choice([0.0, 0.5, 1.0]),
        merge_edges=rnd.random() < 0.5, dash=rnd.choice([(2, 2), (3, 1.5), (1, 1), (4, 2, 1, 2)]),
        header_grey=rnd.choice([0.78, 0.85, 0.9]), row_grey=rnd.choice([0.92, 0.95]), shade_odd=rnd.random() < 0.5,
        number_format=rnd.choice(["- {n} -", "{n}"]), number_top=rnd.random() < 0.6,
        number_align=rnd.choice(["center", "right"]), head_align=rnd.choice(["left", "center", "right"]),
        number_first=rnd.random() < 0.3, body_number=rnd.randint(2, 9), heading_at=rnd.choice([0.55, 0.6, 0.65]),
        signature_at=rnd.choice([0.45, 0.5, 0.55]), body_size=layout.font_size + rnd.choice([0, 1, 2]))


@dataclass(frozen=True)
class _Text:
    """One line of text: its left edge from the table's left, its line box top in strip coordinates."""

    text: str
    x: float
    top: float
    bold: bool


@dataclass
class _Box:
    """One cell: columns x0..x1 from the table's left, strip extent a..b, its lines."""

    x0: float
    x1: float
    a: float
    b: float
    texts: list[_Text] = field(default_factory=list)


@dataclass
class _Row:
    """One table row (or the header) laid out as an unbroken strip of `height` points."""

    boxes: list[_Box]
    height: float
    breakable: bool           # a data row may be cut between lines; section, group and header rows are not
    keep: bool = False        # a section or group row stays with the row after it
    grey: float | None = None  # background, filled under the text
    when_cut: _Row | None = None  # the row as drawn when a page break cuts it (top-aligned), if it differs


@dataclass
class _Piece:
    """The part y0..y1 of a row's strip on one page, with the padding added at a cut."""

    row: _Row
    y0: float
    y1: float
    top_extra: float = 0.0
    bottom_extra: float = 0.0
    open_top: bool = False     # continued from a cut left open: no rule over the cut cells
    open_bottom: bool = False  # cut and left open: no rule under the cut cells

    @property
    def height(self) -> float:
        return self.y1 - self.y0 + self.top_extra + self.bottom_extra


class _Metrics:
    """Fonts, sizes and column positions of one layout: wraps text to a column and places it in a cell."""

    def __init__(self, layout: FuzzLayout, width: float, habits: _Habits):
        self.layout, self.size, self.pad = layout, layout.font_size, layout.padding
        self.leading = layout.font_size * habits.leading
        self.regular, self.bold = register_font(layout.font)
        total = sum(layout.col_widths)
        self.edges = [0.0]
        for w in layout.col_widths:
            self.edges.append(self.edges[-1] + width * w / total)

    def width(self, text: str, bold: bool = False, size: float | None = None) -> float:
        return pdfmetrics.stringWidth(text, self.bold if bold else self.regular, size or self.size)

    def wrap(self, text, first: int, last: int | None = None, bold: bool = False) -> list[str]:
        """Greedy word wrap to columns first..last. Only the No. column cuts a word (character-wise);
        elsewhere a word wider than the column raises ValueError: the layout cannot be drawn."""
        last = first if last is None else last
        room = self.edges[last + 1] - self.edges[first] - 2 * self.pad - 0.01
        fits = lambda s: self.width(s, bold) <= room  # noqa: E731
        lines, line = [], ""
        for word in str(text or "").split():
            if fits(f"{line} {word}".strip()):
                line = f"{line} {word}".strip()
                continue
            lines += [line] if line else []
            while not fits(word):
                if first != 0 or last != 0 or room <= 0:
                    raise ValueError(f"word {word!r} ({self.width(word, bold):.1f} pt) is wider than column "
                                     f"{first}..{last} ({room:.1f} pt) at {self.size} pt")
                n = max([1] + [i for i in range(2, len(word)) if fits(word[:i])])
                lines, word = lines + [word[:n]], word[n:]
            line = word
        return lines + ([line] if line else [])

    def lines_height(self, lines: list[str]) -> float:
        """A cell's height for its lines: at least one line, plus the padding above and below."""
        return max(1, len(lines)) * self.leading + 2 * self.pad

    def place(self, box: _Box, lines: list[str], align: str, valign: str, bold: bool = False) -> _Box:
        """Put `lines` into `box`: left or centred, at the top or in the middle of its height."""
        top = box.a + self.pad if valign == "top" else box.a + (box.b - box.a - len(lines) * self.leading) / 2
        for i, line in enumerate(lines):
            x = box.x0 + self.pad if align == "left" else (box.x0 + box.x1 - self.width(line, bold)) / 2
            box.texts.append(_Text(line, x, top + i * self.leading, bold))
        return box

    def box(self, first: int, last: int, a: float, b: float) -> _Box:
        return _Box(self.edges[first], self.edges[last + 1], a, b)


def _header_row(m: _Metrics, year: int, grey: float | None) -> _Row:
    """The two header rows as one strip: the five left titles span both, Aksi spans Kegiatan and Keluaran."""
    lay = m.layout
    left = [m.wrap(lay.label(k, year), c, bold=True) for c, k in enumerate(LEFT_KEYS)]
    aksi = m.wrap(lay.label("aksi", year), 5, 6, bold=True)
    sub = [m.wrap(lay.label("kegiatan", year), 5, bold=True), m.wrap(lay.label("keluaran", year), 6, bold=True)]
    h_aksi, h_sub = m.lines_height(aksi), max(m.lines_height(s) for s in sub)
    height = max(max(m.lines_height(c) for c in left), h_aksi + h_sub)
    boxes = [m.place(m.box(c, c, 0, height), lines, "center", "middle", True) for c, lines in enumerate(left)]
    boxes.append(m.place(m.box(5, 6, 0, h_aksi), aksi, "center", "middle", True))
    boxes += [m.place(m.box(c, c, h_aksi, height), lines, "center", "middle", True) for c, lines in zip((5, 6), sub)]
    return _Row(boxes, height, breakable=False, grey=grey)


def _body_row(entry, m: _Metrics, valign: str | None = None) -> _Row:
    """A section, group or data row of the table as a strip. A data row in middle-aligned cells also
    keeps its top-aligned twin: a row cut by a page break is drawn top-aligned, as browsers do, so
    that its first piece starts with the row's number rather than an unnumbered run of sub-rows."""
    valign, num = valign or m.layout.valign, m.layout.align_numbers
    if isinstance(entry, SectionRow):
        lines = m.wrap(entry.text, 0, 6, bold=True)
        height = m.lines_height(lines)
        return _Row([m.place(m.box(0, 6, 0, height), lines, "left", valign, True)], height, False, keep=True)
    if isinstance(entry, GroupRow):
        no, title = m.wrap(entry.no, 0), m.wrap(entry.title, 1, 6)
        height = max(m.lines_height(no), m.lines_height(title))
        return _Row([m.place(m.box(0, 0, 0, height), no, num, valign),
                     m.place(m.box(1, 6, 0, height), title, "left", valign)], height, False, keep=True)
    assert isinstance(entry, DataRow), entry
    left = [m.wrap(getattr(entry, k), c) for c, k in enumerate(LEFT_KEYS)]
    pairs = [(m.wrap(k, 5), m.wrap(v, 6)) for k, v in entry.pairs]
    heights = [max(m.lines_height(k), m.lines_height(v)) for k, v in pairs]
    height = max(max(m.lines_height(c) for c in left), sum(heights))
    heights[-1] += height - sum(heights)  # the last sub-row takes what the left cells need beyond the sub-rows
    boxes = [m.place(m.box(c, c, 0, height), lines, num if c in NUMBER_COLUMNS else "left", valign)
             for c, lines in enumerate(left)]
    a = 0.0
    for (k, v), h in zip(pairs, heights):
        boxes += [m.place(m.box(5, 5, a, a + h), k, "left", valign), m.place(m.box(6, 6, a, a + h), v, "left", valign)]
        a += h
    return _Row(boxes, height, breakable=True, when_cut=_body_row(entry, m, "top") if valign != "top" else None)


def _cut(row: _Row, y0: float, top_extra: float, room: float, m: _Metrics) -> tuple[float, bool] | None:
    """The lowest place below y0 where `row` can be cut between lines and its part above still fit in
    `room`, and whether it falls on a sub-row boundary (no padding added there); None when no line fits."""
    texts = [t for b in row.boxes for t in b.texts]
    bounds = {b.a for b in row.boxes} | {b.b for b in row.boxes}
    # below a line or on a sub-row boundary: a cut just above a line would leave an empty sliver of its cell
    places = sorted({t.top + m.leading for t in texts} | bounds, reverse=True)
    for c in places:
        if not y0 + EPS < c < row.height - EPS:
            continue
        on_bound = any(abs(c - b) < EPS for b in bounds)
        if c - y0 + top_extra + (0 if on_bound else m.pad) > room + EPS:
            continue
        if any(t.top + EPS < c < t.top + m.leading - EPS for t in texts):
            continue  # a line straddles it
        if any(t.top >= y0 - EPS and t.top + m.leading <= c + EPS for t in texts):
            return c, on_bound
        return None  # nothing above the highest cut but padding
    return None


def _keep_height(rows: list[_Row], i: int, m: _Metrics) -> float:
    """Room a section/group row needs not to be left alone at a page end: itself, the keep rows after it,
    and one line of the row they head."""
    need = 0.0
    while i < len(rows) and rows[i].keep:
        need, i = need + rows[i].height, i + 1
    return need + (m.leading + 2 * m.pad if i < len(rows) else 0)


def _paginate(rows: list[_Row], first: float, later: float, m: _Metrics, rnd: random.Random,
              open_cuts: float) -> list[list[_Piece]]:
    """Fill pages with `first`, then `later` points of table body, cutting a data row at any line when it
    does not fit; a cut is left open with probability `open_cuts`."""
    pages: list[list[_Piece]] = [[]]
    room, i, y0, top_extra, open_top = first, 0, 0.0, 0.0, False
    while i < len(rows):
        row, page = rows[i], pages[-1]
        rest = row.height - y0 + top_extra
        fits = rest <= room + EPS and not (row.keep and page and _keep_height(rows, i, m) > room + EPS)
        if fits:
            page.append(_Piece(row, y0, row.height, top_extra, 0.0, open_top, False))
            room, i, y0, top_extra, open_top = room - rest, i + 1, 0.0, 0.0, False
            continue
        if row.breakable and y0 == 0 and row.when_cut:
            row = rows[i] = row.when_cut
        cut = _cut(row, y0, top_extra, room, m) if row.breakable else None
        if cut:
            c, on_bound = cut
            opened = rnd.random() < open_cuts
            page.append(_Piece(row, y0, c, top_extra, 0.0 if on_bound or opened else m.pad, open_top, opened))
            y0, top_extra, open_top = c, (0.0 if on_bound else m.pad), opened
        elif not page:
            raise ValueError(f"a {rest:.0f} pt row does not fit in {room:.0f} pt of page")
        pages.append([])
        room = later
    return [p for p in pages if p]


@dataclass
class _Cell:
    """A cell as drawn on a page, in PDF coordinates (y up)."""

    x0: float
    x1: float
    top: float
    bottom: float
    open_top: bool
    open_bottom: bool


def _place_pieces(pieces: list[_Piece], left: float, top: float, m: _Metrics):
    """Stack the pieces down from `top`: the cells, the text lines (x, baseline, text, bold) and the
    background fills (x, y, w, h, grey) of one page."""
    cells, texts, fills = [], [], []
    width = m.edges[-1]
    for p in pieces:
        bottom = top - p.height
        page_y = lambda s, p=p, top=top: top - p.top_extra - (s - p.y0)  # noqa: E731
        if p.row.grey is not None:
            fills.append((left, bottom, width, top - bottom, p.row.grey))
        for b in p.row.boxes:
            if b.b <= p.y0 + EPS or b.a >= p.y1 - EPS:
                continue
            cells.append(_Cell(left + b.x0, left + b.x1, top if b.a <= p.y0 + EPS else page_y(b.a),
                               bottom if b.b >= p.y1 - EPS else page_y(b.b),
                               p.open_top and b.a < p.y0 - EPS, p.open_bottom and b.b > p.y1 + EPS))
            for t in b.texts:
                if t.top >= p.y0 - EPS and t.top + m.leading <= p.y1 + EPS:
                    line_bottom = page_y(t.top + m.leading)
                    texts.append((left + t.x, line_bottom + (m.leading - m.size) / 2 + 0.2 * m.size, t.text, t.bold))
        top = bottom
    return cells, texts, fills


def _edges(cells: list[_Cell], merge: bool) -> list[tuple]:
    """The rules of the cells as ("h", y, x0, x1) and ("v", x, y0, y1) segments, each once; with `merge`
    collinear touching segments are joined into one."""
    seen: dict[tuple, None] = {}
    for c in cells:
        if not c.open_top:
            seen[("h", round(c.top, 3), round(c.x0, 3), round(c.x1, 3))] = None
        if not c.open_bottom:
            seen[("h", round(c.bottom, 3), round(c.x0, 3), round(c.x1, 3))] = None
        for x in (c.x0, c.x1):
            seen[("v", round(x, 3), round(c.bottom, 3), round(c.top, 3))] = None
    segments = list(seen)
    if not merge:
        return segments
    out: list[tuple] = []
    for kind, at, a, b in sorted(segments):
        if out and out[-1][0] == kind and abs(out[-1][1] - at) < EPS and a <= out[-1][3] + EPS:
            out[-1] = (kind, at, out[-1][2], max(b, out[-1][3]))
        else:
            out.append((kind, at, a, b))
    return out


def _stroke(canvas: Canvas, segments: list[tuple]) -> None:
    for kind, at, a, b in segments:
        if kind == "h":
            canvas.line(a, at, b, at)
        else:
            canvas.line(at, a, at, b)


def _draw_rules(canvas: Canvas, cells: list[_Cell], layout: FuzzLayout, habits: _Habits) -> None:
    """The rules of one page in the layout's style."""
    style, w = layout.rules, layout.rule_width
    canvas.saveState()
    canvas.setLineWidth(w)
    canvas.setStrokeGray(0)
    canvas.setFillGray(0)
    canvas.setLineCap(2)  # projecting: the lines meet at the corners
    if style in ("grid", "double-frame", "dashed", "horizontal"):
        if style == "dashed":
            canvas.setDash(list(habits.dash), 0)
        segments = _edges(cells, habits.merge_edges)
        _stroke(canvas, [s for s in segments if style != "horizontal" or s[0] == "h"])
    elif style == "boxes":
        for c in cells:
            if c.open_top or c.open_bottom:  # a cut cell has no edge at the cut: not a closed rectangle
                _stroke(canvas, _edges([c], False))
            else:
                canvas.rect(c.x0, c.bottom, c.x1 - c.x0, c.top - c.bottom, stroke=1, fill=0)
    elif style == "filled":
        for kind, at, a, b in _edges(cells, habits.merge_edges):
            if kind == "h":
                canvas.rect(a - w / 2, at - w / 2, b - a + w, w, stroke=0, fill=1)
            else:
                canvas.rect(at - w / 2, a - w / 2, w, b - a + w, stroke=0, fill=1)
    if style == "double-frame" and cells:
        d = 2 + w
        x0, x1 = min(c.x0 for c in cells) - d, max(c.x1 for c in cells) + d
        top, bottom = max(c.top for c in cells) + d, min(c.bottom for c in cells)
        opened = any(c.open_bottom and abs(c.bottom - bottom) < EPS for c in cells)
        canvas.setDash([], 0)
        segments = [("h", top, x0, x1), ("v", x0, bottom - (0 if opened else d), top),
                    ("v", x1, bottom - (0 if opened else d), top)]
        _stroke(canvas, segments + ([] if opened else [("h", bottom - d, x0, x1)]))
    canvas.restoreState()


def _furniture(canvas: Canvas, size: tuple[float, float], number: int | None, layout: FuzzLayout,
               habits: _Habits, m: _Metrics) -> None:
    """Page number and running head in the margins: the number in one, the head in the other."""
    w, h = size
    spots = {True: h - layout.margin / 2 - m.size / 3, False: layout.margin / 2 - m.size / 3}
    canvas.setFont(m.regular, m.size)
    canvas.setFillGray(0)
    if number is not None and layout.page_numbers:
        text = habits.number_format.format(n=number)
        at = spots[habits.number_top]
        if habits.number_align == "center":
            canvas.drawCentredString(w / 2, at, text)
        else:
            canvas.drawRightString(w - layout.margin, at, text)
    if layout.running_head:
        at, text = spots[not habits.number_top], layout.running_head
        {"left": lambda: canvas.drawString(layout.margin, at, text),
         "center": lambda: canvas.drawCentredString(w / 2, at, text),
         "right": lambda: canvas.drawRightString(w - layout.margin, at, text)}[habits.head_align]()


def _draw_closing_page(canvas: Canvas, doc: dict, layout: FuzzLayout, habits: _Habits, m: _Metrics) -> None:
    """The regulation's last body page (portrait): closing Pasal, Ditetapkan, signer, Diundangkan."""
    w, h = PAPERS[layout.paper]
    canvas.setPageSize((w, h))
    size = habits.body_size
    leading, width = size * habits.leading, w - 2 * layout.margin
    y = h - layout.margin - size
    canvas.setFont(m.regular, size)
    for align, text in closing_lines(doc):
        x0 = layout.margin + (width * habits.signature_at if align == "right" else 0)
        lines = _wrap_free(text, layout.margin + width - x0, m, size) if text else [""]
        for line in lines:
            if align == "center":
                canvas.drawCentredString(w / 2, y, line)
            else:
                canvas.drawString(x0, y, line)
            y -= leading
    _furniture(canvas, (w, h), habits.body_number, layout, habits, m)
    canvas.showPage()


def _wrap_free(text: str, width: float, m: _Metrics, size: float, bold: bool = False) -> list[str]:
    """Greedy word wrap outside the table (heading, title, closing page): a long word just overflows."""
    lines, line = [], ""
    for word in text.split():
        if line and m.width(f"{line} {word}", bold, size) > width:
            lines, line = lines + [line], word
        else:
            line = f"{line} {word}".strip()
    return lines + ([line] if line else [])


def _heading(doc: dict, width: float, habits: _Habits, m: _Metrics) -> tuple[list, float]:
    """The first Lampiran page's heading block (top right) and centred bold title as (x offset, y offset
    from the text top, text, bold, centred) lines, and the height they take above the table."""
    out, y, x = [], 0.0, width * habits.heading_at
    for text in heading_lines(doc):
        for line in _wrap_free(text, width - x, m, m.size):
            out.append((x, y, line, False, False))
            y += m.leading
    y += m.leading * 1.5
    for line in _wrap_free(title_line(doc), width, m, m.size, bold=True):
        out.append((width / 2, y, line, True, True))
        y += m.leading
    return out, y + m.leading * 1.5


def _draw_text(canvas: Canvas, texts: list, m: _Metrics) -> None:
    canvas.setFillGray(0)
    for x, y, text, bold in texts:
        canvas.setFont(m.bold if bold else m.regular, m.size)
        canvas.drawString(x, y, text)


def draw_boxes(dataset: dict, layout: FuzzLayout, path: Path) -> Path:
    """Draw `dataset` as a Lampiran PDF at `path` in `layout`, laying the table out on the canvas itself."""
    habits, doc, path = _habits(layout), dataset["doc"], Path(path)
    pw, ph = PAPERS[layout.paper]
    size = (max(pw, ph), min(pw, ph)) if layout.landscape else (pw, ph)
    width = size[0] - 2 * layout.margin
    m = _Metrics(layout, width, habits)
    rnd = random.Random(f"boxes-cuts:{layout.seed}")
    header = _header_row(m, doc["tahun"], habits.header_grey if layout.shaded_header else None)
    rows = [_body_row(e, m) for e in table_entries(dataset["rows"])]
    if layout.shaded_rows:
        for i, r in enumerate(rows):
            for twin in (r, r.when_cut):
                if twin is not None:
                    twin.grey = habits.row_grey if i % 2 == habits.shade_odd else None
    heading, heading_h = _heading(doc, width, habits, m)
    body = size[1] - 2 * layout.margin
    later = body - (header.height if layout.header_repeat else 0)
    pages = _paginate(rows, body - heading_h - header.height, later, m, rnd, habits.open_cuts)

    canvas = Canvas(str(path), pagesize=size, invariant=1)
    canvas.setTitle(f"Lampiran {doc['jenis']} Nomor {doc['nomor']} Tahun {doc['tahun']}")
    canvas.setCreator("lampiran fuzz: reportlab canvas (boxes)")
    if layout.body_page:
        _draw_closing_page(canvas, doc, layout, habits, m)
    left, top = layout.margin, size[1] - layout.margin
    for n, pieces in enumerate(pages, 1):
        canvas.setPageSize(size)
        texts, y = [], top
        if n == 1:
            for x, dy, text, bold, centred in heading:
                x = x - m.width(text, bold) / 2 if centred else x
                texts.append((left + x, top - dy - m.leading + (m.leading - m.size) / 2 + 0.2 * m.size, text, bold))
            y -= heading_h
        if n == 1 or layout.header_repeat:
            pieces = [_Piece(header, 0.0, header.height)] + pieces
        cells, more, fills = _place_pieces(pieces, left, y, m)
        for x, fy, fw, fh, grey in fills:
            canvas.setFillGray(grey)
            canvas.rect(x, fy, fw, fh, stroke=0, fill=1)
        _draw_text(canvas, texts + more, m)
        _draw_rules(canvas, cells, layout, habits)
        _furniture(canvas, size, n if n > 1 or habits.number_first else None, layout, habits, m)
        canvas.showPage()
    canvas.save()
    return path
