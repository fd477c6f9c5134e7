"""MODEL_CARD.md text, filled with the run's real numbers."""
from __future__ import annotations

# What the recipe changes of December 2026 bought, measured on earlier runs (kept here so every card says it; the
# numbers of *this* run are in the Results table below).
HISTORY = """\
| recipe | image tower | pretraining images | CMA test acc | CMA avg AUROC MCM / max-logit / NegLabel |
|---|---|---|---|---|
| before (2026-12-01) | ResNet-style, stem stride 4 | 20,000 (200/class) | 70.72 % | 74.86 / 69.55 / 74.96 |
| this recipe | conv groups 32/64/128 at full 32 px, max-pool | 50,000 (500/class) | see Results | see Results |

- **Image tower**: the old stem threw away 15/16 of the pixels before any learning. On these 2
  cores the conv-group tower with widths 32/64/128 trains at ~450 img/s alone (~600 img/s as the FLYP stage, both
  towers), against ~230 img/s for widths 64/128/256; the narrower one was chosen to keep the whole recipe inside
  2 hours. The issue's measurement of a plain classifier of this shape (82.9 % after 6 epochs, still rising) set the
  expectation.
- **Pretraining data**: `tinyimagenet32-train-extra.tar.gz` over `tinyimagenet32.tar.gz` gives 500 images per seen
  class (2.5x the earlier 200).
- **lambda**: chosen on the validation split among 0.001, 0.01 and 0.1. R is a logsumexp of s * cosines, so it
  grows about linearly with the logit scale s: the paper's 0.001 at s = 100 is about 0.001 * 100 / 15 = 0.007 at
  this recipe's learned s of ~15; the grid brackets both.
- **Fine-tuning length** (measured after the shipped run, not shipped): 20 epochs instead of 12 lifted FLYP's
  validation accuracy from 83.22 % to 84.18 %; on the 120 shared photos its accuracy went 66.7 -> 75.0 % and its MCM
  AUROC 80.8 -> 80.1 %. Its CMA twin did not finish in that session.
- Not measured separately: each change's share of the gain (one full run takes about an hour here); the ablation of
  tower vs data is left for a later session."""


def model_card(name, bundle_id, cfg, mj, table, lam, best_score, timings, argv) -> str:
    # run bookkeeping (where, resumed, steps pinned below) is not part of the recipe
    bookkeeping = ("--resume", "--pre_steps=", "--ft_steps=", "--out_dir=", "--bundle_root=")
    keep = [a for a in argv if not a.startswith(bookkeeping)]
    cmd = ("/usr/bin/python3 -m training.recipe " + " ".join(keep)).rstrip()
    rec = mj.get("recipe", {})
    st, ep = rec.get("steps", {}), rec.get("epochs", {})
    if st and not cfg.smoke:  # the step counts this run used, pinned
        cmd += f" --pre_steps={st['pretrain']} --ft_steps={st['flyp']}"
    g = mj["geometry"][name]
    pre_len = f"{st['pretrain']} steps ({cfg.pre_epochs:g} epochs)" if st.get("pretrain") else \
        f"{cfg.pre_epochs} epochs"
    ft_len = f"{st.get(name, st.get('flyp'))} steps ({ep.get(name, 0) or 0:.1f} epochs)" if st else \
        f"{cfg.ft_epochs} epochs"
    search = {k: round(v, 2) for k, v in rec.get("lambda_search_val_acc", {}).items()}
    tower = (f"conv groups of widths {cfg.vision_width}/{2 * cfg.vision_width}/{4 * cfg.vision_width} at full "
             f"resolution" if cfg.vision == "convnet" else f"{cfg.vision}, width {cfg.vision_width}")
    smoke = "**Smoke-test bundle** (tiny budget): numbers are not meaningful.\n" if cfg.smoke else ""
    return f"""# {bundle_id}

{smoke}
A tiny CLIP trained from scratch on 2 CPU cores: image tower {tower}
(`vision: "{cfg.vision}"`); text transformer width {cfg.text_width}, {cfg.text_layers} layers, context
{cfg.context_length}; embedding dim {cfg.embed_dim}.

- **Pretraining**: contrastive CLIP loss on the TinyImageNet-32 train images ({cfg.pre_data}) of a seeded *seen*
  half of its 200 classes (seed {cfg.seed}; all 37 CIFAR-overlap classes forced into the seen half), captions =
  WordNet names and synonyms (words.txt) through 10 prompt templates; {pre_len}, AdamW lr {cfg.pre_lr},
  batch {cfg.pre_batch}, random crop (pad 4) + flip.
- **Fine-tuning** on CIFAR-10 train minus a seeded validation split of {cfg.val_per_class}/class:
  {'CMA, L = L_CLIP + lambda R with lambda = ' + str(lam) if name == 'cma' else 'FLYP (lambda = 0)'};
  {ft_len}, AdamW lr {cfg.ft_lr} (wd {cfg.weight_decay}, betas 0.9/0.98), cosine schedule with
  {cfg.ft_warmup} warm-up steps, batch {cfg.ft_batch}, random crop (pad 4) + flip; both towers and logit_scale
  trained; prompt "a photo of a {{class}}.". FLYP and CMA share budget and seed.
- **lambda** was chosen on the validation split: {search} (val acc % after {cfg.lam_search_steps} steps from the
  pretrained weights; the largest lambda within 1 pt of lambda = 0 wins).
- **Evaluation**: CIFAR-10 test (ID); near-OoD = TinyImageNet val of the unseen half (tin_unseen); reported apart =
  TinyImageNet val of the seen half minus the CIFAR-overlap classes (tin_seen_nonoverlap, not in the average);
  far-OoD = MNIST test, Fashion-MNIST test, DTD-10 (all through the same JPEG decode -> RGB -> resize 32 path).
  NegLabel uses tau = {cfg.neglabel_tau}, one group, negatives mined by NegMining ({cfg.neg_quantile} quantile,
  lowest {cfg.neg_keep:.0%} kept) from the seen half's names + synonyms minus the CIFAR-overlap classes:
  {g['n_negative_labels']} labels.
- **Default score** of this bundle: `{best_score}` (lowest average FPR95 of this model).

## Results (percent; FPR95 lower is better)

{table}

This model: logit scale {g['logit_scale']:.2f}, modality gap {mj['modality_gap'][name]:.4f}, alignment
{g['alignment']:.4f}, uniformity {g['uniformity_image']:.4f}.

## What the recipe changes bought

{HISTORY}

## Limits
- Tiny model and CPU budget: ID accuracy is far below a real CLIP; the goal is a working, honest default model
  for the app, not state-of-the-art numbers.
- CIFAR-10 images are JPEG re-encodes; TinyImageNet is 32 px; photos larger than 32 px are downsampled to 32 px, so
  a real photo is judged from a thumbnail.
- The negatives of NegLabel come from a small vocabulary.

## Reproduce
```
{cmd}
```
Timings of this run (s): {{{', '.join(f'{k}: {v:.0f}' for k, v in timings.items())}}}.
"""
