"""Views of a Report: pandas frames, a terminal table, and the evidence page.

``page_html(report)`` is one self-contained HTML page (``reportmine view FILE -o
page.html``): the document's text with every metric, project, problem and section
heading highlighted at its span and its fields on hover, an outline to jump through, a
facts table whose rows link to the text, and toggles for masked figures and each kind of
fact. No script, no font, no address outside the page: it works offline, in any browser,
and in Jupyter, where ``Report._repr_html_()`` gives the same view without the page's
``<html>`` shell.
"""
from __future__ import annotations

import hashlib
import html
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from .model import Report

METRIC_COLUMNS = ["document", "park", "indicator", "mention", "value", "unit", "base_value", "base_unit",
                  "qualifier", "growth_pct", "growth_basis", "completion_pct", "period", "period_year",
                  "modality", "masked", "growth_masked", "growth_kind", "section", "start", "end", "confidence",
                  "rule", "evidence"]


def _period(p):
    return (p.label, p.year) if p else (None, None)


def metrics_rows(report: "Report") -> list[dict]:
    rows = []
    for d in report.documents:
        for m in d.metrics:
            label, year = _period(m.period)
            rows.append({
                "document": d.index, "park": d.park.name if d.park else None, "indicator": m.indicator,
                "mention": m.mention, "value": m.value, "unit": m.unit, "base_value": m.base_value,
                "base_unit": m.base_unit, "qualifier": m.qualifier, "growth_pct": m.growth_pct,
                "growth_basis": m.growth_basis, "completion_pct": m.completion_pct, "period": label,
                "period_year": year, "modality": m.modality, "masked": m.masked,
                "growth_masked": m.growth_masked, "growth_kind": m.growth_kind, "section": m.section,
                "start": m.span[0], "end": m.span[1], "confidence": m.confidence, "rule": m.rule,
                "evidence": report.text[m.span[0]:m.span[1]] if report.text else None,
            })
    return rows


def metrics_frame(report: "Report"):
    import pandas as pd

    return pd.DataFrame(metrics_rows(report), columns=METRIC_COLUMNS)


def sections_frame(report: "Report"):
    import pandas as pd

    rows = [{"document": d.index, "id": s.id, "parent": s.parent, "level": s.level, "marker": s.marker,
             "title": s.title, "kind": s.kind, "kind_source": s.kind_source, "start": s.span[0], "end": s.span[1]}
            for d in report.documents for s in d.sections]
    return pd.DataFrame(rows, columns=["document", "id", "parent", "level", "marker", "title", "kind",
                                       "kind_source", "start", "end"])


def projects_frame(report: "Report"):
    import pandas as pd

    rows = [{"document": d.index, "name": p.name, "status": p.status,
             "investment_value": p.investment.value if p.investment else None,
             "investment_unit": p.investment.unit if p.investment else None,
             "investment_base": p.investment.base_value if p.investment else None,
             "section": p.section, "start": p.span[0], "end": p.span[1], "mentions": len(p.spans) or 1}
            for d in report.documents for p in d.projects]
    return pd.DataFrame(rows, columns=["document", "name", "status", "investment_value", "investment_unit",
                                       "investment_base", "section", "start", "end", "mentions"])


def problems_frame(report: "Report"):
    import pandas as pd

    rows = [{"document": d.index, "headline": p.headline, "category": p.category, "section": p.section,
             "start": p.span[0], "end": p.span[1], "text": p.text}
            for d in report.documents for p in d.problems]
    return pd.DataFrame(rows, columns=["document", "headline", "category", "section", "start", "end", "text"])


def _fmt_num(v) -> str:
    if v is None:
        return "—"
    return f"{v:g}" if isinstance(v, float) else str(v)


