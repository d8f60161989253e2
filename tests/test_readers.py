"""The pdfium page reader (extract/pdfium_pages.py) reads every page as the pdfplumber reader (extract/pages.py) does.

On the sample and on rendered variants of it: the same words (text, space after, box), the same rules, the same
tables from `lampiran.pipeline.read_page`, the same dataset. On small hand-written PDFs: each way a PDF can place
text or rules that pdfium handles differently from pdfminer, and each page pdfium cannot read faithfully (then
read with pdfplumber). Errors carry pdfplumber's messages. `test_reader_timings` prints how long each reader takes.
"""
from __future__ import annotations

import collections
import sys
import time
from pathlib import Path

import pdfplumber
import pytest

import extract.pdfium_pages as pdfium_pages
import lampiran.pipeline as pipeline
from extract.furniture import pages_with_neighbours, without_furniture
from extract.model import Limits
from lampiran.options import READER_NAMES, ExtractOptions
from extract.pages import open_pdf, page_to_content, read_pages
from extract.pdfium_pages import NeedsPdfplumber, open_pdfium, pdfium_page_to_content, read_pdfium_pages
from extract.errors import UnreadableInputError
from tests.conftest import ROOT, SAMPLE_PDF

sys.path.insert(0, str(ROOT / "samples"))
from render import Layout, render_pdf  # noqa: E402

LAYOUTS = {
    "f4-landscape-grid": Layout(),
    "no-rules": Layout(ruling="none"),
    "horizontal-rules-only": Layout(ruling="horizontal"),
    "a4-portrait-6pt": Layout(pagesize="A4", landscape=False, font_size=6),
    "mono-font": Layout(font="mono"),
}
# pdfium truncates fractional glyph widths (reportlab writes 600.0977), so a word's x drifts along a line, up to
# ~0.4 pt on the variants' longest lines; on the sample (integer widths) both agree within 0.001 pt.
X_TOLERANCE = 0.5
# Otherwise pdfium's 32-bit floats and pdfminer's 64-bit ones differ by less than this (points).
TOLERANCE = 0.01


# ---------------------------------------------------------------- comparing pages

def assert_same_page(want, got) -> None:
    """`got` (pdfium) is `want` (pdfplumber): size and images exactly, words' texts and space flags exactly, boxes and
    rules within the tolerances."""
    assert (got.number, got.width, got.height, got.images) == (want.number, want.width, want.height, want.images)
    assert [w.text for w in got.words] == [w.text for w in want.words], f"page {want.number}"
    assert [w.space_after for w in got.words] == [w.space_after for w in want.words], f"page {want.number}"
    for g, w in zip(got.words, want.words):
        assert abs(g.x0 - w.x0) <= X_TOLERANCE and abs(g.x1 - w.x1) <= X_TOLERANCE, (want.number, w, g)
        assert abs(g.top - w.top) <= TOLERANCE and abs(g.bottom - w.bottom) <= TOLERANCE, (want.number, w, g)
    missing, extra = unmatched_rules(want.rules, got.rules)
    assert not missing and not extra, f"page {want.number}: only pdfplumber {missing[:3]}, only pdfium {extra[:3]}"


def unmatched_rules(want, got) -> tuple[list, list]:
    """The rules of each list with no rule of the same orientation within TOLERANCE in the other (as multisets)."""
    pool = collections.defaultdict(list)
    for rule in got:
        pool[rule.orientation, round(rule.top)].append(rule)
    missing = []
    for rule in want:
        candidates = [r for k in (-1, 0, 1) for r in pool[rule.orientation, round(rule.top) + k]]
        match = next((r for r in candidates if max(abs(r.x0 - rule.x0), abs(r.x1 - rule.x1), abs(r.top - rule.top),
                                                   abs(r.bottom - rule.bottom)) <= TOLERANCE), None)
        if match is None:
            missing.append(rule)
        else:
            pool[match.orientation, round(match.top)].remove(match)
    return missing, [r for rules in pool.values() for r in rules]


def table_cells(read) -> tuple | None:
    """What `read_page` made of a page: its column mapping, warnings and every band's cells (text, columns)."""
    if read.table is None:
        return None
    return (read.mapping, [w.as_dict() for w in read.warnings], [c.label for c in read.table.columns],
            [[(c.text, c.col_start, c.col_end) for c in band.cells] for band in read.table.bands])


# ---------------------------------------------------------------- the sample and its rendered variants

