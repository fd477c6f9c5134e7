"""A CLIP ViT-B/32-shaped bundle with random weights, for `npm run bench` only (never shipped, git-ignored).

The bench uses models/training/make_vitb32_random.py when the trainer provides it; this is the fallback so the
bench runs on a fresh clone. Shapes follow OpenAI ViT-B/32: 224 px, patch 32, width 768, 12 layers, 12 heads,
embed 512; text width 512, 8 heads, 12 layers, context 77, vocab 49408. Weights are the recipe's init (random):
throughput only, the embeddings mean nothing.

  /usr/bin/python3 tests/bench/make_vitb32_random.py --out models/vitb32-random [--fp16]

--fp16 also writes vision_fp16.onnx (tests/bench/fp16.py: float16 weights and math, float32 in and out) and names it
in the manifest as vision.fp16File, which the app runs only on WebGPU adapters with shader-f16.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys

import torch

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, ROOT)
from models.training.export import export_onnx  # noqa: E402
from models.training.model import CLIP  # noqa: E402

MEAN = [0.48145466, 0.4578275, 0.40821073]
STD = [0.26862954, 0.26130258, 0.27577711]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=os.path.join(ROOT, "models", "vitb32-random"))
    ap.add_argument("--fp16", action="store_true")
    args = ap.parse_args()
    torch.manual_seed(0)
    model = CLIP(embed_dim=512, image_resolution=224, vision_layers=12, vision_width=768, vision_patch_size=32,
                 context_length=77, vocab_size=49408, transformer_width=512, transformer_heads=8, transformer_layers=12)
    export_onnx(model, args.out, 224, 77)
    tok_src = os.path.join(ROOT, "models", "cifar10-cma-tiny", "tokenizer.json")
    shutil.copyfile(tok_src, os.path.join(args.out, "tokenizer.json"))
    manifest = {
        "format": "alignscope-clip-bundle", "formatVersion": 1, "id": "vitb32-random",
        "name": "ViT-B/32 shape (random weights, bench only)",
        "description": "OpenAI CLIP ViT-B/32 shapes with random weights: for throughput measurements only.",
        "embedDim": 512, "logitScale": 100.0,
        "vision": {"file": "vision.onnx", "input": "pixel_values", "output": "image_embeds"},
        "text": {"file": "text.onnx", "input": "input_ids", "output": "text_embeds"},
        "image": {"size": 224, "resize": "shortest_edge", "resizeTo": 224, "interpolation": "bicubic",
                  "crop": "center", "cropSize": 224, "rescale": 1 / 255, "mean": MEAN, "std": STD},
        "tokenizer": {"file": "tokenizer.json", "contextLength": 77, "padTokenId": 0,
                      "bosToken": "<|startoftext|>", "eosToken": "<|endoftext|>"},
        "classes": ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"],
        "promptTemplates": ["a photo of a {}."],
        "scoring": {"default": "mcm", "mcmTemperature": 1.0, "neglabelTemperature": 0.01, "neglabelGroups": 1},
    }
    if args.fp16:
        import onnx
        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
        from fp16 import convert
        m16 = convert(onnx.load(os.path.join(args.out, "vision.onnx")))
        onnx.checker.check_model(m16)
        onnx.save(m16, os.path.join(args.out, "vision_fp16.onnx"))
        manifest["vision"]["fp16File"] = "vision_fp16.onnx"
    with open(os.path.join(args.out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
