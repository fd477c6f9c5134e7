"""Does more fine-tuning pay? A second, short cosine cycle from a shipped fine-tuned checkpoint (a warm restart at a
lower learning rate, EMA on, the recipe's data and co-training), then the recipe's validation report, to compare with
the checkpoint's own (metrics.json `recipe.validation`). Validation data only; reported in the model card's history.

Usage: nice /usr/bin/python3 -m training.measure_continuation [--stage=cma] [--ft_steps=600] [--ft_lr=3e-4]
       [--ft_warmup=30] [--lam=0.03]   (10 min at 600 steps on 2 cores)
"""
from __future__ import annotations

import json
import os

import torch

from .config import parse_flags
from .train import RecipeData, run_finetune

DEFAULTS = {"ft_steps": 600, "ft_lr": 3e-4, "ft_warmup": 30, "lam": 0.03}


def main(argv=None) -> None:
    cfg, own = parse_flags(argv, {"stage": "cma"}, DEFAULTS)
    torch.set_num_threads(cfg.threads)
    rd = RecipeData(cfg)
    lam = 0.0 if own["stage"] == "flyp" else cfg.lam
    init = os.path.join(cfg.out_dir, f"{own['stage']}.ckpt")
    before = torch.load(init, map_location="cpu")["info"]
    _, info = run_finetune(cfg, rd, init, None, lam, 0, f"{own['stage']}+{cfg.ft_steps}", steps=cfg.ft_steps)
    keys = ("val_acc", "val_imagenet_acc", "val_ood_auroc", "val_ood_fpr95")
    print(json.dumps({"before": {k: before.get(k) for k in keys}, "after": {k: info[k] for k in keys},
                      "steps": cfg.ft_steps, "lr": cfg.ft_lr, "lam": lam}, indent=1))


if __name__ == "__main__":
    main()
