"""What the layout fuzzer draws, and how: the one description every producer reads.

Why: the reader must read a Lampiran however a program drew it. A seed picks a
dataset slice and a `FuzzLayout` (producer, paper, fonts, widths, rules, header
wording ...); the producer draws the same logical table (`table_entries`) with
its own typesetting, pagination and rule drawing; the read-back is compared
field by field with the dataset (`differences`). A producer knows nothing of
the reader; the reader knows nothing of the producers.
"""
from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli",
          "Agustus", "September", "Oktober", "November", "Desember")
KEYS = ("no", "sasaran", "target", "satuan", "penanggung_jawab", "kegiatan", "keluaran")
# Header wordings: known aliases (normalize/data/columns.toml holds them for the reader) and, for one column at
# most per document, a word the vocabulary does not know, as another drafter might print it.
KNOWN_LABELS = {
    "no": ["No.", "No", "Nomor"],
    "sasaran": ["Sasaran Tahun {y}", "Sasaran", "Indikator Tahun {y}", "Sasaran Strategis"],
    "target": ["Target {y}", "Target", "Target Tahun {y}"],
    "satuan": ["Satuan", "Satuan Target"],
    "penanggung_jawab": ["Penanggung Jawab", "Instansi Penanggung Jawab", "K/L Penanggung Jawab"],
    "aksi": ["Aksi Tahun {y}", "Aksi", "Rencana Aksi {y}"],
    "kegiatan": ["Kegiatan", "Uraian Kegiatan"],
    "keluaran": ["Keluaran", "Output"],
}
UNKNOWN_LABELS = {
    "sasaran": ["Sasaran Program"], "target": ["Capaian {y}"], "satuan": ["Ukuran"],
    "penanggung_jawab": ["Instansi Pelaksana Utama"], "kegiatan": ["Langkah"], "keluaran": ["Hasil Akhir"],
}
RULES = ("grid", "boxes", "filled", "horizontal", "none", "double-frame", "dashed")
PAPERS = {"A4": (595.28, 841.89), "F4": (609.99, 936.0), "Letter": (612.0, 792.0), "Legal": (612.0, 1008.0)}


@dataclass(frozen=True)
class FuzzLayout:
    """How one fuzzed PDF is drawn. Every producer honours every field it can and says in
    `PRODUCER_LIMITS` (its module) which it cannot."""

    seed: int
    producer: str                    # a key of PRODUCERS
    paper: str = "A4"                # a key of PAPERS
    landscape: bool = True
    margin: float = 40.0             # pt, all four sides
    font: str = "serif"              # "serif", "sans", "mono": the producer picks an installed family of that kind
    font_size: float = 9.0           # pt
    col_widths: tuple[float, ...] = (4, 20, 9, 10, 15, 26, 21)  # relative, No .. Keluaran
    padding: float = 3.0             # pt inside each cell
    align_numbers: str = "center"    # No., Target, Satuan: "left" or "center"
    valign: str = "top"              # body cells: "top" or "middle"
    rules: str = "grid"              # one of RULES: full grid of lines; a box (stroked rectangle) per cell;
                                     # borders as thin filled rectangles; horizontal rules only; no rules;
                                     # grid inside a double outer frame; dashed grid
    rule_width: float = 0.5          # pt
    shaded_header: bool = False      # header cells on a grey background
    shaded_rows: bool = False        # every other body row on a light background
    header_labels: dict = field(default_factory=dict)  # KEYS + "aksi" -> printed title ("{y}" = the year)
    header_repeat: bool = True       # header printed on every page, or only on the first
    page_numbers: bool = True        # "- n -" or "n" in the top or bottom margin (page furniture)
    running_head: str = ""           # a line of text printed in the margin of every page, or ""
    body_page: bool = True           # the regulation's closing page (Ditetapkan, signer) before the Lampiran

    def label(self, key: str, year: int) -> str:
        return self.header_labels.get(key, KNOWN_LABELS[key][0]).format(y=year)


@dataclass(frozen=True)
class SectionRow:
    """A full-width title row: `Pilar 1 – …`, `3.4 Listrik …`, `Sub Sektor Listrik`. Bold, spans all columns."""

    text: str


@dataclass(frozen=True)
class GroupRow:
    """A numbered group heading (`1.` | `Menurunnya kecelakaan transportasi:`), its title spanning to the end."""

    no: str
    title: str


@dataclass(frozen=True)
class DataRow:
    """One Sasaran: five left cells spanning its Kegiatan/Keluaran pairs (one sub-row each)."""

    no: str
    sasaran: str
    target: str
    satuan: str
    penanggung_jawab: str
    pairs: tuple[tuple[str, str], ...]


