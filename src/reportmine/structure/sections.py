"""The section tree: heading markers (rules/sections.yaml), levels, titles, spans, kinds."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

import regex

from ..recache import compile as _recompile  # kept compiled between runs
from .. import rules
from ..rules import alternation, compile_rule
from ..text.split import DocumentText

_CN = {c: i for i, c in enumerate("零一二三四五六七八九十", 0)}
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"
_BREAK = _recompile(r"[。;:!?！？]|\.(?=\s)|(?<=\S)\s+(?=[一二三四五六七八九十]{1,3}、|\([一二三四五六七八九十]{1,3}\))"
                    r"|(?<=计划|打算|思路|安排|问题|不足|情况|成效|措施|目标|要点)(?=\([一二三四五六七八九十]{1,3}\))")
_ARABIC = ("num_dot", "num_dun")


@dataclass
class Heading:
    start: int            # clean index of the marker
    title_start: int
    title_end: int
    marker: str
    style: str
    number: int
    title: str
    level: int = 0
    end: int = 0          # end of the section's span (clean)
    kind: str = "other"
    kind_source: str = "default"
    parent: Optional[int] = None
    id: str = ""
    children: list[int] = field(default_factory=list)


@lru_cache(maxsize=1)
def _cfg():
    cfg = rules.load("sections")
    styles = []
    for m in cfg["markers"]:
        styles.append((m["name"], compile_rule("sections", m["name"], m["re"]), bool(m.get("inline")),
                       bool(m.get("paragraph_only")), bool(m.get("bare"))))
    end_re = compile_rule("sections", "title_end", cfg["title_end"])
    words = alternation(rules.load("documents")["title_words"])
    title_word = compile_rule("documents", "title_words", f"(?:{words})")
    inline_alt = "|".join(f"(?P<{n}>{p.pattern})" for n, p, inl, _, _ in styles if inl)
    inline_re = compile_rule("sections", "inline", rf"\s*(?:{inline_alt})")
    cues = {k: tuple(v) for k, v in cfg["cues"].items()}
    lean = {k: tuple(v) for k, v in cfg["lean"].items()}
    return styles, end_re, title_word, inline_re, int(cfg["title_max"]), cues, lean


@lru_cache(maxsize=1)
def _figure_rule():
    cfg = rules.load("sections")
    return (compile_rule("sections", "figure_in_title", cfg["figure_in_title"]), int(cfg["figure_title_min"]),
            frozenset(cfg["figure_styles"]), compile_rule("sections", "entry_line", cfg["entry_line"]))


@lru_cache(maxsize=1)
def _ranks() -> tuple[dict, frozenset]:
    cfg = rules.load("sections")
    return dict(cfg["ranks"]), frozenset(cfg["not_titles"])


def _number(marker: str) -> int:
    digits = "".join(ch for ch in marker if ch.isdecimal())  # "②".isdigit() is True, int("②") raises
    if digits:
        return int(digits)
    for ch in marker:
        if ch in _CIRCLED:
            return _CIRCLED.index(ch) + 1
    cn = "".join(ch for ch in marker if ch in _CN)
    if not cn:
        return 0
    if cn == "十":
        return 10
    if cn.startswith("十"):
        return 10 + _CN[cn[1]]
    if len(cn) == 3 and cn[1] == "十":
        return _CN[cn[0]] * 10 + _CN[cn[2]]
    if len(cn) == 2 and cn[1] == "十":
        return _CN[cn[0]] * 10
    return _CN.get(cn[0], 0)


_RUN_ON = regex.compile(r"(?<=^\p{Han}[^\s,，。;:：]{1,18}) {1,3}(?=\S)")
_CLAUSE = _recompile(r"[,，:：;；]")
_HEAD_CLAUSE = _recompile(r"[,，:：;；]|$")
_RUN_INTO_PERIOD = _recompile(r"^[^,，。;；:：]{2,24}?(?P<n>情况|问题|打算|计划|思路|安排|措施|成效|进展)"
                              r"(?=(?:今年|上半年|下半年|全年|年初以来|今年以来|\d{1,2}\s*[-—~至]\s*\d{1,2}\s*月|\d{4}年|[一二三四]季度|前三季度)[^,，。]{0,6}[,，])")
_LABEL_COLON = _recompile(r"^[^,，。;；:：]{2,16}(?P<c>[:：])(?=\s*\S)")


def _title(text: str, s: int, line_end: int, glued: bool) -> tuple[int, int]:
    _, end_re, title_word, _, tmax, _, _ = _cfg()
    seg = text[s:line_end]
    m = end_re.search(seg)
    e = m.start() if m else len(seg)
    sp = _RUN_ON.search(seg[:tmax + 10])
    if sp and _CLAUSE.search(seg, sp.end(), e):
        # a heading run into its text (产业项目 1.曜岭动力电池…:总投资…): the title stops
        # at the gap (强化招商引资 推动项目建设 is one title: no clause follows the gap)
        return s, s + len(seg[:sp.start()].rstrip(" :：,"))
    if e > tmax or (glued and not m):
        window = seg[:tmax + 10]
        cut = None
        y = regex.search(r"(?<=.{4})\d{4}年", window)
        if y:
            cut = y.start()
        tw = None
        for tw in title_word.finditer(window):
            pass
        if tw and tw.end() >= 4 and (cut is None or tw.end() <= cut):
            cut = tw.end()
        if cut is None:
            c = seg.find(",", 4)
            cut = c if 0 < c <= tmax else min(e, tmax)
        e = min(e, cut)
    rp = _RUN_INTO_PERIOD.search(seg, 0, e)
    if rp:
        e = rp.end("n")  # 一、前三季度工作进展情况上半年,顺利完成…: the text runs on with its period
    c = _LABEL_COLON.match(seg[:e])
    if c:
        e = c.start("c")  # 4、乐海围垦:工程总面积9142亩…: a label's title ends at its colon
    title = seg[:e].rstrip(" :：,")
    return s, s + len(title)


def _line_heading(text: str, ls: int, le: int) -> Optional[Heading]:
    styles, *_ = _cfg()
    fig_re, fig_min, fig_styles, entry_re = _figure_rule()
    line = text[ls:le]
    for name, pat, inline, para_only, bare in styles:
        m = pat.match(line)
        if not m:
            continue
        if name == "pian":
            return None
        if name == "bracket":
            t = m.group("t").strip()
            if t in _ranks()[1]:
                return None
            a = ls + m.start("t") + (len(m.group("t")) - len(m.group("t").lstrip()))
            return Heading(ls, a, a + len(t), "【】", name, 0, t)
        if bare and (len(line) > 40 or "。" in line or m.end() >= len(line)):
            continue
        if name in ("num_dot", "num_dun", "num_paren", "num_half") and regex.match(r"\d{1,2}[.、)]\s*\d", line):
            continue
        ts = ls + m.end()
        while ts < le and text[ts] == " ":
            ts += 1
        a, b = _title(text, ts, le, glued=False)
        if b - a < 2:
            continue
        if name in fig_styles and b - a >= fig_min and fig_re.search(text, a, _HEAD_CLAUSE.search(text, a, b).start()):
            return None  # 1、全年完成工业总产值50亿元,…: a numbered item, not a heading
        if name in fig_styles and entry_re.match(text, a, le):
            return None  # 1、XX项目,总投资5亿元,1-6月完成投资…: an entry of a list, not a heading
        return Heading(ls, a, b, m.group(), name, _number(m.group()), text[a:b])
    return None


def find_headings(doc: DocumentText, text: str, styled: dict[int, int] | None = None) -> list[Heading]:
    """Headings by their markers; a paragraph a .docx styles as a heading (``styled``:
    line start -> level) is one too, even with no marker."""
    _, _, _, inline_re, *_ = _cfg()
    heads: list[Heading] = []
    for ln in doc.paras:
        h = _line_heading(text, ln.start, ln.end)
        if h is None and styled and ln.start in styled and not (doc.title and ln.text == doc.title):
            a, b = _title(text, ln.start, ln.end, glued=False)
            h = Heading(ln.start, a, b, "", f"docx{styled[ln.start]}", 0, text[a:b])
        if h and not (doc.title and h.title == doc.title):
            heads.append(h)
        # inline headings open right after a sentence break, or right after the title a
        # glued text runs on from (…工作总结及下半年思路一、1-6月份工作总结): try the pattern there
        opens = [br.end() for br in _BREAK.finditer(text, ln.start, ln.end)]
        breaks = set(opens)
        if doc.title_span and ln.start < doc.title_span[1] < ln.end:
            opens = sorted(set(opens) | {doc.title_span[1]})
        ends = set()  # a heading's title end: another heading may follow it at once (not 一是)
        if h and h.title_end < ln.end:
            opens.append(h.title_end)
            ends.add(h.title_end)
        seen = set()
        i = 0
        while i < len(opens):  # (the list grows as headings are found: read it by index)
            at = opens[i]
            i += 1
            if at in seen:
                continue
            seen.add(at)
            m = inline_re.match(text, at, ln.end)
            if m is None:
                continue
            style = m.lastgroup
            if style == "shi" and at in ends and at not in breaks:
                continue
            ms = m.start(style)
            a, b = _title(text, m.end(), ln.end, glued=True)
            if b - a < 2:
                continue
            heads.append(Heading(ms, a, b, m.group(style), style, _number(m.group(style)), text[a:b]))
            if b < ln.end and style != "shi":
                opens.append(b)
                ends.add(b)  # 一、1-6月份工作总结(一)经济指标…: the next heading may follow at once
    if not any(h.style not in ("shi",) for h in heads):
        heads += _subheads(doc, text)
    heads.sort(key=lambda h: h.start)
    out: list[Heading] = []
    for h in heads:  # a heading found after a break and after a space is one heading
        if not out or out[-1].start != h.start:
            out.append(h)
    return _without_contents(out, text)


# what a table of contents leaves after an entry's title: leader dots and a page number
_TOC_TAIL = _recompile(r"\s*(?:[.．。…·・_\-]{2,}\s*|\s{2,}|\t)\d{1,3}\s*$|\s*[.．…·・]{3,}\s*$")
_CONTENTS = _recompile(r"(?:^|\n)[ \t\u3000]*目[ \t\u3000]*录[ \t\u3000]*(?:\n|$)")
_TOC_GAP = _recompile(r"[\s.．。…·・_\-\d]*")
_TOC_LAST = ".．…·・"  # what _TOC_TAIL's match can end with, but \d and \s


_CONTENTS_HEAD = _recompile(r"(?:^|\n)[ \t\u3000]*目[ \t\u3000]*录")


@lru_cache(maxsize=4)
def _contents_heads(text: str) -> tuple[list, list]:
    """Where a 目录 line's words start and end in the text (found once per text)."""
    found = [(m.start(), m.end()) for m in _CONTENTS_HEAD.finditer(text)]
    return [a for a, _ in found], [b for _, b in found]


