"""The bad-file corpus (tests/badfiles.py): each file gets one clear line naming it and the
reason, exit code 2 from ``extract`` alone; in a batch each is one line on stderr and the
rest of the batch is written, in order; a repairable file is read."""
from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from badfiles import CONTENT_TYPES, CORPUS, RELS, REPORT, SAMPLE, build, zip_bomb_docx
from typer.testing import CliRunner

import reportmine
from reportmine.cli import app

ROOT = Path(__file__).resolve().parents[1]
BAD = [name for name, (_, code, _) in CORPUS.items() if code]
REPAIRED = [name for name, (_, code, _) in CORPUS.items() if not code]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("bad")
    build(folder)
    return folder


@pytest.mark.parametrize("name", BAD)
def test_bad_file_is_one_line_naming_it_and_the_reason_exit_2(corpus, name):
    code, what = CORPUS[name][1], CORPUS[name][2]
    path = corpus / name
    res = CliRunner().invoke(app, ["extract", str(path)])
    assert res.exit_code == 2, (what, res.output)
    assert res.stdout == ""
    lines = res.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"reportmine: [{code}] {path}: "), (what, lines)
    assert len(lines[0]) < 300


REASONS = {
    "empty.txt": "empty file",
    "random.txt": "not a text document (binary data: 16 NUL bytes)",
    "image.txt": "not a text document (looks like a PNG image)",
    "image.docx": "broken docx file (not a zip archive; looks like a PNG image)",
    "truncated.docx": "broken docx file (a zip archive that does not open, cut short or damaged",
    "corrupt.docx": "broken docx file (a zip archive without word/document.xml)",
    "bomb.docx": f"refused as a zip bomb: its parts unpack to {(1 << 30) + len(CONTENT_TYPES) + len(RELS)} bytes "
                 "(the limit is 134217728 bytes",
    "encrypted.pdf": "the PDF is encrypted: it needs a password to open",
    "scan.pdf": "the PDF has no text layer (a scanned image?); run OCR first",
    "mixed.txt": "mixed encodings: 19 lines read as UTF-8 (the first is line 1) and 19 do not (the first is line 39)",
    "latin1.txt": "not Chinese text: it reads as Latin-1/Windows-1252 (Zürich, Süd, für ...), and as GB18030 only",
}


@pytest.mark.parametrize("name", sorted(REASONS))
def test_the_reason_says_what_is_wrong(corpus, name):
    with pytest.raises(reportmine.ReportmineError) as ei:
        reportmine.read(corpus / name)
    assert str(ei.value).startswith(f"[{CORPUS[name][1]}] {corpus / name}: {REASONS[name]}")


def _facts(r):
    return [(d.title, [(m.indicator, m.value, m.unit, m.growth_pct) for m in d.metrics], [s.title for s in d.sections])
            for d in r.documents]


def test_stray_nuls_are_dropped_and_the_report_is_whole(corpus):
    r = reportmine.read(corpus / "nuls.txt")
    assert r.text == SAMPLE and _facts(r) == _facts(reportmine.extract(SAMPLE))


def test_one_line_report_behind_site_boilerplate_gives_its_document(corpus):
    # before: the whole line was boilerplate, 0 documents, exit 0
    r = reportmine.read(corpus / "oneline.txt")
    [doc] = r.documents
    assert doc.title == "青溪经济技术开发区2024年上半年工作总结及下半年工作计划"
    assert doc.park.name == "青溪经济技术开发区" and doc.period.label == "2024年上半年"
    want = [(m.indicator, m.value, m.unit) for m in reportmine.extract(SAMPLE).documents[0].metrics]
    assert [(m.indicator, m.value, m.unit) for m in doc.metrics] == want


@pytest.mark.parametrize("name", ["longline.txt", "deep.html", "deephead.html"])
def test_long_lines_and_deep_html_are_read(corpus, name):
    r = reportmine.read(corpus / name)
    assert len(r.documents) == 1 and r.documents[0].metrics
    if name == "longline.txt":
        assert len(r.documents[0].metrics) == 4800
    else:  # the report inside the markup, figure for figure
        assert [(m.indicator, m.value) for m in r.documents[0].metrics] == [
            (m.indicator, m.value) for m in reportmine.extract(SAMPLE).documents[0].metrics]


def test_a_batch_of_everything_loses_nothing(corpus, tmp_path):
    """Good and bad files in one call, two worker processes: one line per bad file in
    the order given, every good file's report in out.jsonl in order, exit 1."""
    good = [ROOT / "corpora" / "demo" / "sample_report.txt", ROOT / "corpora" / "reports" / "r01_jingkai_2024h1.txt"]
    files = [good[0]] + [corpus / n for n in BAD] + [corpus / n for n in REPAIRED] + [good[1]]
    out = tmp_path / "out.jsonl"
    res = subprocess.run([sys.executable, "-m", "reportmine.cli", "extract", *map(str, files), "--format", "jsonl",
                          "-o", str(out), "--jobs", "2"], capture_output=True, text=True, timeout=300)
    assert res.returncode == 1, res.stderr
    err = res.stderr.splitlines()
    assert err[-1] == f"reportmine: {len(BAD)} of {len(files)} files failed"
    assert [line.split("] ", 1)[1].split(": ", 1)[0] for line in err[:-1]] == [str(corpus / n) for n in BAD]
    assert [line.split("[", 1)[1].split("]")[0] for line in err[:-1]] == [CORPUS[n][1] for n in BAD]
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [row["source"]["path"] for row in rows] == [str(good[0])] + [str(corpus / n) for n in REPAIRED] + [str(good[1])]
    assert rows[-1]["documents"][0]["metrics"] and REPORT


def test_zip_bomb_is_refused_in_bounded_memory(tmp_path):
    """Under a 1 GiB address-space limit (reading the bomb took 4.9 GB before), the
    refusal still comes, as E011, from a subprocess."""
    path = tmp_path / "bomb.docx"
    path.write_bytes(zip_bomb_docx())
    code = (f"import resource; resource.setrlimit(resource.RLIMIT_AS, ({1 << 30}, {1 << 30})); "
            f"import reportmine\ntry:\n reportmine.read({str(path)!r})\nexcept reportmine.ReportmineError as e:\n print(e.code)")
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1"}
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=env)
    assert res.stdout.strip() == "E011", res.stderr[-2000:]
    assert resource.RLIMIT_AS  # the limit exists on this platform


def test_file_over_the_size_limit_is_refused_before_reading(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(SAMPLE.encode("utf-8") * 10)
    res = CliRunner().invoke(app, ["extract", str(path), "--max-bytes", "1000"])
    assert res.exit_code == 2
    assert res.stderr.strip() == (f"reportmine: [E006] {path}: too large ({path.stat().st_size} bytes; the limit is "
                                  "1000 bytes, see --max-bytes)")
