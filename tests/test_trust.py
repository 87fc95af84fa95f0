"""Trust: model files load only with an explicit list of types; nothing reaches the
network while reading, extracting, viewing or loading models."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from reportmine.errors import RulesError
from reportmine.learn import models as learn_models

ROOT = Path(__file__).resolve().parents[1]


def test_shipped_models_hold_only_the_trusted_types():
    for name in ("section_kind", "problem_category"):
        assert learn_models.skops_types(ROOT / "models" / name / "model.skops") <= set(learn_models.TRUSTED_TYPES)
        assert type(learn_models.load_pipeline(name)).__name__ == "Pipeline"


def _model_dir(tmp_path: Path, obj) -> Path:
    import skops.io as sio

    d = tmp_path / "models" / "section_kind"
    d.mkdir(parents=True)
    sio.dump(obj, d / "model.skops")
    return tmp_path / "models"


@pytest.mark.parametrize("make, named", [
    # a scikit-learn type skops itself would trust, but no model of ours holds
    (lambda: __import__("sklearn.preprocessing", fromlist=["x"]).StandardScaler(), "sklearn.preprocessing._data.StandardScaler"),
    # a function that runs a command: refused before skops reads the file
    (lambda: __import__("sklearn.preprocessing", fromlist=["x"]).FunctionTransformer(os.system), "posix.system"),
])
def test_a_model_file_with_another_type_is_refused_naming_it(tmp_path, monkeypatch, make, named):
    monkeypatch.setenv("REPORTMINE_MODELS", str(_model_dir(tmp_path, make())))
    with pytest.raises(RulesError) as ei:
        learn_models.load_pipeline("section_kind")
    msg = str(ei.value)
    assert ei.value.code == "E103" and "model section_kind" in msg and "model.skops" in msg
    assert f"names types outside the trusted list: {named}" in msg or named in msg.split(": ", 2)[-1]


GUARD = textwrap.dedent('''
    import os, socket, sys

    LOG = os.environ["NET_LOG"]

    def _hook(event, args):
        bad = None
        if event in ("socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyaddr", "socket.sendto"):
            bad = f"{event} {args[:2]!r}"
        elif event == "socket.connect" and args[0].family in (socket.AF_INET, socket.AF_INET6):
            bad = f"{event} {args[1]!r}"
        elif event == "socket.__new__" and args[1] in (socket.AF_INET, socket.AF_INET6):
            bad = f"{event} family {args[1]}"
        if bad:
            with open(LOG, "a") as fh:
                fh.write(bad + "\\n")
            raise OSError("network access during a reportmine test: " + bad)

    sys.addaudithook(_hook)
''')


def test_nothing_reaches_the_network(tmp_path):
    """Every reader, the pipeline, the page, both kinds of model loading and a batch on
    two worker processes run under an audit hook that logs and refuses any internet
    socket or name lookup (local socketpairs, which worker pools use, are allowed)."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(GUARD, encoding="utf-8")
    log = tmp_path / "net.log"
    sys.path.insert(0, str(Path(__file__).parent))
    try:
        from pdfwriter import make_pdf
    finally:
        sys.path.pop(0)
    sample = (ROOT / "corpora" / "demo" / "sample_report.txt").read_text(encoding="utf-8")
    (tmp_path / "r.pdf").write_bytes(make_pdf(sample))
    (tmp_path / "r.html").write_text(f"<html><body><p>{sample.replace(chr(10), '</p><p>')}</p></body></html>",
                                     encoding="utf-8")
    import docx

    d = docx.Document()
    for line in sample.splitlines():
        d.add_paragraph(line)
    d.save(tmp_path / "r.docx")
    script = textwrap.dedent(f'''
        import reportmine
        from reportmine.batch import extract_files
        from reportmine.learn.models import load_pipeline, problem_classifier, section_classifier
        from reportmine.view import page_html
        files = [{str(ROOT / "corpora" / "demo" / "sample_report.txt")!r}, {str(tmp_path / "r.pdf")!r},
                 {str(tmp_path / "r.html")!r}, {str(tmp_path / "r.docx")!r}]
        for f in files:
            r = reportmine.read(f)
            assert r.documents and r.documents[0].metrics, f
            page_html(r)
        assert section_classifier() is not None and problem_classifier() is not None
        load_pipeline("section_kind")
        results = list(extract_files(files * 2, "jsonl", jobs=2))
        assert all(res.output for res in results), [res.error for res in results]
        print("ok")
    ''')
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), str(ROOT / "src")]), "NET_LOG": str(log)}
    res = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=300)
    assert res.returncode == 0 and res.stdout.strip() == "ok", res.stderr[-3000:]
    assert not log.exists(), log.read_text()


def test_the_guard_does_catch_a_lookup(tmp_path):
    """The test above cannot pass by a guard that sees nothing."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(GUARD, encoding="utf-8")
    log = tmp_path / "net.log"
    env = {**os.environ, "PYTHONPATH": str(site), "NET_LOG": str(log)}
    res = subprocess.run([sys.executable, "-c", "import socket\ntry:\n socket.getaddrinfo('example.org', 80)\n"
                          "except OSError as e:\n print(e)"], capture_output=True, text=True, env=env, timeout=60)
    assert "network access during a reportmine test" in res.stdout
    assert "socket.getaddrinfo" in log.read_text()
