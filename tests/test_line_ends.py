"""A page that prints the space at the end of its wrapped lines (as word processors do): a line ending in a hyphen
with no space after it was broken inside a word ("UNDANG-" | "UNDANG"), but a dash standing alone at a line's end
("PAUD -" | "SMA") breaks no word and keeps its space."""
from __future__ import annotations

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen.canvas import Canvas

from lampiran.pipeline import extract_dataset

XS = [40, 70, 230, 280, 350, 480, 640, 800]
HEADER = ["No.", "Sasaran", "Target", "Satuan", "Penanggung Jawab", "Kegiatan", "Keluaran"]
WIDTH, HEIGHT = landscape(A4)


def test_a_dash_alone_at_a_line_end_keeps_its_space_where_a_broken_word_does_not(tmp_path):
    c = Canvas(str(tmp_path / "dash.pdf"), pagesize=landscape(A4), invariant=1)
    c.setFont("Helvetica", 8)
    cells = {0: ["1."], 1: ["Satuan pendidikan ", "jenjang PAUD -", "SMA yang disebut ", "Sekolah Rintisan"],
             2: ["34"], 3: ["Satuan"], 4: ["Kementerian ", "Pendidikan"],
             5: ["Sosialisasi UNDANG-", "UNDANG Nomor 8 ", "Tahun 1999"], 6: ["34 satuan ", "pendidikan"]}
    for i, label in enumerate(HEADER):
        c.drawString(XS[i] + 3, HEIGHT - 73, label)
    for col, lines in cells.items():
        for k, line in enumerate(lines):
            c.drawString(XS[col] + 3, HEIGHT - 93 - 9.6 * k, line)
    for y in (60, 80, 140):
        c.line(XS[0], HEIGHT - y, XS[-1], HEIGHT - y)
    for x in XS:
        c.line(x, HEIGHT - 60, x, HEIGHT - 140)
    c.save()
    row = extract_dataset(tmp_path / "dash.pdf")["rows"][0]
    assert row["sasaran"] == "Satuan pendidikan jenjang PAUD - SMA yang disebut Sekolah Rintisan"
    assert row["aksi"] == [{"kegiatan": "Sosialisasi UNDANG-UNDANG Nomor 8 Tahun 1999", "keluaran": "34 satuan pendidikan"}]
