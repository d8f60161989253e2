"""A "newspaper" table unfolded: one that sets a (key, value) list two or three times side by side to fill the
page ("Nuklida | Nilai | Nuklida | Nilai | Nuklida | Nilai"), offered as one list in reading order.

Why: the table as printed is what the CSV gives, but what a reader means is one list: the first block of
columns read down, then the next. A table is such when its column names repeat as a whole block of two columns or
more, two times or more, and nothing else stands beside them. It is offered beside the table, always
(`table-N-unfolded.csv` and `unfolded` in table-N.json), never in its place: the layout is the producer's choice
and a consumer may want either.
"""
from __future__ import annotations

from dataclasses import dataclass

from tables.model import Row, Table


@dataclass(frozen=True)
class Unfolded:
    """The one list a newspaper table sets side by side: its block's column names and rows, block after block."""

    columns: tuple[str, ...]
    rows: tuple[Row, ...]


def unfolded(table: Table) -> Unfolded | None:
    """The table unfolded when its columns repeat as blocks (`block_width`); None otherwise. A block's row with no
    text is the end of a shorter last block, not a row."""
    width = block_width(table.columns)
    if width is None:
        return None
    blocks = len(table.columns) // width
    rows = tuple(Row(r.values[b * width:(b + 1) * width], r.section, r.row, r.pages)
                 for b in range(blocks) for r in table.rows if any(r.values[b * width:(b + 1) * width]))
    return Unfolded(tuple(table.columns[:width]), rows)


def block_width(columns: tuple[str, ...]) -> int | None:
    """The width of the block of two columns or more that the column names repeat, whole, two times or more (names
    compared as printed, case and spacing aside, a de-duplicating " (2)" dropped); None when they do not."""
    names = [" ".join(_base(c).lower().split()) for c in columns]
    for width in range(2, len(names) // 2 + 1):
        if len(names) % width == 0 and all(names) and \
                all(names[i] == names[i % width] for i in range(len(names))) and len(set(names[:width])) == width:
            return width
    return None


def _base(name: str) -> str:
    """A column name without the " (2)" `tables.header.unique_names` adds to a repeated one."""
    head, _, tail = name.rpartition(" (")
    return head if head and tail.rstrip(")").isdigit() and tail.endswith(")") else name
