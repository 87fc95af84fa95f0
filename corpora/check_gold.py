#!/usr/bin/env python3
"""Check the reportmine corpora: gold files against their texts, training JSONL files.

Usage:
  python corpora/check_gold.py                 # check corpora/reports and corpora/train
  python corpora/check_gold.py DIR_OR_FILE...  # check other gold dirs / single *.gold.json files
  python corpora/check_gold.py --strict        # treat warnings as errors

Gold format: shared/corpus/ANNOTATION.md.  Errors (exit status 1):
  * a NAME.gold.json without NAME.txt (or a NAME.txt without gold in corpora/reports);
  * a key that is missing, unknown, or of the wrong type; a value outside its vocabulary
    (modality, status, kind); `masked` set while `value` is not null;
  * a `quote` that is not an exact substring of the text;
  * an `indicator` that is not one of the canonical names of shared/INDICATORS.md.
Warnings (errors with --strict):
  * an Arabic `value` that does not appear in its quote (after folding `。`/full-width
    digits/thousands separators/spaced decimals `56. 2`/`2兆5991.74`) -- usually a typo
    in the value or the quote;
  * traditional characters in mention, unit, title, park or headline (must be simplified);
  * a section quote that does not start with its marker, or sections out of text order;
  * a null value with a unit but no `masked`, or a growth rate without 增/降/长/减/% in the quote.
Standard library only.
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

MODALITIES = {"actual", "estimate", "target"}
STATUSES = {None, "谋划", "洽谈", "签约", "前期", "开工", "在建", "竣工", "投产"}
KINDS = {"achievement", "problem", "plan", "other"}
PROBLEM_CATEGORIES = {"产业结构", "招商引资", "项目建设", "科技创新", "要素保障",
                      "体制机制", "基础设施", "营商环境", "安全环保", "党建"}

NUM = (int, float)
STR_OR_NONE = (str, type(None))
NUM_OR_NONE = (int, float, type(None))

DOC_KEYS = {"title": STR_OR_NONE, "park": STR_OR_NONE, "period": STR_OR_NONE,
            "metrics": list, "projects": list, "problems": list, "sections": list}
METRIC_REQUIRED = {"mention": str, "value": NUM_OR_NONE, "unit": STR_OR_NONE,
                   "growth_pct": NUM_OR_NONE, "period": STR_OR_NONE, "modality": str, "quote": str}
METRIC_OPTIONAL = {"masked": bool, "growth_masked": bool, "qualifier": str, "completion_pct": NUM,
                   "indicator": str}
WRAP_MARKERS = {"【】", "〔〕", "[]"}
# Canonical headline names (shared/INDICATORS.md); `indicator` must be one of them.
INDICATORS = {"地区生产总值", "第三产业增加值", "规模以上工业增加值", "工业增加值", "规模以上工业总产值",
              "工业总产值", "营业收入", "规上服务业营业收入", "技工贸总收入", "销售收入", "利润总额",
              "利税总额", "税收收入", "一般公共预算收入", "财政收入", "固定资产投资", "工业投资",
              "技术改造投资", "基础设施投资", "实际利用外资", "合同利用外资", "实际到位资金", "协议引资",
              "进出口总额", "出口总额", "进口总额", "社会消费品零售总额", "高新技术产业产值", "研发投入",
              "规模以上工业企业", "高新技术企业", "签约项目", "开工项目", "在建项目", "竣工项目", "就业人数"}
PROJECT_KEYS = {"name": str, "status": STR_OR_NONE, "quote": str}
PROBLEM_KEYS = {"headline": str, "quote": str}
SECTION_KEYS = {"marker": (str, type(None)), "title": str, "level": int, "kind": str, "quote": str}  # marker null: an unmarked news subhead

# Common traditional-only characters (a small fold table; enough to catch unconverted text).
TRADITIONAL = set("億萬個項產業區開發園實現國內總額東與務濟貿進華廠來長門問題設計劃資網經營"
                  "備畝噸臺輛條張圓單價標準應團結構點線舉體蘇廣陽鐵電氣機關會議歲數統領導"
                  "據專場際農醫藥環購銷費稅貸財幣綠鄉縣鎮區級儲運輸護變壓聯網絡視聽"
                  "權職規劃調辦競爭談簽約續創數據響")
PAGE_GLUE = re.compile(r"\n[ \t]*\d{1,3}、")


class Report:
    def __init__(self, strict: bool):
        self.strict = strict
        self.errors: list[str] = []
        self.warnings: list[str] = []

    def err(self, where: str, msg: str):
        self.errors.append(f"{where}: {msg}")

    def warn(self, where: str, msg: str):
        (self.errors if self.strict else self.warnings).append(f"{where}: {msg}")


def is_type(value, types) -> bool:
    if isinstance(value, bool) and bool not in (types if isinstance(types, tuple) else (types,)):
        return False  # bool is an int subclass; never accept it for numbers
    return isinstance(value, types)


def check_keys(rep: Report, where: str, obj, required: dict, optional: dict | None = None):
    if not isinstance(obj, dict):
        rep.err(where, f"expected an object, got {type(obj).__name__}")
        return False
    optional = optional or {}
    ok = True
    for key, types in required.items():
        if key not in obj:
            rep.err(where, f"missing key {key!r}")
            ok = False
        elif not is_type(obj[key], types):
            rep.err(where, f"key {key!r} has type {type(obj[key]).__name__}")
            ok = False
    for key, value in obj.items():
        if key in required:
            continue
        if key not in optional:
            rep.err(where, f"unknown key {key!r}")
            ok = False
        elif not is_type(value, optional[key]):
            rep.err(where, f"key {key!r} has type {type(value).__name__}")
            ok = False
    return ok


def fold_digits(s: str) -> str:
    s = s.translate(str.maketrans("０１２３４５６７８９．％，", "0123456789.%,"))
    s = re.sub(r"(?<=\d)[。](?=\d)", ".", s)
    s = re.sub(r"(?<=\d)\.\s(?=\d)", ".", s)          # spaced decimal: 56. 2
    s = re.sub(r"(\d+)兆(\d{4}(?:\.\d+)?)", r"\1\2", s)  # 2兆5991.74(亿) = 25991.74
    s = re.sub(r"(?<=\d),(?=\d{3})", "", s)
    s = PAGE_GLUE.sub("", s)
    return s


def value_in_quote(value, quote: str) -> bool | None:
    """True/False when the quote has Arabic digits; None when it uses Chinese numerals only."""
    q = fold_digits(quote)
    nums = re.findall(r"\d+(?:\.\d+)?", q)
    if not nums:
        return None
    for n in nums:
        try:
            if abs(float(n) - float(value)) < 1e-9:
                return True
        except ValueError:
            pass
    return False


def has_traditional(s: str | None) -> str:
    return "".join(sorted({c for c in (s or "") if c in TRADITIONAL}))


def check_gold_file(rep: Report, gold_path: Path) -> dict:
    counts = {"documents": 0, "metrics": 0, "projects": 0, "problems": 0, "sections": 0}
    name = gold_path.name[: -len(".gold.json")]
    txt_path = gold_path.with_name(name + ".txt")
    if not txt_path.exists():
        rep.err(str(gold_path), "no matching .txt file")
        return counts
    text = txt_path.read_text(encoding="utf-8")
    try:
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        rep.err(str(gold_path), f"invalid JSON: {exc}")
        return counts
    if not check_keys(rep, name, gold, {"id": str, "documents": list}):
        return counts
    if gold["id"] != name:
        rep.err(name, f"id {gold['id']!r} differs from file name")
    for di, doc in enumerate(gold["documents"]):
        dw = f"{name} doc[{di}]"
        if not check_keys(rep, dw, doc, DOC_KEYS):
            continue
        counts["documents"] += 1
        for key in ("title", "park"):
            t = has_traditional(doc[key])
            if t:
                rep.warn(dw, f"{key} has traditional characters {t}")

        for mi, m in enumerate(doc["metrics"]):
            w = f"{dw} metric[{mi}]"
            if not check_keys(rep, w, m, METRIC_REQUIRED, METRIC_OPTIONAL):
                continue
            counts["metrics"] += 1
            if not m["mention"].strip():
                rep.err(w, "empty mention")
            if m["modality"] not in MODALITIES:
                rep.err(w, f"modality {m['modality']!r} not in {sorted(MODALITIES)}")
            if not m["quote"] or m["quote"] not in text:
                rep.err(w, f"quote not in text: {m['quote']!r}")
            if m.get("masked") is not None and m["masked"] is not True:
                rep.err(w, "masked must be true when present")
            if m.get("masked") and m["value"] is not None:
                rep.err(w, "masked metric must have value null")
            if m["value"] is None and m["unit"] and not m.get("masked"):
                rep.warn(w, "null value with a unit but no masked flag")
            if m["value"] is not None and m["quote"]:
                found = value_in_quote(m["value"], m["quote"])
                if found is False:
                    rep.warn(w, f"value {m['value']} not in quote {m['quote']!r}")
            if m["growth_pct"] is not None and not re.search(r"[增降长减缩提高升%％]", m["quote"]):
                rep.warn(w, f"growth_pct without a growth word in quote {m['quote']!r}")
            if "indicator" in m and m["indicator"] not in INDICATORS:
                rep.err(w, f"indicator {m['indicator']!r} is not a canonical name of INDICATORS.md")
            for key in ("mention", "unit"):
                t = has_traditional(m[key])
                if t:
                    rep.warn(w, f"{key} has traditional characters {t}")

        for pi, p in enumerate(doc["projects"]):
            w = f"{dw} project[{pi}]"
            if not check_keys(rep, w, p, PROJECT_KEYS):
                continue
            counts["projects"] += 1
            if p["status"] not in STATUSES:
                rep.err(w, f"status {p['status']!r} not allowed")
            if p["quote"] not in text:
                rep.err(w, f"quote not in text: {p['quote']!r}")
            t = has_traditional(p["name"])
            if t:
                rep.warn(w, f"name has traditional characters {t}")

        for qi, q in enumerate(doc["problems"]):
            w = f"{dw} problem[{qi}]"
            if not check_keys(rep, w, q, PROBLEM_KEYS):
                continue
            counts["problems"] += 1
            if q["quote"] not in text:
                rep.err(w, f"quote not in text: {q['quote']!r}")
            t = has_traditional(q["headline"])
            if t:
                rep.warn(w, f"headline has traditional characters {t}")

        last = -1
        for si, s in enumerate(doc["sections"]):
            w = f"{dw} section[{si}]"
            if not check_keys(rep, w, s, SECTION_KEYS):
                continue
            counts["sections"] += 1
            if s["kind"] not in KINDS:
                rep.err(w, f"kind {s['kind']!r} not in {sorted(KINDS)}")
            if s["level"] < 1:
                rep.err(w, "level must be >= 1")
            pos = text.find(s["quote"], last + 1)
            if pos < 0:
                if s["quote"] in text:
                    rep.warn(w, f"section out of text order: {s['quote']!r}")
                else:
                    rep.err(w, f"quote not in text: {s['quote']!r}")
            else:
                last = pos
            if s["marker"] is None:
                pass  # an unmarked subhead: the quote is its title
            elif s["marker"] in WRAP_MARKERS:  # 【概况】: the marker wraps the title (shared/corpus/real r3_13)
                if not (s["quote"].startswith(s["marker"][0]) and s["quote"].endswith(s["marker"][1])):
                    rep.warn(w, f"quote is not wrapped in marker {s['marker']!r}")
            elif not s["quote"].startswith(s["marker"]):
                rep.warn(w, f"quote does not start with marker {s['marker']!r}")
            t = has_traditional(s["title"])
            if t:
                rep.warn(w, f"title has traditional characters {t}")
    return counts


def check_jsonl(rep: Report, path: Path, fields: dict, label_key: str | None, labels: set | None):
    seen, n = set(), 0
    per_label: dict = {}
    for ln, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        w = f"{path.name}:{ln}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            rep.err(w, f"invalid JSON: {exc}")
            continue
        if not check_keys(rep, w, obj, fields):
            continue
        n += 1
        if label_key:
            lab = obj[label_key]
            if labels is not None and lab not in labels:
                rep.err(w, f"{label_key} {lab!r} not in {sorted(map(str, labels))}")
            per_label[lab] = per_label.get(lab, 0) + 1
        key = json.dumps({k: v for k, v in obj.items() if k != label_key}, ensure_ascii=False, sort_keys=True)
        if key in seen:
            rep.warn(w, "duplicate example")
        seen.add(key)
    return n, per_label


def main(argv: list[str]) -> int:
    strict = "--strict" in argv
    args = [a for a in argv if not a.startswith("--")]
    rep = Report(strict)
    gold_files: list[Path] = []
    targets = [Path(a) for a in args] or [HERE / "reports"]
    for t in targets:
        if t.is_dir():
            gold_files += sorted(t.glob("*.gold.json"))
            for txt in sorted(t.glob("*.txt")):
                if not txt.with_name(txt.stem + ".gold.json").exists():
                    rep.err(str(txt), "no matching .gold.json file")
        elif t.name.endswith(".gold.json"):
            gold_files.append(t)
        else:
            rep.err(str(t), "not a directory or *.gold.json file")
    totals = {"files": 0, "documents": 0, "metrics": 0, "projects": 0, "problems": 0, "sections": 0}
    for g in gold_files:
        c = check_gold_file(rep, g)
        totals["files"] += 1
        for k, v in c.items():
            totals[k] += v
    print("gold:", ", ".join(f"{k} {v}" for k, v in totals.items()))

    if not args:  # default run: the training files too
        train = HERE / "train"
        specs = [
            ("section_kind.jsonl", {"heading": str, "body": str, "kind": str}, "kind", KINDS),
            ("problem_category.jsonl", {"text": str, "category": str}, "category", PROBLEM_CATEGORIES),
            ("problems.jsonl", {"text": str, "is_problem": bool}, "is_problem", {True, False}),
        ]
        for fname, fields, label_key, labels in specs:
            p = train / fname
            if not p.exists():
                rep.warn(fname, "missing")
                continue
            n, per = check_jsonl(rep, p, fields, label_key, labels)
            print(f"{fname}: {n} lines, " + ", ".join(f"{k}={v}" for k, v in sorted(per.items(), key=str)))
            if fname == "section_kind.jsonl":
                for ln, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
                    obj = json.loads(line) if line.strip() else None
                    if obj and re.match(r"^\s*([一二三四五六七八九十]+、|[(（][一二三四五六七八九十\d]+[)）]|\d+[、.．]|[一二三四五六七八九十]是)", obj.get("heading", "")):
                        rep.warn(f"{fname}:{ln}", f"heading keeps its marker: {obj['heading']!r}")

    for w in rep.warnings:
        print("warning:", w)
    for e in rep.errors:
        print("ERROR:", e)
    print(f"{len(rep.errors)} error(s), {len(rep.warnings)} warning(s)")
    return 1 if rep.errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
