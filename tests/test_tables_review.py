"""`lampiran tables --review`: the tables found, drawn over their PDF pages, in the page view of `lampiran review`.

On the sample: the file is written beside the CSV folder and is self-contained, every page holding the table
is embedded once, every CSV row is beside each page it was read from; in headless Chromium the page is drawn
and every drawn row carries its label. A small generated PDF shows two tables and a row cut by a page break.
"""
from __future__ import annotations

import csv
import html
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from lampiran.cli import main  # first: lampiran.cli registers the tables command
from tables.document import pdf_to_tables
from tables.review import write_tables_review
from tests.conftest import SAMPLE_PDF, assert_screenshot_not_blank, chromium, needs_chromium
from tests.test_tables import body, draw_pdf, two_level_header

NAME = "permendag-17-2024-lampiran"


@pytest.fixture(scope="module")
def run(tmp_path_factory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("tables-review")
    result = CliRunner().invoke(main, ["tables", str(SAMPLE_PDF), "--out", str(out), "--review"])
    assert result.exit_code == 0, result.output
    return out, result.output


@pytest.fixture(scope="module")
def review(run) -> Path:
    return run[0] / f"review-{NAME}.html"


@pytest.fixture(scope="module")
def text(review) -> str:
    return review.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def csv_rows(run) -> list[dict]:
    with (run[0] / NAME / "table-1.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _sections(text: str) -> dict[int, str]:
    """Page number -> the HTML of its <section>."""
    parts = re.split(r'<section class="?page"? id="?page-(\d+)"?>', text)
    return {int(parts[i]): parts[i + 1].split("</section>")[0] for i in range(1, len(parts), 2)}


def _labels(rows: list[dict]) -> dict[str, str]:
    """Drawn row -> its margin label: the CSV rows (1-based) it gave, '12–13' for a row with two sub-rows."""
    numbers: dict[str, list[int]] = {}
    for n, r in enumerate(rows, start=1):
        numbers.setdefault(r["row"], []).append(n)
    return {row: f"{ns[0]}–{ns[-1]}" if len(ns) > 1 else str(ns[0]) for row, ns in numbers.items()}


def test_the_review_is_written_beside_the_csv_folder_and_its_size_printed(run, review):
    out, output = run
    assert sorted(p.name for p in out.iterdir()) == [NAME, review.name]  # no temporary file left behind
    size_mb = review.stat().st_size / 1e6
    assert output.strip().splitlines()[-1] == f"  review: {review} ({size_mb:.1f} MB)"


def test_the_review_is_self_contained_with_one_image_per_table_page(text, run):
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", text, re.IGNORECASE)
    assert "<link" not in text and "@import" not in text and "url(" not in text
    pages = json.loads((run[0] / NAME / "tables.json").read_text(encoding="utf-8"))["tables"][0]["pages"]
    images = re.findall(r"data-src='(data:image/png;base64,[A-Za-z0-9+/=]+)'", text)
    assert len(images) == len(pages) == 26
    assert sorted(_sections(text)) == pages


def test_every_csv_row_is_beside_every_page_it_was_read_from(text, csv_rows):
    sections = _sections(text)
    for n, row in enumerate(csv_rows, start=1):
        for page in map(int, row["pages"].split(";")):
            piece = sections[page].split(f"<tr class=row data-seq='1-{row['row']}'><td><b>{n}</b>")
            assert len(piece) == 2, (n, page)
            tr = piece[1].split("</tr>")[0]
            for column in ("No.", "Sasaran Tahun 2024", "Aksi Tahun 2024 Keluaran"):
                assert f">{html.escape(row[column])}</td>" in tr, (n, column)
            assert f"<g class=row data-seq='1-{row['row']}'>" in sections[page]  # and its cells are drawn there


def test_a_row_cut_by_a_page_break_is_on_both_pages_with_notes(text, csv_rows):
    n, row = next((n, r) for n, r in enumerate(csv_rows, start=1) if r["pages"] == "3;4")
    sections = _sections(text)
    for page, note in ((3, "continues on p. <a href='#page-4'>4</a>"), (4, "continued from p. <a href='#page-3'>3</a>")):
        tr = sections[page].split(f"<tr class=row data-seq='1-{row['row']}'><td><b>{n}</b>")[1].split("</tr>")[0]
        assert note in tr


def test_the_header_gives_the_source_hash_and_the_counts(text, run):
    index = json.loads((run[0] / NAME / "tables.json").read_text(encoding="utf-8"))
    head = text.split("<main>")[0]
    assert index["source"]["sha256"] in head
    table = index["tables"][0]
    assert f"1 table · {table['rows']} CSV rows ({table['drawn_rows']} drawn rows) · 27 pages (26 with a table)" in head
    assert all(f">{html.escape(c)}</span>" in head for c in table["columns"])  # the colour key


def test_two_tables_and_a_cut_row_on_a_small_pdf(tmp_path):
    """Page 1: a table whose row 2 goes on at the top of page 2; page 2: then a table with other columns."""
    pages = []
    for rows in ([("1.", "Alpha", "X", ""), ("2.", "Beta gamma", "", "X")], [("", "delta", "", "")]):
        h_rules, h_texts = two_level_header(100)
        b_rules, b_texts, _ = body(132, rows)
        pages.append({"rules": h_rules + b_rules, "texts": h_texts + b_texts})
    other = [(50, 300, 250, 300), (50, 320, 250, 320), (50, 340, 250, 340)] + [(x, 300, x, 340) for x in (50, 150, 250)]
    pages[1]["rules"] += other
    pages[1]["texts"] += [(55, 304, "Jenis"), (155, 304, "Jumlah"), (55, 324, "Giro"), (155, 324, "7")]
    pdf = draw_pdf(tmp_path / "two-tables.pdf", pages)
    found = pdf_to_tables(pdf)
    assert [len(t.rows) for t in found.tables] == [2, 1]
    sections = _sections(write_tables_review(found, pdf, tmp_path / "r.html").read_text(encoding="utf-8"))
    assert sorted(sections) == [1, 2]
    for page in (1, 2):  # row 2 of table 1 on both pages, its label prefixed by its table
        assert "<g class=row data-seq='1-2'>" in sections[page] and ">1:2</text>" in sections[page]
        assert "<tr class=row data-seq='1-2'>" in sections[page]
    assert "<g class=row data-seq='2-1'>" in sections[2] and "<caption>table-2.csv</caption>" in sections[2]
    assert sections[2].count("<g class=section>") == 2  # each table's header, in grey


# --- in a browser ---

@needs_chromium
def test_the_screenshot_is_not_blank(review, tmp_path):
    assert_screenshot_not_blank(review.as_uri(), tmp_path)


@needs_chromium
def test_the_dom_holds_every_drawn_rows_label(review, csv_rows, tmp_path):
    dom = chromium(review.as_uri(), tmp_path, "--dump-dom").stdout
    labels = set(re.findall(r'<text class="lab"[^>]*>([^<]+)</text>', dom))
    assert set(_labels(csv_rows).values()) <= labels and "header" in labels
    assert "12–13" in labels  # a drawn row with two Kegiatan/Keluaran sub-rows gives two CSV rows


@needs_chromium
def test_a_click_highlights_the_row_on_both_pages(review, csv_rows, tmp_path):
    row = next(r["row"] for r in csv_rows if r["pages"] == "3;4")
    probe = f"""<script>
    document.querySelector('#page-4 g.row[data-seq="1-{row}"] rect').dispatchEvent(new MouseEvent('click',{{bubbles:true}}));
    const picked=[...document.querySelectorAll('.sel')].map(e=>e.closest('section').id+':'+e.tagName.toLowerCase());
    document.body.dataset.probe=JSON.stringify(picked);
    </script></body>"""
    copy = tmp_path / "probe.html"
    copy.write_text(review.read_text(encoding="utf-8").replace("</body>", probe), encoding="utf-8")
    dom = chromium(copy.as_uri(), tmp_path, "--dump-dom").stdout
    picked = json.loads(html.unescape(re.search(r'data-probe="([^"]*)"', dom).group(1)))
    assert sorted(set(picked)) == ["page-3:g", "page-3:tr", "page-4:g", "page-4:tr"]