@pytest.fixture(scope="module")
def documents(truth, tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("readers")
    return {"sample": SAMPLE_PDF, **{name: render_pdf(truth, folder / f"{name}.pdf", layout)
                                     for name, layout in LAYOUTS.items()}}


@pytest.fixture(scope="module")
def read_both(documents):
    """name -> (pdfplumber's pages, pdfium's pages), each document read once. pdfium's pages come straight from
    `pdfium_page_to_content`, so a page that would need pdfplumber fails the test instead of hiding behind it."""
    cache = {}

    def read(name: str):
        if name not in cache:
            path = documents[name]
            with open_pdf(path) as pdf:
                plumber = list(read_pages(pdf, path))
            with open_pdfium(path) as pdf:
                cache[name] = plumber, [pdfium_page_to_content(pdf, n) for n in range(1, pdf.pages + 1)]
        return cache[name]
    return read


DOCUMENTS = ["sample", *LAYOUTS]


@pytest.mark.parametrize("name", DOCUMENTS)
def test_pdfium_reads_every_page_as_pdfplumber_does(name, read_both):
    plumber, pdfium_pages = read_both(name)
    assert len(pdfium_pages) == len(plumber)
    for want, got in zip(plumber, pdfium_pages):
        assert_same_page(want, got)


@pytest.mark.parametrize("name", DOCUMENTS)
def test_pdfium_pages_read_to_the_same_tables(name, read_both):
    plumber, pdfium_pages = read_both(name)
    def read(pages):  # as `read_page_range` reads them: each page without its furniture
        return [table_cells(pipeline.read_page(without_furniture(page, neighbours))) for page, neighbours in pages_with_neighbours(pages)]

    tables = read(plumber)
    assert read(pdfium_pages) == tables
    assert sum(t is not None for t in tables) >= 9  # the table pages were read, not skipped alike


@pytest.mark.parametrize("name", DOCUMENTS)
def test_pdfium_pages_give_the_same_dataset(name, read_both, documents, monkeypatch):
    def dataset(pages):
        """The pipeline's dataset with `pages` as what the page reader yields."""
        served = []

        def cached(pdf, path, limits, first, last):
            served.append((first, last))
            return iter(pages[first - 1:last])

        # read_page_range picks the reader by ExtractOptions.reader
        monkeypatch.setattr(pipeline, "READERS", {reader: (open_pdf, cached) for reader in pipeline.READERS})
        got = pipeline.extract_dataset(documents[name])
        assert served, "the pipeline did not read its pages through the patched reader"
        return got

    plumber, pdfium_pages = read_both(name)
    want = dataset(plumber)
    assert dataset(pdfium_pages) == want
    assert len(want["rows"]) == 112


def test_extract_gives_the_same_dataset_with_either_reader():
    plumber, pdfium_dataset = (pipeline.extract_dataset(SAMPLE_PDF, ExtractOptions(reader=reader))
                               for reader in READER_NAMES[::-1])
    assert pdfium_dataset == plumber


def test_every_reader_name_has_a_reader():
    assert tuple(pipeline.READERS) == READER_NAMES


def test_reader_timings(capsys):
    """Not a test of speed (timings depend on the machine): prints what each reader costs on the sample."""
    def timed(read) -> tuple[float, float]:
        wall, cpu = time.perf_counter(), time.process_time()
        read()
        return time.perf_counter() - wall, time.process_time() - cpu

    def tables():
        with pdfplumber.open(SAMPLE_PDF) as pdf:
            for page in pdf.pages:
                page.extract_tables()
                page.close()

    def read(opener, reader):
        with opener(SAMPLE_PDF) as pdf:
            return list(reader(pdf, SAMPLE_PDF))

    figures = {"pdfplumber extract_tables": timed(tables),
               "pdfplumber reader (extract.pages)": timed(lambda: read(open_pdf, read_pages)),
               "pdfium reader (extract.pdfium_pages)": timed(lambda: read(open_pdfium, read_pdfium_pages))}
    with capsys.disabled():
        print(f"\n{SAMPLE_PDF.name}, 27 pages:")
        for label, (wall, cpu) in figures.items():
            print(f"  {label:38} {wall:6.2f} s wall {cpu:6.2f} s cpu")
    assert all(wall > 0 for wall, _ in figures.values())


# ---------------------------------------------------------------- hand-written PDFs, one case each

def write_pdf(path: Path, content: str, mediabox: str = "0 0 400 300", rotate: int = 0, form: str = "",
              form_matrix: str = "1 0 0 1 0 0", pages: int = 1) -> Path:
    """A PDF whose page draws `content` (a content stream), with Helvetica as /F1 and `form` as Form XObject /X1
    (`pages=0`: no page at all)."""
    def stream(data: str, header: str = "") -> str:
        return f"<< {header} /Length {len(data.encode('latin-1'))} >>\nstream\n{data}\nendstream"

    resources = "<< /Font << /F1 5 0 R >> /XObject << /X1 6 0 R >> >>"
    objects = ["<< /Type /Catalog /Pages 2 0 R >>",
               f"<< /Type /Pages /Kids [{'3 0 R' if pages else ''}] /Count {pages} >>",
               f"<< /Type /{'Page' if pages else 'Template'} /Parent 2 0 R /MediaBox [{mediabox}] /Rotate {rotate} "
               f"/Resources {resources} "
               "/Contents 4 0 R >>", stream(content),
               "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
               stream(form, f"/Type /XObject /Subtype /Form /BBox [0 0 400 300] /Matrix [{form_matrix}] "
                            "/Resources << /Font << /F1 5 0 R >> >>")]
    body, offsets = b"%PDF-1.4\n", []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(body))
        body += f"{number} 0 obj\n{obj}\nendobj\n".encode("latin-1")
    xref = len(body)
    body += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    body += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    body += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    path.write_bytes(body)
    return path


