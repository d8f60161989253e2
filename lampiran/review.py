"""A review page: every table page as an image with the cells read drawn over it, the rows beside it.

A data team must convince itself that each row says what the PDF says; dataset.json next to the PDF
hides what the grid got wrong (a merged cell, a row cut by a page break). So this draws what the
pipeline saw, in place: cells outlined by column, rows labelled with their `seq`, warnings in red.
One self-contained HTML file (images as data: URIs, no network); images are decoded only near the
viewport, so a 900-page Lampiran stays usable, and `--pages` reviews a range.
"""
from __future__ import annotations

import base64
import html
import io
import os
import tempfile
from pathlib import Path

import click
import pypdfium2 as pdfium
from PIL import Image

from extract.model import Band, PageTable
from extract.pages import Limits
from lampiran.errors import OutputError, UnreadableInputError, UsageError
from lampiran.pipeline import ExtractOptions, Extraction, extract_document
from normalize.header import map_columns

# 1.5 x 72 dpi = 108 dpi: 8-pt table text stays legible when the browser zooms in.
PAGE_SCALE = 1.5
# Pages are drawn in 16 greys (4-bit PNG, about 45 KB a page on the sample): text stays crisp, the
# file stays small, and the coloured outlines stand out against a grey page.
GREY_PALETTE = [v for i in range(16) for v in (i * 17,) * 3]
# One colour per leaf column (cycled); red is kept for warnings, grey for section rows.
COLUMN_COLOURS = ["#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#7c3aed", "#8a6d00", "#0f766e"]
# A contract field named by a warning -> the column keys whose cells it concerns.
FIELD_COLUMNS = {"aksi": ("kegiatan", "keluaran"), "penanggung_jawab_list": ("penanggung_jawab",)}

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


def parse_pages(text: str | None) -> tuple[int, int] | None:
    """Given '3-5' or '7', return the inclusive 1-based range; a typo is a usage error, not a silent 'all pages'."""
    if not text:
        return None
    first, _, last = text.partition("-")
    try:
        a, b = int(first), int(last or first)
    except ValueError:
        raise UsageError(f"--pages {text!r}: expected a page or a range such as 3-5") from None
    if a < 1 or b < a:
        raise UsageError(f"--pages {text!r}: expected 1 <= first page <= last page")
    return a, b


def review_path(extraction: Extraction, out_dir: str | Path) -> Path:
    """Where the CLI writes: OUT/review-<doc id>.html, beside (not inside) the output folder, so that a
    later `lampiran extract`, which swaps OUT/<doc id>/ whole, does not delete it."""
    return Path(out_dir) / f"review-{extraction.dataset['doc']['id']}.html"


def write_review(extraction: Extraction, pdf_path: str | Path, out_path: str | Path,
                 pages: tuple[int, int] | None = None, password: str | None = None) -> Path:
    """Write the review page of `extraction` (read from pdf_path) to out_path; return out_path.

    Pages are rendered and written one at a time, so memory stays flat on long documents. The file is
    written beside its target and renamed into place, so a reader never sees half a page.
    """
    out_path = Path(out_path)
    try:
        pdf = pdfium.PdfDocument(str(pdf_path), password=password)
    except (pdfium.PdfiumError, OSError) as exc:
        raise UnreadableInputError(f"{pdf_path}: cannot render its pages ({exc})") from None
    tmp = None
    try:
        numbers = review_pages(extraction, len(pdf), pages)
        out_path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".tmp-{out_path.name}-", dir=out_path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(head_html(extraction, numbers, pages))
            for n in numbers:
                page = pdf[n - 1]
                f.write(page_html(extraction, n, page, numbers))
                page.close()
            f.write(f"</main><script>{JS}</script></body></html>\n")
        os.chmod(tmp, 0o644)  # mkstemp makes it private; the page is published like the dataset
        os.replace(tmp, out_path)
    except BaseException as exc:
        if tmp:
            Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise OutputError(f"{out_path}: cannot write ({exc.strerror or exc})") from None
        raise
    finally:
        pdf.close()
    return out_path


def review_pages(extraction: Extraction, n_pages: int, pages: tuple[int, int] | None) -> list[int]:
    """The pages to show: every table page, and every page a warning names, within the range asked for."""
    wanted = {t.page for t in extraction.tables} | {w["page"] for w in extraction.dataset["warnings"] if w.get("page")}
    if pages:
        if pages[0] > n_pages:
            raise UsageError(f"--pages {pages[0]}-{pages[1]}: the PDF has {n_pages} pages")
        wanted = {p for p in wanted if pages[0] <= p <= pages[1]}
        if not wanted:
            raise UsageError(f"--pages {pages[0]}-{pages[1]}: no table page in that range")
    return sorted(p for p in wanted if p <= n_pages)


