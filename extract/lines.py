"""Group words into printed text lines.

Cells, headers and the metadata heading are all read line by line; one
grouping rule serves them all.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from extract.model import Word

# A row number in a table's first column: 1, 1.1, 12., IV., a), B.
ROW_NUMBER = re.compile(r"^([0-9]+|[IVXLCivxlc]+|[A-Za-z])(\.[0-9]+)*[.)]?$")

# Words closer than this (points) touch: no space was printed between them (a real one is >= 2.5 pt).
GLUE_GAP = 0.5
# Two words sit on one line when their vertical middles differ by less than this share of the word height.
SAME_LINE_SHARE = 0.5


@dataclass(frozen=True)
class Line:
    words: tuple[Word, ...]

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def x0(self) -> float:
        return min(w.x0 for w in self.words)

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)


def after_row_number(line: Line) -> tuple[Word, ...]:
    """The line's words after a row number opening it ("2." before a group title), or all of them."""
    return line.words[1:] if ROW_NUMBER.match(line.words[0].text) else line.words


def words_to_lines(words: list[Word] | tuple[Word, ...]) -> list[Line]:
    """Given words, return them as lines, top to bottom, each line's words left to right."""
    lines: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w.y_mid, w.x0)):
        if lines:
            last = lines[-1]
            ref = last[0]
            if abs(word.y_mid - ref.y_mid) < SAME_LINE_SHARE * max(ref.bottom - ref.top, 1.0):
                last.append(word)
                continue
        lines.append([word])
    return [Line(tuple(sorted(ws, key=lambda w: w.x0))) for ws in lines]


def word_space(words: list[Word] | tuple[Word, ...], together=None) -> float:
    """The usual space between two neighbouring words of a line (the median gap), 0 without any; `together(a, b)`,
    when given, keeps only the pairs it holds true for (two words of one cell)."""
    return lines_space(words_to_lines(words), together)


def lines_space(lines: list[Line], together=None) -> float:
    """`word_space` of lines already made (of several pages, say)."""
    gaps = sorted(b.x0 - a.x1 for line in lines for a, b in zip(line.words, line.words[1:])
                  if b.x0 > a.x1 and (together is None or together(a, b)))
    return gaps[len(gaps) // 2] if gaps else 0.0


def line_text(line: Line) -> str:
    """Given a line, return its words joined by spaces, except between touching words: a word split by a space
    glyph drawn over its letters (Word puts a tab-stop space inside a cell's first word: pdfplumber reads
    "Ke menterian" where "Ke" ends at 147.23 pt and "menterian" starts at 147.23 pt, uu_ptj_apbn2011 p. 18)."""
    parts = [line.words[0].text]
    for prev, word in zip(line.words, line.words[1:]):
        parts.append(word.text if word.x0 - prev.x1 < GLUE_GAP else " " + word.text)
    return "".join(parts)


def join_lines(lines: list[Line], glue_hyphens: bool = True) -> str:
    """Join a cell's lines into its text: with a space, except (when `glue_hyphens`) after a hyphen ending a word
    the PDF printed no space after (a dash standing alone, "PAUD -" | "SMA", breaks no word)."""
    if not lines:
        return ""
    parts = [line_text(lines[0])]
    for prev, line in zip(lines, lines[1:]):
        last = prev.words[-1]
        glued = glue_hyphens and last.text[-2:-1].isalnum() and last.text.endswith("-") and last.space_after is False
        parts.append(line_text(line) if glued else " " + line_text(line))
    return "".join(parts)


def keeps_line_end_spaces(cells: list[list[Line]]) -> bool:
    """Given the lines of each cell of a page, does the page print the space at the end of a wrapped line (as word
    processors do)?

    Then a line ending in a hyphen with no space after it was broken at the hyphen
    ("UNDANG-" + "UNDANG" is one word). A producer that drops line-end spaces
    (most PDF libraries) leaves that unknowable, and the lines are joined with a space.
    """
    ends = [line.words[-1] for lines in cells for line in lines[:-1] if not line.words[-1].text.endswith("-")]
    return bool(ends) and sum(1 for w in ends if w.space_after) * 2 > len(ends)
