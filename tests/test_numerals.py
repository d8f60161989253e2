"""The Indonesian numeral parser: every form printed in the sample, and a round trip of random numbers."""
from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from normalize.numerals import Target, format_number, parse_number, parse_quantity, parse_target


@pytest.mark.parametrize("raw, expected", [
    ("34", Target(34, None, None, None)),
    ("1.056.313", Target(1056313, None, None, None)),
    ("14,8", Target(14.8, None, None, None)),
    ("77,79", Target(77.79, None, None, None)),
    ("0,011", Target(0.011, None, None, None)),
    ("0.85", Target(0.85, None, None, None)),
    ("≤ 2", Target(2, "<=", None, None)),
    ("≥ 90", Target(90, ">=", None, None)),
    ("40%", Target(40, None, None, None)),
    ("10 %", Target(10, None, None, None)),
    ("6.009.854 (kumulatif: 18.010.715)", Target(6009854, None, 18010715, None)),
    ("5 (Skala 1-7)", Target(5, None, None, "1-7")),
    (None, Target(None, None, None, None)),
])
def test_target_forms_printed_in_the_sample_are_read(raw, expected):
    got = parse_target(raw)
    assert got == expected
    assert type(got.value) is type(expected.value)


@pytest.mark.parametrize("raw", ["", "-", "tiga", "1.2.3", "5 (catatan lain)", "12 orang"])
def test_target_that_is_not_a_number_is_unreadable(raw):
    assert parse_target(raw) is None


def test_dot_followed_by_three_digits_is_thousands_any_other_dot_is_decimal():
    assert parse_number("1.000") == 1000
    assert parse_number("2.5") == 2.5
    assert parse_number("1.234,5") == 1234.5
    assert parse_number("12.34") == 12.34


@pytest.mark.parametrize("text, expected", [
    ("1.056.313 sertifikat", (1056313, "sertifikat")),
    ("30 persen", (30, "persen")),
    ("≤ 2 persen", (2, "persen")),
    ("7475 lokasi", (7475, "lokasi")),
    ("3.054 desa/ kelurahan", (3054, "desa/ kelurahan")),
    ("- Sertifikat kelaikan sarana", (None, None)),
    ("1. 15 (lima belas) pengaduan", (None, None)),
    (None, (None, None)),
])
def test_keluaran_value_and_unit(text, expected):
    assert parse_quantity(text) == expected


@given(st.integers(min_value=0, max_value=10**12))
def test_whole_numbers_round_trip_through_indonesian_format(n):
    text = format_number(n)
    assert parse_number(text) == n
    assert type(parse_number(text)) is int


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=1, max_value=4), st.data())
def test_decimals_round_trip_through_indonesian_format(whole, places, data):
    frac = data.draw(st.integers(min_value=0, max_value=10**places - 1))
    text = format_number(whole) + "," + str(frac).zfill(places)
    assert parse_number(text) == float(f"{whole}.{str(frac).zfill(places)}")


@given(st.text(max_size=40))
def test_parser_never_crashes(text):
    parse_target(text)
    parse_quantity(text)
    parse_number(text)


@pytest.mark.parametrize("printed", ["73O.000", "975.OOO,OO", "l00", "1O %"])
def test_a_target_with_letters_for_digits_is_null_and_suspected_of_an_ocr_slip(printed):
    from normalize.dataset import placed_to_record
    from normalize.model import AksiPiece, RawRow
    from normalize.sections import PlacedRow

    row = RawRow("row", [3], {"no": "1", "sasaran": "Jumlah", "target": printed}, [AksiPiece("Uji", "1 BPSK")])
    record, warnings = placed_to_record(PlacedRow(row, "1", {}), seq=7)
    assert record["target_raw"] == printed and record["target"]["value"] is None
    assert [(w.code, w.page, w.seq, w.field) for w in warnings] == [("ocr_suspect", 3, 7, "target")]
