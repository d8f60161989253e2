"""Turn the bands of every table page into rows, rejoining rows cut by page breaks.

A band whose No. cell is empty and which opens a page continues the last row
of the previous page: each column's text is appended to the same column, so
no word is lost or doubled. Whether the last Kegiatan/Keluaran sub-row was cut
too, or the next page starts a new pair, the page does not draw. The text
says so where the continuation starts mid-sentence, carries on a numbered
list, or follows text ending in a word a phrase cannot end with
(`data/stitch.toml`); where the cut sub-row's text ran to the bottom of its
page, an empty cell on either side of the break says so too.
"""
from __future__ import annotations

import re

from extract.model import Band, Cell, PageTable
from normalize.config import open_endings
from normalize.model import AksiPiece, RawRow, ReadWarning

LEFT_KEYS = ("no", "sasaran", "target", "satuan", "penanggung_jawab")
AKSI_KEYS = ("kegiatan", "keluaran")
LIST_MARKER = re.compile(r"\s(\d{1,2})[.)]\s")
# A text ending a sentence: a full stop after a word of three letters or more, not a list number ("2.") nor an
# abbreviation ("No.", "Rp.").
SENTENCE_END = re.compile(r"[^\W\d]{3,}[)\]]?\.$")
# A sub-row's text "runs to the bottom" of a band when less than this many line heights of blank space remain under it.
CUT_ROOM_LINES = 1.6


def tables_to_rows(tables: list[tuple[PageTable, dict[str, int]]]) -> tuple[list[RawRow], list[ReadWarning]]:
    """Given each table page with its column mapping, return the document's rows in order."""
    rows: list[RawRow] = []
    warnings: list[ReadWarning] = []
    cut_below = False  # did the last band of the previous page run to its bottom in an aksi column?
    for table, mapping in tables:
        for i, band in enumerate(table.bands):
            row = band_to_row(band, mapping)
            continues = row.kind == "row" and not has_number(row.text.get("no", "")) and rows and rows[-1].kind == "row"
            if continues:
                if i > 0:
                    warnings.append(ReadWarning("unnumbered_row", "a row with no number in the middle of a page was joined to the row above it", band.page))
                join_rows(rows[-1], row, continue_aksi=(i == 0 and cut_below),
                          mid_paragraph=(i == 0 and cut_mid_text(rows[-1].bands[-1], band, mapping)))
            elif row.kind == "row" and not has_number(row.text.get("no", "")):
                text = " | ".join(t for t in row.text.values() if t)
                warnings.append(ReadWarning("unnumbered_row", f"a row with no number and no row above it to continue "
                                            f"is not in the dataset; it reads: {text!r}", band.page))
            else:
                rows.append(row)
        cut_below = bool(table.bands) and _aksi_cut_at_bottom(table.bands[-1], mapping)
    return rows, warnings


def band_to_row(band: Band, mapping: dict[str, int]) -> RawRow:
    """Given one band, return its row: a section when one cell holding text spans the No. and Sasaran columns (an
    empty one is the left of a row cut by the page break that the producer drew no cells for, WeasyPrint)."""
    first = band.cells[0]
    if first.col_start <= mapping["no"] and first.col_end >= mapping["sasaran"] and first.lines:
        return RawRow("section", [band.page], section_text=" ".join(c.text for c in band.cells if c.lines), bands=[band])
    text = {key: _column_text(band, mapping[key]) for key in LEFT_KEYS}
    text["no"] = "".join(text["no"].split())  # a number wrapped in a narrow cell ("10.2" over ".") is one number
    return RawRow("row", [band.page], text, _aksi_pieces(band, mapping), bands=[band])


def _column_text(band: Band, col: int) -> str:
    """The text of the cells starting in `col`: a cell spanning several columns (a group title over Sasaran to
    Keluaran) belongs to the first, not to each."""
    return " ".join(c.text for c in band.cells if c.col_start == col and c.lines)


def _aksi_pieces(band: Band, mapping: dict[str, int]) -> list[AksiPiece]:
    """Pair the Kegiatan and Keluaran sub-cells of a band: each Keluaran goes with the Kegiatan beside its
    first line (else the one it overlaps most); several Keluaran cells beside one Kegiatan are joined."""
    keg, kel = _cells_in(band, mapping["kegiatan"]), _cells_in(band, mapping["keluaran"])
    partners: dict[int, list[Cell]] = {i: [] for i in range(len(keg))}
    alone = []
    for c in kel:
        beside = [i for i, k in enumerate(keg) if c.text_top is not None and k.bbox[1] <= c.text_top <= k.bbox[3]]
        best = beside[0] if beside else max(range(len(keg)), key=lambda i: _v_overlap(keg[i], c), default=None)
        if best is None or _v_overlap(keg[best], c) <= 0:
            alone.append(c)
        else:
            partners[best].append(c)
    pieces = [(k.bbox[1], AksiPiece(k.text, " ".join(c.text for c in partners[i] if c.lines))) for i, k in enumerate(keg)]
    pieces += [(c.bbox[1], AksiPiece("", c.text)) for c in alone]
    return [p for _, p in sorted(pieces, key=lambda tp: tp[0]) if p.kegiatan or p.keluaran]


