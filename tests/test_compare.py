"""Comparisons across parks: exact cells on the team's reports (corpora/reports), park
identity, the flags that keep incomparable figures from passing silently, the rule for
two figures of one indicator, ranking, every output format, inputs of every kind, the
chart (drawn with the CJK font the install brings) and the command's errors."""
from __future__ import annotations

import json
import struct
import subprocess
import sys
import warnings
from pathlib import Path

import pandas as pd
import pytest

import reportmine
from reportmine.comparison import build, park_key, render_markdown, write

ROOT = Path(__file__).resolve().parents[1]
REPORTS = ROOT / "corpora" / "reports"
CLI = [sys.executable, "-m", "reportmine.cli"]

TONGCHUAN = REPORTS / "r01_jingkai_2024h1.txt"      # 桐川经济技术开发区, 2024年上半年
JIANGYU = REPORTS / "r02_gaoxin_2022_annual.txt"     # 江屿高新技术产业开发区, 2022年
SHAHEWAN = REPORTS / "r07_jijuqu_plan_2020.txt"      # 沙河湾产业集聚区, 2020年 (a plan)
DONGYU = REPORTS / "r09_zongbao_2023.txt"            # 东屿综合保税区, 2023年
LIUTANG = REPORTS / "r03_gongyeyuan_jianbao_2023_05.txt"  # 柳塘工业园区, masked figures


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    res = subprocess.run(CLI + list(args), capture_output=True, cwd=cwd, timeout=300)
    res.out = res.stdout.decode("utf-8")  # type: ignore[attr-defined]
    res.err = res.stderr.decode("utf-8")  # type: ignore[attr-defined]
    return res


def _report(text: str, path: str):
    return reportmine.extract(text, path=path)


def _cells(wide: pd.DataFrame, park: str, indicator: str) -> tuple:
    """(value, growth, note) of one park's cell: the columns ``NAME (unit)``, ``NAME 增长%``, ``NAME 注``."""
    [row] = wide[wide["park"] == park].to_dict("records")
    unit = wide.attrs["units"][indicator]
    value = row[f"{indicator} ({unit})" if unit else indicator]
    growth = row[f"{indicator} 增长%"]
    nan = lambda x: None if x is None or x != x else x  # noqa: E731
    return nan(value), nan(growth), row[f"{indicator} 注"]


def _ref(wide: pd.DataFrame, flag: str) -> str:
    return "[%d]" % next(n["n"] for n in wide.attrs["footnotes"] if n["flag"] == flag)


@pytest.fixture(scope="module")
def corpora_wide():
    df = reportmine.compare([TONGCHUAN, JIANGYU, SHAHEWAN, DONGYU, LIUTANG])
    return df, df.wide()


# -- exact cells on the team's reports --------------------------------------------------

def test_one_row_per_park_and_period_of_the_team_reports(corpora_wide):
    _, wide = corpora_wide
    assert list(zip(wide["park"], wide["period"])) == [
        ("东屿综合保税区", "2023年"), ("柳塘工业园区", "2023年1-5月"), ("桐川经济技术开发区", "2024年上半年"),
        ("江屿高新技术产业开发区", "2022年"), ("沙河湾产业集聚区", "2020年"),
    ]
    assert list(wide.columns[:3]) == ["park", "period", "reports"]
    for ind in ("地区生产总值", "规模以上工业增加值", "固定资产投资", "实际利用外资"):
        assert f"{ind} 增长%" in wide.columns and f"{ind} 注" in wide.columns
    assert wide.attrs["units"]["固定资产投资"] == "亿元" and wide.attrs["units"]["实际利用外资"] == "亿美元"


