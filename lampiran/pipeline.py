"""One document from PDF to dataset: the steps in order, nothing else.

extract (pages -> words and rules -> table cells) -> normalize (header, page
break stitching, sections, numerals, institutions, metadata) -> a dict in the
shape of `schemas/dataset.schema.json`.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from multiprocessing import get_context
from pathlib import Path

from extract.accounting import unplaced_words
from extract.columns import HeaderBox, bounds_from_text, header_to_columns, label_body
from extract.continued import continuation_table
from extract.furniture import pages_with_neighbours, without_furniture
from extract.engines import camelot_rules, compare_tables
from extract.grid import columns_to_table, page_to_table
from extract.lines import words_to_lines
from extract.model import Band, Column, PageContent, PageTable, Word
from extract.rules import SNAP
from extract.ocr import ocr_copy, ocr_pages
from extract.spacing import without_letter_spacing
from extract.damage import caught
from extract.pages import damaged_reason, scan_reason
from extract.source import file_sha256
from extract.textlayer import untrusted_reason
from extract.pdfium_pages import READERS
from extract.errors import NoTableError, UnreadableInputError
from rapidfuzz import fuzz

from lampiran.options import ExtractOptions
from normalize.config import column_config, document_config
from normalize.dataset import placed_to_records
from normalize.header import find_header, map_columns, names_column
from normalize.metadata import read_heading, read_signature, signer_after_office
from normalize.model import Extraction, ReadWarning
from normalize.sections import place_rows
from normalize.stitch import cut_by_lost_pages, tables_to_rows


# Warnings that say a page was not read whole: the section headings it printed may be missing (`place_rows`).
LOST_PAGE_CODES = ("damaged_page", "incomplete_header")


def extract_dataset(path: str | Path, options: ExtractOptions = ExtractOptions()) -> dict:
    """Given a Lampiran PDF, return its dataset (contract shape)."""
    return extract_document(path, options).dataset


def extract_document(path: str | Path, options: ExtractOptions = ExtractOptions()) -> Extraction:
    """Given a Lampiran PDF, return its dataset and the page tables read (after OCR when asked)."""
    path = Path(path)
    with caught() as said:  # what the PDF libraries say outside the pages' own reading (`extract.damage`)
        if not options.ocr:
            extraction = _extract_document(path, path, options)
        else:
            with ocr_copy(path, options.password, options.limits, options.reader) as (read, password):
                extraction = _extract_document(read, path, replace(options, password=password))
    if complaints := ReadWarning.of_complaints(said):
        extraction.dataset["warnings"].append(complaints.as_dict())
    return extraction


def _extract_document(path: Path, source: Path, options: ExtractOptions) -> Extraction:
    """Read `path`; `source` is the file the user gave (its name and checksum go in the doc block)."""
    open_reader, _ = READERS[options.reader]
    with open_reader(path, options.password, options.limits) as pdf:
        n_pages = pdf.pages if isinstance(pdf.pages, int) else len(pdf.pages)
    reads = read_all_pages(path, options, n_pages)
    resolve_continuations(reads)
    resolve_columns(reads, path, options)
    warnings = [w for r in reads for w in r.warnings] + resolve_headers(reads)
    untrusted = untrusted_reason(source, [(w.page, w.message) for w in warnings if w.code == "untrusted_text"], n_pages)
    if untrusted and not options.ocr:
        raise NoTableError(untrusted)
    table_reads = [r for r in reads if r.table is not None]
    if not table_reads:
        if damaged := damaged_reason(source, [w.page for w in warnings if w.code == "damaged_page"], n_pages):
            raise UnreadableInputError(damaged)
        raise NoTableError(_no_table_reason(source, sum(r.scanned for r in reads), n_pages, warnings))
    first = reads.index(table_reads[0])
    front = [r.content for r in reads[: first + 1] if r.content is not None]
    tables = [(r.table, r.mapping) for r in table_reads]
    if options.needs_camelot:
        tables, engine_warnings = _second_engine(path, options, tables, [(r.content, r.header) for r in table_reads])
        warnings += engine_warnings
    rows, stitch_warnings = tables_to_rows(tables)
    lost = {w.page for w in warnings if w.code in LOST_PAGE_CODES}
    stitch_warnings += cut_by_lost_pages(rows, lost)
    placed, section_warnings = place_rows(rows, lost)
    records, row_warnings = placed_to_records(placed)
    doc, doc_warnings = read_doc(source, front, table_reads[-1].content, tables[-1][0], n_pages)
    warnings = doc_warnings + warnings + stitch_warnings + section_warnings + row_warnings
    dataset = {"doc": doc, "rows": records, "warnings": [w.as_dict() for w in warnings]}
    row_bands = {seq: p.row.bands for seq, p in enumerate(placed, start=1)}
    return Extraction(dataset, [t for t, _ in tables], row_bands)


@dataclass
class PageRead:
    """What reading one page gave: its table (None for other pages) and, where later steps need it, its content."""

    number: int
    table: PageTable | None = None
    mapping: dict[str, int] | None = None
    header: HeaderBox | None = None
    content: PageContent | None = None  # kept for pages before the table (metadata), table pages' ends, a second engine
    warnings: list[ReadWarning] = field(default_factory=list)
    scanned: bool = False
    missing: list[str] = field(default_factory=list)  # required columns its header did not name
    # Where no vertical rules draw its columns, the words their bounds are judged by (`resolve_columns`)
    label_body: tuple[Word, ...] | None = None


def read_all_pages(path: Path, options: ExtractOptions, n_pages: int) -> list[PageRead]:
    """Read every page, in `options.jobs` processes when there are enough pages to share."""
    if options.jobs <= 1 or n_pages < 2 * options.jobs:
        return read_page_range(path, options, 1, n_pages)
    size = -(-n_pages // options.jobs)
    starts = list(range(1, n_pages + 1, size))
    with ProcessPoolExecutor(max_workers=options.jobs, mp_context=get_context("fork")) as pool:
        parts = pool.map(read_page_range, [path] * len(starts), [options] * len(starts), starts,
                         [min(a + size - 1, n_pages) for a in starts])
        return [r for part in parts for r in part]


def read_page_range(path: Path, options: ExtractOptions, first: int, last: int) -> list[PageRead]:
    """Read pages first..last (1-based, inclusive): the unit of work of one process."""
    reads: list[PageRead] = []
    first_table = last_table = None
    for page in table_pages(path, options, first, last):
        read = read_page(page, last_table)
        read.warnings += ReadWarning.of_reading(page, options.ocr)
        if first_table is None or options.needs_camelot:
            read.content = page  # pages up to the first table page hold the heading and signature
        elif read.table is not None:
            read.content = page  # the last table page may have the signer under the table;
            if last_table is not first_table:  # the one before it is no longer the last (the first stays)
                last_table.content = None
        if read.table is not None:
            first_table = first_table or read
            last_table = read
        reads.append(read)
    return reads


def table_pages(path: Path, options: ExtractOptions, first: int, last: int) -> Iterator[PageContent]:
    """Pages first..last as tables are read from them: without their furniture (`extract.furniture`), for which the
    page either side is read too, and with letter-spaced words glued (`extract.spacing`)."""
    open_reader, read_pages = READERS[options.reader]
    with open_reader(path, options.password, options.limits) as pdf:
        pages = read_pages(pdf, path, options.limits, max(first - 1, 1), last + 1)  # a neighbour either side
        if options.ocr:
            pages = ocr_pages(pages, path, options.password)
        for page, neighbours in pages_with_neighbours(pages):
            if first <= page.number <= last:
                yield without_letter_spacing(without_furniture(page, neighbours))


def read_page(page: PageContent, before: PageRead | None = None) -> PageRead:
    """Given a page without its furniture (`extract.furniture.without_furniture`), find the Lampiran header on it
    and read the table under it; without a header, read it as a continuation of the table page `before` when its
    text keeps to that table's columns."""
    read = PageRead(page.number, scanned=not page.words and page.images > 0)
    if damaged := ReadWarning.of_damage(page):
        read.warnings.append(damaged)
    header = find_header(page)
    if header is None:
        return continue_table(read, page, before)
    table = page_to_table(page, header, names_column=names_column)
    mapping, problems = map_columns(table.columns)
    read.warnings += [ReadWarning("column_inferred", f"header title {p.title!r} is not in the vocabulary; its column is "
                                  f"read as {p.key}, the one required column the header does not name", page.number)
                      if p.status == "inferred" else
                      ReadWarning("unknown_column", f"header title {p.title!r} is {p.status}; its column is ignored", page.number)
                      for p in problems]
    read.table, read.mapping, read.header = table, mapping, header
    read.warnings += unread_warnings(page, table)
    read.missing = [k for k in _required() if k not in mapping]
    if bounds_from_text(page, header):
        read.label_body = label_body(page, header)
    return read


