"""The Python API (lampiran.extract / tables / diff): the same datasets and errors as the CLI, and `import lampiran`
stays cheap (the CLI's start-up is benchmarked)."""
from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

import lampiran
from tests.conftest import ROOT, SAMPLE_PDF
from tests.test_reject import bad_rows_pdf  # noqa: F401  (the fixture: a PDF with two rows that break the schemas)

GOLDEN = ROOT / "output" / "permendag-17-2024"


def test_import_lampiran_loads_neither_pandas_nor_a_pdf_library():
    code = "import sys, lampiran; print(sorted(m for m in ('pandas', 'pypdfium2', 'pdfplumber') if m in sys.modules))"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout == "[]\n"


def test_extract_gives_the_committed_dataset_and_its_tables():
    ds = lampiran.extract(SAMPLE_PDF)
    assert ds.as_dict() == pd.read_json(GOLDEN / "dataset.json", typ="series").to_dict()
    pd.testing.assert_frame_equal(ds.sasaran, pd.read_parquet(GOLDEN / "sasaran.parquet"))
    assert len(ds.aksi) == 159 and ds.rejected == []
    assert lampiran.diff(ds, GOLDEN)["summary"]["unchanged"] == 112


def test_extract_returns_the_rejected_rows_and_strict_raises(bad_rows_pdf):  # noqa: F811
    pdf, _ = bad_rows_pdf
    ds = lampiran.extract(pdf)
    assert [w["seq"] for w in ds.rejected] == [2, 4] and list(ds.sasaran["seq"]) == [1, 3, 5]
    with pytest.raises(lampiran.ValidationFailedError, match="row seq 2") as caught:
        lampiran.extract(pdf, strict=True)
    assert caught.value.exit_code == 5


def test_errors_are_the_classes_the_cli_maps_to_exit_codes(tmp_path):
    (tmp_path / "notes.pdf").write_text("hello")
    with pytest.raises(lampiran.UnreadableInputError, match="not a PDF"):
        lampiran.extract(tmp_path / "notes.pdf")
    with pytest.raises(lampiran.UsageError, match="colour"):
        lampiran.extract(SAMPLE_PDF, colour="red")
    assert len(lampiran.tables(SAMPLE_PDF).tables) >= 1
