"""Compare two versions of a Lampiran row by row, matching rows by content.

    from diff import compare, load_dataset, render_markdown
    result = compare(load_dataset("old.json"), load_dataset("out/"))

compare() is pure (two dataset dicts in, one diff dict out, shape:
schemas/diff.schema.json); load_dataset() reads a dataset.json, an output
directory or a PDF; the render_* functions turn a diff into text.
"""
from .cli import diff_command, write_outputs
from .compare import MATCH_THRESHOLD, compare, diff_rows, match_rows
from .load import DiffError, load_dataset
from .render import RENDERERS, render_html, render_json, render_markdown, render_text

__all__ = [
    "compare", "load_dataset", "diff_command", "write_outputs", "match_rows", "diff_rows",
    "MATCH_THRESHOLD", "DiffError", "RENDERERS",
    "render_json", "render_text", "render_markdown", "render_html",
]
