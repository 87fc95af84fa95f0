"""Bulk processing: many files, on several processes, one bad file at a time.

``extract_files`` (``reportmine extract a b c``) yields ``(path, Result)`` in input order
whatever the number of worker processes, so a batch's output is deterministic. Each worker
reads, extracts and serialises its file; an error is returned as a value, never raised
across the batch.

``run_batch`` (``reportmine batch PATH... -o OUT``) puts an archive into a store
(``store.py``): resumable, with a time limit per file, worker processes that are replaced
when they hang or die, and a Dask engine for more than one machine.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
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


# --- `reportmine batch`: an archive into a store ----------------------------------------------
#
# The parent process lists and hashes the inputs, skips what the store already holds, hands
# the rest to an engine (worker processes here, or a Dask cluster) and is the store's only
# writer: every ``commit_every`` files or ``commit_seconds`` seconds it commits what came
# back in one transaction. A file's result is written whole or not at all, so a batch killed
# at any moment resumes from its last commit. Workers run each file under a time limit; a
# worker that hangs or dies is replaced (pebble's ProcessPool) and the file recorded as
# failed (E301, E302).

DEFAULT_TIMEOUT = 60.0          # seconds per file
COMMIT_EVERY = 100              # files per transaction ...
COMMIT_SECONDS = 2.0            # ... or seconds between two, whichever comes first
_GLOB_CHARS = frozenset("*?[")


@dataclass
class Inputs:
    paths: list[str]            # unique, sorted
    notes: list[str]            # arguments that matched nothing, folders that could not be listed
    other_files: int = 0        # files in folders with a suffix no reader takes (not read)


def collect_paths(args: Iterable[str], files_from: Optional[str] = None,
                  exclude: Optional[str] = None) -> Inputs:
    """The files a batch reads. Each argument is a file (taken whatever its suffix), a folder
    (walked recursively for .txt .docx .doc .pdf .html ...; hidden files and folders and
    ``exclude`` are left out), a glob (``archive/**/*.txt``) or ``@LIST``, a file of paths,
    one a line (``#`` comments and blank lines ignored); ``files_from`` is one more list
    (``-`` for standard input). A named file that does not exist stays in the list, so that
    the store records it as failed (E001)."""
    import glob
    import sys

    from .io import SUFFIXES

    found: set[str] = set()
    notes: list[str] = []
    other = 0
    skip = os.path.realpath(exclude) if exclude else None

    def walk(folder: str) -> None:
        nonlocal other

        def onerror(exc: OSError) -> None:
            notes.append(f"[E307] {exc.filename}: cannot list this folder ({exc.strerror or exc})")

        for root, dirs, names in os.walk(folder, onerror=onerror):
            dirs[:] = sorted(d for d in dirs if not d.startswith(".")
                             and (skip is None or os.path.realpath(os.path.join(root, d)) != skip))
            for n in names:
                if n.startswith("."):
                    continue
                if os.path.splitext(n)[1].lower() in SUFFIXES:
                    found.add(os.path.normpath(os.path.join(root, n)))
                else:
                    other += 1

    def take(arg: str) -> None:
        if arg.startswith("@") and os.path.isfile(arg[1:]):
            for p in _read_list(arg[1:]):
                take(p)
        elif os.path.isdir(arg):
            walk(arg)
        elif os.path.lexists(arg) or not (_GLOB_CHARS & set(arg)):
            found.add(os.path.normpath(arg))
        else:
            matches = sorted(glob.glob(arg, recursive=True))
            if not matches:
                notes.append(f"{arg}: matched no file")
            for m in matches:
                if os.path.isdir(m):
                    walk(m)
                else:
                    found.add(os.path.normpath(m))

    for a in args:
        take(a)
    if files_from:
        lines = sys.stdin.read().splitlines() if files_from == "-" else _read_list(files_from)
        for p in lines:
            p = p.strip()
            if p and not p.startswith("#"):
                take(p)
    return Inputs(sorted(found), notes, other)


def _read_list(path: str) -> list[str]:
    from .errors import E, ReadError

    try:
        with open(path, encoding="utf-8") as fh:
            lines = fh.read().splitlines()
    except OSError as exc:
        raise ReadError(E.E002, path=path, reason=exc.strerror or type(exc).__name__) from None
    return [ln.strip() for ln in lines if ln.strip() and not ln.strip().startswith("#")]


def hash_file(path: str, max_bytes: int) -> tuple[Optional[str], Optional[int], Optional[str]]:
    """(sha256, size, problem) of a file, read in blocks. No hash for what a worker cannot
    read anyway (missing, too large ...): the worker names the reason. ``problem`` is set
    for what no worker should be handed: a FIFO or device, which could block forever."""
    import hashlib
    import stat

    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None, None, None
    if stat.S_ISDIR(st.st_mode):
        return None, None, None
    if not stat.S_ISREG(st.st_mode):
        return None, None, "not a regular file (a FIFO, socket or device)"
    if st.st_size > max_bytes:
        return None, st.st_size, None
    h = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            while True:
                block = fh.read(1 << 20)
                if not block:
                    break
                h.update(block)
    except OSError:
        return None, st.st_size, None
    return h.hexdigest(), st.st_size, None


def _reader_of(path: str) -> str:
    from .io import _SUFFIX_FORMATS

    return _SUFFIX_FORMATS.get(os.path.splitext(path)[1].lower(), "sniffed")


def peak_rss_kib() -> int:
    """This process's peak resident memory in KiB: VmHWM on Linux (which, unlike getrusage's
    ru_maxrss, does not carry over the size of the process that started this one), else
    ru_maxrss; 0 where neither is known."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    try:
        import resource

        return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    except (ImportError, OSError):
        return 0


