"""Shared fixtures: the embedded sample, its truth, and one extraction of it per test session."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_PDF = ROOT / "samples" / "permendag-17-2024-lampiran.pdf"
SAMPLE_TRUTH = ROOT / "samples" / "ranpk-2024.truth.json"
SHARED_REAL = ROOT.parent / "shared" / "real"


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
