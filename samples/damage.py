"""Damage a PDF the ways regulation PDFs are damaged in the wild, seeded, and judge what `lampiran` makes of it.

Why: files are re-saved, merged, cut short by a download, or edited by tools that break a stream. They open, and
most of each reads; the tool must then say what was damaged, never present a damaged page as whole, and keep
stderr to its own line. A seed picks one kind of damage (`KINDS`) and where it falls; `judge` says whether the
tool's answer on the copy meets those conditions against its answer on the sound file.

Usage: python samples/damage.py [--copies 1000] [--seed 0]   (the report behind `make damage`)
"""
from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "permendag-17-2024-lampiran.pdf"
TRUTH = ROOT / "samples" / "ranpk-2024.truth.json"
KINDS = ("bytes changed", "block zeroed", "block duplicated", "cut short")
# Exit statuses a damaged copy may end with (the README's table): written; written with rows left out; refused as
# unreadable, as holding no table, or as failing validation.
WRITTEN, WRITTEN_WITH_REJECTS = 0, 9
REFUSED = {3: "unreadable", 4: "no table", 5: "validation failed"}
SHORT_PAGES = 4  # the sample's first pages, for a short document of the same producer's kind


def damaged_copy(data: bytes, seed: int) -> tuple[str, bytes]:
    """(kind, bytes) of one damaged copy of `data`: seed % 4 picks the kind, the rest of the seed where it falls."""
    rng, damaged, size = random.Random(seed), bytearray(data), len(data)
    kind = KINDS[seed % len(KINDS)]
    if kind == "bytes changed":
        for _ in range(rng.randint(1, 20)):
            damaged[rng.randrange(size)] = rng.randrange(256)
    elif kind == "block zeroed":
        at, length = rng.randrange(size), rng.randint(16, 2048)
        damaged[at:at + length] = bytes(len(damaged[at:at + length]))
    elif kind == "block duplicated":
        at, length, to = rng.randrange(size), rng.randint(16, 4096), rng.randrange(size)
        damaged[to:to] = data[at:at + length]
    else:
        damaged = damaged[: rng.randint(size // 4, size - 1)]
    return kind, bytes(damaged)


def short_sample(target: Path, pages: int = SHORT_PAGES) -> Path:
    """The sample's first `pages` pages as a PDF of their own (pdfium writes it), so a copy reads in a moment."""
    import pypdfium2 as pdfium

    source, short = pdfium.PdfDocument(SAMPLE), pdfium.PdfDocument.new()
    short.import_pages(source, list(range(pages)))
    short.save(target)
    short.close()
    source.close()
    return target


def perturbed_document(target: Path, rows: int = 14) -> Path:
    """Another document of the kind: the perturbed truth's first `rows` rows drawn by reportlab (`render.py`), whose
    content streams are not compressed."""
    sys.path.insert(0, str(ROOT / "samples"))
    from perturb import perturb
    from render import render_pdf

    other = perturb(json.loads(TRUTH.read_text(encoding="utf-8")))
    other["rows"] = other["rows"][:rows]
    render_pdf(other, target)
    return target


@dataclass
class Verdict:
    """What the tool made of one copy, and which of the conditions it broke (none: `ok`)."""

    kind: str
    status: int
    outcome: str = ""  # "exact", "exact, with warnings", "warned where it differs", or a REFUSED reason
    problems: list[str] = field(default_factory=list)
    damaged_pages: set[int] = field(default_factory=set)  # pages its dataset says are damaged
    copy: Path | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


def judge(kind: str, status: int, stderr: str, got: dict | None, want: dict) -> Verdict:
    """Does the tool's answer on a damaged copy (exit `status`, `stderr`, the dataset written or None) meet the
    conditions: no traceback, at most one line on stderr, a documented exit status, and a dataset either equal to
    `want` (the sound file's) or carrying a warning on every page whose rows differ (`unwarned_pages`)."""
    verdict = Verdict(kind, status, problems=stderr_problems(stderr))
    if status in REFUSED:
        verdict.outcome = REFUSED[status]
        if got is not None:
            verdict.problems.append(f"exit {status}, yet a dataset was written")
    elif status in (WRITTEN, WRITTEN_WITH_REJECTS) and got is not None:
        if unwarned := unwarned_pages(got, want):
            verdict.problems.append(f"rows differ on pages {unwarned}, which no warning names")
        same = rows_of(got) == rows_of(want) and _doc(got) == _doc(want)
        verdict.outcome = ("exact" if not got["warnings"] else "exact, with warnings") if same else "warned where it differs"
        verdict.damaged_pages = {w["page"] for w in got["warnings"] if w["code"] == "damaged_page"}
    else:
        verdict.problems.append(f"exit {status} with {'a' if got else 'no'} dataset: not a documented outcome")
    return verdict


def _doc(dataset: dict) -> dict:
    return {k: v for k, v in dataset["doc"].items() if k not in ("source", "id")}


def stderr_problems(stderr: str) -> list[str]:
    """What is wrong with a command's stderr: a traceback, or more than its own one line."""
    lines = stderr.strip().splitlines()
    return (["a traceback on stderr"] if "Traceback" in stderr else []) + \
        ([f"{len(lines)} lines on stderr: {lines[:3]}"] if len(lines) > 1 else [])


def judge_tables(verdict: Verdict, tmp: Path) -> list[str]:
    """What `lampiran tables` does wrong on a copy `lampiran extract` was judged on: a traceback or more than one
    line on stderr, an exit status it does not document, or, where both wrote, other damaged pages than extract's."""
    status, stderr, index = run_lampiran("tables", verdict.copy, tmp / f"tables-{verdict.copy.stem}")
    problems = stderr_problems(stderr)
    if status not in (WRITTEN, 3, 4) or (status == WRITTEN) != (index is not None):
        problems.append(f"tables: exit {status} with {'a' if index else 'no'} tables.json")
    if index is not None and verdict.outcome in ("exact", "exact, with warnings", "warned where it differs"):
        pages = {w["page"] for w in index["warnings"] if w["code"] == "damaged_page"}
        if pages != verdict.damaged_pages:
            problems.append(f"tables names damaged pages {sorted(pages)}, extract {sorted(verdict.damaged_pages)}")
    return problems


def rows_of(dataset: dict) -> Counter:
    """The rows as a multiset, each without its seq (a lost row renumbers the rest; that is not another change)."""
    return Counter(json.dumps({k: v for k, v in r.items() if k != "seq"}, sort_keys=True, ensure_ascii=False)
                   for r in dataset["rows"])


def unwarned_pages(got: dict, want: dict) -> list[int]:
    """The pages of rows that differ (lost, added or changed) where no warning of `got` names a page the row spans
    (or skips over); a field of the document block that differs and no warning names (by its field) counts on the
    pages before the table's, where the heading and signature are read."""
    named = {w.get("page") for w in got["warnings"]}
    unwarned = set()
    for row in (rows_of(got) - rows_of(want)) + (rows_of(want) - rows_of(got)):
        pages = json.loads(row)["pages"]
        spanned = set(range(min(pages), max(pages) + 1))
        unwarned |= set() if spanned & named else spanned
    named_fields = {w.get("field") for w in got["warnings"]}
    if any(got["doc"].get(k) != v for k, v in _doc(want).items() if k not in named_fields):
        first = min((r["pages"][0] for r in want["rows"]), default=2)
        unwarned |= set(range(1, max(first, 2))) - named
    return sorted(unwarned)


def run_lampiran(command: str, pdf: Path, out: Path) -> tuple[int, str, dict | None]:
    """`lampiran COMMAND PDF --out OUT` in a process of its own: (exit status, stderr, what it wrote: dataset.json
    for extract, tables.json for tables, or None)."""
    done = subprocess.run([str(Path(sys.executable).with_name("lampiran")), command, str(pdf), "--out", str(out)],
                          capture_output=True, text=True, check=False)
    written = sorted(out.glob("*/dataset.json" if command == "extract" else "*/tables.json"))
    return done.returncode, done.stderr, json.loads(written[0].read_text(encoding="utf-8")) if written else None


def originals(tmp: Path) -> list[tuple[Path, dict]]:
    """The two sound documents copies are made of, with what `lampiran extract` reads of each."""
    pdfs = [short_sample(tmp / "short.pdf"), perturbed_document(tmp / "perturbed.pdf")]
    return [(pdf, run_lampiran("extract", pdf, tmp / f"sound-{pdf.stem}")[2]) for pdf in pdfs]


def judge_copy(seed: int, sound: list[tuple[Path, dict]], tmp: Path) -> Verdict:
    """Damage copy `seed` (of the sound documents in turn), read it with `lampiran extract`, and judge it."""
    pdf, want = sound[seed % len(sound)]
    kind, data = damaged_copy(pdf.read_bytes(), seed // len(sound))
    copy = tmp / f"copy-{seed}.pdf"
    copy.write_bytes(data)
    verdict = judge(kind, *run_lampiran("extract", copy, tmp / f"out-{seed}"), want=want)
    verdict.copy = copy
    return verdict


def judge_copies(seeds: range, tmp: Path, jobs: int = 2, sound: list[tuple[Path, dict]] | None = None) -> list[Verdict]:
    """`judge_copy` for every seed, `jobs` at a time (each copy is read by a process of its own), of the sound
    documents given (`originals`, made here when not given)."""
    sound = sound or originals(tmp)
    with ThreadPoolExecutor(jobs) as pool:
        return list(pool.map(lambda seed: judge_copy(seed, sound, tmp), seeds))


def outcome_counts(verdicts: list[Verdict]) -> str:
    """'200 copies: 124 warned, 66 unreadable, …; 0 break a condition'."""
    outcomes = Counter(v.outcome for v in verdicts)
    return (f"{len(verdicts)} copies: " + ", ".join(f"{n} {o}" for o, n in outcomes.most_common())
            + f"; {sum(not v.ok for v in verdicts)} break a condition")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="lampiran-damage-") as tmp:
        verdicts = judge_copies(range(args.seed, args.seed + args.copies), Path(tmp), args.jobs)
        for seed, verdict in zip(range(args.seed, args.seed + args.copies), verdicts):
            if not verdict.ok:
                print(f"seed {seed} ({verdict.kind}): {'; '.join(verdict.problems)}")
    print(outcome_counts(verdicts))
    return 1 if any(not v.ok for v in verdicts) else 0


if __name__ == "__main__":
    sys.exit(main())
