"""Site boilerplate out, compilations cut apart: clean text -> [DocumentText].

Works on the clean text (``normalise``) and returns clean spans. Boilerplate lines are
kept out of every document's paragraphs; a file that strings several reports together
(第一篇 … 第五篇, or several titled reports in a row) yields one ``DocumentText`` each.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..recache import compile as _recompile  # kept compiled between runs
from .. import rules
from ..rules import AnyRule, alternation, compile_rule


@dataclass(frozen=True)
class Line:
    start: int
    end: int
    text: str
    boilerplate: bool


@dataclass
class DocumentText:
    start: int
    end: int
    lines: list[Line]                      # non-empty lines, boilerplate included
    title: str | None = None
    title_span: tuple[int, int] | None = None
    header_end: int = 0                    # clean index where the body starts
    paras: list[Line] = field(default_factory=list)  # body lines, no boilerplate


@lru_cache(maxsize=1)
def _patterns():
    bp = rules.load("boilerplate")
    doc = rules.load("documents")
    parks = rules.load("parks")
    line_re = AnyRule("boilerplate", "lines", bp["lines"])
    heads = compile_rule("boilerplate", "heads", "|".join(f"(?:{p})" for p in bp["heads"]))
    comp = compile_rule("documents", "compilation", doc["compilation"])
    words = alternation(doc["title_words"])
    title_line = compile_rule("documents", "title_words", f"(?:{words})")
    park_kind = compile_rule("parks", "kinds", f"(?:{alternation(parks['kinds'])})")
    page_tail = compile_rule("boilerplate", "page_tail", r"\s*第\s*\d+\s*页\s*$")
    glued = compile_rule(
        "documents", "glued_title",
        rf"^(?P<t>[^,，。;；:：!！?？\n]{{4,{int(doc['title_max_chars'])}}}?(?:{words}))(?=\d{{4}}年|[,，。:：]|在|一、|$)")
    return line_re, comp, title_line, park_kind, page_tail, glued, int(doc["title_max_chars"]), heads


BOILERPLATE_SCAN = 240


def is_boilerplate(line: str) -> bool:
    return bool(_patterns()[0].search(line, 0, BOILERPLATE_SCAN))


# the rest of a line after a boilerplate head (当前位置:首页>…>) is a report of its own when
# it is at least this long and reads as body text
HEAD_REST_MIN = 40


def lines_of(text: str) -> list[Line]:
    patterns = _patterns()
    line_re, heads = patterns[0], patterns[7]
    out, pos = [], 0
    for raw in text.split("\n"):
        s, e = pos, pos + len(raw)
        pos = e + 1
        lead = len(raw) - len(raw.lstrip())
        body = raw.strip()
        if not body:
            continue
        # site boilerplate shows itself at the head of a line: reading a long body line
        # to its end for it costs most of this stage
        start = s + lead
        bp = bool(line_re.search(body, 0, BOILERPLATE_SCAN))
        if bp:
            # a page saved as one line: the breadcrumb is boilerplate, the report after
            # it is not (the whole line used to go, and with it every document)
            m = heads.match(body, 0, BOILERPLATE_SCAN)
            rest = body[m.end():].lstrip() if m else ""
            if len(rest) >= HEAD_REST_MIN and _is_body(Line(0, 0, rest, False)):
                head = body[:m.end()].rstrip()
                out.append(Line(start, start + len(head), head, True))
                rs = start + len(body) - len(rest)
                out.append(Line(rs, rs + len(rest), rest, False))
                continue
        out.append(Line(start, start + len(body), body, bp or _foreign(body)))
    return out


_HAN_RUN = _recompile(r"[\u4e00-\u9fff]")
_LETTER = _recompile(r"[A-Za-z]")


def _foreign(line: str) -> bool:
    """A line that is no Chinese text: forum anti-copy junk (: R: C! c1 @- k/ x6 }5 f) or a
    machine translation into English; its figures are no report's."""
    if len(line) < 12:
        return False
    han = len(_HAN_RUN.findall(line[:400]))
    return han * 5 < min(len(line), 400) and len(_LETTER.findall(line[:400])) * 4 >= min(len(line), 400)


