"""The `lampiran` command: thin wrappers over the library.

Library code raises `LampiranError`s; only here do they become one line on
stderr and an exit code (see the README's table). `--debug` shows tracebacks.
"""
from __future__ import annotations

import importlib
import json
import os
import sys
import traceback
from contextlib import contextmanager
from pathlib import Path

import click

from extract.model import Limits
from lampiran.background import ChildBug
from extract.errors import LampiranError, ValidationFailedError
from lampiran.options import ExtractOptions, debug_option, engine_option, pdf_options

EXIT_SOME_FAILED = 8  # several inputs, at least one failed
EXIT_REJECTED_ROWS = 9  # written, with rows left out (listed in warnings as rejected_row)
EXIT_BUG = 70  # an error this tool did not expect: a bug to report
BUG_PREFIX = "unexpected error (a bug; run with --debug and report it): "


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
@click.option("--out", "out_dir", required=True, help="Folder (or fsspec URL, e.g. s3://bucket/corpus) to write "
                                                      "<doc id>/ and the manifest into.")
@pdf_options
@engine_option
@click.option("--jobs", type=click.IntRange(min=1), default=1, show_default=True,
              help="Processes to use: pages of one PDF, or several PDFs, are read in parallel.")
@click.option("--ocr", is_flag=True, help="Read the pages with no text layer (scans) or with text that cannot be trusted "
                                         "from their images first (needs ocrmypdf and tesseract-ocr-ind).")
@click.option("--review", is_flag=True, help="Also write OUT/review-<doc id>.html (see `lampiran review`).")
@click.option("--cross-check", is_flag=True, help="Read the table pages with both engines and list every cell where "
                                                   "they disagree in the warnings.")
@click.option("--strict", is_flag=True, help="Write nothing when any row breaks the schemas (exit 5), instead of "
                                             "leaving such rows out and listing them as rejected_row (exit 9).")
@click.option("--force", is_flag=True, help="Redo every PDF, also those the manifest says are unchanged.")
@click.option("--scheduler", metavar="ADDRESS", default=None,
              help="Send each PDF as a task to the Dask cluster whose scheduler is at ADDRESS (tcp://host:8786); "
                   "OUT must be a folder or URL every worker can reach.")
@debug_option
def extract(inputs: tuple[Path, ...], out_dir: str, password: str | None, engine: str, reader: str, max_pages: int,
            page_seconds: float, jobs: int, ocr: bool, review: bool, cross_check: bool, strict: bool, force: bool,
            scheduler: str | None, debug: bool) -> None:
    """Extract each PDF's Lampiran into OUT/<doc id>/ (dataset.json, tables as Parquet and CSV, datapackage.json).

    INPUTS are PDF files or folders of PDFs. A bad file is reported and the others go on. Given a folder (or
    --scheduler, or an OUT that has one), OUT is a corpus: it keeps a manifest (manifest.csv, manifest.parquet),
    skips a PDF written before from the same bytes by the same version, and holds the tables of every document as
    one Parquet dataset in OUT/_corpus/.

    Example: lampiran extract samples/permendag-17-2024-lampiran.pdf --out output/
    """
    from lampiran import corpus, store
    from lampiran.manifest import Manifest

    files = _expand(inputs)
    if not files:
        raise click.UsageError(f"no PDF files in {', '.join(map(str, inputs))}")
    if scheduler and (review or jobs > 1):
        raise click.UsageError("--scheduler runs each PDF as one task on the cluster: --review and --jobs are for local runs")
    if review and store.is_url(out_dir):
        raise click.UsageError("--review needs a local --out folder")
    options = ExtractOptions(password, Limits(max_pages, page_seconds), engine, cross_check, jobs, ocr, reader)
    key = corpus.options_key(options, strict)
    with exits_on_error(debug, out_dir):
        manifest = Manifest(out_dir)
    # A corpus (a folder of PDFs, a cluster run, or an OUT that has a manifest already) keeps the manifest and the
    # corpus partitions; a run on single files into a plain OUT writes just their folders.
    manifest.start = corpus_run = bool(scheduler) or any(i.is_dir() for i in inputs) or manifest.exists
    shas = {str(f): _sha256(f) for f in files}
    unchanged = {} if force else {str(f): e for f in files if (e := manifest.unchanged(str(f), shas[str(f)], key))}
    todo = [f for f in files if str(f) not in unchanged]
    owners = {} if force else manifest.owners()
    with exits_on_error(debug, scheduler or out_dir):
        results = corpus.run_on_cluster(todo, shas, out_dir, options, strict, owners, scheduler) if scheduler else \
            corpus.run_local(todo, shas, out_dir, options, strict, owners, review, corpus_run)
        done = {}
        try:
            for result in _with_progress(results, len(todo)):
                if result.failure is not None:
                    _report(result.failure, debug, prefix="" if isinstance(result.failure, LampiranError) else f"{result.source}: {BUG_PREFIX}")
                result.note = _cross_check_note(result, options)
                manifest.record(result.entry(key))
                done[result.source] = result
        finally:  # an interrupted run (Ctrl-C, a lost scheduler) still records what it published
            manifest.flush()
        store.remove_debris(out_dir)
    outcomes = [done.get(str(f)) or _skipped(unchanged[str(f)], out_dir) for f in files]
    _print_summary(outcomes)
    sys.exit(_exit_code(outcomes))


