"""Match the rows of two versions of a Lampiran by content and say what changed.

Row numbers (`no`) and positions (`seq`) shift whenever a row is inserted or
removed, so a keyed diff would report every later row as changed. We pair rows
in two passes instead:

1. exact: same section (pilar, sektor_code, sub_sektor), same `no`, same
   `sasaran` -- the common case, cheap and unambiguous;
2. content: what is left is paired one-to-one by optimal assignment
   (scipy's linear_sum_assignment, maximising total similarity) on the
   rapidfuzz similarity of the sasaran, with penanggung_jawab, satuan and
   "same section" as near-tie breakers. Pairs below MATCH_THRESHOLD are
   not pairs: those rows are reported as removed / added.

Everything here works on plain dicts (rows as in dataset.json) and returns
plain dicts in the shape of schemas/diff.schema.json.
"""
from __future__ import annotations

import re
from collections import defaultdict, deque
from typing import Any, NamedTuple

import numpy as np
from rapidfuzz import fuzz
from rapidfuzz.process import cdist
from scipy.optimize import linear_sum_assignment

MATCH_THRESHOLD = 0.70
"""Lowest sasaran similarity (rapidfuzz normalised Indel ratio, 0..1, on
casefolded, whitespace-collapsed text) at which two rows can be the same row.
Why 0.70: in RAN-PK 2024 (112 rows) a sasaran's closest *other* sasaran scores
0.60 at the median and 0.68 at the 75th percentile -- boilerplate such as
"Persentase ... yang ..." makes unrelated rows look ~60 % alike. Rewording a
few words of a typical 50-120 character sasaran keeps 0.75-0.95. 0.70 sits
between the two. Some distinct rows are closer still ("produk UMK" / "produk
non UMK": 0.96), which is why the exact pass runs first and the assignment is
one-to-one: a near-twin is only taken when its own twin is gone too."""

TIE_BREAK_WEIGHT = 0.02
"""Total weight of the tie-breakers (penanggung_jawab similarity, satuan
similarity, same section; averaged). They can only overturn a sasaran
similarity difference below 0.02 -- one or two characters in a typical
sasaran -- so they decide near-ties (parallel rows such as the Listrik and
Gas Rumah Tangga sub-sectors) without overriding the sasaran text."""

AKSI_MATCH_THRESHOLD = MATCH_THRESHOLD
"""Same reasoning for aksi pairs inside one matched row: a Kegiatan whose text
keeps >= 0.70 similarity is the same activity, changed; below, it is one aksi
removed and another added."""

SIMILARITY_DIGITS = 4
"""similarity is rounded so diff.json is byte-stable across platforms."""

SECTION_FIELDS = ("pilar", "sektor_code", "sub_sektor")
SECTION_LABEL_FIELDS = ("pilar", "pilar_title", "sektor_code", "sektor", "sub_sektor")

CONTENT_FIELDS = (
    "pilar", "pilar_title", "sektor_code", "sektor", "sub_sektor",
    "group_no", "group_title", "no", "sasaran", "target_raw", "target",
    "satuan", "penanggung_jawab", "aksi",
)
"""Compared in this order (the order of `fields` in a change). Fields present
on both sides but not listed here are compared too, after these, sorted."""

IGNORED_FIELDS = frozenset({"seq", "pages", "penanggung_jawab_list"})
"""seq: position, not content (a row moved down by an insertion is unchanged).
pages: provenance of the PDF read. penanggung_jawab_list: derived from the
penanggung_jawab cell; its difference is reported as that field's details
(or as its own field only when the cell text is identical)."""


class Match(NamedTuple):
    old: int          # index into old rows
    new: int          # index into new rows
    similarity: float  # sasaran similarity 0..1


def norm_text(value: Any) -> str:
    """Casefolded, whitespace-collapsed text for similarity (None -> "")."""
    if value is None:
        return ""
    return re.sub(r"\s+", " ", str(value)).strip().casefold()


def section_of(row: dict) -> tuple:
    return tuple(row.get(f) for f in SECTION_FIELDS)


def _similarity(a: list[str], b: list[str]) -> np.ndarray:
    """len(a) x len(b) matrix of normalised Indel similarity, 0..1."""
    return cdist(a, b, scorer=fuzz.ratio, dtype=np.float64, workers=1) / 100.0


def _assign(score: np.ndarray, eligible: np.ndarray) -> list[tuple[int, int]]:
    """Maximum-weight one-to-one pairs among the eligible cells.

    Ineligible cells weigh 0 and every eligible cell weighs > 0, so the optimal
    full assignment contains a maximum-weight matching of the eligible cells;
    the ineligible pairs it had to make are dropped afterwards."""
    if score.size == 0:
        return []
    weights = np.where(eligible, score, 0.0)
    rows, cols = linear_sum_assignment(weights, maximize=True)
    return [(int(i), int(j)) for i, j in zip(rows, cols) if eligible[i, j]]


