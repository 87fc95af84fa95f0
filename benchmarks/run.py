#!/usr/bin/env python3
"""Speed benchmark: reportmine against the JioNLP-based peer, whole process, side by side.

    python benchmarks/run.py [--repeat 3] [--corpus DIR [--corpus DIR2]] [--jobs 1]
                             [--peer /work/shared/bench/peer_jionlp.py] [--only reportmine|peer]
    python benchmarks/run.py --table benchmarks/out/results.json   # reprint the table

Measures, over each corpus (default: data/corpus from make_corpus.py, the dev texts in
238 files, and data/short from make_short.py, 1,200 short reports cut from corpora/):

  (a) ONE process `reportmine extract <all files> --format jsonl -o out/rm.jsonl -j 1`
      (--jobs; 1 by default, so both tools run on one core)
  (b) ONE process `python peer_jionlp.py <all files> > out/peer.json`
      each repeated --repeat times, alternating the two tools (best and median reported,
      after one untimed warm-up run each unless --no-warmup);
  (c) CPU time (user+sys, exactly per child from os.wait4()'s rusage) and characters per
      CPU-second, the per-core figure; wall time and chars/s by wall time; peak RSS
      (ru_maxrss, KiB on Linux); the ratio reportmine/peer (above 1 = reportmine larger);
  (d) start-up: the same commands on one ~300-character snippet (data/small.txt), best of
      --startup-repeat (5), and a bare `python -c pass` of each interpreter for reference;
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
    cpus = [r['cpu_s'] for r in ok]
    return dict(n=len(ok), best_s=min(walls), median_s=statistics.median(walls),
                all_s=walls, peak_rss_mib=max(r['maxrss_kib'] for r in ok) / 1024,
                cpu_best_s=min(cpus), cpu_median_s=statistics.median(cpus), cpu_all_s=cpus)


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


def corpus_files(path):
    files = sorted(glob.glob(os.path.join(path, '*.txt')))
    chars = nbytes = 0
    for p in files:
        with open(p, 'rb') as f:
            b = f.read()
        nbytes += len(b)
        chars += len(b.decode('utf-8', errors='replace'))
    return files, chars, nbytes


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--corpus', action='append', metavar='DIR',
                    help='a folder of *.txt; may be given several times '
                         '(default: data/corpus and data/short)')
    ap.add_argument('--out-dir', default=os.path.join(HERE, 'out'))
    ap.add_argument('--small', default=os.path.join(HERE, 'data', 'small.txt'),
                    help='start-up snippet, (re)written on every run')
    ap.add_argument('--reportmine', default=os.path.join(ROOT, '.venv', 'bin', 'reportmine'))
    ap.add_argument('--jobs', type=int, default=1,
                    help='reportmine --jobs (default 1: one process, as the peer; 0: one per core)')
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
    corpora = args.corpus or [os.path.join(HERE, 'data', 'corpus'), os.path.join(HERE, 'data', 'short')]
    loaded = []
    for cdir in corpora:
        files, chars, nbytes = corpus_files(cdir)
        if not files:
            sys.exit(f'no *.txt in {cdir}: run python benchmarks/make_corpus.py '
                     f'and python benchmarks/make_short.py first')
        loaded.append((cdir, files, chars, nbytes))
    os.makedirs(args.out_dir, exist_ok=True)
    os.makedirs(os.path.dirname(args.small), exist_ok=True)
    with open(args.small, 'w', encoding='utf-8', newline='\n') as f:
        f.write(SMALL_TEXT)
    small_rel = os.path.relpath(args.small, ROOT)
    rm_python = os.path.join(os.path.dirname(args.reportmine), 'python')
    peer_out = os.path.join(args.out_dir, 'peer.json')
    rm_out = os.path.join(args.out_dir, 'rm.jsonl')
    names = [n for n in ('reportmine', 'peer') if args.only != {'reportmine': 'peer', 'peer': 'reportmine'}[n]]
    pythons = dict(reportmine=rm_python, peer=args.peer_python)
    for n in names:
        exe = args.reportmine if n == 'reportmine' else args.peer_python
        if not os.path.exists(exe):
            sys.exit(f'{n}: {exe} not found '
                     f'(peer: bash benchmarks/setup_peer.sh; reportmine: the project .venv)')

    def commands(rel_files):
        c = {}
        if 'reportmine' in names:
            c['reportmine'] = dict(
                big=[args.reportmine, 'extract', *rel_files, '--format', 'jsonl', '-o', rm_out,
                     '-j', str(args.jobs)],
                big_stdout=os.path.join(args.out_dir, 'rm.stdout'))
        if 'peer' in names:
            c['peer'] = dict(big=[args.peer_python, args.peer, *rel_files], big_stdout=peer_out)
        return c

    small_cmd = dict(
        reportmine=[args.reportmine, 'extract', small_rel, '--format', 'jsonl',
                    '-o', os.path.join(args.out_dir, 'rm_small.jsonl'), '-j', '1'],
        peer=[args.peer_python, args.peer, small_rel])
    err = {n: os.path.join(args.out_dir, f'{n}.stderr') for n in names}
    failed = {}

    def go(name, cmd, stdout_path, label, log=True):
        r = run_once(cmd, stdout_path, err[name], ROOT)
        if r['rc'] != 0:
            failed[name] = f'{label} run exited {r["rc"]}; stderr tail:\n{tail(err[name])}'
        elif log:
            print(f'  {name:10s} {label:8s} wall {r["wall_s"]:7.3f} s  cpu {r["cpu_s"]:7.3f} s  '
                  f'rss {r["maxrss_kib"] / 1024:6.1f} MiB', file=sys.stderr)
        return r

    res = dict(
        date=datetime.datetime.now().astimezone().isoformat(timespec='seconds'),
        machine=dict(cpus=os.cpu_count(), platform=platform.platform(),
                     python=platform.python_version(), processor=platform.machine()),
        small_file=rel(args.small), small_chars=len(SMALL_TEXT), jobs=args.jobs,
        repeat=args.repeat, startup_repeat=args.startup_repeat, warmup=not args.no_warmup,
        versions={}, corpora=[], startup={})
    for n in names:
        res['versions'][n] = (version_of(pythons[n], 'reportmine') if n == 'reportmine'
                              else 'jionlp ' + (version_of(pythons[n], 'jionlp') or '?'))

    # (a)+(b): each corpus, one process per run, the tools alternating
    for cdir, files, chars, nbytes in loaded:
        label = os.path.basename(os.path.normpath(cdir))
        print(f'corpus {label}: {len(files)} files, {chars:,} chars ({nbytes / 1e6:.2f} MB UTF-8); '
              f'repeat {args.repeat}', file=sys.stderr)
        # paths relative to the repo top keep the command line short and the log readable
        cmds = commands([os.path.relpath(p, ROOT) for p in files])
        runs = {n: [] for n in cmds}
        if not args.no_warmup:
            for n in cmds:
                print(f'  {n:10s} warm-up', file=sys.stderr)
                go(n, cmds[n]['big'], cmds[n]['big_stdout'], label, log=False)
        for i in range(args.repeat):
            for n in cmds:
                if n not in failed:
                    runs[n].append(go(n, cmds[n]['big'], cmds[n]['big_stdout'], label))
        centry = dict(name=label, path=rel(cdir), files=len(files), chars=chars, bytes=nbytes,
                      tools={})
        for n, t in cmds.items():
            s = summarise(runs[n])
            shown = t['big'][:2] + ['<%d files>' % len(files)] + t['big'][2 + len(files):]
            entry = dict(command=' '.join(shown) + ('' if n == 'reportmine' else ' > ' + rel(peer_out)),
                         runs=runs[n], error=failed.get(n))
            if s:
                entry.update(s)
                entry['chars_per_s_best'] = chars / s['best_s']
                entry['chars_per_s_median'] = chars / s['median_s']
                entry['chars_per_cpu_s_best'] = chars / s['cpu_best_s']
                entry['chars_per_cpu_s_median'] = chars / s['cpu_median_s']
                entry['facts'] = count_reportmine(rm_out) if n == 'reportmine' else count_peer(peer_out)
            centry['tools'][n] = entry
            fx = entry.get('facts') or {}
            for m in fx.get('errors', []):
                print(f'{n} output: {m}', file=sys.stderr)
            got = fx.get('lines') if n == 'reportmine' else fx.get('documents')
            if fx and got != len(files):
                print(f'{n} output: {got} {"lines" if n == "reportmine" else "documents"} '
                      f'for {len(files)} input files', file=sys.stderr)
        res['corpora'].append(centry)

    # (c): start-up on the small snippet, and the bare interpreter
    startup = {n: [] for n in names}
    bare = {n: [] for n in names}
    for i in range(args.startup_repeat):
        for n in names:
            if n in failed:
                continue
            r = go(n, small_cmd[n], os.devnull, 'start-up', log=False)
            if r['rc'] == 0:
                startup[n].append(r)
            bare[n].append(run_once([pythons[n], '-c', 'pass'], os.devnull, os.devnull, ROOT))
    for n in names:
        su = [r['wall_s'] for r in startup[n]]
        bw = [r['wall_s'] for r in bare[n] if r['rc'] == 0]
        res['startup'][n] = dict(
            best_s=min(su) if su else None, median_s=statistics.median(su) if su else None,
            cpu_best_s=min(r['cpu_s'] for r in startup[n]) if su else None,
            peak_rss_mib=max(r['maxrss_kib'] for r in startup[n]) / 1024 if su else None,
            bare_python_best_s=min(bw) if bw else None)

    with open(os.path.join(args.out_dir, 'results.json'), 'w', encoding='utf-8') as f:
        json.dump(res, f, ensure_ascii=False, indent=1)
        f.write('\n')
    print(markdown(res))
    for n, msg in failed.items():
        print(f'\n{n} FAILED: {msg}', file=sys.stderr)
    return 1 if failed else 0


def _g(d, *keys):
    for k in keys:
        if not isinstance(d, dict):
            return None
        d = d.get(k)
    return d


def markdown(res):
    """One table per corpus (per core first, then wall time) and one for start-up."""
    V = res.get('versions', {})
    jobs = res.get('jobs', 1)
    out = [f'{res["machine"]["cpus"]} cores, Python {res["machine"]["python"]}, {res["date"][:10]}; '
           f'whole process, {res["repeat"]} runs each{" after a warm-up run" if res["warmup"] else ""}, '
           f'the tools alternating; reportmine {V.get("reportmine") or "?"} with `-j {jobs}`, '
           f'peer: {V.get("peer") or "?"} (one process). CPU time is user+sys of the process '
           f'(and its workers) from `os.wait4()`.', '']
    for c in res['corpora']:
        rm = c['tools'].get('reportmine', {})
        pe = c['tools'].get('peer', {})
        g = _g
        rows = [
            ('CPU time user+sys, best', fmt_s(g(rm, 'cpu_best_s')), fmt_s(g(pe, 'cpu_best_s')),
             fmt_ratio(g(rm, 'cpu_best_s'), g(pe, 'cpu_best_s'))),
            ('CPU time user+sys, median', fmt_s(g(rm, 'cpu_median_s')), fmt_s(g(pe, 'cpu_median_s')),
             fmt_ratio(g(rm, 'cpu_median_s'), g(pe, 'cpu_median_s'))),
            ('**per core: chars per CPU-second, best**', fmt_rate(g(rm, 'chars_per_cpu_s_best')),
             fmt_rate(g(pe, 'chars_per_cpu_s_best')),
             '**' + fmt_ratio(g(rm, 'chars_per_cpu_s_best'), g(pe, 'chars_per_cpu_s_best')) + '**'),
            ('per core: chars per CPU-second, median', fmt_rate(g(rm, 'chars_per_cpu_s_median')),
             fmt_rate(g(pe, 'chars_per_cpu_s_median')),
             fmt_ratio(g(rm, 'chars_per_cpu_s_median'), g(pe, 'chars_per_cpu_s_median'))),
            ('wall time, best', fmt_s(g(rm, 'best_s')), fmt_s(g(pe, 'best_s')),
             fmt_ratio(g(rm, 'best_s'), g(pe, 'best_s'))),
            ('wall time, median', fmt_s(g(rm, 'median_s')), fmt_s(g(pe, 'median_s')),
             fmt_ratio(g(rm, 'median_s'), g(pe, 'median_s'))),
            ('throughput by wall time, best (chars/s)', fmt_rate(g(rm, 'chars_per_s_best')),
             fmt_rate(g(pe, 'chars_per_s_best')),
             fmt_ratio(g(rm, 'chars_per_s_best'), g(pe, 'chars_per_s_best'))),
            ('peak RSS', _mib(g(rm, 'peak_rss_mib')), _mib(g(pe, 'peak_rss_mib')),
             fmt_ratio(g(rm, 'peak_rss_mib'), g(pe, 'peak_rss_mib'))),
            ('metrics produced (with a value)', _facts(g(rm, 'facts')), _facts(g(pe, 'facts')),
             fmt_ratio(g(rm, 'facts', 'metrics'), g(pe, 'facts', 'metrics'))),
        ]
        other = g(rm, 'facts', 'other_facts') or {}
        if g(rm, 'facts', 'documents'):
            rows.append(('documents found in the files', f'{g(rm, "facts", "documents"):,}',
                         f'{g(pe, "facts", "documents") or 0:,} (one per file)', ''))
        if other:
            rows.append(('other reportmine facts',
                         ', '.join(f'{k} {v:,}' for k, v in sorted(other.items())), '–', ''))
        out.append(f'Corpus `{c["name"]}`: {c["files"]:,} files, {c["chars"]:,} characters '
                   f'({c["bytes"] / 1e6:.2f} MB UTF-8), {c["chars"] // max(c["files"], 1):,} per file.')
        out.append('')
        out += ['| | reportmine | peer (JioNLP) | reportmine / peer |', '|---|---:|---:|---:|']
        out += [f'| {a} | {b} | {p} | {r} |' for a, b, p, r in rows]
        out.append('')
    S = res.get('startup', {})
    rm, pe = S.get('reportmine', {}), S.get('peer', {})
    out.append(f'Start-up: one {res["small_chars"]}-character file, best of {res["startup_repeat"]}.')
    out.append('')
    out += ['| | reportmine | peer (JioNLP) | reportmine / peer |', '|---|---:|---:|---:|']
    out += [f'| {a} | {b} | {p} | {r} |' for a, b, p, r in [
        ('wall time', fmt_s(rm.get('best_s')), fmt_s(pe.get('best_s')),
         fmt_ratio(rm.get('best_s'), pe.get('best_s'))),
        ('CPU time', fmt_s(rm.get('cpu_best_s')), fmt_s(pe.get('cpu_best_s')),
         fmt_ratio(rm.get('cpu_best_s'), pe.get('cpu_best_s'))),
        ('peak RSS', _mib(rm.get('peak_rss_mib')), _mib(pe.get('peak_rss_mib')),
         fmt_ratio(rm.get('peak_rss_mib'), pe.get('peak_rss_mib'))),
        ('bare `python -c pass` of its venv', fmt_s(rm.get('bare_python_best_s')),
         fmt_s(pe.get('bare_python_best_s')), '')]]
    out.append('\nA ratio above 1 means reportmine\'s number is the larger one: faster in the '
               'chars/s rows, slower in the time rows, heavier in the memory rows.')
    return '\n'.join(out)


def _mib(x):
    return '–' if x is None else f'{x:.0f} MiB'


def _facts(fx):
    if not fx or 'metrics' not in fx:
        return '–'
    return f'{fx["metrics"]:,} ({fx["metrics_with_value"]:,})'


if __name__ == '__main__':
    sys.exit(main())
