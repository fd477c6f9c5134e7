import os
import tempfile
import unittest

import torch

from training.config import Config
from training.model import CLIP, CheckpointError, config_from_openai_state_dict, \
    load_state_dict_strict


def openai_vit_shapes(width=768, layers=12, patch=32, res=224, embed=512, tw=512, tlayers=12, ctx=77, vocab=49408):
    """OpenAI CLIP ViT state_dict names and shapes, written out by hand from openai/CLIP's model.py."""
    s = {"positional_embedding": (ctx, tw), "text_projection": (tw, embed), "logit_scale": (),
         "visual.class_embedding": (width,), "visual.positional_embedding": ((res // patch) ** 2 + 1, width),
         "visual.proj": (width, embed), "visual.conv1.weight": (width, 3, patch, patch),
         "visual.ln_pre.weight": (width,), "visual.ln_pre.bias": (width,), "visual.ln_post.weight": (width,),
         "visual.ln_post.bias": (width,), "token_embedding.weight": (vocab, tw), "ln_final.weight": (tw,),
         "ln_final.bias": (tw,)}
    for prefix, w, n in (("visual.transformer.resblocks", width, layers), ("transformer.resblocks", tw, tlayers)):
        for i in range(n):
            p = f"{prefix}.{i}."
            s.update({p + "attn.in_proj_weight": (3 * w, w), p + "attn.in_proj_bias": (3 * w,),
                      p + "attn.out_proj.weight": (w, w), p + "attn.out_proj.bias": (w,),
                      p + "ln_1.weight": (w,), p + "ln_1.bias": (w,), p + "mlp.c_fc.weight": (4 * w, w),
                      p + "mlp.c_fc.bias": (4 * w,), p + "mlp.c_proj.weight": (w, 4 * w), p + "mlp.c_proj.bias": (w,),
                      p + "ln_2.weight": (w,), p + "ln_2.bias": (w,)})
    return s


def random_sd(shapes, seed=0):
    g = torch.Generator().manual_seed(seed)
    sd = {k: torch.randn(v, generator=g) * 0.02 for k, v in shapes.items()}
    for k in sd:
        if k.endswith(("ln_1.weight", "ln_2.weight", "ln_pre.weight", "ln_post.weight", "ln_final.weight")):
            sd[k] = torch.ones_like(sd[k])
    sd["logit_scale"] = torch.tensor(4.6052)
    sd.update({"input_resolution": torch.tensor(224), "context_length": torch.tensor(77),
               "vocab_size": torch.tensor(49408)})
    return sd


class OpenAILayoutTest(unittest.TestCase):
    def test_vitb32_state_dict_loads_with_exact_names_and_shapes(self):
        shapes = openai_vit_shapes()
        model = CLIP(config_from_openai_state_dict(shapes_as_meta(shapes)))
        own = {k: tuple(v.shape) for k, v in model.state_dict().items()}
        self.assertEqual(own, {k: tuple(v) for k, v in shapes.items()})

    def test_wrong_shape_names_the_key(self):
        shapes = openai_vit_shapes(width=64, layers=1, tw=64, tlayers=1, vocab=100, embed=32, ctx=8)
        sd = random_sd(shapes)
        model = CLIP(config_from_openai_state_dict(sd))
        load_state_dict_strict(model, sd)
        bad = dict(sd)
        bad["visual.proj"] = torch.zeros(64, 31)
        with self.assertRaisesRegex(CheckpointError, "visual.proj.*\\(64, 31\\).*\\(64, 32\\)"):
            load_state_dict_strict(model, bad, "x.pt")
        missing = {k: v for k, v in sd.items() if k != "ln_final.bias"}
        with self.assertRaisesRegex(CheckpointError, "missing key 'ln_final.bias'"):
            load_state_dict_strict(model, missing)

    def test_export_from_openai_layout_and_ort_parity(self):
        from training.export import export_from_openai
        from training.tokenizer import WordPieceTokenizer, build_vocab
        shapes = openai_vit_shapes(width=64, layers=2, patch=32, res=64, embed=32, tw=64, tlayers=2, ctx=12, vocab=300)
        with tempfile.TemporaryDirectory() as t:
            sdp = os.path.join(t, "sd.pt")
            torch.save(random_sd(shapes), sdp)
            tok = WordPieceTokenizer(build_vocab(["a photo of a cat."], []), 12)
            tokp = os.path.join(t, "tokenizer.json")
            tok.save(tokp)
            out = os.path.join(t, "bundle")
            man = export_from_openai(sdp, out, tokp, parity=True)  # runs ort_parity.mjs (exit != 0 -> SystemExit)
            self.assertEqual(man["embedDim"], 32)
            self.assertEqual(man["image"]["size"], 64)
            self.assertEqual(man["tokenizer"]["contextLength"], 12)
            self.assertAlmostEqual(man["logitScale"], 100.0, delta=0.01)
            for f in ("vision.onnx", "text.onnx", "tokenizer.json", "manifest.json"):
                self.assertTrue(os.path.exists(os.path.join(out, f)), f)

    def test_tiny_config_shapes(self):
        cfg = Config()
        m = CLIP(cfg.clip_config(50)).eval()
        ids = torch.zeros(3, cfg.context_length, dtype=torch.long)
        ids[:, 0], ids[:, 4] = 48, 49
        with torch.no_grad():
            self.assertEqual(tuple(m.encode_image(torch.zeros(2, 3, 32, 32)).shape), (2, cfg.embed_dim))
            self.assertEqual(tuple(m.encode_text(ids).shape), (3, cfg.embed_dim))
        self.assertIn("visual.groups.2.conv2.weight", m.state_dict())
        self.assertEqual(tuple(m.state_dict()["visual.proj.weight"].shape), (cfg.embed_dim, 4 * cfg.vision_width))

    def test_resnet_tower_keeps_openai_names(self):
        cfg = Config(vision="resnet", vision_width=16)
        m = CLIP(cfg.clip_config(50)).eval()
        self.assertIn("visual.attnpool.c_proj.weight", m.state_dict())
        self.assertIn("visual.layer1.0.downsample.0.weight", m.state_dict())
        with torch.no_grad():
            self.assertEqual(tuple(m.encode_image(torch.zeros(2, 3, 32, 32)).shape), (2, cfg.embed_dim))

    def test_unknown_tower_is_named(self):
        with self.assertRaisesRegex(CheckpointError, "unknown vision tower 'mlp'"):
            CLIP(Config(vision="mlp").clip_config(50))


def shapes_as_meta(shapes):
    return {k: torch.empty(v, device="meta") for k, v in shapes.items()}


if __name__ == "__main__":
    unittest.main()
