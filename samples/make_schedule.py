"""Draw a tariff schedule and its successor with WeasyPrint, for the benchmark of `lampiran diff` on tables.

    python samples/make_schedule.py OUT_DIR        # writes schedule-old.pdf (~50 pages) and schedule-new.pdf (~60)

The successor is the schedule with every tenth tariff raised, every fifteenth line removed and a new section of
lines added after every third section: the kind of amendment that replaces a regulation's tariff schedule. The
rows are made from the seed alone (no file read), so the same call draws the same PDFs; `schedules` caches them.
"""
from __future__ import annotations

import random
import sys
from pathlib import Path

SECTIONS = 60          # sections of the old schedule, a title row each
LINES = 24             # tariff lines per section: 60 x 25 rows is about 50 A4 pages at 9 pt
ITEMS = ["Izin usaha", "Perpanjangan izin", "Perubahan izin", "Sertifikat uji mutu", "Surat keterangan asal",
         "Pendaftaran merek kolektif", "Tanda daftar gudang", "Pengujian laboratorium", "Kalibrasi alat ukur"]
UNITS = ["per permohonan", "per sertifikat", "per dokumen", "per tahun", "per sampel"]


def old_rows(seed: int = 56) -> list[tuple[str, ...]]:
    """The old schedule's rows: a title row per section (its text in the first column), then numbered lines."""
    rnd = random.Random(seed)
    rows: list[tuple[str, ...]] = []
    for s in range(1, SECTIONS + 1):
        rows.append((f"{s}. Layanan bidang {s}", "", "", ""))
        for n in range(1, LINES + 1):
            item = f"{rnd.choice(ITEMS)} kelompok {s}.{n}" + (" untuk barang yang diperdagangkan antarpulau" if n % 9 == 0 else "")
            rows.append((f"{n})", item, rnd.choice(UNITS), _rupiah(rnd.randrange(50, 5000) * 1000)))
    return rows


def new_rows(rows: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """The successor: every tenth tariff line raised by a half, every fifteenth removed, and after every third
    section a new one of LINES lines."""
    out, line, section = [], 0, 0
    for row in rows:
        if not row[1]:  # a title row
            section += 1
            if section > 1 and (section - 1) % 3 == 0:
                out += _added_section(section - 1)
            out.append(row)
            continue
        line += 1
        if line % 15 == 0:
            continue
        if line % 10 == 0:
            value = int(row[3][3:-3].replace(".", ""))
            row = row[:3] + (_rupiah(value * 3 // 2),)
        out.append(row)
    return out


def _added_section(after: int) -> list[tuple[str, ...]]:
    return [(f"{after}A. Layanan baru bidang {after}", "", "", "")] + [
        (f"{n})", f"Layanan baru {after}.{n}", UNITS[n % len(UNITS)], _rupiah(n * 25_000)) for n in range(1, LINES + 1)]


def _rupiah(value: int) -> str:
    return f"Rp {value:,}".replace(",", ".") + ",00"


def schedule_html(rows: list[tuple[str, ...]]) -> str:
    head = "<tr><th>No</th><th>Jenis Penerimaan</th><th>Satuan</th><th>Tarif</th></tr>"
    body = "".join("<tr>" + (f'<td colspan="4">{r[0]}</td>' if not r[1] else "".join(f"<td>{c}</td>" for c in r)) + "</tr>"
                   for r in rows)
    return ("<html><head><style>@page { size: A4; margin: 20mm } body { font: 9pt serif } table { border-collapse: "
            "collapse; width: 100% } tr { break-inside: avoid } td, th { border: 0.5pt solid black; padding: 2pt 4pt; "
            f"vertical-align: top }}</style></head><body><table><thead>{head}</thead><tbody>{body}</tbody></table>"
            "</body></html>")


def schedules(folder: Path) -> tuple[Path, Path]:
    """The old and the new schedule in `folder`, drawn on first use."""
    import weasyprint

    folder.mkdir(parents=True, exist_ok=True)
    old, new = folder / "schedule-old.pdf", folder / "schedule-new.pdf"
    rows = old_rows()
    for path, drawn in ((old, rows), (new, new_rows(rows))):
        if not path.is_file():
            weasyprint.HTML(string=schedule_html(drawn)).write_pdf(path)
    return old, new


if __name__ == "__main__":
    print(*schedules(Path(sys.argv[1] if len(sys.argv) > 1 else "bench/.cache/schedules")))
