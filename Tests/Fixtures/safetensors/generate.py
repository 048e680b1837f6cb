#!/usr/bin/env python3
"""Writes small.safetensors with the safetensors package (run by hand: pip install safetensors numpy torch).

Values are exactly representable in their types, so the test states them by hand.
"""
import pathlib

import torch
from safetensors.torch import save_file

HERE = pathlib.Path(__file__).resolve().parent
save_file({
    "f32": torch.tensor([[1.5, -2.0, 0.25], [3.0, 0.0, -0.125]], dtype=torch.float32),
    "f16": torch.tensor([0.5, -1.75, 65504.0], dtype=torch.float16),
    "bf16": torch.tensor([1.0, -3.5, 256.0], dtype=torch.bfloat16),
}, str(HERE / "small.safetensors"), metadata={"format": "pt"})
