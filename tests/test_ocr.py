"""Scanned pages: detected without --ocr; read through ocrmypdf/tesseract with it, where those are installed.

OCR is not exact: the test measures cell accuracy against the truth and prints it (the README quotes it);
it asserts only that OCR turns a scan into a readable table of the right size.
"""
from __future__ import annotations

import sys

import pypdfium2 as pdfium
import pytest
from click.testing import CliRunner

import extract.ocr
from lampiran.cli import main
from lampiran.options import ExtractOptions
from lampiran.pipeline import extract_dataset
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "samples"))
from render import Layout, render_pdf  # noqa: E402

FIELDS = ("no", "sasaran", "target_raw", "satuan", "penanggung_jawab")


def scan_of(truth: dict, tmp_path, dpi: int = 200):
    """Render the truth, then rasterise every page into an image-only PDF, as a scanner would."""
    pdf = pdfium.PdfDocument(render_pdf(truth, tmp_path / "text.pdf", Layout(pagesize="A4")))
    images = [page.render(scale=dpi / 72).to_pil().convert("L") for page in pdf]
    path = tmp_path / "scan.pdf"
    images[0].save(path, save_all=True, append_images=images[1:], resolution=dpi)
    return path


def cell_accuracy(got: dict, truth: dict) -> float:
    """Share of (row, field) cells, aksi texts included, read exactly as the truth has them (rows paired by seq)."""
    rows = {r["seq"]: r for r in got["rows"]}
    total = right = 0
    for want in truth["rows"]:
        have = rows.get(want["seq"], {})
        for key in FIELDS:
            total += 1
            right += have.get(key) == want[key]
        for i, pair in enumerate(want["aksi"]):
            mine = have.get("aksi", [])[i] if i < len(have.get("aksi", [])) else {}
            for key in ("kegiatan", "keluaran"):
                total += 1
                right += mine.get(key) == pair[key]
    return right / total


def test_ocr_without_ocrmypdf_says_how_to_install_it(truth, tmp_path, monkeypatch):
    monkeypatch.setattr(extract.ocr.shutil, "which", lambda name: None)
    scan = scan_of({**truth, "rows": truth["rows"][:5]}, tmp_path, dpi=50)
    result = CliRunner().invoke(main, ["extract", str(scan), "--out", str(tmp_path / "out"), "--ocr"])
    assert result.exit_code == 2
    assert "apt-get install ocrmypdf tesseract-ocr-ind" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.skipif(not extract.ocr.ocr_available(), reason="ocrmypdf/tesseract with Indonesian data not installed")
def test_scanned_variant_is_read_with_ocr(truth, tmp_path, capsys):
    part = {**truth, "rows": truth["rows"][:30]}
    scan = scan_of(part, tmp_path)
    got = extract_dataset(scan, ExtractOptions(ocr=True))
    accuracy = cell_accuracy(got, part)
    with capsys.disabled():
        print(f"\nOCR cell accuracy on a 200 dpi scan of the first 30 rows: {accuracy:.1%} "
              f"({len(got['rows'])} rows read, {len(part['rows'])} printed)")
    assert got["doc"]["source"]["file"] == "scan.pdf"
    assert abs(len(got["rows"]) - len(part["rows"])) <= 3
    assert accuracy > 0.5
