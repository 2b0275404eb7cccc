"""How well a query naming no occupation of the table is still taken for the right one:
each Kyrgyz, Uzbek and Tajik name is left out of the table in turn and guessed from the
rest (matching.occupations.occupation_guessed), as a name the table never held would be.

    .venv/bin/python -m bench.guesses

Counts the names guessed as their own occupation (or a trade of its ISCO-08 unit group),
as another, and not at all; a name another occupation's names spell alike is skipped.
No query of bench/eval is read, so the figures are free of the evaluation's held half.
"""

from __future__ import annotations

import dataclasses
from collections import Counter

from tqdm import tqdm

from matching import occupations

LANGUAGES = ("ky", "uz", "uz_cyrl", "tg")
_CACHED = (occupations._vocabulary, occupations._by_prefix)  # English and Russian stay


def _with_table(table: tuple[occupations.Occupation, ...]) -> None:
    occupations.OCCUPATIONS = table
    occupations.BY_CODE = {o.code: o for o in table}
    for cached in _CACHED:
        cached.cache_clear()


def main() -> None:
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
            guessed, _ = occupations.occupation_guessed(name)
            if guessed is None:
                counts["not guessed"] += 1
            elif guessed.unit_group == occupation.unit_group:
                counts["right"] += 1
            else:
                counts["wrong"] += 1
                wrong.append(f"  {name}: {occupation.name('en')} taken for {guessed.name('en')}")
    finally:
        _with_table(whole)
    total = len(left_out)
    print(f"{total} names left out one at a time")
    for outcome in ("right", "wrong", "not guessed"):
        print(f"  {outcome:<12} {counts[outcome]:>5}  {counts[outcome] / total:.3f}")
    print("some taken for another trade:")
    print("\n".join(wrong[:15]))


if __name__ == "__main__":
    main()
