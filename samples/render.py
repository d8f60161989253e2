"""Render a lampiran dataset back into a PDF laid out like a regulation's Lampiran.

Why: the extractor is tested on PDFs whose true content is known. Rendering a dataset
(schemas/dataset.schema.json) with varied layouts gives variant PDFs it must read back
exactly, an "amended" PDF for the diff test, and a long document for the benchmark.
The layout copies samples/permendag-17-2024-lampiran.pdf. Text is wrapped and paginated
here, line by line, one Table per page: reportlab's own row splitting draws spanned
cells past the page bottom.

Usage: python samples/render.py DATASET.json OUT.pdf [--pagesize A4] [--portrait]
       [--font sans] [--font-size 8] [--ruling horizontal] [--header-year 2025] [--repeat N]
"""
from __future__ import annotations

import argparse
import copy
import functools
import importlib.util
import json
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

import reportlab
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (BaseDocTemplate, Flowable, Frame, NextPageTemplate, PageBreak,
                                PageTemplate, Paragraph, Spacer, Table, TableStyle)

from fuzz.spec import section_texts  # the section rows a dataset implies, one definition for every drawing

PAGESIZES = {"F4": (609.9874, 936.0), "A4": A4, "Letter": LETTER}  # portrait (w, h); F4 as in the reference
REFERENCE_WIDTHS = (31.2, 153.1, 70.9, 82.2, 113.4, 207.0, 164.4)  # measured on the reference PDF, in pt
MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli",
          "Agustus", "September", "Oktober", "November", "Desember")
HEADER_LABELS = {"no": "No.", "sasaran": "Sasaran Tahun {y}", "target": "Target {y}", "satuan": "Satuan",
                 "penanggung_jawab": "Penanggung Jawab", "aksi": "Aksi Tahun {y}",
                 "kegiatan": "Kegiatan", "keluaran": "Keluaran"}
CENTRED = (0, 2, 3)  # No, Target, Satuan are centred like the reference
EMPTY_PAIR = [([], [])]

# (source, regular, bold) TTFs per family, best first. Standard Type1 fonts (Times, Helvetica,
# Courier) lack "≤"/"≥", so each is a TTF that has them: a pip package (font-caladea, when
# installed), the system's DejaVu, then Bitstream Vera, which ships inside reportlab itself.
_FONT_CANDIDATES = {
    "serif": [("pkg:font_caladea", "Caladea-Regular.ttf", "Caladea-Bold.ttf"),
              ("system", "DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf")],
    "sans": [],
    "mono": [("system", "DejaVuSansMono.ttf", "DejaVuSansMono-Bold.ttf")],
}
_SYSTEM_FONT_DIRS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"))
_VERA = Path(reportlab.__file__).parent / "fonts"


@dataclass(frozen=True)
class Layout:
    """How to draw the table. Defaults reproduce the reference layout."""
    pagesize: str = "F4"            # "F4", "A4", "Letter"
    landscape: bool = True          # orientation of the Lampiran pages (the body page is portrait)
    font: str = "serif"             # "serif", "sans", "mono" (see font_files)
    font_size: float = 9
    col_widths: tuple[float, ...] | None = None  # 7 relative widths No..Keluaran; None = reference
    ruling: str = "grid"            # "grid", "horizontal" (no vertical lines), "none"
    header_year: int | None = None  # None = doc.tahun
    header_labels: dict | None = None  # overrides of HEADER_LABELS; "{y}" is the header year
    body_page: bool = True          # the portrait closing page of the regulation before the Lampiran
    margins: float = 40
    group_pj: bool = True           # group rows show their PJ (reference); False: title spans to the end


@functools.lru_cache(maxsize=None)
def font_files(font: str) -> tuple[Path, Path]:
    """The (regular, bold) TTFs a Layout.font resolves to on this machine."""
    for source, regular, bold in _FONT_CANDIDATES[font]:
        if source.startswith("pkg:"):
            spec = importlib.util.find_spec(source[4:])
            dirs = [Path(d) / "files" for d in (spec.submodule_search_locations or [])] if spec else []
        else:
            dirs = [p.parent for d in _SYSTEM_FONT_DIRS if d.is_dir() for p in d.rglob(regular)]
        for d in dirs:
            if (d / regular).is_file() and (d / bold).is_file():
                return d / regular, d / bold
    return _VERA / "Vera.ttf", _VERA / "VeraBd.ttf"


