#!/usr/bin/env bash
# Encode throughput of `ieum tokenize` against SentencePiece and Hugging Face tokenizers,
# on the same Korean text with the same vocabulary. Sets up its own Python environment.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=bench/.venv
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -c "import sentencepiece, tokenizers, google.protobuf" 2>/dev/null \
    || "$venv/bin/pip" install --quiet sentencepiece tokenizers protobuf
"$venv/bin/python" bench/tokenizer.py "$@"
