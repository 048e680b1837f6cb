#!/usr/bin/env python3
"""Writes corpora/recipe/flores-dev.fingerprints: one 64-bit FNV-1a fingerprint (hex) per
FLORES dev sentence of ../shared/eval (both languages, both directions), so that the corpus
build and the tests can keep training data free of evaluation sentences without holding
their text. The normalization matches SentenceFingerprints.fingerprint: NFC, lowercased,
whitespace runs folded to one space, ends trimmed.

Usage: python3 corpora/recipe/fingerprint.py [../shared/eval/flores]"""
import os, sys, unicodedata

def fingerprint(sentence):
    folded = " ".join(unicodedata.normalize("NFC", sentence).lower().split())
    value = 0xcbf29ce484222325
    for byte in folded.encode("utf-8"):
        value = ((value ^ byte) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return value

root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "../../../shared/eval/flores")
values = set()
for direction in ("ko-en", "en-ko"):
    for name in ("flores-dev.ko", "flores-dev.en"):
        with open(os.path.join(root, direction, name), encoding="utf-8") as f:
            values.update(fingerprint(line.rstrip("\n")) for line in f if line.strip())
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "flores-dev.fingerprints")
with open(out, "w") as f:
    f.write("# FNV-1a fingerprints of the FLORES-200 dev sentences (corpora/recipe/fingerprint.py)\n")
    f.writelines(f"{v:016x}\n" for v in sorted(values))
print(f"{len(values)} fingerprints -> {out}")
