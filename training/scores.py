"""OoD scores (higher = more in-distribution), float64 numpy, same formulas as web/ood/scores/.

All take L2-normalised embeddings: img [N, D], class_txt [K, D], neg_txt [M, D]; s = logit scale (exponentiated).
"""
from __future__ import annotations

from typing import Dict, List, Optional

import numpy as np

SCORE_NAMES = ["mcm", "energy", "maxlogit", "neglabel"]


def _lse(x: np.ndarray, axis: int = -1) -> np.ndarray:
    m = np.max(x, axis=axis, keepdims=True)
    return (m + np.log(np.sum(np.exp(x - m), axis=axis, keepdims=True))).squeeze(axis)


def cosines(img: np.ndarray, txt: np.ndarray) -> np.ndarray:
    """True cosines in float64: both sides re-normalised after the float32 -> float64 cast (as web/ood/linalg.ts), so
    the ~1e-7 norm error of stored float32 unit vectors cannot reach NegLabel's 1/tau = 100 sharpening."""
    a = np.asarray(img, np.float64)
    b = np.asarray(txt, np.float64)
    a = a / np.maximum(np.linalg.norm(a, axis=1, keepdims=True), 1e-300)
    b = b / np.maximum(np.linalg.norm(b, axis=1, keepdims=True), 1e-300)
    return a @ b.T  # [N, K]


def mcm(cos: np.ndarray, T: float = 1.0) -> np.ndarray:
    z = cos / T
    return np.exp(np.max(z, axis=1) - _lse(z, 1))  # max softmax


def energy(cos: np.ndarray, s: float, T: float = 1.0) -> np.ndarray:
    return T * _lse(cos * s / T, 1)


def maxlogit(cos: np.ndarray, s: float) -> np.ndarray:
    return np.max(cos * s, axis=1)


def neglabel(cos: np.ndarray, neg_cos: np.ndarray, tau: float = 0.01) -> np.ndarray:
    """sum_y e^{c_y/tau} / (sum_y e^{c_y/tau} + sum_j e^{c~_j/tau}), computed in log space (one group)."""
    pos = _lse(cos / tau, 1)  # [N]
    allc = _lse(np.concatenate([cos, neg_cos], axis=1) / tau, 1)  # [N]
    return np.exp(pos - allc)


def knn(img: np.ndarray, bank: np.ndarray, k: int = 1) -> np.ndarray:
    """KNN (Sun et al. 2022): cosine of each image to its k-th nearest row of `bank` (a normal set), k clamped to
    [1, len(bank)]; as web/ood/scores/knn.ts. Not in SCORE_NAMES: it needs a normal set, not only prompts."""
    c = cosines(img, bank)  # [N, B]
    kk = min(len(bank), max(1, int(k)))
    return -np.partition(-c, kk - 1, axis=1)[:, kk - 1]


K_GRID = [1, 2, 3, 5, 10, 20, 50, 100]


def default_k(bank_rows: int) -> int:
    """k = 0.1 % of the bank, at least 1 (Sun et al.'s alpha); as web/ood/exemplars.ts defaultK."""
    return max(1, int(round(bank_rows / 1000)))


def choose_k(bank: np.ndarray, bank_labels: Optional[np.ndarray], held: np.ndarray,
             held_labels: Optional[np.ndarray]) -> Dict:
    """KNN's k chosen on a normal set's calibration split: each class in turn plays the unknown (its held-back photos
    against the bank without it, the other classes' held-back photos as the normal ones); the best mean AUROC over
    K_GRID up to the bank's smallest class wins, ties to the smaller k. Unlabelled (or fewer than two classes held
    back): default_k. As web/ood/exemplars.ts chooseK."""
    from .metrics import auroc
    fallback = {"k": default_k(len(bank)), "rule": "share of the bank"}
    if bank_labels is None or held_labels is None:
        return fallback
    bank_labels, held_labels = np.asarray(bank_labels), np.asarray(held_labels)
    classes = sorted({int(v) for v in held_labels if v >= 0})
    if len(classes) < 2:
        return fallback
    counts = [int(np.sum(bank_labels == g)) for g in sorted({int(v) for v in bank_labels if v >= 0})]
    grid = [k for k in K_GRID if k <= max(1, min(counts))]
    c = cosines(held, bank)  # [H, B]
    sums = np.zeros(len(grid))
    for cls in classes:
        kept = np.sort(c[:, bank_labels != cls], axis=1)[:, ::-1]  # descending
        normal, unknown = held_labels != cls, held_labels == cls
        for g, k in enumerate(grid):
            sums[g] += auroc(kept[normal, k - 1], kept[unknown, k - 1])
    tried = [{"k": k, "auroc": float(sums[g] / len(classes))} for g, k in enumerate(grid)]
    best = tried[0]
    for t in tried[1:]:
        if t["auroc"] > best["auroc"] + 1e-9:
            best = t
    return {"k": best["k"], "rule": "held-out classes", "tried": tried}


