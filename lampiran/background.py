"""Extract PDFs in child processes, one document ahead of the caller.

Why: to validate and write a dataset, `lampiran extract` imports pandas, pandera and pyarrow, which
takes about as long as reading a 27-page Lampiran (~0.6 s on a 2-core machine). Started first, a child reads the
PDF while this process imports them: on two cores, a short document takes about half as long (issue 6). In a batch, the next
document's child reads while this process validates and writes the last one. A child per document also confines
a crash in a PDF library (pdfium is C code) to its document, and gives its memory back when it ends.

The children are forked: nothing is pickled on the way in, only the Extraction (or the error) on the way out.
"""
from __future__ import annotations

import multiprocessing
import signal
import time
import traceback
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from extract.errors import LampiranError, UnreadableInputError
from lampiran.options import ExtractOptions
from normalize.model import Extraction


class ChildBug(Exception):
    """An error the child did not expect (a bug). It carries the child's traceback as text: the exception itself
    may not survive pickling."""

    def __init__(self, message: str, child_traceback: str) -> None:
        super().__init__(message)
        self.child_traceback = child_traceback

    def __reduce__(self):  # pickled with both arguments (Exception's own pickling passes only the message)
        return ChildBug, (str(self), self.child_traceback)


class _Child:
    """One document being extracted in a forked child process."""

    def __init__(self, pdf: Path, options: ExtractOptions, keep_tables: bool) -> None:
        context = multiprocessing.get_context("fork")
        self.pdf, self.started = pdf, time.perf_counter()
        self._results, sender = context.Pipe(duplex=False)
        self._process = context.Process(target=_extract, args=(sender, pdf, options, keep_tables), name=f"lampiran {pdf}")
        self._process.start()
        sender.close()  # the child holds the only sending end: its end means end of file here

    def result(self) -> Extraction:
        """Wait for the child; return its Extraction or raise its error."""
        try:
            outcome, value = self._results.recv()
        except EOFError:
            self._process.join()
            raise UnreadableInputError(f"{self.pdf}: the process reading it ended without a result "
                                       f"({_how_it_ended(self._process.exitcode)})") from None
        finally:
            self._results.close()
        self._process.join()
        if outcome == "error":
            raise value
        return value


class Children:
    """Extract `files` in order, each in its own child: the next file's child starts as soon as `take` hands a
    result over, so that it reads while the caller validates and writes. `keep_tables`: keep the page tables in the
    Extraction (the review page needs them; otherwise they are dropped before crossing back)."""

    def __init__(self, files: Iterable[Path], options: ExtractOptions, keep_tables: bool = False) -> None:
        self._waiting = iter(files)
        self._options, self._keep_tables = options, keep_tables
        self._current: _Child | None = None
        self._start_next()

    def _start_next(self) -> None:
        pdf = next(self._waiting, None)
        self._current = None if pdf is None else _Child(pdf, self._options, self._keep_tables)

    def started(self) -> float:
        """When the next file's child started (time.perf_counter), for the seconds a document took."""
        return self._current.started if self._current else time.perf_counter()

    def take(self) -> Extraction:
        """The next file's Extraction (or its error raised); starts the child of the file after it."""
        child = self._current
        if child is None:
            raise LookupError("every file's extraction was taken")
        try:
            return child.result()
        finally:
            self._start_next()


def _extract(sender, pdf: Path, options: ExtractOptions, keep_tables: bool) -> None:
    """The child's work: extract `pdf` and send ("ok", Extraction) or ("error", exception)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C ends the child quietly; the parent reports it
    from lampiran.pipeline import extract_document  # imported here: this is the import the parent does not wait for

    try:
        extraction = extract_document(pdf, options)
        message = ("ok", extraction if keep_tables else replace(extraction, tables=[], row_bands={}))
    except LampiranError as exc:
        message = ("error", exc)
    except Exception as exc:
        message = ("error", ChildBug(f"{type(exc).__name__}: {exc}", traceback.format_exc()))
    try:
        sender.send(message)
    except BrokenPipeError:
        pass  # the parent is gone (killed): there is nobody to tell
    except Exception as exc:  # the result would not pickle: a bug, reported as one
        sender.send(("error", ChildBug(f"cannot send the result back ({type(exc).__name__}: {exc})", traceback.format_exc())))
    sender.close()


def _how_it_ended(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        return f"killed by {signal.Signals(-exitcode).name}"
    return f"exit status {exitcode}"
