"""The metrics stage on short report snippets: every field of each metric is asserted.

A metric is compared as the tuple
(indicator, mention, value, unit, base_value, growth_pct, period label, modality, masked);
the other fields (qualifier, completion_pct, growth_basis, rule, confidence, span) are
asserted where a test is about them.
"""
from __future__ import annotations

import re

import pytest

import reportmine


def _metrics(text: str):
    return [m for d in reportmine.extract(text).documents for m in d.metrics]


def _whole(m):
    return (m.indicator, m.mention, m.value, m.unit, m.base_value, m.growth_pct,
            m.period.label if m.period else None, m.modality, m.masked)


# -- value, unit, growth -----------------------------------------------------------------

def test_value_unit_base_and_growth():
    text = "上半年,青溪开发区实现规上工业增加值6.8亿元,同比增长19.2%。"
    [m] = _metrics(text)
    assert _whole(m) == ("规模以上工业增加值", "规上工业增加值", 6.8, "亿元", 680000000.0, 19.2, "上半年", "actual", False)
    assert (m.base_unit, m.growth_basis, m.qualifier, m.completion_pct) == ("元", "同比", None, None)
    assert text[m.span[0]:m.span[1]] == "规上工业增加值6.8亿元,同比增长19.2%"


def test_decline_is_negative_growth_with_its_basis():
    [m] = _metrics("园区出口总额3.2亿美元,较上年下降3%。")
    assert _whole(m) == ("出口总额", "出口总额", 3.2, "亿美元", 320000000.0, -3.0, None, "actual", False)
    assert (m.base_unit, m.growth_basis) == ("美元", "较上年")


def test_several_figures_each_with_its_growth():
    ms = _metrics("1-5月份,实现规上工业总产值86.4亿元,同比增长12.3%;固定资产投资31.2亿元,同比下降4.1%;"
                  "一般公共预算收入3.56亿元,同比增长6.2%。")
    assert [_whole(m) for m in ms] == [
        ("规模以上工业总产值", "规上工业总产值", 86.4, "亿元", 8640000000.0, 12.3, "1-5月", "actual", False),
        ("固定资产投资", "固定资产投资", 31.2, "亿元", 3120000000.0, -4.1, "1-5月", "actual", False),
        ("一般公共预算收入", "一般公共预算收入", 3.56, "亿元", 356000000.0, 6.2, "1-5月", "actual", False),
    ]


def test_percentage_points_are_no_growth_and_no_count():
    ms = _metrics("工业占比达35%,提高2.1个百分点。")
    assert [_whole(m) for m in ms][:1] == [("工业占比", "工业占比", 35.0, "%", 35.0, None, None, "actual", False)]
    counted = [(m.mention, m.value, m.unit) for m in ms if m.unit == "个"]
    assert counted == [], f"'2.1个百分点' read as a count: {counted}"


def test_growth_written_without_percent_sign():
    ms = _metrics("上半年,开发区实现规上工业增加值6.8亿元,增长26.1,固定资产投资3亿元。")
    assert [_whole(m) for m in ms] == [
        ("规模以上工业增加值", "规上工业增加值", 6.8, "亿元", 680000000.0, 26.1, "上半年", "actual", False),
        ("固定资产投资", "固定资产投资", 3.0, "亿元", 300000000.0, None, "上半年", "actual", False),
    ]


def test_an_estimate_after_its_name_and_a_growth_after_a_spelled_out_base():
    """X预计完成N亿元 names X (预计 and 完成 are no name); 与去年同期相比增长26.1 is a growth
    even without its % sign."""
    ms = _metrics("上半年,园区工业总产值预计完成50亿元,与去年同期相比增长26.1,"
                  "科工贸总收入预计达到80亿元。")
    assert [_whole(m) for m in ms] == [
        ("工业总产值", "工业总产值", 50.0, "亿元", 5000000000.0, 26.1, "上半年", "estimate", False),
        ("技工贸总收入", "科工贸总收入", 80.0, "亿元", 8000000000.0, None, "上半年", "estimate", False),
    ]


def test_a_double_digit_phrase_is_no_figure_and_a_change_keeps_its_base():
    ms = _metrics("上半年,主导产业产值同比增长31.9%,持续6个月保持两位数增长;"
                  "税收500万元以上企业6家,较上年增长3家。")
    assert [(m.mention, m.value, m.unit, m.growth_pct) for m in ms] == [
        ("主导产业产值", None, None, 31.9), ("税收500万元以上企业", 6.0, "家", None), ("较上年增长", 3.0, "家", None)]


