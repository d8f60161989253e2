"""Fuzzed layouts, drawn by every PDF producer, read back exactly.

Why: the reader must read a Lampiran whatever program drew it, not only the
reportlab Tables of samples/render.py. Each case draws one seeded layout and dataset
slice (samples/fuzz/spec.py) with one producer, extracts it and counts those that give
every field of every row and no warning (but no_signature/no_signer when the layout
leaves out the closing page, column_inferred when its header has a title the
vocabulary does not know): the count may not fall below today's. The pdfium and
pdfplumber readers must give the same dataset on each. The seeds are fixed:
per producer, the first seeds of its own range (1000, 2000 ...) that bring a rules
style not met yet, until all are met, plus the next seed; they were picked by style
alone, not by whether they pass. A layout read wrongly is named in the
test's output. A producer whose program is not installed skips, saying
what to install. `python samples/fuzz/run.py` runs many more seeds as a report.
"""
from __future__ import annotations

import sys

import pytest

from extract.errors import LampiranError
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "samples"))
from fuzz.run import ProducerUnavailable, Undrawable, read_back, unexpected_warnings  # noqa: E402
from fuzz.spec import PRODUCERS, RULES, random_layout, table_differences  # noqa: E402

SEEDS = {
    "chromium": [1000, 1001, 1002, 1005, 1007, 1011, 1021, 1022],
    "libreoffice": [2000, 2001, 2002, 2003, 2005, 2006, 2015, 2016],
    "reportlab-boxes": [3000, 3001, 3002, 3003, 3008, 3010, 3020, 3021],
    "typst": [4000, 4001, 4004, 4006, 4007, 4015, 4023, 4024],
    "weasyprint": [5000, 5001, 5002, 5004, 5005, 5006, 5011, 5012],
}
CASES = [(producer, seed) for producer in sorted(SEEDS) for seed in SEEDS[producer]]


def test_the_fixed_seeds_cover_every_producer_and_rules_style():
    assert sorted(SEEDS) == sorted(PRODUCERS)
    for producer, seeds in SEEDS.items():
        assert {random_layout(s, producer=producer).rules for s in seeds} == set(RULES), producer


@pytest.fixture(scope="module")
def read_backs(tmp_path_factory):
    """Every fixed case drawn once and read back: {(producer, seed): (truth, extracted, differences, pdf)}."""
    keep = tmp_path_factory.mktemp("fuzzed")
    out = {}
    for producer, seed in CASES:
        try:
            want, got, differences = read_back(seed, producer, keep / "work", keep=keep)
        except ProducerUnavailable as e:
            pytest.skip(str(e))
        except Undrawable as e:
            pytest.fail(f"{producer} cannot draw seed {seed}: {e}")
        except LampiranError as e:  # the reader gave up on it: a layout not read, counted as such
            want, got, differences = None, None, [f"{type(e).__name__}: {e}"]
        out[producer, seed] = want, got, differences, keep / f"{seed:05d}-{producer}.pdf"
    return out


def test_fuzzed_layouts_read_back_exactly(read_backs):
    """Every one of the 40 reads back exactly: every field, every aksi pair, no warning the drawing does not call
    for."""
    exact, failures = 0, []
    for (producer, seed), (want, got, differences, _) in read_backs.items():
        unexpected = unexpected_warnings(got, want, random_layout(seed, producer=producer)) if got else []
        if differences or unexpected:
            failures.append(f"{producer} seed {seed}: {len(differences)} differences"
                            f"{(', first: ' + differences[0][:160]) if differences else ''}; "
                            f"warnings {sorted({w['code'] for w in unexpected})}")
        else:
            exact += 1
    assert exact == len(CASES), f"{exact} of {len(CASES)} read back exactly; not:\n" + "\n".join(failures)


def test_both_readers_give_the_same_dataset_on_every_fuzzed_layout(read_backs):
    from lampiran.options import ExtractOptions
    from lampiran.pipeline import extract_dataset

    for (producer, seed), (_, got, _, pdf) in read_backs.items():
        if got is None:
            with pytest.raises(LampiranError):  # what pdfium gave up on, pdfplumber gives up on too
                extract_dataset(pdf, ExtractOptions(reader="pdfplumber"))
            continue
        other = extract_dataset(pdf, ExtractOptions(reader="pdfplumber"))
        assert (other["doc"], other["rows"], other["warnings"]) == (got["doc"], got["rows"], got["warnings"]), \
            f"{producer} seed {seed}: pdfium and pdfplumber read it differently"


def test_pages_read_in_two_processes_give_the_same_dataset_when_the_header_is_printed_once(read_backs):
    """A page without a header read in another process than the page with it is resolved after all are read
    (`lampiran.pipeline.resolve_continuations`), and must come out as when one process reads them all."""
    from lampiran.options import ExtractOptions
    from lampiran.pipeline import extract_dataset

    once = [(key, got, pdf) for key, (_, got, _, pdf) in read_backs.items()
            if got is not None and not random_layout(key[1], producer=key[0]).header_repeat]
    assert len(once) >= 5  # the fixed seeds print the header once in some layouts of every producer
    for (producer, seed), got, pdf in once:
        split = extract_dataset(pdf, ExtractOptions(jobs=2))
        assert (split["rows"], split["warnings"]) == (got["rows"], got["warnings"]), f"{producer} seed {seed}"


def test_tables_reads_the_ruled_fuzzed_layouts(read_backs):
    """`lampiran tables` knows no Lampiran vocabulary, yet reads the same PDFs through the same grid reader and
    page-break evidence: each case with rules between its columns gives every truth row as printed, its header
    printed on every page or on the first only (a later page goes on from it when its columns are where the
    table's were and nothing but page furniture stands between)."""
    from tables.document import pdf_to_tables

    exact, failures, cases = 0, [], 0
    for (producer, seed), (want, _, _, pdf) in read_backs.items():
        layout = random_layout(seed, producer=producer)
        if want is None or layout.rules in ("none", "horizontal"):
            continue
        cases += 1
        differences = table_differences(pdf_to_tables(pdf).tables, want)
        exact += not differences
        if differences:
            failures.append(f"{producer} seed {seed} ({layout.rules}): {len(differences)} rows, first: {differences[0][:200]}")
    assert cases >= 25 and exact == cases, f"{exact} of {cases} exact; not:\n" + "\n".join(failures)