def continue_table(read: PageRead, page: PageContent, before: PageRead | None) -> PageRead:
    """Read a page without a header under the columns of the table page `before` (see `extract.continued`)."""
    if before is None or before.table is None:
        return read
    table = continuation_table(page, before.table.columns)
    if table is not None and (misread := misread_header(table)):
        table = columns_to_table(page, table.columns, misread.bbox[1], misread.bbox[3])
        read.warnings.append(ReadWarning("header_misread", f"the page's first row reads like the table's header "
                                         f"misread ({_band_text(misread)!r}): taken as the header", page.number))
    if table is not None:
        read.table, read.mapping, read.missing = table, before.mapping, before.missing
        read.warnings += unread_warnings(page, table, continued=True)
        if before.label_body is not None and not any(r.orientation == "v" for r in page.rules):
            x0, top, x1, bottom = table.header_bbox
            read.label_body = tuple(w for w in page.words if top <= w.y_mid <= bottom and x0 <= w.x_mid <= x1)
    return read


def misread_header(table: PageTable) -> Band | None:
    """The first band of a continued page when it is the header printed again but misread, OCR of shaded header
    cells (`misread_header_score` of columns.toml); else None. The band's text, cell by cell, is weighed against
    the header's labels column by column, a group's label before its first column ("Aksi Tahun 2024 Kegiatan"),
    as the band holds them."""
    labels, group = [], None
    for column in table.columns:
        if column.group_label and column.group_label != group:
            labels.append(column.group_label)
        labels.append(column.label)
        group = column.group_label
    if not table.bands or not any(labels):
        return None
    first = table.bands[0]
    score = fuzz.ratio(_band_text(first).lower(), " ".join(filter(None, labels)).lower())
    return first if score >= column_config().misread_header_score else None


