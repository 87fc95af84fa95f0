"""Clean text plus one offset map back to the decoded input.

``normalise(text)`` returns a ``Clean``: the text every rule reads (simplified script,
ASCII digits and punctuation, decimal points and dashes repaired, glued page markers,
inline pinyin and inline site boilerplate removed) and ``to_orig``, the map that turns a
clean span back into a span of the input. One-to-one folds cost nothing in the map;
deletions and insertions are recorded as segments.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass
from functools import lru_cache

from .. import rules
from ..rules import compile_rule

_FW = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_FW[0x3000] = 0x20


@lru_cache(maxsize=1)
def _tables():
    cfg = rules.load("normalise")
    table = dict(_FW)
    for k, v in cfg["char_folds"].items():
        if len(k) == 1 and len(v) == 1:
            table[ord(k)] = ord(v)
    pats = {name: compile_rule("normalise", name, cfg[name])
            for name in ("decimal_point", "thousands", "month_range", "pinyin", "ocr_period", "ocr_l_decimal")}
    import re

    # runs of the characters the table changes
    pats["foldable"] = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(table) if table[c] != c) + "]+")
    for name, hint in cfg.get("hints", {}).items():
        pats["hint:" + name] = compile_rule("normalise", f"hints.{name}", hint)
    pm = cfg["page_marker"]
    pats["page_marker"] = compile_rule("normalise", "page_marker", pm["pattern"])
    sw = cfg["soft_wrap"]
    pats["soft_wrap"] = compile_rule("normalise", "soft_wrap", sw["pattern"])
    pats["soft_wrap_not_before"] = compile_rule("normalise", "soft_wrap.not_before", sw["not_before"])
    pats["soft_wrap_open_end"] = str(sw["open_end"])
    pats["split_decimal"] = compile_rule("normalise", "split_decimal", cfg["split_decimal"])
    fs = cfg["flat_space"]
    pats["flat_space"] = compile_rule("normalise", "flat_space", fs["pattern"])
    pats["flat_space_line"] = int(fs["min_line_chars"])
    bp = rules.load("boilerplate")
    inline = compile_rule("boilerplate", "inline", "|".join(f"(?:{p})" for p in bp["inline"]))
    return table, pats, int(pm["min_line_chars"]), str(pm["closing"]), inline


@lru_cache(maxsize=1)
def _opencc():
    try:
        import opencc

        return opencc.OpenCC("t2s")
    except Exception:  # pragma: no cover - OpenCC is a dependency; keep working without it
        return None


_T2S_CACHE: dict[str, str] = {}


def to_simplified(text: str) -> str:
    """Traditional to simplified, character for character (the length never changes)."""
    cc = _opencc()
    if cc is None or text.isascii():
        return text
    out = cc.convert(text)
    if len(out) == len(text):
        return out
    chars = []
    for ch in text:  # a phrase conversion changed the length: fall back to single characters
        s = _T2S_CACHE.get(ch)
        if s is None:
            s = cc.convert(ch)
            s = s if len(s) == 1 else ch
            _T2S_CACHE[ch] = s
        chars.append(s)
    return "".join(chars)


class OffsetMap:
    """Maps clean indexes to original ones. Segments: (clean_start, orig_start, linear)."""

    __slots__ = ("_starts", "_segs", "clean_len", "orig_len")

    def __init__(self, segs: list[tuple[int, int, bool]], clean_len: int, orig_len: int):
        self._segs = segs
        self._starts = [s[0] for s in segs]
        self.clean_len = clean_len
        self.orig_len = orig_len

    @classmethod
    def identity(cls, n: int) -> "OffsetMap":
        return cls([(0, 0, True)], n, n)

    def index(self, i: int) -> int:
        """The original index of clean character ``i``."""
        if i >= self.clean_len:
            return self.orig_len
        k = bisect.bisect_right(self._starts, i) - 1
        cs, os_, linear = self._segs[k]
        return os_ + (i - cs) if linear else os_

    def span(self, s: int, e: int) -> tuple[int, int]:
        if e <= s:
            o = self.index(s)
            return (o, o)
        return (self.index(s), self.index(e - 1) + 1)


@dataclass(frozen=True)
class Clean:
    text: str
    to_orig: OffsetMap

    def orig_span(self, s: int, e: int) -> tuple[int, int]:
        return self.to_orig.span(s, e)


def _hinted(pats, name: str, t: str) -> bool:
    hint = pats.get("hint:" + name)
    return hint is None or hint.search(t) is not None


def fold(text: str) -> str:
    """The one-to-one part of normalisation: script, full-width forms, decimal points."""
    table, pats, *_ = _tables()
    t = to_simplified(text)
    # Both give the same text. translate() reads every character through the table, the
    # cheaper way when full-width forms are everywhere (，（）); when they are rare (most web
    # texts), handing only their runs to it is five times faster.
    if len(pats["foldable"].findall(t, 0, 4000)) > 60:
        t = t.translate(table)
    else:
        t = pats["foldable"].sub(lambda m: m.group().translate(table), t)
    if _hinted(pats, "decimal_point", t):
        t = pats["decimal_point"].sub(".", t)
    t = pats["ocr_period"].sub("。", t)
    return t


def _page_marker_edits(t: str, pat, min_line: int, closing: str) -> list[tuple[int, int, str]]:
    cands = []
    for m in pat.finditer(t):
        line_start = t.rfind("\n", 0, m.start()) + 1
        prev_line = t[line_start:m.start()].rstrip()
        n = int(m.group(1))
        item = prev_line[-1:] == "." and not prev_line[-2:-1].isdigit()  # …达11%.\n4、: a sentence ended
        glued = (len(prev_line) >= min_line and prev_line[-1:] not in closing and not item
                 and not t[m.end():m.end() + 1].isspace())
        cands.append((m.start(), m.end(), n, glued))
    glued_nums = {c[2] for c in cands if c[3]}
    edits = []
    for s, e, n, glued in cands:
        if glued:
            edits.append((s, e, ""))  # the sentence closes over the page break
        elif (n - 1 in glued_nums or n + 1 in glued_nums) and len(glued_nums) >= 2:
            edits.append((s + 1, e, ""))  # a page number at a real line start: keep the break
    return edits


def _soft_wrap_edits(t: str, pats, min_line: int, closing: str) -> list[tuple[int, int, str]]:
    """Line breaks that a PDF or docx export put inside a sentence (重点是针\n对康师傅集团):
    the line before is long and has no closing punctuation, the line after starts no
    heading or item. The break is deleted; the offset map keeps the original positions."""
    from .split import is_boilerplate

    edits = []
    for m in pats["soft_wrap"].finditer(t):
        line_start = t.rfind("\n", 0, m.start()) + 1
        prev_line = t[line_start:m.start()].strip()
        if len(prev_line) < min_line or prev_line[-1:] in closing or prev_line[-1:] in pats["soft_wrap_open_end"]:
            continue
        if pats["soft_wrap_not_before"].match(t, m.end()):
            continue
        next_end = t.find("\n", m.end())
        if is_boilerplate(prev_line) or is_boilerplate(t[m.end():next_end if next_end >= 0 else len(t)]):
            continue  # a site's menu or breadcrumb is a line of its own
        edits.append((m.start(), m.end(), ""))
    return edits


def _flat_space_edits(t: str, pats) -> list[tuple[int, int, str]]:
    """A PDF flattened to long lines leaves spaces inside words (石 英砂, 正在进 行): a single
    space between two Han characters on such a line is deleted, unless a heading or an
    item opens after it."""
    edits = []
    min_len = pats["flat_space_line"]
    for m in pats["flat_space"].finditer(t):
        ls = t.rfind("\n", 0, m.start()) + 1
        le = t.find("\n", m.end())
        if (le if le >= 0 else len(t)) - ls < min_len:
            continue
        if pats["soft_wrap_not_before"].match(t, m.end()):
            continue
        edits.append((m.start(), m.end(), ""))
    return edits


def normalise(text: str) -> Clean:
    """Normalise ``text`` (the decoded input) into a ``Clean`` with its offset map."""
    table, pats, min_line, closing, inline = _tables()
    t = fold(text)
    edits: list[tuple[int, int, str]] = []  # (start, end, replacement) in original coordinates
    for m in inline.finditer(t):
        edits.append((m.start(), m.end(), ""))
    edits += _page_marker_edits(t, pats["page_marker"], min_line, closing)
    edits += _soft_wrap_edits(t, pats, min_line, closing)
    for m in pats["pinyin"].finditer(t):
        edits.append((m.start(), m.end(), ""))
    edits += _flat_space_edits(t, pats)
    for m in pats["split_decimal"].finditer(t):
        edits.append((m.start("gap"), m.end("gap"), ""))
    for m in (pats["thousands"].finditer(t) if _hinted(pats, "thousands", t) else ()):
        base = m.start()
        for k, ch in enumerate(m.group()):
            if ch == ",":
                edits.append((base + k, base + k + 1, ""))
    for m in (pats["ocr_l_decimal"].finditer(t) if _hinted(pats, "ocr_l_decimal", t) else ()):
        edits.append((m.start(), m.end(), "1."))
    for m in (pats["month_range"].finditer(t) if _hinted(pats, "month_range", t) else ()):
        edits.append((m.end(), m.end(), "-"))
    if not edits:
        return Clean(t, OffsetMap.identity(len(t)))
    edits.sort(key=lambda x: (x[0], x[1]))
    pieces: list[str] = []
    segs: list[tuple[int, int, bool]] = []
    pos = 0  # original position consumed so far
    clen = 0
    for s, e, rep in edits:
        if s < pos:  # overlapping edit: the earlier one wins
            continue
        if s > pos:
            segs.append((clen, pos, True))
            pieces.append(t[pos:s])
            clen += s - pos
        if rep:
            segs.append((clen, s, False))
            pieces.append(rep)
            clen += len(rep)
        pos = e
    if pos < len(t):
        segs.append((clen, pos, True))
        pieces.append(t[pos:])
        clen += len(t) - pos
    if not segs:
        segs = [(0, 0, True)]
    return Clean("".join(pieces), OffsetMap(segs, clen, len(text)))
