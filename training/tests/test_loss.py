import math
import unittest

import torch

from training.loss import clip_logits, clip_loss, cma_loss, cma_regularizer


def hand_lse(xs):
    m = max(xs)
    return m + math.log(sum(math.exp(x - m) for x in xs))


class LossTest(unittest.TestCase):
    def setUp(self):
        self.L = torch.tensor([[3.0, 1.0, -2.0], [0.5, 2.0, 0.0], [1.0, -1.0, 4.0]], dtype=torch.float64)

    def test_cma_regularizer_matches_hand_computation(self):
        L = self.L.tolist()
        B = len(L)
        rows = [-hand_lse(L[k]) for k in range(B)]
        cols = [-hand_lse([L[j][k] for j in range(B)]) for k in range(B)]
        want = 0.5 * (sum(rows) / B + sum(cols) / B)
        self.assertAlmostEqual(float(cma_regularizer(self.L)), want, places=12)

    def test_clip_loss_matches_hand_computation(self):
        L = self.L.tolist()
        B = len(L)
        ce_rows = sum(hand_lse(L[k]) - L[k][k] for k in range(B)) / B
        ce_cols = sum(hand_lse([L[j][k] for j in range(B)]) - L[k][k] for k in range(B)) / B
        self.assertAlmostEqual(float(clip_loss(self.L)), 0.5 * (ce_rows + ce_cols), places=12)

    def test_total_is_clip_plus_lambda_r_and_lambda_zero_is_flyp(self):
        g = torch.Generator().manual_seed(0)
        img, txt = torch.randn(5, 8, generator=g), torch.randn(5, 8, generator=g)
        s = torch.tensor(20.0)
        L = clip_logits(img, txt, s)
        tot0, lc, r = cma_loss(img, txt, s, 0.0)
        self.assertAlmostEqual(float(tot0), float(clip_loss(L)), places=5)
        tot, lc, r = cma_loss(img, txt, s, 0.3)
        self.assertAlmostEqual(float(tot), float(lc + 0.3 * r), places=5)
        self.assertAlmostEqual(float(r), float(cma_regularizer(L)), places=5)

    def test_logits_use_normalised_embeddings(self):
        img = torch.tensor([[3.0, 0.0]])
        txt = torch.tensor([[0.0, 5.0], [2.0, 0.0]])
        L = clip_logits(img, txt, torch.tensor(10.0))
        self.assertTrue(torch.allclose(L, torch.tensor([[0.0, 10.0]])))


if __name__ == "__main__":
    unittest.main()


class MixedBatchTest(unittest.TestCase):
    def test_r_runs_over_the_id_block_only_and_clip_over_every_pair(self):
        g = torch.Generator().manual_seed(1)
        img, txt = torch.randn(6, 8, generator=g), torch.randn(6, 8, generator=g)
        s = torch.tensor(15.0)
        mask = torch.tensor([True, False, True, True, False, True])
        tot, lc, r = cma_loss(img, txt, s, 0.5, mask)
        L = clip_logits(img, txt, s)
        self.assertAlmostEqual(float(lc), float(clip_loss(L)), places=5)
        self.assertAlmostEqual(float(r), float(cma_regularizer(clip_logits(img[mask], txt[mask], s))), places=5)
        self.assertAlmostEqual(float(tot), float(clip_loss(L)) + 0.5 * float(r), places=5)
        # an all-ID mask is the plain loss
        self.assertAlmostEqual(float(cma_loss(img, txt, s, 0.5, torch.ones(6, dtype=torch.bool))[0]),
                               float(cma_loss(img, txt, s, 0.5)[0]), places=6)
