"""Turn the bands of every table page into rows, rejoining rows cut by page breaks.

A band whose No. cell is empty and which opens a page continues the last row
of the previous page: each column's text is appended to the same column, so
no word is lost or doubled. So does one in the middle of a page: said so
where it holds text left of the aksi columns (a row whose number is missing),
not where it holds sub-rows alone (a producer that ends the box of a cut row's
left cells before its last sub-rows, Chromium). A page's last band with no
number whose one-line cells the next page's first row lacks is that row's top
(its other cells went on together, CSS `orphans`). A band opening a page whose
number, put after the number the page before ended on, makes the number that
follows on in the outline, where the one above alone does not, is that row's
too: a narrow No. cell wrapped "1.2." as "1." over "2." and the break fell
between (`_number_goes_on`).

Whether the last Kegiatan/Keluaran sub-row was cut too, or the next page
starts a new pair, the page draws only where the producer leaves the cut cell
open, or where both aksi columns ran full to the bottom (`breaks.cut_mid_text`). The
text says so where the continuation starts mid-sentence, carries on a
numbered list, or follows text ending in a word a phrase cannot end with
(`data/stitch.toml`), a list item's number or an open bracket; where the cut
sub-row's text ran to the bottom of its page, an empty cell on either side of
the break says so too. That evidence is `normalize.breaks`, which `lampiran
tables` weighs for any table's sub-rows too.
"""
from __future__ import annotations

from extract.model import Band, Cell, PageTable
from extract.rules import SNAP
from normalize.breaks import cut_at_bottom, cut_mid_text, has_number, is_cut_pair, no_room_below, number_goes_on, runs_on, \
    widow_kept
from normalize.model import AksiPiece, RawRow, ReadWarning

LEFT_KEYS = ("no", "sasaran", "target", "satuan", "penanggung_jawab")
AKSI_KEYS = ("kegiatan", "keluaran")

def tables_to_rows(tables: list[tuple[PageTable, dict[str, int]]]) -> tuple[list[RawRow], list[ReadWarning]]:
    """Given each table page with its column mapping, return the document's rows in order."""
    rows: list[RawRow] = []
    warnings: list[ReadWarning] = []
    cut_below = False  # did the last band of the previous page run to its bottom in an aksi column?
    previous: dict[str, int] = {}  # the previous page's column mapping
    left_behind: RawRow | None = None  # see `_is_left_behind`
    for table, mapping in tables:
        for i, band in enumerate(table.bands):
            row = band_to_row(band, mapping)
            if left_behind is not None:
                if i == 0 and _is_left_behind(left_behind, row):
                    join_rows(left_behind, row, continue_aksi=cut_below,
                              mid_paragraph=cut_mid_text(_aksi_pairs(left_behind.bands[-1], band, mapping)))
                    rows.append(left_behind)
                    left_behind = None
                    continue
                _join_mid_page(rows, left_behind, warnings)
                left_behind = None
            unnumbered = row.kind == "row" and not has_number(row.text.get("no", ""))
            continues = rows and rows[-1].kind == "row" \
                and (unnumbered or i == 0 and _number_goes_on(rows, row, previous))
            if continues and 0 < i == len(table.bands) - 1 and _has_left_text(row):
                left_behind = row
            elif continues and i > 0:
                _join_mid_page(rows, row, warnings)
            elif continues:
                before = rows[-1].bands[-1]
                pairs = _aksi_pairs(before, band, mapping)
                join_rows(rows[-1], row, continue_aksi=cut_below or widow_kept(pairs), mid_paragraph=cut_mid_text(pairs),
                          orphan=_orphan_keluaran(before, previous))
            elif unnumbered:
                warnings.append(ReadWarning("unnumbered_row", f"a row with no number and no row above it to continue "
                                            f"is not in the dataset; it reads: {_row_text(row)!r}", band.page))
            else:
                rows.append(row)
        cut_below = bool(table.bands) and _aksi_cut_at_bottom(table.bands[-1], mapping)
        previous = mapping
    if left_behind is not None:
        _join_mid_page(rows, left_behind, warnings)
    return rows, warnings


