#!/usr/bin/env python3
"""Write corpora/train/*.jsonl from the hand-written lists in this folder.

  python corpora/tools/make_train.py      # deterministic (fixed seed); overwrites the three files

section_kind.jsonl     {"heading", "body", "kind"}   headings without their marker, body = first 40-80 chars
problem_category.jsonl {"text", "category"}          one problem sentence, ten categories
problems.jsonl         {"text", "is_problem"}        sentences from report bodies, balanced

Figures in body templates are filled at random (plausible ranges, fixed seed), so the
same heading can occur with different openings.  Standard library only.
"""
from __future__ import annotations

import json
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import problem_data as P  # noqa: E402
import section_kind_data as S  # noqa: E402

OUT = HERE.parent / "train"
KINDS = ("achievement", "problem", "plan", "other")
TARGET = {"achievement": 120, "plan": 120, "problem": 115, "other": 95}

# Extra openings for background headings, with figures.
OTHER_TEMPLATES = [
    ("基本情况", "园区成立于{yr}年,规划面积{sq}平方公里,已开发面积{sq2}平方公里,现有入驻企业{a}家,其中规上工业企业{b}家。"),
    ("园区概况", "园区地处县城{dir}部,距高速出口{c3}公里,规划面积{sq}平方公里,分为{c3}个功能片区,主导产业为装备制造和新材料。"),
    ("园区基本情况", "截至{yr2}年底,园区累计入驻企业{a}家,建成投产企业{b}家,从业人员{w}万人,实现工业总产值{d}亿元。"),
    ("开发区基本情况", "开发区于{yr}年经省政府批准设立,核准面积{sq}平方公里,现辖{c3}个街道,常住人口约{w}万人。"),
    ("基本概况", "园区现有规上工业企业{b}家、高新技术企业{c}家,已形成电子信息、生物医药、智能装备三大产业集群。"),
    ("园区简介", "园区始建于{yr}年,{yr2}年升级为省级高新技术产业开发区,是全市对外开放和产业发展的重要平台。"),
    ("区情概况", "全区总面积{sq}平方公里,辖{c3}个镇(街道),常住人口{w}万人,{yr2}年地区生产总值{d}亿元。"),
    ("企业基本情况", "该企业成立于{yr}年,注册资本{e}亿元,现有员工{a}人,其中研发人员{b}人,主要产品远销欧美市场。"),
    ("项目基本情况", "项目总投资{e}亿元,规划用地{a}亩,建设标准化厂房{w}万平方米,建成后预计年产值{e}亿元。"),
    ("个人基本情况", "本人{yr}年参加工作,{yr2}年由县商务局选派到园区挂职,担任管委会主任助理,协助分管项目服务工作。"),
]


def figures(rng: random.Random) -> dict:
    r1 = lambda a, b: round(rng.uniform(a, b), 1)  # noqa: E731
    return {
        "a": rng.randint(120, 2400), "b": rng.randint(20, 480), "c": rng.randint(6, 60),
        "c2": rng.randint(2, 25), "c3": rng.randint(2, 9), "d": r1(25, 960),
        "e": round(rng.uniform(1.5, 180), rng.choice((1, 2))), "f": rng.randint(800, 9800),
        "g": r1(1.2, 36), "g2": r1(2, 18), "g3": r1(0.6, 9.8), "p": r1(38, 118),
        "p5": rng.randint(20, 92), "pp": r1(0.3, 4.9), "pc": round(rng.uniform(1.2, 5.6), 2),
        "t": round(rng.uniform(0.6, 38), 2), "km": r1(1.5, 28), "km2": r1(2, 35),
        "sq": r1(3, 40), "sq2": r1(1.5, 15), "w": r1(1.2, 48), "m": rng.randint(3, 11),
        "yr": rng.randint(1992, 2012), "yr2": rng.randint(2015, 2023), "dir": rng.choice("东南西北"),
    }


def fill(tpl: str, rng: random.Random) -> str:
    return tpl.format(**figures(rng))


