"""Read PDF pages with pdfium into the same `PageContent` records as `extract.pages`, about 6x faster.

Why: pdfminer (under pdfplumber) spends ~90 % of `lampiran extract` interpreting page content in Python; pdfium does
it in C. Later steps must read the same table either way, so this copies what pdfplumber reports: a character's box
is pdfminer's (pdfium's origin and advance; one font size high, hung from the descent pdfminer reads), words are
grouped as `extract_words` groups them, rules are pdfplumber's edges (of lines, rectangles, curves, in Form XObjects
too), a /Rotate page is read as drawn, and `space_after` means what `extract.pages._space_after` means.

pdfium's text layer is not pdfminer's; what it loses is restored: a text object of blank glyphs it skips (word
processors write spaces so), a printed space it replaced by a generated one, the space after a line-end hyphen it
deletes (the object reaches past the hyphen's ink), and the "-" of that hyphen. What cannot be restored makes
`pdfium_page_to_content` raise `NeedsPdfplumber`, and `read_pdfium_pages` reads that page with pdfplumber (so never
differently, only slower): text that is not upright; a text object pdfium left out (a repeated "fake bold" copy);
/ActualText (pdfium reads it, pdfminer not); a character with no Unicode mapping; a font whose descent pdfminer does
not give (Type3, one name with two descents); a /Rotate page whose MediaBox does not start at 0 0. Known, and not
restorable: pdfium truncates fractional /Widths (reportlab writes them), so x drifts up to ~0.01 pt a character along
a line; it drops a character drawn twice on itself, which pdfminer keeps.
"""
from __future__ import annotations

import ctypes
import re
import struct
from collections.abc import Iterator, Mapping
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from operator import itemgetter
from pathlib import Path
from types import MappingProxyType
from typing import NamedTuple

import pypdfium2 as pdfium
import pypdfium2.raw as fp

from extract.model import Limits, PageContent, Rule, Word
from extract.damage import stream_damage
from extract.pages import (WORD_X_TOLERANCE, WORD_Y_TOLERANCE, _check_is_pdf_file, _space_after, chars_by_line,
                           guarded_page, open_pdf, page_to_content, plumber_damage, read_pages, space_marks,
                           superscripts)
from extract.errors import UnreadableInputError
from extract.rules import frame_edges, is_background, is_rectangle, merge_rules

# A text object narrower or lower than this (points) draws no ink: blank glyphs, which pdfium's text layer skips
# (narrower than its kSizeEpsilon, 0.01) or merges into its own spaces.
EMPTY_WIDTH = 0.01
# What pdfium gives instead of the "-" of a hyphen it judged to end a line (FPDFText_GetUnicode, FPDFText_GetText).
LINE_END_HYPHENS = "\x02\ufffe"
# Text render modes that stroke outlines: pdfium widens such an object's bounds by half the line width.
STROKED = (fp.FPDF_TEXTRENDERMODE_STROKE, fp.FPDF_TEXTRENDERMODE_FILL_STROKE, fp.FPDF_TEXTRENDERMODE_STROKE_CLIP,
           fp.FPDF_TEXTRENDERMODE_FILL_STROKE_CLIP)
# A subset font's name starts with six capitals and "+" ("BAAAAA+TeXGyreBonum-Regular"); pdfium drops that tag.
SUBSET_TAG = re.compile(r"^[A-Z]{6}\+")

Char = list  # [text, x0, top, x1, bottom]: one printed character, as in pdfplumber's page.chars
Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _plain(func, restype, *argtypes):
    """`func` taking and returning plain ints: pypdfium2's typed wrappers cost ~30 % more a call, and a page makes
    several calls per character."""
    return ctypes.CFUNCTYPE(restype, *argtypes)(ctypes.cast(func, ctypes.c_void_p).value)


def _address(pointer) -> int:
    return ctypes.cast(pointer, ctypes.c_void_p).value