def test_exact_cells_of_four_parks(corpora_wide):
    _, w = corpora_wide
    assert _cells(w, "桐川经济技术开发区", "固定资产投资") == (41.2, 6.8, "")
    assert _cells(w, "桐川经济技术开发区", "规模以上工业总产值") == (86.4, 11.7, "")
    assert _cells(w, "桐川经济技术开发区", "实际利用外资") == (0.326, None, "")  # 3260万美元 in 亿美元
    assert _cells(w, "江屿高新技术产业开发区", "地区生产总值") == (612.4, 5.1, "")
    assert _cells(w, "江屿高新技术产业开发区", "固定资产投资") == (237.5, 13.4, "")
    assert _cells(w, "江屿高新技术产业开发区", "实际利用外资") == (2.17, 9.9, "")
    assert _cells(w, "东屿综合保税区", "实际利用外资") == (1.32, 11.4, "")
    # the plan's own year is 2020: its 2019 figure is an estimate of another period, and says so
    assert _cells(w, "沙河湾产业集聚区", "固定资产投资") == (
        96.0, 11.3, "2019年; 预计 " + _ref(w, "period") + _ref(w, "estimate"))


def test_flags_are_in_the_cell_and_explained_in_a_footnote(corpora_wide):
    _, w = corpora_wide
    # a growth rate alone: no value, the growth, and why
    assert _cells(w, "桐川经济技术开发区", "规模以上工业增加值") == (None, 9.3, "仅增速 " + _ref(w, "growth_only"))
    # 2.36亿美元 in a column of 亿元: shown as written, never converted silently
    assert _cells(w, "桐川经济技术开发区", "进出口总额") == (None, 18.4, "2.36亿美元 " + _ref(w, "unit"))
    # a figure of 1-11月 in a row of 2020年
    assert _cells(w, "沙河湾产业集聚区", "协议引资") == (127.0, None, "1-11月 " + _ref(w, "period"))
    # a target where no actual is stated
    assert _cells(w, "沙河湾产业集聚区", "技术改造投资") == (40.0, 15.0, "目标 " + _ref(w, "target"))
    # masked figures of a 1-5月 briefing
    # masked figures of a 1-5月 briefing (its row is 2023年1-5月 too: no period flag)
    assert _cells(w, "柳塘工业园区", "税收收入") == (None, 12.7, "隐去 " + _ref(w, "masked"))
    notes = {n["flag"]: n["text"] for n in w.attrs["footnotes"]}
    assert notes["period"].startswith("The figure covers another period than the row")
    assert notes["unit"].startswith("The unit does not convert")
    assert [n["n"] for n in w.attrs["footnotes"]] == list(range(1, len(w.attrs["footnotes"]) + 1))


def test_the_long_frame_has_one_row_per_figure_with_its_evidence(corpora_wide):
    df, _ = corpora_wide
    assert list(df.columns[:4]) == ["park", "park_key", "row_period", "row_year"]
    fai = df[(df["park"] == "桐川经济技术开发区") & (df["indicator"] == "固定资产投资")]
    first = fai.iloc[0]
    assert (first["value"], first["unit"], first["base_value"], first["growth_pct"], first["modality"]) == (
        41.2, "亿元", 4120000000.0, 6.8, "actual")
    text = TONGCHUAN.read_text(encoding="utf-8")
    assert text[first["start"]:first["end"]] == first["evidence"] and "41.2亿元" in first["evidence"]
    assert set(df["indicator"]) <= set(reportmine.comparison.headline_indicators())


# -- parks known again across reports ---------------------------------------------------

@pytest.mark.parametrize(("name", "key"), [
    ("青溪经济技术开发区", "青溪|开发区"), ("青溪经开区", "青溪|开发区"), ("江苏青溪经济开发区", "青溪|开发区"),
    ("浙江省湖州市吴兴高新区", "吴兴|高新区"), ("洛南县工业园区", "洛南|工业园区"), ("泾县经济开发区", "泾县|开发区"),
    ("XX经济开发区", None), ("**工业城", None), ("开发区", None), (None, None),
])
def test_park_key(name, key):
    assert park_key(name) == key


TEXT_2023 = "青溪经济技术开发区2023年工作总结\n一、主要指标\n全年完成固定资产投资52亿元,同比增长8%。\n"
TEXT_2024H1 = "青溪经济开发区2024年上半年工作总结\n一、主要指标\n上半年,完成固定资产投资30.5亿元,同比增长9.1%。\n"
TEXT_2023_NEWS = "江苏青溪经济开发区2023年经济运行情况\n全年实现规上工业增加值21.3亿元,同比增长7.2%。\n"


