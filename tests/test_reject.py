"""A few bad rows never cost the document: rows that break the schemas are left out and listed as rejected_row
(exit 9), the rest is written exactly; `--strict` keeps all-or-nothing (exit 5). Real PDFs, drawn with the bad
cells printed in them."""
from __future__ import annotations

import json
import sys

import pandas as pd
import pytest
from click.testing import CliRunner

from lampiran.cli import EXIT_REJECTED_ROWS, main
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "samples"))
from make_corpus import corpus_truth  # noqa: E402
from render import Layout, render_pdf  # noqa: E402

DUPLICATED = "Kementerian Perdagangan, Kementerian Perdagangan"


@pytest.fixture
def bad_rows_pdf(tmp_path):
    """Five rows; row 2 has an empty Sasaran cell, row 4 names one ministry twice."""
    truth = corpus_truth(3, rows=5)
    truth["rows"][1]["sasaran"] = ""
    truth["rows"][3]["penanggung_jawab"] = DUPLICATED
    return render_pdf(truth, tmp_path / "bad-rows.pdf", Layout()), corpus_truth(3, rows=5)


def _extract(pdf, out, *extra):
    return CliRunner().invoke(main, ["extract", str(pdf), "--out", str(out), *extra])


def test_rows_that_break_the_schemas_are_left_out_and_the_rest_is_written_exactly(bad_rows_pdf, tmp_path):
    pdf, truth = bad_rows_pdf
    result = _extract(pdf, tmp_path / "out")
    assert result.exit_code == EXIT_REJECTED_ROWS == 9, result.output
    assert "3 rows, " in result.output and "2 rows left out" in result.output
    folder = tmp_path / "out" / "permendag-103-2024"
    dataset = json.loads((folder / "dataset.json").read_text(encoding="utf-8"))
    kept = [{k: v for k, v in r.items() if k != "pages"} for r in dataset["rows"]]
    assert kept == [truth["rows"][i] for i in (0, 2, 4)]
    assert [r["seq"] for r in dataset["rows"]] == [1, 3, 5]  # seq is the order in the document: the gaps stay
    for name in ("sasaran", "aksi", "penanggung_jawab"):
        assert set(pd.read_parquet(folder / f"{name}.parquet")["seq"]) == {1, 3, 5}, name
    rejected = [w for w in dataset["warnings"] if w["code"] == "rejected_row"]
    assert [(w["seq"], w["page"], w["pages"]) for w in rejected] == [(2, 2, [2]), (4, 2, [2])]
    empty, twice = rejected
    assert empty["cells"]["sasaran"] == "" and empty["cells"]["no"] == truth["rows"][1]["no"]
    assert empty["cells"]["kegiatan"] == [a["kegiatan"] for a in truth["rows"][1]["aksi"]]
    assert "sasaran: column sasaran: str_length" in empty["message"] and "sasaran=''" in empty["message"]
    assert twice["cells"]["penanggung_jawab"] == DUPLICATED
    assert "penanggung_jawab: column institution: multiple_fields_uniqueness" in twice["message"]
    assert CliRunner().invoke(main, ["validate", str(folder)]).exit_code == 0


def test_strict_writes_nothing_and_exits_5(bad_rows_pdf, tmp_path):
    pdf, _ = bad_rows_pdf
    result = _extract(pdf, tmp_path / "out", "--strict")
    assert result.exit_code == 5, result.output
    assert "the dataset fails validation" in result.stderr and "row seq 2" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "out" / "permendag-103-2024").exists()


def test_a_document_whose_every_row_breaks_the_schemas_is_exit_5(tmp_path):
    truth = corpus_truth(5, rows=2)
    for row in truth["rows"]:
        row["sasaran"] = ""
    pdf = render_pdf(truth, tmp_path / "all-bad.pdf", Layout())
    result = _extract(pdf, tmp_path / "out")
    assert result.exit_code == 5, result.output
    assert "every row breaks the schemas" in result.stderr
    assert not (tmp_path / "out" / "permendag-105-2024").exists()
