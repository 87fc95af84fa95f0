"""Quantities: number (Arabic, Chinese, mixed, masked, or missing) + magnitude + unit.

One compiled pattern (built from rules/numerals.yaml and rules/units.yaml) finds every
anchor in one pass; ``parse`` turns a match into a ``Quantity`` with value, unit as
written, base value and unit, qualifier and mask flag.
"""
from __future__ import annotations

from typing import NamedTuple
from functools import lru_cache
from typing import Iterator, Optional

import regex

from .. import rules
from ..rules import alternation, compile_rule

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
              "八": 8, "九": 9, "壹": 1, "贰": 2, "叁": 3, "肆": 4, "伍": 5, "陆": 6, "柒": 7, "捌": 8, "玖": 9}
_CN_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_CN_BIG = {"万": 10_000, "亿": 100_000_000, "兆": 1_000_000_000_000}


class Quantity(NamedTuple):
    """A number with its unit as found in the text. A named tuple: immutable like a frozen
    dataclass, and made several times faster (there is one per figure of an archive)."""

    start: int
    end: int
    value: Optional[float]
    unit: Optional[str]          # as written (simplified): 亿元, 万美元, %, 家
    base_value: Optional[float]
    base_unit: Optional[str]
    dim: Optional[str]
    qualifier: Optional[str]
    masked: bool
    numeral: str                 # "arabic" | "chinese" | "masked" | "bare" | "idiom" | "fraction"
    num_start: int               # where the number (or the unit, when bare) starts


@lru_cache(maxsize=1)
def _grammar():
    num = rules.load("numerals")
    units = rules.load("units")
    mags = dict(units["magnitudes"])
    unit_cfg = {k: v for k, v in units["units"].items()}
    unit_alt = alternation(unit_cfg.keys())
    mag_alt = alternation(mags.keys())
    qb = alternation(num["qualifiers_before"])
    qa = alternation(num["qualifiers_after"])
    cn_chars = num["chinese_digits"] + num["chinese_units"]
    ar = num["arabic"]
    cn = rf"[{cn_chars}]*[{num['chinese_digits']}十拾][{cn_chars}]*(?:[点.][{num['chinese_digits']}]+)?(?:几)?"
    number = (rf"(?P<mask>{num['stripped']})|{num['mixed']}|(?P<ar>{ar}(?:\s*[-~至到]\s*{ar})?)"
              rf"|(?P<mask2>{num['masked']})"
              rf"|(?P<cn>{cn})")
    idiom_alt = "|".join(f"(?:{i['re']})" for i in num["idioms"])
    # 百分之十二点五 is a percentage with no unit after it; 近亿元 an idiom with no digit
    pattern = (rf"(?P<qb>{qb})?(?:(?P<pct>百分之(?P<pctnum>[{cn_chars}点.]+|{ar}))"
               rf"|(?P<frac>{num['fraction']})"
               rf"|(?P<idiom>{idiom_alt})(?P<imag>亿)(?P<iunit>{unit_alt})"
               rf"|(?:{number})\s*(?P<qa1>{qa})?(?P<mag>{mag_alt})?(?P<qa2>{qa})?"
               rf"(?P<unit>{unit_alt})(?P<qa3>{qa})?)")
    # every quantity starts with a digit, a numeral, a mask, a qualifier or an idiom: a
    # look-ahead on that first character lets the scan skip prose at once
    firsts = set("0123456789" + num["chinese_digits"] + num["chinese_units"] + "百xX×*＊_?？n.〔[")
    firsts |= {str(q)[0] for q in num["qualifiers_before"]}
    firsts |= {"近", "过", "超", "逾", "上", "千", "百"}
    first_class = "".join(sorted(regex.escape(c) for c in firsts))
    anchor = compile_rule("numerals", "quantity", f"(?=[{first_class}])(?:{pattern})")
    bare_alt = alternation(units["bare_units"])
    bare = compile_rule("units", "bare_units",
                        rf"(?P<qb>{qb})?(?P<qa1>{qa})?(?P<unit>{bare_alt}|%)(?P<qa3>{qa})?")
    kept = frozenset(num["qualifiers_kept"])
    return anchor, mags, unit_cfg, bare, kept, units