def test_one_park_across_its_reports_one_row_per_period():
    reps = [_report(TEXT_2023, "a.txt"), _report(TEXT_2024H1, "b.txt"), _report(TEXT_2023_NEWS, "c.txt")]
    wide = reportmine.compare(reps).wide()
    assert list(zip(wide["park"], wide["period"], wide["reports"])) == [
        ("青溪经济技术开发区", "2023年", "a.txt; c.txt"), ("青溪经济技术开发区", "2024年上半年", "b.txt")]
    assert _cells(wide[wide["period"] == "2023年"], "青溪经济技术开发区", "规模以上工业增加值") == (21.3, 7.2, "")
    by_report = reportmine.compare(reps).wide(by="report")
    assert list(zip(by_report["period"], by_report["reports"])) == [
        ("2023年", "a.txt"), ("2023年", "c.txt"), ("2024年上半年", "b.txt")]


def test_masked_park_names_stay_apart():
    a = _report("XX经济开发区2023年工作总结\n全年完成固定资产投资12亿元。\n", "r1.txt")
    b = _report("XX经济开发区2023年工作总结\n全年完成固定资产投资30亿元。\n", "r2.txt")
    wide = reportmine.compare([a, b]).wide()
    assert list(wide["park"]) == ["XX经济开发区 (r1)", "XX经济开发区 (r2)"]


# -- comparability is never silent ------------------------------------------------------

H1 = "白沙工业园区2023年上半年工作总结\n一、主要工作\n"


def _one(text: str, indicator: str):
    wide = reportmine.compare([_report(text, "x.txt")]).wide()
    return _cells(wide, wide["park"][0], indicator), wide


def test_a_figure_of_another_period_is_flagged():
    (cell, w) = _one(H1 + "1-4月,园区实现规上工业增加值4.2亿元,同比增长6.5%。\n", "规模以上工业增加值")
    assert cell == (4.2, 6.5, "2023年1-4月 " + _ref(w, "period"))


def test_an_actual_wins_over_an_estimate_and_an_estimate_alone_is_flagged():
    text = H1 + "上半年,预计完成固定资产投资12亿元;园区实现固定资产投资11.6亿元,同比增长3%。\n"
    assert _one(text, "固定资产投资")[0] == (11.6, 3.0, "")
    cell, w = _one(H1 + "上半年,预计完成固定资产投资12亿元。\n", "固定资产投资")
    assert cell == (12.0, None, "预计 " + _ref(w, "estimate"))


def test_a_masked_figure_has_no_value_and_says_so():
    cell, w = _one(H1 + "上半年,园区实现固定资产投资xx亿元,同比增长x%。\n", "固定资产投资")
    assert cell == (None, None, "隐去; 增速隐去 " + _ref(w, "masked") + _ref(w, "growth_masked"))


def test_two_mentions_of_one_indicator_resolve_by_the_rule():
    text = (H1 + "上半年,园区完成固定资产投资15亿元,其中工业固定资产投资9亿元。\n"
            "二、重点工作\n投资方面,园区固定资产投资15亿元,同比增长12%。\n"
            "三、下半年计划\n力争全年固定资产投资32亿元。\n")
    cell, w = _one(text, "固定资产投资")
    # the headline (15亿元) and its repetition in the body agree; the growth comes from the
    # second statement; the plan's 32亿元 is a target and does not compete with actuals
    assert cell == (15.0, 12.0, "增速另见 " + _ref(w, "growth_from"))
    assert _cells(w, w["park"][0], "工业投资")[0] == 9.0


def test_a_total_and_its_part_keep_the_total():
    text = H1 + "上半年,园区实现税收收入3.2亿元,同比增长5%;税收收入中,园区本级1.1亿元。\n"
    df = reportmine.compare([_report(text, "x.txt")])
    cell = _cells(df.wide(), df["park"][0], "税收收入")
    assert cell[:2] == (3.2, 5.0)


