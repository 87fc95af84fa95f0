"""Plain text: find the encoding, refuse binary data, unify line breaks.

Order of trials, cheapest and surest first:

1. a byte-order mark: UTF-8 (``"utf-8-sig"``), UTF-32 (``"utf-32"``), UTF-16 (``"utf-16"``);
2. NUL bytes: UTF-16 without a BOM when one byte order reads as text (``"utf-16-le"`` /
   ``"utf-16-be"``); a few stray NULs (at most one byte in a thousand, or 4) are dropped
   and the rest is read as below; more is E003 binary data;
3. strict UTF-8 (``"utf-8"``; a file cut inside its last character still counts, the
   broken tail becomes U+FFFD);
4. lines of UTF-8 beside lines that are not: E013 mixed encodings (no one decoding reads
   such a file, and any guess garbles half of it);
5. GB18030 or Big5 (Chinese report texts): when the bytes decode strictly as both, the
   reading with the clearly larger share of its encoding's level-1 (most common)
   characters wins -- this settles short texts that statistics cannot; otherwise
   charset-normalizer (imported only here) chooses among GB18030, Big5 and UTF-16.
   GBK/GB2312 text is decoded and reported as ``"gb18030"`` (a superset);
6. a GB18030 or Big5 reading made of rare characters only is mojibake, not Chinese:
   E012 (Latin-1/Windows-1252 text is named as such).

The decoded text keeps its line breaks except that ``"\\r\\n"`` and ``"\\r"`` become
``"\\n"`` (and stray NUL bytes are gone); every span reportmine outputs indexes the text
after this rewrite.
"""
from __future__ import annotations

import codecs
import re

from ..errors import E, ReadError

TRIED = "utf-8, utf-16, gb18030, big5"

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: FF FE 00 00 starts with FF FE
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# C0/C1 controls other than tab, line feed, vertical tab, form feed, carriage return
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F])
_CONTROL_SAMPLE = 1 << 20  # characters examined for the control-character share

_GB_NAMES = {"gb2312", "gbk", "cp936", "gb18030", "hz", "euc-cn", "ms936"}


def normalise_newlines(text: str) -> str:
    """``"\\r\\n"`` and ``"\\r"`` -> ``"\\n"``; nothing else changes."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_txt(data: bytes, label: str) -> tuple[str, str]:
    """``(text, encoding)`` of a plain-text file; see the module docstring.

    Raises E003 (binary data), E004 (no encoding fits). Emptiness (E005) is the caller's.
    """
    text, encoding = decode_text(data, label)
    return normalise_newlines(text), encoding


def decode_text(data: bytes, label: str) -> tuple[str, str]:
    """Decode bytes of unknown encoding; line breaks untouched. Raises E003 / E004."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(name)
            except UnicodeDecodeError as exc:
                raise ReadError(E.E004, path=label,
                                tried=f"{name} (its byte-order mark; {exc.reason} at byte {exc.start})"
                                ) from None
            _refuse_binary(text, label)
            return text, name

    if b"\x00" in data:
        # text never holds NUL; UTF-16 does (ASCII "a" is 61 00), and pure-ASCII UTF-16
        # is valid UTF-8 too, so this comes before the UTF-8 trial
        guess = _utf16_without_bom(data)
        if guess is not None:
            text, name = guess
            _refuse_binary(text, label)
            return text, name
        nuls = data.count(b"\x00")
        if nuls > max(STRAY_NUL_MIN, len(data) * STRAY_NUL_SHARE):
            raise ReadError(E.E003, path=label, reason=f"binary data: {nuls} NUL bytes")
        # a few stray NULs (a transfer or an editor's slip) in text: dropped, and the rest
        # is read as any text is (still refused if it is binary otherwise)
        data = data.replace(b"\x00", b"")

    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        text = _truncated_utf8(data, exc)
    if text is not None:
        _refuse_binary(text, label)
        return text, "utf-8"

    _refuse_mixed(data, label)
    text, name = _detect_cjk(data, label)
    _refuse_binary(text, label)
    _refuse_mojibake(data, text, name, label)
    return text, name


