"""Projects and their stage (rules/stages.yaml).

Two readers, both driven by the rules: lists (``A、B、C等N个项目`` + stage, ``A、B3个项目``,
``完成了A、B等基础设施建设``), whose names share the list's stage, and named projects
(``…项目/工程/产业园/变电站``) with a stage in their clause or said right before them
(``完成了X工程``, ``建设万锭的X工程``), with ``投资N亿元的`` as their investment. A stage
after a target cue (确保…开工) is the stage before it. ``_Found`` merges the mentions of a
project (华谊胜德 / 华谊胜德汽零, x集团中汽车谷 / 中汽车谷项目, but not 数字产业园 /
数字产业园二期) into one entry with its latest stage and all its spans.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from ..recache import compile as _recompile  # kept compiled between runs
from .. import rules
from ..model import Investment, Project
from ..rules import alternation, compile_rule
from ..text.sentences import SENTENCE_BREAK, Sentences, clause_end
from .quantities import find_quantities

_JOIN = _recompile(r"以及|[和及与]")


# what a longer name adds to a shorter one when they are two phases of a project
# (数字产业园, 数字产业园二期), not one project named twice
_PHASE = _recompile(r"[(（]?[一二三四五六七八九十\d]+期")


def _other_phase(short: str, long: str) -> bool:
    """数字产业园 and 数字产业园二期 are two phases; X项目 and X项目一期工程 one project."""
    return bool(_PHASE.match(long[len(short):])) and not short.endswith(("项目", "工程"))


def _core(name: str) -> str:
    """A project's name without its 项目/工程 head."""
    return name[:-2] if name.endswith(("项目", "工程")) and len(name) > 2 else name


def _split_joins(part: str) -> list[str]:
    """A part at its 和/及/与/以及, unless the join is inside a word (太和大道, 及时)."""
    from ..text.segment import dict_tag

    out, start = [], 0
    for m in _JOIN.finditer(part):
        i, j = m.start(), m.end()
        if i == 0 or j == len(part) or (
                len(m.group()) == 1 and (dict_tag(part[i - 1:j]) or dict_tag(part[i:j + 1]))):
            continue
        if part[j:] in _sr().join_parts:
            continue  # 亿虎西部改性沥青生产基地及总部: the join adds a part to one name
        if not _has_head(part[start:i], work=True) and _has_head(part[j:]):
            continue  # 液化空气西部电子材料和供应链中心: the head after the join covers both
        out.append(part[start:i])
        start = j
    out.append(part[start:])
    return out


def _has_head(name: str, work: bool = False) -> bool:
    """Whether a name ends in a head of its own (项目, 基地, 中心 …), or with ``work`` in
    the work it is (改造, 整治 …)."""
    heads, works = _name_heads()
    return name.endswith(heads) or (work and name.endswith(works))


@lru_cache(maxsize=1)
def _name_heads() -> tuple:
    st = rules.load("stages")
    return tuple(st["name_heads"]), tuple(st["work_heads"])


def _list_parts(names: str) -> list[str]:
    """The names of a list: split at 、, and at 和/及/与 only in the first and the last
    part when 、 is used (A和B、C; A、B和C), so 工业氧气和医用氧气分装项目 in the middle of a
    list stays one name."""
    if "、" not in names:
        return [p for q in names.split("、") for p in _split_joins(q)]
    parts = names.split("、")
    # 推进与A、B等项目的洽谈: a verb and 与 before the first name are not part of it
    pre, sep, first = parts[0].rpartition("与")
    if sep and pre.endswith(_sr().lead_words):
        parts[0] = first
    if len(parts) == 2:
        return _split_joins(parts[0]) + _split_joins(parts[1])
    return _split_joins(parts[0]) + parts[1:-1] + _split_joins(parts[-1])


@lru_cache(maxsize=1)
def _cfg():
    st = rules.load("stages")
    order = list(st["order"])
    word_stage = {}
    for stage, words in st["words"].items():
        for w in words:
            word_stage[w] = stage
    stage_re = compile_rule("stages", "words", alternation(word_stage))
    enum_re = compile_rule("stages", "enumeration", st["enumeration"], scan=True)
    heads = alternation([h for h in st["name_heads"] if h not in ("项目", "工程")])
    follow = alternation(st["head_followers"])
    named_re = compile_rule("stages", "name_heads",
                            rf"(?P<h>(?:{heads}))(?=[^\p{{Han}}]|[已正将于在的等和及与]|{follow}|$)|(?P<p>(?:项目|工程)(?:[一二三四五六七八九十]期(?:工程)?)?)",
                            scan=True)
    name_run = compile_rule("stages", "name_chars", r"[\p{Han}A-Za-z0-9()（）“”*/.]{1,24}$")
    lead = compile_rule("stages", "lead", alternation(st.get("name_lead", [])) or "(?!)")
    generic = compile_rule("stages", "generic", st.get("generic_name", "(?!)"))
    target = compile_rule("stages", "target_cues", alternation(st["target_cues"]))
    shift = dict(st["target_shift"])
    return order, word_stage, stage_re, enum_re, named_re, name_run, lead, generic, target, shift


_CLAUSE_BREAK = _recompile(r"[,;。:]")


