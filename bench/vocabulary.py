#!/usr/bin/env python3
"""Pieces per sentence: ieum's unigram trainer against SentencePiece's, same data and size.

Both train on corpora/build/train.tsv (Korean and English sides, one sentence each) with
NFKC normalization, 99.95% character coverage and byte fallback; both then segment the
dev and test splits (held out) and the first 20,000 training sentences.
"""
import argparse
import pathlib
import subprocess
import tempfile
import time

import sentencepiece as spm

ROOT = pathlib.Path(__file__).resolve().parents[1]
IEUM = ROOT / ".build" / "release" / "ieum"
BUILD = ROOT / "corpora" / "build"


def sentences(path):
    return [field for line in path.read_text(encoding="utf-8").splitlines() for field in line.split("\t")[:2]]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=8000)
    parser.add_argument("--vocab", type=pathlib.Path, help="an ieum vocabulary to use instead of training one")
    args = parser.parse_args()
    train = sentences(BUILD / "train.tsv")
    held_out = sentences(BUILD / "dev.tsv") + sentences(BUILD / "test.tsv")
    seen = train[:20000]

    with tempfile.TemporaryDirectory() as scratch:
        text = pathlib.Path(scratch) / "train.txt"
        text.write_text("\n".join(train) + "\n", encoding="utf-8")
        started = time.perf_counter()
        spm.SentencePieceTrainer.train(
            input=str(text), model_prefix=f"{scratch}/sp", model_type="unigram", vocab_size=args.size,
            normalization_rule_name="nmt_nfkc", character_coverage=0.9995, byte_fallback=True,
            split_digits=False, max_sentencepiece_length=16, pad_id=0, bos_id=1, eos_id=2, unk_id=3,
            input_sentence_size=0, num_threads=2, minloglevel=2)
        sp_seconds = time.perf_counter() - started
        sp = spm.SentencePieceProcessor(model_file=f"{scratch}/sp.model")

        vocab = args.vocab
        ieum_seconds = None
        if vocab is None:
            vocab = pathlib.Path(scratch) / "ieum.vocab"
            started = time.perf_counter()
            subprocess.run([str(IEUM), "train-vocab", "--input", str(BUILD / "train.tsv"), "--size", str(args.size),
                            "--output", str(vocab)], check=True, capture_output=True)
            ieum_seconds = time.perf_counter() - started

        def ieum_pieces(lines):
            out = subprocess.run([str(IEUM), "tokenize", "--ids", "--vocab", str(vocab)], input="\n".join(lines) + "\n",
                                 capture_output=True, text=True, check=True).stdout.splitlines()
            return sum(len(line.split()) for line in out) / len(lines)

        def sp_pieces(lines):
            return sum(len(ids) for ids in sp.encode(lines)) / len(lines)

        print(f"{len(train)} training sentences, vocabulary of {args.size}")
        print()
        print("| sentences | ieum pieces per sentence | SentencePiece | ieum / SentencePiece |")
        print("| --- | ---: | ---: | ---: |")
        for name, lines in [("dev + test (held out)", held_out), ("first 20,000 of train", seen)]:
            ours, theirs = ieum_pieces(lines), sp_pieces(lines)
            print(f"| {name}: {len(lines)} | {ours:.3f} | {theirs:.3f} | {ours / theirs:.3f} |")
        print()
        if ieum_seconds is not None:
            print(f"training time: ieum {ieum_seconds:.1f} s, SentencePiece {sp_seconds:.1f} s (2 threads)")


if __name__ == "__main__":
    main()
