"""``reportmine eval GOLD_DIR``: score the extractor against annotated reports.

Matching follows ``shared/eval/score.py`` (the project's yardstick), so a user's own
gold files (format: corpora/README.md) give figures comparable with the published ones:
a predicted metric matches a gold one when their values agree in base units (or both are
null) and their mentions share most characters, near the gold quote.
"""
from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path

from .errors import E, UsageError
from .text.normalise import to_simplified

MAGNITUDE = [("万亿", 1e12), ("亿", 1e8), ("千万", 1e7), ("百万", 1e6), ("万", 1e4), ("千", 1e3), ("百", 1e2)]
BASE_ALIASES = {
    "人民币": "元", "块": "元", "元人民币": "元", "美金": "美元", "港币": "港元",
    "平方公里": ("平方米", 1e6), "平方千米": ("平方米", 1e6), "km²": ("平方米", 1e6), "㎡": "平方米",
    "公顷": ("平方米", 1e4), "千米": ("米", 1e3), "公里": ("米", 1e3), "立方米": "方", "度": "千瓦时",
    "户": "家", "名": "人", "人次": "人次",
}
PREFIXES = re.compile(r"^(实现|完成|累计|全年|共|预计|力争|合计|其中|总计|达到|达|上半年|今年|全区|园区)+")
PERIOD_FOLD = str.maketrans({"—": "-", "–": "-", "－": "-", "~": "-", "～": "-", "至": "-"})


def fold_unit(unit):
    if not unit:
        return None
    u = to_simplified(str(unit).strip()).replace(" ", "").replace("％", "%")
    if u in ("%", "个百分点", "百分点"):
        return (u, 1.0)
    factor = 1.0
    for prefix, mult in MAGNITUDE:
        if u.startswith(prefix) and len(u) > len(prefix):
            factor, u = mult, u[len(prefix):]
            break
    alias = BASE_ALIASES.get(u, u)
    if isinstance(alias, tuple):
        alias, extra = alias
        factor *= extra
    return (alias, factor)


def base_value(value, unit):
    if value is None:
        return None, None
    folded = fold_unit(unit)
    if folded is None:
        return float(value), ""
    return float(value) * folded[1], folded[0]


def same_number(a, b, rel=0.005):
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= rel * max(abs(a), abs(b), 1e-9)


def norm_mention(s):
    s = to_simplified(s or "")
    s = re.sub(r"[\s,，。、:：;；()（）“”\"'《》]", "", s)
    return PREFIXES.sub("", s)


def mention_sim(a, b):
    a, b = norm_mention(a), norm_mention(b)
    if not a or not b:
        return 0.0
    if a in b or b in a:
        return 1.0
    x = {a[i:i + 2] for i in range(len(a) - 1)} or {a}
    y = {b[i:i + 2] for i in range(len(b) - 1)} or {b}
    return 2 * len(x & y) / (len(x) + len(y))


def norm_period(p):
    if isinstance(p, dict):
        p = p.get("label") or p.get("text")
    if not p:
        return ""
    p = str(p).translate(PERIOD_FOLD).replace("月份", "月").replace("份", "")
    return re.sub(r"^(\d{4}|[xX]{2,4})年(?!$)", "", re.sub(r"\s", "", p))


def _windows(text, quote, pad=25):
    out, start = [], 0
    while quote:
        i = text.find(quote, start)
        if i < 0:
            break
        out.append((max(0, i - pad), i + len(quote) + pad))
        start = i + 1
    return out


def _overlaps(span, windows):
    if not span or not windows:
        return None
    return any(span[0] < we and span[1] > ws for ws, we in windows)


def _items(docs, key):
    return [x for d in docs or [] for x in d.get(key) or []]


def _text(x, *keys):
    if isinstance(x, dict):
        return next((x[k] for k in keys if x.get(k)), "")
    return x or ""


