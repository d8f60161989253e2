"""A corpus run: every PDF given is extracted, checked, published whole and recorded in the manifest of OUT.

Locally, each PDF is read in a forked child (lampiran.background) while this process checks and writes the one
before. On a Dask cluster (`scheduler` given), each PDF is one task: its bytes go to a worker, which extracts,
checks and publishes it at OUT (a path or fsspec URL every worker can reach) with the same code, so the bytes
written are the same. A worker lost mid-task costs only that task: the scheduler runs it again elsewhere (up to its
`allowed_failures`, 3 by default) and the manifest counts the attempts. Either way results come back as `Result`s,
errors inside them (`failure`), so that one bad PDF never stops the others; the caller (the CLI) turns errors into exit codes.
"""
from __future__ import annotations

import tempfile
import time
import traceback
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from extract.errors import LampiranError, OutputError, UnreadableInputError, UsageError
from lampiran import store
from lampiran.background import ChildBug, Children
from lampiran.manifest import Entry, tool_version
from lampiran.options import ExtractOptions

IN_FLIGHT_PER_THREAD = 2  # tasks handed to the cluster at once, per worker thread: enough to keep it busy, few
# enough that the client does not hold every PDF's bytes at once


@dataclass
class Result(Entry):
    """What one PDF gave: its manifest entry, counts for the summary, and the error (`failure`, None when written)."""

    aksi: int = 0
    pages: int = 0
    unread_words: int = 0
    damaged_pages: int = 0  # pages read with damage (`damaged_page` warnings)
    untrusted_pages: int = 0  # pages whose text layer cannot be trusted (`untrusted_text` warnings)
    disagreements: int = 0  # cells the two engines read differently (--cross-check)
    folder: str = ""
    failure: BaseException | None = None
    note: str = ""

    def entry(self, options: str) -> Entry:
        """Its row of the manifest."""
        fields = {k: getattr(self, k) for k in Entry.__dataclass_fields__}
        return Entry(**{**fields, "tool_version": tool_version(), "options": options, "seconds": round(self.seconds, 3),
                        "error": " ".join(str(self.failure).split()) if self.failure else ""})


def options_key(options: ExtractOptions, strict: bool) -> str:
    """The options that change what is written, or whether it is (not --jobs or --reader: the same bytes)."""
    return (f"engine={options.engine} cross_check={options.cross_check} ocr={options.ocr} strict={strict} "
            f"max_pages={options.limits.max_pages} page_seconds={options.limits.page_seconds}")


def unread_words(warnings: list[dict]) -> int:
    """How many words of the PDF's text were read into no field (the reader's `unread_text` warnings count them)."""
    return sum(w.get("words", 0) for w in warnings if w["code"] == "unread_text")


def publish(dataset: dict, source: str, sha256: str, out: str | Path, strict: bool, owners: dict[str, str],
            corpus: bool = True) -> Result:
    """Check an extracted dataset (leaving out rejected rows unless `strict`) and publish it at `out` (with its
    corpus partitions when `out` is a corpus), unless its doc id belongs to another source (`owners`: doc id ->
    source)."""
    from lampiran.reject import checked_dataset

    checked = checked_dataset(dataset, source, strict)
    dataset = checked.dataset
    doc_id = dataset["doc"]["id"]
    if owners.get(doc_id, source) != source:
        raise OutputError(f"{source}: its document id {doc_id!r} was already written in this run or an earlier one "
                          f"from {owners[doc_id]}; not overwritten")
    folder = store.write_document(dataset, checked.tables, out, corpus)
    rows, warnings = dataset["rows"], dataset["warnings"]
    return Result(source, sha256, status="written_with_rejected_rows" if checked.rejected else "written", doc_id=doc_id,
                  rows=len(rows), warnings=len(warnings), rejected_rows=len(checked.rejected),
                  aksi=sum(len(r["aksi"]) for r in rows), pages=dataset["doc"]["source"]["pages"],
                  unread_words=unread_words(warnings), folder=folder,
                  damaged_pages=len({w["page"] for w in warnings if w["code"] == "damaged_page"}),
                  untrusted_pages=len({w["page"] for w in warnings if w["code"] == "untrusted_text"}),
                  disagreements=sum(w["code"] == "engines_disagree" for w in warnings))


def failed(source: str, sha256: str, error: BaseException) -> Result:
    return Result(source, sha256, status=error.code if isinstance(error, LampiranError) else "bug", failure=error)


