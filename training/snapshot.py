"""Mid-stage snapshots: the whole state of a training stage, so a stage longer than one session can be resumed.

A stage checkpoint (model.save_checkpoint) holds weights only: enough to start the next stage, not to continue this
one. A snapshot adds what continuing needs - optimiser moments, the EMA, the step, the data order and every random
generator - so a resumed stage takes exactly the steps an uninterrupted one would (training/tests/test_snapshot.py).
It lives beside the stage's checkpoint as `<checkpoint>.partial` (ignored by git: ~4x the weights) and is removed
when the stage ends.
"""
from __future__ import annotations

import random
from typing import Dict, Optional

import numpy as np
import torch

from .model import atomic_save


class SnapshotError(Exception):
    """A snapshot that does not belong to the stage being resumed (other data, batch, lr, ...)."""


class SnapshotState:
    """The objects of a running stage whose state a snapshot carries (plus the loop's own values, passed to save)."""

    def __init__(self, model: torch.nn.Module, opt: torch.optim.Optimizer, ema, rng: np.random.Generator,
                 prng: random.Random, gen: torch.Generator):
        self.model, self.opt, self.ema, self.rng, self.prng, self.gen = model, opt, ema, rng, prng, gen

    def save(self, path: str, fingerprint: Dict, loop: Dict) -> None:
        atomic_save({"fingerprint": fingerprint, "loop": loop, "model": self.model.state_dict(),
                     "opt": self.opt.state_dict(), "ema": None if self.ema is None else self.ema.shadow,
                     "rng": self.rng.bit_generator.state, "prng": self.prng.getstate(),
                     "gen": self.gen.get_state(), "torch": torch.get_rng_state()}, path)

    def load(self, path: str, fingerprint: Dict) -> Dict:
        """Restores every object from `path` and returns the loop's values; SnapshotError names what differs."""
        try:
            snap = torch.load(path, map_location="cpu")
        except Exception as e:  # a damaged file: say which, never train on from a half-read state
            raise SnapshotError(f"{path}: not a readable snapshot ({e}); delete it to start the stage afresh") from None
        theirs: Optional[Dict] = snap.get("fingerprint") if isinstance(snap, dict) else None
        if theirs != fingerprint:
            diff = sorted(k for k in set(fingerprint) | set(theirs or {})
                          if (theirs or {}).get(k) != fingerprint.get(k))
            raise SnapshotError(f"{path}: made for another stage setting ({', '.join(diff)} differ); "
                                f"delete it to start the stage afresh")
        self.model.load_state_dict(snap["model"])
        self.opt.load_state_dict(snap["opt"])
        if self.ema is not None:
            self.ema.shadow = snap["ema"]
        self.rng.bit_generator.state = snap["rng"]
        self.prng.setstate(snap["prng"])
        self.gen.set_state(snap["gen"])
        torch.set_rng_state(snap["torch"])
        return snap["loop"]
