"""Document structure: splitting a file into reports, the header facts (park, period,
doc_type) and the section tree (ids, parents, levels, markers, titles, kinds)."""
from __future__ import annotations

import pytest

import reportmine
from reportmine.structure.header import detect_doc_type, find_parks

REPORT = """当前位置:首页>工作总结>
青溪高新技术产业开发区2023年上半年工作总结及下半年工作计划
2023年上半年,青溪高新区坚持稳中求进工作总基调,各项工作取得新进展。
一、主要工作完成情况
(一)经济运行稳中有进
上半年实现规上工业增加值19.7亿元,同比增长9.8%。
(二)项目建设提速增效
1、招商引资
新签约项目14个,完成全年目标任务的56%。
2、项目推进
恒远新材料、博锐精密等2个项目已竣工投产。
二、存在问题
一是主导产业集聚度不高,龙头企业带动作用不明显。二是用地指标紧张,部分项目落地受到制约。
三、下半年工作计划
(一)加快项目建设
力争全年固定资产投资达到70亿元。
(二)强化要素保障
积极争取用地指标。
第1页 共1页
"""

COMPILATION = """下面是小编为大家整理的工业园区工作总结,供大家参考。
第一篇:甲工业园区2022年工作总结
2022年,甲工业园区实现工业总产值12亿元,同比增长8%。
第二篇:乙经济开发区2023年工作计划
2023年,乙经济开发区力争固定资产投资达到30亿元。
更多相关范文请访问本站
第2页 共2页
"""


@pytest.fixture(scope="module")
def report_doc():
    r = reportmine.extract(REPORT)
    assert len(r.documents) == 1
    return r.documents[0]


# -- documents --------------------------------------------------------------------------

def test_compilation_splits_into_its_reports_without_site_boilerplate():
    r = reportmine.extract(COMPILATION)
    docs = r.documents
    assert [(d.index, d.title, d.park.name, d.park.kind, d.period.label, d.period.year, d.doc_type) for d in docs] == [
        (0, "甲工业园区2022年工作总结", "甲工业园区", "工业园区", "2022年", 2022, "summary"),
        (1, "乙经济开发区2023年工作计划", "乙经济开发区", "经济开发区", "2023年", 2023, "plan"),
    ]
    assert [[(m.indicator, m.value, m.modality) for m in d.metrics] for d in docs] == [
        [("工业总产值", 12.0, "actual")],
        [("固定资产投资", 30.0, "target")],
    ]
    first, second = (COMPILATION[d.span[0]:d.span[1]] for d in docs)
    assert first.startswith("第一篇:甲工业园区") and first.endswith("同比增长8%。")
    assert second.startswith("第二篇:乙经济开发区") and second.endswith("达到30亿元。")
    # site boilerplate belongs to no report
    for junk in ("下面是小编", "更多相关范文", "第2页 共2页"):
        at = COMPILATION.index(junk)
        assert not any(d.span[0] <= at < d.span[1] for d in docs), junk


def test_single_report_is_one_document(sample_text):
    r = reportmine.extract(sample_text)
    [d] = r.documents
    assert d.title == "青溪经济技术开发区2024年上半年工作总结及下半年工作计划"
    assert (d.park.name, d.park.kind) == ("青溪经济技术开发区", "经济技术开发区")
    assert sample_text[d.park.span[0]:d.park.span[1]] == "青溪经济技术开发区"
    assert (d.period.label, d.period.year, d.period.months) == ("2024年上半年", 2024, (1, 6))
    assert d.doc_type == "summary+plan"
    body = sample_text[d.span[0]:d.span[1]]
    assert body.startswith("青溪经济技术开发区2024年上半年") and "当前位置" not in body and "第1页 共1页" not in body


# -- header facts -----------------------------------------------------------------------

def test_header_of_a_report(report_doc):
    d = report_doc
    assert d.title == "青溪高新技术产业开发区2023年上半年工作总结及下半年工作计划"
    assert (d.park.name, d.park.kind) == ("青溪高新技术产业开发区", "高新技术产业开发区")
    assert REPORT[d.park.span[0]:d.park.span[1]] == "青溪高新技术产业开发区"
    assert (d.period.label, d.period.year, d.period.months) == ("2023年上半年", 2023, (1, 6))
    assert d.doc_type == "summary+plan"


