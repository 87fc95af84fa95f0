"""Docs are tested: the notebook runs, every command has help and is in the README."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reportmine.cli import app

ROOT = Path(__file__).resolve().parents[1]


def test_notebook_cells_run(monkeypatch):
    monkeypatch.chdir(ROOT / "notebooks")
    nb = json.loads((ROOT / "notebooks" / "quickstart.ipynb").read_text(encoding="utf-8"))
    scope: dict = {}
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            exec(compile("".join(cell["source"]), "notebook", "exec"), scope)
    table = scope["table"]
    assert set(table["indicator"]) <= {"规模以上工业增加值", "固定资产投资", "一般公共预算收入"}
    assert len(table) > 0 and table["base_value"].notna().any()


@pytest.mark.parametrize("command", ["extract", "view", "schema", "eval", "train", "compare"])
def test_every_command_has_help_and_is_documented(command):
    res = CliRunner().invoke(app, [command, "--help"])
    assert res.exit_code == 0 and len(res.output.strip()) > 40
    assert f"reportmine {command}" in (ROOT / "README.md").read_text(encoding="utf-8")
