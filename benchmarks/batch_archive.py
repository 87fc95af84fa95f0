"""The "done when" run of `reportmine batch`, and its figures.

    python benchmarks/batch_archive.py [--files 2000] [--timeout 20] [--dask] [--scale 10] [--throughput 400]

1. Builds an archive (benchmarks/make_archive.py: report texts of corpora/ in several
   encodings and formats, 20 files corrupt or not text, one of them a 5 MB single line)
   under benchmarks/data/ (git-ignored).
2. Runs `reportmine batch ARCHIVE -o ref/` uninterrupted and checks that every good file is
   stored and every bad one recorded with its expected error code and a reason.
3. Runs it again into killed/, sends SIGKILL to the batch and its workers when half the
   files are stored, runs the same command again, and checks that the tables equal ref/'s
   (no row lost, none doubled) and that reports.jsonl and errors.jsonl are byte-identical.
4. --dask: the same archive on a Dask LocalCluster of 2 workers; the tables must equal.
5. --throughput N: N good files with -j 1 and -j 2: characters and reports per second,
   peak memory per worker.
6. --scale K: an archive K times larger, for growth (time per file, memory).

Prints a Markdown table and writes benchmarks/out/batch.json. Every run is a separate
`reportmine batch` process, timed as a whole (start-up included); the parent's peak RSS
is in the runs table (runs.parent_peak_mib), the workers' too (runs.worker_peak_mib, the
largest of any worker; forked workers count the pages they share with the parent).
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "benchmarks" / "data"
OUT = ROOT / "benchmarks" / "out"
BIN = ROOT / ".venv" / "bin"
CLI = [str(BIN / "python"), "-m", "reportmine.cli", "batch"]


def _make_archive():
    spec = importlib.util.spec_from_file_location("make_archive", ROOT / "benchmarks" / "make_archive.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def archive(n: int, huge: bool = True) -> tuple[Path, dict]:
    folder = DATA / f"archive-{n}"
    manifest_path = DATA / f"archive-{n}.manifest.json"
    if manifest_path.is_file() and folder.is_dir():
        return folder, json.loads(manifest_path.read_text(encoding="utf-8"))
    shutil.rmtree(folder, ignore_errors=True)
    t = time.perf_counter()
    manifest = _make_archive().build_archive(folder, n, seed=0, huge=huge)
    manifest_path.write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    print(f"built {folder}: {n} files in {time.perf_counter() - t:.1f} s", file=sys.stderr)
    return folder, manifest


def run(args: list[str], out: Path, fresh: bool = True) -> dict:
    """One `reportmine batch` process: exit code, wall time, peak memory, the run's row."""
    if fresh:
        shutil.rmtree(out, ignore_errors=True)
    load = os.getloadavg()[0]
    t = time.perf_counter()
    proc = subprocess.Popen(CLI + args + ["-o", str(out), "--no-progress"], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    stdout = proc.stdout.read().decode("utf-8")
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t
    row = last_run(out)
    return {"exit": os.waitstatus_to_exitcode(status), "wall_s": round(wall, 2),
            "any_process_peak_mib": round(usage.ru_maxrss / 1024, 1), "load_before": round(load, 2),
            "summary": stdout.strip(), **row}


def last_run(out: Path) -> dict:
    import reportmine

    with reportmine.open_store(out) as store:
        runs = store.frame("runs")
        r = runs.iloc[-1]
        files = store.sql("SELECT status, count(*) n FROM files GROUP BY 1")
        size = (out / "reportmine.duckdb").stat().st_size
    return {"extracted": int(r["extracted"]), "skipped": int(r["skipped"]), "failed": int(r["failed"]),
            "chars": int(r["chars"] or 0), "worker_peak_mib": float(r["worker_peak_mib"] or 0),
            "parent_peak_mib": float(r["parent_peak_mib"] or 0),
            "store_mib": round(size / 2**20, 1), "files_by_status": dict(zip(files["status"], files["n"]))}


def check_archive(out: Path, manifest: dict) -> dict:
    """Every good file stored, every bad one failed with its code and a reason."""
    import reportmine

    with reportmine.open_store(out) as store:
        files = store.files.set_index("path")
    bad_ok = [p for p in manifest["good"] if files.loc[p, "status"] != "ok"]
    wrong = {p: (files.loc[p, "error_code"], code) for p, code in manifest["bad"].items()
             if files.loc[p, "status"] != "failed" or (code and files.loc[p, "error_code"] != code)}
    errors = [json.loads(x) for x in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    return {"good_stored": len(manifest["good"]) - len(bad_ok), "good": len(manifest["good"]),
            "bad_recorded": len(manifest["bad"]) - len(wrong), "bad": len(manifest["bad"]),
            "errors_jsonl": len(errors), "all_reasons": all(e["reason"] for e in errors),
            "codes": sorted({e["code"] for e in errors}), "problems": bad_ok[:5] + list(wrong.items())[:5]}


def same_tables(a: Path, b: Path) -> dict:
    import reportmine

    out = {}
    with reportmine.open_store(a) as sa, reportmine.open_store(b) as sb:
        for name in ("files", "documents", "sections", "metrics", "projects", "problems", "plans", "reports"):
            fa, fb = sa.frame(name), sb.frame(name)
            drop = [c for c in ("seconds", "run") if c in fa.columns]
            out[name] = bool(fa.drop(columns=drop).equals(fb.drop(columns=drop)))
        dup = sb.sql("SELECT count(*) FROM (SELECT sha256, document, idx FROM metrics GROUP BY ALL HAVING count(*) > 1)")
        out["duplicate_metric_keys"] = int(dup.iloc[0, 0])
    for name in ("reports.jsonl", "errors.jsonl"):
        out[name] = (a / name).read_bytes() == (b / name).read_bytes()
    return out


def killed_run(folder: Path, out: Path, timeout: float, total: int) -> dict:
    shutil.rmtree(out, ignore_errors=True)
    proc = subprocess.Popen(CLI + [str(folder), "-o", str(out), "--timeout", str(timeout), "--progress"],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    seen, stored = b"", 0
    t = time.perf_counter()
    while stored < total // 2:
        chunk = os.read(proc.stderr.fileno(), 65536)
        if not chunk:
            break
        seen = seen[-4096:] + chunk
        found = re.findall(rb"stored (\d+)", seen)
        stored = int(found[-1]) if found else 0
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    at = time.perf_counter() - t
    import reportmine

    with reportmine.open_store(out) as store:
        in_store = int(store.sql("SELECT count(*) FROM files").iloc[0, 0])
    return {"killed_after_s": round(at, 1), "stored_when_killed": stored, "files_in_store_after_kill": in_store,
            "exit": proc.returncode}


def dask_run(folder: Path, out: Path, timeout: float) -> dict:
    import dask
    from distributed import LocalCluster

    with dask.config.set({"distributed.worker.daemon": False}):
        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                               silence_logs=40)
    try:
        return run([str(folder), "--timeout", str(timeout), "--engine", "dask", "--scheduler",
                    cluster.scheduler_address], out)
    finally:
        cluster.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--files", type=int, default=2000)
    ap.add_argument("--timeout", type=float, default=20.0, help="the per-file limit of every run")
    ap.add_argument("--dask", action="store_true")
    ap.add_argument("--throughput", type=int, default=0, help="good files for the 1 vs 2 worker runs")
    ap.add_argument("--scale", type=int, default=0, help="also an archive this many times larger")
    ap.add_argument("--skip-kill", action="store_true")
    a = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    work = DATA / "stores"
    results: dict = {"machine": {"cores": os.cpu_count(), "python": sys.version.split()[0]}}

    folder, manifest = archive(a.files)
    results["archive"] = {"files": a.files, "bad": len(manifest["bad"]), "chars": manifest["chars"]}
    ref = work / f"ref-{a.files}"
    results["reference"] = run([str(folder), "--timeout", str(a.timeout)], ref)
    results["reference"]["check"] = check_archive(ref, manifest)
    print(json.dumps(results["reference"], ensure_ascii=False, indent=1), file=sys.stderr)

    if not a.skip_kill:
        killed = work / f"killed-{a.files}"
        results["kill"] = killed_run(folder, killed, a.timeout, a.files)
        results["resume"] = run([str(folder), "--timeout", str(a.timeout)], killed, fresh=False)
        results["resume"]["check"] = check_archive(killed, manifest)
        results["resume"]["same_as_reference"] = same_tables(ref, killed)
        print(json.dumps({k: results[k] for k in ("kill", "resume")}, ensure_ascii=False, indent=1), file=sys.stderr)

    if a.dask:
        d = work / f"dask-{a.files}"
        results["dask"] = dask_run(folder, d, a.timeout)
        results["dask"]["same_as_reference"] = same_tables(ref, d)
        print(json.dumps(results["dask"], ensure_ascii=False, indent=1), file=sys.stderr)

    if a.throughput:
        good = manifest["good"][:a.throughput]
        lst = DATA / f"good-{a.throughput}.lst"
        lst.write_text("\n".join(good) + "\n", encoding="utf-8")
        results["throughput"] = {}
        for jobs in (1, 2):
            r = run([f"@{lst}", "-j", str(jobs), "--timeout", str(a.timeout)], work / f"tp-{jobs}")
            r["chars_per_s"] = round(r["chars"] / r["wall_s"])
            r["reports_per_s"] = round(r["extracted"] / r["wall_s"], 1)
            results["throughput"][jobs] = r
            print(json.dumps(r, ensure_ascii=False, indent=1), file=sys.stderr)

    if a.scale:
        n = a.files * a.scale
        big, big_manifest = archive(n)
        r = run([str(big), "--timeout", str(a.timeout)], work / f"ref-{n}")
        r["check"] = check_archive(work / f"ref-{n}", big_manifest)
        results["scale"] = {"files": n, "chars": big_manifest["chars"], **r}
        print(json.dumps(results["scale"], ensure_ascii=False, indent=1), file=sys.stderr)

    (OUT / "batch.json").write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    print(table(results))


def table(r: dict) -> str:
    ref = r["reference"]
    c = ref["check"]
    rows = [
        "| what | figure |", "|---|---|",
        f"| archive | {r['archive']['files']:,} files, {r['archive']['chars']:,} characters of good text, "
        f"{r['archive']['bad']} bad files |",
        f"| uninterrupted batch | {ref['wall_s']:.1f} s, {(ref['extracted'] + ref['failed']) / ref['wall_s']:.1f} files/s, "
        f"{ref['chars'] / ref['wall_s'] / 1000:,.0f} K chars/s, exit {ref['exit']} |",
        f"| stored / recorded | {c['good_stored']:,} of {c['good']:,} good files stored; {c['bad_recorded']} of "
        f"{c['bad']} bad files recorded with their code ({', '.join(c['codes'])}) |",
        f"| memory | parent {ref['parent_peak_mib']:.0f} MiB, worker peak {ref['worker_peak_mib']:.0f} MiB; "
        f"store {ref['store_mib']:.0f} MiB |",
    ]
    if "kill" in r:
        k, res = r["kill"], r["resume"]
        same = all(v for key, v in res["same_as_reference"].items() if key != "duplicate_metric_keys")
        rows.append(f"| kill -9 halfway | killed after {k['killed_after_s']} s with {k['files_in_store_after_kill']:,} "
                    f"files stored; the re-run read {res['extracted']:,} more and skipped {res['skipped']:,} in "
                    f"{res['wall_s']:.1f} s; tables and JSONL equal to the uninterrupted run: {same}; "
                    f"duplicate rows: {res['same_as_reference']['duplicate_metric_keys']} |")
    if "dask" in r:
        d = r["dask"]
        same = all(v for key, v in d["same_as_reference"].items() if key != "duplicate_metric_keys")
        rows.append(f"| Dask LocalCluster (2 workers) | {d['wall_s']:.1f} s; tables and JSONL equal to the local "
                    f"engine's: {same} |")
    for jobs, t in (r.get("throughput") or {}).items():
        rows.append(f"| {jobs} worker{'s' if str(jobs) != '1' else ''}, {t['extracted']} good files | "
                    f"{t['chars_per_s'] / 1000:,.0f} K chars/s, {t['reports_per_s']} reports/s, worker peak "
                    f"{t['worker_peak_mib']:.0f} MiB, parent {t['parent_peak_mib']:.0f} MiB |")
    if "scale" in r:
        s = r["scale"]
        rows.append(f"| {s['files']:,} files ({s['files'] // r['archive']['files']}x) | {s['wall_s']:.1f} s "
                    f"({s['wall_s'] / ref['wall_s']:.1f}x the time), {(s['extracted'] + s['failed']) / s['wall_s']:.1f} "
                    f"files/s, parent {s['parent_peak_mib']:.0f} MiB, worker peak {s['worker_peak_mib']:.0f} MiB, "
                    f"store {s['store_mib']:.0f} MiB |")
    return "\n".join(rows)


if __name__ == "__main__":
    main()
