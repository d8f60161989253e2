"""The layout fuzzer's command line: draw seeded layouts with each PDF producer and read them back.

Why: a reader tuned on one producer's PDFs can fail on another's. For each seed this
draws a known dataset slice (`spec.random_dataset`) in a seeded layout
(`spec.random_layout`) with one producer (`spec.draw`), extracts it with the
project's pipeline and compares field by field (`spec.differences`); an exact
read-back also has no warnings. It reports, it does not test: the exit status is 0
whatever it finds (tests/test_fuzz.py asserts a fixed list of seeds). `read_back`
is the one draw + extract + compare step both share.

Usage: python samples/fuzz/run.py --seeds 500 [--start 0] [--jobs 2] [--producer X] [--full] [--keep DIR]
"""
from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

SAMPLES = Path(__file__).resolve().parent.parent
for _path in (SAMPLES, SAMPLES.parent):  # samples/ (fuzz, render, perturb) and the repo (lampiran)
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

from fuzz.spec import (PRODUCERS, UNKNOWN_LABELS, FuzzLayout, differences, draw, random_dataset,  # noqa: E402
                       random_layout)

# What to install when a producer's program is missing (its module raised ImportError or FileNotFoundError).
INSTALL = {
    "chromium": "chromium not on PATH: apt-get install chromium",
    "weasyprint": "weasyprint not importable: pip install weasyprint",
    "libreoffice": "soffice not on PATH: apt-get install libreoffice-writer",
    "typst": "typst not found: install the typst CLI (or pip install typst)",
    "reportlab-boxes": "reportlab not importable: pip install reportlab",
}


class Undrawable(Exception):
    """The producer cannot draw this layout (a word wider than its column, a row taller than a page):
    the layout's fault, not the reader's."""


class ProducerUnavailable(Exception):
    """The producer's program or library is not installed here."""


def truth_of(dataset: dict, layout: FuzzLayout) -> dict:
    """What the drawn PDF says: without the regulation's closing page (layout.body_page False) it prints
    no date and no signer, so the reader must give None for both."""
    if layout.body_page:
        return dataset
    return {**dataset, "doc": {**dataset["doc"], "ditetapkan": None, "penandatangan": None}}


def unexpected_warnings(extracted: dict, want: dict, layout: FuzzLayout) -> list[dict]:
    """The extraction's warnings but those the drawing calls for: a date or signer the PDF does not print
    is said so (no_signature, no_signer), and a header title the vocabulary does not know is said to be read
    as the one column left (column_inferred); any other warning means the read-back was not clean."""
    called_for = {("no_signature", "ditetapkan"), ("no_signer", "penandatangan")}
    called_for = {(code, f) for code, f in called_for if want["doc"].get(f) is None}
    if any(layout.header_labels.get(k) in labels for k, labels in UNKNOWN_LABELS.items()):
        called_for.add(("column_inferred", None))
    return [w for w in extracted.get("warnings", []) if (w.get("code"), w.get("field")) not in called_for]


def read_back(seed: int, producer: str | None, tmp: str | Path, full: bool = False,
              keep: Path | None = None) -> tuple[dict, dict, list[str]]:
    """Draw seed `seed` with `producer` (None: the seed's own choice) into `tmp`, extract it with the
    pipeline and compare: (truth of the PDF drawn, extracted, differences). Raises Undrawable or
    ProducerUnavailable when the drawing fails for those reasons; anything the reader raises propagates.
    The extraction's warnings are judged apart (`unexpected_warnings`)."""
    from lampiran.pipeline import extract_dataset

    layout, dataset = random_layout(seed, producer=producer), random_dataset(seed, full=full)
    Path(tmp).mkdir(parents=True, exist_ok=True)  # a missing folder must not pass for a missing program
    pdf = Path(tmp) / f"{seed:05d}-{layout.producer}.pdf"
    try:
        draw(dataset, layout, pdf)
    except (ImportError, FileNotFoundError) as e:
        module = PRODUCERS[layout.producer].split(":")[0]
        hint = (f"{module} is not written yet" if isinstance(e, ModuleNotFoundError) and e.name == module
                else INSTALL.get(layout.producer, layout.producer))
        raise ProducerUnavailable(f"{hint} ({type(e).__name__}: {e})") from e
    except ValueError as e:
        raise Undrawable(str(e)) from e
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
        (keep / pdf.name).write_bytes(pdf.read_bytes())
    extracted, want = extract_dataset(pdf), truth_of(dataset, layout)
    return want, extracted, differences(extracted, want)


