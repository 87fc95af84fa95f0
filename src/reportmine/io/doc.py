"""Old Word 97-2003 .doc files, through a converter found on PATH.

Tried in this order, each with a time limit of ``TIMEOUT`` seconds:

* ``antiword -m UTF-8.txt -w 0 FILE`` (UTF-8 out, paragraphs unwrapped),
* ``catdoc -d utf-8 -w FILE``,
* ``soffice``/``libreoffice --headless --convert-to "txt:Text (encoded):UTF8"`` into a
  temporary directory, with a throw-away user profile.

None on PATH -> E008 listing them. A converter that fails, times out or writes nothing
makes way for the next one; when all fail -> E007 fmt "doc" with their reasons. The
output is decoded like a plain-text file (so a converter writing GB18030 still works),
and reported as encoding ``"doc/<converter>"``.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from ..errors import E, ReadError
from .txt import read_txt

CONVERTERS = ("antiword", "catdoc", "soffice", "libreoffice")
TOOLS_MESSAGE = "antiword, catdoc, soffice/libreoffice (LibreOffice)"
TIMEOUT = 60.0


class _Failed(Exception):
    pass


def find_converters() -> list[tuple[str, str]]:
    """``(name, executable)`` of the converters on PATH, in order of preference.

    soffice and libreoffice are one program: only the first found is used.
    """
    found: list[tuple[str, str]] = []
    for name in CONVERTERS:
        exe = shutil.which(name)
        if exe is None:
            continue
        if name == "libreoffice" and any(n == "soffice" for n, _ in found):
            continue
        found.append((name, exe))
    return found


def read_doc(data: bytes, label: str) -> tuple[str, str]:
    """``(text, "doc/<converter>")``; E008 without a converter, E007 when all fail."""
    converters = find_converters()
    if not converters:
        raise ReadError(E.E008, path=label, tools=TOOLS_MESSAGE)
    failures: list[str] = []
    with tempfile.TemporaryDirectory(prefix="reportmine-doc-") as tmp:
        src = Path(tmp) / "document.doc"  # a safe name: the user's may start with "-"
        src.write_bytes(data)
        for name, exe in converters:
            try:
                out = _convert(name, exe, src, Path(tmp))
            except _Failed as exc:
                failures.append(f"{name}: {exc}")
                continue
            if not out.strip():
                failures.append(f"{name}: produced no text")
                continue
            try:
                text, _ = read_txt(out, label)
            except ReadError as exc:
                failures.append(f"{name}: output not text ({exc})")
                continue
            return text, f"doc/{name}"
    raise ReadError(E.E007, path=label, fmt="doc", reason="; ".join(failures))


def _convert(name: str, exe: str, src: Path, tmp: Path) -> bytes:
    if name == "antiword":
        return _run([exe, "-m", "UTF-8.txt", "-w", "0", str(src)], name)
    if name == "catdoc":
        return _run([exe, "-d", "utf-8", "-w", str(src)], name)
    outdir = tmp / "out"
    outdir.mkdir(exist_ok=True)
    profile = (tmp / "profile").as_uri()
    _run([exe, "--headless", "--norestore", "--nologo", f"-env:UserInstallation={profile}",
          "--convert-to", "txt:Text (encoded):UTF8", "--outdir", str(outdir), str(src)], name)
    result = outdir / (src.stem + ".txt")
    if not result.is_file():
        raise _Failed("wrote no output file")
    return result.read_bytes()


def _run(cmd: list[str], name: str) -> bytes:
    try:
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, start_new_session=True)
    except OSError as exc:
        raise _Failed(f"cannot run ({exc.strerror or exc})") from None
    try:
        out, err = proc.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        _kill_group(proc)
        proc.communicate()
        raise _Failed(f"timed out after {TIMEOUT:g} s") from None
    if proc.returncode != 0:
        detail = err.decode("utf-8", "replace").strip().splitlines()
        msg = f"exit status {proc.returncode}"
        if detail:
            msg += f": {detail[0][:200]}"
        raise _Failed(msg)
    return out


def _kill_group(proc: subprocess.Popen) -> None:
    """Kill the converter and what it started (soffice forks soffice.bin)."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        proc.kill()
