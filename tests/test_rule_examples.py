"""The examples and negatives of every rules file, run against the stage each belongs to.

Every ``rules/<name>.yaml`` carries ``examples:`` (input text -> the full expected result)
and ``negative:`` (texts that must produce nothing). One parametrized test collects them
all, with the input text as the test id, so adding a rule needs no new test. An adapter per
file turns the stage's output into a dict of the keys the examples use; every key an
example lists is asserted, and a key no adapter knows fails the example (so a new key
cannot pass silently).
"""
from __future__ import annotations

import math
from typing import Any, Callable

import pytest

import reportmine
from reportmine.comparison import park_key
from reportmine.facts.indicators import canonical, headline_names
from reportmine.facts.periods import find_periods
from reportmine.facts.problems import category
from reportmine.rules import RULE_FILES, load
from reportmine.structure.header import find_parks
from reportmine.text.normalise import normalise
from reportmine.text.split import is_boilerplate, lines_of, split


def _clean(text: str) -> str:
    return normalise(text).text


def _metrics(text: str):
    return [m for d in reportmine.extract(text).documents for m in d.metrics]


# -- a figure is read in a plain clause that names what it measures ----------------------
QUANTITY_CARRIER = "开发区实现产值{}。"


def _quantity(text: str) -> dict:
    doc = QUANTITY_CARRIER.format(text)
    ms = _metrics(doc)
    assert ms, f"no metric read from {doc!r}"
    m = ms[0]
    evidence = doc[m.span[0]:m.span[1]]
    assert text in evidence, f"the metric's evidence {evidence!r} does not hold the figure {text!r}"
    return {"value": m.value, "unit": m.unit, "base_value": m.base_value, "base_unit": m.base_unit,
            "qualifier": m.qualifier, "masked": m.masked}


def _no_quantity(text: str) -> list:
    return [(m.mention, m.value, m.unit) for m in _metrics(QUANTITY_CARRIER.format(text))]


# -- a heading line inside a small report -------------------------------------------------
SECTION_REPORT = "青溪开发区2023年工作总结\n{}\n开发区实现工业总产值12亿元,同比增长8%。\n"


def _sections_of_line(text: str) -> list:
    doc = SECTION_REPORT.format(text)
    start = doc.index(text)
    end = start + len(text)
    d = reportmine.extract(doc).documents[0]
    return [s for s in d.sections if start <= s.span[0] < end]


def _section(text: str) -> dict:
    found = _sections_of_line(text)
    assert len(found) == 1, f"expected one heading in {text!r}, got {[(s.marker, s.title) for s in found]}"
    s = found[0]
    return {"marker": s.marker, "title": s.title, "kind": s.kind}


def _no_section(text: str) -> list:
    return [(s.marker, s.title, s.kind) for s in _sections_of_line(text)]


# -- a sentence inside the 存在问题 section of a small report -------------------------------
PROBLEM_REPORT = ("青溪开发区2023年工作总结\n一、主要工作\n开发区实现工业总产值12亿元,同比增长8%。\n"
                  "二、存在问题\n{}。\n")


def _problems_of(text: str) -> list:
    doc = PROBLEM_REPORT.format(text)
    start = doc.index(text)
    d = reportmine.extract(doc).documents[0]
    return [p for p in d.problems if p.span[0] >= start]


def _problem(text: str) -> dict:
    ps = _problems_of(text)
    out = {"category": category(text), "problem": bool(ps)}
    if ps:
        assert ps[0].category == out["category"], (
            f"the problem's category {ps[0].category!r} differs from category(text) {out['category']!r}")
    return out


def _first_period(text: str) -> dict:
    ps = list(find_periods(_clean(text)))
    assert ps, f"no period in {text!r}"
    p = ps[0]
    return {"label": p.label, "year": p.year, "months": p.months}


def _first_park(text: str) -> dict:
    ps = find_parks(_clean(text))
    assert ps, f"no park in {text!r}"
    return {"park": ps[0].name, "kind": ps[0].kind}


def _title(text: str) -> dict:
    docs = split(_clean(text))
    assert docs, f"no document in {text!r}"
    return {"title": docs[0].title}


def _growth(text: str) -> dict:
    ms = _metrics(text + "。")
    assert ms, f"no metric in {text!r}"
    m = ms[0]
    return {"growth_pct": m.growth_pct, "basis": m.growth_basis, "growth_kind": m.growth_kind}


def _modality(text: str) -> dict:
    ms = _metrics(text + "。")
    assert ms, f"no metric in {text!r}"
    return {"modality": ms[0].modality}


def _projects(text: str) -> list:
    return [(p.name, p.status) for d in reportmine.extract(text + "。").documents for p in d.projects]


