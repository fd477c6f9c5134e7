"""Fine-tune on your own ImageFolder (one folder per class) and export a complete bundle.

  /usr/bin/python3 -m training.finetune --train_dir=/path/to/photos --out=models/my-site-cma \\
      [--lam=0.01] [--caption_file=captions.tsv] [--val_fraction=0.1] [--init=<recipe checkpoint>|random] \\
      [--ood_dir=/path/to/known_abnormal] [--templates='["a photo of a {}."]'] [--id=...] [--name=...] \\
      [--parity=1] [--ckpt=<out>.ckpt] [--key=value ...]   (any training/config.py key, e.g. --ft_epochs=10)

- `train_dir/<class>/<image>`: class names are the folder names (`_` -> space); images of any size go through the
  recipe's decode -> EXIF transpose -> RGB -> shortest side to image_size -> centre crop path (data.py); corrupt
  files are skipped and counted; a missing folder or an empty class folder is named in the error.
- Captions: a random prompt template per image and step (`--templates`, a JSON list or `|`-separated; default
  "a photo of a {}."), or the per-image caption of `--caption_file` (TSV `<class>/<file>\\t<caption>`).
- A seeded per-class `--val_fraction` is held out: it gives the validation ID accuracy (metrics.json) and the
  ID calibration scores; `--ood_dir` (any folder of images) adds reference OoD scores and FPR95/AUROC.
- `--init`: a recipe checkpoint (`.ckpt`, e.g. training/runs/full/cma.ckpt); default: the recipe's
  pretrain checkpoint (`<out_dir>/pretrained.ckpt`) when it exists. ONNX bundles cannot be fine-tuned.
  `--init=random` trains from scratch (vocabulary from your class names and captions) - expect poor accuracy.
- Training is train.py's `train_stage` with loss.py's L_CLIP + lambda R (CMA; `--lam=0` is FLYP); the bundle is
  written with export.py's ONNX export and manifest (no negative labels: there is no candidate vocabulary).
"""
from __future__ import annotations

import json
import os
import random
import sys
import time
from typing import Dict, List, Optional

import numpy as np
import torch

from . import data as D
from . import metrics as M
from . import scores as S
from .config import Config, from_dict, parse_flags
from .export import export_onnx, manifest, run_ort_parity, write_parity_inputs
from .model import load_checkpoint, save_checkpoint
from .text_data import TextWorld, clean_name
from .tokenizer import WordPieceTokenizer, build_vocab, normalize_text, pre_tokenize
from .embed import embed_images, embed_prompts
from .train import new_model, train_stage

# this entry point's own flags and their defaults (types follow the defaults; every other flag is a Config key)
OPTIONS = {"train_dir": "", "out": "", "init": "", "val_fraction": 0.1, "ood_dir": "", "templates": "", "id": "",
           "name": "", "parity": True, "ckpt": None}
# fine-tuning defaults that differ from the recipe's (a user's folder is small; no throughput-timed stages)
FT_DEFAULTS = {"ft_minutes": 0.0, "ft_epochs": 20.0, "ft_batch": 128, "ft_warmup": 20, "lam": 0.01}
USAGE = ("usage: python3 -m training.finetune --train_dir=<ImageFolder> --out=<bundle dir> [--lam=0.01] "
         "[--caption_file=…] [--val_fraction=0.1] [--init=<.ckpt>|random] [--ood_dir=…]")


def parse_templates(raw: str) -> List[str]:
    t = json.loads(raw) if raw.strip().startswith("[") else [x for x in raw.split("|") if x.strip()]
    bad = [x for x in t if "{}" not in x]
    if not t or bad:
        raise SystemExit(f"--templates: every template needs '{{}}' for the class name (got {bad or t})")
    return t


def split_val(y: np.ndarray, frac: float, seed: int) -> np.ndarray:
    """Seeded per-class validation mask: round(frac * n) images of each class (>= 1 when frac > 0 and n >= 2)."""
    rng = np.random.default_rng(seed)
    val = np.zeros(len(y), bool)
    if frac <= 0:
        return val
    for k in np.unique(y):
        ids = np.where(y == k)[0]
        n = min(len(ids) - 1, max(1, int(round(frac * len(ids)))))
        if n > 0:
            val[rng.choice(ids, n, replace=False)] = True
    return val