def section_texts(row: dict, prev: dict | None) -> list[str]:
    """Full-width section rows due before `row`: a change of pilar, sektor or sub sektor."""
    out, changed = [], prev is None
    for key, text in (("pilar", lambda r: f"Pilar {r['pilar']} – {r.get('pilar_title') or ''}".rstrip(" –")),
                      ("sektor_code", lambda r: f"{r['sektor_code']} {r.get('sektor') or ''}".strip()),
                      ("sub_sektor", lambda r: f"Sub Sektor {r['sub_sektor']}")):
        changed = changed or row.get(key) != prev.get(key)
        if changed and row.get(key) is not None:
            out.append(text(row))
    return out


def furniture(layout: FuzzLayout) -> dict:
    """Where the page furniture goes, chosen by the seed: page number place, alignment and form
    ("- n -" or "n"), the running head on the other margin, the closing page's own number."""
    rnd = random.Random(layout.seed * 101 + 3)
    top = rnd.random() < 0.6
    return {"number_top": top, "number_align": rnd.choice(["center", "center", "right"]),
            "number_form": rnd.choice(["- {n} -", "{n}"]), "head_top": not top if layout.page_numbers else True,
            "head_align": rnd.choice(["left", "right", "center"]), "body_number": rnd.randint(2, 9)}


def unbreakable_units(text: str) -> list[str]:
    """The pieces of `text` no line may break inside: its words, except that a word ending in "-" or "/" keeps the
    next word with it ("aspek- aspek", "Desa/ Kelurahan"). A line ending in "aspek-" would read the same as
    "aspek-aspek" broken at its hyphen, so no reader could tell which was printed."""
    out: list[str] = []
    for word in text.split(" "):
        if out and len(out[-1]) > 1 and out[-1][-1] in "-/" and word:
            out[-1] += " " + word
        else:
            out.append(word)
    return out


def table_entries(rows: list[dict]) -> list[SectionRow | GroupRow | DataRow]:
    """The dataset rows as the table's rows in order, with the section and group rows they imply."""
    out: list[SectionRow | GroupRow | DataRow] = []
    for i, row in enumerate(rows):
        prev = rows[i - 1] if i else None
        out += [SectionRow(t) for t in section_texts(row, prev)]
        keys = ("pilar", "sektor_code", "sub_sektor", "group_no")
        if row.get("group_no") is not None and (prev is None or any(row.get(k) != prev.get(k) for k in keys)):
            out.append(GroupRow(f"{row['group_no']}.", f"{row.get('group_title') or ''}:"))
        pairs = tuple((a.get("kegiatan") or "", a.get("keluaran") or "") for a in row.get("aksi") or []) or (("", ""),)
        out.append(DataRow(f"{row['no']}.", row["sasaran"], row.get("target_raw") or "", row.get("satuan") or "",
                           row.get("penanggung_jawab") or "", pairs))
    return out


def heading_lines(doc: dict) -> list[str]:
    """The block at the top right of the Lampiran's first page (left-aligned within it), then the centred bold
    title (`title_line`) under it."""
    return ["LAMPIRAN", doc["jenis"].upper(), "REPUBLIK INDONESIA",
            f"NOMOR {doc['nomor']} TAHUN {doc['tahun']}", "TENTANG", doc["judul"].upper()]


def title_line(doc: dict) -> str:
    return doc["judul"].upper()


def closing_lines(doc: dict) -> list[tuple[str, str]]:
    """The regulation's closing page as (alignment, text): "center", "left", "right" (the signature block sits
    in the right half, its lines left-aligned there), "" for a blank line."""
    words, date = doc["jenis"].split(), doc.get("ditetapkan")
    short, office = " ".join(words[:2]), " ".join(words[1:]).upper()
    if date:
        y, m, d = (int(x) for x in date.split("-"))
        date = f"{d} {MONTHS[m - 1]} {y}"
    return [("center", "Pasal 4"), ("", ""), ("left", f"{short} ini mulai berlaku pada tanggal diundangkan."),
            ("left", f"Agar setiap orang mengetahuinya, memerintahkan pengundangan {short} ini dengan "
                     "penempatannya dalam Berita Negara Republik Indonesia."), ("", ""), ("", ""),
            ("right", "Ditetapkan di Jakarta"), ("right", f"pada tanggal {date or ''}"), ("", ""),
            ("right", office), ("right", "REPUBLIK INDONESIA,"), ("", ""), ("", ""),
            ("right", doc.get("penandatangan") or ""), ("", ""), ("left", "Diundangkan di Jakarta"),
            ("left", "pada tanggal"), ("", ""), ("left", f"BERITA NEGARA REPUBLIK INDONESIA TAHUN {doc['tahun']} NOMOR")]


