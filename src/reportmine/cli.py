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


def _open_output(path: Path):
    """The output file, opened before any work is done; E204 (exit 2) when it cannot be."""
    from .errors import E, UsageError

    try:
        return open(path, "w", encoding="utf-8")
    except OSError as exc:
        with _guard():
            raise UsageError(E.E204, path=str(path), reason=exc.strerror or type(exc).__name__) from None


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


@app.command(name="compare")
def compare_cmd(
    files: List[str] = typer.Argument(..., help="Report files of several parks."),
    indicator: Optional[List[str]] = typer.Option(None, "--indicator", "-i", help="Keep only these canonical indicators."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write CSV here."),
):
    """A table comparing parks: one row per park, period and indicator."""
    from .api import compare, read_many

    reports = []
    for path, r in read_many(files):
        if isinstance(r, Exception):
            _err(str(r))
        else:
            reports.append(r)
    df = compare(reports, indicator)
    if output:
        df.to_csv(output, index=False)
    else:
        typer.echo(df.to_string(index=False))


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