# -- options ------------------------------------------------------------------------------

def _park(name: str, fai: str) -> str:
    return f"{name}2023年工作总结\n一、主要指标\n全年{fai}。\n"


@pytest.fixture()
def ranked():
    reps = [_report(_park("青溪经济开发区", "完成固定资产投资10亿元,同比增长5%"), "a.txt"),
            _report(_park("白沙工业园区", "完成固定资产投资10亿元,同比增长8%"), "b.txt"),
            _report(_park("云溪高新区", "完成固定资产投资5亿元"), "c.txt"),
            _report(_park("北坪工业园区", "实现规上工业增加值3亿元"), "d.txt")]
    return reportmine.compare(reps)


def test_rank_sorts_numbers_ties_and_puts_missing_last(ranked):
    w = ranked.wide(rank="固定资产投资")
    assert list(zip(w["排名"].astype(object).where(w["排名"].notna(), None), w["park"])) == [
        (1, "白沙工业园区"), (1, "青溪经济开发区"), (3, "云溪高新区"), (None, "北坪工业园区")]


def test_indicator_period_and_modality_filters():
    reps = [_report(TEXT_2023, "a.txt"), _report(TEXT_2024H1, "b.txt")]
    df = reportmine.compare(reps, indicators=["固定资产投资"], period="2024年上半年")
    assert list(df["value"]) == [30.5] and set(df["indicator"]) == {"固定资产投资"}
    assert len(reportmine.compare(reps, period="2023")) == 1
    assert reportmine.compare(reps, modality="target").empty
    with pytest.raises(reportmine.ReportmineError, match=r"E206.*'GDP总量' is not a headline indicator"):
        reportmine.compare(reps, indicators=["GDP总量"])


# -- inputs ---------------------------------------------------------------------------------