def _contents_between(text: str, a: int, e: int) -> bool:
    """``_CONTENTS.search(text, a, e) is not None``, without scanning text[a:e]: the first
    heading of each document of a file looked from the file's start (a scan of every
    document before it)."""
    starts, ends = _contents_heads(text)
    for k in range(bisect.bisect_left(starts, a), len(starts)):
        if starts[k] >= e:
            break
        j = ends[k]
        if j > e:
            continue
        while j < e and text[j] in " \t\u3000":
            j += 1
        if j == e or text[j] == "\n":
            return True
    return False


def _without_contents(heads: list[Heading], text: str) -> list[Heading]:
    """The headings without a table of contents' entries: a heading with nothing under it
    but leader dots and a page number (一、工作回顾……1) whose title comes again later, or
    whose title is followed by leader dots and a page number."""
    def title_key(h):
        return (h.marker, _TOC_TAIL.sub("", h.title).strip())

    out = []
    in_contents = False  # after a 目录 line, through the empty headings that follow it
    maybe_contents = "录" in text
    for i, h in enumerate(heads):
        nxt = heads[i + 1].start if i + 1 < len(heads) else len(text)
        empty = _TOC_GAP.fullmatch(text, h.title_end, nxt) is not None
        # a contents entry's line ends in a page number or leader dots (then spaces): test
        # that last character before scanning the whole line, and only for an empty heading
        dotted = False
        if empty:
            line_end = text.find("\n", h.title_end)
            line_end = len(text) if line_end < 0 else line_end
            j = line_end
            while j > h.title_start and text[j - 1].isspace():
                j -= 1
            c = text[j - 1] if j > h.title_start else ""
            dotted = (c.isdecimal() or c in _TOC_LAST) and \
                _TOC_TAIL.search(text[h.title_start:line_end]) is not None
        prev_end = heads[i - 1].title_end if i else 0
        if maybe_contents and _contents_between(text, prev_end, h.start):
            in_contents = True
        elif not (in_contents and _TOC_GAP.fullmatch(text, prev_end, h.start)):
            in_contents = False
        again = in_contents and empty and any(title_key(g) == title_key(h) for g in heads[i + 1:])
        if (dotted and empty) or again:
            continue
        out.append(h)
    return out