def test_a_list_that_all_grew_by_one_rate_gives_each_its_growth():
    ms = _metrics("2024年,固定资产投资、工业投资、服务业投资均增长12%左右。")
    assert [_whole(m) for m in ms] == [
        ("固定资产投资", "固定资产投资", None, None, None, 12.0, "2024年", "actual", False),
        ("工业投资", "工业投资", None, None, None, 12.0, "2024年", "actual", False),
        ("服务业投资", "服务业投资", None, None, None, 12.0, "2024年", "actual", False),
    ]


def test_a_rate_after_an_increment_is_the_totals_and_a_dated_base_with_tongqi_is_a_basis():
    ms = _metrics("园区营业额为42664亿元,较2021年增加5483亿元,成长14.75%;"
                  "上半年出口额5335.64亿元,较2024年同期成长8.14%。")
    assert [(m.mention, m.value, m.growth_pct, m.growth_basis) for m in ms] == [
        ("营业额", 42664.0, 14.75, None), ("较2021年增加", 5483.0, None, None),
        ("出口额", 5335.64, 8.14, "较2024年同期")]


def test_a_task_figure_is_a_target_and_its_share_is_the_completion_of_the_figure_before():
    ms = _metrics("1-10月份完成规模工业增加值10764万元,占任务数16900万元的63.7%,同比下降15.38%。"
                  "园区已完成全年计划3.5亿元的94.3%。")
    assert [(m.mention, m.value, m.growth_pct, m.completion_pct, m.modality) for m in ms] == [
        ("规模工业增加值", 10764.0, -15.38, 63.7, "actual"), ("任务数", 16900.0, None, None, "target"),
        ("全年计划", 3.5, None, 94.3, "target")]


def test_a_headline_figure_counts_but_not_a_threshold_or_a_count_of_pieces():
    ms = _metrics("济南高新区上半年规上工业增加值增长13.5%\n上半年,高新区完成固定资产投资120亿元。\n")
    assert [(m.mention, m.value, m.growth_pct) for m in ms] == [
        ("济南高新区规上工业增加值", None, 13.5), ("固定资产投资", 120.0, None)]
    ms = _metrics("苇汀科学园区去年营业额破2兆元 连续三年创新高\n园区去年营业额20315亿元,成长7.1%。\n")
    assert [(m.mention, m.value) for m in ms] == [("营业额", 20315.0)]
    ms = _metrics("工业园区工作总结两篇\n园区全年完成工业总产值56亿元。\n")
    assert [(m.mention, m.value) for m in ms] == [("工业总产值", 56.0)]


def test_a_long_topic_clause_names_the_rate_after_it_by_the_words_after_its_period():
    ms = _metrics("管理局公布园区今年9月出口额显示,较去年同期成长55%。")
    assert [(m.mention, m.value, m.growth_pct, m.indicator) for m in ms] == [("出口额", None, 55.0, "出口总额")]


def test_a_bracketed_qualifier_is_read_past_and_a_firm_in_brackets_is_no_headline():
    ms = _metrics("全区固定资产投资(不含农户)完成20亿元,增长5%。")
    assert [(m.indicator, m.mention, m.value, m.growth_pct) for m in ms] == [("固定资产投资", "固定资产投资", 20.0, 5.0)]
    ms = _metrics("重点企业中,xx机电(税收同期下降5%)、xx矿山(税收同期下降3%)。")
    assert [m.growth_pct for m in ms] == [-5.0, -3.0] and not any(m.indicator == "税收收入" for m in ms)


def test_respectively_spreads_its_years_and_its_names_over_its_values():
    ms = _metrics("2016年至2018年,分别完成国内生产总值236.3亿元、314.5亿元、365亿元。")
    assert [(m.indicator, m.value, m.period.label, m.period.year) for m in ms] == [
        ("地区生产总值", 236.3, "2016年", 2016), ("地区生产总值", 314.5, "2017年", 2017), ("地区生产总值", 365.0, "2018年", 2018)]
    ms = _metrics("上半年,园区工业总产值、销售收入、税收分别完成50亿元、48亿元和3亿元。")
    assert [(m.mention, m.value, m.period.label) for m in ms] == [
        ("工业总产值", 50.0, "上半年"), ("销售收入", 48.0, "上半年"), ("税收", 3.0, "上半年")]


