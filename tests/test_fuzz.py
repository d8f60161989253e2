"""Fuzzed layouts, drawn by every PDF producer, read back exactly.

Why: the reader must read a Lampiran whatever program drew it, not only the
reportlab Tables of samples/render.py. Each case draws one seeded layout and dataset
slice (samples/fuzz/spec.py) with one producer, extracts it and demands every field
of every row and no warning (but no_signature/no_signer when the layout leaves out
the closing page, which then prints no date and no signer). The seeds are fixed:
per producer, the first seeds of its own range (1000, 2000 ...) that bring a rules
style not met yet, until all are met, plus the next seed; they were picked by style
alone, not by whether they pass. A failure here is a reader
failure: it is not hidden. A producer whose program is not installed skips, saying
what to install. `python samples/fuzz/run.py` runs many more seeds as a report.
"""
from __future__ import annotations

import sys

import pytest

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "samples"))
from fuzz.run import ProducerUnavailable, Undrawable, read_back, unexpected_warnings  # noqa: E402
from fuzz.spec import PRODUCERS, RULES, random_layout  # noqa: E402

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


@pytest.mark.parametrize(("producer", "seed"), CASES, ids=[f"{p}-seed{s}" for p, s in CASES])
def test_a_fuzzed_layout_reads_back_exactly(producer, seed, tmp_path):
    try:
        want, got, differences = read_back(seed, producer, tmp_path)
    except ProducerUnavailable as e:
        pytest.skip(str(e))
    except Undrawable as e:
        pytest.fail(f"{producer} cannot draw seed {seed}: {e}")
    assert not differences, "\n".join(differences)
    layout = random_layout(seed, producer=producer)
    assert [(w["code"], w["message"]) for w in unexpected_warnings(got, want, layout)] == []