_PUNCT = set("。;；!！?？")


def _is_body(line: Line) -> bool:
    return len(line.text) >= 40 or any(c in _PUNCT for c in line.text) or "," in line.text[:30]


@lru_cache(maxsize=1)
def _bullets() -> frozenset:
    return frozenset(str(rules.load("documents")["bullets"]))


_HEADING_START = _recompile(r"^(?:[一二三四五六七八九十]+[、是]|[(（]?[一二三四五六七八九十\d]+[)）、.])")


def is_title_line(text: str) -> bool:
    _, _, title_line, _, page_tail, _, tmax, _ = _patterns()
    t = page_tail.sub("", text)
    if _HEADING_START.match(t) or t[:1] in _bullets():
        return False  # a numbered heading is a section, a bulleted line a list item
    if not (2 <= len(t) <= tmax) or any(c in _PUNCT or c in ",，:：" for c in t):
        return False
    if t.count(" ") >= 3 or t.startswith("序号"):
        return False  # a table's header row (序号 指标 单位 目标值 完成情况)
    return bool(title_line.search(t))


def _title_from(line: Line) -> tuple[str, tuple[int, int]] | None:
    page_tail = _patterns()[4]
    t = page_tail.sub("", line.text)
    if t.count(" ") >= 3 or t.startswith("序号"):
        return None  # a table's header row (序号 指标 单位 目标值 完成情况)
    if is_title_line(t):
        return t, (line.start, line.start + len(t))
    m = _patterns()[5].match(line.text)
    if m and not _HEADING_START.match(line.text) and line.text[:1] not in _bullets() and (_patterns()[3].search(m.group("t")) or "年" in m.group("t")):
        return m.group("t"), (line.start, line.start + m.end("t"))
    return None


_HEADLINE_BAD = _recompile(r"[。;；!！?？,，|]|[:：]\s*$|^\W|^\d[\d\s:/.-]*$|(管理委员会|管委会|人民政府|网|网站|频道)$")
_HAN_CHAR = _recompile(r"[\u4e00-\u9fff]")


def _headline(line: Line) -> tuple[str, tuple[int, int]] | None:
    """A news headline standing for a title (彭山经开区一季度主要经济指标稳健开局): a short
    line of mostly Han characters without sentence punctuation."""
    t = line.text
    if line.boilerplate or not 6 <= len(t) <= 40 or _HEADLINE_BAD.search(t) or _HEADING_START.match(t):
        return None
    if len(_HAN_CHAR.findall(t)) < 0.6 * len(t.replace(" ", "")):
        return None
    return t, (line.start, line.end)


_FILE_EXT = _recompile(r"\.(docx?|pdf|txt|wps|pptx?)$", re.I)
_MASKED = _recompile(r"[xX*＊]{2,}")
_LABEL = _recompile(r"^(?:文章标题|文档标题|标题|本文标题)\s*[:：]\s*")


def _labelled_title(line: Line) -> tuple[str, tuple[int, int]] | None:
    """文章标题:XX经济园2005年度情况汇报 -> the title the page itself names."""
    m = _LABEL.match(line.text)
    if not m:
        return None
    t = line.text[m.end():].strip()
    if not 4 <= len(t) <= _patterns()[6]:
        return None
    start = line.start + line.text.index(t, m.end())
    return t, (start, start + len(t))


