"""The page view of the review pages: each PDF page as an image, the cells read outlined over it, rows beside it.

`lampiran.review` (a Lampiran's dataset rows) and `tables.review` (any regulation's CSV rows) draw the same
page from different rows. Each turns its own model into `Outline`s (one row's cells on one page) and the
rows of its side table; this module renders the pages, draws the outlines, and holds the page's CSS and
script (click a row to highlight its cells on every page, search, lazy images) and the atomic write.
One self-contained HTML file: images as data: URIs, no network.
"""
from __future__ import annotations

import base64
import html
import io
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image

from extract.errors import OutputError, UnreadableInputError

BBox = tuple[float, float, float, float]  # x0, top, x1, bottom in PDF points from the top-left corner

# 1.5 x 72 dpi = 108 dpi: 8-pt table text stays legible when the browser zooms in.
PAGE_SCALE = 1.5
# Pages are drawn in 16 greys (4-bit PNG, about 45 KB a page on the sample): text stays crisp, the
# file stays small, and the coloured outlines stand out against a grey page.
GREY_PALETTE = [v for i in range(16) for v in (i * 17,) * 3]
# One colour per leaf column (cycled); red is kept for warnings, grey for section rows.
COLUMN_COLOURS = ["#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#7c3aed", "#8a6d00", "#0f766e"]

CSS = """
body{font:14px/1.4 system-ui,sans-serif;margin:0;color:#1a1a1a;background:#f4f4f2}header,main{padding:0 20px}
h1{font-size:20px;margin:14px 0 4px}h2{font-size:16px;margin:0;grid-column:1/-1}.help{max-width:72em;color:#333}
.bar{position:sticky;top:0;z-index:5;background:#222;color:#fff;padding:7px 20px;display:flex;gap:16px;align-items:center}
.bar input{font:inherit;padding:3px 6px}#q{width:22em}.meta{display:grid;grid-template-columns:max-content 1fr;gap:1px 12px}
.meta dt{color:#666}.meta dd{margin:0}.counts{font-size:16px;margin:6px 0}.hash{font-family:monospace;font-size:12px}
.key span{display:inline-block;margin:2px 8px 2px 0;padding:0 6px;border:2px solid;border-radius:3px;background:#fff}
.warnlist li,.warns li{color:#b00020}.page[hidden]{display:none}.page{display:grid;grid-template-columns:minmax(0,6fr) minmax(0,5fr);
 gap:8px 16px;margin:18px 0;padding-top:6px;border-top:1px solid #ccc;scroll-margin-top:44px}
.fig{position:relative;background:#fff;box-shadow:0 1px 4px #0004;align-self:start}.fig svg{overflow:visible}
.fig img,.fig svg{position:absolute;inset:0;width:100%;height:100%}.side{position:relative;min-height:12em}
.side>div{position:absolute;inset:0;overflow:auto}svg rect{pointer-events:all;cursor:pointer}
svg .row rect{fill-opacity:.07;stroke-width:1.3}svg .section rect{fill:#999;fill-opacity:.12;stroke:#888;stroke-dasharray:3 2}
svg .lab{font:bold 11px sans-serif;text-anchor:end;fill:#333}svg .section .lab{font-weight:normal;fill:#777}
svg .warn rect{fill:#d00;fill-opacity:.1;stroke:#d00;stroke-width:2.5}svg .warn text{font:bold 15px sans-serif;fill:#d00}
svg .warn.page rect{fill-opacity:.04;pointer-events:visibleStroke}
svg g.sel rect{fill:#ffd400;fill-opacity:.4;stroke-width:2.6}table.rows{border-collapse:collapse;font-size:12px;width:100%;background:#fff}
.rows th,.rows td{border:1px solid #ddd;padding:2px 4px;vertical-align:top;text-align:left}.rows th{background:#eee;position:sticky;top:0}
.rows tr.row{cursor:pointer}.rows tr.row:hover{background:#f0f6ff}.rows tr.sel{background:#fff3a8}.pj{display:block}
.rows tr.sec td{background:#f2f2f2;color:#555;font-style:italic}.note{display:block;color:#8a4b00;font-size:11px}
.parsed{display:block;color:#666;font-size:11px}.aksi{margin:0;padding-left:1.4em}
.rows caption{text-align:left;font-weight:bold;padding:4px 0}.rows td.rep{color:#888}.rows+.rows{margin-top:10px}
"""

