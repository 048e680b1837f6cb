#!/usr/bin/env bash
# Pieces per sentence of ieum's trained vocabulary against SentencePiece's, both trained on
# the corpus's train split at the same size. Needs `make corpus` first.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=bench/.venv
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -c "import sentencepiece" 2>/dev/null || "$venv/bin/pip" install --quiet sentencepiece
"$venv/bin/python" bench/vocabulary.py "$@"
