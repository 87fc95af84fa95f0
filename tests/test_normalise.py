"""Normalisation and its offset map: the rules read clean text, every span indexes the input.

Traditional script, `。` decimals, lost month-range dashes, glued page markers, inline
pinyin, thousands separators, full-width forms and inline site boilerplate are repaired
before any rule reads the text; the spans reportmine reports must still point at the
original characters (CONTRACT: "Conversions the extractor makes internally … must not
shift them").
"""
from __future__ import annotations

import pytest

import reportmine
from reportmine.text.normalise import normalise

GLUED_LINE = "规上企业总产值在本年度大幅提升当中而且形势良好其中规上企业总产\n2、值33.3亿元"
BOILER = "(更多精彩文章来自“秘书不求人〞)"


def _metrics(text: str):
    return [m for d in reportmine.extract(text).documents for m in d.metrics]


# (original, a piece of the clean text, the original characters that piece must map back to)
MAP_CASES = [
    ("國內生產總值2。87億元", "国内生产总值2.87亿元", "國內生產總值2。87億元"),
    ("國內生產總值2。87億元", "2.87亿元", "2。87億元"),
    ("同比增長104。4%", "104.4%", "104。4%"),
    ("14月份,实现收入", "1-4月份", "14月份"),
    ("14月份,实现收入", "实现收入", "实现收入"),
    ("110月份累计", "1-10月份累计", "110月份累计"),
    (GLUED_LINE, "总产值33.3亿元", "总产\n2、值33.3亿元"),
    (GLUED_LINE, "33.3亿元", "33.3亿元"),
    ("實(shí)現(xiàn)產值12億元", "实现产值", "實(shí)現(xiàn)產值"),
    ("實(shí)現(xiàn)產值12億元", "12亿元", "12億元"),
    ("总投资1,234,567万元,增长5%", "1234567万元", "1,234,567万元"),
    ("总投资1,234,567万元,增长5%", "增长5%", "增长5%"),
    ("增长８．５％", "8.5%", "８．５％"),
    ("总产值12亿元" + BOILER + ",同比增长8%", "亿元,同比", "亿元" + BOILER + ",同比"),
    ("总产值12亿元" + BOILER + ",同比增长8%", "增长8%", "增长8%"),
    ("续贷金额L59亿元", "1.59亿元", "L59亿元"),
]


@pytest.mark.parametrize(("orig", "clean_piece", "orig_piece"), MAP_CASES,
                         ids=[f"{o[:12]}->{c}" for o, c, _ in MAP_CASES])
def test_clean_span_maps_back_to_the_original_characters(orig, clean_piece, orig_piece):
    c = normalise(orig)
    assert clean_piece in c.text, f"{clean_piece!r} not in clean text {c.text!r}"
    i = c.text.index(clean_piece)
    s, e = c.orig_span(i, i + len(clean_piece))
    assert orig[s:e] == orig_piece


def test_clean_text_of_each_repair():
    assert normalise("國內生產總值2。87億元").text == "国内生产总值2.87亿元"
    assert normalise("14月份,实现收入").text == "1-4月份,实现收入"
    assert normalise(GLUED_LINE).text == "规上企业总产值在本年度大幅提升当中而且形势良好其中规上企业总产值33.3亿元"
    assert normalise("實(shí)現(xiàn)產值").text == "实现产值"
    assert normalise("总投资1,234,567万元").text == "总投资1234567万元"
    assert normalise("增长８．５％").text == "增长8.5%"
    assert normalise("总产值12亿元" + BOILER + ",同比增长8%").text == "总产值12亿元,同比增长8%"


def test_plain_text_is_unchanged_and_maps_to_itself():
    text = "开发区实现工业总产值12亿元,同比增长8%。\n二、存在问题"
    c = normalise(text)
    assert c.text == text
    assert [c.orig_span(i, i + 3) for i in (0, 5, 20)] == [(0, 3), (5, 8), (20, 23)]
    assert c.orig_span(0, len(text)) == (0, len(text))


