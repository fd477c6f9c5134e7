"""How many normal photos are enough: the reference evaluation's average AUROC / FPR95 of `knn` and `fused` against
the size of the normal set (seeded subsets of CIFAR-10 fine-tuning photos; a fifth of each held back as its
calibration split, as the app does), for the shipped CMA and FLYP checkpoints. Prints a markdown table
(docs/normal-sets.md holds its output).

  /usr/bin/python3 -m training.normal_set_curve [--out_dir=training/runs/full] [--key=value ...]
"""
from __future__ import annotations

import math
import os

import numpy as np
import torch

from . import metrics as M
from . import scores as S
from .config import parse_flags
from .embed import embed_images
from .evaluate import OOD_SETS, evaluate_model, load_eval_sets
from .model import load_checkpoint
from .recipe import best_score, validation_scores
from .train import RecipeData

SIZES = [10, 30, 100, 300, 1000, 3000, 6000]
SEEDS = [0, 1, 2]


def main(argv=None) -> None:
    cfg, _ = parse_flags(argv)
    torch.set_num_threads(cfg.threads)
    rd = RecipeData(cfg)
    sets = load_eval_sets(cfg, rd.text)
    avg = [n for n, _, a in OOD_SETS if a]
    print("| model | photos in the set (bank + calibration) | k (per seed) | knn AUROC / FPR95 | fused AUROC / FPR95 |")
    print("|---|---|---|---|---|")
    for name in ("cma", "flyp"):
        model, _ = load_checkpoint(os.path.join(cfg.out_dir, f"{name}.ckpt"))
        ev = evaluate_model(model, rd.text.tokenizer, rd.text, rd.classes, sets, cfg)
        text = best_score(validation_scores(model, ev, rd, cfg))
        pick = np.random.default_rng(cfg.seed + 5).choice(len(rd.ft_x), max(SIZES), replace=False)
        pool = embed_images(model, rd.ft_x[pick], cfg)  # the bundled set's photos (normal_set.make_bank's seed)
        pool_y = rd.ft_y[pick]
        for n in SIZES:
            res, ks = {"knn": [], "fused": []}, []
            for seed in SEEDS:
                r = np.random.default_rng(seed)
                idx = r.choice(len(pool), n, replace=False)
                rows, labels = pool[idx], pool_y[idx]
                held_n = min(n - 1, max(2, math.ceil(0.2 * n)))
                held, bank = rows[:held_n], rows[held_n:]
                k = S.choose_k(bank, labels[held_n:], held, labels[:held_n])["k"]  # as the app: on the split
                ks.append(k)
                args = (ev["class_txt"], ev["neg_txt"], ev["logit_scale"], bank, held, k, text, labels[held_n:],
                        1.0, cfg.neglabel_tau)
                sc = {s: S.exemplar_scores(ev["emb"][s], *args) for s in ["cifar10_test"] + avg}
                for score in res:
                    per = [M.ood_metrics(sc["cifar10_test"][score], sc[s][score]) for s in avg]
                    res[score].append((np.mean([p["auroc"] for p in per]), np.mean([p["fpr95"] for p in per])))
            cell = {s: f"{100 * np.mean([a for a, _ in v]):.1f} / {100 * np.mean([f for _, f in v]):.1f}"
                    for s, v in res.items()}
            print(f"| {name} | {n:,} | {'/'.join(map(str, ks))} | {cell['knn']} | {cell['fused']} |", flush=True)
        text_row = ev["metrics"][text]["avg"]
        line = f"{100 * text_row['auroc']:.1f} / {100 * text_row['fpr95']:.1f}"
        print(f"| {name} | text only (`{text}`) | — | {line} | |", flush=True)


if __name__ == "__main__":
    main()
