"""Problems: the items of problem sections, and problem sentences elsewhere."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from ..recache import compile as _recompile  # kept compiled between runs
from .. import rules
from ..model import Problem
from ..rules import alternation, compile_rule
from ..text.sentences import SENTENCE_BREAK, Sentences


@lru_cache(maxsize=1)
def _cfg():
    cfg = rules.load("problems")
    cue = compile_rule("problems", "cues", "|".join(f"(?:{c})" for c in cfg["cues"]))
    notp = compile_rule("problems", "not_problem", alternation(cfg["not_problem"]))
    contrast = compile_rule("problems", "contrast", rf"(?:{alternation(cfg['contrast'])})[,]?")
    cats = {k: tuple(v) for k, v in cfg["categories"].items()}
    strong = compile_rule("problems", "strong_cues", alternation(cfg["strong_cues"]))
    conseq = compile_rule("problems", "consequence", rf"^(?:{alternation(cfg['consequence'])})")
    return cue, notp, contrast, cats, strong, conseq


def category(text: str) -> Optional[str]:
    """Keywords decide when there are any; the classifier ranks the rest (it loads
    scikit-learn, a second of start-up, so it is asked only then)."""
    cats = _cfg()[3]
    scores = {k: sum(text.count(w) for w in ws) for k, ws in cats.items()}
    ranked = sorted(scores, key=lambda k: (-scores[k], list(cats).index(k)))
    if scores[ranked[0]]:
        return ranked[0]  # ties go to the category listed first in rules/problems.yaml
    from ..learn.models import problem_classifier

    clf = problem_classifier()
    guess = clf(text) if clf is not None else None
    return guess or None


_CLAUSE = _recompile(r"[,:;。]")
_OPENER = _recompile(r"^(?:但是|但|然而|同时|不过|另外|此外)")
_ACHIEVED = _recompile(r"(?:取得|成绩|成效)")
_ITEM = _recompile(r"^(?:[一二三四五六七八九十]+是|\(?[一二三四五六七八九十\d]+[)、.]|[①-⑩])\s*")


def _headline(s: str) -> str:
    s = _ITEM.sub("", s.strip())
    first = _CLAUSE.split(s, maxsplit=1)[0]
    first = _OPENER.sub("", first).strip()
    return first[:30]


def extract_problems(text: str, paras, clean, heads, idx) -> list[Problem]:
    cue, notp, contrast, _, strong, conseq = _cfg()
    out: list[Problem] = []
    sents = Sentences(text, SENTENCE_BREAK)
    seen: set[tuple[int, int]] = set()

    def add(headline: str, s: int, e: int, sid: Optional[str]):
        if (s, e) in seen or len(headline) < 2:
            return
        seen.add((s, e))
        body = text[s:e].strip()
        out.append(Problem(headline=headline, text=body, category=category(body), section=sid,
                           span=clean.orig_span(s, e)))

    problem_ranges = []
    for h in heads:
        if h.kind != "problem":
            continue
        parent_problem = h.parent is not None and heads[h.parent].kind == "problem"
        grand_problem = parent_problem and heads[h.parent].parent is not None and heads[heads[h.parent].parent].kind == "problem"
        if grand_problem:
            continue  # a sub-item (1)纺织行业) belongs to its item's problem
        if parent_problem:
            # an item of a problem section: one problem, its title the headline
            add(_headline(h.title), h.start, h.end, h.id)
            continue
        if h.children:
            problem_ranges.append((h.start, h.end))
            continue
        problem_ranges.append((h.start, h.end))
        for a, b in sents.spans(h.title_end, h.end):
            sent = text[a:b].strip()
            if len(sent) < 6 or not cue.search(sent) or notp.search(sent[:6]):
                continue
            if _ACHIEVED.search(sent) and "但" in sent:
                continue
            add(_headline(sent), a, b, h.id)
    # problem clauses elsewhere (not in plan sections): a strong cue, or any cue after 但是
    for p in paras:
        for a, b in sents.spans(p.start, p.end):
            if any(s <= a < e for s, e in problem_ranges):
                continue
            sid = idx.section_of(a)
            sent = text[a:b]
            cm = contrast.search(sent)
            if idx.kind_of(sid) == "plan" and cm is None:
                continue  # plans name problems only to say they will be solved
            start = cm.end() if cm else 0
            if not cm and not strong.search(sent):
                continue
            prev = None
            pos = start
            for clause in _SUB_CLAUSE.split(sent[start:]):
                cs, ce = a + pos, a + pos + len(clause)
                pos += len(clause) + 1
                c = clause.strip()
                if len(c) < 4:
                    continue
                if prev is not None and conseq.match(c):
                    continue  # 成为企业开工建设的最大障碍: the problem before it, told again
                hit = strong.search(c) or (cm is not None and cue.search(c))
                if hit and c[hit.end():hit.end() + 1].isdigit():
                    hit = None  # 不足3000吨: a qualifier of a figure
                if hit and not notp.search(c):
                    add(_headline(c), cs, ce, sid)
                    prev = c
                else:
                    prev = None
    return out


_SUB_CLAUSE = _recompile(r"[,:]")