def _store_one(path: str, max_bytes: int, data: Optional[bytes] = None):
    """Read (or decode ``data``, a file's bytes sent from another machine), extract, and
    build the store's rows for one file. Errors come back as values, never raised."""
    import time

    from .errors import E, InternalError, ReportmineError
    from .io import decode_named, read_path
    from .pipeline import run
    from .store import Outcome, extractor_version, report_rows

    t0 = time.perf_counter()
    version = extractor_version()
    try:
        try:
            decoded = read_path(path, max_bytes=max_bytes) if data is None else decode_named(data, path)
            report = run(decoded)
            rows = report_rows(report)
            js = report.to_json(indent=None, separators=(",", ":"))
        except ReportmineError:
            raise
        except Exception as exc:  # a bug must not take down the batch
            raise InternalError(E.E900, path=path, reason=f"{type(exc).__name__}: {exc}") from exc
    except ReportmineError as exc:
        out = Outcome(path=path, status="failed", error_code=exc.code, error=str(exc), version=version)
    else:
        out = Outcome(path=path, status="ok", sha256=decoded.sha256, size=len(data) if data is not None else None,
                      format=decoded.format, encoding=decoded.encoding, chars=len(decoded.text),
                      documents=len(report.documents), version=version, json=js, rows=rows,
                      counts={k: len(v) for k, v in rows.items()})
    out.seconds = time.perf_counter() - t0
    out.worker = os.getpid()
    out.worker_rss_kib = peak_rss_kib()
    return out


def _signal_name(code: int) -> str:
    import signal

    try:
        return signal.Signals(-code).name
    except ValueError:
        return f"signal {-code}"


def _failure(path: str, template, seconds: float, **values):
    from .errors import BatchError
    from .store import Outcome, extractor_version

    exc = BatchError(template, path=path, **values)
    return Outcome(path=path, status="failed", error_code=exc.code, error=str(exc), seconds=seconds,
                   version=extractor_version())


def _resolve(future, path: str, timeout: Optional[float], seconds: float):
    """A pebble future's Outcome: its result, or the failure that a time-out (E301), a
    worker's death (E302) or anything else (E900) makes of it."""
    from concurrent.futures import TimeoutError as FutureTimeout

    from .errors import E

    try:
        return future.result()
    except FutureTimeout:
        return _failure(path, E.E301, float(timeout or seconds), limit=float(timeout or seconds))
    except Exception as exc:  # noqa: BLE001
        from pebble import ProcessExpired

        if isinstance(exc, ProcessExpired):
            code = exc.exitcode
            if code is not None and code < 0:
                name = _signal_name(code)
                reason = f"killed by {name}" + (": out of memory?" if name == "SIGKILL" else "")
            else:
                reason = f"it exited with code {code}"
            return _failure(path, E.E302, seconds, reason=reason)
        return _failure(path, E.E900, seconds, reason=f"{type(exc).__name__}: {exc}")


def _pool_context():
    import multiprocessing as mp
    import sys

    if "fork" in mp.get_all_start_methods() and sys.platform.startswith("linux"):
        return mp.get_context("fork"), None
    return mp.get_context("spawn"), _warm


