"""`lampiran tables`: any regulation's tables, stitched across pages, without knowing their columns.

Small generated PDFs show each behaviour; the real regulations in ../shared/real/ are checked against rows
read by eye from their rendered pages (tests/fixtures/real/*.expected.json); the embedded RANPK sample
against its hand-checked truth.
"""
from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from lampiran.cli import main  # first: lampiran.cli registers the tables command
from tables.document import pdf_to_tables
from tests.conftest import ROOT, SAMPLE_PDF, SAMPLE_TRUTH, SHARED_REAL, fuzzed_table_differences

FIXTURES = ROOT / "tests" / "fixtures" / "real"
SAMPLE_COLUMNS = ["No.", "Sasaran Tahun 2024", "Target 2024", "Satuan", "Penanggung Jawab",
                  "Aksi Tahun 2024 Kegiatan", "Aksi Tahun 2024 Keluaran"]


# ---------------------------------------------------------------- small generated PDFs

def draw_pdf(path: Path, pages: list[dict]) -> Path:
    """Draw pages of rules and words. Each page: 'rules' as (x0, top, x1, bottom) and 'texts' as (x, top, text),
    in points from the top-left corner, as pdfplumber reports them."""
    from reportlab.pdfgen import canvas

    height = 842.0
    c = canvas.Canvas(str(path), pagesize=(595.0, height))
    for page in pages:
        c.setLineWidth(0.5)
        for x0, top, x1, bottom in page.get("rules", []):
            c.line(x0, height - top, x1, height - bottom)
        c.setFont("Helvetica", 9)
        for x, top, text in page.get("texts", []):
            c.drawString(x, height - top - 7, text)  # baseline ~7 pt under the top of a 9-pt line
        c.showPage()
    c.save()
    return path


def ruled_grid(xs: list[float], ys: list[float]) -> list[tuple]:
    """Every rule of a plain grid: horizontals at ys across xs, verticals at xs down ys."""
    return [(xs[0], y, xs[-1], y) for y in ys] + [(x, ys[0], x, ys[-1]) for x in xs]


XS = [50, 90, 250, 330, 410]


def two_level_header(top: float) -> tuple[list[tuple], list[tuple]]:
    """No | Nama | Tahun 2011 {WTP | WDP}: two rows, No and Nama spanning both, 'Tahun 2011' spanning two columns."""
    mid, bottom = top + 16, top + 32
    rules = [(XS[0], top, XS[-1], top), (XS[2], mid, XS[-1], mid), (XS[0], bottom, XS[-1], bottom)]
    rules += [(x, top, x, bottom) for x in (XS[0], XS[1], XS[2], XS[4])] + [(XS[3], mid, XS[3], bottom)]
    texts = [(55, top + 11, "No"), (95, top + 11, "Nama"), (300, top + 3, "Tahun 2011"),
             (255, mid + 3, "WTP"), (335, mid + 3, "WDP")]
    return rules, texts


def body(top: float, rows: list[tuple[str, ...]], height: float = 20) -> tuple[list[tuple], list[tuple], float]:
    rules, texts, y = [], [], top
    for row in rows:
        rules += [(XS[0], y + height, XS[-1], y + height)] + [(x, y, x, y + height) for x in XS]
        texts += [(x + 5, y + 4, cell) for x, cell in zip(XS, row) if cell]
        y += height
    return rules, texts, y


@pytest.fixture(scope="module")
def cut_row_pdf(tmp_path_factory) -> Path:
    """Two pages, the header repeated, row 2 cut by the page break (its No. cell empty on page 2)."""
    pages = []
    for rows in ([("1.", "Alpha", "X", ""), ("2.", "Beta gamma", "", "X")], [("", "delta", "", ""), ("3.", "Epsilon", "X", "")]):
        h_rules, h_texts = two_level_header(100)
        b_rules, b_texts, _ = body(132, rows)
        pages.append({"rules": h_rules + b_rules, "texts": h_texts + b_texts})
    return draw_pdf(tmp_path_factory.mktemp("pdf") / "cut-row.pdf", pages)


def test_two_level_header_is_merged_into_column_names(cut_row_pdf):
    table, = pdf_to_tables(cut_row_pdf).tables
    assert table.columns == ("No", "Nama", "Tahun 2011 WTP", "Tahun 2011 WDP")
    assert table.header_rows == 2


def test_repeated_header_is_dropped_and_row_cut_by_page_break_is_rejoined(cut_row_pdf):
    table, = pdf_to_tables(cut_row_pdf).tables
    assert [(r.values, r.pages) for r in table.rows] == [
        (("1.", "Alpha", "X", ""), (1,)),
        (("2.", "Beta gamma delta", "", "X"), (1, 2)),
        (("3.", "Epsilon", "X", ""), (2,)),
    ]
    assert table.pages == (1, 2)


