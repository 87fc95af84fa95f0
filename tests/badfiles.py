"""A corpus of bad files, generated: what a tool that reads archives from anywhere meets.

``build(folder)`` writes every file and returns ``{name: expected}``, where expected is
the error code the file must get (``"E0xx"``) or ``None`` for a file that must be read
(after the repair named in its description).
"""
from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path

from pdfwriter import image_only_pdf, make_pdf

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = (ROOT / "corpora" / "demo" / "sample_report.txt").read_text(encoding="utf-8")
REPORT = (ROOT / "corpora" / "reports" / "r01_jingkai_2024h1.txt").read_text(encoding="utf-8")

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                 b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                 b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                 b'<Default Extension="xml" ContentType="application/xml"/>'
                 b'<Override PartName="/word/document.xml" '
                 b'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
                 b'</Types>')
RELS = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        b'officeDocument" Target="word/document.xml"/></Relationships>')


def png() -> bytes:
    raw = b"".join(b"\x00" + bytes((x * y) % 256 for x in range(16)) for y in range(16))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 16, 16, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def docx(text: str) -> bytes:
    """A minimal valid .docx, one paragraph a line."""
    from xml.sax.saxutils import escape

    body = "".join(f"<w:p><w:r><w:t xml:space=\"preserve\">{escape(line)}</w:t></w:r></w:p>" for line in text.splitlines())
    xml = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>'
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", RELS)
        z.writestr("word/document.xml", xml)
    return buf.getvalue()


def zip_bomb_docx(size: int = 1 << 30) -> bytes:
    """A structurally valid .docx whose document.xml unpacks to ``size`` bytes (1 GiB of
    spaces inside one w:t) from about a megabyte: deflate output for a run of spaces
    repeats itself after a sync flush, so it is built without compressing a gigabyte."""
    head = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>'.encode()
    tail = b"</w:t></w:r></w:p></w:body></w:document>"
    chunk = b" " * (1 << 20)
    n_chunks = (size - len(head) - len(tail)) // len(chunk)
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = c.compress(head + chunk) + c.flush(zlib.Z_SYNC_FLUSH)
    middle = c.compress(chunk) + c.flush(zlib.Z_SYNC_FLUSH)
    again = c.compress(chunk) + c.flush(zlib.Z_SYNC_FLUSH)
    assert middle == again  # the repeating unit
    rest = b" " * (size - len(head) - len(chunk) * n_chunks - len(tail)) + tail
    last = c.compress(rest) + c.flush()
    stream = first + middle * (n_chunks - 1) + last
    total = len(head) + len(chunk) * n_chunks + len(rest)
    assert total == size
    crc = zlib.crc32(head)
    for _ in range(n_chunks):
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(rest, crc)

    out = io.BytesIO()
    entries = []
    for name, data, method, raw_size, raw_crc in (
            ("[Content_Types].xml", CONTENT_TYPES, 0, len(CONTENT_TYPES), zlib.crc32(CONTENT_TYPES)),
            ("_rels/.rels", RELS, 0, len(RELS), zlib.crc32(RELS)),
            ("word/document.xml", stream, 8, total, crc)):
        offset = out.tell()
        fname = name.encode()
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, method, 0, 0x21, raw_crc & 0xFFFFFFFF,
                              len(data), raw_size, len(fname), 0) + fname + data)
        entries.append((fname, method, raw_crc, len(data), raw_size, offset))
    cd_start = out.tell()
    for fname, method, raw_crc, csize, usize, offset in entries:
        out.write(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, method, 0, 0x21, raw_crc & 0xFFFFFFFF,
                              csize, usize, len(fname), 0, 0, 0, 0, 0, offset) + fname)
    cd_size = out.tell() - cd_start
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), cd_size, cd_start, 0))
    return out.getvalue()


def encrypted_pdf() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(make_pdf(SAMPLE))))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def mixed_encodings() -> bytes:
    lines = REPORT.splitlines()
    half = len(lines) // 2
    return ("\n".join(lines[:half]) + "\n").encode("utf-8") + "\n".join(lines[half:]).encode("gb18030")


def latin1() -> bytes:
    text = ("Die Wirtschaftszone Zürich-Süd berichtet für das Jahr: Umsätze stiegen, Geschäftsführer Müller "
            "erklärte die Maßnahmen für Straßen und größere Bürgerämter.\n") * 6
    return text.encode("latin-1")


def stray_nuls() -> bytes:
    data = SAMPLE.encode("utf-8")
    i = data.index("。".encode()) + 3
    j = data.rindex("。".encode())
    return data[:i] + b"\x00" + data[i:j] + b"\x00" + data[j:]


LONG_SENTENCES = "上半年,开发区实现规上工业增加值6.8亿元,同比增长19.2%;完成固定资产投资41.2亿元。新签约项目23个,恒远新材料项目已竣工投产。"

# name -> (bytes or a function making them, expected code or None, what it is)
CORPUS = {
    "empty.txt": (b"", "E005", "an empty file"),
    "blank.txt": (b"\n \t\n\r\n", "E005", "white space only"),
    "random.txt": (bytes((i * 7919 + 13) % 256 for i in range(4096)), "E003", "random binary bytes"),
    "image.txt": (png, "E003", "a PNG image renamed .txt"),
    "image.docx": (png, "E007", "a PNG image renamed .docx"),
    "truncated.docx": (lambda: docx(SAMPLE)[:700], "E007", "a .docx cut short"),
    "corrupt.docx": (lambda: docx(SAMPLE).replace(b"word/document.xml", b"word/documant.xml"), "E007",
                     "a zip without word/document.xml"),
    "badxml.docx": (None, "E007", "a .docx whose document.xml is not XML"),
    "bomb.docx": (zip_bomb_docx, "E011", "a zip-bomb .docx: 1 GiB of XML in about 1 MB"),
    "encrypted.pdf": (encrypted_pdf, "E014", "a PDF that needs a password"),
    "scan.pdf": (image_only_pdf, "E010", "an image-only PDF"),
    "truncated.pdf": (lambda: make_pdf(SAMPLE)[:300], "E007", "a PDF cut short"),
    "mixed.txt": (mixed_encodings, "E013", "lines of UTF-8, then lines of GB18030"),
    "latin1.txt": (latin1, "E012", "German text in Latin-1"),
    "nuls.txt": (stray_nuls, None, "a report with two stray NUL bytes (dropped)"),
    "oneline.txt": (lambda: SAMPLE.replace("\n", "").encode("utf-8"), None,
                    "a report on one line, opening with site boilerplate (当前位置:首页>…)"),
    "longline.txt": (lambda: (LONG_SENTENCES * 1600).encode("utf-8"), None, "a single line of 110,000 characters"),
    "deep.html": (lambda: ("<html><body>" + "<div>" * 10000 + SAMPLE + "</div>" * 10000 + "</body></html>").encode(),
                  None, "HTML nested 10,000 deep"),
    "deephead.html": (lambda: ("<html><body>" + "<p><title>x</title>" * 10000 + SAMPLE).encode(), None,
                      "10,000 unclosed <p> each holding a <title> (quadratic before)"),
}


def _bad_xml_docx() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", RELS)
        z.writestr("word/document.xml", b"<w:document><w:body><w:p>not closed")
    return buf.getvalue()


def build(folder: Path) -> dict[str, str | None]:
    folder.mkdir(parents=True, exist_ok=True)
    out = {}
    for name, (make, expected, _) in CORPUS.items():
        data = _bad_xml_docx() if name == "badxml.docx" else (make() if callable(make) else make)
        (folder / name).write_bytes(data)
        out[name] = expected
    return out
