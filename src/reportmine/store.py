"""The batch store: one DuckDB file with every fact as a table, the full reports beside it.

``reportmine batch PATH... -o OUT/`` writes::

    OUT/reportmine.duckdb   tables files, documents, sections, metrics, projects, problems,
                            plans (and reports: the contract JSON, runs, meta)
    OUT/reports.jsonl       one contract report (reportmine.report/1) a line, sorted by path;
                            each carries source.sha256 and source.path
    OUT/errors.jsonl        one failed file a line: path, sha256, code, reason, error, version
    OUT/parquet/NAME.parquet   every table, with --parquet

Every fact row is keyed by the content hash (``sha256``) of the file it came from and its
``document`` index; ``files`` maps each path to its hash, status (ok/failed), error and the
seconds it took. The DuckDB file is the one source of truth and every write is one
transaction, so a batch killed at any moment leaves the store as of its last commit; the
two JSONL files are rewritten from it (to a temporary file, then renamed) when a batch
ends, so after a ``kill -9`` the next run brings them up to date.

The fact tables' columns are derived from the contract's dataclasses (``model.py``): a new
field there is a new column here, named by the rules in ``_columns``. This module imports
duckdb and pandas only inside the functions that use them; a batch worker, which only
builds rows (``report_rows``), never imports either.

``open_store(OUT)`` reads a store: ``.sql(query)`` and the table frames are pandas
DataFrames, ``.reports()`` yields the contract dicts.
"""
from __future__ import annotations

import hashlib
import os
import typing
from dataclasses import dataclass, field, fields, is_dataclass
from functools import lru_cache
from pathlib import Path
from types import NoneType, UnionType
from typing import Any, Callable, Iterator, Optional

from .errors import E, StoreError

DB_NAME = "reportmine.duckdb"
REPORTS_NAME = "reports.jsonl"
ERRORS_NAME = "errors.jsonl"
PARQUET_DIR = "parquet"
STORE_FORMAT = "1"
WRITER_MEMORY = "512MB"

FACT_TABLES = ("documents", "sections", "metrics", "projects", "problems", "plans")
TABLES = ("files",) + FACT_TABLES + ("reports", "runs")


def is_store(path: str | os.PathLike) -> bool:
    """True when ``path`` is a batch output folder (it holds ``reportmine.duckdb``) or that file."""
    p = Path(path)
    return (p.is_dir() and (p / DB_NAME).is_file()) or (p.is_file() and p.name == DB_NAME)


# --- the version a result was made with ----------------------------------------------------


@lru_cache(maxsize=1)
def extractor_version() -> str:
    """``<release>+<fingerprint>``: the release number and a hash of the code, rules and
    models that made a result. A batch skips a file only when its stored result carries
    this same string, so editing a rules file (or the code) redoes every file."""
    from . import __version__
    from .rules import models_dir, rules_dir

    h = hashlib.sha256()
    here = Path(__file__).resolve().parent
    roots = [(here, "*.py"), (here, "*/*.py"), (rules_dir(), "*.yaml"), (models_dir(), "*/meta.json"),
             (models_dir(), "*/weights.npz")]
    for root, pattern in roots:
        for f in sorted(Path(root).glob(pattern)):
            if f.is_file():
                h.update(f.relative_to(root).as_posix().encode() + b"\0")
                h.update(f.read_bytes())
    return f"{__version__}+{h.hexdigest()[:10]}"


# --- fact rows: columns derived from the model's dataclasses -------------------------------

# (column, DuckDB type, getter(obj) -> value)
Column = tuple[str, str, Callable[[Any], Any]]

_PAIRS = {"span": ("span_start", "span_end"), "months": ("months_first", "months_last")}


def _optional(t: Any) -> Any:
    if typing.get_origin(t) in (typing.Union, UnionType):
        args = [a for a in typing.get_args(t) if a is not NoneType]
        if len(args) == 1:
            return args[0]
    return t


def _is_pair(t: Any) -> bool:
    return typing.get_origin(t) is tuple and typing.get_args(t) == (int, int)


def _scalar_type(t: Any) -> Optional[str]:
    return {bool: "BOOLEAN", int: "INTEGER", float: "DOUBLE", str: "VARCHAR"}.get(t)


