#!/usr/bin/env python3
"""Speed benchmark: reportmine against the JioNLP-based peer, whole process, side by side.

    python benchmarks/run.py [--repeat 3] [--corpus benchmarks/data/corpus]
                             [--peer /work/shared/bench/peer_jionlp.py] [--only reportmine|peer]
    python benchmarks/run.py --table benchmarks/out/results.json   # reprint the table

Measures, over the corpus made by make_corpus.py:

  (a) wall time of ONE process `reportmine extract <all files> --format jsonl -o out/rm.jsonl`
  (b) wall time of ONE process `python peer_jionlp.py <all files> > out/peer.json`
      each repeated --repeat times, alternating the two tools (best and median reported,
      after one untimed warm-up run each unless --no-warmup); chars/s and the ratio
      reportmine/peer (above 1 = reportmine faster);
  (c) start-up: the same commands on one ~300-character snippet (data/small.txt), best of
      --startup-repeat (5), and a bare `python -c pass` of each interpreter for reference;
  (d) peak RSS and user+system CPU time of each process, read exactly per child from
      os.wait4()'s rusage (ru_maxrss is in KiB on Linux);
  and counts the metrics each tool produced (reportmine: one reportmine.report/1 object per
  line, per input file; peer: one {"documents":[{"metrics":[...]}]} object for all files).

Prints a Markdown table and writes the same numbers to out/results.json. Standard library
only; the tools run in their own virtual environments (.venv, .venv-peer).
"""
import argparse
import datetime
import glob
import json
import os
import platform
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

SMALL_TEXT = """\
XX经济开发区2023年上半年工作总结

一、主要经济指标完成情况
上半年，全区实现地区生产总值86.5亿元，同比增长7.2%；规模以上工业总产值213.4亿元，增长9.8%；\
固定资产投资完成52.3亿元，增长12.5%；一般公共预算收入6.12亿元，下降3.1%。实际利用外资1.2亿美元，\
外贸进出口总额38.7亿元。新签约项目26个，总投资145亿元，其中亿元以上项目18个；\
新开工项目14个，竣工投产项目9个。

二、重点项目建设
年产20万吨新材料项目完成投资3.6亿元，主体厂房已封顶；智能装备产业园一期建成投用。

三、存在的问题
招商引资难度加大，部分项目进展缓慢，土地、资金等要素制约较为突出。
"""


def rel(p):
    return os.path.relpath(p, os.getcwd())


def run_once(cmd, stdout_path, stderr_path, cwd):
    """Run cmd to completion; return wall seconds, exit code, peak RSS (KiB), user+sys CPU s."""
    with open(stdout_path, 'wb') as out, open(stderr_path, 'wb') as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, stdin=subprocess.DEVNULL, cwd=cwd)
        _, status, ru = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)  # keep Popen from waiting again
    return dict(wall_s=wall, rc=proc.returncode, maxrss_kib=ru.ru_maxrss,
                cpu_s=ru.ru_utime + ru.ru_stime)


def tail(path, n=15):
    try:
        with open(path, encoding='utf-8', errors='replace') as f:
            return ''.join(f.readlines()[-n:])
    except OSError:
        return ''


def count_reportmine(path):
    """Count facts in reportmine's JSON Lines output (one report object per input file)."""
    res = dict(lines=0, documents=0, metrics=0, metrics_with_value=0, other_facts={},
               schemas=set(), errors=[])
    try:
        f = open(path, encoding='utf-8')
    except OSError as e:
        res['errors'].append(f'cannot read {path}: {e}')
        return res
    with f:
        for ln, line in enumerate(f, 1):
            if not line.strip():
                continue
            res['lines'] += 1
            try:
                obj = json.loads(line)
            except ValueError as e:
                res['errors'].append(f'line {ln}: not JSON ({e})')
                continue
            res['schemas'].add(str(obj.get('schema')))
            for doc in obj.get('documents') or []:
                res['documents'] += 1
                for key, val in doc.items():
                    if key == 'metrics' and isinstance(val, list):
                        res['metrics'] += len(val)
                        res['metrics_with_value'] += sum(
                            1 for m in val if isinstance(m, dict) and m.get('value') is not None)
                    elif isinstance(val, list) and all(isinstance(x, dict) for x in val):
                        res['other_facts'][key] = res['other_facts'].get(key, 0) + len(val)
    res['schemas'] = sorted(res['schemas'])
    return res