def test_growth_only_statement_has_no_value():
    [m] = _metrics("规上工业增加值同比增长23.5%。")
    assert _whole(m) == ("规模以上工业增加值", "规上工业增加值", None, None, None, 23.5, None, "actual", False)
    assert (m.growth_basis, m.rule) == ("同比", "metric.growth_only.v1")


def test_respectively_distributes_growth_over_the_figures_before_it():
    ms = _metrics("开发区实现工业总产值12亿元,税收收入2亿元,分别增长15%和20%。")
    assert [_whole(m) for m in ms] == [
        ("工业总产值", "工业总产值", 12.0, "亿元", 1200000000.0, 15.0, None, "actual", False),
        ("税收收入", "税收收入", 2.0, "亿元", 200000000.0, 20.0, None, "actual", False),
    ]


def test_respectively_after_figures_joined_by_he():
    ms = _metrics("开发区实现工业总产值12亿元和税收2亿元,分别增长15%和20%。")
    assert [_whole(m) for m in ms] == [
        ("工业总产值", "工业总产值", 12.0, "亿元", 1200000000.0, 15.0, None, "actual", False),
        ("税收收入", "税收", 2.0, "亿元", 200000000.0, 20.0, None, "actual", False),
    ]


# -- masked figures ----------------------------------------------------------------------

def test_masked_report_never_takes_a_neighbouring_number():
    text = ("上半年,全区实现地区生产总值亿元,增长%;规模以上工业增加值亿元,增长%;固定资产投资亿元,增长%;"
            "工业总产值12.5亿元,增长8%。")
    ms = _metrics(text)
    assert [_whole(m) for m in ms] == [
        ("地区生产总值", "地区生产总值", None, "亿元", None, None, "上半年", "actual", True),
        ("规模以上工业增加值", "规模以上工业增加值", None, "亿元", None, None, "上半年", "actual", True),
        ("固定资产投资", "固定资产投资", None, "亿元", None, None, "上半年", "actual", True),
        ("工业总产值", "工业总产值", 12.5, "亿元", 1250000000.0, 8.0, "上半年", "actual", False),
    ]
    assert [m.growth_masked for m in ms] == [True, True, True, False]
    assert text[ms[0].span[0]:ms[0].span[1]] == "地区生产总值亿元,增长%"


def test_masked_digits():
    text = "开发区协议引资xx.x亿元,同比增长x%;引进企业x个。"
    ms = _metrics(text)
    assert [_whole(m) for m in ms] == [
        ("协议引资", "协议引资", None, "亿元", None, None, None, "actual", True),
        ("引进企业", "引进企业", None, "个", None, None, None, "actual", True),
    ]
    assert ms[0].growth_masked is True and ms[0].rule == "metric.masked.v1"
    assert "xx.x亿元" in text[ms[0].span[0]:ms[0].span[1]]


# -- numerals and qualifiers ------------------------------------------------------------

def test_chinese_numeral_range():
    [m] = _metrics("应补偿村级补偿费三四百万元。")
    assert _whole(m) == ("应补偿村级补偿费", "应补偿村级补偿费", 300.0, "万元", 3000000.0, None, None, "actual", False)
    assert (m.qualifier, m.base_unit, m.rule) == ("range 300-400", "元", "metric.cn_numeral.v1")


def test_chinese_numeral_with_big_units():
    [m] = _metrics("招商引资一亿二千万元。")
    assert _whole(m) == ("招商引资", "招商引资", 120000000.0, "元", 120000000.0, None, None, "actual", False)


@pytest.mark.parametrize(("text", "mention", "value", "unit", "qualifier"), [
    ("开发区累计外出考察30余次。", "外出考察", 30.0, "次", "余"),
    ("开发区新增企业50多家。", "新增企业", 50.0, "家", "多"),
    ("开发区引进人才近300人。", "引进人才", 300.0, "人", "近"),
    ("开发区实现税收约2.5亿元。", "税收", 2.5, "亿元", "约"),
])
def test_qualifiers(text, mention, value, unit, qualifier):
    [m] = _metrics(text)
    assert (m.mention, m.value, m.unit, m.qualifier, m.masked, m.growth_pct) == (mention, value, unit, qualifier, False, None)


