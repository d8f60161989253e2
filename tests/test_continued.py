"""Rows cut by the page break and left open, as browsers draw them: on a page that continues a table without its
header, a cut row open at the top starts the table there, and a running head standing apart above it ("- salinan -")
is not read into the row, while a cut row's last word alone at a page's top, inside the grid, is the row's, even
centred as a running head; at a page's bottom, lines of a cut row's text running on past the end of the grid's
vertical rules are the row's."""
from __future__ import annotations

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen.canvas import Canvas

from extract.accounting import run_on_below, unplaced_words
from extract.grid import columns_to_table
from extract.model import Limits
from extract.pdfium_pages import READERS
from lampiran.pipeline import extract_dataset, read_page

XS = [40, 70, 230, 280, 350, 480, 640, 800]  # column bounds: No., Sasaran, Target, Satuan, PJ, Kegiatan, Keluaran
HEADER = ["No.", "Sasaran", "Target", "Satuan", "Penanggung Jawab", "Kegiatan", "Keluaran"]
ROW1 = ["1.", "Lembaga binaan", "10", "Lembaga", "Kementerian Perdagangan", "Bimtek tahap 1", "1 laporan"]
ROW2 = ["2.", "Pelaku usaha yang", "20", "Persen", "Kementerian Perdagangan", "Bimtek tahap 2", "2 laporan"]
ROW3 = ["3.", "Konsumen berdaya", "30", "Indeks", "Kementerian Perdagangan", "Edukasi", "3 laporan"]
WIDTH, HEIGHT = landscape(A4)


def _grid_page(c: Canvas, rows: list[tuple[float, list[str]]], ys: list[float], frame_top: float | None = None,
               frame_bottom: float | None = None) -> None:
    """Draw one page of the grid: each row's cells at its top (points from the page's top), a horizontal rule at
    each of `ys` and the vertical rules from `frame_top` to `frame_bottom` (none without them: horizontal rules
    only); then start the next page."""
    c.setFont("Helvetica", 8)
    for top, cells in rows:
        for x, text in zip(XS, cells):
            if text:
                c.drawString(x + 3, HEIGHT - top - 7, text)
    for y in ys:
        c.line(XS[0], HEIGHT - y, XS[-1], HEIGHT - y)
    for x in XS if frame_top is not None else ():
        c.line(x, HEIGHT - frame_top, x, HEIGHT - frame_bottom)
    c.showPage()


def _draw(path) -> None:
    """Page 1: header, row 1 and row 2 cut by the page break; page 2: the rest of row 2, open at the top, then row
    3; a running head at the top right of both, over Keluaran."""
    c = Canvas(str(path), pagesize=landscape(A4), invariant=1)
    for page in (1, 2):
        c.setFont("Helvetica", 8)
        c.drawRightString(XS[-1], HEIGHT - 27, "- salinan -")
        if page == 1:
            _grid_page(c, [(66, HEADER), (86, ROW1), (116, ROW2)], [60, 80, 110, 560], 60, 560)
        else:
            _grid_page(c, [(40, ["", "tertib ukur dan"]), (49, ["", "terdaftar"]), (64, ROW3)], [58, 90], 36, 90)
    c.save()


def test_a_running_head_over_a_row_open_at_the_top_is_not_the_rows(tmp_path):
    _draw(tmp_path / "continued.pdf")
    got = extract_dataset(tmp_path / "continued.pdf")
    assert [(r["no"], r["sasaran"], [(a["kegiatan"], a["keluaran"]) for a in r["aksi"]], r["pages"])
            for r in got["rows"]] == [
        ("1", ROW1[1], [(ROW1[5], ROW1[6])], [1]),
        ("2", f"{ROW2[1]} tertib ukur dan terdaftar", [(ROW2[5], ROW2[6])], [1, 2]),
        ("3", ROW3[1], [(ROW3[5], ROW3[6])], [2]),
    ]


def _draw_overflow(path) -> None:
    """One page: header, row 1, and row 2 cut by the page break, open at the bottom, whose Penanggung Jawab lines
    run on 8 and 16 pt past the end of the vertical rules (at 560)."""
    c = Canvas(str(path), pagesize=landscape(A4), invariant=1)
    pj = [(549 + 8.5 * i, ["", "", "", "", line]) for i, line in enumerate(["Perdagangan dan", "Badan Standardisasi", "Nasional"])]
    _grid_page(c, [(66, HEADER), (86, ROW1), (539, ROW2[:4] + ["Kementerian"] + ROW2[5:])] + pj, [60, 80, 110], 60, 560)
    c.save()


