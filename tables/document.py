"""One PDF to its stitched tables: the steps in order, nothing else.

pages (words and rules, `extract.pages`, without their furniture,
`extract.furniture`) -> table regions (`regions` from the rules,
`textblocks` from text alone) -> bands of cells (`grid`) -> headers
and stitching (`header`, `stitch`).
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from extract.accounting import words_outside
from extract.furniture import pages_with_neighbours, without_furniture
from extract.model import Limits, PageContent, Word
from extract.damage import caught
from extract.pages import PageTimeout, damaged_reason, scan_reason, time_limit
from extract.pdfium_pages import READERS
from extract.ocr import ocr_copy, ocr_pages
from extract.spacing import without_letter_spacing
from extract.textlayer import untrusted_reason
from extract.errors import NoTableError, UnreadableInputError
from extract.lines import line_text, words_to_lines
from normalize.model import ReadWarning
from tables.grid import region_to_grid, region_words
from tables.model import PageGrid, Region, TableSet
from tables.regions import page_to_regions
from tables.textblocks import TEXT_COLUMNS, text_regions
from tables.stitch import grids_to_tables


def pdf_to_tables(path: str | Path, password: str | None = None, limits: Limits = Limits(), reader: str = "pdfium",
                  ocr: bool = False) -> TableSet:
    """Given a PDF, return every table in it (ruled, ruled in part, or of text alone), stitched across pages;
    NoTableError when there is none.
    Pages are read by the same readers as `lampiran extract` (`reader`: a name of `extract.pdfium_pages.READERS`),
    after OCR of the pages that need it when `ocr` (`extract.ocr.ocr_copy`)."""
    path = Path(path)
    if not ocr:
        return _read_tables(path, path, password, limits, reader, ocr)
    with ocr_copy(path, password, limits, reader) as (read, read_password):
        return _read_tables(read, path, read_password, limits, reader, ocr)


def _read_tables(path: Path, source: Path, password: str | None, limits: Limits, reader: str, ocr: bool) -> TableSet:
    """Read `path`'s tables; `source` is the file the user gave (errors name it)."""
    grids: list[PageGrid] = []
    warnings: list[ReadWarning] = []
    scanned = n_pages = 0
    stacked = None  # the last table of horizontal rules only read (`tables.regions.stack_to_region`)
    open_reader, read_pages = READERS[reader]
    with caught() as said, open_reader(path, password, limits) as pdf:  # said: outside the pages' own reading
        pages = read_pages(pdf, path, limits)
        if ocr:
            pages = ocr_pages(pages, path, password)
        for printed, neighbours in pages_with_neighbours(pages):
            # Page numbers, running heads and footers off, letter-spaced words glued: as lampiran extract reads them.
            page = without_letter_spacing(without_furniture(printed, neighbours))
            n_pages += 1
            scanned += not page.words and page.images > 0
            warnings += [w for w in [ReadWarning.of_damage(page)] if w] + ReadWarning.of_reading(page, ocr)
            try:
                with time_limit(limits.page_seconds):  # a page of thousands of rules must not run unbounded
                    ruled = page_to_regions(page, stacked)
                    words = {r: region_words(page, r) for r in ruled}  # each region's words, read once
                    found = text_regions(page, {w for ws in words.values() for w in ws}, stacked)
                    words.update((r, region_words(page, r)) for r in found)
                    regions = sorted(ruled + found, key=lambda r: (r.bbox[1], r.bbox[0]))
                    stacked = next((r for r in reversed(regions) if not r.v), stacked)
                    lines = frozenset(line_text(line) for line in words_to_lines(list(printed.words))) if regions else frozenset()
                    grids += [g for g in (_read_region(page, r, words[r], regions, lines) for r in regions) if g.bands]
            except PageTimeout:
                raise UnreadableInputError(f"{source}: page {page.number} took longer than {limits.page_seconds:g} s "
                                           "to read its tables (raise it with --page-seconds)") from None
    tables = grids_to_tables(grids)
    if complaints := ReadWarning.of_complaints(said):
        warnings.append(complaints)
    untrusted = untrusted_reason(source, [(w.page, w.message) for w in warnings if w.code == "untrusted_text"], n_pages)
    if untrusted and not ocr:
        raise NoTableError(untrusted)
    if not tables:
        if damaged := damaged_reason(source, [w.page for w in warnings if w.code == "damaged_page"], n_pages):
            raise UnreadableInputError(damaged)
        if scan := scan_reason(source, scanned, n_pages, "run again with --ocr"):
            raise NoTableError(scan)
        raise NoTableError(f"{source}: no table found (neither ruling lines nor text set in {TEXT_COLUMNS} or more "
                           "aligned columns)")
    return TableSet(tuple(tables), n_pages, tuple(warnings), ocr)


def _read_region(page: PageContent, region: Region, words: tuple[Word, ...], regions: list[Region],
                 page_lines: frozenset[str]) -> PageGrid:
    """A table region's grid from its words (`region_words`), with the count of the page's words at its height
    that none of its cells holds, the page's text lines over and under it, as far as the page's next table region
    either way (`regions`), and all of the page's lines (`page_lines`)."""
    grid = region_to_grid(page, region, words)
    boxes = [p.bbox for b in grid.bands for c in b.cells for p in c.parts]
    x0, top, x1, bottom = region.bbox
    over = [o.bbox for o in regions if o is not region and o.bbox[0] < x1 and o.bbox[2] > x0]
    ceiling = max((b[3] for b in over if b[3] <= top), default=0.0)
    floor = min((b[1] for b in over if b[1] >= bottom), default=page.height)
    read = set(words)
    beside = [w for w in page.words if x0 <= w.x_mid <= x1 and w not in read]
    above = tuple(line_text(line) for line in words_to_lines([w for w in beside if ceiling < w.y_mid < top]))
    below = tuple(line_text(line) for line in words_to_lines([w for w in beside if bottom < w.y_mid < floor]))
    return replace(grid, unread=len(words_outside(page, region.bbox, boxes)), above=above, below=below,
                   page_lines=page_lines)
