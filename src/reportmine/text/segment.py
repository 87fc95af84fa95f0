"""Word segmentation, used only where it pays (park names, unknown indicators).

jieba is the reference segmenter; its dictionary (0.4 s to load) is loaded on first use,
never at import, with its start-up messages kept off the user's screen, and with a user
dictionary built from rules/ (indicators, park kinds) so domain terms stay one token.
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
        import jieba.posseg as pseg
    jieba.setLogLevel(logging.WARNING)
    from .. import rules

    for canon, names in rules.load("indicators")["indicators"].items():
        for n in (canon, *names):
            jieba.add_word(str(n), freq=2000, tag="n")
    for kind in rules.load("parks")["kinds"]:
        jieba.add_word(str(kind), freq=2000, tag="n")
    return jieba, pseg


def cut(text: str) -> list[str]:
    jieba, _ = _jieba()
    return list(jieba.cut(text, HMM=False))


def pos_tags(text: str) -> list[tuple[str, str]]:
    _, pseg = _jieba()
    return [(w.word, w.flag) for w in pseg.cut(text)]