def _with_progress(results, total: int):
    """The results, with a progress bar on stderr when it is a terminal and there are several."""
    if total < 2 or not sys.stderr.isatty():
        yield from results
        return
    with click.progressbar(length=total, label="extracting", file=sys.stderr, show_pos=True) as bar:
        for result in results:
            bar.update(1)
            yield result


def _sha256(pdf: Path) -> str:
    """The file's sha256, or "" when it cannot be read (its extraction then says why)."""
    from extract.source import file_sha256

    try:
        return file_sha256(pdf)
    except OSError:
        return ""


def _skipped(entry, out_dir: str):
    from lampiran.corpus import Result
    from lampiran.store import join

    return Result(entry.source, entry.sha256, status="skipped", doc_id=entry.doc_id, rows=entry.rows,
                  warnings=entry.warnings, rejected_rows=entry.rejected_rows, folder=join(out_dir, entry.doc_id))


def _exit_code(outcomes) -> int:
    """0; a failed document's code (8 when there were several inputs); else 9 when rows were left out."""
    failed = [o for o in outcomes if o.failure is not None]
    if failed:
        code = failed[0].failure.exit_code if isinstance(failed[0].failure, LampiranError) else EXIT_BUG
        return code if len(outcomes) == 1 else EXIT_SOME_FAILED
    return EXIT_REJECTED_ROWS if any(o.rejected_rows and o.status != "skipped" for o in outcomes) else 0


def _expand(inputs: tuple[Path, ...]) -> list[Path]:
    files: list[Path] = []
    for item in inputs:
        files += sorted(p for p in item.iterdir() if p.suffix.lower() == ".pdf") if item.is_dir() else [item]
    return files


def _cross_check_note(result, options: ExtractOptions) -> str:
    if not options.cross_check or result.failure is not None:
        return ""
    n = result.disagreements
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