def test_glued_page_marker_needs_a_long_unfinished_line():
    # the line before the marker is short: a real list item, kept
    assert normalise("总产\n2、值33.3亿元").text == "总产\n2、值33.3亿元"
    # the line before ends a sentence: kept
    closed = "规上企业总产值在本年度大幅提升当中而且形势良好其中总产值也很好。\n2、加强招商"
    assert normalise(closed).text == closed


def test_traditional_script_with_decimal_comma_point():
    text = "上半年,XXX開發區實現國內生產總值2。87億元,同比增長104。4%。"
    [m] = _metrics(text)
    assert (m.indicator, m.mention, m.value, m.unit, m.base_value, m.base_unit, m.growth_pct) == (
        "地区生产总值", "国内生产总值", 2.87, "亿元", 287000000.0, "元", 104.4)
    evidence = text[m.span[0]:m.span[1]]
    assert evidence.startswith("國內生產總值") and "2。87億元" in evidence and "104。4%" in evidence
    assert (m.period.label, m.period.months) == ("上半年", (1, 6))


def test_month_range_that_lost_its_dash():
    text = "开发区经济运行稳中有进,主要经济指标持续向好。14月份,实现一般公共预算收入2.26亿元,同比增长51.1%。"
    [m] = _metrics(text)
    assert (m.indicator, m.value, m.unit, m.base_value, m.growth_pct) == (
        "一般公共预算收入", 2.26, "亿元", 226000000.0, 51.1)
    assert (m.period.label, m.period.months) == ("1-4月", (1, 4))
    # the inserted dash must not shift the span by one
    assert text[m.span[0]:m.span[1]] == "一般公共预算收入2.26亿元,同比增长51.1%"


def test_glued_page_marker_inside_a_figure():
    text = ("开发区经济运行稳中有进,主要经济指标持续向好。上半年,实现一般公共预算收入2.26亿元,同比增长51.1%;规上企业总产\n"
            "2、值33.3亿元,同比增长16.6%。")
    ms = _metrics(text)
    assert [(m.indicator, m.mention, m.value, m.unit, m.growth_pct) for m in ms] == [
        ("一般公共预算收入", "一般公共预算收入", 2.26, "亿元", 51.1),
        ("规模以上工业总产值", "规上企业总产值", 33.3, "亿元", 16.6)]
    assert text[ms[1].span[0]:ms[1].span[1]] == "规上企业总产\n2、值33.3亿元,同比增长16.6%"
    d = reportmine.extract(text).documents[0]
    assert [s.marker for s in d.sections] == [], "a glued page marker is no section"


def test_inline_pinyin():
    text = "開發區實(shí)現(xiàn)產值12億元,同比增長8%。"
    [m] = _metrics(text)
    assert (m.mention, m.value, m.unit, m.base_value, m.growth_pct) == ("产值", 12.0, "亿元", 1200000000.0, 8.0)
    assert text[m.span[0]:m.span[1]] == "產值12億元,同比增長8%"


def test_thousands_separators():
    text = "开发区完成固定资产投资1,234,567万元,同比增长5%。"
    [m] = _metrics(text)
    assert (m.indicator, m.value, m.unit, m.base_value, m.base_unit, m.growth_pct) == (
        "固定资产投资", 1234567.0, "万元", 12345670000.0, "元", 5.0)
    assert text[m.span[0]:m.span[1]] == "固定资产投资1,234,567万元,同比增长5%"


def test_full_width_digits():
    text = "开发区实现工业总产值１２．５亿元,同比增长８．５％。"
    [m] = _metrics(text)
    assert (m.indicator, m.value, m.unit, m.base_value, m.growth_pct) == ("工业总产值", 12.5, "亿元", 1250000000.0, 8.5)
    assert text[m.span[0]:m.span[1]] == "工业总产值１２．５亿元,同比增长８．５％"


