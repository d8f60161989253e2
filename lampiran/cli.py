"""The `lampiran` command: thin wrappers over the library.

Library code raises `LampiranError`s; only here do they become one line on
stderr and an exit code (see the README's table). `--debug` shows tracebacks.
"""
from __future__ import annotations

import importlib
import os
import sys
import time
import traceback
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import click

from extract.model import Limits
from lampiran.background import ChildBug, Children
from extract.errors import LampiranError, OutputError, ValidationFailedError
from lampiran.options import ExtractOptions, debug_option, engine_option, pdf_options

EXIT_SOME_FAILED = 8  # several inputs, at least one failed
EXIT_REJECTED_ROWS = 9  # written, with rows left out (listed in warnings as rejected_row)
EXIT_BUG = 70  # an error this tool did not expect: a bug to report
BUG_PREFIX = "unexpected error (a bug; run with --debug and report it): "


@dataclass
class Outcome:
    """What one document's extraction gave, for the summary table."""

    file: str
    status: str
    rows: int = 0
    aksi: int = 0
    pages: int = 0
    warnings: int = 0
    unread_words: int = 0
    rejected: int = 0
    seconds: float = 0.0
    folder: str = ""
    exit_code: int = 0
    note: str = ""


class LazyGroup(click.Group):
    """A command group that imports a subcommand's module only when that command runs (click's documented
    pattern): `lampiran extract` starts without loading the page rendering of `review` or the generic `tables`."""

    def __init__(self, *args, lazy: dict[str, str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = lazy  # command name -> "module:attribute"

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *self.lazy])

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in self.lazy:
            return super().get_command(ctx, name)
        module, attribute = self.lazy[name].split(":")
        return getattr(importlib.import_module(module), attribute)


@click.group(cls=LazyGroup, lazy={"review": "lampiran.review:review_command", "tables": "tables.cli:tables_command"})
@click.version_option(package_name="lampiran")
def main() -> None:
    """Turn the annex tables (Lampiran) of Indonesian regulations into validated, tidy datasets."""


@main.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", required=True, type=click.Path(path_type=Path), help="Folder to write <doc id>/ into.")
@pdf_options
@engine_option
@click.option("--jobs", type=click.IntRange(min=1), default=1, show_default=True,
              help="Processes to use: pages of one PDF, or several PDFs, are read in parallel.")
@click.option("--ocr", is_flag=True, help="Give scanned pages a text layer first (needs ocrmypdf and tesseract-ocr-ind).")
@click.option("--review", is_flag=True, help="Also write OUT/review-<doc id>.html (see `lampiran review`).")
@click.option("--cross-check", is_flag=True, help="Read the table pages with both engines and list every cell where "
                                                   "they disagree in the warnings.")
@click.option("--strict", is_flag=True, help="Write nothing when any row breaks the schemas (exit 5), instead of "
                                             "leaving such rows out and listing them as rejected_row (exit 9).")
@debug_option
def extract(inputs: tuple[Path, ...], out_dir: Path, password: str | None, engine: str, reader: str, max_pages: int,
            page_seconds: float, jobs: int, ocr: bool, review: bool, cross_check: bool, strict: bool, debug: bool) -> None:
    """Extract each PDF's Lampiran into OUT/<doc id>/ (dataset.json, tables as Parquet and CSV, datapackage.json).

    INPUTS are PDF files or folders of PDFs. A bad file is reported and the others go on.

    Example: lampiran extract samples/permendag-17-2024-lampiran.pdf --out output/
    """
    files = _expand(inputs)
    if not files:
        raise click.UsageError(f"no PDF files in {', '.join(map(str, inputs))}")
    options = ExtractOptions(password, Limits(max_pages, page_seconds), engine, cross_check, jobs, ocr, reader)
    show_progress = len(files) > 1 and sys.stderr.isatty()
    with click.progressbar(files, label="extracting", file=sys.stderr, show_pos=True,
                           item_show_func=lambda f: f.name if f else "") if show_progress else _plain(files) as bar:
        written: dict[str, str] = {}  # doc id -> file, so one run never overwrites its own output
        children = Children(files, options, keep_tables=review)  # reading starts now, before the imports below
        outcomes = [_extract_one(f, children, out_dir, options, debug, written, review, strict) for f in bar]
    _print_summary(outcomes)
    sys.exit(_exit_code(outcomes))


