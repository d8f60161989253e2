"""Make the long benchmark document: the sample's truth rows repeated, rendered as one Lampiran PDF.

    python samples/make_long.py [--repeat 50] [--out PATH] [--force]

Why: the issue's targets are about a long Lampiran (~900 pages): time per page
must not grow with length and memory must stay flat. No real regulation that
long is at hand, so the sample's hand-checked rows are repeated `--repeat`
times and drawn with samples/render.py in the reference layout (50 -> ~892
pages, ~10 s to render). The PDF is a build product, not a source: it goes to
a cache folder outside git (bench/.cache/, one file per repeat count) and is
redrawn only when missing or older than the truth file or render.py, so
`make bench` pays the render once.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
TRUTH = HERE / "ranpk-2024.truth.json"
RENDER = HERE / "render.py"
CACHE = HERE.parent / "bench" / ".cache"
DEFAULT_REPEAT = 50


def default_path(repeat: int = DEFAULT_REPEAT) -> Path:
    """Where the PDF for `repeat` lives: one file per count, so --repeat 5 never overwrites the 50."""
    return CACHE / f"long-x{repeat}.pdf"


def is_stale(out: Path, sources: tuple[Path, ...] = (TRUTH, RENDER)) -> bool:
    """True when `out` is missing or older than any file it is drawn from (mtime, like make)."""
    if not out.is_file():
        return True
    built = out.stat().st_mtime
    return any(src.stat().st_mtime > built for src in sources)


def render_long(out: Path, repeat: int, truth: Path = TRUTH) -> Path:
    """Draw the truth rows `repeat` times into `out`. Written to a temporary name and renamed,
    so an interrupted render never leaves a truncated PDF that later looks up to date."""
    if str(HERE) not in sys.path:
        sys.path.insert(0, str(HERE))
    from render import Layout, render_pdf, repeat_rows  # samples/render.py (needs reportlab)

    dataset = repeat_rows(json.loads(truth.read_text(encoding="utf-8")), repeat)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    try:
        render_pdf(dataset, tmp, Layout())
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    return out


def long_pdf(repeat: int = DEFAULT_REPEAT, out: Path | None = None, force: bool = False,
             log=lambda msg: None) -> Path:
    """The long PDF's path, drawing it first when it is missing or stale (or `force`)."""
    out = Path(out) if out else default_path(repeat)
    if force or is_stale(out):
        t0 = time.perf_counter()
        log(f"rendering {out} ({repeat} x {TRUTH.name}) ...")
        render_long(out, repeat)
        log(f"rendered {out} in {time.perf_counter() - t0:.1f} s")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=DEFAULT_REPEAT, help="times the truth rows are repeated")
    ap.add_argument("--out", type=Path, help=f"PDF to write (default {default_path().relative_to(HERE.parent)})")
    ap.add_argument("--force", action="store_true", help="redraw even when the cached PDF is up to date")
    a = ap.parse_args(argv)
    if a.repeat < 1:
        ap.error("--repeat must be at least 1")
    print(long_pdf(a.repeat, a.out, a.force, log=lambda m: print(m, file=sys.stderr)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