def test_inline_boilerplate_between_figure_and_growth():
    text = "开发区实现工业总产值12亿元" + BOILER + ",同比增长8%。"
    [m] = _metrics(text)
    assert (m.indicator, m.value, m.unit, m.growth_pct) == ("工业总产值", 12.0, "亿元", 8.0)
    assert text[m.span[0]:m.span[1]] == "工业总产值12亿元" + BOILER + ",同比增长8%"


def test_inline_boilerplate_inside_a_mention():
    text = "开发区实现工业" + BOILER + "总产值12亿元,同比增长8%。"
    [m] = _metrics(text)
    assert (m.indicator, m.mention, m.value, m.growth_pct) == ("工业总产值", "工业总产值", 12.0, 8.0)
    assert text[m.span[0]:m.span[1]] == "工业" + BOILER + "总产值12亿元,同比增长8%"


def test_every_repair_in_one_report_keeps_every_span():
    text = ("XXX開發區2023年上半年工作總結\n"
            "一、主要工作\n"
            "14月份,XXX開發區實(shí)現(xiàn)國內生產總值2。87億元,同比增長104。4%;完成固定资产投资1,234,567万元" + BOILER
            + ",同比增长５％;规上企业总产值在本年度大幅提升当中而且形势良好其中规上企业总产\n2、值33.3亿元,同比增长16.6%。\n")
    r = reportmine.extract(text)
    ms = r.documents[0].metrics
    assert [(m.indicator, m.value, m.unit, m.base_value, m.growth_pct, m.period.label) for m in ms] == [
        ("地区生产总值", 2.87, "亿元", 287000000.0, 104.4, "1-4月"),
        ("固定资产投资", 1234567.0, "万元", 12345670000.0, 5.0, "1-4月"),
        ("规模以上工业总产值", 33.3, "亿元", 3330000000.0, 16.6, "1-4月"),
    ]
    figures = ["2。87億元", "1,234,567万元", "33.3亿元"]
    for m, fig in zip(ms, figures):
        assert fig in text[m.span[0]:m.span[1]]
        assert r.evidence(m.span) == text[m.span[0]:m.span[1]]
    d = r.documents[0]
    assert text[d.park.span[0]:d.park.span[1]] == "XXX開發區"
    assert [(s.marker, s.title, text[s.span[0]:s.span[0] + 6]) for s in d.sections] == [("一、", "主要工作", "一、主要工作")]


def test_fold_is_the_same_whether_full_width_forms_are_rare_or_everywhere():
    """fold() takes one of two paths by how dense the full-width forms are; both must
    give what translating every character gives."""
    from reportmine.text.normalise import _tables, fold

    table = _tables()[0]
    dense = "国内生产总值（ＧＤＰ）达到１２３．４亿元，同比增长８．５％；" * 50
    sparse = "开发区实现规上工业增加值6.8亿元,同比增长19.2%。" * 50 + "增长８．５％"
    for t in (dense, sparse):
        assert fold(t) == t.translate(table)
    assert fold(sparse).endswith("增长8.5%")
    assert fold(dense).startswith("国内生产总值(GDP)达到123.4亿元,")


def test_a_hard_wrap_inside_a_sentence_is_joined_and_spans_keep_the_break():
    import reportmine

    text = ("开发区工作总结\n一、主要指标\n1-6月份,开发区全力以赴稳增长,各项经济指标保持平稳较快增长,规上工业总产\n"
            "值33.3亿元,同比增长12.5%。\n二、下步打算\n(一)强化招商\n")
    r = reportmine.extract(text)
    m = r.documents[0].metrics[0]
    assert (m.indicator, m.value, m.unit, m.growth_pct) == ("规模以上工业总产值", 33.3, "亿元", 12.5)
    quote = text[m.span[0]:m.span[1]]
    assert quote.startswith("规上工业总产\n值33.3亿元")  # the span holds the original break
    # a short line (a heading) and a line before an item marker are never joined
    assert [s.title for s in r.documents[0].sections][:2] == ["主要指标", "下步打算"]
