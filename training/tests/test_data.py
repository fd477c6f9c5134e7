import io
import os
import tarfile
import tempfile
import unittest

import numpy as np
from PIL import Image

from training import data as D


def jpeg_bytes(w=40, h=20, mode="RGB"):
    b = io.BytesIO()
    Image.new(mode, (w, h), 128).save(b, "JPEG")
    return b.getvalue()


def write(path, content):
    with open(path, "wb" if isinstance(content, bytes) else "w") as f:
        f.write(content)


def make_tar(path, files, dirs=()):
    with tarfile.open(path, "w:gz") as t:
        for d in dirs:
            ti = tarfile.TarInfo(d)
            ti.type = tarfile.DIRTYPE
            t.addfile(ti)
        for name, data in files.items():
            ti = tarfile.TarInfo(name)
            ti.size = len(data)
            t.addfile(ti, io.BytesIO(data))


class DataTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.d = self.tmp.name

    def tearDown(self):
        self.tmp.cleanup()

    def test_missing_dataset_names_the_file(self):
        p = os.path.join(self.d, "nope.tar.gz")
        with self.assertRaisesRegex(D.DataError, "nope.tar.gz"):
            D.read_image_folder(p, "x")
        with self.assertRaisesRegex(D.DataError, "missing.gz"):
            D.read_idx_images(os.path.join(self.d, "missing.gz"))

    def test_reads_classes_and_skips_corrupt(self):
        p = os.path.join(self.d, "set.tar.gz")
        make_tar(p, {"set/train/b/1.jpg": jpeg_bytes(), "set/train/a/1.jpg": jpeg_bytes(20, 40, "L"),
                     "set/train/a/bad.jpg": b"not a jpeg", "set/test/a/1.jpg": jpeg_bytes()})
        s = D.read_image_folder(p, "set/train")
        self.assertEqual(s.classes, ["a", "b"])
        self.assertEqual(s.x.shape, (2, 32, 32, 3))
        self.assertEqual(s.skipped, 1)
        self.assertEqual(list(s.y), [0, 1])

    def test_empty_class_folder_names_it(self):
        p = os.path.join(self.d, "set.tar.gz")
        make_tar(p, {"set/train/a/1.jpg": jpeg_bytes()}, dirs=["set/train/empty/"])
        with self.assertRaisesRegex(D.DataError, "empty class folder set/train/empty"):
            D.read_image_folder(p, "set/train")

    def test_unreadable_archive_and_file(self):
        p = os.path.join(self.d, "broken.tar.gz")
        write(p, b"garbage")
        with self.assertRaisesRegex(D.DataError, "broken.tar.gz"):
            D.read_image_folder(p, "x")
        with self.assertRaisesRegex(D.DataError, "pic.jpg"):
            D.decode_bytes(b"xx", "pic.jpg")

    def test_directory_layout_too(self):
        os.makedirs(os.path.join(self.d, "root", "cls"))
        write(os.path.join(self.d, "root", "cls", "x.jpg"), jpeg_bytes(64, 48))
        s = D.read_image_folder(self.d, "root")
        self.assertEqual(s.paths, ["root/cls/x.jpg"])

    def test_preprocessing_shortest_edge_and_centre_crop(self):
        img = Image.new("RGB", (96, 64))
        img.paste((255, 0, 0), (0, 0, 16, 64))  # a red band at the left, cropped away by the centre crop
        px = D.to_model_pixels(img, 32)  # resize to 48x32, crop left = 8
        self.assertEqual(px.shape, (32, 32, 3))
        self.assertLess(int(px[:, 0, 0].max()), 200)
        grey = D.to_model_pixels(Image.new("L", (28, 28), 200), 32)
        self.assertTrue((grey == 200).all())

    def test_jpeg_draft_scale_keeps_twice_the_input(self):
        self.assertEqual(D.jpeg_draft_scale(500, 375, 32), 4)  # 375 // 4 = 93 >= 64; 375 // 8 = 46 < 64
        self.assertEqual(D.jpeg_draft_scale(1024, 768, 32), 8)
        self.assertEqual(D.jpeg_draft_scale(64, 64, 32), 1)  # TinyImageNet: decoded in full
        self.assertEqual(D.jpeg_draft_scale(4000, 3000, 224), 4)

    def test_jpeg_draft_decodes_reduced_and_crops_down(self):
        big = Image.new("RGB", (501, 379), (10, 200, 30))
        buf = io.BytesIO()
        big.save(buf, "JPEG", quality=90)
        with Image.open(io.BytesIO(buf.getvalue())) as im:
            small = D.jpeg_draft(im, 32)
            self.assertEqual(small.size, (125, 94))  # floor(501 / 4) x floor(379 / 4), libjpeg gives 126 x 95
            self.assertLess(np.abs(np.asarray(small, int) - (10, 200, 30)).max(), 8)
        png = io.BytesIO()
        big.save(png, "PNG")
        with Image.open(io.BytesIO(png.getvalue())) as im:
            self.assertEqual(D.jpeg_draft(im, 32).size, (501, 379))  # only JPEGs are decoded reduced
        self.assertEqual(D.decode_bytes(buf.getvalue(), "big.jpg", 32).shape, (32, 32, 3))

    def test_caption_file(self):
        p = os.path.join(self.d, "caps.tsv")
        write(p, "a/1.jpg\ta red car\n")
        self.assertEqual(D.read_caption_file(p), {"a/1.jpg": "a red car"})
        write(p, "no tab here\n")
        with self.assertRaisesRegex(D.DataError, "caps.tsv:1"):
            D.read_caption_file(p)

    def test_seen_split_contains_overlap(self):
        wn = [f"n{i:08d}" for i in range(20)]
        seen, unseen = D.seen_unseen_split(wn, wn[:4], seed=3)
        self.assertEqual(len(seen), 10)
        self.assertTrue(set(wn[:4]) <= set(seen))
        self.assertEqual(sorted(seen + unseen), wn)
        self.assertEqual(D.seen_unseen_split(wn, wn[:4], seed=3), (seen, unseen))


if __name__ == "__main__":
    unittest.main()
