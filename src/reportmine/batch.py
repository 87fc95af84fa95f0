"""Bulk processing: many files, in order, on several processes, one bad file at a time.

``extract_files`` yields ``(path, Result)`` in input order whatever the number of worker
processes, so a batch's output is deterministic. Each worker reads, extracts and
serialises its file; an error is returned as a value, never raised across the batch.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Iterable, Iterator, Optional


@dataclass(frozen=True)
class Result:
    path: str
    output: Optional[str] = None       # the serialised report (json, jsonl or table)
    error: Optional[str] = None        # one line naming the file and the reason
    exit_code: int = 0


def _one(args: tuple[str, str, int]) -> Result:
    path, fmt, max_bytes = args
    from .errors import E, InternalError, ReportmineError
    from .io import read_path
    from .pipeline import run

    try:
        try:
            decoded = read_path(path, max_bytes=max_bytes)
            report = run(decoded)
        except ReportmineError:
            raise
        except Exception as exc:  # a bug must not take down the batch
            raise InternalError(E.E900, path=path, reason=f"{type(exc).__name__}: {exc}") from exc
    except ReportmineError as exc:
        return Result(path, error=str(exc), exit_code=exc.exit_code)
    return Result(path, output=render(report, fmt))


def render(report, fmt: str) -> str:
    if fmt == "json":
        return report.to_json(indent=2)
    if fmt == "jsonl":
        return report.to_json(indent=None, separators=(",", ":"))
    from .view import table_text

    return table_text(report)


WARM_TEXT = "青溪开发区2024年工作总结\n一、主要指标\n1-5月份,实现规上工业增加值6.8亿元,同比增长19.2%。\n二、存在问题\n一是用地指标紧张。\n"


def _warm() -> None:
    """Import every stage and compile every rule once, before worker processes fork."""
    from .api import extract
    from .io import read_path  # noqa: F401
    from .view import table_text  # noqa: F401

    from .text.segment import index_dictionary

    extract(WARM_TEXT).to_dict()
    index_dictionary()


def default_jobs(n_files: int) -> int:
    if n_files < 8:
        return 1
    return max(1, min(os.cpu_count() or 1, 8))


def extract_files(paths: Iterable[str], fmt: str = "jsonl", *, jobs: int = 1,
                  max_bytes: int = 50 * 1024 * 1024) -> Iterator[Result]:
    tasks = [(str(p), fmt, max_bytes) for p in paths]
    if jobs <= 1 or len(tasks) < 2:
        for t in tasks:
            yield _one(t)
        return
    import multiprocessing as mp

    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
    if ctx.get_start_method() == "fork":
        _warm()  # workers inherit the imported modules and compiled rules
    with ctx.Pool(jobs) as pool:
        yield from pool.imap(_one, tasks, chunksize=2)
