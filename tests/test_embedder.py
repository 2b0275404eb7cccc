"""The embedder: ONNX runtime gives the model's own vectors for adverts, and queries run on
an int8 copy that ranks adverts as the model does."""

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


def test_queries_run_on_an_int8_copy_that_ranks_adverts_as_the_model_does(
        engines: Any) -> None:
    from core.config import get_settings
    from matching.embedder import get_embedder

    embedder = get_embedder(get_settings().embedding_model)
    assert embedder.query_precision == "int8"
    queries = ["welder", "care for elderly people", "truck driver category C",
               "warehouse forklift job with housing", "hotel housekeeper Dubai"]
    adverts = ["Welder (MIG/MAG) for a shipyard, hostel provided",
               "Caregiver in a care home for elderly residents",
               "Truck driver, licence category C, long-haul routes",
               "Forklift operator in a logistics warehouse, accommodation included",
               "Room attendant for a five-star hotel in Dubai"]
    reference = embedder._model.encode(queries, normalize_embeddings=True,
                                       convert_to_numpy=True)
    int8 = embedder.embed_queries(queries)
    # Not the full model's numbers (it really is the quantized copy) ...
    assert np.abs(int8 - reference).max() > 1e-3
    # ... but the same direction, and each query still finds its own advert first.
    assert (np.sum(int8 * reference, axis=1) > 0.97).all()
    documents = embedder.embed(adverts)
    assert list(np.argmax(int8 @ documents.T, axis=1)) == list(range(len(queries)))


def test_a_float32_query_setting_gives_the_models_own_vectors(
        engines: Any) -> None:
    from core.config import get_settings
    from matching.embedder import Embedder

    settings = get_settings()
    embedder = Embedder(settings.embedding_model, cache_dir=settings.data_dir / "models",
                        max_tokens=settings.embedding_max_tokens,
                        query_precision="float32")
    text = "Сварщик на стройку в Казани"
    reference = embedder._model.encode([text], normalize_embeddings=True,
                                       convert_to_numpy=True)
    assert np.abs(embedder.embed_queries([text]) - reference).max() < 1e-4