@dataclass
class Outcome:
    """What one seed gave: `status` is exact, differs, warnings, error, undrawable or unavailable."""

    seed: int
    producer: str
    layout: FuzzLayout
    status: str
    detail: str = ""
    seconds: float = 0.0
    lines: list[str] = field(default_factory=list)  # the differences and warnings in full, for --keep

    @property
    def failed(self) -> bool:
        return self.status in ("differs", "warnings", "error")


def describe(layout: FuzzLayout) -> str:
    """The layout fields that most often decide a read-back, on one line."""
    orient = "land" if layout.landscape else "port"
    return (f"{layout.paper:<6} {orient} {layout.font:<5} {layout.font_size:>4}pt {layout.rules:<12} "
            f"no={layout.col_widths[0]:<3} pad={layout.padding:<3} {layout.valign:<6} "
            f"hdr={'rep' if layout.header_repeat else 'once'}{' shade' if layout.shaded_header else ''}"
            f"{'' if layout.body_page else ' no-closing-page'}")


def summarise_differences(diffs: list[str]) -> str:
    """"3 rows differ (sasaran, aksi), row count got 40, want 41, doc 1: ditetapkan" from spec.differences'
    lines: the rows (with their most frequent fields), the row count, the doc fields."""
    seqs, fields, doc, parts = set(), Counter(), 0, []
    for d in diffs:
        if match := re.match(r"seq (\S+) (\w+):", d):
            seqs.add(match[1])
            fields[match[2]] += 1
        elif d.startswith("doc "):
            doc += 1
        elif match := re.match(r"row count: got (\d+), want (\d+)", d):
            parts.append(f"row count got {match[1]}, want {match[2]}")
    if seqs:
        rows = "1 row differs" if len(seqs) == 1 else f"{len(seqs)} rows differ"
        parts.insert(0, f"{rows} ({', '.join(k for k, _ in fields.most_common(3))})")
    if doc:
        parts.append(f"doc {doc}: " + ", ".join(d.split(":")[0][4:] for d in diffs if d.startswith("doc ")))
    return ", ".join(parts)


def run_seed(seed: int, producer: str | None, full: bool, keep: str | None) -> Outcome:
    """One seed, in a worker: draw, read back, judge. Never raises."""
    layout = random_layout(seed, producer=producer)
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="lampiran-fuzz-") as tmp:
        try:
            want, got, diffs = read_back(seed, producer, tmp, full, Path(keep) if keep else None)
        except ProducerUnavailable as e:
            return Outcome(seed, layout.producer, layout, "unavailable", str(e))
        except Undrawable as e:
            return Outcome(seed, layout.producer, layout, "undrawable", str(e), time.perf_counter() - start)
        except Exception as e:  # noqa: BLE001  (the reader's failure is the finding)
            text = f"{type(e).__name__}: {e}".splitlines()[0][:160]
            return Outcome(seed, layout.producer, layout, "error", text, time.perf_counter() - start, [text])
    seconds = time.perf_counter() - start
    unexpected = unexpected_warnings(got, want, layout)
    warnings = [f"{w.get('code')} ({w.get('field')}): {w.get('message', '')}" for w in unexpected]
    codes = ", ".join(sorted({w.get("code") for w in unexpected}))
    if diffs:
        detail = summarise_differences(diffs) + (f"; warnings: {codes}" if codes else "")
        return Outcome(seed, layout.producer, layout, "differs", detail, seconds, diffs + warnings)
    if warnings:
        return Outcome(seed, layout.producer, layout, "warnings", f"exact values, warnings: {codes}", seconds, warnings)
    return Outcome(seed, layout.producer, layout, "exact", "", seconds)