def _columns(cls: type, prefix: str = "", skip: tuple[str, ...] = ()) -> list[Column]:
    """The columns of a contract dataclass, flattened:

    - a scalar field is a column of its name (``indicator``, ``value`` ...);
    - a ``(int, int)`` pair is two columns: ``span`` -> ``span_start``, ``span_end``,
      ``months`` -> ``months_first``, ``months_last``;
    - a nested dataclass gives its fields prefixed with the field's name, its first field
      named by the field alone: ``park`` (Park.name), ``park_kind``, ``park_span_start``;
      ``period`` (Period.label), ``period_year``, ``period_months_first``;
    - a tuple of ints (``Plan.metrics``) or of pairs (``Project.spans``) is a list column;
    - a tuple of dataclasses (a Document's sections, metrics ...) is a table of its own.
    """
    hints = typing.get_type_hints(cls)
    out: list[Column] = []
    for f in fields(cls):
        if f.name in skip:
            continue
        t = _optional(hints[f.name])
        name = f.name
        get = _getter(f.name)
        sql = _scalar_type(t)
        if sql is not None:
            out.append((prefix + name if prefix else name, sql, get))
        elif _is_pair(t):
            first, second = _PAIRS.get(name, (name + "_first", name + "_second"))
            out.append((prefix + first, "INTEGER", _item(get, 0)))
            out.append((prefix + second, "INTEGER", _item(get, 1)))
        elif is_dataclass(t):
            for j, (sub, sql_sub, get_sub) in enumerate(_columns(t)):
                col = name if j == 0 else f"{name}_{sub}"
                out.append((prefix + col, sql_sub, _chain(get, get_sub)))
        elif typing.get_origin(t) is tuple and typing.get_args(t)[1:] == (Ellipsis,):
            item = typing.get_args(t)[0]
            if is_dataclass(item):
                continue  # a child table
            if item is int:
                out.append((prefix + name, "INTEGER[]", _as_list(get)))
            elif _is_pair(item):
                out.append((prefix + name, "INTEGER[][]", _as_nested_list(get)))
            else:  # pragma: no cover - a new kind of field needs a rule here
                raise TypeError(f"{cls.__name__}.{name}: no column rule for {t!r}")
        else:  # pragma: no cover
            raise TypeError(f"{cls.__name__}.{name}: no column rule for {t!r}")
    return out


def _getter(name: str) -> Callable[[Any], Any]:
    return lambda obj: getattr(obj, name)


def _item(get: Callable, k: int) -> Callable:
    def item(obj):
        v = get(obj)
        return None if v is None else v[k]
    return item


def _chain(outer: Callable, inner: Callable) -> Callable:
    def chained(obj):
        v = outer(obj)
        return None if v is None else inner(v)
    return chained


def _as_list(get: Callable) -> Callable:
    return lambda obj: list(get(obj))


def _as_nested_list(get: Callable) -> Callable:
    return lambda obj: [list(p) for p in get(obj)]


@dataclass(frozen=True)
class TableSpec:
    name: str
    keys: tuple[tuple[str, str], ...]      # key columns before the fact's own
    columns: tuple[Column, ...]            # the fact's own columns
    order: tuple[str, ...]                 # ORDER BY for frames and exports

    @property
    def all_columns(self) -> list[tuple[str, str]]:
        return list(self.keys) + [(c, t) for c, t, _ in self.columns]


@lru_cache(maxsize=1)
def fact_specs() -> dict[str, TableSpec]:
    from .model import Document, Metric, Plan, Problem, Project, Section

    child_keys = (("sha256", "VARCHAR"), ("document", "INTEGER"), ("idx", "INTEGER"))
    child_order = ("sha256", "document", "idx")
    doc_cols = _columns(Document, skip=("index",))
    metric_cols = _columns(Metric) + [("evidence", "VARCHAR", None)]  # the text behind the span
    return {
        "documents": TableSpec("documents", (("sha256", "VARCHAR"), ("document", "INTEGER"), ("path", "VARCHAR")),
                               tuple(doc_cols), ("sha256", "document")),
        "sections": TableSpec("sections", child_keys, tuple(_columns(Section)), child_order),
        "metrics": TableSpec("metrics", child_keys, tuple(metric_cols), child_order),
        "projects": TableSpec("projects", child_keys, tuple(_columns(Project)), child_order),
        "problems": TableSpec("problems", child_keys, tuple(_columns(Problem)), child_order),
        "plans": TableSpec("plans", child_keys, tuple(_columns(Plan)), child_order),
    }


