#!/usr/bin/env python3
"""Encode throughput (MB/s of UTF-8 input, one thread): ieum vs SentencePiece vs Hugging Face
tokenizers, on the same Korean text, all three with the pieces and scores of vocab/ko-en.vocab.

Run through bench/tokenizer.sh (which sets up bench/.venv). The text is the Korean side of
the corpus's train split (its first 5 MB) after `make corpus`, else the team-written sample
repeated to 5 MB; pass --text FILE for your own.
"""
import argparse
import os
import pathlib
import platform
import shutil
import subprocess
import tempfile
import time

os.environ["RAYON_NUM_THREADS"] = "1"  # Hugging Face tokenizers: one thread, like the others
import sentencepiece as spm  # noqa: E402
import tokenizers  # noqa: E402
from sentencepiece import sentencepiece_model_pb2 as model_pb2  # noqa: E402
from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, decoders  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[1]
IEUM = ROOT / ".build" / "release" / "ieum"
VOCAB = ROOT / "vocab" / "ko-en.vocab"
SAMPLE = ROOT / "corpora" / "sample" / "ko-en.tsv"
TRAIN = ROOT / "corpora" / "build" / "train.tsv"
OUT = ROOT / "bench" / "out"
SPM_ENCODE = shutil.which("spm_encode")


def korean_text(megabytes):
    """The corpus's Korean lines up to `megabytes`, or the sample's repeated that far."""
    corpus = TRAIN.exists()
    korean = [line.split("\t")[0] for line in (TRAIN if corpus else SAMPLE).read_text(encoding="utf-8").splitlines()]
    lines, size = [], 0
    while size < megabytes * 1_000_000:
        for line in korean:
            if size >= megabytes * 1_000_000:
                break
            lines.append(line)
            size += len(line.encode()) + 1
        if corpus:
            break
    return lines, "the corpus's train split" if corpus else "the sample, repeated"


def read_vocabulary():
    lines = VOCAB.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("#ieum-vocabulary 1"), "unexpected vocabulary header"
    return [(piece, float(score)) for piece, score in (line.split("\t") for line in lines[1:])]


def sentencepiece_with(vocabulary, scratch):
    """A SentencePiece model (NFKC normalization, byte fallback) holding our pieces and scores."""
    prefix = f"{scratch}/shell"
    spm.SentencePieceTrainer.train(
        input=str(SAMPLE), model_prefix=prefix, model_type="unigram", vocab_size=2000,
        byte_fallback=True, pad_id=0, bos_id=1, eos_id=2, unk_id=3, minloglevel=2)
    proto = model_pb2.ModelProto()
    proto.ParseFromString(pathlib.Path(prefix + ".model").read_bytes())
    del proto.pieces[:]
    kinds = {"<pad>": 3, "<s>": 3, "</s>": 3, "<unk>": 2}
    for piece, score in vocabulary:
        byte = piece.startswith("<0x") and len(piece) == 6
        proto.pieces.add(piece=piece, score=score, type=kinds.get(piece, 6 if byte else 1))
    path = f"{scratch}/same-vocabulary.model"
    pathlib.Path(path).write_bytes(proto.SerializeToString())
    return spm.SentencePieceProcessor(model_file=path)


def huggingface_with(vocabulary):
    tokenizer = Tokenizer(models.Unigram(vocabulary, unk_id=3, byte_fallback=True))
    tokenizer.normalizer = normalizers.NFKC()
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always")
    tokenizer.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always")
    return tokenizer


def best_of(runs, work):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - start)
    return min(times), result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--text", type=pathlib.Path, help="UTF-8 text, one sentence a line")
    parser.add_argument("--megabytes", type=float, default=5)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    if args.text:
        lines, origin = args.text.read_text(encoding="utf-8").splitlines(), str(args.text)
    else:
        lines, origin = korean_text(args.megabytes)
    OUT.mkdir(parents=True, exist_ok=True)
    text_path = OUT / "tokenizer-input.txt"
    text_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    megabytes = text_path.stat().st_size / 1e6
    vocabulary = read_vocabulary()

    with tempfile.TemporaryDirectory() as scratch:
        sp = sentencepiece_with(vocabulary, scratch)
        hf = huggingface_with(vocabulary)

        def run_ieum():
            with text_path.open("rb") as stdin:
                return subprocess.run([str(IEUM), "tokenize", "--ids", "--vocab", str(VOCAB)], stdin=stdin,
                                      capture_output=True, check=True).stdout.decode().splitlines()

        def run_spm_encode():
            with text_path.open("rb") as stdin:
                subprocess.run([SPM_ENCODE, f"--model={scratch}/same-vocabulary.model", "--output_format=id"],
                               stdin=stdin, stdout=subprocess.DEVNULL, check=True)

        rows = []
        ieum_time, ieum_out = best_of(args.runs, run_ieum)
        rows.append(("ieum tokenize --ids (command, whole process)", ieum_time))
        if SPM_ENCODE:
            rows.append(("spm_encode --output_format=id (command, whole process)", best_of(args.runs, run_spm_encode)[0]))
        sp_time, sp_ids = best_of(args.runs, lambda: sp.encode(lines, num_threads=1))
        rows.append(("SentencePiece encode (Python API, text in memory)", sp_time))
        hf_time, hf_out = best_of(args.runs, lambda: hf.encode_batch_fast(lines, add_special_tokens=False))
        rows.append(("Hugging Face tokenizers encode_batch_fast (text in memory)", hf_time))

    ieum_ids = [[int(i) for i in line.split()] for line in ieum_out]
    same_sp = sum(a == b for a, b in zip(ieum_ids, sp_ids)) / len(lines)
    same_hf = sum(a == b.ids for a, b in zip(ieum_ids, hf_out)) / len(lines)

    print(f"# Tokenizer encode throughput, {time.strftime('%Y-%m-%d')}, {platform.processor() or platform.machine()}, "
          f"{os.cpu_count()} cores")
    print(f"{len(lines)} lines, {megabytes:.2f} MB of Korean from {origin}, {len(vocabulary)} pieces, one thread, best of {args.runs}")
    print(f"lines with ids identical to ieum's: SentencePiece {same_sp:.1%}, Hugging Face {same_hf:.1%}")
    print()
    print("| tokenizer | seconds | MB/s | ieum speed-up |")
    print("| --- | ---: | ---: | ---: |")
    for name, seconds in rows:
        print(f"| {name} | {seconds:.3f} | {megabytes / seconds:.1f} | {seconds / ieum_time:.2f}× |")
    print()
    print(f"versions: sentencepiece {spm.__version__}, tokenizers {tokenizers.__version__}"
          + ("" if SPM_ENCODE else "; spm_encode not found (apt-get install sentencepiece adds its row)"))


if __name__ == "__main__":
    main()
