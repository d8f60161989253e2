"""Give every row the section and group it sits under.

Section rows ("Pilar 2 – …", "3.4 Listrik dan Gas Rumah Tangga", "Sub Sektor
Listrik") and group rows ("1. Menurunnya kecelakaan transportasi:") are not
rows of the dataset: they set fields of the rows under them until the next
section row of the same or a higher level. The levels and their patterns are
data (`data/sections.toml`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from normalize.config import section_config
from normalize.model import RawRow, ReadWarning

SECTION_FIELDS = ("pilar", "pilar_title", "sektor_code", "sektor", "sub_sektor", "group_no", "group_title")


@dataclass
class PlacedRow:
    """A data row with the section and group fields it inherits."""

    row: RawRow
    no: str
    section: dict


def place_rows(rows: list[RawRow], lost_pages: set[int] = frozenset()) -> tuple[list[PlacedRow], list[ReadWarning]]:
    """Given rows in document order, return the data rows with their section fields, and what could not be placed
    or may be placed wrong (the rows after `lost_pages`, pages not read whole)."""
    cfg = section_config()
    names = [level.name for level in cfg.levels]
    state: dict = {f: None for f in SECTION_FIELDS}
    placed: list[PlacedRow] = []
    warnings: list[ReadWarning] = []
    for row in rows:
        if row.kind == "section":
            if not _apply_section(row.section_text, state, cfg.levels, names):
                warnings.append(ReadWarning("unknown_section", f"section row not recognised, ignored: {row.section_text!r}", row.pages[0]))
            continue
        no = clean_no(row.text.get("no", ""))
        if is_title_only(row) and _apply_section(f"{row.text.get('no', '')} {row.text.get('sasaran', '')}", state, cfg.levels, names):
            continue  # a section title read as a number and a Sasaran ("3.4" | "Listrik …" on a page without rules)
        if is_group_row(row, cfg.group_title_end):
            state["group_no"] = no
            state["group_title"] = row.text["sasaran"].rstrip().removesuffix(cfg.group_title_end).rstrip()
            continue
        if state["group_no"] and not no.startswith(state["group_no"] + "."):
            state["group_no"] = state["group_title"] = None
        placed.append(PlacedRow(row, no, dict(state)))
    if cfg.levels:
        warnings += _after_lost_pages(placed, rows, set(lost_pages), cfg.levels[0], names)
    return placed, warnings


def _after_lost_pages(placed: list[PlacedRow], rows: list[RawRow], lost: set[int], top, names: list[str]) -> list[ReadWarning]:
    """One warning per page for the rows after a page that was lost or read in part (damaged, its header unread),
    up to the next heading of the top level (a Pilar): a heading that page printed was not read, so the section
    fields they carry from the rows above may be wrong."""
    if not lost:
        return []
    top_text = {id(r) for r in rows if r.kind == "section" and top.pattern.match(" ".join(r.section_text.split()))}
    heading_page, uncertain = 0, {}
    by_row = {id(p.row): p for p in placed}
    for row in rows:
        if id(row) in top_text:
            heading_page = row.pages[-1]
        elif id(row) in by_row and any(heading_page <= page < row.pages[0] for page in lost):
            uncertain.setdefault(row.pages[0], []).append(by_row[id(row)].no)
    return [ReadWarning("section_uncertain", f"rows {', '.join(nos)} follow a page that was not read whole: a "
                        f"{top.name} or lower heading it printed may be missing, so their section fields may be wrong",
                        page, field=names[0]) for page, nos in uncertain.items()]


def _apply_section(text: str, state: dict, levels, names: list[str]) -> bool:
    """Set the fields of the section level `text` matches, and clear every level below it."""
    for depth, level in enumerate(levels):
        m = level.pattern.match(" ".join(text.split()))
        if not m:
            continue
        for lower in names[depth:]:
            for f in _level_fields(levels[names.index(lower)].pattern):
                state[f] = None
        for key, value in m.groupdict().items():
            state[key] = int(value) if value and value.isdigit() and key == "pilar" else value.strip()
        state["group_no"] = state["group_title"] = None
        return True
    return False


def _level_fields(pattern: re.Pattern) -> list[str]:
    return list(pattern.groupindex)


def is_group_row(row: RawRow, title_end: str) -> bool:
    """A group row: numbered, Sasaran ending in the group mark, no target and no aksi."""
    t = row.text
    return bool(t.get("no")) and t.get("sasaran", "").rstrip().endswith(title_end) \
        and not t.get("target") and not t.get("satuan") and not row.aksi


def is_title_only(row: RawRow) -> bool:
    """A row with text in its No. and Sasaran cells only: no target, satuan, institution or aksi."""
    t = row.text
    return not (t.get("target") or t.get("satuan") or t.get("penanggung_jawab") or row.aksi)


def clean_no(text: str) -> str:
    """'1.' -> '1', '1.1.' -> '1.1': the number as printed without its trailing dot."""
    return " ".join(text.split()).rstrip(".").strip()
