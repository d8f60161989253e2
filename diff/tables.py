"""Compare two versions of a regulation's tables whatever their columns: `lampiran tables` output or PDFs.

Why: most amended regulations legal-tech users diff are not RANPK tables (a tariff schedule replaced, new value
limits, a new year's matrix of duties), so nothing can be keyed on known fields. Everything is found from the data:

1. tables are paired across the versions by their column names and their rows' text (`pair_tables`, optimal
   assignment); a table left over whose columns are those of a paired table on the other side joins that pair
   (a table split in two, or two joined);
2. columns are aligned by name and by the values under them (`align_columns`): a column renamed is still the
   same column, and the rename is reported;
3. rows are matched by content (`match_rows`): first runs of rows printed alike, in order; then exactly on the
   key column, the leftmost whose values are
   nearly all distinct and textual (a nuclide, an HS code, a tariff item's text with its outline number), then by
   optimal assignment on the similarity of the whole row (and of the keys, where they differ), so that an
   inserted or deleted row shifts nothing;
4. the cells of a matched row are compared as printed values (`same_value`): whitespace, line breaks and a
   hyphen at a line's end are no change, and numbers are compared as numbers in their Indonesian forms
   (`Rp 450.000,00` is `Rp450.000,00`, `1.056.313` is `1056313`); a changed number is given old, new and ratio.
   Where either version was read with OCR, a cell that differs only as OCR misreads (`ocr_noise`) is
   `uncertain`, not a change: a row with nothing else changed is listed under `uncertain`, not `changes`.
   A row printed elsewhere among the rows both versions have (reordered) changes its "(order)"; a row under
   another section title is moved. A column that only numbers the rows is not compared (`numbering`).

The result has the shape of the diff contract (schemas/diff.schema.json), each change carrying besides its
`table` (the pair's table numbers, 1-based) and, for numbers, `numbers`; `tables` lists the pairs.
"""
from __future__ import annotations

import json
import re
from bisect import bisect_left
from collections import Counter
from difflib import SequenceMatcher
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz
from rapidfuzz.process import cdist
from scipy.optimize import linear_sum_assignment

from extract.lines import ROW_NUMBER
from normalize.numerals import parse_number

from .load import DiffError

# Two tables are one table's versions when their pairing score (half the likeness of their column names, half
# the share of rows printed alike) is at least this.
TABLE_MATCH = 0.3
# Two columns of paired tables are one column when their score (half name likeness, half the share of values
# alike) is at least this: a column renamed keeps its values.
COLUMN_MATCH = 0.4
# Where either version was read with OCR, a cell whose numbers are the same and whose text is at least this alike
# (rapidfuzz ratio of the printed values, 0..1) may differ by OCR noise alone: uncertain, not a change.
OCR_NOISE = 0.9
# Two rows are one row changed when the similarity of their text (rapidfuzz ratio, 0..1) is at least this.
ROW_MATCH = 0.6
# A key column's values are nearly all distinct (this share at least) and textual (this share hold letters and are
# no row number: "IV." or "a)" is no key).
KEY_DISTINCT, KEY_TEXTUAL = 0.9, 0.5
SIMILARITY_DIGITS = 4
# The field a row printed elsewhere among the rows both versions have changes: its [old, new] row numbers.
ORDER = "(order)"
NUMBER = re.compile(r"\d[\d.,]*\d|\d")


