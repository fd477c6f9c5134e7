import unittest

import numpy as np

from training import metrics as M


class MetricsTest(unittest.TestCase):
    def test_hand_case(self):
        # id [3,2,1], ood [0.5,2,0]: ROC points (0,0) (0,1/3) (1/3,2/3) (1/3,1) (1,1)
        m = M.ood_metrics([3, 2, 1], [0.5, 2, 0])
        self.assertAlmostEqual(m["auroc"], 7.5 / 9)  # Mann-Whitney with the tie counted 1/2
        self.assertAlmostEqual(m["fpr95"], 1 / 3)
        self.assertAlmostEqual(m["aupr_in"], (1 + 2 / 3 + 3 / 4) / 3)
        # OoD positive, negated scores: ood [-0.5,-2,0] vs id [-3,-2,-1]; thresholds 0,-0.5,-1,-2,-3
        self.assertAlmostEqual(m["aupr_out"], (1 / 3) * 1 + (1 / 3) * 1 + (1 / 3) * (3 / 5))

    def test_roc_curve_ties_are_one_step(self):
        fpr, tpr = M.roc_curve([1, 1], [1, 0])
        np.testing.assert_allclose(fpr, [0, 0.5, 1])
        np.testing.assert_allclose(tpr, [0, 1, 1])
        self.assertAlmostEqual(M.auroc([1, 1], [1, 0]), 0.75)

    def test_fpr95_interpolates(self):
        id_s = np.arange(100, 0, -1).astype(float)  # 100 ID scores
        ood = np.array([95.5, 0.5])  # one OoD above 5 ID points
        # tpr reaches 0.95 at threshold 6 (95 ID kept), the curve passed fpr 0.5 at tpr 0.05
        self.assertAlmostEqual(M.fpr_at_tpr(id_s, ood), 0.5)
        # id [2, 1], ood [1.5]: curve (0,0) (0,.5) (1,.5) (1,1); tpr first reaches .95 at fpr 1
        self.assertAlmostEqual(M.fpr_at_tpr([2.0, 1.0], [1.5]), 1.0)
        # a tied threshold gives a diagonal step (0,.5) -> (.5,1): fpr = .5 * (.95 - .5) / .5
        self.assertAlmostEqual(M.fpr_at_tpr([2.0, 1.0], [1.0, 0.0]), 0.45)

    def test_fpr95_first_point_when_tpr_exactly_095(self):
        id_s = np.arange(20, 0, -1).astype(float)
        ood = np.array([1.5, 1.2])  # after 19 ID (tpr .95) both OoD come before the last ID
        self.assertAlmostEqual(M.fpr_at_tpr(id_s, ood), 0.0)

    def test_perfect_and_random(self):
        m = M.ood_metrics([2, 3], [0, 1])
        self.assertEqual((m["auroc"], m["fpr95"], m["aupr_in"], m["aupr_out"]), (1.0, 0.0, 1.0, 1.0))
        r = np.random.default_rng(0)
        a, b = r.normal(size=3000), r.normal(size=3000)
        self.assertAlmostEqual(M.auroc(a, b), 0.5, delta=0.03)

    def test_against_sklearn_if_available(self):
        try:
            from sklearn.metrics import average_precision_score, roc_auc_score
        except ImportError:
            self.skipTest("python3-sklearn not installed")
        r = np.random.default_rng(1)
        a, b = np.round(r.normal(1, 1, 500), 1), np.round(r.normal(0, 1, 400), 1)
        y = np.r_[np.ones(500), np.zeros(400)]
        s = np.r_[a, b]
        self.assertAlmostEqual(M.auroc(a, b), roc_auc_score(y, s), places=10)
        self.assertAlmostEqual(M.average_precision(a, b), average_precision_score(y, s), places=10)
        self.assertAlmostEqual(M.average_precision(-b, -a), average_precision_score(1 - y, -s), places=10)

    def test_geometry(self):
        x = np.array([[1.0, 0.0], [0.0, 1.0]])
        self.assertAlmostEqual(M.modality_gap(x, x), 0.0)
        self.assertAlmostEqual(M.modality_gap(x, -x), np.sqrt(2.0))
        self.assertAlmostEqual(M.alignment(x, x[::-1]), 2.0)
        self.assertAlmostEqual(M.uniformity(x), -4.0)  # one pair at squared distance 2


if __name__ == "__main__":
    unittest.main()