@lru_cache(maxsize=1)
def _sr():
    """The other rules of rules/stages.yaml, compiled once."""
    from types import SimpleNamespace

    st = rules.load("stages")
    return SimpleNamespace(
        list_stop=frozenset(st["list_stop"]), list_max=int(st["list_max"]),
        lead_words=tuple(str(w) for w in st.get("name_lead", [])),
        lead_inside=compile_rule("stages", "name_before_inside", alternation(st["name_before_inside"])),
        joint=compile_rule("stages", "joint_venture", st["joint_venture"]),
        # 建设万锭的X工程: a verb of building right before a named head makes it a project
        build_before=compile_rule("stages", "build_before", rf"(?:{alternation(st['build_before'])})[^,;。:]{{0,5}}$"),
        progress=compile_rule("stages", "progress_before", alternation(st["progress_before"])),
        weak=frozenset(st["weak_words"]),
        conditional=tuple(st["conditional_after"]),
        completion=frozenset(st["completion_verbs"]),
        company_stage=compile_rule("stages", "company_stage", st["company_stage"]),
        have_list=compile_rule("stages", "have_list", st["have_list"], scan=True),
        subject=compile_rule(
            "stages", "subject_stages",
            rf"(?:{alternation(st['subject_adverbs'])})*(?P<st>{alternation(st['subject_stages'])})(?:了)?"
            r"(?:(?<=落户|入驻|落地|签约|入园)[^,;。、\n]{1,8}?(?:区|园|基地|新城))?(?=[,;。:、)\n]|$)",
            scan=True),
        subject_len=tuple(int(x) for x in st["subject_len"]),
        part_name=compile_rule("stages", "part_names", f"(?:{st['part_names']})$"),
        # 已新建成仓库5千平米: a finished part of the project, its name right after the stage
        part_after=compile_rule("stages", "part_names", f"[^,;。]{{0,4}}?(?:{st['part_names']})"),
        join_parts=frozenset(st["join_parts"]),
        negation=compile_rule("stages", "negation", st["negation"]),
        entry=compile_rule("stages", "entry", st["entry"]),
        numbered_entry=compile_rule("stages", "numbered_entry", st["numbered_entry"]),
        list_label=compile_rule("stages", "list_label", st["list_label"]),
        label_stage=dict(st["label_stage"]),
        heading_label=compile_rule("stages", "heading_label", st["heading_label"]),
        phase=compile_rule("stages", "phase", st["phase"]),
        takes_object=compile_rule("stages", "takes_object", st["takes_object"]),
        not_subject=compile_rule("stages", "not_subject", alternation(st["not_subject"])),
    )


def _stage_in(text: str, s: int, e: int, cue_from: Optional[int] = None) -> Optional[str]:
    return _stage_and_plan(text, s, e, cue_from)[0]


def _stage_and_plan(text: str, s: int, e: int, cue_from: Optional[int] = None,
                    strong_only: bool = False, targets: bool = True) -> tuple[Optional[str], bool]:
    """The latest stage the words in [s, e) give, and whether it is planned: a stage after
    a target cue (确保…开工) counts as the stage before it (前期), unless ``targets`` is
    False (words before a list of names tell what was done to them: 推进完成X、Y)."""
    order, word_stage, stage_re, *_, target, shift = _cfg()
    best, best_planned = None, None
    cue = target.search(text, s if cue_from is None else cue_from, e) if targets else None
    matches = list(stage_re.finditer(text, s, e))
    for k, m in enumerate(matches):
        if (m.group() in _sr().completion and k + 1 < len(matches)
                and matches[k + 1].start() - m.end() <= 6
                and not _CLAUSE_BREAK.search(text, m.end(), matches[k + 1].start())):
            continue  # 已完成了规划设计, 已完成两轮商务谈判: the stage is the thing completed
        if text.startswith(_sr().conditional, m.end()):
            continue  # 建成后可形成…: a condition, not a state
        if _sr().negation.search(text, max(s, m.start() - 6), m.start()):
            continue  # 尚未开工, 未能如期投产: it did not happen
        if strong_only and m.group() in _sr().weak:
            continue
        st = word_stage[m.group()]
        if st == "竣工" and _sr().part_after.match(text, m.end(), min(e, m.end() + 10)):
            st = "在建"  # 已新建成仓库5千平米, 完工办公楼: a part of it is done, not the project
        if m.group() in _sr().completion and m.end() < e:
            nxt = text[m.end():m.end() + 2].lstrip("了")
            if nxt and not _CLAUSE_BREAK.match(nxt) and text[m.end():e].strip("了 "):
                st = "在建"  # 已完成投资…, 已完成厂房基础施工: a part of the work is done
        shifted = cue is not None and cue.start() < m.start()
        if not shifted and targets and m.group() in _sr().weak and _target_ahead(text, e) == "前期":
            st = "前期"  # X工程建设步伐,力争7月份全面开工: it has not started
        if shifted:
            st = shift.get(st, st)
            if m.group() in _sr().weak:
                # 加快X建设 is only the aim: the target later in the sentence tells where
                # the project stands (…,力争7月开工 -> 前期; …,确保6月底前竣工 -> 在建),
                # and with none it has not started
                st = _target_ahead(text, e) or "前期"
        if shifted:
            if best_planned is None or order.index(st) > order.index(best_planned):
                best_planned = st
        elif best is None or order.index(st) > order.index(best):
            best = st
    # a stage the words report (A、B等一批签约项目) stands; a target (…开工) tells where a
    # project is only when nothing is reported
    if best is not None:
        return best, False
    return best_planned, best_planned is not None


_SENTENCE_END = _recompile(r"[。!?;！？；\n]")


