"""Run the peers `lampiran tables` is measured against on the ICDAR 2013 EU set, for its scorer.

    .venv/bin/python bench/icdar_peers.py [--data ../shared/icdar2013/data] [--out /tmp/icdar-pred]
    then: python ../shared/icdar2013/score.py ../shared/icdar2013/data /tmp/icdar-pred

Why: issue 13 asks for the per-document figures of `lampiran tables` beside camelot lattice, camelot stream and
pdfplumber, each with its default options and on its own, as a user would run it. Each tool reads each PDF in a
fresh process (no cache or import shared), timed from spawn to exit; its tables go to
PRED/<tool>/<doc>.json in the scorer's format ([{"page": N, "rows": [[cell, ...], ...]}, ...]) and its times to
PRED/<tool>/times.json. `lampiran tables` itself is run by ../shared/icdar2013/predict.py.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 300  # seconds a tool may take on one document

# Each peer as a program reading sys.argv[1] and printing its tables as JSON, in the scorer's format.
PEERS = {
    "camelot-lattice": "flavor='lattice'",
    "camelot-stream": "flavor='stream'",
}
CAMELOT = """import json, sys, camelot
tables = camelot.read_pdf(sys.argv[1], pages="all", {options})
print(json.dumps([{{"page": int(t.page), "rows": t.df.values.tolist()}} for t in tables]))"""
PDFPLUMBER = """import json, sys, pdfplumber
out = []
with pdfplumber.open(sys.argv[1]) as pdf:
    for page in pdf.pages:
        out += [{"page": page.page_number, "rows": rows} for rows in page.extract_tables()]
        page.close()
print(json.dumps(out))"""


def programs() -> dict[str, str]:
    """Each peer's name and the program that runs it."""
    return {**{name: CAMELOT.format(options=options) for name, options in PEERS.items()}, "pdfplumber": PDFPLUMBER}


def run_peer(program: str, pdf: Path) -> tuple[list, float, str]:
    """One peer on one PDF in a fresh process: its tables, the seconds it took, and "ok" or what went wrong."""
    start = time.perf_counter()
    try:
        done = subprocess.run([sys.executable, "-c", program, str(pdf)], capture_output=True, text=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return [], time.perf_counter() - start, "timeout"
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        return [], seconds, f"error: {(done.stderr.strip().splitlines() or [''])[-1][:120]}"
    return json.loads(done.stdout or "[]"), seconds, "ok"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "icdar2013" / "data")
    ap.add_argument("--out", type=Path, default=Path("/tmp/icdar-pred"))
    a = ap.parse_args(argv)
    if not a.data.is_dir():
        ap.error(f"{a.data}: no such folder (the ICDAR 2013 EU set, ../shared/icdar2013/data)")
    for name, program in programs().items():
        out, times = a.out / name, {}
        out.mkdir(parents=True, exist_ok=True)
        for pdf in sorted(a.data.glob("*.pdf")):
            tables, seconds, status = run_peer(program, pdf)
            (out / f"{pdf.stem}.json").write_text(json.dumps(tables, ensure_ascii=False), encoding="utf-8")
            times[pdf.stem] = {"seconds": round(seconds, 3), "status": status}
            print(f"{name:16} {pdf.stem:8} {seconds:6.2f} s {len(tables):3} tables {status}", file=sys.stderr)
        (out / "times.json").write_text(json.dumps(times, indent=0), encoding="utf-8")
        print(f"{name:16} {sum(t['seconds'] for t in times.values()):7.1f} s on {len(times)} documents")
    return 0


if __name__ == "__main__":
    sys.exit(main())
