"""What is wrong inside a PDF that opens: the PDF libraries' own complaints, caught instead of printed, and page
streams that do not decode, which pdfium reads as far as they go without a word.

Why: a file re-saved, merged or cut short by a download opens, and most of it reads; the libraries say what they
stumbled on (pdfminer logs "Data-loss while decompressing corrupted data", thousands of lines for one file) on
stderr, in front of the tool's own one line, and the dataset looks whole. Here what they say is collected per page
(`caught`) and, with the streams that would not decode (`stream_damage`), becomes that page's `damage`, which
every command reports as one `damaged_page` warning. `--debug` shows the raw library output as well.
"""
from __future__ import annotations

import logging
import sys
import threading
import warnings
import zlib
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

# The loggers of the libraries that read PDFs for us (and of what they call): their records are collected, not printed.
LIBRARY_LOGGERS = ("pdfminer", "pdfplumber", "pypdfium2", "camelot", "PIL", "fontTools")
# The names of the Flate filter: its data must decompress to its end (`_decode_problem`).
FLATE = ("FlateDecode", "Fl")
# Warnings that speak of the code, or of a file left open that the garbage collector found wherever it ran: not
# of the PDF being read.
NOT_ABOUT_THE_FILE = (ResourceWarning, DeprecationWarning, PendingDeprecationWarning, FutureWarning, ImportWarning)
# How much of one complaint a warning quotes.
QUOTE_LENGTH = 100

_local = threading.local()  # each thread's stack of collections (`caught`); Dask runs tasks in threads


class _Collector(logging.Handler):
    """Hands each record to the innermost collection of its thread; with `--debug`, prints it as well."""

    show = False

    def emit(self, record: logging.LogRecord) -> None:
        stack = getattr(_local, "stack", None)
        if stack:
            stack[-1].append(record.getMessage())
        if self.show or not stack:  # nothing collecting: the library speaks as it would without us
            print(f"{record.name}: {record.getMessage()}", file=sys.stderr)


_COLLECTOR = _Collector()


@lru_cache(maxsize=1)
def _install() -> None:
    """Route the libraries' loggers to the collector once (they are not propagated to the root logger)."""
    for name in LIBRARY_LOGGERS:
        logger = logging.getLogger(name)
        if _COLLECTOR not in logger.handlers:
            logger.addHandler(_COLLECTOR)
            logger.propagate = False


def show_library_output(show: bool) -> None:
    """`--debug`: print what the libraries say too, as it is said."""
    _COLLECTOR.show = show


@contextmanager
def caught() -> Iterator[list[str]]:
    """Collect what the PDF libraries log or warn (Python `warnings` raised in their code) while the block runs,
    into the list yielded, instead of printing it. Collections nest: a record goes to the innermost. Other
    warnings (of the code, or of a file left open elsewhere, found by the garbage collector) are let through as
    they were."""
    _install()
    said: list[str] = []
    stack = _local.__dict__.setdefault("stack", [])
    stack.append(said)
    try:
        with warnings.catch_warnings(record=True) as warned:
            warnings.simplefilter("always")
            yield said
    finally:
        stack.pop()
        for w in warned:
            if _from_library(w.filename) and not issubclass(w.category, NOT_ABOUT_THE_FILE):
                said.append(str(w.message))
                if _COLLECTOR.show:
                    print(f"warning: {w.message}", file=sys.stderr)
            else:
                warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)


def _from_library(filename: str) -> bool:
    """Is this source file part of one of the PDF libraries (LIBRARY_LOGGERS names their packages)?"""
    parts = Path(filename).parts
    return any(name in parts for name in LIBRARY_LOGGERS)


def summary(said: list[str]) -> str:
    """What was said, once per kind (the words before " because ", pdfminer's way of giving the cause), with how
    often: 'Data-loss while decompressing corrupted data (6 times); Could not set text font (2 times)'."""
    kinds = Counter(_quote(s.split(" because ")[0]) for s in said)
    return "; ".join(k if n == 1 else f"{k} ({n} times)" for k, n in kinds.items())


