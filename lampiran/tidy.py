"""Flatten a dataset (nested, as in dataset.json) into the three tidy tables of the contract."""
from __future__ import annotations

import pandas as pd

from normalize.numerals import parse_quantity

SASARAN_COLUMNS = ["doc_id", "seq", "pilar", "pilar_title", "sektor_code", "sektor", "sub_sektor", "group_no",
                   "group_title", "no", "sasaran", "target_raw", "target_value", "target_comparator",
                   "target_cumulative", "target_scale", "satuan", "penanggung_jawab", "page_start", "page_end"]
AKSI_COLUMNS = ["doc_id", "seq", "aksi_no", "kegiatan", "keluaran", "keluaran_value", "keluaran_unit"]
PJ_COLUMNS = ["doc_id", "seq", "institution"]
INT_COLUMNS = {"seq", "pilar", "page_start", "page_end", "aksi_no"}
FLOAT_COLUMNS = {"target_value", "target_cumulative", "keluaran_value"}


def dataset_to_tables(dataset: dict) -> dict[str, pd.DataFrame]:
    """Given a dataset, return {'sasaran': …, 'aksi': …, 'penanggung_jawab': …} with the contract's columns and types."""
    doc_id = dataset["doc"]["id"]
    sasaran, aksi, pj = [], [], []
    for row in dataset["rows"]:
        pages = row.get("pages") or [None]
        t = row["target"]
        sasaran.append({
            "doc_id": doc_id, **{k: row.get(k) for k in SASARAN_COLUMNS[1:10]}, "sasaran": row["sasaran"],
            "target_raw": row["target_raw"], "target_value": t["value"], "target_comparator": t["comparator"],
            "target_cumulative": t["cumulative"], "target_scale": t["scale"], "satuan": row["satuan"],
            "penanggung_jawab": row["penanggung_jawab"], "page_start": min(pages, default=None) if pages[0] else None,
            "page_end": max(pages) if pages[0] else None,
        })
        for n, pair in enumerate(row["aksi"], start=1):
            value, unit = parse_quantity(pair["keluaran"])
            aksi.append({"doc_id": doc_id, "seq": row["seq"], "aksi_no": n, "kegiatan": pair["kegiatan"],
                         "keluaran": pair["keluaran"], "keluaran_value": value, "keluaran_unit": unit})
        pj += [{"doc_id": doc_id, "seq": row["seq"], "institution": name} for name in row["penanggung_jawab_list"]]
    return {"sasaran": _frame(sasaran, SASARAN_COLUMNS), "aksi": _frame(aksi, AKSI_COLUMNS),
            "penanggung_jawab": _frame(pj, PJ_COLUMNS)}


def _frame(records: list[dict], columns: list[str]) -> pd.DataFrame:
    """Records to a DataFrame of pandas' nullable types, so a missing value is <NA>, never NaN or 'None'."""
    df = pd.DataFrame.from_records(records, columns=columns)
    for col in columns:
        dtype = "Int64" if col in INT_COLUMNS else "Float64" if col in FLOAT_COLUMNS else "string"
        df[col] = df[col].astype(dtype)
    return df
