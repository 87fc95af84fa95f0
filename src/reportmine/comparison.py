"""Comparisons across parks: headline indicators lined up, with nothing incomparable
passing silently.

``compare(reports)`` reads reports (``Report`` objects, contract dicts as ``extract``
prints them, or paths: report files, JSON/JSONL outputs of ``extract``, folders of them,
a ``batch`` store folder holding ``reports.jsonl``) into the tidy long frame: one row per
headline figure, with the park (known again across reports), the row's period, the
figure's own period, value, base value, growth, modality, flags and evidence span.

``ComparisonFrame.wide()`` pivots it: one row per park and period (or per report), one
column group per headline indicator (value in a readable unit, growth %, a note with the
figure's period and modality where they differ from the row's and the flags), footnotes
in ``.attrs["footnotes"]``. When a row holds several figures of one indicator, the cell
takes the first by this rule (documented in the README):

1. modality: actual, then estimate, then target;
2. period: the row's own period, then the one covering most months, the latest end;
3. a figure with a value before a masked or growth-only one;
4. the first in the report: a headline before its restatement in the body, a total
   before its 其中 part (a 其中 part of another name is another indicator anyway), and
   never a cumulative figure of several years that happens to carry the row's year.

A chosen figure without a growth rate takes the growth of another statement of the same
figure (same period and modality, same or no value), flagged ``growth_from``.

pandas is imported here only; matplotlib only by ``chart``.
"""
from __future__ import annotations

import json
import math
import os
import re
import unicodedata
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Iterator, Optional, Union

from . import rules
from .errors import E, ReportmineError, UsageError

SCHEMA = "reportmine.compare/1"
REPORT_SCHEMA = "reportmine.report/1"
MODALITIES = ("actual", "estimate", "target")
REPORT_SUFFIXES = (".txt", ".docx", ".doc", ".pdf", ".html", ".htm")
LONG_COLUMNS = [
    "park", "park_key", "row_period", "row_year", "row_months", "report", "document", "doc_title",
    "indicator", "mention", "value", "unit", "qualifier", "base_value", "base_unit", "growth_pct",
    "growth_basis", "growth_kind", "period", "year", "months", "modality", "masked", "flags",
    "section", "start", "end", "evidence", "confidence",
]


# -- rules ------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _cfg():
    from types import SimpleNamespace

    r = rules.load("compare")
    families = sorted(((k, fam) for fam, kinds in r["kind_families"].items() for k in kinds),
                      key=lambda x: (-len(x[0]), x[0]))
    return SimpleNamespace(
        families=families,
        provinces=tuple(sorted(r["provinces"], key=len, reverse=True)),
        admin=tuple(sorted(r["admin_suffixes"], key=len, reverse=True)),
        mask=re.compile(str(r["mask"])),
        readable={k: tuple((float(a), str(b)) for a, b in v) for k, v in r["readable_units"].items()},
        same_counts=frozenset(r["same_counts"]),
        period_names={tuple(int(x) for x in k.split("-")): v for k, v in r["period_names"].items()},
        modality_names=dict(r["modality_names"]),
        flags={k: dict(v) for k, v in r["flags"].items()},
    )


def headline_indicators() -> list[str]:
    """The 36 canonical headline names, in the order of INDICATORS.md."""
    from .facts.indicators import headline_order

    return headline_order()


# -- park identity ----------------------------------------------------------------------

def park_key(name: Optional[str]) -> Optional[str]:
    """The key that knows a park again across reports (``海门|开发区`` for 江苏海门经济开发区
    and 海门经开区), or None when the name cannot identify one park: masked (XX经济开发区),
    empty, or a kind alone (开发区)."""
    if not name:
        return None
    c = _cfg()
    from .text.normalise import to_simplified

    n = re.sub(r"[\s·•()（）]", "", to_simplified(unicodedata.normalize("NFKC", name)))
    if c.mask.search(n):
        return None
    family, core = None, n
    for kind, fam in c.families:
        if n.endswith(kind):
            family, core = fam, n[:-len(kind)]
            break
    if family is None:
        return None
    for p in c.provinces:  # 江苏海门 -> 海门
        if core.startswith(p) and len(core) - len(p) >= 2:
            core = core[len(p):]
            break
    # 浙江省湖州市吴兴 -> 吴兴: the part after the last administrative suffix
    changed = True
    while changed:
        changed = False
        for suf in c.admin:
            i = core.find(suf)
            if 0 < i and len(core) - i - len(suf) >= 2:
                core, changed = core[i + len(suf):], True
                break
    for suf in c.admin:  # 洛南县 -> 洛南, 海门市 -> 海门 (泾县 stays)
        if core.endswith(suf) and len(core) - len(suf) >= 2:
            core = core[:-len(suf)]
            break
    if len(core) < 2:
        return None
    return f"{core}|{family}"


# -- reading inputs ---------------------------------------------------------------------

