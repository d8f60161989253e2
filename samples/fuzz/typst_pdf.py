"""The "typst" producer: the Lampiran written as Typst markup and compiled by the `typst` Python package.

Why: Typst is a typesetter unlike an office suite or a browser: its own line breaker, its own table
layout (rows and rowspans broken across pages, repeated headers), its own PDF writer (CID fonts, rules
as stroked segments, cell fills as rectangles). The table is one `table(...)` with `table.cell(rowspan:,
colspan:)`; Typst paginates it. Column widths are computed inside Typst (`measure`) so that no word is
wider than its column: Typst would let it run over the rule. rules="filled" puts a thin track before and
after every column and row and fills its cells black, so each rule is a filled rectangle, not a stroke.

Every text enters the markup as a Typst string literal, so no character of the dataset is read as markup
and no quote is made "smart".
"""
from __future__ import annotations

import random
import tempfile
from pathlib import Path

import typst

from fuzz.spec import (PAPERS, DataRow, FuzzLayout, GroupRow, SectionRow, closing_lines, heading_lines,
                       furniture, table_entries, title_line, unbreakable_units)

# FuzzLayout values this producer cannot honour as asked, and why.
PRODUCER_LIMITS = (
    # Typst strokes cell borders as line segments, never as one rectangle per cell: rules="boxes" is drawn
    # as every cell outlined on its own (four segments), a small gutter apart from its neighbours.
    "rules=boxes",
)

FAMILIES = {"serif": ("Libertinus Serif", "New Computer Modern", "DejaVu Serif", "Liberation Serif"),
            "sans": ("DejaVu Sans", "Liberation Sans"), "mono": ("DejaVu Sans Mono", "Liberation Mono")}
FALLBACK = "DejaVu Sans"  # has every character of the datasets ("≤", "≥", "–") should a family lack one
HEADER_FILL, ROW_FILL = "luma(217)", "luma(239)"
NUMBER_COLUMNS = (0, 2, 3)  # No., Target, Satuan follow layout.align_numbers
LABEL_KEYS = ("no", "sasaran", "target", "satuan", "penanggung_jawab", "kegiatan", "keluaran")

# Column widths in Typst itself: `fit` gives widths in the ratio `rel` adding up to `total`, none below its
# minimum (those fixed at it, the others sharing what is left in their ratio).
NO_FIT = "the longest words do not fit across the page"
FIT = """
#let fit(rel, total, mins) = {
  let fixed = rel.map(_ => none)
  while true {
    let free = range(rel.len()).filter(i => fixed.at(i) == none)
    let room = total - fixed.filter(x => x != none).sum(default: 0pt)
    if free.len() == 0 or room <= 0pt { panic(NO_FIT) }
    let scale = room / free.map(i => rel.at(i)).sum()
    let short = free.filter(i => rel.at(i) * scale < mins.at(i))
    if short.len() == 0 {
      return range(rel.len()).map(i => if fixed.at(i) == none { rel.at(i) * scale } else { fixed.at(i) })
    }
    for i in short { fixed.at(i) = mins.at(i) }
  }
}
#let widest(words, bold) = calc.max(0pt,
  ..words.map(w => measure(text(weight: if bold { "bold" } else { "regular" }, w)).width))
"""


def pt(x: float) -> str:
    """A Typst length in points."""
    return f"{x:.3f}pt"


def string(text: str) -> str:
    """`text` as a Typst string literal: read as characters, never as markup."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def content(text: str, bold: bool = False) -> str:
    """`text` as Typst content that breaks lines at spaces only, and not inside a unit (`spec.unbreakable_units`): a piece
    holding a character after which Typst may break ("/", "-", "–", a space …) is boxed whole."""
    parts = []
    for word in unbreakable_units(text):
        lit = f"#{string(word)}" if word else ""
        if any(not c.isalnum() for c in word[:-1]):
            lit = f"#box({string(word)})"
        parts.append(lit)
    body = " ".join(parts)
    return f"[#strong[{body}]]" if bold and body else f"[{body}]"


def families(layout: FuzzLayout) -> list[str]:
    """The families of the layout's font kind that Typst can use here, the one the seed picks first."""
    have = set(typst.Fonts().families())
    usable = [f for f in FAMILIES[layout.font] if f in have]
    if not usable:
        raise RuntimeError(f"no {layout.font} font for Typst: want one of {FAMILIES[layout.font]}")
    first = random.Random(layout.seed * 31 + 7).choice(usable)
    return [first] + [f for f in usable if f != first]


