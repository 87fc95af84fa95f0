"""Headline indicators (facts/indicators.py): the 36 names of shared/INDICATORS.md, the
lexicon, and the context that makes a figure the park's headline figure or none."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

import reportmine
from reportmine.facts.indicators import canonical, decide, headline_names, headline_order, kind_of
from reportmine.rules import load

SHARED = Path(__file__).resolve().parents[2] / "shared"


def _metrics(text: str):
    return [m for d in reportmine.extract(text).documents for m in d.metrics]


def _indicator_of(text: str, figure: str) -> str:
    """The indicator of the metric whose evidence holds ``figure``."""
    at = text.index(figure)
    found = [m for m in _metrics(text) if m.span[0] <= at < m.span[1]]
    assert found, f"no metric holds {figure!r} in {text!r}"
    return found[-1].indicator


def test_the_36_names_are_those_of_indicators_md():
    names = headline_order()
    assert len(names) == len(set(names)) == 36
    assert names[:4] == ["地区生产总值", "第三产业增加值", "规模以上工业增加值", "工业增加值"]
    assert set(names) == headline_names()
    md = SHARED / "INDICATORS.md"
    if not md.is_file():
        pytest.skip(f"{md} is absent")
    table = [line.strip().strip("|").split("|")[0].strip() for line in md.read_text(encoding="utf-8").splitlines()
             if line.startswith("| ") and not line.startswith("| canonical") and not line.startswith("|---")]
    assert names == table


def test_every_indicator_has_a_kind_and_its_own_name_among_its_names():
    spec = load("indicators")["indicators"]
    for name in headline_order():
        assert kind_of(name) in ("money", "firms", "projects", "people")
        folded = name.replace("规上", "规模以上")
        assert canonical(name) == (name, True) or folded in spec[name]["names"], name


@pytest.mark.parametrize(("mention", "expected"), [
    ("规上工业增加值", "规模以上工业增加值"), ("规模工业增加值", "规模以上工业增加值"), ("全口径工业增加值", "工业增加值"),
    ("工业增加值", "工业增加值"), ("规上工业产值", "规模以上工业总产值"), ("工业产值", "工业总产值"),
    ("固投", "固定资产投资"), ("工业固投", "工业投资"), ("技改投资", "技术改造投资"), ("协议外资", "合同利用外资"),
    ("实际使用外资", "实际利用外资"), ("合同外资", "合同利用外资"), ("实际利用内资", "实际到位资金"),
    ("签约资金", "协议引资"), ("进出口值", "进出口总额"), ("出口创汇", "出口总额"), ("社零总额", "社会消费品零售总额"),
    ("R&D经费", "研发投入"), ("高企", "高新技术企业"), ("规上企业", "规模以上工业企业"), ("新签项目", "签约项目"),
    ("开工建设项目", "开工项目"), ("竣工投产项目", "竣工项目"), ("从业人员", "就业人数"), ("利税", "利税总额"),
    ("利润", "利润总额"), ("国地两税", "税收收入"), ("公共财政预算收入", "一般公共预算收入"), ("财政总收入", "财政收入"),
    ("固定资产投资增幅", "固定资产投资"), ("技工贸总收入", "技工贸总收入"), ("营业额", "营业收入"),
    # not these
    ("出口交货值", "出口交货值"), ("人均GDP", "人均GDP"), ("一般公共预算支出", "一般公共预算支出"), ("总投资", "总投资"),
    ("开工率", "开工率"), ("税收占比", "税收占比"), ("新增规上企业", "新增规上企业"), ("新增就业", "新增就业"),
    ("限上社零", "限上社零"), ("合同工业产值", "合同工业产值"), ("工业税收", "工业税收"), ("亩均税收", "亩均税收"),
    ("电子信息产业产值", "电子信息产业产值"), ("固定资产投资项目", "固定资产投资项目"),
])
def test_lexicon(mention, expected):
    assert canonical(mention)[0] == expected


@pytest.mark.parametrize(("text", "figure", "expected"), [
    # the 规上 context from the clause before
    ("1-5月,园区58家规上工业企业完成工业总产值126.4亿元,同比增长9%。", "126.4亿元", "规模以上工业总产值"),
    ("1-5月,园区58家规上工业企业完成工业总产值126.4亿元,同比增长9%。", "58家", "规模以上工业企业"),
    ("园区规上企业完成工业增加值31亿元。", "31亿元", "规模以上工业增加值"),
    # a count of 规上 firms read from a growth statement
    ("1-4月,125家规上工业增加值同比增长19.2%。", "125家", "规模以上工业企业"),
    # shares, ranks, per-unit figures and changes are none
    ("园区规上工业总产值86亿元,占全区规上工业总产值的59.5%。", "59.5%", "占全区规上工业总产值"),
    ("重点骨干企业完成工业总产值21亿元,占全区总产值的64%。", "21亿元", "工业总产值(重点骨干企业)"),
    ("园区亩均税收达到28万元。", "28万元", "亩均税收"),
    # a sector's, one enterprise's, a project's capacity
    ("电子信息产业实现工业总产值35亿元。", "35亿元", "工业总产值(电子信息产业)"),
    ("华泰公司于2018年投产,2022年实现销售收入8.9亿元。", "8.9亿元", "销售收入(企业)"),
    ("该项目总投资5亿元,达产后可实现年产值12亿元,税收6000万元。", "6000万元", "税收(项目)"),
    ("纺织业:纺纱规模达50万锭,实现销售收入30亿元。", "30亿元", "销售收入(纺织业)"),
    # a sub-park and an office
    ("依托城北工业园、城南工业园两大平台。\n(一)城北工业园。目前,城北工业园在建项目22个。", "22个", "城北工业园在建项目"),
    ("招商一局共签约项目33个。", "33个", "招商一局共签约项目"),
    # a new flow of a stock; work done with firms
    ("今年新认定高新技术企业8家。", "8家", "新认定高新技术企业"),
    ("班子成员走访规上企业120家。", "120家", "班子成员走访规上企业"),
    # counts of projects by their stage around the figure
    ("丰源、华泰等6个项目已竣工投产。", "6个", "竣工项目"),
    ("上半年园区新开工3个项目。", "3个", "开工项目"),
    ("签约工业项目中,当年新开工项目10个。", "10个", "新开工项目(其中)"),
    # a target stated after a figure takes the clause before's indicator
    ("园区累计完成规模以上工业总产值59.5亿元,为市下115亿元目标的51.74%。", "115亿元", "规模以上工业总产值"),
    # a growth-only statement still measures its indicator
    ("全年规上工业增加值同比增长8%。", "8%", "规模以上工业增加值"),
    # the park by name before the head
    ("昆山出口加工区进出口值突破230亿美元。", "230亿美元", "进出口总额"),
])
def test_context_decides(text, figure, expected):
    assert _indicator_of(text, figure) == expected


def test_a_non_headline_metric_never_carries_a_headline_name():
    text = ("该项目总投资5亿元,达产后年产值12亿元,税收6000万元。\n"
            "重点骨干企业完成工业总产值21亿元,占全区总产值的64%。\n"
            "上半年,园区实现规上工业增加值6.8亿元,同比增长19.2%。\n")
    got = [(m.indicator, m.value) for m in _metrics(text)]
    assert got == [("该项目总投资", 5.0), ("达产后年产值", 12.0), ("税收(项目)", 6000.0),
                   ("工业总产值(重点骨干企业)", 21.0), ("占全区总产值", 64.0), ("规模以上工业增加值", 6.8)]


def test_decide_without_text_reads_the_mention_and_the_unit():
    assert decide("规上工业增加值", unit="亿元", dim="money").indicator == "规模以上工业增加值"
    d = decide("规上工业增加值", unit="吨", dim="mass")
    assert (d.indicator, d.headline, d.rule) == ("规上工业增加值(单位)", False, "indicator.unit.v1")
    assert decide("新签约项目", unit="个", dim="count").indicator == "签约项目"


# -- the shared corpora: the done-when figures as floors -------------------------

def _score(folder: Path) -> dict:
    spec = importlib.util.spec_from_file_location("shared_score", SHARED / "eval" / "score.py")
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    from collections import defaultdict

    acc = defaultdict(int)
    for key in ("_misses", "_extras", "_wrong", "_ind_wrong"):
        acc[key] = []
    for gold_path in sorted(folder.glob("*.gold.json")):
        txt = gold_path.with_name(gold_path.name.replace(".gold.json", ".txt"))
        pred = reportmine.read(txt).to_dict()
        score.score_file(txt.read_text(encoding="utf-8"), json.loads(gold_path.read_text(encoding="utf-8")), pred, acc)
    p, r, f = score.prf(acc["ind_tp"], acc["ind_pred"], acc["ind_gold"])
    return {"p": p, "r": r, "f1": f}


# Measured 2026-12-03 (scorer of shared/eval): dev 0.932, real 0.835 (odd half 0.863, even
# 0.807). The real figure is capped by metrics not found yet (odd half: 25 of 132 headline
# figures), so the floors sit a little under today's figures.
@pytest.mark.parametrize(("corpus", "floor"), [("dev", 0.90), ("real", 0.81)])
def test_indicator_f1_floor_on_the_shared_corpora(corpus, floor):
    folder = SHARED / "corpus" / corpus
    if not folder.is_dir():
        pytest.skip(f"{folder} is absent")
    s = _score(folder)
    assert s["f1"] >= floor, s


def test_a_zone_before_a_count_of_above_scale_firms_is_their_subject():
    ms = [m for d in reportmine.extract("前三季度,天水市经济技术开发区37户规模以上工业企业完成工业增加值6.1亿元,"
                                        "园区12家规上工业企业实现产值3亿元。").documents for m in d.metrics]
    assert [(m.mention, m.value, m.indicator) for m in ms] == [
        ("规模以上工业企业", 37.0, "规模以上工业企业"), ("工业增加值", 6.1, "规模以上工业增加值"),
        ("规上工业企业", 12.0, "规模以上工业企业"), ("产值", 3.0, "产值")]