def count_peer(path):
    res = dict(documents=0, metrics=0, metrics_with_value=0, errors=[])
    try:
        with open(path, encoding='utf-8') as f:
            obj = json.load(f)
    except (OSError, ValueError) as e:
        res['errors'].append(f'cannot read {path} as one JSON object: {e}')
        return res
    for doc in obj.get('documents') or []:
        res['documents'] += 1
        ms = doc.get('metrics') or []
        res['metrics'] += len(ms)
        res['metrics_with_value'] += sum(1 for m in ms if m.get('value') is not None)
    return res


def summarise(runs):
    ok = [r for r in runs if r['rc'] == 0]
    if not ok:
        return None
    walls = [r['wall_s'] for r in ok]
    return dict(n=len(ok), best_s=min(walls), median_s=statistics.median(walls),
                all_s=walls, peak_rss_mib=max(r['maxrss_kib'] for r in ok) / 1024,
                cpu_best_s=min(r['cpu_s'] for r in ok))


def version_of(python, dist):
    code = f'import importlib.metadata as m; print(m.version({dist!r}))'
    try:
        out = subprocess.run([python, '-c', code], capture_output=True, text=True, timeout=60)
        return out.stdout.strip() or None
    except (OSError, subprocess.SubprocessError):
        return None


def fmt_s(x):
    return '–' if x is None else (f'{x:.3f} s' if x < 1 else f'{x:.2f} s')


def fmt_rate(x):
    if x is None:
        return '–'
    return f'{x / 1e6:.2f} M' if x >= 1e6 else f'{x / 1e3:.0f} K'


