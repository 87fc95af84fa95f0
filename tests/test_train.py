"""``reportmine train``: a tiny corpus in, skops models with their meta.json out, and the
models used by the pipeline when REPORTMINE_MODELS points at them."""
from __future__ import annotations

import hashlib
import json

from pathlib import Path

import pytest

pytest.importorskip("sklearn")
pytest.importorskip("skops")

from reportmine.learn import models as learn_models  # noqa: E402
from reportmine.learn.train import train_all  # noqa: E402

SECTIONS = {
    "achievement": ["经济运行稳中有进", "项目建设提速增效", "招商引资成效显著", "主要经济指标完成情况",
                    "科技创新成果丰硕", "营商环境持续优化"],
    "problem": ["存在问题", "存在的问题和不足", "主要困难和问题", "发展中的短板", "要素制约突出",
                "工作中存在的不足"],
    "plan": ["下半年工作计划", "明年工作打算", "下一步工作安排", "2024年工作思路", "今后工作重点",
             "来年主要目标任务"],
    "other": ["基本情况", "园区概况", "附件", "附表", "园区基本概况", "开发区基本情况"],
}
PROBLEMS = {
    "要素保障": ["用地指标紧张", "融资难度大", "专业人才短缺", "用工成本高", "土地要素制约"],
    "招商引资": ["招商引资难度大", "大项目少", "外资引进不足", "签约项目落地慢", "招商队伍不专业"],
    "党建": ["非公党建质量不高", "党员作用发挥不够", "支部建设薄弱", "党组织覆盖不全", "作风建设有待加强"],
}


def _write_corpus(root):
    train = root / "corpora" / "train"
    train.mkdir(parents=True)
    with (train / "section_kind.jsonl").open("w", encoding="utf-8") as f:
        for kind, heads in SECTIONS.items():
            for h in heads:
                f.write(json.dumps({"heading": h, "body": "", "kind": kind}, ensure_ascii=False) + "\n")
    with (train / "problem_category.jsonl").open("w", encoding="utf-8") as f:
        for cat, texts in PROBLEMS.items():
            for t in texts:
                f.write(json.dumps({"text": t, "category": cat}, ensure_ascii=False) + "\n")
    return root / "corpora"


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    root = tmp_path_factory.mktemp("train")
    corpora = _write_corpus(root)
    models = root / "models"
    results = train_all(corpora, models)
    return corpora, models, results


@pytest.fixture()
def use_models(trained, monkeypatch):
    _, models, _ = trained
    monkeypatch.setenv("REPORTMINE_MODELS", str(models))
    learn_models.section_classifier.cache_clear()
    learn_models.problem_classifier.cache_clear()
    yield models
    monkeypatch.delenv("REPORTMINE_MODELS")
    learn_models.section_classifier.cache_clear()
    learn_models.problem_classifier.cache_clear()


def test_train_writes_models_with_meta(trained):
    corpora, models, results = trained
    assert set(results) == {"section_kind", "problem_category"}
    for name, corpus, labels, n in (
            ("section_kind", "section_kind.jsonl", sorted(SECTIONS), sum(map(len, SECTIONS.values()))),
            ("problem_category", "problem_category.jsonl", sorted(PROBLEMS), sum(map(len, PROBLEMS.values())))):
        d = models / name
        assert (d / "model.skops").is_file()
        meta = json.loads((d / "meta.json").read_text(encoding="utf-8"))
        assert meta == results[name]
        src = corpora / "train" / corpus
        assert meta["labels"] == labels
        assert meta["n_examples"] == n
        assert meta["corpus_sha256"] == hashlib.sha256(src.read_bytes()).hexdigest()
        assert 0.0 <= meta["cv_accuracy"] <= 1.0
        assert {"python", "scikit-learn", "skops", "numpy"} <= set(meta["versions"])


def test_trained_models_load_and_predict(use_models):
    clf = learn_models.section_classifier()
    assert clf is not None, f"no section classifier loaded from {use_models}"
    assert clf("存在问题", "") == "problem"
    assert clf("下半年工作计划", "") == "plan"
    pc = learn_models.problem_classifier()
    assert pc is not None
    assert pc("用地指标紧张") == "要素保障"


