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


@lru_cache(maxsize=1)
def _dict_text() -> str:
    import importlib.util
    from pathlib import Path

    spec = importlib.util.find_spec("jieba")
    if spec is None or spec.origin is None:
        return ""
    return "\n" + (Path(spec.origin).parent / "dict.txt").read_text(encoding="utf-8")


_INDEX: dict[str, str] = {}


def index_dictionary() -> None:
    """Index jieba's dictionary (word -> part of speech) once; batches call it before
    their worker processes fork."""
    if not _INDEX:
        # every line is "word frequency tag"; one split and a zip (0.19 s) beat a regex (0.33 s)
        parts = _dict_text().split()
        if len(parts) % 3 == 0:
            _INDEX.update(zip(parts[0::3], parts[2::3]))
        else:  # a dictionary with odd lines: read them one by one
            for line in _dict_text().splitlines():
                f = line.split()
                if len(f) == 3:
                    _INDEX.setdefault(f[0], f[2])
_LOOKUPS = [0]
INDEX_AFTER = 32  # look-ups before the whole dictionary is indexed (0.25 s, once)


@lru_cache(maxsize=8192)
def dict_tag(word: str) -> str | None:
    """The part of speech jieba's dictionary gives a word, or None when it is not a word.

    No model is loaded (jieba.posseg costs 1.8 s): the first few look-ups search the
    dictionary file directly (3 ms each, cheap for one small report); after INDEX_AFTER of
    them, a batch is under way and the file is indexed once."""
    if len(word) > 6:
        return None
    text = _dict_text()
    if _INDEX:
        return _INDEX.get(word)
    _LOOKUPS[0] += 1
    if _LOOKUPS[0] > INDEX_AFTER:
        index_dictionary()
        return _INDEX.get(word)
    i = text.find("\n" + word + " ")
    if i < 0:
        return None
    line = text[i + 1:text.find("\n", i + 1)]
    parts = line.split(" ")
    return parts[2] if len(parts) >= 3 else None


def cut(text: str) -> list[str]:
    return list(_jieba().cut(text, HMM=False))
