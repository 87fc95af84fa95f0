"""Document facts: park (name and kind), period, doc_type, and the ReportContext."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from ..recache import compile as _recompile  # kept compiled between runs
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

    @property
    def named(self) -> bool:
        """Whether the mention gives a name, not only the kind (高新区)."""
        return self.name != self.kind


@lru_cache(maxsize=1)
def _park_cfg():
    from types import SimpleNamespace

    cfg = rules.load("parks")
    kinds = compile_rule("parks", "kinds", f"(?:{alternation(cfg['kinds'])})")
    char = compile_rule("parks", "name_chars", cfg["name_chars"])
    comparator = compile_rule("parks", "comparator_cues", alternation(cfg["comparator_cues"]))
    part_of = compile_rule("parks", "part_cues", alternation(cfg["part_cues"]))
    return SimpleNamespace(
        kinds=kinds, char=char, comparator=comparator, part_of=part_of, masks=frozenset(str(cfg["mask_chars"])),
        name_max=int(cfg["name_max"]), stop_words=frozenset(cfg["stop_words"]),
        stop_tags=frozenset(cfg["stop_tags"]), stop_tags_single=frozenset(cfg["stop_tags_single"]),
        generic=tuple(sorted(cfg["generic_names"], key=len, reverse=True)), generic_set=frozenset(cfg["generic_names"]),
        weak=frozenset(cfg["weak_kinds"]), not_names=frozenset(cfg["not_names"]),
        weights=dict(cfg["weights"]), project_after=tuple(cfg["project_after"]))


def _name_before(text: str, ks: int, lo: int) -> int:
    """Where the name part before a kind at ``ks`` starts: words are read leftwards (the
    longest word of jieba's dictionary ending at each point) until one that cannot be
    part of a name."""
    from ..text.segment import WORD_MAX, dict_tag

    c = _park_cfg()
    pos, floor = ks, max(lo, ks - c.name_max)
    while pos > floor:
        ch = text[pos - 1]
        if ch in c.masks:  # XX, **, ×× : a masked name
            q = pos
            while q > floor and text[q - 1] in c.masks:
                q -= 1
            pos = q
            continue
        if not c.char.match(ch):
            break
        word, tag = ch, dict_tag(ch)
        for n in range(min(WORD_MAX, pos - floor), 1, -1):
            w = text[pos - n:pos]
            t = dict_tag(w)
            if t == "nr" and w[0] in c.stop_words:
                continue  # 位于长江工业园: 于长江 is a person in the dictionary, 于 no part of the name
            if t is not None and all(c.char.match(x) for x in w):
                word, tag = w, t
                break
        if word in c.stop_words or (len(word) == 1 and tag in c.stop_tags_single):
            break
        if word in c.generic_set:
            pos -= len(word)  # 中国西部现代物流港: a description inside the name (stripped at the front only)
            continue
        if tag in c.stop_tags and not (len(word) == 1 and pos == ks and _noun_before(text, pos - 1, floor)):
            break  # 实现园区, 占开发区; but 芦花荡工业园区: a place word and one more character
        pos -= len(word)
    # descriptions at the front are not names (现代工业园, 省内开发区)
    changed = True
    while changed and pos < ks:
        changed = False
        for g in c.generic:
            if text.startswith(g, pos) and pos + len(g) <= ks \
                    and not any(dict_tag(text[pos:pos + n]) for n in range(len(g) + 1, min(WORD_MAX, ks - pos) + 1)):
                pos += len(g)  # but 开发区工业园: 开发 opens the word 开发区, it is no description
                changed = True
                break
    return pos


def _noun_before(text: str, end: int, floor: int) -> bool:
    """Whether a noun or place word of two or more characters ends at ``end``."""
    from ..text.segment import dict_tag

    for n in (3, 2):
        if end - n >= floor and dict_tag(text[end - n:end]) in ("n", "ns", "nr", "nz", "nt"):
            return True
    return False


def find_parks(text: str, base: int = 0, lo: int = 0, hi: Optional[int] = None) -> list[ParkMatch]:
    """Every park mention in ``text[lo:hi]``: a kind (经济开发区, 高新区 …) with the name
    read leftwards from it, or the kind alone when no name stands before it."""
    c = _park_cfg()
    hi = len(text) if hi is None else hi
    out = []
    for m in c.kinds.finditer(text, lo, hi):
        ks = m.start()
        ns = _name_before(text, ks, lo)
        full = text[ns:m.end()]
        if full in c.not_names:
            continue
        out.append(ParkMatch(full, m.group(), base + ns, base + m.end()))
    return out


def _mention_weight(text: str, p: ParkMatch, where: str, doc_start: int) -> float:
    from ..facts.indicators import _break_positions

    c = _park_cfg()
    w = c.weights
    weight = float(w[where])
    s = p.start
    # the sentence's start and the clause's end by bisection over the text's breaks (a
    # walk to each break character, some of which a report never has, was one scan of
    # the text per mention)
    br = _break_positions(text, "。!?;\n")
    k = bisect.bisect_left(br, s)
    sent_lo = (br[k - 1] if k and br[k - 1] >= doc_start else -1) + 1
    sent_lo = max(sent_lo, doc_start)
    lead = text[sent_lo:s]
    clause_lo = max([text.rfind(ch, sent_lo, s) for ch in ",:"] + [sent_lo - 1]) + 1
    if where in ("opening", "body") and (not lead.strip() or len(text[clause_lo:s].strip()) <= 2
                                           or lead.endswith(("我们", "我", "本"))):
        weight += float(w["subject"])
    br = _break_positions(text, ",。;!?\n")
    k = bisect.bisect_left(br, p.end)
    clause_hi = br[k] if k < len(br) else len(text)
    if c.comparator.search(text, clause_lo, clause_hi):
        weight *= float(w["comparator"])
    elif c.part_of.search(text, sent_lo, s):
        weight *= float(w["listed"])  # 其中:东川工业园区增长15.43%: a part of the park
    if text[p.end:p.end + 1] == "、" or text[max(0, s - 1):s] == "、" or text.startswith(c.project_after, p.end):
        weight *= float(w["listed"])
    return weight


def _is_masked_name(name: str, kind: str) -> bool:
    part = name[:len(name) - len(kind)]
    masks = _park_cfg().masks
    return bool(part) and (part[0] in masks or part[-1] in masks)


_MASKED_SUBJECT = _recompile(r"(?:^|[,:])\s*(?P<m>[*＊xX×]{2,6})(?=[\u4e00-\u9fff])")


def _masked_subject(text: str, lo: int, hi: int) -> Optional[ParkMatch]:
    """A report whose zone is masked with no kind (今年来,**深入贯彻…): the mask that is the
    subject of its opening sentence."""
    m = _MASKED_SUBJECT.search(text, lo, hi)
    if m is None:
        return None
    return ParkMatch(m.group("m"), "", m.start("m"), m.end("m"))


def detect_park(doc: DocumentText, text: str) -> Optional[ParkMatch]:
    """The zone the report is about: the candidate with the most weight, where a mention
    in the title or a header line, or as the subject of the opening sentence, weighs most
    and comparators (排名, 领跑 …) and members of lists weigh little. A mention of the kind
    alone (高新区) counts for the named park of that kind when there is one."""
    c = _park_cfg()
    found: list[tuple[ParkMatch, float]] = []
    title_span = doc.title_span
    if doc.title and title_span:
        in_title = find_parks(text, 0, title_span[0], title_span[1])
        named = [p for p in in_title if p.named]
        if named:  # a title that names its park settles it
            return named[0]
        for p in in_title:
            found.append((p, float(c.weights["title"])))
    for ln in doc.lines:
        if ln.start >= doc.header_end:
            break
        if title_span and ln.start <= title_span[0] < ln.end:
            continue
        for p in find_parks(text, 0, ln.start, ln.end):
            found.append((p, float(c.weights["header"])))
    body_lo = max(doc.header_end, title_span[1] if title_span else doc.start)
    first_end = None
    for m in re.finditer("[。!?;\n]", text[body_lo:doc.end]):
        if m.start() > 8:
            first_end = body_lo + m.end()
            break
    first_end = first_end or doc.end
    for p in find_parks(text, 0, body_lo, doc.end):
        where = "opening" if p.start < first_end else "body"
        found.append((p, _mention_weight(text, p, where, body_lo)))
    if not found:
        return _masked_subject(text, body_lo, first_end)
    score: dict[str, float] = {}
    first: dict[str, ParkMatch] = {}
    for p, w in found:
        if not p.named and p.kind in c.weak and w < float(c.weights["header"]) and w <= float(c.weights["opening"]):
            continue  # 园区 said in passing
        score[p.name] = score.get(p.name, 0.0) + w
        first.setdefault(p.name, p)
    if not score:
        return _masked_subject(text, body_lo, first_end)
    # the kind alone (高新区) and a shorter form (科技产业园区 / 平和科技产业园区) count for
    # the fuller name they end; a masked name (x工业园区) for the written name of its kind
    names = sorted(score, key=len)
    total = dict(score)
    for n in names:  # shortest first: every longer name is still there
        if not first[n].named and first[n].kind in c.weak:
            continue
        longer = [m for m in names if len(m) > len(n) and m.endswith(n)]
        if longer:
            best = max(longer, key=lambda m: score[m])
            total[best] += total.pop(n)
    for n in list(total):
        if first[n].named and _is_masked_name(n, first[n].kind):
            plain = [m for m in total if m != n and first[m].kind == first[n].kind and first[m].named
                     and not _is_masked_name(m, first[m].kind) and score[m] >= float(c.weights["opening"])]
            if len(plain) == 1:
                total[plain[0]] += total.pop(n)
    # 园区 alone is said of the report's park, whatever its kind
    weak = [n for n in total if not first[n].named and first[n].kind in c.weak]
    named = [n for n in total if first[n].named]
    if weak and named:
        best = max(named, key=lambda n: (total[n], -first[n].start))
        for n in weak:
            total[best] += total.pop(n)
    pick = max(total, key=lambda n: (total[n], -first[n].start))
    if total[pick] < float(c.weights["body"]):
        return None  # said only in a list, a ranking or as a project (…产业园等6个项目): no park
    return first[pick]


def _usable(s: str, pm: PeriodMatch) -> bool:
    """Whether a period in ``s`` can be the period of the report: not the year of a
    meeting's name (召开2019年经济工作会议), not a comparison base (较2022年同期), not the
    start of a span (自2000年…以来)."""
    before, after = s[max(0, pm.start - 10):pm.start], s[pm.end:pm.end + 16]
    if _MEETING_BEFORE.search(before) and _MEETING_AFTER.search(after):
        return False
    if _BASE_BEFORE.search(before) or (_SINCE_BEFORE.search(before) and "以来" in s[pm.end:pm.end + 30]):
        return False
    return True


_MEETING_BEFORE = _recompile(r"(召开|举行|举办|出席|参加)[^,。;]{0,6}$")
_MEETING_AFTER = _recompile(r"^[^,。;]{0,14}(会议|大会|座谈会|工作会|推进会|务虚会)")
_BASE_BEFORE = _recompile(r"(较|比|与|同比|相比|对比)$")
_SINCE_BEFORE = _recompile(r"(自|从)$")
_CLAUSE_OPEN = _recompile(r"[。!?;:,\n]")
_OPENING_END = _recompile(r"[。!?;]|\n\s*")
_FIRST_HEADING = _recompile(r"(?<=\n)[ \t\u3000]*(?:[一二三四五六七八九十]{1,3}、|第[一二三四五六七八九十]{1,3}(?:部分|章))")
_OPENING_KINDS = ("year", "half", "quarter", "month_range", "roc_year", "years_since", "year_since", "year_range")
_OPENING_RELATIVE = ("今年以来", "年初以来", "近年来")


def _opening_period(text: str, lo: int, hi: int) -> Optional[PeriodMatch]:
    """The period the body opens with, from its first sentences: one that opens a sentence
    or clause (1-9月,园区… ; 今年一季度,… ; 记者获悉,1—5月…) first, else any other named
    span there (为一季度赢来开门红; the year of 截至XX年10月), else 今年以来 and the like."""
    s = text[lo:hi]
    found = [pm for pm in find_periods(s) if _usable(s, pm)]
    opening, inner, relative = None, None, None
    for i, pm in enumerate(found):
        if pm.kind == "relative" and pm.label == "今年" and i + 1 < len(found) and found[i + 1].start == pm.end:
            continue  # 今年一季度: the quarter
        if pm.kind == "month_to_date" and pm.label[:1] != pm.label.lstrip("0123456789xX*＊_＿")[:1]:
            y = pm.label[:pm.label.index("年") + 1] if "年" in pm.label else None
            if y and inner is None:
                inner = PeriodMatch(pm.start, pm.start + len(y), y, pm.year, None, "year")
            continue
        is_rel = pm.kind == "relative" and pm.label in _OPENING_RELATIVE
        if pm.kind not in _OPENING_KINDS and not is_rel:
            continue
        k = max((m.end() for m in _CLAUSE_OPEN.finditer(s, 0, pm.start)), default=0)
        lead = s[k:pm.start].strip()
        prev = found[i - 1] if i else None
        opens = not lead or (prev is not None and prev.end == pm.start and prev.label == "今年"
                             and s[k:prev.start].strip() == "")
        if is_rel:
            if opens and relative is None:
                relative = pm
        elif opens:
            opening = pm
            break
        elif inner is None:
            inner = pm
    return opening or inner or relative


def _relative(pm: Optional[PeriodMatch]) -> bool:
    return pm is not None and pm.kind == "relative"


def detect_period(doc: DocumentText, text: str, headings: list[str] = ()) -> Optional[Period]:  # type: ignore[assignment]
    def first_of(s: str, kinds=None) -> Optional[PeriodMatch]:
        for pm in find_periods(s):
            if (kinds is None or pm.kind in kinds) and _usable(s, pm):
                return pm
        return None

    if doc.title:
        pm = first_of(doc.title, ("half", "quarter", "year", "roc_year", "cn_year", "year_range", "month_range",
                                  "five_year", "relative", "month", "masked_month"))
        if pm and not (pm.kind == "relative" and pm.label not in _OPENING_RELATIVE + ("今年", "全年")):
            return as_period(pm)
    header = text[doc.start:doc.header_end]
    dated = None
    for line in header.split("\n"):
        line = line.strip()
        if line.isdigit() and len(line) == 4 and 1949 <= int(line) <= 2100:
            return Period(line, int(line), None)
        dy = _DATE_YEAR.search(line)
        if dy:  # a dated briefing: (2013年11月13日)
            dated = dated or Period(dy.group(1) + "年", _int_year(dy.group(1)), None)
            continue
        pm = first_of(line, ("year", "roc_year", "cn_year", "year_range", "half", "month_range"))
        if pm:
            return as_period(pm)
    for h in headings:
        pm = first_of(h, ("five_year",))
        if pm:
            return as_period(pm)
    body_lo = max(doc.header_end, doc.title_span[1] if doc.title_span else doc.start)
    # the opening: its first six sentences (a run of blank lines is one break), up to the
    # first heading (一、…: the report's account starts there)
    window = text[body_lo:min(doc.end, body_lo + 800)]
    sent_ends = [m.end() for m in _OPENING_END.finditer(window)]
    opening_hi = body_lo + (sent_ends[min(5, len(sent_ends) - 1)] if sent_ends else min(doc.end - body_lo, 800))
    first_head = _FIRST_HEADING.search(window)
    if first_head and first_head.start() > 10:
        opening_hi = min(opening_hi, body_lo + first_head.start())
    pm = _opening_period(text, body_lo, opening_hi)
    if dated is None:  # the dateline of a briefing, right above its text (…办公室编 2023年6月9日)
        dy = _DATE_YEAR.search(text, body_lo, opening_hi)
        if dy and (pm is None or dy.start() < body_lo + pm.start) and _int_year(dy.group(1)):
            dated = Period(dy.group(1) + "年", _int_year(dy.group(1)), None)
    opening_relative = pm if _relative(pm) else None
    if opening_relative is not None:
        pm = None  # 近年来, 今年以来: only when no year is said anywhere
    if pm:
        if dated and pm.months and pm.kind in ("month_range", "half", "quarter") and not pm.label[:1].isdigit() \
                or (dated and pm.kind == "month_range" and "年" not in pm.label):
            # 柳塘工业园区工作简报 … 2023年6月9日 … 1-5月份: the briefing's year and its months
            return Period(dated.label + pm.label, dated.year, pm.months)
        return as_period(pm)
    if dated:
        return dated
    body = text[doc.header_end:min(doc.end, doc.header_end + 3000)]
    pm = first_of(body, ("year", "half"))
    dy = _DATE_YEAR.search(body)
    if dy and (pm is None or dy.start() < pm.start):
        return Period(dy.group(1) + "年", _int_year(dy.group(1)), None)
    if pm:
        return as_period(pm)
    if opening_relative is not None:
        return as_period(opening_relative)
    return None


_DATE_YEAR = _recompile(r"(?<!\d)(\d{4}|[xX]{2,4})年(?=\d{1,2}月)")


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
