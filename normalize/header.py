"""Recognise the Lampiran's header by its text, and map header titles to contract columns.

The header repeats on every page and its wording changes between documents
("Sasaran Tahun <year>", "Indikator", "Instansi Penanggung Jawab"),
so it is found by vocabulary (the aliases in `data/columns.toml`, matched
fuzzily with rapidfuzz), never by position.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from extract.columns import HeaderBox, labels_under_title
from extract.rules import SNAP
from extract.lines import Line, words_to_lines
from extract.model import Column, PageContent
from normalize.config import column_config

YEAR_WORDS = re.compile(r"\b(tahun\s+)?(19|20)\d\d\b|\btahun\b", re.IGNORECASE)
# Lines of one header are at most this many line heights apart.
HEADER_LINE_GAP = 1.6


@dataclass(frozen=True)
class ColumnMatch:
    """How a header title was mapped: the key (None when unknown or ambiguous) and why."""

    title: str
    key: str | None
    score: float
    status: str  # "matched", "ambiguous", "unknown"


def clean_title(text: str) -> str:
    """Given a header title, return it lower-cased without years, 'Tahun' and stray punctuation."""
    text = YEAR_WORDS.sub(" ", text)
    text = re.sub(r"[^\w/ ]+", " ", text.lower())
    return " ".join(text.split())


@lru_cache(maxsize=1)
def _vocabulary() -> list[str]:
    cfg = column_config()
    titles = [t for ts in list(cfg.aliases.values()) + list(cfg.groups.values()) for t in ts]
    return sorted({tok for t in titles for tok in clean_title(t).split()})


def title_to_key(title: str) -> ColumnMatch:
    """Given a header title, return the contract column it names, or why it names none."""
    cfg = column_config()
    cleaned = clean_title(title)
    best: dict[str, float] = {}
    for key, aliases in cfg.aliases.items():
        best[key] = max(fuzz.ratio(cleaned, clean_title(a)) for a in aliases)
    ranked = sorted(best.items(), key=lambda kv: -kv[1])
    (key, score), (_, second) = ranked[0], ranked[1]
    if score < cfg.min_score:
        return ColumnMatch(title, None, score, "unknown")
    if score - second < cfg.ambiguity_gap:
        return ColumnMatch(title, None, score, "ambiguous")
    return ColumnMatch(title, key, score, "matched")


def header_share(text: str, vocabulary: list[str]) -> float:
    """The share of a text's words (years left out) that are header words."""
    tokens = clean_title(text).split()
    if not tokens:
        return 1.0 if text.strip() else 0.0
    cutoff = column_config().min_score
    hits = sum(1 for t in tokens if process.extractOne(t, vocabulary, scorer=fuzz.ratio, score_cutoff=cutoff))
    return hits / len(tokens)


def columns_named(line: Line) -> set[str]:
    """Which contract columns a line names (every word of one of the column's aliases is on the line)."""
    cfg = column_config()
    tokens = clean_title(line.text).split()
    named = set()
    for key, aliases in cfg.aliases.items():
        for alias in aliases:
            words = clean_title(alias).split()
            if words and all(process.extractOne(w, tokens, scorer=fuzz.ratio, score_cutoff=cfg.min_score) for w in words):
                named.add(key)
                break
    return named