_P, _I = ctypes.c_void_p, ctypes.c_int
_is_generated, _map_error, _is_hyphen = (_plain(f, _I, _P, _I) for f in (
    fp.FPDFText_IsGenerated, fp.FPDFText_HasUnicodeMapError, fp.FPDFText_IsHyphen))
_unicode = _plain(fp.FPDFText_GetUnicode, ctypes.c_uint, _P, _I)
_text_object = _plain(fp.FPDFText_GetTextObject, _P, _P, _I)
_origin = _plain(fp.FPDFText_GetCharOrigin, _I, _P, _I, _P, _P)


class NeedsPdfplumber(Exception):
    """pdfium cannot give this page's content as pdfplumber reads it; the message says why."""


@dataclass
class PdfiumPDF:
    """An open document (None: pdfium cannot open it, pdfplumber reads every page), its page count, and what reading
    needs: the password (for a page read with pdfplumber), each font's descent as pdfminer reads it, and per page
    the damaged streams pdfium would read in silence (`extract.damage.stream_damage`)."""

    document: pdfium.PdfDocument | None
    password: str | None
    pages: int
    descents: Mapping[str, float | None]
    path: Path
    plumber: object = None  # pdfplumber's open PDF, when pdfium could not open the file (`extract.pages.open_pdf`)

    @cached_property
    def damage(self) -> Mapping[int, tuple[str, ...]]:
        """Per page, its damaged streams, found when pages are first read (not when the file is opened to count
        them), and, for a file rebuilt, what its pages lack (`extract.repair`)."""
        if self.plumber is None:
            return stream_damage(self.path, self.password, self.pages)
        return plumber_damage(self.plumber)


@contextmanager
def open_pdfium(path: str | Path, password: str | None = None, limits: Limits = Limits()) -> Iterator[PdfiumPDF]:
    """Open `path` with pdfium. What pdfium cannot open, pdfplumber's `open_pdf` names with its UnreadableInputError
    (pdfium's error codes can be stale ones), or opens and reads alone (pdfminer recovers some damaged files)."""
    path = Path(path)
    _check_is_pdf_file(path)
    try:
        document = pdfium.PdfDocument(path, password=password or None)
    except pdfium.PdfiumError:
        document = None
    try:
        if document is None or len(document) == 0:
            with open_pdf(path, password, limits) as plumber:
                yield PdfiumPDF(None, password, len(plumber.pages), {}, path, plumber)
        elif len(document) > limits.max_pages:
            raise UnreadableInputError(f"{path}: {len(document)} pages, more than --max-pages {limits.max_pages}")
        else:
            yield PdfiumPDF(document, password, len(document), font_descents(path, password), path)
    finally:
        if document is not None:
            document.close()


def read_pdfium_pages(pdf: PdfiumPDF, path: Path, limits: Limits = Limits(), first: int = 1,
                      last: int | None = None) -> Iterator[PageContent]:
    """Yield pages first..last (1-based, inclusive) as `extract.pages.read_pages` does (one at a time, the same errors,
    the same time limit a page); a page pdfium cannot read faithfully is read with pdfplumber."""
    with ExitStack() as stack:
        plumber = None

        def read(number: int) -> PageContent:
            nonlocal plumber
            try:
                return pdfium_page_to_content(pdf, number)
            except NeedsPdfplumber:
                plumber = plumber or pdf.plumber or stack.enter_context(open_pdf(path, pdf.password, limits))
                page = page_to_content(plumber_page := plumber.pages[number - 1])
                plumber_page.close()
                return page

        for number in range(first, (pdf.pages if last is None else min(last, pdf.pages)) + 1):
            yield guarded_page(path, number, limits, lambda: read(number), pdf.damage.get(number, ()))


# The page readers by name, each an (open, read pages) pair with the signatures of extract.pages' own.
READERS = {"pdfium": (open_pdfium, read_pdfium_pages), "pdfplumber": (open_pdf, read_pages)}