def report_rows(report) -> dict[str, list[tuple]]:
    """The rows of every fact table for one Report, as tuples in the tables' column order.
    Runs in the batch workers (no duckdb, no pandas)."""
    specs = fact_specs()
    sha, path, text = report.source.sha256, report.source.path, report.text
    out: dict[str, list[tuple]] = {name: [] for name in FACT_TABLES}
    doc_get = [g for _, _, g in specs["documents"].columns]
    for d in report.documents:
        out["documents"].append((sha, d.index, path) + tuple(g(d) for g in doc_get))
        for table, items in (("sections", d.sections), ("metrics", d.metrics), ("projects", d.projects),
                             ("problems", d.problems), ("plans", d.plans)):
            getters = [g for _, _, g in specs[table].columns]
            rows = out[table]
            for k, obj in enumerate(items):
                if table == "metrics":  # the last column is the evidence
                    values = tuple(g(obj) for g in getters[:-1]) + (text[obj.span[0]:obj.span[1]] if text else None,)
                else:
                    values = tuple(g(obj) for g in getters)
                rows.append((sha, d.index, k) + values)
    return out


# --- what a worker hands back for one file ---------------------------------------------------


@dataclass
class Outcome:
    """One file's result: a report (its JSON and table rows) or a failure with its reason."""

    path: str
    status: str                      # "ok" | "failed"
    sha256: Optional[str] = None
    size: Optional[int] = None
    seconds: float = 0.0
    error_code: Optional[str] = None
    error: Optional[str] = None
    format: Optional[str] = None
    encoding: Optional[str] = None
    chars: Optional[int] = None
    documents: Optional[int] = None
    version: Optional[str] = None
    json: Optional[str] = None       # the report, one line of JSON (None for a failure or an alias)
    rows: Optional[dict[str, list[tuple]]] = None
    worker: Optional[int] = None     # the worker process id and its peak RSS in KiB so far
    worker_rss_kib: Optional[int] = None
    counts: dict[str, int] = field(default_factory=dict)
    isolated: bool = True            # run in a process of its own (time limit, crash-safe)

    def reason(self) -> Optional[str]:
        """The error message without its ``[Ecode] path: `` prefix."""
        if self.error is None:
            return None
        head = f"[{self.error_code}] {self.path}: "
        return self.error[len(head):] if self.error.startswith(head) else self.error


# --- the schema -------------------------------------------------------------------------------

_FILES_COLUMNS = (
    ("path", "VARCHAR PRIMARY KEY"), ("sha256", "VARCHAR"), ("size", "BIGINT"), ("status", "VARCHAR"),
    ("error_code", "VARCHAR"), ("error", "VARCHAR"), ("seconds", "DOUBLE"), ("version", "VARCHAR"),
    ("format", "VARCHAR"), ("encoding", "VARCHAR"), ("chars", "BIGINT"), ("documents", "INTEGER"),
    ("run", "INTEGER"),
)
_REPORTS_COLUMNS = (("sha256", "VARCHAR PRIMARY KEY"), ("path", "VARCHAR"), ("version", "VARCHAR"),
                    ("json", "VARCHAR"))
_RUNS_COLUMNS = (
    ("run", "INTEGER PRIMARY KEY"), ("started", "TIMESTAMP"), ("seconds", "DOUBLE"), ("engine", "VARCHAR"),
    ("jobs", "INTEGER"), ("files", "INTEGER"), ("extracted", "INTEGER"), ("skipped", "INTEGER"),
    ("failed", "INTEGER"), ("interrupted", "BOOLEAN"), ("version", "VARCHAR"), ("chars", "BIGINT"),
    ("worker_peak_mib", "DOUBLE"), ("parent_peak_mib", "DOUBLE"),
)
_ORDER = {"files": ("path",), "reports": ("path", "sha256"), "runs": ("run",)}


