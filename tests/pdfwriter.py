"""A small PDF writer for the tests: lays Chinese text out on A4 pages the way word
processors do, with the habits that break text extraction.

* Paragraphs wrap at the page width (45 characters of 10.5 pt, symmetric margins); numbers and Latin words
  are never broken, closing punctuation may hang past the edge.
* CJK text is one font (F1), digits, Latin letters and curly quotes another (F2): on each
  line the F2 runs are written first and the F1 runs after them, each placed by its x
  position (LibreOffice's output has quotes before the words they enclose in the
  content stream).
* A quarter of a character's width is left between CJK and Latin text (the "autospace"
  that comes out as ``2024 年`` from extractors that turn gaps into spaces).
* Optionally a first-line indent of two characters, and a page number "- N -" centred
  under the text.

Both fonts embed one tiny TrueType font built with fontTools (a single box glyph that
every character is drawn with, through a CIDToGIDMap): PDFium skips a text object whose
glyphs have no outline, so a font must be there, but what it looks like does not matter.
Each font has a ToUnicode map (CID = Unicode code point) and widths, which is all a text
extractor reads. ``image_only_pdf`` makes a page holding a picture and no text (a scan).
"""
from __future__ import annotations

import functools
import io
import zlib

PAGE_W, PAGE_H = 595.28, 841.89
LEFT, TOP, SIZE, LEADING = 56.8, 785.0, 10.5, 15.75
LINES_PER_PAGE = 44
# ASCII, accented Latin letters and curly quotes: the Western font
LATIN = set(map(chr, range(0x20, 0x7F))) | set(map(chr, range(0xC0, 0x250))) | set("“”‘’")
HANGING = set("，。、；：！？）》」』”’,.;:!?)")


def _width(ch: str) -> float:
    return 0.5 * SIZE if ch in LATIN else SIZE


def _tokens(text: str) -> list[str]:
    """Unbreakable pieces: one CJK character, or a run of Latin characters."""
    out: list[str] = []
    for ch in text:
        if ch in LATIN and ch not in "“”‘’" and out and all(c in LATIN and c not in "“”‘’" for c in out[-1]):
            out[-1] += ch
        else:
            out.append(ch)
    return out


def _layout(paragraph: str, width: float, indent: float) -> list[list[tuple[float, str]]]:
    """Lines of (x, character), x from the left margin."""
    lines: list[list[tuple[float, str]]] = []
    line: list[tuple[float, str]] = []
    x = indent
    prev_latin = None
    for tok in _tokens(paragraph):
        latin = tok[0] in LATIN
        gap = 0.25 * SIZE if prev_latin is not None and latin != prev_latin and tok not in "“”" else 0.0
        w = sum(_width(c) for c in tok)
        if line and x + gap + w > width + 0.01 and not (len(tok) == 1 and tok in HANGING):
            lines.append(line)
            line, x, gap = [], 0.0, 0.0
        x += gap
        for c in tok:
            line.append((x, c))
            x += _width(c)
        prev_latin = latin
    if line:
        lines.append(line)
    return lines


def _font_objects(first: int, name: bytes, width: int) -> tuple[list[bytes], int]:
    """Type0 font (Identity-H) + its CIDFont + descriptor + ToUnicode; returns objects."""
    highs = [h for h in range(256) if not 0xD8 <= h <= 0xDF]
    blocks = [highs[i:i + 100] for i in range(0, len(highs), 100)]  # at most 100 a block
    ranges = b"".join(b"%d beginbfrange\n" % len(bl) + b"".join(b"<%02X00> <%02XFF> <%02X00>\n" % (h, h, h) for h in bl)
                      + b"endbfrange\n" for bl in blocks)
    cmap = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
            b"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
            b"/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
            b"1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
            + ranges + b"endcmap CMapName currentdict /CMap defineresource pop end end\n")
    objs = [
        b"<< /Type /Font /Subtype /Type0 /BaseFont /%s /Encoding /Identity-H /DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>"
        % (name, first + 1, first + 3),
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /%s /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) "
        b"/Supplement 0 >> /FontDescriptor %d 0 R /DW %d /CIDToGIDMap %d 0 R >>" % (name, first + 2, width, first + 4),
        b"<< /Type /FontDescriptor /FontName /%s /Flags 4 /FontBBox [0 -120 1000 880] /ItalicAngle 0 /Ascent 880 "
        b"/Descent -120 /CapHeight 700 /StemV 80 /FontFile2 %d 0 R >>" % (name, first + 5),
        _stream(cmap),
        _stream(b"\x00\x01" * 65536),  # every CID is glyph 1, the box
        _stream(_box_font(), b"/Length1 %d " % len(_box_font())),
    ]
    return objs, first + 6