def table_text(report: "Report") -> str:
    """A readable terminal summary: per document, its facts, outline and metrics."""
    out = [f"# {report.source.path or '<stdin>'}  ({report.source.encoding}, {report.source.chars} chars, "
           f"{len(report.documents)} document{'s' if len(report.documents) != 1 else ''})"]
    for d in report.documents:
        out.append("")
        out.append(f"## [{d.index}] {d.title or '(untitled)'}")
        out.append(f"   park: {d.park.name if d.park else '—'}"
                   f"{' (' + d.park.kind + ')' if d.park and d.park.kind else ''}   "
                   f"period: {d.period.label if d.period else '—'}   type: {d.doc_type or '—'}")
        if d.sections:
            out.append("   outline:")
            for s in d.sections:
                out.append(f"   {'  ' * s.level}{s.marker or ''}{s.title}  [{s.kind}]")
        if d.metrics:
            out.append(f"   metrics ({len(d.metrics)}):")
            for m in d.metrics:
                val = "masked" if m.masked else _fmt_num(m.value)
                g = f"  {m.growth_pct:+g}%" if m.growth_pct is not None else ""
                p = f"  [{m.period.label}]" if m.period else ""
                mod = f"  ({m.modality})" if m.modality != "actual" else ""
                out.append(f"     {m.indicator:<22} {val:>12} {m.unit or '':<6}{g}{p}{mod}")
        if d.projects:
            out.append(f"   projects ({len(d.projects)}):")
            for pr in d.projects:
                out.append(f"     {pr.name}  [{pr.status or '—'}]")
        if d.problems:
            out.append(f"   problems ({len(d.problems)}):")
            for pb in d.problems:
                out.append(f"     {pb.headline}  [{pb.category or '—'}]")
    return "\n".join(out)


# -- the evidence page --------------------------------------------------------------------

# a notebook cell that holds more text than this shows the facts and says how to get the
# whole page (a browser copes with any size; a notebook's output area does not)
NOTEBOOK_MAX_CHARS = 2_000_000

_CSS = """
.rm-view{font:14px/1.6 system-ui,-apple-system,"Segoe UI","Noto Sans CJK SC","WenQuanYi Zen Hei","PingFang SC","Microsoft YaHei",sans-serif;color:#1d2430}
.rm-view .rm-head{padding:6px 10px;background:#f3f5f8;border:1px solid #d8dde5;border-radius:4px;margin-bottom:8px}
.rm-view .rm-head b{font-weight:600}
.rm-view .rm-tog{display:none}
.rm-view .rm-bar{margin:6px 0 10px}
.rm-view .rm-bar label{display:inline-block;margin-right:6px;padding:1px 8px;border:1px solid #c9d0da;border-radius:10px;cursor:pointer;user-select:none;background:#fff}
.rm-view .rm-grid{display:grid;grid-template-columns:minmax(160px,24%) 1fr;gap:12px;align-items:start}
.rm-view .rm-outline{position:sticky;top:0;max-height:80vh;overflow:auto;font-size:13px;border-right:1px solid #e3e7ed;padding-right:8px}
.rm-view .rm-outline ol{list-style:none;margin:0;padding-left:12px}
.rm-view .rm-outline>ol{padding-left:0}
.rm-view .rm-outline a{color:#1f4e8c;text-decoration:none}
.rm-view .rm-outline a:hover{text-decoration:underline}
.rm-view .rm-doc{font-weight:600;margin:6px 0 2px}
.rm-view .rm-kind{font-size:11px;color:#5b6575;margin-left:4px}
.rm-view .rm-text{white-space:pre-wrap;word-break:break-all;margin:0;max-height:80vh;overflow:auto;padding:8px 10px;border:1px solid #e3e7ed;border-radius:4px;background:#fff;font:inherit}
.rm-view mark{background:none;color:inherit;padding:0;border-radius:2px}
.rm-view mark.rm-m{background:#ffe58a}
.rm-view mark.rm-m.rm-masked{background:#ffc9a3;outline:1px dashed #d2691e}
.rm-view mark.rm-p{border-bottom:2px solid #2f6fd1;background:#e4eefc}
.rm-view mark.rm-q{background:#fbe3e4}
.rm-view mark.rm-h{font-weight:600;border-left:3px solid #7a8aa0;padding-left:2px}
.rm-view mark.rm-h.rm-k-problem{border-left-color:#c8453a}
.rm-view mark.rm-h.rm-k-plan{border-left-color:#2f6fd1}
.rm-view mark.rm-h.rm-k-achievement{border-left-color:#2e8b57}
.rm-view mark.rm-park{border-bottom:2px dotted #2e8b57}
.rm-view mark[title]:hover{outline:2px solid #1d2430;cursor:help}
.rm-view mark:target{outline:3px solid #1d2430}
.rm-view .rm-facts{margin-top:12px}
.rm-view .rm-facts h4{margin:12px 0 4px}
.rm-view table.rm-table{border-collapse:collapse;font-size:13px;width:100%}
.rm-view table.rm-table th,.rm-view table.rm-table td{border:1px solid #e3e7ed;padding:2px 6px;text-align:left;vertical-align:top}
.rm-view table.rm-table th{background:#f3f5f8;font-weight:600}
.rm-view table.rm-table td.rm-num{text-align:right;font-variant-numeric:tabular-nums}
.rm-view .rm-note{color:#5b6575;font-size:13px}
#T-masked:checked~.rm-bar label[for=T-masked],#T-metrics:not(:checked)~.rm-bar label[for=T-metrics],#T-projects:not(:checked)~.rm-bar label[for=T-projects],#T-problems:not(:checked)~.rm-bar label[for=T-problems]{background:#1d2430;color:#fff}
#T-masked:checked~.rm-body mark.rm-m:not(.rm-masked){background:none}
#T-masked:checked~.rm-body tr.rm-row-m:not(.rm-masked){display:none}
#T-metrics:not(:checked)~.rm-body mark.rm-m{background:none;outline:none}
#T-projects:not(:checked)~.rm-body mark.rm-p{background:none;border-bottom:none}
#T-problems:not(:checked)~.rm-body mark.rm-q{background:none}
"""