class Loaded:
    """One report as compare reads it: the contract dict and, when known, its text."""

    __slots__ = ("report", "text", "origin")

    def __init__(self, report: dict, text: Optional[str], origin: str):
        self.report, self.text, self.origin = report, text, origin


def _check(d: Any, origin: str) -> dict:
    if not isinstance(d, dict) or d.get("schema") != REPORT_SCHEMA or not isinstance(d.get("documents"), list):
        got = d.get("schema") if isinstance(d, dict) else type(d).__name__
        raise UsageError(E.E204, path=origin, reason=f"expected schema {REPORT_SCHEMA!r}, got {got!r}")
    return d


def _json_values(text: str, origin: str) -> Iterator[Any]:
    """Every JSON value of a file: one object, a list, or several objects one after another
    (``extract a.txt b.txt --format json``)."""
    dec = json.JSONDecoder()
    i, n = 0, len(text)
    while True:
        while i < n and text[i].isspace():
            i += 1
        if i >= n:
            return
        try:
            v, i = dec.raw_decode(text, i)
        except json.JSONDecodeError as exc:
            raise UsageError(E.E204, path=origin, reason=f"not valid JSON ({exc.msg} at line {exc.lineno})") from None
        if isinstance(v, list):
            yield from v
        else:
            yield v


def _read_json(path: Path) -> Iterator[Loaded]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(E.E204, path=str(path), reason=str(exc)) from None
    if path.suffix.lower() == ".jsonl":
        for k, line in enumerate(text.splitlines(), 1):
            if line.strip():
                try:
                    v = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise UsageError(E.E204, path=f"{path}:{k}", reason=f"not valid JSON ({exc.msg})") from None
                yield Loaded(_check(v, f"{path}:{k}"), None, str(path))
        return
    for v in _json_values(text, str(path)):
        yield Loaded(_check(v, str(path)), None, str(path))


def _expand(item: Any) -> Iterator[Union[Path, Any]]:
    """Paths, folders (a batch store's reports.jsonl, else its report and JSON files) and
    objects, in a stable order."""
    if isinstance(item, (str, os.PathLike)):
        p = Path(item)
        if p.is_dir():
            store = p / "reports.jsonl"
            if store.is_file():
                yield store
                return
            # a corpus folder's annotation files (NAME.gold.json) are not extract outputs
            files = sorted(f for f in p.rglob("*") if f.is_file() and not f.name.startswith(".")
                           and f.suffix.lower() in REPORT_SUFFIXES + (".json", ".jsonl")
                           and not f.name.endswith(".gold.json"))
            if not files:
                raise UsageError(E.E205, path=str(p))
            yield from files
            return
        yield p
        return
    yield item


def load(inputs: Iterable[Any], errors: str = "collect") -> tuple[list[Loaded], list[ReportmineError]]:
    """Read every input into contract dicts (with the text where it is at hand). Errors
    are collected, one per file that could not be read, unless ``errors="raise"``."""
    from .model import Report

    out: list[Loaded] = []
    failed: list[ReportmineError] = []
    for item in inputs:
        try:
            for x in _expand(item):
                try:
                    if isinstance(x, Loaded):
                        out.append(x)
                    elif isinstance(x, Report):
                        out.append(Loaded(x.to_dict(), x.text or None, x.source.path or "<report>"))
                    elif isinstance(x, dict):
                        out.append(Loaded(_check(x, "<dict>"), None, (x.get("source") or {}).get("path") or "<dict>"))
                    elif isinstance(x, Path) and x.suffix.lower() in (".json", ".jsonl"):
                        if not x.exists():
                            from .errors import ReadError

                            raise ReadError(E.E001, path=str(x))
                        out.extend(_read_json(x))
                    elif isinstance(x, Path):
                        from .api import read

                        r = read(x)
                        out.append(Loaded(r.to_dict(), r.text, str(x)))
                    else:
                        raise UsageError(E.E204, path=repr(x)[:60], reason="expected a Report, a dict or a path")
                except ReportmineError as exc:
                    if errors == "raise":
                        raise
                    failed.append(exc)
        except ReportmineError as exc:
            if errors == "raise":
                raise
            failed.append(exc)
    return out, failed


# -- periods ----------------------------------------------------------------------------

def _months(p: Optional[dict]) -> Optional[tuple[int, int]]:
    m = (p or {}).get("months")
    return (int(m[0]), int(m[1])) if m else None


def period_label(year: Optional[int], months: Optional[tuple[int, int]], label: Optional[str] = None) -> Optional[str]:
    """2023年上半年, 2023年1-5月, 2023年 (a whole year), or the label as written."""
    names = _cfg().period_names
    if year is None and months is None:
        return label
    y = f"{year}年" if year is not None else ""
    if months is None:
        return y or label
    if months == (1, 12):
        return y or names[(1, 12)]
    span = names.get(months) or (f"{months[0]}月" if months[0] == months[1] else f"{months[0]}-{months[1]}月")
    return y + span


