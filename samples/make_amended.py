"""Make an amended RAN-PK 2024 with known edits, and the diff those edits must give.

    python samples/make_amended.py [--truth PATH] [--out-dir DIR] [--pdf OUT.pdf]

writes DIR/amended.truth.json (the amended dataset) and
DIR/amended.expected-diff.json (diff.schema.json shape: exactly the changes
`lampiran diff ranpk-2024.truth.json amended.truth.json` must report).

Each edit below is a small function that changes the rows *and declares* what
it changed. The declarations, not a diff algorithm, make the expected diff;
check_declared() then verifies, row by row (the edits know which old row each
new row came from), that nothing changed that was not declared. --pdf renders
the amended dataset with samples/render.py, imported only then.
"""
from __future__ import annotations

import argparse
import copy
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
TRUTH = HERE / "ranpk-2024.truth.json"
AMENDED_NAME = "amended.truth.json"
EXPECTED_NAME = "amended.expected-diff.json"
ORIGIN = "_origin"   # working marker: the truth seq a row came from (None: added)

AMENDED_DOC = {
    "id": "permendag-30-2024", "nomor": 30, "ditetapkan": "2024-10-01",
    "judul": "Perubahan atas Peraturan Menteri Perdagangan Nomor 17 Tahun 2024 tentang "
             "Rencana Aksi Nasional Perlindungan Konsumen",
}
"""A fictional amending regulation (nomor 30/2024); doc blocks are not diffed."""


class Declared:
    """What the edits say they did: per truth seq the fields [old, new] (and
    details, and whether the row moved section), plus removed truth seqs."""

    def __init__(self):
        self.fields: dict[int, dict] = {}
        self.details: dict[int, dict] = {}
        self.moved: set[int] = set()
        self.removed: list[int] = []

    def field(self, row, name, new):
        """Set row[name] = new and declare it (merging with earlier edits)."""
        seq = row[ORIGIN]
        old = self.fields.get(seq, {}).get(name, [row[name]])[0]
        row[name] = new
        if seq is not None:
            self.fields.setdefault(seq, {})[name] = [old, copy.deepcopy(new)]


def at(rows, seq):
    """The working row that came from truth row `seq`."""
    return next(r for r in rows if r[ORIGIN] == seq)


def section(row):
    return (row["pilar"], row["sektor_code"], row["sub_sektor"])


def renumber_after(rows, decl, anchor, delta):
    """Shift `no` by delta for the rows after `anchor` in its section, as a
    regulation renumbers after an insertion (+1) or a deletion (-1)."""
    start = rows.index(anchor) + 1
    for r in rows[start:]:
        if section(r) == section(anchor) and r[ORIGIN] is not None:
            decl.field(r, "no", str(int(r["no"]) + delta))


def new_row(like, no, sasaran, target_raw, value, satuan, pj, aksi):
    """An added row in `like`'s section (pilar/sektor titles copied)."""
    row = {k: like[k] for k in ("pilar", "pilar_title", "sektor_code", "sektor", "sub_sektor")}
    row.update({"seq": 0, "group_no": None, "group_title": None, "no": no, "sasaran": sasaran,
                "target_raw": target_raw,
                "target": {"value": value, "comparator": None, "cumulative": None, "scale": None},
                "satuan": satuan, "penanggung_jawab": ", ".join(pj),
                "penanggung_jawab_list": list(pj), "aksi": aksi, ORIGIN: None})
    return row


# --- the edits ----------------------------------------------------------------

def raise_plain_target(rows, decl):
    """Pilar 1 no 1 (BPSK provinces): target 34 -> 38, a plain number."""
    r = at(rows, 1)
    decl.field(r, "target_raw", "38")
    decl.field(r, "target", {**r["target"], "value": 38})


def raise_formatted_target(rows, decl):
    """Pilar 3 no 3 (UMK halal certificates): 1.056.313 -> 1.100.000, with
    Indonesian thousands dots (target.value 1056313 -> 1100000)."""
    r = at(rows, 39)
    decl.field(r, "target_raw", "1.100.000")
    decl.field(r, "target", {**r["target"], "value": 1100000})


def insert_pilar1_row(rows, decl):
    """A new Pilar 1 row after no 15, numbered 16; old 16, 17, 18 become
    17, 18, 19 (changes with field `no`)."""
    anchor = at(rows, 15)
    rows.insert(rows.index(anchor) + 1, new_row(
        anchor, "16", "Jumlah kabupaten/kota yang memiliki Dinas pengampu urusan "
        "perlindungan konsumen yang aktif menindaklanjuti pengaduan", "100", 100,
        "Kabupaten/ Kota", ["Kementerian Dalam Negeri"],
        [{"kegiatan": "Pembinaan pemerintah daerah dalam penanganan pengaduan konsumen",
          "keluaran": "100 kabupaten/kota"}]))
    renumber_after(rows, decl, rows[rows.index(anchor) + 1], +1)


