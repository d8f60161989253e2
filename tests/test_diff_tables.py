"""`lampiran diff` on tables that are no RANPK Lampiran: two versions of a table drawn by the tests with documented
edits, in different layouts and by different programs, and a published regulation against itself and against
an edited copy of its table; the diff must report exactly the edits."""
from __future__ import annotations

import json
import re
import subprocess
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from lampiran.cli import main
from tests.conftest import ROOT, SHARED_REAL

CONTRACT = ROOT / "schemas" / "diff.schema.json"
TABLES_SCHEMA = ROOT / "schemas" / "diff-tables.schema.json"
COLUMNS = ["No", "Nuklida", "Nilai Batas (Bq/kg)", "Keterangan"]


def _limits() -> list[tuple]:
    """Version 1 of a table of radionuclide limits: two sections, each a title row and numbered rows."""
    alam = [("Ra-226", "1,5 × 10", "bahan baku"), ("Ra-228", "3,0 × 10", "bahan baku"), ("Th-228", "4,5 × 10", "bahan baku"),
            ("K-40", "6,0 × 10", "bahan baku"), ("U-238", "7,5 × 10", "bahan baku"), ("Pb-210", "9,0 × 10", "bahan baku"),
            ("Po-210", "10,5 × 10", "bahan baku"), ("Th-232", "12,0 × 10", "bahan baku")]
    buatan = [("Cs-137", "100", "produk pangan"), ("Cs-134", "200", "produk pangan"), ("Sr-90", "300", "produk pangan"),
              ("I-131", "400", "produk pangan"), ("Am-241", "500", "produk pangan")]
    return [("A. Radionuklida alam",)] + alam + [("B. Radionuklida buatan",)] + buatan


def _edited(rows: list[tuple]) -> list[tuple]:
    """Version 2, with the edits `EDITS` lists."""
    rows = [r for r in rows if r[:1] != ("Pb-210",)]                                   # removed
    rows = [("Ra-226", "2,5 × 10", r[2]) if r[:1] == ("Ra-226",) else r for r in rows]  # a value changed
    rows = [("K-40", r[1], "bahan baku olahan") if r[:1] == ("K-40",) else r for r in rows]  # a text changed
    at = rows.index(("U-238", "7,5 × 10", "bahan baku"))
    rows.insert(at, ("Rn-222", "2,0 × 10", "bahan baku"))                               # added
    i, j = rows.index(("Cs-134", "200", "produk pangan")), rows.index(("Sr-90", "300", "produk pangan"))
    rows[i], rows[j] = rows[j], rows[i]                                                 # reordered
    am = rows.pop(rows.index(("Am-241", "500", "produk pangan")))
    rows.insert(rows.index(("B. Radionuklida buatan",)), am)                            # moved to section A
    return rows


def _numbered(rows: list[tuple]) -> list[tuple]:
    """The rows as printed: each section's rows numbered 1., 2., … in order, a title row alone."""
    out, n = [], 0
    for r in rows:
        n = 0 if len(r) == 1 else n + 1
        out.append(r if len(r) == 1 else (f"{n}.",) + r)
    return out


def _html(rows: list[tuple], columns: list[str], style: str, font: str = "9pt serif", width: str = "100%") -> str:
    head = "<tr>" + "".join(f"<th>{c}</th>" for c in columns) + "</tr>"
    body = "".join("<tr>" + (f'<td colspan="{len(columns)}">{r[0]}</td>' if len(r) == 1 else
                             "".join(f"<td>{c}</td>" for c in r)) + "</tr>" for r in rows)
    return (f"<html><head><style>@page {{ size: A4; margin: 20mm }} body {{ font: {font} }} "
            f"table {{ border-collapse: collapse; width: {width} }} tr {{ break-inside: avoid }} "
            f"td, th {{ padding: 2pt 5pt; vertical-align: top; {style} }}"
            f"</style></head><body><table><thead>{head}</thead><tbody>{body}</tbody></table></body></html>")


