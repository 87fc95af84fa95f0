"""Inference for the trained classifiers with numpy alone.

``reportmine train`` saves each model twice: the whole scikit-learn pipeline with skops
(``model.skops``, the reviewable artifact) and the few arrays inference needs in
``weights.npz`` (loaded with ``allow_pickle=False``, so it cannot run code either).
Loading scikit-learn costs a second or more; this module reproduces the pipeline's
``predict_proba`` — hashed char_wb n-grams, sublinear tf-idf, l2 norm, multinomial
logistic regression — so extraction never has to. ``tests/test_train.py`` checks that
both give the same probabilities.
"""
from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np

_WS = re.compile(r"\s\s+")


def murmurhash3_32(data: bytes, seed: int = 0) -> int:
    """MurmurHash3 x86 32-bit, signed, as scikit-learn's ``murmurhash3_32``."""
    c1, c2 = 0xCC9E2D51, 0x1B873593
    h = seed & 0xFFFFFFFF
    n = len(data)
    nblocks = n // 4
    for i in range(nblocks):
        k = int.from_bytes(data[4 * i:4 * i + 4], "little")
        k = (k * c1) & 0xFFFFFFFF
        k = ((k << 15) | (k >> 17)) & 0xFFFFFFFF
        k = (k * c2) & 0xFFFFFFFF
        h ^= k
        h = ((h << 13) | (h >> 19)) & 0xFFFFFFFF
        h = (h * 5 + 0xE6546B64) & 0xFFFFFFFF
    tail = data[4 * nblocks:]
    k = 0
    if len(tail) >= 3:
        k ^= tail[2] << 16
    if len(tail) >= 2:
        k ^= tail[1] << 8
    if tail:
        k ^= tail[0]
        k = (k * c1) & 0xFFFFFFFF
        k = ((k << 15) | (k >> 17)) & 0xFFFFFFFF
        k = (k * c2) & 0xFFFFFFFF
        h ^= k
    h ^= n
    h ^= h >> 16
    h = (h * 0x85EBCA6B) & 0xFFFFFFFF
    h ^= h >> 13
    h = (h * 0xC2B2AE35) & 0xFFFFFFFF
    h ^= h >> 16
    return h - (1 << 32) if h & 0x80000000 else h


def char_wb_ngrams(text: str, lo: int, hi: int) -> list[str]:
    """scikit-learn's ``char_wb`` analyzer (lower-cased, words padded with spaces)."""
    text = _WS.sub(" ", text.lower())
    out = []
    for w in text.split():
        w = f" {w} "
        wl = len(w)
        for n in range(lo, hi + 1):
            off = 0
            out.append(w[off:off + n])
            while off + n < wl:
                off += 1
                out.append(w[off:off + n])
            if off == 0:
                break
    return out


class TextModel:
    """A trained text classifier read from ``weights.npz``."""

    def __init__(self, path: Path):
        with np.load(path, allow_pickle=False) as z:
            self.idf = z["idf"]
            self.coef = z["coef"]
            self.intercept = z["intercept"]
            self.classes_ = [str(c) for c in z["classes"]]
            self.n_features = int(z["n_features"])
            self.ngram = (int(z["ngram"][0]), int(z["ngram"][1]))
            self.sublinear = bool(z["sublinear"])
        self._buckets: dict[str, int] = {}

    def _bucket(self, gram: str) -> int:
        j = self._buckets.get(gram)
        if j is None:  # n-grams repeat a great deal: hash each once
            h = murmurhash3_32(gram.encode("utf-8"))
            j = (2147483647 - (self.n_features - 1)) % self.n_features if h == -2147483648 else abs(h) % self.n_features
            self._buckets[gram] = j
        return j

    def _vector(self, text: str) -> dict[int, float]:
        counts: dict[int, float] = {}
        for g in char_wb_ngrams(text, *self.ngram):
            j = self._bucket(g)
            counts[j] = counts.get(j, 0.0) + 1.0
        vec = {}
        for j, c in counts.items():
            tf = 1.0 + math.log(c) if self.sublinear else c
            vec[j] = tf * float(self.idf[j])
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        return {j: v / norm for j, v in vec.items()}

    def predict_proba(self, texts: list[str]) -> np.ndarray:
        rows = []
        for t in texts:
            vec = self._vector(t)
            idx = np.fromiter(vec.keys(), dtype=np.int64, count=len(vec))
            val = np.fromiter(vec.values(), dtype=np.float64, count=len(vec))
            scores = self.coef[:, idx] @ val + self.intercept if len(vec) else self.intercept.copy()
            scores = scores - scores.max()
            e = np.exp(scores)
            rows.append(e / e.sum())
        return np.vstack(rows)


def export(pipeline, path: Path) -> None:
    """Write the arrays of a fitted hashing + tf-idf + logistic-regression pipeline."""
    hv, tfidf, clf = (pipeline.named_steps[k] for k in ("hash", "tfidf", "clf"))
    np.savez(path, idf=tfidf.idf_.astype(np.float64), coef=clf.coef_.astype(np.float64),
             intercept=clf.intercept_.astype(np.float64), classes=np.array([str(c) for c in clf.classes_]),
             n_features=np.int64(hv.n_features), ngram=np.array(hv.ngram_range, dtype=np.int64),
             sublinear=np.bool_(tfidf.sublinear_tf))