def _same_period(fig: Optional[dict], row_year, row_months, row_label) -> bool:
    """Whether a figure's period is the row's (a figure that says none takes the row's)."""
    if not fig:
        return True
    fy, fm = fig.get("year"), _months(fig)
    if fm is None and fy is None:
        return fig.get("label") in (row_label, None) or fig.get("label") == "全年" and row_months in (None, (1, 12))
    if fy is not None and row_year is not None and fy != row_year:
        return False
    rm = row_months if row_months is not None else ((1, 12) if row_year is not None else None)
    fm = fm if fm is not None else (1, 12)
    return rm is None or fm == rm


# -- the long frame ---------------------------------------------------------------------

def _row_period(doc: dict, metrics: list[dict]):
    p = doc.get("period")
    if p and (p.get("year") is not None or p.get("months")):
        return p.get("year"), _months(p), p.get("label")
    # no period in the header: the one most of its actual figures state
    from .facts.indicators import headline_names

    c = Counter((m["period"].get("year"), tuple(m["period"]["months"]) if m["period"].get("months") else None)
                for m in metrics if m.get("period") and m.get("modality") == "actual"
                and m.get("indicator") in headline_names() and (m["period"].get("year") or m["period"].get("months")))
    if c:
        (y, mo), _ = sorted(c.items(), key=lambda kv: (-kv[1], str(kv[0])))[0]
        return y, mo, period_label(y, mo)
    return (p.get("year"), _months(p), p.get("label")) if p else (None, None, None)


def _figure_flags(m: dict, same_period: bool) -> list[str]:
    flags = []
    if not same_period:
        flags.append("period")
    if m.get("modality") in ("estimate", "target"):
        flags.append(m["modality"])
    if m.get("masked"):
        flags.append("masked")
    elif m.get("value") is None and m.get("growth_pct") is not None:
        flags.append("growth_only")
    if m.get("growth_masked"):
        flags.append("growth_masked")
    if m.get("growth_kind") == "two_year_avg":
        flags.append("two_year_avg")
    return flags


def long_rows(loaded: list[Loaded], indicators: Optional[list[str]] = None, headline_only: bool = True,
              documents: Optional[list] = None) -> list[dict]:
    """The long frame's rows; ``documents`` (a list) receives one entry per document, so
    a park and period with no headline figure still gets its row in the wide table."""
    from .facts.indicators import headline_names

    names = headline_names()
    wanted = set(indicators) if indicators else None
    rows = []
    for item in loaded:
        rep = item.report
        src = (rep.get("source") or {}).get("path") or item.origin
        for doc in rep.get("documents", []):
            park = doc.get("park") or {}
            name = park.get("name")
            key = park_key(name)
            stem = Path(src).stem if src else "?"
            if key is None:  # not known again across reports: the report is the park
                key = f"{src}#{doc.get('index', 0)}"
                name = f"{name} ({stem})" if name else f"({stem}{'·' + str(doc['index']) if doc.get('index') else ''})"
            metrics = doc.get("metrics", [])
            ry, rmo, rl = _row_period(doc, metrics)
            row_label = period_label(ry, rmo, rl)
            if documents is not None:
                documents.append({"park": name, "park_key": key, "row_period": row_label, "row_year": ry,
                                  "row_months": rmo, "report": src, "document": doc.get("index", 0)})
            for m in metrics:
                ind = m.get("indicator")
                if headline_only and ind not in names:
                    continue
                if wanted is not None and ind not in wanted:
                    continue
                fp = m.get("period")
                same = _same_period(fp, ry, rmo, rl)
                s, e = (m.get("span") or [None, None])[:2]
                rows.append({
                    "park": name, "park_key": key, "row_period": row_label, "row_year": ry, "row_months": rmo,
                    "report": src, "document": doc.get("index", 0), "doc_title": doc.get("title"),
                    "indicator": ind, "mention": m.get("mention"), "value": m.get("value"), "unit": m.get("unit"),
                    "qualifier": m.get("qualifier"), "base_value": m.get("base_value"), "base_unit": m.get("base_unit"),
                    "growth_pct": m.get("growth_pct"), "growth_basis": m.get("growth_basis"),
                    "growth_kind": m.get("growth_kind"),
                    "period": (period_label(fp.get("year"), _months(fp), fp.get("label")) if fp else None),
                    "year": fp.get("year") if fp else None, "months": _months(fp),
                    "modality": m.get("modality", "actual"), "masked": bool(m.get("masked")),
                    "flags": tuple(_figure_flags(m, same)), "section": m.get("section"), "start": s, "end": e,
                    "evidence": item.text[s:e] if item.text is not None and s is not None else None,
                    "confidence": m.get("confidence"),
                })
    order = {n: i for i, n in enumerate(headline_indicators())}
    rows.sort(key=lambda r: (r["park_key"], r["row_year"] if r["row_year"] is not None else -1,
                             r["row_months"] or (0, 0), order.get(r["indicator"], 999), r["indicator"],
                             r["report"], r["document"], r["start"] if r["start"] is not None else -1))
    return rows


