"""Page furniture beside table text: a footer line holding a page number in the middle and a running head at the
right, printed on every page under a table drawn without rules, is not read into the last row; text of the table
that happens to sit at the same place on two pages is kept."""
from __future__ import annotations

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen.canvas import Canvas

from extract.furniture import pages_with_neighbours, without_furniture
from extract.model import Limits
from extract.pages import open_pdf, read_pages
from lampiran.pipeline import extract_dataset
from tests.conftest import fuzzed_differences

COLUMNS = [40, 70, 230, 280, 350, 480, 640]  # left edges: No., Sasaran, Target, Satuan, PJ, Kegiatan, Keluaran
HEADER = ["No.", "Sasaran", "Target", "Satuan", "Penanggung Jawab", "Kegiatan", "Keluaran"]
ROWS = [[f"{n}.", f"Lembaga binaan ke-{n}", str(10 * n), "Lembaga", "Kementerian Perdagangan", f"Bimtek tahap {n}",
         f"{n} laporan"] for n in range(1, 7)]
WIDTH, HEIGHT = landscape(A4)
SIZE = 8


def _draw(path, rows: list[list[str]], footer: bool) -> None:
    """Two rows a page under the repeated header, a blank line between rows, no rules; `footer`: the page number
    in the middle and "- salinan -" at the right, two lines under the page's last row, on every page."""
    canvas = Canvas(str(path), pagesize=landscape(A4), invariant=1)
    for page in range(1, -(-len(rows) // 2) + 1):
        canvas.setFont("Helvetica", SIZE)
        y = HEIGHT - 60
        for line in [HEADER] + rows[2 * page - 2: 2 * page]:
            for x, text in zip(COLUMNS, line):
                canvas.drawString(x, y, text)
            y -= 2 * SIZE
        if footer:
            canvas.drawCentredString(WIDTH / 2, y - 2 * SIZE, str(page))
            canvas.drawRightString(WIDTH - 40, y - 2 * SIZE, "- salinan -")
        canvas.showPage()
    canvas.save()


def test_a_page_number_and_running_head_on_one_line_under_an_unruled_table_are_furniture(tmp_path):
    _draw(tmp_path / "footer.pdf", ROWS, footer=True)
    got = extract_dataset(tmp_path / "footer.pdf")
    assert [[r["no"], r["penanggung_jawab"], r["aksi"][0]["keluaran"]] for r in got["rows"]] == \
        [[row[0].rstrip("."), row[4], row[6]] for row in ROWS]
    assert [w for w in got["warnings"] if w["code"] == "unread_text"] == []


def test_table_text_at_the_same_place_on_neighbouring_pages_is_not_furniture(tmp_path):
    # every page ends in a short row apart from the one above: "Lembaga" at one place, No. and Target not counting
    _draw(tmp_path / "plain.pdf", [row[:3] for row in ROWS], footer=False)
    with open_pdf(tmp_path / "plain.pdf", None, Limits()) as pdf:
        pages = list(read_pages(pdf, tmp_path / "plain.pdf"))
    for page, neighbours in pages_with_neighbours(pages):
        assert len(neighbours) == (1 if page.number in (1, 3) else 2)
        assert without_furniture(page, neighbours).words == page.words


def _draw_headed(path, top_line: tuple[float, str], header_every_page: bool) -> None:
    """Two rows a page, no rules, the header on the first page or on every one; `top_line` (x, text) printed at
    every page's top, a line and a half above the header's place."""
    canvas = Canvas(str(path), pagesize=landscape(A4), invariant=1)
    for page in range(1, 4):
        canvas.setFont("Helvetica", SIZE)
        canvas.drawRightString(top_line[0], HEIGHT - 40, top_line[1])
        y = HEIGHT - 60
        for line in ([HEADER] if page == 1 or header_every_page else []) + ROWS[2 * page - 2: 2 * page]:
            for x, text in zip(COLUMNS, line):
                canvas.drawString(x, y, text)
            y -= 2 * SIZE
        canvas.showPage()
    canvas.save()


def test_a_running_head_over_pages_continuing_a_table_without_its_header_is_furniture(tmp_path):
    """No page number with it: at the top, what the neighbouring pages print at the same place is furniture where
    the line after it is not printed again too."""
    _draw_headed(tmp_path / "head.pdf", (COLUMNS[6] + 50, "- salinan -"), header_every_page=False)
    got = extract_dataset(tmp_path / "head.pdf")
    assert [[r["no"], r["aksi"][0]["keluaran"]] for r in got["rows"]] == [[row[0].rstrip("."), row[6]] for row in ROWS]
    assert [w for w in got["warnings"] if w["code"] == "unread_text"] == []


def test_the_first_line_of_a_header_repeated_on_every_page_is_not_furniture(tmp_path):
    _draw_headed(tmp_path / "group.pdf", (COLUMNS[6] + 20, "Aksi"), header_every_page=True)
    with open_pdf(tmp_path / "group.pdf", None, Limits()) as pdf:
        pages = list(read_pages(pdf, tmp_path / "group.pdf"))
    for page, neighbours in pages_with_neighbours(pages):
        assert without_furniture(page, neighbours).words == page.words


def test_a_running_head_with_dashes_around_its_words_is_furniture(tmp_path):
    """Chromium (the fuzzer's seed 651): "- salinan -   - 3 -" reads as six words, two of them words at all."""
    assert fuzzed_differences(651, "chromium", tmp_path) == []


def test_a_page_number_between_a_cut_grids_vertical_rules_is_furniture(tmp_path):
    """Chromium, full grid, a row cut by the page break (the fuzzer's seed 6357): the grid's vertical rules run to
    the page's foot, past the page number "3" printed between them, which counts on with the pages' numbers."""
    assert fuzzed_differences(6357, "chromium", tmp_path) == []
