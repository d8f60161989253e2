"""Open a PDF and reduce each page to its words and ruling lines.

pdfplumber does the geometry; this module only converts its dicts into the
frozen records of `extract.model`, so later steps never touch pdfplumber.
"""
from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import replace
from operator import itemgetter
from pathlib import Path
from typing import TypeVar

import pdfplumber
from pdfplumber.utils import extract_words, line_to_edge, obj_to_edges
from pdfplumber.utils.exceptions import PdfminerException
from pdfminer.pdfdocument import PDFPasswordIncorrect

from extract.damage import caught, document_stream_damage
from extract.errors import UnreadableInputError
from extract.model import Limits, PageContent, Rule, Word
from extract.repair import rebuilt
from extract.rules import frame_edges, is_background, is_rectangle, merge_rules

C = TypeVar("C")  # a character as a reader holds it: pdfplumber's dict, the pdfium reader's list

# pdfplumber's word grouping: characters closer than this (points) belong to one word.
WORD_X_TOLERANCE = 1.5
# pdfplumber's extract_words y_tolerance (its default): characters whose tops are within this many points of a
# line's first top are on that line; within a line, a character whose top is further than this from the previous
# one starts a word.
WORD_Y_TOLERANCE = 3.0
# A superscript figure is at most this share of the height of the character before it, and its foot is raised by at
# least this share of that height (typesetters set it at 0.6-0.7 of the size, browsers' <sup> at 0.83 or, in
# WeasyPrint, 0.9; all raise it by a third of an em or more).
SUPERSCRIPT_SIZE = 0.95
SUPERSCRIPT_RAISE = 0.3
SUPERSCRIPT_FORMS = dict(zip("0123456789+-−=()", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾"))


@contextmanager
def open_pdf(path: str | Path, password: str | None = None, limits: Limits = Limits()) -> Iterator[pdfplumber.PDF]:
    """Open `path` with pdfplumber, turning every failure to open into UnreadableInputError. A damaged file that
    pdfminer cannot open is rebuilt first (`extract.repair`); the PDF yielded then carries, as `rebuilt_damage`,
    what its pages lack."""
    path = Path(path)
    _check_is_pdf_file(path)
    with ExitStack() as stack:
        try:
            pdf = pdfplumber.open(path, password=password or "")
            n_pages = len(pdf.pages)
        except (PDFPasswordIncorrect, PdfminerException) as exc:
            if _is_password_error(exc):
                reason = "the password is wrong" if password else "the PDF is encrypted; give its password with --password"
                raise UnreadableInputError(f"{path}: {reason}") from None
            pdf, n_pages = _open_rebuilt(stack, path, password, _cause_name(exc))
        except Exception as exc:  # pdfminer raises many kinds (PSEOF, PDFSyntaxError, KeyError, …) on a damaged file
            pdf, n_pages = _open_rebuilt(stack, path, password, type(exc).__name__)
        stack.callback(pdf.close)
        if n_pages == 0:
            raise UnreadableInputError(f"{path}: the PDF has no pages")
        if n_pages > limits.max_pages:
            raise UnreadableInputError(f"{path}: {n_pages} pages, more than --max-pages {limits.max_pages}")
        yield pdf


def _open_rebuilt(stack: ExitStack, path: Path, password: str | None, cause: str) -> tuple[pdfplumber.PDF, int]:
    """pdfplumber's PDF of `path` rebuilt (`extract.repair.rebuilt`, kept while `stack` is open), and its page
    count; UnreadableInputError naming `cause` (why pdfminer could not open it) when it cannot be rebuilt."""
    fixed = stack.enter_context(rebuilt(path, password))
    if fixed is None:
        raise UnreadableInputError(f"{path}: damaged PDF, cannot be opened ({cause})")
    try:
        pdf = pdfplumber.open(fixed.path)
        n_pages = len(pdf.pages)
    except Exception:
        raise UnreadableInputError(f"{path}: damaged PDF, cannot be opened ({cause})") from None
    pdf.rebuilt_damage = fixed.damage
    return pdf, n_pages


def _is_password_error(exc: Exception) -> bool:
    """pdfplumber wraps pdfminer's PDFPasswordIncorrect in a PdfminerException: look inside."""
    inner = exc.args[0] if isinstance(exc, PdfminerException) and exc.args else exc
    return isinstance(inner, PDFPasswordIncorrect) or isinstance(exc.__cause__, PDFPasswordIncorrect)


def _cause_name(exc: Exception) -> str:
    inner = exc.args[0] if isinstance(exc, PdfminerException) and exc.args else exc
    return type(inner).__name__ if isinstance(inner, Exception) else type(exc).__name__


def _check_is_pdf_file(path: Path) -> None:
    """Fail early, in words a user understands, on what is not a PDF file at all."""
    if not path.exists():
        raise UnreadableInputError(f"{path}: no such file")
    if path.is_dir():
        raise UnreadableInputError(f"{path}: is a folder, not a PDF")
    try:
        with path.open("rb") as f:
            head = f.read(1024)
    except OSError as exc:
        raise UnreadableInputError(f"{path}: cannot be read ({exc.strerror})") from None
    if not head:
        raise UnreadableInputError(f"{path}: empty file")
    if b"%PDF-" not in head:
        raise UnreadableInputError(f"{path}: not a PDF (it does not start with %PDF-)")


def scan_reason(path: Path, scanned: int, n_pages: int, hint: str) -> str | None:
    """Why no table was read when at least half the pages are images with no text layer (a scan), with `hint`
    (what to do about it); None otherwise."""
    if scanned and scanned * 2 >= n_pages:
        return f"{path}: {scanned} of {n_pages} pages are images with no text layer (a scan?); {hint}"
    return None


def damaged_reason(path: Path, damaged: list[int], n_pages: int) -> str | None:
    """Why no table was read when some pages are damaged (`PageContent.damage`): the file is, in effect, unreadable."""
    if not damaged:
        return None
    pages = ", ".join(map(str, damaged[:10])) + (", …" if len(damaged) > 10 else "")
    return f"{path}: damaged PDF, no table could be read ({len(damaged)} of {n_pages} pages damaged: {pages})"


def read_pages(pdf: pdfplumber.PDF, path: Path, limits: Limits = Limits(), first: int = 1,
               last: int | None = None) -> Iterator[PageContent]:
    """Yield the content of pages first..last (1-based, inclusive) in order, one at a time (nothing holds
    every page's objects at once), each read by `guarded_page`."""
    damage = plumber_damage(pdf)
    for pdf_page in pdf.pages[first - 1:last]:
        try:
            yield guarded_page(path, pdf_page.page_number, limits, lambda: page_to_content(pdf_page),
                               damage.get(pdf_page.page_number, ()))
        finally:
            pdf_page.close()


def plumber_damage(pdf: pdfplumber.PDF) -> dict[int, tuple[str, ...]]:
    """Per page of a PDF pdfplumber opened (`open_pdf`), its damaged streams (`extract.damage`) and, for a file
    rebuilt, what it lacks (`extract.repair`)."""
    return _merged_damage(document_stream_damage(pdf.doc, len(pdf.pages)), getattr(pdf, "rebuilt_damage", {}))


def _merged_damage(*damages: dict[int, tuple[str, ...]]) -> dict[int, tuple[str, ...]]:
    """Per page, the damage of every mapping given, in order."""
    merged: dict[int, tuple[str, ...]] = {}
    for damage in damages:
        for page, said in damage.items():
            merged[page] = merged.get(page, ()) + said
    return merged


def guarded_page(path: Path, number: int, limits: Limits, read: Callable[[], PageContent],
                 known: tuple[str, ...] = ()) -> PageContent:
    """Page `number` as `read` gives it, within `limits.page_seconds`, with what the PDF libraries said while it
    was read, and the damage `known` before, as its `damage` (`extract.damage`). A page that cannot be parsed is
    an empty page whose damage says why: the rest of the document is still read. Over the time limit, the run
    stops with UnreadableInputError naming the page."""
    with caught() as said:
        try:
            with time_limit(limits.page_seconds):
                page = read()
        except PageTimeout:
            raise UnreadableInputError(f"{path}: page {number} took longer than {limits.page_seconds:g} s "
                                       "to parse (raise it with --page-seconds)") from None
        except UnreadableInputError:
            raise
        except Exception as exc:
            page = PageContent(number, 0.0, 0.0, (), (), damage=(f"it cannot be read ({type(exc).__name__})",))
    damage = page.damage + known + tuple(said)
    return replace(page, damage=damage) if damage else page


class PageTimeout(Exception):
    pass


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Interrupt the block after `seconds` (a SIGALRM timer; only in the main thread, elsewhere no limit)."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def _raise(signum, frame):
        raise PageTimeout()

    previous = signal.signal(signal.SIGALRM, _raise)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def page_to_content(page: pdfplumber.page.Page) -> PageContent:
    """Given a pdfplumber page, return its words and rules as plain records, the way round its text reads: as the
    page is drawn before any /Rotate (a landscape table stored on a rotated portrait page reads like any other),
    unless its text is upright as shown (a table drawn sideways that the /Rotate turns upright, ICDAR eu-015)."""
    width, height = float(page.width), float(page.height)
    chars, rules = page.chars, drawn_rules(page)
    turn = page.rotation % 360
    if turn in (90, 270) and 2 * sum(1 for c in chars if c.get("upright", True)) > len(chars):
        turn = 0  # pdfplumber gives the page as shown (its "upright" cannot tell a half turn: pdfminer's test)
    if turn:
        chars = [{**c, **_unrotate(c, turn, width, height), "upright": True} for c in chars]
        boxes = [_unrotate(r.__dict__, turn, width, height) for r in rules]
        rules = [Rule("h" if b["x1"] - b["x0"] >= b["bottom"] - b["top"] else "v", b["x0"], b["top"], b["x1"], b["bottom"])
                 for b in boxes]
        width, height = (height, width) if turn in (90, 270) else (width, height)
    marks = space_marks((c["x0"], c["top"]) for c in chars if c["text"] == " ")
    words = tuple(
        Word(w["text"], w["x0"], w["top"], w["x1"], w["bottom"], _space_after(w["x1"], w["top"], marks))
        for w in _extract_words(chars)
    )
    rules = merge_rules(rules)
    cover = max(((i["x1"] - i["x0"]) * (i["bottom"] - i["top"]) for i in page.images), default=0.0)
    return PageContent(page.page_number, width, height, words, rules, len(page.images),
                       image_cover=min(1.0, cover / (width * height)))  # pdfminer does not tell invisible text


def _extract_words(chars: list[dict]) -> list[dict]:
    """pdfplumber's extract_words, one text line (`chars_by_line`) at a time: pdfplumber chains tops within its
    tolerance into one line, so header labels centred in cells of different heights, 3 pt apart each, made one line
    of two whose characters interleave ("Targ" "2" "e" "0" …); upright characters only (others it groups itself);
    a superscript figure in its base's word (`superscripts`)."""
    raised = superscripts([(c["text"], c["x0"], c["top"], c["x1"], c["bottom"]) for c in chars])
    chars = [{**c, "text": raised[i][0], "top": raised[i][1], "bottom": raised[i][2],
              "doctop": c["doctop"] - c["top"] + raised[i][1]} if i in raised else c for i, c in enumerate(chars)]
    lines = chars_by_line([c for c in chars if c.get("upright", True)], itemgetter("top"))
    others = [c for c in chars if not c.get("upright", True)]
    return [w for line in lines + [others] if line
            for w in extract_words(line, x_tolerance=WORD_X_TOLERANCE, keep_blank_chars=False)]


def superscripts(boxes: list[tuple[str, float, float, float, float]]) -> dict[int, tuple[str, float, float]]:
    """Which characters (text, x0, top, x1, bottom; in drawing order) are a superscript figure, as index -> (its
    superscript form, and the top and bottom of the character it is raised over): a digit or sign, at most
    SUPERSCRIPT_SIZE the height of the character drawn before it, right beside it (within WORD_X_TOLERANCE), its
    foot raised SUPERSCRIPT_RAISE of that height or more but within it. "10" then a small raised "5" reads
    "10⁵" (an exponent: 6,9 × 10⁵), not "105"; the box it gets lets it join its base's line and word. Both
    readers ask it."""
    out: dict[int, tuple[str, float, float]] = {}
    base = None  # the last character of normal size drawn
    for i, (text, x0, top, x1, bottom) in enumerate(boxes):
        if text.isspace():
            continue
        if base is not None and text in SUPERSCRIPT_FORMS:
            _, bx0, btop, bx1, bbottom = base
            height = bbottom - btop
            raised = btop < bottom <= bbottom - SUPERSCRIPT_RAISE * height
            if bx1 - 0.5 <= x0 <= bx1 + WORD_X_TOLERANCE and bottom - top <= SUPERSCRIPT_SIZE * height and raised:
                out[i] = (SUPERSCRIPT_FORMS[text], btop, bbottom)
                base = (text, bx0, btop, x1, bbottom)  # the next figure of the exponent follows this one
                continue
        base = (text, x0, top, x1, bottom)
    return out


def chars_by_line(chars: list[C], top_of: Callable[[C], float]) -> list[list[C]]:
    """The characters in their text lines, top to bottom, each line in the characters' order: a line takes the
    characters whose tops (`top_of`) are within WORD_Y_TOLERANCE of its first's (not chained from top to top,
    which runs lines 3 pt apart together). Both readers group so."""
    line_of: dict[float, int] = {}
    line, first = -1, 0.0
    for top in sorted({top_of(c) for c in chars}):
        if line < 0 or top > first + WORD_Y_TOLERANCE:
            line, first = line + 1, top
        line_of[top] = line
    lines: list[list[C]] = [[] for _ in range(line + 1)]
    for c in chars:
        lines[line_of[top_of(c)]].append(c)
    return lines


def drawn_rules(page: pdfplumber.page.Page) -> list[Rule]:
    """pdfplumber's edges of the page's lines, rectangles and curves as rules, less those of background fills
    (but for fills that make a ring, a border: `extract.rules.frame_edges`)."""
    # Only a rectangle can be a background (a filled "⊓" is a border); pdfminer calls a rectangle whose corners are a
    # few thousandths apart a curve, which pdfium reads as the rectangle it is.
    shapes, backgrounds = [], []
    for o in page.rects + page.curves:
        background = (o["object_type"] == "rect" or is_rectangle(o["pts"])) and \
            is_background(o["x1"] - o["x0"], o["bottom"] - o["top"], bool(o.get("fill")), bool(o.get("stroke")))
        (backgrounds if background else shapes).append(o)
    edges = [line_to_edge(o) for o in page.lines] + [e for o in shapes for e in obj_to_edges(o)]
    return [_edge_to_rule(e) for e in edges] + frame_edges([(o["x0"], o["top"], o["x1"], o["bottom"]) for o in backgrounds])


def _unrotate(obj: dict, turn: int, width: float, height: float) -> dict:
    """Given a box as shown on a page turned by `turn` degrees (width x height as shown), return it as drawn."""
    x0, top, x1, bottom = obj["x0"], obj["top"], obj["x1"], obj["bottom"]
    if turn == 90:
        return {"x0": top, "x1": bottom, "top": width - x1, "bottom": width - x0}
    if turn == 270:
        return {"x0": height - bottom, "x1": height - top, "top": x0, "bottom": x1}
    return {"x0": width - x1, "x1": width - x0, "top": height - bottom, "bottom": height - top}  # 180


def space_marks(spaces: Iterable[tuple[float, float]]) -> set[tuple[int, int]]:
    """Given the (x0, top) of each space character printed on a page, every rounded point within one point of one:
    a word ending on such a point has a space printed after it. Built once a page, so `_space_after` is one lookup."""
    return {(round(x) + dx, round(top) + dy) for x, top in spaces for dx in (-1, 0, 1) for dy in (-1, 0, 1)}


def _space_after(x1: float, top: float, marks: set[tuple[int, int]]) -> bool | None:
    """Is a space character printed where the word ends (its x1, top)? None when the page prints no spaces."""
    return (round(x1), round(top)) in marks if marks else None


def _edge_to_rule(edge: dict) -> Rule:
    orientation = "h" if edge["orientation"] == "h" else "v"
    return Rule(orientation, edge["x0"], edge["top"], edge["x1"], edge["bottom"])