def _esc(text: str) -> str:
    """Text for an HTML text node. U+0000 would become U+FFFD in the browser and other
    C0 controls are parse errors: each is written as U+FFFD, so the page has exactly as
    many characters as the report's text and every highlight stays at its span."""
    out = html.escape(text, quote=False)
    if any(c < " " and c not in "\t\n" for c in out):
        out = "".join("\ufffd" if (c < " " and c not in "\t\n") else c for c in out)
    return out


def _attr(text: str) -> str:
    return html.escape(text, quote=True)


def _fmt_period(p) -> str:
    return p.label if p else "—"


def _metric_tip(m, section_titles: dict) -> str:
    if m.masked:
        val = "masked (value null)"
    else:
        val = f"{_fmt_num(m.value)} {m.unit or ''}".strip()
    parts = [f"{m.indicator}: {val}"]
    if m.growth_pct is not None or m.growth_masked:
        g = "masked" if m.growth_masked else f"{m.growth_pct:+g}%"
        parts.append(f"growth {g}" + (f" ({m.growth_basis})" if m.growth_basis else ""))
    if m.completion_pct is not None:
        parts.append(f"completion {m.completion_pct:g}%")
    if m.base_value is not None:
        parts.append(f"= {m.base_value:g} {m.base_unit or ''}".strip())
    parts.append(f"period: {_fmt_period(m.period)}")
    parts.append(f"modality: {m.modality}")
    if m.qualifier:
        parts.append(f"qualifier: {m.qualifier}")
    parts.append(f"mention: {m.mention}")
    if m.section:
        parts.append(f"section: {m.section} {section_titles.get(m.section, '')}".rstrip())
    parts.append(f"rule: {m.rule or '—'} · confidence {m.confidence:g}")
    return "\n".join(parts)


def _project_tip(p) -> str:
    parts = [f"project: {p.name}", f"status: {p.status or '—'}"]
    if p.investment is not None:
        inv = "masked" if p.investment.value is None else f"{_fmt_num(p.investment.value)} {p.investment.unit or ''}"
        parts.append(f"investment: {inv}".rstrip())
    if p.section:
        parts.append(f"section: {p.section}")
    parts.append(f"mentions: {len(p.spans) or 1}")
    return "\n".join(parts)


