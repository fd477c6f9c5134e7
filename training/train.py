"""Contrastive pretraining (TinyImageNet seen half) and FLYP / CMA fine-tuning (CIFAR-10) on CPU.

Usage: /usr/bin/python3 -m training.train --stage=pretrain|flyp|cma [--key=value ...]  (recipe.py runs all)
"""
from __future__ import annotations

import math
import os
import random
import time
from typing import Callable, Dict, List, Optional

import numpy as np
import torch

from . import data as D
from .config import Config, parse_flags
from .loss import cma_loss
from .embed import zero_shot_acc
from .model import CLIP, load_checkpoint, save_checkpoint
from .text_data import TextWorld


def seed_all(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def augment(x: np.ndarray, rng: np.random.Generator, pad: int = 4) -> np.ndarray:
    """Random crop (zero padding `pad`) + horizontal flip on uint8 [B, H, W, 3]."""
    B, H, W, _ = x.shape
    xp = np.zeros((B, H + 2 * pad, W + 2 * pad, 3), np.uint8)
    xp[:, pad:pad + H, pad:pad + W] = x
    dy, dx = rng.integers(0, 2 * pad + 1, B), rng.integers(0, 2 * pad + 1, B)
    flip = rng.random(B) < 0.5
    out = np.empty_like(x)
    for i in range(B):
        crop = xp[i, dy[i]:dy[i] + H, dx[i]:dx[i] + W]
        out[i] = crop[:, ::-1] if flip[i] else crop
    return out


def param_groups(model: torch.nn.Module, wd: float):
    decay, no_decay = [], []
    for n, p in model.named_parameters():
        (no_decay if p.ndim < 2 or "embedding" in n or "logit_scale" in n or "bn" in n else decay).append(p)
    return [{"params": decay, "weight_decay": wd}, {"params": no_decay, "weight_decay": 0.0}]


def lr_at(step: int, total: int, base: float, warmup: int) -> float:
    if step < warmup:
        return base * (step + 1) / warmup
    p = (step - warmup) / max(1, total - warmup)
    return 0.5 * base * (1 + math.cos(math.pi * min(1.0, p)))


class TextCache:
    """caption -> token ids, memoised (captions repeat a lot)."""

    def __init__(self, tok):
        self.tok = tok
        self.memo: Dict[str, List[int]] = {}

    def ids(self, caps: List[str]) -> torch.Tensor:
        rows = []
        for c in caps:
            if c not in self.memo:
                self.memo[c] = self.tok.encode(c)
            rows.append(self.memo[c])
        return torch.tensor(rows, dtype=torch.long)  # [B, ctx]


def encode_text_unique(model: CLIP, ids: torch.Tensor) -> torch.Tensor:
    """Encode each distinct caption once and gather back: [B, ctx] -> [B, D] (gradients flow through the gather)."""
    uniq, inv = torch.unique(ids, dim=0, return_inverse=True)  # [U, ctx], [B]
    return model.encode_text(uniq)[inv]


def train_stage(model: CLIP, x: np.ndarray, captions: Callable[[np.ndarray, random.Random], List[str]],
                tok, epochs: float, lr: float, batch: int, warmup: int, lam: float, cfg: Config, tag: str,
                log: Callable[[str], None] = print, steps: int = 0, minutes: float = 0.0) -> Dict:
    """One contrastive stage: AdamW, cosine schedule with warm-up, both towers and logit_scale trained.

    Length: `steps` if > 0, else `minutes` if > 0 (the step count is fixed from the throughput of steps 5-25, all
    inside the warm-up, so the schedule is well defined; the chosen count is logged and stored to reproduce), else
    `epochs`."""
    seed_all(cfg.seed)
    rng, prng = np.random.default_rng(cfg.seed), random.Random(cfg.seed)
    n = len(x)
    timed = steps <= 0 and minutes > 0
    if steps <= 0:
        steps = max(1, int(epochs * n / batch)) if not timed else 10 ** 9
    warmup = min(warmup, max(1, steps // 5))
    opt = torch.optim.AdamW(param_groups(model, cfg.weight_decay), lr=lr, betas=(0.9, 0.98), eps=1e-6)
    tc = TextCache(tok)
    perm, pos = rng.permutation(n), 0
    t0, hist = time.time(), []
    model.train()
    step, t5 = 0, None
    while step < steps:
        if timed and step == 5:
            t5 = time.time()
        if timed and step == 25:
            rate = 20 / (time.time() - t5)  # steps / s
            steps = max(26, int(minutes * 60 * rate))
            log(f"[{tag}] {rate * batch:.0f} img/s measured -> {steps} steps for {minutes} min "
                f"({steps * batch / n:.2f} epochs)")
        if pos + batch > n:
            perm, pos = rng.permutation(n), 0
        idx = perm[pos:pos + batch]
        pos += batch
        for g in opt.param_groups:
            g["lr"] = lr_at(step, steps, lr, warmup)
        px = D.normalize(augment(x[idx], rng), cfg.mean, cfg.std)  # [B, 3, 32, 32]
        ids = tc.ids(captions(idx, prng))  # [B, ctx]
        img = model.encode_image(px)  # [B, D]
        txt = encode_text_unique(model, ids)  # [B, D]
        loss, lc, r = cma_loss(img, txt, model.logit_scale.exp(), lam)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        with torch.no_grad():
            model.logit_scale.clamp_(0, math.log(100))
        if step % 50 == 0 or step == steps - 1:
            el = time.time() - t0
            hist.append({"step": step, "loss": float(loss), "clip": float(lc), "R": float(r),
                         "scale": float(model.logit_scale.exp())})
            log(f"[{tag}] step {step + 1}/{steps} loss {float(loss):.4f} clip {float(lc):.4f} R {float(r):.3f} "
                f"s {float(model.logit_scale.exp()):.2f} {(step + 1) * batch / max(el, 1e-9):.0f} img/s {el:.0f}s")
        step += 1
    model.eval()
    secs = time.time() - t0
    return {"steps": steps, "epochs": steps * batch / n, "seconds": secs, "img_per_s": steps * batch / secs,
            "history": hist}


# ----------------------------------------------------------------------------------------------- data for stages
class RecipeData:
    def __init__(self, cfg: Config):
        self.cfg = cfg
        self.text = TextWorld(cfg.data_dir, cfg.seed, cfg.seen_fraction, cfg.context_length)
        g = lambda k: D.dataset(cfg.data_dir, cfg.cache_dir, k, cfg.fmnist_dir)  # noqa: E731
        tin = g(cfg.pre_data)
        wn = {w: i for i, w in enumerate(tin.classes)}
        seen_idx = np.isin(tin.y, [wn[w] for w in self.text.seen])
        self.pre_x, self.pre_wnid = tin.x[seen_idx], [tin.classes[c] for c in tin.y[seen_idx]]
        self.pre_paths = [p for p, k in zip(tin.paths, seen_idx) if k]
        c = g("cifar10_train")
        self.classes = c.classes
        rng = np.random.default_rng(cfg.seed)
        val = np.zeros(len(c.y), bool)
        for k in range(len(c.classes)):  # seeded per-class validation split carved from CIFAR-10 train
            ids = np.where(c.y == k)[0]
            val[rng.choice(ids, cfg.val_per_class, replace=False)] = True
        self.ft_x, self.ft_y = c.x[~val], c.y[~val]
        self.ft_paths = [p for p, v in zip(c.paths, val) if not v]
        self.val_x, self.val_y = c.x[val], c.y[val]
        if cfg.max_train:
            r = np.random.default_rng(cfg.seed + 1)
            pi = r.choice(len(self.pre_x), min(cfg.max_train, len(self.pre_x)), replace=False)
            self.pre_x, self.pre_wnid = self.pre_x[pi], [self.pre_wnid[i] for i in pi]
            self.pre_paths = [self.pre_paths[i] for i in pi]
            fi = r.choice(len(self.ft_x), min(cfg.max_train, len(self.ft_x)), replace=False)
            self.ft_x, self.ft_y, self.ft_paths = self.ft_x[fi], self.ft_y[fi], [self.ft_paths[i] for i in fi]
        self.captions_override = D.read_caption_file(cfg.caption_file) if cfg.caption_file else {}
        self.ft_prompt = [TextWorld.class_prompts(self.classes)[k][0] for k in range(len(self.classes))]

    def pre_captions(self, idx: np.ndarray, rng: random.Random) -> List[str]:
        o = self.captions_override
        return [o.get(self.pre_paths[i]) or self.text.pretrain_caption(self.pre_wnid[i], rng) for i in idx]

    def ft_captions(self, idx: np.ndarray, rng: random.Random) -> List[str]:
        o = self.captions_override
        return [o.get(self.ft_paths[i]) or self.ft_prompt[self.ft_y[i]] for i in idx]


def new_model(cfg: Config, vocab_size: int) -> CLIP:
    seed_all(cfg.seed)
    return CLIP(cfg.clip_config(vocab_size))


def run_pretrain(cfg: Config, rd: RecipeData, path: str, log=print) -> Dict:
    tok = rd.text.tokenizer
    model = new_model(cfg, tok.vocab_size)
    info = train_stage(model, rd.pre_x, rd.pre_captions, tok, cfg.pre_epochs, cfg.pre_lr, cfg.pre_batch,
                       cfg.pre_warmup, 0.0, cfg, "pretrain", log, cfg.pre_steps, cfg.pre_minutes)
    info["val_acc_zeroshot"] = zero_shot_acc(model, tok, rd.val_x, rd.val_y, rd.classes, cfg)
    log(f"[pretrain] zero-shot CIFAR-10 val acc {info['val_acc_zeroshot']:.2f}%")
    save_checkpoint(path, model, cfg.to_dict(),
                    {"vocab": tok.itos, "stage": "pretrain", "info": info})
    return info


def run_finetune(cfg: Config, rd: RecipeData, init: str, path: Optional[str], lam: float, epochs: float,
                 tag: str, log=print, steps: int = 0, minutes: float = 0.0):
    tok = rd.text.tokenizer
    model, ck = load_checkpoint(init)
    info = train_stage(model, rd.ft_x, rd.ft_captions, tok, epochs, cfg.ft_lr, cfg.ft_batch, cfg.ft_warmup, lam,
                       cfg, tag, log, steps, minutes)
    info["lam"] = lam
    info["val_acc"] = zero_shot_acc(model, tok, rd.val_x, rd.val_y, rd.classes, cfg)
    log(f"[{tag}] CIFAR-10 val acc {info['val_acc']:.2f}% (lam={lam})")
    if path:
        save_checkpoint(path, model, cfg.to_dict(), {"vocab": tok.itos, "stage": tag, "info": info})
    return model, info


def main(argv=None) -> None:
    cfg, opts = parse_flags(argv, {"stage": "pretrain"})
    stage = opts["stage"]
    torch.set_num_threads(cfg.threads)
    os.makedirs(cfg.out_dir, exist_ok=True)
    rd = RecipeData(cfg)
    pre = os.path.join(cfg.out_dir, "pretrained.ckpt")
    if stage == "pretrain":
        run_pretrain(cfg, rd, pre)
    elif stage in ("flyp", "cma"):
        lam = 0.0 if stage == "flyp" else (cfg.lam if cfg.lam >= 0 else 0.05)
        run_finetune(cfg, rd, pre, os.path.join(cfg.out_dir, f"{stage}.ckpt"), lam, cfg.ft_epochs, stage)
    else:
        raise SystemExit(f"unknown stage {stage!r}")


if __name__ == "__main__":
    main()
