"""The library surface: frozen results, the contract's JSON, determinism, DataFrame views,
comparisons across parks and notebook display."""
from __future__ import annotations

import dataclasses
import json

import pandas as pd
import pytest

import reportmine
from reportmine import api
from reportmine.model import SCHEMA_ID, Metric

PARK_A = ("青溪开发区2023年上半年工作总结\n一、主要工作\n"
          "上半年,青溪开发区实现规上工业增加值6.8亿元,同比增长19.2%;固定资产投资22600万元。\n"
          "恒远新材料、博锐精密等2个项目已竣工投产。\n"
          "二、存在问题\n一是用地指标紧张,部分项目落地受到制约。\n")
PARK_B = ("白沙工业园区2023年上半年工作总结\n一、主要工作\n"
          "上半年,白沙工业园区实现规上工业增加值5.1亿元,同比下降2%;固定资产投资2.26亿元。\n")


def _none(x):
    return None if x is None or x != x else x  # pandas turns a missing float into NaN


@pytest.fixture(scope="module")
def sample_report(sample_text):
    return reportmine.extract(sample_text, path="corpora/demo/sample_report.txt")


def test_public_names():
    for name in ("extract", "read", "read_many", "compare", "Report", "Document", "Metric", "Section",
                 "Project", "Problem", "Park", "Period", "ReportContext", "ReportmineError", "__version__"):
        assert hasattr(reportmine, name), name