def _target_ahead(text: str, e: int) -> Optional[str]:
    """The shifted stage of the first target (力争…开工) in the rest of the sentence."""
    order, word_stage, stage_re, *_, target, shift = _cfg()
    end = clause_end(text, e, min(len(text), e + 60), _SENTENCE_END)
    cue = target.search(text, e, end)
    if cue is None:
        return None
    for m in stage_re.finditer(text, cue.end(), end):
        if m.group() not in _sr().weak:
            if "等" in text[e:m.start()] or "、" in text[e:m.start()]:
                return None  # …,力促A、B等项目开工: a target for other projects
            return shift.get(word_stage[m.group()], word_stage[m.group()])
    return None


def _clause_end(text: str, pos: int, hi: int) -> int:
    return clause_end(text, pos, hi, _CLAUSE_BREAK)


def _clean_name(name: str) -> str:
    *_, lead, generic, _t, _s = _cfg()
    name = name.strip(" ,:、“”\"")
    name = _HEADING_MARK.sub("", name)  # (一)X项目: the heading's marker is no part of the name
    # a list in brackets (新开工项目11个(A、B、C)): an unmatched bracket at either end is the list's
    ob = max(name.rfind("("), name.rfind("（"))
    if ob >= 0 and not any(c in name[ob:] for c in ")）"):
        name = name[ob + 1:]
    if name[-1:] in ")）" and not any(c in name for c in "(（"):
        name = name[:-1]
    if name[:2] == "以及" or (name[:1] in "和及与" and len(name) > 3 and not _word_at_start(name)):
        name = name[2:] if name[:2] == "以及" else name[1:]  # 和原料供应基地: the join of a list
    prev = None
    while prev != name:
        prev = name
        m = lead.match(name)
        if m and m.end() < len(name) - 1:
            name = name[m.end():]
    # quotes around a part of the name (做好“澧岸春苑”经济适用房) are not part of it
    return name.strip(" ,:、“”\"").replace("“", "").replace("”", "")


def _word_at_start(name: str) -> bool:
    """及时, 和平, 与会: the first character starts a word, it is no join."""
    from ..text.segment import dict_tag

    return dict_tag(name[:2]) is not None


_VERBISH = ("v", "p", "d", "c", "ad", "u")


def _verb_only(core: str) -> bool:
    """A name whose words before 项目/工程 are a verb and at most an adverb (亮化工程,
    及时纳入项目, 解决工程) names an activity, not a project."""
    from ..text.segment import dict_tag

    for n in range(min(4, len(core)), 0, -1):
        last = core[-n:]
        tag = dict_tag(last)
        if tag is None:
            continue
        if tag not in _VERBISH:
            return False
        rest = core[:-n]
        return not rest or (dict_tag(rest) or "") in _VERBISH
    return False


def _is_generic(name: str) -> bool:
    *_, generic, _t, _s = _cfg()
    if len(name) < 2 or generic.search(name):
        return True
    if len(name) == 2:  # 道路, 管网, 绿化: a common word, not a name (龙彝, 昱源 are names)
        from ..text.segment import dict_tag

        return dict_tag(name) in ("n", "vn", "v", "a", "an")
    return False


_ALREADY = _recompile(r"已|已经")
_MASKED_NAME = _recompile(r"^[xX*＊×_＿]+(?:项目|工程)?$")


class _Found:
    """The projects of one document, merged as they are found: one entry per project
    with its latest stage (a planned one never overrides a reported one) and every span."""

    def __init__(self, clean, idx):
        self.clean, self.idx = clean, idx
        self.recs: dict[str, dict] = {}
        self.seq: list[str] = []
        self.by_head: dict[str, list[str]] = {}   # first three characters -> names
        self.by_tail: dict[str, list[str]] = {}   # last four characters of a core -> names

    def _same(self, name: str) -> Optional[str]:
        """The project already found that ``name`` names, if any."""
        if name in self.recs or len(name) < 3:
            return None
        # 华谊胜德 and 华谊胜德汽零 are one project, 数字产业园 and 数字产业园二期 two
        same = next((k for k in self.by_head.get(name[:3], ()) if (k.startswith(name) or name.startswith(k))
                     and not _other_phase(min(k, name, key=len), max(k, name, key=len))), None)
        core = _core(name)
        if same is None and len(core) >= 4:  # x旅游集团中汽车谷 and 中汽车谷项目: one ends the other
            same = next((k for k in self.by_tail.get(core[-4:], ())
                         if _core(k).endswith(core) or core.endswith(_core(k))), None)
        return same

    def add(self, name: str, s: int, e: int, stage: Optional[str], inv=None, target: bool = False) -> None:
        order = _cfg()[0]
        name = _clean_name(name)
        if _is_generic(name) or _sr().part_name.search(name):
            return
        # a stage in a plan section, or after a target cue, is not what the project has
        # reached: it never overrides one the report states as done
        planned = target or self.idx.kind_of(self.idx.section_of(s)) == "plan"
        if _MASKED_NAME.match(name):
            # **项目 and **项目: two projects whose names were masked, never one
            key = f"{name}#{len(self.seq)}"
            self.recs[key] = {"stage": stage, "spans": [self.clean.orig_span(s, e)], "inv": inv, "start": s,
                              "planned": planned, "name": name}
            self.seq.append(key)
            return
        name = self._same(name) or name
        rec = self.recs.get(name)
        if rec is None:
            rec = self.recs[name] = {"stage": stage, "spans": [], "inv": inv, "start": s, "planned": planned}
            self.seq.append(name)
            self.by_head.setdefault(name[:3], []).append(name)
            if len(_core(name)) >= 4:
                self.by_tail.setdefault(_core(name)[-4:], []).append(name)
        elif stage and (rec["stage"] is None or (rec["planned"] and not planned)
                        or (planned == rec["planned"] and order.index(stage) > order.index(rec["stage"]))):
            rec["stage"], rec["planned"] = stage, planned
        rec["spans"].append(self.clean.orig_span(s, e))
        if inv and not rec["inv"]:
            rec["inv"] = inv

    def _heading_stage(self, pos: int) -> Optional[str]:
        """The stage a heading over ``pos`` names ((二)续建项目 -> 在建), if any."""
        heads = getattr(self.idx, "heads", None)
        sid = self.idx.section_of(pos)
        if not heads or sid is None:
            return None
        by_id = {h.id: h for h in heads}
        h = by_id.get(sid)
        while h is not None:
            m = _sr().heading_label.search(h.title)
            if m:
                return _sr().label_stage[m.group("label")]
            h = heads[h.parent] if h.parent is not None else None
        return None

    def projects(self) -> list[Project]:
        out = []
        for name in sorted(self.seq, key=lambda n: self.recs[n]["start"]):  # in text order
            rec = self.recs[name]
            if rec["stage"] is None:
                rec["stage"] = self._heading_stage(rec["start"])
            spans = tuple(sorted(set(rec["spans"])))
            out.append(Project(name=rec.get("name", name), status=rec["stage"], investment=rec["inv"],
                               section=self.idx.section_of(rec["start"]), span=spans[0], spans=spans))
        return out


