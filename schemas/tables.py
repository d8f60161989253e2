"""pandera models of the tidy tables, and the one function that validates a dataset.

One strict, ordered model per table; `(doc_id, seq)` is the key every table
shares. Validation is lazy (every failure at once) and its failures are
reported by table, row, column and page, so a user can find them in the PDF.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors
from pandera.typing import Series

COMPARATORS = ["<=", ">=", "<", ">"]


class _Keyed(pa.DataFrameModel):
    doc_id: Series[pd.StringDtype] = pa.Field(str_matches=r"^[a-z0-9-]+$")
    seq: Series[pd.Int64Dtype] = pa.Field(ge=1)


class Sasaran(_Keyed):
    """One row per Sasaran."""

    pilar: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=1)
    pilar_title: Series[pd.StringDtype] = pa.Field(nullable=True)
    sektor_code: Series[pd.StringDtype] = pa.Field(nullable=True, str_matches=r"^\d+(\.\d+)*$")
    sektor: Series[pd.StringDtype] = pa.Field(nullable=True)
    sub_sektor: Series[pd.StringDtype] = pa.Field(nullable=True)
    group_no: Series[pd.StringDtype] = pa.Field(nullable=True)
    group_title: Series[pd.StringDtype] = pa.Field(nullable=True)
    no: Series[pd.StringDtype] = pa.Field(str_matches=r"^\d+(\.\d+)*$")
    sasaran: Series[pd.StringDtype] = pa.Field(str_length={"min_value": 1})
    target_raw: Series[pd.StringDtype] = pa.Field(nullable=True)
    target_value: Series[pd.Float64Dtype] = pa.Field(nullable=True)
    target_comparator: Series[pd.StringDtype] = pa.Field(nullable=True, isin=COMPARATORS)
    target_cumulative: Series[pd.Float64Dtype] = pa.Field(nullable=True)
    target_scale: Series[pd.StringDtype] = pa.Field(nullable=True)
    satuan: Series[pd.StringDtype] = pa.Field(nullable=True)
    penanggung_jawab: Series[pd.StringDtype] = pa.Field(nullable=True)
    page_start: Series[pd.Int64Dtype] = pa.Field(ge=1)
    page_end: Series[pd.Int64Dtype] = pa.Field(ge=1)

    class Config:
        strict = True
        ordered = True
        unique = ["doc_id", "seq"]

    @pa.dataframe_check
    def pages_in_order(cls, df: pd.DataFrame) -> Series[bool]:
        return df["page_end"] >= df["page_start"]

    @pa.dataframe_check
    def group_row_number_under_group(cls, df: pd.DataFrame) -> Series[bool]:
        """A row in a group is numbered under it: group 1 holds 1.1, 1.2 …"""
        in_group = df["group_no"].notna()
        starts = [str(no).startswith(f"{g}.") for no, g in zip(df["no"], df["group_no"])]
        return ~in_group | pd.Series(starts, index=df.index)


class Aksi(_Keyed):
    """One row per Kegiatan/Keluaran pair."""

    aksi_no: Series[pd.Int64Dtype] = pa.Field(ge=1)
    kegiatan: Series[pd.StringDtype] = pa.Field(nullable=True)
    keluaran: Series[pd.StringDtype] = pa.Field(nullable=True)
    keluaran_value: Series[pd.Float64Dtype] = pa.Field(nullable=True)
    keluaran_unit: Series[pd.StringDtype] = pa.Field(nullable=True)

    class Config:
        strict = True
        ordered = True
        unique = ["doc_id", "seq", "aksi_no"]


class PenanggungJawab(_Keyed):
    """One row per (Sasaran, institution)."""

    institution: Series[pd.StringDtype] = pa.Field(str_length={"min_value": 1})

    class Config:
        strict = True
        ordered = True
        unique = ["doc_id", "seq", "institution"]


MODELS = {"sasaran": Sasaran, "aksi": Aksi, "penanggung_jawab": PenanggungJawab}


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
    for name, model in MODELS.items():
        try:
            model.validate(tables[name], lazy=True)
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
