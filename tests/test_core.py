"""Core behaviour: values, units, spans, contract, errors and exit codes."""
from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

import reportmine
from reportmine.model import load_schema
from reportmine.rules import RULE_FILES, load

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpora" / "demo" / "sample_report.txt"
SHARED_DEV = ROOT.parent / "shared" / "corpus" / "dev"
CLI = [sys.executable, "-m", "reportmine.cli"]


def _validate(d: dict) -> None:
    jsonschema.Draft202012Validator(load_schema()).validate(d)


def _metric(text: str, i: int = 0):
    return reportmine.extract(text).documents[0].metrics[i]


def test_rule_files_all_load_and_carry_examples():
    for name in RULE_FILES:
        data = load(name)
        assert "examples" in data, f"rules/{name}.yaml has no examples"


def test_plain_clause_value_unit_growth_span():
    text = "上半年,青溪开发区实现规上工业增加值6.8亿元,同比增长19.2%。"
    m = _metric(text)
    assert (m.indicator, m.mention, m.value, m.unit) == ("规模以上工业增加值", "规上工业增加值", 6.8, "亿元")
    assert m.base_value == 680000000.0 and m.base_unit == "元"
    assert m.growth_pct == 19.2 and m.period.label == "上半年" and m.modality == "actual"
    assert "6.8亿元" in text[m.span[0]:m.span[1]] and m.rule and 0 < m.confidence <= 1


def test_negative_growth_and_percentage_points():
    r = reportmine.extract("固定资产投资31.2亿元,同比下降4.1%;工业占比达35%,提高2.1个百分点。")
    ms = r.documents[0].metrics
    assert (ms[0].value, ms[0].growth_pct) == (31.2, -4.1)
    assert (ms[1].value, ms[1].unit, ms[1].growth_pct) == (35.0, "%", None)


def test_masked_figures_never_take_a_neighbour():
    text = "全年实现地区生产总值亿元,增长%,实现销售收入亿元,增长%,出口总额亿美元,增长%,协议引资xx.x亿元。"
    ms = reportmine.extract(text).documents[0].metrics
    assert [m.value for m in ms] == [None, None, None, None]
    assert all(m.masked for m in ms)
    assert [m.unit for m in ms] == ["亿元", "亿元", "亿美元", "亿元"]


def test_traditional_script_decimal_point_keeps_offsets():
    text = "上半年,XXX開發區實現國內生產總值2。87億元,同比增長104。4%。"
    m = _metric(text)
    assert (m.value, m.unit, m.growth_pct, m.indicator) == (2.87, "亿元", 104.4, "地区生产总值")
    assert "2。87億元" in text[m.span[0]:m.span[1]]


def test_lost_dash_month_range_and_glued_page_marker():
    text = ("开发区经济运行稳中有进,主要经济指标持续向好。14月份,实现一般公共预算收入2.26亿元,同比增长51.1%;规上企业总产\n"
            "2、值33.3亿元,同比增长16.6%。")
    ms = reportmine.extract(text).documents[0].metrics
    assert [(m.value, m.period.label) for m in ms] == [(2.26, "1-4月"), (33.3, "1-4月")]
    assert "33.3亿元" in text[ms[1].span[0]:ms[1].span[1]]


def test_chinese_numerals_qualifiers_completion():
    ms = reportmine.extract("应补偿村级补偿费三四百万元。走访企业200多家,新签约项目18个,完成全年目标任务的60%。").documents[0].metrics
    assert (ms[0].value, ms[0].unit, ms[0].qualifier) == (300.0, "万元", "range 300-400")
    assert (ms[1].value, ms[1].qualifier) == (200.0, "多")
    assert (ms[2].value, ms[2].completion_pct) == (18.0, 60.0)


def test_modality_target_and_estimate():
    ms = reportmine.extract("力争全年固定资产投资达到70亿元。预计可实现年销售收入5亿元。").documents[0].metrics
    assert [(m.value, m.modality) for m in ms] == [(70.0, "target"), (5.0, "estimate")]


def test_sections_tree_kinds_and_park_period():
    r = reportmine.read(SAMPLE)
    d = r.documents[0]
    assert d.park.name == "青溪经济技术开发区" and d.park.kind == "经济技术开发区"
    assert (d.period.label, d.period.year, d.period.months) == ("2024年上半年", 2024, (1, 6))
    assert d.doc_type == "summary+plan"
    top = [(s.id, s.marker, s.kind) for s in d.sections if s.level == 1]
    assert top == [("1", "一、", "achievement"), ("2", "二、", "problem"), ("3", "三、", "plan")]
    assert [p.headline for p in d.problems][:2] == ["主导产业集聚度不高", "用地指标紧张"]
    assert {p.name: p.status for p in d.projects}["恒远新材料"] == "投产"


def test_compilation_split_and_boilerplate():
    text = ("下面是小编为大家整理的工业园区工作总结,供大家参考。\n第一篇:甲工业园区工作总结\n"
            "今年以来,甲工业园区实现工业总产值12亿元,同比增长8%。\n第二篇:乙经济开发区工作计划\n"
            "明年,乙经济开发区力争固定资产投资达到30亿元。\n第2页 共2页\n")
    r = reportmine.extract(text)
    assert [d.title for d in r.documents] == ["甲工业园区工作总结", "乙经济开发区工作计划"]
    assert [d.park.name for d in r.documents] == ["甲工业园区", "乙经济开发区"]
    assert r.documents[1].metrics[0].modality == "target"


