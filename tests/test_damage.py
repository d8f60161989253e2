"""Damaged PDFs (issue 16): files that open but are damaged inside are said to be, page by page, and the PDF
libraries' own complaints become warnings instead of lines on stderr.

The copies are drawn by `samples/damage.py` from two sound documents: the sample's first pages (written by pdfium)
and a perturbed document drawn by reportlab (uncompressed, ASCII85 content streams). Each copy is read by the
`lampiran` command in a process of its own, as a user runs it.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest

from conftest import ROOT, SAMPLE_PDF

sys.path.insert(0, str(ROOT / "samples"))
import damage  # noqa: E402

COPIES = 200  # `make damage` judges more
TABLES_EVERY = 5  # every fifth copy is read with `lampiran tables` too


@pytest.fixture(scope="module")
def sound(tmp_path_factory) -> list[tuple[Path, dict]]:
    return damage.originals(tmp_path_factory.mktemp("sound"))


def test_the_sound_documents_read_as_their_truth(sound, truth):
    (short, short_read), (_, perturbed_read) = sound
    assert short_read["warnings"] == [] and perturbed_read["warnings"] == []
    whole = [r for r in short_read["rows"] if max(r["pages"]) < damage.SHORT_PAGES]  # rows the short end cuts not
    assert len(whole) > 10 and all({k: r[k] for k in truth["rows"][r["seq"] - 1]} == truth["rows"][r["seq"] - 1]
                                   for r in whole)
    assert len(perturbed_read["rows"]) == 14


def test_every_damaged_copy_is_refused_read_exactly_or_warned_on_each_page_that_differs(sound, tmp_path, capsys):
    verdicts = damage.judge_copies(range(COPIES), tmp_path, sound=sound)
    broken = [f"seed {seed} ({v.kind}): {'; '.join(v.problems)}" for seed, v in enumerate(verdicts) if not v.ok]
    tables = [f"seed {seed} ({v.kind}): {'; '.join(p)}" for seed, v in enumerate(verdicts)
              if seed % TABLES_EVERY == 0 and (p := damage.judge_tables(v, tmp_path))]
    with capsys.disabled():
        print(f"\ndamaged copies: {damage.outcome_counts(verdicts)}")  # the README's figures
    assert not broken, "\n".join(broken)
    assert not tables, "\n".join(tables)
    # every way a copy can end is met, so the conditions above were tested on each
    assert {"exact", "exact, with warnings", "warned where it differs", "unreadable"} <= {v.outcome for v in verdicts}


def _lampiran(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(Path(sys.executable).with_name("lampiran")), *map(str, args)], capture_output=True,
                          text=True, check=False)


def _dataset(out: Path) -> dict:
    return json.loads(next(out.glob("*/dataset.json")).read_text(encoding="utf-8"))


def test_a_file_cut_short_is_rebuilt_and_the_pages_it_lost_are_named(sample_dataset, tmp_path):
    whole = SAMPLE_PDF.read_bytes()
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(whole[: len(whole) * 3 // 5])  # as a download cut short: no cross-reference table, no trailer
    done = _lampiran("extract", cut, "--out", tmp_path / "out")
    assert done.returncode == 0 and done.stderr == ""
    got = _dataset(tmp_path / "out")
    damaged = {w["page"]: w["message"] for w in got["warnings"] if w["code"] == "damaged_page"}
    assert "rebuilt by scanning the file (qpdf)" in damaged[1]
    assert got["doc"]["source"]["pages"] == sample_dataset["doc"]["source"]["pages"]  # the lost pages keep places
    lost = sorted(p for p, m in damaged.items() if "its page object cannot be found" in m)
    assert lost and lost[-1] == got["doc"]["source"]["pages"]
    assert damage.unwarned_pages(got, sample_dataset) == []
    assert len(got["rows"]) > 10  # the pages before the cut are read
    assert f"{len(damaged)} damaged pages" in done.stdout


def test_a_content_stream_cut_short_marks_its_page_damaged_and_the_rest_reads_whole(sound, tmp_path):
    (short, want), _ = sound
    pdf = pikepdf.open(short)
    contents = pdf.pages[2].obj.Contents
    raw = contents.read_raw_bytes()
    contents.write(raw[: len(raw) // 2], filter=pikepdf.Name.FlateDecode)  # pdfium reads half of it, silently
    broken = tmp_path / "broken.pdf"
    pdf.save(broken)
    for command, out in (("extract", tmp_path / "x"), ("tables", tmp_path / "t")):
        done = _lampiran(command, broken, "--out", out)
        assert done.returncode == 0 and done.stderr == "", command
        written = next(out.glob("*/*.json"))
        warnings = json.loads(written.read_text(encoding="utf-8"))["warnings"]
        assert [(w["code"], w["page"]) for w in warnings if w["code"].startswith("damaged")] == [("damaged_page", 3)]
        assert "cut short" in warnings[0]["message"]
    got = _dataset(tmp_path / "x")
    assert damage.unwarned_pages(got, want) == []
    untouched = {"rows": [r for r in want["rows"] if 3 not in range(min(r["pages"]), max(r["pages"]) + 1)]}
    assert untouched["rows"] and not damage.rows_of(untouched) - damage.rows_of(got)


def test_the_libraries_complaints_are_warnings_and_shown_with_debug_only(sound, tmp_path):
    (short, _), _ = sound
    pdf = pikepdf.open(short)
    contents = pdf.pages[1].obj.Contents
    raw = bytearray(contents.read_raw_bytes())
    raw[-1] ^= 0xFF  # the checksum: the data is whole, and pdfminer says "Data-loss while decompressing" each time
    contents.write(bytes(raw), filter=pikepdf.Name.FlateDecode)
    bad = tmp_path / "bad.pdf"
    pdf.save(bad)
    quiet = _lampiran("extract", bad, "--out", tmp_path / "quiet", "--reader", "pdfplumber")
    loud = _lampiran("extract", bad, "--out", tmp_path / "loud", "--reader", "pdfplumber", "--debug")
    assert quiet.returncode == loud.returncode == 0
    assert quiet.stderr == "" and "Data-loss while decompressing corrupted data" in loud.stderr
    damaged = [w for w in _dataset(tmp_path / "quiet")["warnings"] if w["code"] == "damaged_page"]
    assert [w["page"] for w in damaged] == [2]
    assert "Data-loss while decompressing corrupted data" in damaged[0]["message"]