def both_readers(path: Path):
    """(pdfplumber's page 1, pdfium's page 1 straight from pdfium_page_to_content)."""
    with pdfplumber.open(path) as pdf:
        want = page_to_content(pdf.pages[0])
    with open_pdfium(path) as pdf:
        return want, pdfium_page_to_content(pdf, 1)


TEXT = "BT /F1 10 Tf 40 250 Td (No. Sasaran Target) Tj 0 -14 Td (1. Provinsi yang membentuk) Tj ET"
GRID = "0.5 w 30 200 m 370 200 l S 30 180 m 370 180 l S 30 160 m 370 160 l S 100 150 m 100 260 l S"

CASES = {
    "text-and-rules": (TEXT + "\n" + GRID, {}),
    "text-and-rules-in-a-form-xobject-drawn-scaled-and-moved": (
        "q 0.8 0 0 0.7 20 30 cm /X1 Do Q", {"form": TEXT + "\n" + GRID, "form_matrix": "1 0 0 1 5 -8"}),
    "text-under-a-scaled-matrix": ("q 2 0 0 2 0 0 cm BT /F1 5 Tf 20 100 Td (Scaled words here) Tj ET Q", {}),
    "a-mediabox-that-does-not-start-at-the-origin": (TEXT + "\n" + GRID, {"mediabox": "12 -20 412 290"}),
    **{f"a-page-turned-{turn}-degrees": (TEXT + "\n" + GRID + " 200 100 m 300 140 l S", {"rotate": turn})
       for turn in (90, 180, 270)},
    "rectangles-curves-diagonals-and-thin-fills": (
        "30 30 100 50 re 150 30 100 50 re S 30 100 m 80 150 120 150 170 100 c S 200 100 m 300 140 l S "
        "200 150 m 260 150 l 230 190 l h S 40 220 300 0.6 re f 20 280 m 20 282 l S 300 250 m 350 250 l h S", {}),
    "spaces-written-as-their-own-text-objects": (
        "BT /F1 10 Tf 40 250 Td (Pajak) Tj ( ) Tj (yang) Tj (   ) Tj (dipungut) Tj ET", {}),
    "a-printed-space-after-a-kerning-gap": ("BT /F1 10 Tf 40 250 Td [(Pajak) -300 ( yang) -50 (Negara)] TJ ET", {}),
    "a-line-end-hyphen-with-and-without-a-space-after-it": (
        "BT /F1 10 Tf 40 250 Td (edukasi aspek- ) Tj 0 -12 Td (aspek kebijakan UNDANG-) Tj "
        "0 -12 Td (UNDANG Nomor 8) Tj ET", {}),
}


# Header labels centred in cells of one, two and three lines' height: their lines stand 3 pt apart, one after the
# other, and the third's "2024" sits under the first's "Target Tahun".
STAGGERED = ("BT /F1 6 Tf 40 250 Td (Target Tahun) Tj ET BT /F1 6 Tf 120 247 Td (Satuan) Tj ET "
             "BT /F1 6 Tf 50 244 Td (2024) Tj ET")
CASES["header-labels-3-pt-apart"] = (STAGGERED, {})


def test_lines_standing_3_pt_apart_one_after_another_are_not_run_together(tmp_path):
    want, got = both_readers(write_pdf(tmp_path / "staggered.pdf", STAGGERED))
    assert [w.text for w in want.words] == [w.text for w in got.words] == ["Target", "Tahun", "Satuan", "2024"]


@pytest.mark.parametrize("case", sorted(CASES))
def test_hand_written_pdf_reads_alike(case, tmp_path):
    content, options = CASES[case]
    want, got = both_readers(write_pdf(tmp_path / f"{case}.pdf", content, **options))
    assert want.words or want.rules  # the case draws something
    assert_same_page(want, got)


def test_the_space_after_a_line_end_hyphen_is_told_from_none(tmp_path):
    content, _ = CASES["a-line-end-hyphen-with-and-without-a-space-after-it"]
    _, got = both_readers(write_pdf(tmp_path / "hyphens.pdf", content))
    flags = {w.text: w.space_after for w in got.words if w.text.endswith("-")}
    assert flags == {"aspek-": True, "UNDANG-": False}


