"""HTML (beautifulsoup4 with the stdlib "html.parser", imported on use): visible text.

Decoding: a byte-order mark, else the declared charset (``<meta charset>``,
``<meta http-equiv="Content-Type" content="...; charset=...">`` or an XML declaration;
GB2312/GBK are read as GB18030), else the same detection as for plain text. A declared
Western single-byte charset (ASCII, Latin-1, Windows-1252) is ignored when the bytes are
valid UTF-8, a UTF-16 declaration (impossible in bytes where it reads as ASCII) is
ignored, and a declaration the bytes do not fit falls back to detection. The
encoding is reported as ``"html/<charset>"``.

Text: ``script``, ``style``, ``noscript``, ``template``, the ``head``'s title, meta, link
and base (and ``iframe``, ``object``, ``embed``, ``canvas``, elements with ``hidden`` or an inline
``display:none``/``visibility:hidden``) are dropped, as are comments and doctype. Block
elements (p, div, li, h1-h6, tr, table, section, article, ul, ol, ...) start and end a
line, ``<br>`` always breaks a line, table cells of a row are joined by a tab (inside a
cell, blocks and ``<br>`` are spaces, so a row stays one line). Inside a line, runs of
HTML white space collapse to one space (none where a source line break falls between
two CJK characters, as browsers do), ``<pre>`` keeps its white space.
Lines are right-stripped, runs of blank lines collapse to one blank line, and leading
and trailing blank lines are dropped.
"""
from __future__ import annotations

import re

from ..errors import E, ReadError
from .txt import canonical, decode_as, decode_text, normalise_newlines

_DROP = ("script", "style", "noscript", "template", "iframe", "object", "embed", "canvas")
_BLOCKS = frozenset((
    "p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article",
    "table", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre", "header", "footer", "nav",
    "aside", "main", "figure", "figcaption", "form", "hr", "address", "caption", "thead",
    "tbody", "tfoot", "fieldset", "legend", "details", "summary", "center", "body", "html",
    "option", "title",
))
_DROP_SET = frozenset(_DROP)
_CELLS = frozenset(("td", "th"))
_HIDDEN_STYLE = re.compile(r"(?:display\s*:\s*none|visibility\s*:\s*hidden)", re.I)

