"""The contract (schema ``reportmine.report/1``) as frozen dataclasses.

``Report.to_dict()`` gives exactly the JSON of ``shared/CONTRACT.md`` plus the keys this
project adds (``plans``, ``rule``, ``growth_masked`` ...); ``schema.json`` beside this
file is the JSON Schema every output is validated against in the tests.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from importlib import resources
from typing import Any, Optional

SCHEMA_ID = "reportmine.report/1"
Span = tuple[int, int]


_SCALARS = (str, int, float, bool, type(None))


def _plain(value: Any) -> Any:
    if isinstance(value, _SCALARS):
        return value
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value.to_dict()


def _fields(value: Any) -> dict:
    if isinstance(value, _Dictable):
        return value.__dict__
    raise TypeError(f"{type(value).__name__} is not part of the contract")


class _Dictable:
    def to_dict(self) -> dict:
        # a frozen dataclass keeps its fields in __dict__, in declaration order
        d = dict(self.__dict__)
        for k, v in d.items():
            if not isinstance(v, _SCALARS):
                d[k] = _plain(v)
        return d


@dataclass(frozen=True)
class Period(_Dictable):
    label: str
    year: Optional[int] = None
    months: Optional[tuple[int, int]] = None


@dataclass(frozen=True)
class Park(_Dictable):
    name: str
    kind: Optional[str]
    span: Span


@dataclass(frozen=True)
class Section(_Dictable):
    id: str
    parent: Optional[str]
    level: int
    marker: Optional[str]
    title: str
    kind: str
    span: Span
    kind_source: str = "rule"  # rule | model | inherited | default


@dataclass(frozen=True)
class Metric(_Dictable):
    indicator: str
    mention: str
    value: Optional[float]
    unit: Optional[str]
    base_value: Optional[float]
    base_unit: Optional[str]
    qualifier: Optional[str]
    growth_pct: Optional[float]
    growth_basis: Optional[str]
    completion_pct: Optional[float]
    period: Optional[Period]
    modality: str
    masked: bool
    section: Optional[str]
    span: Span
    confidence: float
    rule: str = ""
    growth_masked: bool = False
    growth_kind: Optional[str] = None  # None | "two_year_avg"


@dataclass(frozen=True)
class Investment(_Dictable):
    value: Optional[float]
    unit: Optional[str]
    base_value: Optional[float]


@dataclass(frozen=True)
class Project(_Dictable):
    name: str
    status: Optional[str]
    investment: Optional[Investment]
    section: Optional[str]
    span: Span
    spans: tuple[Span, ...] = ()


@dataclass(frozen=True)
class Problem(_Dictable):
    headline: str
    text: str
    category: Optional[str]
    section: Optional[str]
    span: Span


@dataclass(frozen=True)
class Plan(_Dictable):
    headline: str
    text: str
    section: Optional[str]
    span: Span
    metrics: tuple[int, ...] = ()  # indexes into Document.metrics


@dataclass(frozen=True)
class Document(_Dictable):
    index: int
    span: Span
    title: Optional[str]
    park: Optional[Park]
    period: Optional[Period]
    doc_type: Optional[str]
    sections: tuple[Section, ...] = ()
    metrics: tuple[Metric, ...] = ()
    projects: tuple[Project, ...] = ()
    problems: tuple[Problem, ...] = ()
    plans: tuple[Plan, ...] = ()


@dataclass(frozen=True)
class Source(_Dictable):
    path: Optional[str]
    sha256: str
    encoding: str
    chars: int
    format: str = "txt"


@dataclass(frozen=True)
class Report:
    """What reportmine found in one input: frozen, with dict and DataFrame views."""

    source: Source
    documents: tuple[Document, ...]
    text: str = field(repr=False, compare=False, default="")

    def to_dict(self) -> dict:
        return {
            "schema": SCHEMA_ID,
            "source": self.source.to_dict(),
            "documents": [d.to_dict() for d in self.documents],
        }

    def to_json(self, indent: Optional[int] = 2, separators: Optional[tuple[str, str]] = None) -> str:
        """The JSON of ``to_dict()``. The dataclasses are handed to the encoder as they
        are (``_fields`` opens each one), which for a big report is several times faster
        than building the dicts first; a test holds both to the same text."""
        head = {"schema": SCHEMA_ID, "source": self.source, "documents": self.documents}
        if (indent, separators) in ((2, None), (None, (",", ":"))):
            # orjson writes the same text as json.dumps for these two layouts, four times
            # faster (a test holds them to it)
            import orjson

            option = orjson.OPT_PASSTHROUGH_DATACLASS | (orjson.OPT_INDENT_2 if indent == 2 else 0)
            return orjson.dumps(head, default=_fields, option=option).decode("utf-8")
        return json.dumps(head, ensure_ascii=False, indent=indent, separators=separators, default=_fields)

    # -- pandas views (pandas is imported only when a frame is asked for) --
    def metrics_frame(self):
        from .view import metrics_frame

        return metrics_frame(self)

    def sections_frame(self):
        from .view import sections_frame

        return sections_frame(self)

    def projects_frame(self):
        from .view import projects_frame

        return projects_frame(self)

    def problems_frame(self):
        from .view import problems_frame

        return problems_frame(self)

    def evidence(self, span: Span) -> str:
        """The input characters behind a span."""
        return self.text[span[0]:span[1]]

    def _repr_html_(self) -> str:
        from .view import report_html

        return report_html(self)


def load_schema() -> dict:
    return json.loads(resources.files("reportmine").joinpath("schema.json").read_text("utf-8"))