NEEDS_PDFPLUMBER = {
    "a-turned-page-whose-mediabox-does-not-start-at-0-0": (
        TEXT + "\n" + GRID, {"rotate": 90, "mediabox": "12 -20 412 290"}, "MediaBox does not start"),
    "vertical-text": ("BT /F1 10 Tf 0 1 -1 0 200 40 Tm (Sideways label) Tj ET " + TEXT, {}, "not upright"),
    "actual-text": ("/Span << /ActualText (Sasaran) >> BDC BT /F1 10 Tf 40 250 Td (S a s a r a n) Tj ET EMC", {},
                    "ActualText"),
    "a-repeated-fake-bold-copy": (
        "BT /F1 10 Tf 40 250 Td (Judul Tebal) Tj ET BT /F1 10 Tf 40.3 250 Td (Judul Tebal) Tj ET", {},
        "left a text object out"),
}


@pytest.mark.parametrize("case", sorted(NEEDS_PDFPLUMBER))
def test_a_page_pdfium_cannot_read_faithfully_is_read_by_pdfplumber(case, tmp_path):
    content, options, reason = NEEDS_PDFPLUMBER[case]
    path = write_pdf(tmp_path / f"{case}.pdf", content, **options)
    with open_pdfium(path) as pdf:
        with pytest.raises(NeedsPdfplumber, match=reason):
            pdfium_page_to_content(pdf, 1)
        got = list(read_pdfium_pages(pdf, path))
    with open_pdf(path) as pdf:
        assert got == list(read_pages(pdf, path))


# ---------------------------------------------------------------- errors

def _error(opener, path: Path, password: str | None = None, limits: Limits = Limits()) -> str:
    with pytest.raises(UnreadableInputError) as info:
        with opener(path, password, limits):
            pass
    return str(info.value)


def _encrypted(path: Path) -> Path:
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), encrypt=StandardEncryption("rahasia"))
    c.drawString(100, 700, "Lampiran")
    c.save()
    return path


def test_a_file_pdfium_cannot_open_fails_with_pdfplumbers_message(tmp_path):
    (tmp_path / "folder.pdf").mkdir()
    (tmp_path / "empty.pdf").write_bytes(b"")
    (tmp_path / "table.pdf").write_bytes(b"No.;Sasaran\n1;Provinsi\n")
    (tmp_path / "truncated.pdf").write_bytes(SAMPLE_PDF.read_bytes()[:30000])
    write_pdf(tmp_path / "zero.pdf", "", pages=0)
    encrypted = _encrypted(tmp_path / "encrypted.pdf")
    cases = [(tmp_path / n, None) for n in ("missing.pdf", "folder.pdf", "empty.pdf", "table.pdf", "zero.pdf")] + \
        [(encrypted, None), (encrypted, "salah")]
    for path, password in cases:
        assert _error(open_pdfium, path, password) == _error(open_pdf, path, password)
    with open_pdfium(tmp_path / "truncated.pdf") as cut, open_pdf(tmp_path / "truncated.pdf") as plumber:
        assert cut.pages == len(plumber.pages) > 1  # both rebuild it (extract.repair)
    few = Limits(max_pages=10)
    assert _error(open_pdfium, SAMPLE_PDF, limits=few) == _error(open_pdf, SAMPLE_PDF, limits=few)
    with open_pdfium(encrypted, "rahasia") as pdf:
        assert [w.text for w in next(read_pdfium_pages(pdf, encrypted)).words] == ["Lampiran"]


def test_a_page_over_the_time_limit_is_named_as_pdfplumber_names_it_and_a_page_that_fails_is_damaged(monkeypatch):
    limits = Limits(page_seconds=0.000001)

    def first_error(opener, reader) -> str:
        with pytest.raises(UnreadableInputError) as info, opener(SAMPLE_PDF, None, limits) as pdf:
            list(reader(pdf, SAMPLE_PDF, limits))
        return str(info.value)

    assert first_error(open_pdfium, read_pdfium_pages) == first_error(open_pdf, read_pages)
    real = pdfium_pages.pdfium_page_to_content
    monkeypatch.setattr("extract.pdfium_pages.pdfium_page_to_content",
                        lambda pdf, number: 1 / 0 if number == 2 else real(pdf, number))
    with open_pdfium(SAMPLE_PDF) as pdf:  # the page that fails is an empty page that says why; the rest are read
        pages = list(read_pdfium_pages(pdf, SAMPLE_PDF, first=1, last=3))
    assert [p.damage for p in pages] == [(), ("it cannot be read (ZeroDivisionError)",), ()]
    assert not pages[1].words and pages[0].words and pages[2].words
