"""Other layouts and contents of the same kind of Lampiran read back exactly.

Each variant is rendered by samples/render.py from a truth (the sample's, or a
perturbed one from samples/perturb.py with its own truth) and must extract to
that truth in every field of every row.
"""
from __future__ import annotations

import sys

import pytest

from lampiran.pipeline import extract_dataset
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "samples"))
from perturb import perturb  # noqa: E402
from render import Layout, cut_words, render_pdf  # noqa: E402
from fuzz.spec import differences  # noqa: E402

LAYOUTS = {
    "f4-landscape-grid": Layout(),
    "a4-portrait": Layout(pagesize="A4", landscape=False, font_size=6),
    "a4-landscape": Layout(pagesize="A4"),
    "letter-sans-8pt": Layout(pagesize="Letter", font="sans", font_size=8),
    "mono-font": Layout(font="mono"),
    "other-column-widths": Layout(col_widths=(25, 180, 60, 90, 130, 180, 140)),
    "horizontal-rules-only": Layout(ruling="horizontal"),
    "no-rules": Layout(ruling="none"),
    "header-2025-other-wording": Layout(header_year=2025, header_labels={
        "sasaran": "Indikator Tahun {y}", "penanggung_jawab": "Instansi Penanggung Jawab"}),
}


def _read_back(truth: dict, layout: Layout, tmp_path) -> dict:
    assert cut_words(truth, layout) == [], "the layout cuts words no extractor can rejoin"
    pdf = render_pdf(truth, tmp_path / "variant.pdf", layout)
    return extract_dataset(pdf)


@pytest.mark.parametrize("name", sorted(LAYOUTS))
def test_layout_variant_reads_back_exactly(name, truth, tmp_path):
    got = _read_back(truth, LAYOUTS[name], tmp_path)
    found = differences(got, truth)
    assert not found, "\n".join(found)
    assert got["warnings"] == []


@pytest.mark.parametrize("name", ["f4-landscape-grid", "horizontal-rules-only", "no-rules", "a4-portrait"])
def test_perturbed_content_reads_back_to_its_own_truth(name, truth, tmp_path):
    other = perturb(truth)
    other_layout = Layout(**{**LAYOUTS[name].__dict__, "header_year": 2025})
    got = _read_back(other, other_layout, tmp_path)
    found = differences(got, other)
    assert not found, "\n".join(found)
    assert got["doc"]["id"] == "permendag-30-2025"


def test_a_pdf_without_the_signature_page_has_null_date_and_signer_with_warnings(truth, tmp_path):
    got = _read_back(truth, Layout(body_page=False), tmp_path)
    want = {**truth, "doc": {**truth["doc"], "ditetapkan": None, "penandatangan": None}}
    found = differences(got, want)
    assert not found, "\n".join(found)
    assert {(w["code"], w["field"]) for w in got["warnings"]} == {("no_signature", "ditetapkan"), ("no_signer", "penandatangan")}