def resolve_init(own: Dict[str, str], cfg: Config, log) -> Optional[str]:
    init = own.get("init", "")
    if init == "random":
        log("WARNING: --init=random: training from scratch on your folder alone; expect a weak model "
            "(start from a recipe checkpoint for a useful one)")
        return None
    if not init:
        init = os.path.join(cfg.out_dir, "pretrained.ckpt")
        if not os.path.exists(init):
            raise SystemExit(f"no checkpoint to start from: {init} does not exist (run `/usr/bin/python3 -m "
                             f"training.recipe` first, pass --init=<recipe .ckpt>, or --init=random)")
    if init.endswith(".onnx") or os.path.isdir(init):
        raise SystemExit(f"--init={init}: ONNX bundles cannot be fine-tuned; pass a recipe checkpoint (.ckpt) "
                         f"or --init=random")
    if not os.path.exists(init):
        raise SystemExit(f"checkpoint not found: {init}")
    return init


def model_card(bundle_id: str, own: Dict, cfg: Config, mj: Dict, argv: List[str]) -> str:
    ft = mj["finetune"]
    ood = "".join(f"\n| {sc} | {v['fpr95']:.2f} | {v['auroc']:.2f} |" for sc, v in mj.get("ood", {}).items())
    head = "\n## OoD reference (`--ood_dir`, percent)\n| score | FPR95 | AUROC |\n|---|---|---|"
    ood = (head + ood + "\n") if ood else ""
    return f"""# {bundle_id}

A tiny CLIP fine-tuned on an ImageFolder with `training/finetune.py`.

- **Data**: `{os.path.basename(os.path.normpath(own['train_dir']))}`, {len(mj['classes'])} classes
  ({', '.join(mj['classes'])}); {mj['train_count']} training and {mj['val_count']} validation images
  (seeded per-class split, fraction {ft['val_fraction']}); {mj['skipped']} unreadable files skipped.
- **Start**: {ft['init']}.
- **Fine-tuning**: L = L_CLIP + lambda R with lambda = {ft['lam']} ({'FLYP' if ft['lam'] == 0 else 'CMA'});
  {ft['steps']} steps ({ft['epochs']:.1f} epochs), AdamW lr {cfg.ft_lr}, batch {ft['batch']},
  random crop (pad 4) + flip;
  captions: templates {ft['templates']}{' or the caption file' if ft['caption_file'] else ''}.
- **Validation ID accuracy**: {mj['val_acc']:.2f} % (before fine-tuning: {mj['val_acc_before']:.2f} %).
- Calibration: ID scores of the validation split{'; reference OoD from `--ood_dir`' if mj.get('ood') else ''}.
  No negative labels (NegLabel is not available for this bundle).
{ood}
## Reproduce
```
/usr/bin/python3 -m training.finetune {' '.join(argv)}
```
"""


