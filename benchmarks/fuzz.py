#!/usr/bin/env python3
"""Fuzz the extractor: many generated inputs, no crash, none slow.

    python benchmarks/fuzz.py [--inputs 100000] [--seed 12] [--jobs 2] [--limit 1.0]
    python benchmarks/fuzz.py --show 4711          # print input number 4711 of --seed

Input number i of a seed is always the same text, so any finding can be rerun alone.
Five kinds, in turn:

  unicode   random code points of every plane, surrogates and controls included (0-2,000)
  pieces    report pieces joined at random: markers, figures, units, cues, noise (0-3,000)
  mutant    a corpora/ text, or a slice of one, after 1-12 random edits (characters or
            pieces in, slices out or doubled, lines joined or split, boilerplate glued on)
  figures   one long sentence or line of figures, sizes 100-3,000 characters
  bytes     a corpora/ text encoded (UTF-8/16, GB18030, Big5, Latin-1), wrapped as HTML or
            not, with bytes flipped, cut or spliced in, read by the readers (decode_bytes)
            and, when it decodes, extracted

Every input runs through reportmine.extract (the bytes ones through decode_bytes first, a
catalogued ReadError being a correct answer) and its report through to_json. A crash is
any other exception; each distinct one (type and place) is written with its input to
benchmarks/out/fuzz/. Speed is seconds per 10,000 characters, an input under 1,000
characters counted as 1,000 (a few milliseconds per call is a fixed cost, not a rate); the
20 slowest inputs and every one over --limit are timed again alone (best of 3) at the
end, so a busy machine does not make a finding. Writes benchmarks/out/fuzz.json and prints a summary; exit 1 on a crash
or an input over --limit seconds per 10 K characters.
"""
from __future__ import annotations

import argparse
import hashlib
import heapq
import json
import os
import random
import signal
import sys
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
OUT = os.path.join(HERE, "out")
sys.path.insert(0, os.path.join(ROOT, "src"))

KINDS = ("unicode", "pieces", "mutant", "figures", "bytes")
PIECES = ["一、", "二、", "三、", "(一)", "（二）", "(3)", "1、", "2.", "①", "②", "一是", "二是", "第一篇", "第二篇:",
          "当前位置:首页>范文>", "首页 > 工作总结 > ", "第2页 共3页", "- 3 -", "温馨提示:", "下载", "www.x.com",
          "开发区", "工业园区", "高新区", "经济技术开发区", "XX开发区", "2024年", "2023年度", "上半年", "1-5月份", "14月",
          "十四五", "全年", "今年以来", "同比增长", "同比下降", "增长", "下降", "个百分点", "%", "％", "亿元", "万元", "元",
          "万美元", "个", "家", "项", "人", "平方米", "亩", "公里", "吨/年", "xx.x", "XX", "x", "*", "**", "_", "6.8",
          "19.2", "0.5", "100", "2。87", "1,234", "一百四十八", "两千五百万", "近亿", "3000余", "三四百万", "L5", "项目",
          "工程", "产业园", "签约", "开工", "竣工投产", "在建", "前期", "力争", "确保", "预计", "计划", "目标", "完成",
          "实现", "达到", "其中", "存在问题", "不足", "不强", "不高", "下一步", "规上工业增加值", "固定资产投资",
          "一般公共预算收入", "招商引资", "等", "、", ",", "，", "。", ";", "；", "：", ":", "(", ")", "（", "）", "“",
          "”", "《", "》", "\n", "\n\n", " ", "\u3000", "\t", "\r", "\x00", "\ufeff", "\u200b", "實現", "億元", "開發區",
          "<b>", "&amp;", "(shí)", "o", "oo", "。。。", "......", "——", "~", "-", "/", "+", "=", "?", "？"]
FIGURE = ["规上工业增加值{}亿元,", "同比增长{}%,", "新签约项目{}个、", "{}万元、", "固定资产投资{}亿元;", "{}家,"]
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "gb18030", "big5", "latin-1"]


