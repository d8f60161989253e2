"""The "chromium" and "weasyprint" producers: one HTML+CSS page of the Lampiran, printed by a browser engine.

Why: many Lampiran PDFs are printed from a web page. A browser lays a table out its own way: it wraps the
text, breaks rows (and the cells spanning them) across pages where its own pagination puts the page end,
repeats a <thead> on every page and draws borders its own way (Chromium fills solid borders as thin
rectangles, strokes a cell's own uniform box and draws dashes as paths; WeasyPrint strokes collapsed borders
and fills a cell's own box as a frame; it ends a cell spanning rows, box and all, on the page the break cuts
it on). Both producers print the very same HTML (`build_html`): only the engine
differs. Nothing is wrapped or paginated here (spec.draw has already widened any column too narrow for one
of its words: a browser would print such a word across the next column).

rules="filled" cannot be asked of CSS borders (each engine draws those its own way), so there the table gets
thin rule cells of its own, black backgrounds between the content cells (`_ruled`), as some HTML exporters
do: every rule is then a filled rectangle in both engines.

Choices the layout leaves open (where the page number and the running head go) are drawn from the seed.

Needs: Chromium (Debian: chromium) for draw_chromium; the weasyprint package (and its Pango libraries) for
draw_weasyprint; the DejaVu fonts (Debian: fonts-dejavu-core) for both.
"""
from __future__ import annotations

import html
import random
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from fuzz.spec import (PAPERS, DataRow, FuzzLayout, GroupRow, SectionRow, closing_lines, heading_lines,
                       table_entries, title_line)

# Producer -> FuzzLayout fields it cannot honour as asked, and why.
PRODUCER_LIMITS: dict[str, tuple[str, ...]] = {
    # Chromium floors every border width to whole CSS px (1 px = 0.75 pt, at least 1 px), whatever the
    # device scale: rule_width 0.25, 0.5, 0.75 and 1.0 all print 0.75 pt wide. rules="filled" (rule cells,
    # not borders) is drawn at the asked width.
    "chromium": ("rule_width",),
    "weasyprint": (),
}

UNBREAKING = set(".,:;()%'\"")  # no line may break inside a word at these (Unicode line breaking, UAX #14)
FAMILIES = {"serif": "DejaVu Serif", "sans": "DejaVu Sans", "mono": "DejaVu Sans Mono"}
GENERIC = {"serif": "serif", "sans": "sans-serif", "mono": "monospace"}
HEADER_FILL, ROW_FILL = "#d9d9d9", "#efefef"
CHROMIUM_TIMEOUT = 180  # s
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--no-pdf-header-footer")


@dataclass(frozen=True)
class Cell:
    """One HTML table cell: its inner HTML, spans and CSS classes."""

    inner: str = ""
    colspan: int = 1
    rowspan: int = 1
    cls: str = ""
    tag: str = "td"


@dataclass(frozen=True)
class Furniture:
    """What the layout does not fix, drawn from the seed: where page numbers and the running head go."""

    number_box: str   # "top-center" ("- n -") or "bottom-center" / "bottom-right" ("n")
    head_box: str     # the margin box of the running head


def furniture(layout: FuzzLayout) -> Furniture:
    """The seed's page furniture: same seed, same places."""
    rnd = random.Random(layout.seed * 7349 + 11)
    number = rnd.choice(["top-center", "top-center", "bottom-center", "bottom-right"])
    free = [b for b in ("top-left", "top-right", "bottom-left", "bottom-right") if b != number]
    return Furniture(number, rnd.choice(free))


def words(text: str) -> str:
    """Escaped text whose words never break inside: a word holding a break chance ("Kab/Kota", "Non-USO")
    is kept whole as an inline-block, so lines break at spaces only, as the text was written. (Not a nowrap
    span: WeasyPrint then breaks lines too early and will not break before such a span at all. Inline-blocks
    too make it break a line early now and then, so only words that need one get one.)"""
    out = []
    for w in str(text or "").split():
        e = html.escape(w)
        out.append(e if all(ch.isalnum() or ch in UNBREAKING for ch in w) else f'<span class="nw">{e}</span>')
    return " ".join(out)


def cut_anywhere(text: str) -> str:
    """Escaped text for the No. column, which may break anywhere ("10.2." over two lines when narrow)."""
    return html.escape(str(text or "").strip())


def page_size(layout: FuzzLayout, landscape: bool) -> tuple[float, float]:
    """(width, height) in pt of the layout's paper in the given orientation."""
    w, h = PAPERS[layout.paper]
    return (h, w) if landscape else (w, h)


def table_width(layout: FuzzLayout) -> float:
    """Width in pt between the Lampiran pages' left and right margins: the table's width."""
    return page_size(layout, layout.landscape)[0] - 2 * layout.margin