def _with_before(stage, target_, before):
    """A stage said before the names wins when it is the later one (完成了X工程…建设), or
    when the words after give only a target (力争已签约的A、B等项目年内开工: 签约)."""
    order = _cfg()[0]
    if before is not None and (stage is None or target_ or order.index(before) > order.index(stage)):
        return before, False
    return stage, target_


def _add_parts(text: str, parts: list[str], start: int, end: int, stage, target_: bool, found: _Found) -> None:
    """Each name of a list, found in order in text[start:end], with the list's stage."""
    pos = start
    for part in parts:
        ps = text.find(part, pos, end)
        if ps < 0:
            continue
        pos = ps + len(part)
        found.add(part, ps, ps + len(part), stage, target=target_)


def _enumerations(text: str, lo: int, hi: int, sents, found: _Found, covered: list) -> None:
    """A、B、C等N个项目 + stage: every name of the list, with the list's stage."""
    enum_re = _cfg()[3]
    stops, list_max = _sr().list_stop, _sr().list_max
    for m in enum_re.finditer(text, lo, hi):
        # the names: back from 等 to the previous clause break
        ns = m.start()
        floor = max(lo, ns - list_max)
        while ns > floor and text[ns - 1] not in stops:
            ns -= 1
        names = text[ns:m.start()]
        if len(names) < 2:
            continue
        parts = _list_parts(names)
        if len(parts) < 2:
            continue
        a, b = sents.bounds(m.start(), m.start(), lo, hi)
        first = text.find(_clean_name(parts[0]), ns, m.end())
        after_end = _clause_end(text, m.end(), b)
        list_clause = max(a, max(text.rfind(",", a, ns), text.rfind(";", a, ns)) + 1)
        stage, target_ = _stage_and_plan(text, m.start("what"), after_end, cue_from=list_clause)
        # what the list is called (一批签约项目, 在建项目) is where its projects stand, whatever
        # target follows (…开工, …投产步伐), unless a later stage is reported (已竣工)
        called = _stage_and_plan(text, m.start("what"), m.end("what"), targets=False)[0]
        if called is not None and (stage is None or target_ or not _ALREADY.search(text, m.end(), after_end)):
            stage, target_ = called, False
        if m.group("tail") == "企业" and not _sr().company_stage.match(text, m.end()):
            continue  # A、B等5家企业: companies, projects only when they sign or settle
        if _stage_and_plan(text, m.start("what"), after_end, strong_only=True)[0] is None:
            # a stage before the names tells what was done to them (推进完成X、Y; 完成了X、Y
            # 等基础设施建设) when the words after give none or only a weak one, never
            # reaching back over a clause break (…尽快达产,加快A、B等项目的建设)
            bs = ns if ns > 0 and text[ns - 1] in ",;。:" else max(a, ns - 12)
            before = _stage_and_plan(text, bs, first if first > ns else ns, targets=False)[0]
            stage, target_ = _with_before(stage, target_, before)
        if stage is None and after_end < b and _LIST_NEXT.match(text, after_end):
            # A、B等12个项目,目前均已开工建设: the next clause reports on the list
            stage, target_ = _stage_and_plan(text, after_end + 1, _clause_end(text, after_end + 1, b))
        if stage is None and ns > a:
            # 新开工项目12个,其中A、B等5个项目…: what the sentence said before the list
            stage, target_ = _stage_and_plan(text, a, ns, targets=False)[0], False
        if stage is None:
            # 续建项目方面,…。A、B等12个项目…: a label earlier in the paragraph
            for lm in _sr().heading_label.finditer(text, lo, ns):
                stage, target_ = _sr().label_stage[lm.group("label")], False
        stage, target_ = _reported_progress(text, a, after_end, b, ns, stage, target_, found)
        _add_parts(text, parts, ns, m.end(), stage, target_, found)
        covered.append((ns, m.end()))


