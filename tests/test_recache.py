"""The kept compiled patterns (reportmine.recache) behave as re.compile's."""
import re
import subprocess
import sys

from reportmine import recache


PATTERNS = [r"(?P<y>\d{4})\s?年(?P<h>上半年|下半年)?", r"(?<![\d.])[一-鿿]{2,12}(?:公司|集团)(?![^,;。]{0,4}等)",
            r"(?:^|[,;:。])\s*(?:该|其)(?:公司|企业)", "x", r"[\u3400-\u4dbf\u4e00-\u9fff]+"]
TEXT = "2023年上半年,华泰公司于2018年投产;其企业完成产值。一二三"


def test_same_as_re():
    for p in PATTERNS:
        a, b = recache.compile(p), re.compile(p)
        assert a == b and a.groupindex == b.groupindex and a.groups == b.groups
        assert [m.span() for m in a.finditer(TEXT)] == [m.span() for m in b.finditer(TEXT)]


def test_kept_between_processes(tmp_path):
    code = ("import re, sys; from reportmine import recache; "
            f"ps = {PATTERNS!r}; "
            "print(all(recache.compile(p) == re.compile(p) for p in ps), len(recache._load()))")
    env = {"REPORTMINE_CACHE": str(tmp_path), "PATH": ""}
    first = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    ok, n = first.stdout.split()
    assert ok == "True" and int(n) >= len(PATTERNS)  # (and reportmine's own, compiled on import)
    assert (tmp_path / "re-code.marshal").exists()
    second = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert second.stdout.split()[0] == "True"
    # a broken file is ignored and written again
    (tmp_path / "re-code.marshal").write_bytes(b"not marshal")
    third = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert third.stdout.split()[0] == "True"
    assert not list(tmp_path.glob("*.tmp"))


def test_bad_pattern_raises_re_error():
    try:
        recache.compile("(unclosed")
    except re.error:
        return
    raise AssertionError("no re.error")
