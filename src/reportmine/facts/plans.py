"""Plans: the items of plan sections with the target metrics they contain."""
from __future__ import annotations

from ..model import Plan


def extract_plans(text: str, clean, heads, drafts) -> list[Plan]:
    out = []
    for h in heads:
        if h.kind != "plan" or h.children:
            continue
        body = text[h.title_start:h.end].strip()
        idxs = tuple(i for i, d in enumerate(drafts) if h.start <= d.q.start < h.end)
        out.append(Plan(headline=h.title, text=body[:500], section=h.id,
                        span=clean.orig_span(h.start, h.end), metrics=idxs))
    return out