def _schema_sql() -> list[str]:
    stmts = ["CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)"]
    for name, cols in (("files", _FILES_COLUMNS), ("reports", _REPORTS_COLUMNS), ("runs", _RUNS_COLUMNS)):
        stmts.append(f"CREATE TABLE IF NOT EXISTS {name} ({', '.join(f'{c} {t}' for c, t in cols)})")
    for spec in fact_specs().values():
        cols = ", ".join(f'"{c}" {t}' for c, t in spec.all_columns)
        stmts.append(f"CREATE TABLE IF NOT EXISTS {spec.name} ({cols})")
    return stmts


def _columns_of(name: str) -> list[tuple[str, str]]:
    if name in fact_specs():
        return fact_specs()[name].all_columns
    cols = {"files": _FILES_COLUMNS, "reports": _REPORTS_COLUMNS, "runs": _RUNS_COLUMNS}[name]
    return [(c, t.split()[0]) for c, t in cols]


def _frame(name: str, rows: list[tuple]):
    """A DataFrame of ``rows`` that DuckDB reads with the right types: numpy arrays where a
    column has no None (fast), pandas' nullable arrays where it has; a float NaN is read as
    NULL, and the contract never holds a NaN."""
    import numpy as np
    import pandas as pd

    data = {}
    n = len(rows)
    for k, (col, sql) in enumerate(_columns_of(name)):
        values = [r[k] for r in rows]
        if sql == "DOUBLE":
            arr = np.array([np.nan if v is None else v for v in values], dtype=np.float64)
        elif sql in ("INTEGER", "BIGINT", "BOOLEAN"):
            if any(v is None for v in values):
                arr = pd.array(values, dtype="boolean" if sql == "BOOLEAN" else "Int64")
            else:
                arr = np.array(values, dtype=bool if sql == "BOOLEAN" else np.int64)
        else:  # VARCHAR, TIMESTAMP and lists: objects as they are
            arr = np.empty(n, dtype=object)
            arr[:] = values
        data[col] = arr
    return pd.DataFrame(data, copy=False)


def _locked(exc: Exception) -> bool:
    text = str(exc).lower()
    return "lock" in text or "conflicting" in text


def _connect(db: Path, read_only: bool):
    import duckdb

    try:
        return duckdb.connect(str(db), read_only=read_only)
    except duckdb.Error as exc:
        if _locked(exc):
            raise StoreError(E.E303, path=db, reason=_first_line(exc)) from None
        raise StoreError(E.E306, path=db, reason=_first_line(exc)) from None


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def _atomic_write(path: Path, lines: Iterator[str]) -> int:
    tmp = path.with_name(path.name + ".tmp")
    n = 0
    with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
        for line in lines:
            fh.write(line)
            fh.write("\n")
            n += 1
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    return n


# --- writing ----------------------------------------------------------------------------------