def test_completion_share_belongs_to_the_figure_before_it():
    ms = _metrics("新签约亿元以上项目14个,完成全年目标任务的56%;新开工亿元以上项目9个。")
    assert [(m.mention, m.value, m.unit, m.completion_pct, m.growth_pct) for m in ms] == [
        ("新签约亿元以上项目", 14.0, "个", 56.0, None),
        ("新开工亿元以上项目", 9.0, "个", None, None),
    ]
    assert all(m.period is None for m in ms), "全年目标任务 is not the period of the figure"


def test_not_metrics_ranks_dates_and_names():
    ms = _metrics("2023年3月15日,开发区在全省综合考评中排名第8位,签约项目8个。")
    assert [_whole(m) for m in ms] == [("签约项目", "签约项目", 8.0, "个", 8.0, None, None, "actual", False)]


# -- period scope --------------------------------------------------------------------

def test_period_covers_the_rest_of_its_paragraph_until_another():
    # real reports date a paragraph once: 1-5月份 covers the sentences after it, 截至5月底 takes over
    ms = _metrics("园区经济运行稳中有进。1-5月份,实现规上工业总产值86.4亿元,同比增长12.3%;"
                  "规上工业增加值19.7亿元,同比增长9.8%。新增规上工业企业11家。截至5月底,园区共有企业320家。"
                  "其中规上企业86家。")
    assert [_whole(m) for m in ms] == [
        ("规模以上工业总产值", "规上工业总产值", 86.4, "亿元", 8640000000.0, 12.3, "1-5月", "actual", False),
        ("规模以上工业增加值", "规上工业增加值", 19.7, "亿元", 1970000000.0, 9.8, "1-5月", "actual", False),
        ("新增规上工业企业", "新增规上工业企业", 11.0, "家", 11.0, None, "1-5月", "actual", False),
        ("企业", "企业", 320.0, "家", 320.0, None, "5月底", "actual", False),
        ("规模以上工业企业", "规上企业", 86.0, "家", 86.0, None, "5月底", "actual", False),
    ]
    assert ms[0].period.months == (1, 5)


def test_period_of_a_lead_covers_its_items_and_a_broken_line():
    text = ("青溪开发区2023年工作总结\n一、主要指标\n1-9月,园区工业运行平稳。主要特点:\n"
            "企业数不断增加。新增规上企业12家。\n工业生产增长较快。园区工业增加值同比增长12.5%,增速居全市前列,其中出口\n"
            "612.4亿元,增长8.1%。\n二、存在问题\n一是用地紧张。\n")
    ms = _metrics(text)
    assert [(m.mention, m.value, m.growth_pct, m.period.label if m.period else None) for m in ms] == [
        ("新增规上企业", 12.0, None, "1-9月"),
        ("工业增加值", None, 12.5, "1-9月"),
        ("出口", 612.4, 8.1, "1-9月"),
    ]


def test_forecast_period_stops_at_its_semicolon():
    ms = _metrics("截至10月份,工业总产值完成8亿元,预计全年可完成10亿元;到位资金3亿元。")
    assert [(m.value, m.modality, m.period.label) for m in ms] == [
        (8.0, "actual", "1-10月"), (10.0, "estimate", "全年"), (3.0, "actual", "1-10月")]


def test_a_forecast_that_opens_its_sentence_dates_its_whole_list():
    ms = _metrics("开发区主要经济指标:据预计到12月底,完成工业总产值约为6.4亿元,同比增长80%;"
                  "税收约0.21亿元,同比增长38%。一期工程预计年底投产;二号项目,已完成投资3亿元。")
    assert [(m.value, m.modality, m.period.label if m.period else None, m.period.months if m.period else None)
            for m in ms] == [(6.4, "estimate", "12月底", (1, 12)), (0.21, "estimate", "12月底", (1, 12)),
                             (3.0, "actual", None, None)]


def test_the_base_grown_from_is_not_the_period():
    ms = _metrics("前三季度,开发区财政收入在去年高基数的基础上仍保持了较快增长,大口径财政收入完成41270万元。")
    assert [(m.mention, m.value, m.period.label) for m in ms] == [("大口径财政收入", 41270.0, "前三季度")]


