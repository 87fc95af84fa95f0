"""The evidence page: every highlight's text is its fact's evidence, in a parser and in a
real browser; the page needs nothing from outside; the CLI writes it."""
from __future__ import annotations

import html.parser
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

import reportmine
from reportmine.cli import app
from reportmine.view import page_html, view_fragment, view_prefix

ROOT = Path(__file__).resolve().parents[1]
CORPORA = sorted((ROOT / "corpora").glob("*/*.txt"))


@pytest.fixture(scope="module")
def sample_report(sample_path):
    return reportmine.read(sample_path)


def expected_groups(report) -> dict[str, str]:
    """Highlight id -> the text it must show: the evidence of its fact."""
    p = view_prefix(report)
    ev = report.evidence
    out: dict[str, str] = {}
    for d in report.documents:
        for i, m in enumerate(d.metrics):
            out[f"{p}-m-{d.index}-{i}"] = ev(m.span)
        for i, pr in enumerate(d.projects):
            for k, sp in enumerate(pr.spans or (pr.span,)):
                out[f"{p}-p-{d.index}-{i}" + (f"-{k}" if k else "")] = ev(sp)
        for i, pb in enumerate(d.problems):
            out[f"{p}-q-{d.index}-{i}"] = ev(pb.span)
        if d.park is not None:
            out[f"{p}-park-{d.index}"] = ev(d.park.span)
    return {k: v for k, v in out.items() if v}