def pdfium_page_to_content(pdf: PdfiumPDF, number: int) -> PageContent:
    """Given page `number` (1-based), return what `extract.pages.page_to_content` would; NeedsPdfplumber where pdfium
    cannot give it (see the module docstring)."""
    if pdf.document is None:
        raise NeedsPdfplumber("pdfium cannot open the document")
    page = pdf.document[number - 1]
    try:
        x0, y0, x1, y1 = (_as_written(v) for v in page.get_mediabox())
        turned = page.get_rotation() % 360 != 0  # extract.pages reads a /Rotate page as drawn: pdfium's own space
        if turned and (x0, y0) != (0, 0):
            raise NeedsPdfplumber("a turned page whose MediaBox does not start at 0 0")
        fonts = _Fonts(pdf.descents, y1 - y0, turned)  # pdfplumber's top is the MediaBox height minus y
        textpage = page.get_textpage()
        try:
            chars, drawn, hyphens = _text_chars(textpage, fonts)
            rules, drawn_else = _page_objects(page.raw, fonts, drawn, hyphens, chars)
            rules = merge_rules(rules)
        finally:
            textpage.close()
    finally:
        page.close()
    marks = space_marks((c[1], c[2]) for c in chars if c[0] == " ")
    words = tuple(Word(t, a, top, b, bottom, _space_after(b, top, marks))
                  for t, a, top, b, bottom in chars_to_words(chars))
    width, height = x1 - x0, y1 - y0
    return PageContent(number, width, height, words, rules, drawn_else.images, damage=tuple(fonts.unloaded),
                       image_cover=min(1.0, drawn_else.image_area / (width * height)),
                       invisible_text=drawn_else.invisible_text)


@dataclass
class _Fonts:
    """One page's fonts, and the page height boxes flip on."""

    descents: Mapping[str, float | None]
    height: float
    turned: bool  # the page has a /Rotate: extract.pages orients its rules by their extent
    by_address: dict[int, float] = field(default_factory=dict)  # font -> pdfminer's descent per point of size
    unloaded: list[str] = field(default_factory=list)  # subset fonts whose embedded program pdfium could not load

    def text_object(self, obj: int, abcd: tuple[float, float, float, float]) -> tuple:
        """(font, size, a, b, c, d, descent) of a text object; NeedsPdfplumber if not upright or of unknown descent."""
        a, b, c, d = abcd
        if not (a * d > 0 and b * c <= 0):  # pdfminer's test of an upright character
            raise NeedsPdfplumber("text that is not upright")
        text_object, size = ctypes.cast(obj, fp.FPDF_PAGEOBJECT), ctypes.c_float()
        font = fp.FPDFTextObj_GetFont(text_object)
        fp.FPDFTextObj_GetFontSize(text_object, size)
        if (key := _address(font)) not in self.by_address:
            fp.FPDFFont_GetBaseFontName(font, name := ctypes.create_string_buffer(256), 256)
            name = name.value.decode("latin-1")
            if SUBSET_TAG.match(name) and not fp.FPDFFont_GetIsEmbedded(font):  # a subset is embedded, or damaged
                self.unloaded.append(f"font {name}: its program could not be loaded")
            if self.descents.get(name := SUBSET_TAG.sub("", name)) is None:
                raise NeedsPdfplumber(f"font {name!r}: pdfminer's descent is not known")
            self.by_address[key] = self.descents[name]
        return key, size.value, a, b, c, d, self.by_address[key] * size.value

    def char(self, text: str, matrix: Matrix, advance: float, descent: float, size: float) -> Char:
        """pdfminer's LTChar box: (0, descent) to (advance, descent + size) in text space, through the matrix."""
        a, b, c, d, e, f = matrix
        high = descent + size
        xa, ya, xb, yb = c * descent + e, d * descent + f, a * advance + c * high + e, b * advance + d * high + f
        return [text, min(xa, xb), self.height - max(ya, yb), max(xa, xb), self.height - min(ya, yb)]


