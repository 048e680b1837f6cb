"""Streaming latency of `ieum translate`: lines written one at a time into its standard input.

Starts .build/release/ieum translate (the bundled ko-en model) on a pipe, writes LINES lines of
the team-written sample one every PAUSE seconds, and times each line from its write to its
translation's arrival; prints p50 and the worst, and the same lines' time as one file.

Usage: python3 bench/streaming.py [--lines 30] [--pause 0.2]
"""
import argparse
import os
import pathlib
import subprocess
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
IEUM = ROOT / ".build" / "release" / "ieum"
SAMPLE = ROOT / "corpora" / "sample" / "ko-en.tsv"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=30)
    parser.add_argument("--pause", type=float, default=0.2)
    args = parser.parse_args()
    lines = [line.split("\t")[0] for line in SAMPLE.read_text(encoding="utf-8").splitlines()[500:500 + args.lines]]

    process = subprocess.Popen([str(IEUM), "translate"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0)
    time.sleep(2)  # the model loads before the first line, as it would while a person starts typing
    latencies = []
    for line in lines:
        sent = time.perf_counter()
        process.stdin.write((line + "\n").encode())
        process.stdout.readline()
        latencies.append(time.perf_counter() - sent)
        time.sleep(args.pause)
    process.stdin.close()
    process.wait()

    started = time.perf_counter()
    subprocess.run([str(IEUM), "translate"], input="\n".join(lines) + "\n", capture_output=True, text=True, check=True)
    whole = time.perf_counter() - started
    latencies.sort()
    print(f"# ieum translate on a pipe, {time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores")
    print(f"{len(lines)} lines of the sample, one every {args.pause} s: latency from write to answer"
          f" p50 {latencies[len(latencies) // 2] * 1000:.0f} ms, worst {latencies[-1] * 1000:.0f} ms;"
          f" the same lines as one file: {whole:.2f} s with loading")


if __name__ == "__main__":
    main()
