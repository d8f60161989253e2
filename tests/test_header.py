"""Header titles map to contract columns by their words, whatever the year or wording; on a page without rules,
the header's lines and labels are found wherever the producer put them (drawn pages)."""
import pytest
from reportlab.pdfgen import canvas

from extract.columns import header_to_columns
from extract.model import Column, Limits
from extract.pdfium_pages import READERS
from normalize.header import find_header, map_columns, names_column, title_to_key
from tests.conftest import fuzzed_differences


@pytest.mark.parametrize("title, key", [
    ("No.", "no"),
    ("Sasaran Tahun 2024", "sasaran"),
    ("Sasaran Tahun 2025", "sasaran"),
    ("Indikator Tahun 2026", "sasaran"),
    ("Target 2025", "target"),
    ("Satuan", "satuan"),
    ("Penanggung Jawab", "penanggung_jawab"),
    ("Instansi Penanggung Jawab", "penanggung_jawab"),
    ("Kegiatan", "kegiatan"),
    ("Keluaran", "keluaran"),
    ("Penanggung Jawap", "penanggung_jawab"),
])
def test_header_title_maps_to_its_column(title, key):
    match = title_to_key(title)
    assert (match.key, match.status) == (key, "matched")


def test_unknown_title_maps_to_nothing():
    match = title_to_key("Anggaran (Rp juta)")
    assert match.key is None and match.status == "unknown"


# ---------------------------------------------------------------- headers of unruled tables, drawn

COLUMN_X = [40, 70, 200, 260, 320, 420, 560]  # where each column's text starts; the table ends at 700
BODY = [["1.", "Tingkat kepuasan", "85", "Persen", "Kementerian ESDM", "Pelaksanaan monitoring", "Laporan monev"],
        ["2.", "Pelaku usaha tertib", "100", "Persen", "Kementerian Perdagangan", "Sosialisasi", "Laporan"],
        ["3.", "Jumlah SPPBE dibina", "50", "Unit", "Kementerian ESDM", "Pembinaan pelaku usaha", "50 pelaku usaha"]]


def _unruled_header_page(tmp_path, header: list[tuple[float, float, str]], font: str = "Helvetica", body=BODY,
                         centred=()):
    """One landscape page: header texts at (x, top, text), then the body rows under it (a column of `centred`
    centred under the middle of its label), no rules at all."""
    path = tmp_path / "header.pdf"
    height = 595.0
    c = canvas.Canvas(str(path), pagesize=(842.0, height))
    c.setFont(font, 7)
    for x, top, text in header:
        c.drawString(x, height - top - 6, text)
    for r, row in enumerate(body):
        for i, (x, text) in enumerate(zip(COLUMN_X, row)):
            if i in centred:
                c.drawCentredString((x + COLUMN_X[i + 1]) / 2, height - (90 + 14 * r) - 6, text)
            else:
                c.drawString(x, height - (90 + 14 * r) - 6, text)
    c.save()
    open_pdf, read_pages = READERS["pdfplumber"]
    with open_pdf(path, None, Limits()) as pdf:
        return next(iter(read_pages(pdf, path, Limits())))


def _header_columns(page) -> tuple[Column, ...]:
    """The page's leaf columns, read as the pipeline reads them: header found by its words, then its columns."""
    header = find_header(page)
    assert header is not None
    return header_to_columns(page, header, names_column)


def _header_mapping(page) -> dict[str, int]:
    mapping, _ = map_columns(_header_columns(page))
    return mapping


def test_leaf_labels_the_vocabulary_does_not_know_under_a_group_title_are_the_headers(tmp_path):
    # "Hasil Akhir" names nothing and "Kegiatan Hasil Akhir" is not a header line by its words: it is the header's
    # because it stands under "Aksi Tahun 2024", left and right of its middle, under no other label
    header = [(560, 50, "Aksi Tahun 2024"), (40, 60, "No"), (70, 60, "Sasaran"), (200, 60, "Target"),
              (260, 60, "Satuan"), (320, 60, "Penanggung Jawab"), (420, 70, "Kegiatan"), (640, 70, "Hasil Akhir")]
    mapping = _header_mapping(_unruled_header_page(tmp_path, header))
    assert mapping == {"no": 0, "sasaran": 1, "target": 2, "satuan": 3, "penanggung_jawab": 4, "kegiatan": 5,
                       "keluaran": 6}


def test_labels_centred_at_different_heights_are_not_group_titles(tmp_path):
    # "Satuan" sits between the lines of "Target Tahun" / "2025": the labels beside it are at other heights,
    # and the leaf labels far to its right ("Kegiatan", "Keluaran") are not under it
    header = [(200, 50, "Target Tahun"), (210, 62, "2025"), (262, 56, "Satuan"), (320, 50, "Penanggung"),
              (320, 62, "Jawab"), (40, 56, "No"), (70, 56, "Sasaran"), (560, 48, "Aksi"), (420, 64, "Kegiatan"),
              (640, 64, "Keluaran")]
    mapping = _header_mapping(_unruled_header_page(tmp_path, header))
    assert (mapping["target"], mapping["satuan"], mapping["penanggung_jawab"]) == (2, 3, 4)


def test_two_labels_printed_as_close_as_a_monospaced_space_are_two_columns(tmp_path):
    # in Courier 7 pt a space is 4.2 pt: "Satuan Target" ends 6 pt before "Penanggung Jawab", under the 8.4 pt
    # that parts labels by their height alone
    satuan = "Satuan Target"
    header = [(560, 50, "Aksi Tahun 2024"), (40, 60, "No"), (70, 60, "Sasaran"), (200, 60, "Target"),
              (320 - 6 - 4.2 * len(satuan), 60, satuan), (320, 60, "Penanggung Jawab"), (420, 70, "Kegiatan"),
              (640, 70, "Keluaran")]
    mapping = _header_mapping(_unruled_header_page(tmp_path, header, font="Courier"))
    assert (mapping["satuan"], mapping["penanggung_jawab"]) == (3, 4)


