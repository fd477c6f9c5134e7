"""Datasets read straight from the shared tarballs (ImageFolder layout), decoded once and cached as uint8 arrays.

Every image, ID or OoD, goes through `decode_bytes`: decode (a JPEG at a reduced DCT scale, `jpeg_draft`) -> EXIF
transpose -> RGB -> shortest-edge bilinear resize (PIL, antialiased) -> centre crop (top/left = floor((H - crop) / 2)).
This is the manifest's `image` path, with `image.decode` = "jpeg-draft".
"""
from __future__ import annotations

import gzip
import io
import os
import random
import struct
import sys
import tarfile
from dataclasses import dataclass
from typing import Dict, List, Sequence, Tuple

import numpy as np
from PIL import Image, ImageOps

IMAGE_EXTS = (".jpg", ".jpeg", ".png", ".bmp", ".webp")
CIFAR10_CLASSES = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"]
PRETRAIN_TEMPLATES = ["a photo of a {}.", "a blurry photo of a {}.", "a low resolution photo of a {}.",
                      "a photo of the {}.", "a close-up photo of a {}.", "a bright photo of a {}.",
                      "a cropped photo of the {}.", "a photo of a small {}.", "a photo of a big {}.",
                      "an image of a {}."]
EVAL_TEMPLATES = ["a photo of a {}."]


class DataError(Exception):
    """A dataset problem; the message names the file or folder."""


# ----------------------------------------------------------------------------------------------- preprocessing
def resize_shortest_edge(img: Image.Image, size: int) -> Image.Image:
    w, h = img.size
    if min(w, h) == size:
        return img
    if w <= h:
        nw, nh = size, int(size * h / w)  # floor, as torchvision / HF CLIP
    else:
        nw, nh = int(size * w / h), size
    return img.resize((nw, nh), Image.BILINEAR)  # PIL bilinear is antialiased when downscaling


def center_crop(img: Image.Image, size: int) -> Image.Image:
    w, h = img.size
    left, top = (w - size) // 2, (h - size) // 2
    return img.crop((left, top, left + size, top + size))


# A JPEG is decoded at the largest DCT scale 1/2, 1/4 or 1/8 that keeps its shortest side at least REDUCING_GAP times
# the model's input (Pillow's Image.thumbnail uses the same gap), then cropped to floor(side / scale): libjpeg rounds
# the scaled size up, libvips (measured first) down, and their common pixels are equal.
# A 500x375 photo for a 32 px model decodes at 1/4: a sixteenth of the pixels, 2x faster in the browser.
REDUCING_GAP = 2
JPEG_SCALES = (8, 4, 2)


def jpeg_draft_scale(width: int, height: int, size: int) -> int:
    """The DCT scale denominator for a width x height JPEG feeding a `size` px model (1: decode in full)."""
    for s in JPEG_SCALES:
        if min(width, height) // s >= REDUCING_GAP * size:
            return s
    return 1