def _cn_int(s: str) -> Optional[float]:
    """A Chinese numeral (no ranges) as a number: positional digits, 十百千, 万亿 groups."""
    if not s:
        return None
    if all(ch in _CN_DIGITS for ch in s):  # 三四九二 -> 3492, 二〇二三 -> 2023
        return float(int("".join(str(_CN_DIGITS[ch]) for ch in s)))
    for big in ("亿", "万"):  # 六万三四九二 -> 63492: digits read one by one after 万
        head, sep, tail = s.rpartition(big)
        if sep and head and 2 <= len(tail) <= 4 and all(ch in _CN_DIGITS for ch in tail):
            hv = _cn_int(head)
            if hv is not None:
                return hv * _CN_BIG[big] + int("".join(str(_CN_DIGITS[ch]) for ch in tail))
    if len(s) <= 3 and "万" not in s and "亿" not in s:  # 十五, 三十, 二百: no need for a library
        v = _cn_small(s)
        if v is not None:
            return v
    try:
        import cn2an  # a well-kept converter for standard numerals

        return float(cn2an.cn2an(s, "normal"))
    except Exception:
        pass
    total, section, digit = 0, 0, None
    for ch in s:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            section += (digit if digit is not None else 1) * _CN_UNITS[ch]
            digit = None
        elif ch in _CN_BIG:
            section += digit or 0
            total = (total + section) * _CN_BIG[ch]
            section, digit = 0, None
        else:
            return None
    return float(total + section + (digit or 0))


def _cn_small(s: str) -> Optional[float]:
    total, digit = 0, None
    for ch in s:
        if ch in _CN_DIGITS:
            if digit is not None:
                return None
            digit = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            total += (1 if digit is None else digit) * _CN_UNITS[ch]
            digit = None
        else:
            return None
    return float(total + (digit or 0))


def parse_chinese(s: str) -> tuple[Optional[float], Optional[str], str]:
    """(value, qualifier, trailing magnitude) for a Chinese numeral as reports write it.

    三四百 -> (300, 'range 300-400', ''); 十几 -> (10, '多', ''); 一亿二千万 -> 120000000;
    三百万 -> (300, None, '万') so the 万 stays with the unit as written.
    """
    qual = None
    if s.endswith("几"):
        s, qual = s[:-1], "多"
    if "点" in s or "." in s:
        a, _, b = s.replace(".", "点").partition("点")
        ia = _cn_int(a) if a else 0.0
        if ia is None or not b or not all(ch in _CN_DIGITS for ch in b):
            return None, None, ""
        return float(f"{int(ia)}.{''.join(str(_CN_DIGITS[c]) for c in b)}"), qual, ""
    trailing = ""
    if s[-1] in _CN_BIG and not ("亿" in s[:-1] and s[-1] == "万") and len(s) > 1:
        trailing, s = s[-1], s[:-1]
    # a range of adjacent digits before a unit: 三四百 -> 300-400
    if len(s) >= 3 and s[0] in _CN_DIGITS and s[1] in _CN_DIGITS and s[2] in _CN_UNITS and len(s) == 3:
        lo, hi = _CN_DIGITS[s[0]] * _CN_UNITS[s[2]], _CN_DIGITS[s[1]] * _CN_UNITS[s[2]]
        if lo < hi:
            return float(lo), f"range {lo}-{hi}", trailing
    v = _cn_int(s)
    return v, qual, trailing


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


@lru_cache(maxsize=1024)
def _unit_base(mag: str, unit: str) -> tuple[Optional[float], Optional[str], Optional[str]]:
    """(factor to the base unit, base unit, dimension) of a magnitude and unit."""
    _, mags, unit_cfg, *_ = _grammar()
    u = unit_cfg.get(unit)
    if u is None:
        return None, None, None
    return float(mags.get(mag, 1.0)) * float(u["factor"]), str(u["base"]), str(u["dim"])


def convert(value: Optional[float], mag: str, unit: str) -> tuple[Optional[float], Optional[str], Optional[str]]:
    factor, base_unit, dim = _unit_base(mag, unit)
    if factor is None:
        return None, None, None
    base = None if value is None else round(value * factor, 6)
    return base, base_unit, dim


def _qual(*qs: Optional[str]) -> Optional[str]:
    kept = _grammar()[4]
    for q in qs:
        if q and q in kept:
            return q
    return None


def find_quantities(text: str, start: int = 0, end: Optional[int] = None) -> Iterator[Quantity]:
    anchor, mags, unit_cfg, *_ = _grammar()
    end = len(text) if end is None else end
    for m in anchor.finditer(text, start, end):
        q = parse_match(m, text)
        if q is not None:
            yield q


