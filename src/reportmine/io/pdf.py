"""PDF with a text layer (pypdf, imported on use): the pages' text joined by ``"\\n"``.

A PDF whose pages hold no text at all (a scan) -> E010; one pypdf cannot parse, or an
encrypted one that does not open with the empty password -> E007 fmt "pdf". pypdf's
logger warnings (common on slightly malformed but readable files) are silenced.
"""
from __future__ import annotations

from ..errors import E, ReadError
from .txt import normalise_newlines


def read_pdf(data: bytes, label: str, found: tuple[str, str] | None = None) -> str:
    """The text of every page, pages joined by ``"\\n"``; ``""`` when there is none."""
    if found is None or found[0] != "pdf":
        reason = "no %PDF- header"
        if found is not None:
            reason += f"; looks like {found[1]}"
        raise ReadError(E.E007, path=label, fmt="pdf", reason=reason)

    import io
    import logging
    import warnings

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    page_no = 0
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from pypdf import PdfReader

            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted:
                try:
                    opened = reader.decrypt("")
                except Exception as exc:  # noqa: BLE001 - e.g. AES without a crypto library
                    raise ReadError(E.E007, path=label, fmt="pdf",
                                    reason=f"encrypted and cannot be opened ({_describe(exc)})") from None
                if not opened:
                    raise ReadError(E.E007, path=label, fmt="pdf",
                                    reason="encrypted; it needs a password") from None
            pages = reader.pages
            if len(pages) == 0:
                raise ReadError(E.E007, path=label, fmt="pdf", reason="no pages")
            texts = []
            for page_no, page in enumerate(pages, 1):
                texts.append(normalise_newlines(page.extract_text() or ""))
    except ReadError:
        raise
    except Exception as exc:  # noqa: BLE001 - pypdf's many parse errors of a broken file
        where = f"page {page_no}: " if page_no else ""
        raise ReadError(E.E007, path=label, fmt="pdf", reason=where + _describe(exc)) from None
    return "\n".join(texts)


def _describe(exc: Exception) -> str:
    message = str(exc).strip()
    reason = f"{type(exc).__name__}: {message}" if message else type(exc).__name__
    return reason if len(reason) <= 200 else reason[:197] + "..."
