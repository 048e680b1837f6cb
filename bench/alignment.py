#!/usr/bin/env python3
"""Word alignment side by side: `ieum align --corpus` against eflomal (IBM1+HMM+fertility, the
default model 3), on the corpus's train split with the team's gold set appended, both
symmetrized with grow-diag-final-and (eflomal's two directions joined here, by a plain
implementation of Koehn et al.'s algorithm). Prints AER, precision and recall on
Tests/Fixtures/alignment/gold.tsv and the wall time of each, measured in this run.

With --model DIR, also the AER of that model's cross-attention, every decoder layer and head
(`ieum align --corpus --model`), on the gold pairs alone; with --reverse-model DIR (the other
direction's model) too, the two models' supervised heads joined (`--reverse-model`) at several
link thresholds. --to ko says that --model translates English into Korean. --models-only leaves
out the two statistical aligners.

Usage: bench/.venv/bin/python bench/alignment.py [corpus.tsv] [--model DIR [--reverse-model DIR] [--to ko]] [--models-only]
(default corpus: corpora/build/train.tsv)"""
import json, os, subprocess, sys, tempfile, time
import eflomal

arguments = sys.argv[1:]

def option(name):
    if name not in arguments:
        return None
    position = arguments.index(name)
    value = arguments[position + 1]
    del arguments[position:position + 2]
    return value

model, reverse_model, to = option("--model"), option("--reverse-model"), option("--to") or "en"
models_only = "--models-only" in arguments
if models_only:
    arguments.remove("--models-only")

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
corpus = arguments[0] if arguments else os.path.join(root, "corpora/build/train.tsv")
gold = [line.rstrip("\n").split("\t") for line in open(os.path.join(root, "Tests/Fixtures/alignment/gold.tsv"), encoding="utf-8")]
pairs = [] if models_only else [line.rstrip("\n").split("\t")[:2] for line in open(corpus, encoding="utf-8") if "\t" in line]
pairs += [g[:2] for g in gold]

def links(text):
    return {tuple(map(int, pair.split("-"))) for pair in text.split()}

def aer(hypotheses, references=None):
    a = s = a_s = a_p = 0
    for hypothesis, g in zip(hypotheses, references or gold):
        sure = links(g[2]); possible = sure | links(g[3])
        a += len(hypothesis); s += len(sure); a_s += len(hypothesis & sure); a_p += len(hypothesis & possible)
    return 1 - (a_s + a_p) / (a + s), a_p / a, a_s / s

def grow_diag_final_and(forward, backward):
    union = forward | backward; result = forward & backward
    aligned_s = {i for i, _ in result}; aligned_t = {j for _, j in result}
    neighbours = [(-1, 0), (0, -1), (1, 0), (0, 1), (-1, -1), (-1, 1), (1, -1), (1, 1)]
    grew = True
    while grew:
        grew = False
        for i, j in sorted(result):
            for di, dj in neighbours:
                c = (i + di, j + dj)
                if c in union and c not in result and (c[0] not in aligned_s or c[1] not in aligned_t):
                    result.add(c); aligned_s.add(c[0]); aligned_t.add(c[1]); grew = True
    for direction in (forward, backward):
        for i, j in sorted(direction):
            if i not in aligned_s and j not in aligned_t:
                result.add((i, j)); aligned_s.add(i); aligned_t.add(j)
    return result

