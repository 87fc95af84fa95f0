"""Sentence bounds inside a paragraph, found once per paragraph and looked up by bisect."""
from __future__ import annotations

import bisect
import re

from ..recache import compile as _recompile  # kept compiled between runs


SENTENCE_BREAK = _recompile(r"[。!?！？;；\n]")
FULL_STOP = _recompile(r"[。!?！？\n]")


class Sentences:
    """Sentence bounds for the paragraphs of one text; ``pattern`` says what ends one."""

    def __init__(self, text: str, pattern=FULL_STOP):
        self.text = text
        self.pattern = pattern
        self._breaks: dict[int, list[int]] = {}

    def bounds(self, s: int, e: int, lo: int, hi: int) -> tuple[int, int]:
        br = self._breaks.get(lo)
        if br is None:
            br = self._breaks[lo] = [m.start() for m in self.pattern.finditer(self.text, lo, hi)]
        k = bisect.bisect_left(br, s)
        a = br[k - 1] + 1 if k > 0 else lo
        j = bisect.bisect_left(br, e)
        return a, (br[j] if j < len(br) else hi)

    def spans(self, lo: int, hi: int):
        """Every sentence of [lo, hi) as (start, end), empty ones left out."""
        a = lo
        for m in self.pattern.finditer(self.text, lo, hi):
            if m.start() > a:
                yield a, m.start()
            a = m.end()
        if hi > a:
            yield a, hi


def clause_end(text: str, pos: int, hi: int, pattern) -> int:
    """Where the clause that holds ``pos`` ends (the next match of ``pattern``, or ``hi``)."""
    m = pattern.search(text, pos, hi)
    return m.start() if m else hi
