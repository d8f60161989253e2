"""Make a corpus of small Lampiran PDFs: one regulation each, drawn from slices of the sample's truth.

    python samples/make_corpus.py OUT_FOLDER [--count 20] [--rows 4]

Why: corpus runs (a folder of PDFs through `lampiran extract`, locally or on a Dask cluster) are tested and
benchmarked on many documents whose content is known. Document i is Peraturan Menteri Perdagangan Nomor 100+i
Tahun 2024 (doc id `permendag-<100+i>-2024`, so no two share an output folder) holding `rows` consecutive rows
of the sample's truth from row 3*i on; each is a 2-page PDF that reads in a few hundredths of a second.
Deterministic: the same count gives the same bytes. `corpus_truth(i)` is document i's expected dataset.
"""
from __future__ import annotations

import argparse
import copy
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
TRUTH = HERE / "ranpk-2024.truth.json"


def corpus_truth(i: int, rows: int = 4, truth: dict | None = None) -> dict:
    """Document i of the corpus as a dataset: its own number and doc id, `rows` rows renumbered from seq 1."""
    truth = truth or json.loads(TRUTH.read_text(encoding="utf-8"))
    start = (3 * i) % (len(truth["rows"]) - rows)
    dataset = copy.deepcopy(truth)
    dataset["rows"] = dataset["rows"][start:start + rows]
    for seq, row in enumerate(dataset["rows"], start=1):
        row["seq"] = seq
        row.pop("pages", None)  # the sample's page numbers no longer hold
    dataset["doc"].update(nomor=100 + i, id=f"permendag-{100 + i}-2024")
    return dataset


def make_corpus(folder: Path, count: int, rows: int = 4) -> list[Path]:
    """Draw documents 0..count-1 into `folder` as doc-<i>.pdf (existing files are kept); return their paths."""
    if str(HERE) not in sys.path:
        sys.path.insert(0, str(HERE))
    from render import Layout, render_pdf  # samples/render.py (needs reportlab)

    folder.mkdir(parents=True, exist_ok=True)
    truth = json.loads(TRUTH.read_text(encoding="utf-8"))
    paths = []
    for i in range(count):
        path = folder / f"doc-{i:03d}.pdf"
        if not path.exists():
            tmp = path.with_name(f".{path.name}.tmp")
            render_pdf(corpus_truth(i, rows, truth), tmp, Layout())
            tmp.rename(path)  # never a half-drawn PDF under a final name
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--count", type=int, default=20)
    ap.add_argument("--rows", type=int, default=4)
    a = ap.parse_args(argv)
    print(f"{len(make_corpus(a.out, a.count, a.rows))} PDFs in {a.out}")


if __name__ == "__main__":
    main()
