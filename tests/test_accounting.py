"""Every word on a table page is placed or reported: text the reader cannot put in a cell is an `unread_text`
warning naming its page, box and text, and the summary counts its words."""
from __future__ import annotations

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Table, TableStyle

from lampiran.pipeline import extract_dataset

HEADER = [["No.", "Sasaran", "Target", "Satuan", "Penanggung Jawab", "Aksi", ""],
          ["", "", "", "", "", "Kegiatan", "Keluaran"]]
ROWS = [["1.", "Provinsi yang membentuk BPSK", "34", "Provinsi", "Kementerian Dalam Negeri", "Fasilitasi BPSK", "1 provinsi"],
        ["2.", "Jumlah lembaga yang dibina", "20", "Lembaga", "Kementerian Perdagangan", "Bimtek", "20 lembaga"]]
WIDTHS = [30, 150, 50, 60, 120, 120, 90]


def _draw(path, beside: str | None = None, under: str | None = None) -> None:
    """A one-page Lampiran table at the top left; `beside`: a boxed note right of its last row; `under`: a line
    right under its bottom rule, in its first columns, at row spacing (as a row the grid missed would be)."""
    canvas = Canvas(str(path), pagesize=landscape(A4), invariant=1)
    table = Table(HEADER + ROWS, colWidths=WIDTHS, style=TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.5, "black"), ("FONTSIZE", (0, 0), (-1, -1), 8),
        *[("SPAN", (c, 0), (c, 1)) for c in range(5)], ("SPAN", (5, 0), (6, 0))]))
    width, height = table.wrapOn(canvas, *landscape(A4))
    left, top = 40, landscape(A4)[1] - 60
    table.drawOn(canvas, left, top - height)
    canvas.setFont("Helvetica", 8)
    if beside:  # level with the last row
        canvas.rect(left + width + 20, top - height + 2, 110, 14)
        canvas.drawString(left + width + 24, top - height + 6, beside)
    if under:
        canvas.drawString(left + 4, top - height - 10, under)
    canvas.save()


def _unread(dataset: dict) -> list[dict]:
    return [w for w in dataset["warnings"] if w["code"] == "unread_text"]


def test_a_clean_table_page_leaves_no_word_unread(tmp_path):
    _draw(tmp_path / "clean.pdf")
    got = extract_dataset(tmp_path / "clean.pdf")
    assert [r["sasaran"] for r in got["rows"]] == [r[1] for r in ROWS]
    assert _unread(got) == []


def test_text_in_a_box_beside_the_table_is_reported_with_page_box_and_text(tmp_path):
    _draw(tmp_path / "beside.pdf", beside="Catatan: lihat Pasal 9")
    got = extract_dataset(tmp_path / "beside.pdf")
    assert [r["sasaran"] for r in got["rows"]] == [r[1] for r in ROWS]
    [warning] = _unread(got)
    assert warning["page"] == 1 and "Catatan: lihat Pasal 9" in warning["message"] and warning["words"] == 4
    x0, top, x1, bottom = warning["bbox"]
    assert x0 > 40 + sum(WIDTHS) and bottom > top


def test_text_running_on_under_the_table_is_reported(tmp_path):
    _draw(tmp_path / "under.pdf", under="3. Jumlah pelaku usaha yang dibina")
    got = extract_dataset(tmp_path / "under.pdf")
    assert len(got["rows"]) == 2
    assert [w["words"] for w in _unread(got)] == [6]
    assert "Jumlah pelaku usaha yang dibina" in _unread(got)[0]["message"]
