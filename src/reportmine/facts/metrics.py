"""Metrics: every stated quantity about the park, with indicator, growth, period, modality.

Candidate first: quantities are found by one pattern; only sentences holding one are
read further. Roles are decided by the words right before a quantity: a growth verb makes
a percentage the growth of the figure before it, 完成…的 makes it a completion share,
anything else makes the quantity a metric of its own, named by the phrase it measures.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from ..recache import compile as _recompile  # kept compiled between runs
from .. import rules
from ..model import Metric, Period
from ..rules import HAN_RANGES, alternation, compile_rule
from ..text.sentences import Sentences, clause_end
from .indicators import canonical, decide  # noqa: F401  (canonical: the lexicon alone)
from .periods import ReportContext, as_period, figure_period_words, find_periods, point_period_words
from .quantities import Quantity, find_bare, find_quantities

SENT_END = "。!?！？\n"
CLAUSE_END = ",;:、()。!?！？\n“”\"'《》[]【】"


@dataclass
class Draft:
    q: Quantity
    mention: str
    m_start: int
    growth: Optional[float] = None
    growth_basis: Optional[str] = None
    growth_masked: bool = False
    growth_kind: Optional[str] = None
    completion: Optional[float] = None
    period: Optional[Period] = None
    modality: str = "actual"
    rule: str = "metric.number_unit.v1"
    confidence: float = 0.9
    end: int = 0
    section: Optional[str] = None
    task: bool = False    # 完成年任务12亿元的56%: the figure is the task (a target)


@lru_cache(maxsize=1)
def _cfg():
    g = rules.load("growth")
    verbs = dict(g["verbs"])
    growth_re = compile_rule(
        "growth", "verbs",
        rf"(?P<resp>{g['respectively']})?(?P<two>{g['two_year']})?(?P<basis>{alternation(g['basis'])}|{g['basis_pattern']})?"
        rf"(?:{g['adverbs']})?(?P<verb>{alternation(verbs)})(?P<resp2>分别)?(?:均)?(?:了|为|约为|达|达到|高达|约|近|超|逾|幅度为|幅度达)?\s*(?P<neg>[-−])?\s*$")
    points = compile_rule("growth", "points", g["points"])
    mod = rules.load("modality")
    target_re = compile_rule("modality", "target",
                             "|".join([alternation(mod["target"])] + [f"(?:{p})" for p in mod["target_patterns"]]),
                             scan=True)
    estimate_re = compile_rule("modality", "estimate", alternation(mod["estimate"]))
    estimate_after = compile_rule("modality", "estimate_after", alternation(mod["estimate_after"]))
    return verbs, growth_re, points, target_re, estimate_re, estimate_after


@lru_cache(maxsize=1)
def _mr():
    """The mention rules of rules/mentions.yaml, compiled once."""
    from types import SimpleNamespace

    r = rules.load("mentions")
    c = {k: compile_rule("mentions", k, r[k], scan=k == "bare_money") for k in (
        "result_verbs", "tail", "verb_before_object", "noun_right", "subject_lead", "completion",
        "goal", "qualifier_tail", "threshold_after", "modifier_after", "bare_money",
        "structural_before", "structural_after", "comparison_set", "threshold_class",
        "table_header", "table_row", "table_target_col", "table_growth_col",
        "name_after_capacity", "periodish", "from_to", "task")}
    c["lead"] = compile_rule("mentions", "lead_words", f"(?:{alternation(r['lead_words'])})")
    c["lead_chars"] = frozenset(str(r["lead_chars"]))
    return SimpleNamespace(**c)


@lru_cache(maxsize=8192)
def _strip_lead(s: str) -> int:
    """How many leading characters of a mention are not part of what it names."""
    from ..text.segment import dict_tag

    lead, lead_chars = _mr().lead, _mr().lead_chars
    pos = 0
    while pos < len(s):
        m = lead.match(s, pos)
        if m and m.end() > pos:
            pos = m.end()
        elif s[pos] in lead_chars and (pos + 1 >= len(s) or dict_tag(s[pos:pos + 2]) is None):
            pos += 1
        else:
            break
    return pos


_HAN = _recompile(f"[{HAN_RANGES}]")
_OPENER_BREAK = _recompile(r"\s*[,，:：]")


def _paragraph_period(text: str, lo: int, hi: int, ctx, fig_periods):
    """The period a paragraph opens with (``1-5月份,``), or None."""
    for pm in find_periods(text[lo:min(hi, lo + 24)], ctx):
        if pm.start != 0:
            return None
        if pm.kind == "relative" and pm.label not in fig_periods:
            return None
        return pm if _OPENER_BREAK.match(text, lo + pm.end) else None
    return None


def _bare_verb(s: str) -> bool:
    """做好, 撰写: a verb alone on the left; the figure counts the noun on its right."""
    if not 2 <= len(s) <= 3:
        return False
    from ..text.segment import dict_tag

    return dict_tag(s) == "v"


_CLAUSE_BREAK = _recompile("[" + re.escape(CLAUSE_END) + "]")


@lru_cache(maxsize=4)
def _clause_breaks(text: str) -> list[int]:
    """Where every clause break of a text is (one scan per text, then bisection)."""
    return [m.start() for m in _CLAUSE_BREAK.finditer(text)]


def _clause_start(text: str, i: int, lo: int) -> int:
    """The start of the clause holding ``i``, never before ``lo``."""
    if i <= lo:
        return i
    br = _clause_breaks(text)
    k = bisect.bisect_left(br, i)
    return max(lo, br[k - 1] + 1) if k else lo


def _task_figure(text: str, q: Quantity, lo: int, se: int):
    """完成年任务12亿元的56%, 占任务数16900万元的63.7%, 已完成全年计划3.5亿元的94.3%: a
    figure named by the task words right before it and followed by 的 and a share of it
    is the task itself; the match's ``task`` group names it."""
    if q.value is None and not q.masked or (q.unit or "").endswith("%"):
        return None
    if not _TASK_SHARE.match(text, q.end, se):
        return None
    start = q.num_start if q.numeral != "bare" else q.start
    return _mr().task.search(text, max(lo, start - 16), start)


_TASK_SHARE = _recompile(r"的\s*(?:\d+(?:\.\d+)?|[xX*＊]+)\s*[%％]")


@lru_cache(maxsize=1)
def _increment():
    return compile_rule("growth", "increment", rules.load("growth")["increment"])


@lru_cache(maxsize=1)
def _bare_growth():
    g = rules.load("growth")
    return compile_rule(
        "growth", "bare",
        rf"[,，]?(?P<basis>{alternation(g['basis'])}|{g['basis_pattern']})?(?P<verb>{alternation(g['verbs'])})(?:了)?"
        rf"(?P<num>\d+(?:\.\d+)?)(?=[,;。)]|$)")


