"""Speed and memory of `lampiran extract` against pdfplumber and camelot, on the sample and a long PDF.

    python bench/run.py [--quick [--corpus] [--ocr] [--diff]] [--repeat N]        (`make bench`)

Why: issue 6 sets targets (lampiran at most half pdfplumber's time on the sample;
time per page flat on a ~900-page document; peak memory <= 400 MB there; --jobs 2
at least 1.7x --jobs 1). This prints the figures and PASS/MISS per target. It is
a report, not a test: timings depend on the machine, so nothing here fails a build.

How it measures: each figure comes from its own fresh process (no cache, import
or heap shared between tools), spawned here and reaped with os.wait4. "seconds":
wall time from spawn to exit, imports included (what a user waits for). "cpu s":
wait4's user + system time of the process tree, steadier than wall time when
others share the CPUs (hence the printed load average). "peak RSS MB": wait4's
ru_maxrss, the kernel's high-water mark of the largest single process of the tree:
exact, no RUSAGE_CHILDREN deltas. "tree PSS MB": the tree's summed PSS
(/proc/PID/smaps_rollup, so pages shared by forked workers count once), sampled
every 0.2 s: the footprint with workers; it can miss peaks shorter than that.

Which lampiran: the one a user installs (`pip install -e .`: no test extras), in bench/.cache/user-venv, made on
first use and again when pyproject.toml or constraints.txt change (~1 min). The development venv differs in one
way that shows: pandera imports hypothesis when it is installed (a test extra), ~0.15 s a run; its time on the
sample is printed too. Each figure on the sample is the median of SAMPLE_RUNS runs (a run is ~1 s, so one
run is at the mercy of a scheduling hiccup), taken in rounds that run every tool once, so that a slow spell of
the shared machine falls on all tools alike; the long document's are single runs.
"""
from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "permendag-17-2024-lampiran.pdf"
PY = sys.executable
CAMELOT_EVERY = 30  # on the long PDF camelot reads pages 2, 32, 62, ...: all pages would take ~10 min
PDFPLUMBER = ("import sys, pdfplumber\nwith pdfplumber.open(sys.argv[1]) as pdf:\n"
              "    for page in pdf.pages:\n        page.extract_tables()\n        page.close()")
CAMELOT = "import sys, camelot\ncamelot.read_pdf(sys.argv[1], pages=sys.argv[2], flavor='lattice')"
USER_VENV = ROOT / "bench" / ".cache" / "user-venv"
SAMPLE_RUNS = 3


@dataclass
class Run:
    """One measured process: what ran, on how many pages, and what it cost."""
    doc: str
    tool: str
    pages: int
    seconds: float | None = None  # None: not run (note says why) or failed
    cpu: float | None = None      # user + system CPU seconds of the whole process tree
    peak_mb: float | None = None
    tree_mb: float | None = None
    note: str = ""


def tree_pss_mb(root: int) -> float:
    """Summed PSS (MB) of `root` and its descendants: pages shared by forked workers count once
    in all, not once per process as RSS would. Falls back to RSS where smaps_rollup is unreadable."""
    parent, rss, page = {}, {}, os.sysconf("SC_PAGE_SIZE")
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                rest = Path(f"/proc/{entry.name}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue  # the process ended between listing and reading
            parent[int(entry.name)], rss[int(entry.name)] = int(rest[1]), int(rest[21]) * page
    tree, grew = {root}, True
    while grew:
        new = {p for p, pp in parent.items() if pp in tree} - tree
        tree, grew = tree | new, bool(new)
    return sum(_pss(p, rss.get(p, 0)) for p in tree) / 2**20


def _pss(pid: int, rss: int) -> int:
    """Bytes of proportional set size of `pid` (its share of every page it maps)."""
    try:
        line = next(ln for ln in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines() if ln.startswith("Pss:"))
        return int(line.split()[1]) * 1024
    except (OSError, StopIteration):
        return rss


def measure(run: Run, cmd: list[str], ok: tuple[int, ...] = (0,)) -> Run:
    """Run `cmd` in a fresh process; fill in wall seconds, wait4's peak RSS and the sampled tree RSS. An exit status
    not in `ok` is a failure."""
    with tempfile.TemporaryFile() as err:
        t0, peak, stop = time.perf_counter(), [0.0], threading.Event()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, cwd=ROOT)

        def sample():  # until the process is reaped
            while not stop.wait(0.2):
                peak[0] = max(peak[0], tree_pss_mb(proc.pid))
        (sampler := threading.Thread(target=sample, daemon=True)).start()
        _, status, usage = os.wait4(proc.pid, 0)
        run.seconds = time.perf_counter() - t0
        stop.set(), sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, so Popen must not wait again
        run.peak_mb, run.tree_mb = usage.ru_maxrss / 1024, peak[0] or None  # None: ended before a sample
        run.cpu = usage.ru_utime + usage.ru_stime
        if proc.returncode not in ok:
            err.seek(0)
            tail = err.read().decode(errors="replace").strip().splitlines()[-1:] or [""]
            run.seconds, run.note = None, f"FAILED (exit {proc.returncode}): {tail[0][:80]}"
    print(f"  {run.doc:<7} {run.tool:<26} {fmt(run.seconds, '.1f', 's')} {run.note}", file=sys.stderr)
    return run


