"""Give a scanned PDF a text layer with ocrmypdf (tesseract, Indonesian language data), so the
ordinary engines can read it.

Optional: ocrmypdf and tesseract are system programs, not Python packages. When
they are missing, the user is told in one line how to install them.
"""
from __future__ import annotations

import shutil
import subprocess
import re
from dataclasses import replace
from pathlib import Path

from extract.model import PageContent

from extract.errors import UsageError, UnreadableInputError

INSTALL_HINT = "OCR needs ocrmypdf and tesseract's Indonesian data: apt-get install ocrmypdf tesseract-ocr-ind"
# What OCR makes of a ruling line drawn in the image: a "word" of bars and brackets only.
RULE_GLYPHS = re.compile(r"^[|\[\]{}¦!Il1]*[|\[\]{}¦][|\[\]{}¦!Il1]*$")
# tesseract languages: Indonesian first, English for the odd English term.
LANGUAGES = "ind+eng"


def ocr_available() -> bool:
    """Are ocrmypdf and tesseract with Indonesian data installed?"""
    if not (shutil.which("ocrmypdf") and shutil.which("tesseract")):
        return False
    listed = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, check=False)
    return "ind" in listed.stdout.split()


def ocr_pdf(source: Path, target: Path) -> Path:
    """Write `source` with a text layer added to its pages that have none (pages with text are left as they are)."""
    if not ocr_available():
        raise UsageError(INSTALL_HINT)
    done = subprocess.run(["ocrmypdf", "--quiet", "--skip-text", "--language", LANGUAGES, "--output-type", "pdf",
                           "--optimize", "0", str(source), str(target)], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise UnreadableInputError(f"{source}: OCR failed ({last})")
    return target


def without_rule_glyphs(page: PageContent) -> PageContent:
    """Drop the bars OCR reads where the scan shows a ruling line: they are lines, not text."""
    return replace(page, words=tuple(w for w in page.words if not RULE_GLYPHS.match(w.text)))
