#!/usr/bin/env python3
"""Reference values from Hugging Face transformers for Ieum's pre-layer-norm path. Run by hand,
as Tests/Fixtures/marian/generate.py is.

Builds a small random MBartForConditionalGeneration (seeded): pre-layer-norm layers with
final layer norms, learned positions, an embedding layer norm, GELU, embeddings scaled by
√d_model. Saves it under tiny/ and records in tiny/expected.safetensors, for 5 random inputs
of token ids, the encoder's output and the decoder's logits for a random target, computed in
float64 from the saved float32 weights; the ids go to tiny/expected.json.
"""
import json
import pathlib

import torch
from safetensors.torch import save_file
from transformers import MBartConfig, MBartForConditionalGeneration

HERE = pathlib.Path(__file__).resolve().parent
directory = HERE / "tiny"
config = MBartConfig(vocab_size=300, d_model=32, encoder_layers=2, decoder_layers=2, encoder_attention_heads=4,
                     decoder_attention_heads=4, encoder_ffn_dim=64, decoder_ffn_dim=64, max_position_embeddings=64,
                     activation_function="gelu", scale_embedding=True, pad_token_id=1, eos_token_id=2, bos_token_id=0,
                     decoder_start_token_id=2, init_std=0.25, dropout=0.0, attention_dropout=0.0, activation_dropout=0.0)
torch.manual_seed(3)
model = MBartForConditionalGeneration(config).eval()
with torch.no_grad():
    model.final_logits_bias.normal_(0, 0.1)
    for name, parameter in model.named_parameters():
        if "layer_norm" in name or "layernorm" in name:
            parameter.normal_(1.0 if name.endswith("weight") else 0.0, 0.2)  # norms that are not the identity
model.save_pretrained(directory, safe_serialization=True)
model = model.double()

generator = torch.Generator().manual_seed(5)
records, tensors = [], {}
with torch.no_grad():
    for index in range(5):
        source = torch.randint(3, 300, (1, 6 + 3 * index), generator=generator)
        source[0, -1] = 2
        target = torch.randint(3, 300, (1, 4 + 2 * index), generator=generator)
        target[0, 0] = 2
        output = model(input_ids=source, decoder_input_ids=target)
        tensors[f"encoder.{index}"] = output.encoder_last_hidden_state[0].float().contiguous()
        tensors[f"logits.{index}"] = output.logits[0].float().contiguous()
        records.append({"source": source[0].tolist(), "target": target[0].tolist()})
save_file(tensors, str(directory / "expected.safetensors"))
(directory / "expected.json").write_text(json.dumps(records) + "\n")
