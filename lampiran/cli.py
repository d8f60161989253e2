"""The `lampiran` command: thin wrappers over the library.

Library code raises `LampiranError`s; only here do they become one line on
stderr and an exit code (see the README's table). `--debug` shows tracebacks.
"""
from __future__ import annotations

import sys
import time
import traceback
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import click

from extract.engines import ENGINES
from extract.pages import Limits
from extract.pdfium_pages import READERS
from lampiran.pipeline import ExtractOptions, extract_document
from lampiran.errors import LampiranError, OutputError, ValidationFailedError

EXIT_SOME_FAILED = 8  # several inputs, at least one failed
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
    seconds: float = 0.0
    folder: str = ""
    exit_code: int = 0
    note: str = ""


def debug_option(f):
    return click.option("--debug", is_flag=True, help="Show the full traceback of an error.")(f)


def engine_option(f):
    """The --engine and --reader options of the commands that read a Lampiran's columns, defined once."""
    f = click.option("--reader", type=click.Choice(list(READERS)), default="pdfium", show_default=True,
                     help="What reads each page's words and lines: pdfium (fast) or pdfplumber (the reference; "
                          "the same dataset, slower).")(f)
    return click.option("--engine", type=click.Choice(ENGINES), default="auto", show_default=True,
                        help="What reads the table pages: pdfplumber (auto: ruled grid or text layout per page) or "
                             "camelot (lattice, from the page image).")(f)


def pdf_options(f):
    """Options of every command that reads a PDF, defined once."""
    f = click.option("--password", default=None, help="Password of an encrypted PDF.")(f)
    f = click.option("--max-pages", type=click.IntRange(min=1), default=Limits.max_pages, show_default=True,
                     help="Refuse a PDF with more pages than this.")(f)
    f = click.option("--page-seconds", type=click.FloatRange(min=0), default=Limits.page_seconds, show_default=True,
                     help="Give up on a page that takes longer than this to parse (0: no limit).")(f)
    return f


@click.group()
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
@debug_option
def extract(inputs: tuple[Path, ...], out_dir: Path, password: str | None, engine: str, reader: str, max_pages: int,
            page_seconds: float, jobs: int, ocr: bool, review: bool, cross_check: bool, debug: bool) -> None:
    """Extract each PDF's Lampiran into OUT/<doc id>/ (dataset.json, tables as Parquet and CSV, datapackage.json).

    INPUTS are PDF files or folders of PDFs. A bad file is reported and the others go on.

    Example: lampiran extract samples/permendag-17-2024-lampiran.pdf --out output/
    """
    files = _expand(inputs)
    options = ExtractOptions(password, Limits(max_pages, page_seconds), engine, cross_check, jobs, ocr, reader)
    show_progress = len(files) > 1 and sys.stderr.isatty()
    with click.progressbar(files, label="extracting", file=sys.stderr, show_pos=True,
                           item_show_func=lambda f: f.name if f else "") if show_progress else _plain(files) as bar:
        written: dict[str, str] = {}  # doc id -> file, so one run never overwrites its own output
        outcomes = [_extract_one(f, out_dir, options, debug, written, review) for f in bar]
    _print_summary(outcomes)
    failed = [o for o in outcomes if o.exit_code]
    if failed:
        sys.exit(failed[0].exit_code if len(outcomes) == 1 else EXIT_SOME_FAILED)


@contextmanager
def _plain(items):
    """No progress bar (stderr is not a terminal, or there is one file): the items as they are."""
    yield items


def _expand(inputs: tuple[Path, ...]) -> list[Path]:
    files: list[Path] = []
    for item in inputs:
        files += sorted(p for p in item.iterdir() if p.suffix.lower() == ".pdf") if item.is_dir() else [item]
    return files


def _extract_one(pdf: Path, out_dir: Path, options: ExtractOptions, debug: bool, written: dict[str, str],
                 review: bool = False) -> Outcome:
    from lampiran.tidy import dataset_to_tables
    from lampiran.validate import dataset_problems
    from lampiran.write import write_dataset

    start = time.perf_counter()
    try:
        extraction = extract_document(pdf, options)
        dataset = extraction.dataset
        if problems := dataset_problems(dataset):
            raise ValidationFailedError(f"{pdf}: the dataset fails validation ({len(problems)} problems): " + "; ".join(problems[:5]))
        doc_id = dataset["doc"]["id"]
        if doc_id in written:
            raise OutputError(f"{pdf}: its document id {doc_id!r} was already written in this run from {written[doc_id]}; not overwritten")
        folder = write_dataset(dataset, dataset_to_tables(dataset), out_dir)
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
    rows = dataset["rows"]
    return Outcome(str(pdf), "ok", len(rows), sum(len(r["aksi"]) for r in rows), dataset["doc"]["source"]["pages"],
                   len(dataset["warnings"]), time.perf_counter() - start, str(folder), note=_cross_check_note(dataset, options))


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
    message = " ".join(str(exc).split()) or type(exc).__name__
    click.echo(f"lampiran: {prefix}{message}", err=True)


def _print_summary(outcomes: list[Outcome]) -> None:
    """One line per document: rows, aksi pairs, pages, warnings, seconds, status, where it went."""
    for o in outcomes:
        if o.status == "ok":
            click.echo(f"{o.file}: {o.rows} rows, {o.aksi} aksi pairs, {o.pages} pages, {o.warnings} warnings, "
                       f"{o.seconds:.2f} s -> {o.folder}")
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


from lampiran.review import review_command  # noqa: E402  (at the end: review takes its shared options from here)
main.add_command(review_command)

from tables.cli import tables_command  # noqa: E402  (at the end: tables takes its shared options from here)
main.add_command(tables_command)


if __name__ == "__main__":
    main()