def test_a_bound_before_a_left_aligned_column_sits_at_its_edge(tmp_path):
    # the Penanggung Jawab lines end near x 380 on this page; on a page the header is not repeated on they may run on
    # up to the padding before Kegiatan's edge at 420: the bound is there, not halfway
    header = [(560, 50, "Aksi Tahun 2024"), (40, 60, "No"), (70, 60, "Sasaran"), (200, 60, "Target"),
              (260, 60, "Satuan"), (320, 60, "Penanggung Jawab"), (420, 70, "Kegiatan"), (560, 70, "Keluaran")]
    page = _unruled_header_page(tmp_path, header)
    columns = _header_columns(page)
    assert 418 <= columns[5].x0 <= 420


def test_a_bound_before_centred_values_of_one_width_stays_in_the_gutter(tmp_path):
    # "Persen" centred three times starts at one x, as a left-aligned column's lines do; a wider value centred on
    # another page starts left of it, so the bound stays halfway across the gutter
    header = [(560, 50, "Aksi Tahun 2024"), (40, 60, "No"), (70, 60, "Sasaran"), (200, 60, "Target"),
              (282, 60, "Satuan"), (320, 60, "Penanggung Jawab"), (420, 70, "Kegiatan"), (560, 70, "Keluaran")]
    body = [row[:3] + ["Persen"] + row[4:] for row in BODY]
    page = _unruled_header_page(tmp_path, header, body=body, centred={3})
    persen = min(w.x0 for w in page.words if w.text == "Persen")
    columns = _header_columns(page)
    assert columns[3].x0 < persen - 5


@pytest.mark.parametrize("targets, titles", [(["85", "100", "50"], 1), (["89", "92", "97"], 1), (["85", "100", "50"], 2)],
                         ids=["widths", "one-width", "two-titles"])
def test_a_group_title_running_over_a_columns_edge_does_not_hide_it(tmp_path, targets, titles):
    # Target's values start at its left edge (200), left of its centred label: the title over the row crosses that
    # edge, so the only gap free of words is right of the values, which would give them to Sasaran (values of one
    # width, as a monospaced font prints them, may be centred: they start at one x all the same)
    header = [(560, 50, "Aksi Tahun 2024"), (40, 60, "No"), (70, 60, "Sasaran"), (240, 60, "Target"),
              (280, 60, "Satuan"), (320, 60, "Penanggung Jawab"), (420, 70, "Kegiatan"), (560, 70, "Keluaran")]
    title = ["1. Menurunnya tingkat kecelakaan seluruh moda transportasi:"]
    body = [[row[0], "Tingkat kepuasan pelanggan di rumah", target, *row[3:]] for row, target in zip(BODY, targets)]
    page = _unruled_header_page(tmp_path, header, body=[title] * titles + body)
    crossing = [w for w in page.words if w.x0 < 200 < w.x1]
    assert [w.text for w in crossing] == ["transportasi:"] * titles  # the titles, and nothing else, cross the edge
    columns = _header_columns(page)
    assert columns[2].x0 <= 200 < columns[2].x1


def test_a_header_line_standing_beside_the_headers_lines_is_the_headers_whatever_its_words(tmp_path):
    """reportlab boxes, no rules, cells centred (the fuzzer's seed 928): "Pelaksana Utama", the wrapped end of a
    title the vocabulary does not know ("Instansi Pelaksana Utama"), stands beside "Uraian Kegiatan Keluaran" and
    names nothing; the header still reaches the Keluaran label under it."""
    assert fuzzed_differences(928, "reportlab-boxes", tmp_path) == []


def test_a_continued_pages_first_row_that_is_the_header_misread_is_taken_as_the_header():
    """OCR of shaded header cells, as tesseract read page 18 of the sample scanned (grey 200 dpi): the labels are
    weighed column by column, so the misread header is told from a row, whatever order the header's lines came in."""
    from extract.model import Band, Cell, PageTable
    from lampiran.pipeline import misread_header

    labels = [("No.", ""), ("Sasaran Tahun 2024", ""), ("Target 2024", ""), ("Satuan", ""), ("Penanggung Jawab", ""),
              ("Kegiatan", "Aksi Tahun 2024"), ("Keluaran", "Aksi Tahun 2024")]
    columns = tuple(Column(i, 100.0 * i, 100.0 * i + 100, label, group) for i, (label, group) in enumerate(labels))

    def band(texts, top):
        return Band(18, (0, top, 700, top + 30), tuple(Cell(18, (100.0 * i, top, 100.0 * i + 100, top + 30), i, i,
                                                             (t,), t, top, top + 10, 10) for i, t in enumerate(texts)))

    misread = band(["No.", "5 Pikicn doa asaran un", "Target 2024", "2 atuan", "ee dan enan, awal ne lhe",
                    "Aksi Tahun 2024 Kegiatan", "Keluaran"], 57)
    row = band(["5.2.", "Transportasi udara", "100", "Persen", "Kementerian Perhubungan",
                "Kegiatan pengaturan, pengawasan dan pengendalian", "1 PKT"], 109)
    assert misread_header(PageTable(18, "pdfplumber", (0, 57, 700, 500), columns, (misread, row))) == misread
    assert misread_header(PageTable(18, "pdfplumber", (0, 57, 700, 500), columns, (row, misread))) is None
