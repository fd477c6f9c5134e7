"""One seeded command for the whole recipe: pretrain -> lambda selection -> FLYP and CMA fine-tuning -> evaluation
-> export of both bundles (+ models/index.json) -> ONNX Runtime parity check.

  /usr/bin/python3 -m training.recipe            # full run, writes models/cifar10-{cma,flyp}-tiny/
  /usr/bin/python3 -m training.recipe --smoke    # minutes; a fresh temporary folder, bundles included
Steps whose checkpoint already exists in out_dir are reused with --resume (= --resume=1), and a stage cut off
midway continues from its snapshot (`<checkpoint>.partial`, written every --snapshot_minutes; snapshot.py).
"""
from __future__ import annotations

import json
import os
import sys
import time

import numpy as np
import torch

from .config import parse_flags
from .evaluate import evaluate_model, evaluate_photos, format_table, load_eval_sets, metrics_json
from .export import run_ort_parity, write_bundle, write_parity_inputs
from .model import load_checkpoint
from .normal_set import EXEMPLAR_SCORES, add_exemplar_scores, make_bank
from .train import RecipeData, run_finetune, run_pretrain, seed_all

LAMBDA_RULE = ("the lambda with the highest validation MCM AUROC (CIFAR-10 val vs TinyImageNet train images of the "
               "unseen half) among those whose CIFAR-10 val accuracy is within 1 point of lambda = 0")


def choose_lambda(search, grid) -> float:
    """LAMBDA_RULE over {lambda: validation report} (lambda = 0 included as the accuracy reference)."""
    ok = [c for c in grid if search[c]["val_acc"] >= search[0.0]["val_acc"] - 1.0]
    return max(ok, key=lambda c: search[c]["val_ood_auroc"]) if ok else min(grid)


DEFAULT_SCORE_RULE = ("score with the lowest FPR95 (then highest AUROC) on validation data: ID = CIFAR-10 val + "
                      "TinyImageNet val of the direct CIFAR-overlap classes (real photos of the ID concepts), OoD = "
                      "TinyImageNet train images of the unseen half")


def validation_scores(model, ev, rd, cfg, exemplar_only=False):
    """Every score's FPR95 / AUROC (percent) on validation data only: what a bundle's default score is chosen on.
    `exemplar_only`: the bundled normal set's scores (ev["exemplar"], normal_set.py) instead of the text scores."""
    from . import metrics as M
    from . import scores as S
    from .embed import embed_images
    if "val_ood_emb" not in ev:  # embedded once per model: the text and the exemplar scores read the same photos
        ev["val_id_emb"] = np.concatenate([embed_images(model, rd.val_x, cfg), embed_images(model, rd.val_in_x, cfg)])
        ev["val_ood_emb"] = embed_images(model, rd.val_ood_x, cfg)
    val, ood_emb = ev["val_id_emb"], ev["val_ood_emb"]
    if exemplar_only:
        idv, ood = S.exemplar_scores(val, *ev["exemplar"]["args"]), S.exemplar_scores(ood_emb, *ev["exemplar"]["args"])
    else:
        args = (ev["class_txt"], ev["neg_txt"], ev["logit_scale"], 1.0, cfg.neglabel_tau)
        idv, ood = S.all_scores(val, *args), S.all_scores(ood_emb, *args)
    out = {}
    for k in idv:
        m = M.ood_metrics(idv[k], ood[k])
        out[k] = {"fpr95": m["fpr95"] * 100, "auroc": m["auroc"] * 100}
    return out


def best_score(val, text_only=True):
    """DEFAULT_SCORE_RULE over {score: validation FPR95 / AUROC}; `text_only` leaves the exemplar scores out."""
    names = [k for k in val if not (text_only and k in EXEMPLAR_SCORES)]
    return min(names, key=lambda k: (val[k]["fpr95"], -val[k]["auroc"]))


BUNDLES = {"cma": ("cifar10-cma-tiny", "CIFAR-10 · CMA (tiny)"),
           "flyp": ("cifar10-flyp-tiny", "CIFAR-10 · FLYP (tiny)")}


