"""Odd and random inputs never crash the extractor, and every output keeps the contract."""
from __future__ import annotations

import random

import jsonschema
import pytest

import reportmine
from reportmine.model import load_schema

ODD = ["", "\n\n\n", "第8页 共8页", "一", "一、", "(一)", "14月份", "亿元,增长%", "xx.x亿元", "等项目",
       "、、、等5个项目已竣工", "第一篇:\n第二篇:", "2。", "。2", "百分之", "近亿元的", "L5亿元", "实(shí)",
       "①先核准企业名称。\n②向发改委提交。", "一是" * 50, "1、" * 100, "开发区" * 1000, "增长5%" * 200, "（一）" + "项目" * 300, "\u3000" * 10 + "１２３亿元"]
ALPHABET = "一二三四五六七八九十百千万亿元个家项%.,;。:、()（）年月日增长下降同比xX*0123456789开发区项目竣工投产存在问题计划力争\n"


def _random_texts(n: int = 120) -> list[str]:
    rnd = random.Random(7)
    return ["".join(rnd.choice(ALPHABET) for _ in range(rnd.randint(1, 400))) for _ in range(n)]


@pytest.mark.parametrize("text", ODD + _random_texts(), ids=lambda t: repr(t[:20]))
def test_never_crashes_and_keeps_the_contract(text):
    r = reportmine.extract(text)
    jsonschema.Draft202012Validator(load_schema()).validate(r.to_dict())
    for d in r.documents:
        assert 0 <= d.span[0] <= d.span[1] <= len(text)
        for m in d.metrics:
            assert 0 <= m.span[0] < m.span[1] <= len(text)
            assert m.value is None or m.masked is False
            if m.value is not None and m.unit and m.base_unit:
                assert m.base_value is not None


def test_empty_text_has_no_documents():
    assert reportmine.extract("").documents == ()