def user_install(log=lambda m: print(m, file=sys.stderr)) -> list[str]:
    """The `lampiran` script as a user installs it (`pip install -e .`, no test extras), in USER_VENV: made when
    missing or older than pyproject.toml or constraints.txt."""
    script, stamp = USER_VENV / "bin" / "lampiran", USER_VENV / ".installed"
    sources = [ROOT / "pyproject.toml", ROOT / "constraints.txt"]
    if not stamp.exists() or any(p.stat().st_mtime > stamp.stat().st_mtime for p in sources):
        log(f"installing lampiran without test extras into {USER_VENV.relative_to(ROOT)} (once, ~1 min)")
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(USER_VENV)], check=True)
        subprocess.run([str(USER_VENV / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                        "-c", "constraints.txt", "-e", "."], check=True, cwd=ROOT)
        stamp.touch()
    return [str(script)]


def dev_install() -> list[str]:
    """The `lampiran` script of the development venv (this interpreter's; test extras included)."""
    return [str(Path(PY).with_name("lampiran"))]


def page_count(path: Path) -> int:
    import pypdfium2  # fast, and a dependency already
    return len(pypdfium2.PdfDocument(str(path)))


def bench_doc(name: str, pdf: Path, camelot: str | None, lampiran: list[str], tmp: Path, full: bool = True,
              times: int = 1, extra: tuple[tuple[str, list[str]], ...] = ()) -> tuple[list[Run], str]:
    """All measurements of one PDF, plus the jobs-1 vs jobs-2 byte-for-byte comparison line.
    `camelot`: None = skip, "all" = every page, else a page list (counted for pages/s).
    `full=False`: lampiran --jobs 1 only (the short same-layout baseline). `extra`: more (tool, command) pairs.
    `times`: rounds; each round runs every tool once (so that a slow spell of the machine hits all tools alike,
    not one), and each tool's run of median seconds is kept. camelot runs once, first."""
    n, runs = page_count(pdf), []
    if camelot:
        sub = n if camelot == "all" else len(camelot.split(","))
        tool = "camelot lattice" + ("" if camelot == "all" else f" (1/{CAMELOT_EVERY})")
        runs.append(measure(Run(name, tool, sub), [PY, "-c", CAMELOT, str(pdf), camelot]))
    outs = {j: tmp / f"{name}-jobs{j}" for j in (1, 2)}
    plan = [("pdfplumber extract_tables", [PY, "-c", PDFPLUMBER, str(pdf)])] if full else []
    plan += [(f"lampiran --jobs {j}", lampiran + ["extract", str(pdf), "--out", str(outs[j]), "--jobs", str(j)])
             for j in ((1, 2) if full else (1,))]
    plan += list(extra)
    rounds = [[measure(Run(name, tool, n), cmd) for tool, cmd in plan] for _ in range(times)]
    runs[:0] = [median(column, times) for column in zip(*rounds)]
    return runs, f"{name}: jobs 1 vs jobs 2 output: " + (compare_trees(outs[1], outs[2]) if full else "not checked")


def median(done: tuple[Run, ...], times: int) -> Run:
    """Of one tool's runs, the run of median seconds, its note saying so (the last run if every one failed)."""
    ok = sorted((r for r in done if r.seconds is not None), key=lambda r: r.seconds)
    if not ok:
        return done[-1]
    best = ok[len(ok) // 2]
    best.note = best.note or (f"median of {times}" if times > 1 else "")
    return best


def compare_trees(a: Path, b: Path, skip: tuple[str, ...] = ()) -> str:
    """'identical (N files)' when both folders hold the same files with the same bytes (but those named in `skip`),
    else what differs."""
    files = lambda d: {p.relative_to(d) for p in d.rglob("*") if p.is_file() and p.name not in skip} if d.is_dir() else set()  # noqa: E731
    fa, fb = files(a), files(b)
    if not fa:
        return "no output to compare"
    if fa != fb:
        return f"DIFFERENT file sets: {sorted(map(str, fa ^ fb))[:5]}"
    diff = [str(p) for p in sorted(fa) if (a / p).read_bytes() != (b / p).read_bytes()]
    return f"DIFFERENT bytes in {', '.join(diff)}" if diff else f"identical ({len(fa)} files)"


def fmt(x: float | None, spec: str, unit: str = "") -> str:  # "-" for what was not measured
    return "-" if x is None else f"{x:{spec}}{unit}"


def table(runs: list[Run]) -> str:
    """The runs as an aligned plain-text table (the README pastes it verbatim)."""
    head = ("document", "tool", "pages", "seconds", "cpu s", "pages/s", "peak RSS MB", "tree PSS MB", "note")
    rows = [(r.doc, r.tool, str(r.pages), fmt(r.seconds, ".2f"), fmt(r.cpu if r.seconds else None, ".2f"),
             fmt(r.pages / r.seconds if r.seconds else None, ".1f"), fmt(r.peak_mb, ".0f"),
             fmt(r.tree_mb, ".0f"), r.note) for r in runs]
    w = [max(len(row[i]) for row in [head, *rows]) for i in range(len(head))]
    line = lambda row: "  ".join(c.ljust(w[i]) if i in (0, 1, 8) else c.rjust(w[i]) for i, c in enumerate(row)).rstrip()  # noqa: E731
    return "\n".join([line(head), line(["-" * x for x in w]), *map(line, rows)])


def verdicts(runs: list[Run]) -> list[str]:
    """The ratios issue 6 asks about, each with PASS/MISS (or n/a when not measured)."""
    get = lambda doc, tool: next((r for r in runs if r.doc == doc and r.tool == tool and r.seconds), None)  # noqa: E731
    one = "lampiran --jobs 1"
    plumb, s1, l1, l2 = get("sample", "pdfplumber extract_tables"), get("sample", one), get("long", one), get("long", "lampiran --jobs 2")
    short, dev = get("short", one), get("sample", "lampiran --jobs 1, dev venv")
    def check(label, value, ok, spec=".3f", cpu=None):  # cpu: the same ratio in CPU seconds, steadier on a busy machine
        return f"{label:<50} " + ("n/a" if value is None else f"{value:{spec}}  {'PASS' if ok(value) else 'MISS'}"
                                  + (f"  (in CPU seconds: {cpu:.2f})" if cpu else ""))
    per_page = lambda r, t="seconds": getattr(r, t) / r.pages  # noqa: E731
    return [check("lampiran / pdfplumber time, sample (<= 0.5)", s1 and plumb and s1.seconds / plumb.seconds,
                  lambda v: v <= 0.5, cpu=s1 and plumb and s1.cpu / plumb.cpu),
            check("long s/page / sample s/page (<= 1.15)", s1 and l1 and per_page(l1) / per_page(s1), lambda v: v <= 1.15,
                  cpu=s1 and l1 and per_page(l1, "cpu") / per_page(s1, "cpu")),
            check("long s/page / short s/page, same layout (<= 1.15)", short and l1 and per_page(l1) / per_page(short),
                  lambda v: v <= 1.15, cpu=short and l1 and per_page(l1, "cpu") / per_page(short, "cpu")),
            check("long peak RSS MB, jobs 1 (<= 400)", l1 and l1.peak_mb, lambda v: v <= 400, ".0f"),
            check("long tree PSS MB, jobs 2 (<= 400)", l2 and l2.tree_mb, lambda v: v <= 400, ".0f"),
            check("long jobs-2 speed-up over jobs 1 (>= 1.7)", l1 and l2 and l1.seconds / l2.seconds, lambda v: v >= 1.7),
            "the same from the dev venv, sample (information)".ljust(50) + " "
            + (f"{dev.seconds / plumb.seconds:.3f}" if dev and plumb else "n/a")]


CORPUS_COUNT = 200  # PDFs in the corpus figure (samples/make_corpus.py: 2 pages each), drawn once into bench/.cache


def bench_corpus(lampiran: list[str], tmp: Path) -> list[str]:
    """Issue 15's figures: a corpus of CORPUS_COUNT PDFs run on a Dask LocalCluster of 1 and of 2 worker processes
    (speed-up, target >= 1.8 on 2 cores), and plain local `lampiran extract FOLDER` (the forked-child path), whose
    difference per document is the Dask path's overhead. Each cluster is warmed first (its workers import the
    pipeline on their first task), so the figures are the corpus's, not the workers' start-up."""
    from distributed import LocalCluster

    sys.path.insert(0, str(ROOT / "samples"))
    from make_corpus import make_corpus

    folder = ROOT / "bench" / ".cache" / f"corpus-{CORPUS_COUNT}"
    make_corpus(folder, CORPUS_COUNT)
    warm = tmp / "warm-corpus"
    warm.mkdir()
    for pdf in sorted(folder.glob("*.pdf"))[:4]:
        (warm / pdf.name).write_bytes(pdf.read_bytes())
    runs = []
    for workers in (1, 2):
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
            cmd = lampiran + ["extract", "--scheduler", cluster.scheduler_address, "--out"]
            subprocess.run(cmd + [str(tmp / f"warm-{workers}"), str(warm)], check=True, capture_output=True)
            runs.append(measure(Run("corpus", f"dask, {workers} worker{'s' * (workers > 1)}", CORPUS_COUNT),
                                cmd + [str(tmp / f"corpus-dask-{workers}"), str(folder)]))
    local = measure(Run("corpus", "local (forked children)", CORPUS_COUNT),
                    lampiran + ["extract", str(folder), "--out", str(tmp / "corpus-local")])
    one, two = runs
    lines = [f"corpus: {CORPUS_COUNT} PDFs of 2 pages (samples/make_corpus.py); seconds (cpu s of the client and its children)"]
    lines += [f"  {r.tool:<26} {fmt(r.seconds, '.2f')} s ({fmt(r.cpu, '.2f')} cpu s), {fmt(r.seconds and 1000 * r.seconds / r.pages, '.0f')} ms/document"
              for r in (*runs, local)]
    ok = one.seconds and two.seconds
    lines.append(f"{'corpus: 2 workers speed-up over 1 (>= 1.8)':<50} " + (f"{one.seconds / two.seconds:.3f}  "
                 f"{'PASS' if one.seconds / two.seconds >= 1.8 else 'MISS'}" if ok else "n/a"))
    lines.append(f"{'corpus: Dask overhead per document, 1 worker vs local':<50} " + (
        f"{1000 * (one.seconds - local.seconds) / CORPUS_COUNT:+.0f} ms" if one.seconds and local.seconds else "n/a"))
    lines.append("corpus: dask 1 worker vs local output: " + compare_trees(tmp / "corpus-dask-1", tmp / "corpus-local",
                                                                           skip=("manifest.csv", "manifest.parquet")))
    return lines


def bench_table_diff(lampiran: list[str], tmp: Path) -> list[str]:
    """Issue 14's figure: `lampiran diff` of a ~50-page tariff schedule against its ~60-page successor
    (samples/make_schedule.py, drawn once into bench/.cache), both PDFs read on the way: under 10 s."""
    sys.path.insert(0, str(ROOT / "samples"))
    from make_schedule import schedules

    old, new = schedules(ROOT / "bench" / ".cache" / "schedules")
    pages = page_count(old) + page_count(new)
    run = measure(Run("schedules", "lampiran diff", pages), lampiran + ["diff", str(old), str(new), "--format", "json"],
                  ok=(1,))
    return [f"table diff: {page_count(old)}-page schedule against its {page_count(new)}-page successor (samples/make_schedule.py)",
            f"{'table diff: seconds, both PDFs read (< 10)':<50} " + (
                f"{run.seconds:.2f}  {'PASS' if run.seconds < 10 else 'MISS'}" if run.seconds else "n/a")]


def bench_ocr(lampiran: list[str], tmp: Path) -> list[str]:
    """Issue 12's figure: `lampiran extract --ocr` on the sample scanned (grey, 200 dpi, turned 0.8 degrees, noisy
    JPEG: samples/scan.py) against the ocrmypdf run it makes (`extract.ocr.ocrmypdf_command`) alone on the same
    scan; target: at most 20 % more."""
    from extract.ocr import INSTALL_HINT, ocr_available, ocrmypdf_command

    if not ocr_available():
        return [f"ocr: not measured. {INSTALL_HINT}"]
    sys.path.insert(0, str(ROOT / "samples"))
    from scan import realistic_scan

    scan = realistic_scan(SAMPLE, tmp / "scan.pdf", 200, skew=0.8, blur=0.5, noise=6)
    pages = page_count(scan)
    alone = measure(Run("scan", "ocrmypdf alone", pages), ocrmypdf_command(scan, tmp / "ocr.pdf", list(range(1, pages + 1))))
    whole = measure(Run("scan", "lampiran extract --ocr", pages), lampiran + ["extract", str(scan), "--ocr", "--out", str(tmp / "ocr")],
                    ok=(0, 9))  # 9: written, a row that OCR garbled left out
    lines = [f"ocr: the sample scanned, {pages} pages (grey 200 dpi, 0.8 degrees, noisy JPEG); seconds (cpu s)"]
    lines += [f"  {r.tool:<26} {fmt(r.seconds, '.1f')} s ({fmt(r.cpu, '.1f')} cpu s), {fmt(r.seconds and r.seconds / r.pages, '.2f')} s/page"
              for r in (alone, whole)]
    ratio = whole.seconds / alone.seconds if whole.seconds and alone.seconds else None
    lines.append(f"{'ocr: lampiran extract --ocr / ocrmypdf alone (<= 1.2)':<50} "
                 + (f"{ratio:.3f}  {'PASS' if ratio <= 1.2 else 'MISS'}" if ratio else "n/a"))
    return lines


def machine() -> str:
    """nproc, CPU model and versions: the figures mean nothing without them."""
    cpu = next((ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines()
                if ln.startswith("model name")), platform.processor() or "unknown CPU")
    return f"{len(os.sched_getaffinity(0))} CPUs (nproc), {cpu}, Python {platform.python_version()}, {platform.system()} {platform.release()}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="the sample only, without camelot")
    ap.add_argument("--corpus", action="store_true", help="with --quick: the corpus figures too")
    ap.add_argument("--ocr", action="store_true", help="with --quick: the OCR figure too")
    ap.add_argument("--diff", action="store_true", help="with --quick: the table diff figure too")
    ap.add_argument("--repeat", type=int, default=50, help="the long PDF repeats the sample's rows N times (50: ~892 pages)")
    a = ap.parse_args(argv)
    if a.repeat < 1:
        ap.error("--repeat must be at least 1")
    lampiran, load = user_install(), os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="lampiran-bench-") as tmp:
        dev = ("lampiran --jobs 1, dev venv", dev_install() + ["extract", str(SAMPLE), "--out", str(Path(tmp) / "dev")])
        runs, same = bench_doc("sample", SAMPLE, None if a.quick else "all", lampiran, Path(tmp), times=SAMPLE_RUNS,
                               extra=(dev,))
        checks = [same]
        if not a.quick:
            sys.path.insert(0, str(ROOT / "samples"))
            from make_long import long_pdf  # samples/make_long.py: cached in bench/.cache/
            pdf = long_pdf(a.repeat, log=lambda m: print(m, file=sys.stderr))
            short, _ = bench_doc("short", long_pdf(max(1, a.repeat // 10)), None, lampiran, Path(tmp), full=False)
            subset = ",".join(str(p) for p in range(2, page_count(pdf) + 1, CAMELOT_EVERY))
            long_runs, same = bench_doc("long", pdf, subset, lampiran, Path(tmp))
            runs, checks = runs + short + long_runs, checks + [same]
        # The corpus figures run the development venv's lampiran: cluster mode is the optional `cluster` extra,
        # which the user venv (no extras) does not have.
        corpus = [] if a.quick and not a.corpus else bench_corpus(dev_install(), Path(tmp))
        ocr = [] if a.quick and not a.ocr else bench_ocr(lampiran, Path(tmp))
        table_diff = [] if a.quick and not a.diff else bench_table_diff(lampiran, Path(tmp))
    print(f"machine: {machine()}\nload average (1 min) at start {load:.2f}, at end {os.getloadavg()[0]:.2f}"
          f" (other work on the machine slows every figure)\n\n{table(runs)}\n")
    if not a.quick:
        print(f"short, long: the sample's truth rows x{max(1, a.repeat // 10)}, x{a.repeat}, drawn by samples/render.py "
              "(same layout, so their s/page isolate length; the sample is drawn differently, 27 pages per copy).")
        print(f"camelot on the long PDF reads every {CAMELOT_EVERY}th page only (pages 2, {2 + CAMELOT_EVERY}, ...): all would take ~10 min.")
    print("\n".join(checks) + "\n\n" + "\n".join(verdicts(runs)))
    if corpus:
        print("\n" + "\n".join(corpus))
    if ocr:
        print("\n" + "\n".join(ocr))
    if table_diff:
        print("\n" + "\n".join(table_diff))
    return 0


if __name__ == "__main__":
    sys.exit(main())