def page_image(page: pdfium.PdfPage) -> str:
    """Given a PDF page, return it as a data: URI of a 16-grey PNG."""
    image = page.render(scale=PAGE_SCALE, grayscale=True).to_pil().convert("RGB")
    palette = Image.new("P", (1, 1))
    palette.putpalette(GREY_PALETTE)
    buf = io.BytesIO()
    image.quantize(palette=palette, dither=Image.Dither.NONE).save(buf, "PNG", bits=4)  # optimize=True: 4x slower for 4% smaller
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def head_html(extraction: Extraction, numbers: list[int], pages: tuple[int, int] | None) -> str:
    """The header: document metadata, counts, source hash, how to read the page, the warning list, the search bar."""
    data, e = extraction.dataset, html.escape
    doc, rows, warnings = data["doc"], data["rows"], data["warnings"]
    src = doc.get("source", {})
    title = f"{doc.get('jenis') or 'Lampiran'} Nomor {doc['nomor']} Tahun {doc.get('tahun')}" if doc.get("nomor") else doc["id"]
    title += f": {doc['judul']}" if doc.get("judul") else ""
    meta = "".join(f"<dt>{k}</dt><dd>{e(str(v))}</dd>" for k, v in [
        ("id", doc["id"]), ("judul", doc.get("judul")), ("ditetapkan", doc.get("ditetapkan")),
        ("penandatangan", doc.get("penandatangan")), ("file", src.get("file"))] if v is not None)
    meta += f"<dt>sha256</dt><dd class=hash>{e(str(src.get('sha256')))}</dd>"
    shown = f" · showing pages {pages[0]}–{pages[1]}" if pages else ""
    counts = (f"{len(rows)} rows · {sum(len(r['aksi']) for r in rows)} aksi pairs · {src.get('pages')} pages "
              f"({len(extraction.tables)} with the table){shown} · {_n(len(warnings), 'warning')}")
    columns = extraction.tables[0].columns if extraction.tables else ()
    key = "".join(f'<span style="border-color:{_colour(c.index)}">{e(c.label or c.group_label)}</span>' for c in columns)
    wl = "".join(f"<li>{_page_link(w.get('page'), numbers)}{html.escape(_warning_plain(w))}</li>" for w in warnings) or "<li style='color:#070'>none</li>"
    return (f"<!doctype html><html lang=en><head><meta charset=utf-8><title>Review: {e(title)}</title>"
            f"<meta name=viewport content='width=device-width'><style>{CSS}</style></head><body>"
            f"<div class=bar><b>lampiran review</b><input id=q type=search placeholder='Search rows (text, seq, number)…'>"
            f"<span id=shown></span><label>Go to page <input id=go type=number min=1 style='width:5em'></label></div>"
            f"<header><h1>{e(title)}</h1><dl class=meta>{meta}</dl><p class=counts>{counts}</p>"
            f"<p class=help>Each page of the PDF's table is shown with every cell the tool read outlined, one colour per "
            f"column; the number in the margin is the row's <b>seq</b> (its key in the dataset). Grey dashed boxes are "
            f"section rows, which fill the pilar/sektor of the rows below them. Red boxes are warnings (hover for the "
            f"message). Beside each page are the rows as the dataset holds them: <b>click a row or a cell</b> to "
            f"highlight all of its cells, on every page it spans; check that they cover exactly what the row says.</p>"
            f"<div class=key>Columns: {key}</div><h3>Warnings</h3><ul class=warnlist>{wl}</ul></header><main>")


def page_html(extraction: Extraction, number: int, page: pdfium.PdfPage, numbers: list[int]) -> str:
    """One page: its image with the cells drawn over it, and the rows read from it."""
    width, height = page.get_size()
    table = next((t for t in extraction.tables if t.page == number), None)
    pieces = _page_pieces(extraction, number, table)
    warnings = [w for w in extraction.dataset["warnings"] if w.get("page") == number]
    svg = "".join(_band_svg(band, seq, _continuation(extraction, seq, number, numbers, plain=True)) for _, seq, band in pieces)
    svg += "".join(_warning_svg(extraction, w, table, width, height) for w in warnings)
    by_seq = {r["seq"]: r for r in extraction.dataset["rows"]}
    trs = "".join(_row_tr(by_seq[seq], _continuation(extraction, seq, number, numbers)) if seq else
                  f"<tr class=sec><td colspan=6>{html.escape(' '.join(c.text for c in band.cells))}</td></tr>"
                  for _, seq, band in pieces)
    n_rows = sum(1 for _, seq, _ in pieces if seq)
    wl = "".join(f"<li>{html.escape(_warning_plain(w))}</li>" for w in warnings)
    return (f"<section class=page id=page-{number}><h2>Page {number} <small>· {_n(n_rows, 'row')} · {_n(len(warnings), 'warning')}</small></h2>"
            f"<div class=fig style='aspect-ratio:{width:.1f}/{height:.1f}'><img alt='page {number} of the PDF' "
            f"data-src='{page_image(page)}'><svg viewBox='0 0 {width:.1f} {height:.1f}'>{svg}</svg></div>"
            f"<div class=side><div>{f'<ul class=warns>{wl}</ul>' if wl else ''}<table class=rows><thead><tr><th>seq / no</th>"
            f"<th>sasaran</th><th>target</th><th>satuan</th><th>penanggung jawab</th><th>aksi: kegiatan → keluaran</th>"
            f"</tr></thead><tbody>{trs}</tbody></table></div></div></section>\n")


