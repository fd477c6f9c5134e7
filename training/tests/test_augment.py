import unittest

import numpy as np
import torch

from training.augment import random_resized_crop_flip
from training.config import Config
from training.model import CLIP
from training.train import EMA


class AugmentTest(unittest.TestCase):
    def test_full_side_keeps_or_mirrors_the_image(self):
        x = torch.randn(16, 3, 8, 8)
        out = random_resized_crop_flip(x, torch.Generator().manual_seed(0), side=(1.0, 1.0), ratio=(1.0, 1.0))
        for a, b in zip(out, x):  # each image is itself or its mirror image, nothing else
            self.assertTrue(torch.allclose(a, b, atol=1e-5) or torch.allclose(a, b.flip(2), atol=1e-5))

    def test_crops_stay_inside_and_are_seeded(self):
        x = torch.rand(32, 3, 32, 32)
        a = random_resized_crop_flip(x, torch.Generator().manual_seed(3))
        b = random_resized_crop_flip(x, torch.Generator().manual_seed(3))
        self.assertEqual(a.shape, x.shape)
        self.assertTrue(torch.equal(a, b))
        self.assertGreaterEqual(float(a.min()), float(x.min()) - 1e-6)  # bilinear inside the image: no new values
        self.assertLessEqual(float(a.max()), float(x.max()) + 1e-6)


class FlipTtaAndEmaTest(unittest.TestCase):
    def test_eval_embedding_is_the_mean_over_the_image_and_its_mirror(self):
        cfg = Config()
        m = CLIP(cfg.clip_config(100))
        m.config.tta_flip = True
        m.eval()
        x = torch.randn(3, 3, 32, 32)
        with torch.no_grad():
            want = 0.5 * (m.visual(x) + m.visual(x.flip(3)))
            self.assertTrue(torch.allclose(m.encode_image(x), want, atol=1e-5))
            m.config.tta_flip = False
            self.assertTrue(torch.allclose(m.encode_image(x), m.visual(x), atol=1e-6))

    def test_ema_tracks_the_weights(self):
        lin = torch.nn.Linear(2, 2)
        ema = EMA(lin, 0.5)
        w0 = lin.weight.detach().clone()
        with torch.no_grad():
            lin.weight.add_(1.0)
        ema.update(lin, 1000)  # decay 0.5 at this step
        ema.copy_to(lin)
        self.assertTrue(torch.allclose(lin.weight, w0 + 0.5))
        self.assertTrue(np.isfinite(lin.weight.detach().numpy()).all())
