"""The command line: a thin typer layer over the library.

It parses options, calls ``reportmine``'s API, prints, and turns the catalogue's errors
into one line on stderr and an exit code (2: a file could not be read, 3: a rule or model
file is broken, 1: some files of a batch failed).
"""
from __future__ import annotations

import json
import logging
import os
import sys
import warnings
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

warnings.filterwarnings("ignore", category=DeprecationWarning)
warnings.filterwarnings("ignore", category=SyntaxWarning)

app = typer.Typer(
    add_completion=False,
    pretty_exceptions_enable=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    help="Structured facts (sections, metrics, projects, problems) from Chinese development-zone work reports.",
)


class Fmt(str, Enum):
    json = "json"
    jsonl = "jsonl"
    table = "table"


def _version(value: bool):
    if value:
        from . import __version__

        typer.echo(f"reportmine {__version__}")
        raise typer.Exit()


@app.callback()
def _main(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                       help="Print the version and exit.")):
    """reportmine: turn work reports into facts."""


def _err(msg: str) -> None:
    typer.echo(f"reportmine: {msg}", err=True)


@contextmanager
def _guard():
    """One line on stderr and the catalogue's exit code for a ReportmineError."""
    from .errors import ReportmineError

    try:
        yield
    except ReportmineError as exc:
        _err(str(exc))
        raise typer.Exit(exc.exit_code)


@app.command(epilog=(
    "Examples:\n\n"
    "  reportmine extract report.txt                 # JSON of one report (schema reportmine.report/1)\n\n"
    "  reportmine extract a.txt b.docx --format jsonl -o out.jsonl   # one line per file\n\n"
    "  reportmine extract report.txt --format table  # a readable summary\n\n"
    "  cat report.txt | reportmine extract -         # standard input\n\n"
    "  reportmine extract --show-text report.pdf     # the text spans index"))