if not models_only:
    with tempfile.TemporaryDirectory() as folder:
        joined = os.path.join(folder, "corpus.tsv")
        with open(joined, "w", encoding="utf-8") as f:
            f.writelines(f"{k}\t{e}\n" for k, e in pairs)
        start = time.time()
        output = subprocess.run([os.path.join(root, ".build/release/ieum"), "align", "--corpus", joined],
                                check=True, capture_output=True, text=True).stdout.split("\n")
        ieum_seconds = time.time() - start
        ieum = [links(line) for line in output[len(pairs) - len(gold):len(pairs)]]

        forward, backward = os.path.join(folder, "fwd"), os.path.join(folder, "rev")
        start = time.time()
        eflomal.Aligner().align([k for k, _ in pairs], [e for _, e in pairs],
                                links_filename_fwd=forward, links_filename_rev=backward, quiet=True)
        forward_links = [links(l) for l in open(forward).read().split("\n")[len(pairs) - len(gold):len(pairs)]]
        backward_links = [links(l) for l in open(backward).read().split("\n")[len(pairs) - len(gold):len(pairs)]]
        eflomal_links = [grow_diag_final_and(f, b) for f, b in zip(forward_links, backward_links)]
        eflomal_seconds = time.time() - start

    print(f"{len(pairs)} pairs ({len(gold)} of them the gold set), {os.cpu_count()} cores")
    print("| aligner | AER | precision | recall | seconds |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, hypotheses, seconds in [("ieum align --corpus", ieum, ieum_seconds), ("eflomal (model 3) + grow-diag-final-and", eflomal_links, eflomal_seconds)]:
        error, precision, recall = aer(hypotheses)
        print(f"| {name} | {100 * error:.1f} | {100 * precision:.1f} | {100 * recall:.1f} | {seconds:.0f} |")
    print(f"time ratio ieum / eflomal: {ieum_seconds / eflomal_seconds:.2f}")

if model:
    config = json.load(open(os.path.join(model, "config.json")))
    supervised = (config.get("alignment_layer"), config.get("alignment_head"))
    with tempfile.TemporaryDirectory() as folder:
        pairs_file = os.path.join(folder, "gold.tsv")
        with open(pairs_file, "w", encoding="utf-8") as f:
            f.writelines(f"{g[0]}\t{g[1]}\n" for g in gold)

        def model_links(*flags):
            output = subprocess.run([os.path.join(root, ".build/release/ieum"), "align", "--corpus", pairs_file, "--model", model, "--to", to,
                                     *flags], check=True, capture_output=True, text=True).stdout
            return [links(line) for line in output.split("\n")[:len(gold)]]

        print(f"\n{model}: AER of each decoder layer's and head's cross-attention on the gold set")
        print("| layer | " + " | ".join(f"head {h}" for h in range(config["decoder_attention_heads"])) + " |")
        print("| ---: | " + " | ".join("---:" for _ in range(config["decoder_attention_heads"])) + " |")
        for layer in range(config["decoder_layers"]):
            cells = []
            for head in range(config["decoder_attention_heads"]):
                cells.append(f"{100 * aer(model_links('--layer', str(layer), '--head', str(head)))[0]:.1f}"
                             + (" (supervised)" if (layer, head) == supervised else ""))
            print(f"| {layer} | " + " | ".join(cells) + " |")
        if reverse_model:
            print(f"\nBoth directions' supervised heads (--reverse-model {reverse_model}): a link where their mean attention is above")
            print("| link threshold | AER | precision | recall |")
            print("| ---: | ---: | ---: | ---: |")
            thresholds = ["0.2", "0.25", "0.3", "0.35", "0.4", "0.45", "0.5"]
            joined = {t: model_links("--reverse-model", reverse_model, "--link-threshold", t) for t in thresholds}
            for threshold in thresholds:
                error, precision, recall = aer(joined[threshold])
                print(f"| {threshold} | {100 * error:.1f} | {100 * precision:.1f} | {100 * recall:.1f} |")
            # The threshold chosen on one half of the gold set, scored on the other, both ways.
            halves = [[i for i in range(len(gold)) if i % 2 == half] for half in (0, 1)]
            pooled = [set() for _ in gold]
            for chosen_on, scored_on in (halves, halves[::-1]):
                best = min(thresholds, key=lambda t: aer([joined[t][i] for i in chosen_on], [gold[i] for i in chosen_on])[0])
                print(f"threshold chosen on the {'even' if chosen_on[0] == 0 else 'odd'} pairs: {best}")
                for i in scored_on:
                    pooled[i] = joined[best][i]
            error, precision, recall = aer(pooled)
            print(f"two-fold (each half scored with the threshold the other half chose): AER {100 * error:.1f}, "
                  f"precision {100 * precision:.1f}, recall {100 * recall:.1f}")