def _exit_code(outcomes: list[Outcome]) -> int:
    """0; a failed document's code (8 when there were several inputs); else 9 when rows were left out."""
    failed = [o for o in outcomes if o.exit_code]
    if failed:
        return failed[0].exit_code if len(outcomes) == 1 else EXIT_SOME_FAILED
    return EXIT_REJECTED_ROWS if any(o.rejected for o in outcomes) else 0


@contextmanager
def _plain(items):
    """No progress bar (stderr is not a terminal, or there is one file): the items as they are."""
    yield items


def _expand(inputs: tuple[Path, ...]) -> list[Path]:
    files: list[Path] = []
    for item in inputs:
        files += sorted(p for p in item.iterdir() if p.suffix.lower() == ".pdf") if item.is_dir() else [item]
    return files


def _extract_one(pdf: Path, children: Children, out_dir: Path, options: ExtractOptions, debug: bool,
                 written: dict[str, str], review: bool = False, strict: bool = False) -> Outcome:
    """Take `pdf`'s extraction from its child (which read it while the validation libraries were imported here),
    validate it and write it."""
    from lampiran.reject import checked_dataset
    from lampiran.validate import prepare_validation
    from lampiran.write import write_dataset

    prepare_validation()
    start = children.started()
    try:
        extraction = children.take()
        checked = checked_dataset(extraction.dataset, str(pdf), strict)
        dataset, tables = checked.dataset, checked.tables
        doc_id = dataset["doc"]["id"]
        if doc_id in written:
            raise OutputError(f"{pdf}: its document id {doc_id!r} was already written in this run from {written[doc_id]}; not overwritten")
        folder = write_dataset(dataset, tables, out_dir)
        written[doc_id] = str(pdf)
        if review:
            from lampiran.review import review_path, write_review
            write_review(extraction, pdf, review_path(extraction, out_dir), password=options.password)
    except LampiranError as exc:
        _report(exc, debug)
        return Outcome(str(pdf), exc.code, seconds=time.perf_counter() - start, exit_code=exc.exit_code)
    except Exception as exc:  # a bug: still one line, and the traceback on request
        _report(exc, debug, prefix=f"{pdf}: {BUG_PREFIX}")
        return Outcome(str(pdf), "bug", seconds=time.perf_counter() - start, exit_code=EXIT_BUG)
    rows, warnings = dataset["rows"], dataset["warnings"]
    return Outcome(str(pdf), "ok", len(rows), sum(len(r["aksi"]) for r in rows), dataset["doc"]["source"]["pages"],
                   len(warnings), unread_words(warnings), len(checked.rejected), time.perf_counter() - start,
                   str(folder), note=_cross_check_note(dataset, options))


def unread_words(warnings: list[dict]) -> int:
    """How many words of the PDF's text were read into no field (the reader's `unread_text` warnings count them)."""
    return sum(w.get("words", 0) for w in warnings if w["code"] == "unread_text")


def _cross_check_note(dataset: dict, options: ExtractOptions) -> str:
    if not options.cross_check:
        return ""
    n = sum(w["code"] == "engines_disagree" for w in dataset["warnings"])
    return f"cross-check: {n} cells read differently by pdfplumber and camelot (see warnings)" if n else \
        "cross-check: pdfplumber and camelot agree on every cell"


@contextmanager
def exits_on_error(debug: bool, what: Path | str = "", trouble: int | None = None):
    """Run a command's body; a LampiranError becomes one line and its exit code (or `trouble`, for diff),
    anything else one line and EXIT_BUG. (`extract` records the same per file instead, so a batch goes on.)"""
    try:
        yield
    except LampiranError as exc:
        _report(exc, debug)
        sys.exit(trouble if trouble is not None else exc.exit_code)
    except Exception as exc:  # a bug: still one line, and the traceback on request
        where = f"{what}: " if what else ""
        _report(exc, debug, prefix=f"{where}{BUG_PREFIX}")
        sys.exit(EXIT_BUG)