def column_widths(layout: FuzzLayout) -> list[float]:
    """The seven column widths in pt: the relative widths scaled to the table's width (less the rule columns
    when rules are drawn as cells)."""
    width = table_width(layout) - (8 * layout.rule_width if layout.rules == "filled" else 0)
    return [width * w / sum(layout.col_widths) for w in layout.col_widths]


def header_rows(layout: FuzzLayout, year: int) -> list[list[Cell]]:
    """The two header rows: five left titles spanning both, "Aksi" over Kegiatan | Keluaran."""
    def th(key, **kw):
        text = layout.label(key, year)
        if key == "no":
            return Cell(cut_anywhere(text), cls="no", tag="th", **kw)
        return Cell(words(text), tag="th", **kw)
    top = [th(k, rowspan=2) for k in ("no", "sasaran", "target", "satuan", "penanggung_jawab")]
    return [top + [th("aksi", colspan=2)], [th("kegiatan"), th("keluaran")]]


def entry_rows(entry: SectionRow | GroupRow | DataRow, shade: bool) -> list[list[Cell]]:
    """The table rows of one entry: a section row, a group row, or a data row with its sub-rows."""
    if isinstance(entry, SectionRow):
        return [[Cell(words(entry.text), colspan=7, cls="sec")]]
    if isinstance(entry, GroupRow):
        return [[Cell(cut_anywhere(entry.no), cls="no num"), Cell(words(entry.title), colspan=6, cls="grp")]]
    extra = " shade" if shade else ""
    n = len(entry.pairs)
    left = [Cell(cut_anywhere(entry.no), rowspan=n, cls="no num" + extra)]
    left += [Cell(words(t), rowspan=n, cls=c + extra) for t, c in
             ((entry.sasaran, ""), (entry.target, "num"), (entry.satuan, "num"), (entry.penanggung_jawab, ""))]
    rows = [[Cell(words(k), cls=extra.strip()), Cell(words(v), cls=extra.strip())] for k, v in entry.pairs]
    rows[0] = left + rows[0]
    return rows


def body_rows(dataset: dict, layout: FuzzLayout) -> list[list[Cell]]:
    """Every table body row of the dataset, every other data row shaded when the layout asks."""
    out, n = [], 0
    for entry in table_entries(dataset["rows"]):
        shade = isinstance(entry, DataRow) and layout.shaded_rows and n % 2 == 1
        n += isinstance(entry, DataRow)
        out += entry_rows(entry, shade)
    return out


def place(rows: list[list[Cell]]) -> list[tuple[int, int, Cell]]:
    """(row, column, cell) of every cell, as the HTML table model places them (spans skip taken slots)."""
    taken, out = set(), []
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            out.append((r, c, cell))
            taken |= {(r + i, c + j) for i in range(cell.rowspan) for j in range(cell.colspan)}
            c += cell.colspan
    return out


def _ruled(rows: list[list[Cell]], cols: int = 7) -> list[list[Cell]]:
    """The rows with a thin black rule cell between (and around) all content cells, for rules="filled".

    Content cell (r, c) goes to slot (2r+1, 2c+1) of a grid twice as fine; every slot left over is a rule.
    Rule rows take their leftover slots as horizontal runs; the slots left in rule columns go to vertical
    rule cells, each running down as far as it stays free."""
    height = 2 * max((r + cell.rowspan for r, _, cell in place(rows)), default=0) + 1
    grid: dict[tuple[int, int], Cell] = {}
    free = {(i, j) for i in range(height) for j in range(2 * cols + 1)}
    for r, c, cell in place(rows):
        i, j = 2 * r + 1, 2 * c + 1
        grid[i, j] = replace(cell, rowspan=2 * cell.rowspan - 1, colspan=2 * cell.colspan - 1)
        free -= {(i + a, j + b) for a in range(2 * cell.rowspan - 1) for b in range(2 * cell.colspan - 1)}
    for i in range(0, height, 2):  # horizontal rules: runs of free slots longer than a crossing
        j = 0
        while j <= 2 * cols:
            k = j
            while (i, k) in free:
                k += 1
            if k - j > 1 or (k - j == 1 and j % 2 == 1):
                grid[i, j] = Cell(colspan=k - j, cls="rule")
                free -= {(i, x) for x in range(j, k)}
            j = max(k, j + 1)
    for j in range(0, 2 * cols + 1, 2):  # vertical rules: what is still free, top to bottom
        i = 0
        while i < height:
            k = i
            while (k, j) in free:
                k += 1
            if k > i:
                grid[i, j] = Cell(rowspan=k - i, cls="rule")
                free -= {(x, j) for x in range(i, k)}
            i = max(k, i + 1)
    return [[grid[i, j] for j in range(2 * cols + 1) if (i, j) in grid] for i in range(height)]


