"""What the reduced JPEG decode (data.py jpeg_draft, manifest image.decode "jpeg-draft") changes for a trained model:
the same checkpoint scored with JPEGs decoded in full and decoded reduced, on the only reference set with large
JPEGs (DTD-10; CIFAR-10, TinyImageNet and the digits are 32 px or smaller, decoded at scale 1 either way) and on the
120 shared photos. Reported in docs/preprocessing.md; no choice of the recipe reads it.

Usage: nice /usr/bin/python3 -m training.measure_draft [--out_dir=training/runs/full] [--stage=cma]
"""
from __future__ import annotations

import functools
import os

import numpy as np
import torch

from . import data as D
from .config import parse_flags
from .evaluate import evaluate_model, evaluate_photos
from .model import load_checkpoint
from .train import RecipeData


def main(argv=None) -> None:
    cfg, opts = parse_flags(argv, {"stage": "cma"})
    torch.set_num_threads(cfg.threads)
    rd = RecipeData(cfg)
    model, _ = load_checkpoint(os.path.join(cfg.out_dir, f"{opts['stage']}.ckpt"))
    cifar = D.dataset(cfg.data_dir, cfg.cache_dir, "cifar10_test", cfg.fmnist_dir)
    decode = D.decode_bytes
    runs = {}
    for draft in (False, True):
        D.decode_bytes = functools.partial(decode, draft=draft)  # read_image_folder and evaluate_photos use it
        try:
            dtd = D.read_image_folder(os.path.join(cfg.data_dir, "dtd10.tar.gz"), "dtd10", cfg.image_size)
            sets = {"cifar10_test": {"x": cifar.x, "y": cifar.y}, "dtd10": {"x": dtd.x, "y": None}}
            ev = evaluate_model(model, rd.text.tokenizer, rd.text, rd.classes, sets, cfg)
            runs[draft] = {"ev": ev, "x": dtd.x, "photos": evaluate_photos(model, ev, rd.classes, cfg)}
        finally:
            D.decode_bytes = decode
    full, red = runs[False], runs[True]
    px = np.abs(full["x"].astype(np.int16) - red["x"].astype(np.int16))
    cos = np.sum(full["ev"]["emb"]["dtd10"].astype(np.float64) * red["ev"]["emb"]["dtd10"], 1)
    print(f"DTD-10 ({len(cos)} photos): model pixels mean |diff| {px.mean():.2f}, max {px.max()} (0-255); "
          f"embedding cosine full vs reduced mean {cos.mean():.5f}, min {cos.min():.5f}")
    for score in ("maxlogit", "mcm", "energy", "neglabel"):
        f, r = (run["ev"]["metrics"][score]["ood"]["dtd10"] for run in (full, red))
        print(f"  {score:9s} DTD AUROC / FPR95 full {f['auroc'] * 100:.2f} / {f['fpr95'] * 100:.2f}, "
              f"reduced {r['auroc'] * 100:.2f} / {r['fpr95'] * 100:.2f}")
    if full["photos"]:
        for score in ("maxlogit", "mcm"):
            f, r = full["photos"][score], red["photos"][score]
            print(f"120 photos {score:9s} AUROC / FPR95 full {f['auroc']:.2f} / {f['fpr95']:.2f}, "
                  f"reduced {r['auroc']:.2f} / {r['fpr95']:.2f}")
        print(f"120 photos ID accuracy full {full['photos']['id_acc']:.2f}, reduced {red['photos']['id_acc']:.2f}")


if __name__ == "__main__":
    main()