class _Reader(html.parser.HTMLParser):
    """The text of the page's <pre>, and the joined text of each data-a group."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str | None] = []
        self.in_pre = 0
        self.text: list[str] = []
        self.groups: dict[str, str] = {}
        self.ids: list[str] = []
        self.titles: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.append(a["id"])
        if tag == "pre":
            self.in_pre += 1
        if tag == "mark":
            self.stack.append(a.get("data-a"))
            if a.get("data-a") and a.get("title"):
                self.titles.setdefault(a["data-a"], a["title"])

    def handle_endtag(self, tag):
        if tag == "pre":
            self.in_pre -= 1
        if tag == "mark":
            self.stack.pop()

    def handle_data(self, data):
        if self.in_pre:
            self.text.append(data)
            for g in self.stack:
                if g:
                    self.groups[g] = self.groups.get(g, "") + data


def _parse(page: str) -> _Reader:
    r = _Reader()
    r.feed(page)
    r.close()
    return r


@pytest.mark.parametrize("path", CORPORA, ids=lambda p: p.stem)
def test_every_highlight_is_its_evidence(path):
    report = reportmine.read(path)
    page = page_html(report)
    r = _parse(page)
    assert "".join(r.text) == report.text  # the whole text, not a character more or less
    want = expected_groups(report)
    got = {k: v for k, v in r.groups.items() if k in want}
    assert got == want
    assert len(r.ids) == len(set(r.ids)), "ids are unique"
    # the section headings: each outline link has its target
    targets = set(r.ids)
    links = [h for h in _hrefs(page) if h.startswith("#")]
    facts = sum(len(d.sections) + len(d.metrics) for d in report.documents)
    assert bool(links) == bool(facts)  # an outline and a list of figures when there are any
    assert all(h[1:] in targets for h in links)


def _hrefs(page: str) -> list[str]:
    out: list[str] = []

    class P(html.parser.HTMLParser):
        def handle_starttag(self, tag, attrs):
            for k, v in attrs:
                if k in ("href", "src", "action", "srcset", "poster", "data"):
                    out.append(v or "")

    P().feed(page)
    return out


def test_page_needs_nothing_from_outside(sample_report):
    page = page_html(sample_report)
    assert page.startswith("<!doctype html>") and '<meta charset="utf-8">' in page
    assert all(h.startswith("#") for h in _hrefs(page)), "no link, image or script leaves the page"
    for outside in ("<script", "<link", "@import", "url(", "http://", "https://", "<iframe", "<img"):
        assert outside not in page


def test_hover_shows_the_fields(sample_report):
    r = _parse(page_html(sample_report))
    d = sample_report.documents[0]
    m = next(m for m in d.metrics if m.growth_pct is not None)
    i = d.metrics.index(m)
    tip = r.titles[f"{view_prefix(sample_report)}-m-0-{i}"]
    assert f"{m.indicator}: {m.value:g} {m.unit}" in tip and f"growth {m.growth_pct:+g}%" in tip
    assert f"period: {m.period.label}" in tip and f"modality: {m.modality}" in tip and f"mention: {m.mention}" in tip


def test_masked_figures_are_marked_and_toggled():
    text = "开发区2023年工作总结\n一、主要指标\n完成固定资产投资xx.x亿元,同比增长x.x%;实现规上工业增加值6.8亿元。"
    report = reportmine.extract(text)
    masked = [m for m in report.documents[0].metrics if m.masked]
    assert masked and masked[0].value is None
    page = page_html(report)
    p = view_prefix(report)
    assert f'class="rm-m rm-masked" data-a="{p}-m-0-0"' in page
    assert f'id="{p}-T-masked"' in page and f'for="{p}-T-masked"' in page
    assert f"#{p}-T-masked:checked~.rm-body mark.rm-m:not(.rm-masked)" in page
    assert 'class="rm-row-m rm-masked"' in page  # its row in the facts table too


def test_crossing_spans_nest_as_pieces():
    from reportmine.view import _Ann, _marked_text

    text = "abcdefghij"
    out = _marked_text(text, [_Ann(1, 6, "x", "A", "a", 0), _Ann(4, 9, "y", "B", "b", 1)])
    r = _parse(f"<pre>{out}</pre>")
    assert "".join(r.text) == text and r.groups == {"A": "bcdef", "B": "efghi"}
    assert out.count('id="B"') == 1 and out.count('data-a="B"') == 2


def test_control_characters_keep_the_offsets():
    report = reportmine.extract("开发区\x01实现规上工业增加值6.8亿元,同比增长19.2%。")
    r = _parse(page_html(report))
    assert "".join(r.text) == report.text.replace("\x01", "\ufffd")
    assert r.groups[f"{view_prefix(report)}-m-0-0"] == report.evidence(report.documents[0].metrics[0].span)


def test_repr_html_is_the_same_view(sample_report):
    frag = sample_report._repr_html_()
    assert frag == view_fragment(sample_report, max_chars=2_000_000)
    assert frag.startswith('<div class="rm-view"') and "<html" not in frag
    assert frag in page_html(sample_report)
    assert "青溪经济技术开发区" in frag and "规模以上工业总产值" in frag


def test_repr_html_of_a_huge_report_says_how_to_see_it():
    report = reportmine.extract("开发区实现规上工业增加值6.8亿元。\n" * 200)
    frag = view_fragment(report, max_chars=100)
    assert "reportmine view FILE -o page.html" in frag and "<pre" not in frag
    assert "规模以上工业增加值" in frag  # the facts table is still there


def test_page_is_deterministic(sample_path):
    assert page_html(reportmine.read(sample_path)) == page_html(reportmine.read(sample_path))


# --- the command ----------------------------------------------------------------------------


def test_view_writes_the_page(tmp_path, sample_path):
    out = tmp_path / "page.html"
    res = CliRunner().invoke(app, ["view", str(sample_path), "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert out.read_text(encoding="utf-8") == page_html(reportmine.read(sample_path))


def test_view_of_a_bad_file_is_one_line_exit_2_and_no_page(tmp_path):
    bad = tmp_path / "pic.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    out = tmp_path / "page.html"
    res = CliRunner().invoke(app, ["view", str(bad), "-o", str(out)])
    assert res.exit_code == 2
    assert res.output.strip().splitlines() == [f"reportmine: [E003] {bad}: not a text document (looks like a PNG image)"]
    assert not out.exists()


@pytest.mark.parametrize("command", ["view", "extract"])
def test_output_to_an_unwritable_path_is_e204_exit_2(tmp_path, sample_path, command):
    target = tmp_path / "no-such-dir" / "out.html"
    res = CliRunner().invoke(app, [command, str(sample_path), "-o", str(target)])
    assert res.exit_code == 2
    assert res.output.strip().splitlines() == [
        f"reportmine: [E210] {target}: cannot write the output (No such file or directory)"]
    assert "Traceback" not in res.output


# --- in a real browser ------------------------------------------------------------------------

CHECK = """<script>
const groups = {};
for (const el of document.querySelectorAll('mark[data-a]')) {
  groups[el.dataset.a] = (groups[el.dataset.a] || '') + el.textContent;
}
const texts = [...document.querySelectorAll('pre.rm-text')].map(p => p.textContent);
const out = document.createElement('pre');
out.id = 'rm-check';
out.textContent = JSON.stringify({groups, texts});
document.body.appendChild(out);
</script>"""


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        exe = shutil.which(name)
        if exe:
            return exe
    pytest.skip("Chromium is not installed (apt-get install chromium)")


def run_chromium(exe: str, page: Path, tmp_path: Path, *extra: str) -> str:
    # the flags this sandbox needs (root, no network): see the README's "Trust" section
    args = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            f"--user-data-dir={tmp_path / 'profile'}", *extra, page.as_uri()]
    res = subprocess.run(args, capture_output=True, text=True, timeout=120,
                         env={**os.environ, "HOME": str(tmp_path)})
    assert res.returncode == 0, res.stderr[-2000:]
    return res.stdout


def test_in_chromium_each_highlight_shows_its_evidence(tmp_path, root):
    """Every dev text (when the shared corpus is there) and three corpora texts (a web
    page of three reports, traditional script, the demo), one view each, rendered together
    in one headless Chromium: the browser's own DOM holds each fact's evidence under its
    highlight, and the whole text in each view. (The parser test above covers every
    corpora text.)"""
    exe = chromium()
    corpora = [root / "corpora" / p for p in ("demo/sample_report.txt", "reports/r05_web_three_reports.txt",
                                              "reports/r04_trad_meiling_2018.txt")]
    files = corpora + sorted((root.parent / "shared" / "corpus" / "dev").glob("*.txt"))
    reports = [reportmine.read(f) for f in files]
    body = "".join(view_fragment(r) for r in reports)
    page = tmp_path / "all.html"
    page.write_text(f"<!doctype html><html><head><meta charset='utf-8'></head><body>{body}{CHECK}</body></html>",
                    encoding="utf-8")
    dom = run_chromium(exe, page, tmp_path, "--dump-dom")
    start = dom.index('<pre id="rm-check">') + len('<pre id="rm-check">')
    import html as html_mod

    data = json.loads(html_mod.unescape(dom[start:dom.index("</pre>", start)]))
    assert data["texts"] == [r.text for r in reports]
    for r in reports:
        want = expected_groups(r)
        assert {k: data["groups"].get(k) for k in want} == want, r.source.path


def test_in_chromium_the_page_renders(tmp_path, sample_report):
    exe = chromium()
    page = tmp_path / "page.html"
    page.write_text(page_html(sample_report), encoding="utf-8")
    shot = tmp_path / "shot.png"
    run_chromium(exe, page, tmp_path, "--hide-scrollbars", "--window-size=1280,900", f"--screenshot={shot}")
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000  # a page, not a blank
