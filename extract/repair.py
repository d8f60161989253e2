"""Rebuild a PDF that no reader can open, most often one cut short by a download, with qpdf (pikepdf), so the pages
that are there are read and those that are not are said to be missing.

Why: a truncated file has lost its cross-reference table and trailer, which pdfium and pdfminer need to find
anything; its first pages are whole. qpdf finds the objects by scanning the file. The page tree keeps its place
for every page: a page whose object was lost is drawn blank in the rebuilt file, so page numbers stay the
original's, and its damage says it is missing.
"""
from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

MISSING = "its page object cannot be found (the file is cut short or damaged there)"
REBUILT = "the file's cross-reference table or trailer is damaged: it was rebuilt by scanning the file (qpdf)"
NO_CONTENT = "it has no content stream: it was lost"
LOST_PAGE = "Pages tree includes non-dictionary object"  # qpdf's warning for a page whose object is lost


@dataclass(frozen=True)
class Rebuilt:
    """The rebuilt file, and per page number what it lacks (page 1's also says that the file was rebuilt)."""

    path: Path
    damage: dict[int, tuple[str, ...]]


@contextmanager
def rebuilt(path: Path, password: str | None) -> Iterator[Rebuilt | None]:
    """The file at `path` rebuilt into a temporary file while the block runs; None when qpdf cannot rebuild it
    (or it is encrypted and the password is wrong: the caller's own error says so).

    qpdf drops the pages whose objects it cannot find from the page tree and says so, one warning each, without
    their places: they are taken to be the last pages (a file cut short loses its end), drawn blank, and said to
    be missing. A page whose content stream qpdf had to cut or empty is said to be damaged."""
    import pikepdf

    try:
        pdf = pikepdf.open(path, password=password or "", attempt_recovery=True, suppress_warnings=True)
        pages = list(pdf.pages)
    except Exception:  # not rebuildable (no object at all), or a password matter
        yield None
        return
    with pdf, tempfile.TemporaryDirectory(prefix="lampiran-rebuilt-") as tmp:
        said = pdf.get_warnings()
        lost = sum(LOST_PAGE in w for w in said)
        if not pages:
            yield None
            return
        damage = {n: (MISSING,) for n in range(len(pages) + 1, len(pages) + lost + 1)}
        for n, page in enumerate(pages, start=1):
            if "/Contents" not in page.obj:  # qpdf drops a reference to an object it could not find
                damage[n] = (NO_CONTENT,)
            elif complaints := [w for w in said if any(_names(w, objgen) for objgen in _content_objects(page))]:
                damage[n] = (f"its content stream is damaged ({_after_object(complaints[-1])})",)
        damage[1] = (REBUILT + (f"; {lost} pages it names are lost: taken to be the last" if lost else ""),) + \
            damage.get(1, ())
        size = tuple(float(v) for v in pages[-1].mediabox)[2:]
        for _ in range(lost):
            pdf.add_blank_page(page_size=size)
        target = Path(tmp) / "rebuilt.pdf"
        pdf.save(target)
        yield Rebuilt(target, damage)


def _content_objects(page) -> list[tuple[int, int]]:
    """The (object, generation) numbers of a page's content streams, and of the page itself."""
    import pikepdf

    contents = page.obj.get("/Contents")
    streams = list(contents) if isinstance(contents, pikepdf.Array) else [contents] if contents is not None else []
    return [o.objgen for o in [page.obj, *streams] if o.is_indirect]


def _names(warning: str, objgen: tuple[int, int]) -> bool:
    """Does a qpdf warning ('file.pdf (object 47 0, offset 68932): …') concern object `objgen`?"""
    return f"object {objgen[0]} {objgen[1]}" in warning


def _after_object(warning: str) -> str:
    """qpdf's words, without the file name and object in front."""
    return warning.split("): ", 1)[-1].split(": ", 1)[-1]