def _text_chars(page: pdfium.PdfTextPage, fonts: _Fonts) -> tuple[list[Char], set[int], dict[int, tuple]]:
    """The printed characters of the text layer, the text objects drawn, and the line-end hyphens ending their object
    (object -> (index in the characters, right of its ink)). Generated spaces are left out, or printed where they
    replaced a printed one (then the item they stand before, at their origin, is gone)."""
    textpage, handle, count = page.raw, _address(page.raw), fp.FPDFText_CountChars(page.raw)
    text = page.get_text_range(0, count) if count else ""
    if len(text) != count:  # the bulk text skips control characters: ask character by character
        text = "".join(chr(_unicode(handle, i)) for i in range(count))
    x, y, width, matrix, box = ctypes.c_double(), ctypes.c_double(), ctypes.c_float(), fp.FS_MATRIX(), fp.FS_RECTF()
    px, py, ink = ctypes.addressof(x), ctypes.addressof(y), [ctypes.c_double() for _ in range(4)]
    objects, widths, chars, hyphens, last, gap = {}, {}, [], {}, None, None

    def info(key: int, i: int) -> tuple:
        if key not in objects:
            fp.FPDFText_GetMatrix(textpage, i, matrix)
            objects[key] = fonts.text_object(key, (matrix.a, matrix.b, matrix.c, matrix.d))
        return objects[key]

    def printed_space(gap: tuple) -> Char:
        _, size, a, b, c, d, descent = info(gap[0], gap[3])
        return fonts.char(" ", (a, b, c, d, gap[1], gap[2]), 0.0, descent, size)

    for i, ch in enumerate(text):
        if ch in " \r\n" and _is_generated(handle, i):
            if ch == " " and (obj := _text_object(handle, i)):  # generated inside an object
                _origin(handle, i, px, py)
                gap = (obj, x.value, y.value, i)
            continue
        if _map_error(handle, i):
            raise NeedsPdfplumber("a character has no Unicode mapping")
        key, hyphen = _text_object(handle, i), ch in LINE_END_HYPHENS or ch == "\x00"
        hyphens.pop(key, None)  # more of the object follows: the hyphen before lost no space
        if hyphen and (ch == "\x00" or not _is_hyphen(handle, i)):
            raise NeedsPdfplumber("a character with no text")
        ch = "-" if hyphen else ch
        font, size, a, b, c, d, descent = objects.get(key) or info(key, i)
        _origin(handle, i, px, py)
        e, f = x.value, y.value
        if gap is not None:
            chars += [printed_space(gap)] if gap[:3] != (key, e, f) else []
            gap = None
        if last == (key, e, f):  # one code printing several characters ("fi"): pdfminer's one character
            fp.FPDFText_GetLooseCharBox(textpage, i, box)
            chars[-1][0], chars[-1][3] = chars[-1][0] + ch, max(chars[-1][3], box.right)
            continue
        last = (key, e, f)
        if hyphen:
            fp.FPDFText_GetCharBox(textpage, i, *ink)
            hyphens[key] = (len(chars), ink[1].value)
        if (advance := widths.get((font, ch))) is None:
            fp.FPDFFont_GetGlyphWidth(ctypes.cast(font, fp.FPDF_FONT), ord(ch), 1.0, width)
            advance = widths[font, ch] = width.value
        if b == 0 and c == 0 and a > 0:  # the common case of _Fonts.char, inline for speed
            low, high = f + d * descent, f + d * (descent + size)
            chars.append([ch, e, fonts.height - max(low, high), e + a * advance * size, fonts.height - min(low, high)])
        else:
            chars.append(fonts.char(ch, (a, b, c, d, e, f), advance * size, descent, size))
    return chars + ([printed_space(gap)] if gap else []), set(objects), hyphens


