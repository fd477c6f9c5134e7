import math
import unittest

import numpy as np

from training import scores as S


class ScoresTest(unittest.TestCase):
    def setUp(self):
        r = np.random.default_rng(0)
        n = lambda a: a / np.linalg.norm(a, axis=1, keepdims=True)
        self.img, self.txt, self.neg = n(r.normal(size=(4, 6))), n(r.normal(size=(3, 6))), n(r.normal(size=(5, 6)))

    def test_formulas_against_loops(self):
        s = 37.5
        out = S.all_scores(self.img, self.txt, self.neg, s, 1.0, 0.01)
        for i, x in enumerate(self.img):
            c = [float(x @ t) for t in self.txt]
            nc = [float(x @ t) for t in self.neg]
            e = [math.exp(v) for v in c]
            self.assertAlmostEqual(out["mcm"][i], max(e) / sum(e), places=12)
            self.assertAlmostEqual(out["energy"][i], math.log(sum(math.exp(s * v) for v in c)), places=9)
            self.assertAlmostEqual(out["maxlogit"][i], s * max(c), places=12)
            pos = sum(math.exp(v / 0.01) for v in c)
            neg = sum(math.exp(v / 0.01) for v in nc)
            self.assertAlmostEqual(out["neglabel"][i], pos / (pos + neg), places=9)

    def test_mcm_temperature(self):
        c = np.array([[0.2, 0.1]])
        self.assertAlmostEqual(S.mcm(c, 0.5)[0], 1 / (1 + math.exp(-0.2)), places=12)

    def test_neglabel_is_stable_for_large_logits(self):
        c, nc = np.array([[0.99, 0.2]]), np.array([[0.98]])
        v = S.neglabel(c, nc, 0.001)
        self.assertTrue(np.isfinite(v).all())
        self.assertAlmostEqual(v[0], 1 / (1 + math.exp(-10)), places=6)

    def test_neg_mining_keeps_the_most_distant(self):
        cls = np.array([[1.0, 0.0], [0.0, 1.0]])
        cand = np.array([[1.0, 0.0], [-1.0, 0.0], [0.0, -1.0], [0.7071, 0.7071]])
        self.assertEqual(S.neg_mining(cand, cls, 0.5), [1, 2])


class ExemplarScoresTest(unittest.TestCase):
    """The same hand computations as web/ood/scores/exemplarScores.test.ts."""

    def test_smooth_percentile(self):
        cal = np.array([4.0, 1.0, 3.0, 2.0])
        sigma = math.sqrt(1.25)
        got = S.smooth_percentile(cal, np.array([1.0, 3.0, 2.5, 0.0, 6.0]))
        want = [0.125, 0.625, 0.5, 0.125 * math.exp(-1 / sigma), 1 - 0.125 * math.exp(-2 / sigma)]
        np.testing.assert_allclose(got, want, rtol=0, atol=1e-12)
        self.assertAlmostEqual(float(S.smooth_percentile(np.array([1.0, 2, 2, 3]), np.array([2.0]))[0]), 0.375, 12)

    def test_prototype(self):
        bank = np.array([[1.0, 0], [0, 1], [-1, 0], [0.6, 0.8]])
        got = S.prototype(np.array([[1.0, 0]]), bank, np.array([0, 0, 1, -1]))
        self.assertAlmostEqual(float(got[0]), math.sqrt(0.5), 12)

    def test_fused_averages_the_percentiles(self):
        cal_t, cal_k = np.array([6.0, 8, 10]), np.array([0.6, 0.96, 1])
        self.assertAlmostEqual(float(S.fused(np.array([10.0]), np.array([1.0]), cal_t, cal_k)[0]), 500 / 6, 9)
        self.assertAlmostEqual(float(S.fused(np.array([8.0]), np.array([0.96]), cal_t, cal_k)[0]), 50, 9)

    def test_choose_k_on_held_out_classes(self):
        """As web/ood/exemplars.test.ts: a stray photo that looks like another class fools k = 1 only."""
        axis = np.eye(3)
        bank, bank_y, held, held_y = [], [], [], []
        for c in range(3):
            bank += [axis[c]] * 4 + [axis[(c + 1) % 3]]
            bank_y += [c] * 5
            held += [axis[c]] * 2
            held_y += [c] * 2
        r = S.choose_k(np.array(bank), np.array(bank_y), np.array(held), np.array(held_y))
        self.assertEqual([t["k"] for t in r["tried"]], [1, 2, 3, 5])
        self.assertEqual([t["auroc"] for t in r["tried"][:3]], [0.5, 1.0, 1.0])
        self.assertLess(r["tried"][3]["auroc"], 1.0)
        self.assertEqual((r["k"], r["rule"]), (2, "held-out classes"))
        self.assertEqual(S.choose_k(np.array(bank), None, np.array(held), None)["k"], 1)


if __name__ == "__main__":
    unittest.main()
