#!/usr/bin/env python3
"""A real word processor's PDFs: LibreOffice prints each text, reportmine reads it back.

    python benchmarks/pdf_roundtrip.py [--dev /work/shared/corpus/dev] [--out benchmarks/data/pdf]

Every corpora/ text and every dev text (when the shared corpus is there) is converted with
`soffice --headless --convert-to pdf` (LibreOffice, e.g. `apt-get install
libreoffice-writer-nogui`; a CJK font such as fonts-wqy-zenhei makes the PDFs look right,
the text layer is the same without one), then both the .txt and the .pdf are extracted.
Prints per file the documents, sections, metrics, problems and projects of each, whether
the titles and periods agree, and the facts that differ, and a total. The tests use PDFs
made by tests/pdfwriter.py instead, so that they need no LibreOffice.
"""
from __future__ import annotations

import argparse
import difflib
import glob
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "src"))


def facts(report) -> list[tuple]:
    out = []
    for d in report.documents:
        out.append(("doc", d.title, d.park.name if d.park else None, d.period.label if d.period else None))
        out += [("section", s.level, s.marker, s.title, s.kind) for s in d.sections]
        out += [("metric", m.indicator, m.value, m.unit, m.growth_pct, m.period.label if m.period else None, m.modality)
                for m in d.metrics]
        out += sorted(("project", p.name, p.status) for p in d.projects)
        out += [("problem", p.headline, p.category) for p in d.problems]
    return out


def count(report, what: str) -> int:
    return sum(len(getattr(d, what)) for d in report.documents)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dev", default=os.path.join(os.path.dirname(ROOT), "shared", "corpus", "dev"))
    ap.add_argument("--out", default=os.path.join(HERE, "data", "pdf"))
    args = ap.parse_args()
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        sys.exit("LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui")
    import reportmine

    texts = sorted(glob.glob(os.path.join(ROOT, "corpora", "*", "*.txt"))) + sorted(glob.glob(os.path.join(args.dev, "*.txt")))
    os.makedirs(args.out, exist_ok=True)
    for t in texts:
        shutil.copy(t, os.path.join(args.out, os.path.basename(t)))
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([soffice, "--headless", "--norestore", f"-env:UserInstallation=file://{profile}",
                        "--convert-to", "pdf", "--outdir", args.out,
                        *[os.path.join(args.out, os.path.basename(t)) for t in texts]],
                       check=True, capture_output=True, timeout=1800)
    print("| file | documents | sections | metrics | problems | projects | titles, periods | facts that differ | PDF read s |")
    print("|---|---|---|---|---|---|---|---:|---:|")
    same = total = 0
    for t in texts:
        name = os.path.splitext(os.path.basename(t))[0]
        a = reportmine.read(t)
        t0 = time.perf_counter()
        b = reportmine.read(os.path.join(args.out, name + ".pdf"))
        secs = time.perf_counter() - t0
        fa, fb = facts(a), facts(b)
        diff = [ln for ln in difflib.unified_diff([repr(x) for x in fa], [repr(x) for x in fb], lineterm="", n=0)
                if ln[:1] in "+-" and not ln.startswith(("+++", "---"))]
        heads = ("same" if [(d.title, d.period and d.period.label) for d in a.documents]
                 == [(d.title, d.period and d.period.label) for d in b.documents] else "differ")
        cell = lambda what: f"{count(a, what)} / {count(b, what)}"  # noqa: E731
        print(f"| {name} | {len(a.documents)} / {len(b.documents)} | {cell('sections')} | {cell('metrics')} | "
              f"{cell('problems')} | {cell('projects')} | {heads} | {len(diff)} | {secs:.2f} |")
        total += 1
        same += not diff
        for ln in diff[:6]:
            print(f"|  | {ln[:150].replace('|', '/')} | | | | | | | |")
    print(f"\n{same} of {total} PDFs give exactly the facts of their text (txt / pdf in each cell).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