def test_this_year_under_a_heading_that_names_another_year_is_that_year():
    text = ("青溪开发区2020年工作计划\n一、2019年工作预计完成情况\n预计全年完成固定资产投资96亿元;"
            "实现税收收入8.6亿元。\n二、2020年工作打算\n全年力争完成固定资产投资110亿元。\n")
    assert [(m.value, m.period.label, m.period.year, m.modality) for m in _metrics(text)] == [
        (96.0, "全年", 2019, "estimate"), (8.6, "全年", 2019, "estimate"), (110.0, "全年", 2020, "target")]


def test_period_resolves_year_against_the_report():
    text = "青溪开发区2023年工作总结\n一、主要工作\n上半年,开发区实现工业总产值12亿元。\n"
    [m] = _metrics(text)
    assert (m.period.label, m.period.year, m.period.months) == ("上半年", 2023, (1, 6))


# -- modality ---------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "value", "modality"), [
    ("力争全年固定资产投资达到70亿元。", 70.0, "target"),
    ("到2025年,开发区工业总产值达到500亿元。", 500.0, "target"),
    ("预计全年实现营业收入120亿元。", 120.0, "estimate"),
    ("预计全年力争实现营业收入120亿元。", 120.0, "target"),
    ("上半年实现营业收入120亿元。", 120.0, "actual"),
])
def test_modality_cues(text, value, modality):
    [m] = _metrics(text)
    assert (m.value, m.unit, m.modality) == (value, "亿元", modality)


def test_modality_covers_only_its_own_sub_sentence():
    ms = _metrics("开发区实现工业总产值12亿元,同比增长8%;预计全年工业总产值达到30亿元。")
    assert [_whole(m) for m in ms] == [
        ("工业总产值", "工业总产值", 12.0, "亿元", 1200000000.0, 8.0, None, "actual", False),
        ("工业总产值", "工业总产值", 30.0, "亿元", 3000000000.0, None, "全年", "estimate", False),
    ]


def test_figures_of_a_plan_section_are_targets():
    text = ("XX开发区2023年工作总结\n一、主要工作\n开发区实现工业总产值12亿元,同比增长8%。\n"
            "二、下半年工作计划\n全年工业总产值达到30亿元,新增企业10家。\n")
    d = reportmine.extract(text).documents[0]
    assert [(_whole(m), m.section) for m in d.metrics] == [
        (("工业总产值", "工业总产值", 12.0, "亿元", 1200000000.0, 8.0, None, "actual", False), "1"),
        (("工业总产值", "工业总产值", 30.0, "亿元", 3000000000.0, None, "全年", "target", False), "2"),
        (("新增企业", "新增企业", 10.0, "家", 10.0, None, "全年", "target", False), "2"),
    ]


# -- provenance and spans ---------------------------------------------------------------

def test_every_metric_names_its_rule_and_confidence_and_spans_its_evidence():
    text = ("上半年,开发区实现规上工业增加值6.8亿元,同比增长19.2%;规上工业增加值同比增长23.5%;"
            "应补偿村级补偿费三四百万元;协议引资xx.x亿元。")
    ms = _metrics(text)
    assert [(m.mention, m.rule, m.confidence) for m in ms] == [
        ("规上工业增加值", "metric.number_unit.v1", 0.9),
        ("规上工业增加值", "metric.growth_only.v1", 0.8),
        ("应补偿村级补偿费", "metric.cn_numeral.v1", 0.7),
        ("协议引资", "metric.masked.v1", 0.7),
    ]
    for m in ms:
        assert re.fullmatch(r"metric\.[a-z_]+\.v\d+", m.rule)
        assert 0 < m.confidence <= 1
        s, e = m.span
        assert 0 <= s < e <= len(text)
        assert m.mention in text[s:e]
    assert [text[m.span[0]:m.span[1]] for m in ms] == [
        "规上工业增加值6.8亿元,同比增长19.2%", "规上工业增加值同比增长23.5%", "应补偿村级补偿费三四百万元", "协议引资xx.x亿元"]


def test_subject_and_goal_word_are_not_part_of_the_mention():
    [m] = _metrics("2023年,乙经济开发区力争固定资产投资达到30亿元。")
    assert _whole(m) == ("固定资产投资", "固定资产投资", 30.0, "亿元", 3000000000.0, None, "2023年", "target", False)


