"""Prompt ensembles at evaluation, measured on validation data only: each checkpoint's class prompts made from one
template (the recipe's EVAL_TEMPLATES, also the fine-tuning captions) or averaged over the ten pretraining templates.
Reported in the model card's history; no choice of the recipe reads it.

Usage: nice /usr/bin/python3 -m training.measure_prompts [--out_dir=training/runs/full]
"""
from __future__ import annotations

import os

import numpy as np
import torch

from . import data as D
from . import metrics as M
from . import scores as S
from .config import parse_flags
from .embed import embed_images, embed_prompts
from .model import load_checkpoint
from .text_data import TextWorld
from .train import RecipeData

ENSEMBLES = {"one template": D.EVAL_TEMPLATES, "ten pretraining templates": D.PRETRAIN_TEMPLATES}


def main(argv=None) -> None:
    cfg, _ = parse_flags(argv)
    torch.set_num_threads(cfg.threads)
    rd = RecipeData(cfg)
    for stage in ("flyp", "cma"):
        model, _ = load_checkpoint(os.path.join(cfg.out_dir, f"{stage}.ckpt"))
        s = float(model.logit_scale.exp())
        val, dom, ood = (embed_images(model, x, cfg) for x in (rd.val_x, rd.val_in_x, rd.val_ood_x))
        for name, templates in ENSEMBLES.items():
            txt = embed_prompts(model, rd.text.tokenizer, TextWorld.class_prompts(rd.classes, templates))
            acc = np.mean((val @ txt.T).argmax(1) == rd.val_y) * 100
            dom_acc = np.mean((dom @ txt.T).argmax(1) == rd.val_in_y) * 100
            cells = []
            for score, f in (("mcm", S.mcm), ("maxlogit", lambda c: S.maxlogit(c, s))):
                m = M.ood_metrics(f(S.cosines(val, txt)), f(S.cosines(ood, txt)))
                cells.append(f"{score} AUROC / FPR95 {m['auroc'] * 100:.2f} / {m['fpr95'] * 100:.2f}")
            print(f"{stage} {name}: CIFAR-10 val acc {acc:.2f}, ImageNet-domain {dom_acc:.2f}; "
                  f"vs unseen-half train {', '.join(cells)}")


if __name__ == "__main__":
    main()
