"""A group title printed without rules runs on at word spacing into the columns beside it, even where one of its
words happens to start right where a column's own lines start: it is one title, not a row. In a monospaced font it
runs on through every column; in a proportional one it may reach only the next column, alone in its band."""
from __future__ import annotations

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import SimpleDocTemplate, Table, TableStyle

from lampiran.pipeline import extract_dataset
from tests.conftest import fuzzed_differences

CHAR = 4.2  # Courier at 7 pt: every character is 0.6 em wide
HEAD = "Pelaku usaha memiliki layanan pengaduan 24 jam/7 hari dan melakukan penyelesaian/penanganan pengaduan yang cepat"
TITLE = HEAD + " konsumen:"
# Sasaran to Kegiatan are as wide as HEAD and its space, so "konsumen:" starts where Keluaran's lines start (the
# cells' texts fit their columns: reportlab does not wrap a plain string)
WIDTHS = [30, 168, 50.4, 58.8, 121.8, CHAR * (len(HEAD) + 1) - (168 + 50.4 + 58.8 + 121.8), 110]
ROWS = [("5.1.", "Transportasi laut", "108", "Persen", "Kementerian Perhubungan", "Contact center",
         "100 persen layanan"),
        ("5.2.", "Transportasi udara", "108", "Persen", "Kementerian Perhubungan", "Pengawasan", "1 paket"),
        ("5.3.", "Transportasi darat", "108", "Persen", "Kementerian Perhubungan", "Nomor pengaduan",
         "100 persen layanan")]


def _draw(path, title: str = TITLE, widths: list[float] = WIDTHS, font: str = "Courier") -> None:
    header = [["No.", "Sasaran", "Target", "Satuan", "Penanggung Jawab", "Aksi", ""],
              ["", "", "", "", "", "Kegiatan", "Keluaran"]]
    data = header + [["5.", title, "", "", "", "", ""]] + [list(r) for r in ROWS]
    style = [("SPAN", (c, 0), (c, 1)) for c in range(5)] + [("SPAN", (5, 0), (6, 0)), ("SPAN", (1, 2), (6, 2)),
             ("FONT", (0, 0), (-1, -1), font, 7), ("VALIGN", (0, 0), (-1, -1), "TOP")]
    SimpleDocTemplate(str(path), pagesize=landscape(A4), invariant=1).build([Table(data, colWidths=widths, style=TableStyle(style))])


def test_a_title_flowing_onto_a_columns_edge_is_one_title(tmp_path):
    _draw(tmp_path / "title.pdf")
    got = extract_dataset(tmp_path / "title.pdf")
    assert [(r["no"], r["group_no"], r["group_title"], r["aksi"]) for r in got["rows"]] == \
        [(no.rstrip("."), "5", TITLE.removesuffix(":"), [{"kegiatan": k, "keluaran": o}]) for no, *_, k, o in ROWS]


def test_a_title_flowing_onto_the_next_columns_edge_alone_in_its_band_is_one_title(tmp_path):
    """The fuzzer's seed 497 (Times, no rules): the title's last word starts where Target's lines start, and
    nothing else is beside it; the row under it is a data row with every cell filled."""
    head = "Menurunnya jumlah gangguan keamanan"
    sasaran = stringWidth(head + " ", "Times-Roman", 7)  # the Sasaran cell is as wide as the title's head and a space
    _draw(tmp_path / "title.pdf", head + " transportasi:", [30, sasaran, 50, 60, 120, 160, 110], "Times-Roman")
    got = extract_dataset(tmp_path / "title.pdf")
    assert [(r["no"], r["group_no"], r["group_title"], r["target_raw"]) for r in got["rows"]] == \
        [(no.rstrip("."), "5", head + " transportasi", target) for no, _, target, *_ in ROWS]


def test_a_number_whose_next_word_starts_where_sasaran_lines_start_is_a_rows_number(tmp_path):
    """WeasyPrint, monospaced, horizontal rules only (the fuzzer's seed 554): a group's "1." ends 6.7 pt before
    "Menurunnya", under 1.3 word spaces of 5.4 pt, but that word starts where Sasaran's lines start: a group
    row, not a section title."""
    assert fuzzed_differences(554, "weasyprint", tmp_path) == []