def _fuzzed_html(rows: list[tuple], columns: list[str], seed: int) -> tuple[str, str]:
    """The table in the layout fuzzer's layout `seed` (samples/fuzz: paper, margins, type, padding, rules, page
    numbers, as its HTML producers print them), and the producer that layout draws with."""
    import sys

    sys.path.insert(0, str(ROOT / "samples"))
    from fuzz.html_pdf import style_css
    from fuzz.spec import random_layout

    layout = random_layout(seed)
    head = "<tr>" + "".join(f"<th>{c}</th>" for c in columns) + "</tr>"
    body = "".join("<tr>" + (f'<td colspan="{len(columns)}">{r[0]}</td>' if len(r) == 1 else
                             "".join(f"<td>{c}</td>" for c in r)) + "</tr>" for r in rows)
    return (f'<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><style>{style_css(layout)}</style></head>'
            f'<body><section class="lampiran-pages"><table class="lampiran"><thead>{head}</thead><tbody>{body}</tbody>'
            "</table></section></body></html>"), layout.producer


def _draw(html: str, producer: str, pdf: Path) -> Path:
    return (_chromium if producer == "chromium" else _weasyprint)(html, pdf)


def _weasyprint(html: str, pdf: Path) -> Path:
    weasyprint = pytest.importorskip("weasyprint", reason="WeasyPrint draws this case: pip install weasyprint")
    weasyprint.HTML(string=html).write_pdf(pdf)
    return pdf


def _chromium(html: str, pdf: Path) -> Path:
    import sys

    sys.path.insert(0, str(ROOT / "samples"))
    from fuzz.html_pdf import CHROMIUM_FLAGS, chromium_binary

    try:
        binary = chromium_binary()
    except FileNotFoundError as e:
        pytest.skip(f"Chromium draws this case: {e}")
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "table.html"
        page.write_text(html, encoding="utf-8")
        subprocess.run([binary, *CHROMIUM_FLAGS, f"--user-data-dir={Path(tmp) / 'profile'}", f"--print-to-pdf={pdf}",
                        page.as_uri()], capture_output=True, timeout=120, stdin=subprocess.DEVNULL)
    assert pdf.is_file() and pdf.stat().st_size
    return pdf


def _diff(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["diff", *args])
    return result.exit_code, result.output


def _report(diff: dict) -> set[tuple]:
    """The diff as (kind, the row's key, the fields changed) per change: what a reader is told."""
    return {(c["kind"], c["label"], tuple(sorted(c["fields"]))) for c in diff["changes"]}


@pytest.mark.parametrize("old_seed, new_seed", [(42, 56), (10, 46)])
def test_a_table_drawn_twice_with_documented_edits_gives_exactly_those_edits(old_seed, new_seed, tmp_path):
    """Version 1 and version 2 (edited, its last column renamed) drawn in two of the layout fuzzer's layouts by
    their producers (seed 42: Chromium, Legal landscape, serif 9 pt, a box per cell; 56: WeasyPrint, A4, sans 7.5 pt,
    boxes; 10: WeasyPrint, Legal, sans 8 pt, a double frame; 46: Chromium, F4 portrait, sans 6 pt, boxes). The row
    numbers shift with the rows added and removed; that is no change."""
    old = _draw(*_fuzzed_html(_numbered(_limits()), COLUMNS, old_seed), tmp_path / "v1.pdf")
    renamed = COLUMNS[:3] + ["Catatan"]
    new = _draw(*_fuzzed_html(_numbered(_edited(_limits())), renamed, new_seed), tmp_path / "v2.pdf")
    code, out = _diff(str(old), str(new), "--format", "json")
    assert code == 1, out
    diff = json.loads(out)
    swapped = {("changed", name, ("(order)",)) for name in ("Cs-134", "Sr-90")}  # either of the two swapped is out of order
    report = _report(diff)
    assert len(report & swapped) == 1 and report - swapped == {
        ("removed", "Pb-210", ()),
        ("added", "Rn-222", ()),
        ("changed", "Ra-226", ("Nilai Batas (Bq/kg)",)),
        ("changed", "K-40", ("Catatan",)),
        ("moved", "Am-241", ("(order)",)),
    }
    ra = next(c for c in diff["changes"] if c["label"] == "Ra-226")
    assert ra["fields"]["Nilai Batas (Bq/kg)"] == ["1,5 × 10", "2,5 × 10"]
    assert ra["numbers"]["Nilai Batas (Bq/kg)"] == [{"old": 1.5, "new": 2.5, "ratio": 1.6667}]
    moved = next(c for c in diff["changes"] if c["label"] == "Am-241")
    assert (moved["old_section"], moved["new_section"]) == ("B. Radionuklida buatan", "A. Radionuklida alam")
    table, = diff["tables"]
    assert table["renamed"] == [["Keterangan", "Catatan"]] and table["key"] == "Nuklida" and table["numbering"] == ["No"]
    assert diff["summary"] == {"added": 1, "removed": 1, "changed": 3, "moved": 1, "unchanged": 10, "uncertain": 0}