def fmt_ratio(a, b, invert=False):
    if a is None or b is None or a == 0 or b == 0:
        return '–'
    r = (b / a) if invert else (a / b)
    return f'{r:.2f}×'


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--corpus', default=os.path.join(HERE, 'data', 'corpus'))
    ap.add_argument('--out-dir', default=os.path.join(HERE, 'out'))
    ap.add_argument('--small', default=os.path.join(HERE, 'data', 'small.txt'),
                    help='start-up snippet, (re)written on every run')
    ap.add_argument('--reportmine', default=os.path.join(ROOT, '.venv', 'bin', 'reportmine'))
    ap.add_argument('--peer', default='/work/shared/bench/peer_jionlp.py')
    ap.add_argument('--peer-python', default=os.path.join(ROOT, '.venv-peer', 'bin', 'python'))
    ap.add_argument('--repeat', type=int, default=3)
    ap.add_argument('--startup-repeat', type=int, default=5)
    ap.add_argument('--no-warmup', action='store_true')
    ap.add_argument('--only', choices=['reportmine', 'peer'])
    ap.add_argument('--table', metavar='RESULTS_JSON',
                    help='only print the Markdown table of an earlier results.json')
    args = ap.parse_args(argv)
    if args.table:
        with open(args.table, encoding='utf-8') as f:
            print(markdown(json.load(f)))
        return 0

    files = sorted(glob.glob(os.path.join(args.corpus, '*.txt')))
    if not files:
        sys.exit(f'no *.txt in {args.corpus}: run python benchmarks/make_corpus.py first')
    os.makedirs(args.out_dir, exist_ok=True)
    os.makedirs(os.path.dirname(args.small), exist_ok=True)
    with open(args.small, 'w', encoding='utf-8', newline='\n') as f:
        f.write(SMALL_TEXT)
    chars = 0
    nbytes = 0
    for p in files:
        with open(p, 'rb') as f:
            b = f.read()
        nbytes += len(b)
        chars += len(b.decode('utf-8', errors='replace'))
    # paths relative to the repo top keep the command line short and the log readable
    rel_files = [os.path.relpath(p, ROOT) for p in files]
    small_rel = os.path.relpath(args.small, ROOT)
    rm_out = os.path.join(args.out_dir, 'rm.jsonl')
    peer_out = os.path.join(args.out_dir, 'peer.json')
    rm_python = os.path.join(os.path.dirname(args.reportmine), 'python')

    tools = {}
    if args.only != 'peer':
        tools['reportmine'] = dict(
            big=[args.reportmine, 'extract', *rel_files, '--format', 'jsonl', '-o', rm_out],
            big_stdout=os.path.join(args.out_dir, 'rm.stdout'),
            small=[args.reportmine, 'extract', small_rel, '--format', 'jsonl',
                   '-o', os.path.join(args.out_dir, 'rm_small.jsonl')],
            python=rm_python)
    if args.only != 'reportmine':
        tools['peer'] = dict(
            big=[args.peer_python, args.peer, *rel_files],
            big_stdout=peer_out,
            small=[args.peer_python, args.peer, small_rel],
            python=args.peer_python)
    for name, t in tools.items():
        if not os.path.exists(t['big'][0]):
            sys.exit(f'{name}: {t["big"][0]} not found '
                     f'(peer: bash benchmarks/setup_peer.sh; reportmine: the project .venv)')

    print(f'corpus: {len(files)} files, {chars:,} chars ({nbytes / 1e6:.2f} MB UTF-8); '
          f'repeat {args.repeat}, start-up best of {args.startup_repeat}', file=sys.stderr)
    err = {n: os.path.join(args.out_dir, f'{n}.stderr') for n in tools}
    failed = {}
    runs = {n: [] for n in tools}

    def go(name, kind, stdout_path, log=True):
        r = run_once(tools[name][kind], stdout_path, err[name], ROOT)
        if r['rc'] != 0:
            failed[name] = f'{kind} run exited {r["rc"]}; stderr tail:\n{tail(err[name])}'
        elif log:
            print(f'  {name:10s} {kind:5s} {r["wall_s"]:7.3f} s  rss {r["maxrss_kib"] / 1024:6.1f} MiB',
                  file=sys.stderr)
        return r

    # (a)+(b): whole corpus, one process per run, alternating tools
    if not args.no_warmup:
        for n in tools:
            print(f'  {n:10s} warm-up', file=sys.stderr)
            go(n, 'big', tools[n]['big_stdout'], log=False)
    for i in range(args.repeat):
        for n in tools:
            if n not in failed:
                runs[n].append(go(n, 'big', tools[n]['big_stdout']))

    # (c): start-up on the small snippet, and the bare interpreter
    startup = {n: [] for n in tools}
    bare = {n: [] for n in tools}
    for i in range(args.startup_repeat):
        for n in tools:
            if n in failed:
                continue
            r = go(n, 'small', os.devnull, log=False)
            if r['rc'] == 0:
                startup[n].append(r)
            b = run_once([tools[n]['python'], '-c', 'pass'], os.devnull, os.devnull, ROOT)
            bare[n].append(b)

    res = dict(
        date=datetime.datetime.now().astimezone().isoformat(timespec='seconds'),
        machine=dict(cpus=os.cpu_count(), platform=platform.platform(),
                     python=platform.python_version(), processor=platform.machine()),
        corpus=dict(path=rel(args.corpus), files=len(files), chars=chars, bytes=nbytes,
                    small_file=rel(args.small), small_chars=len(SMALL_TEXT)),
        repeat=args.repeat, startup_repeat=args.startup_repeat, warmup=not args.no_warmup,
        tools={})
    for n, t in tools.items():
        s = summarise(runs[n])
        entry = dict(command=' '.join(t['big'][:2] + ['<%d files>' % len(files)] + t['big'][2 + len(files):])
                     if n == 'reportmine' else ' '.join(t['big'][:2] + ['<%d files>' % len(files)]) + ' > ' + rel(peer_out),
                     runs=runs[n], error=failed.get(n))
        if s:
            entry.update(s)
            entry['chars_per_s_best'] = chars / s['best_s']
            entry['chars_per_s_median'] = chars / s['median_s']
        su = [r['wall_s'] for r in startup[n]]
        entry['startup_best_s'] = min(su) if su else None
        entry['startup_median_s'] = statistics.median(su) if su else None
        entry['startup_peak_rss_mib'] = max(r['maxrss_kib'] for r in startup[n]) / 1024 if su else None
        bw = [r['wall_s'] for r in bare[n] if r['rc'] == 0]
        entry['bare_python_best_s'] = min(bw) if bw else None
        if n == 'reportmine':
            entry['version'] = version_of(t['python'], 'reportmine')
            entry['facts'] = count_reportmine(rm_out) if s else None
        else:
            entry['version'] = 'jionlp ' + (version_of(t['python'], 'jionlp') or '?')
            entry['facts'] = count_peer(peer_out) if s else None
        res['tools'][n] = entry

    with open(os.path.join(args.out_dir, 'results.json'), 'w', encoding='utf-8') as f:
        json.dump(res, f, ensure_ascii=False, indent=1)
        f.write('\n')
    print(markdown(res))
    for n, msg in failed.items():
        print(f'\n{n} FAILED: {msg}', file=sys.stderr)
    for n, e in res['tools'].items():
        fx = e.get('facts') or {}
        for m in fx.get('errors', []):
            print(f'{n} output: {m}', file=sys.stderr)
        # reportmine: one line per input file (a file may hold several documents);
        # peer: one document per input file
        got = fx.get('lines') if n == 'reportmine' else fx.get('documents')
        if fx and got != len(files):
            print(f'{n} output: {got} {"lines" if n == "reportmine" else "documents"} '
                  f'for {len(files)} input files', file=sys.stderr)
    return 1 if failed else 0