def score_file(text: str, gold: dict, pred: dict, acc) -> None:
    gdocs, pdocs = gold.get("documents", []), pred.get("documents", [])
    acc["files"] += 1
    acc["docs_count_ok"] += int(len(gdocs) == len(pdocs))
    for gd, pd in zip(gdocs, pdocs):
        for key in ("park", "period"):
            gv = _text(gd.get(key), "name", "label")
            if gv:
                acc[f"{key}_gold"] += 1
                pv = _text(pd.get(key), "name", "label")
                acc[f"{key}_ok"] += int(mention_sim(gv, pv) >= 0.8 if key == "park" else norm_period(gv) == norm_period(pv))
    gold_m, pred_m = _items(gdocs, "metrics"), _items(pdocs, "metrics")
    gb = [base_value(g.get("value"), g.get("unit")) for g in gold_m]
    pb = [base_value(p.get("value"), p.get("unit")) for p in pred_m]
    cands = []
    for gi, g in enumerate(gold_m):
        win = _windows(text, g.get("quote"))
        for pi, p in enumerate(pred_m):
            loc = _overlaps(p.get("span"), win)
            if loc is False:
                continue
            sim = max(mention_sim(g.get("mention"), p.get("mention")), mention_sim(g.get("mention"), p.get("indicator")))
            ok = same_number(gb[gi][0], pb[pi][0])
            if sim < 0.34 and not (ok and gb[gi][0] is not None):
                continue
            if loc is None and not ok:
                continue
            cands.append((-(ok * 2 + sim + (loc is True)), gi, pi, ok))
    cands.sort()
    ug, up = set(), set()
    for _, gi, pi, ok in cands:
        if gi in ug or pi in up:
            continue
        ug.add(gi), up.add(pi)
        g, p = gold_m[gi], pred_m[pi]
        gg, pg = g.get("growth_pct"), p.get("growth_pct")
        growth_ok = same_number(None if gg is None else float(gg), None if pg is None else float(pg), rel=0.0005)
        unit_ok = (fold_unit(g.get("unit")) or (None,))[0] == (fold_unit(p.get("unit")) or (None,))[0]
        acc["m_located"] += 1
        acc["m_value_ok"] += int(ok)
        acc["m_unit_ok"] += int(unit_ok or (g.get("unit") is None and not p.get("unit")))
        acc["m_growth_ok"] += int(growth_ok)
        acc["m_fact_ok"] += int(ok and growth_ok)
        if g.get("period"):
            acc["m_period_gold"] += 1
            acc["m_period_ok"] += int(norm_period(g["period"]) == norm_period(p.get("period")))
        if g.get("modality"):
            acc["m_modality_gold"] += 1
            acc["m_modality_ok"] += int(g["modality"] == p.get("modality", "actual"))
        if g.get("masked"):
            acc["m_masked_gold"] += 1
            acc["m_masked_ok"] += int(p.get("value") is None)
        if not (ok and growth_ok):
            acc["_wrong"].append((g, p))
    acc["m_gold"] += len(gold_m)
    acc["m_pred"] += len(pred_m)
    acc["_misses"] += [g for i, g in enumerate(gold_m) if i not in ug]
    acc["_extras"] += [p for i, p in enumerate(pred_m) if i not in up]
    gs, ps = _items(gdocs, "sections"), _items(pdocs, "sections")
    used = set()
    for gx in gs:
        win = _windows(text, gx.get("quote"), pad=5)
        best, best_sim = None, 0.0
        for j, px in enumerate(ps):
            if j in used or _overlaps(px.get("span"), win) is False:
                continue
            sim = mention_sim(gx.get("title"), px.get("title"))
            if sim > best_sim:
                best, best_sim = j, sim
        if best is not None and best_sim >= 0.6:
            used.add(best)
            acc["sections_tp"] += 1
            acc["sections_kind_ok"] += int(gx.get("kind") == ps[best].get("kind"))
            acc["sections_level_ok"] += int(gx.get("level") == ps[best].get("level"))
    acc["sections_gold"] += len(gs)
    acc["sections_pred"] += len(ps) if gs else 0
    for key, names in (("projects", ("name",)), ("problems", ("headline", "text", "title"))):
        gi_, pi_ = _items(gdocs, key), _items(pdocs, key)
        used, tp, st = set(), 0, 0
        for gx in gi_:
            gname = _text(gx, *names)
            win = _windows(text, gx.get("quote"))
            best, best_sim = None, 0.0
            for j, px in enumerate(pi_):
                if j in used:
                    continue
                sim = mention_sim(gname, _text(px, *names))
                if key == "problems" and _overlaps(px.get("span"), win):
                    sim = max(sim, 0.6)
                if sim > best_sim:
                    best, best_sim = j, sim
            if best is not None and best_sim >= 0.5:
                used.add(best)
                tp += 1
                if key == "projects" and gx.get("status"):
                    st += int(gx["status"] == pi_[best].get("status"))
        acc[f"{key}_gold"] += len(gi_)
        acc[f"{key}_pred"] += len(pi_)
        acc[f"{key}_tp"] += tp
        if key == "projects":
            acc["projects_status_gold"] += sum(1 for gx in gi_ if gx.get("status"))
            acc["projects_status_ok"] += st


