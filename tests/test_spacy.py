"""reportmine as a spaCy pipeline component."""
from __future__ import annotations

import pytest

spacy = pytest.importorskip("spacy")

import reportmine  # noqa: E402
import reportmine.spacy  # noqa: E402,F401  (registers the factory)

TEXT = "上半年,青溪开发区实现规上工业增加值6.8亿元,同比增长19.2%;固定资产投资31.2亿元,同比下降4.1%。"


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("zh")
    nlp.add_pipe("reportmine")
    return nlp


def test_component_sets_metric_spans_and_the_report(nlp):
    doc = nlp(TEXT)
    report = doc._.reportmine
    assert isinstance(report, reportmine.Report)
    assert [(m.indicator, m.value) for m in report.documents[0].metrics] == [
        ("规模以上工业增加值", 6.8), ("固定资产投资", 31.2)]
    spans = doc.spans["reportmine_metrics"]
    assert [sp.label_ for sp in spans] == ["规模以上工业增加值", "固定资产投资"]
    assert "6.8亿元" in spans[0].text and "规上工业增加值" in spans[0].text
    assert "31.2亿元" in spans[1].text
    for sp, m in zip(spans, report.documents[0].metrics):
        # aligned outwards to whole tokens: the span covers the metric's evidence
        assert sp.start_char <= m.span[0] and m.span[1] <= sp.end_char


def test_component_section_spans(nlp):
    doc = nlp("XX开发区2023年工作总结\n一、主要工作\n开发区实现工业总产值12亿元。\n二、存在问题\n用地指标紧张。\n")
    assert [(sp.label_, sp.text.split("\n")[0]) for sp in doc.spans["reportmine_sections"]] == [
        ("achievement", "一、主要工作"), ("problem", "二、存在问题")]


def test_component_in_a_pipeline_config(nlp):
    assert "reportmine" in nlp.pipe_names
    assert nlp.get_pipe_meta("reportmine").assigns == ["doc.spans", "doc._.reportmine"]
    docs = list(nlp.pipe([TEXT, "开发区新签约项目14个。"]))
    assert [d._.reportmine.documents[0].metrics[0].value for d in docs] == [6.8, 14.0]
