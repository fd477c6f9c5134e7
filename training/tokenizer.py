"""WordPiece tokenizer, identical in Python (training) and in the browser (`@huggingface/tokenizers`, tokenizer.json).

normalizer NFD -> StripAccents -> Lowercase; pre-tokenizer BertPreTokenizer (split on whitespace, every punctuation
char its own token); WordPiece greedy longest match, "##" continuation, [UNK] for words > 100 chars or unmatched;
template `<|startoftext|> $A <|endoftext|>`. Ids: [PAD]=0, [UNK]=1, words, chars, ##chars, BOS=V-2, EOS=V-1 (largest,
so argmax pooling finds it). Pad with 0 to the context length; too long -> cut and set the last token to EOS.
"""
from __future__ import annotations

import json
import re
import string
import unicodedata
from collections import Counter
from typing import Dict, Iterable, List, Sequence

import numpy as np

PAD, UNK, BOS, EOS = "[PAD]", "[UNK]", "<|startoftext|>", "<|endoftext|>"
CHARS = list(string.ascii_lowercase + string.digits + string.punctuation)


def _is_punct(ch: str) -> bool:
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def normalize_text(text: str) -> str:
    text = unicodedata.normalize("NFD", text)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return text.lower()


def pre_tokenize(text: str) -> List[str]:
    out: List[str] = []
    for word in text.split():
        cur = ""
        for ch in word:
            if _is_punct(ch):
                if cur:
                    out.append(cur)
                    cur = ""
                out.append(ch)
            else:
                cur += ch
        if cur:
            out.append(cur)
    return out


class WordPieceTokenizer:
    def __init__(self, vocab: Sequence[str], context_length: int = 16):
        self.itos = list(vocab)
        self.vocab: Dict[str, int] = {t: i for i, t in enumerate(self.itos)}
        assert self.itos[0] == PAD and self.itos[1] == UNK and self.itos[-2] == BOS and self.itos[-1] == EOS
        self.context_length = context_length
        self.bos_id, self.eos_id, self.unk_id, self.pad_id = len(vocab) - 2, len(vocab) - 1, 1, 0

    @property
    def vocab_size(self) -> int:
        return len(self.itos)

    def _wordpiece(self, word: str) -> List[int]:
        if len(word) > 100:
            return [self.unk_id]
        ids, start = [], 0
        while start < len(word):
            end, cur = len(word), None
            while start < end:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                if piece in self.vocab:
                    cur = self.vocab[piece]
                    break
                end -= 1
            if cur is None:
                return [self.unk_id]
            ids.append(cur)
            start = end
        return ids

    def encode_raw(self, text: str) -> List[int]:
        """BOS + word pieces + EOS, no padding or truncation (what tokenizer.json produces)."""
        ids = [self.bos_id]
        for w in pre_tokenize(normalize_text(text)):
            ids.extend(self._wordpiece(w))
        return ids + [self.eos_id]

    def encode(self, text: str) -> List[int]:
        ids = self.encode_raw(text)
        n = self.context_length
        if len(ids) > n:
            ids = ids[:n]
            ids[-1] = self.eos_id
        return ids + [self.pad_id] * (n - len(ids))

    def encode_batch(self, texts: Iterable[str]) -> np.ndarray:
        return np.asarray([self.encode(t) for t in texts], dtype=np.int64)  # [B, ctx]

    def to_hf_json(self) -> dict:
        V = self.vocab_size
        special = [(0, PAD), (1, UNK), (V - 2, BOS), (V - 1, EOS)]
        return {
            "version": "1.0",
            "truncation": None,
            "padding": None,
            "added_tokens": [{"id": i, "content": t, "single_word": False, "lstrip": False, "rstrip": False,
                              "normalized": False, "special": True} for i, t in special],
            "normalizer": {"type": "Sequence", "normalizers": [{"type": "NFD"}, {"type": "StripAccents"},
                                                               {"type": "Lowercase"}]},
            "pre_tokenizer": {"type": "BertPreTokenizer"},
            "post_processor": {
                "type": "TemplateProcessing",
                "single": [{"SpecialToken": {"id": BOS, "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                           {"SpecialToken": {"id": EOS, "type_id": 0}}],
                "pair": [{"SpecialToken": {"id": BOS, "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                         {"SpecialToken": {"id": EOS, "type_id": 0}}, {"Sequence": {"id": "B", "type_id": 1}},
                         {"SpecialToken": {"id": EOS, "type_id": 1}}],
                "special_tokens": {BOS: {"id": BOS, "ids": [V - 2], "tokens": [BOS]},
                                   EOS: {"id": EOS, "ids": [V - 1], "tokens": [EOS]}},
            },
            "decoder": {"type": "WordPiece", "prefix": "##", "cleanup": True},
            "model": {"type": "WordPiece", "unk_token": UNK, "continuing_subword_prefix": "##",
                      "max_input_chars_per_word": 100, "vocab": {t: i for i, t in enumerate(self.itos)}},
        }

    def save(self, path: str) -> None:
        with open(path, "w", encoding="utf-8") as f:
            json.dump(self.to_hf_json(), f, ensure_ascii=False)

    @classmethod
    def load(cls, path: str, context_length: int = 16) -> "WordPieceTokenizer":
        with open(path, encoding="utf-8") as f:
            vocab = json.load(f)["model"]["vocab"]
        itos = [""] * len(vocab)
        for t, i in vocab.items():
            itos[i] = t
        return cls(itos, context_length)


def build_vocab(required_texts: Iterable[str], extra_text: Iterable[str], n_common: int = 3000) -> List[str]:
    """[PAD], [UNK], required words, the n_common most frequent other words, chars, ##chars, BOS, EOS."""
    words: List[str] = []
    seen = set()

    def add(w: str) -> None:
        if w not in seen and w not in (PAD, UNK, BOS, EOS):
            seen.add(w)
            words.append(w)

    for t in required_texts:
        for w in pre_tokenize(normalize_text(t)):
            add(w)
    counts: Counter = Counter()
    for t in extra_text:
        for w in pre_tokenize(normalize_text(t)):
            if re.fullmatch(r"[a-z]{2,}", w):
                counts[w] += 1
    for w, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:n_common]:
        add(w)
    pieces = [c for c in CHARS if c not in seen] + ["##" + c for c in CHARS]
    return [PAD, UNK] + words + pieces + [BOS, EOS]
