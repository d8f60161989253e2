"""Words OCR left out: ink in a page image that no OCR word covers, read again piece by piece.

Why: tesseract's page layout analysis drops short text standing alone in a narrow cell, the "6." of a No. column
or a page number, taking it for noise beside the ruling lines; a row whose number is lost is then joined to the
row above. Each such piece of ink is cut out, thresholded to black and white (tesseract reads a lone glyph in grey
unsteadily: "7." as "ue") and read on its own as one line of text. Even so a lone glyph may read wrong at one scale
("2." as "9." at twice the scan's resolution), so the piece is read twice, at the page image's own resolution and
at half as much again, and kept only where both readings agree on its letters and digits. Ink the readings
disagree on is reported on the page (`PageContent.unread_ink`), never guessed.
"""
from __future__ import annotations

import os
import re
import statistics
import subprocess
import tempfile
from dataclasses import replace
from pathlib import Path

from extract.model import BBox, PageContent, UnreadInk, Word

LEAST_DPI, MOST_DPI = 100, 600  # the page image's own resolution, taken within these
DEFAULT_DPI = 300  # for a page that draws no image (a page OCR rasterised itself)
SCALES = (1.0, 1.5)  # the two readings of a piece: at the page image's resolution times these
PAD = 3.0  # points of the page kept around a piece in its crop: less than a cell's inner margin, so no rule shows
BORDER = 10  # white pixels set around a crop: tesseract misreads text touching the image's edge
# A word's box grown by these shares of its height, sideways and up and down: ink that close to a word is that
# word's. OCR boxes are tight and miss a last letter's serif; and an OCR layer gives a line's words one height,
# so a word of a line that runs through cells set a little lower or higher is drawn off its place.
WORD_REACH, LINE_REACH = 0.8, 1.0
# A piece of ink is text when its height is within these shares of the page's median word height: lower is a dot,
# a comma or a speck of noise, higher a stamp, a signature or a drawing.
LEAST_HEIGHT, MOST_HEIGHT = 0.5, 3.0
LEAST_INK = 7.0  # square points of ink: less is a speck
ALNUM = re.compile(r"\w")


def with_missed_words(page: PageContent, image, line_mask, drawn) -> PageContent:
    """`page`, an OCR'd page image rendered as `image` (a BGR array, `line_mask` non-zero on its drawn lines), with
    the words OCR left out of its text read again from `drawn` (its pypdfium2 page), and the ink no reading is
    sure of in `unread_ink`."""
    pieces = missed_ink(page, image, line_mask)
    if not pieces:
        return page
    dpi = image_resolution(drawn)
    readings = [read_pieces(drawn, pieces, dpi * scale) for scale in SCALES]
    words, unread = [], []
    for piece, *read in zip(pieces, *readings):
        if agreed := agreed_reading(read):
            words += agreed
        else:
            unread.append(UnreadInk(piece, tuple(" ".join(w.text for w in r) for r, _ in read)))
    return replace(page, words=page.words + tuple(words), unread_ink=page.unread_ink + tuple(unread))