def _band_text(band: Band) -> str:
    return " ".join(" ".join(c.text.split()) for c in band.cells if c.text)


def unread_warnings(page: PageContent, table: PageTable, continued: bool = False) -> list[ReadWarning]:
    """One `unread_text` warning per printed line of words the table page holds outside every cell and the header
    (`extract.accounting.unplaced_words`)."""
    return [ReadWarning("unread_text", f"text on the table page in no cell: {line.text!r}", page.number,
                        bbox=(line.x0, line.top, line.x1, line.bottom), words=len(line.words))
            for line in words_to_lines(unplaced_words(page, table, continued))]


def resolve_continuations(reads: list[PageRead]) -> None:
    """Pages read in another process than the table page before them (`--jobs`) could not tell whether they
    continue it: read them now, in order, each under the last table page before it."""
    before = None
    for i, read in enumerate(reads):
        if read.table is None and read.content is not None and before is not None:
            reads[i] = continue_table(read, read.content, before)  # as `read_page` reads it
        before = reads[i] if reads[i].table is not None else before


def resolve_columns(reads: list[PageRead], path: Path, options: ExtractOptions) -> None:
    """A table's columns are as wide on every page, but where no vertical rules draw them each page judges their
    bounds by its own text, and a page of a row or two (a table's last) says little: a short value may hold the only
    gap. So over every run of pages under one header (repeated at the same place, or printed once and continued),
    the bounds are judged by the words of them all (`extract.columns.bounds_from_labels`), and a page whose bounds
    differ is read again under them."""
    for run in _label_runs(reads):
        head = run[0]
        page = head.content or _page_content(path, options, head.number)
        columns = header_to_columns(page, head.header, names_column, bodies=[r.label_body for r in run])
        if map_columns(columns)[0] != head.mapping:
            continue
        for read in run:
            if not _same_bounds(read.table.columns, columns):
                _read_under(read, page if read is head else read.content or _page_content(path, options, read.number),
                            columns)