def test_each_format_says_the_same_and_the_json_keeps_to_the_contract(tmp_path):
    jsonschema = pytest.importorskip("jsonschema", reason="the schema check needs jsonschema: pip install jsonschema")
    old = _weasyprint(_html(_numbered(_limits()), COLUMNS, "border: 0.5pt solid black"), tmp_path / "v1.pdf")
    new = _weasyprint(_html(_numbered(_edited(_limits())), COLUMNS[:3] + ["Catatan"], "border: 0.5pt solid", "8pt sans-serif"),
                      tmp_path / "v2.pdf")
    code, _ = _diff(str(old), str(new), "--out", str(tmp_path / "report"))
    assert code == 1
    diff = json.loads((tmp_path / "report" / "diff.json").read_text(encoding="utf-8"))
    for schema in (CONTRACT, TABLES_SCHEMA):
        jsonschema.validate(diff, json.loads(schema.read_text(encoding="utf-8")))
    text = _diff(str(old), str(new))[1]
    markdown = (tmp_path / "report" / "diff.md").read_text(encoding="utf-8")
    page = (tmp_path / "report" / "diff.html").read_text(encoding="utf-8")
    for said in (text, markdown, page):
        assert "Rn-222" in said and "Pb-210" in said and "Catatan" in said
    assert "Nilai Batas (Bq/kg): 1,5 × 10 -> 2,5 × 10\n      (1.5 → 2.5 (× 1.6667))" in text
    assert "table 1 -> 1: column 'Keterangan' is now 'Catatan'" in text
    assert "<del>1,5</del>" in page and "<ins>2,5</ins>" in page
    assert "~~1,5~~" in markdown and "**2,5**" in markdown


def test_key_and_table_options_override_what_is_found(tmp_path):
    old = _weasyprint(_html(_numbered(_limits()), COLUMNS, "border: 0.5pt solid black"), tmp_path / "v1.pdf")
    code, out = _diff(str(old), str(old), "--key", "Keterangan", "--table", "1:1")
    assert code == 0 and "No differences." in out, out
    code, out = _diff(str(old), str(old), "--key", "Tarif")
    assert code == 2 and out.count("\n") == 1 and "--key 'Tarif': no such column" in out
    code, out = _diff(str(old), str(old), "--table", "1:3")
    assert code == 2 and "the old version has 1 tables, the new 1" in out
    code, out = _diff(str(old), str(old), "--table", "one")
    assert code == 2 and "N:M" in out


@pytest.fixture(scope="module")
def pp56() -> Path:
    pdf = SHARED_REAL / "pp56_2014_pnbp.pdf"
    if not pdf.is_file():
        pytest.skip(f"{pdf} is not here: the published regulations are read in place from ../shared/real/")
    return pdf


def test_a_published_tariff_schedule_against_itself_has_no_differences(pp56):
    code, out = _diff(str(pp56), str(pp56))
    assert code == 0 and "752 unchanged" in out and "No differences." in out, out


def test_a_published_tariff_schedule_against_an_edited_copy_of_it_gives_exactly_the_edits(pp56, tmp_path):
    """pp56's 752 tariff lines, drawn again by WeasyPrint with three tariffs raised, one line removed, one added
    and its tariff column renamed: the diff says exactly that, every other line unchanged. (The copy keeps each
    row on one page, `break-inside: avoid`: rows a page break cuts are the reader's tests, this one is the diff's.)"""
    from tables.document import pdf_to_tables

    from normalize.numerals import format_number, parse_number

    table, = pdf_to_tables(pp56).tables
    rows = [list(r.values) for r in table.rows]
    priced = [i for i, r in enumerate(rows) if re.fullmatch(r"Rp [\d.]+,00", r[3])]
    raised = priced[5:300:100]  # three tariffs doubled
    for i in raised:
        rows[i][3] = f"Rp {format_number(2 * parse_number(rows[i][3][3:-3]))},00"
    removed = rows.pop(priced[400])
    rows.insert(10, ["", "9) Penerbitan sertifikat uji coba kelompok baru", "Per sertifikat", "Rp 125.000,00"])
    columns = list(table.columns[:3]) + ["TARIF"]
    copy = _weasyprint(_html([tuple(r) for r in rows], columns, "border: 0.5pt solid black"), tmp_path / "copy.pdf")
    code, out = _diff(str(pp56), str(copy), "--format", "json")
    diff = json.loads(out)
    assert code == 1
    kinds = sorted((c["kind"], tuple(sorted(c["fields"]))) for c in diff["changes"])
    assert kinds == sorted([("changed", ("TARIF",))] * 3 + [("added", ()), ("removed", ())]), kinds
    assert [c["row"]["JENIS PNBP"] for c in diff["changes"] if c["kind"] == "removed"] == [removed[1]]
    assert diff["tables"][0]["renamed"] == [["TARIF (RUPIAH)", "TARIF"]]
    assert diff["summary"]["unchanged"] == 752 - 4


