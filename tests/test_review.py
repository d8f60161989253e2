"""`lampiran review`: one self-contained HTML page that shows, over each PDF page, the cells every row was read from.

The browser tests open the sample's page in headless Chromium: a screenshot that is not blank, the DOM after
the scripts ran (every seq label, every warning), and the search box and click handler actually working.
"""
from __future__ import annotations

import dataclasses
import html
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from lampiran.cli import main
from extract.errors import OutputError
from lampiran.review import write_review
from tests.conftest import SAMPLE_PDF, assert_screenshot_not_blank, chromium as _chromium, needs_chromium

TABLE_PAGES = list(range(2, 28))  # the sample's table runs from page 2 to page 27
# Added to the sample (which reads with none): one on a row's cell, one on a page, one on the document.
EXTRA_WARNINGS = [
    {"code": "unreadable_target", "message": "target 'tujuh' is not a number this tool reads; value left null",
     "page": 3, "seq": 5, "field": "target"},
    {"code": "unknown_section", "message": "section row not recognised, ignored: 'Lorem ipsum'", "page": 6, "seq": None, "field": None},
    {"code": "no_signature", "message": "no 'Ditetapkan di …' block found: ditetapkan is unknown", "page": None, "seq": None,
     "field": "ditetapkan"},
]


@pytest.fixture(scope="module")
def warned(sample_extraction):
    dataset = {**sample_extraction.dataset, "warnings": sample_extraction.dataset["warnings"] + EXTRA_WARNINGS}
    return dataclasses.replace(sample_extraction, dataset=dataset)


@pytest.fixture(scope="module")
def review_file(warned, tmp_path_factory) -> Path:
    return write_review(warned, SAMPLE_PDF, tmp_path_factory.mktemp("review") / "review.html")


@pytest.fixture(scope="module")
def page_html(review_file) -> str:
    return review_file.read_text(encoding="utf-8")


def _sections(text: str) -> dict[int, str]:
    """Page number -> the HTML of its <section>."""
    parts = re.split(r'<section class="?page"? id="?page-(\d+)"?>', text)
    return {int(parts[i]): parts[i + 1].split("</section>")[0] for i in range(1, len(parts), 2)}


# --- the file itself (no browser) ---

def test_the_page_is_self_contained(page_html):
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page_html, re.IGNORECASE)
    assert "<link" not in page_html and "@import" not in page_html and "url(" not in page_html
    images = re.findall(r"data-src='(data:image/png;base64,[A-Za-z0-9+/=]+)'", page_html)
    assert len(images) == len(TABLE_PAGES)


def test_every_table_page_is_shown_with_its_rows(page_html, sample_dataset):
    sections = _sections(page_html)
    assert sorted(sections) == TABLE_PAGES
    for row in sample_dataset["rows"]:
        for page in range(row["pages"][0], row["pages"][-1] + 1):
            assert f"<tr class=row data-seq='{row['seq']}'>" in sections[page], (row["seq"], page)


def test_a_row_cut_by_a_page_break_shows_its_pieces_on_both_pages(page_html):
    sections = _sections(page_html)
    for page, note in ((3, "continues on p. <a href='#page-4'>4</a>"), (4, "continued from p. <a href='#page-3'>3</a>")):
        assert "<g class=row data-seq='12'>" in sections[page]
        assert note in sections[page].split("<tr class=row data-seq='12'>")[1].split("</tr>")[0]


def test_the_header_gives_metadata_counts_and_the_source_hash(page_html, sample_dataset):
    head = page_html.split("<main>")[0]
    assert sample_dataset["doc"]["source"]["sha256"] in head
    assert "ZULKIFLI HASAN" in head and "2024-07-09" in head
    assert "112 rows · 159 aksi pairs · 27 pages (26 with the table) · 3 warnings" in head


def test_a_warning_on_a_cell_is_drawn_on_that_cell(page_html, sample_extraction):
    target = next(c for b in sample_extraction.row_bands[5] for c in b.cells if c.col_start == 2)
    svg = _sections(page_html)[3].split("<g class=warn data-seq='5'>")[1].split("</g>")[0]
    assert f"<rect x='{target.bbox[0]:.1f}' y='{target.bbox[1]:.1f}'" in svg
    assert html.escape(EXTRA_WARNINGS[0]["message"]) in svg


def test_the_cli_writes_review_doc_id_html_and_reports_its_size(tmp_path):
    result = CliRunner().invoke(main, ["review", str(SAMPLE_PDF), "--out", str(tmp_path), "--pages", "3-4"])
    assert result.exit_code == 0, result.output
    written = tmp_path / "review-permendag-17-2024.html"
    size_kb = round(written.stat().st_size / 1e3)
    assert result.output.strip().endswith(f"-> {written} ({size_kb} KB)")
    assert sorted(_sections(written.read_text(encoding="utf-8"))) == [3, 4]
    assert [p.name for p in tmp_path.iterdir()] == [written.name]  # no temporary file left behind


def test_a_page_left_out_by_pages_is_named_but_not_linked(tmp_path, sample_extraction):
    text = write_review(sample_extraction, SAMPLE_PDF, tmp_path / "r.html", pages=(4, 4)).read_text(encoding="utf-8")
    assert "continued from p. 3</span>" in text and "href='#page-3'" not in text


