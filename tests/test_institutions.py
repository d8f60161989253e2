"""Splitting Penanggung Jawab cells: commas inside registered names stay, unknown names stay as printed."""
from normalize.institutions import split_institutions


def test_name_with_commas_stays_whole():
    cell = "Kementerian Pendidikan, Kebudayaan, Riset, dan Teknologi, Kementerian Perdagangan"
    assert split_institutions(cell) == ["Kementerian Pendidikan, Kebudayaan, Riset, dan Teknologi", "Kementerian Perdagangan"]


def test_name_with_commas_without_serial_comma_stays_whole():
    assert split_institutions("Kementerian Pendidikan, Kebudayaan, Riset dan Teknologi") == [
        "Kementerian Pendidikan, Kebudayaan, Riset dan Teknologi"]


def test_last_institution_after_comma_dan_loses_the_dan():
    cell = "Kementerian Dalam Negeri, Pemerintah Daerah, Kementerian Perdagangan, dan BPSK"
    assert split_institutions(cell) == ["Kementerian Dalam Negeri", "Pemerintah Daerah", "Kementerian Perdagangan", "BPSK"]


def test_comma_without_space_still_splits():
    assert split_institutions("Kementerian Energi dan Sumber Daya Mineral,dan badan usaha terkait") == [
        "Kementerian Energi dan Sumber Daya Mineral", "badan usaha terkait"]


def test_unknown_institution_is_kept_as_printed():
    assert split_institutions("Kementerian Perdagangan, Dinas Pasar Kota Contoh") == [
        "Kementerian Perdagangan", "Dinas Pasar Kota Contoh"]


def test_spelling_is_kept_as_printed():
    assert split_institutions("Bank INDONESIA, Badan Pengawas Obat Dan Makanan") == [
        "Bank INDONESIA", "Badan Pengawas Obat Dan Makanan"]


def test_empty_cell_has_no_institutions():
    assert split_institutions(None) == []
    assert split_institutions("") == []
