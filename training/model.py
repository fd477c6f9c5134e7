"""One CLIP implementation, configured by `CLIPConfig`. The ResNet and ViT towers and the text tower keep OpenAI
CLIP's state_dict layout (visual.*, transformer.resblocks.N.*, token_embedding,
positional_embedding, ln_final, text_projection, logit_scale), so an OpenAI ViT-B/16, ViT-B/32 or RN50-style state
dict loads into this code. Attention is written out by hand (same parameter names as nn.MultiheadAttention) so ONNX
export is plain MatMul/Softmax.
"""
from __future__ import annotations

import math
import os
from collections import OrderedDict
from dataclasses import asdict, dataclass, field, fields
from typing import Dict, List, Optional

import torch
import torch.nn as nn
import torch.nn.functional as F


class CheckpointError(Exception):
    """A checkpoint or architecture that does not fit this code; the message names the key."""


class LayerNorm(nn.LayerNorm):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return super().forward(x.float()).type(x.dtype)


class QuickGELU(nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x * torch.sigmoid(1.702 * x)


class Attention(nn.Module):
    """nn.MultiheadAttention-compatible parameters (in_proj_weight, in_proj_bias, out_proj), batch-first input."""

    def __init__(self, d: int, heads: int):
        super().__init__()
        self.heads = heads
        self.in_proj_weight = nn.Parameter(torch.empty(3 * d, d))
        self.in_proj_bias = nn.Parameter(torch.zeros(3 * d))
        self.out_proj = nn.Linear(d, d)
        nn.init.xavier_uniform_(self.in_proj_weight)
        nn.init.zeros_(self.out_proj.bias)

    def forward(self, x: torch.Tensor, mask: Optional[torch.Tensor] = None) -> torch.Tensor:
        B, N, D = x.shape  # [B, N, D]
        h = self.heads
        qkv = F.linear(x, self.in_proj_weight, self.in_proj_bias)  # [B, N, 3D]
        q, k, v = qkv.reshape(B, N, 3, h, D // h).permute(2, 0, 3, 1, 4)  # each [B, h, N, D/h]
        att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(D // h))  # [B, h, N, N]
        if mask is not None:
            att = att + mask  # [N, N] additive causal mask
        att = att.softmax(dim=-1)
        out = (att @ v).transpose(1, 2).reshape(B, N, D)  # [B, N, D]
        return self.out_proj(out)


class ResidualAttentionBlock(nn.Module):
    def __init__(self, d: int, heads: int):
        super().__init__()
        self.attn = Attention(d, heads)
        self.ln_1 = LayerNorm(d)
        self.mlp = nn.Sequential(OrderedDict([("c_fc", nn.Linear(d, d * 4)), ("gelu", QuickGELU()),
                                              ("c_proj", nn.Linear(d * 4, d))]))
        self.ln_2 = LayerNorm(d)

    def forward(self, x: torch.Tensor, mask: Optional[torch.Tensor] = None) -> torch.Tensor:
        x = x + self.attn(self.ln_1(x), mask)
        return x + self.mlp(self.ln_2(x))


class Transformer(nn.Module):
    def __init__(self, width: int, layers: int, heads: int):
        super().__init__()
        self.width, self.layers = width, layers
        self.resblocks = nn.ModuleList([ResidualAttentionBlock(width, heads) for _ in range(layers)])

    def forward(self, x: torch.Tensor, mask: Optional[torch.Tensor] = None) -> torch.Tensor:
        for blk in self.resblocks:
            x = blk(x, mask)
        return x  # [B, N, width]


class VisionTransformer(nn.Module):
    def __init__(self, input_resolution: int, patch_size: int, width: int, layers: int, heads: int, output_dim: int):
        super().__init__()
        self.conv1 = nn.Conv2d(3, width, kernel_size=patch_size, stride=patch_size, bias=False)
        scale = width ** -0.5
        self.class_embedding = nn.Parameter(scale * torch.randn(width))
        self.positional_embedding = nn.Parameter(scale * torch.randn((input_resolution // patch_size) ** 2 + 1, width))
        self.ln_pre = LayerNorm(width)
        self.transformer = Transformer(width, layers, heads)
        self.ln_post = LayerNorm(width)
        self.proj = nn.Parameter(scale * torch.randn(width, output_dim))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.conv1(x)  # [B, width, g, g]
        x = x.flatten(2).transpose(1, 2)  # [B, g*g, width]
        cls = self.class_embedding.to(x.dtype).expand(x.shape[0], 1, -1)  # [B, 1, width]
        x = torch.cat([cls, x], dim=1) + self.positional_embedding.to(x.dtype)  # [B, g*g+1, width]
        x = self.transformer(self.ln_pre(x))
        return self.ln_post(x[:, 0, :]) @ self.proj  # [B, D]


class Bottleneck(nn.Module):
    expansion = 4

    def __init__(self, inplanes: int, planes: int, stride: int = 1):
        super().__init__()
        self.conv1 = nn.Conv2d(inplanes, planes, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.conv2 = nn.Conv2d(planes, planes, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.avgpool = nn.AvgPool2d(stride) if stride > 1 else nn.Identity()
        self.conv3 = nn.Conv2d(planes, planes * 4, 1, bias=False)
        self.bn3 = nn.BatchNorm2d(planes * 4)
        self.relu = nn.ReLU(inplace=True)
        self.downsample = None
        if stride > 1 or inplanes != planes * 4:
            self.downsample = nn.Sequential(OrderedDict([
                ("-1", nn.AvgPool2d(stride) if stride > 1 else nn.Identity()),
                ("0", nn.Conv2d(inplanes, planes * 4, 1, stride=1, bias=False)),
                ("1", nn.BatchNorm2d(planes * 4))]))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        identity = x
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.relu(self.bn2(self.conv2(out)))
        out = self.bn3(self.conv3(self.avgpool(out)))
        if self.downsample is not None:
            identity = self.downsample(x)
        return self.relu(out + identity)


class AttentionPool2d(nn.Module):
    def __init__(self, spacial_dim: int, embed_dim: int, num_heads: int, output_dim: int):
        super().__init__()
        self.positional_embedding = nn.Parameter(torch.randn(spacial_dim ** 2 + 1, embed_dim) / embed_dim ** 0.5)
        self.k_proj = nn.Linear(embed_dim, embed_dim)
        self.q_proj = nn.Linear(embed_dim, embed_dim)
        self.v_proj = nn.Linear(embed_dim, embed_dim)
        self.c_proj = nn.Linear(embed_dim, output_dim)
        self.num_heads = num_heads

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        B, C, H, W = x.shape
        x = x.flatten(2).transpose(1, 2)  # [B, HW, C]
        x = torch.cat([x.mean(dim=1, keepdim=True), x], dim=1) + self.positional_embedding  # [B, HW+1, C]
        h = self.num_heads
        q = self.q_proj(x[:, :1]).reshape(B, 1, h, C // h).transpose(1, 2)  # [B, h, 1, C/h]
        k = self.k_proj(x).reshape(B, -1, h, C // h).transpose(1, 2)  # [B, h, HW+1, C/h]
        v = self.v_proj(x).reshape(B, -1, h, C // h).transpose(1, 2)  # [B, h, HW+1, C/h]
        att = ((q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(C // h))).softmax(-1)  # [B, h, 1, HW+1]
        out = (att @ v).transpose(1, 2).reshape(B, C)  # [B, C]
        return self.c_proj(out)  # [B, D]


class ModifiedResNet(nn.Module):
    """OpenAI's ModifiedResNet (3-conv stem, anti-aliased strided blocks, attention pool). `stem_stride` = 1 keeps
    full resolution in the stem for 32 px inputs (OpenAI: 2 + avgpool for 224 px)."""

    def __init__(self, layers: List[int], output_dim: int, heads: int, input_resolution: int = 224, width: int = 64,
                 stem_stride: int = 4):
        super().__init__()
        # stem_stride = total stem downsampling: 4 = OpenAI (conv stride 2 + avgpool 2), 2 = conv stride 2, 1 = none
        self.conv1 = nn.Conv2d(3, width // 2, 3, stride=min(stem_stride, 2), padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(width // 2)
        self.conv2 = nn.Conv2d(width // 2, width // 2, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(width // 2)
        self.conv3 = nn.Conv2d(width // 2, width, 3, padding=1, bias=False)
        self.bn3 = nn.BatchNorm2d(width)
        self.avgpool = nn.AvgPool2d(stem_stride // 2) if stem_stride > 2 else nn.Identity()
        self.relu = nn.ReLU(inplace=True)
        self._inplanes = width
        self.layer1 = self._make_layer(width, layers[0])
        self.layer2 = self._make_layer(width * 2, layers[1], stride=2)
        self.layer3 = self._make_layer(width * 4, layers[2], stride=2)
        self.layer4 = self._make_layer(width * 8, layers[3], stride=2)
        down = stem_stride * 8
        self.attnpool = AttentionPool2d(input_resolution // down, width * 32, heads, output_dim)

    def _make_layer(self, planes: int, blocks: int, stride: int = 1) -> nn.Sequential:
        layers = [Bottleneck(self._inplanes, planes, stride)]
        self._inplanes = planes * 4
        layers += [Bottleneck(self._inplanes, planes) for _ in range(1, blocks)]
        return nn.Sequential(*layers)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.relu(self.bn1(self.conv1(x)))
        x = self.relu(self.bn2(self.conv2(x)))
        x = self.avgpool(self.relu(self.bn3(self.conv3(x))))  # [B, width, H', W']
        x = self.layer4(self.layer3(self.layer2(self.layer1(x))))  # [B, 32*width, H'/8, W'/8]
        return self.attnpool(x)  # [B, D]


class ConvGroup(nn.Module):
    """conv 3x3 -> max-pool 2 -> BN -> GELU -> conv 3x3 -> BN -> GELU (airbench / hlb-CIFAR10's group)."""

    def __init__(self, cin: int, cout: int):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = F.gelu(self.bn1(F.max_pool2d(self.conv1(x), 2)))  # [B, cout, H/2, W/2]
        return F.gelu(self.bn2(self.conv2(x)))


class ConvTower(nn.Module):
    """The default image tower for 32 px inputs: a full-resolution stem and three conv groups of widths w, 2w, 4w
    (32 -> 16 -> 8 -> 4 px), global max-pool, linear projection. Chosen by measurement on 2 CPU cores: with w = 32 it
    trains at ~450 img/s against ~230 for w = 64, and keeps the 4x-downsampling stem of the old tower out."""

    def __init__(self, width: int, output_dim: int):
        super().__init__()
        stem = max(8, width * 3 // 4)
        self.stem = nn.Conv2d(3, stem, 3, padding=1, bias=False)
        self.bn = nn.BatchNorm2d(stem)
        self.groups = nn.Sequential(ConvGroup(stem, width), ConvGroup(width, 2 * width),
                                    ConvGroup(2 * width, 4 * width))
        self.proj = nn.Linear(4 * width, output_dim, bias=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.groups(F.gelu(self.bn(self.stem(x))))  # [B, 4w, H/8, W/8]
        return self.proj(torch.amax(x, dim=(2, 3)))  # [B, D]


@dataclass
class CLIPConfig:
    """The architecture and nothing else (nanoGPT's GPTConfig): stored in every checkpoint as `arch`."""
    embed_dim: int = 128
    image_size: int = 32
    vision: str = "convnet"  # "convnet" (ConvTower) | "resnet" (OpenAI ModifiedResNet) | "vit"
    vision_width: int = 32  # convnet: first group width; resnet: stem width; vit: transformer width
    vision_layers: List[int] = field(default_factory=lambda: [1, 1, 1, 1])  # resnet: blocks per stage; vit: [layers]
    vision_heads: int = 4  # resnet attention pool / vit
    vision_patch: int = 4  # vit
    stem_stride: int = 4  # resnet: total stem downsampling (OpenAI: conv stride 2 + avgpool 2 = 4)
    context_length: int = 16
    vocab_size: int = 49408
    text_width: int = 128
    text_heads: int = 4
    text_layers: int = 3
    init_logit_scale: float = math.log(1 / 0.07)
    # eval only: the image embedding is the mean of the image's and its mirror image's (flip test-time augmentation,
    # inside the exported graph, so the app and the recipe agree by construction)
    tta_flip: bool = False

    @staticmethod
    def from_dict(d: Dict) -> "CLIPConfig":
        known = {f.name for f in fields(CLIPConfig)}
        unknown = sorted(set(d) - known)
        if unknown:
            raise CheckpointError(f"unknown architecture key {unknown[0]!r}")
        return CLIPConfig(**d)


def build_vision(c: CLIPConfig) -> nn.Module:
    if c.vision == "convnet":
        return ConvTower(c.vision_width, c.embed_dim)
    if c.vision == "resnet":
        return ModifiedResNet(list(c.vision_layers), c.embed_dim, c.vision_heads, c.image_size, c.vision_width,
                              c.stem_stride)
    if c.vision == "vit":
        return VisionTransformer(c.image_size, c.vision_patch, c.vision_width, c.vision_layers[0], c.vision_heads,
                                 c.embed_dim)
    raise CheckpointError(f"unknown vision tower {c.vision!r} (convnet, resnet or vit)")


class CLIP(nn.Module):
    def __init__(self, config: CLIPConfig):
        super().__init__()
        self.config = config
        self.context_length = config.context_length
        tw = config.text_width
        self.visual = build_vision(config)
        self.transformer = Transformer(tw, config.text_layers, config.text_heads)
        self.token_embedding = nn.Embedding(config.vocab_size, tw)
        self.positional_embedding = nn.Parameter(torch.empty(config.context_length, tw))
        self.ln_final = LayerNorm(tw)
        self.text_projection = nn.Parameter(torch.empty(tw, config.embed_dim))
        self.logit_scale = nn.Parameter(torch.tensor(float(config.init_logit_scale)))
        ctx = config.context_length
        self.register_buffer("attn_mask", torch.full((ctx, ctx), float("-inf")).triu_(1),
                             persistent=False)
        nn.init.normal_(self.token_embedding.weight, std=0.02)
        nn.init.normal_(self.positional_embedding, std=0.01)
        nn.init.normal_(self.text_projection, std=tw ** -0.5)
        proj_std = (tw ** -0.5) * ((2 * config.text_layers) ** -0.5)
        for blk in self.transformer.resblocks:
            nn.init.normal_(blk.attn.in_proj_weight, std=tw ** -0.5)
            nn.init.normal_(blk.attn.out_proj.weight, std=proj_std)
            nn.init.normal_(blk.mlp.c_fc.weight, std=(2 * tw) ** -0.5)
            nn.init.normal_(blk.mlp.c_proj.weight, std=proj_std)

    def encode_image(self, pixel_values: torch.Tensor) -> torch.Tensor:
        if self.training or not self.config.tta_flip:
            return self.visual(pixel_values)  # [B, 3, H, W] -> [B, D]
        B = pixel_values.shape[0]
        both = self.visual(torch.cat([pixel_values, pixel_values.flip(3)]))  # [2B, D]: one pass for both views
        return 0.5 * (both[:B] + both[B:])

    def encode_text(self, input_ids: torch.Tensor) -> torch.Tensor:
        x = self.token_embedding(input_ids) + self.positional_embedding  # [B, ctx, w]
        x = self.ln_final(self.transformer(x, self.attn_mask))  # [B, ctx, w]
        eos = input_ids.argmax(dim=-1)  # [B]: EOS has the largest id
        x = x[torch.arange(x.shape[0]), eos]  # [B, w]
        return x @ self.text_projection  # [B, D]

    def forward(self, pixel_values, input_ids):
        return self.encode_image(pixel_values), self.encode_text(input_ids), self.logit_scale.exp()


# ----------------------------------------------------------------------------------------------- build / load
def config_from_openai_state_dict(sd: Dict[str, torch.Tensor]) -> CLIPConfig:
    """Infer the architecture from an OpenAI CLIP state dict (as openai/CLIP's build_model does)."""
    tw = sd["ln_final.weight"].shape[0]
    text = dict(embed_dim=sd["text_projection"].shape[1], context_length=sd["positional_embedding"].shape[0],
                vocab_size=sd["token_embedding.weight"].shape[0], text_width=tw, text_heads=tw // 64,
                text_layers=len({k.split(".")[2] for k in sd if k.startswith("transformer.resblocks.")}))
    if "visual.proj" in sd:
        width = sd["visual.conv1.weight"].shape[0]
        layers = len({k.split(".")[3] for k in sd if k.startswith("visual.transformer.resblocks.")
                      and k.endswith(".attn.in_proj_weight")})
        patch = sd["visual.conv1.weight"].shape[-1]
        grid = round((sd["visual.positional_embedding"].shape[0] - 1) ** 0.5)
        return CLIPConfig(vision="vit", image_size=patch * grid, vision_width=width, vision_layers=[layers],
                          vision_heads=width // 64, vision_patch=patch, **text)
    counts = [len({k.split(".")[2] for k in sd if k.startswith(f"visual.layer{b}.")}) for b in (1, 2, 3, 4)]
    width = sd["visual.layer1.0.conv1.weight"].shape[0]
    grid = round((sd["visual.attnpool.positional_embedding"].shape[0] - 1) ** 0.5)
    return CLIPConfig(vision="resnet", image_size=grid * 32, vision_width=width, vision_layers=counts,
                      vision_heads=width * 32 // 64, stem_stride=4, **text)


def load_state_dict_strict(model: nn.Module, sd: Dict[str, torch.Tensor], source: str = "checkpoint") -> None:
    """Load with a clear message naming the first missing / unexpected / wrongly shaped key."""
    sd = {k: v for k, v in sd.items() if k not in ("input_resolution", "context_length", "vocab_size")}
    own = model.state_dict()
    for k, v in own.items():
        if k not in sd:
            raise CheckpointError(f"{source}: missing key {k!r} (expected shape {tuple(v.shape)})")
        if tuple(sd[k].shape) != tuple(v.shape):
            raise CheckpointError(f"{source}: key {k!r} has shape {tuple(sd[k].shape)}, expected {tuple(v.shape)}")
    extra = sorted(set(sd) - set(own))
    if extra:
        more = f" (+{len(extra) - 1} more)" if len(extra) > 1 else ""
        raise CheckpointError(f"{source}: unexpected key {extra[0]!r}{more}")
    model.load_state_dict({k: v.float() for k, v in sd.items()}, strict=True)


def atomic_save(obj, path: str) -> None:
    """torch.save to a temporary name, then renamed: an interrupted save never leaves half a file."""
    tmp = f"{path}.tmp{os.getpid()}"
    torch.save(obj, tmp)
    os.replace(tmp, path)


def save_checkpoint(path: str, model: CLIP, cfg_dict: Dict, extra: Optional[Dict] = None) -> None:
    atomic_save({"state_dict": model.state_dict(), "arch": asdict(model.config), "config": cfg_dict, **(extra or {})},
                path)


def load_checkpoint(path: str):
    ck = torch.load(path, map_location="cpu")
    model = CLIP(CLIPConfig.from_dict(ck["arch"]))
    load_state_dict_strict(model, ck["state_dict"], path)
    return model, ck
