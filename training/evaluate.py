"""Evaluation: ID accuracy, OoD metrics per set and score, modality gap, alignment, uniformity.

Every set is encoded from uint8 pixels that went through data.to_model_pixels (the manifest path); embeddings are
L2-normalised float32 and every score is computed in float64 from those float32 values (scores.py).
"""
from __future__ import annotations

import json
import os
from typing import Dict, List, Optional

import numpy as np
import torch

from . import data as D
from . import metrics as M
from . import scores as S
from .config import Config, from_args
from .model import load_checkpoint
from .natural_captions import natural_captions
from .text_data import NEG_TEMPLATE, TextWorld
from .embed import embed_images, embed_prompts

# (name, near, counted in the average)
OOD_SETS = [("tin_unseen", True, True), ("tin_seen_nonoverlap", True, False), ("mnist", False, True),
            ("fashion_mnist", False, True), ("dtd10", False, True)]


def load_eval_sets(cfg: Config, text: TextWorld) -> Dict[str, Dict]:
    """name -> {"x": uint8 [N,32,32,3], "y": labels or None}. `cifar10_test` is the ID set."""

    def g(key: str) -> D.ImageSet:
        return D.dataset(cfg.data_dir, cfg.cache_dir, key, cfg.fmnist_dir)

    c = g("cifar10_test")
    tv = g("tin_val")
    wn = np.asarray(tv.classes)[tv.y]
    unseen = np.isin(wn, text.unseen)
    seen_non = np.isin(wn, text.seen) & ~np.isin(wn, text.overlap)
    sets = {"cifar10_test": {"x": c.x, "y": c.y},
            "tin_unseen": {"x": tv.x[unseen], "y": None},
            "tin_seen_nonoverlap": {"x": tv.x[seen_non], "y": None},
            "mnist": {"x": g("mnist").x, "y": None},
            "fashion_mnist": {"x": g("fmnist").x, "y": None},
            "dtd10": {"x": g("dtd").x, "y": None}}
    if cfg.max_eval:
        r = np.random.default_rng(cfg.seed)
        for v in sets.values():
            i = np.sort(r.choice(len(v["x"]), min(cfg.max_eval, len(v["x"])), replace=False))
            v["x"] = v["x"][i]
            v["y"] = None if v["y"] is None else v["y"][i]
    return sets


def evaluate_model(model, tok, text: TextWorld, classes: List[str], sets: Dict[str, Dict], cfg: Config,
                   val_x: Optional[np.ndarray] = None, val_y: Optional[np.ndarray] = None) -> Dict:
    """Embeds every set, mines negatives with this model's text encoder, computes all scores and metrics."""
    s = float(model.logit_scale.exp())
    prompts = TextWorld.class_prompts(classes)
    class_txt = embed_prompts(model, tok, prompts)  # [K, D]
    cand_txt = embed_prompts(model, tok, [[NEG_TEMPLATE.format(c)] for c in text.neg_candidates])  # [C, D]
    keep = S.neg_mining(cand_txt, class_txt, cfg.neg_keep, cfg.neg_quantile)
    neg_labels = [text.neg_candidates[i] for i in keep]
    neg_txt = cand_txt[keep]  # [M, D]
    emb, sc = {}, {}
    for name, v in sets.items():
        emb[name] = embed_images(model, v["x"], cfg)  # [N, D] normalised float32
        sc[name] = S.all_scores(emb[name], class_txt, neg_txt, s, 1.0, cfg.neglabel_tau)
    idn = "cifar10_test"
    pred = (emb[idn].astype(np.float64) @ class_txt.astype(np.float64).T).argmax(1)
    acc = float(np.mean(pred == sets[idn]["y"]) * 100.0)
    paired_txt = class_txt[sets[idn]["y"]]  # [N, D] the caption of each ID image
    out = {"logit_scale": s, "class_txt": class_txt, "neg_txt": neg_txt, "neg_labels": neg_labels,
           "emb": emb, "scores": sc, "pred": pred, "id_acc": acc,
           "modality_gap": M.modality_gap(emb[idn], paired_txt),
           "alignment": M.alignment(emb[idn], paired_txt),
           "uniformity_image": M.uniformity(emb[idn]), "uniformity_text": M.uniformity(class_txt),
           "metrics": {}}
    for score in S.SCORE_NAMES:
        per = {n: M.ood_metrics(sc[idn][score], sc[n][score]) for n, _, _ in OOD_SETS if n in sc}
        avg_sets = [n for n, _, a in OOD_SETS if a and n in per]
        out["metrics"][score] = {"ood": per, "avg": {k: float(np.mean([per[n][k] for n in avg_sets]))
                                                     for k in ("fpr95", "auroc", "aupr_in", "aupr_out")}}
    if val_x is not None:
        ve = embed_images(model, val_x, cfg)
        out["val_emb"] = ve
        out["val_scores"] = S.all_scores(ve, class_txt, neg_txt, s, 1.0, cfg.neglabel_tau)
        out["val_caption_agreement"] = np.sum(ve.astype(np.float64) * class_txt[val_y].astype(np.float64), 1)
        out["caption_natural"] = natural_caption_pairs(model, tok, classes, ve, val_y)
        out["val_acc"] = float(np.mean((ve @ class_txt.T).argmax(1) == val_y) * 100)
    return out


