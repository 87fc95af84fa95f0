"""``reportmine train``: rebuild the classifiers from corpora/train/*.jsonl.

Each model is TF-IDF over hashed character n-grams + logistic regression (small, fast, and
good at short Chinese headings), saved with skops (loading cannot run code) beside a
meta.json recording the library versions, the corpus hash, the labels and a 5-fold
cross-validated accuracy.
"""
from __future__ import annotations

import hashlib
import json
import platform
from pathlib import Path

SEED = 13


def _pipeline():
    from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    # hashed character n-grams: no vocabulary to store, so the model file is a few hundred
    # KB of arrays and loads in milliseconds
    return Pipeline([
        ("hash", HashingVectorizer(analyzer="char_wb", ngram_range=(1, 3), n_features=2 ** 14,
                                   alternate_sign=False, norm=None)),
        ("tfidf", TfidfTransformer(sublinear_tf=True)),
        ("clf", LogisticRegression(max_iter=2000, C=4.0, random_state=SEED)),
    ])


def _read_jsonl(path: Path) -> list[dict]:
    return [json.loads(l) for l in path.read_text(encoding="utf-8").splitlines() if l.strip()]


def _fit(name: str, texts: list[str], labels: list[str], source: Path, out_dir: Path) -> dict:
    import numpy as np
    import sklearn
    import skops
    import skops.io as sio
    from sklearn.model_selection import StratifiedKFold, cross_val_score

    model = _pipeline()
    n_splits = max(2, min(5, min(labels.count(c) for c in set(labels))))
    cv = cross_val_score(model, texts, labels, cv=StratifiedKFold(n_splits, shuffle=True, random_state=SEED))
    model.fit(texts, labels)
    out = out_dir / name
    out.mkdir(parents=True, exist_ok=True)
    sio.dump(model, out / "model.skops")
    from .runtime import export

    export(model, out / "weights.npz")
    meta = {
        "name": name, "n_examples": len(texts), "labels": sorted(set(labels)),
        "cv_accuracy": round(float(np.mean(cv)), 4), "cv_folds": n_splits,
        "corpus": str(source), "corpus_sha256": hashlib.sha256(source.read_bytes()).hexdigest(),
        "features": "hashed char_wb 1-3 grams (2**14) + tf-idf",
        "files": {"model.skops": "the whole scikit-learn pipeline", "weights.npz": "the arrays inference reads (standard library only)"}, "classifier": "LogisticRegression(C=4.0)", "seed": SEED,
        "versions": {"python": platform.python_version(), "scikit-learn": sklearn.__version__,
                     "skops": skops.__version__, "numpy": np.__version__},
    }
    (out / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return meta


def train_all(corpora: Path, models: Path) -> dict:
    corpora, models = Path(corpora), Path(models)
    results = {}
    sk = corpora / "train" / "section_kind.jsonl"
    if sk.is_file():
        rows = _read_jsonl(sk)
        results["section_kind"] = _fit("section_kind", [f"{r['heading']} || {r.get('body', '')[:60]}" for r in rows],
                                       [r["kind"] for r in rows], sk, models)
    pc = corpora / "train" / "problem_category.jsonl"
    if pc.is_file():
        rows = _read_jsonl(pc)
        results["problem_category"] = _fit("problem_category", [r["text"][:200] for r in rows],
                                           [r["category"] for r in rows], pc, models)
    return results
