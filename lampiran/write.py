"""Write a dataset's files into `DIR/<doc id>/`, all or nothing.

Every file is first written into a fresh temporary folder beside the target;
only when all of them are written is the folder renamed into place (an earlier
run's folder is swapped out only then). A crash or a kill leaves the earlier
output whole and at most a `.tmp-…` folder, never a half-written file under a
final name. The same dataset gives byte-identical files.
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from extract.errors import OutputError
from lampiran.tidy import FLOAT_COLUMNS, INT_COLUMNS

TABLE_TITLES = {
    "sasaran": "One row per Sasaran (target) of the Lampiran",
    "aksi": "One row per Kegiatan/Keluaran pair of a Sasaran",
    "penanggung_jawab": "One row per (Sasaran, responsible institution)",
}


def dump_json(data: dict) -> str:
    """The one JSON spelling of every file we write: UTF-8, 2-space indent, keys in insertion order, final newline."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def write_dataset(dataset: dict, tables: dict[str, pd.DataFrame], out_dir: str | Path) -> Path:
    """Write dataset.json, the tables as Parquet and CSV, and datapackage.json into out_dir/<doc id>/; return that folder."""

    def fill(tmp: Path) -> None:
        (tmp / "dataset.json").write_text(dump_json(dataset), encoding="utf-8")
        for name, df in tables.items():
            write_parquet(df, tmp / f"{name}.parquet")
            write_csv(df, tmp / f"{name}.csv")
        (tmp / "datapackage.json").write_text(dump_json(datapackage(dataset, tables)), encoding="utf-8")

    return publish_folder(out_dir, dataset["doc"]["id"], fill)


def publish_folder(out_dir: str | Path, name: str, fill: Callable[[Path], None]) -> Path:
    """Have `fill` write a folder's files into a fresh temporary folder in out_dir, then rename it to
    out_dir/name, replacing an earlier one only then; return out_dir/name. All or nothing."""
    out_dir = Path(out_dir)
    target = out_dir / name
    if target.resolve().parent != out_dir.resolve():
        raise OutputError(f"{target}: the name would leave the output directory")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".tmp-{name}-", dir=out_dir))
        tmp.chmod(0o755)  # mkdtemp makes it private; the published folder is readable like any other
    except OSError as exc:
        raise OutputError(f"{out_dir}: cannot write here ({exc.strerror or exc})") from None
    try:
        fill(tmp)
        _swap_into_place(tmp, target)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise OutputError(f"{out_dir}: cannot write here ({exc.strerror or exc})") from None
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return target


def _swap_into_place(tmp: Path, target: Path) -> None:
    """Rename tmp to target; an existing target is moved aside first and removed only after."""
    old = None
    if target.exists():
        old = target.with_name(f".old-{target.name}-{os.getpid()}")
        os.replace(target, old)
    try:
        os.replace(tmp, target)
    except OSError:
        if old is not None:
            os.replace(old, target)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def write_parquet(df: pd.DataFrame, path: Path) -> None:
    """Parquet without the pandas index; deterministic for the same data and pyarrow version."""
    pq.write_table(pa.Table.from_pandas(df, preserve_index=False), path, compression="zstd")


def write_csv(df: pd.DataFrame, path: Path) -> None:
    """CSV with whole numbers written without '.0' and missing values as empty fields."""
    out = df.copy()
    for col in FLOAT_COLUMNS & set(out.columns):
        out[col] = out[col].map(_number_text, na_action="ignore").astype("string")
    out.to_csv(path, index=False, lineterminator="\n")


def _number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def datapackage(dataset: dict, tables: dict[str, pd.DataFrame]) -> dict:
    """A Frictionless Data Package describing the CSV resources: fields, types, primary and foreign keys."""
    doc = dataset["doc"]
    resources = []
    for name, df in tables.items():
        fields = [{"name": c, "type": _field_type(c)} for c in df.columns]
        keys = ["doc_id", "seq", "aksi_no"] if name == "aksi" else ["doc_id", "seq", "institution"] if name == "penanggung_jawab" else ["doc_id", "seq"]
        schema: dict = {"fields": fields, "primaryKey": keys}
        if name != "sasaran":
            schema["foreignKeys"] = [{"fields": ["doc_id", "seq"], "reference": {"resource": "sasaran", "fields": ["doc_id", "seq"]}}]
        resources.append({"name": name, "path": f"{name}.csv", "title": TABLE_TITLES[name], "profile": "tabular-data-resource",
                          "format": "csv", "mediatype": "text/csv", "encoding": "utf-8", "schema": schema})
    return {
        "profile": "tabular-data-package",
        "name": doc["id"],
        "title": f"{doc.get('jenis') or ''} Nomor {doc.get('nomor')} Tahun {doc.get('tahun')}: {doc.get('judul') or ''}".strip(),
        "sources": [{"title": doc.get("source", {}).get("file", ""), "sha256": doc.get("source", {}).get("sha256", "")}],
        "resources": resources,
    }


def _field_type(column: str) -> str:
    return "integer" if column in INT_COLUMNS else "number" if column in FLOAT_COLUMNS else "string"
