"""A randomly initialised OpenAI ViT-B/32 (exact OpenAI state_dict names and shapes) exported as a bundle, for the
benchmark: /usr/bin/python3 -m training.make_vitb32_random --out=models/vitb32-random

Image size 224, CLIP mean/std, context 77, vocabulary 49408 (our tiny bundle's tokenizer: its ids stay < 49408).
"""
from __future__ import annotations

import os
import tempfile

import torch

from .config import parse_flags
from .model import CLIP, CLIPConfig

VITB32 = dict(embed_dim=512, image_size=224, vision="vit", vision_layers=[12], vision_width=768, vision_heads=12,
              vision_patch=32, context_length=77, vocab_size=49408, text_width=512, text_heads=8, text_layers=12)


def random_openai_state_dict(seed: int = 0, **overrides) -> dict:
    """OpenAI layout, including the three metadata entries of OpenAI's JIT archives."""
    torch.manual_seed(seed)
    arch = {**VITB32, **overrides}
    sd = CLIP(CLIPConfig(**arch, init_logit_scale=4.6052)).state_dict()
    sd["input_resolution"] = torch.tensor(arch["image_size"])
    sd["context_length"] = torch.tensor(arch["context_length"])
    sd["vocab_size"] = torch.tensor(arch["vocab_size"])
    return sd


def main(argv=None) -> None:
    out = parse_flags(argv, {"out": "models/vitb32-random"})[1]["out"]
    here = os.path.dirname(os.path.abspath(__file__))
    tok = os.path.join(here, "..", "models", "cifar10-cma-tiny", "tokenizer.json")
    if not os.path.exists(tok):
        raise SystemExit(f"tokenizer not found: {tok} (the tiny bundle ships it)")
    from .export import export_from_openai
    with tempfile.TemporaryDirectory() as t:
        p = os.path.join(t, "vitb32-random.pt")
        torch.save(random_openai_state_dict(), p)
        man = export_from_openai(p, out, tok, bundle_id="vitb32-random")
    print(f"wrote {out}: embedDim {man['embedDim']}, image {man['image']['size']}, context "
          f"{man['tokenizer']['contextLength']}")


if __name__ == "__main__":
    main()