def find_header(page: PageContent) -> HeaderBox | None:
    """Given a page, return the lines of the table header on it, or None when it has none.

    The header is a block of adjacent lines made mostly of header words that together name at least
    `anchor_min_columns` columns: labels centred in cells of different heights fall on different lines, so no
    single line need name them ("Target" over "2024" beside "No." beside "Instansi Penanggung" over "Jawab"); so a
    line standing beside the block's lines (its top above the bottom of one of them) is the block's whatever its
    words ("Utama" of "Instansi Pelaksana Utama" beside "2025" under "Target Tahun"): a body line never does.
    Where the block does not name every required column, the line under it is the header's too when it holds the
    leaf labels of a group title (`extract.columns.labels_under_title`): "Langkah | Hasil Akhir" under "Aksi"."""
    cfg = column_config()
    vocabulary = _vocabulary()

    def header_words(text: str) -> bool:
        return header_share(text, vocabulary) >= cfg.header_line_share

    lines = words_to_lines(page.words)
    block: list[Line] = []
    for i, line in enumerate(lines + [None]):
        if line is not None and (header_words(line.text) and (not block or _adjacent(block[-1], line))
                                 or block and line.top < max(b.bottom for b in block)):
            block.append(line)
            continue
        if block and len(columns_named(Line(tuple(w for l in block for w in l.words)))) >= cfg.anchor_min_columns:
            anchor = max(block, key=lambda l: len(columns_named(l)))
            for below in lines[i:]:  # leaf labels the vocabulary does not know, under a group title
                if _names_every_column(block) or not _adjacent(block[-1], below) \
                        or not labels_under_title(block, below, page, header_words):
                    break
                block.append(below)
            return HeaderBox(tuple(_ruled_header(lines, anchor, page) or block))
        block = [line] if line is not None and header_words(line.text) else []
    return None


def _names_every_column(lines: list[Line]) -> bool:
    """Do these header lines name every required column?"""
    return set(column_config().required) <= columns_named(Line(tuple(w for l in lines for w in l.words)))


def _ruled_header(lines: list[Line], anchor: Line, page: PageContent) -> list[Line]:
    """Where rules frame the header (a rule across the whole anchor line above it and one below), every text line
    between them is the header, whatever its words: labels wrapped inside narrow cells ("Nom" over "or") and centred
    at different heights make lines no vocabulary would take. Empty when no rules frame it."""
    full = [r.top for r in page.rules if r.orientation == "h" and r.x0 <= anchor.x0 + SNAP and r.x1 >= anchor.x1 - SNAP]
    above = max((y for y in full if y <= anchor.top + SNAP), default=None)
    below = min((y for y in full if y >= anchor.bottom - SNAP), default=None)
    if above is None or below is None:
        return []
    return [line for line in lines if above < (line.top + line.bottom) / 2 < below]


def _adjacent(upper: Line, lower: Line) -> bool:
    return lower.top - upper.bottom < HEADER_LINE_GAP * (upper.bottom - upper.top)


def map_columns(columns: tuple[Column, ...]) -> tuple[dict[str, int], list[ColumnMatch]]:
    """Given a page's leaf columns, return {contract key: column index} and every title that did not map."""
    mapping: dict[str, int] = {}
    problems = []
    for col in columns:
        match = title_to_key(col.label or col.group_label)
        if match.key is None or match.key in mapping:
            problems.append(match if match.key is None else ColumnMatch(match.title, None, match.score, "duplicate"))
            continue
        mapping[match.key] = col.index
    return _by_elimination(mapping, problems, columns), problems


def _by_elimination(mapping: dict[str, int], problems: list[ColumnMatch], columns: tuple[Column, ...]) -> dict[str, int]:
    """A header with one title the vocabulary does not know ("Hasil Akhir" for Keluaran) and one required column not
    named: that column is the unknown title's (its status becomes "inferred", so the warning says so)."""
    missing = [k for k in column_config().required if k not in mapping]
    unknown = [i for i, p in enumerate(problems) if p.status == "unknown"]
    if len(missing) != 1 or len(unknown) != 1 or len(mapping) + 1 != len(columns):
        return mapping
    p = problems[unknown[0]]
    index = next(c.index for c in columns if (c.label or c.group_label) == p.title and c.index not in mapping.values())
    problems[unknown[0]] = ColumnMatch(p.title, missing[0], p.score, "inferred")
    return {**mapping, missing[0]: index}


def names_column(text: str) -> bool:
    """Is this header text a known column title (for joining labels split by wide spacing)?"""
    return title_to_key(text).key is not None
