"""How `fused` combines the text score and KNN, measured: the mean of their calibration percentiles (scores.fused,
the app's rule) against Fisher's combination (sum of log percentiles) and the minimum, with max-logit or energy as
the text part. Validation first (CIFAR-10 val + ImageNet-domain val against TinyImageNet train images of the unseen
half: what a choice may read), then the reference evaluation's average over its OoD sets, reported only.
Reported in docs/normal-sets.md; no choice of the recipe reads it.

Usage: nice /usr/bin/python3 -m training.measure_fusion [--out_dir=training/runs/full]
"""
from __future__ import annotations

import os

import numpy as np
import torch

from . import metrics as M
from . import scores as S
from .config import parse_flags
from .embed import embed_images
from .evaluate import OOD_SETS, evaluate_model, load_eval_sets
from .model import load_checkpoint
from .normal_set import make_bank
from .train import RecipeData


def _percentiles(t, k, cal_t, cal_k):
    return S.smooth_percentile(cal_t, t), S.smooth_percentile(cal_k, k)


# each rule on (text score, KNN) of some photos, with the calibration split's own (cal_t, cal_k)
RULES = {"text alone": lambda t, k, cal_t, cal_k: t,
         "mean": S.fused,  # the shipped rule (web/ood/scores/fused.ts)
         "fisher": lambda *a: np.sum(np.log(_percentiles(*a)), axis=0),
         "min": lambda *a: np.minimum(*_percentiles(*a))}


def main(argv=None) -> None:
    cfg, _ = parse_flags(argv)
    torch.set_num_threads(cfg.threads)
    rd = RecipeData(cfg)
    sets = load_eval_sets(cfg, rd.text)
    for stage in ("cma", "flyp"):
        model, _ = load_checkpoint(os.path.join(cfg.out_dir, f"{stage}.ckpt"))
        ev = evaluate_model(model, rd.text.tokenizer, rd.text, rd.classes, sets, cfg)
        bank = make_bank(model, rd.ft_x, rd.ft_y, rd.ft_paths, rd.classes, cfg)  # the bundled normal set
        b, held = bank["emb"][bank["in_bank"]], bank["emb"][bank["held"]]
        k = S.choose_k(b, bank["labels"][bank["in_bank"]], held, bank["labels"][bank["held"]])["k"]
        args = (ev["class_txt"], ev["neg_txt"], ev["logit_scale"], 1.0, cfg.neglabel_tau)
        val_id = np.concatenate([embed_images(model, rd.val_x, cfg), embed_images(model, rd.val_in_x, cfg)])
        val_ood = embed_images(model, rd.val_ood_x, cfg)
        embs = {"val_id": val_id, "val_ood": val_ood, "held": held, **ev["emb"]}
        knn = {n: S.knn(e, b, k) for n, e in embs.items()}  # once per set: the rules only recombine the parts
        text_scores = {n: S.all_scores(e, *args) for n, e in embs.items()}
        for text in ("maxlogit", "energy"):
            def score(n, rule):
                return RULES[rule](text_scores[n][text], knn[n], text_scores["held"][text], knn["held"])

            for rule in RULES:
                v = M.ood_metrics(score("val_id", rule), score("val_ood", rule))
                idt = score("cifar10_test", rule)
                per = [M.ood_metrics(idt, score(n, rule)) for n, _, counted in OOD_SETS if counted]
                print(f"{stage} {text} {rule}: validation AUROC / FPR95 {v['auroc'] * 100:.2f} / "
                      f"{v['fpr95'] * 100:.2f}; test average {np.mean([p['auroc'] for p in per]) * 100:.2f} / "
                      f"{np.mean([p['fpr95'] for p in per]) * 100:.2f} (k = {k})", flush=True)


if __name__ == "__main__":
    main()
