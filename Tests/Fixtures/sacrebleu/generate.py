#!/usr/bin/env python3
"""Reference values from sacreBLEU for Ieum's BLEU, chrF and 13a tokenizer tests. Run by hand, not in CI:

    python3 -m venv /root/sbvenv && /root/sbvenv/bin/pip install sacrebleu
    /root/sbvenv/bin/python Tests/Fixtures/sacrebleu/generate.py

Reads the team-written hypothesis and reference files beside this script (one sentence a
line; every line counts, empty ones included) and writes expected.json:
  sacrebleu_version  the version that produced the numbers
  cases              for each named case, its files and sacreBLEU's corpus BLEU (score,
                     counts, totals, precisions, bp, ratio, sys_len, ref_len, the score
                     line and the signature) and chrF (score, score line, signature), with
                     the default settings: BLEU 13a/exp/mixed case, chrF2 nc 6 nw 0
  tokenization       every line of every file, plus the lines in EXTRA_LINES, and
                     sacreBLEU's 13a tokenization of each
"""
import json
import pathlib

import sacrebleu
from sacrebleu.metrics import BLEU, CHRF
from sacrebleu.tokenizers.tokenizer_13a import Tokenizer13a

HERE = pathlib.Path(__file__).resolve().parent

# (name, hypotheses, references): each reference file is one stream, line i for hypothesis i.
CASES = [
    ("english", "english.hyp", ["english.ref"]),
    ("korean", "korean.hyp", ["korean.ref"]),
    ("two-references", "two-references.hyp", ["two-references.ref1", "two-references.ref2"]),
    ("empty-hypothesis", "empty-hypothesis.hyp", ["empty-hypothesis.ref"]),
    ("all-empty-hypotheses", "all-empty-hypotheses.hyp", ["all-empty-hypotheses.ref"]),
    ("empty-reference", "empty-reference.hyp", ["empty-reference.ref"]),
    ("single-word", "single-word.hyp", ["single-word.ref"]),
    ("longer-hypothesis", "longer-hypothesis.hyp", ["longer-hypothesis.ref"]),
    ("identical", "identical.hyp", ["identical.ref"]),
    ("no-fourgram-match", "no-fourgram-match.hyp", ["no-fourgram-match.ref"]),
    ("no-match", "no-match.hyp", ["no-match.ref"]),
    ("short-lines", "short-lines.hyp", ["short-lines.ref"]),
    ("spacing", "spacing.hyp", ["spacing.ref"]),
    # The English and Korean sets together, as one corpus.
    ("english-and-korean", "english.hyp+korean.hyp", ["english.ref+korean.ref"]),
]

# Lines a file cannot hold: line breaks inside a segment, which the 13a tokenizer handles itself.
EXTRA_LINES = [
    "a hyphen at the end of a line-\njoins the next",
    "two\nlines",
    "trailing line break\n",
    "-\n-\n",
]


def read_lines(names):
    """The lines of the files named by `names` ("a+b" for a after b), without their line breaks."""
    lines = []
    for name in names.split("+"):
        with open(HERE / name, encoding="utf-8", newline="\n") as file:
            lines += [line.removesuffix("\n") for line in file]
    return lines


def bleu_entry(hypotheses, references):
    metric = BLEU()
    score = metric.corpus_score(hypotheses, references)
    return {
        "score": score.score, "counts": score.counts, "totals": score.totals,
        "precisions": score.precisions, "bp": score.bp, "ratio": score.ratio,
        "sys_len": score.sys_len, "ref_len": score.ref_len,
        "text": str(score), "signature": str(metric.get_signature()),
    }


def chrf_entry(hypotheses, references):
    metric = CHRF()
    score = metric.corpus_score(hypotheses, references)
    return {"score": score.score, "text": str(score), "signature": str(metric.get_signature())}


cases = []
tokenized_inputs = []
for name, hypothesis_file, reference_files in CASES:
    hypotheses = read_lines(hypothesis_file)
    references = [read_lines(file) for file in reference_files]
    assert all(len(stream) == len(hypotheses) for stream in references), name
    cases.append({
        "name": name, "hypotheses": hypothesis_file, "references": reference_files,
        "lines": len(hypotheses),
        "bleu": bleu_entry(hypotheses, references),
        "chrf": chrf_entry(hypotheses, references),
    })
    tokenized_inputs += hypotheses + [line for stream in references for line in stream]

tokenized_inputs += read_lines("tokenizer-lines.txt") + EXTRA_LINES
tokenizer = Tokenizer13a()
seen = set()
tokenization = []
for line in tokenized_inputs:
    if line not in seen:
        seen.add(line)
        tokenization.append({"input": line, "tokenized": tokenizer(line)})

expected = {"sacrebleu_version": sacrebleu.__version__, "cases": cases, "tokenization": tokenization}
(HERE / "expected.json").write_text(json.dumps(expected, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
for case in cases:
    print(f"{case['name']:22} {case['bleu']['text']:80} {case['chrf']['text']}")
print(f"{len(tokenization)} tokenized lines; sacreBLEU {sacrebleu.__version__}")
