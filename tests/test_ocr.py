"""Scanned pages: detected without --ocr; read through ocrmypdf/tesseract with it, where those are installed.

OCR is not exact: the test measures cell accuracy against the truth and prints it (the README quotes it);
it asserts only that OCR turns a scan into a readable table of the right size.
"""
from __future__ import annotations

import sys

import pypdfium2 as pdfium
import pytest
from click.testing import CliRunner

import extract.ocr
from lampiran.cli import main
from lampiran.options import ExtractOptions
from lampiran.pipeline import extract_dataset
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "samples"))
from render import render_pdf  # noqa: E402
from scan import realistic_scan  # noqa: E402

FIELDS = ("no", "sasaran", "target_raw", "satuan", "penanggung_jawab")
NEEDS_OCR = pytest.mark.skipif(not extract.ocr.ocr_available(), reason="ocrmypdf/tesseract with Indonesian data not "
                               "installed (apt-get install ocrmypdf tesseract-ocr-ind)")


def paired_rows(got: dict, truth: dict) -> list[tuple[dict, dict]]:
    """(truth row, row read) pairs: the order-keeping alignment of the two lists of rows that pairs the most alike
    (rapidfuzz on No., Sasaran and Target together, pairs under 50 % alike not taken), so a row lost or merged
    costs its own cells only, not every row after it, and a misread number does not unpair its row ({} for a truth
    row not read)."""
    from rapidfuzz import fuzz

    def text(row):
        return f"{row.get('no')} {row.get('sasaran')} {row.get('target_raw')}"

    want, have = [text(r) for r in truth["rows"]], [text(r) for r in got["rows"]]
    best = [[0.0] * (len(have) + 1) for _ in range(len(want) + 1)]  # best[i][j]: of want[i:], have[j:]
    for i in range(len(want) - 1, -1, -1):
        for j in range(len(have) - 1, -1, -1):
            alike = fuzz.ratio(want[i], have[j])
            best[i][j] = max(best[i + 1][j], best[i][j + 1], best[i + 1][j + 1] + alike if alike >= 50 else 0.0)
    pairs, i, j = {}, 0, 0
    while i < len(want) and j < len(have):
        alike = fuzz.ratio(want[i], have[j])
        if alike >= 50 and best[i][j] == best[i + 1][j + 1] + alike:
            pairs[i], i, j = got["rows"][j], i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            i += 1
        else:
            j += 1
    return [(row, pairs.get(i, {})) for i, row in enumerate(truth["rows"])]


def cell_accuracy(got: dict, truth: dict) -> float:
    """Share of (row, field) cells, aksi texts included, read exactly as the truth has them (`paired_rows`)."""
    total = right = 0
    for want, have in paired_rows(got, truth):
        for key in FIELDS:
            total += 1
            right += have.get(key) == want[key]
        for i, pair in enumerate(want["aksi"]):
            mine = have.get("aksi", [])[i] if i < len(have.get("aksi", [])) else {}
            for key in ("kegiatan", "keluaran"):
                total += 1
                right += mine.get(key) == pair[key]
    return right / total


def test_ocr_without_ocrmypdf_says_how_to_install_it(truth, tmp_path, monkeypatch):
    monkeypatch.setattr(extract.ocr.shutil, "which", lambda name: None)
    scan = realistic_scan(render_pdf({**truth, "rows": truth["rows"][:5]}, tmp_path / "text.pdf"), tmp_path / "scan.pdf", 50)
    result = CliRunner().invoke(main, ["extract", str(scan), "--out", str(tmp_path / "out"), "--ocr"])
    assert result.exit_code == 2
    assert "apt-get install ocrmypdf tesseract-ocr-ind" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def broken_font_copy(pdf_path, target):
    """`pdf_path` with every font's Unicode map replaced by one that maps each glyph to punctuation: the page
    shows the text, its text layer says `$ .= ! #`, as a font whose glyphs map to nonsense."""
    import pikepdf

    marks = "!#$%&*+.=?@^~"
    pdf = pikepdf.open(pdf_path)
    cmap = ("/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Broken def\n"
            "1 begincodespacerange <00> <FF> endcodespacerange\n256 beginbfchar\n"
            + "".join(f"<{c:02X}> <{ord(marks[c % len(marks)]):04X}>\n" for c in range(256))
            + "endbfchar endcmap CMapName currentdict /CMap defineresource pop end end")
    for page in pdf.pages:
        for font in page.Resources.Font.values():
            for f in [font, *font.get("/DescendantFonts", [])]:
                f.ToUnicode = pdf.make_stream(cmap.encode())
    pdf.save(target)
    return target