def _print_summary(outcomes) -> None:
    """One line per document: rows, aksi pairs, pages, warnings, unread words, seconds, status, where it went."""
    for o in outcomes:
        if o.status == "skipped":
            click.echo(f"{o.source}: unchanged since it was written (same sha256, version and options), skipped -> {o.folder}")
        elif o.failure is None:
            damaged = (f", {o.damaged_pages} damaged pages" if o.damaged_pages else "") + \
                (f", {o.untrusted_pages} pages of untrusted text" if o.untrusted_pages else "")
            click.echo(f"{o.source}: {o.rows} rows, {o.aksi} aksi pairs, {o.pages} pages{damaged}, {o.warnings} warnings, "
                       f"{o.unread_words} unread words, {o.seconds:.2f} s -> {o.folder}")
            if o.rejected_rows:
                click.echo(f"  {o.rejected_rows} rows left out: they break the schemas (see the rejected_row warnings)")
            if o.note:
                click.echo(f"  {o.note}")
        else:
            click.echo(f"{o.source}: FAILED ({o.status}), {o.seconds:.2f} s")
    if len(outcomes) > 1:
        width = max(len(o.source) for o in outcomes)
        click.echo(f"\n{'file':<{width}}  {'rows':>5}  {'warnings':>8}  {'seconds':>7}  status")
        for o in outcomes:
            click.echo(f"{o.source:<{width}}  {o.rows:>5}  {o.warnings:>8}  {o.seconds:>7.2f}  {o.status}")
        ok = sum(o.failure is None and o.status != "skipped" for o in outcomes)
        skipped = sum(o.status == "skipped" for o in outcomes)
        click.echo(f"{ok} of {len(outcomes)} documents extracted" + (f", {skipped} skipped (unchanged)" if skipped else ""))


@main.command()
@click.argument("folder", type=click.Path(path_type=Path))
@debug_option
def validate(folder: Path, debug: bool) -> None:
    """Re-check an output folder (OUT/<doc id>/): dataset.json against its JSON Schema, the tables against their
    schemas, CSV against Parquet, and datapackage.json. Prints each problem; exits 5 when there is one. Then
    lists the text of the PDF's table pages that no field holds (its `unread_text` warnings), and counts its words.

    Example: lampiran validate output/permendag-17-2024
    """
    from lampiran.corpus import unread_words
    from lampiran.validate import folder_problems

    with exits_on_error(debug, folder):
        problems = folder_problems(folder)
    for line in problems:
        click.echo(line)
    if problems:
        click.echo(f"lampiran: {folder}: {len(problems)} problems", err=True)
        sys.exit(ValidationFailedError.exit_code)
    warnings = json.loads((folder / "dataset.json").read_text(encoding="utf-8"))["warnings"]
    for w in warnings:
        if w["code"] == "unread_text":
            click.echo(f"page {w['page']}, box {w.get('bbox')}: {w['message']}")
    click.echo(f"{folder}: valid, {unread_words(warnings)} unread words")


@main.command()
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=None, help="Also write diff.json, diff.md and diff.html here.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown", "html"]), default="text", show_default=True,
              help="What to print on stdout.")
@click.option("--key", default=None, metavar="COLUMN", help="Tables: match rows first on this column (found from the data otherwise).")
@click.option("--table", "tables", multiple=True, metavar="N:M", callback=lambda ctx, param, value: _table_pairs(value),
              help="Tables: old table N is new table M (1-based; repeatable).")
@debug_option
def diff(old: Path, new: Path, out_dir: Path | None, fmt: str, key: str | None, tables: tuple, debug: bool) -> None:
    """Compare two versions of a regulation's Lampiran or tables. OLD and NEW are each a PDF, a dataset.json, a
    `lampiran extract` output folder or a `lampiran tables` output folder. Two RANPK Lampiran are compared Sasaran by
    Sasaran; any other versions table by table, rows matched by content.

    Exits 0 when they match, 1 when they differ, 2 on trouble (70 on a bug).

    Example: lampiran diff output/permendag-17-2024 amended.pdf --format markdown
    """
    from diff.cli import diff_command

    with exits_on_error(debug, trouble=2):  # an input that cannot be read is "trouble", as diff(1) says
        code = diff_command(old, new, out_dir, fmt, key=key, tables=tables)
    sys.exit(code)


def _table_pairs(values: tuple[str, ...]) -> tuple[tuple[int, int], ...]:
    """`--table 1:2` as (1, 2); anything else a usage error."""
    pairs = []
    for value in values:
        old, _, new = value.partition(":")
        if not (old.isdigit() and new.isdigit()):
            raise click.BadParameter(f"{value!r}: give it as N:M, two table numbers (1-based)")
        pairs.append((int(old), int(new)))
    return tuple(pairs)


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