def test_masks_n_and_x_with_the_noun_on_the_right():
    r = reportmine.extract("开展中心组理论学习n次和主题教育研讨交流x次。做好xx家长期停产企业的收尾工作。Linux n次。")
    got = [(m.mention, m.value, m.unit, m.masked) for m in r.documents[0].metrics]
    assert got == [("开展中心组理论学习", None, "次", True), ("主题教育研讨交流", None, "次", True),
                   ("长期停产企业", None, "家", True)]


def test_thresholds_and_durations_are_not_figures():
    r = reportmine.extract("新增固投入库项目19个(其中:5000万元以上12个),在短短3个月内完成了两方面的工作。")
    assert [(m.value, m.unit) for m in r.documents[0].metrics] == [(19.0, "个"), (12.0, "个")]


def test_second_figure_of_the_same_thing_shares_its_mention():
    r = reportmine.extract("推介出租门面房49间5200平方米。巡查清理建筑垃圾43处共174吨。新增企业5家,投资3亿元。")
    got = [(m.mention, m.value, m.unit) for m in r.documents[0].metrics]
    assert got == [("推介出租门面房", 49.0, "间"), ("推介出租门面房", 5200.0, "平方米"),
                   ("巡查清理建筑垃圾", 43.0, "处"), ("巡查清理建筑垃圾", 174.0, "吨"),
                   ("新增企业", 5.0, "家"), ("投资", 3.0, "亿元")]


def test_a_period_opening_a_paragraph_covers_its_sentences():
    text = ("1-5月份,园区实现规上工业总产值86.4亿元,同比增长12.3%。新增规上企业11家。\n"
            "园区经济运行平稳。截至11月底,集聚区已实施亿元以上项目42个。新签约项目9个。\n")
    ms = reportmine.extract(text).documents[0].metrics
    assert [(m.value, m.period.label if m.period else None) for m in ms] == [
        (86.4, "1-5月"), (11.0, "1-5月"),  # the paragraph opens with 1-5月份,
        (42.0, "11月底"), (9.0, None),       # a point in time (截至11月底) dates its own sentence only
    ]


@pytest.mark.parametrize("text,mention", [
    ("在建项目28个。", "在建项目"), ("到位资金3亿元。", "到位资金"), ("有效发明专利120件。", "有效发明专利"),
    ("对外贸易额5亿美元。", "对外贸易额"), ("使用外资1亿美元。", "使用外资"),
    ("为企业办实事215件。", "企业办实事"), ("共走访企业200多家。", "走访企业"), ("已完成投资5亿元。", "投资"),
])
def test_a_leading_character_is_kept_when_it_starts_a_word(text, mention):
    assert reportmine.extract(text).documents[0].metrics[0].mention == mention


def test_a_figure_with_nothing_left_to_name_it_takes_the_previous_name():
    r = reportmine.extract("税收收入首次突破10亿元大关,达到10.36亿元。")
    assert [(m.mention, m.value, m.unit) for m in r.documents[0].metrics] == [
        ("税收收入", 10.0, "亿元"), ("税收收入", 10.36, "亿元")]


def test_a_table_flattened_to_lines_gives_one_figure_per_cell():
    text = ("青溪开发区2019年工作总结\n一、主要指标\n2019年青溪开发区主要经济指标完成情况表\n"
            "序号 指标 单位 目标值 2019年完成情况\n1 规上工业增加值 ±% 12 13.5%\n2 工业投资 亿元 8.5 9.1\n"
            "3 招商引资 个 30 34\n二、存在问题\n一是用地紧张。\n")
    ms = reportmine.extract(text).documents[0].metrics
    assert [(m.mention, m.value, m.unit, m.growth_pct, m.modality, m.period.label) for m in ms] == [
        ("规上工业增加值", None, None, 12.0, "target", "2019年"),
        ("规上工业增加值", None, None, 13.5, "actual", "2019年"),
        ("工业投资", 8.5, "亿元", None, "target", "2019年"),
        ("工业投资", 9.1, "亿元", None, "actual", "2019年"),
        ("招商引资", 30.0, "个", None, "target", "2019年"),
        ("招商引资", 34.0, "个", None, "actual", "2019年"),
    ]
    assert text[ms[3].span[0]:ms[3].span[1]] == "工业投资 亿元 8.5 9.1"