def _reported_progress(text: str, a: int, e: int, b: int, pos: int, stage, target_, found):
    """加快推进A、B等项目建设 in a part that reports the year (not a plan) says the work went
    on: under construction, not a target still to start."""
    kind = found.idx.kind_of(found.idx.section_of(pos))
    weak_only = target_ and stage in ("前期", "在建") and _stage_and_plan(text, a, e, strong_only=True)[0] is None
    if kind in ("achievement", None) and (stage is None or weak_only) \
            and _PROGRESS_CUE.search(text, a, e) and not _PLAN_CUE.search(text, a, b):
        return "在建", False
    return stage, target_


_PROGRESS_CUE = _recompile(r"加快推进|全力推进|重点推进|扎实推进|加快|推进|推动|加速")
_PLAN_CUE = _recompile(r"力争|确保|争取|计划|将|要|拟|力促|早日|下半年|明年|下一步")


_LIST_NEXT = _recompile(r"[,:]\s*(?:目前|现已|现|均|都|已|已经|正在|全部|先后|陆续|相继|分别)")


def _next_clause_stage(text: str, ce: int, b: int) -> tuple[Optional[str], bool]:
    """新建X变电站,9月正式投运: a short next clause with no other name in it (no list,
    no project head) tells the stage of the project before it, when it prepares, starts,
    builds on (…,完成投资的15%), finishes or runs it."""
    if ce >= b or text[ce] != ",":
        return None, False
    end = _clause_end(text, ce + 1, b)
    clause = text[ce + 1:end]
    if len(clause) > 12 or any(c in clause for c in "、等") or _cfg()[4].search(clause):
        return None, False
    stage, planned = _stage_and_plan(text, ce + 1, end, strong_only=True)
    # only what happens to a building site; 引进人才, 入驻企业 are about someone else
    return (stage, planned) if stage in ("前期", "开工", "在建", "竣工", "投产") else (None, False)


def _have_lists(text: str, lo: int, hi: int, sents, found: _Found, covered: list) -> None:
    """在建项目有:A、B等15个: the names after 有, with the stage said before them."""
    for m in _sr().have_list.finditer(text, lo, hi):
        ns, ne = m.start("names"), m.end("names")
        if any(cs <= ns < ce for cs, ce in covered):
            continue
        parts = _list_parts(text[ns:ne])
        if len(parts) < 2:
            continue
        a, _ = sents.bounds(ns, ns, lo, hi)
        stage, target_ = _stage_and_plan(text, a, ns)
        if stage is None and m.start() == a and a > lo:
            # 跟踪在谈项目累计40,…。主要有A、B等: the sentence before says what they are
            pa, _ = sents.bounds(a - 1, a - 1, lo, hi)
            stage, target_ = _stage_and_plan(text, pa, a)
        _add_parts(text, parts, ns, ne, stage, target_, found)
        covered.append((ns, m.end()))


_TOPIC_NEXT = _recompile(r"[,:]\s*(?:目前|现在|现已|现|已|已经|正在|该项目|项目)")
_TOPIC_NEXT_SENTENCE = _recompile(r"[ \t]*\n\s*(?:目前|现)?(?:该项目|该工程|本项目|项目(?![^,，。]{0,3}[个家项]))")
_SENTENCE_OR_LINE = _recompile(r"[。\n]")
_WHOLE = object()  # the label of the title covers the whole document
# a line that announces the list on the lines after it: it ends with a colon (分别是:, 如下:)
_ANNOUNCES = _recompile(r"(?:分别是|分别为|主要有|包括|如下|有)?\s*[:：]\s*$")


_PHASE_END = _recompile(r"[一二三四五六七八九十]期(?:工程|项目)?$")
_NEXT_PHASE = _recompile(r"[,;]\s*(?P<ph>[一二三四五六七八九]期)(?:工程|项目)?")
_INVESTED = _recompile(r"(?:总投资|计划总投资|协议投资|投资)\s*(?:约|近|超|逾)?\s*[\d.]+\s*(?:亿|万)?(?:元|美元)")
_REPORTED_NEXT = _recompile(r"\s*(?:目前|现已|已经|已|正在|该项目已|项目已|于\d)")
_PHASE_BEFORE = _recompile(r"[一二三四五六七八九十]期$")
_HEADING_MARK = _recompile(r"^(?:[(（][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}、|\d{1,2}[、.．])\s*")


def _is_zone(text: str, e: int) -> bool:
    """Whether the name ending at ``e`` is a zone (XX工业园): a park is no project."""
    from ..structure.header import find_parks

    return any(p.end == e for p in find_parks(text, 0, max(0, e - 30), e))


def _topic_end(text: str, e: int, ce: int, b: int, hi: int) -> Optional[int]:
    """Where the clauses about a name that stands alone as a topic end (总投资2亿元的X项目,
    目前该项目…;): the name's clause holds nothing after it and the next one starts by
    reporting on it (目前, 已, 该项目); they run to the sentence's end or the next name."""
    if text[e:ce].strip():
        return None
    if _TOPIC_NEXT.match(text, ce):
        end = min(b, ce + 80)
    elif (nm := _TOPIC_NEXT_SENTENCE.match(text, ce)) and not _is_zone(text, e):
        # (一)X项目 alone on its line, 该项目总投资…,已开工建设 on the next: the name heads the
        # sentence after it (a name closing a sentence, X项目。该项目…, does not: it was
        # wrong on an unseen text)
        stop = _SENTENCE_OR_LINE.search(text, nm.end())
        end = min(stop.start() if stop else len(text), ce + 160)
        return end
    else:
        return None
    for nxt in _cfg()[4].finditer(text, ce + 1, end):
        if _PHASE_BEFORE.search(text, max(0, nxt.start() - 3), nxt.start()):
            continue  # 一期工程已投产: a phase of this one
        if text[nxt.start() - 1:nxt.start()] not in ("该", "此", "本", "其", ",", "、", "") :
            return nxt.start()  # the next name; 该项目 is this one again
    return end