def corpora() -> list[str]:
    import glob

    paths = sorted(glob.glob(os.path.join(ROOT, "corpora", "*", "*.txt")))
    return [open(p, encoding="utf-8").read() for p in paths]


TEXTS: list[str] = []


def _unicode(rnd: random.Random) -> str:
    n = rnd.randint(0, 2000)
    out = []
    for _ in range(n):
        r = rnd.random()
        if r < 0.35:
            out.append(chr(rnd.randint(0x4E00, 0x9FFF)))
        elif r < 0.55:
            out.append(chr(rnd.randint(0x20, 0x7E)))
        elif r < 0.65:
            out.append(rnd.choice("\n\t\r \u3000,，。;；:：、()（）%"))
        elif r < 0.7:
            out.append(chr(rnd.randint(0, 0x1F)))
        elif r < 0.75:
            out.append(chr(rnd.randint(0xD800, 0xDFFF)))
        else:
            out.append(chr(rnd.randint(0, 0x10FFFF)))
    return "".join(out)


def _pieces(rnd: random.Random) -> str:
    out, n = [], 0
    target = rnd.randint(0, 3000)
    while n < target:
        p = rnd.choice(PIECES)
        out.append(p)
        n += len(p)
    return "".join(out)


def _mutate(rnd: random.Random, text: str) -> str:
    s = list(text)
    for _ in range(rnd.randint(1, 12)):
        if not s:
            s = list(rnd.choice(PIECES))
        op = rnd.random()
        i = rnd.randrange(len(s) + 1)
        if op < 0.25:
            s[i:i] = list(rnd.choice(PIECES))
        elif op < 0.4:
            s[i:i] = [chr(rnd.randint(0, 0x10FFFF))]
        elif op < 0.55:
            del s[i:i + rnd.randint(1, 200)]
        elif op < 0.65:
            j = min(len(s), i + rnd.randint(1, 400))
            s[i:i] = s[i:j] * rnd.randint(1, 4)
        elif op < 0.75:
            s = [c for c in s if c != "\n"] if rnd.random() < 0.5 else s
        elif op < 0.85:
            s = [("\n" if c in "。;" and rnd.random() < 0.5 else c) for c in s]
        elif op < 0.92:
            s[0:0] = list("当前位置:首页>工作总结>")
        else:
            k = rnd.randrange(len(s))
            s[k] = rnd.choice("xX*_?0123456789一二三")
    return "".join(s)


def _mutant(rnd: random.Random) -> str:
    text = rnd.choice(TEXTS)
    if rnd.random() < 0.5:
        a = rnd.randrange(len(text))
        text = text[a:a + rnd.randint(50, 3000)]
    return _mutate(rnd, text)


def _figures(rnd: random.Random) -> str:
    target = rnd.randint(100, 3000)
    out, n = ["开发区"], 3
    while n < target:
        piece = rnd.choice(FIGURE).format(rnd.choice(["6.8", "19", "xx", "0.5", "1200", "两", "三十"]))
        out.append(piece)
        n += len(piece)
    out.append(rnd.choice(["。", "", "\n"]))
    return "".join(out)


def _bytes(rnd: random.Random) -> tuple[bytes, str | None]:
    text = rnd.choice(TEXTS)
    a = rnd.randrange(len(text))
    text = text[a:a + rnd.randint(20, 4000)]
    fmt = None
    if rnd.random() < 0.3:
        text = "<html><head><meta charset='utf-8'></head><body><p>" + text.replace("\n", "</p><p>") + "</p></body></html>"
        fmt = rnd.choice([None, "html"])
    enc = rnd.choice(ENCODINGS)
    data = bytearray(text.encode(enc, errors="replace"))
    for _ in range(rnd.randint(0, 6)):
        if not data:
            break
        op = rnd.random()
        i = rnd.randrange(len(data))
        if op < 0.4:
            data[i] = rnd.randrange(256)
        elif op < 0.6:
            del data[i:i + rnd.randint(1, 50)]
        elif op < 0.8:
            data[i:i] = bytes(rnd.randrange(256) for _ in range(rnd.randint(1, 8)))
        else:
            data = data[:i]
    if rnd.random() < 0.1:
        fmt = rnd.choice(["txt", "docx", "pdf"])
    return bytes(data), fmt


