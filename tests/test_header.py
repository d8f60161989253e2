"""Header titles map to contract columns by their words, whatever the year or wording."""
import pytest

from normalize.header import title_to_key


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
