"""Headline indicators: which metrics measure one of the canonical figures parks are
compared on (shared/INDICATORS.md), decided from the mention and its context.

``canonical(mention)`` is the lexicon alone: the head of the mention after abbreviations
are expanded. ``decide(...)`` is what a metric gets: the lexicon's answer checked against
the unit, the words before the head, the clause's subject and the sentence (a sector's
figure, one enterprise's, a project's capacity, a sub-park's, a share, a new-flow of a
stock are none; N家规上工业企业…完成工业总产值 is the 规上 figure; N个项目已竣工 counts
竣工项目). Every step is a named rule of ``rules/indicators.yaml``.

A metric that measures no headline indicator keeps its own words. When those words are a
headline name (税收 said of one project), the part it is said of is added in brackets
(税收(项目)), so the name stays reserved for the park's own figure.
"""
from __future__ import annotations

import bisect
import re
from array import array
from dataclasses import dataclass
from functools import lru_cache
from types import SimpleNamespace
from typing import Optional

from ..recache import compile as _recompile  # kept compiled between runs
from .. import rules
from ..rules import alternation, compile_rule

_HAN = _recompile("[\u4e00-\u9fff]")
_PUNCT = _recompile(r"[\s,，。、:：;；()（）“”\"'《》【】\[\]<>〈〉·•]")
_CLAUSE_BREAK = ",，;；:：。!?！？\n、"
_SENTENCE_BREAK = "。!?！？\n"
_CLAUSE_BREAK_RE = _recompile("[" + re.escape(_CLAUSE_BREAK) + "]")


@dataclass(frozen=True)
class Decision:
    """What a metric measures: ``indicator`` (a headline name or the metric's own words),
    ``headline`` (whether it is one of INDICATORS.md), ``rule`` (the rule that decided)."""

    indicator: str
    headline: bool
    rule: str


@lru_cache(maxsize=1)
def _cfg() -> SimpleNamespace:
    r = rules.load("indicators")
    rule = lambda name, pattern: compile_rule("indicators", name, pattern)  # noqa: E731
    words = lambda name: f"(?:{alternation(r[name])})"  # noqa: E731
    abbrev = {str(k): str(v) for k, v in r["abbreviations"].items()}
    syn: dict[str, str] = {}
    kind: dict[str, str] = {}
    nots: dict[str, tuple[str, ...]] = {}
    for canon, spec in r["indicators"].items():
        kind[canon] = str(spec["kind"])
        nots[canon] = tuple(str(w) for w in spec.get("not", ()))
        for n in spec["names"]:
            syn[str(n)] = canon
    kinds = {k: (frozenset(v.get("dims", ())), frozenset(v.get("units", ()))) for k, v in r["kinds"].items()}
    unit_dim = {str(u): str(spec["dim"]) for u, spec in rules.load("units")["units"].items() if "dim" in spec}
    neutral = alternation(r["neutral"])
    zone_kinds = set(rules.load("parks")["kinds"]) | set(r["zone_words"])
    # off the end only words that cannot end a zone's name (白沙工业园区 keeps its 园区)
    neutral_end = alternation(w for w in r["neutral"] if not any(k.endswith(w) for k in zone_kinds))
    return SimpleNamespace(
        abbrev=abbrev, abbrev_re=rule("abbreviations", alternation(abbrev)),
        syn=syn, kind=kind, nots=nots, kinds=kinds, unit_dim=unit_dim,
        syn_re=compile_rule("indicators", "indicators", alternation(syn), engine="regex"),  # overlapped
        names=frozenset(r["indicators"].keys()),
        tail_stop=rule("tail_stops", r["tail_stops"]), per_unit=rule("per_unit", r["per_unit"]),
        neutral_head=rule("neutral", f"^(?:{neutral})"), neutral_tail=rule("neutral", f"(?:{neutral_end})$"),
        firm_scope=tuple(sorted((str(w) for w in r["firm_scope"]), key=lambda w: (-len(w), w))),
        activity=rule("activity_words", words("activity_words")),
        flow=rule("flow_words", words("flow_words")), flow_end=rule("flow_words", f"{words('flow_words')}$"),
        part={k: rule(f"part_words.{k}", v) for k, v in r["part_words"].items()},
        zone_end=rule("zones", f"(?:{alternation(tuple(rules.load('parks')['kinds']) + tuple(r['zone_words']))})$"),
        subpark_heading=str(r["subpark_heading"]), subpark_list=str(r["subpark_list"]),
        ctx={k: rule(f"context.{k}", v) for k, v in r["context"].items()},
        **{k: rule(k, r[k]) for k in ("share_after", "share_mention", "line_label", "generic_labels", "line_topic", "line_enterprise", "park_subject", "phase",
                                      "annual", "annual_not_after", "target_of_previous", "target_after", "stage_after", "stage_mention", "stage_before")},
        stages=dict(r["stages"]),
    )