def parse_match(m, text: str) -> Optional[Quantity]:
    _, mags, unit_cfg, *_ = _grammar()
    if m.group("pct"):
        inner = m.group("pctnum")
        value = float(inner) if inner[0].isdigit() else parse_chinese(inner)[0]
        if value is None:
            return None
        return Quantity(m.start(), m.end(), value, "%", value, "%", "percent", _qual(m.group("qb")), False,
                        "chinese", m.start("pct"))
    if m.group("frac"):
        den, num = _cn_int(m.group("fden")), _cn_int(m.group("fnum"))
        if not den or not num or num >= den:
            return None
        return Quantity(m.start(), m.end(), round(num / den, 6), None, round(num / den, 6), None, "fraction",
                        f"fraction {int(num)}/{int(den)}", False, "fraction", m.start("frac"))
    if m.group("idiom"):
        unit = m.group("iunit")
        if not unit_cfg[unit].get("prefix") or unit_cfg[unit]["dim"] != "money":
            return None
        mul = {"千": 1000.0, "百": 100.0}.get(m.group("imul") or "", 1.0)
        base, base_unit, dim = convert(mul, "亿", unit)
        return Quantity(m.start(), m.end(), mul, "亿" + unit, base, base_unit, dim,
                        _qual(m.group("q"), m.group("qb")), False, "idiom", m.start("idiom"))
    unit = m.group("unit")
    mag = m.group("mag") or ""
    if unit == "万" and (m.group("qa3") or (m.end() < len(text) and text[m.end()] not in ",;。、)\n")):
        return None  # 近2万 ends its clause; 200万以下, 5万锭 are something else
    if mag and not unit_cfg[unit].get("prefix", False):
        return None
    if unit == "%" and mag:
        return None
    qual = _qual(*m.group("qb", "qa1", "qa2", "qa3"))
    masked = False
    numeral = "arabic"
    num_start = m.start("ar") if m.group("ar") else m.start()
    if m.group("mix"):
        a, rest = float(m.group("mix")), float(m.group("mixrest"))
        if m.group("mixmag") == "兆":  # 1兆4833亿元: 14833 亿元
            if mag != "亿":
                return None
            value = a * 10000 + rest
        else:  # 9万2601人
            if mag:
                return None
            value = a * 10000 + rest
        num_start = m.start("mix")
    elif m.group("ar"):
        raw = m.group("ar")
        parts = [p for p in raw.replace("~", "-").replace("至", "-").replace("到", "-").split("-") if p.strip()]
        value = float(parts[0])
        if len(parts) == 2:
            qual = f"range {parts[0].strip()}-{parts[1].strip()}"
    elif m.group("mask") or m.group("mask2"):
        g = "mask" if m.group("mask") else "mask2"
        numeral, masked, value = "masked", True, None
        num_start = m.start(g)
    else:
        numeral = "chinese"
        num_start = m.start("cn")
        value, q2, trailing = parse_chinese(m.group("cn"))
        if value is None:
            return None
        qual = q2 or qual
        if trailing:
            if mag:
                return None
            mag = trailing
            if not unit_cfg[unit].get("prefix", False):
                return None
    if masked and m.group("mask2") and not any(ch in "xX×*＊_?？n〔[" for ch in m.group("mask2")):
        return None
    if value is not None and value == 0 and numeral == "chinese":
        return None
    shown = mag + unit
    if unit == "人民币" or unit == "元人民币":
        shown = mag + "元"
    base, base_unit, dim = convert(value, mag, unit)
    return Quantity(m.start(), m.end(), value, shown, base, base_unit, dim, qual, masked, numeral, num_start)


def find_bare(text: str, start: int, end: int) -> Iterator[Quantity]:
    """Units standing with no number (a report whose figures were stripped)."""
    _, mags, unit_cfg, bare, *_ = _grammar()
    for m in bare.finditer(text, start, end):
        u = m.group("unit")
        mag = ""
        for k in sorted(mags, key=len, reverse=True):
            if u.startswith(k) and u[len(k):] in unit_cfg:
                mag, base_u = k, u[len(k):]
                break
        else:
            base_u = u
        if base_u not in unit_cfg:
            continue
        _, base_unit, dim = convert(None, mag, base_u)
        yield Quantity(m.start(), m.end(), None, u, None, base_unit, dim,
                       _qual(m.group("qb"), m.group("qa1"), m.group("qa3")), True, "bare", m.start("unit"))


def unit_info(unit: str) -> Optional[dict]:
    return _grammar()[2].get(unit)
