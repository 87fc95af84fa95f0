"""The rules' compiled regular expressions, kept between runs.

Compiling the rules' patterns with ``re`` is most of a small file's start-up (0.1 s of
about 0.35 s: ``re._compiler`` builds character sets in Python). ``re`` keeps nothing
between processes, so the code it compiles a pattern to (a list of integers, with the
group names) is kept in the cache folder (``segment.cache_dir()``) and given straight to
``_sre.compile`` the next time: the same pattern object, made in microseconds.

The file is keyed by the interpreter's version and ``_sre.MAGIC`` and holds at most
``MAX_ENTRIES`` patterns, each under its exact text and flags, so an edited rule is
simply compiled again (and stored when the process ends). Anything unexpected (no cache
folder, an unreadable file, another Python) falls back on ``re.compile``.
"""
from __future__ import annotations

import atexit
import marshal
from array import array
import os
import re
import sys

try:
    import _sre
    from re import _compiler, _parser

    _KEY = f"2|{sys.version}|{_sre.MAGIC}|{_sre.CODESIZE}|{getattr(_sre, 'MAXREPEAT', '')}"
except Exception:  # another implementation: no cache
    _sre = None
    _KEY = None

MAX_ENTRIES = 4000
_CODE_TYPE = "I"  # the code as bytes: marshal reads a list of 100,000 ints ten times slower
_FILE = "re-code.marshal"
_entries: dict | None = None  # (pattern, flags) -> (flags, code, groups, groupindex, indexgroup)
_used: set = set()
_dirty = False


def _path():
    from .text.segment import cache_dir

    return cache_dir() / _FILE


def _load() -> dict:
    global _entries
    if _entries is None:
        _entries = {}
        try:
            with open(_path(), "rb") as f:
                key, entries = marshal.load(f)
            if key == _KEY and isinstance(entries, dict):
                _entries = entries
        except Exception:
            pass
    return _entries


def compile(pattern: str, flags: int = 0):
    """``re.compile(pattern, flags)``, from the kept code when there is one."""
    if _sre is None or not isinstance(pattern, str) or flags & re.DEBUG:
        return re.compile(pattern, flags)
    entries = _load()
    k = (pattern, int(flags))
    hit = entries.get(k)
    if hit is not None:
        try:
            out = _sre.compile(pattern, hit[0], array(_CODE_TYPE, hit[1]).tolist(), hit[2], dict(hit[3]), hit[4])
            _used.add(k)
            return out
        except Exception:
            entries.pop(k, None)
    # what re._compiler.compile does, keeping the arguments of _sre.compile
    p = _parser.parse(pattern, flags)  # raises re.error as re.compile would
    code = _compiler._code(p, flags)
    groupindex = dict(p.state.groupdict)
    indexgroup = [None] * p.state.groups
    for name, i in groupindex.items():
        indexgroup[i] = name
    code = [int(c) for c in code]
    args = (int(flags | p.state.flags), array(_CODE_TYPE, code).tobytes(), p.state.groups - 1, groupindex,
            tuple(indexgroup))
    out = _sre.compile(pattern, args[0], code, args[2], dict(groupindex), args[4])
    _keep(k, args)
    return out


def memo(kind: str, key: str, fn):
    """``fn(key)`` for a value derived from ``key`` alone (a look-ahead read from re's parse
    of a pattern, a rules file's checked content under the hash of its text), kept with the
    compiled code; a value marshal cannot write is returned and not kept."""
    entries = _load()
    k = (kind, key)
    if k in entries:
        _used.add(k)
        return entries[k]
    v = fn(key)
    try:
        marshal.dumps(v)
    except ValueError:
        return v
    if _sre is not None:
        _keep(k, v)
    return v


def _keep(k, v) -> None:
    """Keep an entry, and write the file when the process ends."""
    global _dirty
    _load()[k] = v
    _used.add(k)
    if not _dirty:
        _dirty = True
        atexit.register(save)


def save() -> None:
    """Write the kept code (when a pattern was compiled afresh): this process's patterns,
    and the file's others while there is room."""
    global _dirty
    if not _dirty or _entries is None:
        return
    _dirty = False
    keep = {k: v for k, v in _entries.items() if k in _used}
    for k, v in _entries.items():
        if len(keep) >= MAX_ENTRIES:
            break
        keep.setdefault(k, v)
    tmp = None
    try:
        path = _path()
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{_FILE}.{os.getpid()}.tmp")
        with open(tmp, "wb") as f:
            marshal.dump((_KEY, keep), f)
        os.replace(tmp, path)
    except Exception:
        if tmp is not None:
            try:
                os.remove(tmp)
            except OSError:
                pass