def main(argv=None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    cfg, opts = parse_flags(argv, {"resume": False})
    resume = opts["resume"]
    torch.set_num_threads(cfg.threads)
    seed_all(cfg.seed)
    os.makedirs(cfg.out_dir, exist_ok=True)
    logf = open(os.path.join(cfg.out_dir, "recipe.log"), "a")

    def log(msg: str) -> None:
        line = f"{time.strftime('%H:%M:%S')} {msg}"
        print(line, flush=True)
        logf.write(line + "\n")
        logf.flush()

    T, t0 = {}, time.time()
    log(f"config {json.dumps(cfg.to_dict())}")
    rd = RecipeData(cfg)
    tok = rd.text.tokenizer
    log(f"data: pretrain {len(rd.pre_x)} images of {len(rd.text.seen)} seen classes; fine-tune {len(rd.ft_x)}, "
        f"val {len(rd.val_x)}; vocab {tok.vocab_size}; {len(rd.text.neg_candidates)} negative candidates")
    T["data"] = time.time() - t0

    def ck(stage: str) -> str:
        return os.path.join(cfg.out_dir, f"{stage}.ckpt")

    t = time.time()
    if not (resume and os.path.exists(ck("pretrained"))):
        pre_info = run_pretrain(cfg, rd, ck("pretrained"), log, resume)
    else:
        pre_info = torch.load(ck("pretrained"), map_location="cpu")["info"]
        t -= pre_info.get("seconds", 0.0)  # resumed: report the stage's own wall time
    T["pretrain"] = time.time() - t
    # lambda selection on the validation split (never test): short runs from the pretrained weights
    lam, search = cfg.lam, {}
    t = time.time()
    search_file = os.path.join(cfg.out_dir, "lambda_search.json")
    if lam < 0 and resume and os.path.exists(search_file):
        with open(search_file) as f:
            js = json.load(f)
        lam, search = js["lambda"], {float(k): v for k, v in js["val"].items()}
        t -= js.get("seconds", 0.0)
        log(f"lambda search reused from {search_file}: lambda = {lam}")
    elif lam < 0:
        for cand in [0.0] + list(cfg.lam_grid):
            _, info = run_finetune(cfg, rd, ck("pretrained"), None, cand, cfg.lam_search_epochs, f"lam={cand}", log,
                                   cfg.lam_search_steps)
            search[cand] = {k: info[k] for k in ("val_acc", "val_imagenet_acc", "val_ood_auroc", "val_ood_fpr95")
                            if k in info}
        lam = choose_lambda(search, cfg.lam_grid)
        log(f"lambda search (validation): {search} -> lambda = {lam}")
        with open(search_file, "w") as f:
            json.dump({"lambda": lam, "val": {str(k): v for k, v in search.items()},
                       "rule": LAMBDA_RULE, "seconds": time.time() - t}, f, indent=1)
    T["lambda_search"] = time.time() - t
    infos = {}
    ft_steps = cfg.ft_steps
    for name, l in (("flyp", 0.0), ("cma", lam)):
        t = time.time()
        if resume and os.path.exists(ck(name)):
            infos[name] = torch.load(ck(name), map_location="cpu")["info"]
            t -= infos[name].get("seconds", 0.0)  # resumed: report the stage's own wall time
        else:
            _, infos[name] = run_finetune(cfg, rd, ck("pretrained"), ck(name), l, cfg.ft_epochs, name, log,
                                          ft_steps, cfg.ft_minutes, resume)
        ft_steps = infos[name]["steps"]  # CMA runs exactly FLYP's number of steps
        T[name] = time.time() - t
    t = time.time()
    sets = load_eval_sets(cfg, rd.text)
    results, models = {}, {}
    for name, c in (("zeroshot", "pretrained"), ("flyp", "flyp"), ("cma", "cma")):
        models[name], _ = load_checkpoint(ck(c))
        results[name] = evaluate_model(models[name], tok, rd.text, rd.classes, sets, cfg, rd.val_x, rd.val_y)
        log(f"eval {name}: ID acc {results[name]['id_acc']:.2f}%, gap {results[name]['modality_gap']:.4f}")
    # the default score of each bundle, chosen on validation data only (never a test set or the shared photos); the
    # best text score is also fused's text part. Then the bundled normal set: its bank from the fine-tuning photos
    default_val, banks = {}, {}
    for name in ("cma", "flyp"):
        default_val[name] = validation_scores(models[name], results[name], rd, cfg)
        text_best = best_score(default_val[name])
        banks[name] = make_bank(models[name], rd.ft_x, rd.ft_y, rd.ft_paths, rd.classes, cfg)
        add_exemplar_scores(results[name], banks[name], text_best, cfg)
        default_val[name].update(validation_scores(models[name], results[name], rd, cfg, exemplar_only=True))
        ex, alt = results[name]["exemplar"], results[name]["exemplar_k_alternative"]
        log(f"bundled normal set {name}: {ex['bank_rows']} rows, k = {ex['k']} ({ex['k_rule']}), fused with "
            f"{text_best}; knn at k = {alt['k']} (0.1 %, reported only): AUROC {100 * alt['avg']['auroc']:.2f}, "
            f"FPR95 {100 * alt['avg']['fpr95']:.2f}")
    photos = {name: evaluate_photos(models[name], results[name], rd.classes, cfg) for name in results}
    mj = metrics_json(results)
    mj["default_score_validation"] = {"rule": DEFAULT_SCORE_RULE, "scores": default_val}
    mj["normal_set"] = {n: {**{k: results[n]["exemplar"][k] for k in ("k", "k_rule", "k_tried", "text", "bank_rows",
                                                                      "calibration_rows")},
                            "knn_at_default_k": results[n]["exemplar_k_alternative"]} for n in banks}
    if all(photos.values()):  # reported only, never used for a choice
        mj["photos"] = photos
        log("120 shared photos: " + "; ".join(f"{n}: acc {p['id_acc']:.1f}%, MCM AUROC {p['mcm']['auroc']:.1f}%, "
                                              f"NegLabel AUROC {p.get('neglabel', {}).get('auroc', 0):.1f}%"
                                              for n, p in photos.items()))
    mj["recipe"] = {"lambda": lam, "lambda_search": {str(k): v for k, v in search.items()}, "lambda_rule": LAMBDA_RULE,
                    "val_acc": {n: infos[n].get("val_acc") for n in infos},
                    "validation": {n: {k: infos[n].get(k) for k in ("val_acc", "val_imagenet_acc", "val_ood_auroc",
                                                                    "val_ood_fpr95")} for n in infos},
                    "seconds": T,
                    "steps": {"pretrain": pre_info["steps"], **{n: infos[n].get("steps") for n in infos}},
                    "epochs": {n: infos[n].get("epochs") for n in infos},
                    "train_img_per_s": {n: infos[n].get("img_per_s") for n in infos}, "smoke": cfg.smoke}
    with open(os.path.join(cfg.out_dir, "metrics.json"), "w") as f:
        json.dump(mj, f, indent=1)
    table = format_table(mj)
    log("\n" + table)
    T["evaluate"] = time.time() - t
    t = time.time()
    from .model_card import model_card
    sizes = {}
    for name in ("cma", "flyp"):
        bid, title = BUNDLES[name]
        out = os.path.join(cfg.bundle_root, bid)
        rows = [r for r in mj["results"] if r["model"] == name]
        best = best_score(default_val[name], text_only=True)
        card = model_card(name, bid, cfg, mj, table, lam, best, T, argv)
        desc = (f"Tiny CLIP ({cfg.vision} image tower) pretrained on half of TinyImageNet-32, fine-tuned on CIFAR-10 "
                f"together with that half ({cfg.ft_aux_share:.0%} of each batch) with "
                f"{'CMA (lambda=' + str(lam) + ')' if name == 'cma' else 'FLYP (lambda=0)'}.")
        sizes[bid] = write_bundle(out, models[name], tok, cfg, results[name], sets, name, bid, title, desc, mj, best,
                                  card, cfg.emb_subsample, banks[name])
        pj = os.path.join(cfg.out_dir, f"parity-{name}.json")
        write_parity_inputs(models[name], tok, out, pj, cfg.image_size, cfg.seed)
        run_ort_parity(pj)
        log(f"bundle {out}: {sum(sizes[bid].values()) / 1e6:.2f} MB, default score {best}")
    with open(os.path.join(cfg.bundle_root, "index.json"), "w") as f:
        rows = [{"id": BUNDLES[n][0], "name": BUNDLES[n][1], "path": BUNDLES[n][0] + "/"} for n in ("cma", "flyp")]
        rows[0]["default"] = True  # the header's picker shows the names; CMA is the default
        json.dump({"models": rows}, f, indent=1, ensure_ascii=False)
        f.write("\n")
    T["export"] = time.time() - t
    T["total"] = time.time() - t0
    log(f"timings (s): {json.dumps({k: round(v, 1) for k, v in T.items()})}")
    log(f"bundle sizes (bytes): {json.dumps(sizes)}")


if __name__ == "__main__":
    main()