def test_inputs_extract_json_jsonl_folders_and_a_batch_store(tmp_path):
    a, b = _report(TEXT_2023, "a.txt"), _report(TEXT_2024H1, "b.txt")
    (tmp_path / "one.json").write_text(a.to_json() + "\n" + b.to_json(), encoding="utf-8")  # extract a b --format json
    (tmp_path / "many.jsonl").write_text(a.to_json(indent=None, separators=(",", ":")) + "\n", encoding="utf-8")
    from_objects = reportmine.compare([a, b])
    from_json = reportmine.compare([tmp_path / "one.json"])
    cols = ["park", "row_period", "indicator", "value", "growth_pct", "start", "end"]
    pd.testing.assert_frame_equal(pd.DataFrame(from_objects[cols]), pd.DataFrame(from_json[cols]))
    assert from_json["evidence"].isna().all()  # no text in a JSON output: spans only
    assert list(reportmine.compare([tmp_path / "many.jsonl"])["value"]) == [52.0]
    store = tmp_path / "out"
    store.mkdir()
    lines = [r.to_json(indent=None, separators=(",", ":")) for r in (a, b)]  # what batch writes
    (store / "reports.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (store / "reportmine.duckdb").write_bytes(b"not read")
    assert len(reportmine.compare([store]).wide()) == 2


def test_a_folder_of_reports_skips_gold_files():
    df = reportmine.compare(REPORTS)  # one folder needs no list
    pd.testing.assert_frame_equal(df, reportmine.compare([str(REPORTS)]))
    assert df.attrs["errors"] == [] and df["report"].str.endswith(".txt").all()
    assert len(df.wide()) >= 10


# -- formats ---------------------------------------------------------------------------------

def test_markdown_html_json_and_xlsx(corpora_wide, tmp_path):
    df, _ = corpora_wide
    t = build(df, indicators=["固定资产投资", "协议引资"])
    md = render_markdown(t)
    assert md.splitlines()[0] == "| 园区 | 期间 | 固定资产投资 (亿元) | 增长% | 注 | 协议引资 (亿元) | 增长% | 注 |"
    assert "| 江屿高新技术产业开发区 | 2022年 | 237.5 | +13.4% |  |" in md
    assert "[1] **period**: The figure covers another period" in md
    html = write(t, "html")
    assert "<table>" in html and "td class='flagged'" in html and "<ol><li value='1'>" in html
    data = json.loads(write(t, "json"))
    assert data["schema"] == "reportmine.compare/1" and data["indicators"][0] == {"name": "固定资产投资", "unit": "亿元"}
    row = next(r for r in data["rows"] if r["park"] == "江屿高新技术产业开发区")
    cell = row["cells"]["固定资产投资"]
    assert (cell["value"], cell["growth_pct"], cell["figure"]["mention"], cell["figure"]["report"]) == (
        237.5, 13.4, "固定资产投资", str(JIANGYU))
    out = tmp_path / "c.xlsx"
    write(t, "xlsx", out, long=df)
    import openpyxl

    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["comparison", "footnotes", "figures"]
    ws = wb["comparison"]
    head = [c.value for c in ws[1]]
    assert head[:4] == ["park", "period", "reports", "固定资产投资 (亿元)"]
    rows = {r[0]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    assert rows["江屿高新技术产业开发区"][3] == 237.5 and rows["江屿高新技术产业开发区"][4] == 13.4


# -- the chart ---------------------------------------------------------------------------

def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_the_chart_draws_chinese_with_the_installed_cjk_font(tmp_path):
    from matplotlib import font_manager

    from reportmine.chart import FONT_FAMILY, font_path

    reps = [_report(_park(f"{n}经济开发区", f"完成固定资产投资{v}亿元,同比增长{g}%"), f"{n}.txt")
            for n, v, g in (("青溪", 52, 8), ("白沙", 31.5, -2.5), ("云溪", 12, 14))]
    df = reportmine.compare(reps)
    out = tmp_path / "fai.png"
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph ... missing from font(s)" would be a tofu box
        df.chart(out, "固定资产投资")
    w, h = _png_size(out)
    assert w == 1100 and h > 250
    assert "site-packages" in font_path() or "noto_cjk_sans_otc" in font_path()
    found = font_manager.findfont(font_manager.FontProperties(family=FONT_FAMILY), fallback_to_default=False)
    assert Path(found).name == "NotoSansCJK-Regular.ttc"
    svg = tmp_path / "fai.svg"
    df.chart(svg, "固定资产投资")
    assert svg.read_text(encoding="utf-8").lstrip().startswith("<?xml") and "<path" in svg.read_text(encoding="utf-8")
    page = tmp_path / "fai.html"
    df.chart(page, "固定资产投资")
    assert page.read_text(encoding="utf-8").startswith("<!doctype html>") and "<svg" in page.read_text(encoding="utf-8")


def test_the_chart_grows_with_the_parks(tmp_path):
    names = "青溪 白沙 云溪 北坪 金沙 桂岭 龙门 清江 翠屏 梅岭 石门 江口 临川 望江 凤凰 海宁 安平 南湖 东湖 西湖".split()
    reps = [_report(_park(f"{names[i % 20]}{kind}", f"完成固定资产投资{i + 1}.5亿元,同比增长{i % 9}%"), f"p{i}.txt")
            for i, kind in enumerate(["经济开发区"] * 20 + ["高新区"] * 20 + ["工业园区"] * 20)]
    df = reportmine.compare(reps)
    assert len(df.wide()) == 60
    out = tmp_path / "sixty.png"
    df.chart(out, "固定资产投资")
    w, h = _png_size(out)
    assert h >= 0.3 * 60 * 110  # 0.3 inch a bar at 110 dpi: labels never overlap


def test_the_chart_says_why_it_cannot_be_drawn(tmp_path):
    df = reportmine.compare([_report(_park("青溪经济开发区", "完成固定资产投资10亿元"), "a.txt")])
    with pytest.raises(reportmine.ReportmineError, match=r"E208.*\.png, \.svg or \.html"):
        df.chart(tmp_path / "x.pdf", "固定资产投资")
    with pytest.raises(reportmine.ReportmineError, match=r"E208.*no figure of 实际利用外资"):
        reportmine.comparison.chart(build(df, indicators=["实际利用外资"]), tmp_path / "x.png", "实际利用外资")


# -- the command -------------------------------------------------------------------------

def test_compare_command_csv_and_chart(tmp_path):
    out, png = tmp_path / "c.csv", tmp_path / "c.png"
    res = run("compare", str(TONGCHUAN), str(JIANGYU), str(DONGYU), "--format", "csv", "-o", str(out),
              "--chart", str(png), "--rank", "实际利用外资")
    assert res.returncode == 0, res.err
    df = pd.read_csv(out, encoding="utf-8-sig", comment="#")
    assert list(zip(df["排名"], df["park"], df["实际利用外资 (亿美元)"])) == [
        (1, "江屿高新技术产业开发区", 2.17), (2, "东屿综合保税区", 1.32), (3, "桐川经济技术开发区", 0.326)]
    assert "chart of 实际利用外资 written to" in res.err
    tail = out.read_text(encoding="utf-8-sig").splitlines()
    notes = [line for line in tail if line.startswith("# [")]
    assert notes and notes[0].startswith("# [1] ") and all("," not in line for line in notes)
    assert _png_size(png)[0] == 1100


def test_compare_command_table_and_markdown_to_stdout():
    res = run("compare", str(JIANGYU), "-i", "固定资产投资", "-i", "实际利用外资")
    assert res.returncode == 0, res.err
    lines = res.out.splitlines()
    assert lines[0].split() == ["park", "period", "固定资产投资", "(亿元)", "实际利用外资", "(亿美元)"]
    assert lines[2].split() == ["江屿高新技术产业开发区", "2022年", "237.5", "(+13.4%)", "2.17", "(+9.9%)"]
    md = run("compare", str(JIANGYU), "-i", "固定资产投资", "--format", "markdown")
    assert md.out.splitlines()[2] == "| 江屿高新技术产业开发区 | 2022年 | 237.5 | +13.4% |  |"


def test_compare_command_reads_extract_output(tmp_path):
    js = tmp_path / "two.json"
    res = run("extract", str(TONGCHUAN), str(DONGYU), "--format", "json", "-o", str(js))
    assert res.returncode == 0, res.err
    res = run("compare", str(js), "-i", "实际利用外资", "--format", "json")
    assert res.returncode == 0, res.err
    rows = json.loads(res.out)["rows"]
    assert [(r["park"], r["cells"]["实际利用外资"]["value"]) for r in rows] == [
        ("东屿综合保税区", 1.32), ("桐川经济技术开发区", 0.326)]


def test_compare_command_errors(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02binary\x00" * 50)
    out = tmp_path / "c.csv"
    res = run("compare", str(bad), str(JIANGYU), "--format", "csv", "-o", str(out))
    assert res.returncode == 1
    assert str(bad) in res.err and "1 of 2 inputs failed" in res.err
    assert "江屿高新技术产业开发区" in out.read_text(encoding="utf-8-sig")  # the rest is written
    res = run("compare", str(JIANGYU), "-i", "GDP总量")
    assert res.returncode == 2 and "[E206] 'GDP总量' is not a headline indicator" in res.err
    res = run("compare", str(JIANGYU), "--format", "xlsx")
    assert res.returncode == 2 and "[E207] --format xlsx writes a binary file: give -o PATH" in res.err
    notjson = tmp_path / "gold.json"
    notjson.write_text('{"id": "x", "documents": []}', encoding="utf-8")
    res = run("compare", str(notjson))
    assert res.returncode == 2 and "[E204]" in res.err and "not an extract output" in res.err
    empty = tmp_path / "empty"
    empty.mkdir()
    res = run("compare", str(empty))
    assert res.returncode == 2 and "[E205]" in res.err


def test_extract_start_up_loads_neither_pandas_nor_matplotlib():
    code = ("import sys, reportmine.cli, reportmine; reportmine.extract('园区实现规上工业增加值6.8亿元。'); "
            "print(','.join(m for m in ('pandas', 'matplotlib', 'openpyxl') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == ""
