"""The bundled normal set (issue 14): embeddings of CIFAR-10 training photos that every shipped bundle carries, so
the exemplar scores (knn, prototype, fused) work out of the box; and those scores on the evaluation sets.

The file is the app's normal-set format (web/ood/exemplars.ts): embeddings, keys, sizes and hashes, never the
photos. The bank's photos come from the fine-tuning split (never CIFAR-10 val or test); a seeded part is held back
as its calibration split, the rows the app takes the exemplar scores' percentiles and thresholds from.
"""
from __future__ import annotations

import base64
import hashlib
import json
import time
from typing import Dict, List

import numpy as np

from . import metrics as M
from . import scores as S
from .embed import embed_images

FORMAT = "alignscope-normal-set"
EXEMPLAR_SCORES = ["knn", "prototype", "fused"]


def make_bank(model, x: np.ndarray, y: np.ndarray, paths: List[str], classes: List[str], cfg) -> Dict:
    """A seeded `cfg.bank_size` photos of (x, y) plus `cfg.bank_calibration` held back, embedded by `model`."""
    n = min(len(x), cfg.bank_size + cfg.bank_calibration)
    rng = np.random.default_rng(cfg.seed + 5)
    pick = np.sort(rng.choice(len(x), n, replace=False))
    held = np.sort(rng.choice(n, min(cfg.bank_calibration, n - 1), replace=False))
    emb = embed_images(model, x[pick], cfg)  # [n, D] normalised float32
    in_bank = np.ones(n, bool)
    in_bank[held] = False
    return {"emb": emb, "labels": y[pick].astype(np.int64), "held": held, "in_bank": in_bank, "classes": classes,
            "keys": [paths[i] for i in pick], "sizes": [int(x[i].nbytes) for i in pick],
            "sha256": [hashlib.sha256(x[i].tobytes()).hexdigest() for i in pick]}


def write_normal_set(path: str, bank: Dict, model_id: str, name: str) -> None:
    emb = np.ascontiguousarray(bank["emb"], "<f4")
    doc = {"format": FORMAT, "formatVersion": 1, "name": name, "modelId": model_id, "dim": int(emb.shape[1]),
           "createdAt": int(time.time() * 1000),
           "files": [{"key": k, "size": s, "sha256": h}
                     for k, s, h in zip(bank["keys"], bank["sizes"], bank["sha256"])],
           "calibration": [int(i) for i in bank["held"]], "duplicates": [],
           "classes": list(bank["classes"]), "labels": [int(v) for v in bank["labels"]],
           "knn": {"k": int(bank["knn"]["k"]), "rule": bank["knn"]["rule"]},
           "embeddings": f"{emb.shape[1]}:{base64.b64encode(emb.tobytes()).decode('ascii')}"}
    with open(path, "w") as f:
        json.dump(doc, f)


def add_exemplar_scores(ev: Dict, bank: Dict, text: str, cfg) -> None:
    """Adds knn, prototype and fused (text part: `text`) to ev's per-set scores, validation scores and metrics,
    against the bank's rows with fused's percentiles among its held-back rows (as the app computes them)."""
    from .evaluate import OOD_SETS
    b, held = bank["emb"][bank["in_bank"]], bank["emb"][bank["held"]]
    labels = bank["labels"][bank["in_bank"]]
    bank["knn"] = S.choose_k(b, labels, held, bank["labels"][bank["held"]])  # on the calibration split
    k = bank["knn"]["k"]
    args = (ev["class_txt"], ev["neg_txt"], ev["logit_scale"], b, held, k, text, labels, 1.0, cfg.neglabel_tau)
    for name, e in ev["emb"].items():
        ev["scores"][name].update(S.exemplar_scores(e, *args))
    if "val_emb" in ev:
        ev["val_scores"].update(S.exemplar_scores(ev["val_emb"], *args))
    idn = "cifar10_test"
    for score in EXEMPLAR_SCORES:
        per = {n: M.ood_metrics(ev["scores"][idn][score], ev["scores"][n][score]) for n, _, _ in OOD_SETS
               if n in ev["scores"]}
        avg_sets = [n for n, _, a in OOD_SETS if a and n in per]
        ev["metrics"][score] = {"ood": per, "avg": {m: float(np.mean([per[n][m] for n in avg_sets]))
                                                    for m in ("fpr95", "auroc", "aupr_in", "aupr_out")}}
    # reported only: KNN at Sun et al.'s 0.1 % of the bank, beside the chosen k
    alt = S.default_k(len(b))
    alt_scores = {n: S.knn(e, b, alt) for n, e in ev["emb"].items()}
    alt_per = {n: M.ood_metrics(alt_scores[idn], alt_scores[n]) for n, _, a in OOD_SETS if a and n in alt_scores}
    ev["exemplar_k_alternative"] = {"k": alt, "avg": {m: float(np.mean([v[m] for v in alt_per.values()]))
                                                      for m in ("fpr95", "auroc")}}
    ev["exemplar"] = {"k": k, "k_rule": bank["knn"]["rule"], "k_tried": bank["knn"].get("tried"), "text": text,
                      "bank_rows": int(len(b)), "calibration_rows": int(len(held)), "args": args}
