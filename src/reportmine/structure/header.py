"""Document facts: park (name and kind), period, doc_type, and the ReportContext."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional


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
    kinds = compile_rule("parks", "kinds", f"(?:{alternation(cfg['kinds'])})")
    run = compile_rule("parks", "name_chars", f"{cfg['name_chars']}+$")
    stops = compile_rule("parks", "left_stops", f"(?:{alternation(cfg['left_stops'])})")
    generic = compile_rule("parks", "generic_names", f"^(?:{alternation(cfg['generic_names'])})+")
    return kinds, run, stops, generic, cfg


def find_parks(text: str, base: int = 0) -> list[ParkMatch]:
    """Park names: a kind (经济开发区, 工业园区 …) and the name part read leftwards from it
    up to a stop word; descriptions (传统, 现代 …) are not names."""
    kinds, run, stops, generic, cfg = _park_re()
    name_max = int(cfg["name_max"])
    needs_name = set(cfg["needs_name"])
    not_names = set(cfg["not_names"])
    out = []
    for m in kinds.finditer(text):
        ks = m.start()
        window = text[max(0, ks - name_max - 4):ks]
        r = run.search(window)
        name = r.group() if r else ""
        last = None
        for last in stops.finditer(name):
            pass
        if last is not None:
            name = name[last.end():]
        name = generic.sub("", name)
        kind = m.group()
        if not name and (kind in needs_name or True):
            continue
        full = name + kind
        if full in not_names:
            continue
        out.append(ParkMatch(full, kind, base + ks - len(name), base + m.end()))
    return out


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


_MASK = re.compile(r"^(?:[xX*＊]+|某)")


def _looks_like_name(name: str) -> bool:
    if _MASK.match(name):
        return True
    from ..text.segment import dict_tag

    nouny = ("n", "ns", "nr", "nz", "nt", "j", "nrt", "nrfg")
    if len(name) >= 2 and dict_tag(name) in nouny:
        return True
    # 洛南县: a place word and an administrative suffix
    return (len(name) >= 3 and name[-1] in "县市区镇乡州"
            and (dict_tag(name[:-1]) in nouny or dict_tag(name[:-1]) is None))


def detect_period(doc: DocumentText, text: str, headings: list[str] = ()) -> Optional[Period]:  # type: ignore[assignment]
    def first_of(s: str, kinds=None) -> Optional[PeriodMatch]:
        for pm in find_periods(s):
            if kinds is None or pm.kind in kinds:
                return pm
        return None

    if doc.title:
        pm = first_of(doc.title, ("half", "quarter", "year", "roc_year", "month_range", "five_year", "relative"))
        if pm:
            return as_period(pm)
    header = text[doc.start:doc.header_end]
    for line in header.split("\n"):
        line = line.strip()
        if line.isdigit() and len(line) == 4 and 1949 <= int(line) <= 2100:
            return Period(line, int(line), None)
        pm = first_of(line, ("year", "roc_year", "half", "month_range"))
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


_DATE_YEAR = re.compile(r"(?<!\d)(\d{4}|[xX]{2,4})年(?=\d{1,2}月)")


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