def _problem_tip(p) -> str:
    return "\n".join([f"problem: {p.headline}", f"category: {p.category or '—'}"]
                     + ([f"section: {p.section}"] if p.section else []))


def _heading_span(text: str, s) -> tuple[int, int]:
    """The span of a section's marker and title in the text (the section's own span runs
    to its end); the title as far as the text shows it verbatim."""
    a, b = s.span
    head = (s.marker or "") + s.title
    line_end = text.find("\n", a, b)
    limit = b if line_end < 0 else line_end
    if head and text.startswith(head, a) and a + len(head) <= limit:
        return a, a + len(head)
    # normalised text (full-width forms, traditional script): up to the title's length
    return a, min(limit, a + len(head)) if head else a


class _Ann:
    __slots__ = ("start", "end", "cls", "id", "tip", "order")

    def __init__(self, start, end, cls, id_, tip, order):
        self.start, self.end, self.cls, self.id, self.tip, self.order = start, end, cls, id_, tip, order


def _annotations(report, prefix: str) -> list[_Ann]:
    text = report.text
    n = len(text)
    anns: list[_Ann] = []
    order = 0

    def add(span, cls, id_, tip):
        nonlocal order
        a, b = max(0, min(n, span[0])), max(0, min(n, span[1]))
        if b > a:
            anns.append(_Ann(a, b, cls, id_, tip, order))
            order += 1

    for d in report.documents:
        titles = {s.id: s.title for s in d.sections}
        if d.park is not None:
            add(d.park.span, "rm-park", f"{prefix}-park-{d.index}",
                f"park: {d.park.name}" + (f" ({d.park.kind})" if d.park.kind else ""))
        for s in d.sections:
            add(_heading_span(text, s), f"rm-h rm-k-{s.kind}", f"{prefix}-s-{d.index}-{s.id}",
                f"section {s.id}: {(s.marker or '')}{s.title}\nkind: {s.kind} ({s.kind_source})\nlevel: {s.level}")
        for i, p in enumerate(d.problems):
            add(p.span, "rm-q", f"{prefix}-q-{d.index}-{i}", _problem_tip(p))
        for i, p in enumerate(d.projects):
            spans = p.spans or (p.span,)
            tip = _project_tip(p)
            for k, sp in enumerate(spans):
                add(sp, "rm-p", f"{prefix}-p-{d.index}-{i}" + (f"-{k}" if k else ""), tip)
        for i, m in enumerate(d.metrics):
            add(m.span, "rm-m rm-masked" if m.masked else "rm-m", f"{prefix}-m-{d.index}-{i}", _metric_tip(m, titles))
    return anns


def _marked_text(text: str, anns: list[_Ann]) -> str:
    """The text with each annotation as ``<mark>`` elements, properly nested: where two
    spans cross, the inner one is closed and opened again (its pieces share ``data-a``;
    the first piece carries the ``id``)."""
    starts: dict[int, list[_Ann]] = {}
    ends: set[int] = set()
    for a in anns:
        starts.setdefault(a.start, []).append(a)
        ends.add(a.end)
    points = sorted(set(starts) | ends | {0, len(text)})
    out: list[str] = []
    stack: list[_Ann] = []
    opened: set[str] = set()

    def open_(a: _Ann) -> None:
        first = a.id not in opened
        opened.add(a.id)
        attrs = f' class="{a.cls}" data-a="{a.id}"'
        if first:
            attrs += f' id="{a.id}"'
        attrs += f' title="{_attr(a.tip)}"'
        out.append(f"<mark{attrs}>")
        stack.append(a)

    prev = 0
    for p in points:
        if p > prev:
            out.append(_esc(text[prev:p]))
        prev = p
        # close what ends here; what was opened inside it is closed and reopened
        if any(a.end == p for a in stack):
            # find the lowest stack index that ends here
            low = next(i for i, a in enumerate(stack) if a.end == p)
            reopen = [a for a in stack[low:] if a.end != p]
            out.append("</mark>" * (len(stack) - low))
            del stack[low:]
            for a in reopen:
                open_(a)
        for a in sorted(starts.get(p, ()), key=lambda a: (-a.end, a.order)):
            open_(a)
    out.append("</mark>" * len(stack))
    return "".join(out)


