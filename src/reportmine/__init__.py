"""reportmine: structured facts from Chinese development-zone work reports.

    >>> import reportmine
    >>> r = reportmine.extract("上半年,XX开发区实现规上工业增加值6.8亿元,同比增长19.2%。")
    >>> m = r.documents[0].metrics[0]; (m.indicator, m.value, m.unit, m.growth_pct)
    ('规模以上工业增加值', 6.8, '亿元', 19.2)

The public API: ``extract``, ``read``, ``read_many``, ``compare``, ``Report`` and its
parts, ``ReportContext``, ``open_store`` (the tables a batch wrote). Heavy libraries (pandas, spaCy, scikit-learn) load only when a
feature that needs them is used.
"""
from __future__ import annotations

from .api import compare, extract, read, read_many
from .errors import ReadError, ReportmineError, RulesError
from .facts.periods import ReportContext
from .model import Document, Metric, Park, Period, Plan, Problem, Project, Report, Section, Source

__version__ = "0.1.0"


def open_store(path):
    """Open the store that ``reportmine batch PATH... -o OUT`` wrote (the folder OUT, or
    OUT/reportmine.duckdb): ``.sql(query)``, table frames (``.metrics``, ``.documents`` ...,
    ``.frame(name)``) and ``.reports()``, the contract dicts. Needs duckdb."""
    from .store import open_store as _open

    return _open(path)


__all__ = [
    "extract", "read", "read_many", "compare", "Report", "Document", "Metric", "Section", "Project",
    "Problem", "Plan", "Park", "Period", "Source", "ReportContext", "ReportmineError", "ReadError",
    "RulesError", "open_store", "__version__",
]