def _page_objects(page, fonts: _Fonts, drawn: set[int], hyphens: dict, chars: list[Char]) -> tuple[list[Rule], Inventory]:
    """Walk the page's objects, into Form XObjects: return the rules and what else the page draws (`Inventory`), and
    add to `chars` the spaces of text objects the text layer skipped or cut short."""
    rules, backgrounds, m = [], [], fp.FS_MATRIX()
    images, cover, texts, invisible = 0, 0.0, 0, 0
    bounds = [ctypes.c_float() for _ in range(4)]

    def walk(objects: list, outer: Matrix) -> None:
        nonlocal images, cover, texts, invisible
        for obj in objects:
            kind = fp.FPDFPageObj_GetType(obj)
            if kind == fp.FPDF_PAGEOBJ_IMAGE:
                images += 1
                fp.FPDFPageObj_GetBounds(obj, *bounds)
                cover = max(cover, _area(outer, *(b.value for b in bounds)))
            if kind in (fp.FPDF_PAGEOBJ_PATH, fp.FPDF_PAGEOBJ_FORM, fp.FPDF_PAGEOBJ_TEXT):
                fp.FPDFPageObj_GetMatrix(obj, m)
                matrix = _concat((m.a, m.b, m.c, m.d, m.e, m.f), outer)
                if kind == fp.FPDF_PAGEOBJ_PATH:
                    edges, filled = path_to_rules(obj, matrix, fonts.height, fonts.turned)
                    rules.extend(edges)
                    backgrounds.extend(filled)
                elif kind == fp.FPDF_PAGEOBJ_FORM:
                    walk([fp.FPDFFormObj_GetObject(obj, j) for j in range(fp.FPDFFormObj_CountObjects(obj))], matrix)
                else:
                    texts += 1
                    invisible += fp.FPDFTextObj_GetTextRenderMode(obj) == fp.FPDF_TEXTRENDERMODE_INVISIBLE
                    chars.extend(_lost_spaces(obj, matrix, outer, fonts, drawn, hyphens, chars))

    walk([fp.FPDFPage_GetObject(page, i) for i in range(fp.FPDFPage_CountObjects(page))], IDENTITY)
    return rules + frame_edges(backgrounds), Inventory(images, cover, invisible / texts if texts else None)


class Inventory(NamedTuple):
    """What a page draws besides text and rules, for `PageContent`: its images, the area of the largest (points
    squared), and the share of its text objects drawn invisible (an OCR layer), None with no text."""

    images: int
    image_area: float
    invisible_text: float | None


def _area(outer: Matrix, left: float, bottom: float, right: float, top: float) -> float:
    """The area of a box (object bounds in the space of `outer`) in page space."""
    xs, ys = zip(*((outer[0] * u + outer[2] * v + outer[4], outer[1] * u + outer[3] * v + outer[5])
                   for u in (left, right) for v in (bottom, top)))
    return (max(xs) - min(xs)) * (max(ys) - min(ys))


def _lost_spaces(obj, matrix: Matrix, outer: Matrix, fonts: _Fonts, drawn: set[int], hyphens: dict,
                 chars: list[Char]) -> list[Char]:
    """The space a text object prints that the text layer lost: a skipped object of blank glyphs, or the space after
    a line-end hyphen (the object reaches past the hyphen's ink)."""
    marks = (fp.FPDFPageObj_GetMark(obj, i) for i in range(fp.FPDFPageObj_CountMarks(obj)))
    if any(fp.FPDFPageObjMark_GetParamValueType(mark, b"ActualText") != fp.FPDF_OBJECT_UNKNOWN for mark in marks):
        raise NeedsPdfplumber("text under /ActualText")
    if (key := _address(obj)) in drawn and key not in hyphens:
        return []
    fp.FPDFPageObj_GetBounds(obj, *(bounds := [ctypes.c_float() for _ in range(4)]))
    left, bottom, right, top = (v.value for v in bounds)
    if key in hyphens:
        if fp.FPDFTextObj_GetTextRenderMode(obj) in STROKED:
            raise NeedsPdfplumber("a stroked line-end hyphen")
        index, ink_right = hyphens[key]
        reach = max(outer[0] * u + outer[2] * v + outer[4] for u in (left, right) for v in (bottom, top))
        _, hyphen_top, hyphen_x1, hyphen_bottom = chars[index][1:]
        return [[" ", hyphen_x1, hyphen_top, hyphen_x1, hyphen_bottom]] if reach > ink_right + EMPTY_WIDTH else []
    if right - left >= EMPTY_WIDTH and top - bottom >= EMPTY_WIDTH:
        raise NeedsPdfplumber("pdfium left a text object out of its text layer")
    font, size, *_, descent = fonts.text_object(key, matrix[:4])
    fp.FPDFFont_GetGlyphWidth(ctypes.cast(font, fp.FPDF_FONT), ord(" "), size, width := ctypes.c_float())
    return [fonts.char(" ", matrix, width.value, descent, size)]


