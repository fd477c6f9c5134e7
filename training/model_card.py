"""MODEL_CARD.md text, filled with the run's real numbers."""
from __future__ import annotations


def model_card(name, bundle_id, cfg, mj, table, lam, best_score, timings, argv) -> str:
    keep = [a for a in argv if not a.startswith(("--resume", "--pre_steps=", "--ft_steps="))]
    cmd = ("/usr/bin/python3 -m training.recipe " + " ".join(keep)).rstrip()
    st = mj.get("recipe", {}).get("steps", {})
    if st and not cfg.smoke:  # the step counts this run fixed from its measured throughput
        cmd += f" --pre_steps={st['pretrain']} --ft_steps={st['flyp']}"
    g = mj["geometry"][name]
    rec = mj.get("recipe", {})
    st, ep = rec.get("steps", {}), rec.get("epochs", {})
    pre_len = f"{st['pretrain']} steps" if st.get("pretrain") else f"{cfg.pre_epochs} epochs"
    ft_len = f"{st[name if name != 'zeroshot' else 'flyp']} steps ({ep.get('flyp', 0):.1f} epochs)" if st else \
        f"{cfg.ft_epochs} epochs"
    search = {k: round(v, 2) for k, v in rec.get("lambda_search_val_acc", {}).items()}
    return f"""# {bundle_id}

{'**Smoke-test bundle** (tiny budget): numbers are not meaningful.' if cfg.smoke else ''}

A tiny CLIP (OpenAI CLIP state_dict layout; image tower: {cfg.vision}, width {cfg.vision_width}, blocks
{cfg.vision_layers}, stem downsampling {cfg.stem_stride}; text transformer width {cfg.text_width}, {cfg.text_layers}
layers, context {cfg.context_length}; embedding dim {cfg.embed_dim}) trained from scratch on 2 CPU cores.

- **Pretraining**: contrastive CLIP loss on TinyImageNet-32 train images of a seeded *seen* half of its 200 classes
  (seed {cfg.seed}; all 37 CIFAR-overlap classes forced into the seen half), captions = WordNet names and synonyms
  (words.txt) through 10 prompt templates; {pre_len}, AdamW lr {cfg.pre_lr}, batch {cfg.pre_batch}.
- **Fine-tuning** on CIFAR-10 train minus a seeded validation split of {cfg.val_per_class}/class:
  {'CMA, L = L_CLIP + lambda R with lambda = ' + str(lam) if name == 'cma' else 'FLYP (lambda = 0)'};
  {ft_len}, AdamW lr {cfg.ft_lr} (wd {cfg.weight_decay}, betas 0.9/0.98), cosine schedule with
  {cfg.ft_warmup} warm-up steps, batch {cfg.ft_batch}, random crop (pad 4) + flip; both towers and logit_scale trained;
  prompt "a photo of a {{class}}.". FLYP and CMA share budget and seed. lambda was chosen on the validation split:
  {search} (val acc % after short runs; the largest lambda within 1 pt of lambda = 0 wins).
- **Evaluation**: CIFAR-10 test (ID); near-OoD = TinyImageNet val of the unseen half (tin_unseen); reported apart =
  TinyImageNet val of the seen half minus the CIFAR-overlap classes (tin_seen_nonoverlap, not in the average);
  far-OoD = MNIST test, Fashion-MNIST test, DTD-10 (all through the same JPEG decode -> RGB -> resize 32 path).
  NegLabel uses tau = 0.01, one group, negatives mined by NegMining (0.95 quantile, lowest {cfg.neg_keep:.0%} kept) from
  the seen half's names + synonyms minus the CIFAR-overlap classes: {g['n_negative_labels']} labels.
- **Default score** of this bundle: `{best_score}` (lowest average FPR95 of this model).

## Results (percent; FPR95 lower is better)

{table}

This model: logit scale {g['logit_scale']:.2f}, modality gap {mj['modality_gap'][name]:.4f}, alignment
{g['alignment']:.4f}, uniformity {g['uniformity_image']:.4f}.

## Limits
- Tiny model and CPU budget: ID accuracy is far below a real CLIP; the goal is a working, honest default model
  for the app, not state-of-the-art numbers.
- CIFAR-10 images are JPEG re-encodes; TinyImageNet is 32 px; photos larger than 32 px are downsampled to 32 px.
- Scores were computed on 32x32 inputs; the negatives come from a small vocabulary.

## Reproduce
```
{cmd}
```
(`--pre_steps` / `--ft_steps` pin the step counts that this run derived from `pre_minutes` / `ft_minutes` and its
measured throughput; without them the recipe sizes the stages from the machine's speed.)
Timings of this run (s): {{{', '.join(f'{k}: {v:.0f}' for k, v in timings.items())}}}.
"""
