"""Parse Indonesian numerals: `1.056.313` is 1056313, `14,8` is 14.8, `0.85` is 0.85.

One parser serves targets and keluaran values. The contract's rule: a dot
followed by exactly three digits is a thousands separator, any other dot is a
decimal point; a comma is always the decimal point. Whole numbers come back as
int, others as float, computed through Decimal so nothing is lost on the way.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+(,\d+)?$")
COMMA_DECIMAL = re.compile(r"^\d+(,\d+)?$")
DOT_DECIMAL = re.compile(r"^\d*\.\d+$")
COMPARATORS = {"≤": "<=", "<=": "<=", "≥": ">=", ">=": ">=", "<": "<", ">": ">"}
TARGET = re.compile(
    r"^(?P<cmp>≤|≥|<=|>=|<|>)?\s*(?P<num>\d[\d.,]*)\s*%?\s*(?:\((?P<note>[^()]*)\))?$"
)
CUMULATIVE = re.compile(r"^kumulatif\s*:?\s*(?P<num>\d[\d.,]*)$", re.IGNORECASE)
SCALE = re.compile(r"^skala\s+(?P<scale>\d+\s*[-–]\s*\d+)$", re.IGNORECASE)
LEADING_NUMBER = re.compile(r"^(?P<cmp>≤|≥|<=|>=|<|>)?\s*(?P<num>\d[\d.,]*\d|\d)(?P<unit>(?:[\s%].*)?)$")


@dataclass(frozen=True)
class Target:
    value: int | float | None
    comparator: str | None
    cumulative: int | float | None
    scale: str | None


def parse_number(text: str) -> int | float | None:
    """Given an Indonesian-formatted number, return its value, or None when it is not one."""
    s = text.strip()
    if THOUSANDS.match(s):
        s = s.replace(".", "").replace(",", ".")
    elif COMMA_DECIMAL.match(s):
        s = s.replace(",", ".")
    elif not DOT_DECIMAL.match(s):
        return None
    try:
        value = Decimal(s)
    except InvalidOperation:
        return None
    return int(value) if value == value.to_integral_value() and "." not in s else float(value)


def parse_target(raw: str | None) -> Target | None:
    """Given a Target cell, return value, comparator, cumulative and scale; None when unreadable.

    Forms read: `34`, `1.056.313`, `14,8`, `0.85`, `40%`, `10 %`, `≤ 2`,
    `6.009.854 (kumulatif: 18.010.715)`, `5 (Skala 1-7)`.
    """
    if raw is None:
        return Target(None, None, None, None)
    m = TARGET.match(raw.strip())
    if not m:
        return None
    value = parse_number(m["num"])
    if value is None:
        return None
    cumulative = scale = None
    if note := m["note"]:
        if c := CUMULATIVE.match(note.strip()):
            cumulative = parse_number(c["num"])
            if cumulative is None:
                return None
        elif s := SCALE.match(note.strip()):
            scale = re.sub(r"\s*[-–]\s*", "-", s["scale"])
        else:
            return None
    return Target(value, COMPARATORS.get(m["cmp"]) if m["cmp"] else None, cumulative, scale)


def parse_quantity(text: str | None) -> tuple[int | float | None, str | None]:
    """Given a Keluaran cell such as `1.056.313 sertifikat`, return (1056313, 'sertifikat').

    (None, None) when the text does not start with a number.
    """
    if not text:
        return None, None
    m = LEADING_NUMBER.match(text.strip())
    if not m:
        return None, None
    value = parse_number(m["num"])
    if value is None:
        return None, None
    return value, m["unit"].strip() or None


def format_number(value: int | float, decimals: int = 0) -> str:
    """Given a number, return it written the Indonesian way (`1.056.313`, `14,8`): the parser's inverse."""
    whole, _, frac = f"{abs(value):.{decimals}f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    sign = "-" if value < 0 else ""
    return sign + grouped + ("," + frac if frac else "")