def match_rows(old_rows: list[dict], new_rows: list[dict]) -> list[Match]:
    """One-to-one pairs (old index, new index), sorted by new index."""
    matches: list[Match] = []
    by_key: dict[tuple, deque] = defaultdict(deque)
    for i, row in enumerate(old_rows):
        by_key[(section_of(row), row.get("no"), row.get("sasaran"))].append(i)
    left_new = []
    for j, row in enumerate(new_rows):
        candidates = by_key.get((section_of(row), row.get("no"), row.get("sasaran")))
        if candidates:
            matches.append(Match(candidates.popleft(), j, 1.0))
        else:
            left_new.append(j)
    taken = {m.old for m in matches}
    left_old = [i for i in range(len(old_rows)) if i not in taken]

    if left_old and left_new:
        def texts(rows, idx, field):
            return [norm_text(rows[k].get(field)) for k in idx]
        sas = _similarity(texts(old_rows, left_old, "sasaran"), texts(new_rows, left_new, "sasaran"))
        pj = _similarity(texts(old_rows, left_old, "penanggung_jawab"),
                         texts(new_rows, left_new, "penanggung_jawab"))
        sat = _similarity(texts(old_rows, left_old, "satuan"), texts(new_rows, left_new, "satuan"))
        same = np.array([[section_of(old_rows[i]) == section_of(new_rows[j]) for j in left_new]
                         for i in left_old], dtype=np.float64)
        score = sas + TIE_BREAK_WEIGHT * (pj + sat + same) / 3.0
        for a, b in _assign(score, sas >= MATCH_THRESHOLD):
            matches.append(Match(left_old[a], left_new[b], float(sas[a, b])))
    return sorted(matches, key=lambda m: m.new)


def _pair(aksi: dict | None) -> dict:
    aksi = aksi or {}
    return {"kegiatan": aksi.get("kegiatan"), "keluaran": aksi.get("keluaran")}


def diff_aksi(old: list[dict], new: list[dict]) -> list[dict]:
    """Per-pair changes between two aksi lists (1-based indexes).

    Identical pairs are paired first (a pair that only moved within the list
    gets no per-pair entry), the rest by Kegiatan similarity (Keluaran when
    Kegiatan is empty) with the same one-to-one assignment as rows."""
    old = [_pair(a) for a in old or []]
    new = [_pair(a) for a in new or []]
    pairs: list[tuple[int | None, int | None]] = []
    free_old = list(range(len(old)))
    free_new = []
    for j, a in enumerate(new):
        hit = next((i for i in free_old if old[i] == a), None)
        if hit is None:
            free_new.append(j)
        else:
            free_old.remove(hit)
    if free_old and free_new:
        def text(a):
            return norm_text(a["kegiatan"]) or norm_text(a["keluaran"])
        sim = _similarity([text(old[i]) for i in free_old], [text(new[j]) for j in free_new])
        keluaran = _similarity([norm_text(old[i]["keluaran"]) for i in free_old],
                               [norm_text(new[j]["keluaran"]) for j in free_new])
        for a, b in _assign(sim + TIE_BREAK_WEIGHT * keluaran, sim >= AKSI_MATCH_THRESHOLD):
            pairs.append((free_old[a], free_new[b]))
    paired_old = {i for i, _ in pairs}
    paired_new = {j for _, j in pairs}
    pairs += [(i, None) for i in free_old if i not in paired_old]
    pairs += [(None, j) for j in free_new if j not in paired_new]

    out = []
    for i, j in pairs:
        entry = {"change": "changed" if i is not None and j is not None else
                 ("removed" if j is None else "added"),
                 "old_index": None if i is None else i + 1,
                 "new_index": None if j is None else j + 1,
                 "old": None if i is None else old[i],
                 "new": None if j is None else new[j]}
        if entry["change"] == "changed":
            entry["fields"] = {k: [old[i][k], new[j][k]] for k in ("kegiatan", "keluaran")
                               if old[i][k] != new[j][k]}
        out.append(entry)
    # Reading order: by position in the new list; a removed pair just before
    # the pair that now holds its old position.
    return sorted(out, key=lambda e: (e["new_index"] if e["new_index"] else e["old_index"] - 0.5,
                                      e["old_index"] or 0))