class StoreWriter:
    """The one writer of a store (DuckDB allows one writing process; a second batch on the
    same folder gets E303). ``commit(outcomes)`` writes a group of files' results in one
    transaction."""

    def __init__(self, out: str | os.PathLike):
        self.out = Path(out)
        try:
            self.out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(E.E306, path=self.out, reason=exc.strerror or type(exc).__name__) from None
        self.db = self.out / DB_NAME
        self.con = _connect(self.db, read_only=False)
        # the writer's work is small beside the workers': one thread leaves them the cores,
        # and a memory limit keeps DuckDB from caching the whole store as it grows (in a
        # 20,000-report test the writer peaked at 885 MB uncapped, 545 MB at 256 MB);
        # DuckDB evicts and spills beyond it
        self.con.execute("SET threads = 1")
        self.con.execute(f"SET memory_limit = '{WRITER_MEMORY}'")
        for stmt in _schema_sql():
            self.con.execute(stmt)
        self._check_layout()
        self.run = None
        # hashes with rows in the store: only these need their old rows deleted before a
        # write (a DELETE scans a whole table, and most hashes of a batch are new)
        self._known = {r[0] for r in self.con.execute("SELECT sha256 FROM reports").fetchall()}
        self._maybe_gone: set[str] = set()

    def _check_layout(self) -> None:
        row = self.con.execute("SELECT value FROM meta WHERE key = 'store_format'").fetchone()
        if row is None:
            self.con.execute("INSERT INTO meta VALUES ('store_format', ?)", [STORE_FORMAT])
        elif row[0] != STORE_FORMAT:
            raise StoreError(E.E306, path=self.db, reason=f"store format {row[0]}, this reportmine writes "
                             f"format {STORE_FORMAT}; use a new -o folder")
        for name in TABLES:
            have = [r[0] for r in self.con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
                [name]).fetchall()]
            want = [c for c, _ in _columns_of(name)]
            if have != want:
                raise StoreError(E.E306, path=self.db, reason=f"table {name} has columns made by another "
                                 f"reportmine version ({', '.join(sorted(set(have) ^ set(want)))}); use a new -o folder")

    # what is there already
    def files_state(self) -> dict[str, tuple[Optional[str], str, Optional[str]]]:
        """path -> (sha256, status, version) of every file the store has seen."""
        rows = self.con.execute("SELECT path, sha256, status, version FROM files").fetchall()
        return {p: (s, st, v) for p, s, st, v in rows}

    def report_hashes(self, version: str) -> set[str]:
        """Content hashes with a report made by ``version``."""
        return {r[0] for r in self.con.execute("SELECT sha256 FROM reports WHERE version = ?", [version]).fetchall()}

    def begin_run(self, engine: str, jobs: int, version: str) -> int:
        import datetime as dt

        (last,) = self.con.execute("SELECT coalesce(max(run), 0) FROM runs").fetchone()
        self.run = int(last) + 1
        self._started = dt.datetime.now()
        self.con.execute("INSERT INTO runs (run, started, engine, jobs, version, interrupted) VALUES (?, ?, ?, ?, ?, ?)",
                         [self.run, self._started, engine, jobs, version, True])
        return self.run

    def end_run(self, seconds: float, files: int, extracted: int, skipped: int, failed: int,
                interrupted: bool, chars: int = 0, worker_peak_mib: float = 0.0) -> None:
        from .batch import peak_rss_kib

        parent = peak_rss_kib() / 1024
        self.con.execute("UPDATE runs SET seconds = ?, files = ?, extracted = ?, skipped = ?, failed = ?, "
                         "interrupted = ?, chars = ?, worker_peak_mib = ?, parent_peak_mib = ? WHERE run = ?",
                         [seconds, files, extracted, skipped, failed, interrupted, chars,
                          round(worker_peak_mib, 1), round(parent, 1), self.run])

    def forget(self, hashes: set[str]) -> None:
        """Hashes that paths pointed at before their content changed: their rows go, in the
        commit that leaves no file pointing at them."""
        self._maybe_gone.update(h for h in hashes if h)

    def commit(self, outcomes: list[Outcome]) -> None:
        """Write ``outcomes`` in one transaction. Fact rows of a hash are replaced, never
        added twice."""
        if not outcomes:
            return
        extracted = [o for o in outcomes if o.rows is not None]
        hashes = sorted({o.sha256 for o in extracted})
        con = self.con
        con.execute("BEGIN TRANSACTION")
        try:
            again = [h for h in hashes if h in self._known]
            if again:
                self._register("_hashes", _frame_of({"sha256": again}))
                for name in FACT_TABLES + ("reports",):
                    con.execute(f"DELETE FROM {name} WHERE sha256 IN (SELECT sha256 FROM _hashes)")
            if hashes:
                for name in FACT_TABLES:
                    rows = [r for o in extracted for r in o.rows[name]]
                    if rows:
                        self._insert(name, _frame(name, rows))
                seen: set[str] = set()
                rep_rows = []
                for o in extracted:
                    if o.sha256 not in seen:
                        seen.add(o.sha256)
                        rep_rows.append((o.sha256, o.path, o.version, o.json))
                self._insert("reports", _frame("reports", rep_rows))
            if again:
                # a report made again (a new version) speaks for every path with its content
                con.execute("UPDATE files SET version = reports.version FROM reports "
                            "WHERE files.sha256 = reports.sha256 AND files.status = 'ok' "
                            "AND files.sha256 IN (SELECT sha256 FROM _hashes)")
            last = {o.path: o for o in outcomes}  # the last word on a path wins
            frows = [(o.path, o.sha256, o.size, o.status, o.error_code, o.error, round(o.seconds, 6), o.version,
                      o.format, o.encoding, o.chars, o.documents, self.run) for p, o in sorted(last.items())]
            self._insert("files", _frame("files", frows), replace=True)
            gone = []
            if self._maybe_gone:
                self._register("_maybe", _frame_of({"sha256": sorted(self._maybe_gone)}))
                gone = [r[0] for r in con.execute(
                    "SELECT sha256 FROM _maybe WHERE sha256 NOT IN "
                    "(SELECT sha256 FROM files WHERE status = 'ok' AND sha256 IS NOT NULL)").fetchall()]
            if gone:
                self._register("_gone", _frame_of({"sha256": gone}))
                for name in FACT_TABLES + ("reports",):
                    con.execute(f"DELETE FROM {name} WHERE sha256 IN (SELECT sha256 FROM _gone)")
            con.execute("COMMIT")
            self._known.update(hashes)
            self._known.difference_update(gone)
            self._maybe_gone.difference_update(gone)
        except BaseException as exc:
            try:
                con.execute("ROLLBACK")
            except Exception:  # noqa: BLE001 - the transaction is gone already
                pass
            import duckdb

            if isinstance(exc, duckdb.Error):  # a full disk, no memory ...: what was committed stays
                raise StoreError(E.E306, path=self.db, reason=f"writing failed: {_first_line(exc)}") from None
            raise
        finally:
            for name in ("_hashes", "_maybe", "_gone"):
                try:
                    con.unregister(name)
                except Exception:  # noqa: BLE001 - not registered in this commit
                    pass

    def _register(self, name: str, df) -> None:
        self.con.register(name, df)

    def _insert(self, table: str, df, replace: bool = False) -> None:
        self.con.register("_rows", df)
        try:
            verb = "INSERT OR REPLACE" if replace else "INSERT"
            self.con.execute(f"{verb} INTO {table} BY NAME SELECT * FROM _rows")
        finally:
            self.con.unregister("_rows")

    def export(self) -> tuple[int, int]:
        """Rewrite OUT/reports.jsonl and OUT/errors.jsonl from the store; (reports, errors)."""
        return export_jsonl(self.con, self.out)

    def export_parquet(self, folder: Optional[Path] = None) -> Path:
        return export_parquet(self.con, folder or self.out / PARQUET_DIR)

    def close(self) -> None:
        try:
            self.con.execute("CHECKPOINT")
        finally:
            self.con.close()