# at most this share of NUL bytes (and at least STRAY_NUL_MIN of them) counts as stray
STRAY_NUL_SHARE = 0.001
STRAY_NUL_MIN = 4
# a line counts towards UTF-8 when it holds at least this many non-ASCII bytes (GB18030
# and Big5 lines of that length are never valid UTF-8 by chance on our corpora)
_MIXED_LINE_BYTES = 6
_MIXED_MIN_LINES = 2


def _refuse_mixed(data: bytes, label: str) -> None:
    """E013 for a file whose lines are partly UTF-8 and partly another encoding (two
    files pasted together): no single decoding reads it, and guessing one garbles half."""
    good = bad = 0
    first_good = first_bad = 0
    for no, line in enumerate(data.split(b"\n"), 1):
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            bad += 1
            first_bad = first_bad or no
            continue
        if len(line) - len(line.translate(None, _HIGH_BYTES)) >= _MIXED_LINE_BYTES:
            good += 1
            first_good = first_good or no
    if good >= _MIXED_MIN_LINES and bad:
        raise ReadError(E.E013, path=label, good=good, bad=bad, first_good=first_good, first_bad=first_bad)


_HIGH_BYTES = bytes(range(0x80, 0x100))
# below this share of level-1 characters a GB18030 or Big5 reading is mojibake: Chinese
# text scores 0.6 (traditional script read as GB18030) to 1.0, Latin-1 text 0.0-0.15
_MIN_COMMON_SHARE = 0.3
_MIN_JUDGED = 8  # non-ASCII characters needed before the share is judged
_LATIN_WORD = re.compile(r"[A-Za-z]*[\u00c0-\u00ff][A-Za-z\u00c0-\u00ff]*")


def _refuse_mojibake(data: bytes, text: str, name: str, label: str) -> None:
    """E012 for bytes that GB18030 or Big5 decode only into rare characters: Latin-1 or
    Windows-1252 text (Zürich -> Z黵ich), or another language's legacy encoding. Read as
    Chinese it would be gibberish, extracted without a word of warning."""
    if name == "gb18030":
        share, judged = _common_share(text, "gb2312", 0xB0A1, 0xD7F9), _judged(text)
    elif name == "big5":
        share, judged = _common_share(text, "big5", 0xA440, 0xC67E), _judged(text)
    else:
        return
    if judged < _MIN_JUDGED or share >= _MIN_COMMON_SHARE:
        return
    latin = data.decode("cp1252", errors="replace")
    words = _LATIN_WORD.findall(latin[:_SCORE_SAMPLE])
    high = sum(1 for ch in latin[:_SCORE_SAMPLE] if ch >= "\x80")
    if words and sum(len(w) for w in words) >= high:
        sample = ", ".join(dict.fromkeys(words[:3]))
        reason = (f"it reads as Latin-1/Windows-1252 ({sample} ...), and as {name.upper()} only as rare "
                  "characters; reportmine reads Chinese reports (convert the file to UTF-8 if it is one)")
    else:
        reason = (f"as {name.upper()}, the closest fit, only {share:.0%} of its characters are common "
                  "Chinese ones (mojibake); convert the file to UTF-8 if it is a Chinese report")
    raise ReadError(E.E012, path=label, reason=reason)


def _judged(text: str) -> int:
    return sum(1 for ch in text[:_SCORE_SAMPLE]
               if not (ch < "\x80" or ch in _NEUTRAL or "\uff01" <= ch <= "\uff5e"))


def decode_as(data: bytes, encoding: str) -> tuple[str, str] | None:
    """Strictly decode with a declared encoding (an HTML meta charset); None if it fails.

    GB2312/GBK are decoded as GB18030 (a superset). Returns ``(text, normalised name)``.
    """
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        return None
    name = canonical(name)
    try:
        return data.decode(name), name
    except UnicodeDecodeError:
        return None


def canonical(name: str) -> str:
    """Lower-case codec name with dashes; GB2312/GBK/CP936 -> ``gb18030`` (a superset)."""
    name = name.lower().replace("_", "-")
    if name in _GB_NAMES:
        return "gb18030"
    if name in ("utf8", "utf-8"):
        return "utf-8"
    if name in ("utf-16", "utf16"):
        return "utf-16"
    return name


