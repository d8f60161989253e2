"""Open a PDF and reduce each page to its words and ruling lines.

pdfplumber does the geometry; this module only converts its dicts into the
frozen records of `extract.model`, so later steps never touch pdfplumber.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pdfplumber
from pdfminer.pdfdocument import PDFPasswordIncorrect

from lampiran.errors import UnreadableInputError
from extract.model import PageContent, Rule, Word

# A ruling segment shorter than this (points) is a rectangle's side or a tick, not a rule.
MIN_RULE_LENGTH = 3.0
# pdfplumber's word grouping: characters closer than this (points) belong to one word.
WORD_X_TOLERANCE = 1.5


@contextmanager
def open_pdf(path: str | Path, password: str | None = None) -> Iterator[pdfplumber.PDF]:
    """Open `path` with pdfplumber, turning every failure to open into UnreadableInputError."""
    path = Path(path)
    try:
        pdf = pdfplumber.open(path, password=password or "")
        _ = len(pdf.pages)
    except FileNotFoundError:
        raise UnreadableInputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise UnreadableInputError(f"{path}: is a directory, not a PDF") from None
    except PDFPasswordIncorrect:
        raise UnreadableInputError(f"{path}: the PDF is encrypted; give its password with --password") from None
    except Exception as exc:  # pdfminer raises many kinds (PDFSyntaxError, KeyError, …) on a damaged file
        raise UnreadableInputError(f"{path}: not a readable PDF ({type(exc).__name__})") from None
    try:
        if not pdf.pages:
            raise UnreadableInputError(f"{path}: the PDF has no pages")
        yield pdf
    finally:
        pdf.close()


def page_to_content(page: pdfplumber.page.Page) -> PageContent:
    """Given a pdfplumber page, return its words and rules as plain records."""
    spaces = {(round(c["x0"]), round(c["top"])) for c in page.chars if c["text"] == " "}
    words = tuple(
        Word(w["text"], w["x0"], w["top"], w["x1"], w["bottom"], _space_after(w, spaces))
        for w in page.extract_words(x_tolerance=WORD_X_TOLERANCE, keep_blank_chars=False)
    )
    rules = tuple(_edge_to_rule(e) for e in page.edges if _edge_length(e) >= MIN_RULE_LENGTH)
    return PageContent(page.page_number, float(page.width), float(page.height), words, rules)


def _space_after(word: dict, spaces: set[tuple[int, int]]) -> bool | None:
    """Is a space character printed where the word ends? None when the page prints no spaces."""
    if not spaces:
        return None
    x, top = round(word["x1"]), round(word["top"])
    return any((x + dx, top + dy) in spaces for dx in (-1, 0, 1) for dy in (-1, 0, 1))


def _edge_length(edge: dict) -> float:
    return max(edge["x1"] - edge["x0"], edge["bottom"] - edge["top"])


def _edge_to_rule(edge: dict) -> Rule:
    orientation = "h" if edge["orientation"] == "h" else "v"
    return Rule(orientation, edge["x0"], edge["top"], edge["x1"], edge["bottom"])