JS = """
const q=document.getElementById('q'),go=document.getElementById('go'),shown=document.getElementById('shown');let cur=null;
function pick(s){document.querySelectorAll('.sel').forEach(e=>e.classList.remove('sel'));
 if(s===cur){cur=null;return}cur=s;document.querySelectorAll('[data-seq="'+s+'"]').forEach(e=>e.classList.add('sel'));
 document.querySelectorAll('tr.sel').forEach(r=>{const b=r.closest('.side>div');  // bring the row into its own scroll box
  b.scrollTop+=r.getBoundingClientRect().top-b.getBoundingClientRect().top-r.closest('table').tHead.offsetHeight})}
document.addEventListener('click',e=>{const t=e.target.closest('[data-seq]');if(t&&!e.target.closest('a'))pick(t.dataset.seq)});
q.addEventListener('input',()=>{const v=q.value.trim().toLowerCase();let n=0;
 document.querySelectorAll('section.page').forEach(p=>{let any=!v;
  p.querySelectorAll('tr.row').forEach(r=>{const m=!v||r.textContent.toLowerCase().includes(v);r.hidden=!m;any=any||m;if(m&&v)n++});
  p.hidden=!any});shown.textContent=v?n+' row pieces match':''});
go.addEventListener('change',()=>{location.hash='page-'+go.value});
const io=new IntersectionObserver(es=>es.forEach(e=>{const i=e.target;
 if(e.isIntersecting){if(!i.getAttribute('src'))i.src=i.dataset.src}else i.removeAttribute('src')}),{rootMargin:'1500px'});
document.querySelectorAll('img[data-src]').forEach(i=>io.observe(i));
"""

DOCUMENT_END = f"</main><script>{JS}</script></body></html>\n"


@dataclass(frozen=True)
class Outline:
    """One row's cells on one page, as drawn over the page image.

    `key` is what a click selects: the same on every page and side-table row of that row (a string, as the
    page's data-seq attribute holds it); None draws a section or header band in grey dashes, not selectable.
    `label` goes in the left margin at the top of `bbox` (the row's box on this page). Each cell is its box
    and the column whose colour it takes (None: grey). `tip` is the text shown on hover.
    """

    key: str | None
    label: str
    bbox: BBox
    cells: tuple[tuple[BBox, int | None], ...]
    tip: str


@contextmanager
def opened_pdf(pdf_path: str | Path, password: str | None = None) -> Iterator[pdfium.PdfDocument]:
    """The PDF opened for rendering (pdfium), closed on the way out; UnreadableInputError when it cannot be."""
    try:
        pdf = pdfium.PdfDocument(str(pdf_path), password=password)
    except (pdfium.PdfiumError, OSError) as exc:
        raise UnreadableInputError(f"{pdf_path}: cannot render its pages ({exc})") from None
    try:
        yield pdf
    finally:
        pdf.close()


def write_atomic(out_path: str | Path, chunks: Iterable[str]) -> Path:
    """Write chunks (produced lazily, so pages are rendered one at a time and memory stays flat) to a
    temporary file beside out_path and rename it into place: a reader never sees half a page. An OSError
    is an OutputError; either way no temporary file is left behind."""
    out_path, tmp = Path(out_path), None
    try:
        out_path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".tmp-{out_path.name}-", dir=out_path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            for chunk in chunks:
                f.write(chunk)
        os.chmod(tmp, 0o644)  # mkstemp makes it private; the page is published like the dataset
        os.replace(tmp, out_path)
    except BaseException as exc:
        if tmp:
            Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise OutputError(f"{out_path}: cannot write ({exc.strerror or exc})") from None
        raise
    return out_path


def page_views(pdf: pdfium.PdfDocument, numbers: Iterable[int], draw: Callable[[int, pdfium.PdfPage], str]) -> Iterator[str]:
    """draw(number, page) for each 1-based page number, each page closed once drawn."""
    for n in numbers:
        page = pdf[n - 1]
        yield draw(n, page)
        page.close()


def page_image(page: pdfium.PdfPage) -> str:
    """Given a PDF page, return it as a data: URI of a 16-grey PNG."""
    image = page.render(scale=PAGE_SCALE, grayscale=True).to_pil().convert("RGB")
    palette = Image.new("P", (1, 1))
    palette.putpalette(GREY_PALETTE)
    buf = io.BytesIO()
    image.quantize(palette=palette, dither=Image.Dither.NONE).save(buf, "PNG", bits=4)  # optimize=True: 4x slower for 4% smaller
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def document_head(title: str, bar: str, placeholder: str, header: str) -> str:
    """From the doctype to the opening <main>: the style, the sticky bar (search, go to page) and the header."""
    return (f"<!doctype html><html lang=en><head><meta charset=utf-8><title>Review: {html.escape(title)}</title>"
            f"<meta name=viewport content='width=device-width'><style>{CSS}</style></head><body>"
            f"<div class=bar><b>{html.escape(bar)}</b><input id=q type=search placeholder='{html.escape(placeholder)}'>"
            f"<span id=shown></span><label>Go to page <input id=go type=number min=1 style='width:5em'></label></div>"
            f"<header>{header}</header><main>")