def append_sector_row(rows, decl):
    """A new row at the end of sector 3.10 (Jasa Pariwisata), no 2."""
    anchor = at(rows, 107)
    rows.insert(rows.index(anchor) + 1, new_row(
        anchor, "2", "Jumlah destinasi wisata yang menyediakan kanal pengaduan wisatawan",
        "25", 25, "Destinasi", ["Kementerian Pariwisata dan Ekonomi Kreatif"],
        [{"kegiatan": "Fasilitasi kanal pengaduan wisatawan di destinasi wisata",
          "keluaran": "25 destinasi"}]))


def remove_last_pilar2_row(rows, decl):
    """Pilar 2 no 18 (Bank Indonesia dissemination) is deleted; it was last,
    so nothing is renumbered."""
    rows.remove(at(rows, 36))
    decl.removed.append(36)


def remove_row_and_close_gap(rows, decl):
    """3.8 no 8 (SP4N LAPOR! menu) is deleted; 3.8 no 9 becomes no 8."""
    gone = at(rows, 99)
    renumber_after(rows, decl, gone, -1)
    rows.remove(gone)
    decl.removed.append(99)


def reword_sasaran(rows, decl):
    """Pilar 2 no 2: '... di berbagai media' -> '... di media sosial dan televisi'."""
    r = at(rows, 20)
    decl.field(r, "sasaran", "Jumlah penayangan konten edukasi perlindungan konsumen "
                             "di media sosial dan televisi")


def replace_institution(rows, decl):
    """Pilar 1 no 2: Kementerian Komunikasi dan Informatika is now Kementerian
    Komunikasi dan Digital (the 2024 renaming), in the cell and in the list."""
    r = at(rows, 2)
    old, new = "Kementerian Komunikasi dan Informatika", "Kementerian Komunikasi dan Digital"
    decl.field(r, "penanggung_jawab", r["penanggung_jawab"].replace(old, new))
    r["penanggung_jawab_list"] = [new if x == old else x for x in r["penanggung_jawab_list"]]
    decl.details.setdefault(2, {})["penanggung_jawab"] = {"added": [new], "removed": [old]}


def change_aksi_pair(rows, decl):
    """3.3 no 1.1 (railway accidents): the Keluaran of aksi 3 names its sector."""
    r = at(rows, 59)
    aksi = copy.deepcopy(r["aksi"])
    old = dict(aksi[2])
    aksi[2]["keluaran"] = "- Sertifikat Kompetensi SDM perkeretaapian"
    decl.field(r, "aksi", aksi)
    decl.details.setdefault(59, {})["aksi"] = [{
        "change": "changed", "old_index": 3, "new_index": 3, "old": old, "new": dict(aksi[2]),
        "fields": {"keluaran": [old["keluaran"], aksi[2]["keluaran"]]}}]


def add_aksi_pair(rows, decl):
    """3.10 no 1 (tourism businesses): a third Kegiatan/Keluaran pair."""
    r = at(rows, 107)
    pair = {"kegiatan": "Pendampingan usaha pariwisata dalam penanganan pengaduan konsumen",
            "keluaran": "100 usaha"}
    decl.field(r, "aksi", [*copy.deepcopy(r["aksi"]), pair])
    decl.details.setdefault(107, {})["aksi"] = [{
        "change": "added", "old_index": None, "new_index": 3, "old": None, "new": dict(pair)}]


def move_row_to_other_sector(rows, decl):
    """3.11 no 4 (postal service standard) moves to 3.5 Jasa Telekomunikasi as
    its no 4 (appended); 3.11 no 5 becomes no 4."""
    r = at(rows, 111)
    renumber_after(rows, decl, r, -1)
    rows.remove(r)
    last = max((x for x in rows if x["sektor_code"] == "3.5"), key=rows.index)
    decl.field(r, "sektor_code", "3.5")
    decl.field(r, "sektor", last["sektor"])
    new_no = str(int(last["no"]) + 1)
    if new_no != r["no"]:          # here 4 -> 4: the same `no`, so not a change
        decl.field(r, "no", new_no)
    rows.insert(rows.index(last) + 1, r)
    decl.moved.add(111)


EDITS = [raise_plain_target, raise_formatted_target, insert_pilar1_row, append_sector_row,
         remove_last_pilar2_row, remove_row_and_close_gap, reword_sasaran, replace_institution,
         change_aksi_pair, add_aksi_pair, move_row_to_other_sector]


# --- building -----------------------------------------------------------------