def test_park_named_in_the_body_when_the_title_does_not_say():
    text = ("上半年工作总结\n上半年,洛南县工业园区实现工业总产值12亿元,同比增长8%。"
            "洛南县工业园区新签约项目5个,园区经济跳跃增长。\n")
    d = reportmine.extract(text).documents[0]
    assert (d.park.name, d.park.kind) == ("洛南县工业园区", "工业园区")
    assert text[d.park.span[0]:d.park.span[1]] == "洛南县工业园区"


@pytest.mark.parametrize(("text", "name", "kind"), [
    ("官渡工业园区管委会2010年3月11日", "官渡工业园区", "工业园区"),
    ("XX经济开发区2023年上半年工作总结", "XX经济开发区", "经济开发区"),
    ("青溪高新区新增高新技术企业23家", "青溪高新区", "高新区"),
])
def test_park_name_and_kind(text, name, kind):
    [p, *_] = find_parks(text)
    assert (p.name, p.kind, text[p.start:p.end]) == (name, kind, name)


@pytest.mark.parametrize(("title", "doc_type"), [
    ("XX经济开发区2023年上半年工作总结及下半年工作计划", "summary+plan"),
    ("XX经济开发区2023年工作总结", "summary"),
    ("XX工业园区2024年工作要点", "plan"),
    ("XX工业园区工作简报(第5期)", "briefing"),
    ("关于XX开发区发展情况的汇报", "report"),
    ("XX开发区2023年", "report"),
    (None, None),
])
def test_doc_type_from_title(title, doc_type):
    assert detect_doc_type(title) == doc_type


@pytest.mark.parametrize(("title", "label", "year", "months"), [
    ("XX开发区2021年度工作总结", "2021年度", 2021, None),
    ("XX开发区2023年一季度工作汇报", "2023年一季度", 2023, (1, 3)),
    ("XX开发区2023年1-5月份工作简报", "2023年1-5月", 2023, (1, 5)),
    ("XX开发区“十三五”工作总结", "十三五", None, None),
    ("XX开发区二〇二三年工作总结", "二〇二三年", 2023, None),
    ("XX开发区2019-2023年发展情况", "2019-2023年", None, None),
])
def test_period_of_a_report_from_its_title(title, label, year, months):
    d = reportmine.extract(f"{title}\n开发区实现工业总产值12亿元,同比增长8%。\n").documents[0]
    assert d.title == title
    assert (d.period.label, d.period.year, d.period.months) == (label, year, months)


# -- the section tree -------------------------------------------------------------------

def test_section_tree(report_doc):
    assert [(s.id, s.parent, s.level, s.marker, s.title, s.kind) for s in report_doc.sections] == [
        ("1", None, 1, "一、", "主要工作完成情况", "achievement"),
        ("1.1", "1", 2, "(一)", "经济运行稳中有进", "achievement"),
        ("1.2", "1", 2, "(二)", "项目建设提速增效", "achievement"),
        ("1.2.1", "1.2", 3, "1、", "招商引资", "achievement"),
        ("1.2.2", "1.2", 3, "2、", "项目推进", "achievement"),
        ("2", None, 1, "二、", "存在问题", "problem"),
        ("2.1", "2", 2, "一是", "主导产业集聚度不高,龙头企业带动作用不明显", "problem"),
        ("2.2", "2", 2, "二是", "用地指标紧张,部分项目落地受到制约", "problem"),
        ("3", None, 1, "三、", "下半年工作计划", "plan"),
        ("3.1", "3", 2, "(一)", "加快项目建设", "plan"),
        ("3.2", "3", 2, "(二)", "强化要素保障", "plan"),
    ]


def test_section_spans_and_kind_sources(report_doc):
    secs = {s.id: s for s in report_doc.sections}
    for s in report_doc.sections:
        text = REPORT[s.span[0]:s.span[1]]
        assert text.startswith(s.marker + s.title), (s.id, text[:20])
    assert REPORT[secs["1.1"].span[0]:secs["1.1"].span[1]].strip() == (
        "(一)经济运行稳中有进\n上半年实现规上工业增加值19.7亿元,同比增长9.8%。")
    # a parent's span holds its children's
    assert secs["1"].span[0] <= secs["1.2.2"].span[0] and secs["1.2.2"].span[1] <= secs["1"].span[1]
    assert "第1页" not in REPORT[secs["3.2"].span[0]:secs["3.2"].span[1]]
    assert [(s.id, s.kind_source) for s in report_doc.sections if s.level == 1] == [
        ("1", "rule"), ("2", "rule"), ("3", "rule")]
    assert secs["3.1"].kind_source == "inherited"