def _outline(report, prefix: str) -> str:
    parts = ["<nav class=\"rm-outline\"><ol>"]
    for d in report.documents:
        label = f"[{d.index}] {d.title or '(untitled)'}"
        meta = " · ".join(x for x in (d.park.name if d.park else "", _fmt_period(d.period) if d.period else "",
                                       d.doc_type or "") if x)
        parts.append(f"<li><div class=\"rm-doc\">{_esc(label)}</div>"
                     + (f"<div class=\"rm-note\">{_esc(meta)}</div>" if meta else ""))
        # the sections as a tree (their order is the text's, parents before children)
        children: dict = {}
        for s in d.sections:
            children.setdefault(s.parent, []).append(s)

        def tree(parent) -> str:
            items = children.get(parent, [])
            if not items:
                return ""
            li = "".join(
                f"<li><a href=\"#{prefix}-s-{d.index}-{_attr(s.id)}\">{_esc((s.marker or '') + s.title)}</a>"
                f"<span class=\"rm-kind\">{_esc(s.kind)}</span>{tree(s.id)}</li>" for s in items)
            return f"<ol>{li}</ol>"

        parts.append(tree(None) + "</li>")
    parts.append("</ol></nav>")
    return "".join(parts)


def _facts(report, prefix: str) -> str:
    text = report.text
    rows_m, rows_p, rows_q = [], [], []
    for d in report.documents:
        for i, m in enumerate(d.metrics):
            val = "masked" if m.masked else _fmt_num(m.value)
            g = "masked" if m.growth_masked else ("" if m.growth_pct is None else f"{m.growth_pct:+g}%")
            cls = "rm-row-m rm-masked" if m.masked else "rm-row-m"
            rows_m.append(
                f"<tr class=\"{cls}\"><td>{d.index}</td><td>{_esc(m.indicator)}</td><td>{_esc(m.mention)}</td>"
                f"<td class=\"rm-num\">{_esc(val)}</td><td>{_esc(m.unit or '')}</td><td class=\"rm-num\">{_esc(g)}</td>"
                f"<td>{_esc(_fmt_period(m.period))}</td><td>{_esc(m.modality)}</td><td>{_esc(m.section or '')}</td>"
                f"<td><a href=\"#{prefix}-m-{d.index}-{i}\">{_esc(text[m.span[0]:m.span[1]])}</a></td></tr>")
        for i, p in enumerate(d.projects):
            inv = "" if p.investment is None else (
                "masked" if p.investment.value is None else f"{_fmt_num(p.investment.value)} {p.investment.unit or ''}")
            links = " ".join(f"<a href=\"#{prefix}-p-{d.index}-{i}{'-' + str(k) if k else ''}\">{k + 1}</a>"
                             for k in range(len(p.spans) or 1))
            rows_p.append(f"<tr><td>{d.index}</td><td>{_esc(p.name)}</td><td>{_esc(p.status or '—')}</td>"
                          f"<td>{_esc(inv.strip())}</td><td>{_esc(p.section or '')}</td><td>{links}</td></tr>")
        for i, p in enumerate(d.problems):
            rows_q.append(f"<tr><td>{d.index}</td><td><a href=\"#{prefix}-q-{d.index}-{i}\">{_esc(p.headline)}</a></td>"
                          f"<td>{_esc(p.category or '—')}</td><td>{_esc(p.section or '')}</td></tr>")
    parts = ["<div class=\"rm-facts\">"]
    parts.append(f"<h4>Metrics ({len(rows_m)})</h4>")
    if rows_m:
        parts.append("<table class=\"rm-table rm-metrics\"><tr><th>doc</th><th>indicator</th><th>mention</th><th>value</th>"
                     "<th>unit</th><th>growth</th><th>period</th><th>modality</th><th>section</th><th>evidence</th></tr>"
                     + "".join(rows_m) + "</table>")
    parts.append(f"<h4>Projects ({len(rows_p)})</h4>")
    if rows_p:
        parts.append("<table class=\"rm-table rm-projects\"><tr><th>doc</th><th>name</th><th>status</th><th>investment</th>"
                     "<th>section</th><th>in the text</th></tr>" + "".join(rows_p) + "</table>")
    parts.append(f"<h4>Problems ({len(rows_q)})</h4>")
    if rows_q:
        parts.append("<table class=\"rm-table rm-problems\"><tr><th>doc</th><th>headline</th><th>category</th>"
                     "<th>section</th></tr>" + "".join(rows_q) + "</table>")
    parts.append("</div>")
    return "".join(parts)