def margin_text(layout: FuzzLayout, spots: dict, top: bool, number: str | None) -> str:
    """Typst code of a header (`top`) or footer: the running head and/or the page number (`number`: Typst
    code giving the number as an integer, or none on that page) as the layout and `spots` place them."""
    out = []
    if layout.running_head and spots["head_top"] == top:
        out.append(f"align({spots['head_align']}, text({string(layout.running_head)}))")
    if layout.page_numbers and spots["number_top"] == top and number:
        before, after = spots["number_form"].split("{n}")
        out.append(f"{{ let n = {number}; if n != none {{ align({spots['number_align']}, "
                   f"text({string(before)} + str(n) + {string(after)})) }} }}")
    return f"context {{ {' ; '.join(out)} }}" if out else "none"


def page_rule(layout: FuzzLayout, landscape: bool, spots: dict, number: str) -> str:
    """A `set page` for one part of the document (closing page or Lampiran)."""
    w, h = PAPERS[layout.paper]
    w, h = (h, w) if landscape else (w, h)
    return (f"#set page(width: {pt(w)}, height: {pt(h)}, margin: {pt(layout.margin)}, "
            f"header: {margin_text(layout, spots, True, number)}, footer: {margin_text(layout, spots, False, number)})")


def closing_page(dataset: dict) -> str:
    """The regulation's closing page: `closing_lines`, the signature block in the right half."""
    out = []
    for align, text in closing_lines(dataset["doc"]):
        if not text:
            out.append("#v(1em)")
        elif align == "right":
            out.append(f"#pad(left: 50%){content(text)}")
        else:
            out.append(f"#align({'center' if align == 'center' else 'left'}){content(text)}")
    return "\n".join(out) + "\n"


def lampiran_heading(dataset: dict, total: float, size: float) -> str:
    """The heading block at the top right (lines left-aligned within it), then the centred bold title."""
    lines = heading_lines(dataset["doc"])
    block = " ".join(f"{content(t)}," for t in lines)
    return (f"#context {{ let w = calc.max({pt(0.4 * total)}, calc.min({pt(0.6 * total)}, "
            f"widest(({', '.join(string(t) for t in lines)},), false) + {pt(size)}))\n"
            f"align(right, box(width: w, align(left, stack(spacing: 0.5em, {block}))))}}\n"
            f"#v(1.2em)\n#align(center){content(title_line(dataset['doc']), bold=True)}\n#v(1.2em)\n")


def logical_cells(entries, layout: FuzzLayout, labels: dict) -> tuple[list[tuple], int]:
    """Every cell of the table as (x, y, colspan, rowspan, text, bold, halign, valign, fill), header first
    (rows 0-1), and the number of rows."""
    head = {"bold": True, "h": "center", "v": "horizon", "fill": HEADER_FILL if layout.shaded_header else None}
    cells = []

    def add(x, y, cs, rs, text, bold=False, h="left", v="top", fill=None):
        cells.append((x, y, cs, rs, text, bold, h, v, fill))

    for x, key in enumerate(LABEL_KEYS[:5]):
        add(x, 0, 1, 2, labels[key], **head)
    add(5, 0, 2, 1, labels["aksi"], **head)
    add(5, 1, 1, 1, labels["kegiatan"], **head)
    add(6, 1, 1, 1, labels["keluaran"], **head)
    num, valign, y = ("center" if layout.align_numbers == "center" else "left"), \
        ("horizon" if layout.valign == "middle" else "top"), 2
    for i, e in enumerate(entries):
        kw = {"v": valign, "fill": ROW_FILL if layout.shaded_rows and i % 2 else None}
        if isinstance(e, SectionRow):
            add(0, y, 7, 1, e.text, bold=True, **kw)
            y += 1
        elif isinstance(e, GroupRow):
            add(0, y, 1, 1, e.no, h=num, **kw)
            add(1, y, 6, 1, e.title, **kw)
            y += 1
        else:
            n = len(e.pairs)
            for x, text in enumerate((e.no, e.sasaran, e.target, e.satuan, e.penanggung_jawab)):
                add(x, y, 1, n, text, h=num if x in NUMBER_COLUMNS else "left", **kw)
            for j, (kegiatan, keluaran) in enumerate(e.pairs):
                add(5, y + j, 1, 1, kegiatan, **kw)
                add(6, y + j, 1, 1, keluaran, **kw)
            y += n
    return cells, y