def extract(
    files: List[str] = typer.Argument(..., help="Report files (.txt .docx .doc .pdf .html), or - for standard input."),
    format: Fmt = typer.Option(Fmt.json, "--format", "-f", help="json (one document per file), jsonl (one line per file) or table."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write to this file instead of standard output."),
    show_text: bool = typer.Option(False, "--show-text", help="Print the decoded text that spans index, and stop."),
    max_bytes: int = typer.Option(50 * 1024 * 1024, "--max-bytes", help="Refuse files larger than this many bytes (default 50 MiB: E006, exit 2)."),
    progress: bool = typer.Option(False, "--progress/--no-progress", help="A progress bar on stderr for many files."),
    jobs: int = typer.Option(0, "--jobs", "-j", help="Worker processes (0: one per core for 8 or more files). Output order never changes."),
):
    """Extract facts from report files and print them."""
    from .batch import default_jobs, extract_files, render
    from .errors import ReportmineError

    out = _open_output(output) if output else sys.stdout
    failures, last_code = 0, 0
    try:
        if show_text or files == ["-"]:
            for f in files:
                try:
                    result = _read_one(f, max_bytes, show_text)
                except ReportmineError as exc:
                    _err(str(exc))
                    raise typer.Exit(exc.exit_code)
                text = result if show_text else render(result, format.value)
                out.write(text if text.endswith("\n") else text + "\n")
            return
        n_jobs = jobs if jobs > 0 else default_jobs(len(files))
        results = extract_files(files, format.value, jobs=n_jobs, max_bytes=max_bytes)
        if progress and len(files) > 1:
            from tqdm import tqdm

            results = tqdm(results, total=len(files), unit="file", file=sys.stderr)
        for res in results:
            if res.error:
                _err(res.error)
                failures, last_code = failures + 1, res.exit_code
                continue
            out.write(res.output)
            out.write("\n")
            out.flush()
    finally:
        if output:
            out.close()
    if failures:
        if len(files) == 1:
            raise typer.Exit(last_code)
        _err(f"{failures} of {len(files)} files failed")
        raise typer.Exit(1)


class Engine(str, Enum):
    local = "local"
    dask = "dask"


@app.command(epilog=(
    "Examples:\n\n"
    "  reportmine batch archive/ -o out/                 # every report under archive/, all cores\n\n"
    "  reportmine batch 'archive/**/*.txt' @more.lst -o out/ -j 2 --timeout 30\n\n"
    "  reportmine batch archive/ -o out/                 # again: only new or changed files are read\n\n"
    "  reportmine batch archive/ -o out/ --engine dask --scheduler tcp://scheduler:8786\n\n"
    "Exit code: 0 every file stored, 1 some files failed (listed in OUT/errors.jsonl), "
    "2 no input or an unusable store, 130 interrupted (what was stored stays)."))
def batch(
    paths: Optional[List[str]] = typer.Argument(None, help="Files, folders (read recursively), globs ('archive/**/*.txt') or @LIST (a file of paths)."),
    output: Path = typer.Option(..., "--output", "-o", help="The output folder: reportmine.duckdb, reports.jsonl, errors.jsonl."),
    jobs: int = typer.Option(0, "--jobs", "-j", help="Worker processes (0: one per core)."),
    timeout: float = typer.Option(60.0, "--timeout", help="Seconds one file may take; then its worker is stopped and replaced and the file recorded as failed (E301). 0: no limit."),
    max_bytes: int = typer.Option(50 * 1024 * 1024, "--max-bytes", help="Refuse files larger than this."),
    engine: Engine = typer.Option(Engine.local, "--engine", help="local (processes on this machine) or dask (pip install 'reportmine[dask]')."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="The Dask scheduler's address (tcp://host:8786); without it --engine dask starts a cluster on this machine."),
    files_from: Optional[str] = typer.Option(None, "--files-from", help="A file of paths, one a line (- for standard input)."),
    retry_failed: bool = typer.Option(False, "--retry-failed", help="Read again the files that failed before (by default they stay failed until their content or reportmine changes)."),
    parquet: bool = typer.Option(False, "--parquet", help="Also write every table to OUT/parquet/NAME.parquet."),
    progress: Optional[bool] = typer.Option(None, "--progress/--no-progress", help="A progress bar on stderr (default: when stderr is a terminal)."),
    commit_every: int = typer.Option(100, "--commit-every", help="Files per transaction (and at least one every 2 s); a kill loses at most these."),
):
    """Extract an archive into a store (DuckDB + JSONL) in OUT/: resumable, one bad file never stops it."""
    import signal

    from .batch import BarProgress, format_summary, run_batch

    if not paths and not files_from:
        _err("[E304] no input files: name files, folders, globs or --files-from")
        raise typer.Exit(2)

    def _term(signum, frame):  # a polite kill ends like Ctrl-C: what is done is stored
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, _term)
    show = sys.stderr.isatty() if progress is None else progress
    try:
        with _guard():
            summary = run_batch(paths or [], output, jobs=jobs, timeout=timeout or None, max_bytes=max_bytes,
                                engine=engine.value, scheduler=scheduler, retry_failed=retry_failed,
                                parquet=parquet, files_from=files_from, progress=BarProgress(show),
                                commit_every=max(1, commit_every))
    except KeyboardInterrupt:
        _err(f"interrupted; what was stored stays in {output}: run the same command again to finish")
        raise typer.Exit(130)
    typer.echo(format_summary(summary))
    raise typer.Exit(1 if summary.any_failed else 0)


def _open_output(path: Path):
    """The output file, opened before any work is done; E210 (exit 2) when it cannot be."""
    from .errors import E, UsageError

    try:
        return open(path, "w", encoding="utf-8")
    except OSError as exc:
        with _guard():
            raise UsageError(E.E210, path=str(path), reason=exc.strerror or type(exc).__name__) from None


def _read_one(f: str, max_bytes: int, show_text: bool):
    from .io import decode_bytes, read_path
    from .pipeline import run

    if f == "-":
        decoded = decode_bytes(sys.stdin.buffer.read(), path=None, max_bytes=max_bytes)
    else:
        decoded = read_path(f, max_bytes=max_bytes)
    if show_text:
        return decoded.text
    return run(decoded)


@app.command(epilog=(
    "Examples:\n\n"
    "  reportmine view report.txt -o page.html   # open page.html in any browser, offline\n\n"
    "  reportmine view report.pdf > page.html"))