@functools.lru_cache(maxsize=None)
def register_font(font: str) -> tuple[str, str]:
    """Register the family with reportlab once; returns the (regular, bold) font names."""
    names = (f"Lampiran-{font}", f"Lampiran-{font}-Bold")
    for name, path in zip(names, font_files(font)):
        pdfmetrics.registerFont(TTFont(name, str(path)))
    pdfmetrics.registerFontFamily(names[0], normal=names[0], bold=names[1], italic=names[0], boldItalic=names[1])
    return names


class _Lines(Flowable):
    """Pre-wrapped lines drawn as they are: never re-wrapped, so their height is known in advance."""

    def __init__(self, lines: list[str], font: str, size: float, centred: bool = False):
        super().__init__()
        self.lines, self.font, self.size, self.centred = lines, font, size, centred

    def wrap(self, avail_width, avail_height):
        self.width, self.height = avail_width, len(self.lines) * self.size * 1.2
        return self.width, self.height

    def draw(self):
        self.canv.setFont(self.font, self.size)
        draw = self.canv.drawCentredString if self.centred else self.canv.drawString
        for i, line in enumerate(self.lines):  # baseline 0.3 size above the line's bottom: room for descenders
            draw(self.width / 2 if self.centred else 0, self.height - (i + 1) * self.size * 1.2 + self.size * 0.3, line)


@dataclass
class _Block:
    """One row of the document's table (section, group or data row) as wrapped lines per cell."""
    left: list[list[str]]                         # columns No, Sasaran, Target, Satuan, PJ
    pairs: list[tuple[list[str], list[str]]]      # (Kegiatan, Keluaran) per sub-row
    span: int | None = None                       # text in left[span] spans to the last column
    keep: bool = False                            # keep with the next block (section/group rows)