def path_to_rules(path, matrix: Matrix, height: float, turned: bool = False) -> tuple[list[Rule], list[tuple]]:
    """Given a path object and its matrix to page space, return pdfplumber's edges of it as rules: each straight piece
    of each subpath, a curve by its end points (pdfminer drops control points), a closed subpath's closing side; and
    the boxes of its subpaths that are background fills (their edges are no rules). As in `extract.pages`, a piece
    that is not horizontal is "v" (on a `turned` page: not wider)."""
    a, b, c, d, e, f = matrix
    x, y, subpaths, bezier = ctypes.c_float(), ctypes.c_float(), [], 0
    for i in range(fp.FPDFPath_CountSegments(path)):
        segment = fp.FPDFPath_GetPathSegment(path, i)
        kind = fp.FPDFPathSegment_GetType(segment)
        bezier = bezier + 1 if kind == fp.FPDF_SEGMENT_BEZIERTO else 0
        if bezier % 3:
            continue  # a control point
        fp.FPDFPathSegment_GetPoint(segment, x, y)
        point = (a * x.value + c * y.value + e, height - (b * x.value + d * y.value + f))
        if kind == fp.FPDF_SEGMENT_MOVETO or not subpaths:
            subpaths.append([point])
        else:
            subpaths[-1].append(point)
        if fp.FPDFPathSegment_GetClose(segment):  # pdfium closes with a point back at the start; pdfminer reads a
            points = subpaths[-1]                 # closed single segment ("m l h") as one line, not two
            while len(points) > 1 and points[-1] == points[0]:
                points.pop()
            points += points[:1] if len(points) > 2 else []
    fp.FPDFPath_GetDrawMode(path, fill := ctypes.c_int(), stroke := ctypes.c_int())
    rules, backgrounds = [], []
    for points in subpaths:  # pdfminer judges each subpath of a path as a shape of its own
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        if is_rectangle(points) and is_background(max(xs) - min(xs), max(ys) - min(ys), fill.value != 0, bool(stroke.value)):
            backgrounds.append((min(xs), min(ys), max(xs), max(ys)))
            continue
        rules += [Rule("h" if (abs(xb - xa) >= abs(yb - ya) if turned else ya == yb) else "v", min(xa, xb), min(ya, yb),
                       max(xa, xb), max(ya, yb)) for (xa, ya), (xb, yb) in zip(points, points[1:])]
    return rules, backgrounds


def _as_written(value: float) -> float:
    """pdfium keeps page boxes as 32-bit floats (609.9874 becomes 609.98742676): the shortest decimal giving the same
    32-bit float, i.e. the number the PDF wrote, which pdfplumber reports."""
    for digits in range(1, 10):
        if struct.unpack("f", struct.pack("f", shortest := float(f"{value:.{digits}g}")))[0] == value:
            return shortest
    return value


