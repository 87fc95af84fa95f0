"""Properties over generated inputs (hypothesis): any string gives a report without an
exception, every span lies inside the text, the output keeps the contract and is the
same every time; any bytes give a text or a catalogued error; the page holds the text.

The runs are derandomized (the same examples in every run, no database written), so the
suite stays deterministic; ``benchmarks/fuzz.py`` explores at random, 100,000 inputs.
"""
from __future__ import annotations

import jsonschema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import reportmine
from reportmine.errors import ReadError
from reportmine.io import decode_bytes
from reportmine.model import load_schema

SETTINGS = settings(derandomize=True, database=None, deadline=None, max_examples=150,
                    suppress_health_check=[HealthCheck.too_slow])
VALIDATOR = jsonschema.Draft202012Validator(load_schema())

# pieces of reports: markers, figures, units, cues, noise; joined at random they reach
# the stages' deeper paths far more often than random characters do
PIECES = ["一、", "二、", "(一)", "（二）", "1、", "2.", "①", "一是", "二是", "第一篇", "当前位置:首页>", "第2页 共3页",
          "开发区", "工业园区", "高新区", "2024年", "上半年", "1-5月份", "14月", "十四五", "全年", "同比增长", "下降",
          "个百分点", "%", "亿元", "万元", "万美元", "个", "家", "项", "平方米", "xx.x", "XX", "*", "6.8", "19.2",
          "2。87", "一百四十八", "近亿", "3000余", "项目", "签约", "开工", "竣工投产", "在建", "力争", "确保", "预计",
          "存在问题", "不足", "不强", "计划", "规上工业增加值", "固定资产投资", "等", "、", ",", "，", "。", ";", "：",
          "(", ")", "“", "”", "\n", "\n\n", " ", "\u3000", "\t", "\x00", "\ufeff", "實現", "億元", "<b>", "&amp;"]
REPORTISH = st.lists(st.sampled_from(PIECES), max_size=120).map("".join)
ANY_TEXT = st.text(st.characters(codec=None, categories=None), max_size=800)  # surrogates and controls too


def _check(text: str, r) -> None:
    n = len(r.text)
    assert n == len(text)
    VALIDATOR.validate(r.to_dict())
    for d in r.documents:
        assert 0 <= d.span[0] <= d.span[1] <= n
        spans = [s.span for s in d.sections] + [m.span for m in d.metrics] + [p.span for p in d.problems]
        spans += [sp for p in d.projects for sp in (p.span, *p.spans)] + [p.span for p in d.plans]
        if d.park is not None:
            spans.append(d.park.span)
        for a, b in spans:
            assert 0 <= a <= b <= n, (a, b, n)
        for m in d.metrics:
            assert m.span[0] < m.span[1]
            assert not (m.masked and m.value is not None), "a masked figure has no value"
            assert all(0 <= k < len(d.metrics) for p in d.plans for k in p.metrics)


@SETTINGS
@given(ANY_TEXT)
def test_any_string_gives_a_report(text):
    r = reportmine.extract(text)
    _check(text, r)


@SETTINGS
@given(REPORTISH)
def test_reportlike_strings_give_a_report_with_spans_inside(text):
    r = reportmine.extract(text)
    _check(text, r)


@settings(SETTINGS, max_examples=60)
@given(REPORTISH)
def test_output_is_deterministic(text):
    a, b = reportmine.extract(text), reportmine.extract(text)
    assert a.to_json() == b.to_json() == reportmine.extract(text).to_json()
    assert a.to_json(indent=None, separators=(",", ":")) == b.to_json(indent=None, separators=(",", ":"))


@settings(SETTINGS, max_examples=200)
@given(st.binary(max_size=3000), st.sampled_from([None, "txt", "html", "docx", "pdf"]))
def test_any_bytes_give_text_or_a_catalogued_error(data, fmt):
    try:
        decoded = decode_bytes(data, path="x", fmt=fmt)
    except ReadError as exc:
        assert exc.code.startswith("E0") and str(exc).startswith(f"[{exc.code}] x: ")
        return
    assert decoded.text.strip() and "\r" not in decoded.text
    _check(decoded.text, reportmine.extract(decoded.text))


@settings(SETTINGS, max_examples=60)
@given(REPORTISH)
def test_the_page_holds_exactly_the_text(text):
    from test_view import _parse

    from reportmine.view import page_html

    r = reportmine.extract(text)
    shown = "".join(_parse(page_html(r)).text)
    assert shown == "".join("\ufffd" if (c < " " and c not in "\t\n") else c for c in r.text)