def test_report_is_frozen_deterministic_and_valid():
    r1, r2 = reportmine.read(SAMPLE), reportmine.read(SAMPLE)
    assert r1.to_json() == r2.to_json()
    _validate(r1.to_dict())
    with pytest.raises(dataclasses.FrozenInstanceError):
        r1.documents[0].metrics[0].value = 1.0  # type: ignore[misc]
    df = r1.metrics_frame()
    assert len(df) == len(r1.documents[0].metrics)
    assert df.loc[0, "value"] == r1.documents[0].metrics[0].value and "evidence" in df.columns


def test_cli_json_and_errors(tmp_path):
    out = subprocess.run(CLI + ["extract", str(SAMPLE), "--format", "json"], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    _validate(data)
    assert data["source"]["encoding"] == "utf-8" and data["documents"][0]["metrics"]
    missing = subprocess.run(CLI + ["extract", str(tmp_path / "nope.txt")], capture_output=True, text=True)
    assert missing.returncode == 2 and "nope.txt" in missing.stderr and "Traceback" not in missing.stderr
    png = tmp_path / "pic.txt"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    bad = subprocess.run(CLI + ["extract", str(png)], capture_output=True, text=True)
    assert bad.returncode == 2 and "pic.txt" in bad.stderr and "Traceback" not in bad.stderr


def test_cli_batch_keeps_good_output_when_one_file_fails(tmp_path):
    o = tmp_path / "out.jsonl"
    res = subprocess.run(CLI + ["extract", str(SAMPLE), str(tmp_path / "missing.txt"), "--format", "jsonl", "-o", str(o)],
                         capture_output=True, text=True)
    assert res.returncode == 1 and "missing.txt" in res.stderr
    lines = o.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["schema"] == "reportmine.report/1"


def test_gbk_file_is_detected(tmp_path):
    p = tmp_path / "gbk.txt"
    p.write_bytes(SAMPLE.read_text(encoding="utf-8").encode("gb18030"))
    r = reportmine.read(p)
    assert r.source.encoding == "gb18030"
    assert r.documents[0].metrics[0].value == reportmine.read(SAMPLE).documents[0].metrics[0].value


@pytest.mark.skipif(not SHARED_DEV.is_dir(), reason="../shared is absent")
def test_dev_corpus_floor():
    from reportmine.evaluate import evaluate

    s, _ = evaluate(SHARED_DEV)
    assert s["metric_fact_f1"] >= 0.85 and s["masked_acc"] == 1.0 and s["doc_split_acc"] == 1.0
    assert s["sections_f1"] >= 0.85 and s["park_acc"] >= 0.9 and s["period_doc_acc"] >= 0.9


def test_eval_on_own_corpora_floor():
    """`reportmine eval` on corpora/reports: the floor later issues raise."""
    res = subprocess.run(CLI + ["eval", str(ROOT / "corpora" / "reports"), "--json"], capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    s = json.loads(res.stdout)
    assert s["files"] >= 5 and s["metric_fact_f1"] >= 0.85 and s["masked_acc"] == 1.0


def test_first_items_read_what_a_match_must_start_with():
    from reportmine.rules import _first_items

    assert _first_items("(网站|在线)客服") == {"网", "在"}
    assert _first_items("第\\s*\\d+\\s*页") == {"第"}
    assert _first_items("[0-3]+x") == {"0", "1", "2", "3"}
    assert _first_items("^x") == {"x"}  # an anchor or a look-behind takes no character
    assert _first_items("(?<![0-9])年") == {"年"}
    assert _first_items("\\d+") == {"\\d"}  # a class stays a class
    # nothing known: an optional start, any character, a negated class, a case-blind pattern
    for p in ("a?b", ".{0,3}x", "(?i)abc", "[^x]y"):
        assert _first_items(p) is None, p


def test_compiled_rules_get_a_look_ahead_only_where_re_cannot_skip_by_itself():
    """compile_rule(scan=True) puts a look-ahead on the first characters before patterns
    that re would try at every position; the matches must be exactly those of the plain
    pattern, and without scan=True the pattern is left alone."""
    import re

    from reportmine.rules import _lookahead_for, compile_rule

    assert _lookahead_for("abc") is None and _lookahead_for("[ab]c") is None and _lookahead_for("ab|cd") is None
    assert _lookahead_for("(?P<h>(?:产业园|变电站))(?=x)|(?P<p>项目|工程)") == "(?=[产变工项])"
    assert _lookahead_for("(?:等|(?<=[a-z])(?P<n>\\d+)个)项目") == "(?=[\\d等])"
    text = "a1个项目、等项目 b22个项目 产业园x 变电站 工程项目 ２个项目" * 3
    for p in ("(?:等|(?<=[a-z])(?P<n>\\d+)个)项目", "(?P<h>(?:产业园|变电站))(?=x)|(?P<p>项目|工程)", "(?<![a-z])\\d+个"):
        fast, plain = compile_rule("test", "t", p, scan=True), re.compile(p)
        assert fast.pattern != plain.pattern
        assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)]
        assert compile_rule("test", "t", p).pattern == p


def test_any_rule_finds_anchored_and_floating_rules():
    from reportmine.rules import AnyRule

    r = AnyRule("boilerplate", "lines", ["^\\s*上一篇", "(网站|在线)客服", "由会员分享"])
    assert r.search("  上一篇:开发区工作总结")
    assert not r.search("开发区上一篇")  # anchored: only at the start
    assert r.search("欢迎联系网站客服")
    assert r.search("文档由会员分享,可在线阅读")
    assert not r.search("由会员分享", 0, 4)  # the end bound holds
    assert not r.search("开发区实现规上工业增加值6.8亿元")
    assert AnyRule("x", "y", ["^a"]).search("b") is None  # no floating rules at all