def cell_code(cell: tuple, filled: bool) -> str:
    """One `table.cell(...)`; with `filled` the grid has a thin rule track before and after each track."""
    x, y, cs, rs, text, bold, h, v, fill = cell
    if filled:
        x, y, cs, rs = 2 * x + 1, 2 * y + 1, 2 * cs - 1, 2 * rs - 1
    args = [f"x: {x}", f"y: {y}", f"align: {h} + {v}"]
    args += [f"colspan: {cs}"] if cs > 1 else []
    args += [f"rowspan: {rs}"] if rs > 1 else []
    args += [f"fill: {fill}"] if fill else []
    return f"table.cell({', '.join(args)}){content(text, bold)}"


def rule_cells(cells: list[tuple], rows: int) -> list[tuple[int, int, int]]:
    """For rules="filled": the (x, y, colspan) of the black cells that are the rules, on the grid with a
    thin track before and after each column and row: runs across the rule rows, one per row segment in
    the rule columns, wherever no text cell covers the spot."""
    covered = set()
    for x, y, cs, rs, *_ in cells:
        covered |= {(i, j) for i in range(2 * x + 1, 2 * (x + cs)) for j in range(2 * y + 1, 2 * (y + rs))}
    out = []
    for j in range(2 * rows + 1):
        i = 0
        while i < 15:
            if (i, j) in covered or (j % 2 and i % 2):
                i += 1
                continue
            start = i
            while j % 2 == 0 and i + 1 < 15 and (i + 1, j) not in covered:
                i += 1
            out.append((start, j, i - start + 1))
            i += 1
    return out


def stroke_args(layout: FuzzLayout) -> tuple[str, float]:
    """The table's stroke and gutter arguments for the rule style, and the width they take from the page."""
    w = pt(layout.rule_width)
    if layout.rules == "filled":
        return "stroke: none", 8 * layout.rule_width
    if layout.rules == "boxes":
        gutter = max(1.0, 2 * layout.rule_width)
        return f"stroke: {w} + black, column-gutter: {pt(gutter)}, row-gutter: {pt(gutter)}", 6 * gutter
    return {"grid": f"stroke: {w} + black", "double-frame": f"stroke: {w} + black",
            "horizontal": f"stroke: (x: none, y: {w} + black)", "none": "stroke: none",
            "dashed": f'stroke: (thickness: {w}, paint: black, dash: "dashed")'}[layout.rules], 0.0