_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)""", re.I)
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
_WESTERN = {"ascii", "iso8859-1", "latin-1", "cp1252", "windows-1252", "us-ascii"}

_VOID_TAG = re.compile(
    r"<(area|base|br|col|embed|hr|img|input|link|meta|param|source|track|wbr)\b"
    r"((?:[^<>\"'/]|\"[^\"]*\"|'[^']*'|/(?!>))*?)\s*>",
    re.I,
)
_WS = re.compile(r"[ \t\n\r\f]+")
_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003ffff]")


def read_html(data: bytes, label: str) -> tuple[str, str]:
    """``(visible text, "html/<charset>")``; see the module docstring."""
    markup, charset = _decode(data, label)
    try:
        from bs4 import BeautifulSoup

        soup = BeautifulSoup(_close_void_tags(normalise_newlines(markup)), "html.parser")
    except Exception as exc:  # noqa: BLE001 - html.parser is lenient; anything here is odd
        raise ReadError(E.E007, path=label, fmt="html", reason=f"{type(exc).__name__}: {exc}") from None
    return _render(soup), f"html/{charset}"


def _close_void_tags(markup: str) -> str:
    """``<br>`` -> ``<br/>`` (and the other void elements): bs4's html.parser builder
    keeps a list of void tags written without "/" and scans it at every end tag, which
    is quadratic on pages with thousands of ``<br>``/``<img>``."""
    return _VOID_TAG.sub(r"<\1\2/>", markup)


def _decode(data: bytes, label: str) -> tuple[str, str]:
    if not data.startswith(_BOMS):
        head = data[:4096]
        m = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
        if m:
            declared = m.group(1).decode("ascii", "replace")
            # a declaration readable as ASCII cannot be UTF-16/32 (WHATWG reads it as UTF-8)
            wide = declared.lower().replace("_", "-").startswith(("utf-16", "utf-32", "ucs-2", "utf16"))
            result = None if wide else decode_as(data, declared)
            if result is not None:
                text, name = result
                if canonical(name) not in _WESTERN or data.isascii():
                    return text, name
                try:
                    return data.decode("utf-8"), "utf-8"
                except UnicodeDecodeError:
                    return text, name
    return decode_text(data, label)


_HEAD_ONLY = frozenset(("title", "meta", "link", "base"))


def _skipped(tag, name: str, in_head: bool) -> bool:
    """Is this element invisible (dropped with all it holds)?

    A ``<head>`` is not dropped whole: an unclosed one may have swallowed the body
    (html.parser does not repair it), so its title, meta, link and base elements are
    dropped instead (script and style are dropped everywhere). ``in_head`` comes from the
    walk: asking the tree (``find_parent``/``find``) at every element is quadratic in the
    nesting depth, minutes for a page of 30,000 unclosed ``<p><title>``.
    """
    if name in _DROP_SET:
        return True
    if in_head and name in _HEAD_ONLY:
        return True
    attrs = tag.attrs
    if attrs and ("hidden" in attrs or _HIDDEN_STYLE.search(str(attrs.get("style", "")))):
        return True
    return False


def _render(soup) -> str:
    from bs4.element import CData, NavigableString, PreformattedString, Tag

    # tokens: ("t", text, pre) | ("soft",) | ("hard",) | ("cell",)
    tokens: list[tuple] = []
    stack: list[tuple[object, bool]] = [(soup, True)]
    pre_depth = 0
    head_depth = 0
    cell_depth = 0  # inside a td/th, blocks and <br> are spaces: a row stays one line
    rows: list[list] = []  # [cells seen, nested inside a cell?] per open <tr>
    space = ("t", " ", False)
    while stack:
        node, entering = stack.pop()
        if isinstance(node, Tag):
            name = node.name.lower() if node.name else ""
            if entering:
                if _skipped(node, name, head_depth > 0):
                    continue  # never decompose: extract() is linear in the siblings
                if name == "head":
                    head_depth += 1
                if name == "br":
                    tokens.append(space if cell_depth else ("hard",))
                    continue
                if name == "tr":
                    rows.append([0, cell_depth > 0])
                if name in _BLOCKS:
                    tokens.append(space if cell_depth else ("soft",))
                if name in _CELLS:
                    if rows:
                        row = rows[-1]
                        if row[0]:
                            tokens.append(space if row[1] else ("cell",))
                        row[0] += 1
                    cell_depth += 1
                if name == "pre":
                    pre_depth += 1
                stack.append((node, False))
                for child in reversed(node.contents):
                    stack.append((child, True))
            else:
                if name == "head":
                    head_depth -= 1
                if name == "pre":
                    pre_depth -= 1
                if name in _CELLS:
                    cell_depth -= 1
                if name == "tr" and rows:
                    rows.pop()
                if name in _BLOCKS:
                    tokens.append(space if cell_depth else ("soft",))
        elif isinstance(node, NavigableString):
            if isinstance(node, PreformattedString) and not isinstance(node, CData):
                continue  # comments, doctype, processing instructions, declarations
            text = str(node)
            if pre_depth and not cell_depth:
                for i, piece in enumerate(text.split("\n")):
                    if i:
                        tokens.append(("hard",))
                    tokens.append(("t", piece, True))
            else:
                tokens.append(("t", text, False))

    lines: list[str] = []
    cells: list[list[tuple[str, bool]]] = [[]]

    def flush(force: bool) -> None:
        line = "\t".join(_cell(c) for c in cells).rstrip()
        if line.strip() or force:
            lines.append(line if line.strip() else "")
        cells.clear()
        cells.append([])

    for tok in tokens:
        kind = tok[0]
        if kind == "t":
            cells[-1].append((tok[1], tok[2]))
        elif kind == "cell":
            cells.append([])
        elif kind == "soft":
            if any(text for c in cells for text, _ in c if text.strip()):
                flush(False)
            else:
                cells.clear()
                cells.append([])
        else:  # hard
            flush(True)
    flush(False)

    out: list[str] = []
    for line in lines:
        if not line and (not out or not out[-1]):
            continue  # a run of blank lines -> one; none at the start
        out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


def _cell(fragments: list[tuple[str, bool]]) -> str:
    """One cell's (or a whole line's) text: HTML white space collapsed outside <pre>."""
    parts: list[str] = []
    run: list[str] = []
    for text, pre in fragments:
        if pre:
            if run:
                parts.append(_collapse("".join(run)))
                run = []
            parts.append(text)
        else:
            run.append(text)
    if run:
        parts.append(_collapse("".join(run)))
    text = "".join(parts)
    return text.strip(" ") if not any(pre for _, pre in fragments) else text.rstrip(" ")


def _collapse(text: str) -> str:
    def repl(m: re.Match) -> str:
        if "\n" in m.group(0):
            before = text[m.start() - 1] if m.start() else ""
            after = text[m.end()] if m.end() < len(text) else ""
            if before and after and _CJK.match(before) and _CJK.match(after):
                return ""
        return " "

    return _WS.sub(repl, text)
