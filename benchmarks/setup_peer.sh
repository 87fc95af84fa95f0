#!/usr/bin/env bash
# Create .venv-peer at the repo top with the JioNLP-based peer extractor's dependencies.
# Idempotent: does nothing if .venv-peer already imports jionlp.
# The peer (GPL-3 dependency chain) is kept out of the project's own environment on purpose.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=.venv-peer
PY=${PYTHON:-python3}

if [ -x "$VENV/bin/python" ] && "$VENV/bin/python" -c 'import jionlp, opencc, regex' >/dev/null 2>&1; then
    echo "$VENV already imports jionlp: nothing to do"
    exit 0
fi

[ -x "$VENV/bin/python" ] || "$PY" -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet jionlp opencc regex
# the first import of jionlp writes into site-packages and prints a banner: do it once here
"$VENV/bin/python" -c 'import jionlp' >/dev/null 2>&1
"$VENV/bin/python" -c 'import jionlp, opencc, regex, sys; sys.stderr.write("jionlp %s ready\n" % jionlp.__version__)' >/dev/null