def _mention(text: str, q: Quantity, left_lo: int, right_hi: int) -> tuple[str, int]:
    """The phrase the figure measures: to its left in the clause, or (对28个在建项目,
    50个党支部) the noun right after it."""
    cs = _clause_start(text, q.num_start if q.numeral != "bare" else q.start, left_lo)
    cs = max(cs, left_lo)
    # X由A增加到B: the subject before 由, for both figures (the clause read past left_lo)
    if "由" in text[max(0, cs - 30):q.start]:
        cs0 = _clause_start(text, q.num_start if q.numeral != "bare" else q.start, max(0, q.start - 60))
        fe = q.num_start if q.numeral != "bare" else q.start
        ft = _mr().from_to.match(text, cs0 + _strip_lead(text[cs0:fe]), fe)
        if ft:
            subj = _mr().tail.sub("", ft.group("subj")).strip(" ,:;、")
            if len(subj) >= 2:
                return subj, ft.start("subj")
    left = text[cs:q.start]
    # the subject before a result verb is not what is measured: 青溪开发区实现|规上工业增加值
    cut = 0
    for vm in _mr().result_verbs.finditer(left):
        if len(_mr().tail.sub("", left[vm.end():])) >= 2:
            cut = vm.end()  # the last result verb that leaves a name after it (预计完成: none)
    if cut:
        cs, left = cs + cut, left[cut:]
    off = _strip_lead(left)
    left2 = _mr().tail.sub("", left[off:])
    # drop period words inside the left phrase (累计收缴2023年一季度党费 -> 收缴党费)
    cleaned = left2
    for pm in (list(find_periods(left2))[::-1] if _mr().periodish.search(left2) else ()):
        if pm.start and left2[pm.start - 1] in "较比与同和":
            continue  # 较上年增长3家: the comparison base stays in the words
        cleaned = cleaned[:pm.start] + cleaned[pm.end:]
    cleaned = cleaned.strip(" ,:;、")
    if len(cleaned) > 1 and (cleaned[-1] in "和与及" or (cleaned[0] == "的" and any(c in cleaned for c in "和与及"))):
        cleaned = ""  # 150万美元现金投入和200万美元的股票投入: the words before 和 name the figure before
    if cleaned and _strip_lead(cleaned) == len(cleaned):
        cleaned = ""  # x-xx月园区: the subject left behind by the period
    right = text[q.end:right_hi]
    rn = _mr().noun_right.match(right)
    if cleaned.endswith("等") and rn:
        # A、B等5个重点项目已竣工投产: the figure counts what follows
        return rn.group("n"), q.end + rn.start("n")
    if (not cleaned or len(cleaned) <= 1 or _mr().verb_before_object.search(left2) or _bare_verb(cleaned)
            or _is_zone_name(cleaned)) and rn and len(rn.group("n")) >= 2:
        noun = rn.group("n")
        verb = cleaned if cleaned and len(cleaned) <= 4 and not _mr().verb_before_object.fullmatch(cleaned) else ""
        return (verb + noun) if verb and q.unit and q.unit.endswith("%") else noun, q.end + rn.start("n")
    if not cleaned and right:
        # nothing to the left (以及25家今年入园企业代表…): the words after the figure, unless
        # they are the next value of a list (…、48亿元和3亿元: the figure before names it)
        stop = _CLAUSE_STOP.search(right)
        tail = right[:stop.start() if stop else 8][:8]
        if tail[:1] in "和与及" and any(ch.isdigit() for ch in tail):
            return "", q.end
        k = 1 if tail[:1] == "的" else 0  # 高160米的写字楼和高110米的酒店式公寓: 写字楼
        j = min([tail.find(c, k) for c in "和与及" if tail.find(c, k) > k] + [len(tail)])
        return tail[k:j], q.end + k
    return cleaned, cs + off


def _mention_past_bracket(text: str, q: Quantity, lo: int, hi: int) -> tuple[str, int]:
    """固定资产投资(不含农户)完成20亿元: a bracketed qualifier between the name and the
    figure is read past (it cut the clause, and the figure went unnamed)."""
    start = q.num_start if q.numeral != "bare" else q.start
    bm = _BRACKET_BEFORE.search(text, max(lo, start - 24), start)
    if bm is None or bm.start() <= lo:
        return _mention(text, q, lo, hi)
    b0, b1 = bm.start(), bm.start("close") + 1
    w0 = max(lo, b0 - 30)
    w1 = min(hi, q.end + 24)
    local = text[w0:b0] + text[b1:w1]
    cut = b1 - b0
    lq = q._replace(start=q.start - w0 - cut, end=q.end - w0 - cut, num_start=q.num_start - w0 - cut)
    mention, ms = _mention(local, lq, 0, len(local))
    return mention, w0 + ms + (cut if w0 + ms >= b0 else 0)


_BRACKET_BEFORE = _recompile(r"[(（][^()（）,;。\d%％+]{1,12}(?P<close>[)）])[^,;。()（）\d]{0,6}$")


def _is_zone_name(s: str) -> bool:
    """天水市经济技术开发区37户规模以上工业企业: a zone before a count is its subject; what
    is counted is the noun after the figure."""
    if len(s) < 3 or s[-1] not in _kind_ends():
        return False  # (every park kind ends in one of these: the common case costs nothing)
    from ..structure.header import find_parks

    return any(p.start == 0 and p.end == len(s) for p in find_parks(s))


@lru_cache(maxsize=1)
def _kind_ends() -> frozenset:
    return frozenset(w[-1] for w in rules.load("parks")["kinds"])



_CLAUSE_STOP = _recompile(r"[,;:。、()]")
_CAPACITY_NAME = _recompile(r"[^,;。、]{1,24}?(?:项目|工程|生产线|技改|扩能|扩建)")


def _role(text: str, q: Quantity, lo: int):
    """'growth' / 'completion' / 'points' / 'metric', with the growth match."""
    verbs, growth_re, points, *_ = _cfg()
    if q.dim == "points":
        # 提高2.1个百分点 and 相差10.8个百分点 are figures of their own, never growth rates
        return "metric", None
    if q.unit in ("%", "倍") or (q.unit or "").endswith("%"):
        left = text[max(lo, q.num_start - 14):q.num_start if q.numeral != "bare" else q.start]
        left = _mr().qualifier_tail.sub("", left)
        gm = growth_re.search(left)
        if gm:
            return "growth", gm
        if q.unit == "倍":
            return "metric", None  # 是“十一五”时期的2.3倍: a ratio of its own
        if _mr().completion.search(left):
            return "completion", None
    return "metric", None