def test_lines_of_a_cut_row_running_past_the_grids_end_are_the_rows(tmp_path):
    _draw_overflow(tmp_path / "overflow.pdf")
    got = extract_dataset(tmp_path / "overflow.pdf")
    assert [r["penanggung_jawab"] for r in got["rows"]] == \
        [ROW1[4], "Kementerian Perdagangan dan Badan Standardisasi Nasional"]
    assert [w for w in got["warnings"] if w["code"] == "unread_text"] == []


def _draw_last_word_alone(path) -> None:
    """Two pages of a grid, the header on the first only: row 2's Penanggung Jawab ends in one word alone at the
    top of page 2, in its own band of the grid, centred on the page as a running head would be."""
    c = Canvas(str(path), pagesize=landscape(A4), invariant=1)
    _grid_page(c, [(66, HEADER), (86, ROW1), (116, ROW2[:4] + ["Kementerian"] + ROW2[5:])], [60, 80, 110, 560], 60, 560)
    c.setFont("Helvetica", 8)
    c.drawCentredString(WIDTH / 2, HEIGHT - 64, "Agama")
    _grid_page(c, [(86, ROW3)], [50, 80, 110], 50, 110)
    c.save()


def test_a_rows_last_word_alone_at_a_pages_top_inside_the_grid_is_not_a_running_head(tmp_path):
    assert XS[4] < WIDTH / 2 < XS[5]  # the word is in the Penanggung Jawab column
    _draw_last_word_alone(tmp_path / "alone.pdf")
    got = extract_dataset(tmp_path / "alone.pdf")
    assert [(r["no"], r["penanggung_jawab"], r["pages"]) for r in got["rows"]] == \
        [("1", ROW1[4], [1]), ("2", "Kementerian Agama", [1, 2]), ("3", ROW3[4], [2])]


def _draw_sub_ruled(path) -> None:
    """Two pages of a grid whose Kegiatan/Keluaran sub-rows are ruled across those two columns only, the header on
    the first only: row 2's second pair is cut by the page break; on page 2 its rest and a third pair stand above
    the first rule across the whole table, further from it than a line's height, inside the vertical rules."""
    c = Canvas(str(path), pagesize=landscape(A4), invariant=1)
    c.line(XS[5], HEIGHT - 130, XS[7], HEIGHT - 130)
    _grid_page(c, [(66, HEADER), (86, ROW1), (116, ROW2), (136, ["", "", "", "", "", "Pelatihan tahap", "3 laporan"])],
               [60, 80, 110, 560], 60, 560)
    c.line(XS[5], HEIGHT - 64, XS[7], HEIGHT - 64)
    _grid_page(c, [(40, ["", "", "", "", "", "lanjutan dan"]), (49, ["", "", "", "", "", "evaluasi"]),
                   (68, ["", "", "", "", "", "Monitoring", "4 laporan"]), (93, ROW3)], [87, 117], 36, 117)
    c.save()


def test_a_cut_row_above_a_grids_first_full_rule_inside_its_verticals_is_the_rows(tmp_path):
    _draw_sub_ruled(tmp_path / "sub-ruled.pdf")
    got = extract_dataset(tmp_path / "sub-ruled.pdf")
    assert [(r["no"], [(a["kegiatan"], a["keluaran"]) for a in r["aksi"]], r["pages"]) for r in got["rows"]] == [
        ("1", [(ROW1[5], ROW1[6])], [1]),
        ("2", [(ROW2[5], ROW2[6]), ("Pelatihan tahap lanjutan dan evaluasi", "3 laporan"), ("Monitoring", "4 laporan")], [1, 2]),
        ("3", [(ROW3[5], ROW3[6])], [2]),
    ]
    assert [w for w in got["warnings"] if w["code"] == "unread_text"] == []


def test_lines_leading_down_to_a_continued_tables_top_are_unread_where_the_top_is_misread(tmp_path):
    """The accounting does not trust the top it is given: a continuation table read from its first full rule on
    (where the reader placed it before it looked at the vertical rules) leaves the lines above it unread."""
    _draw_sub_ruled(tmp_path / "sub-ruled.pdf")
    open_pdf, read_pages = READERS["pdfium"]
    with open_pdf(tmp_path / "sub-ruled.pdf", None, Limits()) as pdf:
        page1, page2 = list(read_pages(pdf, tmp_path / "sub-ruled.pdf", Limits()))
    table = columns_to_table(page2, read_page(page1).table.columns, 87.0, 87.0)
    unread = " ".join(w.text for w in unplaced_words(page2, table, continued=True))
    assert unread == "lanjutan dan evaluasi Monitoring 4 laporan"
    assert unplaced_words(page2, table) == []  # a header page's title above its header is the page's own


