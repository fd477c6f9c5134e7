"""Bundle export: ONNX encoders (opset 17, dynamic batch), tokenizer.json, manifest, calibration, negative labels,
reference evaluation, fixtures, metrics and model card.

  /usr/bin/python3 -m training.export --from-openai=<state_dict.pt> --out=<dir> [--tokenizer=<tokenizer.json>]
exports an OpenAI-CLIP-layout state dict (ViT or ModifiedResNet) into the same bundle format.
(The tiny bundles are written by recipe.py, which calls write_bundle.)
"""
from __future__ import annotations

import json
import os
import shutil
import tarfile
from typing import Dict, List, Optional

import numpy as np
import torch

from . import data as D
from .data import CIFAR10_CLASSES, EVAL_TEMPLATES
from .config import parse_flags
from .model import CLIP, config_from_openai_state_dict, load_state_dict_strict
from .normal_set import EXEMPLAR_SCORES, write_normal_set
from .text_data import NEG_TEMPLATE
from .tokenizer import BOS, EOS, WordPieceTokenizer

OPSET = 17
CLIP_MEAN = [0.48145466, 0.4578275, 0.40821073]
CLIP_STD = [0.26862954, 0.26130258, 0.27577711]
FIXTURE_PHOTOS = ["photos/id/cat/n02123045_tabby.JPEG", "photos/id/airplane/n02690373_airliner.JPEG",
                  "photos/id/truck/n03417042_garbage_truck.JPEG", "photos/ood/n01871265_tusker.JPEG"]
FIXTURE_CIFAR = ["cifar10/test/cat/0000.jpg", "cifar10/test/ship/0001.jpg"]
FIXTURE_CAPTIONS = ["a photo of a cat.", "A photo of a DOG!", "a blurry photo of a truck, on the road.",
                    "a photo of a zxqvbn", "café au lait 猫", "",
                    "a very long caption about an airplane that keeps going well past the sixteen token context"]


class _Vision(torch.nn.Module):
    def __init__(self, m: CLIP):
        super().__init__()
        self.m = m

    def forward(self, pixel_values):
        return self.m.encode_image(pixel_values)


class _Text(torch.nn.Module):
    def __init__(self, m: CLIP):
        super().__init__()
        self.m = m

    def forward(self, input_ids):
        return self.m.encode_text(input_ids)


def export_onnx(model: CLIP, out: str, image_size: int, context_length: int) -> None:
    import onnx
    model.eval()
    os.makedirs(out, exist_ok=True)
    with torch.no_grad():
        torch.onnx.export(_Vision(model).eval(), (torch.zeros(2, 3, image_size, image_size),),
                          os.path.join(out, "vision.onnx"),
                          input_names=["pixel_values"], output_names=["image_embeds"], opset_version=OPSET,
                          dynamic_axes={"pixel_values": {0: "batch"}, "image_embeds": {0: "batch"}})
        ids = torch.zeros(2, context_length, dtype=torch.long)
        ids[:, 0], ids[:, 1] = model.token_embedding.num_embeddings - 2, model.token_embedding.num_embeddings - 1
        torch.onnx.export(_Text(model).eval(), (ids,), os.path.join(out, "text.onnx"), input_names=["input_ids"],
                          output_names=["text_embeds"], opset_version=OPSET,
                          dynamic_axes={"input_ids": {0: "batch"}, "text_embeds": {0: "batch"}})
    model.eval()
    for f in ("vision.onnx", "text.onnx"):
        onnx.checker.check_model(os.path.join(out, f))


def preprocess_file(path: str, size: int, mean, std, member: Optional[str] = None) -> torch.Tensor:
    """The manifest path on one file (or tar member): -> float32 [1, 3, size, size]."""
    if member:
        with tarfile.open(path, "r:gz") as t:
            data = t.extractfile(member).read()  # type: ignore[union-attr]
        px = D.decode_bytes(data, f"{path}:{member}", size)
    else:
        with open(path, "rb") as f:
            px = D.decode_bytes(f.read(), path, size)
    return D.normalize(px[None], mean, std)