def _finish(doc: DocumentText, forced_title: tuple[str, tuple[int, int]] | None,
            group: list[Line]) -> DocumentText:
    # header: lines before the first body line (running headers such as
    # "…工作总结第2页" are boilerplate, yet they name the report)
    header: list[Line] = []
    body_start = None
    for ln in group:
        if not ln.boilerplate and _is_body(ln):
            body_start = ln
            break
        header.append(ln)
    best = forced_title
    if best is None:
        cands = [c for c in (_title_from(ln) for ln in header) if c]
        labelled = [c for c in (_labelled_title(ln) for ln in header) if c]
        if labelled:
            best = labelled[0]
        elif cands:
            # a file name (….doc) or a masked copy (20xx年) is the site's, not the report's
            best = max(cands, key=lambda c: (not _FILE_EXT.search(c[0]), -len(_MASKED.findall(c[0])), len(c[0])))
        elif body_start is not None:
            best = _title_from(body_start)
        if best is None:
            # a news page: the headline among the lines before the body, the one naming a
            # park or a period if several
            heads = [h for h in (_headline(ln) for ln in header) if h]
            if heads:
                named = [h for h in heads if _patterns()[3].search(h[0])]
                best = (named or heads)[0]
    if best:
        doc.title, doc.title_span = best
    doc.header_end = body_start.start if body_start else doc.end
    doc.paras = [ln for ln in doc.lines if not ln.boilerplate]
    return doc


def _other_park(title: str, current: str | None) -> bool:
    """Whether a title names another park than the current report's title."""
    if not current:
        return False
    from ..structure.header import find_parks

    a = {p.name for p in find_parks(title) if p.name != p.kind}
    b = {p.name for p in find_parks(current) if p.name != p.kind}
    return bool(a and b and not (a & b))


def split(text: str) -> list[DocumentText]:
    """Cut a clean text into its reports."""
    _, comp, _, park_kind, *_ = _patterns()
    lines = lines_of(text)
    if not lines:
        return []
    # 1. compilations: 第一篇 … 第N篇
    marks = [i for i, ln in enumerate(lines) if comp.match(ln.text)]
    groups: list[tuple[list[Line], tuple[str, tuple[int, int]] | None]] = []
    if marks:
        for k, i in enumerate(marks):
            j = marks[k + 1] if k + 1 < len(marks) else len(lines)
            m = comp.match(lines[i].text)
            t = m.group("title").strip()
            forced = (t, (lines[i].start + m.start("title"), lines[i].start + m.end("title"))) if t else None
            groups.append((lines[i:j], forced))
        pre = [ln for ln in lines[:marks[0]] if not ln.boilerplate]
        if sum(len(ln.text) for ln in pre if _is_body(ln)) >= 400:
            groups.insert(0, (lines[:marks[0]], None))
    else:
        # 2. several titled reports in a row: a park-named title line after a body
        cur: list[Line] = []
        cur_title: str | None = None
        body_chars = 0
        for ln in lines:
            if (not ln.boilerplate and is_title_line(ln.text) and park_kind.search(ln.text)
                    and ln.text != cur_title
                    and (body_chars >= 800 or (body_chars >= 100 and _other_park(ln.text, cur_title)))):
                groups.append((cur, None))
                cur, body_chars, cur_title = [], 0, ln.text
            if not ln.boilerplate and is_title_line(ln.text) and (
                    cur_title is None or (not park_kind.search(cur_title) and park_kind.search(ln.text))):
                cur_title = ln.text  # the report's title: its first title line, one naming a park if any
            cur.append(ln)
            if not ln.boilerplate and _is_body(ln):
                body_chars += len(ln.text)
        groups.append((cur, None))
        # a trailing group with little body is not a report of its own
        last_title = next((ln.text for ln in groups[-1][0] if not ln.boilerplate and is_title_line(ln.text)), None)
        prev_title = next((ln.text for ln in groups[-2][0] if not ln.boilerplate and is_title_line(ln.text)), None) \
            if len(groups) > 1 else None
        if (len(groups) > 1 and sum(len(ln.text) for ln in groups[-1][0] if _is_body(ln)) < 300
                and not (last_title and _other_park(last_title, prev_title))):
            last = groups.pop()
            groups[-1] = (groups[-1][0] + last[0], groups[-1][1])
    docs = []
    for glines, forced in groups:
        real = [ln for ln in glines if not ln.boilerplate]
        if not real:
            continue
        first = glines.index(real[0]) if forced is None else 0
        keep = glines[first:]
        while keep and keep[-1].boilerplate:
            keep.pop()
        docs.append(_finish(DocumentText(keep[0].start, keep[-1].end, keep), forced, glines))
    return docs