def test_sub_rows_under_a_full_rule_mid_page_are_the_rows_above_without_a_warning(tmp_path):
    """Chromium ends the box of a cut row's left cells on the next page before the row's last sub-rows: a rule
    across the whole table with only Kegiatan/Keluaran text under it, in the middle of the page."""
    c = Canvas(str(tmp_path / "sub-rows.pdf"), pagesize=landscape(A4), invariant=1)
    _grid_page(c, [(66, HEADER), (86, ROW1), (116, ROW2)], [60, 80, 110, 560], 60, 560)
    _grid_page(c, [(66, HEADER), (86, ["", "", "", "", "", "Pelatihan", "3 laporan"]),
                   (116, ["", "", "", "", "", "Monitoring", "4 laporan"]), (146, ROW3)], [60, 80, 110, 140, 170], 60, 170)
    c.save()
    got = extract_dataset(tmp_path / "sub-rows.pdf")
    assert [(r["no"], [(a["kegiatan"], a["keluaran"]) for a in r["aksi"]], r["pages"]) for r in got["rows"]] == [
        ("1", [(ROW1[5], ROW1[6])], [1]),
        ("2", [(ROW2[5], ROW2[6]), ("Pelatihan", "3 laporan"), ("Monitoring", "4 laporan")], [1, 2]),
        ("3", [(ROW3[5], ROW3[6])], [2]),
    ]
    assert [w for w in got["warnings"] if w["code"] in ("unnumbered_row", "unread_text")] == []


def _draw_left_behind(path) -> None:
    """Page 1: header, row 1, then row 2's one-line cells (Target, Satuan, a Keluaran) under the last rule, just
    under the stubs of its cells' sides, the rest of row 2 (its number among it) on page 2, as WeasyPrint draws a
    row whose cells of several lines it keeps together (CSS `orphans`); page numbers at the foot."""
    c = Canvas(str(path), pagesize=landscape(A4), invariant=1)
    c.drawCentredString(WIDTH / 2, 30, "- 1 -")
    _grid_page(c, [(66, HEADER), (86, ROW1), (117, ["", "", "20", "Persen", "", "", "2 laporan"])], [60, 80, 110], 60, 116)
    c.drawCentredString(WIDTH / 2, 30, "- 2 -")
    _grid_page(c, [(66, HEADER), (86, ["2.", "Pelaku usaha yang", "", "", "Kementerian", "Bimtek tahap 2", ""]),
                   (95, ["", "tertib ukur", "", "", "Perdagangan", "dan evaluasi", ""]),
                   (126, ROW3)], [60, 80, 120, 150], 60, 150)
    c.save()


def test_a_rows_one_line_cells_left_behind_at_a_pages_bottom_are_the_next_pages_row(tmp_path):
    _draw_left_behind(tmp_path / "left-behind.pdf")
    got = extract_dataset(tmp_path / "left-behind.pdf")
    assert [(r["no"], r["sasaran"], r["target_raw"], r["satuan"], r["penanggung_jawab"],
             [(a["kegiatan"], a["keluaran"]) for a in r["aksi"]], r["pages"]) for r in got["rows"]] == [
        ("1", ROW1[1], ROW1[2], ROW1[3], ROW1[4], [(ROW1[5], ROW1[6])], [1]),
        ("2", "Pelaku usaha yang tertib ukur", "20", "Persen", "Kementerian Perdagangan",
         [("Bimtek tahap 2 dan evaluasi", "2 laporan")], [1, 2]),
        ("3", ROW3[1], ROW3[2], ROW3[3], ROW3[4], [(ROW3[5], ROW3[6])], [2]),
    ]
    assert [w for w in got["warnings"] if w["code"] in ("unnumbered_row", "unread_text")] == []