def expected_changes(truth_rows, rows, decl):
    """Declarations -> change entries, in compare()'s documented order: by the
    row's position in the new document; a removed row right after the new
    position of the nearest earlier old row that stayed in its section."""
    new_pos = {r[ORIGIN]: i for i, r in enumerate(rows) if r[ORIGIN] is not None}
    keyed = []
    for i, r in enumerate(rows):
        old_seq = r[ORIGIN]
        if old_seq is None:
            keyed.append(((i, 0), {"kind": "added", "old_seq": None, "new_seq": i + 1,
                                   "old_no": None, "new_no": r["no"], "fields": {}}))
        elif decl.fields.get(old_seq):
            entry = {"kind": "moved" if old_seq in decl.moved else "changed",
                     "old_seq": old_seq, "new_seq": i + 1,
                     "old_no": truth_rows[old_seq - 1]["no"], "new_no": r["no"],
                     "fields": decl.fields[old_seq]}
            if old_seq in decl.details:
                entry["details"] = decl.details[old_seq]
            keyed.append(((i, 0), entry))
    for old_seq in decl.removed:
        earlier = [s for s in range(old_seq - 1, 0, -1) if s in new_pos and s not in decl.moved]
        anchor = new_pos[earlier[0]] if earlier else -1
        keyed.append(((anchor + 0.5, old_seq), {
            "kind": "removed", "old_seq": old_seq, "new_seq": None,
            "old_no": truth_rows[old_seq - 1]["no"], "new_no": None, "fields": {}}))
    return [e for _, e in sorted(keyed, key=lambda t: t[0])]


def check_declared(truth_rows, rows, decl):
    """Fail if an edit changed a field it did not declare (or declared wrongly)."""
    for r in rows:
        seq = r[ORIGIN]
        if seq is None:
            continue
        old = truth_rows[seq - 1]
        actual = {k for k in old if k not in ("seq", "pages", "penanggung_jawab_list")
                  and old[k] != r[k]}
        declared = decl.fields.get(seq, {})
        assert actual == set(declared), (seq, actual, set(declared))
        for k, (a, b) in declared.items():
            assert (a, b) == (old[k], r[k]), (seq, k)
        if old["penanggung_jawab_list"] != r["penanggung_jawab_list"]:
            assert "penanggung_jawab" in declared, seq


def build(truth: dict) -> tuple[dict, dict]:
    """(amended dataset, expected diff) from the truth dataset."""
    truth_rows = truth["rows"]
    assert [r["seq"] for r in truth_rows] == list(range(1, len(truth_rows) + 1))
    rows = [{**copy.deepcopy(r), ORIGIN: r["seq"]} for r in truth_rows]
    decl = Declared()
    for edit in EDITS:
        edit(rows, decl)
    check_declared(truth_rows, rows, decl)
    changes = expected_changes(truth_rows, rows, decl)
    for i, r in enumerate(rows, 1):
        r["seq"] = i
    clean = [{k: v for k, v in r.items() if k != ORIGIN} for r in rows]
    amended = {**truth, "doc": {**truth["doc"], **AMENDED_DOC}, "rows": clean}
    summary = {k: sum(c["kind"] == k for c in changes) for k in ("added", "removed", "changed", "moved")}
    summary["unchanged"] = len(truth_rows) - summary["removed"] - summary["changed"] - summary["moved"]
    expected = {
        "old": {**truth["doc"], "read_from": TRUTH.name, "row_count": len(truth_rows)},
        "new": {**amended["doc"], "read_from": AMENDED_NAME, "row_count": len(clean)},
        "edits": [f"{e.__name__}: {' '.join(e.__doc__.split())}" for e in EDITS],
        "changes": changes,
        "summary": summary,
    }
    return amended, expected


def dumps(obj) -> str:
    """Same layout as ranpk-2024.truth.json (indent 1, UTF-8)."""
    return json.dumps(obj, ensure_ascii=False, indent=1) + "\n"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--truth", type=Path, default=TRUTH)
    ap.add_argument("--out-dir", type=Path, default=HERE)
    ap.add_argument("--pdf", type=Path, help="also render the amended dataset to this PDF")
    args = ap.parse_args(argv)
    amended, expected = build(json.loads(args.truth.read_text(encoding="utf-8")))
    args.out_dir.mkdir(parents=True, exist_ok=True)
    (args.out_dir / AMENDED_NAME).write_text(dumps(amended), encoding="utf-8")
    (args.out_dir / EXPECTED_NAME).write_text(dumps(expected), encoding="utf-8")
    if args.pdf:
        sys.path.insert(0, str(HERE))
        from render import Layout, render_pdf   # samples/render.py, only needed here
        render_pdf(amended, args.pdf, Layout())
    print(f"wrote {args.out_dir / AMENDED_NAME}, {args.out_dir / EXPECTED_NAME}: "
          + ", ".join(f"{v} {k}" for k, v in expected["summary"].items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
