"""pandera schemas of the tidy tables, and the one function that validates a dataset.

One strict, ordered schema per table; `(doc_id, seq)` is the key every table
shares. Validation is lazy (every failure at once) and its failures are
reported by table, row, column and page, so a user can find them in the PDF.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

COMPARATORS = ["<=", ">=", "<", ">"]


def _text(nullable: bool = True, **check) -> pa.Column:
    """A text column (pandas' string dtype), with the checks named: `matches` (a regex), `min_length`, `isin`."""
    checks = []
    if "matches" in check:
        checks.append(pa.Check.str_matches(check["matches"]))
    if "min_length" in check:
        checks.append(pa.Check.str_length(min_value=check["min_length"]))
    if "isin" in check:
        checks.append(pa.Check.isin(check["isin"]))
    return pa.Column(pd.StringDtype(), checks, nullable=nullable)


def _integer(nullable: bool = False) -> pa.Column:
    """A positive whole number (pandas' nullable Int64)."""
    return pa.Column(pd.Int64Dtype(), pa.Check.ge(1), nullable=nullable)


def _number() -> pa.Column:
    """A value read from the text, or null (pandas' nullable Float64)."""
    return pa.Column(pd.Float64Dtype(), nullable=True)


def _pages_in_order(df: pd.DataFrame) -> pd.Series:
    return df["page_end"] >= df["page_start"]


def _group_row_number_under_group(df: pd.DataFrame) -> pd.Series:
    """A row in a group is numbered under it: group 1 holds 1.1, 1.2 …"""
    in_group = df["group_no"].notna()
    starts = [str(no).startswith(f"{g}.") for no, g in zip(df["no"], df["group_no"])]
    return ~in_group | pd.Series(starts, index=df.index)


def _table(columns: dict[str, pa.Column], unique: list[str], checks: list[pa.Check] = ()) -> pa.DataFrameSchema:
    """A strict, ordered table whose rows are keyed by (doc_id, seq) and `unique`. pandera's schema objects, not its
    class models: building a model's schema imports every dataframe library pandera knows that is installed (dask
    is, for corpus runs: a third of a second on every run)."""
    keyed = {"doc_id": _text(nullable=False, matches=r"^[a-z0-9-]+$"), "seq": _integer()}
    return pa.DataFrameSchema({**keyed, **columns}, checks=list(checks), strict=True, ordered=True, unique=unique)


# One row per Sasaran.
SASARAN = _table({
    "pilar": _integer(nullable=True),
    "pilar_title": _text(),
    "sektor_code": _text(matches=r"^\d+(\.\d+)*$"),
    "sektor": _text(),
    "sub_sektor": _text(),
    "group_no": _text(),
    "group_title": _text(),
    "no": _text(nullable=False, matches=r"^\d+(\.\d+)*$"),
    "sasaran": _text(nullable=False, min_length=1),
    "target_raw": _text(),
    "target_value": _number(),
    "target_comparator": _text(isin=COMPARATORS),
    "target_cumulative": _number(),
    "target_scale": _text(),
    "satuan": _text(),
    "penanggung_jawab": _text(),
    "page_start": _integer(),
    "page_end": _integer(),
}, ["doc_id", "seq"], [pa.Check(_pages_in_order, name="pages_in_order"),
                       pa.Check(_group_row_number_under_group, name="group_row_number_under_group")])
# One row per Kegiatan/Keluaran pair.
AKSI = _table({
    "aksi_no": _integer(),
    "kegiatan": _text(),
    "keluaran": _text(),
    "keluaran_value": _number(),
    "keluaran_unit": _text(),
}, ["doc_id", "seq", "aksi_no"])
# One row per (Sasaran, institution).
PENANGGUNG_JAWAB = _table({"institution": _text(nullable=False, min_length=1)}, ["doc_id", "seq", "institution"])

SCHEMAS = {"sasaran": SASARAN, "aksi": AKSI, "penanggung_jawab": PENANGGUNG_JAWAB}


@dataclass(frozen=True)
class Failure:
    """One way a table (or dataset.json) breaks its schema: the row it is in (None when it is no single row's), the
    rule broken, and the line a user reads. The row lets `lampiran.reject` leave that row out and write the rest."""

    seq: int | None
    rule: str
    line: str

    def __str__(self) -> str:
        return self.line


def table_problems(tables: dict[str, pd.DataFrame]) -> list[str]:
    """Given the tidy tables, return one line per failure (empty when valid): table, row, column, pages."""
    return [f.line for f in table_failures(tables)]


def table_failures(tables: dict[str, pd.DataFrame]) -> list[Failure]:
    """Given the tidy tables, return every failure (empty when valid), each with its row's seq where it has one."""
    failures: list[Failure] = []
    sasaran = tables["sasaran"]
    for name, schema in SCHEMAS.items():
        try:
            schema.validate(tables[name], lazy=True)
        except SchemaErrors as exc:
            for case in exc.failure_cases.itertuples(index=False):
                failures.append(_describe(name, case, tables[name], sasaran))
    keys = set(zip(sasaran["doc_id"], sasaran["seq"]))
    for name in ("aksi", "penanggung_jawab"):
        for row in tables[name].itertuples(index=False):
            if (row.doc_id, row.seq) not in keys:
                failures.append(Failure(int(row.seq), f"{name}: points at no sasaran row",
                                        f"{name}: seq {row.seq} points at no sasaran row"))
    return failures


def _describe(table: str, case, df: pd.DataFrame, sasaran: pd.DataFrame) -> Failure:
    """One failure case as a line a user can act on: which table, row (seq), column, check, value, pages."""
    where, seq = "", None
    index = case.index
    if index is not None and not pd.isna(index) and int(index) in df.index:
        seq = df.loc[int(index), "seq"]
        match = sasaran[sasaran["seq"] == seq]
        pages = f", pages {match.iloc[0]['page_start']}-{match.iloc[0]['page_end']}" if len(match) else ""
        where = f" row seq {seq}{pages}"
        seq = None if pd.isna(seq) else int(seq)
    column = f" column {case.column}" if case.column else ""
    rule = f"{table}:{column}: {case.check}"
    return Failure(seq, rule, f"{table}:{where}{column}: fails {case.check} (value {case.failure_case!r})")
