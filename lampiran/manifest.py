"""The manifest of an output folder: what every PDF run into it gave, kept so that a re-run does only what changed.

`OUT/manifest.csv` and `OUT/manifest.parquet` hold one row per source PDF (the path as given): its sha256, the tool
version and the reading options it was run with, the status, doc id, rows, warnings, seconds, how many attempts it
took (more than 1 when a cluster worker was lost under it) and the error. A re-run skips every PDF that was written
with the same sha256, tool version and options and whose folder is still there (`--force` redoes all).

It is started by the first document written into OUT and then rewritten whole, atomically, at most every
WRITE_EVERY seconds while documents come in and once at the end of the run (rewriting it after every document
made a corpus quadratic: 200 rewrites of a growing table cost the client 0.9 cpu s of a 9 s run). A run killed at
any moment leaves it saying which documents were published, less at most the last WRITE_EVERY seconds of them: a
document published but not yet recorded is redone (the same bytes again), none is recorded that was not
published. It is read back from the CSV with the standard library, so that deciding what
to skip costs no pandas import before the first PDF starts reading.
"""
from __future__ import annotations

import csv
import io
import time
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

from lampiran import store

NAME = "manifest"
WRITTEN = ("written", "written_with_rejected_rows")  # statuses whose output exists
WRITE_EVERY = 0.25  # seconds between two rewrites of the manifest during a run (`Manifest.record`)


@dataclass
class Entry:
    """One source PDF's row of the manifest."""

    source: str
    sha256: str
    tool_version: str = ""
    options: str = ""
    status: str = ""  # one of WRITTEN, "skipped", or the error's code (unreadable_input, no_table …, bug)
    doc_id: str = ""
    rows: int = 0
    warnings: int = 0
    rejected_rows: int = 0
    seconds: float = 0.0
    attempts: int = 1
    error: str = ""


INTS = ("rows", "warnings", "rejected_rows", "attempts")


@lru_cache(maxsize=1)
def tool_version() -> str:
    from importlib.metadata import version

    return version("lampiran")


class Manifest:
    """The manifest of `out`, loaded at once; `record` rewrites it now and then, `flush` at the end of a run."""

    def __init__(self, out: str | Path) -> None:
        self.out = out
        text = store.read_text(out, f"{NAME}.csv")
        self.entries = {e.source: e for e in map(_entry, csv.DictReader(io.StringIO(text)))} if text else {}
        self.exists = text is not None
        self.kept = self.exists  # a manifest is started by the first document written, when `start` says OUT is to
        self.start = True  # be a corpus: a run that only failed leaves a new OUT as it found it
        self.written_at = float("-inf")  # time.monotonic() of the last rewrite
        self.dirty = False  # entries recorded since then

    def unchanged(self, source: str, sha256: str, options: str) -> Entry | None:
        """The entry of `source` when it was written from these bytes, by this version, with these options, and
        its folder is still there: then it need not be run again."""
        e = self.entries.get(source)
        same = e is not None and e.status in WRITTEN and (e.sha256, e.tool_version, e.options) == (sha256, tool_version(), options)
        return e if same and store.has_document(self.out, e.doc_id) else None

    def owners(self) -> dict[str, str]:
        """doc id -> the source it was written from, for every written entry (a document never overwrites
        another source's folder)."""
        return {e.doc_id: e.source for e in self.entries.values() if e.status in WRITTEN}

    def record(self, entry: Entry) -> None:
        """Add or replace `entry`; rewrite the manifest when the last rewrite is WRITE_EVERY seconds old."""
        self.entries[entry.source] = entry
        self.kept = self.kept or (self.start and entry.status in WRITTEN)
        self.dirty = True
        if time.monotonic() - self.written_at >= WRITE_EVERY:
            self.flush()

    def flush(self) -> None:
        """Write the manifest if anything was recorded since the last rewrite: Parquet first, then the CSV it is
        read back from."""
        if not (self.kept and self.dirty):
            return
        self.written_at, self.dirty = time.monotonic(), False
        rows = [asdict(e) for e in sorted(self.entries.values(), key=lambda e: e.source)]
        store.write_file(self.out, f"{NAME}.parquet", lambda path: _write_parquet(rows, path))
        store.write_file(self.out, f"{NAME}.csv", lambda path: _write_csv(rows, path))


def _entry(row: dict) -> Entry:
    return Entry(**{**row, **{k: int(row[k]) for k in INTS}, "seconds": float(row["seconds"])})


def _write_csv(rows: list[dict], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(Entry.__dataclass_fields__), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _write_parquet(rows: list[dict], path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    types = {k: pa.int64() for k in INTS} | {"seconds": pa.float64()}
    schema = pa.schema([(k, types.get(k, pa.string())) for k in Entry.__dataclass_fields__])
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), path, compression="zstd")