@pytest.mark.parametrize("pages", ["5-2", "x", "0", "40-50"])
def test_a_bad_page_range_gives_one_line_and_exit_2(tmp_path, pages):
    result = CliRunner().invoke(main, ["review", str(SAMPLE_PDF), "--out", str(tmp_path), "--pages", pages])
    assert result.exit_code == 2
    assert result.stderr.startswith("lampiran: --pages") and len(result.stderr.strip().splitlines()) == 1
    assert not any(tmp_path.iterdir())


def test_a_file_that_is_not_a_pdf_gives_exit_3(tmp_path):
    bad = tmp_path / "notes.pdf"
    bad.write_text("hello")
    result = CliRunner().invoke(main, ["review", str(bad), "--out", str(tmp_path)])
    assert result.exit_code == 3 and "notes.pdf" in result.stderr and "Traceback" not in result.stderr


def test_an_unwritable_target_is_an_output_error_and_leaves_the_old_file(tmp_path, sample_extraction):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(OutputError):
        write_review(sample_extraction, SAMPLE_PDF, blocker / "review.html", pages=(3, 3))
    old = tmp_path / "review.html"
    old.write_text("old")
    write_review(sample_extraction, SAMPLE_PDF, old, pages=(3, 3))
    assert old.read_text(encoding="utf-8").startswith("<!doctype html>")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file", "review.html"]


def test_the_cli_loads_review_and_tables_only_when_they_run():
    code = ("import sys, click, lampiran.cli as c; assert 'lampiran.review' not in sys.modules; "
            "assert c.main.get_command(click.Context(c.main), 'review') is __import__('lampiran.review').review.review_command")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=SAMPLE_PDF.parent.parent)


# --- in a browser ---

@pytest.fixture(scope="module")
def dom(review_file, tmp_path_factory) -> str:
    return _chromium(review_file.as_uri(), tmp_path_factory.mktemp("chromium"), "--dump-dom").stdout


@needs_chromium
def test_the_screenshot_is_not_blank(review_file, tmp_path):
    assert_screenshot_not_blank(review_file.as_uri(), tmp_path)


@needs_chromium
def test_the_dom_holds_every_rows_seq_label_and_every_warning(dom, sample_dataset):
    labels = set(re.findall(r'<text class="lab"[^>]*>(\w+)</text>', dom))
    assert {str(r["seq"]) for r in sample_dataset["rows"]} <= labels and "section" in labels
    text = html.unescape(dom)
    for w in EXTRA_WARNINGS:
        assert w["message"] in text


@needs_chromium
def test_page_images_load_lazily(dom):
    sections = _sections(dom)
    assert re.search(r'<img [^>]*src="data:image/png', sections[2])  # in view: loaded
    assert not re.search(r'<img [^>]*\ssrc=', sections[27])  # far below: not yet


@needs_chromium
def test_search_filters_rows_and_a_click_highlights_the_row_on_every_page(review_file, tmp_path):
    probe = """<script>
    const box=document.getElementById('q');box.value='metrologi legal';box.dispatchEvent(new Event('input'));
    const shownRows=[...document.querySelectorAll('tr.row')].filter(r=>!r.hidden).map(r=>r.dataset.seq);
    const shownPages=[...document.querySelectorAll('section.page')].filter(p=>!p.hidden).map(p=>p.id);
    box.value='';box.dispatchEvent(new Event('input'));
    document.querySelector('#page-4 g.row[data-seq="12"] rect').dispatchEvent(new MouseEvent('click',{bubbles:true}));
    const picked=[...document.querySelectorAll('.sel')].map(e=>e.closest('section').id+':'+e.tagName.toLowerCase());
    const cell=document.querySelector('#page-6 g.row[data-seq="26"] rect');cell.scrollIntoView({block:'center'});
    const box6=cell.getBoundingClientRect();  // page 6 carries a page-wide warning: its cells must still take clicks
    const hit=document.elementFromPoint(box6.x+box6.width/2,box6.y+box6.height/2).closest('[data-seq]').dataset.seq;
    document.body.dataset.probe=JSON.stringify({shownRows,shownPages,picked,hit});
    </script></body>"""
    copy = tmp_path / "probe.html"
    copy.write_text(review_file.read_text(encoding="utf-8").replace("</body>", probe), encoding="utf-8")
    out = html.unescape(re.search(r'data-probe="([^"]*)"', _chromium(copy.as_uri(), tmp_path, "--dump-dom").stdout).group(1))
    probe_result = json.loads(out)
    assert probe_result["shownRows"] == ["5", "9"] and probe_result["shownPages"] == ["page-3"]
    assert sorted(set(probe_result["picked"])) == ["page-3:g", "page-3:tr", "page-4:g", "page-4:tr"]
    assert probe_result["hit"] == "26"


def test_extract_review_writes_the_page_beside_the_dataset(tmp_path):
    result = CliRunner().invoke(main, ["extract", str(SAMPLE_PDF), "--out", str(tmp_path), "--review"])
    assert result.exit_code == 0, result.output
    page = tmp_path / "review-permendag-17-2024.html"
    assert page.exists() and (tmp_path / "permendag-17-2024" / "dataset.json").exists()
    assert "data:image/" in page.read_text(encoding="utf-8")
