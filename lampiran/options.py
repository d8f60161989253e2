"""How to read a PDF: the reading options as one frozen object, and the click options of the commands that take them.

Why a module of its own: every command that reads a PDF shares these, and `lampiran extract` must load them without
loading a PDF library or pandas, so that it can start reading in a child process a few hundredths of a second after
it starts (see `lampiran.background`).
"""
from __future__ import annotations

from dataclasses import dataclass

import click

from extract.engines import ENGINES
from extract.model import Limits
from extract.errors import UsageError

# What can read each page's words and lines (`extract.pdfium_pages.READERS` holds the functions behind each name).
READER_NAMES = ("pdfium", "pdfplumber")


@dataclass(frozen=True)
class ExtractOptions:
    """How to read a document: one validated settings object, built by the CLI or by a caller."""

    password: str | None = None
    limits: Limits = Limits()
    engine: str = "auto"
    cross_check: bool = False
    jobs: int = 1  # processes reading pages at once
    ocr: bool = False  # give scanned pages a text layer first (ocrmypdf)
    reader: str = "pdfium"  # how pages are read (READER_NAMES); "pdfplumber" is the reference

    @property
    def needs_camelot(self) -> bool:
        """Does camelot read the table pages too (its engine, or the cross-check)?"""
        return self.engine == "camelot" or self.cross_check

    def __post_init__(self) -> None:
        if self.jobs < 1:
            raise UsageError("--jobs must be 1 or more")
        if self.engine not in ENGINES:
            raise UsageError(f"unknown engine {self.engine!r}; choose from {', '.join(ENGINES)}")
        if self.reader not in READER_NAMES:
            raise UsageError(f"unknown reader {self.reader!r}; choose from {', '.join(READER_NAMES)}")


def debug_option(f):
    return click.option("--debug", is_flag=True, callback=_show_library_output,
                        help="Show the full traceback of an error, and what the PDF libraries say as they say it.")(f)


def _show_library_output(ctx: click.Context, param: click.Parameter, debug: bool) -> bool:
    """--debug: the PDF libraries' own messages go to stderr too (otherwise they become warnings only)."""
    from extract.damage import show_library_output

    show_library_output(debug)
    return debug


def reader_option(f):
    """The --reader option of every command that reads a PDF's tables."""
    return click.option("--reader", type=click.Choice(READER_NAMES), default="pdfium", show_default=True,
                        help="What reads each page's words and lines: pdfium (fast) or pdfplumber (the reference; "
                             "the same result, slower).")(f)


def engine_option(f):
    """The --engine and --reader options of the commands that read a Lampiran's columns."""
    f = reader_option(f)
    return click.option("--engine", type=click.Choice(ENGINES), default="auto", show_default=True,
                        help="What reads the table pages: pdfplumber (auto: ruled grid or text layout per page) or "
                             "camelot (lattice, from the page image).")(f)


def pdf_options(f):
    """Options of every command that reads a PDF."""
    f = click.option("--password", default=None, help="Password of an encrypted PDF.")(f)
    f = click.option("--max-pages", type=click.IntRange(min=1), default=Limits.max_pages, show_default=True,
                     help="Refuse a PDF with more pages than this.")(f)
    f = click.option("--page-seconds", type=click.FloatRange(min=0), default=Limits.page_seconds, show_default=True,
                     help="Give up on a page that takes longer than this to parse (0: no limit).")(f)
    return f