def _run_star(args: tuple) -> Outcome:
    return run_seed(*args)


def report_line(o: Outcome) -> str:
    result = {"exact": "exact", "unavailable": "producer unavailable", "undrawable": f"undrawable: {o.detail}"}
    text = result.get(o.status, o.detail)
    return f"{o.seed:>6} {o.producer:<16} {describe(o.layout)} {o.seconds:5.1f}s  {text}"


def _tally(outcomes: list[Outcome], key) -> list[str]:
    """'name: exact/read (undrawable u, unavailable n)' per value of `key`."""
    groups = defaultdict(list)
    for o in outcomes:
        groups[key(o)].append(o)
    out = []
    for name in sorted(groups):
        os_ = groups[name]
        read = [o for o in os_ if o.status in ("exact", "differs", "warnings", "error")]
        exact = sum(o.status == "exact" for o in read)
        extra = [f"{n} {s}" for s, n in Counter(o.status for o in os_).items() if s in ("undrawable", "unavailable")]
        out.append(f"  {name:<16} {exact:>4}/{len(read):<4} exact" + (f"  ({', '.join(extra)})" if extra else ""))
    return out


def summary(outcomes: list[Outcome]) -> str:
    """The closing report: exact read-backs overall, per producer, per rules style; the failing seeds."""
    read = [o for o in outcomes if o.status in ("exact", "differs", "warnings", "error")]
    counts = Counter(o.status for o in outcomes)
    lines = [f"\n{counts['exact']} of {len(read)} drawn PDFs read back exactly "
             f"({len(outcomes)} seeds: {counts['differs']} differ, {counts['warnings']} warnings only, "
             f"{counts['error']} errors, {counts['undrawable']} undrawable, "
             f"{counts['unavailable']} producer unavailable)",
             "per producer:"] + _tally(outcomes, lambda o: o.producer)
    lines += ["per rules style:"] + _tally([o for o in outcomes if o.status != "unavailable"], lambda o: o.layout.rules)
    failing = defaultdict(list)
    for o in outcomes:
        if o.failed:
            failing[o.producer].append(o.seed)
    lines.append("failing seeds:" + ("" if failing else " none"))
    lines += [f"  {p}: {' '.join(map(str, seeds))}" for p, seeds in sorted(failing.items())]
    missing = sorted({o.producer for o in outcomes if o.status == "unavailable"})
    lines += [f"producer unavailable: {p}: {INSTALL.get(p, p)}" for p in missing]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seeds", type=int, default=500, help="how many seeds")
    ap.add_argument("--start", type=int, default=0, help="first seed")
    ap.add_argument("--jobs", type=int, default=2, help="worker processes")
    ap.add_argument("--producer", choices=sorted(PRODUCERS), help="draw every seed with this producer")
    ap.add_argument("--full", action="store_true", help="the whole dataset, not a 25-45 row slice")
    ap.add_argument("--keep", metavar="DIR", help="keep the PDFs (and a .txt of what differs) in DIR")
    a = ap.parse_args(argv)
    if a.keep:
        Path(a.keep).mkdir(parents=True, exist_ok=True)
    seeds = range(a.start, a.start + a.seeds)
    jobs = [(s, a.producer, a.full, a.keep) for s in seeds]
    outcomes = []
    with ProcessPoolExecutor(max_workers=max(1, a.jobs)) as pool:
        for o in pool.map(_run_star, jobs):
            outcomes.append(o)
            print(report_line(o), flush=True)
            if a.keep and o.lines:
                Path(a.keep, f"{o.seed:05d}-{o.producer}.txt").write_text("\n".join(o.lines) + "\n", encoding="utf-8")
    print(summary(outcomes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
