"""`reportmine batch`: an archive into a store, as users run it.

A 60-file archive (40 reports from corpora/ in several encodings and formats, 20 files that
are corrupt or not text; benchmarks/make_archive.py) goes through the command line once;
the other tests compare against that store: a re-run, a run killed with SIGKILL and run
again, a run on a Dask LocalCluster. The 2,000-file run is benchmarks/batch_archive.py.
"""
from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import reportmine
from reportmine import batch as batch_mod
from reportmine.errors import StoreError
from reportmine.store import FACT_TABLES

ROOT = Path(__file__).resolve().parents[1]
CLI = [sys.executable, "-m", "reportmine.cli"]
N_GOOD, N_BAD = 40, 20


def _load_make_archive():
    spec = importlib.util.spec_from_file_location("make_archive", ROOT / "benchmarks" / "make_archive.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def cli(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    res = subprocess.run(CLI + list(args), capture_output=True, cwd=ROOT, timeout=timeout)
    res.out = res.stdout.decode("utf-8")  # type: ignore[attr-defined]
    res.err = res.stderr.decode("utf-8")  # type: ignore[attr-defined]
    return res


@pytest.fixture(scope="session")
def archive(tmp_path_factory):
    root = tmp_path_factory.mktemp("archive")
    manifest = _load_make_archive().build_archive(root / "reports", N_GOOD + N_BAD, seed=3, huge=False)
    assert len(manifest["good"]) == N_GOOD and len(manifest["bad"]) == N_BAD
    return root / "reports", manifest


@pytest.fixture(scope="session")
def baseline(archive, tmp_path_factory):
    """The archive through the CLI once, uninterrupted, with --parquet."""
    folder, _ = archive
    out = tmp_path_factory.mktemp("out") / "store"
    res = cli("batch", str(folder), "-o", str(out), "-j", "2", "--no-progress", "--parquet")
    return out, res


def tables(out: Path) -> dict:
    """Every table of a store, minus what differs from run to run (seconds, run numbers)."""
    with reportmine.open_store(out) as store:
        frames = {name: store.frame(name) for name in FACT_TABLES + ("files", "reports")}
    for name, df in frames.items():
        frames[name] = df.drop(columns=[c for c in ("seconds", "run") if c in df.columns])
    return frames


def assert_same_tables(a: Path, b: Path) -> None:
    ta, tb = tables(a), tables(b)
    for name in ta:
        assert len(ta[name]) == len(tb[name]), name
        assert ta[name].equals(tb[name]), f"table {name} differs"
    for name in ("reports.jsonl", "errors.jsonl"):
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


# --- one batch over the archive ----------------------------------------------------------------


def test_batch_stores_every_good_file_and_records_every_bad_one(archive, baseline, validate):
    _, manifest = archive
    out, res = baseline
    assert res.returncode == 1, res.err  # some files failed
    assert f"files      {N_GOOD + N_BAD}: {N_GOOD} extracted, {N_BAD} failed" in res.out
    assert re.search(r"time +[\d.]+ s, [\d.]+ files/s", res.out)
    with reportmine.open_store(out) as store:
        files = store.files.set_index("path")
        assert sorted(files.index) == sorted(manifest["good"] + list(manifest["bad"]))
        for path in manifest["good"]:
            row = files.loc[path]
            assert row["status"] == "ok", (path, row["error"])
            assert row["sha256"] == hashlib.sha256(Path(path).read_bytes()).hexdigest()
        for path, code in manifest["bad"].items():
            row = files.loc[path]
            assert (row["status"], row["error_code"]) == ("failed", code), path
            assert row["error"].startswith(f"[{code}] {path}: ")
            assert f"[{code}] {path}: " in res.err  # each failure also on stderr as it happens
        formats = set(store.sql("SELECT DISTINCT encoding FROM files WHERE status = 'ok'")["encoding"])
        assert {"utf-8", "gb18030", "utf-16", "utf-8-sig", "docx", "pdf"} <= formats
    errors = [json.loads(line) for line in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [e["path"] for e in errors] == sorted(manifest["bad"])
    by_path = {e["path"]: e for e in errors}
    assert by_path[str(Path(manifest["good"][0]).parents[2] / "bad" / "photo.txt")]["reason"] == \
        "not a text document (looks like a PNG image)"
    assert all(e["code"] == manifest["bad"][e["path"]] and e["reason"] and e["error"].endswith(e["reason"])
               for e in errors)
    reports = [json.loads(line) for line in (out / "reports.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["source"]["path"] for r in reports] == sorted(manifest["good"])
    for r in reports[:5]:
        validate(r)


def test_store_holds_what_extract_gives(archive, baseline):
    _, manifest = archive
    out, _ = baseline
    path = next(p for p in manifest["good"] if p.endswith(".docx"))
    want = reportmine.read(path)
    with reportmine.open_store(out) as store:
        got = next(r for r in store.reports() if r["source"]["path"] == path)
        assert got == want.to_dict()
        sha = want.source.sha256
        metrics = store.sql("SELECT * FROM metrics WHERE sha256 = ? ORDER BY document, idx", [sha])
        flat = [m for d in want.documents for m in d.metrics]
        assert len(metrics) == len(flat) > 0
        k = next(i for i, m in enumerate(flat) if m.unit is not None)  # (a growth-only figure has no unit: NaN in the frame)
        first, row = flat[k], metrics.iloc[k]
        assert (row["indicator"], row["unit"], row["span_start"], row["span_end"], row["modality"]) == \
            (first.indicator, first.unit, first.span[0], first.span[1], first.modality)
        assert row["evidence"] == want.text[first.span[0]:first.span[1]]
        docs = store.documents[lambda d: d["sha256"] == sha]
        assert list(docs["park"]) == [d.park.name if d.park else None for d in want.documents]
        # the README's query: one indicator across parks
        top = store.sql("SELECT d.park, m.value, m.unit FROM metrics m JOIN documents d USING (sha256, document) "
                        "WHERE m.indicator = '规模以上工业增加值' AND m.value IS NOT NULL")
        assert len(top) > 0 and top["unit"].notna().all()


def test_no_row_is_stored_twice(baseline):
    out, _ = baseline
    with reportmine.open_store(out) as store:
        for name in ("sections", "metrics", "projects", "problems", "plans"):
            dup = store.sql(f"SELECT sha256, document, idx, count(*) n FROM {name} GROUP BY ALL HAVING n > 1")
            assert dup.empty, name
        assert store.sql("SELECT count(*) n, count(DISTINCT sha256) d FROM reports").iloc[0].tolist() == [N_GOOD, N_GOOD]


def test_parquet_export_has_every_table(baseline):
    import duckdb

    out, _ = baseline
    counts = reportmine.open_store(out).counts()
    for name in ("files", "documents", "sections", "metrics", "projects", "problems", "plans"):
        (n,) = duckdb.connect().execute(f"SELECT count(*) FROM read_parquet('{out / 'parquet' / (name + '.parquet')}')").fetchone()
        assert n == counts[name] > 0, name


# --- re-runs --------------------------------------------------------------------------------


def test_rerun_skips_what_is_stored_and_retry_failed_reads_the_failures_again(archive, baseline, tmp_path):
    import shutil

    out, _ = baseline
    copy = tmp_path / "store"
    shutil.copytree(out, copy)
    folder, _ = archive
    res = cli("batch", str(folder), "-o", str(copy), "--no-progress")
    assert res.returncode == 1  # the failures are still failures
    assert f"{N_GOOD} already stored" in res.out and "0 extracted" in res.out
    # a file without content (the dangling link) is looked at again; the rest stay as they failed
    assert f"{N_BAD} failed ({N_BAD - 1} as before; --retry-failed reads them again)" in res.out
    assert res.err.splitlines() == [f"reportmine: [E001] {folder / 'bad' / 'broken-link.txt'}: no such file"]
    res = cli("batch", str(folder), "-o", str(copy), "--no-progress", "--retry-failed")
    assert res.returncode == 1 and f"0 extracted, {N_GOOD} already stored, {N_BAD} failed" in res.out
    assert res.err.count("reportmine: [E") == N_BAD
    assert_same_tables(out, copy)
    runs = reportmine.open_store(copy).frame("runs")
    assert runs["extracted"].tolist() == [N_GOOD, 0, 0] and not runs["interrupted"].any()


def test_changed_and_copied_files(tmp_path):
    src = ROOT / "corpora" / "reports"
    folder = tmp_path / "a"
    folder.mkdir()
    for name in ("r01_jingkai_2024h1.txt", "r02_gaoxin_2022_annual.txt"):
        (folder / name).write_bytes((src / name).read_bytes())
    out = tmp_path / "out"
    s1 = batch_mod.run_batch([str(folder)], out, jobs=1)
    assert (s1.extracted, s1.failed) == (2, 0) and not s1.any_failed
    old_sha = hashlib.sha256((folder / "r02_gaoxin_2022_annual.txt").read_bytes()).hexdigest()
    # r02 changes, and a copy of r01 appears under another name
    (folder / "r02_gaoxin_2022_annual.txt").write_bytes((src / "r03_gongyeyuan_jianbao_2023_05.txt").read_bytes())
    (folder / "copy_of_r01.txt").write_bytes((src / "r01_jingkai_2024h1.txt").read_bytes())
    s2 = batch_mod.run_batch([str(folder)], out, jobs=1)
    assert (s2.extracted, s2.skipped, s2.duplicates) == (1, 1, 1)
    with reportmine.open_store(out) as store:
        assert store.sql("SELECT count(*) FROM metrics WHERE sha256 = ?", [old_sha]).iloc[0, 0] == 0
        assert store.sql("SELECT count(*) FROM reports").iloc[0, 0] == 2  # one report per content
        files = store.files.set_index("path")
        assert files.loc[str(folder / "copy_of_r01.txt"), "sha256"] == files.loc[str(folder / "r01_jingkai_2024h1.txt"), "sha256"]
        assert (files["status"] == "ok").all() and files["chars"].notna().all()
    assert len((out / "reports.jsonl").read_text(encoding="utf-8").splitlines()) == 2


def test_batch_killed_with_sigkill_resumes_with_nothing_lost_or_doubled(archive, baseline, tmp_path):
    folder, _ = archive
    out = tmp_path / "killed"
    # one worker and small transactions, so that the kill lands with work done and work left
    proc = subprocess.Popen(CLI + ["batch", str(folder), "-o", str(out), "-j", "1", "--commit-every", "3",
                                   "--progress"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)
    seen, stored = b"", 0
    deadline = time.monotonic() + 60
    while stored < 6 and time.monotonic() < deadline:
        chunk = os.read(proc.stderr.fileno(), 4096)
        if not chunk:
            break
        seen += chunk
        found = re.findall(rb"stored (\d+)", seen)
        stored = int(found[-1]) if found else 0
    os.killpg(proc.pid, signal.SIGKILL)  # the batch and its workers, as `kill -9 -PGID`
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL and stored >= 6, seen[-500:]
    with reportmine.open_store(out) as store:
        done = store.sql("SELECT count(*) FROM files").iloc[0, 0]
        ok = store.sql("SELECT count(*) FROM files WHERE status = 'ok'").iloc[0, 0]
        assert stored <= done < N_GOOD + N_BAD  # committed work survived; the rest was not done
        assert store.sql("SELECT count(DISTINCT sha256) FROM documents").iloc[0, 0] == ok
    res = cli("batch", str(folder), "-o", str(out), "-j", "2", "--no-progress")
    assert res.returncode == 1
    assert f"{N_GOOD - ok} extracted, {ok} already stored" in res.out
    assert_same_tables(baseline[0], out)
    runs = reportmine.open_store(out).frame("runs")
    assert runs["interrupted"].tolist() == [True, False]


# --- one bad file never stops a batch: time limits and dying workers ---------------------------

_real_store_one = batch_mod._store_one


def _misbehaving(path, max_bytes, data=None):
    """A stand-in for one worker's job: hang.txt never ends, crash.txt kills its process."""
    if path.endswith("hang.txt"):
        time.sleep(120)
    if path.endswith("crash.txt"):
        os.kill(os.getpid(), signal.SIGKILL)
    return _real_store_one(path, max_bytes, data)


def test_a_hanging_file_times_out_and_a_dying_worker_is_replaced(tmp_path, monkeypatch):
    monkeypatch.setattr(batch_mod, "_store_one", _misbehaving)
    folder = tmp_path / "in"
    folder.mkdir()
    text = (ROOT / "corpora" / "demo" / "sample_report.txt").read_text(encoding="utf-8")
    for name in ("a.txt", "crash.txt", "hang.txt", "z.txt"):
        (folder / name).write_text(text + name, encoding="utf-8")
    t0 = time.monotonic()
    s = batch_mod.run_batch([str(folder)], tmp_path / "out", jobs=1, timeout=2)
    assert time.monotonic() - t0 < 30
    assert (s.extracted, s.failed, s.failures) == (2, 2, {"E301": 1, "E302": 1})
    with reportmine.open_store(tmp_path / "out") as store:
        files = store.files.set_index("path")
    hang, crash = files.loc[str(folder / "hang.txt")], files.loc[str(folder / "crash.txt")]
    assert hang["error"] == (f"[E301] {folder / 'hang.txt'}: gave up after 2 s (the per-file time limit, see "
                             "--timeout); the file took too long to extract: split it or raise the limit")
    assert crash["error"] == (f"[E302] {folder / 'crash.txt'}: the worker process died while extracting it "
                              "(killed by SIGKILL: out of memory?); it was replaced and the batch went on")
    # one worker: the files after the crash and the hang were done by its replacements
    assert files.loc[str(folder / "z.txt"), "status"] == "ok"
    assert hang["sha256"] == hashlib.sha256((folder / "hang.txt").read_bytes()).hexdigest()


# --- Dask ----------------------------------------------------------------------------------------


def test_dask_local_cluster_gives_the_same_tables(archive, baseline, tmp_path):
    pytest.importorskip("distributed")
    import dask
    from distributed import LocalCluster

    folder, _ = archive
    out = tmp_path / "dask"
    with dask.config.set({"distributed.worker.daemon": False}):
        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                               silence_logs=40)
    try:
        res = cli("batch", str(folder), "-o", str(out), "--engine", "dask", "--scheduler",
                  cluster.scheduler_address, "--no-progress")
    finally:
        cluster.close()
    assert res.returncode == 1, res.err
    assert "(dask engine, 2 workers)" in res.out and f"{N_GOOD} extracted, {N_BAD} failed" in res.out
    assert_same_tables(baseline[0], out)


def test_dask_engine_names_an_unreachable_scheduler(tmp_path):
    pytest.importorskip("distributed")
    (tmp_path / "a.txt").write_text("园区", encoding="utf-8")
    env = dict(os.environ, DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT="2s")
    res = subprocess.run(CLI + ["batch", str(tmp_path / "a.txt"), "-o", str(tmp_path / "out"), "--engine", "dask",
                                "--scheduler", "tcp://127.0.0.1:9"], capture_output=True, cwd=ROOT, env=env,
                         timeout=120)
    res.err = res.stderr.decode("utf-8")
    assert res.returncode == 2
    assert res.err.startswith("reportmine: [E309] cannot reach the Dask scheduler at tcp://127.0.0.1:9 (")


# --- inputs, the store's API and its errors ----------------------------------------------------


def test_collect_paths_walks_folders_globs_and_lists(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / ".hidden").mkdir()
    for p in ("a/x.txt", "a/b/y.DOCX", "a/b/notes.md", "a/.hidden/z.txt", "a/.dot.txt", "c.html"):
        (tmp_path / p).write_text("x", encoding="utf-8")
    (tmp_path / "list.lst").write_text(f"# two paths\n{tmp_path / 'c.html'}\n\n{tmp_path / 'missing.txt'}\n",
                                       encoding="utf-8")
    got = batch_mod.collect_paths([str(tmp_path / "a"), f"@{tmp_path / 'list.lst'}", str(tmp_path / "*.nope"),
                                   str(tmp_path / "a" / "b" / "*.md")], exclude=str(tmp_path / "a" / "b"))
    assert got.paths == sorted([str(tmp_path / "a" / "x.txt"), str(tmp_path / "c.html"),
                                str(tmp_path / "missing.txt"), str(tmp_path / "a" / "b" / "notes.md")])
    assert got.notes == [f"{tmp_path / '*.nope'}: matched no file"]
    got = batch_mod.collect_paths([str(tmp_path / "**" / "*.txt")])
    assert got.paths == [str(tmp_path / "a" / "x.txt")]
    assert batch_mod.collect_paths([str(tmp_path / "a")]).other_files == 1  # notes.md


def test_open_store_api(baseline, tmp_path):
    out, _ = baseline
    store = reportmine.open_store(out)
    assert "metrics" in repr(store)
    df = store.sql("SELECT indicator, count(*) AS n FROM metrics GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 3")
    assert list(df.columns) == ["indicator", "n"] and len(df) == 3
    assert list(store.metrics.columns[:4]) == ["sha256", "document", "idx", "indicator"]
    assert store.frame("plans")["metrics"].map(len).sum() > 0
    assert len(store.errors()) == N_BAD
    with pytest.raises(KeyError, match="no table 'nope'"):
        store.frame("nope")
    store.close()
    assert reportmine.open_store(out / "reportmine.duckdb").counts()["files"] == N_GOOD + N_BAD
    with pytest.raises(StoreError) as ei:
        reportmine.open_store(tmp_path)
    assert str(ei.value) == (f"[E305] {tmp_path}: not a reportmine store (it holds no reportmine.duckdb; "
                             "make one with reportmine batch)")


def test_a_store_being_written_is_refused_with_e303(tmp_path):
    from reportmine.store import StoreWriter

    (tmp_path / "a.txt").write_text("园区", encoding="utf-8")
    writer = StoreWriter(tmp_path / "out")
    try:
        res = cli("batch", str(tmp_path / "a.txt"), "-o", str(tmp_path / "out"), "--no-progress")
    finally:
        writer.close()
    assert res.returncode == 2
    assert res.err.startswith(f"reportmine: [E303] {tmp_path / 'out' / 'reportmine.duckdb'}: the store is in use (")


def test_batch_without_input_exits_2(tmp_path):
    res = cli("batch", "-o", str(tmp_path / "out"))
    assert res.returncode == 2 and "[E304] no input files" in res.err
    res = cli("batch", str(tmp_path / "nothing-*.txt"), "-o", str(tmp_path / "out"))
    assert res.returncode == 2
    assert res.err.strip() == f"reportmine: [E304] no input files: {tmp_path / 'nothing-*.txt'}: matched no file"


def test_extract_start_up_imports_no_store_or_cluster_library():
    res = subprocess.run([sys.executable, "-X", "importtime", "-m", "reportmine.cli", "extract",
                          str(ROOT / "corpora" / "demo" / "sample_report.txt")], capture_output=True, cwd=ROOT,
                         timeout=120)
    assert res.returncode == 0
    imported = {line.split("|")[-1].strip().split(".")[0] for line in res.stderr.decode().splitlines()
                if line.startswith("import time:")}
    assert not imported & {"duckdb", "pebble", "dask", "distributed", "pandas"}