def _report(exc: BaseException, debug: bool, prefix: str = "") -> None:
    if debug:
        traceback.print_exception(exc, file=sys.stderr)
        if isinstance(exc, ChildBug):
            print(f"in the child process that read the PDF:\n{exc.child_traceback}", file=sys.stderr)
    message = " ".join(str(exc).split()) or type(exc).__name__
    click.echo(f"lampiran: {prefix}{message}", err=True)


def _print_summary(outcomes: list[Outcome]) -> None:
    """One line per document: rows, aksi pairs, pages, warnings, seconds, status, where it went."""
    for o in outcomes:
        if o.status == "ok":
            click.echo(f"{o.file}: {o.rows} rows, {o.aksi} aksi pairs, {o.pages} pages, {o.warnings} warnings, "
                       f"{o.unread_words} unread words, {o.seconds:.2f} s -> {o.folder}")
            if o.rejected:
                click.echo(f"  {o.rejected} rows left out: they break the schemas (see the rejected_row warnings)")
            if o.note:
                click.echo(f"  {o.note}")
        else:
            click.echo(f"{o.file}: FAILED ({o.status}), {o.seconds:.2f} s")
    if len(outcomes) > 1:
        width = max(len(o.file) for o in outcomes)
        click.echo(f"\n{'file':<{width}}  {'rows':>5}  {'warnings':>8}  {'seconds':>7}  status")
        for o in outcomes:
            click.echo(f"{o.file:<{width}}  {o.rows:>5}  {o.warnings:>8}  {o.seconds:>7.2f}  {o.status}")
        ok = sum(o.status == "ok" for o in outcomes)
        click.echo(f"{ok} of {len(outcomes)} documents extracted")


@main.command()
@click.argument("folder", type=click.Path(path_type=Path))
@debug_option
def validate(folder: Path, debug: bool) -> None:
    """Re-check an output folder (OUT/<doc id>/): dataset.json against its JSON Schema, the tables against their
    schemas, CSV against Parquet, and datapackage.json. Prints each problem; exits 5 when there is one.

    Example: lampiran validate output/permendag-17-2024
    """
    from lampiran.validate import folder_problems

    with exits_on_error(debug, folder):
        problems = folder_problems(folder)
    for line in problems:
        click.echo(line)
    if problems:
        click.echo(f"lampiran: {folder}: {len(problems)} problems", err=True)
        sys.exit(ValidationFailedError.exit_code)
    click.echo(f"{folder}: valid")


@main.command()
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=None, help="Also write diff.json, diff.md and diff.html here.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown", "html"]), default="text", show_default=True,
              help="What to print on stdout.")
@debug_option
def diff(old: Path, new: Path, out_dir: Path | None, fmt: str, debug: bool) -> None:
    """Compare two versions of a Lampiran row by row. OLD and NEW are each a PDF, a dataset.json or an output folder.

    Exits 0 when they match, 1 when they differ, 2 on trouble (70 on a bug).

    Example: lampiran diff output/permendag-17-2024 amended.pdf --format markdown
    """
    from diff.cli import diff_command

    with exits_on_error(debug, trouble=2):  # an input that cannot be read is "trouble", as diff(1) says
        code = diff_command(old, new, out_dir, fmt)
    sys.exit(code)


def run() -> None:
    """The `lampiran` script: `main`, then exit at once. By then every file is written and closed; Python's own
    teardown (freeing pandas', pyarrow's and pandera's modules: 0.2-0.4 s of a ~1.2 s run on the sample, on a
    2-core machine) would only delay the prompt.
    An exception that escapes `main` (none should) still goes through the normal exit and its traceback."""
    try:
        main()
    except SystemExit as exc:
        code = exc.code
    else:
        code = 0
    if not isinstance(code, int):  # sys.exit("message") or sys.exit(None), as Python itself treats them
        if code is not None:
            print(code, file=sys.stderr)
        code = 0 if code is None else 1
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # a closed pipe (`lampiran … | head`): nothing more can be said
        code = code or 1
    os._exit(code)


if __name__ == "__main__":
    run()