def main(argv: Optional[List[str]] = None) -> Dict:
    argv = sys.argv[1:] if argv is None else list(argv)
    cfg, own = parse_flags(argv, OPTIONS, FT_DEFAULTS)
    if not own["train_dir"] or not own["out"]:
        raise SystemExit(USAGE)
    given = {a[2:].partition("=")[0].replace("-", "_") for a in argv} - set(OPTIONS)  # Config keys set by flags
    torch.set_num_threads(cfg.threads)

    def log(m: str) -> None:
        print(f"{time.strftime('%H:%M:%S')} {m}", flush=True)

    t0 = time.time()
    init = resolve_init(own, cfg, log)
    ck = None
    if init:
        ck = torch.load(init, map_location="cpu")
        base = from_dict(ck.get("config", {}))  # the checkpoint's image size, mean/std, context length
        for k in list(given) + list(FT_DEFAULTS):
            setattr(base, k, getattr(cfg, k))
        base.image_size, base.context_length = ck["arch"]["image_size"], ck["arch"]["context_length"]
        cfg = base
    templates = parse_templates(own["templates"] or json.dumps(D.EVAL_TEMPLATES))
    val_fraction = own["val_fraction"]
    # ---- data: the recipe's ImageFolder reader and decode path
    ds = D.read_image_folder(own["train_dir"], "", cfg.image_size)
    if len(ds.classes) < 2:
        raise D.DataError(f"{own['train_dir']}: needs at least 2 class folders, found {ds.classes}")
    names = [clean_name(c) for c in ds.classes]
    caps = D.read_caption_file(cfg.caption_file) if cfg.caption_file else {}
    val = split_val(ds.y, val_fraction, cfg.seed)
    tr_x, tr_y = ds.x[~val], ds.y[~val]
    tr_paths = [p for p, v in zip(ds.paths, val) if not v]
    val_x, val_y = ds.x[val], ds.y[val]
    log(f"data: {own['train_dir']}: {len(ds.classes)} classes, {len(tr_x)} train, {len(val_x)} val, "
        f"{ds.skipped} skipped; {len(caps)} captions from file")
    # ---- model and tokenizer
    if ck is not None:
        model, _ = load_checkpoint(init)
        tok = WordPieceTokenizer(ck["vocab"], cfg.context_length)
        unknown = sorted({w for n in names for w in pre_tokenize(normalize_text(n)) if w not in tok.vocab})
        if unknown:
            log(f"note: not in the checkpoint's vocabulary (spelled with word pieces): {unknown}")
    else:
        texts = [t.format(n) for t in templates for n in names] + list(caps.values())
        tok = WordPieceTokenizer(build_vocab(texts, [], 0), cfg.context_length)
        model = new_model(cfg, tok.vocab_size)
    prompts = TextWorld.class_prompts(names, templates)

    def captions(idx: np.ndarray, rng: random.Random) -> List[str]:
        return [caps.get(tr_paths[i]) or rng.choice(templates).format(names[tr_y[i]]) for i in idx]

    def val_acc(m) -> float:
        if not len(val_x):
            return float("nan")
        return float(np.mean((embed_images(m, val_x, cfg) @ embed_prompts(m, tok, prompts).T).argmax(1) == val_y) * 100)

    acc0 = val_acc(model)
    # ---- train: train.py's loop, loss.py's L_CLIP + lam R
    batch = min(cfg.ft_batch, len(tr_x))
    lam = cfg.lam if cfg.lam >= 0 else FT_DEFAULTS["lam"]
    info = train_stage(model, tr_x, captions, tok, cfg.ft_epochs, cfg.ft_lr, batch, cfg.ft_warmup, lam, cfg,
                       "finetune", log, cfg.ft_steps, cfg.ft_minutes)
    # ---- evaluate on the held-out split (+ optional OoD folder)
    s = float(model.logit_scale.exp())
    class_txt = embed_prompts(model, tok, prompts)  # [K, D]
    mj: Dict = {"id_dataset": os.path.basename(os.path.normpath(own["train_dir"])), "classes": names,
                "folders": ds.classes, "train_count": int(len(tr_x)), "val_count": int(len(val_x)),
                "skipped": int(ds.skipped), "val_acc_before": acc0, "logit_scale": s}
    cal: Dict = {"id_val": {}, "ood_ref": {}}
    val_scores = None
    if len(val_x):
        ve = embed_images(model, val_x, cfg)  # [N, D] normalised
        val_scores = S.all_scores(ve, class_txt, None, s)
        paired = class_txt[val_y]
        mj.update({"val_acc": float(np.mean((ve @ class_txt.T).argmax(1) == val_y) * 100),
                   "modality_gap": M.modality_gap(ve, paired), "alignment": M.alignment(ve, paired),
                   "uniformity_image": M.uniformity(ve)})
        agree = np.sum(ve.astype(np.float64) * paired.astype(np.float64), 1)
        cal = {"id_val": {k: v.tolist() for k, v in val_scores.items()}, "ood_ref": {},
               "caption_agreement_id": agree.tolist(), "id_val_count": int(len(ve))}
    else:
        mj["val_acc"] = float("nan")
        log("warning: --val_fraction=0: no validation accuracy and no ID calibration")
    default_score = "mcm"
    if own.get("ood_dir"):
        od = D.read_images(own["ood_dir"], cfg.image_size)
        oname = os.path.basename(os.path.normpath(own["ood_dir"]))
        osc = S.all_scores(embed_images(model, od.x, cfg), class_txt, None, s)
        cal["ood_ref"] = {oname: {k: v.tolist() for k, v in osc.items()}}
        mj["ood_set"], mj["ood_count"], mj["ood_skipped"] = oname, int(len(od.x)), int(od.skipped)
        if val_scores is not None:
            per = {k: M.ood_metrics(val_scores[k], osc[k]) for k in osc}
            mj["ood"] = {k: {m: v * 100 for m, v in d.items()} for k, d in per.items()}
            default_score = min(per, key=lambda k: (per[k]["fpr95"], -per[k]["auroc"]))
    mj["finetune"] = {"init": init or "random", "lam": lam, "steps": info["steps"], "epochs": info["epochs"],
                      "batch": batch, "seconds": info["seconds"], "img_per_s": info["img_per_s"],
                      "val_fraction": val_fraction, "templates": templates, "caption_file": cfg.caption_file,
                      "seed": cfg.seed}
    log(f"val ID acc {mj['val_acc']:.2f}% (before {acc0:.2f}%), default score {default_score}")
    # ---- export: ONNX, tokenizer, manifest (export.py), calibration, metrics, card
    out = own["out"]
    bid = own.get("id") or os.path.basename(os.path.normpath(out))
    os.makedirs(out, exist_ok=True)
    export_onnx(model, out, cfg.image_size, cfg.context_length)
    tok.save(os.path.join(out, "tokenizer.json"))
    optional = {"metrics": "metrics.json"}
    if cal["id_val"]:
        optional["calibration"] = "calibration.json"
        with open(os.path.join(out, "calibration.json"), "w") as f:
            json.dump(cal, f)
    mj["seconds"] = time.time() - t0
    with open(os.path.join(out, "metrics.json"), "w") as f:
        json.dump(mj, f, indent=1)
    with open(os.path.join(out, "MODEL_CARD.md"), "w") as f:
        f.write(model_card(bid, own, cfg, mj, argv))
    desc = (f"Tiny CLIP fine-tuned on {mj['id_dataset']} ({len(names)} classes) with "
            f"{'FLYP' if lam == 0 else f'CMA (lambda={lam})'} from "
            f"{os.path.basename(init) if init else 'random init'}.")
    man = manifest(bid, own.get("name") or f"{mj['id_dataset']} · {'FLYP' if lam == 0 else 'CMA'}", desc,
                   int(class_txt.shape[1]), s, cfg.image_size, cfg.mean, cfg.std, cfg.context_length, names,
                   default_score, optional, templates=templates)
    with open(os.path.join(out, "manifest.json"), "w") as f:
        json.dump(man, f, indent=1)
    ckpt = os.path.normpath(out) + ".ckpt" if own["ckpt"] is None else own["ckpt"]
    if ckpt:
        save_checkpoint(ckpt, model, cfg.to_dict(), {"vocab": tok.itos, "stage": "finetune", "info": info})
    if own["parity"]:
        pj = os.path.normpath(out) + ".parity.json"
        write_parity_inputs(model, tok, out, pj, cfg.image_size, cfg.seed)
        run_ort_parity(pj)
        os.remove(pj)
    log(f"bundle {out} written in {time.time() - t0:.0f}s (checkpoint {ckpt or 'not saved'}); add "
        f'{{"id": "{bid}", "path": "{bid}/"}} to models/index.json to list it in the app')
    return {"out": out, "manifest": man, "metrics": mj, "ckpt": ckpt}


if __name__ == "__main__":
    try:
        main()
    except D.DataError as e:
        raise SystemExit(f"error: {e}")
