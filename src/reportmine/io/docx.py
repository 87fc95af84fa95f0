"""Word .docx (python-docx, imported on use): the body's text in document order.

* every body paragraph is one line (a ``<w:br/>`` inside it is a ``"\\n"``, ``<w:tab/>`` a
  tab); empty paragraphs stay as empty lines;
* every table row is one line, its cells joined by a tab (a cell's own paragraphs and
  nested tables are joined by spaces; a vertically merged cell's continuation is empty,
  so merged text is not repeated);
* content controls (``w:sdt``) are read through; tracked insertions are read, tracked
  deletions, hidden runs (``w:vanish``), field codes and text boxes are not;
* paragraphs styled as headings are returned as ``(start, end, level)`` spans of the
  text (whitespace trimmed): level n for "Heading n" / "标题 n" (also a custom style with
  an outline level n-1, inherited through ``basedOn``, or a paragraph's own outline
  level), level 0 for "Title" / "标题".

Headers, footers, footnotes and comments are not read. A file whose parts unpack to more
than ``DOCX_MAX_UNCOMPRESSED`` bytes (128 MiB) is refused unopened (E011: a zip bomb).
"""
from __future__ import annotations

import re

from ..errors import E, ReadError
from .txt import normalise_newlines

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"

_P, _TBL, _TR, _TC = _W + "p", _W + "tbl", _W + "tr", _W + "tc"
_T, _TAB, _PTAB, _BR, _CR = _W + "t", _W + "tab", _W + "ptab", _W + "br", _W + "cr"
_NBH, _R, _RPR, _VANISH = _W + "noBreakHyphen", _W + "r", _W + "rPr", _W + "vanish"
_SDT, _SDT_CONTENT, _CUSTOM_XML = _W + "sdt", _W + "sdtContent", _W + "customXml"
_VAL = _W + "val"

# subtrees whose text is not the paragraph's visible text
_SKIP = {
    _W + "pPr", _W + "rPr", _W + "del", _W + "moveFrom", _W + "delText", _W + "instrText",
    _W + "drawing", _W + "pict", _W + "object", _W + "txbxContent", _W + "sdtPr",
    _W + "footnoteReference", _W + "endnoteReference", _W + "commentReference",
    _MC + "AlternateContent",
}
_BLOCK_WRAPPERS = {_SDT_CONTENT, _CUSTOM_XML, _W + "ins", _W + "moveTo"}

_HEADING_NAME = re.compile(r"^(?:heading|标题)\s*([1-9])$")
_TITLE_NAME = re.compile(r"^(?:title|标题)$")
_OFF = {"0", "false", "off"}


def read_docx(data: bytes, label: str, found: tuple[str, str] | None = None
              ) -> tuple[str, tuple[tuple[int, int, int], ...]]:
    """``(text, headings)`` of a .docx; broken files -> E007 fmt "docx"."""
    kind = found[0] if found else None
    if kind not in ("docx", "zip"):
        reason = "not a zip archive"
        if found is not None:
            reason += f"; looks like {found[1]}"
        raise ReadError(E.E007, path=label, fmt="docx", reason=reason)
    if kind == "zip":
        import io
        import zipfile

        try:
            zipfile.ZipFile(io.BytesIO(data)).close()
        except Exception as exc:  # noqa: BLE001 - cut short or damaged
            raise ReadError(E.E007, path=label, fmt="docx",
                            reason=f"a zip archive that does not open, cut short or damaged ({_describe(exc)})") from None
        raise ReadError(E.E007, path=label, fmt="docx",
                        reason=f"{found[1]} without word/document.xml")

    import io

    _refuse_bomb(data, label)
    try:
        import docx as python_docx

        document = python_docx.Document(io.BytesIO(data))
        body = document.element.body
        styles = _StyleLevels(document.styles.element)
    except Exception as exc:  # noqa: BLE001 - zip, XML, package errors of a broken file
        raise ReadError(E.E007, path=label, fmt="docx", reason=_describe(exc)) from None

    lines: list[str] = []
    headings: list[tuple[int, int, int]] = []
    pos = 0
    for block in _blocks(body):
        if block.tag == _P:
            text = normalise_newlines(_paragraph_text(block))
            level = styles.level_of(block)
            if level is not None and text.strip():
                start = pos + (len(text) - len(text.lstrip()))
                end = pos + len(text.rstrip())
                headings.append((start, end, level))
            lines.append(text)
            pos += len(text) + 1
        else:
            for row in _table_rows(block):
                lines.append(row)
                pos += len(row) + 1
    return "\n".join(lines), tuple(headings)


# python-docx unpacks every part into memory, then parses the XML ones: the file size
# alone bounds nothing (2 MB of zip can hold 1 GiB of XML, 4.9 GB in memory). Parts are
# summed by their declared sizes before anything is unpacked; zipfile never yields more
# than a part declares (a part that lies fails its CRC check: E007).
DOCX_MAX_UNCOMPRESSED = 128 * 1024 * 1024


