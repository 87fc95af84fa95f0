"""The command line, run as users run it (a subprocess): outputs, options, errors and
exit codes (2: a file could not be read; 1: some files of a batch failed)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpora" / "demo" / "sample_report.txt"
REPORTS = ROOT / "corpora" / "reports"
CLI = [sys.executable, "-m", "reportmine.cli"]

OTHER = ("白沙工业园区2023年上半年工作总结\n一、主要工作\n"
         "上半年,白沙工业园区实现规上工业增加值5.1亿元,同比下降2%;固定资产投资2.26亿元。\n")


def run(*args: str, input: bytes | None = None, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    res = subprocess.run(CLI + list(args), input=input, capture_output=True, cwd=cwd, timeout=120)
    res.out = res.stdout.decode("utf-8")  # type: ignore[attr-defined]
    res.err = res.stderr.decode("utf-8")  # type: ignore[attr-defined]
    return res


@pytest.fixture()
def other_file(tmp_path) -> Path:
    p = tmp_path / "baisha.txt"
    p.write_text(OTHER, encoding="utf-8")
    return p


def _first_metric(doc: dict) -> tuple:
    m = doc["metrics"][0]
    return (m["indicator"], m["value"], m["unit"], m["growth_pct"])


def test_extract_json(validate):
    res = run("extract", str(SAMPLE), "--format", "json")
    assert res.returncode == 0, res.err
    data = json.loads(res.out)
    validate(data)
    assert data["source"]["path"] == str(SAMPLE)
    assert data["source"]["encoding"] == "utf-8"
    assert data["source"]["chars"] == len(SAMPLE.read_text(encoding="utf-8"))
    [doc] = data["documents"]
    assert doc["park"]["name"] == "青溪经济技术开发区"
    assert _first_metric(doc) == ("规模以上工业总产值", 86.4, "亿元", 12.3)


def test_extract_json_is_the_default_format(validate):
    res = run("extract", str(SAMPLE))
    assert res.returncode == 0, res.err
    assert json.loads(res.out) == json.loads(run("extract", str(SAMPLE), "--format", "json").out)


def test_extract_jsonl_two_files(other_file, validate):
    res = run("extract", str(SAMPLE), str(other_file), "--format", "jsonl")
    assert res.returncode == 0, res.err
    lines = res.out.splitlines()
    assert len(lines) == 2
    docs = [json.loads(line) for line in lines]
    for d in docs:
        validate(d)
    assert [d["source"]["path"] for d in docs] == [str(SAMPLE), str(other_file)]
    assert [d["documents"][0]["park"]["name"] for d in docs] == ["青溪经济技术开发区", "白沙工业园区"]
    assert _first_metric(docs[1]["documents"][0]) == ("规模以上工业增加值", 5.1, "亿元", -2.0)


def test_extract_table():
    res = run("extract", str(SAMPLE), "--format", "table")
    assert res.returncode == 0, res.err
    assert "park: 青溪经济技术开发区 (经济技术开发区)" in res.out
    assert "period: 2024年上半年" in res.out and "type: summary+plan" in res.out
    line = next(ln for ln in res.out.splitlines() if "规模以上工业总产值" in ln)
    assert "86.4" in line and "亿元" in line and "+12.3%" in line and "[1-5月]" in line


def test_extract_to_output_file(tmp_path, validate):
    out = tmp_path / "out.json"
    res = run("extract", str(SAMPLE), "-o", str(out))
    assert res.returncode == 0, res.err
    assert res.out == ""
    data = json.loads(out.read_text(encoding="utf-8"))
    validate(data)
    assert _first_metric(data["documents"][0]) == ("规模以上工业总产值", 86.4, "亿元", 12.3)


def test_extract_from_stdin(validate):
    res = run("extract", "-", input=SAMPLE.read_bytes())
    assert res.returncode == 0, res.err
    data = json.loads(res.out)
    validate(data)
    assert data["source"]["path"] is None
    assert data["source"]["encoding"] == "utf-8"
    assert data["documents"][0]["park"]["name"] == "青溪经济技术开发区"
    with_path = json.loads(run("extract", str(SAMPLE)).out)
    assert data["documents"] == with_path["documents"]


def test_version():
    from reportmine import __version__

    res = run("--version")
    assert res.returncode == 0
    assert res.out.strip() == f"reportmine {__version__}"


def test_help_lists_commands_and_extract_help_shows_examples():
    top = run("--help")
    assert top.returncode == 0
    for cmd in ("extract", "schema", "eval", "train", "compare"):
        assert cmd in top.out
    res = run("extract", "--help")
    assert res.returncode == 0
    assert "Examples:" in res.out
    assert "reportmine extract report.txt" in res.out and "--format jsonl" in res.out and "extract -" in res.out
    for cmd in ("schema", "eval", "train", "compare"):
        h = run(cmd, "--help")
        assert h.returncode == 0 and "Usage: reportmine " + cmd in h.out


def test_schema_command_prints_the_json_schema():
    import jsonschema

    from reportmine.model import load_schema

    res = run("schema")
    assert res.returncode == 0, res.err
    schema = json.loads(res.out)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema == load_schema()
    assert "documents" in json.dumps(schema)


def _one_error_line(err: str) -> str:
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1, f"expected one line on stderr, got:\n{err}"
    assert "Traceback" not in err
    return lines[0]


def test_missing_file_exit_2_one_line(tmp_path):
    missing = tmp_path / "nope.txt"
    res = run("extract", str(missing))
    assert res.returncode == 2
    line = _one_error_line(res.err)
    assert str(missing) in line and "E001" in line
    assert res.out == ""


def test_binary_file_named_txt_exit_2(tmp_path):
    png = tmp_path / "picture.txt"
    png.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    res = run("extract", str(png))
    assert res.returncode == 2
    line = _one_error_line(res.err)
    assert str(png) in line
    assert res.out == ""


def test_batch_with_a_bad_file_keeps_the_good_output(tmp_path, other_file, validate):
    out = tmp_path / "out.jsonl"
    missing = tmp_path / "missing.txt"
    res = run("extract", str(missing), str(other_file), "--format", "jsonl", "-o", str(out))
    assert res.returncode == 1
    assert "Traceback" not in res.err
    assert str(missing) in res.err and "1 of 2 files failed" in res.err
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1
    data = json.loads(lines[0])
    validate(data)
    assert data["source"]["path"] == str(other_file)
    assert data["documents"][0]["park"]["name"] == "白沙工业园区"


def test_eval_on_own_corpora_prints_the_scores():
    res = run("eval", str(REPORTS))
    assert res.returncode == 0, res.err
    scores = dict(ln.split(None, 1) for ln in res.out.splitlines() if ln.strip())
    assert 0.0 <= float(scores["metric_fact_f1"]) <= 1.0
    as_json = run("eval", str(REPORTS), "--json")
    s = json.loads(as_json.out)
    assert s["files"] == len(list(REPORTS.glob("*.gold.json")))
    assert str(s["metric_fact_f1"]) == scores["metric_fact_f1"].strip()


def test_eval_on_a_folder_without_gold_exit_2(tmp_path):
    res = run("eval", str(tmp_path))
    assert res.returncode == 2
    line = _one_error_line(res.err)
    assert "E201" in line and str(tmp_path) in line


def test_show_text_prints_the_text_spans_index():
    res = run("extract", "--show-text", str(SAMPLE))
    assert res.returncode == 0, res.err
    text = SAMPLE.read_text(encoding="utf-8")
    assert res.out == (text if text.endswith("\n") else text + "\n")
    data = json.loads(run("extract", str(SAMPLE)).out)
    m = data["documents"][0]["metrics"][0]
    assert res.out[m["span"][0]:m["span"][1]].startswith("规上工业总产值86.4亿元")


def test_show_text_of_a_gb18030_file_is_decoded(tmp_path):
    p = tmp_path / "gbk.txt"
    p.write_bytes(OTHER.encode("gb18030"))
    res = run("extract", "--show-text", str(p))
    assert res.returncode == 0, res.err
    assert res.out == OTHER