def markdown(res):
    T = res['tools']
    rm = T.get('reportmine', {})
    pe = T.get('peer', {})
    c = res['corpus']

    def g(d, *keys):
        for k in keys:
            if not isinstance(d, dict):
                return None
            d = d.get(k)
        return d

    rows = [
        ('wall time, whole corpus, best', fmt_s(g(rm, 'best_s')), fmt_s(g(pe, 'best_s')),
         fmt_ratio(g(rm, 'best_s'), g(pe, 'best_s'))),
        ('wall time, whole corpus, median', fmt_s(g(rm, 'median_s')), fmt_s(g(pe, 'median_s')),
         fmt_ratio(g(rm, 'median_s'), g(pe, 'median_s'))),
        ('throughput, best (chars/s)', fmt_rate(g(rm, 'chars_per_s_best')),
         fmt_rate(g(pe, 'chars_per_s_best')),
         fmt_ratio(g(rm, 'chars_per_s_best'), g(pe, 'chars_per_s_best'))),
        ('throughput, median (chars/s)', fmt_rate(g(rm, 'chars_per_s_median')),
         fmt_rate(g(pe, 'chars_per_s_median')),
         fmt_ratio(g(rm, 'chars_per_s_median'), g(pe, 'chars_per_s_median'))),
        ('CPU time user+sys, best', fmt_s(g(rm, 'cpu_best_s')), fmt_s(g(pe, 'cpu_best_s')),
         fmt_ratio(g(rm, 'cpu_best_s'), g(pe, 'cpu_best_s'))),
        ('peak RSS, whole corpus', _mib(g(rm, 'peak_rss_mib')), _mib(g(pe, 'peak_rss_mib')),
         fmt_ratio(g(rm, 'peak_rss_mib'), g(pe, 'peak_rss_mib'))),
        (f'start-up: one {c["small_chars"]}-char file, best of {res["startup_repeat"]}',
         fmt_s(g(rm, 'startup_best_s')), fmt_s(g(pe, 'startup_best_s')),
         fmt_ratio(g(rm, 'startup_best_s'), g(pe, 'startup_best_s'))),
        ('peak RSS, one small file', _mib(g(rm, 'startup_peak_rss_mib')),
         _mib(g(pe, 'startup_peak_rss_mib')),
         fmt_ratio(g(rm, 'startup_peak_rss_mib'), g(pe, 'startup_peak_rss_mib'))),
        ('bare `python -c pass` of its venv', fmt_s(g(rm, 'bare_python_best_s')),
         fmt_s(g(pe, 'bare_python_best_s')), ''),
        ('metrics produced (with a value)', _facts(g(rm, 'facts')), _facts(g(pe, 'facts')),
         fmt_ratio(g(rm, 'facts', 'metrics'), g(pe, 'facts', 'metrics'))),
    ]
    other = g(rm, 'facts', 'other_facts') or {}
    if g(rm, 'facts', 'documents'):
        rows.append(('documents found in the files', f'{g(rm, "facts", "documents"):,}',
                     f'{g(pe, "facts", "documents") or 0:,} (one per file)', ''))
    if other:
        rows.append(('other reportmine facts', ', '.join(f'{k} {v:,}' for k, v in sorted(other.items())),
                     '–', ''))
    d = res['date'][:10]
    head = (f'Corpus: {c["files"]} files, {c["chars"]:,} characters ({c["bytes"] / 1e6:.2f} MB UTF-8); '
            f'{res["machine"]["cpus"]} cores, Python {res["machine"]["python"]}, {d}; '
            f'whole process, {res["repeat"]} runs each'
            f'{" after a warm-up run" if res["warmup"] else ""}. '
            f'reportmine {rm.get("version") or "?"}; peer: {pe.get("version") or "?"}.\n')
    lines = [head, '| | reportmine | peer (JioNLP) | reportmine / peer |', '|---|---:|---:|---:|']
    lines += [f'| {a} | {b} | {p} | {r} |' for a, b, p, r in rows]
    return '\n'.join(lines)


def _mib(x):
    return '–' if x is None else f'{x:.0f} MiB'


def _facts(fx):
    if not fx or 'metrics' not in fx:
        return '–'
    return f'{fx["metrics"]:,} ({fx["metrics_with_value"]:,})'


if __name__ == '__main__':
    sys.exit(main())