def test_a_tariff_schedule_against_its_longer_successor_gives_exactly_the_amendment(tmp_path):
    """samples/make_schedule.py: a 51-page schedule and its 59-page successor (every tenth tariff raised, every
    fifteenth line removed, a new section after every third); the diff counts exactly those. Its time is in
    `make bench`."""
    import sys

    pytest.importorskip("weasyprint", reason="WeasyPrint draws this case: pip install weasyprint")
    sys.path.insert(0, str(ROOT / "samples"))
    from make_schedule import LINES, new_rows, old_rows, schedules

    old, new = schedules(tmp_path)
    lines = sum(1 for r in old_rows() if r[1])  # tariff lines, title rows aside
    removed = sum(1 for n in range(1, lines + 1) if n % 15 == 0)
    raised = sum(1 for n in range(1, lines + 1) if n % 10 == 0 and n % 15)
    added = len(new_rows(old_rows())) - len(old_rows()) + removed
    code, out = _diff(str(old), str(new), "--format", "json")
    diff = json.loads(out)
    assert code == 1 and added % (LINES + 1) == 0
    assert diff["summary"] == {"added": added, "removed": removed, "changed": raised, "moved": 0,
                               "unchanged": len(old_rows()) - removed - raised, "uncertain": 0}
    assert all(set(c["fields"]) == {"Tarif"} and c["numbers"]["Tarif"][0]["ratio"] == 1.5
               for c in diff["changes"] if c["kind"] == "changed")


def test_a_table_split_in_two_and_a_table_renamed_and_moved_still_pair(tmp_path):
    """Version 2 prints the tariff table first, its columns renamed, and the limits in two tables, one per
    section, a paragraph between: each pairs with its version 1, and no row is reported changed."""
    limits = _numbered(_limits())
    split = limits.index(("B. Radionuklida buatan",))
    tariffs = [(f"Uji {n}", f"Rp {n * 25}.000,00") for n in range(1, 9)]

    def page(*tables) -> str:  # the tables one after another, a paragraph between
        pages = [_html(rows, columns, "border: 0.5pt solid black").split("<body>") for rows, columns in tables]
        return pages[0][0] + "<body>" + "<p>Tabel berikut.</p>".join(p[1].split("</body>")[0] for p in pages) + "</body></html>"

    old = _weasyprint(page((limits, COLUMNS), (tariffs, ["Jenis", "Tarif"])), tmp_path / "v1.pdf")
    new = _weasyprint(page((tariffs, ["Jenis Layanan", "Tarif (Rp)"]), (limits[:split], COLUMNS), (limits[split:], COLUMNS)),
                      tmp_path / "v2.pdf")
    code, out = _diff(str(old), str(new), "--format", "json")
    diff = json.loads(out)
    assert code == 1 and diff["changes"] == [], out
    assert sorted((t["old"], t["new"]) for t in diff["tables"]) == [([1], [2, 3]), ([2], [1])]
    renamed = next(t for t in diff["tables"] if t["new"] == [1])["renamed"]
    assert renamed == [["Jenis", "Jenis Layanan"], ["Tarif", "Tarif (Rp)"]]