def _label_runs(reads: list[PageRead]) -> list[list[PageRead]]:
    """The runs of two table pages or more whose bounds came from their text (`PageRead.label_body`): a page with a
    header, then those repeating it word for word at the same place or continuing it without one."""
    runs: list[list[PageRead]] = []
    run: list[PageRead] = []
    for read in reads:
        if read.table is None:
            continue
        if read.label_body is None:
            run = []
        elif run and (read.header is None or _same_header(run[0].header, read.header)):
            run.append(read)
        elif read.header is not None:
            run = [read]
            runs.append(run)
    return [r for r in runs if len(r) > 1]


def _same_header(a: HeaderBox, b: HeaderBox) -> bool:
    words_a, words_b = [w for ln in a.lines for w in ln.words], [w for ln in b.lines for w in ln.words]
    return len(words_a) == len(words_b) and all(
        u.text == v.text and abs(u.x0 - v.x0) <= SNAP and abs(u.x1 - v.x1) <= SNAP for u, v in zip(words_a, words_b))


def _same_bounds(a: tuple[Column, ...], b: tuple[Column, ...]) -> bool:
    """Do two tables have the same inner column bounds (a continuation page widens the outer ones to its text)?"""
    return len(a) == len(b) and all(abs(u.x0 - v.x0) <= SNAP for u, v in zip(a[1:], b[1:]))


def _page_content(path: Path, options: ExtractOptions, number: int) -> PageContent:
    return list(table_pages(path, options, number, number))[0]  # to the end, closing the PDF


def _read_under(read: PageRead, page: PageContent, columns: tuple[Column, ...]) -> None:
    """Read a table page again under `columns`, with its word accounting."""
    continued = read.header is None
    table = continuation_table(page, columns) if continued else \
        columns_to_table(page, columns, read.header.top, read.header.bottom)
    if table is not None:
        read.table = table
        read.warnings = [w for w in read.warnings if w.code != "unread_text"] + unread_warnings(page, table, continued)


def resolve_headers(reads: list[PageRead]) -> list[ReadWarning]:
    """A page whose header lacks a column (a misprint, an OCR slip) takes the previous table page's mapping
    when it has the same number of columns and agrees on every column it did name; else it is skipped."""
    warnings = []
    previous: PageRead | None = None
    for read in reads:
        if read.table is None:
            continue
        if not read.missing:
            previous = read
            continue
        fits = previous is not None and len(previous.table.columns) == len(read.table.columns) \
            and all(previous.mapping.get(k) == i for k, i in read.mapping.items())
        if fits:
            warnings.append(ReadWarning("header_reused", f"the header lacks {', '.join(read.missing)}; the columns of "
                                        f"page {previous.number}'s header were used", read.number))
            read.mapping, read.missing = previous.mapping, []
        else:
            warnings.append(ReadWarning("incomplete_header", f"the header lacks {', '.join(read.missing)}; page skipped", read.number))
            read.table = None
    return warnings