@functools.lru_cache(maxsize=1)
def _box_font() -> bytes:
    """A TrueType font of two glyphs: .notdef and a box."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    pen = TTGlyphPen(None)
    pen.moveTo((50, -100))
    pen.lineTo((50, 800))
    pen.lineTo((950, 800))
    pen.lineTo((950, -100))
    pen.closePath()
    box = pen.glyph()
    empty = TTGlyphPen(None).glyph()
    fb = FontBuilder(1000, isTTF=True)
    fb.setupGlyphOrder([".notdef", "box"])
    fb.setupCharacterMap({0x25A1: "box"})
    fb.setupGlyf({".notdef": empty, "box": box})
    fb.setupHorizontalMetrics({".notdef": (1000, 0), "box": (1000, 50)})
    fb.setupHorizontalHeader(ascent=880, descent=-120)
    fb.setupNameTable({"familyName": "Box", "styleName": "Regular"})
    fb.setupOS2(sTypoAscender=880, sTypoDescender=-120, usWinAscent=880, usWinDescent=120)
    fb.setupPost()
    out = io.BytesIO()
    fb.save(out)
    return out.getvalue()


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    packed = zlib.compress(data)
    return b"<< /Length %d /Filter /FlateDecode %s>>\nstream\n" % (len(packed), extra) + packed + b"\nendstream"


def _hex(text: str) -> bytes:
    return b"<" + text.encode("utf-16-be").hex().upper().encode() + b">"


def _assemble(objects: list[bytes]) -> bytes:
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def make_pdf(text: str, *, indent: bool = False, page_numbers: bool = True) -> bytes:
    """A PDF of ``text``: each line of it a paragraph (blank lines are skipped)."""
    width = PAGE_W - 2 * LEFT
    placed: list[tuple[bool, list[tuple[float, str]]]] = []  # (paragraph start?, chars)
    for para in text.split("\n"):
        if not para.strip():
            continue
        for k, line in enumerate(_layout(para.strip(), width, 2 * SIZE if indent else 0.0)):
            placed.append((k == 0, line))
    pages = [placed[i:i + LINES_PER_PAGE] for i in range(0, len(placed), LINES_PER_PAGE)] or [[]]

    # objects: 1 catalog, 2 pages, 3.. fonts (F1 CJK 1000 wide, F2 Latin 500 wide), then pages
    f1, nxt = _font_objects(3, b"SimSun", 1000)
    f2, nxt = _font_objects(nxt, b"TimesNewRoman", 500)
    objects: list[bytes] = [b"", b""] + f1 + f2
    kids = []
    for no, page in enumerate(pages, 1):
        ops = []
        for row, (_, chars) in enumerate(page):
            y = TOP - row * LEADING
            runs: list[tuple[bool, float, str]] = []
            for x, c in chars:
                latin = c in LATIN
                if runs and runs[-1][0] == latin and abs(runs[-1][1] + sum(_width(ch) for ch in runs[-1][2]) - x) < 0.01:
                    runs[-1] = (latin, runs[-1][1], runs[-1][2] + c)
                else:
                    runs.append((latin, x, c))
            for latin in (True, False):  # Latin runs first, out of reading order
                for is_latin, x, s in runs:
                    if is_latin == latin and s.strip():
                        font = b"/F2" if latin else b"/F1"
                        ops.append(b"BT %s %.2f Tf 1 0 0 1 %.2f %.2f Tm %s Tj ET" % (font, SIZE, LEFT + x, y, _hex(s)))
        if page_numbers:
            label = f"- {no} -"
            ops.append(b"BT /F2 %.2f Tf 1 0 0 1 %.2f %.2f Tm %s Tj ET"
                       % (SIZE, PAGE_W / 2 - len(label) * SIZE / 4, 50.0, _hex(label)))
        content = len(objects) + 1
        objects.append(_stream(b"\n".join(ops)))
        kids.append(len(objects) + 1)
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.2f %.2f] /Contents %d 0 R "
                       b"/Resources << /Font << /F1 3 0 R /F2 %d 0 R >> >> >>" % (PAGE_W, PAGE_H, content, 3 + len(f1)))
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    return _assemble(objects)


def image_only_pdf() -> bytes:
    """One page holding a grey picture and no text: what a scanner makes."""
    w = h = 64
    pixels = bytes((x * 4 + y) % 256 for y in range(h) for x in range(w))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /XObject << /Im1 5 0 R >> >> >>",
        _stream(b"q 400 0 0 400 97 300 cm /Im1 Do Q"),
        _stream(pixels, b"/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
                        b"/BitsPerComponent 8 " % (w, h)),
    ]
    return _assemble(objects)