def test_lines_just_under_a_grids_stubs_are_unread_where_the_bottom_is_misread(tmp_path):
    """The accounting measures the gap under a table read to its last rule from where the vertical rules end."""
    _draw_left_behind(tmp_path / "left-behind.pdf")
    open_pdf, read_pages = READERS["pdfium"]
    with open_pdf(tmp_path / "left-behind.pdf", None, Limits()) as pdf:
        page1 = next(iter(read_pages(pdf, tmp_path / "left-behind.pdf", Limits())))
    assert [w.text for w in run_on_below(page1, XS[0], XS[-1], 110.0)] == ["20", "Persen", "2", "laporan"]


def test_a_cut_rows_text_far_above_the_first_rule_of_a_page_with_horizontal_rules_only_is_the_rows(tmp_path):
    """Padded cells: the rest of a row cut by the page break stands further above the next page's first rule
    than a line's height (WeasyPrint at 6 pt padding); the header on the first page only."""
    c = Canvas(str(tmp_path / "padded.pdf"), pagesize=landscape(A4), invariant=1)
    _grid_page(c, [(66, HEADER), (86, ROW1), (116, ROW2)], [60, 80, 110])
    _grid_page(c, [(40, ["", "tertib ukur dan"]), (49, ["", "terdaftar"]), (76, ROW3)], [70, 100])
    c.save()
    got = extract_dataset(tmp_path / "padded.pdf")
    assert [(r["no"], r["sasaran"], r["pages"]) for r in got["rows"]] == \
        [("1", ROW1[1], [1]), ("2", f"{ROW2[1]} tertib ukur dan terdaftar", [1, 2]), ("3", ROW3[1], [2])]
    assert [w for w in got["warnings"] if w["code"] == "unread_text"] == []


def test_a_row_missing_its_number_mid_page_is_joined_to_the_row_above_and_said_with_its_text(tmp_path):
    c = Canvas(str(tmp_path / "missing.pdf"), pagesize=landscape(A4), invariant=1)
    _grid_page(c, [(66, HEADER), (86, ROW1), (116, [""] + ROW2[1:]), (146, ROW3)], [60, 80, 110, 140, 170], 60, 170)
    c.save()
    got = extract_dataset(tmp_path / "missing.pdf")
    assert [r["no"] for r in got["rows"]] == ["1", "3"]
    assert [(w["page"], w["message"]) for w in got["warnings"] if w["code"] == "unnumbered_row"] == [
        (1, "a row with no number in the middle of a page was joined to the row above it; it reads: "
            f"{' | '.join(ROW2[1:])!r}")]


def _draw_wrapped_number(path, head: str, first: list[str]) -> None:
    """Two pages, each grid closed at the break as LibreOffice draws it: rows 1.1. and `head` on page 1, the
    latter one line high, so its No. cell has no room left; page 2 opens with the band `first`, then row 1.4."""
    c = Canvas(str(path), pagesize=landscape(A4), invariant=1)
    _grid_page(c, [(66, HEADER), (86, ["1.1."] + ROW1[1:]), (114, [head, "Rasio kecelakaan"] + ROW2[2:])],
               [60, 80, 110, 123], 60, 123)
    _grid_page(c, [(66, HEADER), (84, first), (106, ["1.4."] + ROW3[1:])], [60, 80, 93, 120], 60, 120)
    c.save()


def test_a_row_number_wrapped_over_the_page_break_is_one_number(tmp_path):
    """A No. column too narrow for "1.2." wraps it as "1." over "2.", and the break falls between: "1." does not
    follow 1.1 in the outline, "1.2." does, so the band numbered "2." opening page 2 is the rest of that row."""
    _draw_wrapped_number(tmp_path / "wrapped.pdf", "1.", ["2.", "pelayaran"] + [""] * 5)
    got = extract_dataset(tmp_path / "wrapped.pdf")
    assert [(r["no"], r["sasaran"], r["pages"]) for r in got["rows"]] == [
        ("1.1", ROW1[1], [1]), ("1.2", "Rasio kecelakaan pelayaran", [1, 2]), ("1.4", ROW3[1], [2])]


def test_a_whole_row_number_at_a_pages_bottom_is_not_joined_to_the_next(tmp_path):
    """The same drawing with "1.2." whole at page 1's bottom and row 1.3. opening page 2: each its own row."""
    _draw_wrapped_number(tmp_path / "whole.pdf", "1.2.", ["1.3."] + ROW3[1:])
    got = extract_dataset(tmp_path / "whole.pdf")
    assert [(r["no"], r["pages"]) for r in got["rows"]] == [("1.1", [1]), ("1.2", [1]), ("1.3", [2]), ("1.4", [2])]