def test_column_rules_without_row_rules_give_one_row_per_text_row(tmp_path):
    # pp56-style: only the frame, the rule under the header and the column rules; a cell's second line
    # ("Per unit") is a cell gap lower, as a row is, but starts no row: nothing is printed left of it.
    xs = [50, 90, 250, 330, 450]
    rules = [(xs[0], 100, xs[-1], 100), (xs[0], 120, xs[-1], 120), (xs[0], 250, xs[-1], 250)]
    rules += [(x, 100, x, 250) for x in xs]
    texts = [(55, 105, "No"), (95, 105, "Jenis"), (255, 105, "Satuan"), (335, 105, "Tarif")]
    lines = [("I.", "PERIZINAN", "", "", ""), ("", "1) Izin", "Per permohonan", "Rp", "450.000,00"),
             ("", "", "Per unit", "", ""), ("", "2) Perubahan izin", "Per permohonan", "Rp", "110.000,00")]
    for i, (no, jenis, satuan, rp, amount) in enumerate(lines):
        top = 130 + 18 * i
        texts += [(x, top, t) for x, t in ((55, no), (95, jenis), (255, satuan), (335, rp), (400, amount)) if t]
    table, = pdf_to_tables(draw_pdf(tmp_path / "no-row-rules.pdf", [{"rules": rules, "texts": texts}])).tables
    assert table.columns == ("No", "Jenis", "Satuan", "Tarif")
    assert [r.values for r in table.rows] == [
        ("I.", "PERIZINAN", "", ""),
        ("", "1) Izin", "Per permohonan Per unit", "Rp 450.000,00"),
        ("", "2) Perubahan izin", "Per permohonan", "Rp 110.000,00"),
    ]


def test_header_title_over_every_column_is_the_section_of_the_rows_under_it(tmp_path):
    xs = [50, 200, 350]
    pages = []
    sections = [("PROSPEK USAHA", [("1. Potensi", "Baik.")]), ("KINERJA NASABAH", [("1. Laba", "Kuat."), ("2. Modal", "Cukup.")])]
    for title, rows in sections:
        rules = [(xs[0], 100, xs[-1], 100), (xs[0], 116, xs[-1], 116), (xs[0], 132, xs[-1], 132)]
        rules += [(xs[0], 100, xs[0], 116), (xs[-1], 100, xs[-1], 116)] + [(x, 116, x, 132) for x in xs]
        texts = [(150, 104, title), (55, 120, "Komponen"), (205, 120, "Lancar")]
        y = 132
        for a, b in rows:
            rules += [(xs[0], y + 20, xs[-1], y + 20)] + [(x, y, x, y + 20) for x in xs]
            texts += [(55, y + 4, a), (205, y + 4, b)]
            y += 20
        pages.append({"rules": rules, "texts": texts})
    table, = pdf_to_tables(draw_pdf(tmp_path / "sections.pdf", pages)).tables
    assert table.columns == ("Komponen", "Lancar")
    assert [(r.section, r.values) for r in table.rows] == [
        ("PROSPEK USAHA", ("1. Potensi", "Baik.")),
        ("KINERJA NASABAH", ("1. Laba", "Kuat.")),
        ("KINERJA NASABAH", ("2. Modal", "Cukup.")),
    ]


def test_tables_with_other_columns_are_separate_tables(cut_row_pdf, tmp_path):
    xs = [50, 200, 350]
    rules = ruled_grid(xs, [100, 120, 140])
    texts = [(55, 104, "Jenis"), (205, 104, "Jumlah"), (55, 124, "Giro"), (205, 124, "Rp2.000")]
    pdf = draw_pdf(tmp_path / "two.pdf", [{"rules": rules, "texts": texts}, {"texts": [(50, 100, "Pasal 2 text only")]},
                                          {"rules": rules, "texts": [(55, 104, "Periode"), (205, 104, "Kualitas"),
                                                                     (55, 124, "0"), (205, 124, "lancar")]}])
    found = pdf_to_tables(pdf)
    assert [t.columns for t in found.tables] == [("Jenis", "Jumlah"), ("Periode", "Kualitas")]
    assert found.pages == 3


def _header_once_pages(title: str | None) -> list[dict]:
    """Page 1: a header and two rows; page 2: two more rows at the same columns, no header, under `title` if any,
    a page number over them either way."""
    h_rules, h_texts = two_level_header(100)
    b_rules, b_texts, _ = body(132, [("1.", "Alpha", "X", ""), ("2.", "Beta", "", "X")])
    more_rules, more_texts, _ = body(132, [("Gamma", "Delta", "X", ""), ("4.", "Epsilon", "X", "")])
    more_rules.append((XS[0], 132, XS[-1], 132))
    page_2 = {"rules": more_rules, "texts": more_texts + [(290, 60, "- 2 -")] + ([(50, 110, title)] if title else [])}
    return [{"rules": h_rules + b_rules, "texts": h_texts + b_texts + [(290, 60, "- 1 -")]}, page_2]