def test_no_models_means_rules_only(tmp_path, monkeypatch):
    monkeypatch.setenv("REPORTMINE_MODELS", str(tmp_path / "empty"))
    learn_models.section_classifier.cache_clear()
    learn_models.problem_classifier.cache_clear()
    try:
        assert learn_models.section_classifier() is None
        assert learn_models.problem_classifier() is None
    finally:
        monkeypatch.delenv("REPORTMINE_MODELS")
        learn_models.section_classifier.cache_clear()
        learn_models.problem_classifier.cache_clear()


def test_a_broken_model_file_is_an_error_naming_it(tmp_path, monkeypatch):
    from reportmine.errors import RulesError

    d = tmp_path / "models" / "section_kind"
    d.mkdir(parents=True)
    (d / "model.skops").write_bytes(b"not a zip file")
    monkeypatch.setenv("REPORTMINE_MODELS", str(tmp_path / "models"))
    learn_models.section_classifier.cache_clear()
    try:
        with pytest.raises(RulesError) as exc:
            learn_models.section_classifier()
        assert exc.value.code == "E103" and "section_kind" in str(exc.value) and "model.skops" in str(exc.value)
    finally:
        monkeypatch.delenv("REPORTMINE_MODELS")
        learn_models.section_classifier.cache_clear()


def test_the_pipeline_asks_the_model_where_no_cue_decides(use_models):
    import reportmine

    r = reportmine.extract("青溪开发区2023年工作总结\n一、招商引资成效显著\n开发区新签约项目14个。\n"
                           "二、要素制约突出\n用地指标紧张。\n三、存在问题\n招商难度大。\n")
    assert [(s.title, s.kind, s.kind_source) for s in r.documents[0].sections] == [
        ("招商引资成效显著", "achievement", "rule"),  # a lean word (成效显著) decides before the model
        ("要素制约突出", "problem", "model"),  # no cue, no lean word: the model ranks
        ("存在问题", "problem", "rule"),  # a cue decides; the model is not asked
    ]


@pytest.mark.parametrize("name,field", [("section_kind", None), ("problem_category", "text")])
def test_stdlib_runtime_gives_the_pipelines_probabilities(name, field):
    """Extraction reads weights.npz without scikit-learn; it must agree with model.skops."""
    import json

    import numpy as np

    from reportmine.learn.models import _load, load_pipeline

    root = Path(__file__).resolve().parents[1]
    path = root / "corpora" / "train" / f"{name}.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()][:120]
    texts = [r["text"][:200] if field else f"{r['heading']} || {r.get('body', '')[:60]}" for r in rows]
    runtime, _ = _load(name)
    expected = load_pipeline(name).predict_proba(texts)
    got = runtime.predict_proba(texts)
    assert list(runtime.classes_) == [str(c) for c in load_pipeline(name).classes_]
    assert np.abs(expected - np.array(got)).max() < 1e-9


def test_murmurhash_matches_scikit_learn():
    from sklearn.utils import murmurhash3_32 as reference

    from reportmine.learn.runtime import murmurhash3_32

    for s in ["", "a", "ab", "abc", "abcd", " 开发", "工业园区", "招商引资成效显著", "x" * 37]:
        assert murmurhash3_32(s.encode("utf-8")) == reference(s.encode("utf-8"), seed=0)


def test_npy_reader_reads_both_orders_and_refuses_objects(tmp_path):
    """weights.npz is read without numpy; a Fortran-ordered matrix must come out the same,
    and an array of Python objects (which numpy would unpickle) is refused."""
    import io

    import numpy as np

    from reportmine.learn.runtime import read_npy

    def npy(a, **kw):
        buf = io.BytesIO()
        np.save(buf, a, **kw)
        return buf.getvalue()

    m = np.arange(6, dtype=np.float64).reshape(2, 3)
    values, shape, fortran = read_npy(npy(np.asfortranarray(m)))
    assert (list(values), shape, fortran) == ([0.0, 3.0, 1.0, 4.0, 2.0, 5.0], (2, 3), True)
    values, shape, fortran = read_npy(npy(m))
    assert (list(values), shape, fortran) == ([0.0, 1.0, 2.0, 3.0, 4.0, 5.0], (2, 3), False)
    assert read_npy(npy(np.array(["problem", "plan"])))[0] == ["problem", "plan"]
    with pytest.raises(ValueError, match="unsupported array type"):
        read_npy(npy(np.array([{"a": 1}], dtype=object), allow_pickle=True))
    with pytest.raises(ValueError, match="not an .npy array"):
        read_npy(b"PK\x03\x04 not numpy")
