"""Training-time image augmentation on whole batches in torch: random resized crop + horizontal flip.

One affine warp per image (`affine_grid` + bilinear `grid_sample`), so a batch costs two vectorised ops instead of a
Python loop per image. Crops stay inside the image (no padding colour to learn); a side fraction below 1 also
shifts the crop, which is the translation airbench-style recipes get from padding. Real photos frame their subject
at many scales, CIFAR-10 at one: scale jitter is what lets the tower see both.
"""
from __future__ import annotations

import math
from typing import Tuple

import torch
import torch.nn.functional as F


def random_resized_crop_flip(x: torch.Tensor, gen: torch.Generator, side: Tuple[float, float] = (0.65, 1.0),
                             ratio: Tuple[float, float] = (0.8, 1.25)) -> torch.Tensor:
    """x: float [B, C, H, W] (already normalised) -> same shape. Each image: a crop whose side is a fraction in
    `side` of the image's (aspect ratio in `ratio`), anywhere inside the image, resized back to H x W; flipped
    left-right with probability 1/2."""
    B = x.shape[0]
    u = torch.rand(B, 5, generator=gen)  # [B, 5]: side, log-ratio, x-shift, y-shift, flip
    s = side[0] + (side[1] - side[0]) * u[:, 0]
    lr = math.log(ratio[0]) + (math.log(ratio[1]) - math.log(ratio[0])) * u[:, 1]
    w = (s * torch.exp(lr / 2)).clamp(max=1.0)  # crop width as a fraction of the image width
    h = (s * torch.exp(-lr / 2)).clamp(max=1.0)
    cx = (2 * u[:, 2] - 1) * (1 - w)  # crop centre in [-1, 1] coordinates, crop inside the image
    cy = (2 * u[:, 3] - 1) * (1 - h)
    flip = torch.where(u[:, 4] < 0.5, -1.0, 1.0)
    theta = torch.zeros(B, 2, 3)
    theta[:, 0, 0], theta[:, 0, 2] = w * flip, cx
    theta[:, 1, 1], theta[:, 1, 2] = h, cy
    grid = F.affine_grid(theta, list(x.shape), align_corners=False)  # [B, H, W, 2]
    return F.grid_sample(x, grid, mode="bilinear", padding_mode="border", align_corners=False)
