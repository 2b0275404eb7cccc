"""Vectors kept on disk between benchmark runs, so a large index can be rebuilt without
embedding its adverts again. Only index builds that are not being timed read from it:
every ingest figure the benchmark reports embeds for real."""

from __future__ import annotations

import hashlib
import json
import random
from collections import defaultdict
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


class DerivedVectors:
    """Vectors for adverts past the first `beyond`, derived from the embedded ones, for
    sizes whose embedding would take longer than a run (1,000,000 adverts are about three
    hours of the model here). The adverts' texts stay real; only their vectors are made.

    An advert's vector is made from three embedded adverts of its kind (occupation,
    country, language of the text): the kind's mean plus (a + b - c - mean) / sqrt(3),
    normalised. Each cluster keeps its centre and spread (three independent offsets
    from the mean, scaled back to one's variance), where a mean of adverts would draw it
    inward and random noise would push it off the model's surface."""

    def __init__(self, cache: VectorCache, beyond: int, seed: int = 17) -> None:
        self.cache = cache
        self.beyond = beyond
        self._rng = random.Random(seed)
        self._kinds: dict[tuple[str, ...], list[np.ndarray]] = defaultdict(list)
        self._means: dict[tuple[str, ...], np.ndarray] = {}
        self._vectors: dict[str, np.ndarray] = {}

    def __len__(self) -> int:
        return len(self._vectors)

    def see(self, n: int, kind: tuple[str, ...], text: str) -> None:
        """Learn the embedded advert `n`, or derive a vector for it past `beyond`."""
        if n < self.beyond:
            vector = self.cache.get(text)
            if vector is None:
                raise SystemExit(f"advert {n} is not in the vector cache: fill it first "
                                 f"(--fill-cache --sizes {self.beyond})")
            self._kinds[kind].append(vector)
            return
        pool = self._kinds.get(kind)
        if not pool:
            raise SystemExit(f"no embedded advert of kind {kind} to derive advert {n} from")
        if kind not in self._means:
            self._means[kind] = np.mean(pool, axis=0)
        mean = self._means[kind]
        a, b, c = (pool[self._rng.randrange(len(pool))] for _ in range(3))
        made = mean + (a + b - c - mean) / np.sqrt(3)
        norm = float(np.linalg.norm(made))
        self._vectors[VectorCache.key(text)] = (made / norm if norm else a).astype(a.dtype)

    def get(self, text: str) -> np.ndarray | None:
        return self._vectors.get(VectorCache.key(text))


class CachedEmbedder:
    """The model, answering from the cache when allowed (`replay`), filling it always."""

    def __init__(self, inner: Any, cache: VectorCache) -> None:
        self._inner = inner
        self.model = inner  # the model itself, for figures that must not replay
        self.cache = cache
        self.replay = False
        self.hits = 0
        self.derived: DerivedVectors | None = None

    def _replayed(self, text: str) -> np.ndarray | None:
        if self.derived is not None:
            vector = self.derived.get(text)
            if vector is not None:
                return vector
        return self.cache.get(text)

    def embed(self, texts: list[str], **kwargs: Any) -> Any:
        if self.replay:
            found = [self._replayed(t) for t in texts]
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
