#!/usr/bin/env python3
"""Reference values from SentencePiece for Ieum's tokenizer tests. Run by hand, not in CI:

    python3 -m venv /tmp/spm && /tmp/spm/bin/pip install sentencepiece
    /tmp/spm/bin/python Tests/Fixtures/sentencepiece/generate.py

Trains a SentencePiece unigram model with identity normalization on the sample corpus
less 300 held-out lines, and writes beside this script:
  unigram.vocab   its pieces and scores, in Ieum's vocabulary format
  heldout.jsonl   the held-out lines and SentencePiece's segmentation of each
  training.txt    the training lines, one sentence a line (Korean and English sides)
  summary.json    vocabulary size, and average pieces per sentence on the training lines
"""
import json
import pathlib
import tempfile

import sentencepiece as spm

HERE = pathlib.Path(__file__).resolve().parent
SAMPLE = HERE.parents[2] / "corpora" / "sample" / "ko-en.tsv"
VOCAB_SIZE = 4000
HELD_OUT_PAIRS = 150  # both sides: 300 lines

pairs = [line.rstrip("\n").split("\t") for line in SAMPLE.open(encoding="utf-8")]
held_out_indices = set(range(0, len(pairs), len(pairs) // HELD_OUT_PAIRS)[:HELD_OUT_PAIRS])
held_out = [side for i, pair in enumerate(pairs) if i in held_out_indices for side in pair]
training = [side for i, pair in enumerate(pairs) if i not in held_out_indices for side in pair]
assert len(held_out) == 2 * HELD_OUT_PAIRS

(HERE / "training.txt").write_text("\n".join(training) + "\n", encoding="utf-8")
with tempfile.TemporaryDirectory() as scratch:
    prefix = f"{scratch}/unigram"
    spm.SentencePieceTrainer.train(
        input=str(HERE / "training.txt"), model_prefix=prefix, model_type="unigram",
        vocab_size=VOCAB_SIZE, normalization_rule_name="identity", character_coverage=0.9995,
        byte_fallback=True, split_digits=False, max_sentencepiece_length=16,
        pad_id=0, bos_id=1, eos_id=2, unk_id=3, num_threads=1, minloglevel=2)
    model = spm.SentencePieceProcessor(model_file=prefix + ".model")

with (HERE / "unigram.vocab").open("w", encoding="utf-8") as out:
    out.write("#ieum-vocabulary 1 normalization=nfc\n")
    for i in range(model.get_piece_size()):
        out.write(f"{model.id_to_piece(i)}\t{model.get_score(i)!r}\n")

with (HERE / "heldout.jsonl").open("w", encoding="utf-8") as out:
    for line in held_out:
        out.write(json.dumps({"text": line, "pieces": model.encode(line, out_type=str)}, ensure_ascii=False) + "\n")

pieces = sum(len(model.encode(line)) for line in training)
summary = {"vocab_size": VOCAB_SIZE, "training_sentences": len(training),
           "average_pieces_per_sentence": pieces / len(training)}
(HERE / "summary.json").write_text(json.dumps(summary, indent=2) + "\n")
print(summary)