def test_a_page_with_no_header_continues_the_table_when_nothing_stands_between(tmp_path):
    """Its first row is a row, not a header ("Gamma | Delta" gives every column a cell of its own), because its
    columns are where the table's were and only a page number stands over it."""
    table, = pdf_to_tables(draw_pdf(tmp_path / "once.pdf", _header_once_pages(None))).tables
    assert table.columns == ("No", "Nama", "Tahun 2011 WTP", "Tahun 2011 WDP")
    assert [r.values[:2] for r in table.rows] == [("1.", "Alpha"), ("2.", "Beta"), ("Gamma", "Delta"), ("4.", "Epsilon")]
    assert table.pages == (1, 2)


def test_a_title_over_a_table_at_the_same_columns_starts_another_table(tmp_path):
    found = pdf_to_tables(draw_pdf(tmp_path / "titled.pdf", _header_once_pages("Tabel 2. Rincian")))
    assert [t.pages for t in found.tables] == [(1,), (2,)]


def test_two_tables_with_the_same_header_on_one_page_with_text_between_are_two(tmp_path):
    """Worked examples (pojk24 pp. 43-45: "Contoh 2:" and its text, then the same header again) are tables apart."""
    first_rules, first_texts = two_level_header(100)
    rules, texts, bottom = body(132, [("1.", "Alpha", "X", "")])
    second_rules, second_texts = two_level_header(bottom + 40)
    more_rules, more_texts, _ = body(bottom + 72, [("1.", "Beta", "", "X")])
    page = {"rules": first_rules + rules + second_rules + more_rules,
            "texts": first_texts + texts + [(50, bottom + 15, "Contoh 2:")] + second_texts + more_texts}
    found = pdf_to_tables(draw_pdf(tmp_path / "examples.pdf", [page]))
    assert [[r.values[1] for r in t.rows] for t in found.tables] == [["Alpha"], ["Beta"]]


def test_a_table_of_horizontal_rules_only_is_found_its_columns_from_the_gutters(tmp_path):
    """booktabs: a rule over the header, one under it, one under the body, and no vertical rule; rows set solid,
    one per line. Two rules round a paragraph on the same page make no table."""
    rows = [("Age", "50.8", "15.9", "21"), ("Men", "0.47", "0.50", "0"), ("Household size", "2.43", "1.22", "1")]
    xs = [80, 250, 320, 390]
    texts = [(x, 104, name) for x, name in zip(xs, ("Variable", "Mean", "Std. Dev.", "Min"))]
    texts += [(x, 124 + 11 * i, cell) for i, row in enumerate(rows) for x, cell in zip(xs, row)]
    paragraph = [(80, 300 + 11 * i, "A paragraph of running text between two rules, set in lines of words.")
                 for i in range(4)]
    page = {"rules": [(76, 100, 440, 100), (76, 117, 440, 117), (76, 160, 440, 160),
                      (76, 296, 440, 296), (76, 346, 440, 346)], "texts": texts + paragraph}
    table, = pdf_to_tables(draw_pdf(tmp_path / "booktabs.pdf", [page])).tables
    assert table.columns == ("Variable", "Mean", "Std. Dev.", "Min")
    assert [r.values for r in table.rows] == rows


def test_a_frame_with_one_rule_after_the_labels_is_read_as_its_header_names_the_columns(tmp_path):
    """A frame and one vertical rule after the row labels (eu-026): the values set apart by white space are
    columns where the header names each; a tariff's 'Rp' under one label stays in that label's column."""
    top, xs = 100, [50, 200, 260, 320, 400]
    header = [(205, top + 4, "Freq."), (265, top + 4, "Percent"), (325, top + 4, "Tarif")]
    body_rows = [("Kept", "344", "75.2", "Rp 450.000"), ("Sold some", "53", "11.6", "Rp 1.500"),
                 ("Sold all", "61", "13.2", "Rp 90.000")]
    texts = header + [(x, top + 24 + 11 * i, cell) for i, row in enumerate(body_rows)
                      for x, cell in zip((55, 205, 265, 325), row)]
    rules = [(xs[0], top, xs[-1], top), (xs[0], top + 18, xs[-1], top + 18), (xs[0], top + 60, xs[-1], top + 60),
             (xs[0], top, xs[0], top + 60), (xs[1], top, xs[1], top + 60), (xs[-1], top, xs[-1], top + 60)]
    table, = pdf_to_tables(draw_pdf(tmp_path / "frame.pdf", [{"rules": rules, "texts": texts}])).tables
    assert table.columns == ("column 1", "Freq.", "Percent", "Tarif")
    assert [r.values for r in table.rows] == body_rows