def meta_list(items: Iterable[tuple[str, object]], sha256: object) -> str:
    """The header's <dl> of facts (those not None), the source file's sha256 last."""
    rows = "".join(f"<dt>{k}</dt><dd>{html.escape(str(v))}</dd>" for k, v in items if v is not None)
    return f"<dl class=meta>{rows}<dt>sha256</dt><dd class=hash>{html.escape(str(sha256))}</dd></dl>"


def column_key(columns: Iterable[tuple[int, str]], title: str = "Columns") -> str:
    """The colour key: each (column index, label) framed in the column's outline colour."""
    spans = "".join(f'<span style="border-color:{colour(i)}">{html.escape(label)}</span>' for i, label in columns)
    return f"<div class=key>{html.escape(title)}: {spans}</div>"


def page_section(number: int, page: pdfium.PdfPage, subtitle: str, svg: str, side: str) -> str:
    """One page: its image (decoded only near the viewport) with svg over it (in PDF points), side beside it."""
    width, height = page.get_size()
    return (f"<section class=page id=page-{number}><h2>Page {number} <small>{subtitle}</small></h2>"
            f"<div class=fig style='aspect-ratio:{width:.1f}/{height:.1f}'><img alt='page {number} of the PDF' "
            f"data-src='{page_image(page)}'><svg viewBox='0 0 {width:.1f} {height:.1f}'>{svg}</svg></div>"
            f"<div class=side><div>{side}</div></div></section>\n")


def rows_table(headers: Iterable[str], trs: str, caption: str = "") -> str:
    """A side table: its column headers (sticky) and rows; each <tr class=row data-seq=key> takes clicks."""
    ths = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    return f"<table class=rows>{cap}<thead><tr>{ths}</tr></thead><tbody>{trs}</tbody></table>"


def outlines_svg(outlines: Iterable[Outline]) -> str:
    return "".join(outline_svg(o) for o in outlines)


def outline_svg(o: Outline) -> str:
    """A row's cells as outlines (coloured by column; grey dashes for a section) and its label in the left margin."""
    x0, top = o.bbox[0], o.bbox[1]
    # Inset by 1 pt, so that the outlines of two neighbouring cells are both seen.
    rects = "".join(rect(box, 1, "" if col is None else f" fill='{colour(col)}' stroke='{colour(col)}'") for box, col in o.cells)
    lx, anchor = (x0 - 3, "") if x0 >= 30 else (x0 + 2, " style='text-anchor:start'")
    text = f"<text class=lab x='{lx:.1f}' y='{top + 10:.1f}'{anchor}>{html.escape(o.label)}</text>"
    if o.key is None:
        return f"<g class=section><title>{html.escape(o.tip)}</title>{rects}{text}</g>"
    return f"<g class=row data-seq='{html.escape(o.key)}'><title>{html.escape(o.tip)}</title>{rects}{text}</g>"


def continuation(pages: Sequence[int], number: int, numbers: Sequence[int], plain: bool = False) -> str:
    """'continued from p. 3' / 'continues on p. 4' for a row on `pages` seen on page `number`; '' for a whole row.
    Plain text for a tooltip, else note spans linking the pages shown (`numbers`)."""
    pages = sorted(set(pages))
    notes = [("continued from p. ", p) for p in pages if p < number][-1:] + [("continues on p. ", p) for p in pages if p > number][:1]
    if plain:
        return "; ".join(f"{text}{p}" for text, p in notes)
    return "".join(f"<span class=note>{text}{page_link(p, numbers, bare=True)}</span>" for text, p in notes)


def page_link(page: int | None, numbers: Sequence[int], bare: bool = False) -> str:
    """A link to a page shown in this file; plain text for a page left out (by --pages)."""
    if page is None:
        return ""
    text = f"{page}" if bare else f"p. {page}: "
    return f"<a href='#page-{page}'>{text}</a>" if page in numbers else text


def rect(bbox: BBox, inset: float = 0, attrs: str = "") -> str:
    """An SVG rect over a box in PDF points (the overlay's viewBox is the page in points)."""
    x0, top, x1, bottom = bbox
    return (f"<rect x='{x0 + inset:.1f}' y='{top + inset:.1f}' width='{max(x1 - x0 - 2 * inset, 1):.1f}' "
            f"height='{max(bottom - top - 2 * inset, 1):.1f}'{attrs}/>")


def colour(index: int) -> str:
    return COLUMN_COLOURS[index % len(COLUMN_COLOURS)]


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def size_text(n: int) -> str:
    """A file size as the CLI prints it: '1.7 MB', '155 KB'."""
    return f"{n / 1e6:.1f} MB" if n >= 1e6 else f"{n / 1e3:.0f} KB"