def extract_metrics(text: str, paras, ctx: ReportContext, section_of, kind_of, masked_doc: bool,
                    year_of=None) -> list[Draft]:
    """Metrics of one document: ``paras`` are its body lines (clean spans)."""
    verbs, growth_re, points, target_re, estimate_re, *_ = _cfg()
    fig_periods = figure_period_words()
    out: list[Draft] = []
    breaks = Sentences(text)
    for para in paras:
        lo, hi = para.start, para.end
        quants = list(find_quantities(text, lo, hi))
        if masked_doc:
            taken = [(q.start, q.end) for q in quants]
            for b in find_bare(text, lo, hi):
                if any(s <= b.start < e or s < b.end <= e for s, e in taken):
                    continue
                prev = text[b.start - 1] if b.start > lo else ""
                if prev.isdigit() or prev in ".xX*":
                    continue
                quants.append(b)
            quants.sort(key=lambda q: q.start)
        if not quants:
            continue
        prev_end = lo
        last_in_sentence: list[Draft] = []
        cur_sent = None
        last_growth: Optional[int] = None
        last_sign = 1
        for q in quants:
            if not _plausible(text, q, lo):
                continue
            ss, se = breaks.bounds(q.start, q.end, lo, hi)
            if cur_sent != ss:
                cur_sent, last_in_sentence, last_growth = ss, [], None
                prev_end = ss
            role, gm = _role(text, q, max(prev_end, ss))
            resp_cont = (role != "growth" and last_growth is not None and ((q.unit or "").endswith("%") or q.unit == "倍")
                         and text[last_growth:q.num_start].strip() in ("和", "、", ",", "与", "及"))
            if role == "growth" or resp_cont:
                sign = (verbs.get(gm.group("verb"), 1) * (-1 if gm.group("neg") else 1)) if gm else last_sign
                basis = gm.group("basis") if gm else None
                resp = bool(gm.group("resp") or gm.group("resp2")) if gm else True
                # a task figure (年任务12亿元) has no growth: the rate after it is the figure's before
                lis = [d for d in last_in_sentence if not d.task]
                pending = [d for d in lis if d.growth is None and not d.growth_masked]
                tgt = None
                if resp:
                    if not pending and gm is not None:
                        # 财政收入、进出口总额、固定资产投资分别增长31.9%、42.7%和57.9%: the
                        # names before 分别 are growth-only figures, one rate each
                        pending = _listed_growth_subjects(text, q, gm, max(prev_end, ss))
                        out.extend(pending)
                        last_in_sentence.extend(pending)
                    tgt = pending[0] if pending else None
                else:
                    cs = _clause_start(text, q.start, max(prev_end, ss))
                    subj = text[cs:q.num_start if q.numeral != "bare" else q.start]
                    subj = _mr().qualifier_tail.sub("", subj)  # 成长超过6倍
                    subj = subj[:len(subj) - len(gm.group())] if subj.endswith(gm.group()) else subj
                    subj = _mr().subject_lead.sub("", subj).strip(" ,")
                    if lis and pending and pending[-1] is lis[-1] and len(subj) < 2:
                        tgt = pending[-1]
                        if len(pending) > 1 and _increment().match(tgt.mention) and pending[-2] is lis[-2]:
                            tgt = pending[-2]  # 营业额…,较2021年增加5483亿元,成长14.75%: the total's rate
                    elif len(subj) >= 2 and _ALL_OF.search(subj) and text[cs - 1:cs] == "、" \
                            and len(listed := _listed_growth_subjects(text, q, gm, max(prev_end, ss), _ALL_OF)) >= 2:
                        # 固定资产投资、工业投资、服务业投资均增长12%: each grew by it
                        out.extend(listed)
                        last_in_sentence.extend(listed)
                        for d in listed[:-1]:
                            _set_growth(d, q.value, sign, basis, q, gm)
                        tgt = listed[-1]
                    elif len(subj) >= 2:
                        mention, ms = _mention(text, q._replace(start=q.start - len(gm.group()), num_start=q.start - len(gm.group())), max(prev_end, ss), se)
                        if len(mention) >= 2:
                            d = Draft(q=q._replace(value=None, unit=None, base_value=None, base_unit=None, dim=None,
                                                masked=False, qualifier=None),
                                      mention=mention, m_start=ms, rule="metric.growth_only.v1", confidence=0.8, end=q.end)
                            out.append(d)
                            last_in_sentence.append(d)
                            tgt = d
                    elif cs > max(prev_end, ss) + 1 and not (pending and pending[-1].end > cs - 16):
                        # 总营业额,较去年同期逆势成长4%: the clause before names what grew
                        topic = _topic_before(text, cs - 1, max(prev_end, ss))
                        if topic is not None:
                            mention, ms = topic
                            d = Draft(q=q._replace(value=None, unit=None, base_value=None, base_unit=None, dim=None,
                                                masked=False, qualifier=None),
                                      mention=mention, m_start=ms, rule="metric.growth_only.v1", confidence=0.7, end=q.end)
                            out.append(d)
                            last_in_sentence.append(d)
                            tgt = d
                if tgt is not None:  # 增长8.4倍 is a growth of 840%
                    _set_growth(tgt, q.value * 100 if q.unit == "倍" and q.value is not None else q.value,
                                sign, basis, q, gm)
                    tgt.end = max(tgt.end, q.end)
                last_growth, last_sign = q.end, sign
                prev_end = q.end
                continue
            if role == "points":
                prev_end = q.end
                continue
            if role == "metric" and last_in_sentence and last_in_sentence[-1].task \
                    and (q.unit or "").endswith("%") and text[last_in_sentence[-1].q.end:q.num_start].strip() == "的":
                role = "completion"  # 完成年任务12亿元的56%, 占任务数16900万元的63.7%
            if role == "completion":
                if last_in_sentence and q.value is not None:
                    owner = last_in_sentence[-1]
                    if owner.task and len(last_in_sentence) > 1 and not last_in_sentence[-2].task \
                            and last_in_sentence[-2].completion is None:
                        owner = last_in_sentence[-2]  # the share of the task the figure before it made
                    owner.completion = q.value
                    owner.end = max(owner.end, q.end)
                    last_in_sentence[-1].end = max(last_in_sentence[-1].end, q.end)
                prev_end = q.end
                continue
            q2 = q  # 近亿元 and the like are read by the quantity pattern itself
            tm = _task_figure(text, q2, max(prev_end, ss), se)
            mention, ms = (tm.group("task"), tm.start("task")) if tm else _mention_past_bracket(text, q2, max(prev_end, ss), se)
            if q2.dim == "fraction" and text[q2.end:q2.end + 1] == "的":
                # 用大连市二十分之一的面积: the fraction is of the noun after it
                rn = _mr().noun_right.match(text[q2.end + 1:se])
                if rn and len(rn.group("n")) >= 2:
                    mention, ms = rn.group("n"), q2.end + 1 + rn.start("n")
            if not mention and last_in_sentence and (q2.value is not None or q2.masked):
                # 门面房49间5200平方米, 43处共174吨, 突破10亿元大关,达到10.36亿元: a figure with
                # nothing left to name it measures what the figure before it measured
                mention, ms = last_in_sentence[-1].mention, last_in_sentence[-1].m_start
            if not mention or not _HAN.search(mention):
                prev_end = q.end  # no name, or no Chinese one (grew by 12.3%): no figure of the report
                continue
            d = Draft(q=q2, mention=mention, m_start=ms, end=q2.end, task=tm is not None)
            if q2.masked:
                d.rule, d.confidence = ("metric.masked.v1", 0.7) if q2.numeral == "masked" else ("metric.bare_unit.v1", 0.6)
            elif q2.numeral == "chinese":
                d.rule, d.confidence = "metric.cn_numeral.v1", 0.8
            elif q2.numeral == "idiom":
                d.rule, d.confidence = "metric.idiom.v1", 0.7
            bg = _bare_growth().match(text, q2.end, se)
            if bg:  # 增长26.1, : a growth rate written without its % sign
                d.growth = round(verbs.get(bg.group("verb"), 1) * float(bg.group("num")), 6)
                d.growth_basis = bg.group("basis")
                d.end = bg.end()
            out.append(d)
            last_in_sentence.append(d)
            prev_end = bg.end() if bg else q.end
    tables = _table_drafts(text, paras, ctx)
    starts = [p.start for p in paras]
    cache: dict[int, list] = {}
    for d in out:
        if d.rule == "metric.table.v1":
            continue
        k = bisect.bisect_right(starts, d.q.start) - 1
        para = paras[k] if k >= 0 and paras[k].start <= d.q.start < paras[k].end else None
        _period_and_modality(text, d, ctx, section_of, kind_of, fig_periods, para, cache, breaks, paras, k)
    _spread_years(text, out, breaks)
    _spread_names(text, out)
    if year_of is not None:
        _section_years(out, year_of, ctx)
    if tables:  # a table's rows are read by the table, not as prose
        out = [d for d in out if not any(t.m_start <= d.q.start < t.end for t in tables)] + tables
        out.sort(key=lambda d: (d.q.start, d.m_start))
        for d in tables:
            d.section = section_of(d.q.start)
    return out


