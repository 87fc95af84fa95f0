#!/usr/bin/env python3
"""Build the speed-benchmark corpus from the dev texts.

    python benchmarks/make_corpus.py [--src DIR] [--out DIR] [--chars N] [--seed S]

Writes about 220-300 UTF-8 report files totalling about --chars characters
(default 1,500,000) into --out (default benchmarks/data/corpus/), made from the dev
texts (/work/shared/corpus/dev/*.txt) repeated and rotated:

  * file k starts at the beginning of dev text k mod n (so every file opens like a
    real report: title, date, heading);
  * it draws a target size between --min and --max characters, takes that text and,
    when it is shorter than the target, the next one or two texts (1-3 texts);
  * it is cut at the last line (paragraph) boundary before the target, keeping at
    least one whole line.

Deterministic: the same sources, --chars and --seed give byte-identical files.
The output folder's old *.txt files are removed first. Standard library only.
"""
import argparse
import glob
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_SRC = '/work/shared/corpus/dev'
DEFAULT_OUT = os.path.join(HERE, 'data', 'corpus')


def load_texts(src):
    paths = sorted(glob.glob(os.path.join(src, '*.txt')))
    if not paths:
        sys.exit(f'make_corpus: no *.txt in {src}')
    texts = []
    for p in paths:
        with open(p, encoding='utf-8', errors='replace') as f:
            t = f.read().replace('\r\n', '\n')
        if not t.endswith('\n'):
            t += '\n'
        texts.append(t)
    return paths, texts


def cut_at_line(text, target):
    """Longest prefix of whole lines no longer than target (at least the first line)."""
    if len(text) <= target:
        return text
    i = text.rfind('\n', 0, target)
    if i < 0:  # first line longer than the target: keep it whole
        i = text.find('\n')
        return text if i < 0 else text[:i + 1]
    return text[:i + 1]


def build(texts, total_chars, lo, hi, seed):
    rng = random.Random(seed)
    n = len(texts)
    files = []
    made = 0
    k = 0
    while made < total_chars:
        target = min(rng.randint(lo, hi), max(total_chars - made, lo))
        parts = []
        size = 0
        for j in range(3):  # 1-3 texts, rotating through the dev set
            t = texts[(k + j) % n]
            parts.append(t)
            size += len(t)
            if size >= target:
                break
        doc = cut_at_line(''.join(parts), target)
        files.append(doc)
        made += len(doc)
        k += 1
    return files


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--src', default=DEFAULT_SRC, help='folder of dev *.txt (default %(default)s)')
    ap.add_argument('--out', default=DEFAULT_OUT, help='output folder (default %(default)s)')
    ap.add_argument('--chars', type=int, default=1_500_000, help='total characters (default %(default)s)')
    ap.add_argument('--min', type=int, default=1_500, help='smallest file target (default %(default)s)')
    ap.add_argument('--max', type=int, default=11_000, help='largest file target (default %(default)s)')
    ap.add_argument('--seed', type=int, default=20240601, help='random seed (default %(default)s)')
    args = ap.parse_args(argv)

    paths, texts = load_texts(args.src)
    files = build(texts, args.chars, args.min, args.max, args.seed)

    os.makedirs(args.out, exist_ok=True)
    for old in glob.glob(os.path.join(args.out, '*.txt')):
        os.remove(old)
    width = max(3, len(str(len(files) - 1)))
    for i, doc in enumerate(files):
        with open(os.path.join(args.out, f'report_{i:0{width}d}.txt'), 'w', encoding='utf-8', newline='\n') as f:
            f.write(doc)

    sizes = [len(d) for d in files]
    total = sum(sizes)
    nbytes = sum(len(d.encode('utf-8')) for d in files)
    print(f'{len(files)} files, {total:,} chars ({nbytes / 1e6:.2f} MB UTF-8), '
          f'sizes {min(sizes):,}-{max(sizes):,} chars (mean {total // len(files):,}), '
          f'from {len(paths)} dev texts -> {args.out}')


if __name__ == '__main__':
    main()
