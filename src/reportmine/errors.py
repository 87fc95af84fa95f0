"""One catalogue of reportmine's errors.

Every message has a code and names what it is about (a file, a rule file, a key) and
what was expected, in the manner of spaCy's ``errors.py``. The CLI turns a
``ReportmineError`` into one line on stderr and its ``exit_code``; it never prints a
traceback for one.
"""
from __future__ import annotations

from enum import Enum


class E(str, Enum):
    # reading (exit 2)
    E001 = "[E001] {path}: no such file"
    E002 = "[E002] {path}: cannot be read ({reason})"
    E003 = "[E003] {path}: not a text document ({reason})"
    E004 = "[E004] {path}: undecodable text: no encoding among {tried} fits"
    E005 = "[E005] {path}: empty file"
    E006 = "[E006] {path}: too large ({size} bytes; the limit is {limit} bytes, see --max-bytes)"
    E007 = "[E007] {path}: broken {fmt} file ({reason})"
    E008 = "[E008] {path}: a .doc file needs a converter; install one of: {tools} (e.g. apt-get install antiword)"
    E009 = "[E009] {path}: unsupported format {fmt!r}; supported: .txt .docx .doc .pdf .html .htm"
    E010 = "[E010] {path}: the PDF has no text layer (a scanned image?); run OCR first"
    E011 = ("[E011] {path}: refused as a zip bomb: its parts unpack to {size} bytes "
            "(the limit is {limit} bytes uncompressed)")
    E012 = "[E012] {path}: not Chinese text: {reason}"
    E013 = ("[E013] {path}: mixed encodings: {good} lines read as UTF-8 (the first is line {first_good}) "
            "and {bad} do not (the first is line {first_bad}); save the file in one encoding")
    E014 = "[E014] {path}: the PDF is encrypted: {reason}; decrypt it first (e.g. qpdf --decrypt)"
    # rules and models (exit 3)
    E101 = "[E101] rules/{file}: {reason}"
    E102 = "[E102] rules/{file}: rule {rule!r} has an invalid pattern: {reason}"
    E103 = "[E103] model {name}: {reason}"
    E104 = "[E104] rules/{file}: key {key!r}: {problem}; expected {expected}"
    # evaluation and usage (exit 2)
    E201 = "[E201] {path}: no *.gold.json files with matching .txt files found"
    E202 = "[E202] {path}: invalid gold file ({reason})"
    E203 = "[E203] unknown output format {fmt!r}; expected one of {choices}"
    # comparisons (exit 2)
    E204 = "[E204] {path}: not an extract output ({reason})"
    E205 = "[E205] {path}: no report files or extract outputs in this folder"
    E206 = "[E206] {name!r} is not a headline indicator; expected one of {choices}"
    E207 = "[E207] --format {fmt} writes a binary file: give -o PATH"
    E208 = "[E208] {path}: cannot draw the chart ({reason})"
    # batches and stores (per-file failures are recorded, exit 1; store and input errors exit 2)
    E301 = "[E301] {path}: gave up after {limit:g} s (the per-file time limit, see --timeout); the file took too long to extract: split it or raise the limit"
    E302 = "[E302] {path}: the worker process died while extracting it ({reason}); it was replaced and the batch went on"
    E303 = "[E303] {path}: the store is in use ({reason}); wait for the batch writing it to end, or use another -o folder"
    E304 = "[E304] no input files: {reason}"
    E305 = "[E305] {path}: not a reportmine store ({reason})"
    E306 = "[E306] {path}: the store cannot be used ({reason})"
    E307 = "[E307] {path}: cannot list this folder ({reason})"
    E308 = "[E308] --engine dask needs dask and distributed: pip install 'reportmine[dask]' ({reason})"
    E309 = "[E309] cannot reach the Dask scheduler at {address} ({reason})"
    E210 = "[E210] {path}: cannot write the output ({reason})"
    # bugs (exit 1): a file that breaks the extractor never takes down a batch
    E900 = "[E900] {path}: internal error ({reason}); please report it with the file"


class ReportmineError(Exception):
    """Base of every error reportmine raises on purpose."""

    exit_code = 2

    def __init__(self, template: E, **values: object) -> None:
        self.code = template.name
        self.values = values
        super().__init__(template.value.format(**values))


class ReadError(ReportmineError):
    """A file could not be turned into text: missing, unreadable, binary, broken."""

    exit_code = 2


class RulesError(ReportmineError):
    """A rules file or a model file is malformed."""

    exit_code = 3


class UsageError(ReportmineError):
    exit_code = 2


class BatchError(ReportmineError):
    """A file of a batch that could not be finished: timed out, or its worker died."""

    exit_code = 1


class StoreError(ReportmineError):
    """The batch store (OUT/reportmine.duckdb) cannot be opened, read or written."""

    exit_code = 2


class InternalError(ReportmineError):
    exit_code = 1