def _page_pieces(extraction: Extraction, number: int, table: PageTable | None) -> list[tuple[float, int | None, Band]]:
    """The bands on a page top to bottom, each with the seq of the row it belongs to (None: a section or group row)."""
    owner = {(b.page, b.bbox): seq for seq, bands in extraction.row_bands.items() for b in bands}
    bands = table.bands if table else ()
    return sorted(((b.bbox[1], owner.get((b.page, b.bbox)), b) for b in bands), key=lambda p: p[0])


def _continuation(extraction: Extraction, seq: int | None, number: int, numbers: list[int], plain: bool = False) -> str:
    """'continued from p. 3' / 'continues on p. 4' for a row cut by a page break; '' for a whole row."""
    if seq is None:
        return ""
    pages = sorted({b.page for b in extraction.row_bands.get(seq, ())})
    notes = [("continued from p. ", p) for p in pages if p < number][-1:] + [("continues on p. ", p) for p in pages if p > number][:1]
    if plain:
        return "; ".join(f"{text}{p}" for text, p in notes)
    return "".join(f"<span class=note>{text}{_page_link(p, numbers, bare=True)}</span>" for text, p in notes)


def _band_svg(band: Band, seq: int | None, note: str) -> str:
    """A band's cells as outlines (coloured by column; grey for a section row) and its seq in the left margin."""
    x0, top, _, _ = band.bbox
    # Inset by 1 pt, so that the outlines of two neighbouring cells are both seen.
    rects = "".join(_rect(c.bbox, 1, "" if seq is None else f" fill='{_colour(c.col_start)}' stroke='{_colour(c.col_start)}'")
                    for c in band.cells)
    label = "section" if seq is None else str(seq)
    lx, anchor = (x0 - 3, "") if x0 >= 30 else (x0 + 2, " style='text-anchor:start'")
    text = f"<text class=lab x='{lx:.1f}' y='{top + 10:.1f}'{anchor}>{label}</text>"
    if seq is None:
        tip = "section row: " + " ".join(c.text for c in band.cells)
        return f"<g class=section><title>{html.escape(tip)}</title>{rects}{text}</g>"
    tip = f"row {seq}" + (f" ({note})" if note else "") + "; click to highlight all of its cells"
    return f"<g class=row data-seq='{seq}'><title>{html.escape(tip)}</title>{rects}{text}</g>"


def _warning_svg(extraction: Extraction, w: dict, table: PageTable | None, width: float, height: float) -> str:
    """A warning in red: the cells of its field in its row when known, else its row, else the whole table (or page)."""
    bands = [b for b in extraction.row_bands.get(w.get("seq"), ()) if b.page == w["page"]]
    if bands and table:
        mapping, _ = map_columns(table.columns)
        cols = {mapping[k] for k in FIELD_COLUMNS.get(w.get("field"), (w.get("field"),)) if k in mapping}
        boxes = [c.bbox for b in bands for c in b.cells if c.col_start in cols] or [b.bbox for b in bands]
    elif table:
        bottom = max((b.bbox[3] for b in table.bands), default=table.header_bbox[3])
        boxes = [(table.header_bbox[0], table.header_bbox[1], table.header_bbox[2], bottom)]
    else:
        boxes = [(2, 2, width - 2, height - 2)]
    # A box around a whole table must not swallow clicks on its cells: it is hovered by its border and its ⚠ only.
    attrs = f"class=warn data-seq='{w['seq']}'" if w.get("seq") else "class='warn page'"
    shapes = "".join(f"{_rect(box)}<text x='{box[2] - 16:.1f}' y='{box[1] + 15:.1f}'>⚠</text>" for box in boxes)
    return f"<g {attrs}><title>{html.escape(_warning_plain(w))}</title>{shapes}</g>"


