"""Latency of one sentence at a time (interactive use): ieum against CTranslate2 at batch size 1.

The random transformer-base of bench/translate.py. ieum is one `ieum translate --ids` process on
a pipe (loaded once): a sentence is written, its translation read, then the next. CTranslate2
translates a batch of one sentence per call, with intra_threads 1 and 2 (ieum has no
parallelism inside one sentence). float32 and int8 (ieum's --compute-type, CTranslate2's
compute_type). Output held to 20 tokens. Prints milliseconds per sentence,
median of SENTENCES.

Usage: bench/.venv/bin/python bench/latency.py [--sentences 40]   (bench/translate.sh sets up the venv)
"""
import argparse
import os
import statistics
import subprocess
import time

import ctranslate2
import numpy as np

from translate import IEUM, VOCAB, write_models


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=40)
    parser.add_argument("--length", type=int, default=20)
    args = parser.parse_args()
    huggingface, ct2_model = write_models()
    sources = np.random.default_rng(11).integers(2, VOCAB, size=(args.sentences, args.length))

    print(f"# One sentence at a time, {time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores, ctranslate2 {ctranslate2.__version__}")
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
