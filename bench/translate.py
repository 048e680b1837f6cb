#!/usr/bin/env python3
"""Target tokens per second: ieum translate against CTranslate2 (float32, CPU), same weights.

Builds a random model of transformer-base shape (6+6 layers, d_model 512, 8 heads, FFN 2048,
Swish, post-norm, a shared vocabulary of 32,000) with numpy and writes it twice: as Marian's
model.npz with vocabulary files, which CTranslate2's Marian converter turns into a
CTranslate2 model, and as a Hugging Face Marian directory (config.json, model.safetensors)
that ieum reads. Then both decode the same random sentences of 20 source tokens with the
output held to 20 tokens, greedy and beam 4, on 1 and 2 threads, in float32 and int8
(ieum's --compute-type, CTranslate2's compute_type), CTranslate2 in its better thread
configuration, median of 3.
"""
import argparse
import json
import os
import pathlib
import platform
import statistics
import subprocess
import time

import ctranslate2
import numpy as np
from ctranslate2.converters import MarianConverter
from safetensors.numpy import save_file

ROOT = pathlib.Path(__file__).resolve().parents[1]
IEUM = pathlib.Path(os.environ.get("IEUM", ROOT / ".build" / "release" / "ieum"))  # IEUM=path compares another build
OUT = ROOT / "bench" / "out" / "transformer-base"
LAYERS, WIDTH, HEADS, FFN, VOCAB = 6, 512, 8, 2048, 32000


def build(seed=1):
    """The same random weights under Hugging Face names (out × in) and Marian names (in × out)."""
    rng = np.random.default_rng(seed)
    normal = lambda *shape: (rng.standard_normal(shape) * 0.05).astype(np.float32)
    hf, marian = {}, {}
    embedding = normal(VOCAB, WIDTH)
    hf["model.shared.weight"] = embedding
    marian["Wemb"] = embedding
    bias = np.zeros((1, VOCAB), np.float32)
    hf["final_logits_bias"] = bias
    marian["decoder_ff_logit_out_b"] = bias

    def linear(hf_name, marian_scope, marian_suffix, inputs, outputs):
        weight = normal(outputs, inputs)
        hf[f"{hf_name}.weight"], hf[f"{hf_name}.bias"] = weight, np.zeros(outputs, np.float32)
        marian[f"{marian_scope}_W{marian_suffix}"] = np.ascontiguousarray(weight.T)
        marian[f"{marian_scope}_b{marian_suffix}"] = np.zeros((1, outputs), np.float32)

    def norm(hf_name, marian_name):
        hf[f"{hf_name}.weight"], hf[f"{hf_name}.bias"] = np.ones(WIDTH, np.float32), np.zeros(WIDTH, np.float32)
        marian[f"{marian_name}_ln_scale"], marian[f"{marian_name}_ln_bias"] = np.ones((1, WIDTH), np.float32), np.zeros((1, WIDTH), np.float32)

    def attention(hf_prefix, marian_scope):
        for name, suffix in [("q_proj", "q"), ("k_proj", "k"), ("v_proj", "v"), ("out_proj", "o")]:
            linear(f"{hf_prefix}.{name}", marian_scope, suffix, WIDTH, WIDTH)

    for stack in ("encoder", "decoder"):
        for layer in range(LAYERS):
            hf_prefix, marian_prefix = f"model.{stack}.layers.{layer}", f"{stack}_l{layer + 1}"
            attention(f"{hf_prefix}.self_attn", f"{marian_prefix}_self")
            norm(f"{hf_prefix}.self_attn_layer_norm", f"{marian_prefix}_self_Wo")
            if stack == "decoder":
                attention(f"{hf_prefix}.encoder_attn", f"{marian_prefix}_context")
                norm(f"{hf_prefix}.encoder_attn_layer_norm", f"{marian_prefix}_context_Wo")
            linear(f"{hf_prefix}.fc1", f"{marian_prefix}_ffn", "1", WIDTH, FFN)
            linear(f"{hf_prefix}.fc2", f"{marian_prefix}_ffn", "2", FFN, WIDTH)
            norm(f"{hf_prefix}.final_layer_norm", f"{marian_prefix}_ffn_ffn")
    return hf, marian