_THIS_YEAR = ("全年", "今年", "年内", "当年", "今年以来", "今年来", "年初以来")


def _section_years(drafts: list[Draft], year_of, ctx) -> None:
    """A figure dated 全年/今年 under a heading that names its year (一、2019年工作预计完成情况
    in a 2020 plan) is of that year, not the report's."""
    if ctx is None or not ctx.year:
        return
    for d in drafts:
        p = d.period
        if p is not None and p.label in _THIS_YEAR and p.year == ctx.year and d.section is not None:
            y = year_of(d.section)
            if y and y != ctx.year:
                d.period = Period(p.label, y, p.months)


_RESP = _recompile(r"分别")
_YEAR_LIST = _recompile(r"(?P<y>(?:19|20)\d{2})\s*年(?:度)?")


def _spread_years(text: str, drafts: list[Draft], breaks) -> None:
    """2016年至2018年,分别完成国内生产总值236.3亿元、314.5亿元、365亿元 (or 2016年、2017年、
    2018年分别…): the years said before 分别 date its values one each, in order, when there
    are as many values of one name as years."""
    i = 0
    while i < len(drafts):
        d = drafts[i]
        run = [d]
        while (i + len(run) < len(drafts) and drafts[i + len(run)].mention == d.mention
               and drafts[i + len(run)].q.value is not None
               and text[run[-1].q.end:drafts[i + len(run)].q.num_start].strip() in ("、", "和", "及", ",")):
            run.append(drafts[i + len(run)])
        if len(run) >= 2 and d.q.value is not None:
            ss, _ = breaks.bounds(d.q.start, d.q.end, 0, len(text))
            resp = None
            for resp in _RESP.finditer(text, max(ss, d.m_start - 12), d.q.start):
                pass
            if resp is not None:
                years = _years_before(text, ss, resp.start())
                if years and len(years) == len(run):
                    for dr, y in zip(run, years):
                        dr.period = Period(f"{y}年", y, None)
        i += len(run)


def _spread_names(text: str, drafts: list[Draft]) -> None:
    """工业总产值、税收分别达到50亿元和3亿元: the names before 分别 go one to each value,
    in order, when there are as many values as names."""
    i = 0
    while i < len(drafts):
        d = drafts[i]
        j = i + 1
        while j < len(drafts) and drafts[j].mention == d.mention and drafts[j].m_start == d.m_start:
            j += 1
        run = drafts[i:j]
        m = _RESP_TAIL.search(d.mention)
        if len(run) >= 2 and m:
            # the list may run back over 、 before the mention (工业总产值、税收分别…)
            end = d.m_start + m.start()
            lo = max([text.rfind(ch, max(0, d.m_start - 40), d.m_start) for ch in ",;。:,；：\n"]) + 1
            pms = list(find_periods(text[lo:end]))
            names = _list_names(text, lo + pms[-1].end if pms else lo, end)
            if len(names) == len(run) and all(_list_name_ok(n) for n, _ in names):
                for dr, (n, ns) in zip(run, names):
                    dr.mention, dr.m_start = n, ns
        i = j


_RESP_TAIL = _recompile(r"分别(?:达到|达|为|是|完成|实现)?$")


def _years_before(text: str, lo: int, hi: int) -> list[int]:
    """The years a 分别 list spreads: a range (2016年至2018年, 2016-2018年) or a list
    (2016年、2017年和2018年) said just before it in its sentence."""
    for pm in find_periods(text[lo:hi]):
        if pm.kind == "year_range":
            a, b = (int(x) for x in re.findall(r"\d{4}", pm.label))
            return list(range(a, b + 1))
    ys = [int(m.group("y")) for m in _YEAR_LIST.finditer(text, lo, hi)]
    seps = re.findall(r"年(?:度)?\s*([、和及与,])\s*(?=(?:19|20)\d{2})", text[lo:hi])
    return ys if len(ys) >= 2 and len(seps) == len(ys) - 1 else []