@torch.no_grad()
def make_fixtures(model: CLIP, tok: WordPieceTokenizer, data_dir: str, size: int, mean, std) -> Dict:
    caps = []
    for c in FIXTURE_CAPTIONS:
        ids = tok.encode(c)
        emb = model.encode_text(torch.tensor([ids]))[0]
        caps.append({"text": c, "input_ids": ids, "raw_ids": tok.encode_raw(c), "text_embeds": emb.tolist()})
    imgs = []
    for rel in FIXTURE_PHOTOS + FIXTURE_CIFAR:
        if rel.startswith("cifar10/"):
            entry = {"path": "cifar10.tar.gz", "member": rel}
            x = preprocess_file(os.path.join(data_dir, "cifar10.tar.gz"), size, mean, std, rel)
        else:
            entry = {"path": rel}
            x = preprocess_file(os.path.join(data_dir, rel), size, mean, std)
        entry.update({"pixel_sum": float(x.double().sum()), "pixel_first": x.flatten()[:16].tolist(),
                      "pixel_shape": list(x.shape[1:]), "image_embeds": model.encode_image(x)[0].tolist()})
        imgs.append(entry)
    return {"note": "image paths are relative to shared/data (tar members: path = archive, member = file inside); "
                    "pixel_* describe the preprocessed float32 tensor in CHW order; embeddings are not normalised; "
                    "input_ids are padded/truncated to contextLength, raw_ids are tokenizer.json's output",
            "captions": caps, "images": imgs}


def manifest(bundle_id: str, name: str, description: str, embed_dim: int, logit_scale: float, image_size: int,
             mean, std, context_length: int, classes: List[str], default_score: str, optional: Dict[str, str],
             interpolation: str = "bilinear", templates: Optional[List[str]] = None,
             decode: str = "jpeg-draft") -> Dict:
    """The bundle's manifest.json. `decode`: "jpeg-draft" for models trained on data.py's pixels (JPEGs at a reduced
    DCT scale, data.jpeg_draft), "full" for checkpoints trained elsewhere (a full decode, as their own pipeline)."""
    m = {"format": "alignscope-clip-bundle", "formatVersion": 1, "id": bundle_id, "name": name,
         "description": description, "embedDim": embed_dim, "logitScale": logit_scale,
         "vision": {"file": "vision.onnx", "input": "pixel_values", "output": "image_embeds"},
         "text": {"file": "text.onnx", "input": "input_ids", "output": "text_embeds"},
         "image": {"size": image_size, "decode": decode, "resize": "shortest_edge", "resizeTo": image_size,
                   "interpolation": interpolation,
                   "crop": "center", "cropSize": image_size, "rescale": 1 / 255, "mean": list(mean), "std": list(std)},
         "tokenizer": {"file": "tokenizer.json", "contextLength": context_length, "padTokenId": 0,
                       "bosToken": BOS, "eosToken": EOS},
         "classes": classes, "promptTemplates": list(templates or EVAL_TEMPLATES),
         "scoring": {"default": default_score, "mcmTemperature": 1.0, "neglabelTemperature": 0.01,
                     "neglabelGroups": 1}}
    m.update(optional)
    return m


def _f(a) -> List:
    """float32 array -> nested lists of Python floats (repr of the exact float32 value, as float64)."""
    return np.asarray(a, np.float32).astype(np.float64).tolist()


