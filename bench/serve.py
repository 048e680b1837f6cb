"""Load on `ieum serve`: concurrent clients on loopback against `ieum translate` on the same lines.

Starts .build/release/ieum serve (the bundled ko-en model) on a free port; CLIENTS threads
send REQUESTS single-line /translate requests in all, drawn in order from the corpus's test
split (or the team sample before `make corpus`); prints requests/s, p50 and p99 latency, and
the server's resident memory at rest and at its peak, beside `ieum translate` on the same lines
(one process, whole file). The loop is bounded: it ends after REQUESTS requests.

Usage: python3 bench/serve.py [--clients 16] [--requests 400] [--threads 2]
"""
import argparse
import json
import os
import pathlib
import re
import signal
import statistics
import subprocess
import threading
import time
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parent.parent
IEUM = ROOT / ".build" / "release" / "ieum"


def corpus_lines(count):
    test = ROOT / "corpora" / "build" / "test.tsv"
    source = test if test.exists() else ROOT / "corpora" / "sample" / "ko-en.tsv"
    lines = [line.split("\t")[0] for line in source.read_text(encoding="utf-8").splitlines() if line.split("\t")[0].strip()]
    return (lines * (count // len(lines) + 1))[:count], source.relative_to(ROOT)


def memory_kib(pid, field):
    for line in pathlib.Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    args = parser.parse_args()
    lines, source = corpus_lines(args.requests)

    started = time.perf_counter()
    subprocess.run([str(IEUM), "translate", "--threads", str(args.threads)], input="\n".join(lines) + "\n",
                   capture_output=True, text=True, check=True)
    batch_rate = len(lines) / (time.perf_counter() - started)

    server = subprocess.Popen([str(IEUM), "serve", "--port", "0", "--threads", str(args.threads)], stderr=subprocess.PIPE, text=True)
    url = None
    for line in server.stderr:
        found = re.search(r"on (http://[\d.]+:\d+)", line)
        if found:
            url = found.group(1) + "/translate"
            break
    threading.Thread(target=server.stderr.read, daemon=True).start()
    resting = memory_kib(server.pid, "VmRSS")

    latencies, errors, next_request, lock = [], 0, [0], threading.Lock()

    def client():
        nonlocal errors
        while True:
            with lock:
                index = next_request[0]
                next_request[0] += 1
            if index >= len(lines):
                return
            body = json.dumps({"q": lines[index], "source": "ko", "target": "en"}).encode()
            request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})
            sent = time.perf_counter()
            try:
                urllib.request.urlopen(request, timeout=120).read()
            except Exception:
                with lock:
                    errors += 1
                continue
            with lock:
                latencies.append(time.perf_counter() - sent)

    started = time.perf_counter()
    clients = [threading.Thread(target=client) for _ in range(args.clients)]
    for thread in clients:
        thread.start()
    for thread in clients:
        thread.join()
    elapsed = time.perf_counter() - started
    peak = memory_kib(server.pid, "VmHWM")
    server.send_signal(signal.SIGTERM)
    server.wait(timeout=60)

    latencies.sort()
    def percentile(p):
        return latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))] * 1000
    print(f"# ieum serve under load, {time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores, {args.threads} translation threads")
    print(f"{len(lines)} single-line requests from {source}, {args.clients} concurrent clients on loopback")
    print()
    print("| | lines/s | p50 ms | p99 ms | errors | memory at rest | peak memory |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    print(f"| ieum serve | {len(latencies) / elapsed:.1f} | {percentile(50):.0f} | {percentile(99):.0f} | {errors} |"
          f" {resting / 1024:.0f} MiB | {peak / 1024:.0f} MiB |")
    print(f"| ieum translate (the same lines as one file) | {batch_rate:.1f} | | | | | |")
    print(f"\nserve / translate: {len(latencies) / elapsed / batch_rate:.2f}; mean latency {statistics.mean(latencies) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