@dataclass
class _Task:
    paths: list[str]             # files with this content; the first is extracted
    sha256: Optional[str]
    size: Optional[int]
    submitted: float = 0.0


class _LocalEngine:
    """Worker processes on this machine: pebble's ProcessPool, which kills a task's process
    at its time limit and starts a new worker for one that died."""

    name = "local"

    def __init__(self, jobs: int, timeout: Optional[float], max_bytes: int):
        from pebble import ProcessPool

        ctx, init = _pool_context()
        if init is None:
            _warm()  # forked workers inherit the imported modules and compiled rules
        self.jobs, self.timeout, self.max_bytes = jobs, timeout, max_bytes
        self.pool = ProcessPool(max_workers=jobs, context=ctx, initializer=init)

    @property
    def slots(self) -> int:
        return self.jobs

    def submit(self, task: _Task):
        return self.pool.schedule(_store_one, args=(task.paths[0], self.max_bytes), timeout=self.timeout)

    def outcome(self, task: _Task, future, seconds: float):
        return _resolve(future, task.paths[0], self.timeout, seconds)

    def close(self, kill: bool = False) -> None:
        if kill:
            self.pool.stop()
        else:
            self.pool.close()
        self.pool.join()


# Dask: each Dask worker runs its files in a pebble pool of its own (one process per worker
# thread), so a time limit and a crashed process work as they do locally; the files' bytes
# are sent to the workers, which need no shared file system.
_WORKER_POOL = None


def _worker_pool(timeout_unused=None):
    global _WORKER_POOL
    if _WORKER_POOL is None:
        import multiprocessing as mp

        from pebble import ProcessPool

        try:
            from distributed import get_worker

            n = max(1, int(get_worker().state.nthreads))
        except Exception:  # noqa: BLE001 - not inside a Dask worker
            n = 1
        # a Dask worker runs threads: its pool's processes start fresh (spawn), not forked
        _WORKER_POOL = ProcessPool(max_workers=n, context=mp.get_context("spawn"), initializer=_warm)
    return _WORKER_POOL


def _dask_task(path: str, data: bytes, max_bytes: int, timeout: Optional[float]):
    import multiprocessing as mp
    import time

    if mp.current_process().daemon:
        # a daemonic Dask worker may start no processes: extract here, without a time limit
        # (start workers with DASK_DISTRIBUTED__WORKER__DAEMON=False to have one)
        out = _store_one(path, max_bytes, data)
        out.isolated = False
        return out
    t0 = time.perf_counter()
    future = _worker_pool().schedule(_store_one, args=(path, max_bytes, data), timeout=timeout)
    return _resolve(future, path, timeout, time.perf_counter() - t0)


def _stop_worker_pool() -> None:
    global _WORKER_POOL
    if _WORKER_POOL is not None:
        _WORKER_POOL.stop()
        _WORKER_POOL.join()
        _WORKER_POOL = None


class _DaskEngine:
    name = "dask"

    def __init__(self, scheduler: Optional[str], jobs: int, timeout: Optional[float], max_bytes: int):
        from .errors import E, UsageError

        try:
            from distributed import Client, LocalCluster
        except ImportError as exc:
            raise UsageError(E.E308, reason=str(exc)) from None
        self.timeout, self.max_bytes = timeout, max_bytes
        self.cluster = None
        if scheduler:
            try:
                self.client = Client(scheduler)  # waits distributed.comm.timeouts.connect
            except (OSError, TimeoutError, ValueError) as exc:
                raise UsageError(E.E309, address=scheduler, reason=f"{type(exc).__name__}: {exc}") from None
        else:
            import dask

            # workers that may start processes: each runs its files in a pool of its own
            with dask.config.set({"distributed.worker.daemon": False}):
                self.cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True,
                                            dashboard_address=None, silence_logs=40)
            self.client = Client(self.cluster)
        self._slots = max(1, sum(self.client.nthreads().values()))

    @property
    def slots(self) -> int:
        return self._slots

    def submit(self, task: _Task):
        from concurrent.futures import Future

        path = task.paths[0]
        data = None
        if task.sha256 is not None:
            try:
                with open(path, "rb") as fh:
                    data = fh.read(self.max_bytes + 1)
            except OSError:
                data = None
        if data is None or len(data) > self.max_bytes:
            done: Future = Future()  # unreadable here: the reason comes from reading it here
            out = _store_one(path, self.max_bytes)
            out.worker = out.worker_rss_kib = None  # not a worker's figure
            done.set_result(out)
            return done
        if len(data) > (1 << 20):
            data = self.client.scatter(data, hash=False)
        return self.client.submit(_dask_task, path, data, self.max_bytes, self.timeout, pure=False)

    def outcome(self, task: _Task, future, seconds: float):
        from .errors import E

        try:
            return future.result()
        except Exception as exc:  # noqa: BLE001
            name = type(exc).__name__
            if name == "KilledWorker":
                return _failure(task.paths[0], E.E302, seconds,
                                reason="every Dask worker that ran it died (KilledWorker)")
            return _failure(task.paths[0], E.E900, seconds, reason=f"{name}: {exc}")

    def close(self, kill: bool = False) -> None:
        try:
            self.client.run(_stop_worker_pool)
        except Exception:  # noqa: BLE001 - workers already gone
            pass
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


