"""Ruling lines from a page image (a scan, or a page OCR rasterised), found as camelot's lattice finds them, as
the rules of the page, so a scanned table is read as a grid by the same table core as a digital page.

Why: OCR gives words and their boxes but no lines, and a table read from text gaps alone merges rows
("13. 14. 15. 16. 17") as soon as the scan is a little skewed or the gaps are tight. `camelot.image_processing`
thresholds the image (adaptive, so a grey or noisy scan works) and keeps what survives a morphological opening
along each direction: the drawn lines.
"""
from __future__ import annotations

from dataclasses import dataclass

from extract.model import PageContent, Rule

DPI = 150  # enough for a 0.5 pt line to be a pixel wide
LINE_SCALE = 40  # camelot's default: a line is at least 1/40 of the page's width (or height) long


@dataclass(frozen=True)
class ImageLines:
    """The lines drawn in a page image: as Rules in the page's points, and as the image's pixels they cover."""

    rules: list[Rule]
    mask: object  # numpy uint8 array the image's size, non-zero on a line


def image_lines(image, page: PageContent) -> ImageLines:
    """The lines drawn in `image` (a BGR array of the whole page `page`)."""
    import numpy as np
    from camelot.image_processing import adaptive_threshold, find_lines

    _, threshold = adaptive_threshold(image[:, :, :3].copy())
    sx, sy = page.width / threshold.shape[1], page.height / threshold.shape[0]
    vertical_mask, verticals = find_lines(threshold, direction="vertical", line_scale=LINE_SCALE)
    horizontal_mask, horizontals = find_lines(threshold, direction="horizontal", line_scale=LINE_SCALE)
    rules = [Rule("v", x1 * sx, min(y1, y2) * sy, x2 * sx, max(y1, y2) * sy) for x1, y1, x2, y2 in verticals] + \
        [Rule("h", x1 * sx, y1 * sy, x2 * sx, y2 * sy) for x1, y1, x2, y2 in horizontals]
    return ImageLines(rules, np.maximum(vertical_mask, horizontal_mask).astype(np.uint8))
