"""The comparison chart: one headline indicator across parks, as horizontal bars with the
growth rate beside each bar.

Chinese labels are drawn with Noto Sans CJK SC from the ``noto-cjk-sans-otc`` package
(a dependency, so ``pip install reportmine`` brings it; no system font is needed). The
figure grows with the number of rows (0.3 inch a bar), so 60 parks stay readable. SVG
keeps glyphs as paths, so the HTML page that embeds it needs no font either.

matplotlib is imported here only, when a chart is asked for.
"""
from __future__ import annotations

import io
import os
from functools import lru_cache
from pathlib import Path
from typing import Union

from .errors import E, UsageError

FONT_FAMILY = "Noto Sans CJK SC"
COLORS = {"actual": "#3b6ea5", "estimate": "#8fb3d9", "target": "#e39b54"}


@lru_cache(maxsize=1)
def font_path() -> str:
    """The CJK font file the install brings (a collection; its SC face is used)."""
    try:
        from importlib import resources

        p = resources.files("noto_cjk_sans_otc").joinpath("NotoSansCJK-Regular.ttc")
        if p.is_file():
            return str(p)
    except ModuleNotFoundError:
        pass
    raise UsageError(E.E208, path="chart", reason="the CJK font package noto-cjk-sans-otc is not installed "
                                                  "(pip install noto-cjk-sans-otc)")


@lru_cache(maxsize=1)
def _matplotlib():
    import matplotlib

    matplotlib.use("Agg", force=False) if matplotlib.get_backend().lower() != "agg" else None
    from matplotlib import font_manager
    import matplotlib.pyplot as plt

    path = font_path()
    if FONT_FAMILY not in {f.name for f in font_manager.fontManager.ttflist}:
        font_manager.fontManager.addfont(path)
    return plt


def _fmt(x: float) -> str:
    from .comparison import _fmt_num

    return _fmt_num(x)


def draw(t: dict, indicator: str, path: Union[str, os.PathLike]) -> None:
    """Draw ``indicator`` from the wide table ``t`` (comparison.build) to ``path``."""
    path = Path(path)
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in ("png", "svg", "html"):
        raise UsageError(E.E208, path=str(path), reason="the chart is written as .png, .svg or .html")
    units = dict(t["columns"])
    if indicator not in units:
        raise UsageError(E.E208, path=str(path), reason=f"no column for {indicator}")
    rows = [(r, r["cells"][indicator]) for r in t["rows"]
            if indicator in r["cells"] and r["cells"][indicator].value is not None]
    if not rows:
        raise UsageError(E.E208, path=str(path), reason=f"no figure of {indicator} with a value to draw")
    rows.sort(key=lambda rc: (-rc[1].value, rc[0]["park"], rc[0]["period"] or ""))
    missing = sum(1 for r in t["rows"] if indicator not in r["cells"] or r["cells"][indicator].value is None)
    plt = _matplotlib()
    from matplotlib.patches import Patch

    n = len(rows)
    height = 1.6 + 0.3 * n
    with plt.rc_context({"font.family": [FONT_FAMILY], "font.size": 9, "axes.unicode_minus": False,
                         "svg.fonttype": "path", "svg.hashsalt": "reportmine", "path.simplify": True}):
        fig, ax = plt.subplots(figsize=(10, height))
        labels, values, colors, hatches = [], [], [], []
        for r, cl in rows:
            flag = "†" if "period" in cl.flags else ""
            labels.append(f"{r['park']}  {r['period'] or ''}{flag}")
            values.append(cl.value)
            mod = cl.chosen["modality"] if cl.chosen else "actual"
            colors.append(COLORS.get(mod, COLORS["actual"]))
            hatches.append("///" if mod != "actual" else ("..." if flag else ""))
        ys = list(range(n))[::-1]
        bars = ax.barh(ys, values, color=colors, edgecolor="white", height=0.7)
        for b, h in zip(bars, hatches):
            if h:
                b.set_hatch(h)
                b.set_edgecolor("#ffffff")
        ax.set_yticks(ys, labels)
        ax.set_ylim(-0.6, n - 0.4)
        vmax = max(values) if max(values) > 0 else 1.0
        vmin = min(0.0, min(values))
        # values at the bars' ends; growth rates in a column of their own on the right
        ax.set_xlim(vmin * 1.05, vmax * 1.42)
        gx = vmax * 1.41
        for y, (r, cl) in zip(ys, rows):
            text = _fmt(cl.value)
            if "period" in cl.flags and cl.chosen and cl.chosen.get("period"):
                text += f"（{cl.chosen['period']}）"
            ax.text(max(cl.value, 0) + vmax * 0.01, y, text, va="center", ha="left", fontsize=8.5, color="#222222")
            if cl.growth is not None:
                g = cl.growth
                ax.text(gx, y, f"{g:+.1f}%", va="center", ha="right", fontsize=8.5,
                        color="#1a7f37" if g >= 0 else "#c62828")
        ax.text(gx, n - 0.45, "同比", va="bottom", ha="right", fontsize=8.5, color="#555555")
        unit = units[indicator]
        ax.set_xlabel(f"{indicator}（{unit}）" if unit else indicator)
        ax.spines[["top", "right"]].set_visible(False)
        ax.grid(axis="x", color="#e6e6e6", linewidth=0.8)
        ax.set_axisbelow(True)
        ax.set_title(f"{indicator}：{n} 个园区·期间", loc="left", fontsize=12)
        legend = [Patch(facecolor=COLORS["actual"], label="实际"),
                  Patch(facecolor=COLORS["estimate"], hatch="///", edgecolor="white", label="预计"),
                  Patch(facecolor=COLORS["target"], hatch="///", edgecolor="white", label="目标"),
                  Patch(facecolor=COLORS["actual"], hatch="...", edgecolor="white", label="† 期间与该行不同")]
        # the smallest bars are at the bottom: the space left of the growth column is free
        ax.legend(handles=legend, loc="lower right", bbox_to_anchor=(0.86, 0.0), fontsize=8, frameon=True,
                  framealpha=0.9, edgecolor="#dddddd")
        note = f"另有 {missing} 行无此指标的数值。" if missing else ""
        fig.text(0.01, 0.005, f"来源：reportmine compare。{note}", fontsize=7.5, color="#555555", ha="left", va="bottom")
        fig.tight_layout(rect=(0, 0.02, 1, 1))
        if fmt == "png":
            fig.savefig(path, dpi=110, metadata={"Software": None})
        else:
            buf = io.StringIO()
            fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
            svg = buf.getvalue()
            if fmt == "svg":
                path.write_text(svg, encoding="utf-8")
            else:
                import html

                body = svg[svg.index("<svg"):]
                path.write_text("<!doctype html><html lang='zh'><head><meta charset='utf-8'><title>"
                                + html.escape(indicator) + "</title></head><body>" + body + "</body></html>\n",
                                encoding="utf-8")
        plt.close(fig)
