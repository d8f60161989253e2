"""Document metadata: read from the heading and signature block; unreadable glyphs become null with a warning."""
from __future__ import annotations

import os
import sys

import pypdfium2 as pdfium
import reportlab
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from lampiran.pipeline import extract_dataset
from normalize.metadata import parse_date, title_case
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "samples"))
from render import Layout, render_pdf  # noqa: E402


def _body_page(path, lines: list[str]) -> None:
    """A portrait closing page drawn in Bitstream Vera (shipped with reportlab), which has no Cyrillic:
    "Д" and "Ж" come out as glyphs whose text maps to nothing, as stamps do in the published PDF."""
    pdfmetrics.registerFont(TTFont("Vera", os.path.join(os.path.dirname(reportlab.__file__), "fonts", "Vera.ttf")))
    c = canvas.Canvas(str(path), pagesize=(609.9874, 936))
    c.setFont("Vera", 11)
    for i, text in enumerate(lines):
        c.drawString(330, 700 - 15 * i, text)
    c.save()


def _with_body(truth: dict, body_lines: list[str], tmp_path) -> dict:
    _body_page(tmp_path / "body.pdf", body_lines)
    render_pdf(truth, tmp_path / "lampiran.pdf", Layout(body_page=False))
    doc = pdfium.PdfDocument(tmp_path / "body.pdf")
    doc.import_pages(pdfium.PdfDocument(tmp_path / "lampiran.pdf"))
    doc.save(tmp_path / "whole.pdf")
    return extract_dataset(tmp_path / "whole.pdf")


def test_date_and_signer_in_nonsense_glyphs_are_null_with_warnings(truth, tmp_path):
    got = _with_body(truth, ["Ditetapkan di Jakarta", "pada tanggal Д", "MENTERI PERDAGANGAN", "REPUBLIK INDONESIA,",
                             "Œ", "ЖЖЖЖ ЖЖЖЖ"], tmp_path)
    assert got["doc"]["ditetapkan"] is None and got["doc"]["penandatangan"] is None
    codes = {(w["code"], w["field"], w["page"]) for w in got["warnings"]}
    assert ("unreadable_date", "ditetapkan", 1) in codes
    assert any(code == "unreadable_signer" for code, *_ in codes)
    assert len(got["rows"]) == len(truth["rows"])


def test_date_and_signer_are_read_from_the_body_page(truth, tmp_path):
    got = _with_body(truth, ["Ditetapkan di Jakarta", "pada tanggal 1 Januari 2025", "MENTERI PERDAGANGAN",
                             "REPUBLIK INDONESIA,", "ttd.", "SITI NURBAYA, S.E."], tmp_path)
    assert got["doc"]["ditetapkan"] == "2025-01-01"
    assert got["doc"]["penandatangan"] == "SITI NURBAYA, S.E."
    assert got["warnings"] == []


def test_indonesian_dates():
    assert parse_date("9 Juli 2024") == "2024-07-09"
    assert parse_date("31 Desember 2023") == "2023-12-31"
    assert parse_date("Д") is None
    assert parse_date("9 Julai 2024") is None


def test_title_case_keeps_small_words_lower():
    assert title_case("RENCANA AKSI NASIONAL PERLINDUNGAN KONSUMEN") == "Rencana Aksi Nasional Perlindungan Konsumen"
    assert title_case("JENIS DAN TARIF ATAS JENIS PENERIMAAN") == "Jenis dan Tarif atas Jenis Penerimaan"
