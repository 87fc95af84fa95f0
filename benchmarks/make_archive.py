"""Build a test archive for `reportmine batch`: report texts of the team's own corpora
(corpora/reports, corpora/holdout*, corpora/demo; never ../shared) cut and joined into
many distinct files, in several encodings and formats, plus files that are corrupt or no
text at all.

    python benchmarks/make_archive.py OUT_DIR [--files 2000] [--seed 0] [--no-huge]

Writes OUT_DIR/<year>/<format-encoding>/NNNNN.<ext> and OUT_DIR/bad/..., and prints a
JSON manifest (also written to OUT_DIR.manifest.json): the good paths and each bad path
with the error code the batch must record for it. Deterministic for a seed.

Good files (by share): UTF-8 .txt (35 %), GB18030 .txt (15 %), UTF-8 with BOM and CRLF
line ends (10 %), UTF-16 with BOM (10 %), Big5 .txt of the traditional script (5 %),
.docx (10 %), .html (10 %, half of them GBK with a <meta charset>), .pdf with a text layer
(5 %). The 20 bad files are listed in ``bad_files``; with --no-huge the
5 MB one-line file (E301, the per-file time limit) is replaced by a binary .htm (E003).
"""
from __future__ import annotations

import argparse
import io
import json
import random
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT / "corpora"

FORMATS = (  # (name, share)
    ("txt-utf8", 35), ("txt-gb18030", 15), ("txt-utf8sig-crlf", 10), ("txt-utf16", 10), ("txt-big5", 5),
    ("docx", 10), ("html", 10), ("pdf", 5),
)


def team_texts() -> list[str]:
    files = sorted(CORPORA.glob("reports/*.txt")) + sorted(CORPORA.glob("holdout*/*.txt")) \
        + sorted(CORPORA.glob("demo/*.txt"))
    return [f.read_text(encoding="utf-8") for f in files]


def _compose(texts: list[str], rng: random.Random) -> str:
    """One to three texts, each from a line boundary, cut to 1,500-9,000 characters."""
    target = rng.randint(1500, 9000)
    parts, size = [], 0
    while size < target and len(parts) < 3:
        t = texts[rng.randrange(len(texts))]
        lines = t.splitlines()
        start = rng.randrange(max(1, len(lines) // 3)) if parts else 0
        chunk = "\n".join(lines[start:])
        parts.append(chunk)
        size += len(chunk)
    text = "\n\n".join(parts)
    if len(text) > target:
        cut = text.rfind("\n", 0, target)
        text = text[:cut if cut > 500 else target]
    return text.strip() + "\n"


def _docx(text: str) -> bytes:
    from docx import Document

    doc = Document()
    for line in text.splitlines():
        doc.add_paragraph(line)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _html(text: str, charset: str) -> bytes:
    from html import escape

    lines = text.splitlines()
    body = "\n".join(f"<p>{escape(ln)}</p>" for ln in lines[1:] if ln.strip())
    page = (f'<!DOCTYPE html>\n<html><head><meta charset="{charset}"><title>{escape(lines[0])}</title></head>\n'
            f"<body><h1>{escape(lines[0])}</h1>\n{body}\n</body></html>\n")
    return page.encode(charset, errors="strict")


def cjk_pdf(pages: list[list[str]]) -> bytes:
    """A PDF whose pages hold CJK text lines: a Type0 font with Identity-H codes (UTF-16
    code units) and a ToUnicode map, so that a PDF reader gets the text back."""
    used = sorted({ord(c) for lines in pages for ln in lines for c in ln if ord(c) < 0x10000})
    blocks = []
    for i in range(0, len(used), 100):  # a bfchar block holds at most 100 entries
        chunk = used[i:i + 100]
        blocks.append(b"%d beginbfchar " % len(chunk) + b" ".join(b"<%04X> <%04X>" % (u, u) for u in chunk)
                      + b" endbfchar")
    cmap = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CIDSystemInfo << /Registry (Adobe) "
            b"/Ordering (UCS) /Supplement 0 >> def /CMapName /Adobe-Identity-UCS def /CMapType 2 def "
            b"1 begincodespacerange <0000> <FFFF> endcodespacerange " + b" ".join(blocks)
            + b" endcmap CMapName currentdict /CMap defineresource pop end end")
    objs = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        3: b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /Identity-H "
           b"/DescendantFonts [4 0 R] /ToUnicode 5 0 R >>",
        4: b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) "
           b"/Ordering (Identity) /Supplement 0 >> /DW 1000 >>",
        5: b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"\nendstream",
    }
    kids, n = [], 6
    for lines in pages:
        page, content = n, n + 1
        n += 2
        kids.append(page)
        ops = [b"BT /F1 10 Tf 12 TL 40 800 Td"]
        ops += [b"<" + ln.encode("utf-16-be").hex().encode() + b"> Tj T*" for ln in lines]
        stream = b"\n".join(ops + [b"ET"])
        objs[page] = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
                      b"/Contents %d 0 R >>" % content)
        objs[content] = b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream"
    objs[2] = b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % k for k in kids) + b"] /Count %d >>" % len(kids)
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for k in sorted(objs):
        offsets[k] = len(out)
        out += b"%d 0 obj\n" % k + objs[k] + b"\nendobj\n"
    xref, size = len(out), max(objs) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for k in range(1, size):
        out += b"%010d 00000 n \n" % offsets[k]
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref)
    return bytes(out)


