"""The library surface: text or files in, frozen ``Report`` objects out."""
from __future__ import annotations

import hashlib
import os
import re

from typing import Iterable, Iterator, Optional, Union

from .model import Report
from .recache import compile as _recompile  # kept compiled between runs

PathLike = Union[str, "os.PathLike[str]"]

_SURROGATE = _recompile("[\ud800-\udfff]")


def extract(text: str, *, path: Optional[str] = None) -> Report:
    """Extract every fact from a report's text (already decoded). A lone surrogate (which
    no encoding can write, from ``errors="surrogateescape"`` decoding, say) becomes
    U+FFFD in ``Report.text``: one character for one, so every span stays in place."""
    from .io import Decoded
    from .pipeline import run

    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            text = _SURROGATE.sub("\ufffd", text)
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return run(Decoded(text=text, encoding="str", format="txt", sha256=sha, path=path))


def read(path: PathLike, *, max_bytes: Optional[int] = None) -> Report:
    """Read a file (.txt in any common Chinese encoding, .docx, .pdf, .html, .doc) and extract."""
    from .io import DEFAULT_MAX_BYTES, read_path
    from .pipeline import run

    return run(read_path(path, max_bytes=max_bytes or DEFAULT_MAX_BYTES))


def read_many(paths: Iterable[PathLike], *, errors: str = "collect") -> Iterator[tuple[str, Union[Report, Exception]]]:
    """Read many files in order, yielding (path, Report) or (path, error) so one bad file
    never stops a batch. ``errors="raise"`` stops at the first error instead."""
    from .errors import ReportmineError

    for p in paths:
        try:
            yield str(p), read(p)
        except ReportmineError as exc:
            if errors == "raise":
                raise
            yield str(p), exc


def compare(reports: Iterable, indicators: Optional[list[str]] = None, **options):
    """The tidy long frame of headline figures across parks: one row per figure with its
    park (known again across reports), the row's period, the figure's own period, value,
    base value, growth, modality, flags and evidence span. ``reports`` are Report objects,
    contract dicts, or paths (report files, JSON/JSONL outputs of ``extract``, folders, a
    ``batch`` store). Options: ``period``, ``modality``, ``headline_only``. ``.wide()``
    pivots it to one row per park and period; ``.chart(path)`` draws one indicator."""
    from .comparison import compare as _compare

    return _compare(reports, indicators, **options)
