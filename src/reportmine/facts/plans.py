"""Plans: the items of plan sections with the target metrics they contain."""
from __future__ import annotations

import bisect

from ..model import Plan


def extract_plans(text: str, clean, heads, drafts) -> list[Plan]:
    out = []
    # the drafts by their figure's start, to find a section's by bisection (a scan of all
    # the document's drafts per plan section was quadratic in a long document)
    by_start = sorted((d.q.start, i) for i, d in enumerate(drafts))
    starts = [s for s, _ in by_start]
    for h in heads:
        if h.kind != "plan" or h.children:
            continue
        body = text[h.title_start:h.end].strip()
        lo, hi = bisect.bisect_left(starts, h.start), bisect.bisect_left(starts, h.end)
        idxs = tuple(sorted(i for _, i in by_start[lo:hi]))
        out.append(Plan(headline=h.title, text=body[:500], section=h.id,
                        span=clean.orig_span(h.start, h.end), metrics=idxs))
    return out