def write_bundle(out: str, model: CLIP, tok: WordPieceTokenizer, cfg, ev: Dict, sets: Dict, model_name: str,
                 bundle_id: str, title: str, description: str, metrics_all: Dict, default_score: str,
                 model_card: str, emb_per_set: int, bank: Optional[Dict] = None) -> Dict[str, int]:
    """Writes one complete bundle folder (with `bank`: its bundled normal set); returns file sizes."""
    os.makedirs(out, exist_ok=True)
    export_onnx(model, out, cfg.image_size, cfg.context_length)
    tok.save(os.path.join(out, "tokenizer.json"))
    with open(os.path.join(out, "negative_labels.json"), "w") as f:
        json.dump({"labels": ev["neg_labels"], "template": NEG_TEMPLATE,
                   "mining": {"candidates": "TinyImageNet seen-half class names and synonyms (words.txt), minus the "
                                            "CIFAR-overlap classes", "quantile": cfg.neg_quantile,
                              "kept_fraction": cfg.neg_keep}}, f, indent=1)
    # calibration: ID validation (held out of fine-tuning), reference OoD (first 1000 of each set)
    # (text scores only: the exemplar scores take theirs from the normal set's own calibration split, in the app)
    text = lambda d: {k: v for k, v in d.items() if k not in EXEMPLAR_SCORES}  # noqa: E731
    cal = {"id_val": {k: v.tolist() for k, v in text(ev["val_scores"]).items()},
           "ood_ref": {n: {k: v[:1000].tolist() for k, v in text(ev["scores"][n]).items()}
                       for n in sets if n != "cifar10_test"},
           "caption_agreement_id": ev["val_caption_agreement"].tolist(),
           "id_val_count": int(len(ev["val_caption_agreement"]))}
    if ev.get("caption_natural"):
        cal["caption_natural"] = ev["caption_natural"]
    with open(os.path.join(out, "calibration.json"), "w") as f:
        json.dump(cal, f)
    # reference eval: full-set scores, a seeded subsample of embeddings in reference_embeddings.bin
    rng = np.random.default_rng(cfg.seed)
    rows, sets_out, start = [], [], 0
    from .evaluate import OOD_SETS
    info = {n: (near, avg) for n, near, avg in OOD_SETS}
    for n, v in sets.items():
        N = len(v["x"])
        sub = np.sort(rng.choice(N, min(emb_per_set, N), replace=False))
        rows.append(ev["emb"][n][sub])
        entry = {"name": n, "kind": "id" if n == "cifar10_test" else "ood",
                 "near": bool(info.get(n, (False, False))[0]), "in_avg": bool(info.get(n, (False, False))[1]),
                 "count": int(N), "scores": {k: s.tolist() for k, s in ev["scores"][n].items()},
                 "embedding_rows": [start, start + len(sub)], "embedding_index": sub.tolist(),
                 "embedding_scores": {k: s[sub].tolist() for k, s in ev["scores"][n].items()}}
        if n == "cifar10_test":
            entry["labels"] = v["y"].tolist()
            entry["predictions"] = ev["pred"].tolist()
        sets_out.append(entry)
        start += len(sub)
    allrows = np.concatenate(rows).astype("<f4")
    allrows.tofile(os.path.join(out, "reference_embeddings.bin"))
    ref = {"model": model_name, "id_set": "cifar10_test", "logit_scale": ev["logit_scale"],
           "metrics_unit": "fractions in [0, 1] (metrics.json holds the same numbers in percent)",
           "metrics": {"id_acc": ev["id_acc"] / 100.0, **ev["metrics"]},
           "scores_note": "every score is computed in float64 from the float32 L2-normalised image embedding and "
                          "class_text_embeds / neg_text_embeds below, with logitScale from the manifest; "
                          "embedding_scores are the scores of the rows stored in reference_embeddings.bin",
           "sets": sets_out,
           "embeddings": {"file": "reference_embeddings.bin", "dtype": "float32", "byteOrder": "little",
                          "dim": int(allrows.shape[1]), "rows": int(allrows.shape[0]), "normalized": True},
           "class_text_embeds": _f(ev["class_txt"]), "neg_text_embeds": _f(ev["neg_txt"]),
           "neg_labels": ev["neg_labels"]}
    if "exemplar" in ev:  # the bundled normal set's scores above: k, fused's text part, the bank's size
        ref["normal_set"] = {k: ev["exemplar"][k] for k in ("k", "k_rule", "text", "bank_rows", "calibration_rows")}
    with open(os.path.join(out, "reference_eval.json"), "w") as f:
        json.dump(ref, f)
    fx = make_fixtures(model, tok, cfg.data_dir, cfg.image_size, cfg.mean, cfg.std)
    with open(os.path.join(out, "fixtures.json"), "w") as f:
        json.dump(fx, f, indent=1)
    with open(os.path.join(out, "metrics.json"), "w") as f:
        # `model`: which rows are this bundle's (the file holds every model of the run, for comparison)
        json.dump({"model": model_name, **metrics_all}, f, indent=1)
    with open(os.path.join(out, "MODEL_CARD.md"), "w") as f:
        f.write(model_card)
    optional = {"negativeLabels": "negative_labels.json", "calibration": "calibration.json",
                "referenceEval": "reference_eval.json", "fixtures": "fixtures.json", "metrics": "metrics.json"}
    if bank is not None:
        write_normal_set(os.path.join(out, "normal_set.json"), bank, bundle_id,
                         f"CIFAR-10 training photos ({int(bank['in_bank'].sum()):,} + "
                         f"{len(bank['held']):,} held back)")
        optional["normalSet"] = "normal_set.json"
    man = manifest(bundle_id, title, description, int(ev["class_txt"].shape[1]), ev["logit_scale"], cfg.image_size,
                   cfg.mean, cfg.std, cfg.context_length, list(CIFAR10_CLASSES), default_score, optional)
    with open(os.path.join(out, "manifest.json"), "w") as f:
        json.dump(man, f, indent=1)
    return {f: os.path.getsize(os.path.join(out, f)) for f in sorted(os.listdir(out))}


