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
HEADING = ["LAMPIRAN", "PERATURAN MENTERI PERDAGANGAN", "REPUBLIK INDONESIA", "NOMOR 9 TAHUN 2030", "TENTANG",
           "UJI COBA"]


def _draw(path, beside: str | None = None, under: str | None = None) -> None:
    """A one-page Lampiran table at the top left; `beside`: a boxed note right of its last row; `under`: a line
    right under its bottom rule, in its first columns, at row spacing (as a row the grid missed would be)."""
    canvas = Canvas(str(path), pagesize=landscape(A4), invariant=1)
    table = Table(HEADER + ROWS, colWidths=WIDTHS, style=TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.5, "black"), ("FONTSIZE", (0, 0), (-1, -1), 8),
        *[("SPAN", (c, 0), (c, 1)) for c in range(5)], ("SPAN", (5, 0), (6, 0))]))
    width, height = table.wrapOn(canvas, *landscape(A4))
    left, top = 40, landscape(A4)[1] - 130
    canvas.setFont("Helvetica", 8)
    for i, line in enumerate(HEADING):  # the Lampiran heading at the top right, as regulations print it
        canvas.drawString(520, landscape(A4)[1] - 40 - 10 * i, line)
    table.drawOn(canvas, left, top - height)
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


def test_the_summary_and_validate_count_the_unread_words(tmp_path):
    from click.testing import CliRunner

    from lampiran.cli import main

    _draw(tmp_path / "beside.pdf", beside="Catatan: lihat Pasal 9")
    extracted = CliRunner().invoke(main, ["extract", str(tmp_path / "beside.pdf"), "--out", str(tmp_path / "out")])
    assert extracted.exit_code == 0, extracted.output
    assert "4 unread words" in extracted.output
    [folder] = [p for p in (tmp_path / "out").iterdir() if p.is_dir()]
    checked = CliRunner().invoke(main, ["validate", str(folder)])
    assert checked.exit_code == 0, checked.output
    assert "Catatan: lihat Pasal 9" in checked.output and checked.output.rstrip().endswith("valid, 4 unread words")