def cell_html(cell: Cell) -> str:
    """One <td>/<th>."""
    span = (f' colspan="{cell.colspan}"' if cell.colspan > 1 else "") + \
           (f' rowspan="{cell.rowspan}"' if cell.rowspan > 1 else "")
    cls = f' class="{cell.cls}"' if cell.cls else ""
    return f"<{cell.tag}{cls}{span}>{cell.inner}</{cell.tag}>"


def rows_html(rows: list[list[Cell]]) -> str:
    """<tr>s of the rows; a row of rule cells only is marked as a rule row."""
    out = []
    for row in rows:
        cls = ' class="rulerow"' if row and all(c.cls == "rule" for c in row) else ""
        out.append(f"<tr{cls}>" + "".join(cell_html(c) for c in row) + "</tr>")
    return "\n".join(out)


def table_html(dataset: dict, layout: FuzzLayout) -> str:
    """The Lampiran table: header in <thead> (repeated on every page) or, when not repeated, as the first
    rows of <tbody> (printed once)."""
    head, body = header_rows(layout, dataset["doc"]["tahun"]), body_rows(dataset, layout)
    filled = layout.rules == "filled"
    cols = column_widths(layout)
    if filled:
        w = layout.rule_width
        cols = [x for c in cols for x in (w, c)] + [w]
    colgroup = "<colgroup>" + "".join(f'<col style="width:{c:.3f}pt">' for c in cols) + "</colgroup>"
    if layout.header_repeat:
        if filled:  # the rule under the header belongs to the header, so it repeats with it
            head, body = _ruled(head), _ruled(body)[1:]
        return (f'<table class="lampiran">{colgroup}<thead>{rows_html(head)}</thead>'
                f"<tbody>{rows_html(body)}</tbody></table>")
    rows = _ruled(head + body) if filled else head + body
    return f'<table class="lampiran">{colgroup}<tbody>{rows_html(rows)}</tbody></table>'


def rule_css(layout: FuzzLayout) -> str:
    """The CSS that draws the layout's rules."""
    w, line = layout.rule_width, f"{layout.rule_width}pt solid #000"
    cells = "table.lampiran td, table.lampiran th"
    if layout.rules == "grid":
        return f"table.lampiran {{ border-collapse: collapse; }} {cells} {{ border: {line}; }}"
    if layout.rules == "boxes":
        return (f"table.lampiran {{ border-collapse: separate; border-spacing: 0; }} "
                f"{cells} {{ border: {line}; }}")
    if layout.rules == "horizontal":
        return (f"table.lampiran {{ border-collapse: collapse; }} "
                f"{cells} {{ border-top: {line}; border-bottom: {line}; }}")
    if layout.rules == "double-frame":
        frame = 3 * max(w, 0.75)  # a double border needs room for two lines and a gap
        return (f"table.lampiran {{ border-collapse: collapse; border: {frame}pt double #000; }} "
                f"{cells} {{ border: {line}; }}")
    if layout.rules == "dashed":
        return f"table.lampiran {{ border-collapse: collapse; }} {cells} {{ border: {w}pt dashed #000; }}"
    if layout.rules == "filled":
        return (f"table.lampiran {{ border-collapse: separate; border-spacing: 0; }} "
                f"table.lampiran td.rule {{ background: #000; padding: 0; height: {w}pt; font-size: 0; "
                f"line-height: 0; }} tr.rulerow {{ height: {w}pt; }}")
    return "table.lampiran { border-collapse: collapse; }"  # "none"


def page_css(layout: FuzzLayout) -> str:
    """@page rules: paper, orientation and margins; page numbers and running head in margin boxes."""
    font = f"font-family: '{FAMILIES[layout.font]}', {GENERIC[layout.font]}; font-size: {layout.font_size}pt;"
    boxes, f = [], furniture(layout)
    if layout.page_numbers:
        number = '"- " counter(page) " -"' if f.number_box.startswith("top") else "counter(page)"
        boxes.append(f"@{f.number_box} {{ content: {number}; {font} }}")
    if layout.running_head:
        text = layout.running_head.replace("\\", "\\\\").replace('"', '\\"')
        boxes.append(f'@{f.head_box} {{ content: "{text}"; {font} }}')
    lw, lh = page_size(layout, layout.landscape)
    bw, bh = page_size(layout, False)
    common = f"margin: {layout.margin}pt; " + " ".join(boxes)
    return (f"@page {{ size: {lw:.2f}pt {lh:.2f}pt; {common} }}\n"
            f"@page body {{ size: {bw:.2f}pt {bh:.2f}pt; }}\n"
            f"@page lampiran {{ size: {lw:.2f}pt {lh:.2f}pt; }}")