def make(seed: int, i: int):
    """(kind, input) of input number i: a str, or (bytes, fmt) for the readers."""
    rnd = random.Random(f"{seed}:{i}")
    kind = KINDS[i % len(KINDS)]
    return kind, {"unicode": _unicode, "pieces": _pieces, "mutant": _mutant, "figures": _figures, "bytes": _bytes}[kind](rnd)


class _Timeout(Exception):
    pass


def _alarm(signum, frame):
    raise _Timeout()


def one(seed: int, i: int, timeout: int):
    import reportmine
    from reportmine.errors import ReadError
    from reportmine.io import decode_bytes

    kind, data = make(seed, i)
    signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(timeout)
    t0 = time.perf_counter()
    chars = 0
    try:
        if kind == "bytes":
            raw, fmt = data
            try:
                decoded = decode_bytes(raw, path="fuzz", fmt=fmt)
            except ReadError:
                return i, kind, len(raw), time.perf_counter() - t0, None
            text = decoded.text
        else:
            text = data
        chars = len(text)
        reportmine.extract(text).to_json()
        return i, kind, chars, time.perf_counter() - t0, None
    except _Timeout:
        return i, kind, chars, time.perf_counter() - t0, ("Timeout", f"over {timeout} s", "")
    except Exception as exc:  # noqa: BLE001 - this is what the fuzzer looks for
        tb = traceback.extract_tb(exc.__traceback__)
        where = f"{os.path.basename(tb[-1].filename)}:{tb[-1].lineno}" if tb else "?"
        return i, kind, chars, time.perf_counter() - t0, (type(exc).__name__, str(exc)[:300], where)
    finally:
        signal.alarm(0)


def _rate(chars: int, seconds: float) -> float:
    """Seconds per 10,000 characters, inputs under 1,000 characters counted as 1,000."""
    return seconds / max(chars, 1000) * 10_000


def _worker(args):
    seed, lo, hi, timeout = args
    return [one(seed, i, timeout) for i in range(lo, hi)]


