#!/usr/bin/env python3
"""Peak memory (RSS) of ieum translate against CTranslate2 on the same work: the random
transformer-base of bench/translate.py (run it first), 300 sentences of 20 tokens, batches of
32, two threads (CTranslate2: inter_threads 2), greedy and beam 4, float32 and int8.
Each run is its own process, measured by the kernel's high-water mark (ru_maxrss)."""
import os
import pathlib
import subprocess
import sys
import time

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parents[1]
IEUM = pathlib.Path(os.environ.get("IEUM", ROOT / ".build" / "release" / "ieum"))
OUT = ROOT / "bench" / "out" / "transformer-base"
SENTENCES, LENGTH, VOCAB = 300, 20, 32000

CT2_RUN = """
import sys, ctranslate2, numpy as np
model, beam, compute_type = sys.argv[1], int(sys.argv[2]), sys.argv[3]
rng = np.random.default_rng(7)
sources = [[f"t{i}" for i in row] for row in rng.integers(2, %d, size=(%d, %d))]
translator = ctranslate2.Translator(model, device="cpu", inter_threads=2, intra_threads=1, compute_type=compute_type)
translator.translate_batch(sources, beam_size=beam, max_batch_size=32, min_decoding_length=%d, max_decoding_length=%d)
""" % (VOCAB, SENTENCES, LENGTH, LENGTH, LENGTH)

# Runs the command given and prints its peak RSS in MiB.
MEASURE = """
import resource, subprocess, sys
result = subprocess.run(sys.argv[1:], stdin=sys.stdin, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
if result.returncode:
    sys.exit(result.stderr)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
"""


def main():
    if not (OUT / "huggingface" / "model.safetensors").exists():
        sys.exit("run bench/translate.sh first: it writes the random transformer-base")
    rng = np.random.default_rng(7)
    ids = "".join(" ".join(map(str, row)) + " 0\n" for row in rng.integers(2, VOCAB, size=(SENTENCES, LENGTH)))
    print(f"# Peak memory, {time.strftime('%Y-%m-%d')}: random transformer-base, {SENTENCES} sentences of {LENGTH} tokens,"
          " two threads, peak RSS in MiB")
    print()
    print("| | greedy | beam 4 |")
    print("| --- | ---: | ---: |")
    for compute_type in ("float32", "int8"):
        for name, command in [
            (f"ieum {compute_type}", lambda beam: [str(IEUM), "translate", "--model", str(OUT / "huggingface"), "--ids",
                                                    "--beam", str(beam), "--min-length", str(LENGTH), "--max-length",
                                                    str(LENGTH + 1), "--threads", "2", "--compute-type", compute_type]),
            (f"CTranslate2 {compute_type}", lambda beam: [sys.executable, "-c", CT2_RUN, str(OUT / "ctranslate2"), str(beam),
                                                          compute_type]),
        ]:
            cells = []
            for beam in (1, 4):
                # ru_maxrss of RUSAGE_CHILDREN is the largest child so far: measure each run in a fresh helper.
                helper = subprocess.run([sys.executable, "-c", MEASURE, *command(beam)], input=ids if name.startswith("ieum") else None,
                                        capture_output=True, text=True)
                if helper.returncode:
                    sys.exit(f"{name} failed: {helper.stderr}")
                cells.append(f"{float(helper.stdout):.0f}")
            print(f"| {name} | " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    main()
