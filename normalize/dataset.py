"""Turn placed rows into the contract's row records: numerals parsed, institutions split.

Every cell that could not be read with confidence becomes null with a warning
naming its page, row and field.
"""
from __future__ import annotations

from extract.textlayer import CONFUSED
from normalize.institutions import split_institutions
from normalize.model import ReadWarning
from normalize.numerals import parse_target
from normalize.sections import PlacedRow


def placed_to_records(placed: list[PlacedRow]) -> tuple[list[dict], list[ReadWarning]]:
    """Given the data rows in order, return their contract records (seq from 1) and the warnings met."""
    records, warnings = [], []
    for seq, p in enumerate(placed, start=1):
        record, row_warnings = placed_to_record(p, seq)
        records.append(record)
        warnings += row_warnings
    return records, warnings


def placed_to_record(p: PlacedRow, seq: int) -> tuple[dict, list[ReadWarning]]:
    text = {k: " ".join(v.split()) for k, v in p.row.text.items()}
    page = p.row.pages[0]
    warnings = []
    target_raw = text.get("target") or None
    target = parse_target(target_raw)
    if target is None and target_raw and CONFUSED.search(target_raw):
        warnings.append(ReadWarning("ocr_suspect", f"target {target_raw!r} reads like a number with letters for digits "
                                    "(O for 0, l for 1: an OCR slip?); value left null", page, seq, "target"))
    elif target is None:
        warnings.append(ReadWarning("unreadable_target", f"target {target_raw!r} is not a number this tool reads; value left null", page, seq, "target"))
    if not text.get("sasaran"):
        warnings.append(ReadWarning("empty_sasaran", "the Sasaran cell is empty", page, seq, "sasaran"))
    if not p.row.aksi:
        warnings.append(ReadWarning("no_aksi", "the row has no Kegiatan/Keluaran", page, seq, "aksi"))
    pj = text.get("penanggung_jawab") or None
    record = {
        "seq": seq,
        **p.section,
        "no": p.no,
        "sasaran": text.get("sasaran", ""),
        "target_raw": target_raw,
        "target": {
            "value": target.value if target else None,
            "comparator": target.comparator if target else None,
            "cumulative": target.cumulative if target else None,
            "scale": target.scale if target else None,
        },
        "satuan": text.get("satuan") or None,
        "penanggung_jawab": pj,
        "penanggung_jawab_list": split_institutions(pj),
        "aksi": [{"kegiatan": " ".join(a.kegiatan.split()) or None, "keluaran": " ".join(a.keluaran.split()) or None} for a in p.row.aksi],
        "pages": sorted(p.row.pages),
    }
    return record, warnings
