"""What a page's text layer is, told from the page itself: printed text; none (a scan); an OCR layer over a page
image; or text that lies (glyphs that map to nothing or to nonsense, an OCR layer that confused letters and digits).

Why: many official PDFs are scans with an OCR layer baked in, often a poor one (`975.OOO,OO`, `lzin`), or are
printed with fonts whose glyphs map to nothing (`$ .= ! #`). Their text reads, so nothing looks like a scan, and
the dataset would hold what the layer says, not what the page shows. A page whose layer lies is named, and
`--ocr` reads it again from its image (`extract.ocr`).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from extract.model import PageContent

# A page image covering this share of the page or more, with text over it, is a scan with an OCR layer (when the
# reader cannot tell invisible text, as pdfminer cannot).
SCAN_COVER = 0.85
# Text objects drawn invisible, this share or more: an OCR layer.
INVISIBLE_SHARE = 0.5
# How pdfminer writes a character its font maps to no Unicode text: "(cid:12)".
UNMAPPED = "(cid:"
# Words holding characters that map to no text: this share or more, and the page's text is not what it shows.
UNMAPPED_SHARE = 0.05
# Words that are neither words nor numbers (no letter or digit makes half of them): this share or more is nonsense.
NONSENSE_SHARE = 0.25
# Characters that make leaders, dashes and bullets: words of them alone print as they read.
LEADERS = set(".-–—_·•…")
# An OCR layer with this many numbers holding a letter for a digit (O for 0, l or I for 1) or more is a poor one.
CONFUSED_NUMBERS = 2
# The fewest words a page must have to be judged by its words' shares.
FEWEST_WORDS = 20
# A number whose digit is a letter: "975.OOO,OO", "73O.000", "1l0" (a letter between digits or grouping marks).
CONFUSED = re.compile(r"\d[OolI]|[OolI]\d|[.,][Oo]{2,}|[Oo]{2,}[.,]")


@dataclass(frozen=True)
class TextLayer:
    """A page's text layer: `kind` ("text", "none", "ocr") and, when its text cannot be trusted, why (`lies`)."""

    kind: str
    lies: str = ""


def text_layer(page: PageContent) -> TextLayer:
    """Tell what `page`'s text layer is (see the module docstring)."""
    if not page.words:
        return TextLayer("none" if page.images else "text")
    ocr = page.invisible_text >= INVISIBLE_SHARE if page.invisible_text is not None else page.image_cover >= SCAN_COVER
    texts = [w.text for w in page.words]
    unmapped = [t for t in texts if _unmapped_share(t) > 0]
    if len(unmapped) >= UNMAPPED_SHARE * len(texts):
        return TextLayer("ocr" if ocr else "text", f"its glyphs map to nothing ({_quoted(unmapped)})")
    nonsense = [t for t in texts if _is_nonsense(t)]
    if len(texts) >= FEWEST_WORDS and len(nonsense) >= NONSENSE_SHARE * len(texts):
        return TextLayer("ocr" if ocr else "text", f"its glyphs map to nonsense ({_quoted(nonsense)})")
    confused = [t for t in texts if any(c.isdigit() for c in t) and CONFUSED.search(t)]
    if ocr and len(confused) >= CONFUSED_NUMBERS:
        return TextLayer("ocr", f"its OCR layer reads letters for digits ({_quoted(confused)})")
    return TextLayer("ocr" if ocr else "text")


def _unmapped_share(text: str) -> float:
    """The share of a word's characters that are no text: pdfminer's (cid:N), U+FFFD, private-use or control."""
    if UNMAPPED in text:
        return 1.0
    bad = sum(c == "\ufffd" or unicodedata.category(c) in ("Co", "Cc", "Cn") for c in text)
    return bad / len(text) if text else 0.0


def _is_nonsense(text: str) -> bool:
    """A word that is no word and no number: fewer than half its characters are letters or digits, the others ASCII
    punctuation ("$", ".=": where a font without a usable map puts its glyphs), and it is no run of leaders or
    dashes ("........", "–"). A check mark or a bullet ("√", "•" in a matrix of duties) prints as it reads."""
    marks = [c for c in text if not c.isalnum()]
    return len(marks) * 2 > len(text) and all(c.isascii() for c in marks) and not set(text) <= LEADERS


def _quoted(texts: list[str], shown: int = 4) -> str:
    """The first few distinct texts, quoted: 'its glyphs map to nonsense ('$', '.=', '!', '#')'."""
    return ", ".join(repr(t) for t in list(dict.fromkeys(texts))[:shown])


UNTRUSTED, READ_AGAIN = "the page's text cannot be trusted: ", "; run again with --ocr to read it from the page image"


def layer_note(page: PageContent, ocr: bool) -> tuple[str, str] | None:
    """(warning code, message) for a page whose text cannot be trusted (`untrusted_text`), or that is an OCR layer
    over a scan (`ocr_layer`, said only when the tool did not OCR it itself: `ocr`); None for printed text."""
    layer = text_layer(page)
    if layer.lies:
        return "untrusted_text", f"{UNTRUSTED}{layer.lies}{READ_AGAIN}"
    if layer.kind == "ocr" and not ocr:
        return "ocr_layer", "the page is a scan with an OCR text layer: its text is only as good as that OCR"
    return None


def untrusted_reason(path, untrusted: list[tuple[int, str]], n_pages: int) -> str | None:
    """Why a document is refused as a scan is (exit 4) when at least half its pages print text that cannot be
    trusted (`untrusted`: their numbers and `layer_note` messages); None otherwise."""
    if not untrusted or len(untrusted) * 2 < n_pages:
        return None
    pages = ", ".join(str(p) for p, _ in untrusted[:10]) + (", …" if len(untrusted) > 10 else "")
    first, why = untrusted[0][0], untrusted[0][1].removeprefix(UNTRUSTED).removesuffix(READ_AGAIN)
    return f"{path}: {len(untrusted)} of {n_pages} pages print text that cannot be trusted (pages {pages}; page " \
           f"{first}: {why}); run again with --ocr to read them from their images"