# Producer name -> "module:function", each `function(dataset: dict, layout: FuzzLayout, path: Path) -> Path`.
# Modules live beside this one and are imported only when drawn (each needs its own program installed).
PRODUCERS = {
    "chromium": "fuzz.html_pdf:draw_chromium",
    "weasyprint": "fuzz.html_pdf:draw_weasyprint",
    "libreoffice": "fuzz.office:draw_libreoffice",
    "typst": "fuzz.typst_pdf:draw_typst",
    "reportlab-boxes": "fuzz.boxes:draw_boxes",
}


def draw(dataset: dict, layout: FuzzLayout, path: str | Path) -> Path:
    """Draw `dataset` as a Lampiran PDF at `path` with the layout's producer, its columns widened first where a
    word would not fit (`fit_layout`)."""
    import importlib

    module, function = PRODUCERS[layout.producer].split(":")
    return getattr(importlib.import_module(module), function)(dataset, fit_layout(dataset, layout), Path(path))


# Producers that never break a word inside a narrow cell (others wrap "10.2." as "10.2" over ".").
NO_WORD_BREAKS = ("typst",)
# Producers' fonts of one kind differ in width (DejaVu, Liberation, Libertinus ...): a word must fit with this much
# to spare, measured in DejaVu, the widest of them.
FIT_MARGIN = 1.2
SMALLEST_FONT = 5.0


def fit_layout(dataset: dict, layout: FuzzLayout) -> FuzzLayout:
    """The layout with column widths (and, where the page is too narrow for them all, the font size) changed so that
    every word of a column fits its column: no producer then cuts or overflows a word, which no reader could undo.
    The No. column is fitted to its header words only: a row number may wrap ("10.2" over ".")."""
    import dataclasses

    w, h = PAPERS[layout.paper]
    total = (max(w, h) if layout.landscape else min(w, h)) - 2 * layout.margin
    size = layout.font_size
    while True:
        need = [_widest(words, layout.font, size) * FIT_MARGIN + 2 * layout.padding + 2 * layout.rule_width + 1
                for words in _column_words(dataset, layout)]
        if sum(need) <= total or size <= SMALLEST_FONT:
            break
        size -= 0.5
    rel = [r / sum(layout.col_widths) * total for r in layout.col_widths]
    short = sum(max(0.0, n - r) for n, r in zip(need, rel))
    slack = sum(max(0.0, r - n) for n, r in zip(need, rel))
    if short == 0 or slack <= 0:
        return dataclasses.replace(layout, font_size=size)
    widths = [max(n, r - (r - n) * short / slack if r > n else n) for n, r in zip(need, rel)]
    return dataclasses.replace(layout, font_size=size, col_widths=tuple(round(x, 2) for x in widths))


def _column_words(dataset: dict, layout: FuzzLayout) -> list[list[str]]:
    """Per column No. .. Keluaran, the words printed in it alone: its header label (bold) and its cells; in the No.
    column the row numbers too where the producer cannot break a word (Typst lets "10." run over the cell's edge
    into the next cell's text, where no reader can part them)."""
    cols: list[list[str]] = [layout.label(k, dataset["doc"]["tahun"]).split() for k in KEYS]
    for entry in table_entries(dataset["rows"]):
        if isinstance(entry, DataRow) and layout.producer in NO_WORD_BREAKS:
            cols[0].append(entry.no)
        if isinstance(entry, DataRow):
            for i, text in enumerate((entry.sasaran, entry.target, entry.satuan, entry.penanggung_jawab), start=1):
                cols[i] += text.split()
            for keg, kel in entry.pairs:
                cols[5] += keg.split()
                cols[6] += kel.split()
    return cols


def _widest(words: list[str], font: str, size: float) -> float:
    """The width of the widest word in bold DejaVu of that kind (the header is bold; body text is narrower), as
    samples/render.py finds and registers it with reportlab."""
    import sys

    from reportlab.pdfbase import pdfmetrics

    sys.path.insert(0, str(ROOT / "samples"))
    from render import register_font

    bold = register_font(font)[1]
    return max((pdfmetrics.stringWidth(word, bold, size) for word in words), default=0.0)


