"""Loading the trained models (skops files with meta.json) and the rule-only fallback.

A model that is absent leaves the rules in charge; a model file that does not load is an
error naming the file (E103), never a silent change of behaviour.
"""
from __future__ import annotations

import json
from functools import lru_cache
from typing import Callable, Optional

from ..errors import E, RulesError
from ..rules import models_dir

# A guess counts when its class is clearly ahead: at least this probability and this
# many times the runner-up.
SECTION_MIN_PROBA, SECTION_MIN_RATIO = 0.4, 1.5
PROBLEM_MIN_PROBA, PROBLEM_MIN_RATIO = 0.3, 1.5


def _confident(proba, min_p: float, min_ratio: float):
    """The index of the class clearly ahead in one row of probabilities, or None."""
    order = sorted(range(len(proba)), key=lambda i: (-proba[i], -i))
    top, second = proba[order[0]], proba[order[1]] if len(order) > 1 else 0.0
    return order[0] if top >= min_p and top >= min_ratio * second else None


def _load(name: str):
    """The model's inference arrays (``weights.npz``), read without scikit-learn."""
    d = models_dir() / name
    path, meta_path = d / "weights.npz", d / "meta.json"
    if not path.is_file():
        if (d / "model.skops").is_file():
            return load_pipeline(name), None
        return None, None
    try:
        from .runtime import TextModel

        model = TextModel(path)
        meta = json.loads(meta_path.read_text("utf-8")) if meta_path.is_file() else {}
    except Exception as exc:
        raise RulesError(E.E103, name=name, reason=f"{path} does not load: {exc}") from None
    return model, meta


# Every type a model.skops file may hold: what ``reportmine train`` writes (a hashing +
# tf-idf + logistic-regression pipeline). skops refuses types it does not trust, but
# trusts much of scikit-learn by default; this list is narrower: a file naming any other
# type is refused before skops reads it.
TRUSTED_TYPES = (
    "builtins.dict", "builtins.list", "builtins.str", "builtins.tuple",
    "numpy.float64", "numpy.ndarray",
    "sklearn.feature_extraction.text.HashingVectorizer",
    "sklearn.feature_extraction.text.TfidfTransformer",
    "sklearn.linear_model._logistic.LogisticRegression",
    "sklearn.pipeline.Pipeline",
)


def skops_types(path) -> set[str]:
    """The types a .skops file names (its schema.json: one node per object)."""
    import json
    import zipfile

    with zipfile.ZipFile(path) as z:
        schema = json.loads(z.read("schema.json"))
    found: set[str] = set()
    stack = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if isinstance(node.get("__module__"), str) and isinstance(node.get("__class__"), str):
                found.add(f"{node['__module__']}.{node['__class__']}")
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return found


def load_pipeline(name: str):
    """The whole scikit-learn pipeline from ``model.skops``, through skops with the
    explicit ``TRUSTED_TYPES`` (no pickle: loading cannot run code)."""
    path = models_dir() / name / "model.skops"
    try:
        untrusted = sorted(skops_types(path) - set(TRUSTED_TYPES))
        if untrusted:
            raise RulesError(E.E103, name=name, reason=f"{path} names types outside the trusted list: "
                                                      f"{', '.join(untrusted)} (see learn/models.py TRUSTED_TYPES)")
        import skops.io as sio

        return sio.load(str(path), trusted=list(TRUSTED_TYPES))
    except RulesError:
        raise
    except Exception as exc:
        raise RulesError(E.E103, name=name, reason=f"{path} does not load: {exc}") from None


@lru_cache(maxsize=1)
def section_classifier() -> Optional[Callable[[str, str], Optional[str]]]:
    model, meta = _load("section_kind")
    if model is None:
        return None

    @lru_cache(maxsize=4096)
    def predict(title: str, body: str) -> Optional[str]:
        k = _confident(model.predict_proba([f"{title} || {body[:60]}"])[0], SECTION_MIN_PROBA, SECTION_MIN_RATIO)
        return None if k is None else str(model.classes_[k])

    return predict


@lru_cache(maxsize=1)
def problem_classifier() -> Optional[Callable[[str], Optional[str]]]:
    model, meta = _load("problem_category")
    if model is None:
        return None

    def predict(text: str) -> Optional[str]:
        k = _confident(model.predict_proba([text[:200]])[0], PROBLEM_MIN_PROBA, PROBLEM_MIN_RATIO)
        return None if k is None else str(model.classes_[k])

    return predict
