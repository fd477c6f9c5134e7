"""Accuracy per minute of the conv tower's width on these cores: FLYP fine-tuning from random weights (no
pretraining: a width has no pretrained checkpoint yet) with the recipe's data, co-training, augmentation and EMA, then
the recipe's validation report and the stage's wall time. Validation data only; reported in the model card's history.

Usage: nice /usr/bin/python3 -m training.measure_width [--widths=32,48] [--ft_steps=1000]   (~20 min a width)
"""
from __future__ import annotations

import json

import torch

from .config import parse_flags
from .train import RecipeData, new_model, train_stage, validation_report


def main(argv=None) -> None:
    cfg, own = parse_flags(argv, {"widths": "32,48"}, {"ft_steps": 1000})
    torch.set_num_threads(cfg.threads)
    rd = RecipeData(cfg)
    tok = rd.text.tokenizer
    for w in (int(v) for v in own["widths"].split(",")):
        cfg.vision_width = w
        model = new_model(cfg, tok.vocab_size)
        model.config.tta_flip = cfg.tta_flip
        info = train_stage(model, rd.ft_x, rd.ft_captions, tok, 0, cfg.ft_lr, cfg.ft_batch, cfg.ft_warmup, 0.0, cfg,
                           f"width {w}", print, cfg.ft_steps, aux=rd.aux_part(), aug=cfg.ft_aug,
                           ema_decay=cfg.ema_decay)
        params = sum(p.numel() for p in model.visual.parameters())
        print(json.dumps({"width": w, "vision_params": params, "steps": cfg.ft_steps,
                          "seconds": round(info["seconds"]), **validation_report(model, rd, cfg)}), flush=True)


if __name__ == "__main__":
    main()
