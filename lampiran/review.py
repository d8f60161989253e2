"""A review page: every table page as an image with the cells read drawn over it, the rows beside it.

A data team must convince itself that each row says what the PDF says; dataset.json next to the PDF
hides what the grid got wrong (a merged cell, a row cut by a page break). So this draws what the
pipeline saw, in place: cells outlined by column, rows labelled with their `seq`, warnings in red.
One self-contained HTML file (images as data: URIs, no network); images are decoded only near the
viewport, so a 900-page Lampiran stays usable, and `--pages` reviews a range.
"""
from __future__ import annotations

import html
from itertools import chain
from pathlib import Path

import click
import pypdfium2 as pdfium

from extract.model import Band, Limits, PageTable
from extract.errors import UsageError
from lampiran.pageview import (DOCUMENT_END, Outline, column_key, continuation, document_head, meta_list,
                               opened_pdf, outlines_svg, page_link, page_section, page_views, plural, rect,
                               rows_table, size_text, write_atomic)
from lampiran.options import ExtractOptions, debug_option, engine_option, pdf_options
from lampiran.pipeline import extract_document
from normalize.header import map_columns
from normalize.model import Extraction

# A contract field named by a warning -> the column keys whose cells it concerns.
FIELD_COLUMNS = {"aksi": ("kegiatan", "keluaran"), "penanggung_jawab_list": ("penanggung_jawab",)}
SIDE_COLUMNS = ("seq / no", "sasaran", "target", "satuan", "penanggung jawab", "aksi: kegiatan → keluaran")


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
    with opened_pdf(pdf_path, password) as pdf:
        numbers = review_pages(extraction, len(pdf), pages)
        draw = lambda n, page: page_html(extraction, n, page, numbers)  # noqa: E731
        head = head_html(extraction, numbers, pages)
        return write_atomic(out_path, chain([head], page_views(pdf, numbers, draw), [DOCUMENT_END]))


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


def head_html(extraction: Extraction, numbers: list[int], pages: tuple[int, int] | None) -> str:
    """The header: document metadata, counts, source hash, how to read the page, the warning list, the search bar."""
    data, e = extraction.dataset, html.escape
    doc, rows, warnings = data["doc"], data["rows"], data["warnings"]
    src = doc.get("source", {})
    title = f"{doc.get('jenis') or 'Lampiran'} Nomor {doc['nomor']} Tahun {doc.get('tahun')}" if doc.get("nomor") else doc["id"]
    title += f": {doc['judul']}" if doc.get("judul") else ""
    meta = meta_list([("id", doc["id"]), ("judul", doc.get("judul")), ("ditetapkan", doc.get("ditetapkan")),
                      ("penandatangan", doc.get("penandatangan")), ("file", src.get("file"))], src.get("sha256"))
    shown = f" · showing pages {pages[0]}–{pages[1]}" if pages else ""
    counts = (f"{len(rows)} rows · {sum(len(r['aksi']) for r in rows)} aksi pairs · {src.get('pages')} pages "
              f"({len(extraction.tables)} with the table){shown} · {plural(len(warnings), 'warning')}")
    columns = extraction.tables[0].columns if extraction.tables else ()
    wl = "".join(f"<li>{page_link(w.get('page'), numbers)}{e(_warning_plain(w))}</li>" for w in warnings) or "<li style='color:#070'>none</li>"
    return document_head(title, "lampiran review", "Search rows (text, seq, number)…", (
        f"<h1>{e(title)}</h1>{meta}<p class=counts>{counts}</p>"
        f"<p class=help>Each page of the PDF's table is shown with every cell the tool read outlined, one colour per "
        f"column; the number in the margin is the row's <b>seq</b> (its key in the dataset). Grey dashed boxes are "
        f"section rows, which fill the pilar/sektor of the rows below them. Red boxes are warnings (hover for the "
        f"message). Beside each page are the rows as the dataset holds them: <b>click a row or a cell</b> to "
        f"highlight all of its cells, on every page it spans; check that they cover exactly what the row says.</p>"
        f"{column_key((c.index, c.label or c.group_label) for c in columns)}"
        f"<h3>Warnings</h3><ul class=warnlist>{wl}</ul>"))


