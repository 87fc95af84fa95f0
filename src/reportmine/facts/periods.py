"""Period expressions (rules/periods.yaml) and the ReportContext they resolve against."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator, Optional

from .. import rules
from ..model import Period
from ..rules import compile_rule, guard_for


@dataclass(frozen=True)
class ReportContext:
    """What a report says about itself; relative periods (今年, 上半年) resolve against it,
    never against today's date."""

    year: Optional[int] = None
    period: Optional[Period] = None
    park: Optional[str] = None


@dataclass(frozen=True)
class PeriodMatch:
    start: int
    end: int
    label: str
    year: Optional[int]
    months: Optional[tuple[int, int]]
    kind: str  # the rule's name


@lru_cache(maxsize=1)
def _compiled():
    cfg = rules.load("periods")
    year = str(cfg["year"])
    # each alternative behind a look-ahead on its own first characters: at a position
    # re tries only the rules that can start there (same matches, a third of the time)
    alts = "|".join(_guarded(f"(?P<{p['name']}>{_rename(p['re'].replace('{Y}', year), p['name'])})")
                    for p in cfg["patterns"])
    # a look-ahead on the first character lets the scan skip most positions at once
    pat = compile_rule("periods", "patterns", f"(?=[{cfg['first_chars']}])(?:{alts})")
    # the sub-groups of each rule, so a match reads only its own groups
    subgroups = {p["name"]: tuple((g, g.split("__", 1)[1]) for g in pat.groupindex if g.startswith(p["name"] + "__"))
                 for p in cfg["patterns"]}
    return pat, cfg, subgroups


def _guarded(alt: str) -> str:
    from .. import recache

    g = recache.memo("guard", alt, guard_for)
    return g + alt if g else alt


def _rename(pattern: str, prefix: str) -> str:
    import regex

    return regex.sub(r"\(\?P<(\w+)>", lambda m: f"(?P<{prefix}__{m.group(1)}>", pattern)


_CN_NUM = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10,
           "十一": 11, "十二": 12}
_MASKS = set("xX*＊_＿")


def _small_number(s: str) -> Optional[int]:
    """1-12 written in digits or Chinese numerals."""
    return int(s) if s.isdigit() else _CN_NUM.get(s)


def _year(text: Optional[str]) -> Optional[int]:
    if not text or not text[:4].isdigit():
        return None
    y = int(text[:4])
    return y if 1949 <= y <= 2100 else None


def find_periods(text: str, ctx: Optional[ReportContext] = None) -> Iterator[PeriodMatch]:
    pat, cfg, subgroups = _compiled()
    rel = cfg["relative_months"]
    for m in pat.finditer(text):
        kind = m.lastgroup
        g = {}
        for full, short in subgroups[kind]:
            v = m.group(full)
            if v is not None:
                g[short] = v
        label = m.group().replace("月份", "月").replace(" ", "").strip("“”\"")
        ylabel = g.get("y", "").replace(" ", "")
        year = _year(g.get("y"))
        months: Optional[tuple[int, int]] = None
        if kind == "year_range":
            y1, y2 = int(g["y1"]), int(g["y2"])
            if not 1949 <= y1 < y2 <= 2100:
                continue
            label = f"{y1}-{y2}年"
        elif kind == "month_range":
            a, b = int(g["m1"]), int(g["m2"])
            if not (1 <= a < b <= 12):
                continue
            months = (a, b)
            label = (f"{ylabel}年" if ylabel else "") + f"{a}-{b}月"
        elif kind in ("cn_month_range", "first_months"):
            a, b = (_small_number(g["c1"]), _small_number(g["c2"])) if kind == "cn_month_range" else (1, _small_number(g["n"]))
            if a is None or b is None or not (1 <= a < b <= 12):
                continue
            months = (a, b)
            kind = "month_range"
            label = (f"{ylabel}年" if ylabel else "") + f"{a}-{b}月"
        elif kind == "half":
            months = tuple(rel[g["h"]])  # type: ignore[assignment]
        elif kind == "quarter":
            months = tuple(rel.get(g["q"], (1, 3)))  # type: ignore[assignment]
        elif kind == "five_year":
            span = cfg["five_year_plans"].get(g["fy"])
            tail = m.group()[m.group().index(g["fy"]) + len(g["fy"]):].strip("“”\"")
            label = g["fy"] + tail
            if span is None:
                continue
        elif kind == "year":
            if year is None and not (set(ylabel) & _MASKS):
                continue  # a masked year (20XX年, **年) is kept as written; 0987年 is no year
        elif kind == "roc_year":
            year = int(g["roc"]) + int(cfg["roc_offset"])
            if g.get("h"):
                months = tuple(rel[g["h"]])  # type: ignore[assignment]
            elif g.get("rm"):
                months = (int(g["rm"]), int(g["rm"]))
        elif kind == "relative":
            r = g["rel"]
            months = tuple(rel[r]) if r in rel else None  # type: ignore[assignment]
            if r in ("今年", "今年以来", "今年来", "年内", "当年", "全年") and ctx and ctx.year:
                year = ctx.year
        elif kind == "month_to_date":
            months = (1, int(g["m2"]))
            label = (label[2:] if label[:1] == "截" else label[1:]).lstrip("到")  # 截至11月底, 到12月底 -> 11月底, 12月底
            if g.get("fen") and not g.get("end"):  # 截至10月份: the months so far
                label = label[:label.index("年") + 1] if "年" in label else ""
                label += f"1-{months[1]}月"
        elif kind == "date_to_date":
            label = label[2:].lstrip("到")
        elif kind in ("since_year", "year_since"):
            label = f"{ylabel}年以来"
        elif kind == "last_year_end":
            year = ctx.year - 1 if ctx and ctx.year else None
        elif kind == "year_whole":
            months = (1, 12)
        elif kind == "this_year_end":
            year = ctx.year if ctx and ctx.year else None
        elif kind == "stripped_months":
            label = "-月"
        elif kind == "cn_month":
            m1 = _small_number(g["cm"])
            if m1 is None:
                continue
            months, label, kind = (m1, m1), f"{m1}月", "month"
        elif kind == "duration":
            label = g["dn"] + "个月"
        elif kind == "month":
            m1 = int(g["m1"])
            months = (m1, m1)
        elif kind == "cn_year":
            digits = "".join(str("〇一二三四五六七八九".index(c)) if c != "零" else "0" for c in g["cy"])
            year = int(digits) if 1949 <= int(digits) <= 2100 else None
            if year is None:
                continue
        label = cfg["label_aliases"].get(label, label)
        if year is None and ctx and ctx.year and kind in ("month_range", "half", "quarter"):
            year = ctx.year
        yield PeriodMatch(m.start(), m.end(), label, year, months, kind)


def as_period(pm: PeriodMatch) -> Period:
    return Period(pm.label, pm.year, pm.months)


def figure_period_words() -> frozenset[str]:
    return frozenset(rules.load("periods")["figure_periods"])


def point_period_words() -> frozenset[str]:
    return frozenset(rules.load("periods")["point_periods"])
