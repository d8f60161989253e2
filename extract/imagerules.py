"""Ruling lines from a page image (a scan, or a page OCR rasterised), found as camelot's lattice finds them, as
the rules of the page, so a scanned table is read as a grid by the same table core as a digital page.

Why: OCR gives words and their boxes but no lines, and a table read from text gaps alone merges rows
("13. 14. 15. 16. 17") as soon as the scan is a little skewed or the gaps are tight. `camelot.image_processing`
thresholds the image (adaptive, so a grey or noisy scan works) and keeps what survives a morphological opening
along each direction: the drawn lines.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from extract.model import PageContent, Rule
from extract.rules import merge_rules
from extract.textlayer import SCAN_COVER

DPI = 150  # enough for a 0.5 pt line to be a pixel wide
LINE_SCALE = 40  # camelot's default: a line is at least 1/40 of the page's width (or height) long


def with_image_rules(pages: Iterable[PageContent], path: Path, password: str | None = None) -> Iterator[PageContent]:
    """The pages of `path`, each that is a page image (`SCAN_COVER`) with the rules its image draws added."""
    import pypdfium2 as pdfium

    document = None
    try:
        for page in pages:
            if page.image_cover >= SCAN_COVER:
                document = document or pdfium.PdfDocument(path, password=password)
                bitmap = document[page.number - 1].render(scale=DPI / 72)
                page = replace(page, rules=merge_rules(list(page.rules) + image_rules(bitmap.to_numpy(), page)))
            yield page
    finally:
        if document is not None:
            document.close()


def image_rules(image, page: PageContent) -> list[Rule]:
    """The lines drawn in `image` (a BGR array of the whole page) as Rules in the page's points."""
    from camelot.image_processing import adaptive_threshold, find_lines

    _, threshold = adaptive_threshold(image[:, :, :3].copy())
    sx, sy = page.width / threshold.shape[1], page.height / threshold.shape[0]
    _, verticals = find_lines(threshold, direction="vertical", line_scale=LINE_SCALE)
    _, horizontals = find_lines(threshold, direction="horizontal", line_scale=LINE_SCALE)
    return [Rule("v", x1 * sx, min(y1, y2) * sy, x2 * sx, max(y1, y2) * sy) for x1, y1, x2, y2 in verticals] + \
        [Rule("h", x1 * sx, y1 * sy, x2 * sx, y2 * sy) for x1, y1, x2, y2 in horizontals]
