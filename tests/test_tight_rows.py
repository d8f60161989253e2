"""A table without rules whose cell padding is tight: its rows and sub-rows stand only 0.15 of a line further apart
than a cell's own lines (typst at 1.5 pt padding), and are still told apart; and where a browser snaps every line
to its pixel grid, a cell's lines a pixel further apart now and then stay one cell."""
from __future__ import annotations

import pytest
from reportlab.pdfgen import canvas

from lampiran.pipeline import extract_dataset
from tests.conftest import fuzzed_differences

TIGHT = (8.0, 8.0 * 1.2, 8.0 * 1.35, 0.0)  # size, lines top to top (1.6 pt apart), cells top to top (2.8 pt), no grid
# Chromium at 6 pt: lines 7.2 pt top to top, cells 3 pt more (1.5 pt padding), every top on the 0.75 pt pixel grid
# (so a cell's lines are 0.75 or 1.5 pt apart)
PIXELS = (6.0, 7.2, 10.2, 0.75)
X = [40, 70, 230, 280, 340, 460, 620]  # where each column's text starts
ROWS = [  # no, sasaran lines, target, satuan, pj, [(kegiatan lines, keluaran)]
    ("1.", ["Lembaga Penilaian", "Kesesuaian yang", "dibina"], "20", "Lembaga", "Kementerian Perdagangan",
     [(["Bimtek tahap", "pertama"], "5 lembaga"), (["Bimtek tahap kedua"], "15 lembaga")]),
    ("2.", ["Provinsi yang", "membentuk BPSK", "setiap tahun"], "34", "Provinsi", "Kementerian Dalam Negeri",
     [(["Fasilitasi BPSK"], "34 provinsi"), (["Monitoring dan", "evaluasi"], "1 laporan")]),
]


def _draw(path, spacing: tuple[float, float, float, float]) -> None:
    size, line_pitch, cell_pitch, grid = spacing
    height = 595.0
    c = canvas.Canvas(str(path), pagesize=(842.0, height))
    c.setFont("Helvetica", size)

    def text(x: float, top: float, s: str) -> None:
        top = round(top / grid) * grid if grid else top
        c.drawString(x, height - top - size * 0.8, s)

    text(X[5] + 120, 40, "Aksi Tahun 2024")
    for x, label in zip(X, ["No.", "Sasaran", "Target", "Satuan", "Penanggung Jawab"]):
        text(x, 40 + line_pitch, label)
    text(X[5], 40 + 2 * line_pitch, "Kegiatan")
    text(X[6], 40 + 2 * line_pitch, "Keluaran")
    top = 40 + 2 * line_pitch + cell_pitch
    for no, sasaran, target, satuan, pj, aksi in ROWS:
        for x, value in zip(X, [no, None, target, satuan, pj]):
            if value:
                text(x, top, value)
        for i, line in enumerate(sasaran):
            text(X[1], top + i * line_pitch, line)
        sub = top
        for kegiatan, keluaran in aksi:
            for i, line in enumerate(kegiatan):
                text(X[5], sub + i * line_pitch, line)
            text(X[6], sub, keluaran)
            sub += (len(kegiatan) - 1) * line_pitch + cell_pitch
        top = max(sub - cell_pitch, top + (len(sasaran) - 1) * line_pitch) + cell_pitch
    c.save()


@pytest.mark.parametrize("spacing", [TIGHT, PIXELS], ids=["tight", "pixel-grid"])
def test_rows_and_sub_rows_a_little_further_apart_than_lines_are_told_apart(tmp_path, spacing):
    _draw(tmp_path / "tight.pdf", spacing)
    got = extract_dataset(tmp_path / "tight.pdf")
    assert [(r["no"], r["sasaran"], [(a["kegiatan"], a["keluaran"]) for a in r["aksi"]]) for r in got["rows"]] == \
        [(no.rstrip("."), " ".join(sasaran), [(" ".join(k), o) for k, o in aksi]) for no, sasaran, *_, aksi in ROWS]


@pytest.mark.parametrize("seed", [506, 344])
def test_cells_parted_by_twice_a_narrow_padding_are_told_apart_at_any_font_size(tmp_path, seed):
    """Typst at 1.5 pt padding and 10 pt (the fuzzer's seeds 506, centred, and 344, monospaced): cells stand 3 pt
    apart, 1 pt more than a cell's own lines; a slack grown with the font (a tenth of a line) took them for one."""
    assert fuzzed_differences(seed, "typst", tmp_path) == []
