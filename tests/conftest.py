"""Shared fixtures: the demo report, the shared dev corpus, and schema validation."""
from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest

from reportmine.model import load_schema

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpora" / "demo" / "sample_report.txt"
REPORTS = ROOT / "corpora" / "reports"


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def sample_path() -> Path:
    return SAMPLE


@pytest.fixture(scope="session")
def sample_text() -> str:
    return SAMPLE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def shared_dev() -> Path:
    dev = Path(__file__).parents[2] / "shared/corpus/dev"
    if not dev.is_dir():
        pytest.skip(f"{dev} is absent (the shared corpus is not checked out beside the repo)")
    return dev


@pytest.fixture(scope="session")
def _validator() -> jsonschema.Draft202012Validator:
    schema = load_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.fixture(scope="session")
def validate(_validator):
    """validate(d): fail the test with the path of every schema error in ``d``."""

    def _validate(data: dict) -> None:
        errors = sorted(_validator.iter_errors(data), key=lambda e: list(e.absolute_path))
        if errors:
            lines = [f"  at /{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors[:20]]
            pytest.fail("output does not match schema reportmine.report/1:\n" + "\n".join(lines))

    return _validate