_SUBHEAD_BAD = _recompile(r"[。;!?！？,，、:：|]|\d{4}[-/.]|^\W|(?:管理委员会|管委会|办公室|人民政府|记者|编辑|来源|责任)")


def _subheads(doc: DocumentText, text: str) -> list[Heading]:
    """The unmarked subheads of a news item or briefing with no numbered headings: a short
    line of Han characters standing alone between two paragraphs of text. Two such lines
    in a row are a subhead and the first heading under it (经济运行 / 工业生产稳步回升)."""
    paras = doc.paras

    def candidate(i: int) -> bool:
        t = paras[i].text.strip()
        if not 4 <= len(t) <= 24 or _SUBHEAD_BAD.search(t) or (doc.title and t in doc.title):
            return False
        # Han characters, with a figure allowed (工业经济增长12.5%: a headline figure)
        bare = _FIGURE_CHARS.sub("", t.replace(" ", ""))
        han = sum("\u4e00" <= ch <= "\u9fff" for ch in bare)
        return han >= 4 and han >= 0.8 * len(bare)

    def body(i: int) -> bool:
        return bool(_BODYISH.search(paras[i].text))

    out = []
    for i in range(1, len(paras) - 1):
        if not candidate(i):
            continue
        t = paras[i].text.strip()
        ln = paras[i]
        nxt = paras[i + 1].text
        if body(i - 1) and body(i + 1) and len(nxt) >= 30:
            out.append(Heading(ln.start, ln.start, ln.start + len(t), "", "subhead", 0, t))
        elif body(i - 1) and i + 2 < len(paras) and candidate(i + 1) and body(i + 2) and len(paras[i + 2].text) >= 30:
            out.append(Heading(ln.start, ln.start, ln.start + len(t), "", "subhead", 0, t))
            l2 = paras[i + 1]
            t2 = l2.text.strip()
            out.append(Heading(l2.start, l2.start, l2.start + len(t2), "", "subhead2", 0, t2))
    return out


