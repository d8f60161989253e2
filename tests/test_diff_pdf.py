"""`lampiran diff` on PDFs: the sample against an amended version rendered to PDF reports exactly the
documented edits; a PDF against itself, or against its own dataset.json, reports nothing; the HTML report
renders in a real browser."""
from __future__ import annotations

import json
import sys

import pytest
from click.testing import CliRunner

from lampiran.cli import main
from tests.conftest import ROOT, SAMPLE_PDF, assert_screenshot_not_blank, chromium, needs_chromium

sys.path.insert(0, str(ROOT / "samples"))
from render import Layout, render_pdf  # noqa: E402

EXPECTED = json.loads((ROOT / "samples" / "amended.expected-diff.json").read_text(encoding="utf-8"))
PROJECTION = ("kind", "old_seq", "new_seq", "old_no", "new_no", "fields", "details")


@pytest.fixture(scope="module")
def amended_pdf(tmp_path_factory):
    amended = json.loads((ROOT / "samples" / "amended.truth.json").read_text(encoding="utf-8"))
    return render_pdf(amended, tmp_path_factory.mktemp("amended") / "amended.pdf", Layout())


@pytest.fixture(scope="module")
def pdf_diff(amended_pdf, tmp_path_factory):
    out = tmp_path_factory.mktemp("diff")
    result = CliRunner().invoke(main, ["diff", str(SAMPLE_PDF), str(amended_pdf), "--out", str(out), "--format", "json"])
    return result, out


def test_sample_pdf_against_amended_pdf_reports_exactly_the_documented_edits(pdf_diff):
    result, out = pdf_diff
    assert result.exit_code == 1, result.output
    got = json.loads((out / "diff.json").read_text(encoding="utf-8"))
    assert json.loads(result.stdout) == got
    assert [{k: c[k] for k in PROJECTION if k in c} for c in got["changes"]] == EXPECTED["changes"]
    assert got["summary"] == EXPECTED["summary"]


def test_a_pdf_against_itself_has_no_differences():
    result = CliRunner().invoke(main, ["diff", str(SAMPLE_PDF), str(SAMPLE_PDF), "--format", "markdown"])
    assert result.exit_code == 0, result.output
    assert "0 added · 0 removed · 0 changed · 0 moved · 112 unchanged" in result.output


def test_a_pdf_against_its_own_dataset_json_has_no_differences():
    golden = ROOT / "output" / "permendag-17-2024" / "dataset.json"
    result = CliRunner().invoke(main, ["diff", str(SAMPLE_PDF), str(golden)])
    assert result.exit_code == 0, result.output


def test_an_unreadable_side_is_trouble_exit_2(tmp_path):
    bad = tmp_path / "bad.pdf"
    bad.write_text("not a pdf")
    result = CliRunner().invoke(main, ["diff", str(bad), str(SAMPLE_PDF)])
    assert result.exit_code == 2
    assert "bad.pdf" in result.stderr


@needs_chromium
def test_the_html_report_renders_in_a_browser_with_highlighted_words(pdf_diff, tmp_path):
    _, out = pdf_diff
    page = (out / "diff.html").as_uri()
    assert_screenshot_not_blank(page, tmp_path, min_colours=20, max_share=0.95)  # mostly text on white
    dom = chromium(page, tmp_path, "--dump-dom").stdout
    assert "<del" in dom and "<ins" in dom
    assert "1.100.000" in dom and "Kementerian Komunikasi dan Digital" in dom