def _table_drafts(text: str, paras, ctx) -> list[Draft]:
    """The rows of a table flattened to lines (序号 目标内容 单位 目标值 2006年完成情况 /
    1 全口径工业增加值 ±% 16 16%): one figure per value, a target under a 目标 column, a
    growth rate under ±% or 增速; the table's title above gives the period."""
    mr = _mr()
    out: list[Draft] = []
    cols = None
    period = None
    for i, p in enumerate(paras):
        line = text[p.start:p.end]
        hm = mr.table_header.search(line)
        if hm:
            cols = hm.group("cols").split()
            title = text[paras[i - 1].start:paras[i - 1].end] if i else ""
            pms = list(find_periods(title + " " + line, ctx))
            period = as_period(pms[0]) if pms else None
            continue
        if cols is None:
            continue
        rm = mr.table_row.match(line)
        if not rm:
            cols = None  # the table ended
            continue
        vals = rm.group("vals").split()
        unit = rm.group("unit")
        pos = p.start + rm.start("vals")
        name_s = p.start + rm.start("name")
        for k, v in enumerate(vals):
            vs = text.find(v, pos, p.end)
            pos = vs + len(v)
            col = cols[-len(vals) + k] if len(cols) >= len(vals) else ""
            growth = unit == "±%" or bool(mr.table_growth_col.search(col))
            num = float(v.rstrip("%"))
            if growth:
                q = Quantity(vs, vs + len(v), None, None, None, None, None, None, False, "table", vs)
            else:
                found = list(find_quantities(f"{v.rstrip('%')}{unit}"))
                if not found:
                    continue
                f = found[0]
                q = f._replace(start=vs, end=vs + len(v), num_start=vs)
            d = Draft(q=q, mention=rm.group("name"), m_start=name_s, rule="metric.table.v1", confidence=0.7,
                      end=vs + len(v))
            if growth:
                d.growth = num
            d.period = period
            d.modality = "target" if mr.table_target_col.search(col) else "actual"
            out.append(d)
    return out


_LIST_SEP = _recompile(r"、|和|及|与")
_ALL_OF = _recompile(r"(?:均|都|全部|皆)$")
_TOPIC_TAIL = _recompile(r"(?:显示|来看|方面|而言)$")


def _topic_before(text: str, end: int, lo: int):
    """The noun phrase of the clause that ends at ``end`` (a comma), when it is only a
    topic (总营业额; 园区今年9月出口额显示): (mention, start), or None."""
    from ..text.segment import dict_tag

    cs = _clause_start(text, end, lo)
    clause = text[cs:end]
    if not 2 <= len(clause) <= 24:
        return None
    clause = _TOPIC_TAIL.sub("", clause)
    pms = list(find_periods(clause))
    if pms:  # 园区今年9月出口额 -> 出口额; 中科管理局公布园区今年9月出口额显示 -> 出口额
        clause = clause[pms[-1].end:]
    elif len(clause) > 16:
        return None
    if any(ch.isdigit() for ch in clause):
        return None
    m = re.search(r"[\u4e00-\u9fff]{2,10}$", clause)
    if not m:
        return None
    name = m.group()
    name = name[_strip_lead(name):]
    if len(name) < 2 or not any(dict_tag(name[-k:]) in ("n", "nz", "vn", "nt") for k in (3, 2) if len(name) >= k):
        return None  # the phrase must end in a noun (…营业额), not a verb (工作扎实推进)
    return name, cs + text[cs:end].rfind(name)


def _listed_growth_subjects(text: str, q: Quantity, gm, lo: int, tail=None) -> list[Draft]:
    """The names of a list right before 分别增长 (A、B和C分别增长…), as growth-only drafts;
    ``tail`` (均, 都) is cut from the end of the list first."""
    start = q.num_start - len(gm.group()) if q.numeral != "bare" else q.start - len(gm.group())
    cs = max([lo] + [text.rfind(ch, lo, start) + 1 for ch in ",;:("])  # a list spans its 、
    subj = text[cs:start]
    if tail is not None:
        t = tail.search(subj)
        start -= len(subj) - t.start()
        subj = subj[:t.start()]
    names = [(n, ns) for n, ns in _list_names(text, cs, start) if _list_name_ok(n)]
    if len(names) < 2:
        return []
    blank = q._replace(value=None, unit=None, base_value=None, base_unit=None, dim=None, masked=False, qualifier=None)
    return [Draft(q=blank._replace(start=ns, end=ns + len(n), num_start=ns), mention=n, m_start=ns,
                  rule="metric.growth_only.v1", confidence=0.75, end=q.end) for n, ns in names]


def _list_names(text: str, lo: int, hi: int) -> list[tuple[str, int]]:
    """The names of a list in text[lo:hi] (A、B和C), a lead word before the first left out,
    each with where it starts."""
    subj = text[lo:hi]
    off = _strip_lead(subj)
    names, pos = [], lo + off
    for part in _LIST_SEP.split(subj[off:]):
        name = part.strip()
        if name:
            names.append((name, text.find(name, pos)))
        pos += len(part) + 1
    return names


def _list_name_ok(name: str) -> bool:
    return 2 <= len(name) <= 16 and not any(ch.isdigit() for ch in name)


def _set_growth(d: Draft, value, sign, basis, q: Quantity, gm) -> None:
    if q.masked or value is None:
        d.growth_masked = True
        d.growth = None
    else:
        d.growth = round(sign * value, 6)
    d.growth_basis = basis or ("同比" if gm is not None and "同比" in (gm.group("verb") or "") else None)
    if gm is not None and gm.group("two"):
        d.growth_kind = "two_year_avg"