def _encode(kind: str, text: str, s2t) -> tuple[str, bytes]:
    if kind == "txt-utf8":
        return "txt", text.encode("utf-8")
    if kind == "txt-gb18030":
        return "txt", text.encode("gb18030")
    if kind == "txt-utf8sig-crlf":
        return "txt", text.replace("\n", "\r\n").encode("utf-8-sig")
    if kind == "txt-utf16":
        return "txt", text.encode("utf-16")
    if kind == "txt-big5":
        trad = s2t.convert(text)
        try:
            return "txt", trad.encode("big5")
        except UnicodeEncodeError:  # a character Big5 lacks: keep the text, in GB18030
            return "txt", text.encode("gb18030")
    if kind == "docx":
        return "docx", _docx(text)
    if kind == "html":
        return "html", _html(text, "utf-8")
    if kind == "html-gbk":
        return "html", _html(text, "gbk")
    if kind == "pdf":
        lines = text.splitlines()
        return "pdf", cjk_pdf([lines[i:i + 40] for i in range(0, len(lines), 40)])
    raise ValueError(kind)


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def bad_files(good_docx: bytes, texts: list[str], huge: bool) -> list[tuple[str, bytes | None, str]]:
    """(name, bytes, expected code) of files a batch must record as failed, each for its
    own reason. bytes None: a dangling symbolic link."""
    rng = random.Random(7)
    noise = bytes(rng.randrange(256) for _ in range(4096))
    png = b"\x89PNG\r\n\x1a\n" + noise[:512]
    out = [
        ("empty.txt", b"", "E005"),
        ("blank-lines.txt", b"\n \n\t\n\r\n", "E005"),
        ("photo.txt", png, "E003"),
        ("archive.txt", b"\x1f\x8b\x08\x00" + noise[:400], "E003"),
        ("program.html", b"\x7fELF\x02\x01\x01" + noise[:300], "E003"),
        ("noise.txt", noise, "E003"),
        ("control-bytes.txt", bytes(range(1, 9)) * 200, "E003"),
        ("utf16-odd.txt", b"\xff\xfe" + "园区".encode("utf-16-le") + b"\x00", "E004"),
        ("bom-then-gbk.txt", b"\xef\xbb\xbf" + texts[0][:300].encode("gbk"), "E004"),
        ("cut.docx", good_docx[:1500], "E007"),
        ("not-a-docx.docx", _zip({"hello.txt": b"hello"}), "E007"),
        ("workbook.docx", _zip({"xl/workbook.xml": b"<workbook/>", "[Content_Types].xml": b"<Types/>"}), "E007"),
        ("bad-xml.docx", _zip({"word/document.xml": b"<w:document><w:body", "[Content_Types].xml": b"<Types/>"}),
         "E007"),
        ("junk.pdf", b"%PDF-1.4\n" + noise[:1000], "E007"),
        ("picture.pdf", b"\xff\xd8\xff\xe0" + noise[:600], "E007"),
        ("scan.pdf", cjk_pdf([[], []]), "E010"),
        ("spreadsheet.doc", png, "E007"),
        ("broken-link.txt", None, "E001"),
        ("empty-page.html", b"<!DOCTYPE html><html><head><title></title></head><body>\n</body></html>", "E005"),
    ]
    if huge:
        # one 5 MB line of report text: extraction grows faster than linearly on it, so it
        # runs into the per-file time limit (E301) instead of holding the batch up
        one = "".join(t.replace("\n", "") for t in texts)
        line = (one * (5_000_000 // len(one.encode("utf-8")) + 1)).encode("utf-8")[:5_000_000]
        line = line.decode("utf-8", errors="ignore").encode("utf-8")
        out.append(("one-line-5mb.txt", line, "E301"))
    else:
        out.append(("page.htm", b"<!DOCTYPE html><html><body>" + noise[:800] + b"</body></html>", "E003"))
    return out


def build_archive(root: str | Path, n_files: int = 2000, seed: int = 0, huge: bool = True,
                  n_bad: int | None = None) -> dict:
    """Write the archive under ``root``: ``n_files`` in all, good and bad. Returns the
    manifest: {"good": [paths], "bad": {path: expected code or null}, "chars": int}."""
    from opencc import OpenCC

    root = Path(root)
    rng = random.Random(seed)
    texts = team_texts()
    s2t = OpenCC("s2t")
    kinds = [k for k, share in FORMATS for _ in range(share)]
    distinct = [k for k, _ in FORMATS] + ["html-gbk"]
    bad_list = bad_files(_docx(texts[0]), texts, huge)
    if n_bad is not None:
        bad_list = bad_list[:n_bad]
    n_good = n_files - len(bad_list)
    good, bad, seen, chars = [], {}, set(), 0
    i = 0
    while len(good) < n_good:
        i += 1
        text = _compose(texts, rng)
        if text in seen:
            continue
        seen.add(text)
        kind = kinds[rng.randrange(len(kinds))]
        if kind == "html" and rng.random() < 0.5:
            kind = "html-gbk"
        if len(good) < len(distinct):
            kind = distinct[len(good)]  # every format at least once, whatever the corpora hold
        ext, data = _encode(kind, text, s2t)
        year = 2015 + (len(good) % 10)
        folder = root / str(year) / kind
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{len(good):05d}.{ext}"
        path.write_bytes(data)
        good.append(str(path))
        chars += len(text)
    bad_dir = root / "bad"
    bad_dir.mkdir(parents=True, exist_ok=True)
    for name, data, code in bad_list:
        path = bad_dir / name
        if data is None:
            if path.is_symlink() or path.exists():
                path.unlink()
            path.symlink_to(bad_dir / "gone-away.txt")
        else:
            path.write_bytes(data)
        bad[str(path)] = code
    return {"good": good, "bad": bad, "chars": chars}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out")
    ap.add_argument("--files", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--no-huge", action="store_true", help="leave out the 5 MB one-line file")
    a = ap.parse_args()
    manifest = build_archive(a.out, a.files, a.seed, huge=not a.no_huge)
    Path(str(Path(a.out)) + ".manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1))
    print(f"{len(manifest['good']) + len(manifest['bad'])} files ({len(manifest['bad'])} bad), "
          f"{manifest['chars']:,} characters of good text -> {a.out}")


if __name__ == "__main__":
    main()
