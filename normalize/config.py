"""Load and validate the packaged data files (column aliases, section patterns,
document heading patterns, the institution registry) in one place.

Vocabulary is data, not code: a new ministry, a new header wording or a new
kind of regulation is a line in a file under `normalize/data/`.
"""
from __future__ import annotations

import csv
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from extract.errors import ConfigError

DATA = resources.files("normalize") / "data"


@dataclass(frozen=True)
class ColumnConfig:
    aliases: dict[str, tuple[str, ...]]  # column key -> titles
    groups: dict[str, tuple[str, ...]]  # group title key -> titles
    required: tuple[str, ...]
    min_score: float
    ambiguity_gap: float
    header_line_share: float
    anchor_min_columns: int
    misread_header_score: float


@dataclass(frozen=True)
class SectionLevel:
    name: str
    pattern: re.Pattern


@dataclass(frozen=True)
class SectionConfig:
    levels: tuple[SectionLevel, ...]
    group_title_end: str


@dataclass(frozen=True)
class DocumentConfig:
    heading_start: re.Pattern
    nomor: re.Pattern
    tentang: re.Pattern
    jenis_drop_suffix: tuple[str, ...]
    ditetapkan: re.Pattern
    tanggal: re.Pattern
    name: re.Pattern
    skip: tuple[re.Pattern, ...]
    months: dict[str, int]
    lower_words: frozenset[str]
    id_prefix: dict[str, str]


@dataclass(frozen=True)
class Institution:
    name: str
    abbreviation: str
    kind: str
    status: str


INSTITUTION_KINDS = {"kementerian", "kementerian_koordinator", "lpnk", "lembaga", "bumn", "pemerintah_daerah", "lainnya"}


def _toml(name: str) -> dict:
    try:
        return tomllib.loads((DATA / name).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"normalize/data/{name}: {exc}") from None


def _regex(pattern: str, where: str, flags: int = re.IGNORECASE) -> re.Pattern:
    try:
        return re.compile(pattern, flags)
    except re.error as exc:
        raise ConfigError(f"{where}: bad pattern {pattern!r}: {exc}") from None


@lru_cache(maxsize=None)
def column_config() -> ColumnConfig:
    """The header aliases of `columns.toml`, validated."""
    raw = _toml("columns.toml")
    try:
        m = raw["matching"]
        aliases = {k: tuple(v) for k, v in raw["columns"].items()}
        required = tuple(raw["required"]["columns"])
        cfg = ColumnConfig(aliases, {k: tuple(v) for k, v in raw.get("groups", {}).items()}, required,
                           float(m["min_score"]), float(m["ambiguity_gap"]), float(m["header_line_share"]),
                           int(m["anchor_min_columns"]), float(m["misread_header_score"]))
    except (KeyError, TypeError, ValueError) as exc:
        raise ConfigError(f"normalize/data/columns.toml: missing or bad entry {exc}") from None
    if missing := [k for k in required if k not in aliases]:
        raise ConfigError(f"normalize/data/columns.toml: required columns without aliases: {missing}")
    return cfg


@lru_cache(maxsize=None)
def section_config() -> SectionConfig:
    """The section-row patterns of `sections.toml`, compiled."""
    raw = _toml("sections.toml")
    try:
        levels = tuple(SectionLevel(l["name"], _regex(l["pattern"], "sections.toml")) for l in raw["level"])
        return SectionConfig(levels, raw["group"]["title_end"])
    except (KeyError, TypeError) as exc:
        raise ConfigError(f"normalize/data/sections.toml: missing entry {exc}") from None


@lru_cache(maxsize=None)
def document_config() -> DocumentConfig:
    """The heading and signature patterns of `document.toml`, compiled."""
    raw = _toml("document.toml")
    try:
        h, s = raw["heading"], raw["signature"]
        return DocumentConfig(
            _regex(h["start"], "document.toml"), _regex(h["nomor"], "document.toml"),
            _regex(h["tentang"], "document.toml"), tuple(h["jenis_drop_suffix"]),
            _regex(s["ditetapkan"], "document.toml"), _regex(s["tanggal"], "document.toml"),
            _regex(s["name"], "document.toml", 0), tuple(_regex(p, "document.toml") for p in s["skip"]),
            {k.lower(): int(v) for k, v in raw["months"].items()},
            frozenset(raw["title_case"]["lower"]), dict(raw["id_prefix"]),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ConfigError(f"normalize/data/document.toml: missing or bad entry {exc}") from None


@lru_cache(maxsize=None)
def open_endings() -> frozenset[str]:
    """Words and marks a phrase cannot end with (`stitch.toml`): text before a page break ending so is cut."""
    raw = _toml("stitch.toml")
    try:
        return frozenset(str(w).lower() for w in raw["open_endings"])
    except (KeyError, TypeError) as exc:
        raise ConfigError(f"normalize/data/stitch.toml: missing entry {exc}") from None


@lru_cache(maxsize=None)
def institutions() -> tuple[Institution, ...]:
    """The registry of Indonesian ministries and agencies in `institutions.csv`."""
    try:
        with (DATA / "institutions.csv").open(encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
    except OSError as exc:
        raise ConfigError(f"normalize/data/institutions.csv: {exc}") from None
    out = []
    for n, row in enumerate(rows, start=2):
        if not row.get("name") or row.get("kind") not in INSTITUTION_KINDS:
            raise ConfigError(f"normalize/data/institutions.csv line {n}: needs a name and a kind in {sorted(INSTITUTION_KINDS)}")
        out.append(Institution(row["name"].strip(), (row.get("abbreviation") or "").strip(), row["kind"], row.get("status") or ""))
    return tuple(out)