def _prf(tp, n_pred, n_gold):
    p = tp / n_pred if n_pred else (1.0 if not n_gold else 0.0)
    r = tp / n_gold if n_gold else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def summarise(acc) -> dict:
    ratio = lambda a, b: round(acc[a] / acc[b], 3) if acc[b] else None  # noqa: E731
    mp, mr, mf = _prf(acc["m_fact_ok"], acc["m_pred"], acc["m_gold"])
    out = {"files": acc["files"], "metric_fact_f1": round(mf, 3), "metric_fact_p": round(mp, 3),
           "metric_fact_r": round(mr, 3), "gold_metrics": acc["m_gold"], "pred_metrics": acc["m_pred"],
           "value_acc": ratio("m_value_ok", "m_located"), "unit_acc": ratio("m_unit_ok", "m_located"),
           "growth_acc": ratio("m_growth_ok", "m_located"), "period_acc": ratio("m_period_ok", "m_period_gold"),
           "modality_acc": ratio("m_modality_ok", "m_modality_gold"), "masked_acc": ratio("m_masked_ok", "m_masked_gold"),
           "doc_split_acc": round(acc["docs_count_ok"] / acc["files"], 3) if acc["files"] else None,
           "park_acc": ratio("park_ok", "park_gold"), "period_doc_acc": ratio("period_ok", "period_gold")}
    for key in ("projects", "problems"):
        p, r, f = _prf(acc[f"{key}_tp"], acc[f"{key}_pred"], acc[f"{key}_gold"])
        out[f"{key}_f1"], out[f"{key}_p"], out[f"{key}_r"] = round(f, 3), round(p, 3), round(r, 3)
    out["project_status_acc"] = ratio("projects_status_ok", "projects_status_gold")
    if acc["sections_gold"]:
        p, r, f = _prf(acc["sections_tp"], acc["sections_pred"], acc["sections_gold"])
        out["sections_f1"] = round(f, 3)
        out["section_kind_acc"] = ratio("sections_kind_ok", "sections_tp")
        out["section_level_acc"] = ratio("sections_level_ok", "sections_tp")
    return out


def evaluate(gold_dir: Path, show_misses: int = 0) -> tuple[dict, dict]:
    from .api import read

    gold_dir = Path(gold_dir)
    pairs = [(g, g.with_name(g.name.replace(".gold.json", ".txt"))) for g in sorted(gold_dir.glob("*.gold.json"))]
    pairs = [(g, t) for g, t in pairs if t.is_file()]
    if not pairs:
        raise UsageError(E.E201, path=str(gold_dir))
    acc = defaultdict(int)
    acc["_misses"], acc["_extras"], acc["_wrong"] = [], [], []
    for gpath, tpath in pairs:
        try:
            gold = json.loads(gpath.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise UsageError(E.E202, path=str(gpath), reason=str(exc)) from None
        report = read(tpath)
        score_file(report.text, gold, report.to_dict(), acc)
    misses = {k: acc[k][:show_misses] for k in ("_misses", "_extras", "_wrong")}
    return summarise(acc), misses


def format_summary(summary: dict, misses: dict) -> str:
    lines = [f"{k:22} {v}" for k, v in summary.items()]
    if any(misses.values()):
        lines.append("\n-- missed gold metrics")
        lines += [f"   {g.get('mention')} {g.get('value')} {g.get('unit')} | {g.get('quote')}" for g in misses["_misses"]]
        lines.append("-- wrong fields (gold -> pred)")
        lines += [f"   {g.get('mention')} {g.get('value')} {g.get('growth_pct')} -> {p.get('mention')} {p.get('value')} {p.get('growth_pct')}"
                  for g, p in misses["_wrong"]]
        lines.append("-- predicted, not in gold")
        lines += [f"   {p.get('mention')} {p.get('value')} {p.get('unit')} {p.get('span')}" for p in misses["_extras"]]
    return "\n".join(lines)