def diff_rows(old: dict, new: dict) -> tuple[dict, dict]:
    """(fields, details) for two matched rows: fields maps name -> [old, new]."""
    extra = sorted(k for k in old.keys() & new.keys()
                   if k not in CONTENT_FIELDS and k not in IGNORED_FIELDS)
    fields: dict[str, list] = {}
    details: dict[str, Any] = {}
    for name in (*CONTENT_FIELDS, *extra):
        a, b = old.get(name), new.get(name)
        if a != b:
            fields[name] = [a, b]
    old_list = list(old.get("penanggung_jawab_list") or [])
    new_list = list(new.get("penanggung_jawab_list") or [])
    if old_list != new_list and "penanggung_jawab" not in fields:
        fields["penanggung_jawab_list"] = [old_list, new_list]
    if "penanggung_jawab" in fields or "penanggung_jawab_list" in fields:
        details["penanggung_jawab"] = {
            "added": [x for x in new_list if x not in old_list],
            "removed": [x for x in old_list if x not in new_list],
        }
    if "aksi" in fields:
        details["aksi"] = diff_aksi(old.get("aksi"), new.get("aksi"))
    return fields, details


def _section(row: dict | None) -> dict | None:
    return None if row is None else {f: row.get(f) for f in SECTION_LABEL_FIELDS}


def _entry(kind, old_row, new_row, similarity=None, fields=None, details=None) -> dict:
    entry = {
        "kind": kind,
        "old_seq": None if old_row is None else old_row.get("seq"),
        "new_seq": None if new_row is None else new_row.get("seq"),
        "old_no": None if old_row is None else old_row.get("no"),
        "new_no": None if new_row is None else new_row.get("no"),
        "similarity": None if similarity is None else round(similarity, SIMILARITY_DIGITS),
        "label": (new_row or old_row).get("sasaran"),
        "old_section": _section(old_row),
        "new_section": _section(new_row),
        "fields": fields or {},
    }
    if details:
        entry["details"] = details
    if kind in ("added", "removed"):
        entry["row"] = new_row if kind == "added" else old_row
    return entry


def _side(dataset: dict, source) -> dict:
    side = dict(dataset.get("doc") or {})
    if source is not None:
        side["read_from"] = str(source)
    side["row_count"] = len(dataset.get("rows") or [])
    return side


def compare(old: dict, new: dict, *, old_source=None, new_source=None) -> dict:
    """The diff of two datasets (dicts shaped like dataset.json).

    Order of `changes`: the new document's reading order. A change on a row
    that exists in the new version sorts at that row's position (its index in
    `new["rows"]`); a removed row sorts right after the new position of the
    nearest row before it in the old document that was matched and not moved
    (i.e. where it used to be), removed rows at the same spot by old position,
    and before any row added there.

    Besides the schema's keys each change carries `similarity` (the pair's
    sasaran similarity; 1.0 when the text is identical), `label` (its
    sasaran), `old_section`/`new_section`, `details` (institutions added /
    removed, per-aksi changes) when there are any, and `row` for added and
    removed rows, so reports need nothing but the diff."""
    old_rows = list(old.get("rows") or [])
    new_rows = list(new.get("rows") or [])
    matches = match_rows(old_rows, new_rows)

    keyed: list[tuple[tuple, dict]] = []
    unchanged = 0
    counts = {"added": 0, "removed": 0, "changed": 0, "moved": 0}
    anchor_of_old: dict[int, int] = {}
    for m in matches:
        o, n = old_rows[m.old], new_rows[m.new]
        fields, details = diff_rows(o, n)
        moved = section_of(o) != section_of(n)
        if not moved:
            anchor_of_old[m.old] = m.new
        if not fields:
            unchanged += 1
            continue
        kind = "moved" if moved else "changed"
        counts[kind] += 1
        keyed.append(((m.new, 0), _entry(kind, o, n, m.similarity, fields, details)))

    matched_new = {m.new for m in matches}
    for j, n in enumerate(new_rows):
        if j not in matched_new:
            counts["added"] += 1
            keyed.append(((j, 0), _entry("added", None, n)))

    matched_old = {m.old for m in matches}
    anchor = -1
    for i, o in enumerate(old_rows):
        if i in anchor_of_old:
            anchor = anchor_of_old[i]
        elif i not in matched_old:
            counts["removed"] += 1
            # just after new row `anchor`, before new row anchor + 1
            keyed.append(((anchor + 0.5, i), _entry("removed", o, None)))

    keyed.sort(key=lambda t: t[0])
    return {
        "old": _side(old, old_source),
        "new": _side(new, new_source),
        "changes": [e for _, e in keyed],
        "summary": {**counts, "unchanged": unchanged},
        "matching": {"scorer": "rapidfuzz.fuzz.ratio on casefolded sasaran",
                     "threshold": MATCH_THRESHOLD},
    }