def headline_names() -> frozenset[str]:
    """The canonical headline indicator names (rules/indicators.yaml, as INDICATORS.md)."""
    return _cfg().names


def headline_order() -> list[str]:
    """The headline names in the order of INDICATORS.md (and rules/indicators.yaml)."""
    return list(rules.load("indicators")["indicators"].keys())


def kind_of(indicator: str) -> Optional[str]:
    """money / firms / projects / people for a headline name, else None."""
    return _cfg().kind.get(indicator)


@lru_cache(maxsize=16384)
def _fold(mention: str) -> str:
    """Punctuation, spaces and 的 out, abbreviations expanded (规上 -> 规模以上)."""
    c = _cfg()
    s = _PUNCT.sub("", mention).replace("的", "")
    return c.abbrev_re.sub(lambda m: c.abbrev[m.group()], s)


@lru_cache(maxsize=16384)
def _head(mention: str) -> Optional[tuple[str, str, str, str]]:
    """(canonical, name matched, words before it, words after it) for the head of a
    folded mention: the longest name ending last whose tail is no stop word."""
    c = _cfg()
    s = _fold(mention)
    best = None
    for m in c.syn_re.finditer(s, overlapped=True):
        tail = s[m.end():]
        if tail and c.tail_stop.search(tail):
            continue
        canon = c.syn[m.group()]
        if any(w in s for w in c.nots[canon]):
            continue
        key = (m.end(), len(m.group()))
        if best is None or key > best[0]:
            best = (key, canon, m.group(), s[:m.start()], tail)
    if best is None:
        return None
    return best[1], best[2], best[3], best[4]


@lru_cache(maxsize=16384)
def canonical(mention: str) -> tuple[str, bool]:
    """(indicator, from_lexicon) for a mention alone: the headline name its head is, or
    the mention itself. The words around it are not looked at: see ``decide``."""
    h = _head(mention)
    if h is None or _prefix_part(h[2], h[0]) is not None:
        return mention, False
    return h[0], True


def _strip_neutral(s: str) -> str:
    """Scope, time and verb words off both ends (园区…累计完成)."""
    c = _cfg()
    prev = None
    while s and s != prev:
        prev = s
        m = c.neutral_head.match(s)
        if m and m.end():
            s = s[m.end():]
        m = c.neutral_tail.search(s)
        if m and m.start() < len(s):
            s = s[:m.start()]
    return s


_COUNT_LEAD = _recompile(r"^(?:(?:[\d.*xX]+|[一二三四五六七八九十百两]+)(?:[-—~至]|年|月份|月|季度|日|家|个|户|名)?)+")


def _words(raw: str) -> str:
    """A subject or prefix as judged: folded; scope, time and verb words and a leading
    count (42家规上工业企业) taken off until nothing more comes off."""
    s, prev = _fold(raw), None
    while s != prev:
        prev = s
        s = _strip_neutral(s)
        s = _COUNT_LEAD.sub("", s)
    return s


