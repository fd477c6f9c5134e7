"""Contrastive pretraining (TinyImageNet seen half) and FLYP / CMA fine-tuning (CIFAR-10) on CPU.

Usage: /usr/bin/python3 -m training.train --stage=pretrain|flyp|cma [--resume] [--key=value ...]  (recipe.py runs all)
--resume continues the stage from its mid-stage snapshot (`<checkpoint>.partial`, snapshot.py) when there is one.
"""
from __future__ import annotations

import math
import os
import random
import time
from dataclasses import dataclass
from typing import Callable, Dict, List, Optional

import numpy as np
import torch

from . import data as D
from .config import Config, parse_flags
from .loss import cma_loss
from .embed import zero_shot_acc
from .augment import random_resized_crop_flip
from .model import CLIP, load_checkpoint, save_checkpoint
from .snapshot import SnapshotError, SnapshotState
from .text_data import TextWorld


def seed_all(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def augment_padcrop(x: np.ndarray, rng: np.random.Generator, pad: int = 4) -> np.ndarray:
    """Random crop (zero padding `pad`) + horizontal flip on uint8 [B, H, W, 3] (the pretraining stage's)."""
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


def batch_pixels(x: np.ndarray, aug: str, rng: np.random.Generator, gen: torch.Generator, cfg: Config) -> torch.Tensor:
    """uint8 [B, H, W, 3] -> augmented, normalised float [B, 3, H, W]. aug: "padcrop" | "rrc"."""
    if aug == "padcrop":
        return D.normalize(augment_padcrop(x, rng), cfg.mean, cfg.std)
    if aug == "rrc":
        return random_resized_crop_flip(D.normalize(x, cfg.mean, cfg.std), gen, (cfg.aug_side_min, 1.0))
    raise SystemExit(f"unknown augmentation {aug!r} (padcrop or rrc)")


@dataclass
class Part:
    """A second source of (image, caption) pairs mixed into every batch of a stage."""
    x: np.ndarray  # uint8 [N, H, W, 3]
    captions: Callable[[np.ndarray, random.Random], List[str]]
    is_id: np.ndarray  # bool [N]: in-distribution pairs, the only ones CMA's R sees
    share: float  # fraction of each batch drawn from this part


class EMA:
    """Exponential moving average of every float tensor of the state dict (weights and BN statistics)."""

    def __init__(self, model: torch.nn.Module, decay: float):
        self.decay = decay
        self.shadow = {k: v.detach().clone() for k, v in model.state_dict().items()}

    @torch.no_grad()
    def update(self, model: torch.nn.Module, step: int) -> None:
        d = min(self.decay, (1 + step) / (10 + step))  # short memory early, while the weights move fast
        for k, v in model.state_dict().items():
            if v.dtype.is_floating_point:
                self.shadow[k].mul_(d).add_(v.detach(), alpha=1 - d)
            else:
                self.shadow[k].copy_(v)

    def copy_to(self, model: torch.nn.Module) -> None:
        model.load_state_dict(self.shadow)


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
                log: Callable[[str], None] = print, steps: int = 0, minutes: float = 0.0,
                aux: Optional[Part] = None, aug: str = "padcrop", ema_decay: float = 0.0,
                snapshot: Optional[str] = None, resume: bool = False) -> Dict:
    """One contrastive stage: AdamW, cosine schedule with warm-up, both towers and logit_scale trained.

    `aux` mixes a second source into every batch (its share of the batch; epochs count the main source only);
    `ema_decay` > 0 keeps an EMA of the weights and leaves it in the model at the end.

    `snapshot`: a path the whole training state is written to every `cfg.snapshot_minutes` (snapshot.py), removed
    when the stage ends; with `resume` an existing one is continued, so a stage longer than a session survives it.

    Length: `steps` if > 0, else `minutes` if > 0 (the step count is fixed from the throughput of steps 5-25, all
    inside the warm-up, so the schedule is well defined; the chosen count is logged and stored to reproduce), else
    `epochs`."""
    seed_all(cfg.seed)
    rng, prng = np.random.default_rng(cfg.seed), random.Random(cfg.seed)
    gen = torch.Generator().manual_seed(cfg.seed)
    n = len(x)
    n_aux = int(round(batch * aux.share)) if aux is not None else 0
    main_b = batch - n_aux  # main-source images per batch
    timed = steps <= 0 and minutes > 0
    if steps <= 0:
        steps = max(1, int(epochs * n / main_b)) if not timed else 10 ** 9
    warmup = min(warmup, max(1, steps // 5))
    opt = torch.optim.AdamW(param_groups(model, cfg.weight_decay), lr=lr, betas=(0.9, 0.98), eps=1e-6)
    tc = TextCache(tok)
    ema = EMA(model, ema_decay) if ema_decay > 0 else None
    perm, pos = rng.permutation(n), 0
    aperm, apos = (rng.permutation(len(aux.x)), 0) if aux is not None else (None, 0)
    t0, hist = time.time(), []
    step, t5 = 0, None
    state = SnapshotState(model, opt, ema, rng, prng, gen)
    fingerprint = {"tag": tag, "n": n, "batch": batch, "main_b": main_b, "lr": lr, "lam": lam, "aug": aug,
                   "ema_decay": ema_decay, "seed": cfg.seed}
    if snapshot and resume and os.path.exists(snapshot):
        got = state.load(snapshot, fingerprint)
        if not timed and got["steps"] != steps:  # a timed stage fixed its count from throughput: the snapshot's holds
            raise SnapshotError(f"{snapshot}: made for a stage of {got['steps']} steps, not {steps}; "
                                f"delete it to start the stage afresh")
        step, steps, hist = got["step"], got["steps"], got["hist"]
        perm, pos, aperm, apos = got["perm"], got["pos"], got["aperm"], got["apos"]
        t0 -= got["seconds"]  # the stage's own wall time keeps counting across sessions
        log(f"[{tag}] resumed from {snapshot} at step {step}/{steps}")
    elif snapshot and os.path.exists(snapshot):
        os.remove(snapshot)  # a fresh stage: an old snapshot would be resumed by mistake later
    last_snap = time.time()
    # channels-last activations and conv weights: oneDNN's CPU convolutions run ~1.4x faster that way (measured on
    # the 32/64/128 tower, batch 256, 2 threads); back to the default layout before the model is saved or exported
    model.visual.to(memory_format=torch.channels_last)
    model.train()
    while step < steps:
        if snapshot and time.time() - last_snap >= cfg.snapshot_minutes * 60 and not (timed and step <= 25):
            state.save(snapshot, fingerprint, {"step": step, "steps": steps, "hist": hist, "perm": perm, "pos": pos,
                                               "aperm": aperm, "apos": apos, "seconds": time.time() - t0})
            last_snap = time.time()
        if timed and step == 5:
            t5 = time.time()
        if timed and step == 25:
            rate = 20 / (time.time() - t5)  # steps / s
            steps = max(26, int(minutes * 60 * rate))
            log(f"[{tag}] {rate * batch:.0f} img/s measured -> {steps} steps for {minutes} min "
                f"({steps * main_b / n:.2f} epochs)")
        if pos + main_b > n:
            perm, pos = rng.permutation(n), 0
        idx = perm[pos:pos + main_b]
        pos += main_b
        for g in opt.param_groups:
            g["lr"] = lr_at(step, steps, lr, warmup)
        xb, caps, id_mask = x[idx], captions(idx, prng), None
        if aux is not None:
            if apos + n_aux > len(aux.x):
                aperm, apos = rng.permutation(len(aux.x)), 0
            aidx = aperm[apos:apos + n_aux]
            apos += n_aux
            xb, caps = np.concatenate([xb, aux.x[aidx]]), caps + aux.captions(aidx, prng)
            id_mask = torch.from_numpy(np.concatenate([np.ones(len(idx), bool), aux.is_id[aidx]]))
        px = batch_pixels(xb, aug, rng, gen, cfg).contiguous(memory_format=torch.channels_last)  # [B, 3, 32, 32]
        ids = tc.ids(caps)  # [B, ctx]
        img = model.encode_image(px)  # [B, D]
        txt = encode_text_unique(model, ids)  # [B, D]
        loss, lc, r = cma_loss(img, txt, model.logit_scale.exp(), lam, id_mask)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        with torch.no_grad():
            model.logit_scale.clamp_(0, math.log(100))
        if ema is not None:
            ema.update(model, step)
        if step % 50 == 0 or step == steps - 1:
            el = time.time() - t0
            hist.append({"step": step, "loss": float(loss), "clip": float(lc), "R": float(r),
                         "scale": float(model.logit_scale.exp())})
            log(f"[{tag}] step {step + 1}/{steps} loss {float(loss):.4f} clip {float(lc):.4f} R {float(r):.3f} "
                f"s {float(model.logit_scale.exp()):.2f} {(step + 1) * batch / max(el, 1e-9):.0f} img/s {el:.0f}s")
        step += 1
    if ema is not None:
        ema.copy_to(model)
    if snapshot and os.path.exists(snapshot):
        os.remove(snapshot)
    model.visual.to(memory_format=torch.contiguous_format)
    model.eval()
    secs = time.time() - t0
    return {"steps": steps, "epochs": steps * main_b / n, "seconds": secs, "img_per_s": steps * batch / secs,
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
        # validation OoD for lambda selection: TinyImageNet *train* images of the unseen half (the test's near-OoD set
        # is the unseen half's *val* images, never used for a choice)
        vr = np.random.default_rng(cfg.seed + 2)
        unseen_x = tin.x[np.isin(tin.y, [wn[w] for w in self.text.unseen])]
        self.val_ood_x = unseen_x[np.sort(vr.choice(len(unseen_x), min(cfg.val_ood, len(unseen_x)), replace=False))]
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
        # fine-tuning's second source: the pretraining images of the seen half. A `direct` CIFAR-overlap class
        # (goose, Chihuahua, tabby, ...) is ID and captioned with its CIFAR-10 prompt: CIFAR concepts photographed
        # the ImageNet way; the other seen classes keep their own names: what the ID classes must stay apart from.
        # `near` overlap classes (lion, ox, ...) are ambiguous and left out.
        direct = self.text.overlap_direct
        ci = {c: k for k, c in enumerate(self.classes)}
        keep = [i for i, w in enumerate(self.pre_wnid) if w in direct or w not in self.text.overlap]
        self.aux_x = self.pre_x[keep]
        self.aux_wnid = [self.pre_wnid[i] for i in keep]
        self.aux_label = np.array([ci[direct[w]] if w in direct else -1 for w in self.aux_wnid], np.int64)
        # ImageNet-domain ID validation: TinyImageNet val images of the direct classes, labelled with their CIFAR class
        tv = g("tin_val")
        tv_w = np.asarray(tv.classes)[tv.y]
        dv = np.isin(tv_w, list(direct))
        self.val_in_x = tv.x[dv]
        self.val_in_y = np.array([ci[direct[w]] for w in tv_w[dv]], np.int64)

    def pre_captions(self, idx: np.ndarray, rng: random.Random) -> List[str]:
        o = self.captions_override
        return [o.get(self.pre_paths[i]) or self.text.pretrain_caption(self.pre_wnid[i], rng) for i in idx]

    def ft_captions(self, idx: np.ndarray, rng: random.Random) -> List[str]:
        o = self.captions_override
        return [o.get(self.ft_paths[i]) or self.ft_prompt[self.ft_y[i]] for i in idx]

    def aux_captions(self, idx: np.ndarray, rng: random.Random) -> List[str]:
        return [self.ft_prompt[self.aux_label[i]] if self.aux_label[i] >= 0
                else self.text.pretrain_caption(self.aux_wnid[i], rng) for i in idx]

    def aux_part(self) -> Optional[Part]:
        if self.cfg.ft_aux_share <= 0 or not len(self.aux_x):
            return None
        return Part(self.aux_x, self.aux_captions, self.aux_label >= 0, self.cfg.ft_aux_share)


def new_model(cfg: Config, vocab_size: int) -> CLIP:
    seed_all(cfg.seed)
    return CLIP(cfg.clip_config(vocab_size))


def run_pretrain(cfg: Config, rd: RecipeData, path: str, log=print, resume: bool = False) -> Dict:
    tok = rd.text.tokenizer
    model = new_model(cfg, tok.vocab_size)
    info = train_stage(model, rd.pre_x, rd.pre_captions, tok, cfg.pre_epochs, cfg.pre_lr, cfg.pre_batch,
                       cfg.pre_warmup, 0.0, cfg, "pretrain", log, cfg.pre_steps, cfg.pre_minutes,
                       snapshot=f"{path}.partial", resume=resume)
    info["val_acc_zeroshot"] = zero_shot_acc(model, tok, rd.val_x, rd.val_y, rd.classes, cfg)
    log(f"[pretrain] zero-shot CIFAR-10 val acc {info['val_acc_zeroshot']:.2f}%")
    save_checkpoint(path, model, cfg.to_dict(),
                    {"vocab": tok.itos, "stage": "pretrain", "info": info})
    return info


def validation_report(model: CLIP, rd: RecipeData, cfg: Config) -> Dict[str, float]:
    """What the recipe's choices are made on (never test data): CIFAR-10 val accuracy, accuracy on ImageNet-domain
    photos of the same concepts (TinyImageNet val, direct-overlap classes), and MCM AUROC of CIFAR-10 val against
    TinyImageNet train images of the unseen half."""
    from . import metrics as M
    from . import scores as S
    from .embed import embed_images, embed_prompts
    txt = embed_prompts(model, rd.text.tokenizer, TextWorld.class_prompts(rd.classes))
    val = embed_images(model, rd.val_x, cfg)
    out = {"val_acc": float(np.mean((val @ txt.T).argmax(1) == rd.val_y) * 100)}
    if len(rd.val_in_x):
        e = embed_images(model, rd.val_in_x, cfg)
        out["val_imagenet_acc"] = float(np.mean((e @ txt.T).argmax(1) == rd.val_in_y) * 100)
    ood = embed_images(model, rd.val_ood_x, cfg)
    m = M.ood_metrics(S.mcm(S.cosines(val, txt)), S.mcm(S.cosines(ood, txt)))
    out["val_ood_auroc"], out["val_ood_fpr95"] = m["auroc"] * 100, m["fpr95"] * 100
    return out


def run_finetune(cfg: Config, rd: RecipeData, init: str, path: Optional[str], lam: float, epochs: float,
                 tag: str, log=print, steps: int = 0, minutes: float = 0.0, resume: bool = False):
    tok = rd.text.tokenizer
    model, ck = load_checkpoint(init)
    model.config.tta_flip = cfg.tta_flip  # stored in the checkpoint's arch and exported in the graph
    info = train_stage(model, rd.ft_x, rd.ft_captions, tok, epochs, cfg.ft_lr, cfg.ft_batch, cfg.ft_warmup, lam,
                       cfg, tag, log, steps, minutes, aux=rd.aux_part(), aug=cfg.ft_aug, ema_decay=cfg.ema_decay,
                       snapshot=f"{path}.partial" if path else None, resume=resume)
    info["lam"] = lam
    info.update(validation_report(model, rd, cfg))
    log(f"[{tag}] val: CIFAR-10 acc {info['val_acc']:.2f}%, ImageNet-domain acc {info.get('val_imagenet_acc', 0):.2f}%"
        f", MCM AUROC vs unseen-half train {info['val_ood_auroc']:.2f}% (lam={lam})")
    if path:
        save_checkpoint(path, model, cfg.to_dict(), {"vocab": tok.itos, "stage": tag, "info": info})
    return model, info


def main(argv=None) -> None:
    cfg, opts = parse_flags(argv, {"stage": "pretrain", "resume": False})
    stage, resume = opts["stage"], opts["resume"]
    torch.set_num_threads(cfg.threads)
    os.makedirs(cfg.out_dir, exist_ok=True)
    rd = RecipeData(cfg)
    pre = os.path.join(cfg.out_dir, "pretrained.ckpt")
    if stage == "pretrain":
        run_pretrain(cfg, rd, pre, resume=resume)
    elif stage in ("flyp", "cma"):
        lam = 0.0 if stage == "flyp" else (cfg.lam if cfg.lam >= 0 else 0.05)
        run_finetune(cfg, rd, pre, os.path.join(cfg.out_dir, f"{stage}.ckpt"), lam, cfg.ft_epochs, stage,
                     steps=cfg.ft_steps, minutes=cfg.ft_minutes, resume=resume)
    else:
        raise SystemExit(f"unknown stage {stage!r}")


if __name__ == "__main__":
    main()