def write_models():
    hf, marian = build()
    huggingface = OUT / "huggingface"
    huggingface.mkdir(parents=True, exist_ok=True)
    save_file(hf, str(huggingface / "model.safetensors"), metadata={"format": "pt"})
    (huggingface / "config.json").write_text(json.dumps({
        "d_model": WIDTH, "encoder_layers": LAYERS, "decoder_layers": LAYERS, "encoder_attention_heads": HEADS,
        "decoder_attention_heads": HEADS, "encoder_ffn_dim": FFN, "decoder_ffn_dim": FFN, "vocab_size": VOCAB,
        "max_position_embeddings": 512, "activation_function": "swish", "scale_embedding": True,
        "pad_token_id": 1, "eos_token_id": 0, "decoder_start_token_id": 1, "forced_eos_token_id": 0}))
    config = {"type": "transformer", "transformer-decoder-autoreg": "self-attention", "transformer-no-projection": False,
              "transformer-ffn-activation": "swish", "transformer-preprocess": "", "transformer-postprocess": "dan",
              "transformer-postprocess-emb": "d", "transformer-guided-alignment-layer": "last",
              "enc-depth": LAYERS, "dec-depth": LAYERS, "transformer-heads": HEADS}
    import yaml
    marian["special:model.yml"] = np.frombuffer(yaml.safe_dump(config).encode() + b"\0", dtype=np.int8)
    np.savez(OUT / "model.npz", **marian)
    vocabulary = OUT / "vocab.yml"
    vocabulary.write_text("</s>: 0\n<unk>: 1\n" + "".join(f"t{i}: {i}\n" for i in range(2, VOCAB)))
    MarianConverter(str(OUT / "model.npz"), [str(vocabulary), str(vocabulary)]).convert(str(OUT / "ctranslate2"), force=True)
    return huggingface, OUT / "ctranslate2"


def median_rate(run, tokens, repeats):
    """Median tokens/s of `repeats` timed calls of `run`."""
    rates = []
    for _ in range(repeats):
        started = time.perf_counter()
        run()
        rates.append(tokens / (time.perf_counter() - started))
    return statistics.median(rates)


def ct2_best(model, sources, beam, threads, compute_type, length, tokens, repeats):
    """CTranslate2's best configuration at batches of 32: threads as replicas (inter) or inside
    each product (intra)."""
    rates = []
    for inter, intra in sorted({(threads, 1), (1, threads)}):
        translator = ctranslate2.Translator(str(model), device="cpu", inter_threads=inter, intra_threads=intra, compute_type=compute_type)
        rates.append(median_rate(lambda: translator.translate_batch(sources, beam_size=beam, max_batch_size=32, min_decoding_length=length,
                                                                    max_decoding_length=length), tokens, repeats))
    return max(rates)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=500)
    parser.add_argument("--length", type=int, default=20)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    huggingface, ct2_model = write_models()
    rng = np.random.default_rng(7)
    sources = rng.integers(2, VOCAB, size=(args.sentences, args.length))
    ieum_input = "".join(" ".join(map(str, row)) + " 0\n" for row in sources)  # the end token included
    ct2_input = [[f"t{i}" for i in row] for row in sources]  # CTranslate2 appends it for Marian models
    target_tokens = args.sentences * args.length

    def ieum(beam, threads, compute_type, lines):
        subprocess.run([str(IEUM), "translate", "--model", str(huggingface), "--ids", "--beam", str(beam),
                        "--min-length", str(args.length), "--max-length", str(args.length + 1), "--threads", str(threads),
                        "--compute-type", compute_type], input=lines, capture_output=True, text=True, check=True)

    # Loading the model (and quantizing it), timed with one sentence, is left out of ieum's rate
    # (CTranslate2's excludes it too).
    loading = {}
    for compute_type in ("float32", "int8"):
        loading[compute_type] = 1 / median_rate(lambda: ieum(1, 1, compute_type, ieum_input.split("\n")[0] + "\n"), 1, args.repeats)

    def ieum_rate(beam, threads, compute_type):
        seconds = 1 / median_rate(lambda: ieum(beam, threads, compute_type, ieum_input), 1, args.repeats)
        return target_tokens / max(seconds - loading[compute_type], 1e-9)

    print(f"# Decoding speed, {time.strftime('%Y-%m-%d')}, {platform.processor() or platform.machine()}, {os.cpu_count()} cores")
    print(f"random transformer-base ({LAYERS}+{LAYERS} layers, d_model {WIDTH}, {HEADS} heads, FFN {FFN}, vocabulary {VOCAB}),"
          f" {args.sentences} sentences of {args.length} tokens, output held to {args.length} tokens; ctranslate2 {ctranslate2.__version__};"
          f" batches of 32; median of {args.repeats}; CTranslate2 in its better configuration (inter or intra threads);"
          f" ieum without its loading ({loading['float32']:.2f} s float32, {loading['int8']:.2f} s int8); target tokens/s")
    print()
    print("| search | threads | ieum float32 | CT2 float32 | ieum / CT2 | ieum int8 | CT2 int8 | ieum / CT2 |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for beam in (1, 4):
        for threads in (1, 2):
            row = []
            for compute_type in ("float32", "int8"):
                mine = ieum_rate(beam, threads, compute_type)
                theirs = ct2_best(ct2_model, ct2_input, beam, threads, compute_type, args.length, target_tokens, args.repeats)
                row += [f"{mine:.0f}", f"{theirs:.0f}", f"{mine / theirs:.2f}"]
            print(f"| {'greedy' if beam == 1 else f'beam {beam}'} | {threads} | " + " | ".join(row) + " |", flush=True)


if __name__ == "__main__":
    main()
