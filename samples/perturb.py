"""Make a different document of the same kind from a truth, with its own truth.

Why: the extractor must not know the sample's answer. A perturbed truth has
other numbers, institutions, words, rows, pilar/sector numbering, year and
regulation number; rendered with `render.py`, the PDF must read back to
exactly this new truth. Every edit is a small documented function; the result
is deterministic (no randomness), so a failure is reproducible.

Usage: python samples/perturb.py TRUTH.json OUT.json
"""
from __future__ import annotations

import copy
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from normalize.numerals import format_number  # noqa: E402  (the project's own Indonesian formatter)


def change_document(truth: dict) -> None:
    """Another regulation: another number, year, date and signer."""
    truth["doc"].update(id="permendag-30-2025", nomor=30, tahun=2025, ditetapkan="2025-03-14",
                        penandatangan="BUDI SANTOSO", judul="Rencana Aksi Nasional Perlindungan Konsumen Tahun 2025")


def change_targets(truth: dict) -> None:
    """Every plain whole-number target grows by 7 % (rounded), written the Indonesian way."""
    for row in truth["rows"]:
        t = row["target"]
        if isinstance(t["value"], int) and t["comparator"] is None and t["cumulative"] is None and t["scale"] is None:
            t["value"] = round(t["value"] * 1.07) + 1
            row["target_raw"] = format_number(t["value"])


def change_institutions(truth: dict) -> None:
    """Ministries renamed as in the 2024 cabinet."""
    renames = {"Kementerian Komunikasi dan Informatika": "Kementerian Komunikasi dan Digital",
               "Kementerian Pendidikan, Kebudayaan, Riset dan Teknologi": "Kementerian Pendidikan Dasar dan Menengah"}
    for row in truth["rows"]:
        for old, new in renames.items():
            if row["penanggung_jawab"]:
                row["penanggung_jawab"] = row["penanggung_jawab"].replace(old, new)
            row["penanggung_jawab_list"] = [new if name == old else name for name in row["penanggung_jawab_list"]]


def change_words(truth: dict) -> None:
    """Some words of Sasaran and Kegiatan reworded."""
    for row in truth["rows"]:
        row["sasaran"] = row["sasaran"].replace("Jumlah", "Banyaknya").replace("konsumen", "pembeli")
        for pair in row["aksi"]:
            if pair["kegiatan"]:
                pair["kegiatan"] = pair["kegiatan"].replace("Pengawasan", "Pemantauan")


def renumber_pilar(truth: dict) -> None:
    """Pilar 3 becomes Pilar 4 with another title, and its sectors 3.x become 4.x."""
    for row in truth["rows"]:
        if row["pilar"] == 3:
            row["pilar"], row["pilar_title"] = 4, "Peningkatan Kepatuhan dan Tanggung Jawab Pelaku Usaha"
            if row["sektor_code"]:
                row["sektor_code"] = "4." + row["sektor_code"].split(".", 1)[1]


def remove_rows(truth: dict) -> None:
    """Two rows gone: the 5th of Pilar 1 and the last of the document."""
    rows = truth["rows"]
    del rows[-1]
    del rows[4]


def add_rows(truth: dict) -> None:
    """A new row after the 2nd (numbered 2A is not a thing: it takes number 19 at the end of Pilar 1),
    with two aksi pairs and an institution the registry does not know."""
    pilar1 = [i for i, r in enumerate(truth["rows"]) if r["pilar"] == 1]
    new = copy.deepcopy(truth["rows"][pilar1[-1]])
    new.update(no="19", sasaran="Jumlah pelaku usaha daring yang mendaftarkan layanan pengaduan",
               target_raw="12.500", target={"value": 12500, "comparator": None, "cumulative": None, "scale": None},
               satuan="Pelaku Usaha", penanggung_jawab="Kementerian Perdagangan, Dinas Perdagangan Provinsi",
               penanggung_jawab_list=["Kementerian Perdagangan", "Dinas Perdagangan Provinsi"],
               aksi=[{"kegiatan": "Sosialisasi pendaftaran layanan pengaduan", "keluaran": "34 provinsi"},
                     {"kegiatan": "Verifikasi layanan pengaduan", "keluaran": "12.500 pelaku usaha"}])
    truth["rows"].insert(pilar1[-1] + 1, new)


EDITS = [change_document, change_targets, change_institutions, change_words, renumber_pilar, remove_rows, add_rows]


def perturb(truth: dict) -> dict:
    """Apply every edit to a copy of `truth` and renumber seq."""
    out = copy.deepcopy(truth)
    for edit in EDITS:
        edit(out)
    for seq, row in enumerate(out["rows"], start=1):
        row["seq"] = seq
    return out


if __name__ == "__main__":
    src, dst = sys.argv[1:3]
    Path(dst).write_text(json.dumps(perturb(json.loads(Path(src).read_text())), ensure_ascii=False, indent=1))
