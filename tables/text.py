"""A cell's words as its text: lines joined with a space, words within a line too, except where the PDF
shows they are one word.

Two cases are glued. A word split by a space glyph drawn over its letters: Word
puts a tab-stop space inside the first word of a cell, so pdfplumber reads
"Ke menterian" where the letters touch ("Ke" ends at 147.23 pt and "menterian"
starts at 147.23 pt, uu_ptj_apbn2011 p. 18); a printed space is 2.5 pt wide or
more. And a word broken at a hyphen at a line end, on pages that print the
space at the end of wrapped lines (see `keeps_line_end_spaces`).
"""
from __future__ import annotations

from extract.lines import Line, words_to_lines
from extract.model import Word

# Words closer than this (points) touch: no space was printed between them (a real one is >= 2.5 pt).
GLUE_GAP = 0.5


def line_text(line: Line) -> str:
    """Given a line, return its words joined by spaces, except between touching words."""
    parts = [line.words[0].text]
    for prev, word in zip(line.words, line.words[1:]):
        parts.append(word.text if word.x0 - prev.x1 < GLUE_GAP else " " + word.text)
    return "".join(parts)


def words_to_text(words: list[Word], glue_hyphens: bool) -> str:
    """Given a cell's words, return its text, lines top to bottom."""
    lines = words_to_lines(words)
    if not lines:
        return ""
    parts = [line_text(lines[0])]
    for prev, line in zip(lines, lines[1:]):
        last = prev.words[-1]
        glued = glue_hyphens and last.text.endswith("-") and last.space_after is False
        parts.append(line_text(line) if glued else " " + line_text(line))
    return "".join(parts)


def keeps_line_end_spaces(cells_words: list[list[Word]]) -> bool:
    """Does this page print the space at the end of a wrapped line (as word processors do)?

    Then a line ending in a hyphen with no space after it was broken inside a word
    ("perundang-" + "undangan"); otherwise that is unknowable and the lines are joined with a space.
    """
    ends = [line.words[-1] for words in cells_words for line in words_to_lines(words)[:-1]
            if not line.words[-1].text.endswith("-")]
    return bool(ends) and sum(1 for w in ends if w.space_after) * 2 > len(ends)
