"""Column bounds on pages without vertical rules come from the gaps between the header's labels that the fewest
body words cross, judged over every page under one header: a title running over the columns is no evidence of
where one ends, only the words that start a cell's line tell a left-aligned column's edge, and a page of a row or
two says little on its own. Layouts of the fuzzer (samples/fuzz) that showed each."""
from __future__ import annotations

import pytest

from tests.conftest import fuzzed_differences


def test_a_title_ending_in_the_gap_before_a_centred_label_does_not_place_the_bound(tmp_path):
    """Typst, monospaced, horizontal rules, header printed once: a Pilar title crossed the Sasaran | Target gap
    up to a point before "Target", the only x no word crossed, so the bound went there and a later page's
    "5 (Skala 1-7)" lost its "5" to Sasaran."""
    assert fuzzed_differences(907, "typst", tmp_path) == []


def test_words_inside_centred_lines_starting_at_one_x_are_no_column_edge(tmp_path):
    """LibreOffice, horizontal rules, cells centred: "index)", "alam," and "risiko" (each after a word space)
    started within a point of each other inside Sasaran, which was taken for Target's left edge."""
    assert fuzzed_differences(840, "libreoffice", tmp_path) == []


@pytest.mark.parametrize("seed, producer", [(336, "chromium"), (261, "typst"), (851, "weasyprint")])
def test_a_page_judges_its_bounds_by_the_text_of_every_page_under_its_header(tmp_path, seed, producer):
    """Monospaced, without vertical rules: a page on its own put a bound in the space inside a short value
    ("6.000 sertifikat", "5 (Skala 1-7)"; Chromium and Typst), or, holding one row, before a target's "80"
    (WeasyPrint, the table's last page), where the pages under the same header, together, show the gutter."""
    assert fuzzed_differences(seed, producer, tmp_path) == []


def test_group_titles_crossing_a_gutter_on_many_pages_do_not_hide_it(tmp_path):
    """WeasyPrint, no rules, cells centred (the fuzzer's seed 647): group titles ("2. Menurunnya … keamanan")
    running from Sasaran into Target cross the gap between them, each page's somewhere else; counted as crossing
    words, the words of all pages together left no gap free, and "5 (Skala 1-7)" was cut in two."""
    assert fuzzed_differences(647, "weasyprint", tmp_path) == []


@pytest.mark.parametrize("seed", [6226, 6333])
def test_a_centred_lines_start_running_over_a_gap_is_no_column_edge(tmp_path, seed):
    """Typst, no vertical rules, Satuan centred (the fuzzer's seeds 6226, 6333): words starting a cell's line at one
    x inside Satuan, past a gap crossed by "PT" of "PT (Perguruan Tinggi)", looked like a left-aligned edge that
    only group titles crossed; "PT" went to Target."""
    assert fuzzed_differences(seed, "typst", tmp_path) == []
