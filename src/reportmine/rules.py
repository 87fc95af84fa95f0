"""The one registry of rule files.

Every vocabulary and pattern reportmine uses lives in ``rules/<dimension>.yaml``. This
module finds the folder (the repository's ``rules/`` in a checkout, a copy inside the
installed package otherwise, or ``$REPORTMINE_RULES``), loads each file once, checks its
shape, and hands out read-only views. Each file also carries ``examples`` and
``negative`` lists that ``tests/test_rule_examples.py`` runs.
"""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

import regex

from .errors import E, RulesError

RULE_FILES = (
    "boilerplate", "normalise", "documents", "parks", "periods", "sections", "numerals",
    "units", "indicators", "mentions", "growth", "modality", "stages", "problems", "compare",
)


def _candidates() -> list[Path]:
    here = Path(__file__).resolve().parent
    out = []
    if os.environ.get("REPORTMINE_RULES"):
        out.append(Path(os.environ["REPORTMINE_RULES"]))
    out += [here.parents[1] / "rules", here / "_data" / "rules"]
    return out


@lru_cache(maxsize=1)
def rules_dir() -> Path:
    for c in _candidates():
        if (c / "units.yaml").is_file():
            return c
    raise RulesError(E.E101, file="*", reason=f"no rules folder found (looked in {', '.join(map(str, _candidates()))})")


def models_dir() -> Path:
    here = Path(__file__).resolve().parent
    if os.environ.get("REPORTMINE_MODELS"):
        return Path(os.environ["REPORTMINE_MODELS"])
    for c in (here.parents[1] / "models", here / "_data" / "models"):
        if c.is_dir():
            return c
    return here.parents[1] / "models"


def _freeze(obj: Any) -> Any:
    if isinstance(obj, dict):
        return MappingProxyType({k: _freeze(v) for k, v in obj.items()})
    if isinstance(obj, list):
        return tuple(_freeze(v) for v in obj)
    return obj


@lru_cache(maxsize=None)
def load(name: str) -> Any:
    """The parsed, frozen content of ``rules/<name>.yaml``."""
    path = rules_dir() / f"{name}.yaml"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise RulesError(E.E101, file=f"{name}.yaml", reason=str(exc)) from None
    import hashlib

    from . import recache

    # the same text under the same schema gives the same checked content: kept between
    # runs under the hash of both (reading the YAML and checking it is a third of start-up)
    key = hashlib.sha1(f"{name}\0{SCHEMA.get(name)!r}\0{text}".encode("utf-8")).hexdigest()
    return _freeze(recache.memo("rules", key, lambda _key: _parse_checked(name, text)))