def _scope_ok(words: str) -> bool:
    """园区企业, 综保区范围内企业, 规上工业企业: the park's own firms as a whole."""
    c = _cfg()
    for w in c.firm_scope:
        if words.endswith(w):
            rest = _strip_neutral(words[:-len(w)])
            return not rest or bool(c.zone_end.search(rest))
    return False


def _part_of(words: str) -> Optional[str]:
    """Which part of the park ``words`` (a prefix or a subject) name: sector, firm,
    project, office or region; None for the park (or words that say nothing)."""
    c = _cfg()
    if not words or _scope_ok(words):
        return None
    for name in ("firm", "project", "office", "region", "sector"):
        if c.part[name].search(words):
            return name
    return None


def _prefix_part(prefix: str, canon: str) -> Optional[str]:
    """Why the words before the head make the figure a part's (flow, per_capita, sector …),
    or None when they keep the park's figure."""
    c = _cfg()
    rest = _words(prefix)
    if not rest:
        return None
    if c.kind[canon] in ("firms", "people") and c.flow.search(rest):
        return "flow"  # 新增规上工业企业, 新认定高新技术企业, 新增就业
    if c.kind[canon] in ("firms", "projects") and c.activity.search(rest):
        return "activity"  # 走访规上企业, 结对联系规上企业: work done with them
    if c.per_unit.match(rest) or c.per_unit.match(prefix):
        return "per_capita"  # 人均GDP, 亩均税收
    if c.zone_end.search(rest) or set(rest) <= set("*xX某"):
        return None  # the park by name (a sub-park is decided with the text)
    return _part_of(rest)


@lru_cache(maxsize=16)
def _break_positions(text: str, chars: str):
    """Where each of ``chars`` is in ``text``, in order (one scan per text, then bisection:
    a figure deep in a long sentence or line finds its start without walking back)."""
    return array("q", [m.start() for m in re.finditer("[" + re.escape(chars) + "]", text)])


# a "sentence" of thousands of figures is read from this many characters before a figure
# (as metrics.SENTENCE_REACH): the longest real one before a figure is about 200
SENTENCE_REACH = 1500


def _sentence_start(text: str, pos: int) -> int:
    br = _break_positions(text, _SENTENCE_BREAK)
    k = bisect.bisect_left(br, pos)
    return max(br[k - 1] + 1 if k else 0, pos - SENTENCE_REACH)


def _clause_start(text: str, pos: int, lo: int) -> int:
    if pos <= lo:
        return pos
    br = _break_positions(text, _CLAUSE_BREAK)
    k = bisect.bisect_left(br, pos)
    return br[k - 1] + 1 if k and br[k - 1] >= lo else lo


@lru_cache(maxsize=2)
def _enterprise_cues(text: str):
    """Where the text says 该公司, 其企业 … after a sentence break: (starts, ends), found
    once per text (a search from each figure's line start was quadratic on one long line)."""
    found = list(_cfg().line_enterprise.finditer(text))
    return array("q", [m.start() for m in found]), array("q", [m.end() for m in found])


def _enterprise_between(text: str, lo: int, hi: int) -> bool:
    """Whether one of those cues lies wholly in text[lo:hi]."""
    starts, ends = _enterprise_cues(text)
    k = bisect.bisect_left(starts, lo)
    return k < len(starts) and ends[k] <= hi


@lru_cache(maxsize=64)
def _subpark_patterns(zone: str):
    c = _cfg()
    z = re.escape(zone)
    return (re.compile(c.subpark_heading.replace("{zone}", z)), re.compile(c.subpark_list.replace("{zone}", z)))


def _is_subpark(text: str, zone: Optional[str]) -> bool:
    """A zone that heads a section, or is listed with others (依托A、B、C三大平台): one
    of the report's sub-parks, not the park."""
    if not zone or len(zone) < 3:
        return False
    return _subpark_in(text)(zone)