def _quote(text: str) -> str:
    """A complaint fit for a one-line message: unprintable characters escaped, at most QUOTE_LENGTH characters."""
    text = "".join(c if c.isprintable() else repr(c)[1:-1] for c in " ".join(text.split()))
    return text if len(text) <= QUOTE_LENGTH else text[: QUOTE_LENGTH - 1] + "…"


def stream_damage(path: Path, password: str | None, pages: int) -> dict[int, tuple[str, ...]]:
    """`document_stream_damage` of the file at `path`, parsed with pdfminer for it."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser

    with caught(), path.open("rb") as f:
        try:
            document = PDFDocument(PDFParser(f), password or "")
        except Exception as exc:  # pdfium may still read it, but no page's streams can be checked
            return _every_page(pages, f"its streams cannot be checked: the file cannot be parsed ({type(exc).__name__})")
        return document_stream_damage(document, pages)


def document_stream_damage(document, pages: int) -> dict[int, tuple[str, ...]]:
    """Per page number, what is wrong with the streams it is drawn from: its content streams, those of the forms it
    draws and of the fonts it uses (their programs and Unicode maps); images are left alone. A Flate stream is
    damaged when its data fails to decompress or ends before the compressed data does: pdfium draws and reads it as
    far as it goes and says nothing, pdfminer reads it as empty. `document` is pdfminer's; `pages` is the count the
    page reader sees: a page tree read otherwise (a damaged one) cannot be matched page by page, so every page is
    said to be unchecked."""
    from pdfminer.pdfpage import PDFPage

    damage: dict[int, tuple[str, ...]] = {}
    checked: dict[int, str | None] = {}  # object id -> what is wrong with it (None: sound)
    with caught():
        found = []
        try:
            for page in PDFPage.create_pages(document):
                found.append(page)
        except Exception as exc:  # the page tree breaks off: the pages after cannot be checked
            damage = {n: (f"its objects cannot all be parsed ({type(exc).__name__})",) for n in range(len(found) + 1, pages + 1)}
        if not damage and len(found) != pages:
            return _every_page(pages, f"its streams cannot be checked: the page tree is damaged ({len(found)} pages "
                                      f"are found one way, {pages} another)")
        for number, page in enumerate(found, start=1):
            try:
                problems = [p for p in (_stream_problem(s, checked) for s in _page_streams(page)) if p]
            except Exception as exc:
                problems = [f"its objects cannot all be parsed ({type(exc).__name__})"]
            if problems:
                damage[number] = tuple(dict.fromkeys(problems))
    return damage


def _every_page(pages: int, problem: str) -> dict[int, tuple[str, ...]]:
    return {n: (problem,) for n in range(1, pages + 1)}


def _page_streams(page) -> Iterator[tuple[str, object]]:
    """(what it is, stream) for every stream a page's text and rules come from; None for one that is referred to
    but cannot be found (a damaged object, or its cross-reference)."""
    from pdfminer.pdftypes import PDFStream, resolve1
    from pdfminer.psparser import LIT

    for stream in page.contents:  # an array's items are references still; one to no object resolves to None
        yield "content stream", resolve1(stream)
    seen: set[int] = set()
    resources = [page.resources]
    while resources:
        res = resolve1(resources.pop())
        if not isinstance(res, dict):
            continue
        for font in (resolve1(res.get("Font")) or {}).values():
            yield from _font_streams(resolve1(font))
        for ref in (resolve1(res.get("XObject")) or {}).values():
            xobject = resolve1(ref)
            if not isinstance(xobject, PDFStream):
                yield "drawing (XObject)", None
            elif xobject.get("Subtype") is LIT("Form") and id(xobject) not in seen:
                seen.add(id(xobject))
                yield "form", xobject
                resources.append(xobject.get("Resources"))


def _font_streams(font) -> Iterator[tuple[str, object]]:
    """A font's Unicode map and font programs, its descendant fonts' too (None for one that cannot be found; a font
    or descriptor that cannot be found is given as a stream that cannot)."""
    from pdfminer.pdftypes import resolve1

    if not isinstance(font, dict):
        yield "font", None
        return
    if (widths := _widths_problem(font)) is not None:
        yield "font", widths
    if "ToUnicode" in font and not _is_name(font["ToUnicode"]):  # /Identity-H and the like name a map, not a stream
        yield "font's ToUnicode map", resolve1(font["ToUnicode"])
    if "FontDescriptor" in font:
        descriptor = resolve1(font["FontDescriptor"])
        if not isinstance(descriptor, dict):
            yield "font descriptor", None
            return
        for key in ("FontFile", "FontFile2", "FontFile3"):
            if key in descriptor:
                yield "font program", resolve1(descriptor[key])
    for descendant in resolve1(font.get("DescendantFonts")) or ():
        yield from _font_streams(resolve1(descendant))


def _widths_problem(font: dict) -> str | None:
    """What is wrong with a simple font's /Widths (one number per code from /FirstChar to /LastChar), or None: a
    damaged array moves every character after the first code it lacks."""
    from pdfminer.pdftypes import resolve1

    first, last, widths = (resolve1(font.get(k)) for k in ("FirstChar", "LastChar", "Widths"))
    if not (isinstance(first, int) and isinstance(last, int) and widths is not None):
        return None
    name = getattr(resolve1(font.get("BaseFont")), "name", "?")
    if not isinstance(widths, list) or len(widths) != last - first + 1 or \
            not all(isinstance(resolve1(w), (int, float)) for w in widths):
        return f"font {name}: its widths are damaged ({len(widths) if isinstance(widths, list) else 'no'} for " \
               f"{last - first + 1} codes)"
    return None


def _is_name(value) -> bool:
    from pdfminer.psparser import PSLiteral

    return isinstance(value, PSLiteral)


def _stream_problem(item: tuple[str, object], checked: dict[int, str | None]) -> str | None:
    """What is wrong with one stream, checked once per object."""
    from pdfminer.pdftypes import PDFStream

    what, stream = item
    if isinstance(stream, str):  # a problem found already (`_widths_problem`)
        return stream
    if not isinstance(stream, PDFStream):
        return f"a {what} cannot be found"
    key = stream.objid if stream.objid is not None else id(stream)
    if key not in checked:
        empty = stream.rawdata is not None and not stream.rawdata.strip()
        # an empty content stream draws nothing (a blank page); an empty font program or map was lost
        checked[key] = ("it is empty" if what.startswith("font") else None) if empty else _decode_problem(stream)
    return f"{what} {stream.objid}: {checked[key]}" if checked[key] else None


def _decode_problem(stream) -> str | None:
    """Why a stream's data does not decode whole through its filters, or None. Flate data must decompress to its
    end; the ASCII filters and LZW are decoded as pdfminer decodes them; past a filter of another kind (images'
    DCT, CCITT, JBIG2) nothing is checked."""
    from pdfminer.ascii85 import ascii85decode, asciihexdecode
    from pdfminer.lzw import lzwdecode

    if stream.rawdata is None:  # decoded already (pdfminer keeps only the result): read as it was
        return None
    data = stream.rawdata
    if stream.decipher:
        data = stream.decipher(stream.objid, stream.genno, data, stream.attrs)
    others = {"ASCII85Decode": ascii85decode, "A85": ascii85decode, "ASCIIHexDecode": asciihexdecode,
              "AHx": asciihexdecode, "LZWDecode": lzwdecode, "LZW": lzwdecode}
    for name, _ in stream.get_filters():
        name = str(getattr(name, "name", name))
        try:
            if name in FLATE:
                inflate = zlib.decompressobj()
                data = inflate.decompress(data)
                if not inflate.eof:
                    return "its data ends before the compressed data does (cut short)"
            elif name in others:
                data = others[name](data)
            else:
                return None
        except Exception as exc:  # zlib.error, ValueError, …: the data is not what its filter says
            return f"its data does not decode ({name}: {str(exc).split(': ')[-1]})"
    return None
