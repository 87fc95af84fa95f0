"""Old Word .doc files, through a converter found on the machine."""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import E, ReadError

TOOLS = ("antiword", "catdoc", "soffice", "libreoffice")
TIMEOUT = 60


def find_converter():
    for tool in TOOLS:
        path = shutil.which(tool)
        if path:
            return tool, path
    return None


def read_doc(data: bytes, name: str) -> str:
    found = find_converter()
    if found is None:
        raise ReadError(E.E008, path=name, tools=", ".join(TOOLS))
    tool, exe = found
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.doc"
        src.write_bytes(data)
        try:
            if tool in ("soffice", "libreoffice"):
                subprocess.run([exe, "--headless", "--convert-to", "txt:Text", "--outdir", tmp, str(src)],
                               capture_output=True, timeout=TIMEOUT, check=True)
                out = (Path(tmp) / "in.txt").read_bytes()
            else:
                args = [exe, "-m", "UTF-8.txt", str(src)] if tool == "antiword" else [exe, "-d", "utf-8", str(src)]
                out = subprocess.run(args, capture_output=True, timeout=TIMEOUT, check=True).stdout
        except (subprocess.SubprocessError, OSError) as exc:
            raise ReadError(E.E007, path=name, fmt="doc", reason=f"{tool} failed: {exc}") from None
    text = out.decode("utf-8", errors="replace").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ReadError(E.E007, path=name, fmt="doc", reason=f"{tool} produced no text")
    return text
