"""Input readers: a file (or stdin's bytes) -> one decoded text string.

Every span reportmine outputs indexes ``Decoded.text``, the text *after* the readers'
only rewrites of plain text: ``"\\r\\n"`` and ``"\\r"`` become ``"\\n"``, and a few stray
NUL bytes are dropped (``txt.py``). Everything else (full-width spaces, blank lines,
indentation) is kept as decoded.

The format comes from the file's suffix and from its content:

* ``.txt``/``.text`` -> plain text; content that is really a PDF, a zip, an image, an
  executable, an archive ... is refused with E003 naming what it looks like (an HTML
  page is read as HTML).
* no suffix, and stdin (``fmt=None``) -> sniffed: PDF, .docx, Word 97 (OLE2) and HTML
  content go to their readers, anything else is read as plain text.
* ``.docx`` / ``.doc`` / ``.pdf`` / ``.html`` ``.htm`` ``.xhtml`` -> that reader (a .doc
  that is really a .docx, or a .docx that is really a Word 97 file, is read as what it
  is, as Word does).
* any other suffix (``.md``, ``.csv``, ``report.2024`` ...) -> read as text when the content
  is text or HTML; E009 when it is a binary format.

Importing this package is cheap: python-docx, pypdfium2, bs4 and charset_normalizer are
imported only inside the functions that use them.
"""
from __future__ import annotations

import os
import stat
from dataclasses import dataclass

from ..errors import E, ReadError

__all__ = ["Decoded", "DEFAULT_MAX_BYTES", "FORMATS", "SUFFIXES", "read_path", "decode_bytes",
           "decode_named", "sniff"]

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
FORMATS = ("txt", "docx", "pdf", "html", "doc")

STDIN_LABEL = "<stdin>"

_SUFFIX_FORMATS = {
    ".txt": "txt",
    ".text": "txt",
    ".docx": "docx",
    ".doc": "doc",
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
}
SUFFIXES = tuple(_SUFFIX_FORMATS)  # what a folder walk of `reportmine batch` picks up


@dataclass(frozen=True)
class Decoded:
    """A document turned into text.

    ``text`` is the decoded text with ``"\\r\\n"``/``"\\r"`` turned into ``"\\n"``; every
    span reportmine outputs indexes this string. ``encoding`` is the text encoding used
    (``"utf-8"``, ``"utf-8-sig"``, ``"utf-16"``, ``"utf-16-le"``, ``"gb18030"``,
    ``"big5"`` ...) or, for documents, ``"docx"``, ``"pdf"``, ``"html/<charset>"``,
    ``"doc/<converter>"``. ``sha256`` is the hex digest of the raw bytes. ``headings``
    holds ``(start, end, level)`` spans in ``text`` of paragraphs a .docx styles as
    headings (level 0 for a Title style, n for "Heading n"/"标题 n" or outline level
    n-1); it is empty for the other formats.
    """

    text: str
    encoding: str
    format: str
    sha256: str
    path: str | None
    headings: tuple[tuple[int, int, int], ...] = ()


# --- content sniffing -------------------------------------------------------------------

