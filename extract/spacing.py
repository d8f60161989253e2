"""Letter-spaced words glued: "N u k l i d a" as printed with wide character spacing reads "Nuklida".

Why: a heading or a column label set with tracking (character spacing) comes out of the PDF as one word per
letter, every letter as far from the next; read so, "N u k l i d a" matches nothing and "B r - 8 2" is no
nuclide. The letters of one letter-spaced word stand at one spacing, narrower than a word gap at that spacing,
so a run of single characters on one line, each as close to the next as the others are, is one word. Characters
in cells of their own (check marks, X marks in a matrix of duties) stand a column apart, far wider.
"""
from __future__ import annotations

from dataclasses import replace

from extract.lines import words_to_lines
from extract.model import PageContent, Word

# A run of this many single characters or more can be one letter-spaced word ...
LEAST_LETTERS = 3
# ... when each gap between them is at most this share of their height (a letter-spaced word's tracking; cells
# of one character each stand a column apart) ...
MOST_GAP_SHARE = 0.6
# ... and no gap is more than this many points wider than the run's narrowest (one spacing throughout).
GAP_SLACK = 1.0


def without_letter_spacing(page: PageContent) -> PageContent:
    """The page with each run of letter-spaced single characters (`letter_runs`) as one word, where its first
    letter stood."""
    runs = [run for line in words_to_lines(page.words) for run in letter_runs(list(line.words))]
    if not runs:
        return page
    glued = {id(run[0]): Word("".join(w.text for w in run), run[0].x0, min(w.top for w in run), run[-1].x1,
                              max(w.bottom for w in run), run[-1].space_after) for run in runs}
    gone = {id(w) for run in runs for w in run[1:]}
    return replace(page, words=tuple(glued.get(id(w), w) for w in page.words if id(w) not in gone))


def letter_runs(words: list[Word]) -> list[list[Word]]:
    """The runs of LEAST_LETTERS single characters or more, left to right on one line, each within
    MOST_GAP_SHARE of its height of the next and at one spacing (GAP_SLACK)."""
    runs, run = [], []
    for word in words:
        if len(word.text) == 1 and run and _next_letter(run, word):
            run.append(word)
            continue
        if len(run) >= LEAST_LETTERS:
            runs.append(run)
        run = [word] if len(word.text) == 1 else []
    if len(run) >= LEAST_LETTERS:
        runs.append(run)
    return runs


def _next_letter(run: list[Word], word: Word) -> bool:
    """Is `word`, a single character, the next letter of the run: close, and at the run's spacing?"""
    gap = word.x0 - run[-1].x1
    if not 0 <= gap <= MOST_GAP_SHARE * (word.bottom - word.top):
        return False
    gaps = [b.x0 - a.x1 for a, b in zip(run, run[1:])] + [gap]
    return max(gaps) - min(gaps) <= GAP_SLACK
