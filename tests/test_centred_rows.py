"""A table drawn without rules whose cells are centred vertically: a row's number sits in its middle, with
Kegiatan/Keluaran sub-rows above and below it, and every sub-row still goes with its own row; a Keluaran taller
than its Kegiatan still goes with it."""
from __future__ import annotations

import pytest
from reportlab.lib.pagesizes import A4, landscape
from reportlab.platypus import SimpleDocTemplate, Table, TableStyle

from lampiran.pipeline import extract_dataset
from tests.conftest import fuzzed_differences

HEADER = [["No.", "Sasaran", "Target", "Satuan", "Penanggung Jawab", "Aksi", ""],
          ["", "", "", "", "", "Kegiatan", "Keluaran"]]
ROWS = [  # (no, sasaran, target, satuan, pj, [(kegiatan, keluaran)])
    ("1.", "Lembaga yang dibina", "20", "Lembaga", "Kementerian Perdagangan",
     [("Bimtek tahap pertama", "5 lembaga"), ("Bimtek tahap kedua", "5 lembaga"), ("Bimtek tahap ketiga", "10 lembaga")]),
    ("2.", "Provinsi yang membentuk BPSK\ndan melaporkan kinerjanya\nsetiap tahun kepada\nMenteri", "34", "Provinsi",
     "Kementerian Dalam Negeri", [("Fasilitasi BPSK", "34 provinsi")]),
    ("3.", "Pelaku usaha tertib ukur", "70", "Persen", "Kementerian Perdagangan",
     [("Pengawasan UTTP", "1 laporan"), ("Tera ulang", "2 laporan"), ("Sosialisasi", "3 kegiatan"),
      ("Penindakan pelanggaran", "4 kasus")]),
]


def _draw(path) -> None:
    """The table with no rules at all, every body cell centred vertically, left cells spanning their sub-rows."""
    data, style = [list(r) for r in HEADER], [("SPAN", (c, 0), (c, 1)) for c in range(5)] + [("SPAN", (5, 0), (6, 0))]
    for no, sasaran, target, satuan, pj, aksi in ROWS:
        first = len(data)
        for i, (kegiatan, keluaran) in enumerate(aksi):
            data.append([no, sasaran, target, satuan, pj] if i == 0 else [""] * 5)
            data[-1] += [kegiatan, keluaran]
        style += [("SPAN", (c, first), (c, first + len(aksi) - 1)) for c in range(5)]
    table = Table(data, colWidths=[30, 170, 50, 60, 120, 140, 90], style=TableStyle(
        style + [("FONTSIZE", (0, 0), (-1, -1), 8), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    SimpleDocTemplate(str(path), pagesize=landscape(A4), invariant=1).build([table])


def test_sub_rows_above_and_below_a_centred_row_number_stay_with_their_row(tmp_path):
    _draw(tmp_path / "centred.pdf")
    got = extract_dataset(tmp_path / "centred.pdf")
    assert [(r["no"], r["sasaran"], [(a["kegiatan"], a["keluaran"]) for a in r["aksi"]]) for r in got["rows"]] == \
        [(no.rstrip("."), sasaran.replace("\n", " "), aksi) for no, sasaran, *_, aksi in ROWS]
    assert [w for w in got["warnings"] if w["code"] in ("unread_text", "unnumbered_row")] == []


def test_a_taller_keluaran_centred_beside_its_kegiatan_is_that_kegiatans(tmp_path):
    """Chromium, no rules, cells centred (the fuzzer's seed 67): a one-line Kegiatan beside a Keluaran of four
    lines, under a pair whose Kegiatan is the taller, puts the Keluaran's first line beside the cell above."""
    assert fuzzed_differences(67, "chromium", tmp_path) == []


@pytest.mark.parametrize("seed, producer", [(961, "weasyprint"), (570, "chromium"), (6181, "reportlab-boxes")])
def test_a_row_cut_at_a_pages_foot_does_not_say_the_cells_are_not_centred(tmp_path, seed, producer):
    """No rules, cells centred (the fuzzer's seeds 961, 570 and 6181): the last row of a page that goes on, or the
    first of the next, is cut, and the producer prints its part from the top, its number on its first line; with
    one centred row beside it, the vote was a tie and the page was read as top-aligned."""
    assert fuzzed_differences(seed, producer, tmp_path) == []


def test_a_row_number_beside_a_lower_starting_cell_says_the_cells_are_centred(tmp_path):
    """LibreOffice, no rules, cells centred (the fuzzer's seed 6106): the rows of its last page are of two lines
    or fewer, too short to vote, but "1.2." stands 4 pt above the Kegiatan beside it: centred cells of different
    heights, which cells set at the top never are."""
    assert fuzzed_differences(6106, "libreoffice", tmp_path) == []
