"""The engines that read a table page, behind one interface, and the cross-check that composes them.

Every engine returns the same `PageTable` (bands of cells with page, bbox and
text), so the normalizer never knows which one read a page:

- `pdfplumber` (the default, also called `auto`): ruling lines from the PDF's
  drawing operators; per page it reads a ruled grid where one is drawn and the
  text layout where none is (`extract.grid`, `extract.textrows`).
- `camelot`: camelot's lattice parser finds the ruling from the rendered page
  image (OpenCV); its cell edges become the rules the same grid reader uses,
  with the text from the PDF's text layer. A page where lattice finds no table
  is read from its text layout, like the default.

The cross-check runs both and lists every cell where they disagree.
"""
from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from extract.model import PageTable, Rule
from extract.rules import merge_rules

ENGINES = ("auto", "pdfplumber", "camelot")


@dataclass(frozen=True)
class Disagreement:
    """One cell two engines read differently."""

    page: int
    row: int  # 1-based band (row piece) on the page
    column: str
    texts: tuple[str, str]


def camelot_rules(path: Path, page_heights: dict[int, float], password: str | None = None) -> dict[int, tuple[Rule, ...]]:
    """Given the table pages (number -> height), return the ruling camelot lattice sees on each, as Rules."""
    import camelot

    if not page_heights:
        return {}
    logging.getLogger("camelot").setLevel(logging.ERROR)
    pages = ",".join(str(n) for n in sorted(page_heights))
    found = camelot.read_pdf(str(path), pages=pages, flavor="lattice", password=password, suppress_stdout=True)
    rules: dict[int, list[Rule]] = defaultdict(list)
    for table in found:
        number = int(table.page)
        height = page_heights[number]
        for row in table.cells:
            for c in row:
                top, bottom = height - c.y2, height - c.y1
                if c.left:
                    rules[number].append(Rule("v", c.x1, top, c.x1, bottom))
                if c.right:
                    rules[number].append(Rule("v", c.x2, top, c.x2, bottom))
                if c.top:
                    rules[number].append(Rule("h", c.x1, top, c.x2, top))
                if c.bottom:
                    rules[number].append(Rule("h", c.x1, bottom, c.x2, bottom))
    return {n: merge_rules(r) for n, r in rules.items()}  # one rule per drawn line, as the readers give them


def compare_tables(a: PageTable, b: PageTable) -> list[Disagreement]:
    """Given one page read by two engines, return every row piece and column whose text differs."""
    if len(a.bands) != len(b.bands):
        return [Disagreement(a.page, 0, "(rows)", (f"{len(a.bands)} row pieces", f"{len(b.bands)} row pieces"))]
    out = []
    for i, (band_a, band_b) in enumerate(zip(a.bands, b.bands), start=1):
        for col in a.columns:
            text_a, text_b = _column_text(band_a, col.index), _column_text(band_b, col.index)
            if text_a != text_b:
                out.append(Disagreement(a.page, i, col.label or str(col.index), (text_a, text_b)))
    return out


def _column_text(band, col: int) -> str:
    """A column's text in a band, sub-cells joined with ' | ' so a different cut into sub-rows shows."""
    return " | ".join(c.text for c in band.cells if c.col_start <= col <= c.col_end)
