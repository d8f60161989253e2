"""Corpus runs: a folder of 21 drawn PDFs (20 two-page ones and a 55-page one) through `lampiran extract`, locally
and on a Dask LocalCluster of 2 worker processes: the same bytes, a manifest, skipped re-runs, a worker killed
under a task, a local run killed mid-corpus and started again, and the corpus read as one dataset."""
from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from click.testing import CliRunner
from distributed import Client, LocalCluster

from lampiran.cli import main
from tests.conftest import ROOT, SAMPLE_TRUTH

sys.path.insert(0, str(ROOT / "samples"))
from make_corpus import make_corpus  # noqa: E402
from render import Layout, render_pdf, repeat_rows  # noqa: E402

SCRIPT = Path(sys.executable).with_name("lampiran")
COUNT = 20
BIG = "big.pdf"  # sorted first; takes a second or so to read: a task to kill a worker under


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    make_corpus(folder, COUNT)
    big = repeat_rows(json.loads(SAMPLE_TRUTH.read_text(encoding="utf-8")), 2)
    big["doc"].update(nomor=999, id="permendag-999-2024")
    render_pdf(big, folder / BIG, Layout())
    return folder


@pytest.fixture(scope="module")
def local_run(corpus, tmp_path_factory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("local")
    result = CliRunner().invoke(main, ["extract", str(corpus), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out, result.output


@pytest.fixture(scope="module")
def cluster():
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as c:
        yield c


def manifest(out: Path) -> list[dict]:
    with (out / "manifest.csv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def files(out: Path) -> dict[str, bytes]:
    """Every published file but the manifest (whose seconds differ from run to run), by path."""
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and not p.name.startswith("manifest.")}


def test_a_local_corpus_run_writes_every_document_and_its_manifest(local_run, corpus):
    out, output = local_run
    rows = manifest(out)
    assert [r["source"] for r in rows] == sorted(str(p) for p in corpus.glob("*.pdf"))
    assert {r["status"] for r in rows} == {"written"} and {r["error"] for r in rows} == {""}
    assert len({r["doc_id"] for r in rows}) == COUNT + 1 and {r["attempts"] for r in rows} == {"1"}
    assert all(len(r["sha256"]) == 64 and r["tool_version"] == "0.1.0" for r in rows)
    assert pd.read_parquet(out / "manifest.parquet").astype(str).equals(pd.DataFrame(rows).astype(str))
    assert f"{COUNT + 1} of {COUNT + 1} documents extracted" in output
    assert not list(out.glob(".*"))  # no temporary debris


def test_a_re_run_skips_every_unchanged_pdf_and_force_redoes_them(local_run, corpus, tmp_path):
    out = tmp_path / "out"
    (tmp_path / "in").mkdir()
    for name in ("doc-000.pdf", "doc-001.pdf"):
        (tmp_path / "in" / name).write_bytes((corpus / name).read_bytes())
    assert CliRunner().invoke(main, ["extract", str(tmp_path / "in"), "--out", str(out)]).exit_code == 0
    again = CliRunner().invoke(main, ["extract", str(tmp_path / "in"), "--out", str(out)])
    assert again.exit_code == 0 and "0 of 2 documents extracted, 2 skipped (unchanged)" in again.output
    (tmp_path / "in" / "doc-001.pdf").write_bytes((corpus / "doc-002.pdf").read_bytes())  # the file changed
    changed = CliRunner().invoke(main, ["extract", str(tmp_path / "in"), "--out", str(out)])
    assert "1 of 2 documents extracted, 1 skipped (unchanged)" in changed.output
    assert {r["doc_id"] for r in manifest(out)} == {"permendag-100-2024", "permendag-102-2024"}
    forced = CliRunner().invoke(main, ["extract", str(tmp_path / "in"), "--out", str(out), "--force"])
    assert "2 of 2 documents extracted" in forced.output and "skipped" not in forced.output


def test_the_corpus_reads_as_one_dataset_in_duckdb_and_pandas(local_run):
    out, _ = local_run
    query = (f"SELECT doc_id, count(*) AS n FROM read_parquet('{out}/_corpus/sasaran/*/*.parquet', "
             "hive_partitioning = true) GROUP BY doc_id ORDER BY doc_id")
    counts = dict(duckdb.sql(query).fetchall())
    per_doc = {p.parent.name: len(pd.read_parquet(p)) for p in out.glob("*/sasaran.parquet")}
    assert counts == per_doc and len(counts) == COUNT + 1
    aksi = pd.read_parquet(out / "_corpus" / "aksi")
    assert len(aksi) == sum(len(pd.read_parquet(p)) for p in out.glob("*/aksi.parquet"))
    one = aksi[aksi["doc_id"] == "permendag-105-2024"].drop(columns="doc_id").reset_index(drop=True)
    want = pd.read_parquet(out / "permendag-105-2024" / "aksi.parquet").drop(columns="doc_id")
    pd.testing.assert_frame_equal(one, want)


def test_a_dask_cluster_run_writes_the_same_bytes_as_a_local_run(local_run, corpus, cluster, tmp_path):
    out = tmp_path / "dask"
    result = CliRunner().invoke(main, ["extract", str(corpus), "--out", f"file://{out}",
                                       "--scheduler", cluster.scheduler_address])
    assert result.exit_code == 0, result.output
    reference = files(local_run[0])
    assert files(out) == reference and len(reference) == (COUNT + 1) * 11
    keep = ("source", "sha256", "status", "doc_id", "rows", "warnings", "attempts")
    assert [{k: r[k] for k in keep} for r in manifest(out)] == [{k: r[k] for k in keep} for r in manifest(local_run[0])]


def test_a_worker_killed_under_a_task_costs_only_that_task(local_run, corpus, cluster, tmp_path):
    out = tmp_path / "dask"
    run = subprocess.Popen([SCRIPT, "extract", corpus, "--out", out, "--scheduler", cluster.scheduler_address],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    with Client(cluster.scheduler_address) as client:
        worker = _worker_processing(client, "lampiran-big-")
        pid = client.run(os.getpid, workers=[worker])[worker]
        os.kill(pid, signal.SIGKILL)
        stdout, stderr = run.communicate(timeout=120)
        assert run.returncode == 0, stdout + stderr
        client.wait_for_workers(2, timeout=60)  # the nanny starts a new worker: the cluster is whole for the next test
    rows = {r["source"]: r for r in manifest(out)}
    assert rows[str(corpus / BIG)]["attempts"] == "2"
    assert {r["status"] for r in rows.values()} == {"written"} and len(rows) == COUNT + 1
    assert files(out) == files(local_run[0])  # the killed attempt left no debris, and nothing is missing


def _worker_processing(client: Client, prefix: str, timeout: float = 60) -> str:
    """The address of the worker that is running the task whose key starts with `prefix`, once it is."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for worker, keys in client.processing().items():
            if any(str(k).startswith(prefix) for k in keys):
                return worker
        time.sleep(0.01)
    raise AssertionError(f"no task {prefix}… ran within {timeout} s")


def test_a_local_run_killed_mid_corpus_finishes_on_the_next_run_with_nothing_lost_or_doubled(local_run, corpus, tmp_path):
    out = tmp_path / "out"
    run = subprocess.Popen([SCRIPT, "extract", corpus, "--out", out], stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, start_new_session=True)
    while not (out / "manifest.csv").exists() or len(manifest(out)) < 5:
        assert run.poll() is None, "the run ended before it could be killed"
        time.sleep(0.005)
    os.killpg(run.pid, signal.SIGKILL)  # the CLI and the child reading the next PDF
    run.wait()
    recorded = len(manifest(out))
    assert 5 <= recorded < COUNT + 1
    again = CliRunner().invoke(main, ["extract", str(corpus), "--out", str(out)])
    assert again.exit_code == 0, again.output
    assert f"{COUNT + 1 - recorded} of {COUNT + 1} documents extracted, {recorded} skipped (unchanged)" in again.output
    rows = manifest(out)
    assert sorted(r["source"] for r in rows) == sorted(str(p) for p in corpus.glob("*.pdf"))  # each once
    assert {r["status"] for r in rows} == {"written"}
    assert files(out) == files(local_run[0])
