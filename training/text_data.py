"""Captions, class names, negative-label candidates and the tokenizer vocabulary."""
from __future__ import annotations

import random
import re
from typing import Dict, List

from .data import CIFAR10_CLASSES, EVAL_TEMPLATES, PRETRAIN_TEMPLATES, tin_meta, seen_unseen_split
from .tokenizer import WordPieceTokenizer, build_vocab

NEG_TEMPLATE = "a photo of a {}."


def clean_name(name: str) -> str:
    return re.sub(r"\s+", " ", name.replace("_", " ")).strip()


class TextWorld:
    """Everything textual the recipe needs, derived deterministically from words.txt and the seeded split."""

    def __init__(self, data_dir: str, seed: int, seen_fraction: float = 0.5, context_length: int = 16):
        meta = tin_meta(data_dir)
        self.wnids: List[str] = meta["wnids"]
        self.overlap: List[str] = meta["overlap"]
        self.overlap_direct: Dict[str, str] = meta["overlap_direct"]  # wnid -> CIFAR-10 class (same concept)
        words = meta["words"]
        self.synonyms: Dict[str, List[str]] = {w: [clean_name(s) for s in words.get(w, [w])] for w in self.wnids}
        self.seen, self.unseen = seen_unseen_split(self.wnids, self.overlap, seed, seen_fraction)
        assert not set(self.overlap) & set(self.unseen)
        # negative candidates: names + synonyms of the seen half, minus the CIFAR-overlap classes (ID concepts)
        cands: List[str] = []
        for w in self.seen:
            if w in self.overlap:
                continue
            for s in self.synonyms[w]:
                s = s.lower()
                if s not in cands and s not in CIFAR10_CLASSES:
                    cands.append(s)
        self.neg_candidates = cands
        required = [t.format("") for t in PRETRAIN_TEMPLATES + EVAL_TEMPLATES + [NEG_TEMPLATE]] + CIFAR10_CLASSES
        required += [s for w in self.wnids for s in self.synonyms[w]] + cands
        extra = [s for syns in meta["words"].values() for s in syns]
        self.tokenizer = WordPieceTokenizer(build_vocab(required, extra, n_common=6000), context_length)

    def pretrain_caption(self, wnid: str, rng: random.Random) -> str:
        return rng.choice(PRETRAIN_TEMPLATES).format(rng.choice(self.synonyms[wnid]))

    @staticmethod
    def class_prompts(classes: List[str], templates: List[str] = EVAL_TEMPLATES) -> List[List[str]]:
        return [[t.format(c) for t in templates] for c in classes]