def test_a_font_whose_glyphs_map_to_nonsense_is_told_without_ocr(truth, tmp_path):
    from extract.errors import NoTableError

    broken = broken_font_copy(render_pdf({**truth, "rows": truth["rows"][:12]}, tmp_path / "text.pdf"),
                              tmp_path / "broken.pdf")
    with pytest.raises(NoTableError, match=r"pages print text that cannot be trusted \(pages 1, 2.*run again with --ocr"):
        extract_dataset(broken)
    result = CliRunner().invoke(main, ["extract", str(broken), "--out", str(tmp_path / "out")])
    assert result.exit_code == 4 and len(result.stderr.strip().splitlines()) == 1


def bad_ocr_layer_scan(text_pdf, target, dpi: int = 150):
    """A scan of `text_pdf` at `dpi` carrying an invisible OCR layer that reads letters for digits (O for 0, l for
    1), word by word where the page prints them, as a poor OCR program leaves it."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    from extract.pdfium_pages import open_pdfium, read_pdfium_pages

    document = pdfium.PdfDocument(text_pdf)
    out = canvas.Canvas(str(target))
    with open_pdfium(text_pdf) as pdf:
        for page, drawn in zip(read_pdfium_pages(pdf, text_pdf), document):
            out.setPageSize((page.width, page.height))
            out.drawImage(ImageReader(drawn.render(scale=dpi / 72).to_pil().convert("L")), 0, 0, page.width, page.height)
            text = out.beginText()
            text.setTextRenderMode(3)
            for w in page.words:
                text.setFont("Helvetica", max(1.0, w.bottom - w.top))
                text.setTextOrigin(w.x0, page.height - w.bottom)
                text.textOut(w.text.replace("0", "O").replace("1", "l"))
            out.drawText(text)
            out.showPage()
    out.save()
    return target


def test_a_poor_ocr_layer_is_told_without_ocr(truth, tmp_path):
    from extract.errors import NoTableError

    scan = bad_ocr_layer_scan(render_pdf({**truth, "rows": truth["rows"][:12]}, tmp_path / "text.pdf"), tmp_path / "scan.pdf")
    with pytest.raises(NoTableError, match="its OCR layer reads letters for digits"):
        extract_dataset(scan)


def wrong_numbers(got: dict, truth: dict) -> list[str]:
    """The targets read as a value that is not the printed one (a null value with a warning is no wrong number)."""
    return [f"seq {want['seq']}: {have['target_raw']!r} read as {have['target']['value']}"
            for want, have in paired_rows(got, truth)
            if have and have["target"]["value"] is not None and have["target"]["value"] != want["target"]["value"]]


OCR_CASES = {  # name: (how the PDF is made from the rendered text PDF, the least share of cells read exactly)
    "greyscale 200 dpi, skewed 1°, blurred, noisy, JPEG":
        (lambda text, tmp: realistic_scan(text, tmp / "grey.pdf", 200, skew=1.0, blur=0.6, noise=8), 0.95),
    "greyscale 200 dpi, skewed 1.5°, blurred, noisy, JPEG":
        (lambda text, tmp: realistic_scan(text, tmp / "grey.pdf", 200, skew=1.5, blur=0.6, noise=8), 0.95),
    "clean 300 dpi": (lambda text, tmp: realistic_scan(text, tmp / "clean.pdf", 300), 0.95),
    "bitonal 150 dpi, CCITT G4": (lambda text, tmp: realistic_scan(text, tmp / "bitonal.pdf", 150, bitonal=True), 0.90),
    "fonts whose glyphs map to nonsense": (lambda text, tmp: broken_font_copy(text, tmp / "broken.pdf"), 0.95),
    "a scan with a poor OCR layer": (lambda text, tmp: bad_ocr_layer_scan(text, tmp / "bad.pdf", 200), 0.95),
}


@NEEDS_OCR
@pytest.mark.parametrize("case", sorted(OCR_CASES))
def test_a_scan_or_a_lying_text_layer_reads_with_ocr(case, truth, tmp_path, capsys):
    make, least = OCR_CASES[case]
    part = {**truth, "rows": truth["rows"][:30]}
    got = extract_dataset(make(render_pdf(part, tmp_path / "text.pdf"), tmp_path), ExtractOptions(ocr=True))
    accuracy = cell_accuracy(got, part)
    with capsys.disabled():
        print(f"\nOCR, {case}: {accuracy:.1%} of cells exact ({len(got['rows'])} rows read, {len(part['rows'])} printed)")
    assert len(got["rows"]) == len(part["rows"])
    assert wrong_numbers(got, part) == []
    assert accuracy >= least


@NEEDS_OCR
def test_lampiran_tables_reads_a_scan_with_ocr_and_says_to_use_it_without(truth, tmp_path, capsys):
    import csv

    part = {**truth, "rows": truth["rows"][:30]}
    scan = realistic_scan(render_pdf(part, tmp_path / "text.pdf"), tmp_path / "scan.pdf", 150, bitonal=True)
    without = CliRunner().invoke(main, ["tables", str(scan), "--out", str(tmp_path / "plain")])
    assert without.exit_code == 4 and "run again with --ocr" in without.stderr
    done = CliRunner().invoke(main, ["tables", str(scan), "--out", str(tmp_path / "out"), "--ocr"])
    assert done.exit_code == 0, done.stderr
    cells = {c for f in (tmp_path / "out").glob("*/table-*.csv") for row in csv.reader(f.open(encoding="utf-8"))
             for c in row}
    found = sum(r["sasaran"] in cells for r in part["rows"]) / len(part["rows"])
    with capsys.disabled():
        print(f"\nlampiran tables --ocr, bitonal 150 dpi: {found:.0%} of the Sasaran cells exact")
    assert found >= 0.9


def test_the_lines_found_in_a_page_image_are_the_rules_the_page_draws():
    """The sample's second page rendered, as a scan would be: every rule found in the image lies on a drawn rule,
    and every drawn rule longer than an inch is found (camelot's image processing, `extract.imagerules`)."""
    from extract.imagerules import DPI, image_lines
    from extract.pdfium_pages import open_pdfium, read_pdfium_pages
    from tests.conftest import SAMPLE_PDF

    with open_pdfium(SAMPLE_PDF) as pdf:
        page = next(read_pdfium_pages(pdf, SAMPLE_PDF, first=2, last=2))
    image = pdfium.PdfDocument(SAMPLE_PDF)[1].render(scale=DPI / 72).to_numpy()
    found = image_lines(image, page).rules

    def on(rule, rules, slack=1.5):
        position = (lambda r: r.x0) if rule.orientation == "v" else (lambda r: r.top)
        span = (lambda r: (r.top, r.bottom)) if rule.orientation == "v" else (lambda r: (r.x0, r.x1))
        return any(r.orientation == rule.orientation and abs(position(r) - position(rule)) <= slack
                   and span(r)[0] - slack <= span(rule)[0] and span(rule)[1] <= span(r)[1] + slack for r in rules)

    def length(r):
        return max(r.x1 - r.x0, r.bottom - r.top)

    long = [r for r in page.rules if length(r) > 72]
    assert found and all(on(r, page.rules) for r in found)
    assert all(sum(length(part) for part in found if on(part, [r])) >= 0.9 * length(r) for r in long)


@NEEDS_OCR
def test_a_scan_of_the_official_layout_reads_with_ocr(truth, sample_dataset, tmp_path, capsys):
    """The sample itself, the official layout (shaded header cells, rows cut by page breaks), scanned: its first
    ten pages in grey at 200 dpi, turned 0.8°, blurred, noisy, JPEG."""
    from tests.conftest import SAMPLE_PDF

    first = pdfium.PdfDocument.new()
    first.import_pages(pdfium.PdfDocument(SAMPLE_PDF), list(range(10)))
    first.save(tmp_path / "ten.pdf")
    scan = realistic_scan(tmp_path / "ten.pdf", tmp_path / "scan.pdf", 200, skew=0.8, blur=0.5, noise=6)
    part = {**truth, "rows": [t for t, r in zip(truth["rows"], sample_dataset["rows"]) if max(r["pages"]) <= 10]}
    got = extract_dataset(scan, ExtractOptions(ocr=True))
    found = sum(bool(have) for _, have in paired_rows(got, part))
    accuracy = cell_accuracy(got, part)
    with capsys.disabled():
        print(f"\nOCR, the official layout's first 10 pages scanned (grey 200 dpi, 0.8°, noisy, JPEG): {accuracy:.1%} "
              f"of cells exact, {found} of {len(part['rows'])} rows found")
    assert wrong_numbers(got, part) == []
    assert found == len(part["rows"]) and accuracy >= 0.95


def test_a_matrix_of_check_marks_is_text_and_glyphs_mapped_to_punctuation_are_not():
    """What a page's text layer is, from its words alone (`extract.textlayer`): a matrix of duties prints a check
    mark in most cells and reads as printed; the same page whose font maps every glyph to ASCII punctuation lies."""
    from extract.model import PageContent, Word
    from extract.textlayer import text_layer

    def page(texts):
        words = tuple(Word(t, 10.0 * i, 100.0, 10.0 * i + 8, 110.0) for i, t in enumerate(texts))
        return PageContent(1, 842.0, 595.0, words, ())

    matrix = ["Urusan", "Pusat", "Provinsi", "Kabupaten"] + ["√", "√", "-", "√", "•"] * 10
    assert text_layer(page(matrix)).lies == ""
    broken = ["$", ".=", "!", "#", "&*", "Urusan"] * 8
    assert "map to nonsense" in text_layer(page(broken)).lies
    assert "map to nothing" in text_layer(page(["(cid:3)(cid:7)", "Urusan"] * 20)).lies



@NEEDS_OCR
def test_a_number_ocr_left_out_of_a_narrow_cell_is_read_from_the_image(tmp_path):
    """A scanned table whose OCR words lack the row numbers of its narrow No. column, as tesseract's layout analysis
    drops them beside the rules: each number is read again from the image, where it is printed, and the words OCR
    did give are not read twice (`extract.missedink`)."""
    from dataclasses import replace

    from reportlab.pdfgen import canvas

    from extract.model import Word
    from extract.ocr import ocr_pages
    from extract.pdfium_pages import open_pdfium, read_pdfium_pages

    drawn, rows = tmp_path / "drawn.pdf", [("6.", "Persentase kesesuaian"), ("7.", "Jumlah lembaga"), ("18.", "Indeks")]
    sheet = canvas.Canvas(str(drawn), pagesize=(400, 300))
    sheet.setFont("Times-Roman", 10)
    for i, (number, text) in enumerate(rows):
        top = 40 + 60 * i
        sheet.rect(40, 300 - top - 60, 30, 60)
        sheet.rect(70, 300 - top - 60, 200, 60)
        sheet.drawString(46, 300 - top - 14, number)
        sheet.drawString(76, 300 - top - 14, text)
    sheet.save()
    scan = realistic_scan(drawn, tmp_path / "scan.pdf", 200, noise=4)
    given = [Word(word, 76 + sum(len(w) * 5 + 3 for w in text.split()[:k]), 40 + 60 * i + 5,
                  76 + sum(len(w) * 5 + 3 for w in text.split()[:k]) + len(word) * 5, 40 + 60 * i + 15)
             for i, (_, text) in enumerate(rows) for k, word in enumerate(text.split())]
    with open_pdfium(scan) as pdf:
        page = replace(next(read_pdfium_pages(pdf, scan)), words=tuple(given))
    [read] = list(ocr_pages([page], scan, None))
    found = [w for w in read.words if w not in given]
    assert [w.text for w in found] == [number for number, _ in rows]
    assert all(40 <= w.x0 and w.x1 <= 70 and abs(w.top - (40 + 60 * i + 6)) < 4 for i, w in enumerate(found))
    assert read.unread_ink == ()


def test_ink_is_taken_only_where_both_readings_agree_on_its_letters_and_digits():
    from extract.missedink import agreed_reading
    from extract.model import Word

    def reading(text, confidence):
        return [Word(t, 0, 0, 1, 1) for t in text.split()], confidence

    assert [w.text for w in agreed_reading([reading("7.", 68), reading("7", 96)])] == ["7"]
    assert [w.text for w in agreed_reading([reading("Aksi | Tahun", 60), reading("Aksi Tahun", 90)])] == ["Aksi", "Tahun"]
    assert agreed_reading([reading("16", 71), reading("7.", 68)]) == []
    assert agreed_reading([reading("|", 80), reading("|", 80)]) == []
    assert agreed_reading([reading("", 0), reading("6.", 96)]) == []


def test_the_strokes_ocr_reads_for_a_ruling_line_are_dropped_and_printed_ones_kept():
    """OCR reads a vertical rule beside a word as "|", "|Jumlah" or, lying on the rule, "1"; a "1" printed inside
    its cell (clear of the rule) is text and stays."""
    from extract.model import PageContent, Rule, Word
    from extract.ocr import without_rule_glyphs

    rule = Rule("v", 72.0, 100.0, 72.4, 300.0)
    words = (Word("|", 71.5, 150, 72.6, 160), Word("|Jumlah", 70.0, 170, 100, 180), Word("1", 69.1, 158, 72.5, 167),
             Word("1", 60.0, 200, 63.0, 210), Word("7.", 52.8, 158, 57.4, 167), Word("l", 71.0, 400, 73, 410))
    page = without_rule_glyphs(PageContent(1, 842.0, 595.0, words, (rule,)))
    assert [(w.text, w.x0, w.top) for w in page.words] == [("Jumlah", 70.0, 170), ("1", 60.0, 200), ("7.", 52.8, 158),
                                                          ("l", 71.0, 400)]