def missed_ink(page: PageContent, image, line_mask) -> list[BBox]:
    """The boxes (points) of the pieces of text-sized ink in `image` that are neither a drawn line nor near a
    word of `page`."""
    import cv2
    import numpy as np

    if not page.words:
        return []
    grey = cv2.cvtColor(image[:, :, :3].copy(), cv2.COLOR_BGR2GRAY)
    # Otsu on a despeckled image: a scanner's noise and a header's grey shading stay paper, print is ink.
    _, ink = cv2.threshold(cv2.medianBlur(grey, 3), 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    ink[cv2.dilate(line_mask, np.ones((5, 5), np.uint8)) > 0] = 0
    sx, sy = image.shape[1] / page.width, image.shape[0] / page.height
    for w in page.words:
        across, up = WORD_REACH * (w.bottom - w.top), LINE_REACH * (w.bottom - w.top)
        ink[max(0, int((w.top - up) * sy)):int((w.bottom + up) * sy) + 1,
            max(0, int((w.x0 - across) * sx)):int((w.x1 + across) * sx) + 1] = 0
    letters_joined = cv2.dilate(ink, np.ones((3, 7), np.uint8))  # a word's letters one piece, its lines apart
    count, labels, stats, _ = cv2.connectedComponentsWithStats((letters_joined > 0).astype(np.uint8))
    inked = np.bincount(labels[ink > 0], minlength=count)
    height = statistics.median(w.bottom - w.top for w in page.words)
    pieces = []
    for label in range(1, count):
        x, y, width, tall = stats[label][:4]
        box = (x / sx, y / sy, (x + width) / sx, (y + tall) / sy)
        if LEAST_HEIGHT * height <= box[3] - box[1] <= MOST_HEIGHT * height and inked[label] / (sx * sy) >= LEAST_INK:
            pieces.append(box)
    return pieces


def image_resolution(drawn) -> float:
    """The resolution (dots per inch) of the largest image `drawn` (a pypdfium2 page) draws: the scan's."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    def area(image) -> float:
        left, bottom, right, top = image.get_bounds()
        return (right - left) * (top - bottom)

    images = list(drawn.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=5))
    try:
        dpi = max(images, key=area).get_metadata().horizontal_dpi if images else DEFAULT_DPI
    except pdfium.PdfiumError:  # an image pdfium cannot describe: read at the usual scan resolution
        dpi = DEFAULT_DPI
    return min(MOST_DPI, max(LEAST_DPI, dpi or DEFAULT_DPI))


def read_pieces(drawn, pieces: list[BBox], dpi: float) -> list[tuple[list[Word], float]]:
    """Each piece of `drawn` (a pypdfium2 page) rendered at `dpi`, thresholded to black and white (Otsu) and read by
    tesseract as one line: its words (page points) and their mean confidence, in one tesseract run for all."""
    import cv2
    import numpy as np
    from PIL import Image, ImageOps

    from extract.ocr import LANGUAGES

    width, height = drawn.get_size()
    scale = dpi / 72
    with tempfile.TemporaryDirectory(prefix="lampiran-ink-") as tmp:
        files = []
        for i, (x0, top, x1, bottom) in enumerate(pieces):
            crop = (max(0.0, x0 - PAD), max(0.0, height - bottom - PAD), max(0.0, width - x1 - PAD), max(0.0, top - PAD))
            grey = drawn.render(scale=scale, crop=crop, grayscale=True).to_numpy()
            image = Image.fromarray(cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)[1])
            files.append(Path(tmp) / f"{i}.png")
            ImageOps.expand(image, border=BORDER, fill=255).save(files[-1], dpi=(round(dpi), round(dpi)))
        listed = Path(tmp) / "pieces.txt"
        listed.write_text("".join(f"{f}\n" for f in files))
        done = subprocess.run(["tesseract", str(listed), "stdout", "--psm", "7", "-l", LANGUAGES, "tsv"],
                              capture_output=True, text=True, check=False,
                              env={**os.environ, "OMP_THREAD_LIMIT": "1"})  # one thread: a small image is faster so
    read: list[list[tuple[Word, float]]] = [[] for _ in pieces]
    for line in done.stdout.splitlines()[1:]:
        level, number, *_, left, top, w, h, confidence, text = (line.split("\t") + [""])[:12]
        if level != "5" or not text.strip():
            continue
        x0, top_of = (max(0.0, v - PAD) for v in pieces[int(number) - 1][:2])  # the crop's corner on the page
        x0, top_of = x0 + (int(left) - BORDER) / scale, top_of + (int(top) - BORDER) / scale
        word = Word(text.strip(), x0, top_of, x0 + int(w) / scale, top_of + int(h) / scale)
        read[int(number) - 1].append((word, float(confidence)))
    return [([w for w, _ in r], statistics.fmean(c for _, c in r) if r else 0.0) for r in read]


def agreed_reading(readings: list[tuple[list[Word], float]]) -> list[Word]:
    """The words of the surer of `readings` of one piece when all agree on its letters and digits (and have some);
    none otherwise."""
    letters = {"".join(ALNUM.findall(" ".join(w.text for w in words))) for words, _ in readings}
    if len(letters) != 1 or not next(iter(letters)):
        return []
    return max(readings, key=lambda r: r[1])[0]
