"""Group words into printed text lines.

Cells, headers and the metadata heading are all read line by line; one
grouping rule serves them all.
"""
from __future__ import annotations

from dataclasses import dataclass

from extract.model import Word

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


def join_lines(lines: list[Line], glue_hyphens: bool = True) -> str:
    """Join a cell's lines into its text: with a space, except (when `glue_hyphens`) after a hyphen the PDF
    printed no space after."""
    if not lines:
        return ""
    parts = [lines[0].text]
    for prev, line in zip(lines, lines[1:]):
        last = prev.words[-1]
        glued = glue_hyphens and last.text.endswith("-") and last.space_after is False
        parts.append(line.text if glued else " " + line.text)
    return "".join(parts)