def _named(text: str, lo: int, hi: int, sents, found: _Found, covered: list) -> None:
    """X项目, X工程, X产业园 … with a stage in their clause."""
    order = _cfg()[0]
    stage_re, _, named_re, name_run, lead = _cfg()[2:7]
    prev = lo
    for m in named_re.finditer(text, lo, hi):
        # the name: the run of name characters before the head, after the previous name
        r = name_run.search(text, max(prev, m.start() - 24), m.start())
        prev_head, prev = prev, m.end()
        if r is None:
            continue
        s, e = r.start(), m.end()
        if e - s < 3 or any(cs <= s < ce for cs, ce in covered):
            continue
        # the name starts after 的 (unless it joins two parties: X与Y合资的Z项目)
        seg = text[s:e]
        k = seg.rfind("的")
        if k >= 0 and not _sr().joint.search(seg, 0, k):
            s += k + 1
        # lead words (完成了, 支持, 新建) are not the name: a stage among them is said
        # of the project (完成了X工程)
        while True:
            lm = lead.match(text, s, e)
            if not lm or lm.end() == s or lm.end() >= m.start() - 1:
                break
            s = lm.end()
        # a preposition inside the run ends what came before the name (重点是针对康师傅集团)
        for lm in _sr().lead_inside.finditer(text, s, m.start() - 1):
            if m.start() - lm.end() >= 2:
                s = lm.end()
        a, b = sents.bounds(s, s, lo, hi)
        ce = _clause_end(text, e, b)
        clause_s = max(a, max(text.rfind(",", a, s), text.rfind(";", a, s), text.rfind(":", a, s)) + 1)
        # a target cue anywhere in the clause covers the names in it (力争A项目、B项目、
        # C中心一季度开工); words said before a list of names are said of each of them
        # (在谈的A项目、B项目)
        cs = clause_s if "、" in text[clause_s:s] else max(clause_s, s - 8)
        topic_end = _topic_end(text, e, ce, b, hi) if not stage_re.search(text, clause_s, s) else None
        if topic_end is not None:
            # X项目,已完成固定资产投资…,一期工程预计年底投产: the name alone is the topic
            # of the clauses after it, up to the next name
            stage, planned = _stage_and_plan(text, ce + 1, topic_end)
            if stage is not None:
                found.add(text[s:e], s, e, stage, None, target=planned)
            continue
        if not stage_re.search(text, min(cs, max(a, s - 8)), ce) and not _sr().build_before.search(text, max(a, prev_head, s - 6), s):
            # X项目总投资5亿元,已签订投资协议: the name and its size, then what it reached
            if _INVESTED.match(text, e) and ce < b and _REPORTED_NEXT.match(text, ce + 1):
                nend = _clause_end(text, ce + 1, b)
                st, planned = _stage_and_plan(text, ce + 1, nend, strong_only=True)
                if st is not None and not planned:
                    found.add(text[s:e], s, e, st)
            continue  # no stage word anywhere near: the checks below would all fail
        # a strong stage word makes the phrase a project (or a weak one after a verb of
        # progress: 加快X建设, or before a target: X的建设,确保…开工; or a verb of building
        # right before it); then every word counts
        strong_after = _stage_and_plan(text, e, ce, strong_only=True)[0]
        if strong_after is not None and _sr().takes_object.search(text, e, ce):
            continue  # 平和科技产业园已成功签约项目16个: the zone signs, it is no project
        if (strong_after is None
                and _stage_and_plan(text, cs, s, strong_only=True)[0] is None
                and not (_sr().progress.search(text, max(a, s - 6), s) and _stage_in(text, e, ce))
                and not (_stage_in(text, e, ce) and _target_ahead(text, ce))
                and not _sr().build_before.search(text, max(a, prev_head, s - 6), s)):
            continue
        # the name's clause starts after the last break before it (a target cue in the
        # clause before, 顺利推进,X的建成通车, is not about X)
        stage, target_ = _stage_and_plan(text, e, ce, cue_from=clause_s)
        # a stage word before the name, in its clause, counts when the words after give
        # none or only a weak one (完成X主体工程 stays 在建)
        if strong_after is None:
            stage, target_ = _with_before(stage, target_, _stage_and_plan(text, cs, s, targets=False)[0])
        # a short next clause about the same project may say it got further (…设备安装
        # 调试完毕,已投入试运营; 已签订投资合同,正在开展土地报批)
        nxt, nxt_planned = _next_clause_stage(text, ce, b)
        if nxt is not None and not nxt_planned and not target_ and (stage is None or order.index(nxt) > order.index(stage)):
            stage, target_ = nxt, False
        stage, target_ = _reported_progress(text, clause_s, ce, b, s, stage, target_, found)
        if stage is None:
            continue
        inv = None
        for q in find_quantities(text, max(a, s - 20), s):
            if q.dim == "money" and q.value is not None:
                inv = Investment(q.value, q.unit, q.base_value)
        core = text[s:m.start()]
        if _verb_only(_clean_name(core) if core else core):
            continue
        found.add(text[s:e], s, e, stage, inv, target=target_)
        # X项目一期建成投产,二期开工建设: the next clause opens with another phase of it
        ph = _NEXT_PHASE.match(text, ce, b)
        if ph and ph.group("ph") not in text[s:e]:
            pe = _clause_end(text, ph.end(), b)
            pst, pplanned = _stage_and_plan(text, ph.end(), pe)
            if pst is not None:
                base = _PHASE_END.sub("", _clean_name(text[s:e]))
                if len(base) >= 2 and not base[0].isdigit():  # (4栋厂房 is no name to give a phase)
                    found.add(base + ph.group("ph"), ph.start("ph"), ph.end(), pst, target=pplanned)