def _parse_checked(name: str, text: str) -> Any:
    import yaml

    try:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        data = yaml.load(text, Loader=loader)
    except yaml.YAMLError as exc:
        raise RulesError(E.E101, file=f"{name}.yaml", reason=f"not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise RulesError(E.E101, file=f"{name}.yaml", reason="expected a mapping at the top")
    if name in SCHEMA:
        validate(name, data)
    return data


# --- the shape of every rules file, checked at load ---------------------------------------
#
# A rules file with a key that no code reads, a value of the wrong kind or a pattern that
# does not compile fails when it is loaded, with the file, the key and what was expected
# (E104, E102), not later as a wrong result or an exception deep in a stage. A new key in
# a rules file needs its line here.

PATTERN, PATTERNS, WORDS, TEXT, INT, NUMBER, BOOL = "pattern", "patterns", "words", "text", "int", "number", "bool"
EXAMPLES, NEGATIVE = "examples", "negative"


def _map(value) -> tuple:
    return ("map", value)


def _record(fields: dict, required: tuple = ()) -> tuple:
    return ("record", fields, required)


def _records(fields: dict, required: tuple = ()) -> tuple:
    return ("records", fields, required)


PAIR = ("pair",)
SCALES = ("scales",)  # [[factor, unit], ...]: 100000000 亿元

_COMMON = {"examples": EXAMPLES, "negative": NEGATIVE}
SCHEMA: dict[str, dict] = {
    "compare": {"kind_families": _map(WORDS), "provinces": WORDS, "admin_suffixes": WORDS, "mask": PATTERN,
                "readable_units": _map(SCALES), "same_counts": WORDS, "period_names": _map(TEXT),
                "modality_names": _map(TEXT),
                "flags": _map(_record({"cell": TEXT, "note": TEXT}, ("cell", "note")))},
    "boilerplate": {"lines": PATTERNS, "heads": PATTERNS, "inline": PATTERNS},
    "documents": {"compilation": PATTERN, "title_words": WORDS, "title_max_chars": INT, "bullets": TEXT,
                  "doc_types": _map(WORDS)},
    "growth": {"verbs": _map(INT), "basis": WORDS, "basis_pattern": PATTERN, "two_year": PATTERN,
               "points": PATTERN, "respectively": PATTERN,
        "adverbs": PATTERN, "increment": PATTERN},
    "indicators": {"abbreviations": _map(TEXT),
                   "indicators": _map(_record({"kind": TEXT, "names": WORDS, "not": WORDS}, ("kind", "names"))),
                   "kinds": _map(_record({"dims": WORDS, "units": WORDS}, ("dims", "units"))),
                   "neutral": WORDS, "firm_scope": WORDS, "flow_words": WORDS, "activity_words": WORDS,
                   "zone_words": WORDS, "context": _map(PATTERN), "part_words": _map(PATTERN), "stages": _map(TEXT),
                   **{k: PATTERN for k in (
                       "tail_stops", "per_unit", "share_after", "share_mention", "phase", "line_label",
                       "generic_labels", "line_topic", "line_enterprise", "park_subject", "annual",
                       "annual_not_after", "target_of_previous", "target_after", "stage_after", "stage_mention",
                       "stage_before", "subpark_heading", "subpark_list")}},
    "mentions": {"lead_words": WORDS, "lead_chars": TEXT, **{k: PATTERN for k in (
        "result_verbs", "tail", "verb_before_object", "noun_right", "subject_lead", "completion", "goal", "from_to", "task",
        "qualifier_tail", "threshold_after", "modifier_after", "bare_money", "name_after_capacity", "periodish")},
        **{k: PATTERN for k in ("structural_before", "structural_after", "comparison_set", "threshold_class", "table_header", "table_row", "table_target_col", "table_growth_col")}},
    "modality": {"target": WORDS, "target_patterns": PATTERNS, "estimate_after": WORDS, "estimate": WORDS,
                 "actual_after_target": WORDS,
        "target_in_mention": WORDS, "target_after": PATTERN, "met": WORDS},
    "normalise": {"char_folds": _map(TEXT), "decimal_point": PATTERN, "hints": _map(PATTERN), "thousands": PATTERN,
                  "month_range": PATTERN, "pinyin": PATTERN, "ocr_period": PATTERN, "ocr_l_decimal": PATTERN,
                  "page_marker": _record({"pattern": PATTERN, "min_line_chars": INT, "closing": TEXT},
                                         ("pattern", "min_line_chars", "closing")),
                  "soft_wrap": _record({"pattern": PATTERN, "open_end": TEXT, "not_before": PATTERN},
                                       ("pattern", "open_end", "not_before")),
        "split_decimal": PATTERN, "flat_space": _record({"pattern": PATTERN, "min_line_chars": INT}, ("pattern", "min_line_chars"))},
    "numerals": {"arabic": PATTERN, "chinese_digits": TEXT, "chinese_units": TEXT, "masked": PATTERN,
                 "qualifiers_before": WORDS, "qualifiers_after": WORDS, "qualifiers_kept": WORDS,
                 "idioms": _records({"re": PATTERN, "value": NUMBER}, ("re", "value")),
        "stripped": PATTERN, "mixed": PATTERN, "fraction": PATTERN},
    "parks": {"kinds": WORDS, "needs_name": WORDS, "name_chars": PATTERN, "name_max": INT, "left_stops": WORDS,
              "generic_names": WORDS, "not_names": WORDS,
        "weak_kinds": WORDS, "mask_chars": TEXT, "stop_words": WORDS, "stop_tags": WORDS, "stop_tags_single": WORDS, "weights": _map(NUMBER), "comparator_cues": WORDS, "part_cues": WORDS,
              "project_after": WORDS},
    "periods": {"patterns": _records({"name": TEXT, "re": PATTERN}, ("name", "re")), "first_chars": TEXT,
                "relative_months": _map(PAIR), "five_year_plans": _map(PAIR), "figure_periods": WORDS,
                "label_aliases": _map(TEXT), "roc_offset": INT,
        "year": PATTERN, "point_periods": WORDS},
    "problems": {"cues": WORDS, "strong_cues": WORDS, "consequence": WORDS, "not_problem": WORDS, "contrast": WORDS,
                 "categories": _map(WORDS)},
    "sections": {"markers": _records({"name": TEXT, "re": PATTERN, "inline": BOOL, "paragraph_only": BOOL,
                                      "bare": BOOL}, ("name", "re")),
                 "title_end": PATTERN, "title_max": INT, "cues": _map(WORDS), "lean": _map(WORDS),
                 "figure_in_title": PATTERN, "figure_title_min": INT, "figure_styles": WORDS, "entry_line": PATTERN,
        "ranks": _map(INT), "not_titles": WORDS, "body_plan": WORDS, "body_done": WORDS,
                 "body_done_opening": PATTERN},
    "stages": {"order": WORDS, "words": _map(WORDS), "name_heads": WORDS, "head_followers": WORDS,
               "joint_venture": PATTERN, "enumeration": PATTERN, "list_stop": TEXT, "company_stage": PATTERN,
               "have_list": PATTERN, "list_max": INT, "completion_verbs": WORDS, "weak_words": WORDS,
               "conditional_after": WORDS, "target_cues": WORDS, "target_shift": _map(TEXT),
               "progress_before": WORDS, "build_before": WORDS, "name_before_inside": WORDS, "name_lead": WORDS,
               "generic_name": PATTERN,
        "work_heads": WORDS, "subject_stages": WORDS, "subject_adverbs": WORDS, "subject_len": PAIR, "takes_object": PATTERN, "join_parts": WORDS, "entry": PATTERN, "numbered_entry": PATTERN, "list_label": PATTERN, "heading_label": PATTERN, "label_stage": _map(TEXT), "phase": PATTERN, "not_subject": WORDS, "part_names": PATTERN, "negation": PATTERN},
    "units": {"magnitudes": _map(NUMBER),
              "units": _map(_record({"dim": TEXT, "base": TEXT, "factor": NUMBER, "prefix": BOOL},
                                    ("dim", "base", "factor"))),
              "bare_units": WORDS, "bare_count_units": WORDS, "bare_count_stops": WORDS},
}
for _keys in SCHEMA.values():
    _keys.update(_COMMON)

_EXPECTED = {PATTERN: "a regular expression (a string)", PATTERNS: "a list of regular expressions",
             WORDS: "a list of non-empty strings", TEXT: "a string", INT: "an integer", NUMBER: "a number",
             BOOL: "true or false", EXAMPLES: "a list of mappings, each with a text",
             NEGATIVE: "a list of strings", "map": "a mapping", "record": "a mapping", "records": "a list of mappings",
             "pair": "a list of two integers", "scales": "a list of [factor, unit] pairs"}


def validate(name: str, data: dict) -> None:
    """Check ``rules/<name>.yaml`` against ``SCHEMA``; raise E104 (a key or value) or
    E102 (a pattern) naming the file, the key and what was expected."""
    spec = SCHEMA[name]
    for key, value in data.items():
        if key not in spec:
            _bad(name, str(key), "unknown key", "one of " + ", ".join(sorted(spec)))
        _check(name, str(key), value, spec[key])


def _bad(name: str, key: str, problem: str, expected: str):
    raise RulesError(E.E104, file=f"{name}.yaml", key=key, problem=problem, expected=expected)


def _got(value: Any) -> str:
    shown = repr(value)
    return f"got {type(value).__name__} {shown if len(shown) <= 40 else shown[:37] + '...'}"


def _check(name: str, key: str, value: Any, spec: Any) -> None:
    kind = spec[0] if isinstance(spec, tuple) else spec
    expected = _EXPECTED[kind]
    if kind in (PATTERN, TEXT):
        if not isinstance(value, str):
            _bad(name, key, _got(value), expected)
        if kind == PATTERN:
            _compiles(name, key, value)
    elif kind in (PATTERNS, WORDS, NEGATIVE):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            _bad(name, key, _got(value), expected)
        if kind == WORDS and any(not v for v in value):
            _bad(name, key, "an empty string", expected)
        if kind == PATTERNS:
            for i, v in enumerate(value):
                _compiles(name, f"{key}[{i}]", v)
    elif kind == INT:
        if not isinstance(value, int) or isinstance(value, bool):
            _bad(name, key, _got(value), expected)
    elif kind == NUMBER:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            try:
                float(value)  # YAML reads 1.0e12 as a string
            except (TypeError, ValueError):
                _bad(name, key, _got(value), expected)
    elif kind == BOOL:
        if not isinstance(value, bool):
            _bad(name, key, _got(value), expected)
    elif kind == EXAMPLES:
        if not isinstance(value, list) or not all(isinstance(v, dict) and isinstance(v.get("text"), str) for v in value):
            _bad(name, key, "an example without a text" if isinstance(value, list) else _got(value), expected)
    elif kind == "scales":
        if not (isinstance(value, list) and all(
                isinstance(v, list) and len(v) == 2 and isinstance(v[0], (int, float)) and isinstance(v[1], str)
                for v in value)):
            _bad(name, key, _got(value), expected)
    elif kind == "pair":
        if not (isinstance(value, list) and len(value) == 2 and all(isinstance(v, int) for v in value)):
            _bad(name, key, _got(value), expected)
    elif kind == "map":
        if not isinstance(value, dict):
            _bad(name, key, _got(value), expected)
        for k, v in value.items():
            _check(name, f"{key}.{k}", v, spec[1])
    elif kind in ("record", "records"):
        items = [value] if kind == "record" else value
        if not isinstance(items, list) or not all(isinstance(v, dict) for v in items):
            _bad(name, key, _got(value), expected)
        fields, required = spec[1], spec[2]
        for i, item in enumerate(items):
            where = key if kind == "record" else f"{key}[{i}]"
            for f in required:
                if f not in item:
                    _bad(name, where, f"no {f!r}", "the keys " + ", ".join(fields))
            for f, v in item.items():
                if f not in fields:
                    _bad(name, f"{where}.{f}", "unknown key", "one of " + ", ".join(sorted(fields)))
                _check(name, f"{where}.{f}", v, fields[f])


def _compiles(name: str, key: str, pattern: str) -> None:
    """E102 unless the pattern compiles (with ``re`` as ``compile_rule`` would, else with
    ``regex``, which reads \\p{Han} and the rest)."""
    import re

    from . import recache

    try:
        recache.compile(_han_as_ranges(pattern) if "\\p{Han}" in pattern else pattern)
        return
    except re.error:
        pass
    try:
        regex.compile(pattern, regex.V0)
    except regex.error as exc:
        raise RulesError(E.E102, file=f"{name}.yaml", rule=key,
                         reason=f"{exc} (expected a regular expression)") from None


# \p{Han} as ranges: 〇, CJK Unified Ideographs, Extension A, Compatibility Ideographs
HAN_RANGES = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
def _han_as_ranges(pattern: str) -> str:
    """Replace \\p{Han} by explicit ranges: bare inside a [...] class, bracketed outside."""
    out, i, in_class = [], 0, False
    while i < len(pattern):
        ch = pattern[i]
        if pattern.startswith("\\p{Han}", i):
            out.append(HAN_RANGES if in_class else f"[{HAN_RANGES}]")
            i += len("\\p{Han}")
            continue
        if ch == "\\":
            out.append(pattern[i:i + 2])
            i += 2
            continue
        if ch == "[" and not in_class:
            in_class = True
            out.append(ch)
            i += 1
            if pattern[i:i + 1] == "^":
                out.append("^")
                i += 1
            if pattern[i:i + 1] == "]":  # a ] first in a class is literal
                out.append("]")
                i += 1
            continue
        if ch == "]" and in_class:
            in_class = False
        out.append(ch)
        i += 1
    return "".join(out)


_REGEX_ONLY = ("\\p{", "\\P{", "(?|", "(?>", "*+", "++", "?+", "\\X", "(?r)")


def compile_rule(file: str, rule: str, pattern: str, flags: int = 0, engine: str = "auto", scan: bool = False):
    """Compile a rule's pattern. The standard library's ``re`` runs these patterns two to
    three times faster than ``regex``, so it is used whenever the pattern needs nothing
    that only ``regex`` has (``\\p{Han}`` classes, overlapped matching: ``engine="regex"``)."""
    if engine == "auto" and "\\p{Han}" in pattern:
        # CJK ideographs as explicit ranges, so re can run the pattern too
        pattern = _han_as_ranges(pattern)
    if engine == "auto" and not any(tok in pattern for tok in _REGEX_ONLY):
        import re

        from . import recache

        try:
            compiled = recache.compile(pattern, flags)
        except re.error:
            pass  # let regex say what is wrong, or compile what re cannot
        else:
            # a pattern scanned over whole paragraphs gets a look-ahead on its first
            # characters when re cannot skip to them by itself (in small windows, or
            # with match(), the look-ahead would only cost)
            lead = recache.memo("lookahead", pattern, _lookahead_for) if scan and not flags else None
            return recache.compile(lead + "(?:" + pattern + ")") if lead else compiled
    try:
        return regex.compile(pattern, flags | regex.V0)
    except regex.error as exc:
        raise RulesError(E.E102, file=f"{file}.yaml", rule=rule, reason=str(exc)) from None


def _first_items(pattern: str):
    """What a match must start with, as items of a character class: characters, ranges
    (``a-z``) and the classes ``\\d \\w \\s``; None when unknown."""
    try:
        import re._constants as C
        import re._parser as P

        parsed = P.parse(pattern)
        if parsed.state.flags & (C.SRE_FLAG_IGNORECASE | C.SRE_FLAG_VERBOSE):
            return None
        return _first(parsed, C)
    except Exception:
        return None


def _first(seq, C):
    categories = {C.CATEGORY_DIGIT: "\\d", C.CATEGORY_WORD: "\\w", C.CATEGORY_SPACE: "\\s"}
    for op, av in seq:
        if op in (C.ASSERT, C.ASSERT_NOT, C.AT):
            continue  # zero-width: the first character is the next item's
        if op is C.LITERAL:
            return {chr(av)}
        if op is C.IN:
            out = set()
            for op2, av2 in av:
                if op2 is C.LITERAL:
                    out.add(chr(av2))
                elif op2 is C.RANGE and av2[1] - av2[0] < 64:
                    out.update(chr(c) for c in range(av2[0], av2[1] + 1))
                elif op2 is C.RANGE:
                    out.add(_class_escape(chr(av2[0])) + "-" + _class_escape(chr(av2[1])))
                elif op2 is C.CATEGORY and av2 in categories:
                    out.add(categories[av2])
                else:
                    return None
            return out
        if op is C.SUBPATTERN:
            if av[1] or av[2]:  # inline flags
                return None
            return _first(av[3], C)
        if op is C.BRANCH:
            out = set()
            for branch in av[1]:
                f = _first(branch, C)
                if f is None:
                    return None
                out |= f
            return out
        if op in (C.MAX_REPEAT, C.MIN_REPEAT) and av[0] >= 1:
            return _first(av[2], C)
        return None  # anything else (., a negated class, an optional start)
    return None


def guard_for(pattern: str) -> str | None:
    """A look-ahead on every character a match of ``pattern`` can start with (optional
    starts included: ``(?:(?P<y>\\d{4})年)?(?P<m>[1-9])月`` starts with a digit either
    way), to put before one alternative of a long alternation: re then rejects that
    alternative at a position with one test instead of entering it. The matches are the
    same. None when a match can be empty or its start is unknown."""
    try:
        import re._constants as C
        import re._parser as P

        parsed = P.parse(pattern)
        if parsed.state.flags & (C.SRE_FLAG_IGNORECASE | C.SRE_FLAG_VERBOSE):
            return None
        items, nullable = _first_opt(parsed, C)
    except Exception:
        return None
    if items is None or nullable or not items or len(items) > 200:
        return None
    return "(?=[" + "".join(_class_escape(i) if len(i) == 1 else i for i in sorted(items)) + "])"


def _first_opt(seq, C):
    """(first items, whether the sequence can match the empty string); items None when
    unknown. Like ``_first``, but an optional item adds its first items to the next's."""
    out = set()
    for op, av in seq:
        if op in (C.ASSERT, C.ASSERT_NOT, C.AT):
            continue
        if op is C.SUBPATTERN:
            if av[1] or av[2]:
                return None, False
            f, nullable = _first_opt(av[3], C)
        elif op is C.BRANCH:
            f, nullable = set(), False
            for branch in av[1]:
                g, n = _first_opt(branch, C)
                if g is None:
                    return None, False
                f |= g
                nullable = nullable or n
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT):
            f, nullable = _first_opt(av[2], C)
            nullable = nullable or av[0] == 0
        elif op in (C.LITERAL, C.IN):
            f, nullable = _first([(op, av)], C), False
        else:
            return None, False
        if f is None:
            return None, False
        out |= f
        if not nullable:
            return out, False
    return out, True


