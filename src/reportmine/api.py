"""The library surface: text or files in, frozen ``Report`` objects out."""
from __future__ import annotations

import hashlib
import os
import re
from typing import Iterable, Iterator, Optional, Union

from .model import Report

PathLike = Union[str, "os.PathLike[str]"]

_SURROGATE = re.compile("[\ud800-\udfff]")


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


def compare(reports: Iterable[Report], indicators: Optional[list[str]] = None):
    """A pandas table comparing parks: one row per (park, period, indicator)."""
    from .comparison import compare as _compare

    return _compare(list(reports), indicators)