def test_where_a_version_was_read_with_ocr_its_misread_letters_are_uncertain_not_changes(tmp_path):
    """Two `lampiran tables` folders, the new one read with --ocr: "Kementcrian" for "Kementerian" is uncertain
    (its numbers the same, a letter apart), a changed tariff is a change, and a wrong digit is never noise."""
    def folder(name: str, rows: list[list[str]], ocr: bool) -> Path:
        out = tmp_path / name
        out.mkdir()
        table = {"columns": ["Jenis", "Instansi", "Tarif"],
                 "rows": [{"row": i, "section": "", "pages": [1], "values": r} for i, r in enumerate(rows, 1)]}
        (out / "table-1.json").write_text(json.dumps(table), encoding="utf-8")
        index = {"source": {"file": f"{name}.pdf", "pages": 1, "ocr": ocr}, "tables": [{"json": "table-1.json"}]}
        (out / "tables.json").write_text(json.dumps(index), encoding="utf-8")
        return out

    rows = [["Izin usaha", "Kementerian Perdagangan", "Rp 450.000,00"],
            ["Sertifikat mutu", "Kementerian Perindustrian", "Rp 300.000,00"],
            ["Uji laboratorium", "Badan Standardisasi", "Rp 125.000,00"]]
    read = [["Izin usaha", "Kementcrian Perdagangan", "Rp 450.000,00"],   # OCR noise
            ["Sertifikat mutu", "Kementerian Perindustrian", "Rp 350.000,00"],  # a change
            ["Uji laboratorium", "Badan Standardisasi", "Rp 126.000,00"]]   # a digit: a change, however alike
    code, out = _diff(str(folder("v1", rows, False)), str(folder("v2", read, True)), "--format", "json")
    diff = json.loads(out)
    assert code == 1
    assert [(c["label"], sorted(c["fields"])) for c in diff["changes"]] == [("Sertifikat mutu", ["Tarif"]),
                                                                          ("Uji laboratorium", ["Tarif"])]
    assert [(c["label"], c["uncertain"]) for c in diff["uncertain"]] == [
        ("Izin usaha", {"Instansi": ["Kementerian Perdagangan", "Kementcrian Perdagangan"]})]
    assert diff["summary"]["uncertain"] == 1 and diff["summary"]["unchanged"] == 0
    text = _diff(str(tmp_path / "v1"), str(tmp_path / "v2"))[1]
    assert "? uncertain" in text and "uncertain: OCR may have misread it" in text


def test_a_pdf_against_a_tables_folder_and_a_dataset_against_one(tmp_path):
    """One side a PDF, the other the folder `lampiran tables` wrote for the edited version: the same diff as two
    PDFs. A RANPK dataset.json against a tables folder is refused in one line (exit 2): it has no tables."""
    old = _weasyprint(_html(_numbered(_limits()), COLUMNS, "border: 0.5pt solid black"), tmp_path / "v1.pdf")
    new = _weasyprint(_html(_numbered(_edited(_limits())), COLUMNS, "border: 0.5pt solid black"), tmp_path / "v2.pdf")
    assert CliRunner().invoke(main, ["tables", str(new), "--out", str(tmp_path / "out")]).exit_code == 0
    as_pdfs, as_mixed = (json.loads(_diff(str(old), str(side), "--format", "json")[1]) for side in (new, tmp_path / "out" / "v2"))
    assert _report(as_mixed) == _report(as_pdfs) and len(as_pdfs["changes"]) == 6
    dataset = tmp_path / "dataset.json"
    dataset.write_text(json.dumps({"doc": {}, "rows": []}), encoding="utf-8")
    code, out = _diff(str(dataset), str(tmp_path / "out" / "v2"))
    assert code == 2 and out.count("\n") == 1 and "neither a PDF nor a lampiran tables folder" in out


def test_the_python_api_diffs_tables_as_the_command_does(tmp_path):
    import lampiran

    old = _weasyprint(_html(_numbered(_limits()), COLUMNS, "border: 0.5pt solid black"), tmp_path / "v1.pdf")
    new = _weasyprint(_html(_numbered(_edited(_limits())), COLUMNS, "border: 0.5pt solid black"), tmp_path / "v2.pdf")
    assert _report(lampiran.diff(old, new)) == _report(json.loads(_diff(str(old), str(new), "--format", "json")[1]))


@pytest.mark.parametrize("draw", [_weasyprint, _chromium], ids=["weasyprint", "chromium"])
def test_a_table_ruled_only_at_its_cells_feet_keeps_its_header(draw, tmp_path):
    """HTML cells with a bottom border only: no rule over the header, one under each row. `lampiran tables` takes
    the line of labels right over the first rule for the header (a caption there would be one text), so a diff of
    such a table names its columns."""
    from tables.document import pdf_to_tables

    rows = _numbered(_limits())
    pdf = draw(_html(rows, COLUMNS, "border-bottom: 0.5pt solid black"), tmp_path / "feet.pdf")
    table, = pdf_to_tables(pdf).tables
    assert table.columns == tuple(COLUMNS)
    assert [r.values for r in table.rows] == [r if len(r) == 4 else (r[0], "", "", "") for r in rows]
