"""PDF with a text layer (pypdfium2, imported on use): each page's lines rebuilt from
where its characters sit, wrapped lines joined back into their paragraphs.

A text extractor that follows the content stream gets Chinese PDFs wrong in ways that
break the stages after it: word processors write quotes, digits and Latin words as runs
of their own, often out of order (“ ” before the words they enclose), and put a small
gap between CJK and Latin text that comes out as a space (``2024 年``), which loses a
title's year. Every visual line ends in a line break, so a paragraph is cut into pieces
at the page width, each piece a line of its own. Here instead:

* characters come from PDFium with their origin and box (PDFium's own spaces and line
  breaks, ``generated`` ones, are left out);
* a line is the characters on one baseline, in x order (a character drawn twice at the
  same place, as fake bold is, counts once);
* inside a line, a gap becomes a space between two characters of Latin script (words,
  numbers) when it is a fifth of a character wide, between two CJK characters (set solid)
  when it is 0.4 of one (a typed space: 总体情况 今年), next to Latin text only when it is
  wider than the quarter a word processor leaves there (``2024 年`` stays ``2024年``);
  a tab when it is wider than two characters (tab stops, table columns);
* a line that reaches the right edge of the text (as far from the page's right side as
  the text starts from its left) is wrapped: the next line continues it, unless that
  one is indented (a new paragraph) or opens with a heading marker; the last line of a
  page continues onto the next page in the same way, and a page number standing
  between them is written after the paragraph it interrupted.

Pages are joined by ``"\\n"``. A PDF whose pages hold no text at all (a scan) -> ``""``
(E010 upstream); an encrypted one that does not open without a password -> E014; one
PDFium cannot parse -> E007 fmt "pdf".
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import E, ReadError

# a line ending this close to the text's right edge (in character widths) is wrapped
FULL_LINE_SLACK = 2.2
# a line starting this far right of the text's left edge (in character widths) is indented
INDENT = 1.0
TAB_GAP = 2.0      # a gap wider than this many character widths is a tab
SPACE_GAP = 0.2    # between Latin characters, a gap wider than this is a space
# CJK text is set solid, so a gap of a space's width there is a typed space (总体情况 今年:
# a run-in title); between CJK and Latin text a word processor leaves a quarter (autospace)
CJK_SPACE_GAP = 0.4
MIXED_SPACE_GAP = 0.6

_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\u3000-\u303f\U00020000-\U0003ffff]")
_HEADING = re.compile(r"[一二三四五六七八九十]{1,3}(?:、|[.．](?![一二三四五六七八九十\d]))|[①-⑳【◆■●]|[(（][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}(?:[、)）]|[.．](?!\s*\d))|第[一二三四五六七八九十]{1,3}[章节篇部分]")
_PAGE_MARK = r"[-—–]\s*\d{1,4}\s*[-—–]|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
_FURNITURE = re.compile(rf"^\s*(?:{_PAGE_MARK}|\d{{1,4}}(?:\s*/\s*\d{{1,4}})?)\s*$")
_PAGE_LINE = re.compile(rf"^\s*(?:{_PAGE_MARK})\s*$")  # a bare number may end a sentence: not this


@dataclass
class _Char:
    ch: str
    x: float      # origin
    y: float      # baseline
    left: float
    right: float
    size: float


@dataclass
class _Line:
    text: str
    left: float
    right: float
    size: float
    lead: float = 0.0  # width of the Latin word or number the line opens with (0 for CJK)


def read_pdf(data: bytes, label: str, found: tuple[str, str] | None = None) -> str:
    """The text of every page, pages joined by ``"\\n"``; ``""`` when there is none."""
    if found is None or found[0] != "pdf":
        reason = "no %PDF- header"
        if found is not None:
            reason += f"; looks like {found[1]}"
        raise ReadError(E.E007, path=label, fmt="pdf", reason=reason)

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        code = raw.FPDF_GetLastError()
        if code == raw.FPDF_ERR_PASSWORD:
            raise ReadError(E.E014, path=label, reason="it needs a password to open") from None
        if code == raw.FPDF_ERR_SECURITY:
            raise ReadError(E.E014, path=label, reason="its security handler is not supported") from None
        raise ReadError(E.E007, path=label, fmt="pdf", reason=_describe(exc)) from None
    page_no = 0
    try:
        if len(doc) == 0:
            raise ReadError(E.E007, path=label, fmt="pdf", reason="no pages")
        pages: list[tuple[float, list[_Line]]] = []
        for page_no in range(1, len(doc) + 1):
            page = doc[page_no - 1]
            try:
                textpage = page.get_textpage()
                try:
                    pages.append((page.get_width(), _lines(_chars(textpage, raw))))
                finally:
                    textpage.close()
            finally:
                page.close()
    except ReadError:
        raise
    except Exception as exc:  # noqa: BLE001 - PDFium's errors on a broken page
        where = f"page {page_no}: " if page_no else ""
        raise ReadError(E.E007, path=label, fmt="pdf", reason=where + _describe(exc)) from None
    finally:
        doc.close()
    return _join_pages(pages)


def _chars(textpage, raw) -> list[_Char]:
    import ctypes

    tp = textpage.raw
    n = raw.FPDFText_CountChars(tp)
    x, y = ctypes.c_double(), ctypes.c_double()
    rect = raw.FS_RECTF()
    out: list[_Char] = []
    pending_high = None
    for i in range(max(n, 0)):
        code = raw.FPDFText_GetUnicode(tp, i)
        if raw.FPDFText_IsGenerated(tp, i) == 1 or code in (0, 0x0A, 0x0D, 0xFFFE, 0xFFFF):
            continue
        if 0xD800 <= code < 0xDC00:  # a high surrogate: the character is the pair
            pending_high = code
            continue
        if 0xDC00 <= code < 0xE000:
            if pending_high is None:
                continue
            code = 0x10000 + ((pending_high - 0xD800) << 10) + (code - 0xDC00)
            pending_high = None
            if out:
                out[-1].ch = chr(code)  # the pair's box is the high surrogate's
            continue
        pending_high = None
        raw.FPDFText_GetCharOrigin(tp, i, ctypes.byref(x), ctypes.byref(y))
        size = raw.FPDFText_GetFontSize(tp, i) or 10.0
        if raw.FPDFText_GetLooseCharBox(tp, i, ctypes.byref(rect)):
            left, right = rect.left, rect.right
        else:
            left, right = x.value, x.value + size / 2
        out.append(_Char(chr(code), x.value, y.value, min(left, right), max(left, right), size))
    return out


def _lines(chars: list[_Char]) -> list[_Line]:
    """The page's lines, top to bottom, each in x order."""
    rows: list[list[_Char]] = []
    for c in sorted(chars, key=lambda c: (-c.y, c.x)):
        if rows and abs(rows[-1][0].y - c.y) <= 0.5 * max(rows[-1][0].size, c.size):
            rows[-1].append(c)
        else:
            rows.append([c])
    lines = []
    for row in rows:
        row.sort(key=lambda c: c.x)
        line = _line(row)
        if line is not None:
            lines.append(line)
    return lines


