"""Mid-stage snapshots (snapshot.py): a stage cut off and resumed ends with the weights of an uninterrupted one."""
import os
import tempfile
import unittest

import numpy as np
import torch

from training.config import Config
from training.snapshot import SnapshotError
from training.tokenizer import WordPieceTokenizer, build_vocab
from training.train import Part, new_model, train_stage

CLASSES = ["cat", "dog", "ship"]
TINY = dict(embed_dim=16, vision_width=8, vision_heads=2, text_width=16, text_heads=2, text_layers=1, threads=1)


class Cut(Exception):
    """Stands for a session that ends mid-stage."""


def setup(seed=0):
    cfg = Config()
    for k, v in TINY.items():
        setattr(cfg, k, v)
    cfg.snapshot_minutes = 0.0  # a snapshot before every step
    rng = np.random.default_rng(seed)
    x = rng.integers(0, 255, (40, 32, 32, 3)).astype(np.uint8)
    y = rng.integers(0, len(CLASSES), 40)
    ax = rng.integers(0, 255, (30, 32, 32, 3)).astype(np.uint8)
    tok = WordPieceTokenizer(build_vocab([f"a photo of a {c}." for c in CLASSES + ["tree"]], [], 0), cfg.context_length)
    return cfg, x, y, ax, tok


def stage(cfg, x, y, ax, tok, snapshot=None, resume=False, cut_at=None, steps=9):
    torch.set_num_threads(1)
    model = new_model(cfg, tok.vocab_size)
    calls = {"n": 0}

    def captions(idx, rng):
        if cut_at is not None and calls["n"] == cut_at:
            raise Cut()
        calls["n"] += 1
        return [f"a photo of a {CLASSES[y[i]]}." for i in idx]

    aux = Part(ax, lambda idx, rng: [rng.choice(["a photo of a tree.", "a photo of a cat."]) for _ in idx],
               np.arange(len(ax)) % 2 == 0, 0.25)
    info = train_stage(model, x, captions, tok, 0, 1e-3, 16, 2, 0.1, cfg, "t", lambda m: None, steps=steps, aux=aux,
                       aug="padcrop", ema_decay=0.9, snapshot=snapshot, resume=resume)
    return model, info


class SnapshotTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.snap = os.path.join(self.tmp.name, "t.ckpt.partial")

    def tearDown(self):
        self.tmp.cleanup()

    def test_a_resumed_stage_ends_where_an_uninterrupted_one_does(self):
        data = setup()
        whole, _ = stage(*data)
        with self.assertRaises(Cut):
            stage(*data, snapshot=self.snap, cut_at=5)  # cut off inside step 5: the snapshot holds steps 0-4
        self.assertTrue(os.path.exists(self.snap))
        resumed, info = stage(*data, snapshot=self.snap, resume=True)
        self.assertEqual(info["steps"], 9)
        for k, v in whole.state_dict().items():
            self.assertTrue(torch.equal(v, resumed.state_dict()[k]), k)
        self.assertFalse(os.path.exists(self.snap), "a finished stage removes its snapshot")

    def test_without_resume_an_old_snapshot_is_not_continued(self):
        data = setup()
        with self.assertRaises(Cut):
            stage(*data, snapshot=self.snap, cut_at=3)
        fresh, _ = stage(*data, snapshot=self.snap)
        whole, _ = stage(*data)
        self.assertTrue(all(torch.equal(v, whole.state_dict()[k]) for k, v in fresh.state_dict().items()))

    def test_a_snapshot_of_another_setting_is_refused_by_name(self):
        cfg, x, y, ax, tok = setup()
        with self.assertRaises(Cut):
            stage(cfg, x, y, ax, tok, snapshot=self.snap, cut_at=3)
        cfg.seed = 7
        with self.assertRaisesRegex(SnapshotError, r"t\.ckpt\.partial: made for another stage setting \(seed differ"):
            stage(cfg, x, y, ax, tok, snapshot=self.snap, resume=True)

    def test_a_snapshot_of_another_length_is_refused(self):
        data = setup()
        with self.assertRaises(Cut):
            stage(*data, snapshot=self.snap, cut_at=3)
        with self.assertRaisesRegex(SnapshotError, r"t\.ckpt\.partial: made for a stage of 9 steps, not 12"):
            stage(*data, snapshot=self.snap, resume=True, steps=12)

    def test_a_damaged_snapshot_is_named(self):
        data = setup()
        with open(self.snap, "wb") as f:
            f.write(b"half a file")
        with self.assertRaisesRegex(SnapshotError, r"t\.ckpt\.partial: not a readable snapshot"):
            stage(*data, snapshot=self.snap, resume=True)


if __name__ == "__main__":
    unittest.main()