def _v_overlap(a: Cell, b: Cell) -> float:
    return max(0.0, min(a.bbox[3], b.bbox[3]) - max(a.bbox[1], b.bbox[1]))


def _aksi_cut_at_bottom(band: Band, mapping: dict[str, int]) -> bool:
    """Did the last Kegiatan/Keluaran sub-row of this band fill it to its bottom edge, or is it left open there (no
    rule under it on a ruled page: the producer cut it)?"""
    for key in AKSI_KEYS:
        last = max(_cells_in(band, mapping[key]), key=lambda c: c.bbox[1], default=None)
        if last and last.lines and (last.ruled_below is False
                                    or last.bbox[3] - last.text_bottom < CUT_ROOM_LINES * last.line_height):
            return True
    return False


def cut_mid_text(before: Band, after: Band, mapping: dict[str, int]) -> bool:
    """Did the page break cut the last Kegiatan/Keluaran sub-row mid-paragraph? A typesetter fills a line before
    it breaks it, so where a text goes on over the break, the last line above it had no room for the first word
    below it. Judged in each aksi column with text on both sides of the break: every one must have been full, left
    open by the producer (no rule under it on a ruled page: Chromium, WeasyPrint leave a cut cell open), and not
    ending a sentence. A full last line alone is no proof (one in three or four ends so in a narrow column): where
    the producer closes every cell at the break (reportlab, LibreOffice) or draws no rules, nothing on the page
    tells a cut pair from a new one, and the text cues of `runs_on` decide."""
    judged = False
    for key in AKSI_KEYS:
        above = max(_cells_in(before, mapping[key]), key=lambda c: c.bbox[1], default=None)
        below = min(_cells_in(after, mapping[key]), key=lambda c: c.bbox[1], default=None)
        if above is None or below is None or not above.lines or not below.lines or above.room_right is None:
            continue
        if below.first_word_width <= above.room_right or above.ruled_below is not False \
                or SENTENCE_END.search(above.text):
            return False
        judged = True
    return judged


def _cells_in(band: Band, col: int) -> list[Cell]:
    """The cells of `col` alone (not spanning other columns), top to bottom as drawn."""
    return [c for c in band.cells if c.col_start == c.col_end == col]


def join_rows(row: RawRow, more: RawRow, continue_aksi: bool, mid_paragraph: bool = False) -> None:
    """Append the continuation `more` (the next page's part of `row`) to `row`, column by column; its first
    Kegiatan/Keluaran pair goes on the last one where the break cut it (`mid_paragraph`, see `cut_mid_text`; or
    `continue_aksi` with `is_cut_pair`) or the text runs on."""
    for key in LEFT_KEYS:
        row.text[key] = _join(row.text.get(key, ""), more.text.get(key, ""), "" if key == "no" else " ")
    aksi = list(more.aksi)
    cut = is_cut_pair if continue_aksi else runs_on  # is_cut_pair asks runs_on too
    if aksi and row.aksi and (mid_paragraph or cut(row.aksi[-1], aksi[0])):
        head = aksi.pop(0)
        row.aksi[-1] = AksiPiece(_join(row.aksi[-1].kegiatan, head.kegiatan), _join(row.aksi[-1].keluaran, head.keluaran))
    row.aksi.extend(aksi)
    row.pages.extend(p for p in more.pages if p not in row.pages)
    row.bands.extend(more.bands)


def is_cut_pair(before: AksiPiece, after: AksiPiece) -> bool:
    """Does `after` (top of a page) continue the pair `before` (bottom of the previous page), whose text ran to the
    bottom of its page?"""
    return not (after.kegiatan and after.keluaran) or not (before.kegiatan and before.keluaran) or runs_on(before, after)


def runs_on(before: AksiPiece, after: AksiPiece) -> bool:
    """Does the text say `after` carries on `before`, wherever `before` ended on its page (some typesetters leave
    room under a row they cut): it starts mid-sentence, or `before` ends in a word a phrase cannot end with, or a
    numbered list goes on?"""
    if any(t[:1].islower() for t in (after.kegiatan, after.keluaran)):
        return True
    endings = open_endings()
    for text in (before.kegiatan, before.keluaran):
        words = text.split()
        if words and (words[-1].lower() in endings or words[-1][-1:] in endings):
            return True
    return any(_list_goes_on(a, b) for a, b in ((before.kegiatan, after.kegiatan), (before.keluaran, after.keluaran)))


def _list_goes_on(before: str, after: str) -> bool:
    """Does `after` carry on a numbered list of `before` ("1. … 2. …" then "… 3. …") without opening with
    the next number (a pair that opens with it may be a new numbered pair)?"""
    numbers_before = [int(n) for n in LIST_MARKER.findall(" " + before)]
    numbers_after = [int(n) for n in LIST_MARKER.findall(" " + after)]
    return bool(numbers_before and numbers_after) and numbers_after[0] == numbers_before[-1] + 1 \
        and not LIST_MARKER.match(" " + after)


def has_number(no: str) -> bool:
    """Does a No. cell hold a number? The "." of a number wrapped at a page break ("10.2" | ".") does not."""
    return any(ch.isalnum() for ch in no)


def _join(a: str, b: str, space: str = " ") -> str:
    return f"{a}{space}{b}".strip() if a and b else (a or b)