def test_facts_carry_their_section(report_doc):
    d = report_doc
    assert [(m.indicator, m.value, m.section, m.modality) for m in d.metrics if m.indicator != "项目"] == [
        ("规模以上工业增加值", 19.7, "1.1", "actual"),
        ("签约项目", 14.0, "1.2.1", "actual"),
        ("竣工项目", 2.0, "1.2.2", "actual"),  # 恒远新材料、博锐精密等2个项目已竣工投产
        ("固定资产投资", 70.0, "3.1", "target"),
    ]
    assert [(p.name, p.status, p.section) for p in d.projects] == [
        ("恒远新材料", "投产", "1.2.2"), ("博锐精密", "投产", "1.2.2")]
    assert [(p.headline, p.category, p.section) for p in d.problems] == [
        ("主导产业集聚度不高", "产业结构", "2.1"), ("用地指标紧张", "要素保障", "2.2")]
    assert [(p.headline, p.section) for p in d.plans] == [("加快项目建设", "3.1"), ("强化要素保障", "3.2")]


def test_cue_headings_decide_the_kind():
    text = ("XX开发区2023年工作总结\n"
            "一、基本情况\n开发区规划面积12平方公里。\n"
            "二、2023年主要工作\n开发区实现工业总产值12亿元。\n"
            "三、存在的问题\n招商难度大。\n"
            "四、2024年工作打算\n力争工业总产值达到15亿元。\n")
    d = reportmine.extract(text).documents[0]
    assert [(s.id, s.marker, s.title, s.kind, s.kind_source) for s in d.sections] == [
        ("1", "一、", "基本情况", "other", "rule"),
        ("2", "二、", "2023年主要工作", "achievement", "rule"),
        ("3", "三、", "存在的问题", "problem", "rule"),
        ("4", "四、", "2024年工作打算", "plan", "rule"),
    ]


def test_items_of_a_plan_are_plans_whatever_their_words():
    """(二)抓好项目进展情况督查 under 下一步工作打算 is a plan item, though 进展情况 reads as
    work done; the items of a problems part are problems; an achievement part's item may be
    a problem."""
    text = ("XX开发区2023年工作总结\n"
            "一、主要工作成效\n(一)招商引资成效明显\n新签约项目12个。\n(二)存在的不足\n要素保障不足。\n"
            "二、存在的问题\n(一)主导产业不强\n龙头企业少。\n"
            "三、下一步工作打算\n(一)巩固招商成果\n新签约项目15个。\n(二)抓好项目进展情况督查\n建成道路5公里。\n")
    d = reportmine.extract(text).documents[0]
    assert [(s.id, s.title, s.kind, s.kind_source) for s in d.sections] == [
        ("1", "主要工作成效", "achievement", "rule"),
        ("1.1", "招商引资成效明显", "achievement", "inherited"),
        ("1.2", "存在的不足", "problem", "rule"),
        ("2", "存在的问题", "problem", "rule"),
        ("2.1", "主导产业不强", "problem", "inherited"),
        ("3", "下一步工作打算", "plan", "rule"),
        ("3.1", "巩固招商成果", "plan", "inherited"),
        ("3.2", "抓好项目进展情况督查", "plan", "inherited"),
    ]


def test_news_subheads_two_in_a_row_nest_and_may_carry_a_figure():
    text = ("某某高新区前三季度经济运行稳中有进\n"
            "今年以来,高新区坚持稳中求进工作总基调,经济运行总体平稳。\n"
            "工业经济\n工业生产增长12.5%\n"
            "1-9月,高新区规模以上工业增加值同比增长12.5%,两年平均增长10.2%,高于全市平均水平。\n"
            "服务业持续向好\n"
            "1-8月,规模以上服务业企业实现营业收入1200亿元,同比增长15.3%,增速较上半年提高。\n")
    d = reportmine.extract(text).documents[0]
    assert [(s.id, s.parent, s.level, s.title) for s in d.sections] == [
        ("1", None, 1, "工业经济"),
        ("1.1", "1", 2, "工业生产增长12.5%"),
        ("2", None, 1, "服务业持续向好"),
    ]


