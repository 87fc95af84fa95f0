"""The stages in order: decoded text -> clean -> documents -> header -> sections -> facts.

``run(decoded)`` is the whole pipeline; every stage is a module of its own:
``text.normalise`` -> ``text.split`` -> ``structure.header`` -> ``structure.sections``
-> ``facts.metrics`` -> ``facts.projects`` -> ``facts.problems`` -> ``facts.plans``.
"""
from __future__ import annotations

import bisect
import re
from typing import Optional

from .facts import metrics as metrics_stage
from .facts import plans as plans_stage
from .facts import problems as problems_stage
from .facts import projects as projects_stage
from .io import Decoded
from .learn.models import section_classifier
from .model import Document, Park, Report, Section, Source
from .structure import header as header_stage
from .structure import sections as sections_stage
from .text.normalise import Clean, normalise
from .text.split import DocumentText, split


class _SectionIndex:
    """Which section a clean position falls in (the deepest one)."""

    def __init__(self, heads):
        self.heads = heads
        self.starts = [h.start for h in heads]
        self.kinds = {h.id: h.kind for h in heads}
        self.years: dict = {}

    def section_of(self, pos: int) -> Optional[str]:
        k = bisect.bisect_right(self.starts, pos) - 1
        while k >= 0:
            h = self.heads[k]
            if h.start <= pos < h.end:
                return h.id
            k = h.parent if h.parent is not None else -1
        return None

    def kind_of(self, sid: Optional[str]) -> Optional[str]:
        return self.kinds.get(sid) if sid else None

    def year_of(self, sid: Optional[str]) -> Optional[int]:
        """The year the section's heading, or the nearest above it, names (一、2019年…)."""
        if sid not in self.years:
            by_id = {h.id: h for h in self.heads}
            y, h = None, by_id.get(sid)
            while h is not None and y is None:
                m = _HEADING_YEAR.search(h.title)
                y = int(m.group(1)) if m else None
                h = self.heads[h.parent] if h.parent is not None else None
            self.years[sid] = y
        return self.years[sid]


def _in_title(d, span) -> bool:
    return span[0] <= d.q.start < span[1]


def _headline_figure(d) -> bool:
    """A figure in the title that reports (…规上工业增加值增长13.5%, …出口额较去年同期成长55%),
    not a round threshold (营业额破2兆元) nor the count of a compilation (工作总结两篇)."""
    q = d.q
    if q.qualifier and q.qualifier.split()[0] in _THRESHOLDS:
        return False
    return d.growth is not None or d.growth_masked or q.dim in ("money", "percent")


_THRESHOLDS = ("破", "突破")
_HEADING_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s?年")


def _lazy_section_classifier(title: str, body: str):
    clf = section_classifier()  # loads the model (and scikit-learn) on first use only
    return clf(title, body) if clf is not None else None


def _styled_lines(doc: DocumentText, clean: Clean, styled) -> dict[int, int]:
    """Clean line starts of the paragraphs a .docx styles as headings -> their level."""
    if not styled:
        return {}
    by_start = {s: lvl for s, e, lvl in styled if lvl > 0}
    out = {}
    for ln in doc.paras:
        o = clean.orig_span(ln.start, ln.end)[0]
        if o in by_start:
            out[ln.start] = by_start[o]
    return out


_SUMMARY_LABEL = ("摘要:", "摘要：", "内容摘要:", "内容提要:", "导读:", "提要:")


def _without_copies(paras):
    """A page that repeats a paragraph (a 摘要 that copies the opening, a block printed
    twice) gives its figures once: the later copy, or the summary line, is left out."""
    seen: set[str] = set()
    out = []
    texts = [p.text.strip() for p in paras]
    for i, p in enumerate(paras):
        t = texts[i]
        if len(t) >= 20 and t in seen:
            continue
        if t.startswith(_SUMMARY_LABEL):
            rest = t.split(":", 1)[-1].split("：", 1)[-1].strip().rstrip("…. ")
            if len(rest) >= 20 and any(rest[:40] in u for u in texts[i + 1:i + 6]):
                continue  # 摘要:<the opening paragraph again>
        seen.add(t)
        out.append(p)
    return out


def _document(index: int, doc: DocumentText, clean: Clean, styled=()) -> Document:
    text = clean.text
    park = header_stage.detect_park(doc, text)
    doc_type = header_stage.detect_doc_type(doc.title)
    default_kind = "plan" if doc_type == "plan" else "achievement"
    first_period = header_stage.detect_period(doc, text)  # before the headings: the year kinds read
    heads = sections_stage.sections_for(doc, text, default_kind, _lazy_section_classifier,
                                        styled=_styled_lines(doc, clean, styled),
                                        doc_year=first_period.year if first_period else None)
    period = header_stage.detect_period(doc, text, [h.title for h in heads if h.level == 1])
    ctx = header_stage.context_for(period, park)
    idx = _SectionIndex(heads)
    masked = metrics_stage.is_masked_doc(text, doc.start, doc.end)
    # the title's line is no body, nor a copy of it the page repeats (a headline printed twice)
    body = _without_copies([p for p in doc.paras
                            if not (doc.title_span and p.start <= doc.title_span[0] and p.end <= doc.title_span[1])
                            and not (doc.title and p.text.strip() == doc.title)])
    # a headline's figure is a figure of the report (济南高新区上半年规上工业增加值增长13.5%)
    titled = _without_copies(list(doc.paras)) if doc.title_span else body
    drafts = metrics_stage.extract_metrics(text, titled, ctx, idx.section_of, idx.kind_of, masked, idx.year_of)
    if doc.title_span:
        drafts = [d for d in drafts if not _in_title(d, doc.title_span) or _headline_figure(d)]
    metrics = metrics_stage.to_metrics(drafts, clean)
    sections = tuple(
        Section(id=h.id, parent=heads[h.parent].id if h.parent is not None else None, level=h.level,
                marker=h.marker or None, title=h.title, kind=h.kind,
                span=clean.orig_span(h.start, h.end), kind_source=h.kind_source)
        for h in heads)
    projects = projects_stage.extract_projects(text, body, clean, idx, title=doc.title)
    problems = problems_stage.extract_problems(text, body, clean, heads, idx)
    plans = plans_stage.extract_plans(text, clean, heads, drafts)
    return Document(
        index=index,
        span=clean.orig_span(doc.start, doc.end),
        title=doc.title,
        park=Park(park.name, park.kind or None, clean.orig_span(park.start, park.end)) if park else None,
        period=period,
        doc_type=doc_type,
        sections=sections,
        metrics=tuple(metrics),
        projects=tuple(projects),
        problems=tuple(problems),
        plans=tuple(plans),
    )


def run(decoded: Decoded) -> Report:
    clean = normalise(decoded.text)
    docs = split(clean.text)
    styled = getattr(decoded, "headings", ())
    documents = tuple(_document(i, d, clean, styled) for i, d in enumerate(docs))
    source = Source(path=decoded.path, sha256=decoded.sha256, encoding=decoded.encoding,
                    chars=len(decoded.text), format=decoded.format)
    return Report(source=source, documents=documents, text=decoded.text)