@dataclass(frozen=True)
class SideTable:
    """One table of one version: its columns, its rows' values, and per row its section (the table's section
    title over it, then the last title row above it) and PDF pages."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    sections: tuple[str, ...]
    pages: tuple[tuple[int, ...], ...]
    printed_rows: tuple[tuple[str, ...], ...] | None = None  # the rows as printed, where `rows` blanks their numbers

    @property
    def shown(self) -> tuple[tuple[str, ...], ...]:
        return self.printed_rows if self.printed_rows is not None else self.rows


def load_tables(path: Path) -> tuple[list[SideTable], dict]:
    """The tables of `path`: a `lampiran tables` output folder (its tables.json and table-N.json) or a PDF (read
    with `tables.document.pdf_to_tables`), and what the side says of itself (file, pages)."""
    path = Path(path)
    index = path / "tables.json"
    if path.is_dir() and index.is_file():
        try:
            meta = json.loads(index.read_text(encoding="utf-8"))
            tables = [json.loads((path / t["json"]).read_text(encoding="utf-8")) for t in meta["tables"]]
        except (OSError, KeyError, TypeError, json.JSONDecodeError) as exc:
            raise DiffError(f"{path}: not a lampiran tables folder ({exc})") from None
        source = meta.get("source") or {}
        side = {"id": source.get("file"), "read_from": str(path), "ocr": bool(source.get("ocr"))}
        return [_side_table(t["columns"], [(r["values"], r["section"], r["pages"]) for r in t["rows"]])
                for t in tables], side
    if path.is_file() and path.suffix.lower() == ".pdf":
        from tables.document import pdf_to_tables

        found = pdf_to_tables(path)
        side = {"id": path.name, "read_from": str(path), "ocr": found.ocr}
        return [_side_table(t.columns, [(r.values, r.section, r.pages) for r in t.rows]) for t in found.tables], side
    raise DiffError(f"{path}: neither a PDF nor a lampiran tables folder (no tables.json in it)")


def _side_table(columns, rows) -> SideTable:
    """A table with each row's section: its own section title, then the text of the last title row above it (a row
    whose first cell alone holds text, in a table of three columns or more)."""
    sections, title = [], ""
    for values, section, _ in rows:
        if _is_title_row(tuple(values)):
            title = values[0]
        sections.append(" / ".join(x for x in (section, title) if x))
    return SideTable(tuple(columns), tuple(tuple(v) for v, _, _ in rows), tuple(sections),
                     tuple(tuple(p) for _, _, p in rows))


def printed(text: str | None) -> str:
    """A cell's text as compared: no whitespace (line breaks and spacing are no change), a hyphen at a line's end
    joined, case folded, each number as its value ("Rp 450.000,00" and "Rp450.000,00" print alike)."""
    text = re.sub(r"(\w)-\s+(\w)", r"\1\2", text or "")
    return NUMBER.sub(lambda m: f"⟨{_value(m.group())}⟩", "".join(text.split())).casefold()


def _value(number: str):
    value = parse_number(number)
    return number if value is None else value


def same_value(old: str | None, new: str | None) -> bool:
    return printed(old) == printed(new)


def ocr_noise(old: str | None, new: str | None) -> bool:
    """Could OCR have made one value of the other: the same numbers, the text at least OCR_NOISE alike (a letter or
    two misread: "Kementcrian", "Perhubungau")?"""
    def numbers(text: str | None) -> list:
        return [_value(n) for n in NUMBER.findall(text or "")]
    return numbers(old) == numbers(new) and fuzz.ratio(printed(old), printed(new)) / 100 >= OCR_NOISE


def number_changes(old: str, new: str) -> list[dict] | None:
    """Where two cells differ only in their numbers: each number that changed, old and new values and their ratio
    (None where the text around the numbers differs too)."""
    a, b = NUMBER.findall(old or ""), NUMBER.findall(new or "")
    if len(a) != len(b) or printed(NUMBER.sub("#", old or "")) != printed(NUMBER.sub("#", new or "")):
        return None
    out = []
    for x, y in zip(a, b):
        vx, vy = parse_number(x), parse_number(y)
        if vx is not None and vy is not None and vx != vy:
            out.append({"old": vx, "new": vy, "ratio": round(vy / vx, SIMILARITY_DIGITS) if vx else None})
    return out or None


def _row_text(row: tuple[str, ...]) -> str:
    return " | ".join(printed(v) for v in row)


def _assign(score: np.ndarray, least: float) -> list[tuple[int, int, float]]:
    """The one-to-one pairs of highest total score, each at least `least`."""
    if not score.size:
        return []
    rows, cols = linear_sum_assignment(-score)
    return [(int(i), int(j), float(score[i, j])) for i, j in zip(rows, cols) if score[i, j] >= least]


def _rows_alike(a: SideTable, b: SideTable) -> float:
    """The share of the smaller table's rows the other prints alike."""
    x, y = {_row_text(r) for r in a.rows}, {_row_text(r) for r in b.rows}
    return len(x & y) / max(1, min(len(x), len(y)))