def _lookahead_for(pattern: str) -> str | None:
    """A look-ahead on the characters a match must start with, for a pattern whose start
    re cannot skip to by itself (a group of alternatives that begin with groups, a
    look-behind first). With it re rejects most positions at once; the matches are the
    same. None when re already has a literal or character-set prefix, or none is known."""
    try:
        import re._constants as C
        import re._parser as P

        data = P.parse(pattern)
        if data.state.flags & (C.SRE_FLAG_IGNORECASE | C.SRE_FLAG_VERBOSE):
            return None
        seq = data
        while seq.data and seq.data[0][0] is C.SUBPATTERN and not (seq.data[0][1][1] or seq.data[0][1][2]):
            seq = seq.data[0][1][3]
        if not seq.data:
            return None
        op, av = seq.data[0]
        if op in (C.LITERAL, C.IN) or (op is C.BRANCH and all(b.data and b.data[0][0] is C.LITERAL for b in av[1])):
            return None  # re finds these by itself
    except Exception:
        return None
    items = _first_items(pattern)
    if not items or len(items) > 200:
        return None
    return "(?=[" + "".join(_class_escape(i) if len(i) == 1 else i for i in sorted(items)) + "])"


def _class_escape(c: str) -> str:
    return "\\" + c if c in "\\]^-[" else c


class AnyRule:
    """Several rules searched as one: those anchored with ``^`` are tried once at the
    start, the others are searched as one pattern with a look-ahead on their first
    characters (``compile_rule(scan=True)``), so a line that holds none of them is
    skipped at C speed."""

    def __init__(self, file: str, rule: str, patterns: Any):
        pats = [str(p) for p in patterns]
        never = r"(?!x)x"
        self.anchored = compile_rule(file, rule, "|".join(f"(?:{p})" for p in pats if p.startswith("^")) or never)
        self.floating = compile_rule(file, rule, "|".join(f"(?:{p})" for p in pats if not p.startswith("^")) or never,
                                     scan=True)

    def search(self, text: str, pos: int = 0, endpos: int | None = None):
        endpos = len(text) if endpos is None else endpos
        return self.anchored.match(text, pos, endpos) or self.floating.search(text, pos, endpos)


def alternation(words: Any) -> str:
    """A regex alternation of literal words, longest first (so 亿美元 wins over 美元)."""
    ws = sorted({str(w) for w in words if str(w)}, key=lambda w: (-len(w), w))
    return "|".join(regex.escape(w) for w in ws)

