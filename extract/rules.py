"""Ruling lines however a producer draws them, as one set of clean rules: the step between reading a page and
reading its table.

Producers draw the same grid in many ways: stroked lines; a stroked rectangle per cell or per row (its edges are the
rules, each drawn twice where boxes touch); thin filled rectangles, one per cell edge (how browsers and word
processors print borders); a border cut at every cell corner; dashes; a double rule. A table reader wants one rule
per drawn line, as long as it is drawn. So, as pdfplumber's `merge_edges` snaps and joins edges: rules are snapped to
a common position when parallel and within SNAP (a thin filled rectangle's two long edges, a double rule), and
joined end to end when collinear and at most JOIN_GAP apart (cell corners, dashes). A large filled rectangle is a
background (a shaded header or row), not a rule: the readers leave its edges out (`is_background`).
"""
from __future__ import annotations

from collections.abc import Iterable

from extract.model import Rule

# Parallel rules closer than this (points) are one rule: a double rule, a filled border's two edges, a box per cell
# drawing the shared edge twice. Rows and columns are far wider (the narrowest column seen is ~20 pt).
SNAP = 2.0
# Collinear pieces of one rule this far apart at most (points) are joined: borders cut at cell corners (0.4-0.6 pt
# gaps in Word's output), dashed rules (dash gaps of 1-4 pt), each cell's own box. A gap between two tables side by
# side, or an intended break in a rule, is wider.
JOIN_GAP = 4.0
# A column narrower than this (points) holds no text: it is the gap of a double frame or the inset edge of a shaded
# cell (pojk24 pp. 62-64 draws one 5 pt inside its borders), not a column. The narrowest real column seen is 20 pt.
MIN_COLUMN_WIDTH = 8.0
# A joined rule shorter than this (points) is a rectangle's short side or a tick, not a rule. Pieces shorter than
# this still join into rules: a dashed border drawn as thousands of tiny filled boxes (Chromium).
MIN_RULE_LENGTH = 3.0
# Coordinates this close (points) are one: libraries read the same corner a few thousandths apart.
RECT_SLACK = 0.01
# A border drawn as a filled ring is at most this wide (points) on each side.
FRAME_WIDTH = 2.5
# A filled, unstroked shape at least this thick (points) both ways is a background, not a rule: a border drawn as a
# filled rectangle is at most ~2 pt thick; a shaded cell is a line of text high or more.
BACKGROUND_MIN_THICKNESS = 3.0


def is_background(width: float, height: float, filled: bool, stroked: bool) -> bool:
    """Is a drawn shape of this size a background fill (its edges divide nothing)?"""
    return filled and not stroked and min(width, height) >= BACKGROUND_MIN_THICKNESS


def is_rectangle(points: list[tuple[float, float]]) -> bool:
    """Is a closed subpath an upright rectangle: four corners, each side horizontal or vertical to within
    RECT_SLACK (PDF libraries round coordinates differently: pdfminer's exact test calls one rectangle a curve
    where pdfium's 32-bit floats do not)? Only a rectangle can be a background."""
    corners = points[:-1] if len(points) == 5 and _near(points[0], points[-1]) else points
    if len(corners) != 4:
        return False
    return all(abs(a[0] - b[0]) <= RECT_SLACK or abs(a[1] - b[1]) <= RECT_SLACK
               for a, b in zip(corners, corners[1:] + corners[:1]))


def _near(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return abs(a[0] - b[0]) <= RECT_SLACK and abs(a[1] - b[1]) <= RECT_SLACK


def frame_edges(backgrounds: list[tuple[float, float, float, float]]) -> list[Rule]:
    """Given the boxes of a page's background fills, the edges of those that are a border drawn as a filled ring
    (an even-odd path of an outer and an inner rectangle, as WeasyPrint draws a cell's box; PDF libraries split it
    into two filled rectangles): two boxes nested less than FRAME_WIDTH apart on every side."""
    out: list[Rule] = []
    for a0, at, a1, ab in backgrounds:
        for b0, bt, b1, bb in backgrounds:
            left, top, right, bottom = b0 - a0, bt - at, a1 - b1, ab - bb
            gaps = (top, bottom, left, right)
            if all(-RECT_SLACK <= g <= FRAME_WIDTH for g in gaps) and sum(g > RECT_SLACK for g in gaps) >= 2:
                # box b sits just inside box a: a ring, open on a side where they meet (a cell cut by the page break)
                sides = (Rule("h", a0, at, a1, at), Rule("h", a0, ab, a1, ab), Rule("v", a0, at, a0, ab), Rule("v", a1, at, a1, ab))
                out += [rule for gap, rule in zip(gaps, sides) if gap > RECT_SLACK]
                break
    return out


def merge_rules(rules: Iterable[Rule]) -> tuple[Rule, ...]:
    """Given a page's raw rules, return one rule per drawn line: parallel rules within SNAP snapped to their mean
    position, collinear pieces within JOIN_GAP joined, the joined ones shorter than MIN_RULE_LENGTH left out (a
    rectangle's short side, a tick). Horizontal rules first (top to bottom), then vertical."""
    rules, out = list(rules), []
    for orientation in ("h", "v"):
        pieces = sorted((_axis(r) for r in rules if r.orientation == orientation), key=lambda p: p[0])
        for line in _parallel_groups(pieces):
            pos = sum(p[0] for p in line) / len(line)
            for start, end in _joined_spans(line):
                if end - start < MIN_RULE_LENGTH:
                    continue
                out.append(Rule("h", start, pos, end, pos) if orientation == "h" else Rule("v", pos, start, pos, end))
    return tuple(out)


def _axis(rule: Rule) -> tuple[float, float, float]:
    """A rule as (position across it, start along it, end along it)."""
    if rule.orientation == "h":
        return (rule.top + rule.bottom) / 2, rule.x0, rule.x1
    return (rule.x0 + rule.x1) / 2, rule.top, rule.bottom


def _parallel_groups(pieces: list[tuple[float, float, float]]) -> list[list[tuple[float, float, float]]]:
    """Given pieces sorted by position, group those within SNAP of the previous one across them (so a double rule's
    four edges chain into one): the pieces of one drawn line, or of lines at one position, which `_joined_spans`
    keeps apart where they do not meet. By position alone, so both readers group alike whatever their rounding."""
    groups: list[list[tuple[float, float, float]]] = []
    for piece in pieces:
        if groups and piece[0] - groups[-1][-1][0] <= SNAP:
            groups[-1].append(piece)
        else:
            groups.append([piece])
    return groups


def _joined_spans(line: list[tuple[float, float, float]]) -> list[tuple[float, float]]:
    """The spans along one line that its pieces cover, pieces at most JOIN_GAP apart joined."""
    spans: list[list[float]] = []
    for _, start, end in sorted(line, key=lambda p: p[1]):
        if spans and start <= spans[-1][1] + JOIN_GAP:
            spans[-1][1] = max(spans[-1][1], end)
        else:
            spans.append([start, end])
    return [(a, b) for a, b in spans]
