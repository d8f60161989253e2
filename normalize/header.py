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

from extract.columns import HeaderBox
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


def header_share(line: Line, vocabulary: list[str]) -> float:
    """The share of a line's words (years left out) that are header words."""
    tokens = clean_title(line.text).split()
    if not tokens:
        return 1.0 if line.text.strip() else 0.0
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
    """Given a page, return the lines of the table header on it, or None when it has none."""
    cfg = column_config()
    vocabulary = _vocabulary()
    lines = words_to_lines(page.words)
    for i, line in enumerate(lines):
        if header_share(line, vocabulary) < cfg.header_line_share or len(columns_named(line)) < cfg.anchor_min_columns:
            continue
        first = last = i
        while first > 0 and _adjacent(lines[first - 1], lines[first]) and header_share(lines[first - 1], vocabulary) >= cfg.header_line_share:
            first -= 1
        while last + 1 < len(lines) and _adjacent(lines[last], lines[last + 1]) and header_share(lines[last + 1], vocabulary) >= cfg.header_line_share:
            last += 1
        return HeaderBox(tuple(lines[first:last + 1]))
    return None


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
    return mapping, problems


def names_column(text: str) -> bool:
    """Is this header text a known column title (for joining labels split by wide spacing)?"""
    return title_to_key(text).key is not None
