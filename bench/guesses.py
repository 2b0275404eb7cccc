"""How well a query naming no occupation of the table is still taken for the right one:
each Kyrgyz, Uzbek and Tajik name is left out of the table in turn and guessed from the
rest (matching.occupations.occupations_guessed), as a name the table never held would be.

    .venv/bin/python -m bench.guesses            # as search guesses: up to two trades
    .venv/bin/python -m bench.guesses --most 1   # one trade or none

Counts the names guessed as their own occupation (or a trade of its ISCO-08 unit group)
among the trades guessed, as others only, and not at all; a name another occupation's
names spell alike is skipped. No query of bench/eval is read, so the figures are free of
the evaluation's held half.
"""

from __future__ import annotations

import argparse
import dataclasses
from collections import Counter

from tqdm import tqdm

from matching import occupations

LANGUAGES = ("ky", "uz", "uz_cyrl", "tg")
_CACHED = (occupations._vocabulary, occupations._by_prefix)  # the English words stay


def _with_table(table: tuple[occupations.Occupation, ...]) -> None:
    occupations.OCCUPATIONS = table
    occupations.BY_CODE = {o.code: o for o in table}
    for cached in _CACHED:
        cached.cache_clear()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.guesses", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--most", type=int, default=2, help="trades a guess may give")
    most = parser.parse_args(argv).most
    whole = occupations.OCCUPATIONS
    spelt = Counter(occupations._words(n) for o in whole for ns in o.names.values() for n in ns)
    left_out = [(o, name) for o in whole for language in LANGUAGES
                for name in o.names.get(language, ()) if spelt[occupations._words(name)] == 1]
    counts: Counter[str] = Counter()
    wrong: list[str] = []
    try:
        for occupation, name in tqdm(left_out, desc="names", unit="name"):
            names = {language: tuple(n for n in found if n != name)
                     for language, found in occupation.names.items()}
            _with_table(tuple(dataclasses.replace(o, names=names) if o is occupation else o
                              for o in whole))
            guessed, _ = occupations.occupations_guessed(name, most)
            if not guessed:
                counts["not guessed"] += 1
            elif any(g.unit_group == occupation.unit_group for g in guessed):
                counts["right"] += 1
            else:
                counts["wrong"] += 1
                taken = " or ".join(g.name("en") for g in guessed)
                wrong.append(f"  {name}: {occupation.name('en')} taken for {taken}")
    finally:
        _with_table(whole)
    total = len(left_out)
    print(f"{total} names left out one at a time, up to {most} trades a guess")
    for outcome in ("right", "wrong", "not guessed"):
        print(f"  {outcome:<12} {counts[outcome]:>5}  {counts[outcome] / total:.3f}")
    print("some taken for another trade:")
    print("\n".join(wrong[:15]))


if __name__ == "__main__":
    main()