def _truncated_utf8(data: bytes, exc: UnicodeDecodeError) -> str | None:
    """UTF-8 cut inside its final character: keep it as UTF-8 with U+FFFD at the end.

    Only when the bytes before the cut already hold multi-byte UTF-8 (evidence enough).
    """
    if exc.reason != "unexpected end of data" or exc.end != len(data) or len(data) - exc.start > 3:
        return None
    head = data[: exc.start]
    if head.isascii():
        return None
    return head.decode("utf-8") + "\ufffd"


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 LE or BE without a BOM: the byte order whose reading is nearly all ASCII
    text, CJK and full-width forms (random binary reads as scattered code points)."""
    if len(data) % 2:
        return None
    best: tuple[float, str, str] | None = None
    for name in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        sample = text[:_SCORE_SAMPLE]
        score = len(_PLAUSIBLE.findall(sample)) / max(1, len(sample))
        if best is None or score > best[0]:
            best = (score, text, name)
    if best is None or best[0] < 0.9:
        return None
    return best[1], best[2]


_PLAUSIBLE = re.compile(r"[\t\n\r\x20-\x7e\u00a0-\u00ff\u2000-\u206f\u3000-\u9fff\uf900-\ufaff\uff00-\uffef]")


def _detect_cjk(data: bytes, label: str) -> tuple[str, str]:
    strict: dict[str, str] = {}
    for name in ("gb18030", "big5"):
        try:
            strict[name] = data.decode(name)
        except UnicodeDecodeError:
            pass
    if len(strict) == 2:
        # Big5 bytes mostly decode as GB18030 and short GB text often as Big5: judge by
        # how much of each reading is its encoding's level-1 (most common) characters
        gb = _common_share(strict["gb18030"], "gb2312", 0xB0A1, 0xD7F9)
        big5 = _common_share(strict["big5"], "big5", 0xA440, 0xC67E)
        if abs(gb - big5) >= _DECISIVE:
            name = "gb18030" if gb > big5 else "big5"
            return strict[name], name

    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=["gb18030", "big5", "utf_16"]).best()
    if best is not None:
        name = canonical(best.encoding)
        if name in strict:
            return strict[name], name
        try:
            return data.decode(name), name
        except (UnicodeDecodeError, LookupError):
            pass
    for name, text in strict.items():
        if not _control_share_high(text):
            return text, name
    sample = data[:_CONTROL_SAMPLE]
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if controls >= 2 and controls > 0.02 * len(sample):
        raise ReadError(E.E003, path=label, reason="binary data: many control bytes")
    raise ReadError(E.E004, path=label, tried=TRIED)


_DECISIVE = 0.2
_SCORE_SAMPLE = 4000
# full-width punctuation and symbols common in correct text of either encoding
_NEUTRAL = set("，。、；：？！“”‘’（）《》【】〔〕—…·　％－～・")


def _common_share(text: str, codec: str, low: int, high: int) -> float:
    """Share of the non-ASCII characters of ``text`` that are level-1 characters of
    ``codec`` (GB2312 B0A1-D7F9: the 3755 most used simplified characters; Big5
    A440-C67E: the 5401 most used traditional ones). Mojibake scores low."""
    total = common = 0
    for ch in text[:_SCORE_SAMPLE]:
        if ch < "\x80" or ch in _NEUTRAL or "\uff01" <= ch <= "\uff5e":
            continue
        total += 1
        try:
            code = int.from_bytes(ch.encode(codec), "big")
        except UnicodeEncodeError:
            continue
        if low <= code <= high:
            common += 1
    return common / total if total else 0.0


def _control_share_high(text: str) -> bool:
    sample = text[:_CONTROL_SAMPLE]
    n = len(_CONTROL.findall(sample))
    return n >= 2 and n > 0.02 * len(sample)


def _refuse_binary(text: str, label: str) -> None:
    if "\x00" in text[:_CONTROL_SAMPLE]:
        raise ReadError(E.E003, path=label, reason="binary data: NUL characters")
    if _control_share_high(text):
        raise ReadError(E.E003, path=label, reason="binary data: many control characters")
