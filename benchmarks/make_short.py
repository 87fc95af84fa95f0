#!/usr/bin/env python3
"""Build the short-report benchmark corpus from the team's own corpora/ texts.

    python benchmarks/make_short.py [--src corpora] [--out DIR] [--files 1200]
                                    [--min 300] [--max 1500] [--seed 13]

Writes --files (default 1,200) UTF-8 report snippets of --min..--max characters
(default 300-1,500) into --out (default benchmarks/data/short/), the shape of an
archive of short reports (a briefing, a monthly note, a news item):

  * every corpora/ text is split into its title (first line) and paragraphs
    (non-empty lines); a short line ending without punctuation counts as a heading;
  * snippet k takes the title of a random text, then a run of consecutive
    paragraphs from a random text (a heading with the lines under it, most of the
    time), and, while it is below its drawn target size, a run from another text;
  * it is cut at the last line boundary at or before the target, and grown by one
    more line when it is still below --min; snippets outside --min..--max are drawn again.

Only corpora/ texts are used (never /work/shared). Deterministic: the same sources,
options and seed give byte-identical files. The output folder's old *.txt files are
removed first. Standard library only.
"""
import argparse
import glob
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DEFAULT_SRC = os.path.join(ROOT, 'corpora')
DEFAULT_OUT = os.path.join(HERE, 'data', 'short')


def load(src):
    paths = sorted(glob.glob(os.path.join(src, '**', '*.txt'), recursive=True))
    if not paths:
        sys.exit(f'make_short: no *.txt under {src}')
    docs = []
    for p in paths:
        with open(p, encoding='utf-8', errors='replace') as f:
            lines = [ln.strip() for ln in f.read().replace('\r\n', '\n').split('\n')]
        lines = [ln for ln in lines if ln]
        if len(lines) >= 3:
            docs.append((lines[0], lines[1:]))
    return docs


def snippet(rng, docs, lo, hi):
    target = rng.randint(lo, hi)
    title = rng.choice(docs)[0]
    out = [title]
    size = len(title) + 1
    for _ in range(4):  # up to four runs of paragraphs
        body = rng.choice(docs)[1]
        i = rng.randrange(len(body))
        while i < len(body) and size < target:
            out.append(body[i])
            size += len(body[i]) + 1
            i += 1
        if size >= target:
            break
    # cut at the last line boundary at or before the target; at least --min
    text = ''
    for ln in out:
        nxt = text + ln + '\n'
        if len(nxt) > target and len(text) >= lo:
            break
        text = nxt
    return text


def build(docs, n, lo, hi, seed):
    rng = random.Random(seed)
    files = []
    seen = set()
    while len(files) < n:
        t = snippet(rng, docs, lo, hi)
        if lo <= len(t) <= hi and t not in seen:
            seen.add(t)
            files.append(t)
    return files


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--src', default=DEFAULT_SRC)
    ap.add_argument('--out', default=DEFAULT_OUT)
    ap.add_argument('--files', type=int, default=1200)
    ap.add_argument('--min', type=int, default=300)
    ap.add_argument('--max', type=int, default=1500)
    ap.add_argument('--seed', type=int, default=13)
    args = ap.parse_args(argv)
    docs = load(args.src)
    files = build(docs, args.files, args.min, args.max, args.seed)
    os.makedirs(args.out, exist_ok=True)
    for old in glob.glob(os.path.join(args.out, '*.txt')):
        os.remove(old)
    for k, t in enumerate(files):
        with open(os.path.join(args.out, f'short_{k:04d}.txt'), 'w', encoding='utf-8',
                  newline='\n') as f:
            f.write(t)
    total = sum(map(len, files))
    print(f'make_short: {len(files)} files, {total:,} characters '
          f'({min(map(len, files))}-{max(map(len, files))} each) in {os.path.relpath(args.out)}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