def _plausible(text: str, q: Quantity, lo: int) -> bool:
    """Not a metric: ordinals (第4名), numbers inside names (5G), slogans in quotes."""
    mod = _mr().modifier_after.match(text, q.end)
    if mod and q.unit != "%" and (q.numeral == "idiom" or (q.numeral == "bare" and mod.group() != "的")):
        return False  # 亿元以上项目, 过亿元的大项目: a class of things, not a figure
    after2 = text[q.end:q.end + 2]
    if (q.unit or "").endswith(("个", "方")) and after2[:1] in ("月", "面"):
        return False  # 短短3个月, 两方面, 六个方面: narrative, not a count (3.5个工作日 stays)
    if q.qualifier in ("以上", "以下") and q.dim == "money" and _mr().threshold_after.match(text, q.end):
        return False  # 5000万元以上12个, 2000万元以上制造业项目: a class of projects, not a figure
    before = text[max(lo, q.start - 1):q.start]
    if before in ("第", "届", "+", "第"):
        return False  # 第4名, 十二届七次全会, (+30%)
    if (q.dim in ("mass", "capacity") and q.numeral == "arabic"
            and (text[max(lo, q.start - 2):q.start] == "年产"
                 or (_HAN.match(text[max(lo, q.start - 1):q.start] or " ")
                     and text[max(lo, q.start - 1):q.start] not in "力能模达到为计约至增"))
            and _mr().name_after_capacity.match(text, q.end, q.end + 24)):
        return False  # 年产1500吨高纯氯化锂项目, 天齐锂业4000吨碳酸锂技改扩能: part of a project's name
    if ((text[max(lo, q.start - 2):q.start] == "年产" or (text[max(lo, q.start - 1):q.start] in ("、", ":")
                                                       and q.dim not in ("money", "count", "percent")))
            and q.numeral == "arabic" and _CAPACITY_NAME.match(text, q.end, q.end + 30)):
        return False  # 年产250万套模压17寸马桶盖生产线, …、1200米商业步行街开发项目: part of a name
    after = text[q.end:q.end + 1]
    if q.dim == "count" and (_mr().structural_after.match(text, q.end, q.end + 6)
                             or (q.numeral == "chinese" and _mr().structural_before.search(text, max(lo, q.num_start - 2), q.num_start))):
        return False  # 四个方面, 以下五个特点, 前两批: counts that frame the text
    if q.dim == "count" and text[max(lo, q.start - 1):q.start] == "在" and _mr().comparison_set.match(text, q.end):
        return False  # 在137个参与考核的区域中: the set compared against
    if q.dim == "money" and q.qualifier in ("超", "超过", "过") and _mr().threshold_class.match(text, q.end):
        return False  # 一批超10亿元的大项目
    if (q.unit or "")[-1:] in ("项", "个") and text[q.end:q.end + 1] == "目":
        return False  # **项目: a masked name, not a count
    if q.numeral == "chinese":
        if q.value is not None and q.value < 2:
            return False
        if after and after in "是":
            return False
        # 三个代表, 一手抓: slogans in quotes or fixed phrases
        ctx = text[max(lo, q.start - 2):q.end + 2]
        if "“" in ctx[:2] or "”" in ctx[-2:] or '"' in ctx:
            return False
    if q.unit in ("个", "家", "人", "名", "次", "位") and after and _HAN.match(after or ""):
        # 个人, 家庭, 人民 ... a count word glued to a following word that it forms
        two = text[q.end - 1:q.end + 1]
        if two in ("个人", "家庭", "人民", "人才", "人员", "次序", "名单", "名称", "位置", "家居", "人口", "次日"):
            return False
    if q.numeral == "arabic" and q.value is not None:
        # years and dates written before a unit-looking character (2023年 has no unit, but 2023年底)
        if 1949 <= q.value <= 2100 and float(q.value).is_integer() and q.unit in ("年",):
            return False
    return True


_DATES_FIGURE = _recompile(r"\s*(?:共|实现|完成|累计|新增|引进|签约|已)")
_BASE_BEFORE = _recompile(r"(?:较|比|与|同比|相比|对比|高于|低于|超过)$")
_CONTINUES = _recompile(r"^[,，、;；]")
_OPEN_END = set(",，、;；")
_CLOSED = set("。!?！？;；:：”\"）)")
_ITEM_START = _recompile(r"\s*(?:[一二三四五六七八九十]{1,3}[、是]|[(（][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[、.．)]\D|[①-⑳]|【)")
_LEAD_END = set(":：")


_BASE_AFTER = _recompile(r"(?:的)?(?:高基数|基数|较高基数|同期基数)")


def _usable_at(text: str, lo: int, pm, fig_periods) -> bool:
    """Whether a period expression in ``text[lo:]`` (match ``pm``) dates the figures after
    it: not 目前, not the base of a comparison (较2022年同期), not a target's year
    (全年目标任务), not a date (2023年5月…)."""
    if pm.kind == "relative" and pm.label not in fig_periods:
        return False
    a = lo + pm.start
    if _BASE_BEFORE.search(text, max(0, a - 2), a):
        return False
    if text[a - 1:a] == "是" and "的" in text[lo + pm.end:lo + pm.end + 3]:
        return False  # 是“十一五”时期的2.3倍: the base of a ratio
    if _mr().goal.match(text, lo + pm.end):
        return False
    if _BASE_AFTER.match(text, lo + pm.end):
        return False  # 在去年高基数的基础上: the base grown from, not the period
    if pm.kind == "year":
        tail = text[lo + pm.end:lo + pm.end + 1]
        if tail and tail in "0123456789月":
            return False
    return True


def _periods_of_para(text: str, lo: int, hi: int, ctx, fig_periods, cache) -> list:
    """The usable periods of a paragraph, as (clean start, end, match), in order."""
    key = ("periods", lo)
    found = cache.get(key)
    if found is None:
        found = cache[key] = [(lo + pm.start, lo + pm.end, pm) for pm in find_periods(text[lo:hi], ctx)
                              if _usable_at(text, lo, pm, fig_periods)]
    return found


def _inherited(text: str, paras, k: int, ctx, fig_periods, cache, section_of):
    """The period a paragraph inherits from the ones before it, in the same section: a
    paragraph that continues the one before (it starts with a comma, or the one before
    ends in one: a hard line break inside a sentence) takes the period in force at the end
    of that one; the items after a lead that ends in a colon (主要运行特点:) take the lead's."""
    key = ("inherited", k)
    if key in cache:
        return cache[key]
    out, lead = None, None
    if k > 0:
        prev, cur = paras[k - 1], paras[k]
        if section_of(prev.start) == section_of(cur.start):
            tail = text[prev.end - 1:prev.end]
            if (_CONTINUES.match(text, cur.start) or tail in _OPEN_END
                    or (tail not in _CLOSED and not _ITEM_START.match(text, cur.start))):
                out = _in_force_at_end(text, paras, k - 1, ctx, fig_periods, cache, section_of)
            elif tail in _LEAD_END:
                out = lead = _in_force_at_end(text, paras, k - 1, ctx, fig_periods, cache, section_of)
            else:
                _inherited(text, paras, k - 1, ctx, fig_periods, cache, section_of)  # is it an item?
                if cache.get(("lead", k - 1)) is not None:
                    out = lead = cache[("lead", k - 1)]
    cache[("lead", k)] = lead
    cache[key] = out
    return out


