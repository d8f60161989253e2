"""The "libreoffice" producer: a Word document (python-docx) turned into PDF by LibreOffice Writer.

Why: most Lampiran PDFs come out of an office suite. Writer lays the table out itself: a real Word table
with vertically merged cells (the two-row header, the five left cells over a row's Kegiatan/Keluaran
sub-rows), horizontally merged ones (section and group rows, "Aksi" over Kegiatan | Keluaran), header rows
marked to repeat, rows free to break across pages, and borders drawn the way Writer draws them. Nothing is
wrapped or paginated here: only column widths are widened where a word would not fit (Writer would cut it,
measured with fontTools in the very font files fontconfig gives Writer), and invisible characters keep
Writer from breaking a line where the dataset has no space (`unbreakable`).

Needs the `soffice` program (Debian: libreoffice-writer-nogui, which brings fonts-liberation) and fontTools.
"""
from __future__ import annotations

import functools
import random
import shutil
import subprocess
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.shared import Pt

from fuzz.spec import (PAPERS, DataRow, FuzzLayout, GroupRow, SectionRow, closing_lines, heading_lines,
                       furniture, table_entries, title_line, unbreakable_units)

# FuzzLayout values this producer cannot honour as asked, and why.
PRODUCER_LIMITS = (
    # Writer draws every border as a stroked line; a docx cannot ask for borders painted as filled
    # rectangles, so rules="filled" is drawn as "grid".
    "rules=filled",
    # Writer merges the borders of neighbouring cells into one line (it has no cell spacing), so
    # rules="boxes" (each cell given its own four borders) prints like "grid" on the page.
    "rules=boxes",
)

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
FAMILIES = {"serif": ("Liberation Serif", "DejaVu Serif"), "sans": ("Liberation Sans", "DejaVu Sans"),
            "mono": ("Liberation Mono", "DejaVu Sans Mono")}
HEADER_FILL, ROW_FILL = "D9D9D9", "EFEFEF"
WORD_JOINER = "\u2060"  # no break after "/" or "-" inside a word: Writer prints nothing for it
NO_BREAK_SPACE = "\u00a0"  # no break between "aspek-" and "aspek" (see `spec.unbreakable_units`)
NUMBER_COLUMNS = (0, 2, 3)  # No., Target, Satuan follow layout.align_numbers
SOFFICE_TIMEOUT = 180  # s


def twips(pt: float) -> int:
    """Points to twentieths of a point, the unit of most docx lengths."""
    return round(pt * 20)


def eighths(pt: float) -> int:
    """Border width in eighths of a point, within what Word accepts (2..96)."""
    return max(2, min(96, round(pt * 8)))


@functools.lru_cache(maxsize=None)
def font_file(family: str, bold: bool = False) -> Path | None:
    """The TTF fontconfig gives for `family` (bold or not), or None when the family is not installed."""
    try:
        out = subprocess.run(["fc-match", "-f", "%{family}\n%{file}", f"{family}:{'bold' if bold else 'regular'}"],
                             capture_output=True, text=True, check=True).stdout.splitlines()
    except (OSError, subprocess.CalledProcessError):
        return None
    return Path(out[1]) if len(out) == 2 and family in out[0].split(",") else None


def families(layout: FuzzLayout) -> list[str]:
    """The installed families of the layout's font kind, the one the seed picks first."""
    installed = [f for f in FAMILIES[layout.font] if font_file(f) and font_file(f, True)]
    if not installed:
        raise RuntimeError(f"no {layout.font} font installed: want one of {FAMILIES[layout.font]}")
    first = random.Random(layout.seed * 31 + 7).choice(installed)
    return [first] + [f for f in installed if f != first]


@functools.lru_cache(maxsize=None)
def _metrics(path: Path) -> tuple[dict, dict, float]:
    """(cmap, advance widths, units per em) of a TTF."""
    from fontTools.ttLib import TTFont

    font = TTFont(str(path), lazy=True)
    return font.getBestCmap(), {k: v[0] for k, v in font["hmtx"].metrics.items()}, font["head"].unitsPerEm


