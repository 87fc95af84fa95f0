"""Docs are tested: the notebook runs, every command has help and is in the README."""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reportmine.cli import app

ROOT = Path(__file__).resolve().parents[1]


def test_notebook_runs_in_a_kernel_from_any_directory(tmp_path, monkeypatch):
    """notebooks/quickstart.ipynb, cell by cell in a real kernel (nbclient + ipykernel
    from the lock), started in a folder outside the checkout."""
    import nbformat
    from nbclient import NotebookClient

    # the kernel is this interpreter, whatever kernels the machine has elsewhere
    spec = tmp_path / "jupyter" / "kernels" / "python3"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "reportmine test", "language": "python"}), encoding="utf-8")
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    work = tmp_path / "elsewhere"
    work.mkdir()
    nb = nbformat.read(ROOT / "notebooks" / "quickstart.ipynb", as_version=4)
    NotebookClient(nb, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(work)}}).execute()

    code = [c for c in nb.cells if c.cell_type == "code"]
    out = {i: c.outputs for i, c in enumerate(code)}
    errors = [o for outs in out.values() for o in outs if o.output_type == "error"]
    assert not errors
    html_of = lambda outs: "".join(o.get("data", {}).get("text/html", "") for o in outs)  # noqa: E731
    view = html_of(out[0])
    assert view.startswith('<div class="rm-view"') and "青溪经济技术开发区" in view  # the report's display
    assert "规模以上工业总产值" in html_of(out[1])  # the metrics frame
    compare_cell = next(i for i, c in enumerate(code) if "reportmine.compare(" in c.source)
    assert "固定资产投资" in html_of(out[compare_cell])
    chart = [o for o in out[compare_cell + 1] if "image/png" in o.get("data", {})]
    assert chart, "the comparison cell draws a chart"
    printed = "".join(o.get("text", "") for outs in out.values() for o in outs if o.output_type == "stream")
    assert "r01.html" in printed and "missing.txt error: [E001]" in printed


@pytest.mark.parametrize("command", ["extract", "batch", "view", "schema", "eval", "train", "compare"])
def test_every_command_has_help_and_is_documented(command):
    res = CliRunner().invoke(app, [command, "--help"])
    assert res.exit_code == 0 and len(res.output.strip()) > 40
    assert f"reportmine {command}" in (ROOT / "README.md").read_text(encoding="utf-8")