def test_a_numbered_line_that_opens_with_a_figure_or_runs_on_as_an_entry_is_an_item_not_a_heading():
    text = ("XX开发区2023年工作总结\n一、经济运行\n"
            "1、全年完成工业总产值50亿元,同比增长10%。\n2、完成固定资产投资20亿元,同比增长5%。\n"
            "二、园区建设\n1、乐海围垦:工程总面积9142亩,总投资4.05亿元。\n"
            "2、红星化工年产5万吨涂料项目,总投资5亿元,目前正在进行基础施工。\n")
    d = reportmine.extract(text).documents[0]
    # a label with a colon is a heading; an entry run on after its name's comma is an item
    assert [(s.id, s.title) for s in d.sections] == [("1", "经济运行"), ("2", "园区建设"), ("2.1", "乐海围垦")]
    # the items' figures belong to the section they are items of
    assert [(m.mention, m.value, m.growth_pct, m.section) for m in d.metrics][:2] == [
        ("工业总产值", 50.0, 10.0, "1"), ("固定资产投资", 20.0, 5.0, "1")]


def test_a_zone_said_only_as_a_project_is_no_park_and_a_kind_inside_a_name_stays_whole():
    d = reportmine.extract("工业运行情况报告\n列入市重点调度的探索体育产业园等6个亿元以上项目进展较快。"
                           "全县规模工业发展较快。\n").documents[0]
    assert d.park is None
    from reportmine.structure.header import find_parks
    assert [(p.name, p.kind) for p in find_parks("开发区工业园在市委的领导下")] == [
        ("开发区", "开发区"), ("开发区工业园", "工业园")]
    # 于长江 is a person's name in the dictionary; 现代 inside a name is no stop
    assert [p.name for p in find_parks("项目位于长江工业园翠屏区")] == ["长江工业园"]
    assert [p.name for p in find_parks("中国西部现代物流港基础设施建设")] == ["中国西部现代物流港"]
    assert [p.name for p in find_parks("加快现代工业园建设")] == ["工业园"]


def test_a_glued_heading_ends_where_its_text_opens_with_a_period():
    d = reportmine.extract("XX工业区管委会工作总结\n园区各项工作进展顺利。一、前三季度工作进展情况上半年,"
                           "顺利完成“开门红”和“双过半”任务。1-11月,园区完成工业总产值109.4亿元。\n").documents[0]
    assert [(s.marker, s.title) for s in d.sections] == [("一、", "前三季度工作进展情况")]


def test_a_section_that_opens_with_the_months_gone_by_reports_them():
    d = reportmine.extract("招商引资和项目建设半年总结\n一、招商引资工作\n1-6月,全区新引进项目12个,"
                           "合同引资6.9亿元;共计完成投资4.5亿元,占全年目标任务的73.21%。\n").documents[0]
    assert [(s.title, s.kind) for s in d.sections] == [("招商引资工作", "achievement")]
    assert {m.modality for m in d.metrics} == {"actual"}


def test_headings_glued_to_the_title_and_to_each_other_are_each_found():
    text = ("工业园区上半年工作总结及下半年思路一、1-6月份工作总结(一)经济指标平稳增长1、工业产值34亿元,"
            "完成年度目标任务的37%;2、园区建设总投入20237万元。(二)企业服务规范化管理1、稳步推进循环化改造。\n")
    d = reportmine.extract(text).documents[0]
    assert [(s.id, s.marker, s.title, s.kind) for s in d.sections] == [
        ("1", "一、", "1-6月份工作总结", "achievement"),
        ("1.1", "(一)", "经济指标平稳增长", "achievement"),
        ("1.2", "(二)", "企业服务规范化管理", "achievement"),
    ]


def test_docx_heading_styles_are_section_cues(tmp_path):
    """A .docx paragraph styled as a heading is a section even without a marker."""
    import docx

    d = docx.Document()
    d.add_heading("青溪经济开发区2023年工作总结", level=0)
    d.add_heading("招商引资成效显著", level=1)
    d.add_paragraph("全年新签约亿元以上项目14个,实际到位资金32.5亿元,同比增长8.1%。")
    d.add_heading("存在的问题", level=1)
    d.add_paragraph("一是用地指标紧张,部分项目落地受到制约。")
    path = tmp_path / "report.docx"
    d.save(str(path))
    r = reportmine.read(path)
    doc = r.documents[0]
    assert doc.title == "青溪经济开发区2023年工作总结"
    assert [(s.marker, s.title, s.level, s.kind) for s in doc.sections] == [
        (None, "招商引资成效显著", 1, "achievement"),
        (None, "存在的问题", 1, "problem"),
        ("一是", "用地指标紧张,部分项目落地受到制约", 2, "problem"),  # a paragraph-level item
    ]
    m = next(m for m in doc.metrics if m.unit == "亿元")
    assert (m.value, m.growth_pct, m.section) == (32.5, 8.1, "1")
    assert "32.5亿元" in r.text[m.span[0]:m.span[1]]


