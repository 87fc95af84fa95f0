#!/usr/bin/env python3
"""Time and memory against input size: does `reportmine extract` stay linear?

    python benchmarks/scaling.py [--quick] [--timeout 600] [--only text|line|figures|limit]

Each case is one whole `reportmine extract FILE --format jsonl -o /dev/null` process
(interpreter start to exit), run once, with a time limit so a quadratic case cannot hang
the run; peak RSS and CPU come from os.wait4(). The inputs are written to
benchmarks/data/scaling/ (git-ignored) from corpora/ texts:

  text      many lines: the corpora reports joined and repeated to 1, 5, 10, 25 and 50 MB
            (50 MB = 50,000,000 bytes, under the default --max-bytes of 50 MiB)
  line      one line, no line break: report sentences repeated to 0.5, 1, 2 and 5 MB
  figures   one sentence of N figures (规上工业增加值6.8亿元, ... 。), N = 5k, 10k, 20k
  limit     a 60 MB file: refused at once (E006, exit 2), nothing read

Prints a Markdown table (seconds, characters per second, seconds per 10 K characters,
peak MiB) and writes benchmarks/out/scaling.json. --quick runs the small sizes only.
Standard library only; the project's .venv runs the cases.
"""
from __future__ import annotations

import argparse
import glob
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DATA = os.path.join(HERE, "data", "scaling")
OUT = os.path.join(HERE, "out")
REPORTMINE = os.path.join(ROOT, ".venv", "bin", "reportmine")

SENTENCES = ("上半年,开发区实现规上工业增加值6.8亿元,同比增长19.2%;完成固定资产投资41.2亿元,其中工业投资27.5亿元。"
             "新签约项目23个,协议总投资148.6亿元,恒远新材料项目已竣工投产。一是主导产业集聚度不高。")
MB = 1_000_000


def corpus_text() -> str:
    parts = [open(p, encoding="utf-8").read() for p in sorted(glob.glob(os.path.join(ROOT, "corpora", "reports", "*.txt")))]
    return "\n".join(parts) + "\n"


def write(name: str, size: int, unit: str) -> str:
    """A file of about ``size`` bytes of UTF-8 built from ``unit``, cut at a character.
    Written piece by piece: this process stays small, so the children it forks do not
    start with its memory counted in their peak RSS."""
    path = os.path.join(DATA, name)
    if os.path.exists(path) and abs(os.path.getsize(path) - size) < len(unit.encode()) + 8:
        return path
    data = unit.encode("utf-8")
    reps = size // len(data)
    with open(path, "wb") as fh:
        for _ in range(reps):
            fh.write(data)
        fh.write(data[: size - reps * len(data)].decode("utf-8", "ignore").encode("utf-8"))
    return path


def count_chars(path: str) -> int:
    n = 0
    with open(path, encoding="utf-8") as fh:
        while True:
            piece = fh.read(1 << 20)
            if not piece:
                return n
            n += len(piece)


def figures_sentence(n: int) -> str:
    return "开发区" + "".join(f"规上工业增加值{(i % 97) + 1}.{i % 10}亿元," for i in range(n)) + "增长明显。\n"


def run(path: str, timeout: float) -> dict:
    t0 = time.perf_counter()
    proc = subprocess.Popen([REPORTMINE, "extract", path, "--format", "jsonl", "-o", os.devnull],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    status, err = "ok", b""
    deadline = t0 + timeout
    while True:
        pid, code, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            proc.kill()
            pid, code, usage = os.wait4(proc.pid, 0)
            status = f"> {timeout:g} s (killed)"
            break
        time.sleep(0.05)
    wall = time.perf_counter() - t0
    err = proc.stderr.read().decode("utf-8", "replace").strip()
    proc.stderr.close()
    if status == "ok" and code != 0:
        status = f"exit {os.waitstatus_to_exitcode(code)}: {err[:120]}"
    return {"seconds": round(wall, 2), "cpu": round(usage.ru_utime + usage.ru_stime, 2),
            "peak_mib": round(usage.ru_maxrss / 1024, 1), "status": status}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="small sizes only (a minute)")
    ap.add_argument("--timeout", type=float, default=600.0, help="seconds before a case is killed")
    ap.add_argument("--only", choices=["text", "line", "figures", "limit"])
    args = ap.parse_args()
    if not os.path.exists(REPORTMINE):
        sys.exit("run `make install` first (.venv/bin/reportmine is missing)")
    os.makedirs(DATA, exist_ok=True)
    os.makedirs(OUT, exist_ok=True)

    text = corpus_text()
    cases = []
    if args.only in (None, "text"):
        for mb in ([1, 5] if args.quick else [1, 5, 10, 25, 50]):
            cases.append(("text", f"{mb} MB, many lines", write(f"text_{mb}mb.txt", mb * MB, text)))
    if args.only in (None, "line"):
        for mb in ([0.5, 1] if args.quick else [0.5, 1, 2, 5]):
            cases.append(("line", f"{mb:g} MB, one line", write(f"line_{mb:g}mb.txt", int(mb * MB), SENTENCES)))
    if args.only in (None, "figures"):
        for n in ([1000, 2500] if args.quick else [5000, 10000, 20000]):
            path = os.path.join(DATA, f"figures_{n}.txt")
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(figures_sentence(n))
            cases.append(("figures", f"one sentence, {n:,} figures", path))
    if args.only in (None, "limit"):
        cases.append(("limit", "60 MB (over --max-bytes)", write("limit_60mb.txt", 60 * MB, text)))

    rows = []
    for kind, label, path in cases:
        size = os.path.getsize(path)
        chars = count_chars(path)
        res = run(path, args.timeout)
        res.update(kind=kind, case=label, bytes=size, chars=chars)
        if res["status"] == "ok":
            res["chars_per_s"] = round(chars / res["seconds"])
            res["s_per_10k_chars"] = round(res["seconds"] / chars * 10_000, 4)
        rows.append(res)
        print(f"{label}: {res['seconds']} s, {res['peak_mib']} MiB, {res['status']}", file=sys.stderr, flush=True)

    print("| case | bytes | characters | seconds | K chars/s | s per 10 K chars | peak MiB | status |")
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    for r in rows:
        kc = f"{r['chars_per_s'] / 1000:,.0f}" if "chars_per_s" in r else "—"
        per = f"{r['s_per_10k_chars']:.4f}" if "s_per_10k_chars" in r else "—"
        print(f"| {r['case']} | {r['bytes']:,} | {r['chars']:,} | {r['seconds']} | {kc} | {per} | {r['peak_mib']} | {r['status']} |")
    with open(os.path.join(OUT, "scaling.json"), "w", encoding="utf-8") as fh:
        json.dump({"date": time.strftime("%Y-%m-%d"), "cores": os.cpu_count(), "rows": rows}, fh, ensure_ascii=False, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