def test_report_is_frozen(sample_report):
    with pytest.raises(dataclasses.FrozenInstanceError):
        sample_report.documents = ()  # type: ignore[misc]
    d = sample_report.documents[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        d.title = "x"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        d.metrics[0].value = 1.0  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        d.sections[0].kind = "plan"  # type: ignore[misc]
    assert isinstance(d.metrics, tuple) and isinstance(d.sections, tuple)


def test_to_dict_matches_the_contract(sample_report, sample_text, validate):
    data = sample_report.to_dict()
    validate(data)
    assert data["schema"] == SCHEMA_ID == "reportmine.report/1"
    assert data["source"]["path"] == "corpora/demo/sample_report.txt"
    assert data["source"]["chars"] == len(sample_text)
    assert len(data["source"]["sha256"]) == 64
    m = data["documents"][0]["metrics"][0]
    assert (m["indicator"], m["value"], m["unit"], m["base_value"], m["growth_pct"]) == (
        "规模以上工业总产值", 86.4, "亿元", 8640000000.0, 12.3)
    assert m["period"] == {"label": "1-5月", "year": 2024, "months": [1, 5]}
    assert isinstance(m["span"], list) and sample_text[m["span"][0]:m["span"][1]].startswith("规上工业总产值86.4亿元")
    # round trip through JSON keeps numbers numbers
    back = json.loads(sample_report.to_json())
    assert back == json.loads(json.dumps(data, ensure_ascii=False))
    assert isinstance(back["documents"][0]["metrics"][0]["value"], float)


def test_to_json_is_the_text_of_to_dict(sample_report):
    """to_json hands the dataclasses to the encoder directly; it must write exactly
    what to_dict holds, indented or compact."""
    d = sample_report.to_dict()
    assert sample_report.to_json() == json.dumps(d, ensure_ascii=False, indent=2)
    compact = sample_report.to_json(indent=None, separators=(",", ":"))
    assert compact == json.dumps(d, ensure_ascii=False, separators=(",", ":"))
    assert "\n" not in compact and '"schema":"reportmine.report/1"' in compact


def test_output_is_deterministic(sample_text):
    a = reportmine.extract(sample_text).to_json()
    b = reportmine.extract(sample_text).to_json()
    assert a.encode("utf-8") == b.encode("utf-8")


def test_metrics_frame(sample_report, sample_text):
    df = sample_report.metrics_frame()
    fields = {f.name for f in dataclasses.fields(Metric)}
    flattened = {"period": "period", "span": "start"}
    assert {"end", "period_year", "park", "evidence"} <= set(df.columns)
    ms = sample_report.documents[0].metrics
    assert len(df) == len(ms)
    for i, m in enumerate(ms):
        row = df.iloc[i]
        assert (row["indicator"], row["mention"], _none(row["unit"]), _none(row["value"]), _none(row["growth_pct"]),
                row["modality"], bool(row["masked"]), row["rule"], row["confidence"]) == (
            m.indicator, m.mention, m.unit, m.value, m.growth_pct, m.modality, m.masked, m.rule, m.confidence)
        assert (row["start"], row["end"]) == m.span
        assert row["evidence"] == sample_text[m.span[0]:m.span[1]]
        assert row["park"] == "青溪经济技术开发区"
    first = df.iloc[0]
    assert (first["value"], first["base_value"], first["growth_pct"], first["period"], first["period_year"]) == (
        86.4, 8640000000.0, 12.3, "1-5月", 2024)
    missing = {f for f in fields if flattened.get(f, f) not in df.columns}
    assert not missing, f"metrics_frame lacks columns for Metric fields {sorted(missing)}"


def test_sections_frame(sample_report):
    df = sample_report.sections_frame()
    secs = sample_report.documents[0].sections
    assert list(df["id"]) == [s.id for s in secs]
    top = df[df["level"] == 1]
    assert list(zip(top["marker"], top["title"], top["kind"])) == [
        ("一、", "上半年主要工作开展情况", "achievement"), ("二、", "存在问题和不足", "problem"), ("三、", "下半年工作计划", "plan")]
    assert list(df["parent"][df["id"] == "1.2"]) == ["1"]


def test_projects_frame(sample_report):
    df = sample_report.projects_frame()
    rows = {r["name"]: r for _, r in df.iterrows()}
    assert (rows["恒远新材料"]["status"], rows["博锐精密"]["status"]) == ("投产", "投产")
    assert list(df.columns[:3]) == ["document", "name", "status"]
    assert len(df) == len(sample_report.documents[0].projects)


def test_problems_frame(sample_report):
    df = sample_report.problems_frame()
    assert list(df["headline"])[:2] == ["主导产业集聚度不高", "用地指标紧张"]
    assert list(df["category"])[:2] == ["产业结构", "要素保障"]
    assert set(df["section"]) <= {s.id for s in sample_report.documents[0].sections}


def test_compare_lines_up_parks_in_base_units():
    a = reportmine.extract(PARK_A, path="a.txt")
    b = reportmine.extract(PARK_B, path="b.txt")
    df = api.compare([a, b], indicators=["规模以上工业增加值", "固定资产投资"])
    rows = sorted((r.park, r.indicator, r.value, r.unit, r.base_value, _none(r.growth_pct), r.period)
                  for r in df.itertuples())
    assert rows == [
        ("白沙工业园区", "固定资产投资", 2.26, "亿元", 226000000.0, None, "2023年上半年"),
        ("白沙工业园区", "规模以上工业增加值", 5.1, "亿元", 510000000.0, -2.0, "2023年上半年"),
        ("青溪开发区", "固定资产投资", 22600.0, "万元", 226000000.0, None, "2023年上半年"),
        ("青溪开发区", "规模以上工业增加值", 6.8, "亿元", 680000000.0, 19.2, "2023年上半年"),
    ]
    assert set(df["report"]) == {"a.txt", "b.txt"}
    # the table is sorted the same way whatever the order of the reports
    df2 = api.compare([b, a], indicators=["规模以上工业增加值", "固定资产投资"])
    pd.testing.assert_frame_equal(df, df2)


def test_reportmine_compare_stays_the_public_function_after_use():
    a = reportmine.extract(PARK_A, path="a.txt")
    api.compare([a])  # imports the reportmine.compare submodule on first use
    assert callable(reportmine.compare), (
        f"reportmine.compare is {reportmine.compare!r} after a call: the submodule shadows the function")
    df = reportmine.compare([a], indicators=["规模以上工业增加值"])
    assert list(df["base_value"]) == [680000000.0]


def test_repr_html_names_the_park(sample_report):
    html = sample_report._repr_html_()
    assert "青溪经济技术开发区" in html and "规模以上工业总产值" in html and "<table class=" in html


def test_evidence_is_the_input_text(sample_report, sample_text):
    for d in sample_report.documents:
        for m in d.metrics:
            assert sample_report.evidence(m.span) == sample_text[m.span[0]:m.span[1]]


def test_the_package_docstring_example_runs():
    import doctest

    result = doctest.testmod(reportmine, verbose=False)
    assert result.attempted >= 1 and result.failed == 0