_CLAUSE_OPEN = _recompile(r"[,;。:\n]")


_NOT_NAME_TAGS = frozenset(("v", "vd", "vi", "vq", "d", "p", "c", "r", "rr", "rz", "m", "mq", "q", "t", "tg",
                            "u", "uj", "ul", "ud", "ug", "uz", "uv", "y", "e", "o", "ad", "f"))


def _name_like(name: str) -> bool:
    """Whether a run of words reads as a name (国祯生物质, 京东外贸综合体北方总部) rather than
    a phrase (促使其正常, 有12家企业, 项目8月底前): no verb, adverb, pronoun, numeral,
    measure or time word among its words (longest dictionary words, left to right)."""
    from ..text.segment import WORD_MAX, dict_tag

    if _sr().not_subject.search(name):
        return False
    i = 0
    while i < len(name):
        for n in range(min(WORD_MAX, len(name) - i), 0, -1):
            w = name[i:i + n]
            tag = dict_tag(w)
            if tag is not None or n == 1:
                break
        if n == 1 and not ("\u4e00" <= w <= "\u9fff" or w.isalpha() or w in "*＊×"):
            return False
        if tag in _NOT_NAME_TAGS and not (n == 1 and i == len(name) - 1 and i >= 2 and tag == "v") \
                and not (tag == "f" and n > 1):
            return False
        i += n
    return True


def _subjects(text: str, lo: int, hi: int, sents, found: _Found, covered: list) -> None:
    """国祯生物质开工建设, 蔗洲变建成启用: a name with no head word, opening its clause, with
    a strong stage predicate right after it that ends the clause."""
    from ..structure.header import find_parks

    word_stage = _cfg()[1]
    lo_len, hi_len = _sr().subject_len
    for m in _sr().subject.finditer(text, lo, hi):
        ns = max([lo] + [x.end() for x in _CLAUSE_OPEN.finditer(text, max(lo, m.start() - 3 * hi_len), m.start())])
        if any(cs <= m.start() < ce for cs, ce in covered):
            continue
        run = text[ns:m.start()]
        if "、" in run:
            # 苕华新材料、琰光电子已签约: a list of such names, each with the stage
            parts = [_clean_name(x) for x in _list_parts(run)]
            if len(parts) < 2 or not all(_subject_name(x, find_parks) for x in parts):
                continue
        else:
            parts = [_clean_name(run)]
            if not _subject_name(parts[0], find_parks):
                continue
        stage = word_stage.get(m.group("st"), None) or _stage_in(text, m.start("st"), m.end())
        _, b = sents.bounds(m.start(), m.start(), lo, hi)
        nxt, nxt_planned = _next_clause_stage(text, m.end(), b)  # …已签约,正在开展前期工作
        order = _cfg()[0]
        if nxt is not None and not nxt_planned and (stage is None or order.index(nxt) > order.index(stage)):
            stage = nxt
        pos = ns
        for name in parts:
            s = text.find(name, pos, m.start())
            if s < 0:
                continue
            pos = s + len(name)
            found.add(name, s, m.end(), stage)


def _subject_name(name: str, find_parks) -> bool:
    lo_len, hi_len = _sr().subject_len
    if not lo_len <= len(name) <= hi_len or any(c in name for c in "、等的") or _is_generic(name):
        return False
    if _verb_only(name) or _sr().part_name.search(name) or any(ch.isdigit() for ch in name[:1]):
        return False
    if _cfg()[4].search(name) or name.startswith(("园区", "全区", "开发区", "我区", "全县", "全市")):
        return False  # a name with a head (…项目, …产业园二期) is the named reader's; 园区道路交通 no name
    # a zone does not start or finish: it signs projects
    return not any(p.end - p.start == len(name) for p in find_parks(name)) and _name_like(name)


def _under(idx, sid, ancestor) -> bool:
    """Whether section ``sid`` is ``ancestor`` or inside it (the entries of a list labelled
    (一)新开工项目 may be numbered headings of their own: 1.溪岸智能装备项目)."""
    if sid == ancestor:
        return True
    heads = getattr(idx, "heads", None)
    if not heads or sid is None:
        return False
    by_id = {h.id: h for h in heads}
    h = by_id.get(sid)
    while h is not None and h.parent is not None:
        h = heads[h.parent]
        if h.id == ancestor:
            return True
    return False