def cut_by_lost_pages(rows: list[RawRow], lost: set[int]) -> list[ReadWarning]:
    """A warning for the last row before each page that was lost or read in part (`lost`): a page break may have cut
    it, and its rest is on that page."""
    warnings, warned = [], set()
    for page in sorted(lost):
        before = [r for r in rows if r.kind == "row" and max(r.pages) < page]
        if before and page not in before[-1].pages and id(before[-1]) not in warned:
            last = before[-1]
            warned.add(id(last))
            warnings.append(ReadWarning("row_may_be_cut", f"the row numbered {last.text.get('no', '')!r} is the last "
                                        f"before page {page}, which was not read whole: its rest may be there",
                                        max(last.pages)))
    return warnings


def _row_text(row: RawRow) -> str:
    """A row's texts as a warning quotes them, column by column, its Kegiatan/Keluaran pairs too."""
    return " | ".join(t for t in list(row.text.values()) + [t for a in row.aksi for t in (a.kegiatan, a.keluaran)] if t)


def _has_left_text(row: RawRow) -> bool:
    return any(row.text.get(k) for k in LEFT_KEYS)


def _join_mid_page(rows: list[RawRow], row: RawRow, warnings: list[ReadWarning]) -> None:
    """Join an unnumbered band in the middle of a page to the row above: more of its sub-rows where it holds
    nothing left of the aksi columns (a producer that ends the box of a cut row's left cells before its last
    sub-rows, Chromium); else a row whose number is missing, said so."""
    if _has_left_text(row):
        warnings.append(ReadWarning("unnumbered_row", f"a row with no number in the middle of a page was joined to "
                                    f"the row above it; it reads: {_row_text(row)!r}", row.pages[0]))
    join_rows(rows[-1], row, continue_aksi=False)


def _is_left_behind(left: RawRow, row: RawRow) -> bool:
    """Is `left`, a page's last band with no number but text left of the aksi columns, the top of `row`, the next
    page's first, numbered row? A producer that keeps a paragraph's first lines together (CSS `orphans`) moves a
    row's cells of several lines, its number's among them, to the next page and leaves its one-line cells (a
    target, a unit) behind; so `row` opens with a number, and some column `left` holds text in is empty in it."""
    return row.kind == "row" and has_number(row.text.get("no", "")) \
        and any(left.text.get(k) and not row.text.get(k) for k in LEFT_KEYS[1:])


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
    """Pair the Kegiatan and Keluaran sub-cells of a band: each Keluaran goes with the Kegiatan whose text is
    beside its first line, else the one whose text (then whose cell) it overlaps most: sub-rows centred
    vertically put a taller Keluaran's first line beside the cell above; several Keluaran cells beside one
    Kegiatan are joined."""
    keg, kel = _cells_in(band, mapping["kegiatan"]), _cells_in(band, mapping["keluaran"])
    partners: dict[int, list[Cell]] = {i: [] for i in range(len(keg))}
    alone = []
    for c in kel:
        beside = [i for i, k in enumerate(keg)
                  if c.text_top is not None and k.lines and k.text_top - SNAP <= c.text_top <= k.text_bottom]
        best = beside[0] if beside else max(range(len(keg)), default=None,
                                            key=lambda i: (_text_overlap(keg[i], c), _v_overlap(keg[i], c)))
        if best is None or _v_overlap(keg[best], c) <= 0:
            alone.append(c)
        else:
            partners[best].append(c)
    pieces = [(k.bbox[1], AksiPiece(k.text, " ".join(c.text for c in partners[i] if c.lines))) for i, k in enumerate(keg)]
    pieces += [(c.bbox[1], AksiPiece("", c.text)) for c in alone]
    return [p for _, p in sorted(pieces, key=lambda tp: tp[0]) if p.kegiatan or p.keluaran]


def _text_overlap(a: Cell, b: Cell) -> float:
    if not a.lines or not b.lines:
        return 0.0
    return max(0.0, min(a.text_bottom, b.text_bottom) - max(a.text_top, b.text_top))


def _v_overlap(a: Cell, b: Cell) -> float:
    return max(0.0, min(a.bbox[3], b.bbox[3]) - max(a.bbox[1], b.bbox[1]))


def _aksi_pairs(before: Band, after: Band, mapping: dict[str, int]) -> list:
    """Per aksi column, its last cell above the page break and its first under it (`normalize.breaks`)."""
    return [(_last_cell(before, mapping[k]), _first_cell(after, mapping[k])) for k in AKSI_KEYS]