def run_local(files: list[Path], shas: dict[str, str], out: str | Path, options: ExtractOptions, strict: bool,
              owners: dict[str, str], review: bool = False, corpus: bool = True) -> Iterator[Result]:
    """Extract `files` in forked children, one ahead; check and publish each here, in order (`corpus`: see
    `publish`)."""
    if not files:
        return
    children = Children(files, options, keep_tables=review)  # reading starts now, before publish's imports
    from lampiran.validate import prepare_validation

    prepare_validation()
    if len(files) > 1:  # the children after the first are forked with the pipeline loaded: none imports it again
        import lampiran.pipeline  # noqa: F401
    for pdf in files:
        source, start = str(pdf), children.started()
        try:
            extraction = children.take()
            result = publish(extraction.dataset, source, shas[source], out, strict, owners, corpus)
            owners[result.doc_id] = source
            if review:
                from lampiran.review import review_path, write_review
                write_review(extraction, pdf, review_path(extraction, out), password=options.password)
        except Exception as exc:  # a LampiranError, or a bug: both reported by the caller, and the batch goes on
            result = failed(source, shas[source], exc)
        result.seconds = time.perf_counter() - start
        yield result


def run_on_cluster(files: list[Path], shas: dict[str, str], out: str | Path, options: ExtractOptions, strict: bool,
                   owners: dict[str, str], address: str) -> Iterator[Result]:
    """Send each PDF to the Dask cluster at `address` as a task; yield the results as they come."""
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise UsageError("--scheduler needs Dask: pip install 'lampiran[cluster]'") from None

    try:
        client = Client(address, timeout="20s")
    except (OSError, TimeoutError, ValueError) as exc:
        raise UsageError(f"--scheduler {address}: cannot connect ({exc})") from None
    with client:
        waiting = iter(files)
        sources, this_run = {}, {}

        def submit():
            pdf = next(waiting, None)
            if pdf is None:
                return None
            source = str(pdf)
            try:
                data = pdf.read_bytes()
            except OSError as exc:
                return failed(source, shas[source], UnreadableInputError(f"{pdf}: cannot read ({exc.strerror or exc})"))
            future = client.submit(extract_and_publish, pdf.name, data, source, shas[source], options, out, strict,
                                   owners, key=f"lampiran-{pdf.stem}-{uuid.uuid4().hex[:12]}", pure=False)
            sources[future.key] = source
            return future

        threads = sum(client.nthreads().values()) or 1
        pending = as_completed()
        for _ in range(IN_FLIGHT_PER_THREAD * threads):
            yield from _feed(submit, pending)
        for batch in pending.batches():  # all that finished since the last look: one question to the scheduler
            retried = client.run_on_scheduler(_suspicious, keys=[f.key for f in batch])
            for future in batch:
                result = _collect(future, sources[future.key], shas, retried[future.key])
                if result.doc_id and this_run.setdefault(result.doc_id, result.source) != result.source:
                    result = failed(result.source, result.sha256, OutputError(
                        f"{result.source}: its document id {result.doc_id!r} was also given by {this_run[result.doc_id]} in "
                        f"this run; {result.folder} holds the one published last"))
                yield result
                yield from _feed(submit, pending)


def _feed(submit, pending) -> Iterator[Result]:
    """Submit the next PDF; a PDF that could not even be read gives its result at once (and the next is tried)."""
    while (item := submit()) is not None:
        if isinstance(item, Result):
            yield item
            continue
        pending.add(item)
        return


def _collect(future, source: str, shas: dict[str, str], retried: int) -> Result:
    """A finished task's Result, with the attempts it took (`retried`: how many times a worker running it died);
    a task whose workers kept dying is a failure."""
    attempts = 1 + retried
    try:
        result = future.result()
    except Exception as exc:  # KilledWorker: it was running on every worker that died, allowed_failures times
        result = failed(source, shas[source], UnreadableInputError(
            f"{source}: the worker reading it died {attempts - 1} times ({type(exc).__name__}); given up"))
    future.release()
    result.attempts = attempts
    return result


def _suspicious(dask_scheduler, keys: list[str]) -> dict[str, int]:
    """How many times each task of `keys` was on a worker that died (it is then run again elsewhere). Asked once
    for all the tasks that finished together: a question a task costs the scheduler's CPU the workers need."""
    return {key: task.suspicious if (task := dask_scheduler.tasks.get(key)) is not None else 0 for key in keys}


def extract_and_publish(name: str, data: bytes, source: str, sha256: str, options: ExtractOptions, out: str,
                        strict: bool, owners: dict[str, str]) -> Result:
    """The task a worker runs: the PDF's bytes, saved under its own name (which the doc block records), are
    extracted, checked and published at `out`. Errors come back inside the Result."""
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="lampiran-task-") as tmp:
        pdf = Path(tmp) / name
        pdf.write_bytes(data)
        try:
            from lampiran.pipeline import extract_document

            result = publish(extract_document(pdf, replace(options, jobs=1)).dataset, source, sha256, out, strict, owners)
        except LampiranError as exc:  # said of the temporary copy: say it of the source
            result = failed(source, sha256, type(exc)(str(exc).replace(str(pdf), source)))
        except Exception as exc:
            result = failed(source, sha256, ChildBug(f"{type(exc).__name__}: {exc}", traceback.format_exc()))
    result.seconds = time.perf_counter() - start
    return result