def _frame_class():
    import pandas as pd

    class ComparisonFrame(pd.DataFrame):
        """The tidy long frame of ``compare``: one row per figure. ``.wide()`` pivots it."""

        _metadata = ["_compare_options"]

        @property
        def _constructor(self):
            return ComparisonFrame

        def wide(self, by: str = "park", rank: Optional[str] = None, indicators: Optional[list[str]] = None):
            """One row per park and period (``by="report"``: per report document), one
            column group per headline indicator; footnotes in ``.attrs["footnotes"]``."""
            return wide(self, by=by, rank=rank, indicators=indicators)

        def chart(self, path, indicator: Optional[str] = None, by: str = "park"):
            """Bars of one indicator across parks, growth beside them (PNG, SVG or HTML)."""
            return chart(build(self, by=by, indicators=[indicator] if indicator else None), path, indicator)

    return ComparisonFrame


_FRAME = None


def compare(reports: Iterable[Any], indicators: Optional[list[str]] = None, *, period: Optional[str] = None,
            modality: str = "all", headline_only: bool = True, errors: str = "raise"):
    """The tidy long frame of headline figures across ``reports`` (Report objects,
    contract dicts, or paths of report files, extract outputs and folders)."""
    global _FRAME
    import pandas as pd

    if isinstance(reports, (str, os.PathLike, dict)) or hasattr(reports, "documents"):
        reports = [reports]  # one path, one folder, one report
    _check_indicators(indicators)
    if modality not in MODALITIES + ("all",):
        raise UsageError(E.E203, fmt=modality, choices="actual, estimate, target, all")
    loaded, _failed = load(reports, errors=errors)
    docs: list[dict] = []
    rows = long_rows(loaded, indicators, headline_only, docs)
    if modality != "all":
        rows = [r for r in rows if r["modality"] == modality]
    if period:
        rows = [r for r in rows if _period_matches(period, r)]
        docs = [d for d in docs if _period_matches(period, d)]
    if _FRAME is None:
        _FRAME = _frame_class()
    df = _FRAME(pd.DataFrame(rows, columns=LONG_COLUMNS))
    df.attrs["errors"] = [str(e) for e in _failed]
    df.attrs["documents"] = docs
    return df


def _check_indicators(indicators) -> None:
    if not indicators:
        return
    from .facts.indicators import headline_names

    bad = [i for i in indicators if i not in headline_names()]
    if bad:
        raise UsageError(E.E206, name=bad[0], choices="、".join(headline_indicators()))


@lru_cache(maxsize=64)
def _parse_period(spec: str):
    """(year, months, label) of a --period value: 2023, 2023年上半年, 上半年, 1-6月."""
    s = spec.strip()
    if re.fullmatch(r"\d{4}", s):
        return int(s), None, None
    from .facts.periods import find_periods
    from .text.normalise import normalise

    clean = normalise(s).text
    found = list(find_periods(clean))
    year, months = None, None
    for pm in found:
        if getattr(pm, "year", None) is not None:
            year = pm.year
        if getattr(pm, "months", None):
            months = tuple(pm.months)
    if year is None and months is None:
        return None, None, s
    return year, months, None


def _period_matches(spec: str, row: dict) -> bool:
    y, mo, label = _parse_period(spec)
    if label is not None:
        return row["row_period"] == label
    if y is not None and row["row_year"] != y:
        return False
    if mo is not None and (row["row_months"] or ((1, 12) if row["row_year"] is not None else None)) != mo:
        return False
    return True


# -- the wide table ---------------------------------------------------------------------