# Follow-on sentences for openings whose first sentence is shorter than 40 characters.
CONTINUE = {
    "achievement": ["园区发展质量和效益进一步提升。", "各项工作取得了明显成效。", "为全年目标任务的完成奠定了坚实基础。"],
    "plan": ["确保各项任务落到实处。", "全力推动园区高质量发展。", "为完成全年目标任务提供有力支撑。"],
    "problem": ["在一定程度上制约了园区的高质量发展。", "亟待在今后工作中加以解决。", "与先进园区相比差距明显。"],
    "other": ["现将有关情况简要汇报如下。"],
}


def opening(text: str, rng: random.Random, kind: str) -> str:
    """First 40-80 characters of a body, cut where a section body would be cut."""
    while len(text) < 40:
        text += rng.choice(CONTINUE[kind])
    if len(text) <= 80:
        return text
    return text[: rng.randint(48, 80)]


def section_kind(rng: random.Random) -> list[dict]:
    pools: dict[str, list[tuple[str, list[str]]]] = {k: [] for k in KINDS}
    for topic in S.TOPICS.values():
        for kind in ("achievement", "plan", "problem"):
            for h in topic[kind]:
                pools[kind].append((h, topic[f"{kind}_body"]))
    for kind in ("achievement", "plan", "problem"):
        bodies = S.GENERIC[f"{kind}_body"]
        for h in S.GENERIC[kind]:
            pools[kind].append((h, bodies))
    rows: list[dict] = []
    for kind in ("achievement", "plan", "problem"):
        pool = pools[kind][:]
        rng.shuffle(pool)
        chosen = pool[: TARGET[kind]]
        while len(chosen) < TARGET[kind]:  # repeat headings with another opening
            chosen.append(rng.choice(pools[kind]))
        for h, bodies in chosen:
            rows.append({"heading": h, "body": opening(fill(rng.choice(bodies), rng), rng, kind), "kind": kind})
    other = [(h, b) for h, b in S.OTHER]
    while len(other) < TARGET["other"]:
        h, tpl = rng.choice(OTHER_TEMPLATES)
        other.append((h, fill(tpl, rng)))
    for h, b in other:
        rows.append({"heading": h, "body": opening(b, rng, "other"), "kind": "other"})
    # drop exact duplicates, keep order stable after a shuffle
    seen, out = set(), []
    rng.shuffle(rows)
    for r in rows:
        key = (r["heading"], r["body"])
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out


def problem_category() -> list[dict]:
    return [{"text": t, "category": c} for c, texts in P.PROBLEM_CATEGORY.items() for t in texts]


def problems(rng: random.Random) -> list[dict]:
    pos = list(P.PROBLEM_EXTRA)
    per_cat = 7
    for texts in P.PROBLEM_CATEGORY.values():
        pos += rng.sample(texts, per_cat)
    for topic in S.TOPICS.values():
        pos.append(fill(rng.choice(topic["problem_body"]), rng))
    neg = list(P.NOT_PROBLEM)
    bodies = []
    for topic in S.TOPICS.values():
        bodies.append(topic["achievement_body"])
        bodies.append(topic["plan_body"])
    pos = list(dict.fromkeys(pos))
    neg = list(dict.fromkeys(neg))
    while len(neg) < len(pos):
        t = fill(rng.choice(rng.choice(bodies)), rng)
        if t not in neg:
            neg.append(t)
    rows = [{"text": t, "is_problem": True} for t in pos]
    rows += [{"text": t, "is_problem": False} for t in neg]
    rng.shuffle(rows)
    return rows


def write(name: str, rows: list[dict]):
    OUT.mkdir(parents=True, exist_ok=True)
    with (OUT / name).open("w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"{name}: {len(rows)} lines")


def main():
    rng = random.Random(20240611)
    write("section_kind.jsonl", section_kind(rng))
    write("problem_category.jsonl", problem_category())
    write("problems.jsonl", problems(rng))


if __name__ == "__main__":
    main()