@lru_cache(maxsize=2)
def _subpark_in(text: str):
    """The answers for one text, by zone: each zone's two patterns run over the whole
    text once, not once per figure (a 20 MB text has thousands of figures)."""

    @lru_cache(maxsize=None)
    def answer(zone: str) -> bool:
        heading, listed = _subpark_patterns(zone)
        return bool(heading.search(text) or listed.search(text))

    return answer


def _zone_words(words: str) -> Optional[str]:
    """The zone name that ``words`` end in (城西北工业园), or None."""
    c = _cfg()
    m = c.zone_end.search(words)
    if not m:
        return None
    j = m.start()
    while j > 0 and m.start() - j < 8 and ("\u4e00" <= words[j - 1] <= "\u9fff" or words[j - 1] in "*xX"):
        j -= 1
    return words[j:]


_LABELS = {"flow": "新增", "firm": "企业", "project": "项目", "office": "部门", "sector": "行业", "region": "地区",
           "capacity": "项目", "enterprise": "企业", "subset": "其中", "share": "占比", "label": "分项",
           "subpark": "分园区", "per_capita": "人均", "unit": "单位", "activity": "工作"}


def _none(mention: str, rule: str, words: str = "") -> Decision:
    """No headline figure: the metric's own words, never a headline name (税收 said of a
    project becomes 税收(项目); the words it is said of when short, else the rule's label)."""
    c = _cfg()
    ind = mention
    core = _strip_neutral(_fold(mention))
    if core in c.names or core in c.syn or _PUNCT.sub("", mention) in c.names:
        label = words if words and len(words) <= 10 else _LABELS.get(rule, rule)
        ind = f"{mention}({label})"
    return Decision(ind, False, f"indicator.{rule}.v1")


def _stage_count(c, mention: str, text: str, ss: int, m_start: int, q_start: int, q_end: int) -> Optional[str]:
    """The stage a count of projects is said to be at (6个项目已竣工投产, 签约2个项目,
    签约A、B等项目29个), or None."""
    f = _fold(mention)
    if c.syn_re.search(f) is not None or f.endswith(("企业", "公司")):
        return None
    m = c.stage_after.match(text, q_end, q_end + 24)
    if m is None and (text.startswith("项目", q_end) or (m_start > q_start and f == "项目")):
        # 签约**两个项目, 园区共签约3个项目: the stage verb is the words before the figure
        words = f if m_start < q_start else _words(text[_clause_start(text, q_start, ss):q_start])
        m = c.stage_mention.match(_strip_neutral(words))
    if m is None and m_start < q_start and f.endswith(("等", "等项目")):
        head = text[ss:q_start]
        head = head[:-2] if head.endswith("项目") else head
        m = c.stage_before.search(head)
    return c.stages[m.group("stage")] if m else None


def _line_part(c, text: str, s: int) -> Optional[tuple[str, str]]:
    """(rule, words) when the line holding ``s`` opens with a label or a company that
    its figures belong to (纺织业:, 三期:, 华纺**公司抓住…)."""
    nl = _break_positions(text, "\n")  # the line start by bisection, not a walk back over a long line
    k = bisect.bisect_left(nl, s)
    ls = nl[k - 1] + 1 if k else 0
    m = c.line_label.match(text, ls, s)
    if m and _HAN.search(m.group("label")) and not c.generic_labels.search(m.group("label")):
        label = m.group("label")
        if c.zone_end.search(label) or c.phase.search(label):
            return "subpark", label
        if _part_of(_words(label)):
            return "label", label
    if _enterprise_between(text, ls, s) and not c.park_subject.search(text, _sentence_start(text, s), s):
        return "enterprise", ""
    m = c.line_topic.match(text, ls, s)
    if m and not c.generic_labels.search(text[ls:m.end()].replace("项目", "").replace("总投资", "")):
        return "enterprise", ""
    return None


