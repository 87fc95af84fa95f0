"""Comparisons across parks, built from many reports."""
from __future__ import annotations

from typing import Optional


def compare(reports: list, indicators: Optional[list[str]] = None):
    """One row per (park, period, indicator, modality): the figure in base units, so
    2.26亿元 and 22600万元 line up. Rows are sorted for a deterministic table."""
    import pandas as pd

    rows = []
    for r in reports:
        for d in r.documents:
            park = d.park.name if d.park else None
            for m in d.metrics:
                if indicators and m.indicator not in indicators:
                    continue
                period = m.period.label if m.period else (d.period.label if d.period else None)
                rows.append({"park": park, "report": r.source.path, "document": d.index,
                             "doc_period": d.period.label if d.period else None, "period": period,
                             "indicator": m.indicator, "value": m.value, "unit": m.unit,
                             "base_value": m.base_value, "base_unit": m.base_unit, "growth_pct": m.growth_pct,
                             "modality": m.modality, "masked": m.masked})
    cols = ["park", "report", "document", "doc_period", "period", "indicator", "value", "unit", "base_value",
            "base_unit", "growth_pct", "modality", "masked"]
    df = pd.DataFrame(rows, columns=cols)
    if not df.empty:
        df = df.sort_values(["indicator", "park", "period", "report", "document"], na_position="last",
                            kind="stable").reset_index(drop=True)
    return df


def pivot(df, value: str = "base_value"):
    """Parks as rows, indicators as columns (the first actual figure of each)."""
    actual = df[df["modality"] == "actual"]
    return actual.pivot_table(index="park", columns="indicator", values=value, aggfunc="first")