def _row_tr(row: dict, note: str) -> str:
    """A dataset row as the side table shows it: the target as parsed too, so the reviewer checks values, not only text."""
    e = html.escape
    raw, parsed = row.get("target_raw") or "", _target_text(row.get("target") or {})
    target = e(raw) + (f"<span class=parsed>= {e(parsed)}</span>" if raw and parsed != raw.strip() else "")
    pj = "".join(f"<span class=pj>{e(p)}</span>" for p in row.get("penanggung_jawab_list") or [])
    aksi = "".join(f"<li>{e(a.get('kegiatan') or '')} → {e(a.get('keluaran') or '')}</li>" for a in row.get("aksi", []))
    return (f"<tr class=row data-seq='{row['seq']}'><td><b>{row['seq']}</b> <span class=parsed>no {e(row.get('no') or '–')}</span>{note}</td>"
            f"<td>{e(row.get('sasaran') or '')}</td><td>{target}</td><td>{e(row.get('satuan') or '')}</td><td>{pj}</td>"
            f"<td><ol class=aksi>{aksi}</ol></td></tr>")


def _target_text(t: dict) -> str:
    """The parsed target in one line ('<= 2', '6009854, cumulative 18010715'); 'null' when unread."""
    num = lambda v: str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)  # noqa: E731
    parts = [f"{t.get('comparator') or ''} {num(t['value'])}".strip() if t.get("value") is not None else "null"]
    parts += [f"{k} {num(t[k])}" for k in ("cumulative", "scale") if t.get(k) is not None]
    return ", ".join(parts)


def _warning_plain(w: dict) -> str:
    """'code: message (page 3, seq 5, field target)': the warning as the reviewer needs it, where included."""
    where = ", ".join(f"{k} {w[k]}" for k in ("page", "seq", "field") if w.get(k) is not None)
    return f"{w['code']}: {w['message']}" + (f" ({where})" if where else "")


def _page_link(page: int | None, numbers: list[int], bare: bool = False) -> str:
    """A link to a page shown in this file; plain text for a page left out by --pages."""
    if page is None:
        return ""
    text = f"{page}" if bare else f"p. {page}: "
    return f"<a href='#page-{page}'>{text}</a>" if page in numbers else text


def _rect(bbox: tuple[float, float, float, float], inset: float = 0, attrs: str = "") -> str:
    """An SVG rect over a box in PDF points (the overlay's viewBox is the page in points)."""
    x0, top, x1, bottom = bbox
    return (f"<rect x='{x0 + inset:.1f}' y='{top + inset:.1f}' width='{max(x1 - x0 - 2 * inset, 1):.1f}' "
            f"height='{max(bottom - top - 2 * inset, 1):.1f}'{attrs}/>")


def _colour(index: int) -> str:
    return COLUMN_COLOURS[index % len(COLUMN_COLOURS)]


def _n(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _size_text(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 1e6 else f"{n / 1e3:.0f} KB"


@click.command("review")
@click.argument("pdf", type=click.Path(path_type=Path))
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path("."), show_default=True,
              help="Folder to write review-<doc id>.html into.")
@click.option("--pages", default=None, help="Only these PDF pages, e.g. 3-5 or 7 (1-based, inclusive).")
def review_command(pdf: Path, out_dir: Path, pages: str | None, password: str | None, engine: str, max_pages: int,
                   page_seconds: float, debug: bool) -> None:
    """Write OUT/review-<doc id>.html: every table page of PDF as an image, each cell read outlined over it
    (coloured by column, labelled with its row's seq, warnings in red), and the rows beside it. One
    self-contained file (no network); click a row to see all of its cells, search to filter rows.

    Example: lampiran review samples/permendag-17-2024-lampiran.pdf --out output/ --pages 3-5
    """
    from lampiran.cli import exits_on_error

    with exits_on_error(debug, pdf):
        page_range = parse_pages(pages)
        extraction = extract_document(pdf, ExtractOptions(password, Limits(max_pages, page_seconds), engine))
        path = write_review(extraction, pdf, review_path(extraction, out_dir), page_range, password)
    data = extraction.dataset
    shown = len(review_pages(extraction, data["doc"]["source"]["pages"], page_range))
    click.echo(f"{pdf}: {_n(len(data['rows']), 'row')}, {_n(len(data['warnings']), 'warning')}, {_n(shown, 'page')} shown "
               f"-> {path} ({_size_text(path.stat().st_size)})")


# The options shared with `extract` (--password, --engine, --max-pages, --page-seconds, --debug) are defined once,
# in lampiran.cli, which registers this command at its end. Imported last, once review_command exists, so that
# either module can be imported first; click adds options to an existing command in place.
from lampiran.cli import debug_option, engine_option, pdf_options  # noqa: E402

review_command = debug_option(engine_option(pdf_options(review_command)))
