"""Training throughput of `ieum train` against the machine's sgemm peak, measured in one run.

Trains configs/small.json for a fixed number of steps on the corpus train split (or, before
`make corpus`, on the team sample) and reads the tokens/s and GFLOP/s that `ieum train` logs;
then times a large float32 matrix product with numpy on all cores as the peak.
"""
import argparse
import csv
import json
import os
import pathlib
import subprocess
import tempfile
import time

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parent.parent


def sgemm_peak(size=2048, repeats=5):
    a = np.random.default_rng(0).standard_normal((size, size), dtype=np.float32)
    b = np.random.default_rng(1).standard_normal((size, size), dtype=np.float32)
    a @ b  # warm up threads and caches
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        a @ b
        best = min(best, time.perf_counter() - start)
    return 2 * size**3 / best / 1e9


def train(steps):
    corpus = ROOT / "corpora/build/train.tsv"
    train = corpus if corpus.exists() else ROOT / "corpora/sample/ko-en.tsv"
    valid = ROOT / "corpora/build/dev.tsv" if corpus.exists() else train
    config = json.loads((ROOT / "configs/small.json").read_text())
    config["training"].update(max_steps=steps, validate_every=steps, validation_translations=0, epochs=0)
    with tempfile.TemporaryDirectory() as scratch:
        config_file = pathlib.Path(scratch) / "config.json"
        config_file.write_text(json.dumps(config))
        run = pathlib.Path(scratch) / "run"
        subprocess.run([str(ROOT / ".build/release/ieum"), "train", "--config", str(config_file), "--train", str(train),
                        "--valid", str(valid), "--vocab", str(ROOT / "vocab/ko-en.vocab"), "--output", str(run)],
                       check=True, stderr=subprocess.DEVNULL)
        with open(run / "log.tsv") as log:
            last = list(csv.DictReader(log, delimiter="\t"))[-1]
    return train, float(last["tokens_per_second"]), float(last["gflops"])


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--steps", type=int, default=40)
    args = parser.parse_args()
    peak_before = sgemm_peak()
    corpus, tokens, gflops = train(args.steps)
    peak = max(peak_before, sgemm_peak())
    print(f"training configs/small.json on {corpus.relative_to(ROOT)}, {args.steps} steps, {os.cpu_count()} cores")
    print(f"  ieum train: {tokens:.0f} target tokens/s, {gflops:.1f} GFLOP/s in matrix products")
    print(f"  sgemm peak (numpy, 2048^3 float32): {peak:.1f} GFLOP/s")
    print(f"  fraction of peak: {gflops / peak:.2f}")


if __name__ == "__main__":
    main()
