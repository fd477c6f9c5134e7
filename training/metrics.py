"""OoD metrics, ID positive, exactly as CONTRIBUTING.md defines them (fractions here; metrics.json holds percent)."""
from __future__ import annotations

from typing import Dict, Tuple

import numpy as np


def roc_curve(id_scores: np.ndarray, ood_scores: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
    """ROC over all distinct thresholds from (0,0) to (1,1); tied scores form one step."""
    s = np.concatenate([np.asarray(id_scores, np.float64), np.asarray(ood_scores, np.float64)])
    y = np.concatenate([np.ones(len(id_scores)), np.zeros(len(ood_scores))])
    order = np.argsort(-s, kind="mergesort")
    s, y = s[order], y[order]
    last = np.r_[np.where(np.diff(s) != 0)[0], len(s) - 1]  # last index of each distinct threshold
    tp = np.cumsum(y)[last]
    fp = np.cumsum(1 - y)[last]
    tpr = np.r_[0.0, tp / max(len(id_scores), 1)]
    fpr = np.r_[0.0, fp / max(len(ood_scores), 1)]
    return fpr, tpr


def auroc(id_scores, ood_scores) -> float:
    fpr, tpr = roc_curve(id_scores, ood_scores)
    return float(np.sum((fpr[1:] - fpr[:-1]) * (tpr[1:] + tpr[:-1]) / 2.0))


def fpr_at_tpr(id_scores, ood_scores, level: float = 0.95) -> float:
    """interp(level, tpr, fpr) along the curve; the first point where tpr reaches `level` if several share it."""
    fpr, tpr = roc_curve(id_scores, ood_scores)
    i = int(np.argmax(tpr >= level))
    if tpr[i] == level or i == 0:
        return float(fpr[i])
    t0, t1 = tpr[i - 1], tpr[i]
    return float(fpr[i - 1] + (level - t0) * (fpr[i] - fpr[i - 1]) / (t1 - t0))


def average_precision(pos_scores, neg_scores) -> float:
    """sum_n (R_n - R_{n-1}) P_n over distinct thresholds (sklearn average_precision_score)."""
    fpr, tpr = roc_curve(pos_scores, neg_scores)
    P, N = len(pos_scores), len(neg_scores)
    tp, fp = tpr[1:] * P, fpr[1:] * N
    prec = tp / np.maximum(tp + fp, 1e-300)
    return float(np.sum((tpr[1:] - tpr[:-1]) * prec))


def ood_metrics(id_scores, ood_scores) -> Dict[str, float]:
    id_scores, ood_scores = np.asarray(id_scores, np.float64), np.asarray(ood_scores, np.float64)
    return {"fpr95": fpr_at_tpr(id_scores, ood_scores), "auroc": auroc(id_scores, ood_scores),
            "aupr_in": average_precision(id_scores, ood_scores), "aupr_out": average_precision(-ood_scores, -id_scores)}


def modality_gap(img: np.ndarray, txt: np.ndarray) -> float:
    """|| mean(normalised image embeds) - mean(normalised paired text embeds) ||."""
    return float(np.linalg.norm(np.mean(img, 0) - np.mean(txt, 0)))


def alignment(img: np.ndarray, txt: np.ndarray, alpha: float = 2.0) -> float:
    """Wang-Isola alignment: E ||x - y||^alpha over positive (image, its class prompt) pairs."""
    return float(np.mean(np.linalg.norm(img - txt, axis=1) ** alpha))


def uniformity(x: np.ndarray, t: float = 2.0, max_n: int = 2000, seed: int = 0) -> float:
    """log E exp(-t ||x - y||^2) over distinct pairs (subsampled to max_n points)."""
    x = np.asarray(x, np.float64)
    if len(x) > max_n:
        x = x[np.random.default_rng(seed).choice(len(x), max_n, replace=False)]
    sq = np.maximum(2.0 - 2.0 * x @ x.T, 0.0)  # unit vectors: ||x-y||^2 = 2 - 2 x.y
    iu = np.triu_indices(len(x), 1)
    v = -t * sq[iu]
    m = v.max()
    return float(m + np.log(np.mean(np.exp(v - m))))
