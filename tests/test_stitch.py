"""The page-break stitcher, fed rows cut at random places across pages, reassembles them exactly."""
from __future__ import annotations

from hypothesis import given, settings, strategies as st

from extract.model import Band, Cell, Column, PageTable
from normalize.model import AksiPiece
from normalize.stitch import is_cut_pair, tables_to_rows

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
    assert not is_cut_pair(AksiPiece("Pekan Nasional Keselamatan Jalan", "34 Promosi/Paket"),
                           AksiPiece("Pengadaan perlengkapan Jalan", "33 Lokasi"))


def test_a_pair_cut_mid_phrase_continues():
    assert is_cut_pair(AksiPiece("Proses legalisasi SE Dirjen Cipta Karya", "SE Dirjen Cipta Karya Tentang"),
                       AksiPiece("Tentang Pelaksanaan Pengamanan Air Minum", "Pelaksanaan Pengamanan Air Minum"))
    assert is_cut_pair(AksiPiece("Jumlah desa/kelurahan di wilayah 3T", "7475 lokasi"),
                       AksiPiece("yang mendapatkan akses seluler 4G", ""))