_FIGURE_CHARS = _recompile(r"\d+(?:\.\d+)?[%％]?")
_BODYISH = _recompile(r"[。!?！？]\s*$|[。]")


_SHI_TITLE = _recompile(r"[^,。;:\d%]{2,16}。")


def _keep_shi(heads: list[Heading], line_starts: set[int], text: str = "") -> list[Heading]:
    """一是/二是 count where they open a paragraph, or where they list the items of a
    problem section (a 存在问题 section whose line breaks a docx export lost), or where
    they are a report's only structure and each opens with a short heading sentence
    (一是规模总量快速增长。…二是…)."""
    if heads and all(h.style == "shi" for h in heads) and len(heads) >= 2 and text:
        if [h.number for h in heads] == list(range(1, len(heads) + 1)) and all(
                _SHI_TITLE.match(text, h.start + len(h.marker)) for h in heads):
            return list(heads)
    out = []
    for i, h in enumerate(heads):
        if h.style != "shi":
            out.append(h)
            continue
        if h.start in line_starts:
            out.append(h)
            continue
        parent = next((p for p in reversed(out) if p.style != "shi"), None)
        if parent is None:
            continue
        if parent.kind == "problem":
            out.append(h)
    return out


def build_tree(heads: list[Heading], doc: DocumentText) -> list[Heading]:
    """Levels from the order marker styles appear in; a style that restarts at 1 right
    under a heading of the same style nests one level deeper."""
    stack: list[tuple[str, int]] = []  # (style, last number)
    ranks = _ranks()[0]
    if heads and ranks.get(heads[0].style) is not None:
        # the report opens with (一) and says 二、 later: the (一) items sit under a 一、 it
        # left out, so the styles that nest higher hold their places from the start
        r0 = ranks[heads[0].style]
        higher = sorted({h.style for h in heads if ranks.get(h.style, 99) < r0}, key=lambda st: ranks[st])
        stack.extend((st, 0) for st in higher if not any(ranks[st] == ranks[o] for o, _ in stack))
    for i, h in enumerate(heads):
        # 1. 2. 3、: a numbered item that continues its sibling's count in another Arabic
        # style is the same list (a typing slip, not a deeper level)
        if (stack and h.style in _ARABIC and stack[-1][0] in _ARABIC and stack[-1][0] != h.style
                and h.number == stack[-1][1] + 1):
            h.style = stack[-1][0]
        pos = next((k for k in range(len(stack) - 1, -1, -1) if stack[k][0] == h.style), None)
        if pos is not None and h.number == 1 and stack[pos][1] > 1 and pos == len(stack) - 1 and i > 0 and heads[i - 1].style == h.style:
            stack.append((h.style, 1))
        elif pos is not None:
            del stack[pos + 1:]
            stack[pos] = (h.style, h.number)
        else:
            r = ranks.get(h.style)
            if r is not None:  # (一) first, 二、 later: 二、 nests higher and closes (一)
                while stack and ranks.get(stack[-1][0], -1) >= r:
                    stack.pop()
            stack.append((h.style, h.number))
        h.level = len(stack)
    # parents, ends, ids
    counters: list[int] = []
    open_: list[int] = []
    for i, h in enumerate(heads):
        while open_ and heads[open_[-1]].level >= h.level:
            open_.pop()
        h.parent = open_[-1] if open_ else None
        if h.parent is not None:
            heads[h.parent].children.append(i)
        open_.append(i)
        del counters[h.level:]
        while len(counters) < h.level:
            counters.append(0)
        counters[h.level - 1] += 1
        h.id = ".".join(str(c) for c in counters[:h.level])
    for i, h in enumerate(heads):
        nxt = next((heads[j].start for j in range(i + 1, len(heads)) if heads[j].level <= h.level), doc.end)
        h.end = nxt
    return heads


