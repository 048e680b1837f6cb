"""Integration: the real LibreTranslate client (libretranslatepy) against `ieum serve`.

Starts .build/release/ieum serve on a free port with the bundled models, then through
libretranslatepy: lists the languages, translates the team-written sample's lines one request
each and checks each answer equals `ieum translate`'s line, detects a language, and sends a
request with an api_key to a second server started with --api-key. Last, SIGTERM arrives while
a large request is in flight: the request must still be answered and the server exit 0.

Usage: bench/.venv/bin/python bench/libretranslate.py   (make integration sets it up)
"""
import json
import pathlib
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

from libretranslatepy import LibreTranslateAPI

ROOT = pathlib.Path(__file__).resolve().parent.parent
IEUM = ROOT / ".build" / "release" / "ieum"
SAMPLE = ROOT / "corpora" / "sample" / "ko-en.tsv"


def start(*arguments):
    """An `ieum serve` on a free port and its base URL, once it listens."""
    server = subprocess.Popen([str(IEUM), "serve", "--port", "0", *arguments], stderr=subprocess.PIPE, text=True)
    for line in server.stderr:
        found = re.search(r"on (http://[\d.]+:\d+)", line)
        if found:
            threading.Thread(target=server.stderr.read, daemon=True).start()  # keep draining the log
            return server, found.group(1)
    raise SystemExit("ieum serve did not start")


def main():
    lines = [line.split("\t")[0] for line in SAMPLE.read_text(encoding="utf-8").splitlines()[500:540]]
    expected = subprocess.run([str(IEUM), "translate"], input="\n".join(lines) + "\n", capture_output=True, text=True,
                              check=True).stdout.splitlines()
    server, url = start()
    failures = 0
    try:
        client = LibreTranslateAPI(url)
        languages = client.languages()
        print("languages:", json.dumps(languages, ensure_ascii=False))
        started = time.perf_counter()
        answers = [client.translate(line, "ko", "en") for line in lines]
        elapsed = time.perf_counter() - started
        same = sum(answer == want for answer, want in zip(answers, expected))
        print(f"translate: {same}/{len(lines)} answers equal ieum translate's, {len(lines) / elapsed:.1f} requests/s one at a time")
        failures += len(lines) - same
        detected = client.detect(lines[0])
        print("detect:", json.dumps(detected, ensure_ascii=False))
        failures += detected[0]["language"] != "ko"

        # SIGTERM while a 200-line request is in flight: it is answered, then the server ends.
        result = {}
        body = json.dumps({"q": lines * 5, "source": "ko", "target": "en"}).encode()
        request = urllib.request.Request(url + "/translate", data=body, headers={"Content-Type": "application/json"})
        in_flight = threading.Thread(target=lambda: result.update(status=urllib.request.urlopen(request, timeout=300).status))
        in_flight.start()
        time.sleep(0.5)
        server.send_signal(signal.SIGTERM)
        in_flight.join()
        code = server.wait(timeout=60)
        print(f"graceful shutdown: the request in flight got {result.get('status')}, the server exited {code}")
        failures += result.get("status") != 200 or code != 0
    finally:
        if server.poll() is None:
            server.kill()

    keyed, url = start("--api-key", "s3cret")
    try:
        print("api key:", LibreTranslateAPI(url, api_key="s3cret").translate(lines[0], "ko", "en"))
        try:
            LibreTranslateAPI(url, api_key="wrong").translate(lines[0], "ko", "en")
            failures += 1
        except urllib.error.HTTPError as error:
            print(f"wrong key: {error.code} {error.read().decode()}")
            failures += error.code != 403
    finally:
        keyed.terminate()
        keyed.wait()
    print("FAILED" if failures else "passed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
