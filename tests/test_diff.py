"""Tests for `lampiran diff` at the JSON level (diff/ and samples/make_amended.py).

The PDF path (render amended.truth.json with samples/render.py, extract it,
diff against the truth PDF) is left to the pipeline's own tests.
"""
from __future__ import annotations

import copy
import io
import json
import re
import sys
import types
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
for p in (ROOT, SAMPLES):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))

import make_amended  # noqa: E402  (samples/make_amended.py)
from diff import (MATCH_THRESHOLD, DiffError, compare, diff_command, load_dataset,  # noqa: E402
                  match_rows, render_html, render_markdown, render_text)
from diff.compare import diff_aksi, diff_rows  # noqa: E402

TRUTH_PATH = SAMPLES / "ranpk-2024.truth.json"
AMENDED_PATH = SAMPLES / "amended.truth.json"
EXPECTED_PATH = SAMPLES / "amended.expected-diff.json"
SCHEMA = json.loads((ROOT / "schemas" / "diff.schema.json").read_text(encoding="utf-8"))
PROJECTION = ("kind", "old_seq", "new_seq", "old_no", "new_no", "fields", "details")


def load(path):
    return json.loads(Path(path).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def truth():
    return load(TRUTH_PATH)


@pytest.fixture(scope="module")
def amended_and_expected(truth):
    return make_amended.build(copy.deepcopy(truth))


def project(changes):
    """The parts of each change that the expected diff pins down."""
    return [{k: c[k] for k in PROJECTION if k in c} for c in changes]


def resequence(rows):
    for i, r in enumerate(rows, 1):
        r["seq"] = i
    return rows


def validate(diff):
    jsonschema.Draft202012Validator(SCHEMA).validate(diff)


# --- the amended sample -------------------------------------------------------

def test_truth_vs_amended_reports_exactly_the_edits(truth, amended_and_expected):
    amended, expected = amended_and_expected
    result = compare(truth, amended)
    assert project(result["changes"]) == expected["changes"]   # same entries, same order
    assert result["summary"] == expected["summary"]
    assert result["summary"] == {"added": 2, "removed": 2, "changed": 11, "moved": 1,
                                 "unchanged": 98}


def test_amended_edits_cover_the_brief(amended_and_expected):
    _, expected = amended_and_expected
    by_field = {}
    for c in expected["changes"]:
        for f in c["fields"]:
            by_field.setdefault(f, []).append(c)
    kinds = [c["kind"] for c in expected["changes"]]
    assert kinds.count("added") == 2 and kinds.count("removed") == 2 and kinds.count("moved") == 1
    added_sections = {(c["new_seq"], c["new_no"]) for c in expected["changes"] if c["kind"] == "added"}
    assert len(added_sections) == 2
    targets = [c["fields"]["target_raw"] for c in by_field["target_raw"]]
    assert ["34", "38"] in targets and ["1.056.313", "1.100.000"] in targets
    assert len(by_field["sasaran"]) == 1
    assert len(by_field["penanggung_jawab"]) == 1
    aksi_changes = [d["change"] for c in by_field["aksi"] for d in c["details"]["aksi"]]
    assert sorted(aksi_changes) == ["added", "changed"]
    assert len([c for c in by_field["no"] if set(c["fields"]) == {"no"}]) >= 3


def test_sample_files_are_up_to_date(truth, amended_and_expected):
    amended, expected = amended_and_expected
    assert load(AMENDED_PATH) == amended, "run: python samples/make_amended.py"
    assert load(EXPECTED_PATH) == expected, "run: python samples/make_amended.py"


def test_expected_diff_file_validates():
    validate(load(EXPECTED_PATH))


def test_make_amended_refuses_undeclared_edits(truth):
    def sneaky(rows, decl):
        """Changes a satuan without declaring it."""
        make_amended.at(rows, 5)["satuan"] = "Kab/Kota"

    edits = make_amended.EDITS
    try:
        make_amended.EDITS = [*edits, sneaky]
        with pytest.raises(AssertionError):
            make_amended.build(copy.deepcopy(truth))
    finally:
        make_amended.EDITS = edits


# --- no differences, seq shifts, pages, renumbering ------------------------------

def test_truth_vs_itself_is_no_difference(truth, tmp_path):
    result = compare(truth, copy.deepcopy(truth))
    assert result["changes"] == []
    assert result["summary"] == {"added": 0, "removed": 0, "changed": 0, "moved": 0,
                                 "unchanged": 112}
    out = io.StringIO()
    assert diff_command(TRUTH_PATH, TRUTH_PATH, tmp_path / "out", "text", stdout=out) == 0
    assert "No differences." in out.getvalue()
    assert "No differences." in (tmp_path / "out" / "diff.md").read_text(encoding="utf-8")


def test_seq_shift_alone_is_not_a_change(truth):
    new = copy.deepcopy(truth)
    del new["rows"][0]                         # Pilar 1 no 1 dropped, nothing renumbered
    result = compare(truth, {**new, "rows": resequence(new["rows"])})
    assert project(result["changes"]) == [{"kind": "removed", "old_seq": 1, "new_seq": None,
                                           "old_no": "1", "new_no": None, "fields": {}}]


def test_pages_are_provenance_not_content(truth):
    new = copy.deepcopy(truth)
    for i, r in enumerate(new["rows"]):
        r["pages"] = [100 + i]
    assert compare(truth, new)["changes"] == []


def test_renumbering_after_insert_at_top_of_section(truth):
    new = copy.deepcopy(truth)
    rows = new["rows"]
    first = next(i for i, r in enumerate(rows) if r["sektor_code"] == "3.9")
    section_len = sum(r["sektor_code"] == "3.9" for r in rows)
    inserted = {**copy.deepcopy(rows[first]), "no": "1", "sasaran": "Jumlah importir yang "
                "diaudit kepatuhan label berbahasa Indonesia", "aksi": []}
    for r in rows:
        if r["sektor_code"] == "3.9":
            r["no"] = str(int(r["no"]) + 1)
    rows.insert(first, inserted)
    result = compare(truth, {**new, "rows": resequence(rows)})
    changes = result["changes"]
    assert [c["kind"] for c in changes] == ["added"] + ["changed"] * section_len
    for c in changes[1:]:
        assert c["fields"] == {"no": [c["old_no"], c["new_no"]]}
        assert int(c["new_no"]) == int(c["old_no"]) + 1
        assert c["new_seq"] == c["old_seq"] + 1
    # rows after 3.9 moved down one seq and are not reported
    assert max(c["new_seq"] for c in changes) == first + section_len + 1
    assert result["summary"]["unchanged"] == 112 - section_len


# --- matching -----------------------------------------------------------------

def test_matching_is_one_to_one_with_near_twins(truth):
    umk, non_umk = truth["rows"][38], truth["rows"][39]   # 0.96 alike
    new_row = {**copy.deepcopy(non_umk), "no": "9", "target_raw": "7.000"}
    pairs = match_rows([umk, non_umk], [new_row])
    assert [(m.old, m.new) for m in pairs] == [(1, 0)]
    result = compare({"doc": {}, "rows": [umk, non_umk]}, {"doc": {}, "rows": [new_row]})
    assert sorted(c["kind"] for c in result["changes"]) == ["changed", "removed"]


def test_below_threshold_is_removed_and_added(truth):
    old_row = truth["rows"][19]
    reworded = {**old_row, "sasaran": old_row["sasaran"].replace("berbagai media", "media sosial")}
    rewritten = {**old_row, "sasaran": "Indeks literasi konsumen digital nasional"}
    assert project(compare({"rows": [old_row]}, {"rows": [reworded]})["changes"])[0]["kind"] == "changed"
    kinds = [c["kind"] for c in compare({"rows": [old_row]}, {"rows": [rewritten]})["changes"]]
    assert sorted(kinds) == ["added", "removed"]
    assert 0.5 < MATCH_THRESHOLD < 0.9


def test_move_to_other_section_is_kind_moved(truth):
    new = copy.deepcopy(truth)
    row = new["rows"][110]
    row.update(sektor_code="3.5", sektor="Jasa Telekomunikasi")
    (change,) = compare(truth, new)["changes"]
    assert change["kind"] == "moved"
    assert change["fields"] == {"sektor_code": ["3.11", "3.5"],
                                "sektor": ["Jasa Logistik", "Jasa Telekomunikasi"]}


@settings(derandomize=True, database=None, max_examples=40, deadline=None)
@given(st.data())
def test_match_rows_is_one_to_one(data):
    rows = load(TRUTH_PATH)["rows"]
    old = data.draw(st.lists(st.sampled_from(rows), max_size=25), label="old")
    new = data.draw(st.lists(st.sampled_from(rows), max_size=25), label="new")
    pairs = match_rows(old, new)
    olds = [m.old for m in pairs]
    news = [m.new for m in pairs]
    assert len(set(olds)) == len(olds) and len(set(news)) == len(news)
    assert all(m.similarity >= MATCH_THRESHOLD for m in pairs)
    # a row present on both sides is always paired with an identical row
    assert len(pairs) >= sum(min(old.count(r), new.count(r)) for r in
                             {json.dumps(r, sort_keys=True): r for r in old}.values())
    result = compare({"rows": old}, {"rows": new})
    s = result["summary"]
    assert s["added"] + s["changed"] + s["moved"] + s["unchanged"] == len(new)
    assert s["removed"] + s["changed"] + s["moved"] + s["unchanged"] == len(old)


# --- field details --------------------------------------------------------------

def test_institution_details(truth):
    old = truth["rows"][1]
    new = copy.deepcopy(old)
    new["penanggung_jawab_list"] = [x for x in new["penanggung_jawab_list"]
                                    if x != "Kementerian Dalam Negeri"] + ["Ombudsman Republik Indonesia"]
    new["penanggung_jawab"] = ", ".join(new["penanggung_jawab_list"])
    fields, details = diff_rows(old, new)
    assert set(fields) == {"penanggung_jawab"}
    assert details["penanggung_jawab"] == {"added": ["Ombudsman Republik Indonesia"],
                                           "removed": ["Kementerian Dalam Negeri"]}


def test_aksi_pairs_changed_added_removed():
    old = [{"kegiatan": "Pengawasan tingkat mutu pelayanan", "keluaran": "1 Laporan"},
           {"kegiatan": "Publikasi Deklarasi TMP kepada konsumen", "keluaran": "1 kali publikasi"},
           {"kegiatan": "Layanan Pengaduan Konsumen Ketenagalistrikan", "keluaran": "100 persen"}]
    new = [{"kegiatan": "Pengawasan tingkat mutu pelayanan", "keluaran": "2 Laporan"},
           {"kegiatan": "Layanan Pengaduan Konsumen Ketenagalistrikan", "keluaran": "100 persen"},
           {"kegiatan": "Sosialisasi tarif tenaga listrik", "keluaran": "12 kali"}]
    got = [(d["change"], d["old_index"], d["new_index"]) for d in diff_aksi(old, new)]
    assert got == [("changed", 1, 1), ("removed", 2, None), ("added", None, 3)]
    assert diff_aksi(old, new)[0]["fields"] == {"keluaran": ["1 Laporan", "2 Laporan"]}


# --- outputs --------------------------------------------------------------------

def test_diff_command_writes_valid_reports(tmp_path):
    out_dir = tmp_path / "report"
    stdout = io.StringIO()
    assert diff_command(TRUTH_PATH, AMENDED_PATH, out_dir, "json", stdout=stdout) == 1
    assert sorted(p.name for p in out_dir.iterdir()) == ["diff.html", "diff.json", "diff.md"]
    written = load(out_dir / "diff.json")
    validate(written)
    assert json.loads(stdout.getvalue()) == written
    assert written["old"]["read_from"] == str(TRUTH_PATH)
    assert written["summary"] == load(EXPECTED_PATH)["summary"]


def test_outputs_are_deterministic(truth, amended_and_expected):
    amended = amended_and_expected[0]
    a, b = compare(truth, amended), compare(copy.deepcopy(truth), copy.deepcopy(amended))
    assert json.dumps(a) == json.dumps(b)
    for render in (render_text, render_markdown, render_html):
        assert render(a) == render(b)


def test_html_is_self_contained_and_highlights_words(truth, amended_and_expected):
    page = render_html(compare(truth, amended_and_expected[0]))
    assert page.startswith("<!DOCTYPE html>") and "<style>" in page
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", page, re.I)
    assert "<script" not in page and "<link" not in page and "@import" not in page
    for mark in ("<del>Informatika</del>", "<ins>Digital</ins>", "<del>berbagai</del>",
                 "<ins>sosial dan televisi</ins>", "<del>1.056.313</del>", "<ins>1.100.000</ins>",
                 "<ins>perkeretaapian</ins>"):
        assert mark in page


def test_html_escapes_content(truth):
    new = copy.deepcopy(truth)
    new["rows"][0]["sasaran"] = "Provinsi <b>yang</b> membentuk BPSK & LPKSM"
    page = render_html(compare(truth, new))
    assert "&lt;b&gt;yang&lt;/b&gt;" in page and "<b>yang</b>" not in page


def test_markdown_starts_with_counts(truth, amended_and_expected):
    md = render_markdown(compare(truth, amended_and_expected[0]))
    lines = [ln for ln in md.splitlines() if ln.strip()]
    assert lines[0].startswith("# ")
    assert lines[1] == "**2 added · 2 removed · 11 changed · 1 moved · 98 unchanged**"
    assert md.index("## Changes") < md.index("### ")
    assert md.count("\n### ") == 16
    assert "~~berbagai~~" in md and "**sosial dan televisi**" in md


def test_text_output(truth, amended_and_expected):
    text = render_text(compare(truth, amended_and_expected[0]))
    assert text.splitlines()[2] == "2 added, 2 removed, 11 changed, 1 moved, 98 unchanged"
    assert "[-berbagai-]" in text and "{+sosial dan televisi+}" in text
    assert "> moved    seq 111 -> 83" in text


# --- loading and exit status ----------------------------------------------------------

def test_load_dataset_forms(tmp_path, truth):
    flat = tmp_path / "flat"
    flat.mkdir()
    (flat / "dataset.json").write_text(json.dumps(truth), encoding="utf-8")
    nested = tmp_path / "nested"
    (nested / "permendag-17-2024").mkdir(parents=True)
    (nested / "permendag-17-2024" / "dataset.json").write_text(json.dumps(truth), encoding="utf-8")
    for path in (TRUTH_PATH, flat, nested, str(nested)):
        assert load_dataset(path) == truth
    (nested / "other").mkdir()
    (nested / "other" / "dataset.json").write_text(json.dumps(truth), encoding="utf-8")
    with pytest.raises(DiffError, match="several datasets"):
        load_dataset(nested)
    (tmp_path / "bad.json").write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(DiffError, match="not a dataset"):
        load_dataset(tmp_path / "bad.json")
    with pytest.raises(DiffError, match="no such file"):
        load_dataset(tmp_path / "missing.json")


def test_load_dataset_pdf_calls_the_pipeline_lazily(monkeypatch, truth, tmp_path):
    calls = []
    pipeline = types.ModuleType("lampiran.pipeline")
    pipeline.extract_dataset = lambda path: calls.append(path) or truth
    package = types.ModuleType("lampiran")
    package.pipeline = pipeline
    monkeypatch.setitem(sys.modules, "lampiran", package)
    monkeypatch.setitem(sys.modules, "lampiran.pipeline", pipeline)
    pdf = tmp_path / "x.PDF"
    pdf.write_bytes(b"%PDF-1.4\n")
    assert load_dataset(pdf) is truth and calls == [pdf]


def test_exit_status_two_on_trouble(tmp_path):
    err = io.StringIO()
    assert diff_command(tmp_path / "nope.json", TRUTH_PATH, None, "text",
                        stdout=io.StringIO(), stderr=err) == 2
    assert "no such file" in err.getvalue()
    assert diff_command(TRUTH_PATH, TRUTH_PATH, None, "yaml",
                        stdout=io.StringIO(), stderr=io.StringIO()) == 2
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert diff_command(TRUTH_PATH, AMENDED_PATH, blocker, "text",
                        stdout=io.StringIO(), stderr=io.StringIO()) == 2