@dataclass
class _Geometry:
    """Column widths, fonts and spacing of one layout: wraps text and measures blocks."""
    layout: Layout
    width: float
    cut: list = field(default_factory=list)      # words wider than their column, printed cut

    def __post_init__(self):
        rel = self.layout.col_widths or REFERENCE_WIDTHS
        if len(rel) != 7:
            raise ValueError("col_widths needs 7 values: No, Sasaran, Target, Satuan, PJ, Kegiatan, Keluaran")
        self.cols = [self.width * w / sum(rel) for w in rel]
        self.regular, self.bold = register_font(self.layout.font)
        self.size, self.leading = self.layout.font_size, self.layout.font_size * 1.2
        self.pad = self.size * 0.3  # top/bottom cell padding; left/right is pad + 1

    def wrap(self, text, first: int, last: int | None = None, bold: bool = False) -> list[str]:
        """Greedy word wrap to the width of columns first..last; a word too wide is cut and recorded."""
        font, lines, line = self.bold if bold else self.regular, [], ""
        width = sum(self.cols[first:(last or first) + 1]) - 2 * (self.pad + 1) - 0.01
        fits = lambda s: pdfmetrics.stringWidth(s, font, self.size) <= width  # noqa: E731
        for word in str(text or "").split():
            if fits(f"{line} {word}".strip()):
                line = f"{line} {word}".strip()
                continue
            lines += [line] if line else []
            if not fits(word):
                self.cut.append(word)
                while not fits(word):
                    n = max([1] + [i for i in range(2, len(word)) if fits(word[:i])])
                    lines, word = lines + [word[:n]], word[n:]
            line = word
        return lines + ([line] if line else [])

    def cell_height(self, lines: int) -> float:
        return lines * self.leading + 2 * self.pad

    def height(self, b: _Block) -> float:
        """Height reportlab gives the block: the taller of the (spanned) left cells and the sub-rows."""
        pairs = sum(self.cell_height(max(len(k), len(v))) for k, v in b.pairs)
        return max(self.cell_height(max(map(len, b.left))), pairs)

    def split(self, b: _Block, avail: float) -> tuple[_Block, _Block] | None:
        """Cut a block at `avail` points: the lines that fit stay, the rest goes on the next page."""
        n = int((avail - 2 * self.pad) // self.leading)
        if n < 1 or b.span is not None:
            return None
        head, rest, used = [], list(b.pairs), 0.0
        while rest and used + self.cell_height(max(map(len, rest[0]))) <= avail:
            used += self.cell_height(max(map(len, rest[0])))
            head.append(rest.pop(0))
        m = int((avail - used - 2 * self.pad) // self.leading)
        if rest and m >= 1:  # the sub-row that does not fit breaks mid-text
            (k, v), rest[0] = rest[0], (rest[0][0][m:], rest[0][1][m:])
            head.append((k[:m], v[:m]))
        return (_Block([c[:n] for c in b.left], head or EMPTY_PAIR),
                _Block([c[n:] for c in b.left], rest or EMPTY_PAIR))


def _blocks(rows: list[dict], g: _Geometry) -> list[_Block]:
    """The dataset rows as table blocks, with the section and group rows they imply."""
    out = []
    for i, row in enumerate(rows):
        prev = rows[i - 1] if i else None
        for text in section_texts(row, prev):
            out.append(_Block([g.wrap(text, 0, 6, bold=True), [], [], [], []], EMPTY_PAIR, span=0, keep=True))
        keys = ("pilar", "sektor_code", "sub_sektor", "group_no")
        if row.get("group_no") is not None and (prev is None or any(row.get(k) != prev.get(k) for k in keys)):
            no, title = g.wrap(f"{row['group_no']}.", 0), f"{row.get('group_title') or ''}:"
            if g.layout.group_pj:  # as the reference: the group's PJ (its first row's) in the PJ column
                cells = [no, g.wrap(title, 1), [], [], g.wrap(row.get("penanggung_jawab"), 4)]
                out.append(_Block(cells, EMPTY_PAIR, keep=True))
            else:
                out.append(_Block([no, g.wrap(title, 1, 6), [], [], []], EMPTY_PAIR, span=1, keep=True))
        left = [g.wrap(f"{row['no']}.", 0), g.wrap(row["sasaran"], 1), g.wrap(row.get("target_raw"), 2),
                g.wrap(row.get("satuan"), 3), g.wrap(row.get("penanggung_jawab"), 4)]
        pairs = [(g.wrap(a.get("kegiatan"), 5), g.wrap(a.get("keluaran"), 6)) for a in row.get("aksi") or []]
        out.append(_Block(left, pairs or EMPTY_PAIR))
    return out


def _paginate(blocks: list[_Block], first: float, later: float, g: _Geometry) -> list[list[_Block]]:
    """Fill pages with `first`, then `later` points of table body, splitting the block at each page end."""
    pages, page, room, i = [], [], first, 0
    while i < len(blocks):
        b, h = blocks[i], g.height(blocks[i])
        if h + (g.cell_height(1) if b.keep else 0) <= room or (not page and h <= room):
            page, room, i = page + [b], room - h, i + 1  # a section/group row is not left alone at the end
            continue
        parts = None if b.keep else g.split(b, room)
        if parts:
            page, blocks[i] = page + [parts[0]], parts[1]
        elif not page:
            raise ValueError(f"a {h:.0f} pt row does not fit in {room:.0f} pt: use a smaller font or bigger page")
        pages, page, room = pages + [page], [], later
    return pages + [page] if page else pages


def _header(doc: dict, g: _Geometry) -> tuple[list, list]:
    """The two header rows and their spans: left five cells span both rows, Aksi spans two columns."""
    year = g.layout.header_year if g.layout.header_year is not None else doc["tahun"]
    labels = {k: v.format(y=year) for k, v in {**HEADER_LABELS, **(g.layout.header_labels or {})}.items()}
    st = ParagraphStyle("head", fontName=g.bold, fontSize=g.size, leading=g.leading, alignment=TA_CENTER)
    p = lambda k: Paragraph(escape(labels[k]), st)  # noqa: E731
    rows = [[p(k) for k in ("no", "sasaran", "target", "satuan", "penanggung_jawab", "aksi")] + [""],
            [""] * 5 + [p("kegiatan"), p("keluaran")]]
    spans = [("SPAN", (c, 0), (c, 1)) for c in range(5)] + [("SPAN", (5, 0), (6, 0))]
    return rows, spans + [("VALIGN", (0, 0), (-1, 1), "MIDDLE")]


def _page_table(blocks: list[_Block], head: tuple[list, list], g: _Geometry) -> Table:
    """One page of the table: the header rows, then each block's sub-rows with its spans."""
    data, cmds = list(head[0]), list(head[1])
    for b in blocks:
        r0, font = len(data), g.bold if b.span == 0 else g.regular
        left = [_Lines(lines, font, g.size, c in CENTRED and b.span != c) for c, lines in enumerate(b.left)]
        for i, (k, v) in enumerate(b.pairs):
            data.append((left if i == 0 else [""] * 5) + [_Lines(k, g.regular, g.size), _Lines(v, g.regular, g.size)])
        if b.span is not None:
            cmds.append(("SPAN", (b.span, r0), (6, r0)))
        elif len(b.pairs) > 1:
            cmds += [("SPAN", (c, r0), (c, len(data) - 1)) for c in range(5)]
    rules = {"grid": [("GRID", (0, 0), (-1, -1), 0.5, colors.black)], "none": [],
             "horizontal": [(f"LINE{w}", (0, 0), (-1, -1), 0.5, colors.black) for w in ("ABOVE", "BELOW")]}
    pads = [(f"{s}PADDING", (0, 0), (-1, -1), g.pad + (s in ("LEFT", "RIGHT")))
            for s in ("LEFT", "RIGHT", "TOP", "BOTTOM")]
    style = TableStyle(cmds + rules[g.layout.ruling] + pads + [("VALIGN", (0, 2), (-1, -1), "TOP")])
    return Table(data, colWidths=g.cols, style=style, splitByRow=0)  # never split: pages are made above


def body_story(doc: dict, g: _Geometry, width: float) -> list:
    """The closing page of the regulation body: last Pasal, Ditetapkan and Diundangkan blocks."""
    words, date = doc["jenis"].split(), doc.get("ditetapkan")
    short, signer = " ".join(words[:2]), " ".join(words[1:]).upper()  # "Peraturan Menteri", "MENTERI PERDAGANGAN"
    if date:
        y, m, d = (int(x) for x in date.split("-"))
        date = f"{d} {MONTHS[m - 1]} {y}"
    text = ParagraphStyle("text", fontName=g.regular, fontSize=g.size, leading=g.leading)
    right, centre = (ParagraphStyle(n, parent=text, leftIndent=i, alignment=a) for n, i, a in
                     (("right", width * 0.45, 0), ("centre", 0, TA_CENTER)))
    lines = [("Pasal 4", centre), "", (f"{short} ini mulai berlaku pada tanggal diundangkan.", text),
             (f"Agar setiap orang mengetahuinya, memerintahkan pengundangan {short} ini dengan penempatannya "
              "dalam Berita Negara Republik Indonesia.", text), "", "", ("Ditetapkan di Jakarta", right),
             (f"pada tanggal {date or ''}", right), "", (signer, right), ("REPUBLIK INDONESIA,", right), "", "",
             (doc.get("penandatangan") or "", right), "", ("Diundangkan di Jakarta", text), ("pada tanggal", text),
             "", (f"BERITA NEGARA REPUBLIK INDONESIA TAHUN {doc['tahun']} NOMOR", text)]
    return [Paragraph(escape(ln[0]), ln[1]) if ln else Spacer(0, g.leading) for ln in lines]


def lampiran_heading(doc: dict, g: _Geometry) -> list:
    """The heading block at top right of the first Lampiran page and the centred bold title."""
    right = ParagraphStyle("heading", fontName=g.regular, fontSize=g.size, leading=g.leading, leftIndent=g.width * 0.6)
    title = ParagraphStyle("title", parent=right, fontName=g.bold, leftIndent=0, alignment=TA_CENTER)
    lines = ["LAMPIRAN", doc["jenis"].upper(), "REPUBLIK INDONESIA",
             f"NOMOR {doc['nomor']} TAHUN {doc['tahun']}", "TENTANG", doc["judul"].upper()]
    return ([Paragraph(escape(ln), right) for ln in lines] + [Spacer(0, g.leading * 1.5),
            Paragraph(escape(doc["judul"].upper()), title), Spacer(0, g.leading * 1.5)])


def _geometry(layout: Layout) -> tuple[_Geometry, tuple[float, float]]:
    """The table geometry and the Lampiran page size (w, h) for a layout."""
    if (layout.pagesize not in PAGESIZES or layout.ruling not in ("grid", "horizontal", "none")
            or layout.font not in _FONT_CANDIDATES):
        raise ValueError(f"unknown pagesize, ruling or font in {layout}")
    w, h = PAGESIZES[layout.pagesize]
    lamp = (h, w) if layout.landscape else (w, h)
    return _Geometry(layout, lamp[0] - 2 * layout.margins), lamp


def render_pdf(dataset: dict, path: str | Path, layout: Layout = Layout(), password: str | None = None) -> Path:
    """Write the dataset as a Lampiran PDF at `path` (encrypted with `password` when given); returns the path."""
    (g, lamp), doc, m, path = _geometry(layout), dataset["doc"], layout.margins, Path(path)
    frame_h = lamp[1] - 2 * m - layout.font_size * 2  # room above the frame for the page number
    head, heading = _header(doc, g), lampiran_heading(doc, g)
    body = frame_h - _page_table([], head, g).wrap(g.width, 1e6)[1] - 1  # 1 pt slack against rounding
    first = body - sum(f.wrap(g.width, 1e6)[1] for f in heading)
    story = list(heading)
    for i, blocks in enumerate(_paginate(_blocks(dataset["rows"], g), first, body, g)):
        story += ([PageBreak()] if i else []) + [_page_table(blocks, head, g)]
    skip = 1 if layout.body_page else 0  # pages before the Lampiran

    def number(text_of_page):  # onPage callback: "- n -" at top centre
        return lambda canvas, _: (canvas.setFont(g.regular, g.size), canvas.drawCentredString(
            canvas._pagesize[0] / 2, canvas._pagesize[1] - m * 0.75, text_of_page(canvas.getPageNumber())))
    templates = [PageTemplate("lampiran", [Frame(m, m, g.width, frame_h, 0, 0, 0, 0)], pagesize=lamp,
                              onPage=number(lambda n: f"- {n - skip} -" if n - skip >= 2 else ""))]
    if layout.body_page:
        portrait = PAGESIZES[layout.pagesize]
        frame = Frame(m, m, portrait[0] - 2 * m, portrait[1] - 2 * m - layout.font_size * 2, 0, 0, 0, 0)
        templates.insert(0, PageTemplate("body", [frame], pagesize=portrait, onPage=number(lambda n: "- 2 -")))
        story = body_story(doc, g, frame.width) + [NextPageTemplate("lampiran"), PageBreak()] + story
    BaseDocTemplate(str(path), pagesize=templates[0].pagesize, pageTemplates=templates, invariant=1, encrypt=password,
                    title=f"Lampiran {doc['jenis']} Nomor {doc['nomor']} Tahun {doc['tahun']}").build(story)
    return path


def cut_words(dataset: dict, layout: Layout = Layout()) -> list[str]:
    """Words too wide for their column under `layout`. They are printed cut over two lines, which
    no extractor can undo exactly: tests that demand exact read-back should expect this empty."""
    g = _geometry(layout)[0]
    _blocks(dataset["rows"], g)
    return g.cut


def repeat_rows(dataset: dict, times: int) -> dict:
    """The dataset with its rows repeated `times` times, seq renumbered 1..n (for the long benchmark)."""
    rows = [copy.deepcopy(r) for _ in range(times) for r in dataset["rows"]]
    for i, r in enumerate(rows, 1):
        r["seq"] = i
        r.pop("pages", None)  # the source's page numbers no longer hold
    return {**dataset, "rows": rows}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dataset"), ap.add_argument("out")
    ap.add_argument("--pagesize", default="F4", choices=sorted(PAGESIZES))
    ap.add_argument("--portrait", action="store_true", help="portrait Lampiran pages")
    ap.add_argument("--font", default="serif", choices=sorted(_FONT_CANDIDATES))
    ap.add_argument("--font-size", type=float, default=9)
    ap.add_argument("--col-widths", help="7 comma-separated relative widths No..Keluaran")
    ap.add_argument("--ruling", default="grid", choices=["grid", "horizontal", "none"])
    ap.add_argument("--header-year", type=int)
    ap.add_argument("--no-body-page", action="store_true")
    ap.add_argument("--repeat", type=int, default=1, help="repeat the rows N times")
    a = ap.parse_args(argv)
    dataset = json.loads(Path(a.dataset).read_text(encoding="utf-8"))
    dataset = repeat_rows(dataset, a.repeat) if a.repeat > 1 else dataset
    layout = Layout(a.pagesize, not a.portrait, a.font, a.font_size,
                    tuple(float(x) for x in a.col_widths.split(",")) if a.col_widths else None,
                    a.ruling, a.header_year, body_page=not a.no_body_page)
    print(render_pdf(dataset, a.out, layout))
    if cut := cut_words(dataset, layout):
        print(f"note: {len(cut)} words too wide for their column are printed cut: {', '.join(cut[:5])}")


if __name__ == "__main__":
    main()