class BatchProgress:
    """What a batch tells as it goes (the CLI draws a bar; the library default is silent)."""

    def start(self, total: int, skipped: int) -> None: ...
    def file(self, outcome) -> None: ...
    def stored(self, n: int) -> None: ...
    def close(self) -> None: ...


@dataclass
class BatchSummary:
    out: str
    engine: str
    jobs: int
    inputs: int                  # files named or found
    extracted: int = 0           # read and stored in this run
    duplicates: int = 0          # same content as another file, stored before or in this run
    skipped: int = 0             # already stored (same content, same version)
    failed: int = 0              # failed in this run
    failed_before: int = 0       # failed before with the same content and version (not retried)
    seconds: float = 0.0
    chars: int = 0
    counts: dict = None          # documents, sections, metrics ... extracted in this run
    failures: dict = None        # error code -> number, over every input that failed
    failed_paths: list = None
    notes: list = None
    other_files: int = 0
    worker_peak_mib: float = 0.0  # the largest peak RSS of any worker process
    interrupted: bool = False
    reports: int = 0             # lines in reports.jsonl / errors.jsonl
    errors: int = 0

    @property
    def any_failed(self) -> bool:
        return (self.failed + self.failed_before) > 0

    @property
    def files_per_second(self) -> float:
        done = self.extracted + self.failed
        return done / self.seconds if self.seconds > 0 else 0.0


