"""Views of a Report: pandas frames, a terminal table, HTML for notebooks."""
from __future__ import annotations

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


def report_html(report: "Report") -> str:
    """Rich display in notebooks: one block per document with its metrics table."""
    parts = [f"<div><b>reportmine</b> · {html.escape(str(report.source.path or '<text>'))} · "
             f"{len(report.documents)} document(s)</div>"]
    for d in report.documents:
        parts.append(f"<h4>[{d.index}] {html.escape(d.title or '(untitled)')}</h4>")
        parts.append(f"<div>park: {html.escape(d.park.name if d.park else '—')} · period: "
                     f"{html.escape(d.period.label if d.period else '—')} · {len(d.sections)} sections · "
                     f"{len(d.metrics)} metrics · {len(d.projects)} projects · {len(d.problems)} problems</div>")
        if d.metrics:
            rows = "".join(
                f"<tr><td>{html.escape(m.indicator)}</td><td>{'masked' if m.masked else _fmt_num(m.value)}</td>"
                f"<td>{html.escape(m.unit or '')}</td><td>{_fmt_num(m.growth_pct)}</td>"
                f"<td>{html.escape(m.period.label if m.period else '')}</td><td>{m.modality}</td></tr>"
                for m in d.metrics[:50])
            more = f"<div>… {len(d.metrics) - 50} more</div>" if len(d.metrics) > 50 else ""
            parts.append("<table><tr><th>indicator</th><th>value</th><th>unit</th><th>growth %</th>"
                         f"<th>period</th><th>modality</th></tr>{rows}</table>{more}")
    return "".join(parts)
