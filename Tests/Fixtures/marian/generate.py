#!/usr/bin/env python3
"""Reference values from Hugging Face transformers for Ieum's Marian engine. Run by hand in a
virtual environment outside the repository, never in CI:

    python3 -m venv ~/hfvenv && ~/hfvenv/bin/pip install torch transformers sentencepiece safetensors
    ~/hfvenv/bin/python Tests/Fixtures/marian/generate.py

Builds two small random MarianMTModels (seeded) with SentencePiece vocabularies trained on
the team-written sample, saves each as a Hugging Face directory (tiny-shared: d_model 32,
one vocabulary shared and tied; tiny-separate: d_model 64, separate source and target
vocabularies), and records for 20 Korean inputs in <model>/expected.json and
<model>/expected.safetensors: the tokenizer's input ids, the encoder's output, the
teacher-forced decoder logits of the greedy output, and the greedy and beam-4 outputs, all
computed in float64 from the saved float32 weights; and, for the first input, the attention
weights of encoder layer 1 head 2 and of cross-attention layer 1 head 3.
"""
import json
import pathlib
import tempfile

import sentencepiece as spm
import torch
from safetensors.torch import save_file
from transformers import MarianConfig, MarianMTModel, MarianTokenizer

HERE = pathlib.Path(__file__).resolve().parent
SAMPLE = HERE.parents[2] / "corpora" / "sample" / "ko-en.tsv"
pairs = [line.rstrip("\n").split("\t") for line in SAMPLE.open(encoding="utf-8")]
INPUTS = [pairs[i][0] for i in range(0, 2000, 100)]  # 20 Korean sentences
GENERATION = {"max_length": 24, "length_penalty": 1.0, "early_stopping": False, "do_sample": False}


def train_spm(lines, prefix, size, coverage):
    with tempfile.NamedTemporaryFile("w", suffix=".txt", encoding="utf-8", delete=False) as text:
        text.write("\n".join(lines) + "\n")
    spm.SentencePieceTrainer.train(input=text.name, model_prefix=prefix, model_type="unigram", vocab_size=size,
                                   character_coverage=coverage, minloglevel=2)


def vocabulary(*models):
    """A vocab.json: </s> 0, <unk> 1, <pad> 2 (the same id on both sides), then the pieces."""
    pieces = ["</s>", "<unk>", "<pad>"]
    for model in models:
        processor = spm.SentencePieceProcessor(model_file=model)
        for i in range(processor.get_piece_size()):
            piece = processor.id_to_piece(i)
            if piece not in pieces and piece != "<s>":
                pieces.append(piece)
    return {piece: i for i, piece in enumerate(pieces)}


def build(name, d_model, ffn, separate, seed):
    directory = HERE / name
    directory.mkdir(exist_ok=True)
    train_spm([p[0] for p in pairs], str(directory / "source"), 1000, coverage=0.98)
    train_spm([p[1] for p in pairs], str(directory / "target"), 300, coverage=1.0)
    (directory / "source.model").rename(directory / "source.spm")
    (directory / "target.model").rename(directory / "target.spm")
    for leftover in directory.glob("*.vocab"):
        leftover.unlink()
    if separate:
        source_vocab = vocabulary(str(directory / "source.spm"))
        target_vocab = vocabulary(str(directory / "target.spm"))
        (directory / "vocab.json").write_text(json.dumps(source_vocab, ensure_ascii=False, indent=0), encoding="utf-8")
        (directory / "target_vocab.json").write_text(json.dumps(target_vocab, ensure_ascii=False, indent=0), encoding="utf-8")
    else:
        source_vocab = target_vocab = vocabulary(str(directory / "source.spm"), str(directory / "target.spm"))
        (directory / "vocab.json").write_text(json.dumps(source_vocab, ensure_ascii=False, indent=0), encoding="utf-8")
    tokenizer = MarianTokenizer(
        source_spm=str(directory / "source.spm"), target_spm=str(directory / "target.spm"),
        vocab=str(directory / "vocab.json"),
        target_vocab_file=str(directory / "target_vocab.json") if separate else None,
        separate_vocabs=separate, source_lang="ko", target_lang="en")
    pad = source_vocab["<pad>"]
    config = MarianConfig(
        vocab_size=len(source_vocab), decoder_vocab_size=len(target_vocab), d_model=d_model,
        encoder_layers=2, decoder_layers=2, encoder_attention_heads=4, decoder_attention_heads=4,
        encoder_ffn_dim=ffn, decoder_ffn_dim=ffn, max_position_embeddings=128, activation_function="swish",
        scale_embedding=True, pad_token_id=pad, eos_token_id=0, decoder_start_token_id=pad,
        share_encoder_decoder_embeddings=not separate, tie_word_embeddings=not separate,
        init_std=0.25, dropout=0.0, attention_dropout=0.0, activation_dropout=0.0)
    torch.manual_seed(seed)
    model = MarianMTModel(config).eval()
    with torch.no_grad():
        model.final_logits_bias.normal_(0, 0.1)
    model.save_pretrained(directory, safe_serialization=True)
    tokenizer.save_pretrained(directory)
    # References from the same weights in float64, so that they carry no float32 rounding.
    model = model.double()

    records, tensors = [], {}
    with torch.no_grad():
        for index, text in enumerate(INPUTS):
            batch = tokenizer([text], return_tensors="pt")
            batch["attention_mask"] = batch["attention_mask"].double()
            encoder = model.get_encoder()(**batch).last_hidden_state[0]
            greedy = model.generate(**batch, num_beams=1, **GENERATION)[0]
            beam = model.generate(**batch, num_beams=4, **GENERATION)[0]
            logits = model(**batch, decoder_input_ids=greedy[None, :]).logits[0]
            tensors[f"encoder.{index}"] = encoder.float().contiguous()
            tensors[f"logits.{index}"] = logits.float().contiguous()
            records.append({"text": text, "input_ids": batch["input_ids"][0].tolist(),
                            "greedy": greedy.tolist(), "beam4": beam.tolist()})
        # Attention weights of one encoder layer and head, and one cross-attention layer and
        # head over the first input's greedy output (eager attention returns them).
        model.config._attn_implementation = "eager"
        batch = tokenizer([INPUTS[0]], return_tensors="pt")
        output = model(**batch, decoder_input_ids=torch.tensor([records[0]["greedy"]]), output_attentions=True)
        tensors["attention.encoder.1.2"] = output.encoder_attentions[1][0, 2].float().contiguous()
        tensors["attention.cross.1.3"] = output.cross_attentions[1][0, 3].float().contiguous()
    save_file(tensors, str(directory / "expected.safetensors"))
    (directory / "expected.json").write_text(json.dumps({
        "generation": {**GENERATION, "greedy_num_beams": 1, "beam_num_beams": 4,
                       "generation_config": model.generation_config.to_dict()},
        "inputs": records}, ensure_ascii=False, indent=1), encoding="utf-8")
    print(name, "pad", pad, "vocab", len(source_vocab), len(target_vocab))


build("tiny-shared", d_model=32, ffn=64, separate=False, seed=1)
build("tiny-separate", d_model=64, ffn=128, separate=True, seed=2)