def _entries(text: str, paras, found: _Found, idx, title_stage: Optional[str] = None) -> list[tuple[int, int]]:
    """The entries of project lists (NAME:总投资…), each with the stage of the list's label
    (2、在建项目:) or the latest its own text reports; a later phase said inside an entry
    (二期正在建设) is a project of its own. Returns the spans it read."""
    sr = _sr()
    label_stage, label_section = title_stage, _WHOLE if title_stage else None
    read = []
    for p in paras:
        line = text[p.start:p.end]
        lm = sr.list_label.search(line)
        if not (lm and len(line) <= 24) and _ANNOUNCES.search(line):
            # 今年以来,共有新开工项目11个,总投资25亿元,分别是: the numbered lines after it
            lm = sr.heading_label.search(line, max(0, line.rfind("。") + 1))
            if lm and len(line) <= 80:
                label_stage, label_section = sr.label_stage[lm.group("label")], idx.section_of(p.start)
                continue
        if lm and len(line) <= 24:
            label_stage, label_section = sr.label_stage[lm.group("label")], idx.section_of(p.start)
            continue
        in_list = label_stage is not None and (label_section is _WHOLE or _under(idx, idx.section_of(p.start), label_section))
        ms = list(sr.entry.finditer(line))
        if len(ms) > 1 or (ms and ms[0].start() > 0):
            # a flattened text: several entries in one line, each to the next (the other
            # readers still read the line)
            for i, em in enumerate(ms):
                if any(ch.isdigit() for ch in em.group("name")) or not _name_like(_clean_name(em.group("name"))):
                    continue
                seg_end = p.start + (ms[i + 1].start() if i + 1 < len(ms) else len(line))
                _add_entry(text, em, p.start, seg_end, label_stage if in_list else None, found)
            continue
        m = ms[0] if ms else None
        if not m and in_list:
            m = sr.numbered_entry.match(line)  # 1.溪岸智能装备项目,总投资5亿元…
            if m and not (_cfg()[4].search(m.group("name")) or _name_like(m.group("name"))):
                m = None
        if not m:
            continue
        name = _clean_name(m.group("name"))
        if _is_generic(name) or not _name_like_entry(name):
            continue
        ns = p.start + m.start("name")
        body_s = p.start + m.end()
        # the entry's own words, up to a later phase (二期…)
        ph = sr.phase.search(text, body_s, p.end)
        own_end = ph.start() if ph else p.end
        stage = _label_or_own(text, label_stage, body_s, own_end) if in_list else _stage_in(text, body_s, own_end)
        found.add(name, ns, ns + len(name), stage)
        if ph:
            clause_end_ = clause_end(text, ph.end(), p.end, _SENTENCE_END)
            found.add(_core(name) + ph.group("ph"), ph.start(), ph.end(), _stage_in(text, ph.end(), clause_end_))
        if text[p.start + m.end("name"):p.start + m.end()].strip().startswith(":"):
            read.append((p.start, p.end))  # NAME:…: the line is the entry; NAME,总投资… may hold more
    return read


_FINISHED = ("竣工", "投产")
# finished in so many words (地块强夯已经完成 finishes a task, not the project)
_FINISHED_WORDS = _recompile(r"竣工|建成|投产|投入使用|交付使用|投入生产|投入运营|试生产|试产|达产")


def _label_or_own(text: str, label_stage, s: int, e: int):
    """An entry's stage: its list's label (续建项目:), unless the entry's own words say it
    is finished (…已竣工投产); progress is not a later stage (完成投资2亿元 under 新开工项目
    is a project started this year)."""
    if label_stage is None:
        return _stage_in(text, s, e)
    own, planned = _stage_and_plan(text, s, e, strong_only=True)
    order = _cfg()[0]
    if (own in _FINISHED and not planned and order.index(own) > order.index(label_stage)
            and _FINISHED_WORDS.search(text, s, e)):
        return own
    return label_stage


def _add_entry(text: str, em, base: int, end: int, label_stage, found: _Found) -> None:
    sr = _sr()
    name = _clean_name(em.group("name"))
    if _is_generic(name) or not _name_like_entry(name):
        return
    ns, body_s = base + em.start("name"), base + em.end()
    ph = sr.phase.search(text, body_s, end)
    own_end = ph.start() if ph else end
    found.add(name, ns, ns + len(name), _label_or_own(text, label_stage, body_s, own_end))
    if ph:
        found.add(_core(name) + ph.group("ph"), ph.start(), ph.end(),
                  _stage_in(text, ph.end(), clause_end(text, ph.end(), end, _SENTENCE_END)))


def _name_like_entry(name: str) -> bool:
    return _name_like(name) or bool(_cfg()[4].search(name))


def extract_projects(text: str, paras, clean, idx, title: Optional[str] = None) -> list[Project]:
    """The projects of one document: lists first, then named projects outside them. A title
    that names the projects' stage (…新开工项目建设情况汇报) labels the entries no other
    label covers."""
    found = _Found(clean, idx)
    sents = Sentences(text, SENTENCE_BREAK)
    tm = _sr().heading_label.search(title) if title else None
    entries = _entries(text, paras, found, idx, _sr().label_stage[tm.group("label")] if tm else None)
    for p in paras:
        if (p.start, p.end) in entries:
            continue
        covered: list[tuple[int, int]] = []
        _enumerations(text, p.start, p.end, sents, found, covered)
        _have_lists(text, p.start, p.end, sents, found, covered)
        _named(text, p.start, p.end, sents, found, covered)
        _subjects(text, p.start, p.end, sents, found, covered)
    return found.projects()