def run_batch(args: Iterable[str], out: str | os.PathLike, *, jobs: int = 0,
              timeout: Optional[float] = DEFAULT_TIMEOUT, max_bytes: int = 50 * 1024 * 1024,
              engine: str = "local", scheduler: Optional[str] = None, retry_failed: bool = False,
              parquet: bool = False, files_from: Optional[str] = None, progress: Optional[BatchProgress] = None,
              commit_every: int = COMMIT_EVERY, commit_seconds: float = COMMIT_SECONDS) -> BatchSummary:
    """Extract every file of ``args`` (files, folders, globs, @lists) into the store in
    ``out``; see ``reportmine batch --help``. Returns the summary; a file's failure is in
    the summary and the store, never raised."""
    import queue
    import time
    from collections import Counter, deque

    from .errors import E, ReadError, UsageError
    from .store import Outcome, StoreWriter, extractor_version

    if engine not in ("local", "dask"):
        raise ValueError(f"unknown engine {engine!r}; expected 'local' or 'dask'")
    t_start = time.perf_counter()
    progress = progress or BatchProgress()
    out = Path(out)
    inputs = collect_paths(args, files_from=files_from, exclude=str(out))
    if not inputs.paths:
        reason = "; ".join(inputs.notes) if inputs.notes else "the paths hold no .txt .docx .doc .pdf .html files"
        raise UsageError(E.E304, reason=reason)
    version = extractor_version()
    writer = StoreWriter(out)
    summary = BatchSummary(out=str(out), engine=engine, jobs=0, inputs=len(inputs.paths), counts=Counter(),
                           failures=Counter(), failed_paths=[], notes=list(inputs.notes),
                           other_files=inputs.other_files)
    try:
        state = writer.files_state()
        have = writer.report_hashes(version)
        tasks: dict[str, _Task] = {}
        direct: list[Outcome] = []       # decided here: aliases of stored content, odd files
        replaced: set[str] = set()
        for p in inputs.paths:
            sha, size, problem = hash_file(p, max_bytes)
            prev = state.get(p)
            if prev and prev[0] and prev[0] != sha:
                replaced.add(prev[0])    # this path's content changed
            if problem:
                exc = ReadError(E.E002, path=p, reason=problem)
                direct.append(Outcome(path=p, status="failed", error_code=exc.code, error=str(exc), version=version))
                continue
            if sha is not None and sha in have:
                if prev == (sha, "ok", version):
                    summary.skipped += 1
                else:
                    direct.append(_stored_alias(writer, p, sha, size, version))
                    summary.duplicates += 1
                continue
            if sha is not None and prev == (sha, "failed", version) and not retry_failed:
                summary.failed_before += 1
                continue
            # one extraction for the same bytes read the same way (the suffix picks the reader)
            key = f"{sha}:{_reader_of(p)}" if sha is not None else "path:" + p
            if key in tasks:
                tasks[key].paths.append(p)
                summary.duplicates += 1
            else:
                tasks[key] = _Task([p], sha, size)
        for o in direct:
            if o.status == "failed":
                summary.failed += 1
        n_jobs = jobs if jobs > 0 else (os.cpu_count() or 1)
        n_jobs = max(1, min(n_jobs, len(tasks))) if tasks else max(1, n_jobs)
        summary.jobs = n_jobs
        writer.begin_run(engine, n_jobs, version)
        writer.forget(replaced)
        writer.commit(direct)
        pending = deque(tasks.values())
        progress.start(len(pending), summary.skipped + summary.failed_before)
        buffer: list[Outcome] = []
        peaks: dict[int, int] = {}
        last_commit = time.monotonic()

        def flush() -> None:
            nonlocal last_commit, buffer
            writer.commit(buffer)
            progress.stored(len(buffer))
            buffer = []
            last_commit = time.monotonic()

        eng = None
        interrupted = False
        if pending:
            if engine == "dask":
                eng = _DaskEngine(scheduler, n_jobs if jobs > 0 else (os.cpu_count() or 1), timeout, max_bytes)
            else:
                eng = _LocalEngine(n_jobs, timeout, max_bytes)
            summary.jobs = eng.slots
            window = max(8, eng.slots * 4)
            done_q: "queue.Queue" = queue.Queue()
            inflight = 0
            try:
                while pending or inflight:
                    while pending and inflight < window:
                        task = pending.popleft()
                        task.submitted = time.monotonic()
                        fut = eng.submit(task)
                        fut.add_done_callback(lambda f, t=task: done_q.put((t, f)))
                        inflight += 1
                    try:
                        task, fut = done_q.get(timeout=0.2)
                    except queue.Empty:
                        task = None
                    if task is not None:
                        inflight -= 1
                        o = eng.outcome(task, fut, time.monotonic() - task.submitted)
                        del fut
                        if o.worker is not None and o.worker_rss_kib:
                            peaks[o.worker] = max(peaks.get(o.worker, 0), o.worker_rss_kib)
                        for k, p in enumerate(task.paths):
                            item = o if k == 0 else _alias_of(o, p)
                            if item.sha256 is None and task.sha256 is not None and item.status == "failed":
                                item.sha256 = task.sha256
                            if item.size is None:
                                item.size = task.size
                            buffer.append(item)
                            if item.status == "ok":
                                summary.extracted += 1 if k == 0 else 0
                            else:
                                summary.failed += 1
                        if o.status == "ok":
                            summary.chars += o.chars or 0
                            summary.counts.update(o.counts)
                        if not o.isolated and not any("daemonic" in n for n in summary.notes):
                            summary.notes.append("the Dask workers are daemonic processes, so they ran files without "
                                                 "a time limit; start them with DASK_DISTRIBUTED__WORKER__DAEMON=False")
                        progress.file(o)
                    if buffer and (len(buffer) >= commit_every or time.monotonic() - last_commit >= commit_seconds):
                        flush()
            except BaseException:
                interrupted = True
                eng.close(kill=True)
                eng = None
                raise
            finally:
                if eng is not None:
                    eng.close()
                flush()
                summary.interrupted = interrupted
                summary.worker_peak_mib = max(peaks.values(), default=0) / 1024
                summary.seconds = time.perf_counter() - t_start
                writer.end_run(summary.seconds, summary.inputs, summary.extracted, summary.skipped,
                               summary.failed, interrupted, summary.chars, summary.worker_peak_mib)
                summary.reports, summary.errors = writer.export()
                progress.close()
        else:
            summary.seconds = time.perf_counter() - t_start
            writer.end_run(summary.seconds, summary.inputs, 0, summary.skipped, summary.failed, False)
            summary.reports, summary.errors = writer.export()
            progress.close()
        if parquet:
            writer.export_parquet()
        failed = writer.con.execute(
            "SELECT path, error_code FROM files WHERE status = 'failed' ORDER BY path").fetchall()
        wanted = set(inputs.paths)
        for path, code in failed:
            if path in wanted:
                summary.failures[code] += 1
                summary.failed_paths.append(path)
    finally:
        writer.close()
    summary.counts = dict(summary.counts)
    summary.failures = dict(summary.failures)
    summary.seconds = time.perf_counter() - t_start
    return summary