def _refuse_bomb(data: bytes, label: str) -> None:
    import io
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            size = sum(info.file_size for info in zf.infolist())
    except Exception as exc:  # noqa: BLE001 - a broken zip
        raise ReadError(E.E007, path=label, fmt="docx", reason=_describe(exc)) from None
    if size > DOCX_MAX_UNCOMPRESSED:
        raise ReadError(E.E011, path=label, size=size, limit=DOCX_MAX_UNCOMPRESSED)


def _describe(exc: Exception) -> str:
    message = str(exc).strip()
    reason = f"{type(exc).__name__}: {message}" if message else type(exc).__name__
    return reason if len(reason) <= 200 else reason[:197] + "..."


def _blocks(container):
    """Paragraphs and tables of a body or cell, in document order, through wrappers."""
    for child in container:
        tag = child.tag
        if tag == _P or tag == _TBL:
            yield child
        elif tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                yield from _blocks(content)
        elif tag in _BLOCK_WRAPPERS:
            yield from _blocks(child)


def _children(el, want: str):
    """Direct ``want`` children of ``el``, looking through content controls and the like."""
    for child in el:
        if child.tag == want:
            yield child
        elif child.tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                yield from _children(content, want)
        elif child.tag in _BLOCK_WRAPPERS:
            yield from _children(child, want)


def _paragraph_text(p) -> str:
    out: list[str] = []
    _inline(p, out)
    return "".join(out)


def _inline(el, out: list[str]) -> None:
    for child in el:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue  # XML comments and processing instructions have no str tag
        if tag == _T:
            out.append(child.text or "")
        elif tag == _TAB or tag == _PTAB:
            out.append("\t")
        elif tag == _BR or tag == _CR:
            out.append("\n")
        elif tag == _NBH:
            out.append("-")
        elif tag == _R and _hidden(child):
            continue
        else:
            _inline(child, out)


def _hidden(run) -> bool:
    rpr = run.find(_RPR)
    if rpr is None:
        return False
    vanish = rpr.find(_VANISH)
    return vanish is not None and vanish.get(_VAL, "true") not in _OFF


def _table_rows(tbl):
    for tr in _children(tbl, _TR):
        cells = [_cell_text(tc) for tc in _children(tr, _TC)]
        yield "\t".join(cells)


def _cell_text(tc) -> str:
    tcpr = tc.find(_W + "tcPr")
    if tcpr is not None:
        vmerge = tcpr.find(_W + "vMerge")
        if vmerge is not None and vmerge.get(_VAL, "continue") == "continue":
            return ""  # continuation of a vertically merged cell: its text is above
    parts: list[str] = []
    for block in _blocks(tc):
        if block.tag == _P:
            parts.append(_paragraph_text(block))
        else:
            parts.extend(_table_rows(block))
    text = " ".join(part.strip() for part in parts if part.strip())
    return re.sub(r"[\t\r\n]+", " ", text)


class _StyleLevels:
    """Heading level of a paragraph from its style (by name, or outline level)."""

    def __init__(self, styles_el) -> None:
        self._styles: dict[str, tuple[str, str | None, int | None]] = {}
        self._default: str | None = None
        self._cache: dict[str | None, int | None] = {}
        for st in styles_el.iter(_W + "style"):
            if st.get(_W + "type", "paragraph") != "paragraph":
                continue
            sid = st.get(_W + "styleId")
            if sid is None:
                continue
            name_el = st.find(_W + "name")
            name = name_el.get(_VAL, "") if name_el is not None else ""
            based_el = st.find(_W + "basedOn")
            based = based_el.get(_VAL) if based_el is not None else None
            self._styles[sid] = (name, based, _outline(st.find(_W + "pPr")))
            if st.get(_W + "default") in ("1", "true", "on"):
                self._default = sid

    def level_of(self, p) -> int | None:
        ppr = p.find(_W + "pPr")
        own = _outline(ppr)
        if own is not None:
            return _level(own)
        sid = None
        if ppr is not None:
            pstyle = ppr.find(_W + "pStyle")
            if pstyle is not None:
                sid = pstyle.get(_VAL)
        if sid is None:
            sid = self._default
        if sid not in self._cache:
            self._cache[sid] = self._style_level(sid)
        return self._cache[sid]

    def _style_level(self, sid: str | None) -> int | None:
        if sid is None or sid not in self._styles:
            return None
        name = self._styles[sid][0].split(",")[0].strip().lower()
        m = _HEADING_NAME.match(name)
        if m:
            return int(m.group(1))
        if _TITLE_NAME.match(name):
            return 0
        seen: set[str] = set()
        while sid is not None and sid in self._styles and sid not in seen:
            seen.add(sid)
            _, based, outline = self._styles[sid]
            if outline is not None:
                return _level(outline)
            sid = based
        return None


def _outline(ppr) -> int | None:
    """The ``w:outlineLvl`` value of a paragraph's or style's properties, if any."""
    if ppr is None:
        return None
    el = ppr.find(_W + "outlineLvl")
    if el is None:
        return None
    try:
        return int(el.get(_VAL, ""))
    except ValueError:
        return None


def _level(outline: int) -> int | None:
    """Heading level 1-9 of outline level 0-8; outline level 9 is body text."""
    return outline + 1 if 0 <= outline <= 8 else None
