#!/usr/bin/env bash
# Decoding speed of `ieum translate` against CTranslate2 on the same random transformer-base
# weights. Sets up its own Python environment (numpy, ctranslate2, safetensors; no torch).
set -euo pipefail
cd "$(dirname "$0")/.."
venv=bench/.venv
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -c "import ctranslate2, numpy, safetensors, yaml" 2>/dev/null \
    || "$venv/bin/pip" install --quiet ctranslate2 numpy safetensors pyyaml
"$venv/bin/python" bench/translate.py "$@"
