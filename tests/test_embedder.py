"""The embedder: ONNX runtime gives the model's own vectors, for one query and for a batch."""

from __future__ import annotations

from typing import Any

import numpy as np


def test_onnx_vectors_match_the_models_own_for_queries_and_batches(engines: Any) -> None:
    from core.config import get_settings
    from matching.embedder import get_embedder

    embedder = get_embedder(get_settings().embedding_model)
    assert embedder.runtime == "onnx"
    texts = ["Welder for a construction site in Moscow, hostel provided",
             "Сварщик на стройку в Казани, общежитие и питание бесплатно",
             "care for elderly people"]
    reference = embedder._model.encode(texts, normalize_embeddings=True,
                                       convert_to_numpy=True)
    one_by_one = np.stack([embedder.embed([t])[0] for t in texts])  # the query path
    batch = embedder.embed(texts)  # the bulk path, other thread count
    assert np.abs(one_by_one - reference).max() < 1e-4
    assert np.abs(batch - reference).max() < 1e-4
    assert np.allclose(np.linalg.norm(batch, axis=1), 1.0, atol=1e-5)
    # Different texts are not the same vector: the model really ran.
    assert float(batch[0] @ batch[2]) < 0.9