def decide(mention: str, text: str = "", m_start: int = 0, q_start: int = 0, q_end: int = 0,
           unit: Optional[str] = None, dim: Optional[str] = None, end: Optional[int] = None) -> Decision:
    """The indicator of one metric: ``mention`` as cut from ``text`` (the clean text) at
    ``m_start``; the figure at ``text[q_start:q_end]`` with its ``unit`` and ``dim``;
    ``end`` where the metric's evidence ends (after its growth rate). Without ``text``
    only the mention and the unit are looked at."""
    c = _cfg()
    end = q_end if end is None else max(end, q_end)
    s = min(m_start, q_start)
    ss = _sentence_start(text, s) if text else 0
    before = text[ss:s]

    if text and unit in c.kinds["projects"][1]:
        stage = _stage_count(c, mention, text, ss, m_start, q_start, q_end)
        if stage:
            op = c.ctx["subset_opener"].search(before)
            if op and not any(ch.isdigit() for ch in op.group()):
                return _none(mention, "subset")
            return Decision(stage, True, "indicator.stage_count.v1")

    if text and m_start > q_start and len(mention) <= 3:
        # 14家规模以上企业的特色园区: a short noun after the figure read to its 的 or clause end
        stop = re.search(r"[的,;:。、()\s]", text[m_start:m_start + 12])
        longer = text[m_start:m_start + (stop.start() if stop else 12)]
        if len(longer) > len(mention) and _head(longer) is not None:
            mention = longer
    h = _head(mention)
    if h is None:
        if text:
            prev = _target_of_previous(c, text, ss, q_start, q_end)
            if prev:
                return Decision(prev, True, "indicator.target_of_previous.v1")
        return Decision(mention, False, "indicator.none.v1")
    canon, name, prefix, _tail = h

    # 1. the unit fits the indicator's kind
    dims, units = c.kinds[c.kind[canon]]
    if unit is not None or dim is not None:
        d = dim or c.unit_dim.get(unit or "")
        if not (d in dims or unit in units or (unit or "").lstrip("万亿千百") in units):
            if unit in c.kinds["firms"][1] and "规模以上" in prefix + name:
                canon, prefix = "规模以上工业企业", ""  # 125家规上工业增加值同比增长: a count of 规上 firms
            else:
                return _none(mention, "unit")
    if c.share_mention.search(_fold(mention)):
        return _none(mention, "share")
    # 2. the words before the head
    why = _prefix_part(prefix, canon)
    if why:
        return _none(mention, why, _words(prefix))
    if not text:
        return Decision(canon, True, "indicator.lexicon.v1")
    if _is_subpark(text, _zone_words(_words(prefix))):
        return _none(mention, "subpark", _zone_words(_words(prefix)))
    money = c.kind[canon] == "money"
    # 3. 规上 said in the clause before: N家规上工业企业,累计完成工业总产值
    upgraded = canon in ("工业总产值", "工业增加值") and _above_scale(before)
    # 4. the clause's subject before its verb (重点骨干企业完成|工业总产值), or a topic
    # clause before it with no figure (**项目,已完成固定资产投资7884万元)
    cs = _clause_start(text, s, ss)
    subject = _words(text[cs:s])  # before the mention, or before the figure when the noun follows it
    part = _part_of(subject)
    if not part and cs > ss + 1:
        pcs = _clause_start(text, cs - 1, ss)
        topic = text[pcs:cs - 1]
        if len(topic) <= 16 and not any(ch.isdigit() for ch in topic):
            tp = _part_of(_words(topic))
            if tp in ("project", "firm"):
                part, subject = tp, _words(topic)
    if text and m_start > 0 and text[m_start - 1] in "(（" and _BRACKETED_OWNER.search(text, max(0, m_start - 12), m_start - 1):
        return _none(mention, "enterprise")  # xx矿山(税收同期下降.%)、xx实业(…): each firm's own figure
    if part == "firm" and upgraded and _ALL_ABOVE_SCALE.search(subject):
        part = None  # 37户规模以上工业企业完成工业增加值: the 规上 firms together, not one firm
    if part and not (part == "firm" and c.kind[canon] == "firms"):
        return _none(mention, part, subject)
    if _is_subpark(text, _zone_words(subject)):
        return _none(mention, "subpark", _zone_words(subject))
    if text.startswith("其中", cs) and _zone_words(subject):
        return _none(mention, "subpark", _zone_words(subject))  # 其中城东工业园完成…: a part of the park
    if c.kind[canon] in ("firms", "people") and c.flow_end.search(subject):
        return _none(mention, "flow")
    # 5. the sentence and the line: a project's capacity, an enterprise's own figure,
    # a share of the park's total, a subset, a labelled line about a part
    if money and c.ctx["capacity"].search(before + mention):
        return _none(mention, "capacity")
    if c.annual.match(_fold(mention)) and not c.annual_not_after.match(text, max(m_start - 1, 0)):
        return _none(mention, "capacity")
    if c.ctx["enterprise"].search(before) or (money and _company_before(c, before)):
        return _none(mention, "enterprise")
    if money and (c.ctx["share_before"].search(before) or c.share_after.match(text, end, end + 24)):
        return _none(mention, "share")
    if c.kind[canon] == "projects" and (c.ctx["subset_opener"].search(before) or _followed_by_zhong(text, mention, m_start, q_start, q_end)):
        return _none(mention, "subset")
    lp = _line_part(c, text, s)
    if lp:
        return _none(mention, lp[0], lp[1])
    if upgraded:
        return Decision("规模以上" + canon, True, "indicator.above_scale.v1")
    return Decision(canon, True, "indicator.lexicon.v1")


