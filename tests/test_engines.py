"""The camelot engine reads the same dataset as the default one; the cross-check lists disagreements."""
from __future__ import annotations

import json
import sys

import pytest
from click.testing import CliRunner

from extract.engines import compare_tables
from extract.model import Band, Cell, Column, PageTable
from lampiran.cli import main
from lampiran.options import ExtractOptions
from lampiran.pipeline import extract_dataset
from tests.conftest import ROOT, SAMPLE_PDF
from tests.test_layouts import LAYOUTS

sys.path.insert(0, str(ROOT / "samples"))
from render import render_pdf  # noqa: E402


def test_camelot_engine_with_cross_check_on_the_sample_equals_the_truth_and_agrees(truth, tmp_path):
    result = CliRunner().invoke(main, ["extract", str(SAMPLE_PDF), "--out", str(tmp_path), "--engine", "camelot", "--cross-check"])
    assert result.exit_code == 0, result.output
    assert "cross-check: pdfplumber and camelot agree on every cell" in result.output
    dataset = json.loads((tmp_path / "permendag-17-2024" / "dataset.json").read_text())
    assert dataset["warnings"] == []
    assert [{k: r[k] for k in truth["rows"][0]} for r in dataset["rows"]] == truth["rows"]


@pytest.mark.parametrize("name", ["a4-landscape", "header-2025-other-wording", "other-column-widths"])
def test_camelot_engine_reads_ruled_variants_exactly(name, truth, tmp_path):
    pdf = render_pdf(truth, tmp_path / "variant.pdf", LAYOUTS[name])
    got = extract_dataset(pdf, ExtractOptions(engine="camelot"))
    assert [{k: r[k] for k in truth["rows"][0]} for r in got["rows"]] == truth["rows"]


def _table(texts: list[str]) -> PageTable:
    cols = tuple(Column(i, i * 10.0, i * 10.0 + 10, f"c{i}") for i in range(len(texts)))
    cells = tuple(Cell(3, (i * 10.0, 0, i * 10.0 + 10, 10), i, i, (t,), t, 1, 9, 8) for i, t in enumerate(texts))
    return PageTable(3, "x", (0, 0, 30, 10), cols, (Band(3, (0, 0, 30, 10), cells),))


def test_cross_check_names_page_row_column_and_both_texts():
    found = compare_tables(_table(["1.", "34", "Provinsi"]), _table(["1.", "3 4", "Provinsi"]))
    assert [(d.page, d.row, d.column, d.texts) for d in found] == [(3, 1, "c1", ("34", "3 4"))]