def _readable(base_unit: Optional[str], values: list[float]) -> tuple[Optional[str], float]:
    """The column's unit and the factor from the base unit: 亿元 when most figures reach 1亿."""
    steps = _cfg().readable.get(base_unit or "")
    if not steps:
        return base_unit, 1.0
    vals = sorted(abs(v) for v in values if v is not None)
    mid = vals[len(vals) // 2] if vals else 0.0
    for factor, name in steps:
        if mid >= factor:
            return name, factor
    return steps[-1][1], steps[-1][0]


def _choice_key(r: dict, row_months, row_year):
    """Sort key of the documented rule (smaller first)."""
    mod = MODALITIES.index(r["modality"]) if r["modality"] in MODALITIES else 3
    same = "period" not in r["flags"]
    # a figure that states no period has the row's
    row_mo = tuple(row_months) if row_months else ((1, 12) if row_year is not None else (0, 0))
    mo = r["months"] or (row_mo if same else ((1, 12) if r["year"] is not None else (0, 0)))
    span = mo[1] - mo[0] + 1 if mo != (0, 0) else 0
    has_value = r["base_value"] is not None
    return (mod, 0 if same else 1, -span, -mo[1], 0 if has_value else 1,
            r["report"], r["document"], r["start"] if r["start"] is not None else 0)


def _fmt_num(x: Optional[float], digits: int = 2) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return ""
    if abs(x) >= 100 or float(x).is_integer():
        s = f"{x:,.{0 if float(x).is_integer() else 1}f}" if abs(x) >= 100 else f"{x:.0f}"
        return s
    return f"{x:.{digits}f}".rstrip("0").rstrip(".")


def _fmt_growth(g: Optional[float]) -> str:
    if g is None or (isinstance(g, float) and math.isnan(g)):
        return ""
    return f"{g:+.1f}%" if abs(g) < 1000 else f"{g:+,.0f}%"


class Cell:
    """One park-period-indicator cell: the chosen figure and what the reader must know."""

    __slots__ = ("value", "growth", "flags", "note", "chosen", "others", "unit_as_written")

    def __init__(self):
        self.value: Optional[float] = None
        self.growth: Optional[float] = None
        self.flags: list[str] = []
        self.note = ""
        self.chosen: Optional[dict] = None
        self.others: list[dict] = []
        self.unit_as_written: Optional[str] = None


def _resolve(figs: list[dict], col_base: Optional[str], factor: float, row_year, row_months) -> Cell:
    """The cell of one indicator in one row: the first of ``figs`` by the documented rule,
    its value in the column's unit (``factor`` from ``col_base``), growth and flags."""
    c = _cfg()
    cell = Cell()
    figs = sorted(figs, key=lambda r: _choice_key(r, row_months, row_year))
    best = figs[0]
    cell.chosen, cell.others = best, figs[1:]
    flags = list(best["flags"])
    convertible = best["base_value"] is not None and (
        best["base_unit"] == col_base or (best["base_unit"] in c.same_counts and col_base in c.same_counts))
    if best["base_value"] is not None and not convertible:
        flags.append("unit")
        cell.unit_as_written = f"{_fmt_num(best['value'])}{best['unit'] or ''}"
    elif best["base_value"] is not None:
        cell.value = round(best["base_value"] / factor, 6)
    cell.growth = best["growth_pct"]
    if cell.growth is None:
        for o in figs[1:]:
            if (o["growth_pct"] is not None and o["modality"] == best["modality"]
                    and ("period" in o["flags"]) == ("period" in best["flags"])
                    and ("period" not in best["flags"] or o["months"] == best["months"])
                    and (o["base_value"] is None or o["base_value"] == best["base_value"])):
                cell.growth = o["growth_pct"]
                flags.append("growth_from")
                if "growth_only" in flags:
                    flags.remove("growth_only")
                break
    rivals = [o for o in figs[1:] if o["base_value"] is not None and best["base_value"] is not None
              and o["base_value"] != best["base_value"] and o["modality"] == best["modality"]]
    if rivals:
        flags.append("resolved")
    cell.flags = flags
    parts = []
    for f in flags:
        spec = c.flags.get(f, {})
        text = str(spec.get("cell", f))
        text = text.format(period=best["period"] or "", unit=cell.unit_as_written or "", n=len(rivals))
        if text and text not in parts:
            parts.append(text)
    if best.get("qualifier") and cell.value is not None:
        parts.insert(0, best["qualifier"])
    cell.note = "; ".join(parts)
    return cell


def build(frame, by: str = "park", rank: Optional[str] = None, indicators: Optional[list[str]] = None) -> dict:
    """The wide table as plain data: rows, columns (indicator, unit), cells, footnotes."""
    if by not in ("park", "report"):
        raise UsageError(E.E203, fmt=by, choices="park, report")
    _check_indicators(indicators)
    if rank:
        _check_indicators([rank])
    recs = frame.to_dict("records") if hasattr(frame, "to_dict") else list(frame)
    recs = [{k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in r.items()} for r in recs]
    for r in recs:
        r["flags"] = tuple(r["flags"] or ())
        r["row_months"] = tuple(r["row_months"]) if r["row_months"] is not None else None
        r["months"] = tuple(r["months"]) if r["months"] is not None else None
    present = {r["indicator"] for r in recs}
    order = headline_indicators()
    cols = [i for i in (indicators or order) if i in present or indicators]
    if rank and rank not in cols:
        cols.insert(0, rank)
    # rows: every document's park and period (attrs["documents"]), with its figures
    def key(r):
        if by == "park":
            return (r["park_key"], r["row_year"] if r["row_year"] is not None else -1,
                    tuple(r["row_months"]) if r["row_months"] else (0, 0), r["row_period"] or "")
        return (r["report"], r["document"])

    groups: dict[tuple, list[dict]] = {}
    heads: dict[tuple, dict] = {}
    for d in (getattr(frame, "attrs", {}) or {}).get("documents", []):
        heads.setdefault(key(d), dict(d, row_months=tuple(d["row_months"]) if d["row_months"] else None))
        groups.setdefault(key(d), [])
    for r in recs:
        heads.setdefault(key(r), r)
        groups.setdefault(key(r), []).append(r)
    # column units
    units = {}
    for ind in cols:
        figs = [r for r in recs if r["indicator"] == ind and r["base_value"] is not None]
        bu = Counter(r["base_unit"] for r in figs).most_common()
        base = sorted(bu, key=lambda x: (-x[1], str(x[0])))[0][0] if bu else None
        if base == "%" and len(bu) > 1:  # a column of levels, not of rates, when levels exist
            base = sorted((x for x in bu if x[0] != "%"), key=lambda x: (-x[1], str(x[0])))[0][0]
        unit, factor = _readable(base, [r["base_value"] for r in figs if r["base_unit"] == base])
        units[ind] = (base, unit, factor)
    rows = []
    # one name per park: the longest it is given (青溪经济技术开发区 over 青溪经开区)
    names: dict[str, str] = {}
    for h in list(heads.values()):
        cur = names.get(h["park_key"])
        if cur is None or (len(h["park"]), h["park"]) > (len(cur), cur):
            names[h["park_key"]] = h["park"]
    docs_of: dict[tuple, set] = {}
    for d in (getattr(frame, "attrs", {}) or {}).get("documents", []):
        docs_of.setdefault(key(d), set()).add(d["report"])
    for k, rs in groups.items():
        first = heads[k]
        reports = sorted({r["report"] for r in rs} | docs_of.get(k, set()))
        row = {"park": names[first["park_key"]], "park_key": first["park_key"], "period": first["row_period"],
               "year": first["row_year"], "months": first["row_months"], "reports": reports, "cells": {}}
        for ind in cols:
            figs = [r for r in rs if r["indicator"] == ind]
            if figs:
                base, unit, factor = units[ind]
                row["cells"][ind] = _resolve(figs, base, factor, first["row_year"], first["row_months"])
        rows.append(row)
    if rank:
        def rv(row):
            cl = row["cells"].get(rank)
            return cl.value if cl is not None else None

        have = sorted((r for r in rows if rv(r) is not None), key=lambda r: (-rv(r), r["park"], r["period"] or ""))
        missing = sorted((r for r in rows if rv(r) is None), key=lambda r: (r["park"], r["period"] or ""))
        prev, n = None, 0
        for i, r in enumerate(have, 1):
            if rv(r) != prev:
                n, prev = i, rv(r)
            r["rank"] = n
        for r in missing:
            r["rank"] = None
        rows = have + missing
    else:
        rows.sort(key=lambda r: (r["park"], r["year"] if r["year"] is not None else -1, r["months"] or (0, 0),
                                 r["period"] or ""))
    # footnotes: one per flag kind in use, numbered in the order of the flags' table
    used = {f for r in rows for cl in r["cells"].values() for f in cl.flags}
    notes, num = [], {}
    for f, spec in _cfg().flags.items():
        if f in used:
            num[f] = len(notes) + 1
            notes.append({"n": num[f], "flag": f, "text": str(spec["note"])})
    for r in rows:
        for cl in r["cells"].values():
            if cl.flags:
                refs = "".join(f"[{num[f]}]" for f in dict.fromkeys(cl.flags))
                cl.note = f"{cl.note} {refs}".strip()
    return {"by": by, "rank": rank, "columns": [(i, units[i][1]) for i in cols], "rows": rows, "footnotes": notes}


def value_column(indicator: str, unit: Optional[str]) -> str:
    return f"{indicator} ({unit})" if unit else indicator


def wide(frame, by: str = "park", rank: Optional[str] = None, indicators: Optional[list[str]] = None):
    """The pivot of the long frame as a DataFrame: park, period, reports, then for each
    indicator ``NAME (unit)``, ``NAME 增长%`` and ``NAME 注``. ``.attrs`` holds
    ``footnotes`` (list of dicts) and ``units`` (indicator -> unit)."""
    import pandas as pd

    t = build(frame, by=by, rank=rank, indicators=indicators)
    return _wide_frame(t, pd)


def _wide_frame(t: dict, pd):
    head = (["排名"] if t["rank"] else []) + ["park", "period", "reports"]
    cols = list(head)
    for ind, unit in t["columns"]:
        cols += [value_column(ind, unit), f"{ind} 增长%", f"{ind} 注"]
    data = []
    for r in t["rows"]:
        d = {"park": r["park"], "period": r["period"], "reports": "; ".join(r["reports"])}
        if t["rank"]:
            d["排名"] = r.get("rank")
        for ind, unit in t["columns"]:
            cl = r["cells"].get(ind)
            d[value_column(ind, unit)] = round(cl.value, 4) if cl and cl.value is not None else None
            d[f"{ind} 增长%"] = cl.growth if cl else None
            d[f"{ind} 注"] = cl.note if cl else ""
        data.append(d)
    df = pd.DataFrame(data, columns=cols)
    if t["rank"]:
        df["排名"] = df["排名"].astype("Int64")
    df.attrs["footnotes"] = t["footnotes"]
    df.attrs["units"] = {ind: unit for ind, unit in t["columns"]}
    df.attrs["by"] = t["by"]
    return df


# -- renderers --------------------------------------------------------------------------

def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def _pad(s: str, w: int, right: bool = False) -> str:
    gap = " " * max(0, w - _width(s))
    return gap + s if right else s + gap


def _cell_text(cl: Optional[Cell], with_growth: bool = True) -> str:
    if cl is None:
        return ""
    v = _fmt_num(cl.value) if cl.value is not None else ("—" if not cl.unit_as_written else cl.unit_as_written)
    g = _fmt_growth(cl.growth)
    out = v + (f" ({g})" if g and with_growth else "")
    return out + (f" {cl.note}" if cl.note else "")


def render_table(t: dict) -> str:
    """A terminal table: one line per row, one column per indicator (value (growth) note)."""
    head = (["#"] if t["rank"] else []) + ["park", "period"] + [value_column(i, u) for i, u in t["columns"]]
    body = []
    for r in t["rows"]:
        line = ([str(r["rank"]) if r.get("rank") else "-"] if t["rank"] else []) + [r["park"], r["period"] or "—"]
        line += [_cell_text(r["cells"].get(i)) for i, _ in t["columns"]]
        body.append(line)
    widths = [max([_width(h)] + [_width(b[k]) for b in body]) for k, h in enumerate(head)]
    lines = ["  ".join(_pad(h, widths[k]) for k, h in enumerate(head)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    for b in body:
        lines.append("  ".join(_pad(x, widths[k]) for k, x in enumerate(b)).rstrip())
    lines += [""] + [f"[{n['n']}] {n['flag']}: {n['text']}" for n in t["footnotes"]]
    return "\n".join(lines).rstrip() + "\n"


def _md_escape(s: str) -> str:
    return s.replace("|", "\\|")


def render_markdown(t: dict) -> str:
    head = (["排名"] if t["rank"] else []) + ["园区", "期间"]
    for i, u in t["columns"]:
        head += [value_column(i, u), "增长%", "注"]
    out = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    for r in t["rows"]:
        line = ([str(r["rank"]) if r.get("rank") else ""] if t["rank"] else []) + [r["park"], r["period"] or ""]
        for i, _ in t["columns"]:
            cl = r["cells"].get(i)
            line += [(_fmt_num(cl.value) if cl and cl.value is not None else ("—" if cl else "")),
                     _fmt_growth(cl.growth) if cl else "", cl.note if cl else ""]
        out.append("| " + " | ".join(_md_escape(x) for x in line) + " |")
    if t["footnotes"]:
        out.append("")
        out += [f"[{n['n']}] **{n['flag']}**: {n['text']}  " for n in t["footnotes"]]
    return "\n".join(out) + "\n"


def render_html(t: dict, title: str = "reportmine compare") -> str:
    import html as h

    head = (["排名"] if t["rank"] else []) + ["园区", "期间"]
    th = "".join(f"<th rowspan='2'>{h.escape(x)}</th>" for x in head)
    th += "".join(f"<th colspan='3'>{h.escape(i)}</th>" for i, _ in t["columns"])
    th2 = "".join(f"<th>{h.escape(u or '')}</th><th>增长%</th><th>注</th>" for _, u in t["columns"])
    body = []
    for r in t["rows"]:
        tds = ([f"<td>{r['rank'] or ''}</td>"] if t["rank"] else []) + [
            f"<td>{h.escape(r['park'])}</td>", f"<td>{h.escape(r['period'] or '')}</td>"]
        for i, _ in t["columns"]:
            cl = r["cells"].get(i)
            if cl is None:
                tds.append("<td></td><td></td><td></td>")
                continue
            cls = " class='flagged'" if cl.flags else ""
            ev = cl.chosen.get("evidence") or cl.chosen.get("mention") or ""
            v = _fmt_num(cl.value) if cl.value is not None else "—"
            tds.append(f"<td{cls} title='{h.escape(ev, quote=True)}'>{h.escape(v)}</td>"
                       f"<td>{h.escape(_fmt_growth(cl.growth))}</td><td>{h.escape(cl.note)}</td>")
        body.append("<tr>" + "".join(tds) + "</tr>")
    notes = "".join(f"<li value='{n['n']}'><b>{h.escape(n['flag'])}</b>: {h.escape(n['text'])}</li>"
                    for n in t["footnotes"])
    return ("<!doctype html><html lang='zh'><head><meta charset='utf-8'><title>" + h.escape(title) + "</title>"
            "<style>body{font-family:sans-serif}table{border-collapse:collapse;font-size:13px}"
            "td,th{border:1px solid #ccc;padding:2px 6px}td.flagged{background:#fff4d6}</style></head><body>"
            f"<table><thead><tr>{th}</tr><tr>{th2}</tr></thead><tbody>{''.join(body)}</tbody></table>"
            f"<ol>{notes}</ol></body></html>\n")


def render_json(t: dict) -> str:
    def fig(r: Optional[dict]):
        if r is None:
            return None
        return {"mention": r["mention"], "value": r["value"], "unit": r["unit"], "base_value": r["base_value"],
                "base_unit": r["base_unit"], "growth_pct": r["growth_pct"], "period": r["period"],
                "modality": r["modality"], "flags": list(r["flags"]), "report": r["report"],
                "document": r["document"], "span": [r["start"], r["end"]], "evidence": r["evidence"]}

    rows = []
    for r in t["rows"]:
        cells = {}
        for i, u in t["columns"]:
            cl = r["cells"].get(i)
            if cl is not None:
                cells[i] = {"value": cl.value, "unit": u, "growth_pct": cl.growth, "note": cl.note,
                            "flags": cl.flags, "figure": fig(cl.chosen), "others": [fig(o) for o in cl.others]}
        d = {"park": r["park"], "park_key": r["park_key"], "period": r["period"], "year": r["year"],
             "months": list(r["months"]) if r["months"] else None, "reports": r["reports"], "cells": cells}
        if t["rank"]:
            d["rank"] = r.get("rank")
        rows.append(d)
    out = {"schema": SCHEMA, "by": t["by"], "rank": t["rank"],
           "indicators": [{"name": i, "unit": u} for i, u in t["columns"]], "rows": rows, "footnotes": t["footnotes"]}
    return json.dumps(out, ensure_ascii=False, indent=2) + "\n"


def write(t: dict, fmt: str, path: Optional[Union[str, os.PathLike]] = None, long=None) -> Optional[str]:
    """Render the wide table ``t`` as ``fmt``; write it to ``path`` or return the text.
    xlsx needs a path (sheets: comparison, footnotes, and the long frame as figures)."""
    import pandas as pd

    if fmt == "xlsx":
        if path is None:
            raise UsageError(E.E207, fmt=fmt)
        df = _wide_frame(t, pd)
        with pd.ExcelWriter(path, engine="openpyxl") as xw:
            df.to_excel(xw, sheet_name="comparison", index=False)
            pd.DataFrame(t["footnotes"], columns=["n", "flag", "text"]).to_excel(xw, sheet_name="footnotes", index=False)
            if long is not None:
                lf = pd.DataFrame(long).copy()
                for col in ("flags", "row_months", "months"):
                    lf[col] = lf[col].map(lambda v: ", ".join(map(str, v)) if isinstance(v, (tuple, list)) else v)
                lf.to_excel(xw, sheet_name="figures", index=False)
        return None
    if fmt == "csv":
        text = _wide_frame(t, pd).to_csv(index=False)
        if t["footnotes"]:
            # the footnotes under the table, as comment lines: pd.read_csv(path, comment="#")
            # skips them, a spreadsheet shows them below the rows (full-width commas keep
            # each in one cell)
            text += "\n" + "".join(f"# [{n['n']}] {n['flag']}: {n['text'].replace(',', '，')}\n"
                                    for n in t["footnotes"])
    elif fmt == "table":
        text = render_table(t)
    elif fmt == "markdown":
        text = render_markdown(t)
    elif fmt == "html":
        text = render_html(t)
    elif fmt == "json":
        text = render_json(t)
    else:
        raise UsageError(E.E203, fmt=fmt, choices="table, csv, xlsx, markdown, html, json")
    if path is None:
        return text
    Path(path).write_text(text, encoding="utf-8-sig" if fmt == "csv" else "utf-8")
    return None


# -- the chart --------------------------------------------------------------------------

def chart(data, path: Union[str, os.PathLike], indicator: Optional[str] = None) -> str:
    """Bars of one headline indicator across parks (largest first), growth beside each
    bar, flagged figures hatched; PNG, SVG or HTML by the path's suffix. ``data`` is the
    long frame, or ``build``'s table. Returns the indicator drawn."""
    from .chart import draw

    t = data if isinstance(data, dict) and "rows" in data else build(data, indicators=[indicator] if indicator else None)
    if indicator is None:
        counts = Counter(i for r in t["rows"] for i, cl in r["cells"].items() if cl.value is not None)
        if not counts:
            raise UsageError(E.E208, path=str(path), reason="no figure with a value to draw")
        indicator = sorted(counts.items(), key=lambda kv: (-kv[1], headline_indicators().index(kv[0])))[0][0]
    draw(t, indicator, path)
    return indicator