def write_parity_inputs(model: CLIP, tok: WordPieceTokenizer, bundle: str, path: str, size: int, seed: int = 0) -> None:
    """Inputs and PyTorch outputs for ort_parity.mjs (random pixels, fixture token ids)."""
    g = torch.Generator().manual_seed(seed)
    px = torch.randn(3, 3, size, size, generator=g)
    ids = torch.tensor([tok.encode(c) for c in FIXTURE_CAPTIONS])
    with torch.no_grad():
        ie, te = model.encode_image(px), model.encode_text(ids)
    with open(path, "w") as f:
        json.dump({"bundle": os.path.abspath(bundle), "pixel_shape": list(px.shape), "pixels": px.flatten().tolist(),
                   "image_embeds": ie.tolist(), "ids_shape": list(ids.shape), "input_ids": ids.flatten().tolist(),
                   "text_embeds": te.tolist(), "captions": FIXTURE_CAPTIONS,
                   "expected_ids": [tok.encode(c) for c in FIXTURE_CAPTIONS],
                   "context_length": tok.context_length}, f)


def run_ort_parity(parity_json: str) -> None:
    import subprocess
    script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "ort_parity.mjs")
    r = subprocess.run(["node", script, parity_json], cwd=os.path.dirname(os.path.dirname(script)))
    if r.returncode != 0:
        raise SystemExit(f"ONNX Runtime parity check failed for {parity_json}")


def export_from_openai(sd_path: str, out: str, tokenizer_path: str, classes: List[str] = CIFAR10_CLASSES,
                       bundle_id: Optional[str] = None, parity: bool = False) -> Dict:
    """OpenAI-layout state dict -> bundle (vision/text ONNX, tokenizer, manifest with CLIP mean/std)."""
    if not os.path.exists(sd_path):
        raise SystemExit(f"state dict not found: {sd_path}")
    sd = torch.load(sd_path, map_location="cpu")
    if hasattr(sd, "state_dict"):  # a JIT archive from openai/CLIP
        sd = sd.state_dict()
    sd = {k: v for k, v in sd.items() if k not in ("input_resolution", "context_length", "vocab_size")}
    arch = config_from_openai_state_dict(sd)
    model = CLIP(arch)
    load_state_dict_strict(model, sd, sd_path)
    model.eval()
    tok = WordPieceTokenizer.load(tokenizer_path, arch.context_length)
    if tok.vocab_size > arch.vocab_size:
        raise SystemExit(f"{tokenizer_path}: {tok.vocab_size} tokens do not fit the model's {arch.vocab_size}")
    if tok.eos_id != tok.vocab_size - 1:
        raise SystemExit(f"{tokenizer_path}: EOS must have the largest id")
    os.makedirs(out, exist_ok=True)
    export_onnx(model, out, arch.image_size, arch.context_length)
    shutil.copyfile(tokenizer_path, os.path.join(out, "tokenizer.json"))
    bid = bundle_id or os.path.basename(os.path.normpath(out))
    man = manifest(bid, f"{bid} (OpenAI CLIP layout)", f"Exported from {os.path.basename(sd_path)}",
                   arch.embed_dim, float(model.logit_scale.exp()), arch.image_size, CLIP_MEAN, CLIP_STD,
                   arch.context_length, list(classes), "mcm", {}, interpolation="bicubic",  # OpenAI CLIP: bicubic
                   decode="full")
    with open(os.path.join(out, "manifest.json"), "w") as f:
        json.dump(man, f, indent=1)
    if parity:
        p = os.path.join(out, "..", f".{bid}-parity.json")
        write_parity_inputs(model, tok, out, p, arch.image_size)
        run_ort_parity(p)
        os.remove(p)
    return man


def main(argv=None) -> None:
    _, kv = parse_flags(argv, {"from_openai": "", "out": "", "tokenizer": "", "parity": False})
    if not kv["from_openai"] or not kv["out"]:
        raise SystemExit("usage: python3 -m training.export --from-openai=<state_dict.pt> --out=<dir> "
                         "[--tokenizer=models/cifar10-cma-tiny/tokenizer.json] [--parity=1]")
    tokp = kv["tokenizer"] or os.path.join(os.path.dirname(__file__), "..", "models", "cifar10-cma-tiny",
                                           "tokenizer.json")
    man = export_from_openai(kv["from_openai"], kv["out"], tokp, parity=kv["parity"])
    print(json.dumps({k: man[k] for k in ("id", "embedDim", "logitScale")}))


if __name__ == "__main__":
    main()