def _spans(found) -> list:
    """The periods that date later sentences: spans, not points of an event (预计年底投产)."""
    points = point_period_words()
    return [pm for s, e, pm in found if pm.label not in points and pm.kind not in ("duration", "date_to_date")
            and not pm.label.endswith(("底", "末", "前"))]


def _in_force_at_end(text: str, paras, j: int, ctx, fig_periods, cache, section_of):
    found = _spans(_periods_of_para(text, paras[j].start, paras[j].end, ctx, fig_periods, cache))
    if found:
        return found[-1]
    return _inherited(text, paras, j, ctx, fig_periods, cache, section_of)


def _carried(text: str, pos: int, para, paras, k: int, ctx, fig_periods, cache, section_of):
    """The period in force at ``pos`` from before its sentence: the last one stated earlier
    in the paragraph (a point in time, 年末 or 10月底, only for the 其中 sentence that
    breaks down its stock), else the one the paragraph inherits. A heading inside the
    paragraph (一、 or (一) in a report run into one line) starts afresh: the periods of
    the sections before it do not date this one's figures."""
    allp = _periods_of_para(text, para.start, para.end, ctx, fig_periods, cache)
    sec = section_of(pos)  # (the heading may open pos's sentence)
    run_in = sec != section_of(para.start) and _RUN_IN_HEADING.search(text, para.start, min(para.end, pos + 6)) is not None
    if run_in:  # the paragraph's periods in pos's section, once per paragraph and section
        key = ("run_in", para.start, sec)
        got = cache.get(key)
        if got is None:
            own = [x for x in allp if section_of(x[0]) == sec]
            got = cache[key] = (own, _sentences_of(text, own, para.start, para.end, {}, cache))
        allp, info = got
    else:
        info = _sentences_of(text, allp, para.start, para.end, cache)
    if info is None:  # periods out of order: the plain reading
        found = [x for x in allp if x[1] <= pos]
        if found and text.startswith("其中", pos):
            return found[-1][2]
        before = _spans(_not_breakdowns(text, found, para.start))
        if before:
            return before[-1]
    else:
        ends, starts, labels = info
        n = bisect.bisect_right(ends, pos)
        if n and text.startswith("其中", pos):
            return allp[n - 1][2]
        if n:
            # the sentence of the last period before pos may go on past pos: only its
            # periods before pos count there
            last, partial, i = starts[n - 1], set(), n - 1
            while i >= 0 and starts[i] == last:
                if allp[i][2].kind != "relative":
                    partial.add(allp[i][2].label)
                i -= 1
            for i in range(n - 1, -1, -1):
                st = starts[i]
                if len(partial if st == last else labels.get(st, ())) > 1:
                    continue
                got = _spans([allp[i]])
                if got:
                    return got[0]
    if run_in:
        return None
    return _inherited(text, paras, k, ctx, fig_periods, cache, section_of)


_STOP = _recompile(r"[。!?！？]")
# a heading of its own inside a paragraph (一、, (一)), not a paragraph's items (一是)
_RUN_IN_HEADING = _recompile(r"(?:^|(?<=[。;!?！？\s]))(?:[一二三四五六七八九十]{1,3}、|[(（][一二三四五六七八九十]{1,3}[)）])")


def _firsts(allp: list, lo: int, cache):
    """The starts of a paragraph's periods, when they are in order (else None)."""
    key = ("firsts", lo)
    if key not in cache:
        firsts = [s_ for s_, _, _ in allp]
        cache[key] = firsts if firsts == sorted(firsts) else None
    return cache[key]


def _stops(text: str, lo: int, hi: int, cache) -> list:
    """The ends of the sentence stops of text[lo:hi], found once per paragraph."""
    key = ("stops", lo, hi)
    stops = cache.get(key)
    if stops is None:
        stops = cache[key] = [m.end() for m in _STOP.finditer(text, lo, hi)]
    return stops


def _sentences_of(text: str, allp: list, lo: int, hi: int, cache, para_cache=None):
    """Per period of a paragraph (in order): its end, its sentence's start, and per
    sentence start the labels of the periods said in it (relative ones left out: 今年1-10月
    is one period said two ways); None when the periods are out of order. ``para_cache``
    (default ``cache``) keeps the paragraph's sentence stops when ``cache`` is a
    throw-away one (a figure's own subset of the periods)."""
    key = ("sentences", lo)
    if key in cache:
        return cache[key]
    ends = [e for _, e, _ in allp]
    firsts = [s_ for s_, _, _ in allp]
    if ends != sorted(ends) or firsts != sorted(firsts):
        cache[key] = None
        return None
    stops = _stops(text, lo, hi, cache if para_cache is None else para_cache)
    starts, labels = [], {}
    for s_, e, pm in allp:
        j = bisect.bisect_right(stops, s_) - 1
        st = stops[j] if j >= 0 else lo
        starts.append(st)
        if pm.kind != "relative":
            labels.setdefault(st, set()).add(pm.label)
    cache[key] = out = (ends, starts, labels)
    return out


def _not_breakdowns(text: str, found: list, lo: int) -> list:
    """The periods that may date later sentences: not those of a sentence that names
    several (分季度看,一季度…,四季度…: a breakdown; the next sentence is about the whole)."""
    by_sentence: dict[int, set] = {}
    starts = []
    for s_, e, pm in found:
        m = None
        for m in _STOP.finditer(text, lo, s_):
            pass
        st = m.end() if m else lo
        starts.append(st)
        if pm.kind != "relative":  # 今年1-10月: one period said two ways
            by_sentence.setdefault(st, set()).add(pm.label)
    return [x for x, st in zip(found, starts) if len(by_sentence.get(st, ())) <= 1]


# how far back a figure's sentence reaches (characters); real sentences stay well
# inside it (the longest before a figure in dev, real and corpora/ is 968)
SENTENCE_REACH = 1500