def _init():
    if not TEXTS:  # idempotent: input i must be the same text in every process
        TEXTS.extend(corpora())
    import reportmine

    # rules compiled, the dictionary and the classifiers loaded before the clock runs (a
    # first call's loading is not the input's time)
    reportmine.extract(TEXTS[0] if TEXTS else "开发区实现规上工业增加值6.8亿元。")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--inputs", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=12)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--limit", type=float, default=1.0, help="seconds per 10 K characters that count as slow")
    ap.add_argument("--timeout", type=int, default=60, help="seconds before one input counts as hung")
    ap.add_argument("--show", type=int, help="print input number N of --seed and exit")
    args = ap.parse_args()
    _init()
    if args.show is not None:
        kind, data = make(args.seed, args.show)
        print(kind, repr(data))
        return 0

    os.makedirs(os.path.join(OUT, "fuzz"), exist_ok=True)
    import multiprocessing as mp

    step = 200
    tasks = [(args.seed, lo, min(lo + step, args.inputs), args.timeout) for lo in range(0, args.inputs, step)]
    t0 = time.time()
    done, total_chars = 0, 0
    crashes: dict[str, dict] = {}
    slow: list[tuple[float, int, str, int, float]] = []  # min-heap of the 50 slowest rates
    first_over: list[tuple[float, int, str, int, float]] = []  # every input over --limit on its first run
    per_kind = {k: {"inputs": 0, "chars": 0, "seconds": 0.0, "max_rate": 0.0} for k in KINDS}
    ctx = mp.get_context("fork")
    with ctx.Pool(args.jobs, initializer=_init) as pool:
        for batch in pool.imap_unordered(_worker, tasks):
            for i, kind, chars, secs, err in batch:
                done += 1
                total_chars += chars
                k = per_kind[kind]
                k["inputs"] += 1
                k["chars"] += chars
                k["seconds"] += secs
                rate = _rate(chars, secs)
                k["max_rate"] = max(k["max_rate"], rate)
                item = (rate, i, kind, chars, secs)
                if rate > args.limit and len(first_over) < 5000:
                    first_over.append(item)
                if len(slow) < 50:
                    heapq.heappush(slow, item)
                else:
                    heapq.heappushpop(slow, item)
                if err:
                    key = f"{err[0]} at {err[2]}"
                    if key not in crashes:
                        crashes[key] = {"error": err[0], "message": err[1], "where": err[2], "input": i, "kind": kind,
                                        "count": 0}
                        with open(os.path.join(OUT, "fuzz", f"crash_{hashlib.sha1(key.encode()).hexdigest()[:10]}.txt"),
                                  "w", encoding="utf-8", errors="surrogatepass") as fh:
                            fh.write(f"# {key}: {err[1]}\n# python benchmarks/fuzz.py --seed {args.seed} --show {i}\n")
                            fh.write(repr(make(args.seed, i)[1]))
                    crashes[key]["count"] += 1
            if done % 10_000 < step:
                print(f"{done:,} inputs, {total_chars:,} characters, {len(crashes)} distinct crashes, "
                      f"{time.time() - t0:.0f} s", file=sys.stderr, flush=True)
    elapsed = time.time() - t0

    # the 20 slowest and every input over the limit on its first run, again, alone, best
    # of 3: a busy machine (or a first call's loading) is not a finding
    recheck = []
    again = sorted(set(sorted(slow, reverse=True)[:20]) | set(first_over), reverse=True)
    for rate, i, kind, chars, secs in again:
        best = min(one(args.seed, i, args.timeout)[3] for _ in range(3))
        recheck.append({"input": i, "kind": kind, "chars": chars, "seconds": round(best, 4),
                        "s_per_10k_chars": round(_rate(chars, best), 4), "first_run_seconds": round(secs, 4)})
    recheck.sort(key=lambda r: -r["s_per_10k_chars"])
    worst = recheck[0] if recheck else None
    over = [r for r in recheck if r["s_per_10k_chars"] > args.limit]
    summary = {"date": time.strftime("%Y-%m-%d"), "seed": args.seed, "inputs": done, "characters": total_chars,
               "jobs": args.jobs, "wall_seconds": round(elapsed, 1), "crashes": sum(c["count"] for c in crashes.values()),
               "distinct_crashes": list(crashes.values()), "limit_s_per_10k": args.limit,
               "over_limit_first_run": len(first_over), "slowest_rechecked": recheck[:50], "over_limit": over,
               "per_kind": {k: {**v, "seconds": round(v["seconds"], 2), "max_rate": round(v["max_rate"], 4)}
                            for k, v in per_kind.items()}}
    with open(os.path.join(OUT, "fuzz.json"), "w", encoding="utf-8") as fh:
        json.dump(summary, fh, ensure_ascii=False, indent=1)
    print(f"{done:,} inputs ({total_chars:,} characters) in {elapsed:.0f} s on {args.jobs} processes, seed {args.seed}")
    print(f"crashes: {summary['crashes']} ({len(crashes)} distinct)")
    for c in crashes.values():
        print(f"  {c['error']} at {c['where']} x{c['count']}: {c['message'][:120]}  (--show {c['input']})")
    if worst:
        print(f"slowest, timed again alone: {worst['s_per_10k_chars']:.3f} s per 10 K characters "
              f"(input {worst['input']}, {worst['kind']}, {worst['chars']:,} characters, {worst['seconds']:.3f} s)")
    print(f"inputs over {args.limit:g} s per 10 K characters: {len(first_over)} on the first run, "
          f"{len(over)} timed again alone ({len(recheck)} timed again)")
    for r in over:
        print(f"  input {r['input']} ({r['kind']}, {r['chars']:,} characters): {r['s_per_10k_chars']:.3f} s per 10 K")
    return 1 if crashes or over else 0


if __name__ == "__main__":
    sys.exit(main())