@lru_cache(maxsize=1)
def _cue_res() -> dict:
    """Per kind, one pattern for 'any of its cue words is in the title' (one scan in C
    instead of a test per word)."""
    never = re.compile(r"(?!x)x")
    return {k: (re.compile("|".join(re.escape(c) for c in sorted(set(v), key=len, reverse=True))) if v else never)
            for k, v in _cfg()[5].items()}


def cue_kind(title: str) -> Optional[str]:
    cues = _cue_res()
    for kind in ("problem", "done", "plan", "achievement", "other"):
        if cues[kind].search(title):
            if kind == "other" and _REPORTED.search(title):
                return "achievement"  # 一、经济运行基本情况: what happened, not background
            return "achievement" if kind == "done" else kind
    return None


_REPORTED = _recompile(r"运行|指标|经济|完成|工作|成效|进展")


_YEAR = _recompile(r"(?<!\d)(\d{4})\s?年")


def mixed_cues(title: str) -> bool:
    """Whether a heading names two kinds (一、上半年工作完成情况及下半年工作打算)."""
    cues = _cue_res()
    kinds = {("achievement" if k == "done" else k) for k in ("problem", "done", "plan", "achievement")
             if cues[k].search(title)}
    return len(kinds) > 1


def year_kind(title: str, doc_year: Optional[int]) -> Optional[str]:
    """A heading about a year after the report's (三、2011年工作思路 in a 2010 summary) is
    a plan."""
    if not doc_year:
        return None
    years = [int(y) for y in _YEAR.findall(title)]
    if years and min(years) > doc_year:
        return "plan"
    return None