def _period_and_modality(text, d: Draft, ctx, section_of, kind_of, fig_periods, para, cache, breaks,
                         paras=(), k: int = -1) -> None:
    verbs, growth_re, points, target_re, estimate_re, *_ = _cfg()
    lo, hi = (para.start, para.end) if para else (0, len(text))
    ss, se = breaks.bounds(d.q.start, d.q.end, lo, hi)
    # a "sentence" longer than SENTENCE_REACH before the figure (a run of thousands of
    # figures with no full stop) is read from SENTENCE_REACH characters before it: each
    # figure then costs the same, not one more scan of everything before it
    ss = max(ss, d.q.start - SENTENCE_REACH)
    # a forecast's period in an earlier sub-sentence (截至10月份,…,预计全年可完成x亿元;) does
    # not reach past its semicolon
    semi = max(text.rfind(";", ss, d.q.start), text.rfind("；", ss, d.q.start))
    found = []
    allp = _periods_of_para(text, lo, hi, ctx, fig_periods, cache)
    firsts = _firsts(allp, lo, cache)
    for j in range(bisect.bisect_left(firsts, ss) if firsts is not None else 0, len(allp)):
        s_, e, pm = allp[j]
        if firsts is not None and s_ > d.q.start:
            break  # in order: the rest start after the figure
        if s_ < ss or e > d.q.start:
            continue
        if s_ < semi and (found or not (pm.kind == "month_to_date" or _spans([(s_, e, pm)]))):
            # (a forecast that opens its sentence dates its whole list; a point, 预计年底投产, never)
            cs = _clause_start(text, s_, ss)
            if estimate_re.search(text, cs, s_) or target_re.search(text, cs, s_):
                continue
        found.append((e, pm))
    # period: the last period expression in the sentence before the figure; a year rather
    # than a 全年 that only qualifies a phrase (2019年,…全年经济增长的预期目标是…), not one
    # that dates the figure (2010年,…全年共实现工业产值…)
    best = found[-1][1] if found else None
    if (best is not None and best.kind == "relative" and best.label in ("全年", "今年") and len(found) > 1
            and not _DATES_FIGURE.match(text, found[-1][0])):
        years = [pm for e, pm in found[:-1] if pm.kind in ("year", "roc_year", "cn_year") and pm.months is None]
        if years:
            best = years[-1]
    if best is None and para is not None and k >= 0:
        best = _carried(text, ss, para, paras, k, ctx, fig_periods, cache, section_of)
    if best is not None:
        d.period = as_period(best)
    section = section_of(d.q.start)
    d.section = section
    d.modality = "target" if d.task else _modality(text, d, ss, se, cache, kind_of(section) == "plan")


@lru_cache(maxsize=1)
def _mod():
    from types import SimpleNamespace

    m = rules.load("modality")
    return SimpleNamespace(
        in_mention=compile_rule("modality", "target_in_mention", alternation(m["target_in_mention"])),
        after=compile_rule("modality", "target_after", m["target_after"]),
        met=compile_rule("modality", "met", f"(?:{alternation(m['met'])})[^,;。]{{0,12}}$"))


def _live(text: str, cue_re, lo: int, hi: int, floor: int) -> bool:
    """Whether a cue in text[lo:hi] counts: not one that a completion verb before it in its
    clause says was met (超额完成年初预定目标任务)."""
    for m in cue_re.finditer(text, lo, hi):
        cs = _clause_start(text, m.start(), floor)
        if not _mod().met.search(text[cs:m.start()]):
            return True
    return False


def _modality(text: str, d: Draft, ss: int, se: int, cache, plan_section: bool) -> str:
    """actual, estimate or target. A cue before the figure in its sub-sentence (up to ;
    or a bracket) decides; a cue before the first figure of the sentence covers the whole
    sentence; a mention-level word (规划面积, 计划投资, 市下115亿元目标) makes only its
    own figure a target; then the section (a plan part is target); then an estimate cue
    after the figure in its clause (将于7月份来考察)."""
    target_re, estimate_re = _cfg()[3], _cfg()[4]
    qs = d.q.start
    sub_start = 1 + max(text.rfind(";", ss, qs), text.rfind("；", ss, qs), text.rfind("(", ss, qs),
                        text.rfind("（", ss, qs), ss - 1)
    key = ("first_figure", ss)
    first = cache.setdefault(key, min(d.m_start, qs))
    lo = ss if (first >= sub_start or _lead_cue(text, ss, first, cache)) and not _REPORTS.match(text, sub_start) \
        else sub_start
    if _live(text, target_re, lo, qs, ss):
        return "target"
    own = _clause_start(text, min(d.m_start, qs), sub_start)
    if _live(text, _mod().in_mention, own, qs, ss) or _mod().after.match(text, d.q.end, se):
        return "target"
    if _live(text, estimate_re, lo, qs, ss):
        return "estimate"
    if plan_section:
        return "target"
    if _cfg()[-1].search(text, d.end, clause_end(text, d.end, se, _CLAUSE_STOP)):
        return "estimate"  # 6家日本企业将于7月份来我区考察
    return "actual"


def _lead_cue(text: str, ss: int, first: int, cache) -> bool:
    """Whether the words before the first figure of a sentence hold a target or estimate
    cue (预期目标是…): it then covers the whole sentence."""
    key = ("lead_cue", ss)
    if key not in cache:
        target_re, estimate_re = _cfg()[3], _cfg()[4]
        cache[key] = _live(text, target_re, ss, first, ss) or _live(text, estimate_re, ss, first, ss)
    return cache[key]


# a sub-sentence that opens by reporting (园区实现…, 已完成…, 二号项目,已完成…) is not under the
# sentence's cue; a bare 实现 with no subject is (预计全年完成…;实现税收收入8.6亿元)
_REPORTS = _recompile(r"\s*(?:[^\s,;。]{1,12}?[,，]\s*(?=已))?(?:(?:园区|全区|开发区|我区|[^\s,;]{1,6}区)实现|(?:园区|全区|开发区|我区|[^\s,;]{1,6}区)?(?:实现了|完成了|已完成|已经完成|已实现|累计完成|实际完成))")


def to_metrics(drafts: list[Draft], clean) -> list[Metric]:
    out = []
    for d in drafts:
        q = d.q
        # the headline indicator, from the mention and its context (facts/indicators.py)
        ind = decide(d.mention, clean.text, d.m_start, q.start, q.end, q.unit, q.dim, d.end)
        indicator, lexicon = ind.indicator, ind.headline
        s = min(d.m_start, q.start)
        e = max(d.end, q.end)
        span = clean.orig_span(s, e)
        conf = d.confidence if lexicon else round(d.confidence - 0.1, 2)
        out.append(Metric(
            indicator=indicator, mention=d.mention, value=q.value, unit=q.unit,
            base_value=q.base_value, base_unit=q.base_unit, qualifier=q.qualifier,
            growth_pct=d.growth, growth_basis=d.growth_basis, completion_pct=d.completion,
            period=d.period, modality=d.modality, masked=bool(q.masked), section=d.section,
            span=span, confidence=conf, rule=d.rule, growth_masked=d.growth_masked, growth_kind=d.growth_kind))
    return out


def is_masked_doc(text: str, start: int, end: int) -> bool:
    """A report whose figures were stripped: several money units with no digit before them."""
    n = 0
    for m in _mr().bare_money.finditer(text, start, end):
        n += 1
        if n >= 3:
            return True
    return False
