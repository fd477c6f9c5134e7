"""Embeddings of a trained model: images and prompt ensembles, L2-normalised, as float32 numpy arrays."""
from __future__ import annotations

from typing import List

import numpy as np
import torch
import torch.nn.functional as F

from . import data as D
from .config import Config
from .model import CLIP
from .text_data import TextWorld


@torch.no_grad()
def embed_images(model: CLIP, x: np.ndarray, cfg: Config, bs: int = 500) -> np.ndarray:
    model.eval()
    out = [F.normalize(model.encode_image(D.normalize(x[i:i + bs], cfg.mean, cfg.std)), dim=-1)
           for i in range(0, len(x), bs)]
    return torch.cat(out).numpy().astype(np.float32)  # [N, D] normalised


@torch.no_grad()
def embed_prompts(model: CLIP, tok, prompts: List[List[str]]) -> np.ndarray:
    """K lists of template prompts -> [K, D]: normalised mean of the normalised template embeddings."""
    model.eval()
    rows = []
    for group in prompts:
        e = F.normalize(model.encode_text(torch.tensor(tok.encode_batch(group))), dim=-1).mean(0)
        rows.append(F.normalize(e, dim=-1))
    return torch.stack(rows).numpy().astype(np.float32)


def zero_shot_acc(model: CLIP, tok, x: np.ndarray, y: np.ndarray, classes: List[str], cfg: Config) -> float:
    img = embed_images(model, x, cfg)
    txt = embed_prompts(model, tok, TextWorld.class_prompts(classes))
    return float(np.mean((img @ txt.T).argmax(1) == y) * 100.0)
