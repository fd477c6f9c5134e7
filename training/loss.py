"""CLIP (FLYP) loss and the CMA regulariser (Kim & Hwang, CVPR 2025)."""
from __future__ import annotations

from typing import Optional

import torch
import torch.nn.functional as F


def clip_logits(img: torch.Tensor, txt: torch.Tensor, scale: torch.Tensor) -> torch.Tensor:
    """img [B, D], txt [B, D] (any norm) -> L = s * I T^T [B, B] on L2-normalised embeddings."""
    i = F.normalize(img, dim=-1)
    t = F.normalize(txt, dim=-1)
    return scale * i @ t.t()  # [B, B]


def clip_loss(L: torch.Tensor) -> torch.Tensor:
    """L_CLIP = 1/2 [CE(L, arange B) + CE(L^T, arange B)]; same-class pairs stay negatives (FLYP)."""
    target = torch.arange(L.shape[0], device=L.device)
    return 0.5 * (F.cross_entropy(L, target) + F.cross_entropy(L.t(), target))


def cma_regularizer(L: torch.Tensor) -> torch.Tensor:
    """R = 1/2 [ mean_k(-logsumexp_j L[k, j]) + mean_k(-logsumexp_j L[j, k]) ]."""
    row = -torch.logsumexp(L, dim=1)  # [B]: image k against all texts
    col = -torch.logsumexp(L, dim=0)  # [B]: text k against all images
    return 0.5 * (row.mean() + col.mean())


def cma_loss(img: torch.Tensor, txt: torch.Tensor, scale: torch.Tensor, lam: float,
             id_mask: Optional[torch.Tensor] = None):
    """L = L_CLIP + lam * R (lam = 0 is FLYP). Returns (total, clip part, R).

    `id_mask` (bool [B]) marks the in-distribution pairs of a mixed batch: the CLIP loss runs over every pair (the
    auxiliary pairs are negatives the ID pairs must stay apart from), R only over the ID block, since R is the
    log-density of ID data and must not pull ID images towards the auxiliary captions."""
    L = clip_logits(img, txt, scale)
    lc = clip_loss(L)
    r = cma_regularizer(L if id_mask is None or bool(id_mask.all()) else L[id_mask][:, id_mask])
    return lc + lam * r, lc.detach(), r.detach()
