"""Inference for the trained classifiers with the standard library alone.

``reportmine train`` saves each model twice: the whole scikit-learn pipeline with skops
(``model.skops``, the reviewable artifact) and the few arrays inference needs in
``weights.npz``. Loading scikit-learn costs a second or more and numpy 0.15 s, so this
module reads ``weights.npz`` itself (a zip of ``.npy`` files: a header, then raw numbers;
plain numeric and string arrays only, nothing that could run code) and reproduces the
pipeline's ``predict_proba`` — hashed char_wb n-grams, sublinear tf-idf, l2 norm,
multinomial logistic regression. A text has a few hundred features, so the sparse dot
product in Python is cheap. ``tests/test_train.py`` checks that both give the same
probabilities.
"""
from __future__ import annotations

import ast
import math
import re
import sys
import zipfile
from array import array
from pathlib import Path

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


_NPY_TYPES = {"<f8": ("d", 8), "<i8": ("q", 8), "|b1": ("b", 1)}


def read_npy(data: bytes) -> tuple[list, tuple[int, ...], bool]:
    """One ``.npy`` array (format 1.x/2.x): its values flat in file order, its shape and
    whether that order is Fortran's (column-major). Only little-endian float64, int64,
    bool and unicode arrays are accepted."""
    if data[:6] != b"\x93NUMPY":
        raise ValueError("not an .npy array")
    size, start = (int.from_bytes(data[8:10], "little"), 10) if data[6] == 1 else (int.from_bytes(data[8:12], "little"), 12)
    header = ast.literal_eval(data[start:start + size].decode("latin-1"))
    descr, shape, fortran = header["descr"], tuple(header["shape"]), bool(header["fortran_order"])
    body = data[start + size:]
    count = math.prod(shape)
    if descr in _NPY_TYPES:
        code, width = _NPY_TYPES[descr]
        values = array(code)
        values.frombytes(body[:count * width])
        if sys.byteorder != "little" and width > 1:
            values.byteswap()
        return (values.tolist() if code != "d" else values), shape, fortran
    m = re.fullmatch(r"<U(\d+)", descr)
    if m:
        width = int(m.group(1)) * 4
        return [body[i * width:(i + 1) * width].decode("utf-32-le").rstrip("\x00") for i in range(count)], shape, fortran
    raise ValueError(f"unsupported array type {descr}")


class TextModel:
    """A trained text classifier read from ``weights.npz``."""

    def __init__(self, path: Path):
        with zipfile.ZipFile(path) as z:
            arrays = {n[:-4]: read_npy(z.read(n)) for n in z.namelist() if n.endswith(".npy")}
        self.idf = arrays["idf"][0]
        coef, (n_classes, n_cols), fortran = arrays["coef"]
        # feature j's weights for every class, side by side: coef_by_feature[j*k:(j+1)*k]
        self._k = n_classes
        self._coef = coef if fortran else array("d", [coef[c * n_cols + j] for j in range(n_cols) for c in range(n_classes)])
        self.intercept = list(arrays["intercept"][0])
        self.classes_ = [str(c) for c in arrays["classes"][0]]
        self.n_features = int(arrays["n_features"][0][0])
        self.ngram = (int(arrays["ngram"][0][0]), int(arrays["ngram"][0][1]))
        self.sublinear = bool(arrays["sublinear"][0][0])
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

    def predict_proba(self, texts: list[str]) -> list[list[float]]:
        """One row of class probabilities per text, in ``classes_`` order."""
        rows = []
        k, coef = self._k, self._coef
        for t in texts:
            scores = [0.0] * k
            for j, v in self._vector(t).items():
                base = j * k
                for c in range(k):
                    scores[c] += coef[base + c] * v
            scores = [s + b for s, b in zip(scores, self.intercept)]
            top = max(scores)
            e = [math.exp(s - top) for s in scores]
            total = sum(e)
            rows.append([x / total for x in e])
        return rows


def export(pipeline, path: Path) -> None:
    """Write the arrays of a fitted hashing + tf-idf + logistic-regression pipeline
    (training only: numpy comes with scikit-learn)."""
    import numpy as np

    hv, tfidf, clf = (pipeline.named_steps[k] for k in ("hash", "tfidf", "clf"))
    np.savez(path, idf=tfidf.idf_.astype(np.float64), coef=clf.coef_.astype(np.float64),
             intercept=clf.intercept_.astype(np.float64), classes=np.array([str(c) for c in clf.classes_]),
             n_features=np.int64(hv.n_features), ngram=np.array(hv.ngram_range, dtype=np.int64),
             sublinear=np.bool_(tfidf.sublinear_tf))