def style_css(layout: FuzzLayout) -> str:
    """All the document's CSS."""
    num_align = layout.align_numbers
    return f"""{page_css(layout)}
html {{ font-family: '{FAMILIES[layout.font]}', {GENERIC[layout.font]}; font-size: {layout.font_size}pt;
       line-height: 1.2; color: #000; hyphens: manual; text-transform: none; overflow-wrap: normal;
       word-break: normal; letter-spacing: normal; }}
body {{ margin: 0; }}
.body-page {{ page: body; }}
.lampiran-pages {{ page: lampiran; }}
.line {{ min-height: 1.2em; }}
.center {{ text-align: center; }}
.right {{ margin-left: 50%; }}
.heading {{ margin-left: 60%; }}
.title {{ text-align: center; font-weight: bold; margin: 1.5em 0; }}
.nw {{ display: inline-block; white-space: nowrap; }}
table.lampiran {{ width: {table_width(layout):.3f}pt; table-layout: fixed; }}
table.lampiran td, table.lampiran th {{ padding: {layout.padding}pt; text-align: left;
                  vertical-align: {layout.valign}; overflow-wrap: normal; word-break: normal; }}
table.lampiran th {{ font-weight: bold; text-align: center; vertical-align: middle;
                  {f"background: {HEADER_FILL};" if layout.shaded_header else ""} }}
table.lampiran .no {{ overflow-wrap: anywhere; }}
table.lampiran td.num {{ text-align: {num_align}; }}
table.lampiran td.sec {{ font-weight: bold; }}
table.lampiran td.shade {{ background: {ROW_FILL}; }}
table.lampiran tr {{ break-inside: auto; }}
{rule_css(layout)}
"""


def closing_html(doc: dict) -> str:
    """The regulation's closing page (Pasal, Ditetapkan, signer, Diundangkan)."""
    cls = {"center": "line center", "left": "line", "right": "line right", "": "line"}
    return "\n".join(f'<div class="{cls[a]}">{words(t)}</div>' for a, t in closing_lines(doc))


def lampiran_html(dataset: dict, layout: FuzzLayout) -> str:
    """The Lampiran: heading block at the top right, the centred bold title, the table."""
    doc = dataset["doc"]
    heading = "".join(f'<div class="line">{words(t)}</div>' for t in heading_lines(doc))
    return (f'<div class="heading">{heading}</div><div class="title">{words(title_line(doc))}</div>'
            + table_html(dataset, layout))


def build_html(dataset: dict, layout: FuzzLayout) -> str:
    """The whole document as one HTML page: the closing page (when asked), then the Lampiran."""
    doc = dataset["doc"]
    title = html.escape(f"Lampiran {doc['jenis']} Nomor {doc['nomor']} Tahun {doc['tahun']}")
    body = f'<section class="body-page">{closing_html(doc)}</section>' if layout.body_page else ""
    return (f'<!DOCTYPE html>\n<html lang="id"><head><meta charset="utf-8"><title>{title}</title>'
            f"<style>\n{style_css(layout)}</style></head>\n<body>{body}"
            f'<section class="lampiran-pages">{lampiran_html(dataset, layout)}</section></body></html>\n')


def chromium_binary() -> str:
    """The installed Chromium (or Chrome) program."""
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        if found := shutil.which(name):
            return found
    raise FileNotFoundError("no Chromium found: install it (Debian: apt-get install chromium)")


def draw_chromium(dataset: dict, layout: FuzzLayout, path: Path) -> Path:
    """Print the HTML to `path` with headless Chromium."""
    path = Path(path).resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lampiran-chromium-") as tmp:
        page = Path(tmp) / "lampiran.html"
        page.write_text(build_html(dataset, layout), encoding="utf-8")
        path.unlink(missing_ok=True)
        cmd = [chromium_binary(), *CHROMIUM_FLAGS, f"--user-data-dir={Path(tmp) / 'profile'}",
               f"--print-to-pdf={path}", page.as_uri()]
        run = subprocess.run(cmd, capture_output=True, text=True, timeout=CHROMIUM_TIMEOUT,
                             stdin=subprocess.DEVNULL)
        if not path.is_file() or path.stat().st_size == 0:
            raise RuntimeError(f"chromium wrote no PDF (exit {run.returncode}): {run.stderr[-2000:]}")
    return path


def draw_weasyprint(dataset: dict, layout: FuzzLayout, path: Path) -> Path:
    """Render the HTML to `path` with WeasyPrint."""
    import weasyprint

    path = Path(path).resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    weasyprint.HTML(string=build_html(dataset, layout), base_url=str(path.parent)).write_pdf(path)
    return path