def _line(row: list[_Char]) -> _Line | None:
    parts: list[str] = []
    prev: _Char | None = None
    for c in row:
        if prev is not None:
            if c.ch == prev.ch and abs(c.x - prev.x) < 0.4 * (prev.right - prev.left):
                continue  # drawn twice at (nearly) the same place: fake bold, a shadow
            gap = c.left - prev.right
            size = max(c.size, prev.size)
            if gap > TAB_GAP * size and not prev.ch.isspace() and not c.ch.isspace():
                parts.append("\t")
            elif not prev.ch.isspace() and not c.ch.isspace() and gap > size * (
                    SPACE_GAP if _latin(prev.ch) and _latin(c.ch)
                    else CJK_SPACE_GAP if not _latin(prev.ch) and not _latin(c.ch) else MIXED_SPACE_GAP):
                parts.append(" ")
        parts.append(c.ch)
        prev = c
    text = "".join(parts).rstrip()
    if not text.strip():
        return None
    ink = [c for c in row if not c.ch.isspace()]
    sizes = sorted(c.size for c in ink)
    lead = 0.0
    for c in ink:
        if _CJK.match(c.ch):
            break
        lead = c.right - ink[0].left
    return _Line(text, ink[0].left, max(c.right for c in ink), sizes[len(sizes) // 2], lead)


def _latin(ch: str) -> bool:
    """A character of Latin-script text (ASCII, accented letters), not a space."""
    return not ch.isspace() and (ch.isascii() or "\u00c0" <= ch <= "\u024f")


def _join_pages(pages: list[tuple[float, list[_Line]]]) -> str:
    # the text's left edge: where its lines start (indented ones further right); its
    # right edge: as far from the page's right side (margins are symmetric in word
    # processors' output; a line's own length says nothing when a page holds one line)
    flat = [(ln, width, _furniture(lines, k)) for width, lines in pages for k, ln in enumerate(lines)]
    left = min((ln.left for ln, _, furniture in flat if not furniture), default=0.0)
    out: list[str] = []
    held: list[str] = []  # page numbers met inside a paragraph: written after it
    carry = False         # the last line written continues on the next one
    for k, (ln, width, furniture) in enumerate(flat):
        if furniture:
            (held if carry else out).append(ln.text.strip())
            continue
        if carry and out and not _starts_paragraph(ln, left):
            out[-1] += ln.text.lstrip()
        else:
            out.extend(held)
            held.clear()
            out.append(ln.text)
        # a number or Latin word is not broken: the line before it stops short by its width
        nxt = next((n for n, _, f in flat[k + 1:] if not f), None)
        slack = FULL_LINE_SLACK * ln.size + (nxt.lead if nxt is not None else 0.0)
        carry = ln.right >= width - left - slack
    out.extend(held)
    return "\n".join(out)


def _furniture(lines: list[_Line], k: int) -> bool:
    """A page number above or below the text (the first or last line of its page)."""
    return k in (0, len(lines) - 1) and _FURNITURE.match(lines[k].text) is not None


def _starts_paragraph(ln: _Line, left: float) -> bool:
    """Does ``ln`` open a paragraph (indented, or a heading marker first) rather than
    continue the wrapped line before it? A marker (一、 (二) 3、 4) 第五章) is trusted over
    the geometry: a line wrapped right before one is rarer than a paragraph that ends
    at the right edge, and a page number glued to a line (12、元。) is one too."""
    if ln.left > left + INDENT * ln.size:
        return True  # indented
    text = ln.text.lstrip()
    return bool(_HEADING.match(text) or _PAGE_LINE.match(text))  # or a page number among the lines


def _describe(exc: Exception) -> str:
    message = str(exc).strip()
    reason = f"{type(exc).__name__}: {message}" if message else type(exc).__name__
    return reason if len(reason) <= 200 else reason[:197] + "..."
