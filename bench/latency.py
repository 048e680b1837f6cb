"""Latency of one sentence at a time (interactive use): ieum against CTranslate2 at batch size 1.

The random transformer-base of bench/translate.py, or (--shape bundled) a random model of the
bundled models' size: 4+4 layers, d_model 256, 4 heads, FFN 1024, a vocabulary of 8,000
(post-norm with Swish, as CTranslate2's Marian converter reads it). ieum is one `ieum translate --ids` process on
a pipe (loaded once): a sentence is written, its translation read, then the next. CTranslate2
translates a batch of one sentence per call, with intra_threads 1 and 2 (ieum has no
parallelism inside one sentence). float32 and int8 (ieum's --compute-type, CTranslate2's
compute_type). Output held to 20 tokens. Prints milliseconds per sentence,
median of SENTENCES.

Usage: bench/.venv/bin/python bench/latency.py [--sentences 40] [--shape bundled]   (bench/translate.sh sets up the venv)
"""
import argparse
import os
import statistics
import subprocess
import time

import ctranslate2
import numpy as np

import translate
from translate import IEUM


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=40)
    parser.add_argument("--length", type=int, default=20)
    parser.add_argument("--shape", choices=["transformer-base", "bundled"], default="transformer-base")
    args = parser.parse_args()
    if args.shape == "bundled":
        translate.LAYERS, translate.WIDTH, translate.HEADS, translate.FFN, translate.VOCAB = 4, 256, 4, 1024, 8000
        translate.OUT = translate.OUT.parent / "bundled-shape"
    huggingface, ct2_model = translate.write_models()
    sources = np.random.default_rng(11).integers(2, translate.VOCAB, size=(args.sentences, args.length))

    print(f"# One sentence at a time, {args.shape}, {time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores, ctranslate2 {ctranslate2.__version__}")
    print("| type | search | ieum ms | CTranslate2 ms, 1 thread | CTranslate2 ms, 2 threads | CT2 1 thread / ieum |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    for compute_type, beam in [(compute_type, beam) for compute_type in ("float32", "int8") for beam in (1, 4)]:
        ieum = subprocess.Popen([str(IEUM), "translate", "--model", str(huggingface), "--ids", "--beam", str(beam), "--threads", "1",
                                 "--min-length", str(args.length), "--max-length", str(args.length + 1), "--compute-type", compute_type],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)
        times = []
        for row in [sources[0]] + list(sources):  # the first, a warm-up, is not counted
            started = time.perf_counter()
            ieum.stdin.write(" ".join(map(str, row)) + " 0\n")
            ieum.stdout.readline()
            times.append(time.perf_counter() - started)
        ieum.stdin.close()
        ieum.wait()
        ct2 = {}
        for threads in (1, 2):
            translator = ctranslate2.Translator(str(ct2_model), device="cpu", inter_threads=1, intra_threads=threads,
                                                compute_type=compute_type)
            calls = []
            for row in [sources[0]] + list(sources):
                started = time.perf_counter()
                translator.translate_batch([[f"t{i}" for i in row]], beam_size=beam, min_decoding_length=args.length,
                                           max_decoding_length=args.length)
                calls.append(time.perf_counter() - started)
            ct2[threads] = statistics.median(calls[1:]) * 1000
        mine = statistics.median(times[1:]) * 1000
        print(f"| {compute_type} | {'greedy' if beam == 1 else f'beam {beam}'} | {mine:.1f} | {ct2[1]:.1f} | {ct2[2]:.1f} | {ct2[1] / mine:.2f} |", flush=True)


if __name__ == "__main__":
    main()
