"""A table without rules whose cell padding is tight: its rows and sub-rows stand only 0.15 of a line further apart
than a cell's own lines (typst at 1.5 pt padding), and are still told apart."""
from __future__ import annotations

from reportlab.pdfgen import canvas

from lampiran.pipeline import extract_dataset

SIZE = 8.0
LINE = SIZE * 1.2  # a cell's lines, top to top: 1.6 pt apart
CELL = LINE + 0.15 * SIZE  # rows and sub-rows, top to top: 2.8 pt apart
X = [40, 70, 230, 280, 340, 460, 620]  # where each column's text starts
ROWS = [  # no, sasaran lines, target, satuan, pj, [(kegiatan lines, keluaran)]
    ("1.", ["Lembaga Penilaian", "Kesesuaian yang", "dibina"], "20", "Lembaga", "Kementerian Perdagangan",
     [(["Bimtek tahap", "pertama"], "5 lembaga"), (["Bimtek tahap kedua"], "15 lembaga")]),
    ("2.", ["Provinsi yang", "membentuk BPSK", "setiap tahun"], "34", "Provinsi", "Kementerian Dalam Negeri",
     [(["Fasilitasi BPSK"], "34 provinsi"), (["Monitoring dan", "evaluasi"], "1 laporan")]),
]


def _draw(path) -> None:
    height = 595.0
    c = canvas.Canvas(str(path), pagesize=(842.0, height))
    c.setFont("Helvetica", SIZE)

    def text(x: float, top: float, s: str) -> None:
        c.drawString(x, height - top - SIZE * 0.8, s)

    text(620 - 40, 40, "Aksi Tahun 2024")
    for x, label in zip(X, ["No.", "Sasaran", "Target", "Satuan", "Penanggung Jawab"]):
        text(x, 40 + LINE, label)
    text(X[5], 40 + 2 * LINE, "Kegiatan")
    text(X[6], 40 + 2 * LINE, "Keluaran")
    top = 40 + 2 * LINE + CELL
    for no, sasaran, target, satuan, pj, aksi in ROWS:
        for x, value in zip(X, [no, None, target, satuan, pj]):
            if value:
                text(x, top, value)
        for i, line in enumerate(sasaran):
            text(X[1], top + i * LINE, line)
        sub = top
        for kegiatan, keluaran in aksi:
            for i, line in enumerate(kegiatan):
                text(X[5], sub + i * LINE, line)
            text(X[6], sub, keluaran)
            sub += (len(kegiatan) - 1) * LINE + CELL
        top = max(sub - CELL, top + (len(sasaran) - 1) * LINE) + CELL
    c.save()


def test_rows_and_sub_rows_a_little_further_apart_than_lines_are_told_apart(tmp_path):
    _draw(tmp_path / "tight.pdf")
    got = extract_dataset(tmp_path / "tight.pdf")
    assert [(r["no"], r["sasaran"], [(a["kegiatan"], a["keluaran"]) for a in r["aksi"]]) for r in got["rows"]] == \
        [(no.rstrip("."), " ".join(sasaran), [(" ".join(k), o) for k, o in aksi]) for no, sasaran, *_, aksi in ROWS]
