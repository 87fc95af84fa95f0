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


def load_pipeline(name: str):
    """The whole scikit-learn pipeline from ``model.skops`` (only trusted scikit-learn and
    numpy types are accepted, so loading cannot run code)."""
    path = models_dir() / name / "model.skops"
    try:
        import skops.io as sio

        trusted = sio.get_untrusted_types(file=str(path))
        allowed = [t for t in trusted if t.startswith(("sklearn.", "numpy.", "scipy.", "builtins."))]
        if len(allowed) != len(trusted):
            raise RulesError(E.E103, name=name, reason=f"untrusted types in {path}: {sorted(set(trusted) - set(allowed))}")
        return sio.load(str(path), trusted=allowed)
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
