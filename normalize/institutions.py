"""Split a Penanggung Jawab cell into institutions.

Institutions are separated by commas (the last often by ", dan"), but some
official names contain commas themselves ("Kementerian Pendidikan,
Kebudayaan, Riset dan Teknologi"). Consecutive comma-separated pieces are
kept together when, joined, they fuzzily match a name in the registry
(`data/institutions.csv`); every institution is returned exactly as printed,
and one the registry does not know is kept, never dropped.
"""
from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import fuzz, process, utils

from normalize.config import institutions

# A run of comma-separated pieces is one name when it matches a registry name at least this well (0-100).
# High, because a false join merges two institutions; the registry lists the usual spellings.
JOIN_MIN_SCORE = 92
LEADING_CONJUNCTION = re.compile(r"^(dan|serta)\s+", re.IGNORECASE)


@lru_cache(maxsize=1)
def _names() -> list[str]:
    return [utils.default_process(i.name) for i in institutions()]


def _matches_registry(text: str) -> bool:
    found = process.extractOne(utils.default_process(text), _names(), scorer=fuzz.ratio, score_cutoff=JOIN_MIN_SCORE)
    return found is not None


def split_institutions(cell: str | None) -> list[str]:
    """Given a Penanggung Jawab cell, return its institutions, each as printed."""
    if not cell:
        return []
    pieces = [p for p in cell.split(",")]
    out: list[str] = []
    i = 0
    while i < len(pieces):
        j = _longest_registered_run(pieces, i)
        name = ",".join(pieces[i:j]).strip()
        if j == i + 1:
            name = LEADING_CONJUNCTION.sub("", name)
        if name:
            out.append(name)
        i = j
    return out


def _longest_registered_run(pieces: list[str], start: int) -> int:
    """The end (exclusive) of the longest run of pieces from `start` that is one registered name; start+1 if none."""
    for end in range(len(pieces), start + 1, -1):
        if _matches_registry(",".join(pieces[start:end]).strip()):
            return end
    return start + 1