def _names_alike(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    return fuzz.ratio(" | ".join(a).casefold(), " | ".join(b).casefold()) / 100


def pair_tables(old: list[SideTable], new: list[SideTable], forced: list[tuple[int, int]] = ()) -> list[tuple[list[int], list[int]]]:
    """The tables of the two versions in pairs (old indices, new indices), in the new version's order: `forced`
    pairs (`--table N:M`, 0-based) first, then by optimal assignment on the pairing score; a table left over joins
    the pair whose table on its side has its columns (a table split in two), or else is a pair of its own with
    nothing on the other side (a table added or removed)."""
    pairs = [([i], [j]) for i, j in forced]
    free_old = [i for i in range(len(old)) if i not in {i for i, _ in forced}]  # small: a document's tables
    free_new = [j for j in range(len(new)) if j not in {j for _, j in forced}]
    score = np.array([[(_names_alike(old[i].columns, new[j].columns) + _rows_alike(old[i], new[j])) / 2
                       for j in free_new] for i in free_old]).reshape(len(free_old), len(free_new))
    for i, j, _ in _assign(score, TABLE_MATCH):
        pairs.append(([free_old[i]], [free_new[j]]))
    for side, tables in ((0, old), (1, new)):
        taken = {k for p in pairs for k in p[side]}
        for k in (k for k in range(len(tables)) if k not in taken):
            home = next((p for p in pairs if p[side]
                         and any(_names_alike(tables[k].columns, tables[m].columns) >= 0.9 for m in p[side])), None)
            if home is not None:
                home[side].append(k)
                home[side].sort()
            else:  # a table only this version has
                pairs.append(([k], []) if side == 0 else ([], [k]))
    return sorted(pairs, key=lambda p: (p[1][0] if p[1] else len(new), p[0][0] if p[0] else -1))


def _joined(tables: list[SideTable]) -> SideTable:
    """Tables of one version in one pair, as one (their rows in order, the first one's columns)."""
    return SideTable(tables[0].columns, sum((t.rows for t in tables), ()), sum((t.sections for t in tables), ()),
                     sum((t.pages for t in tables), ()))


def align_columns(old: SideTable, new: SideTable) -> list[tuple[int, int]]:
    """The columns of two versions of a table that are one column, as (old index, new index): by optimal
    assignment on half the likeness of their names and half the share of their values alike."""
    def values(t: SideTable, c: int) -> set[str]:
        return {printed(r[c]) for r in t.rows if c < len(r) and r[c]}

    score = np.zeros((len(old.columns), len(new.columns)))
    for i, a in enumerate(old.columns):
        va = values(old, i)
        for j, b in enumerate(new.columns):
            vb = values(new, j)
            shared = len(va & vb) / max(1, min(len(va), len(vb))) if va and vb else float(not va and not vb)
            score[i, j] = (fuzz.ratio(a.casefold(), b.casefold()) / 100 + shared) / 2
    return sorted((i, j) for i, j, _ in _assign(score, COLUMN_MATCH))


def numbering(table: SideTable, column: int) -> bool:
    """Does the column only number the rows ("1.", "2.", "IV.", "a)")? Its values are positions, not content: a
    row inserted renumbers those after it, and that is no change of theirs."""
    values = [r[column] for r in table.rows if r[column] and not _is_title_row(r)]
    return bool(values) and all(len(v.split()) == 1 and ROW_NUMBER.match(v) for v in values)


def _unnumbered(table: SideTable, columns: set[int]) -> SideTable:
    """The table with its numbering `columns` blank in every row but its title rows (whose text they hold)."""
    if not columns:
        return table
    rows = tuple(r if _is_title_row(r) else tuple("" if c in columns else v for c, v in enumerate(r)) for r in table.rows)
    return SideTable(table.columns, rows, table.sections, table.pages, table.rows)


def _is_title_row(row: tuple[str, ...]) -> bool:
    return len(row) >= 3 and bool(row[0]) and not any(row[1:])


def key_column(table: SideTable, columns: list[int], name: str | None = None) -> int | None:
    """The key column among `columns` (indices of `table`): the one named `name` (`--key`), else the leftmost
    whose non-empty values are KEY_DISTINCT distinct and KEY_TEXTUAL hold letters; None if there is none."""
    if name is not None:
        found = [c for c in columns if table.columns[c].casefold() == name.casefold()]
        if not found:
            raise DiffError(f"--key {name!r}: no such column (the columns: {', '.join(table.columns)})")
        return found[0]
    for c in columns:
        values = [r[c] for r in table.rows if r[c]]
        if values and len(set(map(printed, values))) >= KEY_DISTINCT * len(values) \
                and sum(_textual(v) for v in values) >= KEY_TEXTUAL * len(values):
            return c
    return None


def _textual(value: str) -> bool:
    """Does the value hold letters, and is it no row number ("IV.", "a)")?"""
    first = value.split()[0] if value.split() else ""
    return any(ch.isalpha() for ch in value) and not (ROW_NUMBER.match(first) and len(value.split()) == 1)


def match_rows(old: SideTable, new: SideTable, cols: list[tuple[int, int]], key: tuple[int, int] | None) -> list[tuple[int, int, float]]:
    """The rows of two versions of a table that are one row, as (old index, new index, similarity): runs of rows
    printed alike, in order (difflib); then those whose key value is the same and unique on both sides; then the
    rest by optimal assignment on row similarity."""
    text_old = [" | ".join(printed(r[i]) for i, _ in cols) for r in old.rows]
    text_new = [" | ".join(printed(r[j]) for _, j in cols) for r in new.rows]
    # rows printed alike, in order (a schedule repeats "1) Izin | Per permohonan | Rp 110.000,00" under many heads)
    blocks = SequenceMatcher(None, text_old, text_new, autojunk=False).get_matching_blocks()
    pairs = [(b.a + k, b.b + k, 1.0) for b in blocks for k in range(b.size)]
    if key is not None:
        ko, kn = key
        done_old, done_new = {p[0] for p in pairs}, {p[1] for p in pairs}
        count_old, count_new = Counter(printed(r[ko]) for r in old.rows), Counter(printed(r[kn]) for r in new.rows)
        where_new = {printed(r[kn]): j for j, r in enumerate(new.rows)}
        for i, r in enumerate(old.rows):
            k = printed(r[ko])
            if k and count_old[k] == 1 and count_new.get(k) == 1 and i not in done_old and where_new[k] not in done_new:
                j = where_new[k]
                pairs.append((i, j, fuzz.ratio(text_old[i], text_new[j]) / 100))
    done_old, done_new = {p[0] for p in pairs}, {p[1] for p in pairs}
    left_old = [i for i in range(len(old.rows)) if i not in done_old]
    left_new = [j for j in range(len(new.rows)) if j not in done_new]
    if left_old and left_new:
        score = cdist([text_old[i] for i in left_old], [text_new[j] for j in left_new], scorer=fuzz.ratio,
                      dtype=np.float32, workers=1) / 100
        if key is not None:  # rows whose keys differ are one row only where the keys are alike too (an item reworded)
            keys = cdist([printed(old.rows[i][key[0]]) for i in left_old], [printed(new.rows[j][key[1]]) for j in left_new],
                         scorer=fuzz.ratio, dtype=np.float32, workers=1) / 100
            score = np.where(keys >= ROW_MATCH, score, 0.0)
        pairs += [(left_old[i], left_new[j], s) for i, j, s in _assign(score, ROW_MATCH)]
    return sorted(pairs, key=lambda p: p[1])


def in_order(matches: list[tuple[int, int, float]]) -> set[tuple[int, int]]:
    """The matched rows that keep their order: the longest run, in the old order, whose new places rise too
    (patience sorting); the others were moved among the rows (reordered)."""
    pairs = sorted((i, j) for i, j, _ in matches)
    tails: list[int] = []  # tails[k]: index into pairs of the smallest tail of a rising run of length k + 1
    values: list[int] = []  # that tail's new place
    back: list[int | None] = []
    for n, (_, j) in enumerate(pairs):
        k = bisect_left(values, j)
        back.append(tails[k - 1] if k else None)
        if k == len(tails):
            tails.append(n)
            values.append(j)
        else:
            tails[k], values[k] = n, j
    out, n = set(), tails[-1] if tails else None
    while n is not None:
        out.add(pairs[n])
        n = back[n]
    return out


def compare_tables(old: list[SideTable], new: list[SideTable], old_side: dict, new_side: dict, *,
                   key: str | None = None, forced: list[tuple[int, int]] = ()) -> dict:
    """The diff of two versions' tables, in the diff contract's shape (see the module docstring)."""
    changes, counts, unchanged, described = [], {"added": 0, "removed": 0, "changed": 0, "moved": 0}, 0, []
    uncertain = []  # rows that differ only where OCR may have misread (either version read with --ocr)
    ocr = bool(old_side.get("ocr") or new_side.get("ocr"))
    for olds, news in pair_tables(old, new, forced):
        label = {"old": [i + 1 for i in olds], "new": [j + 1 for j in news]}
        if not olds or not news:  # a table only one version has: every row of it added or removed
            kind, t = ("added", _joined([new[j] for j in news])) if news else ("removed", _joined([old[i] for i in olds]))
            for r, row in enumerate(t.rows):
                changes.append(((label["new"] or [len(new) + 1], r), _entry(
                    kind, label, t, r if kind == "removed" else None, r if kind == "added" else None, t,
                    row=dict(zip(t.columns, row)))))
                counts[kind] += 1
            described.append({**label, "columns": list(t.columns), "kind": kind})
            continue
        a, b = _joined([old[i] for i in olds]), _joined([new[j] for j in news])
        cols = align_columns(a, b)
        numbered = {(i, j) for i, j in cols if numbering(a, i) and numbering(b, j)}
        a, b = _unnumbered(a, {i for i, _ in numbered}), _unnumbered(b, {j for _, j in numbered})
        k = key_column(b, [j for _, j in cols if (_, j) not in numbered], key)
        key_pair = next(((i, j) for i, j in cols if j == k), None) if k is not None else None
        matches = match_rows(a, b, cols, key_pair)
        described.append({**label, "columns": list(b.columns), "key": b.columns[k] if k is not None else None,
                          "renamed": [[a.columns[i], b.columns[j]] for i, j in cols if a.columns[i] != b.columns[j]],
                          "columns_added": [b.columns[j] for j in range(len(b.columns)) if j not in {j for _, j in cols}],
                          "columns_removed": [a.columns[i] for i in range(len(a.columns)) if i not in {i for i, _ in cols}],
                          "numbering": [b.columns[j] for _, j in sorted(numbered)]})
        kept = in_order(matches)
        for i, j, similarity in matches:
            fields, numbers, noise = {}, {}, {}
            if (i, j) not in kept:  # printed elsewhere among the rows both versions have
                fields[ORDER] = [i + 1, j + 1]
            for ci, cj in cols:
                was, now = a.rows[i][ci], b.rows[j][cj]
                if same_value(was, now):
                    continue
                if ocr and ocr_noise(was, now):
                    noise[b.columns[cj]] = [was, now]
                    continue
                fields[b.columns[cj]] = [was, now]
                if (found := number_changes(was, now)) is not None:
                    numbers[b.columns[cj]] = found
            moved = printed(a.sections[i]) != printed(b.sections[j])
            if not fields and not moved:
                if noise:
                    uncertain.append(((label["new"], j), {**_entry("changed", label, a, i, j, b, similarity, key=key_pair),
                                                  "uncertain": noise}))
                else:
                    unchanged += 1
                continue
            kind = "moved" if moved else "changed"
            counts[kind] += 1
            entry = _entry(kind, label, a, i, j, b, similarity, fields, numbers, key_pair)
            changes.append(((label["new"], j), {**entry, "uncertain": noise} if noise else entry))
        new_of = {i: j for i, j, _ in matches}
        anchor = -1.0  # a removed row stands where it stood: after the new place of the matched row before it
        for i in range(len(a.rows)):
            if i in new_of:
                anchor = new_of[i]
                continue
            counts["removed"] += 1
            changes.append(((label["new"], anchor + 0.5), _entry("removed", label, a, i, None, b, key=key_pair,
                                                         row=dict(zip(a.columns, a.shown[i])))))
        for j in sorted(set(range(len(b.rows))) - {m[1] for m in matches}):
            counts["added"] += 1
            changes.append(((label["new"], j), _entry("added", label, a, None, j, b, key=key_pair,
                                              row=dict(zip(b.columns, b.shown[j])))))
    # in the new version's reading order: by table, then by row (a removed row where it stood)
    changes, uncertain = ([e for _, e in sorted(entries, key=lambda t: t[0])] for entries in (changes, uncertain))
    return {"old": {**old_side, "row_count": sum(len(t.rows) for t in old), "table_count": len(old)},
            "new": {**new_side, "row_count": sum(len(t.rows) for t in new), "table_count": len(new)},
            "changes": changes, "summary": {**counts, "unchanged": unchanged, "uncertain": len(uncertain)},
            "uncertain": uncertain, "tables": described,
            "matching": {"scorer": "rapidfuzz.fuzz.ratio on each row's printed values", "threshold": ROW_MATCH}}


def _entry(kind: str, table: dict, a: SideTable, i: int | None, j: int | None, b: SideTable,
           similarity: float | None = None, fields: dict | None = None, numbers: dict | None = None,
           key: tuple[int, int] | None = None, row: dict | None = None) -> dict:
    """One change, as the RANPK diff gives it (seq: the row's 1-based place in its table; no: its key value)."""
    ko, kn = key if key is not None else (None, None)
    entry = {"kind": kind, "table": table,
             "old_seq": None if i is None else i + 1, "new_seq": None if j is None else j + 1,
             "old_no": a.rows[i][ko] if i is not None and ko is not None else None,
             "new_no": b.rows[j][kn] if j is not None and kn is not None else None,
             "similarity": None if similarity is None else round(similarity, SIMILARITY_DIGITS),
             "old_section": None if i is None else a.sections[i] or None,
             "new_section": None if j is None else b.sections[j] or None,
             "old_pages": None if i is None else list(a.pages[i]), "new_pages": None if j is None else list(b.pages[j]),
             "fields": fields or {}}
    if numbers:
        entry["numbers"] = numbers
    if row is not None:
        entry["row"] = row
    entry["label"] = entry["new_no"] or entry["old_no"] or next((v for v in (row or {}).values() if v), None)
    return entry