def jpeg_draft(img: Image.Image, size: int) -> Image.Image:
    """`img` (opened, not loaded) decoded as the app decodes it: a baseline or progressive RGB or grey JPEG at its
    `jpeg_draft_scale`; anything else (PNG, CMYK, ...) is returned untouched, to be decoded in full."""
    if img.format != "JPEG" or img.mode not in ("RGB", "L"):
        return img
    w, h = img.size
    s = jpeg_draft_scale(w, h, size)
    if s == 1:
        return img
    img.draft(img.mode, (w // s, h // s))
    if img.size == (w, h):  # the decoder would not scale (never seen with libjpeg): decode in full
        return img
    img.load()
    return img.crop((0, 0, w // s, h // s))


def to_model_pixels(img: Image.Image, size: int = 32) -> np.ndarray:
    """PIL image -> uint8 [size, size, 3] after the manifest's resize/crop (rescale/normalise happen in torch)."""
    img = ImageOps.exif_transpose(img)
    img = img.convert("RGB")
    img = center_crop(resize_shortest_edge(img, size), size)
    return np.asarray(img, dtype=np.uint8)


def decode_bytes(data: bytes, name: str, size: int = 32, draft: bool = True) -> np.ndarray:
    """Image bytes -> the model's uint8 pixels; `draft=False` decodes JPEGs in full (measure_draft.py compares)."""
    try:
        with Image.open(io.BytesIO(data)) as im:
            if draft:
                im = jpeg_draft(im, size)
            im.load()
            return to_model_pixels(im, size)
    except Exception as e:  # any decode failure is reported with the file name
        raise DataError(f"cannot read image {name}: {e}") from e


def normalize(x_uint8, mean: Sequence[float], std: Sequence[float]):
    """uint8 [N,H,W,3] (numpy or torch) -> float32 torch [N,3,H,W] rescaled by 1/255 and normalised."""
    import torch
    x = torch.as_tensor(x_uint8).permute(0, 3, 1, 2).float() * (1.0 / 255.0)  # [N,3,H,W]
    m = torch.tensor(mean, dtype=torch.float32).view(1, 3, 1, 1)
    s = torch.tensor(std, dtype=torch.float32).view(1, 3, 1, 1)
    return (x - m) / s


# ----------------------------------------------------------------------------------------------- ImageFolder
@dataclass
class ImageSet:
    x: np.ndarray  # uint8 [N,32,32,3]
    y: np.ndarray  # int64 [N]
    classes: List[str]
    paths: List[str]
    skipped: int = 0


def read_image_folder(source: str, prefix: str, size: int = 32, limit_per_class: int = 0) -> ImageSet:
    """ImageFolder (`<prefix>/<class>/<file>`) from a .tar.gz or a directory. Corrupt files are skipped and counted."""
    if not os.path.exists(source):
        raise DataError(f"dataset not found: {source}")
    prefix = prefix.strip("/")
    files: Dict[str, List[Tuple[str, object]]] = {}
    if os.path.isdir(source):
        root = os.path.join(source, prefix)
        if not os.path.isdir(root):
            raise DataError(f"folder {prefix!r} not found in {source}")
        for c in sorted(os.listdir(root)):
            if os.path.isdir(os.path.join(root, c)):
                files[c] = [(os.path.join(prefix, c, f), os.path.join(root, c, f))
                            for f in sorted(os.listdir(os.path.join(root, c))) if f.lower().endswith(IMAGE_EXTS)]
        tar = None
    else:
        try:
            tar = tarfile.open(source, "r:*")
            members = tar.getmembers()
        except (tarfile.TarError, OSError, EOFError) as e:
            raise DataError(f"cannot read archive {source}: {e}") from e
        for m in members:
            parts = m.name.strip("./").split("/")
            if "/".join(parts[:-1 if m.isfile() else len(parts)]).startswith(prefix) is False:
                continue
            rel = m.name.strip("./")[len(prefix):].strip("/").split("/")
            if m.isdir() and len(rel) == 1 and rel[0] and m.name.strip("./").startswith(prefix + "/"):
                files.setdefault(rel[0], [])
            elif m.isfile() and len(rel) == 2 and m.name.strip("./").startswith(prefix + "/") \
                    and rel[1].lower().endswith(IMAGE_EXTS):
                files.setdefault(rel[0], []).append((m.name, m))
        if not files:
            raise DataError(f"folder {prefix!r} not found in {source}")
    classes = sorted(files)
    for c in classes:
        if not files[c]:
            raise DataError(f"empty class folder {'/'.join(x for x in (prefix, c) if x)} in {source}")
    xs, ys, paths, skipped = [], [], [], 0
    for ci, c in enumerate(classes):
        items = files[c][:limit_per_class] if limit_per_class else files[c]
        for name, ref in items:
            try:
                if tar is None:
                    with open(ref, "rb") as f:  # type: ignore[arg-type]
                        data = f.read()
                else:
                    fh = tar.extractfile(ref)  # type: ignore[arg-type]
                    data = fh.read() if fh else b""
                xs.append(decode_bytes(data, f"{source}:{name}", size))
            except DataError as e:
                skipped += 1
                print(f"warning: skipped {e}", file=sys.stderr)
                continue
            ys.append(ci)
            paths.append(name)
    if tar is not None:
        tar.close()
    if not xs:
        raise DataError(f"no readable images under {prefix or 'class folders'} in {source}")
    return ImageSet(np.stack(xs), np.asarray(ys, np.int64), classes, paths, skipped)


def read_images(source: str, size: int = 32) -> ImageSet:
    """Every image under a folder (flat, or in subfolders at any depth; label 0, class "ood"): a reference OoD set.
    Same decode path as read_image_folder; corrupt files are skipped and counted."""
    if not os.path.isdir(source):
        raise DataError(f"image folder not found: {source}")
    xs, paths, skipped = [], [], 0
    for root, dirs, names in os.walk(source):
        dirs.sort()
        for f in sorted(names):
            if not f.lower().endswith(IMAGE_EXTS):
                continue
            p = os.path.join(root, f)
            try:
                with open(p, "rb") as fh:
                    xs.append(decode_bytes(fh.read(), p, size))
            except (DataError, OSError) as e:
                skipped += 1
                print(f"warning: skipped {e}", file=sys.stderr)
                continue
            paths.append(os.path.relpath(p, source))
    if not xs:
        raise DataError(f"no readable images in {source}")
    return ImageSet(np.stack(xs), np.zeros(len(xs), np.int64), ["ood"], paths, skipped)


def read_idx_images(path: str) -> np.ndarray:
    if not os.path.exists(path):
        raise DataError(f"dataset not found: {path}")
    try:
        with gzip.open(path, "rb") as f:
            magic, n, h, w = struct.unpack(">IIII", f.read(16))
            if magic != 2051:
                raise DataError(f"{path}: not an IDX image file (magic {magic})")
            return np.frombuffer(f.read(n * h * w), np.uint8).reshape(n, h, w)
    except (OSError, EOFError, struct.error, ValueError) as e:
        raise DataError(f"cannot read {path}: {e}") from e


def grey_digits_via_jpeg(arr: np.ndarray, size: int = 32) -> np.ndarray:
    """MNIST-like [N,28,28] -> JPEG (quality 75, like CIFAR) -> decode -> RGB -> same resize path -> [N,32,32,3]."""
    out = np.empty((len(arr), size, size, 3), np.uint8)
    for i, a in enumerate(arr):
        buf = io.BytesIO()
        Image.fromarray(a, "L").save(buf, "JPEG", quality=75)
        out[i] = decode_bytes(buf.getvalue(), f"digit {i}", size)
    return out


# ----------------------------------------------------------------------------------------------- TinyImageNet meta
def tin_meta(data_dir: str) -> dict:
    path = os.path.join(data_dir, "tinyimagenet32.tar.gz")
    if not os.path.exists(path):
        raise DataError(f"dataset not found: {path}")
    want = {"tinyimagenet32/wnids.txt", "tinyimagenet32/words.txt", "tinyimagenet32/overlap-cifar10.txt"}
    got = {}
    with tarfile.open(path, "r:gz") as tar:
        for m in tar:
            if m.name in want:
                got[m.name.split("/")[-1]] = tar.extractfile(m).read().decode("utf-8")  # type: ignore[union-attr]
            if len(got) == 3:
                break
    wnids = sorted(got["wnids.txt"].split())
    words = {}
    for line in got["words.txt"].splitlines():
        if "\t" in line:
            k, v = line.split("\t", 1)
            words[k] = [s.strip() for s in v.split(",") if s.strip()]
    rows = [ln.split("\t") for ln in got["overlap-cifar10.txt"].splitlines() if ln.strip()]
    overlap = [r[0] for r in rows]
    # wnid -> its CIFAR-10 class, for the `direct` rows only (same concept); `near` rows stay ambiguous
    direct = {r[0]: r[1] for r in rows if len(r) > 2 and r[2] == "direct" and r[1] in CIFAR10_CLASSES}
    return {"wnids": wnids, "words": words, "overlap": overlap, "overlap_direct": direct}


def seen_unseen_split(wnids: List[str], overlap: List[str], seed: int,
                      frac: float = 0.5) -> Tuple[List[str], List[str]]:
    """Seeded class split; every CIFAR-overlap class is forced into the seen half."""
    n_seen = int(round(len(wnids) * frac))
    rest = [w for w in wnids if w not in set(overlap)]
    random.Random(seed).shuffle(rest)
    seen = sorted(set(overlap) | set(rest[: n_seen - len(overlap)]))
    unseen = sorted(set(wnids) - set(seen))
    return seen, unseen


# ----------------------------------------------------------------------------------------------- cache
# Bumped when decode_bytes changes what it returns, so caches built by an older decode are rebuilt (2: jpeg_draft)
CACHE_VERSION = 2


def _cache_path(cache_dir: str, key: str) -> str:
    return os.path.join(cache_dir, f"{key}.v{CACHE_VERSION}.npz")


def load_cached(cache_dir: str, key: str, build) -> ImageSet:
    path = _cache_path(cache_dir, key)
    if os.path.exists(path):
        z = np.load(path, allow_pickle=False)
        return ImageSet(z["x"], z["y"], list(z["classes"]), list(z["paths"]), int(z["skipped"]))
    s = build()
    os.makedirs(cache_dir, exist_ok=True)
    tmp = path + f".tmp{os.getpid()}.npz"
    np.savez(tmp, x=s.x, y=s.y, classes=np.asarray(s.classes), paths=np.asarray(s.paths), skipped=s.skipped)
    os.replace(tmp, path)
    if s.skipped:
        print(f"{key}: skipped {s.skipped} unreadable images", file=sys.stderr)
    return s


def dataset(data_dir: str, cache_dir: str, key: str, fmnist_dir: str = "/usr/share/datasets/fashion-mnist") -> ImageSet:
    """Keys: cifar10_train, cifar10_test, tin_train, tin_train_all, tin_val, mnist, fmnist, dtd."""
    j = os.path.join
    builders = {
        "cifar10_train": lambda: read_image_folder(j(data_dir, "cifar10.tar.gz"), "cifar10/train"),
        "cifar10_test": lambda: read_image_folder(j(data_dir, "cifar10.tar.gz"), "cifar10/test"),
        "tin_train": lambda: read_image_folder(j(data_dir, "tinyimagenet32.tar.gz"), "tinyimagenet32/train"),
        # all 500 training images per class: the 200 above plus the 300 of the extra tarball
        "tin_train_all": lambda: concat(dataset(data_dir, cache_dir, "tin_train", fmnist_dir), read_image_folder(
            j(data_dir, "tinyimagenet32-train-extra.tar.gz"), "tinyimagenet32/train")),
        "tin_val": lambda: read_image_folder(j(data_dir, "tinyimagenet32.tar.gz"), "tinyimagenet32/val"),
        "dtd": lambda: read_image_folder(j(data_dir, "dtd10.tar.gz"), "dtd10"),
        "mnist": lambda: _digits(j(data_dir, "mnist", "t10k-images-idx3-ubyte.gz")),
        "fmnist": lambda: _digits(j(fmnist_dir, "t10k-images-idx3-ubyte.gz")),
    }
    if key not in builders:
        raise DataError(f"unknown dataset key {key!r}")
    return load_cached(cache_dir, key, builders[key])


def concat(a: ImageSet, b: ImageSet) -> ImageSet:
    """Two ImageFolder reads of the same classes (e.g. two tarballs of one split) as one set."""
    if a.classes != b.classes:
        raise DataError(f"cannot join datasets with different classes ({len(a.classes)} vs {len(b.classes)})")
    return ImageSet(np.concatenate([a.x, b.x]), np.concatenate([a.y, b.y]), a.classes, a.paths + b.paths,
                    a.skipped + b.skipped)


def _digits(path: str) -> ImageSet:
    a = read_idx_images(path)
    x = grey_digits_via_jpeg(a)
    return ImageSet(x, np.zeros(len(x), np.int64), ["ood"], [f"{os.path.basename(path)}#{i}" for i in range(len(x))])


def read_caption_file(path: str) -> Dict[str, str]:
    """Optional per-image captions: TSV `<path as in the dataset>\t<caption>`; overrides template captions."""
    if not os.path.exists(path):
        raise DataError(f"caption file not found: {path}")
    caps = {}
    with open(path, encoding="utf-8") as f:
        for i, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line:
                continue
            if "\t" not in line:
                raise DataError(f"{path}:{i}: expected '<path>\\t<caption>'")
            p, c = line.split("\t", 1)
            caps[p] = c
    return caps


if __name__ == "__main__":  # warm the cache: python3 -m training.data
    from .config import from_args
    cfg = from_args()
    for k in ["cifar10_test", "tin_val", "tin_train", "tin_train_all", "dtd", "mnist", "fmnist", "cifar10_train"]:
        s = dataset(cfg.data_dir, cfg.cache_dir, k, cfg.fmnist_dir)
        print(k, s.x.shape, len(s.classes), "skipped", s.skipped, flush=True)
