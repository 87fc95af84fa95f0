"""jieba, where it pays.

The pipeline only looks words up in jieba's dictionary (``dict_tag``: is 仙桃 a name, is
亮化 a verb?), which needs no model. ``cut`` segments with jieba itself for users and
later stages: its dictionary (0.4 s to load) loads on first use, never at import, with its
start-up messages kept off the user's screen and a user dictionary built from rules/
(indicators, park kinds) so domain terms stay one token.
"""
from __future__ import annotations

import logging
from functools import lru_cache


@lru_cache(maxsize=1)
def _jieba():
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import jieba
    jieba.setLogLevel(logging.WARNING)
    from .. import rules

    for canon, names in rules.load("indicators")["indicators"].items():
        for n in (canon, *names):
            jieba.add_word(str(n), freq=2000, tag="n")
    for kind in rules.load("parks")["kinds"]:
        jieba.add_word(str(kind), freq=2000, tag="n")
    return jieba


WORD_MAX = 6   # longer words are never looked up
_REC = 12      # a record of the sorted dictionary: the word, padded to 6, then its tag


@lru_cache(maxsize=1)
def _dict_path():
    import importlib.util
    from pathlib import Path

    spec = importlib.util.find_spec("jieba")
    if spec is None or spec.origin is None:
        return None
    path = Path(spec.origin).parent / "dict.txt"
    return path if path.is_file() else None


def _dict_text() -> str:
    path = _dict_path()
    return path.read_text(encoding="utf-8") if path else ""


def _parse(text: str) -> dict[str, str]:
    """word -> part of speech from jieba's "word frequency tag" lines (the last line of a
    word wins, as in jieba)."""
    parts = text.split()
    if len(parts) % 3 == 0:  # one split and a zip: 0.19 s, a regex takes 0.33 s
        return dict(zip(parts[0::3], parts[2::3]))
    out = {}
    for line in text.splitlines():
        f = line.split()
        if len(f) == 3:
            out[f[0]] = f[2]
    return out


def cache_dir():
    """Where derived files are kept between runs: $REPORTMINE_CACHE, else
    $XDG_CACHE_HOME/reportmine, else ~/.cache/reportmine."""
    import os
    from pathlib import Path

    if os.environ.get("REPORTMINE_CACHE"):
        return Path(os.environ["REPORTMINE_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "reportmine"


def _sorted_dictionary() -> str | None:
    """jieba's dictionary as sorted fixed-width records (word padded to WORD_MAX, tag),
    kept in the cache folder. Building the dict of 350,000 words costs 0.2 s in every
    process; this file is read in a few milliseconds and searched by bisection. It is
    rebuilt when jieba's dictionary changes (its size and time are in the name); None
    when there is no dictionary or the cache cannot be written."""
    import hashlib
    import os

    path = _dict_path()
    if path is None:
        return None
    st = path.stat()
    key = hashlib.sha1(f"{path}|{st.st_size}|{st.st_mtime_ns}|{_REC}".encode()).hexdigest()[:16]
    cached = cache_dir() / f"jieba-dict-{key}.rec"
    try:
        return cached.read_text(encoding="utf-8")
    except OSError:
        pass
    words = _parse(_dict_text())
    blob = "".join(f"{w:<{WORD_MAX}}{t:<{_REC - WORD_MAX}}" for w, t in sorted(words.items(), key=lambda wt: f"{wt[0]:<{WORD_MAX}}")
                   if len(w) <= WORD_MAX and len(t) <= _REC - WORD_MAX)
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(blob, encoding="utf-8")
        os.replace(tmp, cached)
    except OSError:
        return None
    return blob


_INDEX: dict[str, str] = {}
_SORTED: list[str] = []


def index_dictionary() -> None:
    """Make look-ups fast: the cached sorted dictionary, or (no cache) a dict of it.
    Batches call this once before their worker processes fork."""
    if _INDEX or _SORTED:
        return
    blob = _sorted_dictionary()
    if blob is not None:
        _SORTED.append(blob)
    else:
        _INDEX.update((w, t) for w, t in _parse(_dict_text()).items() if len(w) <= WORD_MAX)


def _bisect(blob: str, word: str) -> str | None:
    key = f"{word:<{WORD_MAX}}"
    lo, hi = 0, len(blob) // _REC
    while lo < hi:
        mid = (lo + hi) // 2
        w = blob[mid * _REC:mid * _REC + WORD_MAX]
        if w < key:
            lo = mid + 1
        else:
            hi = mid
    if lo * _REC < len(blob) and blob[lo * _REC:lo * _REC + WORD_MAX] == key:
        return blob[lo * _REC + WORD_MAX:(lo + 1) * _REC].rstrip() or None
    return None


@lru_cache(maxsize=8192)
def dict_tag(word: str) -> str | None:
    """The part of speech jieba's dictionary gives a word, or None when it is not a word.

    No model is loaded (jieba.posseg costs 1.8 s): the first look-up reads the sorted
    dictionary from the cache folder (``index_dictionary``) and every look-up bisects it."""
    if len(word) > WORD_MAX or not word:
        return None
    index_dictionary()
    if _SORTED:
        return _bisect(_SORTED[0], word)
    return _INDEX.get(word)


def cut(text: str) -> list[str]:
    return list(_jieba().cut(text, HMM=False))