def _stored_alias(writer, path: str, sha: str, size: Optional[int], version: str):
    """A files row for a path whose content the store already holds under another path."""
    from .store import Outcome

    row = writer.con.execute("SELECT format, encoding, chars, documents FROM files WHERE sha256 = ? AND "
                             "status = 'ok' LIMIT 1", [sha]).fetchone() or (None, None, None, None)
    return Outcome(path=path, status="ok", sha256=sha, size=size, format=row[0], encoding=row[1],
                   chars=row[2], documents=row[3], version=version)


def _alias_of(o, path: str):
    """The same result for another path with the same content (no rows: one report per content)."""
    from dataclasses import replace

    error = o.error
    if error is not None:
        head = f"[{o.error_code}] {o.path}: "
        if error.startswith(head):
            error = f"[{o.error_code}] {path}: " + error[len(head):]
    return replace(o, path=path, error=error, json=None, rows=None, counts={})


class BarProgress(BatchProgress):
    """A tqdm bar on stderr: files done, files/s, time left; failures printed above it."""

    def __init__(self, enabled: bool = True, show_errors: bool = True):
        self.enabled, self.show_errors, self.bar, self._stored = enabled, show_errors, None, 0

    def start(self, total: int, skipped: int) -> None:
        if self.enabled and total:
            import sys

            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="file", file=sys.stderr, dynamic_ncols=True, smoothing=0.1,
                            desc="reportmine batch")

    def file(self, outcome) -> None:
        if outcome.status == "failed" and self.show_errors:
            self._say(f"reportmine: {outcome.error}")
        if self.bar is not None:
            self.bar.update(1)

    def stored(self, n: int) -> None:
        self._stored += n
        if self.bar is not None:
            self.bar.set_postfix_str(f"stored {self._stored}", refresh=False)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None

    def _say(self, line: str) -> None:
        import sys

        if self.bar is not None:
            self.bar.write(line, file=sys.stderr)
        else:
            print(line, file=sys.stderr, flush=True)


def format_summary(s: BatchSummary) -> str:
    """The end-of-batch summary: files, facts, failures and time."""
    c = s.counts or {}
    lines = [f"reportmine batch -> {s.out}  ({s.engine} engine, {s.jobs} worker{'s' if s.jobs != 1 else ''})"]
    done_before = f", {s.skipped:,} already stored" if s.skipped else ""
    dup = f", {s.duplicates:,} with the content of another file (read once)" if s.duplicates else ""
    n_failed = s.failed + s.failed_before
    lines.append(f"  files      {s.inputs:,}: {s.extracted:,} extracted{done_before}{dup}, {n_failed:,} failed"
                 + (f" ({s.failed_before:,} as before; --retry-failed reads them again)" if s.failed_before else ""))
    if s.extracted:
        lines.append("  extracted  " + ", ".join(f"{c.get(k, 0):,} {k}" for k in
                                                 ("documents", "sections", "metrics", "projects", "problems", "plans")))
    if s.failures:
        codes = ", ".join(f"{k} x{v}" for k, v in sorted(s.failures.items()))
        lines.append(f"  failures   {codes}: path, code and reason of each in {os.path.join(s.out, 'errors.jsonl')}")
    rate = f", {s.files_per_second:,.1f} files/s, {s.chars / s.seconds / 1000:,.0f} K chars/s" if s.seconds and s.extracted else ""
    mem = f", worker peak memory {s.worker_peak_mib:,.0f} MiB" if s.worker_peak_mib else ""
    lines.append(f"  time       {s.seconds:,.1f} s{rate}{mem}")
    if s.other_files:
        lines.append(f"  not read   {s.other_files:,} files in the folders with other suffixes (name them to read them)")
    for note in s.notes or ():
        lines.append(f"  note       {note}")
    if s.interrupted:
        lines.append("  interrupted: what was stored stays; run the same command again to finish")
    return "\n".join(lines)
