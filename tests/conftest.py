"""Shared fixtures: the embedded sample, its truth, and one extraction of it per test session."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_PDF = ROOT / "samples" / "permendag-17-2024-lampiran.pdf"
SAMPLE_TRUTH = ROOT / "samples" / "ranpk-2024.truth.json"
SHARED_REAL = ROOT.parent / "shared" / "real"
CHROMIUM = shutil.which("chromium")
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="no chromium binary on PATH (Debian: apt-get install chromium)")


def chromium(url: str, tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    """Run headless Chromium on `url` as this machine allows (root, no network): a screenshot or the DOM."""
    command = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
               f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1400,1000", "--virtual-time-budget=5000", *args, url]
    return subprocess.run(command, capture_output=True, text=True, timeout=180, check=True)


def fuzzed_differences(seed: int, producer: str, tmp_path: Path) -> list[str]:
    """Draw the fuzzer's layout `seed` (samples/fuzz) with `producer`, read it back and return what differs from
    its truth, unexpected warnings included; skip, saying what to install, where the producer is missing."""
    import sys

    sys.path.insert(0, str(ROOT / "samples"))
    from fuzz.run import ProducerUnavailable, read_back, unexpected_warnings
    from fuzz.spec import random_layout

    try:
        want, got, differences = read_back(seed, producer, tmp_path)
    except ProducerUnavailable as e:
        pytest.skip(f"{producer} draws this case: {e}")
    unexpected = unexpected_warnings(got, want, random_layout(seed, producer=producer))
    return differences + [f"warning {w['code']} (page {w.get('page')}): {w['message']}" for w in unexpected]


def fuzzed_table_differences(seed: int, producer: str, tmp_path: Path) -> list[str]:
    """Draw the fuzzer's layout `seed` with `producer`, read it with `lampiran tables` and return the truth rows it
    did not give as printed (`fuzz.spec.table_differences`); skip, saying what to install, where the producer is
    missing."""
    import sys

    sys.path.insert(0, str(ROOT / "samples"))
    from fuzz.run import INSTALL, truth_of
    from fuzz.spec import draw, random_dataset, random_layout, table_differences
    from tables.document import pdf_to_tables

    layout, dataset = random_layout(seed, producer=producer), random_dataset(seed)
    pdf = tmp_path / f"{seed:05d}-{producer}.pdf"
    try:
        draw(dataset, layout, pdf)
    except (ImportError, FileNotFoundError) as e:
        pytest.skip(f"{producer} draws this case: {INSTALL.get(producer, producer)} ({e})")
    return table_differences(pdf_to_tables(pdf).tables, truth_of(dataset, layout))


@pytest.fixture(scope="session")
def truth() -> dict:
    return json.loads(SAMPLE_TRUTH.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def sample_extraction():
    from lampiran.pipeline import extract_document

    return extract_document(SAMPLE_PDF)


@pytest.fixture(scope="session")
def sample_dataset(sample_extraction) -> dict:
    return sample_extraction.dataset


def assert_screenshot_not_blank(url: str, tmp_path: Path, min_colours: int = 200, max_share: float = 0.8) -> None:
    """Take a Chromium screenshot of `url`: many colours (text, images, outlines) and none filling the window."""
    from PIL import Image

    png = tmp_path / "screenshot.png"
    chromium(url, tmp_path, f"--screenshot={png}")
    image = Image.open(png).convert("RGB")
    colours = image.getcolors(maxcolors=1 << 16) or []
    assert len(colours) > min_colours
    assert max(n for n, _ in colours) < max_share * image.width * image.height