def natural_caption_pairs(model, tok, classes: List[str], ve: np.ndarray, val_y: np.ndarray) -> Optional[Dict]:
    """Each validation photo with one hand-written everyday caption of its own class (natural_captions.py, the i-th
    photo of a class takes its class's captions in turn): the cosine of photo and caption. The app encodes the same
    captions itself and applies its own caption rules to these pairs (web/ood/captionCheck.ts naturalCaptionRates)."""
    pairs = natural_captions(classes)
    if not pairs:
        return None
    txt = embed_prompts(model, tok, [[c] for _, c in pairs])  # [P, D]
    by_class: Dict[int, List[int]] = {}
    for j, (k, _) in enumerate(pairs):
        by_class.setdefault(k, []).append(j)
    seen: Dict[int, int] = {}
    idx = []
    for y in val_y.tolist():
        options = by_class.get(int(y))
        if not options:
            idx.append(-1)
            continue
        idx.append(options[seen.get(int(y), 0) % len(options)])
        seen[int(y)] = seen.get(int(y), 0) + 1
    keep = [i for i, j in enumerate(idx) if j >= 0]
    agree = np.sum(ve[keep].astype(np.float64) * txt[[idx[i] for i in keep]].astype(np.float64), 1)
    return {"captions": [c for _, c in pairs], "class": [k for k, _ in pairs],
            "caption": [idx[i] for i in keep], "agreement": agree.tolist()}


def evaluate_photos(model, ev: Dict, classes: List[str], cfg: Config) -> Optional[Dict]:
    """The 120 real photos of shared/data/photos (60 CIFAR-like, 60 unrelated) through the recipe's own decode:
    every score's AUROC / FPR95 and the ID accuracy, in percent. Reported only: no choice of the recipe reads it
    (the app's twin is tests/integration/photos_quality.test.ts). None when the folder is missing."""
    root = os.path.join(cfg.data_dir, "photos")
    labels = os.path.join(root, "labels.tsv")
    if not os.path.exists(labels):
        return None
    with open(labels, encoding="utf-8") as f:
        rows = [ln.rstrip("\n").split("\t") for ln in f.readlines()[1:] if ln.strip()]
    x = np.stack([D.decode_bytes(open(os.path.join(root, r[0]), "rb").read(), r[0], cfg.image_size) for r in rows])
    is_id = np.array([r[1] == "id" for r in rows])
    emb = embed_images(model, x, cfg)
    sc = S.all_scores(emb, ev["class_txt"], ev["neg_txt"], ev["logit_scale"], 1.0, cfg.neglabel_tau)
    if "exemplar" in ev:  # the bundled normal set's scores (normal_set.py), when the recipe added them
        sc.update(S.exemplar_scores(emb, *ev["exemplar"]["args"]))
    pred = (emb.astype(np.float64) @ ev["class_txt"].astype(np.float64).T).argmax(1)
    truth = [classes.index(r[2]) if r[1] == "id" else -1 for r in rows]
    out = {"id_acc": float(np.mean([p == t for p, t, i in zip(pred, truth, is_id) if i]) * 100), "count": len(rows)}
    for k, v in sc.items():
        m = M.ood_metrics(v[is_id], v[~is_id])
        out[k] = {"auroc": m["auroc"] * 100, "fpr95": m["fpr95"] * 100}
    return out