def test_a_chart_whose_grid_lines_run_through_its_labels_is_no_table(tmp_path):
    """A chart's grid: its lines run through the middle of its axis labels and value labels, where a table's rules
    run between its words. Beside it on the page, a ruled table is found."""
    from extract.errors import NoTableError

    lines = [(80, y, 400, y) for y in range(100, 201, 20)] + [(x, 100, x, 200) for x in (80, 160, 240, 320, 400)]
    labels = [(84, y - 4, str(200 - y)) for y in range(100, 201, 20)] + [(x - 6, 196, f"{x}") for x in (160, 240, 320)]
    chart = {"rules": lines, "texts": labels}
    with pytest.raises(NoTableError):
        pdf_to_tables(draw_pdf(tmp_path / "chart.pdf", [chart]))
    table_rules = ruled_grid([80, 200, 300], [300, 318, 336])
    table_texts = [(85, 304, "Jenis"), (205, 304, "Tarif"), (85, 322, "Izin"), (205, 322, "Rp 450.000")]
    found = pdf_to_tables(draw_pdf(tmp_path / "both.pdf", [{"rules": lines + table_rules, "texts": labels + table_texts}]))
    assert [t.columns for t in found.tables] == [("Jenis", "Tarif")]
    assert [r.values for r in found.tables[0].rows] == [("Izin", "Rp 450.000")]


# ---------------------------------------------------------------- the command

