"""Kegiatan/Keluaran pairs at a page break, where the producer closes the cut cell with a rule (reportlab,
LibreOffice, Typst) or draws no rules: a pair whose two columns both ran full to the cell's bottom goes on over the
break even where the next page's text opens with a capital; one that had room left, or whose next page opens as a
new item does (a number), ends there; and a Keluaran left alone on a page, under its row's last Kegiatan line,
whose Kegiatan went to the next page (CSS `orphans`), is paired with that Kegiatan, not with the one above it."""
from __future__ import annotations

import pytest
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen.canvas import Canvas

from lampiran.pipeline import extract_dataset
from tests.conftest import fuzzed_differences

WIDTH, HEIGHT = landscape(A4)
SIZE, PITCH, PAD = 8.0, 9.6, 3.0
HEADER = ["No.", "Sasaran", "Target", "Satuan", "Penanggung Jawab", "Kegiatan", "Keluaran"]
ROW1 = ["1.", "Lembaga binaan", "10", "Lembaga", "Kementerian Perdagangan", "Bimtek tahap 1", "1 laporan"]
ROW2 = ["2.", "Regulasi rumah", "5", "Peraturan", "Kementerian PUPR"]
ROW3 = ["3.", "Konsumen berdaya", "30", "Indeks", "Kementerian Perdagangan", "Edukasi", "3 laporan"]
# Row 2's last pair, cut by the page break: its lines on page 1, each column's last line its longest (full).
KEGIATAN_ABOVE, KELUARAN_ABOVE = ["Legalitas", "peraturan pengganti"], ["Peraturan", "pengganti Kepmen"]
GOES_ON = (["Kepmen Kimpraswil", "No. 403"], ["Kimpraswil No. 403"])
NEW_PAIR = (["Sosialisasi"], ["2 laporan"])


def _bounds() -> list[float]:
    """Column bounds: Kegiatan and Keluaran just as wide as their longest line on page 1 and their padding."""
    kegiatan = max(stringWidth(s, "Helvetica", SIZE) for s in KEGIATAN_ABOVE) + 2 * PAD
    keluaran = max(stringWidth(s, "Helvetica", SIZE) for s in KELUARAN_ABOVE) + 2 * PAD
    return [40, 70, 230, 280, 350, 480, 480 + kegiatan, 480 + kegiatan + keluaran]


def _grid_page(c: Canvas, xs: list[float], cells: list[tuple[float, int, str]], ys: list[float]) -> None:
    """One page: each (top, column, text) drawn at its top, a horizontal rule at each of `ys` (points from the
    page's top) across the table, vertical rules from the first to the last; then the next page."""
    c.setFont("Helvetica", SIZE)
    for top, col, text in cells:
        c.drawString(xs[col] + PAD, HEIGHT - top - SIZE * 0.8, text)
    for y in ys:
        c.line(xs[0], HEIGHT - y, xs[-1], HEIGHT - y)
    for x in xs:
        c.line(x, HEIGHT - ys[0], x, HEIGHT - ys[-1])
    c.showPage()


def _line_cells(top: float, col: int, lines: list[str]) -> list[tuple[float, int, str]]:
    return [(top + i * PITCH, col, line) for i, line in enumerate(lines)]


def _draw(path, page2: tuple[list[str], list[str]], room_below: float) -> None:
    """Page 1: header, row 1, row 2 with its last pair closed by a rule `room_below` points under its text;
    page 2: the header again, row 2's part `page2` (Kegiatan lines, Keluaran lines), closed, then row 3."""
    xs = _bounds()
    c = Canvas(str(path), pagesize=landscape(A4), invariant=1)
    header = [(66, i, t) for i, t in enumerate(HEADER)]
    row1 = [(86, i, t) for i, t in enumerate(ROW1)]
    row2 = [(116, i, t) for i, t in enumerate(ROW2)] + _line_cells(116, 5, KEGIATAN_ABOVE) + _line_cells(116, 6, KELUARAN_ABOVE)
    bottom = 116 + PITCH + SIZE + room_below
    _grid_page(c, xs, header + row1 + row2, [60, 80, 110, bottom])
    more = _line_cells(86, 5, page2[0]) + _line_cells(86, 6, page2[1])
    height = 86 + PITCH * max(len(page2[0]), len(page2[1])) + PAD
    row3 = [(height + 6, i, t) for i, t in enumerate(ROW3)]
    _grid_page(c, xs, header + more + row3, [60, 80, height, height + 20])
    c.save()


def _row2_pairs(path) -> list[tuple[str, str]]:
    got = extract_dataset(path)
    assert [r["no"] for r in got["rows"]] == ["1", "2", "3"]
    assert [w for w in got["warnings"] if w["code"] in ("unread_text", "unnumbered_row")] == []
    return [(a["kegiatan"], a["keluaran"]) for a in got["rows"][1]["aksi"]]


def test_a_pair_cut_full_in_both_columns_of_a_closed_cell_goes_on_over_the_break(tmp_path):
    _draw(tmp_path / "cut.pdf", GOES_ON, room_below=PAD + 1)
    assert _row2_pairs(tmp_path / "cut.pdf") == [
        ("Legalitas peraturan pengganti Kepmen Kimpraswil No. 403", "Peraturan pengganti Kepmen Kimpraswil No. 403")]


@pytest.mark.parametrize("page2, room_below", [(GOES_ON, 2 * PITCH + PAD), (NEW_PAIR, PAD + 1)],
                         ids=["room-left-for-a-line", "opens-with-a-number"])