def test_roc_years_resolve_to_the_western_year():
    r = reportmine.extract("臺中科學園區114年度工作報告\n一、園區營運概況\n"
                           "114年上半年,園區營業額達3,456億元新臺幣,較上年同期成長12.5%。\n")
    d = r.documents[0]
    assert (d.period.label, d.period.year) == ("114年度", 2025)
    assert d.park.name == "台中科学园区" and d.park.kind == "科学园区"
    m = d.metrics[0]
    assert (m.value, m.unit, m.base_value, m.growth_pct) == (3456.0, "亿元", 345600000000.0, 12.5)
    assert (m.period.label, m.period.year, m.period.months) == ("114年上半年", 2025, (1, 6))


def test_titled_reports_in_a_row_without_markers_are_cut_apart():
    body1 = "今年以来,我区坚持项目为王,全年实现规上工业总产值125.6亿元,同比增长11.2%;固定资产投资42.8亿元,同比增长9.5%。" * 3
    body2 = "上半年,园区实现营业收入58.3亿元,同比增长7.4%;实际利用外资1.2亿美元。新增高新技术企业9家。" * 3
    text = ("首页>范文>工作总结\n东湖高新技术产业开发区2022年工作总结\n" + body1 +
            "\n上一篇:开发区工作计划\n西山工业园区2023年上半年工作汇报\n" + body2 + "\n")
    r = reportmine.extract(text)
    assert [(d.title, d.park.name, d.period.label) for d in r.documents] == [
        ("东湖高新技术产业开发区2022年工作总结", "东湖高新技术产业开发区", "2022年"),
        ("西山工业园区2023年上半年工作汇报", "西山工业园区", "2023年上半年"),
    ]
    first, second = r.documents
    assert "上一篇" not in text[first.span[0]:first.span[1]] and "首页" not in text[first.span[0]:first.span[1]]
    assert text[second.span[0]:second.span[1]].startswith("西山工业园区")
    assert [m.value for m in second.metrics][:2] == [58.3, 1.2]


def test_segmenter_keeps_indicator_terms_whole():
    """jieba with the user dictionary built from rules/ (indicators, park kinds)."""
    from reportmine.text.segment import cut

    words = cut("全区规模以上工业增加值同比增长19.2%,固定资产投资增长27.7%,经济技术开发区")
    assert "规模以上工业增加值" in words and "固定资产投资" in words and "经济技术开发区" in words


def test_a_stage_before_the_names_is_what_was_done_to_them():
    """推进完成X、Y等…工程: 完成 before the list means done, 推进 does not make it a target."""
    r = reportmine.extract("推进完成帅翼驰红线外、刘武大道二期、官山路二期等5项燃气管道工程。"
                           "确保凯翔纸业技改项目6月底前竣工投产。")
    got = {p.name: p.status for p in r.documents[0].projects}
    assert got["刘武大道二期"] == "竣工" and got["官山路二期"] == "竣工"
    assert got["凯翔纸业技改项目"] == "在建"  # after a target cue the stage is the one before it


def test_sorted_dictionary_cache_gives_the_dictionarys_tags(tmp_path, monkeypatch):
    """Look-ups bisect a sorted copy of jieba's dictionary kept in the cache folder; each
    word must get the tag the dictionary gives it, and a missing word none."""
    from reportmine.text import segment as S

    monkeypatch.setenv("REPORTMINE_CACHE", str(tmp_path / "cache"))
    blob = S._sorted_dictionary()
    assert blob is not None and len(list((tmp_path / "cache").glob("jieba-dict-*.rec"))) == 1
    assert S._sorted_dictionary() == blob  # read back from the file
    words = S._parse(S._dict_text())
    sample = [w for i, w in enumerate(words) if len(w) <= S.WORD_MAX and i % 97 == 0]
    assert len(sample) > 3000
    assert [S._bisect(blob, w) for w in sample] == [words[w] for w in sample]
    assert S._bisect(blob, "在建") == words["在建"]
    for w in ("青溪开发区", "不是词语x", "zzzzzz", "丌丌"):
        assert S._bisect(blob, w) is None


