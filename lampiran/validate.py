"""Check a dataset, or an output folder, against the contract: the JSON Schema of
dataset.json, the pandera schemas of the tidy tables, and the Data Package.

Returns problems as lines (empty when valid), so the extractor can refuse to
write a bad dataset and `lampiran validate DIR` can print what is wrong, row by row.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import jsonschema_rs
import pandas as pd

from extract.errors import UnreadableInputError
from lampiran.tidy import FLOAT_COLUMNS, INT_COLUMNS, dataset_to_tables
from schemas import json_schema
from schemas.tables import SCHEMAS, Failure, table_failures, table_problems


def dataset_problems(dataset: dict) -> list[str]:
    """Every way `dataset` breaks the JSON Schema or the table schemas, one line each."""
    return validated_tables(dataset)[0]


def validated_tables(dataset: dict) -> tuple[list[str], dict[str, pd.DataFrame] | None]:
    """`dataset_problems`, and the tidy tables they were checked on (None when dataset.json breaks its JSON Schema:
    then there are none), so that a caller who writes or compares them does not build them again."""
    failures, tables = dataset_failures(dataset)
    return [f.line for f in failures], tables


def dataset_failures(dataset: dict) -> tuple[list[Failure], dict[str, pd.DataFrame] | None]:
    """`validated_tables` with each failure's row (its seq) kept, so that `lampiran.reject` can leave that row out."""
    failures = [_json_failure(dataset, e) for e in sorted(_dataset_validator().iter_errors(dataset),
                                                          key=lambda e: list(map(str, e.instance_path)))]
    if failures:
        return failures, None
    tables = dataset_to_tables(dataset)
    return table_failures(tables), tables


def _json_failure(dataset: dict, error) -> Failure:
    """A JSON Schema error as a Failure: under rows/N it is row N's (by its seq, when that is a whole number)."""
    path = list(error.instance_path)
    where = "/".join(map(str, path)) or "(top)"
    seq = None
    if len(path) >= 2 and path[0] == "rows" and isinstance(path[1], int):
        value = dataset["rows"][path[1]].get("seq") if isinstance(dataset["rows"][path[1]], dict) else None
        seq = value if isinstance(value, int) and not isinstance(value, bool) else None
    rule = "dataset.json " + "/".join(str(p) for p in path if not isinstance(p, int)) + ": " + error.message
    return Failure(seq, rule, f"dataset.json {where}: {error.message}")


@lru_cache(maxsize=1)
def prepare_validation() -> None:
    """Do now what the first validation would otherwise do: build the JSON Schema validator, and let pandera set up
    its pandas backends by validating empty tables (~0.05 s; 0.2 s where hypothesis is installed, which pandera
    then imports). `lampiran extract` calls this while a child process reads the PDF, so that the dataset, once
    read, is validated at once. Once per process: later calls return at once."""
    _dataset_validator()
    table_problems(dataset_to_tables({"doc": {"id": "empty"}, "rows": []}))


@lru_cache(maxsize=1)
def _dataset_validator():
    """The contract's JSON Schema, formats ("date") checked. jsonschema-rs (Rust): the reference `jsonschema` took
    ~1 s on a 5,600-row dataset, a tenth of a 900-page run spent after the pages were read; this takes 0.01 s.
    (The tests check the diff against its schema with `jsonschema`: two implementations agree on the contract.)"""
    return jsonschema_rs.validator_for(json_schema("dataset"), validate_formats=True)


def folder_problems(folder: str | Path) -> list[str]:
    """Re-check a written output folder: dataset.json, the CSV and Parquet tables (equal to each other), datapackage.json."""
    folder = Path(folder)
    path = folder / "dataset.json"
    try:
        dataset = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UnreadableInputError(f"{folder}: no dataset.json here") from None
    except (OSError, ValueError) as exc:
        raise UnreadableInputError(f"{path}: not readable JSON ({exc})") from None
    problems, derived = validated_tables(dataset)
    expected = None if problems else derived
    tables = {}
    for name in SCHEMAS:
        try:
            csv = _read_csv(folder / f"{name}.csv")
            parquet = pd.read_parquet(folder / f"{name}.parquet")
        except (OSError, ValueError) as exc:
            problems.append(f"{name}: cannot read ({exc})")
            continue
        tables[name] = csv
        if not csv.equals(parquet):
            problems.append(f"{name}: the CSV and the Parquet file differ")
        if expected is not None and not csv.equals(expected[name]):
            problems.append(f"{name}.csv: differs from what dataset.json says")
    if len(tables) == len(SCHEMAS):
        problems += table_problems(tables)
    problems += _datapackage_problems(folder, tables)
    return problems


def _read_csv(path: Path) -> pd.DataFrame:
    """Read a tidy CSV back with the contract's types."""
    df = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
    for col in df.columns:
        dtype = "Int64" if col in INT_COLUMNS else "Float64" if col in FLOAT_COLUMNS else "string"
        df[col] = (pd.to_numeric(df[col]) if dtype != "string" else df[col]).astype(dtype)
    return df


def _datapackage_problems(folder: Path, tables: dict[str, pd.DataFrame]) -> list[str]:
    """The Data Package must name every table with the columns the CSV has, in order, and frictionless
    must find the CSVs valid against it (types, primary and foreign keys)."""
    try:
        package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return [f"datapackage.json: cannot read ({exc})"]
    problems = _frictionless_problems(folder)
    described = {r.get("name"): r for r in package.get("resources", [])}
    for name, df in tables.items():
        resource = described.get(name)
        if resource is None:
            problems.append(f"datapackage.json: no resource {name!r}")
            continue
        fields = [f["name"] for f in resource.get("schema", {}).get("fields", [])]
        if fields != list(df.columns):
            problems.append(f"datapackage.json: resource {name!r} lists fields {fields}, the CSV has {list(df.columns)}")
    return problems


def _frictionless_problems(folder: Path) -> list[str]:
    """Validate the package with frictionless, the Data Package reference implementation: one line per error."""
    from frictionless import validate

    report = validate(str(folder / "datapackage.json"))
    names = {i: t.name for i, t in enumerate(report.tasks, start=1)}
    return [f"datapackage.json: {names.get(task, task)} row {row} {field or ''}: {kind}: {note}".replace("  ", " ")
            for task, row, field, kind, note in report.flatten(["taskNumber", "rowNumber", "fieldName", "type", "note"])]
