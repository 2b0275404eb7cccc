"""Vectors kept on disk between benchmark runs, so a large index can be rebuilt without
embedding its adverts again. Only index builds that are not being timed read from it:
every ingest figure the benchmark reports embeds for real."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import numpy as np


class VectorCache:
    """Append-only shards of (text digest -> vector) for one model and token limit."""

    def __init__(self, folder: Path, *, model: str, max_tokens: int) -> None:
        self.folder = folder / f"{model}-{max_tokens}"
        self.folder.mkdir(parents=True, exist_ok=True)
        self._vectors: dict[str, np.ndarray] = {}
        self._pending: dict[str, np.ndarray] = {}
        for keys_file in sorted(self.folder.glob("shard-*.json")):
            keys = json.loads(keys_file.read_text())
            vectors = np.load(keys_file.with_suffix(".npy"))
            self._vectors.update(zip(keys, vectors, strict=True))

    @staticmethod
    def key(text: str) -> str:
        return hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()

    def __len__(self) -> int:
        return len(self._vectors) + len(self._pending)

    def get(self, text: str) -> np.ndarray | None:
        key = self.key(text)
        return self._vectors.get(key, self._pending.get(key))

    def put(self, texts: list[str], vectors: np.ndarray) -> None:
        for text, vector in zip(texts, vectors, strict=True):
            self._pending[self.key(text)] = vector
        if len(self._pending) >= 4096:
            self.flush()

    def flush(self) -> None:
        if not self._pending:
            return
        name = f"shard-{len(list(self.folder.glob('shard-*.json'))):05d}"
        keys = list(self._pending)
        np.save(self.folder / f"{name}.npy", np.stack([self._pending[k] for k in keys]))
        (self.folder / f"{name}.json").write_text(json.dumps(keys))  # written last: complete
        self._vectors.update(self._pending)
        self._pending = {}


class CachedEmbedder:
    """The model, answering from the cache when allowed (`replay`), filling it always."""

    def __init__(self, inner: Any, cache: VectorCache) -> None:
        self._inner = inner
        self.cache = cache
        self.replay = False
        self.hits = 0

    def embed(self, texts: list[str], **kwargs: Any) -> Any:
        if self.replay:
            found = [self.cache.get(t) for t in texts]
            missing = [t for t, v in zip(texts, found, strict=True) if v is None]
            if missing:
                computed = self._inner.embed(missing, **kwargs)
                self.cache.put(missing, computed)
                fresh = iter(computed)
                found = [v if v is not None else next(fresh) for v in found]
            self.hits += len(texts) - len(missing)
            return np.stack(found) if found else self._inner.embed(texts, **kwargs)
        vectors = self._inner.embed(texts, **kwargs)
        self.cache.put(texts, vectors)
        return vectors

    def embed_queries(self, texts: list[str]) -> Any:
        return self._inner.embed_queries(texts)

    def embed_query(self, text: str) -> Any:
        return self._inner.embed_query(text)
