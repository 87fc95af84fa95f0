"""HTML: the visible text only, blocks on lines of their own."""
from __future__ import annotations

import re

from ..errors import E, ReadError

_BLOCKS = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article", "table", "ul", "ol")


def read_html(data: bytes, name: str) -> tuple[str, str]:
    m = re.search(rb"<meta[^>]+charset=[\"']?([\w-]+)", data[:4096], re.I)
    enc = None
    if m:
        enc = m.group(1).decode("ascii", "ignore").lower()
        enc = {"gb2312": "gb18030", "gbk": "gb18030"}.get(enc, enc)
        try:
            markup = data.decode(enc)
        except (LookupError, UnicodeDecodeError):
            enc = None
    if enc is None:
        from . import decode_text

        markup, enc = decode_text(data, name)
    try:
        from bs4 import BeautifulSoup

        soup = BeautifulSoup(markup, "html.parser")
    except Exception as exc:
        raise ReadError(E.E007, path=name, fmt="html", reason=str(exc)) from None
    for tag in soup(["script", "style", "noscript", "template", "head"]):
        tag.decompose()
    for tag in soup.find_all(_BLOCKS):
        tag.insert_before("\n")
        tag.insert_after("\n")
    text = soup.get_text()
    text = re.sub(r"[ \t\u00a0]+\n", "\n", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = re.sub(r"\n{3,}", "\n\n", text).strip("\n")
    return text, enc