def prototype(img: np.ndarray, bank: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Cosine to the nearest class centroid of a labelled bank (the mean of its L2-normalised rows per class,
    renormalised; rows labelled -1 count for none); as web/ood/scores/prototype.ts."""
    b = np.asarray(bank, np.float64)
    b = b / np.maximum(np.linalg.norm(b, axis=1, keepdims=True), 1e-300)
    labels = np.asarray(labels)
    cents = np.stack([b[labels == c].sum(0) for c in range(int(labels.max()) + 1) if np.any(labels == c)])
    return np.max(cosines(img, cents), axis=1)


def smooth_percentile(cal: np.ndarray, x: np.ndarray) -> np.ndarray:
    """x's place in (0, 1) among calibration scores `cal`: mid-rank (i + 1/2)/n at each sorted c_i, linear between,
    exponential tails of length std(cal) outside; as web/ood/thresholds/sorted.ts smoothPercentile."""
    c = np.sort(np.asarray(cal, np.float64))
    x = np.asarray(x, np.float64)
    n = len(c)
    sigma = float(np.std(c)) or 1.0
    j = np.searchsorted(c, x, side="left")  # values < x
    lo, hi = c[np.clip(j - 1, 0, n - 1)], c[np.clip(j, 0, n - 1)]
    with np.errstate(divide="ignore", invalid="ignore"):
        mid = (j - 0.5 + (x - lo) / (hi - lo)) / n
    below = 0.5 / n * np.exp(np.minimum(0.0, x - c[0]) / sigma)
    above = 1 - 0.5 / n * np.exp(-(x - c[-1]) / sigma)
    return np.where(j == 0, below, np.where(j == n, above, mid))


def fused(text_score: np.ndarray, knn_score: np.ndarray, cal_text: np.ndarray, cal_knn: np.ndarray) -> np.ndarray:
    """100 * mean of the text score's and KNN's smooth percentiles among the calibration split's own scores; as
    web/ood/scores/fused.ts."""
    return 50 * (smooth_percentile(cal_text, text_score) + smooth_percentile(cal_knn, knn_score))


def exemplar_scores(img: np.ndarray, class_txt: np.ndarray, neg_txt: Optional[np.ndarray], s: float, bank: np.ndarray,
                    held: np.ndarray, k: int, text: str, labels: Optional[np.ndarray] = None,
                    mcm_T: float = 1.0, tau: float = 0.01) -> Dict[str, np.ndarray]:
    """knn, fused (with the text score `text`) and, for a labelled bank, prototype, of `img` against a normal set's
    bank, with `held` its calibration split (the rows fused's percentiles are taken among)."""
    txt_img = all_scores(img, class_txt, neg_txt, s, mcm_T, tau)[text]
    txt_held = all_scores(held, class_txt, neg_txt, s, mcm_T, tau)[text]
    k_img, k_held = knn(img, bank, k), knn(held, bank, k)
    out = {"knn": k_img, "fused": fused(txt_img, k_img, txt_held, k_held)}
    if labels is not None and np.any(np.asarray(labels) >= 0):
        out["prototype"] = prototype(img, bank, labels)
    return out


def all_scores(img: np.ndarray, class_txt: np.ndarray, neg_txt: Optional[np.ndarray], s: float,
               mcm_T: float = 1.0, tau: float = 0.01) -> Dict[str, np.ndarray]:
    c = cosines(img, class_txt)
    out = {"mcm": mcm(c, mcm_T), "energy": energy(c, s), "maxlogit": maxlogit(c, s)}
    if neg_txt is not None and len(neg_txt):
        out["neglabel"] = neglabel(c, cosines(img, neg_txt), tau)
    return out


def neg_mining(cand_txt: np.ndarray, class_txt: np.ndarray, keep: float, quantile: float = 0.95) -> List[int]:
    """NegMining: for each candidate, the `quantile` of its cosines to the ID prompt embeddings; keep the `keep`
    fraction with the lowest values. Returns kept indices, most distant first."""
    q = np.quantile(cosines(cand_txt, class_txt), quantile, axis=1)  # [C]
    n = max(1, int(round(keep * len(q))))
    return [int(i) for i in np.argsort(q, kind="stable")[:n]]
