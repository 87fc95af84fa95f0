"""A broken rules file fails when it is loaded, naming the file, the key and what was
expected, instead of giving wrong results or an exception deep inside a stage."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from reportmine import rules
from reportmine.errors import RulesError

ROOT = Path(__file__).resolve().parents[1]


def test_every_rules_file_has_a_schema_and_passes_it():
    assert set(rules.SCHEMA) == set(rules.RULE_FILES)
    for name in rules.RULE_FILES:
        rules.load(name)  # validated on the way in


@pytest.fixture()
def broken(tmp_path, monkeypatch):
    """broken(name, old, new): a copy of rules/ with one edit in NAME.yaml; returns what
    loading it raises."""
    folder = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", folder)
    monkeypatch.setenv("REPORTMINE_RULES", str(folder))

    def edit(name: str, old: str, new: str) -> RulesError:
        path = folder / f"{name}.yaml"
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} is not in rules/{name}.yaml"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        rules.rules_dir.cache_clear()
        rules.load.cache_clear()
        try:
            with pytest.raises(RulesError) as ei:
                rules.load(name)
        finally:
            monkeypatch.delenv("REPORTMINE_RULES")
            rules.rules_dir.cache_clear()
            rules.load.cache_clear()
        return ei.value

    return edit


def test_unknown_key_names_the_file_the_key_and_the_keys_expected(broken):
    err = broken("sections", "title_max: ", "title_maximum: ")
    assert err.code == "E104" and err.exit_code == 3
    assert str(err) == ("[E104] rules/sections.yaml: key 'title_maximum': unknown key; expected one of body_done, "
                        "body_done_opening, body_plan, cues, entry_line, examples, figure_in_title, figure_styles, figure_title_min, lean, markers, negative, not_titles, ranks, title_end, title_max")


def test_bad_pattern_names_the_rule_and_the_error(broken):
    err = broken("sections", "title_end: '[。;!?！？]", "title_end: '([。;!?！？]")
    assert err.code == "E102"
    assert str(err).startswith("[E102] rules/sections.yaml: rule 'title_end' has an invalid pattern: ")
    assert "expected a regular expression" in str(err)


def test_bad_pattern_inside_a_list_of_records_names_its_place(broken):
    err = broken("sections", "re: '\\([一二三四五六七八九十]{1,3}\\)'", "re: '(?P<x[一二三四五六七八九十]{1,3}\\)'")
    assert err.code == "E102" and "rule 'markers[3].re'" in str(err)


def test_unknown_key_inside_a_record(broken):
    err = broken("sections", "inline: true, paragraph_only: true", "inline: true, paragraph_onyl: true")
    assert err.code == "E104" and "key 'markers[9].paragraph_onyl': unknown key; expected one of bare, inline, name, " \
                                  "paragraph_only, re" in str(err)


@pytest.mark.parametrize(("name", "old", "new", "message"), [
    ("sections", "title_max: 40", "title_max: forty",
     "[E104] rules/sections.yaml: key 'title_max': got str 'forty'; expected an integer"),
    ("documents", "title_words: [", "title_words: [''," ,
     "[E104] rules/documents.yaml: key 'title_words': an empty string; expected a list of non-empty strings"),
    ("units", "factor: 1, prefix: true}", "factor: one, prefix: true}",
     "[E104] rules/units.yaml: key 'units.元.factor': got str 'one'; expected a number"),
    ("boilerplate", "inline:\n", "inline: 3\nold_inline:\n",
     "[E104] rules/boilerplate.yaml: key 'inline': got int 3; expected a list of regular expressions"),
])
def test_wrong_kind_of_value(broken, name, old, new, message):
    assert str(broken(name, old, new)) == message


def test_cli_stops_with_the_message_and_exit_3(tmp_path, sample_path):
    folder = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", folder)
    path = folder / "growth.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("two_year:", "two_years:", 1), encoding="utf-8")
    res = subprocess.run([sys.executable, "-m", "reportmine.cli", "extract", str(sample_path)],
                         capture_output=True, text=True, env={**os.environ, "REPORTMINE_RULES": str(folder)})
    assert res.returncode == 3 and res.stdout == ""
    assert res.stderr.strip().splitlines() == [
        "reportmine: [E104] rules/growth.yaml: key 'two_years': unknown key; expected one of adverbs, basis, basis_pattern, "
        "examples, increment, negative, points, respectively, two_year, verbs"]


# --- no pattern that can backtrack catastrophically -------------------------------------------


def _rule_patterns():
    """(file, key, pattern) of every pattern in the rules files, found through SCHEMA."""

    def walk(key, value, spec):
        kind = spec[0] if isinstance(spec, tuple) else spec
        if kind == rules.PATTERN:
            yield key, value
        elif kind == rules.PATTERNS:
            for i, v in enumerate(value):
                yield f"{key}[{i}]", v
        elif kind == "map":
            for k, v in value.items():
                yield from walk(f"{key}.{k}", v, spec[1])
        elif kind in ("record", "records"):
            for i, item in enumerate([value] if kind == "record" else value):
                for f, v in item.items():
                    yield from walk(f"{key}[{i}].{f}", v, spec[1][f])

    for name, spec in rules.SCHEMA.items():
        for key, value in rules.load(name).items():
            for k, p in walk(key, value, spec[key]):
                yield name, k, p


def _nested_unbounded(seq, inside: bool = False) -> bool:
    """Is there an unbounded repeat inside another one ((a+)+, (\\s*x)+ ...)? That shape is
    what makes a backtracking engine take exponential time on a near miss."""
    import re._constants as C

    for op, av in seq:
        if op in (C.MAX_REPEAT, C.MIN_REPEAT):
            unbounded = av[1] == C.MAXREPEAT
            if unbounded and inside:
                return True
            if _nested_unbounded(av[2], inside or unbounded):
                return True
        elif op is C.SUBPATTERN and _nested_unbounded(av[3], inside):
            return True
        elif op is C.BRANCH and any(_nested_unbounded(b, inside) for b in av[1]):
            return True
        elif op in (C.ASSERT, C.ASSERT_NOT) and _nested_unbounded(av[1], inside):
            return True
    return False


def test_no_rule_pattern_nests_unbounded_repeats():
    import re._parser as P

    patterns = list(_rule_patterns())
    assert len(patterns) > 80
    nested = [(f, k) for f, k, p in patterns if _nested_unbounded(P.parse(rules._han_as_ranges(p)))]
    assert nested == []


def test_the_nesting_check_sees_the_shapes_it_is_for():
    import re._parser as P

    for bad in [r"(a+)+b", r"(?:\s*x)+", r"(?:(?:ab)*c)*", r"(?=(?:a|b+)*)"]:
        assert _nested_unbounded(P.parse(bad)), bad
    for ok in [r"a+b+", r"(?:[^>]{1,16}>)+", r"(?:ab){2,5}c*"]:
        assert not _nested_unbounded(P.parse(ok)), ok
