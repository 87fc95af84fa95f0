"""Document facts: park (name and kind), period, doc_type, and the ReportContext."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

import regex

from .. import rules
from ..facts.periods import PeriodMatch, ReportContext, as_period, find_periods
from ..model import Period
from ..rules import alternation, compile_rule
from ..text.split import DocumentText


@dataclass(frozen=True)
class ParkMatch:
    name: str
    kind: str
    start: int
    end: int


@lru_cache(maxsize=1)
def _park_re():
    cfg = rules.load("parks")
    kinds = alternation(cfg["kinds"])
    pat = compile_rule("parks", "kinds", rf"(?P<name>{cfg['name_chars']}{{1,{int(cfg['name_max'])}}}?)?(?P<kind>{kinds})")
    stops = sorted(cfg["left_stops"], key=len, reverse=True)
    return pat, cfg, stops


def find_parks(text: str, base: int = 0) -> list[ParkMatch]:
    pat, cfg, stops = _park_re()
    generic = set(cfg["generic_names"])
    out = []
    for m in pat.finditer(text):
        # the name part, read leftwards from the kind up to a stop word
        ks = m.start("kind")
        left = text[max(0, ks - int(cfg["name_max"]) - 4):ks]
        name = ""
        i = len(left)
        while i > 0:
            ch = left[i - 1]
            if not (ch.isalpha() or ch in "*＊"):
                break
            hit = next((s for s in stops if left[:i].endswith(s)), None)
            if hit:
                break
            i -= 1
        name = left[i:]
        # descriptions are not names: strip generic words from the left
        changed = True
        while changed and name:
            changed = False
            for g in sorted(generic, key=len, reverse=True):
                if name.startswith(g) and len(name) > len(g) - 1:
                    name = name[len(g):]
                    changed = True
                    break
        kind = m.group("kind")
        if not name or name in generic:
            if kind in cfg["needs_name"] or not name:
                continue
        full = name + kind
        if full in cfg["not_names"]:
            continue
        s = ks - len(name)
        out.append(ParkMatch(full, kind, base + s, base + m.end("kind")))
    return out


def _kind_of(kind: str) -> str:
    return kind


def detect_park(doc: DocumentText, text: str) -> Optional[ParkMatch]:
    if doc.title and doc.title_span:
        ps = find_parks(doc.title, doc.title_span[0])
        named = [p for p in ps if p.name != p.kind]
        if named:
            return named[0]
    body = text[doc.start:doc.end]
    ps = find_parks(body, doc.start)
    if not ps:
        return None
    counts = Counter(p.name for p in ps)
    if max(counts.values()) == 1:
        # every name is said once: keep the ones whose name part segments as a place or
        # organisation name (仙桃开发区), not a phrase (绿化美化开发区)
        ps = [p for p in ps if _looks_like_name(p.name[:len(p.name) - len(p.kind)])]
        if not ps:
            return None
        counts = Counter(p.name for p in ps)
    first: dict[str, ParkMatch] = {}
    for p in ps:
        first.setdefault(p.name, p)
    best = max(counts, key=lambda n: (counts[n], -first[n].start))
    return first[best]


_MASK = regex.compile(r"^(?:[xX*＊]+|某)")


def _looks_like_name(name: str) -> bool:
    if _MASK.match(name):
        return True
    from ..text.segment import pos_tags

    tags = pos_tags(name)
    nouny = ("n", "ns", "nr", "nz", "nt", "j", "nrt")
    if len(tags) == 1:
        return tags[0][1] in nouny and len(name) >= 2
    # 洛南/县: a place word and an administrative suffix
    return (len(tags) == 2 and tags[1][0] in ("县", "市", "区", "镇", "乡", "州")
            and tags[0][1] in nouny and len(tags[0][0]) >= 2)


def detect_period(doc: DocumentText, text: str, headings: list[str] = ()) -> Optional[Period]:  # type: ignore[assignment]
    def first_of(s: str, kinds=None) -> Optional[PeriodMatch]:
        for pm in find_periods(s):
            if kinds is None or pm.kind in kinds:
                return pm
        return None

    if doc.title:
        pm = first_of(doc.title, ("half", "quarter", "year", "month_range", "five_year", "relative"))
        if pm:
            return as_period(pm)
    header = text[doc.start:doc.header_end]
    for line in header.split("\n"):
        line = line.strip()
        if line.isdigit() and len(line) == 4 and 1949 <= int(line) <= 2100:
            return Period(line, int(line), None)
        pm = first_of(line, ("year", "half", "month_range"))
        if pm:
            return as_period(pm)
        dy = _DATE_YEAR.search(line)
        if dy:  # a dated briefing: (2013年11月13日)
            return Period(dy.group(1) + "年", _int_year(dy.group(1)), None)
    for h in headings:
        pm = first_of(h, ("five_year",))
        if pm:
            return as_period(pm)
    body = text[doc.header_end:min(doc.end, doc.header_end + 3000)]
    pm = first_of(body, ("year", "half"))
    dy = _DATE_YEAR.search(body)
    if dy and (pm is None or dy.start() < pm.start):
        return Period(dy.group(1) + "年", _int_year(dy.group(1)), None)
    if pm:
        return as_period(pm)
    return None


_DATE_YEAR = regex.compile(r"(?<!\d)(\d{4}|[xX]{2,4})年(?=\d{1,2}月)")


def _int_year(s: str):
    return int(s) if s.isdigit() and 1949 <= int(s) <= 2100 else None


def detect_doc_type(title: Optional[str]) -> Optional[str]:
    if not title:
        return None
    cfg = rules.load("documents")["doc_types"]
    found = [k for k, words in cfg.items() if any(w in title for w in words)]
    if "briefing" in found:
        return "briefing"
    if "summary" in found and "plan" in found:
        return "summary+plan"
    return found[0] if found else "report"


def context_for(period: Optional[Period], park: Optional[ParkMatch]) -> ReportContext:
    return ReportContext(year=period.year if period else None, period=period,
                         park=park.name if park else None)