def _frame_of(columns: dict[str, list]):
    import pandas as pd

    return pd.DataFrame({k: pd.array(v, dtype=object) for k, v in columns.items()})


def _report_texts(con, tmpdir: Optional[Path] = None, step: int = 256) -> Iterator[str]:
    """The JSON of every report that a stored file points at, by path.

    Memory stays flat whatever the archive's size: the path order is read first (keys
    only), the texts in storage order a few hundred rows at a time (a range of rowids reads
    only those rows; a sort, or a lookup by hash, would read every report) into a scratch
    file, and are written out in path order from there."""
    import tempfile

    order = [r[0] for r in con.execute(
        "SELECT rowid FROM reports WHERE sha256 IN (SELECT sha256 FROM files WHERE status = 'ok') "
        "ORDER BY path, sha256").fetchall()]
    if not order:
        return
    wanted = set(order)
    (last,) = con.execute("SELECT max(rowid) FROM reports").fetchone()
    where: dict[int, tuple[int, int]] = {}
    with tempfile.TemporaryFile(dir=tmpdir) as scratch:
        for start in range(0, int(last) + 1, step):
            rows = con.execute("SELECT rowid, json FROM reports WHERE rowid >= ? AND rowid < ?",
                               [start, start + step]).fetchall()
            for rowid, js in rows:
                if rowid in wanted:
                    data = js.encode("utf-8")
                    where[rowid] = (scratch.tell(), len(data))
                    scratch.write(data)
        for rowid in order:
            offset, size = where[rowid]
            scratch.seek(offset)
            yield scratch.read(size).decode("utf-8")


def export_jsonl(con, out: Path) -> tuple[int, int]:
    import orjson

    def reports():
        return _report_texts(con, out)

    def errors():
        rows = con.execute("SELECT path, sha256, error_code, error, version FROM files "
                           "WHERE status = 'failed' ORDER BY path").fetchall()
        for path, sha, code, error, version in rows:
            o = Outcome(path=path, status="failed", error_code=code, error=error)
            yield orjson.dumps({"path": path, "sha256": sha, "code": code, "reason": o.reason(), "error": error,
                                "version": version}).decode("utf-8")

    return _atomic_write(out / REPORTS_NAME, reports()), _atomic_write(out / ERRORS_NAME, errors())