def view(
    file: str = typer.Argument(..., help="A report file (.txt .docx .doc .pdf .html)."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the page here instead of standard output."),
    max_bytes: int = typer.Option(50 * 1024 * 1024, "--max-bytes", help="Refuse files larger than this many bytes (default 50 MiB: E006, exit 2)."),
):
    """One self-contained HTML page: the text with every fact highlighted at its span."""
    from .view import page_html

    from .errors import E, InternalError, ReportmineError

    with _guard():
        try:
            page = page_html(_read_one(file, max_bytes, show_text=False))
        except ReportmineError:
            raise
        except Exception as exc:  # a bug: one line and exit 1, as in a batch
            raise InternalError(E.E900, path=file, reason=f"{type(exc).__name__}: {exc}") from exc
    if output is None:
        sys.stdout.write(page)
        return
    with _open_output(output) as out:  # only now: a file that fails leaves no empty page
        out.write(page)


@app.command()
def schema():
    """Print the JSON Schema of the output (reportmine.report/1)."""
    from .model import load_schema

    typer.echo(json.dumps(load_schema(), ensure_ascii=False, indent=2))


@app.command(name="eval")
def eval_(
    gold_dir: Path = typer.Argument(..., help="A folder of NAME.txt + NAME.gold.json pairs."),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as one JSON object."),
    show_misses: int = typer.Option(0, "--show-misses", help="Print this many misses of each kind."),
):
    """Score the extractor against your own annotated reports (matching as shared/eval/score.py)."""
    from .evaluate import evaluate, format_summary

    with _guard():
        summary, misses = evaluate(gold_dir, show_misses=show_misses)
    typer.echo(json.dumps(summary, ensure_ascii=False) if as_json else format_summary(summary, misses))


@app.command()
def train(
    corpora: Path = typer.Option(Path("corpora"), help="The corpora folder (train/*.jsonl, reports/)."),
    models: Path = typer.Option(Path("models"), help="Where to write model folders."),
):
    """Rebuild the section-kind and problem-category classifiers from corpora/."""
    from .learn.train import train_all

    with _guard():
        results = train_all(corpora, models)
    for name, meta in results.items():
        typer.echo(f"{name}: {meta['n_examples']} examples, cv accuracy {meta['cv_accuracy']:.3f} -> {models / name}")


class CompareFmt(str, Enum):
    table = "table"
    csv = "csv"
    xlsx = "xlsx"
    markdown = "markdown"
    html = "html"
    json = "json"


class By(str, Enum):
    park = "park"
    report = "report"


class Modality(str, Enum):
    actual = "actual"
    estimate = "estimate"
    target = "target"
    all = "all"


@app.command(name="compare", epilog=(
    "Examples:\n\n"
    "  reportmine compare reports/*.txt                          # a table of every park and period\n\n"
    "  reportmine compare out/ --format csv -o parks.csv         # a batch store (out/reports.jsonl) or a folder\n\n"
    "  reportmine compare a.json b.jsonl -i 固定资产投资 --rank 固定资产投资 --chart fai.png\n\n"
    "  reportmine compare reports/ --period 2023年上半年 --modality actual --format xlsx -o h1.xlsx"))
def compare_cmd(
    inputs: List[str] = typer.Argument(..., help="Report files, JSON/JSONL outputs of extract, or folders of them."),
    indicator: Optional[List[str]] = typer.Option(None, "--indicator", "-i", help="Only these headline indicators (repeatable)."),
    period: Optional[str] = typer.Option(None, "--period", help="Only rows of this period: 2023, 2023年上半年, 上半年, 1-6月."),
    modality: Modality = typer.Option(Modality.all, "--modality", help="actual, estimate, target, or all (actual first, others flagged)."),
    rank: Optional[str] = typer.Option(None, "--rank", help="Sort by this indicator, numbered; ties share a rank, missing last."),
    by: By = typer.Option(By.park, "--by", help="One row per park and period (park) or per report (report)."),
    format: CompareFmt = typer.Option(CompareFmt.table, "--format", "-f", help="table, csv, xlsx, markdown, html or json."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write to this file instead of standard output."),
    chart: Optional[Path] = typer.Option(None, "--chart", help="Also draw one indicator across parks (.png, .svg or .html)."),
):
    """Compare parks: one row per park and period, one column group per headline indicator."""
    from .comparison import build, chart as draw_chart, compare, load, write

    with _guard():
        loaded, failed = load(inputs)
        for exc in failed:
            _err(str(exc))
        if not loaded:
            raise typer.Exit(failed[-1].exit_code if failed else 2)
        df = compare(loaded, indicator or None, period=period, modality=modality.value)
        table = build(df, by=by.value, rank=rank, indicators=indicator or None)
        text = write(table, format.value, output, long=df)
        if text is not None:
            typer.echo(text, nl=False)
        if chart is not None:
            drawn = draw_chart(table, chart, rank or (indicator[0] if indicator else None))
            _err(f"chart of {drawn} written to {chart}")
    if failed:
        _err(f"{len(failed)} of {len(failed) + len(loaded)} inputs failed")
        raise typer.Exit(1)


def main() -> None:
    logging.getLogger("jieba").setLevel(logging.WARNING)
    try:
        app(prog_name="reportmine")
    except BrokenPipeError:  # `reportmine extract … | head`
        try:
            sys.stdout = open(os.devnull, "w")
        except OSError:
            pass
        sys.exit(0)


if __name__ == "__main__":
    main()