def test_dictionary_without_a_writable_cache_falls_back_to_memory(tmp_path, monkeypatch):
    from reportmine.text import segment as S

    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    monkeypatch.setenv("REPORTMINE_CACHE", str(blocker / "sub"))
    assert S._sorted_dictionary() is None
    monkeypatch.setattr(S, "_INDEX", {})
    monkeypatch.setattr(S, "_SORTED", [])
    S.index_dictionary()
    assert S._SORTED == [] and S._INDEX.get("发展") == S._parse(S._dict_text())["发展"]


def test_headings_that_run_into_each_other_and_into_the_text():
    text = ("青溪开发区2018年上半年工作总结\n"
            "2018年以来,青溪经开区凝心聚力。(一)经济指标完成情况。全区共有规上企业12家。"
            "(二)项目建设推进有力。项目建设是开发区工作重中之重。二、下一步工作计划(一)突出招商引资,"
            "掀起招商新热潮。主攻新兴产业。\n")
    d = reportmine.extract(text).documents[0]
    assert [(s.level, s.marker, s.title, s.kind) for s in d.sections] == [
        (2, "(一)", "经济指标完成情况", "achievement"),
        (2, "(二)", "项目建设推进有力", "achievement"),
        (1, "二、", "下一步工作计划", "plan"),
        (2, "(一)", "突出招商引资,掀起招商新热潮", "plan"),
    ]


def test_a_news_item_with_no_numbered_headings_has_its_subheads_as_sections():
    text = ("青溪高新区一季度经济运行开局良好\n"
            "今年以来,青溪高新区坚持稳中求进,一季度主要经济指标实现开门红。\n"
            "工业生产稳步回升\n"
            "一季度,全区规上工业增加值同比增长8.6%,高于全市平均水平1.2个百分点。\n"
            "项目建设提速增效\n"
            "一季度,全区新开工项目12个,完成投资18.5亿元,同比增长11.3%。\n")
    d = reportmine.extract(text).documents[0]
    assert [(s.level, s.marker, s.title, s.kind) for s in d.sections] == [
        (1, None, "工业生产稳步回升", "achievement"), (1, None, "项目建设提速增效", "achievement")]
    assert text[d.sections[0].span[0]:d.sections[0].span[0] + 8] == "工业生产稳步回升"


@pytest.mark.parametrize("contents", [
    # leader dots and page numbers
    "目  录\n一、2023年工作回顾 ........ 1\n(一)经济指标稳步增长 ........ 1\n二、存在的问题 ........ 3\n"
    "三、2024年工作计划 ........ 4\n",
    # a bare list of the headings under 目录
    "目录\n一、2023年工作回顾\n(一)经济指标稳步增长\n二、存在的问题\n三、2024年工作计划\n",
])
def test_a_table_of_contents_is_not_the_outline(contents):
    body = ("一、2023年工作回顾\n(一)经济指标稳步增长\n全年实现规上工业增加值12.5亿元,同比增长8.2%。\n"
            "二、存在的问题\n要素保障不足,招商难度加大。\n三、2024年工作计划\n力争规上工业增加值增长8%。\n")
    doc = reportmine.extract("青溪经济开发区2023年工作总结\n" + contents + body).documents[0]
    assert [(s.level, s.marker, s.title, s.kind) for s in doc.sections] == [
        (1, "一、", "2023年工作回顾", "achievement"), (2, "(一)", "经济指标稳步增长", "achievement"),
        (1, "二、", "存在的问题", "problem"), (1, "三、", "2024年工作计划", "plan")]


def test_a_heading_right_above_its_first_subheading_is_kept_even_when_its_title_recurs():
    text = ("青溪经济开发区2023年工作总结\n一、工业经济\n(一)规上工业\n全年增长8.2%。\n"
            "二、服务业\n(一)规上工业\n其他内容。\n")
    titles = [s.title for s in reportmine.extract(text).documents[0].sections]
    assert titles == ["工业经济", "规上工业", "服务业", "规上工业"]