def test_a_closed_cell_with_room_left_or_a_page_opening_a_new_item_ends_the_pair(tmp_path, page2, room_below):
    _draw(tmp_path / "new.pdf", page2, room_below)
    assert _row2_pairs(tmp_path / "new.pdf") == [
        ("Legalitas peraturan pengganti", "Peraturan pengganti Kepmen"), (" ".join(page2[0]), " ".join(page2[1]))]


def _draw_orphan(path) -> None:
    """Two pages of a table without rules, the header on each: row 2's second Keluaran is on page 1, under the
    last line of its first Kegiatan, with the gap of a new sub-row; its Kegiatan is at the top of page 2."""
    c = Canvas(str(path), pagesize=landscape(A4), invariant=1)
    xs = [40, 70, 230, 280, 350, 480, 640]

    def line(top: float, col: int, text: str) -> None:
        c.drawString(xs[col], HEIGHT - top - SIZE * 0.8, text)

    for page in (1, 2):
        c.setFont("Helvetica", SIZE)
        for i, label in enumerate(HEADER):
            line(60, i, label)
        if page == 1:
            for i, text in enumerate(ROW1):
                line(80, i, text)
            for i, text in enumerate(ROW2):
                line(100, i, text)
            line(100, 5, "Pengujian sarana")
            line(100 + PITCH, 5, "dan prasarana")
            line(100, 6, "- Sertifikat sarana")
            line(100 + 2 * PITCH + 6, 6, "- Regulasi dan")
            line(100 + 3 * PITCH + 6, 6, "rekomendasi")
        else:
            line(80, 5, "- Pembinaan dan")
            line(80 + PITCH, 5, "pengaturan")
            for i, text in enumerate(ROW3):
                line(80 + 2 * PITCH + 6, i, text)
        c.showPage()
    c.save()


def test_a_keluaran_under_its_rows_last_kegiatan_line_pairs_with_the_kegiatan_on_the_next_page(tmp_path):
    _draw_orphan(tmp_path / "orphan.pdf")
    assert _row2_pairs(tmp_path / "orphan.pdf") == [
        ("Pengujian sarana dan prasarana", "- Sertifikat sarana"), ("- Pembinaan dan pengaturan", "- Regulasi dan rekomendasi")]


@pytest.mark.parametrize("kegiatan, pairs", [
    (["Kepmen Kimpraswil", "No. 403"], [("Legalitas peraturan pengganti Kepmen Kimpraswil No. 403", "Peraturan pengganti Kepmen")]),
    (["Kepmen No. 403"], [("Legalitas peraturan pengganti", "Peraturan pengganti Kepmen"), ("Kepmen No. 403", None)]),
], ids=["two-lines-moved", "one-line"])
def test_a_cut_cell_with_room_for_one_line_goes_on_where_the_next_page_holds_two(tmp_path, kegiatan, pairs):
    """Widow control (Typst's default) moves two lines of a paragraph to the next page where one more would have
    fitted above: a cell closed with room for one line more goes on where the next page holds exactly two lines of
    it, and ends where it holds one."""
    _draw(tmp_path / "widow.pdf", (kegiatan, []), room_below=2 * PITCH + PAD)
    assert _row2_pairs(tmp_path / "widow.pdf") == pairs


def test_a_lines_room_on_the_right_without_vertical_rules_is_measured_to_its_columns_longest_line(tmp_path):
    """LibreOffice, horizontal rules only (the fuzzer's seed 608): the bounds put in the gutters leave Kegiatan's
    text 1 pt from its left bound and 7 pt short of its right one, so equal padding gave its last line above the
    break room for the next page's first word; measured to the column's longest line on the page it has none."""
    assert fuzzed_differences(608, "libreoffice", tmp_path) == []


def test_a_numbered_list_going_on_over_the_break_leaves_the_cut_to_the_other_column(tmp_path):
    """reportlab boxes, no rules (the fuzzer's seed 808): the Kegiatan's item "1. … LKPBU/LBUT." ends above the
    break and "2. …" opens the next page, which says nothing of the pair; its Keluaran, full to the bottom and
    mid-phrase ("… melalui sistem" | "LKPBU/LBUT."), says it goes on."""
    assert fuzzed_differences(808, "reportlab-boxes", tmp_path) == []


def test_a_cell_left_open_at_the_break_with_room_for_lines_under_it_had_ended(tmp_path):
    """WeasyPrint, horizontal rules only (the fuzzer's seed 6374): the producer leaves every cell of the sub-row it
    cuts open, a Keluaran whose text ended 22.6 pt above the break among them; with room for more lines than
    widow control moves down, its pair ends there."""
    assert fuzzed_differences(6374, "weasyprint", tmp_path) == []


@pytest.mark.parametrize("seed, producer", [(6433, "libreoffice"), (6217, "reportlab-boxes")])
def test_a_text_ending_in_a_word_calling_for_a_number_goes_on_over_the_break(tmp_path, seed, producer):
    """The fuzzer's seeds 6433 (LibreOffice, a box per cell: "… Kepmen Kimpraswil No." | "403 tahun 2002") and 6217
    (reportlab boxes, dashed rules: "… sebanyak" | "1 kali"): a phrase cannot end in "No." or "sebanyak"
    (normalize/data/stitch.toml), though the next page opens with a number, as a new item would."""
    assert fuzzed_differences(seed, producer, tmp_path) == []