_BRACKETED_OWNER = re.compile(r"(?:^|[、,,:：;])\s*[\u4e00-\u9fffA-Za-z*＊xX×]{2,10}$")
_ALL_ABOVE_SCALE = re.compile(r"(?:规模以上|规上)(?:工业)?企业$")


def _target_of_previous(c, text: str, ss: int, q_start: int, q_end: int) -> Optional[str]:
    """为市下115亿元目标的51.74%: the figure is the target of what the clause before
    measures; that clause's headline indicator, or None."""
    cs = _clause_start(text, q_start, ss)
    if cs <= ss or not c.target_of_previous.search(text, cs, q_start) or not c.target_after.match(text, q_end):
        return None
    pcs = _clause_start(text, cs - 1, ss)
    prev = re.split(r"[\d*xX]", text[pcs:cs - 1], maxsplit=1)[0]
    h = _head(prev)
    if h is None or _prefix_part(h[2], h[0]):
        return None
    return h[0]


def _company_before(c, before: str) -> bool:
    """A named company opens the sentence or the figure's clause (华泰公司于2018年投产,2022年
    实现销售收入…): the figure is the company's. A company in the middle of a long sentence
    is a place or an object (锂业公司至木孔垭段, 引进A公司), and one after a verb of bringing
    it in is an object too."""
    # the first clause and the last (the first and the last break found in C, not by
    # walking every character of a long sentence)
    br = _CLAUSE_BREAK_RE.search(before)
    first = before[:br.start()] if br else before
    last = before[max(map(before.rfind, _CLAUSE_BREAK)) + 1:] if br else ""
    for clause in (first, last):
        for m in c.ctx["company"].finditer(clause):
            if not c.ctx["company_block"].search(clause[:m.end()]):
                return True
    return False


def _followed_by_zhong(text: str, mention: str, m_start: int, q_start: int, q_end: int) -> bool:
    """13个新开工项目中,…: the figure names a set the sentence goes on to break down."""
    after = m_start + len(mention) if m_start > q_start else q_end
    return text[after:after + 1] == "中"


def _above_scale(before: str) -> bool:
    c = _cfg()
    f = _fold(before)
    return bool(c.ctx["above_scale"].search(f)) and not c.ctx["above_scale_block"].search(f)