def view_prefix(report: "Report") -> str:
    """The ids' prefix: from the input's digest, so the page is the same for the same
    input and two reports in one notebook do not share ids."""
    return "rm" + hashlib.sha256(f"{report.source.sha256}:{report.source.path}".encode()).hexdigest()[:8]


def view_fragment(report: "Report", *, max_chars: int | None = None) -> str:
    """The evidence view as one ``<div>`` with its own ``<style>`` (for notebooks)."""
    prefix = view_prefix(report)
    n_metrics = sum(len(d.metrics) for d in report.documents)
    masked = sum(1 for d in report.documents for m in d.metrics if m.masked)
    src = report.source
    head = (f"<div class=\"rm-head\"><b>reportmine</b> · {_esc(str(src.path or '<text>'))} · {_esc(src.format)}"
            f" ({_esc(src.encoding)}) · {src.chars} characters · {len(report.documents)} document"
            f"{'s' if len(report.documents) != 1 else ''} · {n_metrics} metrics ({masked} masked) · "
            f"{sum(len(d.projects) for d in report.documents)} projects · "
            f"{sum(len(d.problems) for d in report.documents)} problems · {sum(len(d.sections) for d in report.documents)} sections</div>")
    toggles = ("<input type=\"checkbox\" class=\"rm-tog\" id=\"T-masked\">"
               "<input type=\"checkbox\" class=\"rm-tog\" id=\"T-metrics\" checked>"
               "<input type=\"checkbox\" class=\"rm-tog\" id=\"T-projects\" checked>"
               "<input type=\"checkbox\" class=\"rm-tog\" id=\"T-problems\" checked>"
               "<div class=\"rm-bar\"><label for=\"T-masked\">masked figures only</label>"
               "<label for=\"T-metrics\">metrics</label><label for=\"T-projects\">projects</label>"
               "<label for=\"T-problems\">problems</label>"
               "<span class=\"rm-note\">hover a highlight for its fields; the outline and the tables jump to the text</span></div>")
    if max_chars is not None and len(report.text) > max_chars:
        body = (f"<p class=\"rm-note\">The text ({len(report.text)} characters) is too long for this view; "
                f"<code>reportmine view FILE -o page.html</code> writes the whole page.</p>")
    else:
        body = f"<pre class=\"rm-text\">{_marked_text(report.text, _annotations(report, prefix))}</pre>"
    grid = f"<div class=\"rm-body\"><div class=\"rm-grid\">{_outline(report, prefix)}{body}</div>{_facts(report, prefix)}</div>"
    css = _CSS.replace("#T-", f"#{prefix}-T-")
    toggles = toggles.replace("\"T-", f"\"{prefix}-T-").replace("=T-", f"={prefix}-T-")
    css = css.replace("for=T-", f"for={prefix}-T-")
    return (f"<div class=\"rm-view\" id=\"{prefix}\"><style>{css}</style>{head}{toggles}{grid}</div>")


def page_html(report: "Report") -> str:
    """The whole page: ``<!doctype html>``, UTF-8, the view, nothing from outside."""
    title = f"reportmine · {report.source.path or 'text'}"
    return ("<!doctype html>\n<html lang=\"zh\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>{_esc(title)}</title></head><body style=\"margin:16px\">{view_fragment(report)}</body></html>\n")


def report_html(report: "Report") -> str:
    """Rich display in notebooks: the evidence view (``Report._repr_html_``)."""
    return view_fragment(report, max_chars=NOTEBOOK_MAX_CHARS)
