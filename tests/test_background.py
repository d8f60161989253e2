"""`lampiran extract` reads each PDF in a child process (lampiran.background): what the child gives back, and what
the user sees when the child crashes or hits a bug. The crashes are real: the child kills itself with a signal."""
from __future__ import annotations

import faulthandler
import os
import shutil
import signal

import pytest
from click.testing import CliRunner

import lampiran.pipeline as pipeline
from lampiran.background import ChildBug, Children
from lampiran.cli import BUG_PREFIX, main
from extract.errors import UnreadableInputError
from lampiran.options import ExtractOptions
from tests.conftest import SAMPLE_PDF


@pytest.fixture
def crash_on(monkeypatch):
    """Make the (forked) child die by `how` when it reads a file named crash.pdf; other files read normally."""
    real = pipeline.extract_document

    def extract_or_crash(path, options):
        if path.name == "crash.pdf":
            how()
        return real(path, options)

    holder = {}
    how = lambda: holder["how"]()  # noqa: E731
    monkeypatch.setattr(pipeline, "extract_document", extract_or_crash)
    return holder


def test_the_child_gives_back_what_extract_document_gives():
    children = Children([SAMPLE_PDF, SAMPLE_PDF], ExtractOptions(), keep_tables=True)
    first, second = children.take(), children.take()
    assert first.dataset == second.dataset == pipeline.extract_dataset(SAMPLE_PDF)
    assert len(first.tables) >= 20 and first.row_bands  # kept for the review page
    with pytest.raises(LookupError):
        children.take()


def test_without_review_the_page_tables_stay_in_the_child():
    extraction = Children([SAMPLE_PDF], ExtractOptions()).take()
    assert extraction.tables == [] and extraction.row_bands == {}
    assert len(extraction.dataset["rows"]) == 112


def test_a_crash_in_the_child_fails_that_file_with_one_line_and_the_batch_goes_on(crash_on, tmp_path):
    def segfault():
        faulthandler.disable()  # pytest's, which would print the child's stack; a user's run has none
        os.kill(os.getpid(), signal.SIGSEGV)
    crash_on["how"] = segfault
    shutil.copy(SAMPLE_PDF, tmp_path / "crash.pdf")
    result = CliRunner().invoke(main, ["extract", str(tmp_path / "crash.pdf"), str(SAMPLE_PDF), "--out", str(tmp_path / "out")])
    assert result.exit_code == 8, result.output
    assert "crash.pdf: the process reading it ended without a result (killed by SIGSEGV)" in result.output
    assert "Traceback" not in result.output
    assert (tmp_path / "out" / "permendag-17-2024" / "dataset.json").exists()
    with pytest.raises(UnreadableInputError, match="killed by SIGSEGV"):
        Children([tmp_path / "crash.pdf"], ExtractOptions()).take()


def test_a_bug_in_the_child_is_one_line_and_exit_70_with_its_traceback_under_debug(crash_on, tmp_path):
    def bug():
        raise KeyError("no such column")
    crash_on["how"] = bug
    shutil.copy(SAMPLE_PDF, tmp_path / "crash.pdf")
    args = ["extract", str(tmp_path / "crash.pdf"), "--out", str(tmp_path / "out")]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 70
    assert result.output.strip() == f"lampiran: {tmp_path / 'crash.pdf'}: {BUG_PREFIX}KeyError: 'no such column'\n" \
                                    f"{tmp_path / 'crash.pdf'}: FAILED (bug), " + result.output.split("FAILED (bug), ")[1].strip()
    debug = CliRunner().invoke(main, args + ["--debug"])
    assert "in the child process that read the PDF:" in debug.output and "in bug" in debug.output
    with pytest.raises(ChildBug, match="KeyError"):
        Children([tmp_path / "crash.pdf"], ExtractOptions()).take()