def table_code(entries, layout: FuzzLayout, labels: dict, total: float) -> str:
    """The table: widths measured in Typst, header rows (repeated or not), body rows free to break."""
    cells, rows = logical_cells(entries, layout, labels)
    filled = layout.rules == "filled"
    body_words = [set() for _ in range(7)]
    for x, _, cs, _, text, *_ in cells[8:]:
        if cs == 1 and x:  # the No. column may wrap a long number: only its header must fit
            body_words[x].update(w for w in unbreakable_units(text) if w)
    head_words = [unbreakable_units(labels[k]) for k in LABEL_KEYS]
    frame = 2 * (layout.rule_width + 1.5) if layout.rules == "double-frame" else 0.0
    stroke, taken = stroke_args(layout)
    slack = 2 * layout.padding + layout.rule_width + 0.5
    arr = lambda ws: "(" + "".join(f"{string(w)}, " for w in sorted(ws)) + ")"  # noqa: E731
    code = [f"#let body-words = ({', '.join(arr(ws) for ws in body_words)},)",
            f"#let head-words = ({', '.join(arr(ws) for ws in head_words)},)",
            "#let cells-head = (" + ", ".join(cell_code(c, filled) for c in cells[:8]) + ",)",
            "#let cells-body = (" + ",\n".join(cell_code(c, filled) for c in cells[8:]) + ",)"]
    if filled:
        rules = rule_cells(cells, rows)
        black = lambda r: (f"table.cell(x: {r[0]}, y: {r[1]}, inset: 0pt, fill: black"  # noqa: E731
                           + (f", colspan: {r[2]})[]" if r[2] > 1 else ")[]"))
        code.append("#let rules-head = (" + ", ".join(black(r) for r in rules if r[1] <= 4) + ",)")
        code.append("#let rules-body = (" + ", ".join(black(r) for r in rules if r[1] > 4) + ",)")
    else:
        code.append("#let rules-head = ()\n#let rules-body = ()")
    rule = pt(layout.rule_width)
    tracks = "range(2 * rows + 1).map(j => if calc.rem(j, 2) == 0 { rule } else { auto })"
    code.append(f"""#context {{
  let rows = {rows}
  let rule = {rule}
  let mins = range(7).map(i => calc.max(widest(body-words.at(i), false), widest(head-words.at(i), true)) + {pt(slack)})
  let aksi = widest({arr(unbreakable_units(labels["aksi"]))}, true) + {pt(slack)}
  mins.at(5) = calc.max(mins.at(5), aksi - mins.at(6))
  let cols = fit({tuple(layout.col_widths)!r}, {pt(total - taken - frame)}, mins)
  let columns = {"cols.map(c => (rule, c)).flatten() + (rule,)" if filled else "cols"}
  let t = table(columns: columns, {f"rows: {tracks}, " if filled else ""}{stroke}, inset: {pt(layout.padding)},
    table.header(repeat: {"true" if layout.header_repeat else "false"}, ..cells-head, ..rules-head),
    ..cells-body, ..rules-body)
  {f"block(stroke: {rule} + black, inset: 1.5pt, breakable: true, t)" if frame else "t"}
}}""")
    return "\n".join(code) + "\n"


def source(dataset: dict, layout: FuzzLayout, family: str) -> str:
    """The whole Typst document in `family`: closing page (when layout.body_page), then the Lampiran."""
    doc, spots = dataset["doc"], furniture(layout)
    labels = {k: layout.label(k, doc["tahun"]) for k in LABEL_KEYS + ("aksi",)}
    w, h = PAPERS[layout.paper]
    total = (h if layout.landscape else w) - 2 * layout.margin
    skip = 1 if layout.body_page else 0
    out = [f'#set text(font: ({string(family)}, {string(FALLBACK)}), size: {pt(layout.font_size)}, '
           'hyphenate: false, lang: "id", top-edge: "ascender", bottom-edge: "descender")',
           "#set par(justify: false, leading: 0.2em, spacing: 0.5em)",
           "#set smartquote(enabled: false)", f"#let NO_FIT = {string(NO_FIT)}", FIT]
    if layout.body_page:
        out += [page_rule(layout, False, spots, str(spots["body_number"])), closing_page(dataset)]
    lampiran_number = f"{{ let n = here().page() - {skip}; if n > 1 {{ n }} else {{ none }} }}"
    out += [page_rule(layout, layout.landscape, spots, lampiran_number),
            lampiran_heading(dataset, total, layout.font_size),
            table_code(table_entries(dataset["rows"]), layout, labels, total)]
    return "\n".join(out)


def draw_typst(dataset: dict, layout: FuzzLayout, path: Path) -> Path:
    """Draw `dataset` as a Lampiran PDF at `path` with Typst: in the seed's family or, when its longest
    words do not fit across the page, the first other family of the same kind whose words do."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lampiran-typst-") as tmp:
        src = Path(tmp) / "lampiran.typ"
        for family in families(layout):
            src.write_text(source(dataset, layout, family), encoding="utf-8")
            try:
                typst.compile(str(src), output=str(path), root=tmp)
                return path
            except typst.TypstError as e:
                if NO_FIT not in str(e):
                    raise
                error = e
    raise ValueError(f"{NO_FIT} in any {layout.font} family: {error}")
