"""Where a corpus run writes: a local folder, or any fsspec URL every worker can reach (`file://`, `s3://` …).

Why: on a cluster the workers write their documents themselves, so the output may be a shared disk or an object
store. Each document is written exactly as a local run writes it (lampiran/write.py), into a local temporary
folder first; then each folder is published whole. Locally that is write.publish_folder's rename. At a URL the
files are uploaded under a `.tmp-…` name and moved into place; on an object store, where a move is a copy, a
reader may see a document's files appear one by one, and the manifest (written after) says when it is complete.

A document is published as `OUT/<doc id>/` (the contract) and, for the corpus as one dataset, as one partition of
each tidy table: `OUT/_corpus/<table>/doc_id=<doc id>/part-0.parquet` (Hive-style; `doc_id` comes from the folder
name, as pandas, pyarrow and DuckDB read it). Doc ids are [a-z0-9-], so `_corpus` is never one.
"""
from __future__ import annotations

import secrets
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from extract.errors import OutputError

if TYPE_CHECKING:  # pandas and the writer are imported where documents are written, not where the manifest is read
    import pandas as pd

CORPUS = "_corpus"
PART = "part-0.parquet"


def is_url(out: str | Path) -> bool:
    return "://" in str(out)


def join(out: str | Path, *names: str) -> str:
    return "/".join([str(out).rstrip("/"), *names])


def write_document(dataset: dict, tables: dict[str, pd.DataFrame], out: str | Path, corpus: bool = True) -> str:
    """Publish the document's folder, then (in a corpus) its partition of each corpus table; return the folder's
    path or URL. At a URL, both are written as a local run writes them, into a temporary folder, then uploaded."""
    doc_id = dataset["doc"]["id"]
    if not is_url(out):
        return str(_write_local(dataset, tables, Path(out), corpus))
    with tempfile.TemporaryDirectory(prefix="lampiran-upload-") as local:
        _upload(_write_local(dataset, tables, Path(local), corpus), join(out, doc_id))
        for name in tables if corpus else ():
            part = f"doc_id={doc_id}"
            _upload(Path(local) / CORPUS / name / part, join(out, CORPUS, name, part))
    return join(out, doc_id)


def _write_local(dataset: dict, tables: dict[str, pd.DataFrame], out: Path, corpus: bool) -> Path:
    """Publish the document's folder in the local folder `out`, and (in a corpus) its partitions; return the folder."""
    from lampiran.write import publish_folder, write_dataset

    folder = write_dataset(dataset, tables, out)
    for name, df in tables.items() if corpus else ():
        publish_folder(out / CORPUS / name, f"doc_id={dataset['doc']['id']}", lambda tmp, df=df: _write_part(df, tmp))
    return folder


def _write_part(df: pd.DataFrame, folder: Path) -> None:
    """One document's rows of a table, without doc_id: the partition's folder name carries it."""
    from lampiran.write import write_parquet

    write_parquet(df.drop(columns="doc_id"), folder / PART)


def filesystem(url: str):
    """The fsspec filesystem of `url` and the path inside it (fsspec imported only for URLs)."""
    import fsspec

    try:
        return fsspec.core.url_to_fs(url)
    except (ImportError, ValueError) as exc:
        raise OutputError(f"{url}: cannot write here ({exc})") from None


def _upload(local: Path, url: str) -> None:
    """Copy the files of `local` to `url` under a temporary name, then move them into place (replacing it)."""
    fs, target = filesystem(url)
    tmp = target.rsplit("/", 1)
    tmp = f"{tmp[0]}/.tmp-{tmp[1]}-{secrets.token_hex(4)}"
    try:
        fs.makedirs(tmp, exist_ok=True)
        for path in sorted(local.iterdir()):
            fs.put_file(str(path), f"{tmp}/{path.name}")
        if fs.exists(target):
            fs.rm(target, recursive=True)
        fs.mv(tmp, target, recursive=True)
    except OSError as exc:
        raise OutputError(f"{url}: cannot write here ({exc})") from None


def write_file(out: str | Path, name: str, fill) -> None:
    """Have `fill(path)` write a local file, then put it at out/name in one step (a rename, or an upload)."""
    try:
        if is_url(out):
            fs, base = filesystem(str(out))
            with tempfile.TemporaryDirectory(prefix="lampiran-upload-") as local:
                fill(Path(local) / name)
                fs.makedirs(base, exist_ok=True)
                fs.put_file(str(Path(local) / name), f"{base}/{name}")
            return
        Path(out).mkdir(parents=True, exist_ok=True)
        tmp = Path(out) / f".tmp-{name}-{secrets.token_hex(4)}"
        try:
            fill(tmp)
            tmp.replace(Path(out) / name)
        finally:
            tmp.unlink(missing_ok=True)
    except OSError as exc:
        raise OutputError(f"{out}: cannot write here ({exc.strerror or exc})") from None


def read_text(out: str | Path, name: str) -> str | None:
    """The text of out/name, or None when there is none."""
    if not is_url(out):
        path = Path(out) / name
        return path.read_text(encoding="utf-8") if path.is_file() else None
    fs, base = filesystem(str(out))
    path = f"{base}/{name}"
    return fs.cat_file(path).decode("utf-8") if fs.exists(path) else None


def has_document(out: str | Path, doc_id: str) -> bool:
    """Is OUT/<doc id>/dataset.json there (a skipped document's output must still exist)?"""
    if not is_url(out):
        return (Path(out) / doc_id / "dataset.json").is_file()
    fs, base = filesystem(str(out))
    return fs.exists(f"{base}/{doc_id}/dataset.json")


def remove_debris(out: str | Path) -> None:
    """Remove the `.tmp-…` and `.old-…` folders that attempts killed while publishing left behind. Called when a
    run has ended, when no attempt of it can still be writing."""
    patterns = (".tmp-*", ".old-*", f"{CORPUS}/*/.tmp-*", f"{CORPUS}/*/.old-*")
    if not is_url(out):
        for pattern in patterns:
            for path in Path(out).glob(pattern):
                shutil.rmtree(path, ignore_errors=True) if path.is_dir() else path.unlink(missing_ok=True)
        return
    fs, base = filesystem(str(out))
    for pattern in patterns:
        for path in fs.glob(f"{base}/{pattern}"):
            fs.rm(path, recursive=True)