# -- a mention alone (the lexicon), or a sentence with its figure marked 【…】 ---------------
def _indicator(text: str) -> dict:
    if "【" not in text:
        return {"indicator": canonical(text)[0]}
    start = text.index("【")
    plain = text.replace("【", "").replace("】", "")
    at = [m for m in _metrics(plain) if m.span[0] <= start < m.span[1]]
    assert at, f"no metric holds the marked figure in {text!r}"
    return {"indicator": at[-1].indicator}


def _no_headline(text: str) -> list:
    """Headline names given where none is meant (a mention alone, or every metric of a sentence)."""
    if not any(ch.isdigit() for ch in text):
        return [canonical(text)[0]] if canonical(text)[1] else []
    return [(m.mention, m.indicator) for m in _metrics(text) if m.indicator in headline_names()]


# name -> (positive adapter: text -> dict of results, negative adapter: text -> what was produced)
ADAPTERS: dict[str, tuple[Callable[[str], dict], Callable[[str], Any]]] = {
    "boilerplate": (lambda t: {"boilerplate": is_boilerplate(_clean(t)),
                               "body": next((ln.text for ln in lines_of(_clean(t)) if not ln.boilerplate), None)},
                    lambda t: [t] if is_boilerplate(_clean(t)) else []),
    "normalise": (lambda t: {"clean": _clean(t)},
                  lambda t: [] if _clean(t) == t else [_clean(t)]),
    "documents": (_title,
                  lambda t: [d.title for d in split(_clean(t)) if d.title is not None]),
    "parks": (_first_park,
              lambda t: [(p.name, p.kind) for p in find_parks(_clean(t)) if p.named]),
    "periods": (_first_period,
                lambda t: [p.label for p in find_periods(_clean(t))]),
    "sections": (_section, _no_section),
    "numerals": (_quantity, _no_quantity),
    "units": (_quantity, _no_quantity),
    "indicators": (_indicator, _no_headline),
    "mentions": (lambda t: {"mention": _metrics(t)[0].mention if _metrics(t) else None},
                 lambda t: [(m.mention, m.value, m.unit) for m in _metrics(t)]),
    "growth": (_growth, lambda t: [(m.mention, m.value, m.growth_pct) for m in _metrics(t + "。")]),
    "modality": (_modality, lambda t: [(m.mention, m.value, m.modality) for m in _metrics(t + "。")]),
    "stages": (lambda t: {"projects": _projects(t)}, _projects),
    "problems": (_problem, lambda t: [(p.headline, p.category) for p in _problems_of(t)]),
    "compare": (lambda t: {"park_key": park_key(t)}, lambda t: [park_key(t)] if park_key(t) else []),
}


def _tupled(x: Any) -> Any:
    if isinstance(x, (list, tuple)):
        return tuple(_tupled(v) for v in x)
    return x


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool) and not isinstance(b, bool):
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)
    if isinstance(a, tuple) and isinstance(b, tuple):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return type(a) is type(b) and a == b if isinstance(a, bool) or isinstance(b, bool) else a == b


def _id(name: str, text: str, neg: bool) -> str:
    return f"{name}:{'not:' if neg else ''}{text}".replace("\n", "\\n")


def _cases():
    cases = []
    for name in RULE_FILES:
        data = load(name)
        if name not in ADAPTERS:
            cases.append(pytest.param(name, None, None, id=f"{name}:no-adapter"))
            continue
        for ex in data.get("examples", ()):
            cases.append(pytest.param(name, dict(ex), False, id=_id(name, str(ex["text"]), False)))
        for text in data.get("negative", ()):
            cases.append(pytest.param(name, {"text": str(text)}, True, id=_id(name, str(text), True)))
    return cases


@pytest.mark.parametrize(("name", "example", "negative"), _cases())
def test_rule_example(name: str, example: dict | None, negative: bool | None):
    assert example is not None, f"rules/{name}.yaml has no adapter in tests/test_rule_examples.py"
    positive, refute = ADAPTERS[name]
    text = example["text"]
    if negative:
        produced = refute(text)
        assert not produced, f"rules/{name}.yaml negative {text!r} produced {produced!r}"
        return
    expected = {k: _tupled(v) for k, v in example.items() if k != "text"}
    assert expected, f"rules/{name}.yaml example {text!r} states no expected result"
    actual = {k: _tupled(v) for k, v in positive(text).items()}
    unknown = sorted(set(expected) - set(actual))
    assert not unknown, f"rules/{name}.yaml example {text!r}: the adapter knows no key {unknown}"
    wrong = {k: (expected[k], actual[k]) for k in expected if not _same(expected[k], actual[k])}
    assert not wrong, (f"rules/{name}.yaml example {text!r}: "
                       + "; ".join(f"{k}: expected {e!r}, got {a!r}" for k, (e, a) in wrong.items()))