def export_parquet(con, folder: Path) -> Path:
    """Every table as ``folder/NAME.parquet``, written by DuckDB itself (no pyarrow)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for name in TABLES:
        order = ", ".join(f'"{c}"' for c in _order_of(name))
        target = str(folder / f"{name}.parquet").replace("'", "''")
        con.execute(f"COPY (SELECT * FROM {name} ORDER BY {order}) TO '{target}' (FORMAT parquet)")
    return folder


def _order_of(name: str) -> tuple[str, ...]:
    return fact_specs()[name].order if name in fact_specs() else _ORDER[name]


# --- reading ----------------------------------------------------------------------------------


class Store:
    """A batch store opened for reading (``reportmine.open_store(OUT)``).

    >>> store = reportmine.open_store("out/")               # doctest: +SKIP
    >>> store.sql("SELECT indicator, count(*) FROM metrics GROUP BY 1 ORDER BY 2 DESC")
    >>> store.metrics; store.documents; store.frame("files")
    >>> for report in store.reports(): ...                  # the contract dicts

    Frames are pandas DataFrames in a fixed order (by hash, document, position; files by
    path). While a batch is writing the store, DuckDB lets no other process open it (E303).
    """

    def __init__(self, path: str | os.PathLike):
        p = Path(path)
        db = p if p.name == DB_NAME and p.is_file() else p / DB_NAME
        if not db.is_file():
            what = "no such folder" if not p.exists() else f"it holds no {DB_NAME}; make one with reportmine batch"
            raise StoreError(E.E305, path=p, reason=what)
        self.path = db.parent
        self.con = _connect(db, read_only=True)
        tables = {r[0] for r in self.con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        if not set(TABLES) <= tables:
            self.con.close()
            raise StoreError(E.E305, path=db, reason=f"tables missing: {', '.join(sorted(set(TABLES) - tables))}")

    def sql(self, query: str, params: Optional[list] = None):
        """Run SQL on the store's tables; a pandas DataFrame."""
        return self.con.execute(query, params or []).df()

    def frame(self, name: str):
        """One table as a DataFrame (one of ``TABLES``), in a fixed row order."""
        if name not in TABLES:
            raise KeyError(f"no table {name!r}; the store has {', '.join(TABLES)}")
        order = ", ".join(f'"{c}"' for c in _order_of(name))
        return self.sql(f"SELECT * FROM {name} ORDER BY {order}")

    files = property(lambda self: self.frame("files"), doc="One row per input path: sha256, status, error, seconds.")
    documents = property(lambda self: self.frame("documents"))
    sections = property(lambda self: self.frame("sections"))
    metrics = property(lambda self: self.frame("metrics"))
    projects = property(lambda self: self.frame("projects"))
    problems = property(lambda self: self.frame("problems"))
    plans = property(lambda self: self.frame("plans"))

    def errors(self):
        """The files that failed: path, code, error (the message naming file and reason)."""
        return self.sql("SELECT path, sha256, error_code AS code, error, seconds FROM files "
                        "WHERE status = 'failed' ORDER BY path")

    def reports(self) -> Iterator[dict]:
        """The contract dict (schema reportmine.report/1) of every stored report, by path:
        the same objects as the lines of OUT/reports.jsonl."""
        import orjson

        for js in _report_texts(self.con):
            yield orjson.loads(js)

    def counts(self) -> dict[str, int]:
        out = {}
        for name in TABLES:
            (n,) = self.con.execute(f"SELECT count(*) FROM {name}").fetchone()
            out[name] = int(n)
        return out

    def export_parquet(self, folder: str | os.PathLike) -> Path:
        return export_parquet(self.con, Path(folder))

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        c = self.counts()
        return (f"<reportmine store {self.path}: {c['files']} files, {c['documents']} documents, "
                f"{c['metrics']} metrics, {c['projects']} projects, {c['problems']} problems>")


def open_store(path: str | os.PathLike) -> Store:
    """Open a batch output folder (or its reportmine.duckdb) for reading."""
    return Store(path)