def _concat(inner: Matrix, outer: Matrix) -> Matrix:
    """The matrix applying `inner`, then `outer`."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F


def chars_to_words(chars: list[Char]) -> list[Char]:
    """Given characters in drawing order, return the words `extract.pages` reads with pdfplumber: lines of
    characters as `chars_by_line` groups them, each read left to right; a word ends at a blank character, a gap wider
    than WORD_X_TOLERANCE, or a top more than WORD_Y_TOLERANCE from the previous character's; a superscript figure
    in its base's word (`extract.pages.superscripts`)."""
    raised = superscripts(chars)
    chars = [[raised[i][0], c[1], raised[i][1], c[3], raised[i][2]] if i in raised else c for i, c in enumerate(chars)]
    lines = chars_by_line(chars, itemgetter(2))
    words: list[Char] = []
    for line_chars in lines:
        word, last_x1, last_top = None, 0.0, 0.0
        for text, x0, top, x1, bottom in sorted(line_chars, key=itemgetter(1)):
            if text.isspace():
                word = None
                continue
            if word is not None and x0 <= last_x1 + WORD_X_TOLERANCE and abs(top - last_top) <= WORD_Y_TOLERANCE:
                word[0] += text
                if top < word[2]:  # min() and max() as comparisons: this runs once a character
                    word[2] = top
                if x1 > word[3]:
                    word[3] = x1
                if bottom > word[4]:
                    word[4] = bottom
            else:
                words.append(word := [text, x0, top, x1, bottom])
            last_x1, last_top = x1, top
    return words


def font_descents(path: Path, password: str | None) -> Mapping[str, float | None]:
    """Each font's descent per point of size as pdfminer computes it (pdfplumber's boxes hang from it), by BaseFont
    name without subset tag; None where fonts of one name disagree. Not pdfium's: it replaces a descriptor's zero
    Ascent and Descent by glyph extents, where pdfminer keeps zero.

    Every page is walked (a name met on page 1 may have another descent on page 800), ~0.4 ms a page: so the
    result is kept per file version, and the processes forked to read a share of the pages inherit it."""
    stat = path.stat()
    return _font_descents(path.resolve(), password, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=8)
def _font_descents(path: Path, password: str | None, mtime_ns: int, size: int) -> Mapping[str, float | None]:
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfinterp import PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import PDFStream, resolve1
    from pdfminer.psparser import LIT

    manager, descents, seen = PDFResourceManager(caching=True), {}, set()

    def visit(resources) -> None:
        resources = resolve1(resources) if isinstance(resolve1(resources), dict) else {}
        for ref in (resolve1(resources.get("Font")) or {}).values():
            if not isinstance(spec := resolve1(ref), dict) or spec.get("Subtype") is LIT("Type3"):
                continue  # pdfium names Type3 fonts otherwise; their pages go to pdfplumber
            try:
                font = manager.get_font(getattr(ref, "objid", None), spec)
            except Exception:  # pdfminer cannot read the font: its pages go to pdfplumber, which reads them alike
                continue
            descent = None if font.is_vertical() else font.get_descent()  # pdfminer stacks vertical text downwards
            for name in {str(getattr(font, "basefont", "")), str(getattr(spec.get("BaseFont"), "name", ""))}:
                name = SUBSET_TAG.sub("", name)  # pdfium names a Type0 font by its BaseFont, pdfminer by its CIDFont's
                descents[name] = descent if descents.get(name, descent) == descent else None
        for ref in (resolve1(resources.get("XObject")) or {}).values():
            if isinstance(xobject := resolve1(ref), PDFStream) and xobject.get("Subtype") is LIT("Form") \
                    and id(xobject) not in seen:
                seen.add(id(xobject))
                visit(xobject.get("Resources"))

    try:
        with path.open("rb") as f:
            for page in PDFPage.create_pages(PDFDocument(PDFParser(f), password or "")):
                visit(page.resources)
    except Exception:  # a document pdfminer cannot read: every page goes to pdfplumber, which says so
        return MappingProxyType({})
    return MappingProxyType(descents)