_MAGIC: tuple[tuple[bytes, str, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "png", "a PNG image"),
    (b"\xff\xd8\xff", "jpeg", "a JPEG image"),
    (b"GIF87a", "gif", "a GIF image"),
    (b"GIF89a", "gif", "a GIF image"),
    (b"\x7fELF", "elf", "an ELF executable"),
    (b"\x1f\x8b", "gzip", "gzip-compressed data"),
    (b"7z\xbc\xaf\x27\x1c", "7z", "a 7z archive"),
    (b"Rar!\x1a\x07", "rar", "a RAR archive"),
    (b"\xfd7zXZ\x00", "xz", "xz-compressed data"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole", "an Office 97-2003 document (e.g. a Word .doc)"),
    (b"{\\rtf", "rtf", "an RTF document"),
    (b"II*\x00", "tiff", "a TIFF image"),
    (b"MM\x00*", "tiff", "a TIFF image"),
    (b"\xca\xfe\xba\xbe", "class", "a Java class file or Mach-O binary"),
)


def sniff(data: bytes) -> tuple[str, str] | None:
    """What ``data`` looks like, judged by its first bytes: ``(kind, description)``.

    Kinds: ``pdf``, ``docx``, ``zip``, ``ole`` (Word 97 and other Office 97-2003 files),
    ``html``, an image or archive kind ... ``None`` means no known signature: text or
    unknown binary (the text reader decides).
    """
    head = data[:1024]
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")):
        return _sniff_zip(data)
    if head.lstrip(b"\xef\xbb\xbf \t\r\n\x0c").startswith(b"%PDF-") or (
        b"%PDF-" in head and b"%%EOF" in data[-2048:]  # readers allow junk before the header
    ):
        return "pdf", "a PDF document"
    for magic, kind, description in _MAGIC:
        if head.startswith(magic):
            return kind, description
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "webp", "a WebP image"
    if head.startswith(b"BZh") and head[3:4].isdigit():
        return "bzip2", "bzip2-compressed data"
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n\x0c").lower()
    if start.startswith((b"<!doctype html", b"<html")) or (
        start.startswith(b"<?xml") and b"<html" in start
    ):
        return "html", "an HTML page"
    return None


def _sniff_zip(data: bytes) -> tuple[str, str]:
    import io as _io
    import zipfile

    try:
        with zipfile.ZipFile(_io.BytesIO(data)) as zf:
            names = set(zf.namelist())
    except Exception:  # noqa: BLE001 - any failure: a (broken) zip all the same
        return "zip", "a zip archive"
    if "word/document.xml" in names:
        return "docx", "a Word .docx document"
    if "xl/workbook.xml" in names:
        return "zip", "a zip archive (an Excel .xlsx workbook)"
    if "ppt/presentation.xml" in names:
        return "zip", "a zip archive (a PowerPoint .pptx presentation)"
    if "mimetype" in names and "content.xml" in names:
        return "zip", "a zip archive (an OpenDocument file)"
    return "zip", "a zip archive"


# --- entry points -------------------------------------------------------------------------


def read_path(path: str | os.PathLike, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Decoded:
    """Read and decode one file.

    Raises ``ReadError``: E001 missing, E002 a directory or unreadable, E006 larger than
    ``max_bytes``, and whatever ``decode_bytes`` raises for its content.
    """
    name = os.fsdecode(os.fspath(path))
    try:
        st = os.stat(name)
    except (FileNotFoundError, NotADirectoryError):
        raise ReadError(E.E001, path=name) from None
    except PermissionError as exc:
        raise ReadError(E.E002, path=name, reason=_reason(exc)) from None
    except OSError as exc:
        raise ReadError(E.E002, path=name, reason=_reason(exc)) from None
    except ValueError:  # an embedded NUL
        raise ReadError(E.E002, path=name, reason="invalid file name") from None
    if stat.S_ISDIR(st.st_mode):
        raise ReadError(E.E002, path=name, reason="it is a directory")
    regular = stat.S_ISREG(st.st_mode)
    if regular and st.st_size > max_bytes:
        raise ReadError(E.E006, path=name, size=st.st_size, limit=max_bytes)
    try:
        with open(name, "rb") as fh:
            # a FIFO or device reports no size: read one byte past the limit to notice
            data = fh.read() if regular else fh.read(max_bytes + 1)
    except (FileNotFoundError, NotADirectoryError):
        raise ReadError(E.E001, path=name) from None
    except IsADirectoryError:
        raise ReadError(E.E002, path=name, reason="it is a directory") from None
    except OSError as exc:
        raise ReadError(E.E002, path=name, reason=_reason(exc)) from None
    if len(data) > max_bytes:
        raise ReadError(E.E006, path=name, size=len(data), limit=max_bytes)
    return decode_named(data, name)


def decode_named(data: bytes, name: str) -> Decoded:
    """Decode a file's bytes read elsewhere (a batch worker on another machine) exactly as
    ``read_path`` decodes the file ``name``: the format comes from its suffix and content."""
    suffix = os.path.splitext(name)[1].lower()
    if suffix in _SUFFIX_FORMATS:
        return decode_bytes(data, path=name, fmt=_SUFFIX_FORMATS[suffix])
    if suffix and data:
        # an unknown suffix: fine for text (.md, .csv, "报告(2024.6)"), refused for binaries
        found = sniff(data)
        if found is not None and found[0] != "html":
            raise ReadError(E.E009, path=name, fmt=suffix)
    return decode_bytes(data, path=name, fmt=None)


def decode_bytes(
    data: bytes,
    *,
    path: str | None = None,
    fmt: str | None = None,
    max_bytes: int | None = None,
) -> Decoded:
    """Decode raw bytes (stdin's, or a file's) into a ``Decoded``.

    ``fmt`` is one of ``FORMATS``; ``None`` sniffs the content (PDF, .docx, Word 97 and
    HTML are recognised, anything else is read as text). ``path`` only names the source
    in ``Decoded.path`` and in error messages (``<stdin>`` when None). Text keeps its
    line breaks except that ``"\\r\\n"`` and ``"\\r"`` become ``"\\n"``; spans index the
    text after this.
    """
    label = path if path is not None else STDIN_LABEL
    if fmt is not None and fmt not in FORMATS:
        raise ReadError(E.E009, path=label, fmt=fmt)
    if max_bytes is not None and len(data) > max_bytes:
        raise ReadError(E.E006, path=label, size=len(data), limit=max_bytes)
    if not data:
        raise ReadError(E.E005, path=label)
    found = sniff(data)
    kind = found[0] if found else None

    if fmt is None:
        fmt = {"pdf": "pdf", "docx": "docx", "ole": "doc", "html": "html"}.get(kind or "", "txt")
    elif fmt == "docx" and kind == "ole":
        fmt = "doc"  # a Word 97 file named .docx
    elif fmt in ("doc", "txt") and kind == "html":
        fmt = "html"  # a web page saved as .doc or .txt
    elif fmt == "doc" and kind == "docx":
        fmt = "docx"  # a .docx named .doc

    headings: tuple[tuple[int, int, int], ...] = ()
    if fmt == "txt":
        if found is not None:
            raise ReadError(E.E003, path=label, reason=f"looks like {found[1]}")
        from .txt import read_txt

        text, encoding = read_txt(data, label)
    elif fmt == "html":
        if found is not None and kind != "html":
            raise ReadError(E.E003, path=label, reason=f"looks like {found[1]}")
        from .html import read_html

        text, encoding = read_html(data, label)
    elif fmt == "docx":
        from .docx import read_docx

        text, headings = read_docx(data, label, found)
        encoding = "docx"
    elif fmt == "pdf":
        from .pdf import read_pdf

        text = read_pdf(data, label, found)
        encoding = "pdf"
    else:  # doc
        if found is not None and kind not in ("ole", "rtf"):
            raise ReadError(E.E007, path=label, fmt="doc",
                            reason=f"not a Word 97 file; looks like {found[1]}")
        from .doc import read_doc

        text, encoding = read_doc(data, label)

    import hashlib

    if not text.strip():
        if fmt == "pdf":
            raise ReadError(E.E010, path=label)
        raise ReadError(E.E005, path=label)
    return Decoded(
        text=text,
        encoding=encoding,
        format=fmt,
        sha256=hashlib.sha256(data).hexdigest(),
        path=path,
        headings=headings,
    )


def _reason(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "permission denied"
    return exc.strerror or exc.__class__.__name__
