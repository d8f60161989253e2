"""Read the pages whose text layer is missing (a scan) or lies (`extract.textlayer`) from their images, with
ocrmypdf (tesseract, Indonesian and English data), deskewed and turned upright, so the ordinary readers read them.

Optional: ocrmypdf and tesseract are system programs, not Python packages. When
they are missing, the user is told in one line how to install them.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from extract.errors import UnreadableInputError, UsageError
from extract.imagerules import DPI, image_lines
from extract.missedink import with_missed_words
from extract.model import Limits, PageContent, Word
from extract.rules import merge_rules
from extract.textlayer import SCAN_COVER, text_layer

INSTALL_HINT = "OCR needs ocrmypdf and tesseract's Indonesian data: apt-get install ocrmypdf tesseract-ocr-ind"
# What OCR makes of a ruling line drawn in the image: a "word" of bars and brackets only.
RULE_GLYPHS = re.compile(r"^[|\[\]{}¦!Il1]*[|\[\]{}¦][|\[\]{}¦!Il1]*$")
# ... or, where the word's box lies on a vertical rule, of strokes that could be a bar: "1", "l", "I".
STROKES = re.compile(r"^[|\[\]{}¦!Il1]+$")
# The bars OCR reads for a ruling line next to a word.
BARS = "|¦"
# tesseract languages: Indonesian first, English for the odd English term.
LANGUAGES = "ind+eng"


def ocr_available() -> bool:
    """Are ocrmypdf and tesseract with Indonesian data installed?"""
    if not (shutil.which("ocrmypdf") and shutil.which("tesseract")):
        return False
    return "ind" in _languages()


def ocr_pdf(source: Path, target: Path, pages: list[int]) -> Path:
    """Write `source` with `pages` (1-based) read from their images by tesseract (`ocrmypdf_command`). The other
    pages are left as they are."""
    if not ocr_available():
        raise UsageError(INSTALL_HINT)
    done = subprocess.run(ocrmypdf_command(source, target, pages), capture_output=True, text=True, check=False)
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise UnreadableInputError(f"{source}: OCR failed ({last})")
    return target


def ocrmypdf_command(source: Path, target: Path, pages: list[int]) -> list[str]:
    """The ocrmypdf run that OCRs `pages` of `source` into `target`, deskewed and turned upright first; their text
    layer, if any, is replaced (--force-ocr: a lying layer goes, a vector page is rasterised first). The benchmark
    times it alone against a whole `--ocr` run."""
    upright = ["--rotate-pages"] if "osd" in _languages() else []  # tesseract's orientation data, when installed
    return ["ocrmypdf", "--quiet", "--force-ocr", "--pages", ",".join(map(str, pages)), "--deskew", *upright,
            "--language", LANGUAGES, "--output-type", "pdf", "--optimize", "0", str(source), str(target)]


def pages_to_ocr(pages: Iterable[PageContent]) -> list[int]:
    """The pages `--ocr` reads from their images: those with no text layer (a scan) and those whose text layer
    cannot be trusted (`extract.textlayer`)."""
    return [p.number for p in pages if (layer := text_layer(p)).kind == "none" or layer.lies]


@contextmanager
def ocr_copy(path: Path, password: str | None, limits: Limits, reader: str) -> Iterator[tuple[Path, str | None]]:
    """(file, its password): `path` with the pages that need it OCR'd (`pages_to_ocr`), as a temporary file
    while the block runs (ocrmypdf writes it unencrypted); `path` itself when none does."""
    from extract.pdfium_pages import READERS

    open_reader, read_pages = READERS[reader]
    with open_reader(path, password, limits) as pdf:  # a file that is no PDF is said so before OCR is tried
        pages = pages_to_ocr(read_pages(pdf, path, limits))
    if not pages:
        yield path, password
        return
    with tempfile.TemporaryDirectory(prefix="lampiran-ocr-") as tmp:
        yield ocr_pdf(path, Path(tmp) / "ocr.pdf", pages), None


def ocr_pages(pages: Iterable[PageContent], path: Path, password: str | None) -> Iterator[PageContent]:
    """The pages of `path`, a file `ocr_copy` gave, as the table core reads them. Each page image (`SCAN_COVER`)
    gets the ruling lines it draws (`extract.imagerules`), loses the bars OCR read for those lines, and gains the
    words OCR left out (`extract.missedink`)."""
    import pypdfium2 as pdfium

    document = None
    try:
        for page in pages:
            if page.image_cover >= SCAN_COVER:
                document = document or pdfium.PdfDocument(path, password=password)
                drawn = document[page.number - 1]
                image = drawn.render(scale=DPI / 72).to_numpy()
                lines = image_lines(image, page)
                page = without_rule_glyphs(replace(page, rules=merge_rules(list(page.rules) + lines.rules)))
                page = with_missed_words(page, image, lines.mask, drawn)
            yield page
    finally:
        if document is not None:
            document.close()


@lru_cache(maxsize=1)
def _languages() -> list[str]:
    """The languages tesseract has data for (asked once a process)."""
    listed = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, check=False)
    return listed.stdout.split()


def without_rule_glyphs(page: PageContent) -> PageContent:
    """Drop the bars OCR reads where the scan shows a ruling line, alone, stuck to a word's end ("|Jumlah"), or as
    a "1" whose box lies on a vertical rule (printed text keeps a cell's margin off the rule): they are lines, not
    text."""
    verticals = [r for r in page.rules if r.orientation == "v"]

    def on_a_rule(w: Word) -> bool:
        return any(r.x0 <= w.x1 and w.x0 <= r.x1 and r.top < w.bottom and w.top < r.bottom for r in verticals)

    words = (replace(w, text=w.text.strip(BARS)) if w.text.strip(BARS) else w for w in page.words)
    return replace(page, words=tuple(w for w in words
                                     if not RULE_GLYPHS.match(w.text) and not (STROKES.match(w.text) and on_a_rule(w))))
