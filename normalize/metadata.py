"""Read the document's identity from its pages: jenis, nomor, tahun and judul from
the LAMPIRAN heading; ditetapkan and penandatangan from the signature block.

A field the PDF does not have, or prints in glyphs that map to nonsense (a
stamp's "Д" where a date should be), is None with a warning: never the garbage.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from extract.lines import Line, words_to_lines
from extract.model import PageContent
from normalize.config import document_config
from normalize.model import ReadWarning

# Heading lines belong to one block when their left edges are this close (points).
ALIGN_TOLERANCE = 4.0
# ... and at most this many line heights apart.
BLOCK_GAP_LINES = 1.5
# Non-ASCII characters ordinary Indonesian headings and names print (anything else is a stamp's or signature's glyph).
READABLE_SYMBOLS = "–—“”‘’≤≥"
# Lines after the office line ("MENTERI …,") searched for the signer's name.
NAME_WINDOW = 4


@dataclass(frozen=True)
class Heading:
    jenis: str | None
    nomor: int | None
    tahun: int | None
    judul: str | None
    page: int


def read_heading(pages: list[PageContent]) -> tuple[Heading | None, list[ReadWarning]]:
    """Find the first LAMPIRAN heading block and read kind, number, year and title from it."""
    cfg = document_config()
    for page in pages:
        lines = words_to_lines(page.words)
        for i, line in enumerate(lines):
            if cfg.heading_start.match(line.text):
                return _read_heading_block(_aligned_block(lines, i), page.number)
    return None, [ReadWarning("no_heading", "no LAMPIRAN heading found: jenis, nomor, tahun and judul are unknown")]


def _aligned_block(lines: list[Line], start: int) -> list[Line]:
    """The lines from `start` down that share its left edge and follow without a wide gap."""
    block = [lines[start]]
    for line in lines[start + 1:]:
        prev = block[-1]
        if abs(line.x0 - block[0].x0) > ALIGN_TOLERANCE or line.top - prev.bottom > BLOCK_GAP_LINES * (prev.bottom - prev.top):
            break
        block.append(line)
    return block


def _read_heading_block(block: list[Line], page: int) -> tuple[Heading, list[ReadWarning]]:
    cfg = document_config()
    texts = [l.text for l in block[1:]]
    warnings: list[ReadWarning] = []
    nomor_i = next((i for i, t in enumerate(texts) if cfg.nomor.match(t)), None)
    tentang_i = next((i for i, t in enumerate(texts) if cfg.tentang.match(t)), None)
    jenis = nomor = tahun = judul = None
    if nomor_i is None:
        warnings.append(ReadWarning("no_nomor", "the LAMPIRAN heading has no 'NOMOR … TAHUN …' line", page, field="nomor"))
    else:
        m = cfg.nomor.match(texts[nomor_i])
        nomor, tahun = int(m["nomor"]), int(m["tahun"])
        jenis_text = " ".join(texts[:nomor_i])
        for suffix in cfg.jenis_drop_suffix:
            jenis_text = re.sub(rf"\s*{re.escape(suffix)}\s*$", "", jenis_text, flags=re.IGNORECASE)
        jenis = title_case(jenis_text) if readable(jenis_text) else None
    if tentang_i is not None and tentang_i + 1 < len(texts):
        judul_text = " ".join(texts[tentang_i + 1:])
        judul = title_case(judul_text) if readable(judul_text) else None
    for name, value in (("jenis", jenis), ("judul", judul)):
        if value is None:
            warnings.append(ReadWarning(f"no_{name}", f"{name} could not be read from the LAMPIRAN heading", page, field=name))
    return Heading(jenis, nomor, tahun, judul, page), warnings


def title_case(text: str) -> str:
    """'RENCANA AKSI NASIONAL' -> 'Rencana Aksi Nasional', keeping small words ('dan', 'atas') lower case."""
    lower = document_config().lower_words
    words = " ".join(text.split()).lower().split(" ")
    return " ".join(w if (i and w in lower) else _cap(w) for i, w in enumerate(words))


def _cap(word: str) -> str:
    return "-".join(p[:1].upper() + p[1:] for p in word.split("-"))


def readable(text: str) -> bool:
    """Is this text made of letters, digits and ordinary punctuation (not symbols a stamp or signature maps to)?"""
    letters = [c for c in text if not c.isspace()]
    if not letters:
        return False
    ok = sum(1 for c in letters if c.isascii() or c in READABLE_SYMBOLS)
    return ok == len(letters)


def read_signature(pages: list[PageContent]) -> tuple[str | None, str | None, list[ReadWarning]]:
    """Find 'Ditetapkan di … / pada tanggal …' and the signer's name under the office; return (ISO date, name, warnings)."""
    cfg = document_config()
    for page in pages:
        lines = words_to_lines(page.words)
        for i, line in enumerate(lines):
            if not cfg.ditetapkan.match(line.text):
                continue
            warnings: list[ReadWarning] = []
            date = None
            m = cfg.tanggal.match(lines[i + 1].text) if i + 1 < len(lines) else None
            if m:
                date = parse_date(m["date"])
            if date is None:
                shown = m["date"] if m else ""
                warnings.append(ReadWarning("unreadable_date", f"the date it was signed could not be read ({shown!r})", page.number, field="ditetapkan"))
            name = signer_after_office(lines, i + 2)
            if name is None:
                warnings.append(ReadWarning("unreadable_signer", "the signer's name could not be read", page.number, field="penandatangan"))
            return date, name, warnings
    return None, None, [ReadWarning("no_signature", "no 'Ditetapkan di …' block found: ditetapkan is unknown", field="ditetapkan")]


def signer_after_office(lines: list[Line], start: int) -> str | None:
    """From `start`, skip to the office line (ending in a comma) and return the name printed under it."""
    cfg = document_config()
    office = next((j for j in range(start, min(start + NAME_WINDOW * 2, len(lines))) if lines[j].text.endswith(",")), None)
    if office is None:
        return None
    for line in lines[office + 1: office + 1 + NAME_WINDOW]:
        text = line.text.strip()
        if any(p.match(text) for p in cfg.skip) or not any(c.isalnum() and c.isascii() for c in text):
            continue
        return text if readable(text) and cfg.name.match(text) else None
    return None


def parse_date(text: str) -> str | None:
    """'9 Juli 2024' -> '2024-07-09'; None when it is not a readable Indonesian date."""
    m = re.match(r"^\s*(\d{1,2})\s+([A-Za-z]+)\s+(\d{4})\s*$", text)
    if not m:
        return None
    month = document_config().months.get(m[2].lower())
    day = int(m[1])
    if not month or not 1 <= day <= 31:
        return None
    return f"{int(m[3]):04d}-{month:02d}-{day:02d}"
