"""The `lampiran` command end to end: golden output, determinism, summary, errors, documentation."""
from __future__ import annotations

import filecmp
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from lampiran.cli import main
from tests.conftest import ROOT, SAMPLE_PDF

GOLDEN = ROOT / "output" / "permendag-17-2024"
TEXT_FILES = ["dataset.json", "sasaran.csv", "aksi.csv", "penanggung_jawab.csv", "datapackage.json"]
TABLES = ["sasaran", "aksi", "penanggung_jawab"]


@pytest.fixture(scope="module")
def fresh_run(tmp_path_factory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("out")
    result = CliRunner().invoke(main, ["extract", str(SAMPLE_PDF), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out / "permendag-17-2024", result.output


def test_fresh_run_reproduces_the_committed_output_byte_for_byte(fresh_run):
    folder, _ = fresh_run
    for name in TEXT_FILES:
        assert (folder / name).read_bytes() == (GOLDEN / name).read_bytes(), name
    # Parquet files embed the writing pyarrow's version, so across machines their content is compared.
    for name in TABLES:
        pd.testing.assert_frame_equal(pd.read_parquet(folder / f"{name}.parquet"), pd.read_parquet(GOLDEN / f"{name}.parquet"))


def test_two_runs_give_byte_identical_files(fresh_run, tmp_path):
    folder, _ = fresh_run
    result = CliRunner().invoke(main, ["extract", str(SAMPLE_PDF), "--out", str(tmp_path)])
    assert result.exit_code == 0
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted(p.name for p in (tmp_path / "permendag-17-2024").iterdir())
    match, mismatch, errors = filecmp.cmpfiles(folder, tmp_path / "permendag-17-2024", names, shallow=False)
    assert (mismatch, errors) == ([], [])


def test_summary_names_rows_aksi_pages_warnings_and_seconds(fresh_run):
    _, output = fresh_run
    assert "112 rows, 159 aksi pairs, 27 pages, 0 warnings, 0 unread words, " in output
    assert " s -> " in output


def test_validate_accepts_the_written_folder(fresh_run):
    folder, _ = fresh_run
    result = CliRunner().invoke(main, ["validate", str(folder)])
    assert result.exit_code == 0, result.output
    assert "valid" in result.output


def _copy_of(folder: Path, target: Path) -> Path:
    """A copy of an output folder, to break."""
    shutil.copytree(folder, target)
    return target


def test_validate_names_the_row_that_breaks_the_schema(fresh_run, tmp_path):
    broken = _copy_of(fresh_run[0], tmp_path / "broken")
    csv = broken / "sasaran.csv"
    df = pd.read_csv(csv, dtype=str, keep_default_na=False)
    df.loc[4, "target_comparator"] = "about"
    df.to_csv(csv, index=False, lineterminator="\n")
    result = CliRunner().invoke(main, ["validate", str(broken)])
    assert result.exit_code == 5
    assert "seq 5" in result.output and "target_comparator" in result.output


def test_validate_names_where_dataset_json_breaks_its_json_schema(fresh_run, tmp_path):
    broken = _copy_of(fresh_run[0], tmp_path / "broken")
    data = json.loads((broken / "dataset.json").read_text(encoding="utf-8"))
    data["rows"][3]["seq"] = 0
    data["doc"]["ditetapkan"] = "2024-13-45"  # no such date
    (broken / "dataset.json").write_text(json.dumps(data), encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(broken)])
    assert result.exit_code == 5
    assert "dataset.json doc/ditetapkan: \"2024-13-45\" is not a \"date\"" in result.output
    assert "dataset.json rows/3/seq: 0 is less than the minimum of 1" in result.output


def test_the_installed_script_exits_with_each_outcomes_code_and_flushes_its_output(tmp_path):
    script = Path(sys.executable).with_name("lampiran")  # `lampiran.cli:run`, which ends with os._exit
    ok = subprocess.run([script, "extract", SAMPLE_PDF, "--out", tmp_path], capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    assert "112 rows, 159 aksi pairs, 27 pages, 0 warnings, 0 unread words, " in ok.stdout
    assert (tmp_path / "permendag-17-2024" / "sasaran.parquet").stat().st_size > 0
    (tmp_path / "notes.pdf").write_text("hello")
    bad = subprocess.run([script, "extract", tmp_path / "notes.pdf", "--out", tmp_path], capture_output=True, text=True)
    assert bad.returncode == 3 and len(bad.stderr.strip().splitlines()) == 1 and "not a PDF" in bad.stderr
    usage = subprocess.run([script, "extract"], capture_output=True, text=True)
    assert usage.returncode == 2 and "Missing argument" in usage.stderr


def test_a_folder_without_pdfs_is_a_usage_error(tmp_path):
    (tmp_path / "empty").mkdir()
    result = CliRunner().invoke(main, ["extract", str(tmp_path / "empty"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert f"no PDF files in {tmp_path / 'empty'}" in result.output
    assert not (tmp_path / "out").exists()


def test_a_file_that_is_not_a_pdf_gives_one_line_and_exit_3(tmp_path):
    bad = tmp_path / "notes.pdf"
    bad.write_text("hello")
    result = CliRunner().invoke(main, ["extract", str(bad), "--out", str(tmp_path / "out")])
    assert result.exit_code == 3
    assert "notes.pdf" in result.stderr and "Traceback" not in result.output + result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_a_pdf_without_the_table_gives_exit_4(tmp_path):
    from reportlab.pdfgen import canvas

    pdf = tmp_path / "letter.pdf"
    c = canvas.Canvas(str(pdf))
    c.drawString(72, 720, "Surat biasa tanpa tabel.")
    c.save()
    result = CliRunner().invoke(main, ["extract", str(pdf), "--out", str(tmp_path / "out")])
    assert result.exit_code == 4
    assert "no Lampiran table" in result.stderr


def test_a_batch_goes_on_past_a_bad_file(tmp_path):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4 truncated")
    result = CliRunner().invoke(main, ["extract", str(bad), str(SAMPLE_PDF), "--out", str(tmp_path / "out")])
    assert result.exit_code == 8
    assert "bad.pdf: FAILED" in result.output
    assert "1 of 2 documents extracted" in result.output
    assert (tmp_path / "out" / "permendag-17-2024" / "dataset.json").exists()


@pytest.mark.parametrize("command", sorted(main.commands))
def test_every_command_has_help_and_an_example(command):
    cmd = main.commands[command]
    assert cmd.help and "Example:" in cmd.help, command
    for param in cmd.params:
        if param.param_type_name == "option" and param.name not in ("help",):
            assert param.help, f"{command} --{param.name} has no help"


def test_validate_reports_an_aksi_row_pointing_at_no_sasaran(fresh_run, tmp_path):
    broken = _copy_of(fresh_run[0], tmp_path / "broken")
    csv = broken / "aksi.csv"
    lines = csv.read_text().splitlines()
    lines[1] = lines[1].replace("permendag-17-2024,1,1,", "permendag-17-2024,999,1,", 1)
    csv.write_text("\n".join(lines) + "\n")
    result = CliRunner().invoke(main, ["validate", str(broken)])
    assert result.exit_code == 5
    assert "aksi: seq 999 points at no sasaran row" in result.output
    assert "foreign-key" in result.output  # frictionless finds it too, from datapackage.json's foreignKeys


def test_jobs_2_gives_the_same_files_byte_for_byte(fresh_run, tmp_path):
    folder, _ = fresh_run
    result = CliRunner().invoke(main, ["extract", str(SAMPLE_PDF), "--out", str(tmp_path), "--jobs", "2"])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in folder.iterdir())
    match, mismatch, errors = filecmp.cmpfiles(folder, tmp_path / "permendag-17-2024", names, shallow=False)
    assert (sorted(match), mismatch, errors) == (names, [], [])


def test_a_batch_never_overwrites_its_own_output(tmp_path):
    copy = tmp_path / "copy.pdf"
    copy.write_bytes(SAMPLE_PDF.read_bytes())
    result = CliRunner().invoke(main, ["extract", str(SAMPLE_PDF), str(copy), "--out", str(tmp_path / "out")])
    assert result.exit_code == 8
    assert "already written in this run" in result.stderr
    dataset = (tmp_path / "out" / "permendag-17-2024" / "dataset.json").read_text()
    assert '"file": "permendag-17-2024-lampiran.pdf"' in dataset