@lru_cache(maxsize=1)
def _body_cues():
    cfg = rules.load("sections")
    plan = compile_rule("sections", "body_plan", alternation(cfg["body_plan"]))
    done = compile_rule("sections", "body_done", alternation(cfg["body_done"]))
    return plan, done


@lru_cache(maxsize=1)
def _done_opening():
    return compile_rule("sections", "body_done_opening", rules.load("sections")["body_done_opening"])


def body_kind(body: str) -> Optional[str]:
    """What the opening of a section says, when it says it clearly: several target cues
    and few reports of work done (plan), or the other way round (achievement)."""
    plan, done = _body_cues()
    p, d = len(plan.findall(body)), len(done.findall(body))
    if _done_opening().match(body):
        d += 2  # 1-6月,全区新引进项目12个…: a body that opens with the months gone by reports them
    if p >= 2 and p >= 2 * d:
        return "plan"
    if d >= 2 and d >= 2 * p:
        return "achievement"
    return None


def lean_kind(title: str) -> Optional[str]:
    lean = _cfg()[6]
    p = sum(title.count(w) for w in lean["plan"])
    a = sum(title.count(w) for w in lean["achievement"])
    if p > a:
        return "plan"
    if a > p:
        return "achievement"
    return None


def assign_kinds(heads: list[Heading], text: str, default: str, classifier=None,
                 doc_year: Optional[int] = None) -> None:
    for i, h in enumerate(heads):
        cue = cue_kind(h.title) or year_kind(h.title, doc_year)
        if h.parent is not None and heads[h.parent].kind in ("plan", "problem") \
                and heads[h.parent].kind_source in ("rule", "inherited") and cue != "problem":
            # the items of a plan (三、下一步工作打算) are plans whatever their words
            # (（一）巩固招商成果), and the items of a problems part problems
            h.kind, h.kind_source = heads[h.parent].kind, "inherited"
            continue
        if cue:
            h.kind, h.kind_source = cue, ("mixed" if mixed_cues(h.title) else "rule")
            continue
        if h.parent is not None and heads[h.parent].kind_source == "mixed":
            # under 上半年工作完成情况及下半年工作打算 an item says which half it is
            own = body_kind(text[h.title_end:min(h.end, h.title_end + 200)]) or lean_kind(h.title)
            h.kind, h.kind_source = (own, "rule") if own else (heads[h.parent].kind, "inherited")
            continue
        if h.parent is not None and heads[h.parent].kind != "other" and heads[h.parent].kind_source != "default":
            h.kind, h.kind_source = heads[h.parent].kind, "inherited"
            continue
        if h.parent is not None:
            # under a background part (一、基本情况) an item says for itself what it is
            # (招商引资成效显著 is an achievement); failing that it is background too
            said = body_kind(text[h.title_end:min(h.end, h.title_end + 200)]) or lean_kind(h.title)
            h.kind, h.kind_source = (said, "rule") if said else ("other", "inherited")
            continue
        nxt = heads[i + 1].start if i + 1 < len(heads) else h.end
        said = body_kind(text[h.title_end:min(nxt, h.end, h.title_end + 200)])
        if said:
            h.kind, h.kind_source = said, "rule"
            continue
        if h.style in ("subhead", "subhead2"):  # a news subhead is a headline of what happened
            h.kind, h.kind_source = default, "default"
            continue
        lean = lean_kind(h.title)
        if lean:
            h.kind, h.kind_source = lean, "rule"
            continue
        # the model ranks what no rule settles (loading scikit-learn costs a second, so
        # it is asked only here)
        guess = None
        if classifier is not None:
            body = text[h.title_end:min(h.end, h.title_end + 80)]
            guess = classifier(h.title, body)
        if guess == "other":
            guess = None  # background is said in so many words (基本情况, 概况): a rule's call
        if guess:
            h.kind, h.kind_source = guess, "model"
        else:
            h.kind, h.kind_source = default, "default"