def _aksi_cut_at_bottom(band: Band, mapping: dict[str, int]) -> bool:
    """Did the last Kegiatan/Keluaran sub-row of this band fill it to its bottom edge, or is it left open there?"""
    return cut_at_bottom([_last_cell(band, mapping[k]) for k in AKSI_KEYS])


def _orphan_keluaran(band: Band, mapping: dict[str, int]) -> Cell | None:
    """The Keluaran that ends a page's last band by itself: its text starts under the last line of the band's last
    Kegiatan, which stopped short of the band's bottom while the Keluaran runs to it. Its own Kegiatan went to the
    next page (a producer keeping a paragraph's first lines together, CSS `orphans`), or it is a second
    paragraph of the pair's; only the next page can say which."""
    keg, kel = _last_cell(band, mapping["kegiatan"]), _last_cell(band, mapping["keluaran"])
    if keg is None or kel is None or not keg.lines or not kel.lines or keg.text_top > kel.text_top:
        return None
    if kel.text_top > keg.text_bottom and no_room_below(kel) and not no_room_below(keg):
        return kel
    return None


def _cells_in(band: Band, col: int) -> list[Cell]:
    """The cells of `col` alone (not spanning other columns), top to bottom as drawn."""
    return [c for c in band.cells if c.col_start == c.col_end == col]


def _first_cell(band: Band, col: int) -> Cell | None:
    """The top cell of `col` alone in the band (see `_cells_in`), or None."""
    return min(_cells_in(band, col), key=lambda c: c.bbox[1], default=None)


def _last_cell(band: Band, col: int) -> Cell | None:
    """The bottom cell of `col` alone in the band (see `_cells_in`), or None."""
    return max(_cells_in(band, col), key=lambda c: c.bbox[1], default=None)


def join_rows(row: RawRow, more: RawRow, continue_aksi: bool, mid_paragraph: bool = False,
              orphan: Cell | None = None) -> None:
    """Append the continuation `more` (the next page's part of `row`) to `row`, column by column; its first
    Kegiatan/Keluaran pair goes on the last one where the break cut it (`mid_paragraph`, see `breaks.cut_mid_text`; or
    `continue_aksi` with `is_cut_pair`) or the text runs on. Where it opens with a Kegiatan alone and the page
    before ended in a Keluaran under the last line of its row's Kegiatan (`orphan`, see `_orphan_keluaran`), that
    Keluaran is the new Kegiatan's."""
    for key in LEFT_KEYS:
        row.text[key] = _join(row.text.get(key, ""), more.text.get(key, ""), "" if key == "no" else " ")
    aksi = list(more.aksi)
    if orphan is not None and aksi and aksi[0].kegiatan and not aksi[0].keluaran and row.aksi \
            and row.aksi[-1].kegiatan and row.aksi[-1].keluaran.endswith(orphan.text):
        last = row.aksi[-1]
        row.aksi[-1] = AksiPiece(last.kegiatan, last.keluaran[: -len(orphan.text)].rstrip())
        row.aksi.append(AksiPiece(aksi.pop(0).kegiatan, orphan.text))
    cut = is_cut_pair if continue_aksi else runs_on  # is_cut_pair asks runs_on too
    if aksi and row.aksi and (mid_paragraph or cut(row.aksi[-1].texts, aksi[0].texts)):
        head = aksi.pop(0)
        row.aksi[-1] = AksiPiece(_join(row.aksi[-1].kegiatan, head.kegiatan), _join(row.aksi[-1].keluaran, head.keluaran))
    row.aksi.extend(aksi)
    row.pages.extend(p for p in more.pages if p not in row.pages)
    row.bands.extend(more.bands)


def _number_goes_on(rows: list[RawRow], row: RawRow, mapping: dict[str, int]) -> bool:
    """Is the number of `row`, a page's first, the rest of the number of `rows[-1]`, the page before's last
    (`normalize.breaks.number_goes_on`, the number above them being the last numbered row's before it)?"""
    last = rows[-1]
    if row.kind != "row" or not mapping:
        return False
    above = next((r for r in reversed(rows[:-1]) if r.kind != "row" or has_number(r.text.get("no", ""))), None)
    above_no = above.text.get("no", "") if above is not None and above.kind == "row" else None
    return number_goes_on(above_no, last.text["no"], row.text["no"], _last_cell(last.bands[-1], mapping["no"]))


def _join(a: str, b: str, space: str = " ") -> str:
    return f"{a}{space}{b}".strip() if a and b else (a or b)