def _second_engine(path: Path, options: ExtractOptions, tables, kept):
    """Read the table pages with camelot too: use its tables (engine camelot), or list where the two
    engines disagree (cross-check), or both."""
    rules = camelot_rules(path, {p.number: p.height for p, _ in kept}, options.password)
    other = [(_read_again(replace(page, rules=rules.get(page.number, ())), header, table), mapping)
             for (page, header), (table, mapping) in zip(kept, tables)]
    warnings = []
    if options.cross_check:
        disagreements = [d for (a, _), (b, _) in zip(tables, other) for d in compare_tables(a, b)]
        warnings = [ReadWarning("engines_disagree", f"row piece {d.row}, column {d.column!r}: pdfplumber read "
                                f"{d.texts[0]!r}, camelot read {d.texts[1]!r}", d.page, field=d.column) for d in disagreements]
    return (other if options.engine == "camelot" else tables), warnings


def _read_again(page: PageContent, header: HeaderBox | None, table: PageTable) -> PageTable:
    """Read a table page again with camelot's rules: under its header, or a continuation page under its columns."""
    if header is not None:
        return page_to_table(page, header, "camelot", names_column)
    top = table.header_bbox[1]
    return columns_to_table(page, table.columns, top, top, "camelot")


def _no_table_reason(path: Path, scanned: int, n_pages: int, warnings: list[ReadWarning]) -> str:
    """Say why no table was read: a scan, a header with other columns, or no table at all."""
    if scan := scan_reason(path, scanned, n_pages, "run again with --ocr"):
        return scan
    headers = [w for w in warnings if w.code == "incomplete_header"]
    if headers:
        return f"{path}: a table header was found (page {headers[0].page}) but {headers[0].message.split(';')[0]}"
    return f"{path}: no Lampiran table with the columns {', '.join(_required())} was found"


def _required() -> tuple[str, ...]:
    return column_config().required


def read_doc(path: Path, front: list[PageContent], last: PageContent, last_table: PageTable, n_pages: int) -> tuple[dict, list[ReadWarning]]:
    """The doc block: identity from the heading, date and signer from the signature block, the source file."""
    heading, warnings = read_heading(front)
    ditetapkan, signer, sig_warnings = read_signature(front)
    if signer is None:
        below = [l for l in words_to_lines(last.words) if l.top > last_table.header_bbox[3]]
        signer = signer_after_office(below, 0)
        sig_warnings = [w for w in sig_warnings if w.field != "penandatangan" or signer is None]
        if signer is None and not any(w.field == "penandatangan" for w in sig_warnings):
            sig_warnings.append(ReadWarning("no_signer", "no signer's name found under an office line", field="penandatangan"))
    warnings += sig_warnings
    jenis = heading.jenis if heading else None
    nomor = heading.nomor if heading else None
    tahun = heading.tahun if heading else None
    doc = {
        "id": doc_id(jenis, nomor, tahun, path),
        "jenis": jenis,
        "nomor": nomor,
        "tahun": tahun,
        "judul": heading.judul if heading else None,
        "ditetapkan": ditetapkan,
        "penandatangan": signer,
        "source": {"file": path.name, "sha256": file_sha256(path), "pages": n_pages},
    }
    return doc, warnings


def doc_id(jenis: str | None, nomor: int | None, tahun: int | None, path: Path) -> str:
    """A slug such as 'permendag-17-2024': the jenis' short form, number, year; the file's stem when unknown.

    Only [a-z0-9-] survive, so the id can never name a path outside the output directory.
    """
    if jenis and nomor is not None and tahun is not None:
        prefix = document_config().id_prefix.get(jenis) or "".join(w[0] for w in jenis.split())
        raw = f"{prefix}-{nomor}-{tahun}"
    else:
        raw = path.stem
    slug = re.sub(r"[^a-z0-9]+", "-", raw.lower()).strip("-")
    return slug or "document"
