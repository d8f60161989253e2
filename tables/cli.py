"""`lampiran tables PDF --out DIR`: every table of any regulation, stitched, as CSV plus tables.json.

`lampiran.cli` loads this module only when the command runs (or --help lists it).
"""
from __future__ import annotations

import time
from pathlib import Path

import click

from extract.model import Limits
from lampiran.options import debug_option, pdf_options, reader_option


@click.command("tables")
@click.argument("pdf", type=click.Path(path_type=Path))
@click.option("--out", "out_dir", required=True, type=click.Path(path_type=Path),
              help="Folder to write <pdf name>/ into: table-1.csv, table-2.csv, … and tables.json.")
@click.option("--format", "formats", default="csv,json", show_default=True,
              help="What to write per table: csv (the table flat, spans filled), json (its rows, its cells as drawn "
                   "with their spans and the header's levels: schemas/table.schema.json), or both, comma-separated.")
@click.option("--review", is_flag=True, help="Also write OUT/review-<pdf name>.html: the tables drawn over their pages.")
@click.option("--ocr", is_flag=True, help="Read the pages with no text layer (scans) or with text that cannot be "
                                         "trusted from their images first (needs ocrmypdf and tesseract-ocr-ind).")
@pdf_options
@reader_option
@debug_option
def tables_command(pdf: Path, out_dir: Path, formats: str, review: bool, ocr: bool, password: str | None,
                   max_pages: int, page_seconds: float, reader: str, debug: bool) -> None:
    """Write every table of PDF, whatever its columns, into OUT/<pdf name>/: one CSV and one JSON per table,
    stitched across pages (repeated headers dropped, rows cut by page breaks rejoined, spanning cells filled), with
    the header's rows merged into column names and a pages column, plus tables.json listing the tables.

    Tables are found by their ruling lines where they have them, and by the alignment of their text where they
    have none (pages read by the readers of `extract`, --reader). With --review,
    OUT/review-<pdf name>.html shows each page holding a table as an image with every cell read outlined over it
    and the CSV rows beside it: one self-contained file (no network), the same page view as `lampiran review`.

    Example: lampiran tables samples/permendag-17-2024-lampiran.pdf --out output/ --review
    """
    from lampiran.cli import exits_on_error
    from lampiran.pageview import size_text
    from tables.document import pdf_to_tables
    from tables.review import review_path, write_tables_review
    from tables.unfold import unfolded
    from tables.write import FORMATS, write_tables

    chosen = tuple(f.strip() for f in formats.split(",") if f.strip())
    if not chosen or any(f not in FORMATS for f in chosen):
        raise click.BadParameter(f"{formats!r}: give csv, json or csv,json", param_hint="--format")

    start = time.perf_counter()
    page = None
    with exits_on_error(debug, pdf):
        found = pdf_to_tables(pdf, password, Limits(max_pages, page_seconds), reader, ocr)
        folder = write_tables(found, pdf, out_dir, chosen)
        seconds = time.perf_counter() - start
        if review:
            page = write_tables_review(found, pdf, review_path(pdf, out_dir), password)
    n = len(found.tables)
    damaged = len({w.page for w in found.warnings if w.code == "damaged_page"})
    click.echo(f"{pdf}: {n} table{'' if n == 1 else 's'}, {sum(len(t.rows) for t in found.tables)} rows, "
               + (f"{damaged} damaged pages (see tables.json), " if damaged else "") + f"{seconds:.2f} s -> {folder}")
    for i, t in enumerate(found.tables, start=1):
        pages = f"{t.pages[0]}-{t.pages[-1]}" if len(t.pages) > 1 else f"{t.pages[0]}"
        files = " + ".join(f"table-{i}.{f}" for f in FORMATS if f in chosen)
        click.echo(f"  {files}: {len(t.columns)} columns, {len(t.rows)} rows, pages {pages}")
        if (u := unfolded(t)) is not None:
            where = f"table-{i}-unfolded.csv" if "csv" in chosen else f"table-{i}.json, unfolded"
            click.echo(f"  {where}: its {len(u.columns)} columns set {len(t.columns) // len(u.columns)} times side "
                       f"by side, as one list of {len(u.rows)} rows")
    if page is not None:
        click.echo(f"  review: {page} ({size_text(page.stat().st_size)})")