def page_html(extraction: Extraction, number: int, page: pdfium.PdfPage, numbers: list[int]) -> str:
    """One page: its image with the cells drawn over it, and the rows read from it."""
    width, height = page.get_size()
    table = next((t for t in extraction.tables if t.page == number), None)
    pieces = _page_pieces(extraction, number, table)
    warnings = [w for w in extraction.dataset["warnings"] if w.get("page") == number]
    svg = outlines_svg(_outline(band, seq, continuation(_pages(extraction, seq), number, numbers, plain=True))
                       for _, seq, band in pieces)
    svg += "".join(_warning_svg(extraction, w, table, width, height) for w in warnings)
    by_seq = {r["seq"]: r for r in extraction.dataset["rows"]}
    trs = "".join(_row_tr(by_seq[seq], continuation(_pages(extraction, seq), number, numbers)) if seq else
                  f"<tr class=sec><td colspan=6>{html.escape(' '.join(c.text for c in band.cells))}</td></tr>"
                  for _, seq, band in pieces)
    n_rows = sum(1 for _, seq, _ in pieces if seq)
    wl = "".join(f"<li>{html.escape(_warning_plain(w))}</li>" for w in warnings)
    side = (f"<ul class=warns>{wl}</ul>" if wl else "") + rows_table(SIDE_COLUMNS, trs)
    return page_section(number, page, f"· {plural(n_rows, 'row')} · {plural(len(warnings), 'warning')}", svg, side)


def _page_pieces(extraction: Extraction, number: int, table: PageTable | None) -> list[tuple[float, int | None, Band]]:
    """The bands on a page top to bottom, each with the seq of the row it belongs to (None: a section or group row)."""
    owner = {(b.page, b.bbox): seq for seq, bands in extraction.row_bands.items() for b in bands}
    bands = table.bands if table else ()
    return sorted(((b.bbox[1], owner.get((b.page, b.bbox)), b) for b in bands), key=lambda p: p[0])


def _pages(extraction: Extraction, seq: int | None) -> list[int]:
    """The pages a row was read from (none for a section row)."""
    return sorted({b.page for b in extraction.row_bands.get(seq, ())}) if seq is not None else []


def _outline(band: Band, seq: int | None, note: str) -> Outline:
    """A band as the page view draws it: its cells coloured by column under its seq, or grey for a section row."""
    if seq is None:
        return Outline(None, "section", band.bbox, tuple((c.bbox, None) for c in band.cells),
                       "section row: " + " ".join(c.text for c in band.cells))
    tip = f"row {seq}" + (f" ({note})" if note else "") + "; click to highlight all of its cells"
    return Outline(str(seq), str(seq), band.bbox, tuple((c.bbox, c.col_start) for c in band.cells), tip)


def _warning_svg(extraction: Extraction, w: dict, table: PageTable | None, width: float, height: float) -> str:
    """A warning in red: its own box when it has one (unread text), else the cells of its field in its row when
    known, else its row, else the whole table (or page)."""
    bands = [b for b in extraction.row_bands.get(w.get("seq"), ()) if b.page == w["page"]]
    if w.get("bbox"):
        boxes = [tuple(w["bbox"])]
    elif bands and table:
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
    shapes = "".join(f"{rect(box)}<text x='{box[2] - 16:.1f}' y='{box[1] + 15:.1f}'>⚠</text>" for box in boxes)
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


@click.command("review")
@click.argument("pdf", type=click.Path(path_type=Path))
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path("."), show_default=True,
              help="Folder to write review-<doc id>.html into.")
@click.option("--pages", default=None, help="Only these PDF pages, e.g. 3-5 or 7 (1-based, inclusive).")
@pdf_options
@engine_option
@debug_option
def review_command(pdf: Path, out_dir: Path, pages: str | None, password: str | None, engine: str, reader: str,
                   max_pages: int, page_seconds: float, debug: bool) -> None:
    """Write OUT/review-<doc id>.html: every table page of PDF as an image, each cell read outlined over it
    (coloured by column, labelled with its row's seq, warnings in red), and the rows beside it. One
    self-contained file (no network); click a row to see all of its cells, search to filter rows.

    Example: lampiran review samples/permendag-17-2024-lampiran.pdf --out output/ --pages 3-5
    """
    from lampiran.cli import exits_on_error

    with exits_on_error(debug, pdf):
        page_range = parse_pages(pages)
        extraction = extract_document(pdf, ExtractOptions(password, Limits(max_pages, page_seconds), engine, reader=reader))
        path = write_review(extraction, pdf, review_path(extraction, out_dir), page_range, password)
    data = extraction.dataset
    shown = len(review_pages(extraction, data["doc"]["source"]["pages"], page_range))
    click.echo(f"{pdf}: {plural(len(data['rows']), 'row')}, {plural(len(data['warnings']), 'warning')}, {plural(shown, 'page')} shown "
               f"-> {path} ({size_text(path.stat().st_size)})")
