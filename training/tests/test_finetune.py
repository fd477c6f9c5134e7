"""finetune.py on a tiny synthetic ImageFolder built at test time (no images are committed)."""
import contextlib
import io
import json
import os
import tempfile
import unittest

import numpy as np
from PIL import Image

from training import data as D
from training import finetune as FT

TINY = ["--init=random", "--parity=0", "--ft_steps=3", "--ft_batch=8", "--embed_dim=16", "--vision_width=8",
        "--vision_heads=2", "--text_width=16", "--text_heads=2", "--text_layers=1", "--threads=1"]


def make_folder(root, classes, n=12, seed=0):
    rng = np.random.default_rng(seed)
    for ci, c in enumerate(classes):
        os.makedirs(os.path.join(root, c), exist_ok=True)
        for i in range(n):
            a = rng.integers(0, 255, (40 + 3 * i, 64 - i, 3)).astype(np.uint8)  # sizes vary: resized + cropped to 32
            a[..., ci % 3] = 255
            Image.fromarray(a).save(os.path.join(root, c, f"{i}.{'png' if i % 2 else 'jpg'}"))


class FinetuneTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.d = self.tmp.name

    def tearDown(self):
        self.tmp.cleanup()

    def run_ft(self, args):
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            return FT.main(args)

    def test_random_init_trains_and_exports_a_bundle(self):
        train, ood, out = (os.path.join(self.d, n) for n in ("photos", "abnormal", "my-site-cma"))
        make_folder(train, ["parking_lot", "gate"])
        with open(os.path.join(train, "gate", "broken.jpg"), "wb") as f:
            f.write(b"not an image")
        make_folder(ood, ["x"], n=4, seed=1)
        caps = os.path.join(self.d, "captions.tsv")
        with open(caps, "w") as f:
            f.write("gate/0.jpg\ta photo of the main gate at night.\n")
        r = self.run_ft(TINY + [f"--train_dir={train}", f"--out={out}", f"--ood_dir={ood}", f"--caption_file={caps}",
                                "--val_fraction=0.25", "--templates=a photo of a {}.|a picture of the {}."])
        with open(os.path.join(out, "manifest.json")) as f:
            man = json.load(f)
        self.assertEqual(man["classes"], ["gate", "parking lot"])
        self.assertEqual(man["promptTemplates"], ["a photo of a {}.", "a picture of the {}."])
        self.assertEqual(man["id"], "my-site-cma")
        self.assertEqual(man["embedDim"], 16)
        self.assertNotIn("negativeLabels", man)
        for f in ("vision.onnx", "text.onnx", "tokenizer.json", "calibration.json", "metrics.json", "MODEL_CARD.md"):
            self.assertTrue(os.path.getsize(os.path.join(out, f)) > 0, f)
        with open(os.path.join(out, "calibration.json")) as f:
            cal = json.load(f)
        self.assertEqual(cal["id_val_count"], 6)  # round(0.25 * 12) = 3 per class
        self.assertEqual(len(cal["id_val"]["mcm"]), 6)
        self.assertEqual(len(cal["ood_ref"]["abnormal"]["mcm"]), 4)
        m = r["metrics"]
        self.assertEqual((m["train_count"], m["val_count"], m["skipped"]), (18, 6, 1))
        self.assertTrue(0.0 <= m["val_acc"] <= 100.0)
        self.assertIn("fpr95", m["ood"]["mcm"])
        self.assertEqual(m["finetune"]["steps"], 3)
        self.assertTrue(os.path.exists(r["ckpt"]))

    def test_missing_dir_and_empty_class_are_named(self):
        with self.assertRaisesRegex(D.DataError, "nowhere"):
            self.run_ft(TINY + [f"--train_dir={os.path.join(self.d, 'nowhere')}", f"--out={self.d}/b"])
        train = os.path.join(self.d, "photos")
        make_folder(train, ["a"], n=2)
        os.makedirs(os.path.join(train, "empty_one"))
        with self.assertRaisesRegex(D.DataError, "empty class folder empty_one"):
            self.run_ft(TINY + [f"--train_dir={train}", f"--out={self.d}/b"])
        os.rmdir(os.path.join(train, "empty_one"))
        with self.assertRaisesRegex(D.DataError, "at least 2 class folders"):
            self.run_ft(TINY + [f"--train_dir={train}", f"--out={self.d}/b"])

    def test_onnx_init_and_missing_checkpoint_are_refused(self):
        with self.assertRaisesRegex(SystemExit, "cannot be fine-tuned"):
            self.run_ft([f"--train_dir={self.d}", f"--out={self.d}/b", f"--init={self.d}/vision.onnx"])
        with self.assertRaisesRegex(SystemExit, "no checkpoint to start from.*--init=random"):
            self.run_ft([f"--train_dir={self.d}", f"--out={self.d}/b", f"--out_dir={self.d}/no-run"])


if __name__ == "__main__":
    unittest.main()