def text_width(text: str, family: str, size: float, bold: bool = False) -> float:
    """Width in pt of `text` set in `family` at `size` (advance widths, no kerning)."""
    cmap, adv, upm = _metrics(font_file(family, bold))
    return sum(adv.get(cmap.get(ord(c), ".notdef"), upm // 2) for c in text) * size / upm


def fit_widths(rel: tuple[float, ...], total: float, mins: list[float]) -> list[float]:
    """Widths in the ratio `rel` that add up to `total`, except that none is below its `mins`
    (those are set to their minimum and the rest share what is left in their ratio)."""
    fixed: dict[int, float] = {}
    while True:
        free = [i for i in range(len(rel)) if i not in fixed]
        room = total - sum(fixed.values())
        if not free or room <= 0:
            raise ValueError(f"the longest words need {sum(mins):.0f} pt, the page has {total:.0f} pt")
        scale = room / sum(rel[i] for i in free)
        short = [i for i in free if rel[i] * scale < mins[i]]
        if not short:
            return [fixed.get(i, rel[i] * scale) for i in range(len(rel))]
        fixed.update((i, mins[i]) for i in short)


def cell_texts(entry) -> list[tuple[int, str, bool]]:
    """(column, text, bold) of every text an entry puts in one column's width (spanning ones excluded)."""
    if isinstance(entry, DataRow):
        left = [(c, t, False) for c, t in enumerate((entry.no, entry.sasaran, entry.target, entry.satuan,
                                                     entry.penanggung_jawab))]
        return left + [(5 + i, t, False) for pair in entry.pairs for i, t in enumerate(pair)]
    if isinstance(entry, GroupRow):
        return [(0, entry.no, False)]
    return []


def column_widths(entries, labels: dict, layout: FuzzLayout, family: str, total: float) -> list[float]:
    """Column widths (pt) from layout.col_widths, each wide enough for its longest word, header words
    (bold) included. The No. column only has to hold its header: a long number there may wrap."""
    slack = 2 * layout.padding + layout.rule_width + 1  # the border's inner half on each side, rounding
    mins = [0.0] * 7
    words = [(c, w, b) for e in entries for c, t, b in cell_texts(e) if c for w in unbreakable_units(t) if w]
    words += [(c, w, True) for c, key in enumerate(("no", "sasaran", "target", "satuan", "penanggung_jawab",
                                                    "kegiatan", "keluaran")) for w in labels[key].split()]
    for c, w, b in set(words):
        mins[c] = max(mins[c], text_width(w, family, layout.font_size, b) * 1.01 + slack)
    aksi = max(text_width(w, family, layout.font_size, True) for w in labels["aksi"].split()) + slack
    mins[5] = max(mins[5], aksi - mins[6])
    return fit_widths(layout.col_widths, total, mins)


def fitting_family(entries, labels: dict, layout: FuzzLayout, total: float) -> tuple[str, list[float]]:
    """The seed's family and its column widths or, when its longest words do not fit across the page, the
    first other family of the same kind whose words do."""
    error = None
    for family in families(layout):
        try:
            return family, column_widths(entries, labels, layout, family, total)
        except ValueError as e:
            error = e
    raise error


def unbreakable(text: str) -> str:
    """`text` as Writer must get it to break lines only where the dataset's words allow: a word joiner
    after each "/", "-" or "–" inside a word, a no-break space inside a unit (`spec.unbreakable_units`: Writer breaks after
    any ordinary space, word joiner or not). The no-break space prints as a space: pdfium reads it as one,
    pdfplumber as U+00A0."""
    pieces = []
    for unit in unbreakable_units(text):
        chars = []
        for i, ch in enumerate(unit):
            chars.append(NO_BREAK_SPACE if ch == " " else ch)
            if ch in "/-–" and i < len(unit) - 1 and unit[i + 1] != " ":
                chars.append(WORD_JOINER)
        pieces.append("".join(chars))
    return " ".join(pieces)


def run_xml(text: str, bold: bool = False) -> str:
    """A w:r holding `text` exactly (spaces kept)."""
    rpr = "<w:rPr><w:b/><w:bCs/></w:rPr>" if bold else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{escape(unbreakable(text))}</w:t></w:r>' if text else ""


def para_xml(text: str, align: str = "left", bold: bool = False) -> str:
    """A w:p with no spacing around it, aligned "left" or "center"."""
    return (f'<w:p><w:pPr><w:spacing w:before="0" w:after="0"/><w:jc w:val="{align}"/></w:pPr>'
            f"{run_xml(text, bold)}</w:p>")


def borders_xml(tag: str, sides: dict[str, str], width: float) -> str:
    """A border element (w:tblBorders or w:tcBorders) with each side's style ("nil" for none)."""
    def side(name, val):
        if val == "nil":
            return f'<w:{name} w:val="nil"/>'
        return f'<w:{name} w:val="{val}" w:sz="{eighths(width)}" w:space="0" w:color="000000"/>'
    return f"<w:{tag}>{''.join(side(n, v) for n, v in sides.items())}</w:{tag}>"


def table_borders(rules: str) -> dict[str, str]:
    """The table's borders (outer sides and inside lines) for a rule style."""
    outer, inner = {"grid": ("single", "single"), "filled": ("single", "single"), "boxes": ("nil", "nil"),
                    "none": ("nil", "nil"), "double-frame": ("double", "single"),
                    "dashed": ("dashed", "dashed")}.get(rules, ("single", "single"))
    sides = {s: outer for s in ("top", "left", "bottom", "right")} | {"insideH": inner, "insideV": inner}
    if rules == "horizontal":
        sides |= {"left": "nil", "right": "nil", "insideV": "nil"}
    return sides


@functools.lru_cache(maxsize=None)
def _cell_borders(rules: str, width: float) -> str:
    """Per-cell borders: "boxes" gives every cell its own four sides; other styles leave it to the table."""
    if rules != "boxes":
        return ""
    return borders_xml("tcBorders", {s: "single" for s in ("top", "left", "bottom", "right")}, width)


def cell_xml(layout: FuzzLayout, width: float, text: str = "", *, span: int = 1, vmerge: str | None = None,
             align: str = "left", bold: bool = False, valign: str = "top", fill: str | None = None) -> str:
    """A w:tc: `vmerge` "restart" opens a vertical merge, "continue" extends the one above."""
    pr = f'<w:tcW w:w="{twips(width)}" w:type="dxa"/>'
    pr += f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
    pr += f'<w:vMerge w:val="{vmerge}"/>' if vmerge == "restart" else "<w:vMerge/>" if vmerge else ""
    pr += _cell_borders(layout.rules, layout.rule_width)
    pr += f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>' if fill else ""
    pr += f'<w:vAlign w:val="{"center" if valign == "middle" else valign}"/>'
    body = para_xml("", align) if vmerge == "continue" else para_xml(text, align, bold)
    return f"<w:tc><w:tcPr>{pr}</w:tcPr>{body}</w:tc>"


def row_xml(cells: list[str], header: bool = False) -> str:
    """A w:tr, marked as a repeating header row when `header`; every row may break across pages."""
    return f"<w:tr>{'<w:trPr><w:tblHeader/></w:trPr>' if header else ''}{''.join(cells)}</w:tr>"


def header_rows(layout: FuzzLayout, cols: list[float], labels: dict) -> list[str]:
    """The two header rows: the five left titles merged over both, "Aksi" over Kegiatan | Keluaran."""
    kw = dict(align="center", bold=True, valign="middle", fill=HEADER_FILL if layout.shaded_header else None)
    keys = ("no", "sasaran", "target", "satuan", "penanggung_jawab")
    first = [cell_xml(layout, cols[c], labels[k], vmerge="restart", **kw) for c, k in enumerate(keys)]
    first.append(cell_xml(layout, cols[5] + cols[6], labels["aksi"], span=2, **kw))
    second = [cell_xml(layout, cols[c], vmerge="continue", **kw) for c in range(5)]
    second += [cell_xml(layout, cols[5], labels["kegiatan"], **kw), cell_xml(layout, cols[6], labels["keluaran"], **kw)]
    repeat = layout.header_repeat
    return [row_xml(first, repeat), row_xml(second, repeat)]


def body_rows(entry, layout: FuzzLayout, cols: list[float], fill: str | None) -> list[str]:
    """The w:tr rows of one table entry: a section or group row, or a data row's sub-rows."""
    num = "center" if layout.align_numbers == "center" else "left"
    kw = dict(valign=layout.valign, fill=fill)
    if isinstance(entry, SectionRow):
        return [row_xml([cell_xml(layout, sum(cols), entry.text, span=7, bold=True, **kw)])]
    if isinstance(entry, GroupRow):
        return [row_xml([cell_xml(layout, cols[0], entry.no, align=num, **kw),
                         cell_xml(layout, sum(cols[1:]), entry.title, span=6, **kw)])]
    left = (entry.no, entry.sasaran, entry.target, entry.satuan, entry.penanggung_jawab)
    merge = "restart" if len(entry.pairs) > 1 else None
    rows = []
    for i, (kegiatan, keluaran) in enumerate(entry.pairs):
        cells = [cell_xml(layout, cols[c], t, vmerge=merge if i == 0 else "continue",
                          align=num if c in NUMBER_COLUMNS else "left", **kw) for c, t in enumerate(left)]
        cells += [cell_xml(layout, cols[5], kegiatan, **kw), cell_xml(layout, cols[6], keluaran, **kw)]
        rows.append(row_xml(cells))
    return rows


def table_xml(entries, layout: FuzzLayout, cols: list[float], labels: dict) -> str:
    """The whole w:tbl: fixed column grid, cell padding, borders, header rows, then the body."""
    pad = twips(layout.padding)
    pr = (f'<w:tblW w:w="{twips(sum(cols))}" w:type="dxa"/>'
          + borders_xml("tblBorders", table_borders(layout.rules), layout.rule_width)
          + '<w:tblLayout w:type="fixed"/><w:tblCellMar>'
          + "".join(f'<w:{s} w:w="{pad}" w:type="dxa"/>' for s in ("top", "left", "bottom", "right"))
          + '</w:tblCellMar><w:tblLook w:val="0000"/>')
    grid = "".join(f'<w:gridCol w:w="{twips(w)}"/>' for w in cols)
    rows = header_rows(layout, cols, labels)
    for i, entry in enumerate(entries):
        rows += body_rows(entry, layout, cols, ROW_FILL if layout.shaded_rows and i % 2 else None)
    return f"<w:tbl {W}><w:tblPr>{pr}</w:tblPr><w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"


def set_defaults(doc, family: str, size: float) -> None:
    """Every run in `family` at `size`, paragraphs single-spaced with no space after, no hyphenation."""
    styles = doc.styles.element
    for el in styles.xpath("w:docDefaults"):
        styles.remove(el)
    half = round(size * 2)
    styles.insert(0, parse_xml(
        f'<w:docDefaults {W}><w:rPrDefault><w:rPr><w:rFonts w:ascii="{family}" w:hAnsi="{family}" '
        f'w:eastAsia="{family}" w:cs="{family}"/><w:sz w:val="{half}"/><w:szCs w:val="{half}"/>'
        '<w:lang w:val="id-ID"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>'
        '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>'))
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = family, Pt(size)
    normal.paragraph_format.space_after = normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    settings = doc.settings.element
    for el in settings.xpath("w:autoHyphenation"):
        settings.remove(el)
    settings.append(parse_xml(f'<w:autoHyphenation {W} w:val="false"/>'))


def set_page(section, layout: FuzzLayout, landscape: bool) -> float:
    """Paper, orientation and margins of a section; returns its text width in pt."""
    w, h = PAPERS[layout.paper]
    w, h = (h, w) if landscape else (w, h)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Pt(w), Pt(h)
    m = Pt(layout.margin)
    section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = m
    section.header_distance = section.footer_distance = Pt(layout.margin * 0.35)
    return w - 2 * layout.margin


def _field_paragraph(form: str, align: str) -> str:
    """A paragraph holding the page number as a PAGE field inside `form` ("- {n} -")."""
    before, after = form.split("{n}")
    field = '<w:fldSimple w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>'
    return (f'<w:p {W}><w:pPr><w:spacing w:before="0" w:after="0"/><w:jc w:val="{align}"/></w:pPr>'
            f"{run_xml(before)}{field}{run_xml(after)}</w:p>")


def fill_margins(section, layout: FuzzLayout, spots: dict, numbered_first: bool) -> None:
    """Header and footer of a section: running head on every page, page number on all but, unless
    `numbered_first`, the section's first page."""
    section.different_first_page_header_footer = not numbered_first
    parts = [(section.header, True, True), (section.footer, False, True)]
    if not numbered_first:
        parts += [(section.first_page_header, True, False), (section.first_page_footer, False, False)]
    for part, top, numbered in parts:
        part.is_linked_to_previous = False
        el = part._element
        for p in list(el):
            el.remove(p)
        if layout.running_head and spots["head_top"] == top:
            el.append(parse_xml(para_xml(layout.running_head, spots["head_align"]).replace("<w:p>", f"<w:p {W}>", 1)))
        if layout.page_numbers and numbered and spots["number_top"] == top:
            el.append(parse_xml(_field_paragraph(spots["number_form"], spots["number_align"])))
        if not len(el):
            el.append(parse_xml(f"<w:p {W}/>"))


def closing_page(doc, dataset: dict, width: float) -> None:
    """The regulation's closing page: `closing_lines`, the signature block in the right half."""
    for align, text in closing_lines(dataset["doc"]):
        p = doc.add_paragraph()
        if text:
            p.add_run(text)
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER if align == "center" else WD_ALIGN_PARAGRAPH.LEFT
        if align == "right":
            p.paragraph_format.left_indent = Pt(width / 2)


def lampiran_heading(doc, layout: FuzzLayout, dataset: dict, family: str, width: float) -> None:
    """The heading block at the top right (lines left-aligned within it), then the centred bold title."""
    lines = heading_lines(dataset["doc"])
    longest = max(text_width(t, family, layout.font_size) for t in lines)
    indent = min(width * 0.6, max(width * 0.4, width - longest - layout.font_size))
    for text in lines:
        p = doc.add_paragraph(text)
        p.paragraph_format.left_indent = Pt(indent)
    doc.add_paragraph()
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run(title_line(dataset["doc"])).bold = True
    doc.add_paragraph()


def build_docx(dataset: dict, layout: FuzzLayout, path: Path) -> Path:
    """The Lampiran (after the closing page when layout.body_page) as a .docx at `path`."""
    doc, year = Document(), dataset["doc"]["tahun"]
    entries = table_entries(dataset["rows"])
    labels = {k: layout.label(k, year) for k in
              ("no", "sasaran", "target", "satuan", "penanggung_jawab", "aksi", "kegiatan", "keluaran")}
    w, h = PAPERS[layout.paper]
    family, cols = fitting_family(entries, labels, layout, (h if layout.landscape else w) - 2 * layout.margin)
    doc.core_properties.title = doc.core_properties.author = doc.core_properties.comments = ""
    set_defaults(doc, family, layout.font_size)
    spots = furniture(layout)
    section = doc.sections[0]
    if layout.body_page:
        width = set_page(section, layout, landscape=False)
        closing_page(doc, dataset, width)
        section._sectPr.append(parse_xml(f'<w:pgNumType {W} w:start="{spots["body_number"]}"/>'))
        fill_margins(section, layout, spots, numbered_first=True)
        section = doc.add_section(WD_SECTION.NEW_PAGE)
        for el in section._sectPr.xpath("w:pgNumType"):
            section._sectPr.remove(el)
    width = set_page(section, layout, layout.landscape)
    section._sectPr.append(parse_xml(f'<w:pgNumType {W} w:start="1"/>'))
    fill_margins(section, layout, spots, numbered_first=False)
    lampiran_heading(doc, layout, dataset, family, width)
    body = doc.element.body
    body.sectPr.addprevious(parse_xml(table_xml(entries, layout, cols, labels)))
    tail = doc.add_paragraph()  # Word wants a paragraph after a table; keep it tiny so it adds no page
    tail.paragraph_format.line_spacing = Pt(1)
    tail.add_run().font.size = Pt(1)
    doc.save(str(path))
    return path


def convert(docx: Path, pdf: Path) -> Path:
    """LibreOffice headless: `docx` to `pdf`, with a private profile so parallel runs do not collide."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise RuntimeError("LibreOffice is not installed (Debian: apt-get install libreoffice-writer-nogui)")
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile, \
            tempfile.TemporaryDirectory(prefix="lo-out-") as out:
        cmd = [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
               "--convert-to", "pdf", "--outdir", out, str(docx)]
        run = subprocess.run(cmd, capture_output=True, text=True, timeout=SOFFICE_TIMEOUT)
        made = Path(out) / (docx.stem + ".pdf")
        if not made.is_file():
            raise RuntimeError(f"soffice made no PDF (exit {run.returncode}): {run.stderr.strip()[-500:]}")
        shutil.move(str(made), pdf)
    return pdf


def draw_libreoffice(dataset: dict, layout: FuzzLayout, path: Path) -> Path:
    """Draw `dataset` as a Lampiran PDF at `path` through a .docx and LibreOffice Writer."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lampiran-docx-") as tmp:
        docx = build_docx(dataset, layout, Path(tmp) / "lampiran.docx")
        return convert(docx, path)