def pct(d: Dict[str, float]) -> Dict[str, float]:
    return {k: v * 100.0 for k, v in d.items()}


def metrics_json(results: Dict[str, Dict]) -> Dict:
    """results: model name -> evaluate_model output. Layout fixed by issue #2 (percentages)."""
    rows = []
    for model, r in results.items():
        for score in r["metrics"]:  # the text scores, then the bundled normal set's where the recipe added them
            m = r["metrics"][score]
            rows.append({"model": model, "score": score, "id_acc": r["id_acc"],
                         "ood": {n: pct(v) for n, v in m["ood"].items()},
                         "avg": {"fpr95": m["avg"]["fpr95"] * 100, "auroc": m["avg"]["auroc"] * 100}})
    return {"id_dataset": "cifar10", "ood_sets": [n for n, _, _ in OOD_SETS],
            "avg_over": [n for n, _, a in OOD_SETS if a], "near_ood": [n for n, near, _ in OOD_SETS if near],
            "results": rows,
            "modality_gap": {m: r["modality_gap"] for m, r in results.items()},
            "geometry": {m: {"alignment": r["alignment"], "uniformity_image": r["uniformity_image"],
                             "uniformity_text": r["uniformity_text"], "logit_scale": r["logit_scale"],
                             "n_negative_labels": len(r["neg_labels"])} for m, r in results.items()}}


def format_table(mj: Dict) -> str:
    lines = ["| model | score | ID acc | " + " | ".join(f"{n} FPR95/AUROC" for n in mj["ood_sets"]) +
             " | avg FPR95 | avg AUROC |", "|---" * (5 + len(mj["ood_sets"])) + "|"]
    for r in mj["results"]:
        cells = " | ".join(f"{r['ood'][n]['fpr95']:.2f} / {r['ood'][n]['auroc']:.2f}" for n in mj["ood_sets"])
        lines.append(f"| {r['model']} | {r['score']} | {r['id_acc']:.2f} | {cells} | {r['avg']['fpr95']:.2f} | "
                     f"{r['avg']['auroc']:.2f} |")
    lines.append("")
    lines.append("| model | modality gap | alignment | uniformity (images) |")
    lines.append("|---|---|---|---|")
    for m, g in mj["geometry"].items():
        lines.append(f"| {m} | {mj['modality_gap'][m]:.4f} | {g['alignment']:.4f} | {g['uniformity_image']:.4f} |")
    return "\n".join(lines)


def main(argv=None) -> None:
    """/usr/bin/python3 -m training.evaluate [--out_dir=...]: evaluates the checkpoints of a run."""
    cfg = from_args(argv)
    torch.set_num_threads(cfg.threads)
    from .train import RecipeData
    rd = RecipeData(cfg)
    sets = load_eval_sets(cfg, rd.text)
    res = {}
    for name, ck in (("zeroshot", "pretrained"), ("flyp", "flyp"), ("cma", "cma")):
        model, _ = load_checkpoint(os.path.join(cfg.out_dir, f"{ck}.ckpt"))
        res[name] = evaluate_model(model, rd.text.tokenizer, rd.text, rd.classes, sets, cfg)
    mj = metrics_json(res)
    with open(os.path.join(cfg.out_dir, "metrics.json"), "w") as f:
        json.dump(mj, f, indent=1)
    print(format_table(mj))


if __name__ == "__main__":
    main()