def test_tables_command_writes_one_csv_per_table_and_an_index(cut_row_pdf, tmp_path):
    result = CliRunner().invoke(main, ["tables", str(cut_row_pdf), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "1 table, 3 rows" in result.output
    folder = tmp_path / "cut-row"
    assert sorted(p.name for p in folder.iterdir()) == ["table-1.csv", "table-1.json", "tables.json"]
    index = json.loads((folder / "tables.json").read_text(encoding="utf-8"))
    assert index["tables"] == [{"file": "table-1.csv", "json": "table-1.json",
                                "columns": ["No", "Nama", "Tahun 2011 WTP", "Tahun 2011 WDP"],
                                "csv_columns": ["No", "Nama", "Tahun 2011 WTP", "Tahun 2011 WDP", "row", "pages"],
                                "rows": 3, "drawn_rows": 3, "pages": [1, 2], "header_rows": 2, "unread_words": 0}]
    assert index["source"]["file"] == "cut-row.pdf" and index["source"]["pages"] == 2
    with (folder / "table-1.csv").open(encoding="utf-8", newline="") as f:
        assert list(csv.reader(f))[2] == ["2.", "Beta gamma delta", "", "X", "2", "1;2"]


def test_each_tables_json_keeps_its_header_levels_and_spans_and_rebuilds_the_csv(cut_row_pdf, tmp_path):
    """table-N.json (schemas/table.schema.json): the header's levels as drawn ("Tahun 2011" over WTP and WDP, No
    and Nama spanning both levels), the body's cells with their spans; filling each cell into the rows and columns
    it spans gives the CSV's values. --format json writes no CSV."""
    import jsonschema

    from tests.conftest import ROOT

    result = CliRunner().invoke(main, ["tables", str(cut_row_pdf), "--out", str(tmp_path), "--format", "json"])
    assert result.exit_code == 0, result.output
    folder = tmp_path / "cut-row"
    assert sorted(p.name for p in folder.iterdir()) == ["table-1.json", "tables.json"]
    table = json.loads((folder / "table-1.json").read_text(encoding="utf-8"))
    jsonschema.validate(table, json.loads((ROOT / "schemas" / "table.schema.json").read_text(encoding="utf-8")))
    assert [(c["row"], c["col"], c["row_span"], c["col_span"], c["text"]) for c in table["header"]] == [
        (0, 0, 2, 1, "No"), (0, 1, 2, 1, "Nama"), (0, 2, 1, 2, "Tahun 2011"), (1, 2, 1, 1, "WTP"), (1, 3, 1, 1, "WDP")]
    assert rebuilt(table) == [r["values"] for r in table["rows"]]
    assert [r["values"] for r in table["rows"]][1] == ["2.", "Beta gamma delta", "", "X"]
    assert [c["pages"] for c in table["cells"] if c["text"] == "Beta gamma delta"] == [[1, 2]]


def rebuilt(table: dict) -> list[list[str]]:
    """The rows of a table-N.json rebuilt from its cells: each cell's text at every row and column it spans, but a
    cell spanning every column (a section row) in its first column only."""
    n = len(table["columns"])
    grid = [[""] * n for _ in table["rows"]]
    for c in table["cells"]:
        for r in range(c["row"], c["row"] + c["row_span"]):
            for k in range(c["col"], c["col"] + (1 if c["col_span"] == n else c["col_span"])):
                grid[r][k] = c["text"]
    return grid


def test_the_samples_cells_with_their_spans_rebuild_its_rows():
    """On the sample, a Sasaran spans the rows of its Kegiatan/Keluaran pairs, a Pilar row every column: the cells
    of table-1.json, spans kept, give back every one of its 179 rows."""
    from tables.write import table_to_json
    from tests.conftest import SAMPLE_PDF

    table = table_to_json(pdf_to_tables(SAMPLE_PDF).tables[0])
    assert len(table["rows"]) == 179
    assert rebuilt(table) == [r["values"] for r in table["rows"]]
    spans = {(c["row_span"] > 1, c["col_span"] == len(table["columns"])) for c in table["cells"]}
    assert {(True, False), (False, True)} <= spans
    assert [c["text"] for c in table["header"] if c["col_span"] == 2] == ["Aksi Tahun 2024"]


def test_a_newspaper_table_is_also_written_unfolded_into_one_list_in_reading_order(tmp_path):
    """A (key, value) list set twice side by side ("Nuklida | Nilai | Nuklida | Nilai"), its second block one row
    short: the table as printed, and beside it the one list, the first block read down, then the second."""
    xs, ys = [50, 130, 200, 280, 350], [100, 118, 136, 154, 172]
    cells = [("Nuklida", "Nilai", "Nuklida", "Nilai"), ("Br-82", "1", "I-131", "10"), ("C-14", "100", "P-32", "1"),
             ("Co-60", "0,1", "", "")]
    texts = [(x + 5, y + 4, text) for y, row in zip(ys, cells) for x, text in zip(xs, row) if text]
    pdf = draw_pdf(tmp_path / "nuklida.pdf", [{"rules": ruled_grid(xs, ys), "texts": texts}])
    result = CliRunner().invoke(main, ["tables", str(pdf), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    folder = tmp_path / "out" / "nuklida"
    with (folder / "table-1-unfolded.csv").open(encoding="utf-8", newline="") as f:
        assert list(csv.reader(f)) == [["Nuklida", "Nilai", "row", "pages"], ["Br-82", "1", "1", "1"],
                                       ["C-14", "100", "2", "1"], ["Co-60", "0,1", "3", "1"], ["I-131", "10", "1", "1"],
                                       ["P-32", "1", "2", "1"]]
    table = json.loads((folder / "table-1.json").read_text(encoding="utf-8"))
    assert table["columns"] == ["Nuklida", "Nilai", "Nuklida (2)", "Nilai (2)"]
    assert [r["values"] for r in table["unfolded"]["rows"]][3] == ["I-131", "10"]
    index = json.loads((folder / "tables.json").read_text(encoding="utf-8"))
    assert index["tables"][0]["unfolded"] == {"file": "table-1-unfolded.csv", "columns": ["Nuklida", "Nilai"], "rows": 5}


def test_letter_spaced_words_read_as_printed_and_marks_a_column_apart_stay_apart(tmp_path):
    """A header label and a value set with wide character spacing come out of the PDF one word per letter:
    "N u k l i d a" reads "Nuklida", "B r - 8 2" "Br-82". X marks in narrow columns of their own stay three."""
    from reportlab.pdfgen import canvas

    xs, ys = [50, 150, 180, 210, 240], [100, 118, 136]
    path = tmp_path / "spaced.pdf"
    sheet = canvas.Canvas(str(path), pagesize=(595.0, 842.0))
    sheet.setLineWidth(0.5)
    for x0, top, x1, bottom in ruled_grid(xs, ys):
        sheet.line(x0, 842 - top, x1, 842 - bottom)
    for x, top, text, spacing in [(55, 104, "Nuklida", 3), (155, 104, "A", 0), (185, 104, "B", 0), (215, 104, "C", 0),
                                  (55, 122, "Br-82", 3), (157, 122, "X", 0), (187, 122, "X", 0), (217, 122, "X", 0)]:
        line = sheet.beginText(x, 842 - top - 7)
        line.setFont("Helvetica", 9)
        line.setCharSpace(spacing)
        line.textOut(text)
        sheet.drawText(line)
    sheet.save()
    table, = pdf_to_tables(path).tables
    assert table.columns == ("Nuklida", "A", "B", "C")
    assert [r.values for r in table.rows] == [("Br-82", "X", "X", "X")]


def test_an_unknown_format_is_refused_in_one_line(cut_row_pdf, tmp_path):
    result = CliRunner().invoke(main, ["tables", str(cut_row_pdf), "--out", str(tmp_path), "--format", "xlsx"])
    assert result.exit_code == 2 and "give csv, json or csv,json" in result.output
    assert not (tmp_path / "cut-row").exists()


def test_a_second_run_replaces_the_folder_whole(cut_row_pdf, tmp_path):
    for _ in range(2):
        assert CliRunner().invoke(main, ["tables", str(cut_row_pdf), "--out", str(tmp_path)]).exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cut-row"]  # no .tmp- or .old- folder left


@pytest.mark.parametrize("case, code", [("missing", 3), ("not_a_pdf", 3), ("no_table", 4), ("out_is_a_file", 6)])
def test_bad_input_gives_one_line_and_its_exit_code(case, code, cut_row_pdf, tmp_path):
    pdf, out = cut_row_pdf, tmp_path / "out"
    if case == "missing":
        pdf = tmp_path / "nothing.pdf"
    elif case == "not_a_pdf":
        pdf = tmp_path / "notes.pdf"
        pdf.write_text("hello", encoding="utf-8")
    elif case == "no_table":
        pdf = draw_pdf(tmp_path / "prose.pdf", [{"texts": [(50, 100, "Pasal 1"), (50, 120, "Cukup jelas.")]}])
    else:
        out.write_text("", encoding="utf-8")
    result = CliRunner().invoke(main, ["tables", str(pdf), "--out", str(out)])
    assert result.exit_code == code, result.output
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("lampiran: ")


# ---------------------------------------------------------------- the RANPK sample, read with no RANPK knowledge

@pytest.fixture(scope="module")
def sample_table(tmp_path_factory) -> tuple[dict, list[dict]]:
    out = tmp_path_factory.mktemp("tables")
    result = CliRunner().invoke(main, ["tables", str(SAMPLE_PDF), "--out", str(out)])
    assert result.exit_code == 0, result.output
    folder = out / "permendag-17-2024-lampiran"
    index = json.loads((folder / "tables.json").read_text(encoding="utf-8"))
    with (folder / "table-1.csv").open(encoding="utf-8", newline="") as f:
        return index, list(csv.DictReader(f))


def test_sample_gives_one_stitched_table_of_seven_columns(sample_table):
    index, _ = sample_table
    table, = index["tables"]
    assert table["columns"] == SAMPLE_COLUMNS
    assert table["pages"] == list(range(2, 28)) and table["header_rows"] == 2


def test_sample_rows_cover_every_truth_row(sample_table):
    """Every Sasaran of the truth is a drawn row with its No., Sasaran, Target, Satuan and Penanggung Jawab as
    printed, one CSV row per Kegiatan/Keluaran pair (left cells repeated). A pair opening a page under a
    row cut by the break is judged by the evidence the RANPK path weighs (`normalize.breaks`), in the columns
    the table divides into sub-rows elsewhere: seq 62's and 66's new pairs stay apart (66 is one pair on each
    page, no rule divides it)."""
    _, rows = sample_table
    drawn: dict[str, list[dict]] = {}
    for r in rows:
        drawn.setdefault(r["row"], []).append(r)
    norm = lambda s: " ".join(s.split())  # noqa: E731
    by_key = {(d[0]["No."].rstrip("."), norm(d[0]["Sasaran Tahun 2024"])): d for d in drawn.values()}
    inexact = []
    for t in json.loads(SAMPLE_TRUTH.read_text(encoding="utf-8"))["rows"]:
        d = by_key[(t["no"], norm(t["sasaran"]))]
        assert [norm(d[0][c]) for c in SAMPLE_COLUMNS[2:5]] == \
            [norm(t["target_raw"]), norm(t["satuan"]), norm(t["penanggung_jawab"])]
        pairs = [(norm(r["Aksi Tahun 2024 Kegiatan"]), norm(r["Aksi Tahun 2024 Keluaran"])) for r in d]
        want = [(norm(a["kegiatan"]), norm(a["keluaran"])) for a in t["aksi"]]
        if pairs != want:
            inexact.append(t["seq"])
            assert " ".join(k for k, _ in pairs) == " ".join(k for k, _ in want)  # the text is all there, in order
    assert inexact == []


def test_sample_section_rows_are_rows_with_their_title_in_the_first_column(sample_table):
    _, rows = sample_table
    first = rows[0]
    assert first["No."] == "Pilar 1 – Peningkatan Efektivitas Peran Pemerintah dan Lembaga"
    assert all(first[c] == "" for c in SAMPLE_COLUMNS[1:])
    assert "section" not in first  # no header title spans every column here


# ---------------------------------------------------------------- real regulations, checked by eye

REAL = sorted(p.name.split(".")[0] for p in FIXTURES.glob("*.expected.json"))


@pytest.fixture(scope="module")
def real_tables():
    if not SHARED_REAL.is_dir():
        pytest.skip(f"the real regulations are not here ({SHARED_REAL} is absent)")
    cache: dict[str, object] = {}

    def read(name: str):
        if name not in cache:
            cache[name] = pdf_to_tables(SHARED_REAL / f"{name}.pdf")
        return cache[name]
    return read


@pytest.mark.parametrize("name", REAL)
def test_real_document_columns_pages_and_rows_match_what_the_page_shows(name, real_tables):
    expected = json.loads((FIXTURES / f"{name}.expected.json").read_text(encoding="utf-8"))
    found = real_tables(name)
    assert len(found.tables) == expected["tables"]
    table = found.tables[expected["table"] - 1]
    assert list(table.columns) == expected["columns"]
    assert table.header_rows == expected["header_rows"]
    assert (table.pages[0], table.pages[-1]) == (expected["first_page"], expected["last_page"])
    for page, count in expected["rows_starting_on_page"].items():
        assert sum(1 for r in table.rows if r.pages[0] == int(page)) == count, f"rows starting on p. {page}"
    by_row = {r.row: r for r in table.rows}
    for want in expected["rows"]:
        got = by_row[want["row"]]
        assert (list(got.pages), got.section, dict(zip(table.columns, got.values))) == \
               (want["pages"], want["section"], want["values"]), f"row {want['row']}"


def test_uu_ptj_x_marks_add_up_to_its_jumlah_row(real_tables):
    table = real_tables("uu_ptj_apbn2011").tables[0]
    *rows, total = table.rows
    assert total.values[1] == "JUMLAH"
    counts = [sum(1 for r in rows if r.values[c] == "X") for c in range(2, 10)]
    assert [str(n) if n else "-" for n in counts] == list(total.values[2:])


def test_pojk24_row_cut_by_page_break_keeps_both_pages(real_tables):
    table = real_tables("pojk24_2024").tables[5]
    cut = [r for r in table.rows if len(r.pages) > 1]
    assert [(r.row, r.pages) for r in cut] == [(10, (60, 61)), (11, (61, 62)), (12, (62, 63))]
    assert all(r.values[0] for r in table.rows)  # no continuation left behind as a row of its own


def test_a_row_numbering_the_columns_belongs_to_the_header(tmp_path):
    xs = [50, 90, 250, 330]
    rules = ruled_grid(xs, [100, 120, 136, 156])
    texts = [(55, 104, "No"), (95, 104, "Uraian"), (255, 104, "Jumlah"), (55, 124, "(1)"), (95, 124, "(2)"), (255, 124, "(3)"),
             (55, 140, "1."), (95, 140, "Giro"), (255, 140, "2.000")]
    table, = pdf_to_tables(draw_pdf(tmp_path / "numbered-columns.pdf", [{"rules": rules, "texts": texts}])).tables
    assert table.columns == ("No", "Uraian", "Jumlah") and table.header_rows == 2
    assert [r.values for r in table.rows] == [("1.", "Giro", "2.000")]


@pytest.mark.parametrize("seed, producer", [
    (6042, "libreoffice"),  # "3.1" | "." : the tail of a number wrapped over the break opens the next page
    (6099, "libreoffice"),  # a row's last sub-row in a band of its own on the same page (its spanning cells ended early)
    (6030, "chromium"),     # a cut row's last line printed across the bottom of the frame, not on the next page
    (6247, "weasyprint"),   # a cut row's first line printed under the frame's open end
    (6209, "chromium"),     # a spanning cell's box ended above the row's bottom: its column is no sub-row column
    (569, "weasyprint"),    # a blank spanning the left cells' part on the next page: each column goes on apart
    (513, "chromium"),      # the next page's pair spans the blank sub-rows Chromium split the left cells into
    (6019, "chromium"),     # a page number just under a cut row's open frame is furniture, not the row's text
    (5, "weasyprint"),      # the header printed once: cut rows open at the top, one-line cells left behind
])
def test_rows_broken_oddly_by_other_producers_are_read_whole(seed, producer, tmp_path):
    """Fuzzed layouts (unseen when these rules were written) whose rows a page break cuts the way some producer
    does: every truth row comes out as printed, through the grid reader and page-break evidence extract shares."""
    assert fuzzed_table_differences(seed, producer, tmp_path) == []


# ---------------------------------------------------------------- tables without rules, drawn by other programs

UNRULED_ITEMS = ["Izin usaha perdagangan", "Surat keterangan asal barang", "Pendaftaran merek dagang kolektif",
                 "Sertifikat uji mutu", "Tanda daftar gudang", "Perpanjangan izin impor"]


def _tariff_rows(n: int) -> list[tuple[str, str, str, str]]:
    """`n` rows of a tariff schedule: number, an item's name (every seventh wrapping over lines), unit and tariff."""
    units = ["per izin", "per dokumen", "per sertifikat", "per tahun"]
    long = " untuk barang yang diperdagangkan antarpulau dan yang diekspor"
    return [(f"{i}.", f"{UNRULED_ITEMS[i % len(UNRULED_ITEMS)]} kelompok {i}" + (long if i % 7 == 0 else ""),
             units[i % len(units)],
             f"Rp {(i * 37_500) % 2_000_000 + 50_000:,}".replace(",", ".") + ",00") for i in range(1, n + 1)]


def _unruled_html(rows: list[tuple[str, ...]], header_repeats: bool) -> str:
    """A tariff schedule as an HTML table with no border at all, between two paragraphs; its header in a <thead>
    (printed again on every page) or as its first row (on the first page only)."""
    head = "<tr><th>No.</th><th>Jenis Penerimaan</th><th>Satuan</th><th>Tarif</th></tr>"
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    table = f"<thead>{head}</thead><tbody>{body}</tbody>" if header_repeats else f"<tbody>{head}{body}</tbody>"
    paragraph = ("<p>Jenis dan tarif atas jenis penerimaan negara bukan pajak yang berlaku pada kementerian "
                 "sebagaimana tercantum dalam lampiran ini, ditetapkan menurut satuan yang tertera di sampingnya.</p>")
    return ("<html><head><style>@page { size: A4; margin: 20mm } body { font: 9pt serif } "
            "table { border-collapse: collapse; width: 100% } th, td { padding: 3pt 8pt; text-align: left; "
            "vertical-align: top } th:first-child { width: 8% } th:nth-child(2) { width: 40% } "
            "td:last-child { text-align: right }</style></head><body>"
            f"{paragraph}<table>{table}</table>{paragraph}</body></html>")


@pytest.mark.parametrize("header_repeats", [True, False], ids=["header-on-every-page", "header-once"])
def test_a_table_with_no_rules_at_all_is_found_and_read_from_its_text(header_repeats, tmp_path):
    """WeasyPrint sets a tariff schedule with no border over several pages: its columns come from the gutters of
    its text and its header's labels (\"Tarif\" set left over amounts set right), its rows from its lines (names
    wrapped over three); the paragraphs over and under it are no rows, and a page without the header goes on with
    the table's columns."""
    weasyprint = pytest.importorskip("weasyprint", reason="WeasyPrint draws this case: pip install weasyprint")
    rows = _tariff_rows(70)
    pdf = tmp_path / "unruled.pdf"
    weasyprint.HTML(string=_unruled_html(rows, header_repeats)).write_pdf(pdf)
    found = pdf_to_tables(pdf)
    table, = found.tables
    assert table.columns == ("No.", "Jenis Penerimaan", "Satuan", "Tarif")
    assert [r.values for r in table.rows] == rows
    assert found.pages >= 2 and table.pages == tuple(range(1, found.pages + 1))


@pytest.mark.parametrize("seed, producer", [
    (2, "chromium"),          # the header on every page; a numbered group title across the body; sub-rows ruled
    (8, "libreoffice"),       # the header on the first page only; shaded rows
    (38, "typst"),            # the header on the first page only
    (197, "weasyprint"),      # the header on the first page only; rows cut by the break left open under the last rule
    (16, "reportlab-boxes"),  # the header on every page
])
def test_a_table_with_horizontal_rules_only_is_read_whole_across_its_pages(seed, producer, tmp_path):
    """Fuzzed layouts ruled between rows only, no vertical rule anywhere: the columns come from the gutters and
    the header's labels on the first page, and later pages (with or without the header) take them where their
    text keeps to them; every truth row comes out as printed."""
    import sys

    sys.path.insert(0, str(ROOT / "samples"))
    from fuzz.spec import random_layout

    assert random_layout(seed, producer=producer).rules == "horizontal"
    assert fuzzed_table_differences(seed, producer, tmp_path) == []


def test_superscript_exponents_are_kept_as_exponents_by_both_readers(tmp_path):
    """WeasyPrint sets `<sup>` figures smaller and raised: "6,9 × 10⁵" is read so, not "6,9 × 105", by the pdfium
    reader and by pdfplumber alike; figures on the line itself stay as they are."""
    weasyprint = pytest.importorskip("weasyprint", reason="WeasyPrint draws this case: pip install weasyprint")
    values = [("Br-82", "6,9 × 10", "5"), ("Cs-137", "1,2 × 10", "-3"), ("I-131", "4,0 × 10", "12"), ("H-3", "105", "")]
    body = "".join(f"<tr><td>{n}</td><td>{m}" + (f"<sup>{e}</sup>" if e else "") + "</td></tr>" for n, m, e in values)
    html = ("<html><head><style>body { font: 10pt sans-serif } table { border-collapse: collapse } "
            "td, th { border: 0.5pt solid black; padding: 2pt 6pt }</style></head><body><table>"
            f"<tr><th>Nuklida</th><th>Nilai (Bq/kg)</th></tr>{body}</table></body></html>")
    pdf = tmp_path / "exponents.pdf"
    weasyprint.HTML(string=html).write_pdf(pdf)
    want = [("Br-82", "6,9 × 10⁵"), ("Cs-137", "1,2 × 10⁻³"), ("I-131", "4,0 × 10¹²"), ("H-3", "105")]
    for reader in ("pdfium", "pdfplumber"):
        table, = pdf_to_tables(pdf, reader=reader).tables
        assert [r.values for r in table.rows] == want, reader
