"""The page-break stitcher, fed rows cut at random places across pages, reassembles them exactly."""
from __future__ import annotations

from hypothesis import given, settings, strategies as st

from extract.model import Band, Cell, Column, PageTable
from normalize.breaks import is_cut_pair, runs_on
from normalize.stitch import tables_to_rows

KEYS = ["no", "sasaran", "target", "satuan", "penanggung_jawab", "kegiatan", "keluaran"]
MAPPING = {k: i for i, k in enumerate(KEYS)}
COLUMNS = tuple(Column(i, i * 100.0, i * 100.0 + 100, k) for i, k in enumerate(KEYS))
LINE = 10.0

word = st.text(alphabet="abcdefghijklmnoprstuwy", min_size=1, max_size=8)
# A cell's text: a capitalised first word, then lower-case words, as a sentence is printed.
cell_words = st.lists(word, min_size=1, max_size=12).map(lambda ws: [ws[0].capitalize()] + ws[1:])


def _cell(page: int, col: int, words: list[str], top: float, bottom: float) -> Cell:
    text = " ".join(words)
    return Cell(page, (col * 100.0, top, col * 100.0 + 100, bottom), col, col, (text,) if text else (), text,
                top + 4 if text else None, bottom - 4 if text else None, LINE if text else None)


def _band(page: int, columns_words: dict[str, list[str]], top: float = 100.0, bottom: float = 300.0) -> Band:
    return Band(page, (0, top, 700, bottom), tuple(_cell(page, MAPPING[k], columns_words.get(k, []), top, bottom) for k in KEYS))


@st.composite
def cut_rows(draw):
    """Two numbered rows; the second is cut at a random word of every column across a page break."""
    first = {k: draw(cell_words) for k in KEYS if k != "no"}
    first["no"] = ["1."]
    second = {k: draw(cell_words) for k in KEYS if k != "no"}
    second["no"] = ["2."]
    cuts = {k: draw(st.integers(min_value=1, max_value=len(second[k]))) for k in second}
    cuts["no"] = 1
    return first, second, cuts


@settings(max_examples=200, deadline=None)
@given(cut_rows())
def test_row_cut_by_page_break_is_rejoined(case):
    first, second, cuts = case
    before = {k: second[k][: cuts[k]] for k in KEYS}
    after = {k: second[k][cuts[k]:] for k in KEYS}
    page1 = PageTable(1, "test", (0, 0, 700, 50), COLUMNS, (_band(1, first, 60, 99), _band(1, before)))
    page2 = PageTable(2, "test", (0, 0, 700, 50), COLUMNS, (_band(2, after),) if any(after.values()) else ())
    rows, warnings = tables_to_rows([(page1, MAPPING), (page2, MAPPING)])
    assert warnings == []
    assert len(rows) == 2
    row = rows[1]
    for key in ("no", "sasaran", "target", "satuan", "penanggung_jawab"):
        assert row.text[key] == " ".join(second[key])
    assert [(a.kegiatan, a.keluaran) for a in row.aksi] == [(" ".join(second["kegiatan"]), " ".join(second["keluaran"]))]
    assert row.pages == ([1, 2] if any(after.values()) else [1])


def test_a_new_pair_at_the_top_of_a_page_is_not_glued_to_the_last_one():
    assert not is_cut_pair(("Pekan Nasional Keselamatan Jalan", "34 Promosi/Paket"),
                           ("Pengadaan perlengkapan Jalan", "33 Lokasi"))


def test_a_pair_cut_mid_phrase_continues():
    assert is_cut_pair(("Proses legalisasi SE Dirjen Cipta Karya", "SE Dirjen Cipta Karya Tentang"),
                       ("Tentang Pelaksanaan Pengamanan Air Minum", "Pelaksanaan Pengamanan Air Minum"))
    assert is_cut_pair(("Jumlah desa/kelurahan di wilayah 3T", "7475 lokasi"),
                       ("yang mendapatkan akses seluler 4G", ""))


def test_a_pair_ending_in_a_list_items_number_or_inside_its_brackets_runs_on():
    """Whatever room the page left under it (a producer moving a paragraph's last lines together, CSS widows)."""
    assert runs_on(("5. Pengembangan Database Pemantauan JPH di SIHALAL; 6.", "2.000 stakeholders"),
                   ("Koordinasi Tindak lanjut Hasil Pemantauan", ""))
    assert runs_on(("- Pembinaan penyelenggaraan Perkeretaapian (Safety", "- Regulasi"),
                   ("Assessment, Ramp Check)", ""))
    assert not runs_on(("Sosialisasi (daring)", "1 laporan"), ("Bimtek", "2 laporan"))


def _aksi_page(page: int, kegiatan: str, keluaran: str, no: str = "", room: float = 0.0, open_below: bool = True) -> PageTable:
    """A page whose one band holds a Kegiatan/Keluaran pair, its last line with `room` points left, its cells left
    open below (no rule under them: a producer that leaves a cut cell open) or closed."""
    def cell(col: int, text: str) -> Cell:
        first = text.split()[0] if text else ""
        return Cell(page, (col * 100.0, 100, col * 100.0 + 100, 300), col, col, (text,), text, 104, 296, LINE,
                    room, 6.0 * len(first), not open_below)
    cells = [cell(MAPPING["no"], no), cell(MAPPING["sasaran"], "Sasaran" if no else "")]
    cells += [cell(MAPPING[k], "") for k in ("target", "satuan", "penanggung_jawab")]
    cells += [cell(MAPPING["kegiatan"], kegiatan), cell(MAPPING["keluaran"], keluaran)]
    return PageTable(page, "test", (0, 0, 700, 50), COLUMNS, (Band(page, (0, 100, 700, 300), tuple(cells)),))


def _pairs_over_break(room: float, open_below: bool) -> list[tuple[str, str]]:
    page1 = _aksi_page(1, "Legalitas peraturan pengganti Kepmen", "Peraturan pengganti Kepmen", "1.", room, open_below)
    page2 = _aksi_page(2, "Kimpraswil No. 403 tahun 2002", "Kimpraswil No. 403")
    rows, _ = tables_to_rows([(page1, MAPPING), (page2, MAPPING)])
    return [(a.kegiatan, a.keluaran) for a in rows[0].aksi]


def test_a_cell_whose_last_line_had_no_room_for_the_next_word_continues_over_the_break():
    cut = [("Legalitas peraturan pengganti Kepmen Kimpraswil No. 403 tahun 2002", "Peraturan pengganti Kepmen Kimpraswil No. 403")]
    assert _pairs_over_break(room=20.0, open_below=True) == cut
    assert _pairs_over_break(room=20.0, open_below=False) == cut  # closed, but both columns full to the bottom


def test_a_last_line_with_room_for_the_next_word_ends_the_pair():
    new_pair = [("Legalitas peraturan pengganti Kepmen", "Peraturan pengganti Kepmen"),
                ("Kimpraswil No. 403 tahun 2002", "Kimpraswil No. 403")]
    assert _pairs_over_break(room=80.0, open_below=True) == new_pair  # "Kimpraswil" (60 pt) would have fitted
    assert _pairs_over_break(room=80.0, open_below=False) == new_pair