def smooth_kinds(heads: list[Heading]) -> None:
    """A heading no rule settled takes the kind its rule-settled siblings all share
    (six 加大…力度 plan items: the one the model hesitates on is a plan too); a heading
    whose kind is only the report's default takes the kind most of its children say."""
    for i, h in enumerate(heads):
        if h.kind_source != "default" or len(h.children) < 2:
            continue
        said = [heads[c].kind for c in h.children if heads[c].kind_source in ("rule", "model")]
        if said:
            top = max(set(said), key=said.count)
            if said.count(top) * 5 >= 3 * len(h.children):
                h.kind, h.kind_source = top, "children"
    for h in heads:  # children of a default parent that said nothing follow it
        if h.parent is not None and h.kind_source == "default" and heads[h.parent].kind_source == "children":
            h.kind, h.kind_source = heads[h.parent].kind, "inherited"
    groups: dict[Optional[int], list[Heading]] = {}
    for h in heads:
        groups.setdefault(h.parent, []).append(h)
    for sibs in groups.values():
        settled = {h.kind for h in sibs if h.kind_source == "rule"}
        if len(settled) == 1 and sum(h.kind_source == "rule" for h in sibs) >= 2:
            kind = settled.pop()
            for h in sibs:
                if h.kind_source in ("model", "default") and h.kind != kind:
                    h.kind, h.kind_source = kind, "siblings"
    # children inherit again after a parent changed
    for h in heads:
        if h.parent is not None and h.kind_source == "inherited":
            h.kind = heads[h.parent].kind


def sections_for(doc: DocumentText, text: str, default_kind: str, classifier=None,
                 styled: dict[int, int] | None = None, doc_year: Optional[int] = None) -> list[Heading]:
    heads = find_headings(doc, text, styled)
    line_starts = {ln.start for ln in doc.paras}
    # first pass: tree and kinds without inline 一是, to know which sections are problems
    base = [h for h in heads if h.style != "shi" or h.start in line_starts]
    build_tree(base, doc)
    assign_kinds(base, text, default_kind, classifier, doc_year)
    smooth_kinds(base)
    kinds_at = {h.start: h.kind for h in base}
    for h in heads:
        if h.start in kinds_at:
            h.kind = kinds_at[h.start]
    heads = _keep_shi(heads, line_starts, text)
    for h in heads:
        h.children = []
        h.parent = None
    build_tree(heads, doc)
    assign_kinds(heads, text, default_kind, classifier, doc_year)
    smooth_kinds(heads)
    return heads