def random_layout(seed: int, producer: str | None = None) -> FuzzLayout:
    """The layout seed `seed` picks (the producer too, unless given): same seed, same layout."""
    rnd = random.Random(seed)
    drawn = rnd.choice(sorted(PRODUCERS))  # always drawn, so a seed's layout is the same whoever draws it
    producer = producer or drawn
    labels = {k: rnd.choice(v) for k, v in KNOWN_LABELS.items()}
    if rnd.random() < 0.2:
        key = rnd.choice(sorted(UNKNOWN_LABELS))
        labels[key] = rnd.choice(UNKNOWN_LABELS[key])
    landscape = rnd.random() < 0.7
    no_width = rnd.choice([4, 5, 6] if rnd.random() < 0.8 else [2.6, 3])  # a narrow No. wraps "10.2." over two lines
    widths = (no_width,) + tuple(round(w * rnd.uniform(0.75, 1.3), 1) for w in (20, 9, 10, 15, 26, 21))
    return FuzzLayout(
        seed=seed, producer=producer, paper=rnd.choice(sorted(PAPERS)), landscape=landscape,
        margin=rnd.choice([28.0, 36.0, 48.0, 57.0]), font=rnd.choice(["serif", "sans", "mono"]),
        font_size=rnd.choice([7.0, 7.5, 8.0, 9.0, 10.0]) if landscape else rnd.choice([6.0, 6.5, 7.0]),
        col_widths=widths, padding=rnd.choice([1.5, 2.0, 3.0, 4.0, 6.0]),
        align_numbers=rnd.choice(["left", "center"]), valign=rnd.choice(["top", "top", "middle"]),
        rules=rnd.choice(RULES), rule_width=rnd.choice([0.25, 0.5, 0.75, 1.0]),
        shaded_header=rnd.random() < 0.4, shaded_rows=rnd.random() < 0.2, header_labels=labels,
        header_repeat=rnd.random() < 0.75, page_numbers=rnd.random() < 0.8,
        running_head=rnd.choice(["", "", "", "- salinan -", "jdih.kemendag.go.id"]), body_page=rnd.random() < 0.85,
    )


def random_dataset(seed: int, full: bool = False) -> dict:
    """The dataset seed `seed` draws: the sample's truth or the perturbed document (samples/perturb.py), whole
    when `full`, else a run of 25-45 consecutive rows (with their sections) so a test stays quick."""
    import sys

    sys.path.insert(0, str(ROOT / "samples"))
    from perturb import perturb

    rnd = random.Random(seed * 7919 + 1)
    truth = json.loads((ROOT / "samples" / "ranpk-2024.truth.json").read_text(encoding="utf-8"))
    if rnd.random() < 0.4:
        truth = perturb(truth)
    if not full:
        n = rnd.randint(25, 45)
        start = rnd.randrange(0, max(1, len(truth["rows"]) - n))
        rows = truth["rows"][start:start + n]
        truth = {**truth, "rows": [{**r, "seq": i} for i, r in enumerate(rows, 1)]}
    for r in truth["rows"]:
        r.pop("pages", None)  # the page numbers of the sample do not hold in another drawing
    return truth


def differences(got: dict, want: dict) -> list[str]:
    """Every field of the doc block and of each row (aksi pairs included) where `got` differs from `want`."""
    out = [f"doc {k}: got {got['doc'].get(k)!r}, want {v!r}" for k, v in want["doc"].items() if got["doc"].get(k) != v]
    if len(got["rows"]) != len(want["rows"]):
        out.append(f"row count: got {len(got['rows'])}, want {len(want['rows'])}")
    for g, w in zip(got["rows"], want["rows"]):
        out += [f"seq {w['seq']} {k}: got {json.dumps(g.get(k), ensure_ascii=False)[:300]}\n"
                f"          want {json.dumps(v, ensure_ascii=False)[:300]}" for k, v in w.items() if g.get(k) != v]
    return out


def table_differences(tables, want: dict) -> list[str]:
    """Every truth row that `lampiran tables` (`tables.model.Table`s) did not give as printed: its No., Sasaran,
    Target, Satuan and Penanggung Jawab in the first five columns of one drawn row, and one CSV row per
    Kegiatan/Keluaran pair in the last two. The generic reader knows no vocabulary, so texts are compared as
    printed, whitespace aside."""
    def norm(text: str | None) -> str:
        return " ".join((text or "").split())

    drawn: dict[tuple[int, int], list] = {}
    for t, table in enumerate(tables):
        for row in table.rows:
            drawn.setdefault((t, row.row), []).append(row)
    by_key = {("".join(d[0].values[0].split()).rstrip("."), norm(d[0].values[1])): d
              for d in drawn.values() if len(d[0].values) == 7}
    out = []
    for w in want["rows"]:
        d = by_key.get((w["no"], norm(w["sasaran"])))
        if d is None:
            out.append(f"seq {w['seq']} ({w['no']}): no drawn row with its No. and Sasaran")
            continue
        left = [norm(d[0].values[i]) for i in (2, 3, 4)]
        want_left = [norm(w["target_raw"]), norm(w["satuan"]), norm(w["penanggung_jawab"])]
        pairs = [(norm(r.values[5]), norm(r.values[6])) for r in d]
        want_pairs = [(norm(a["kegiatan"]), norm(a["keluaran"])) for a in w["aksi"]]
        if left != want_left:
            out.append(f"seq {w['seq']} ({w['no']}): got {left}, want {want_left}")
        if pairs != want_pairs:
            out.append(f"seq {w['seq']} ({w['no']}): {len(pairs)} pairs, want {len(want_pairs)}; got {pairs[:2]}")
    return out
