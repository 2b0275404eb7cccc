"""Where "did you mean" starts: the nearness of real spellings of one name against that of
different names, over the table in tests/name_pairs.py.

    .venv/bin/python -m bench.names

Prints the nearness (core.text.name_nearness) of each NEAR pair (one name, two keys), the
highest nearness between unrelated names of the table (of different families: those the
lookup should not offer for each other), and whether registry.rules.NEAR_NAME lies
between them.
"""

from __future__ import annotations

import itertools

from core.text import name_key, name_nearness, name_words
from registry.rules import NEAR_NAME
from tests.name_pairs import AGENCIES_SAME, APART, NEAR, PEOPLE_SAME


def _nearness(typed: str, registered: str) -> float:
    return name_nearness(name_words(typed), name_key(registered))


def _families() -> dict[str, str]:
    """Each name of the table and the family it belongs to: spellings of one name, and the
    names a NEAR or APART pair ties to them, and the names that hold one of them."""
    parent: dict[str, str] = {}

    def root(name: str) -> str:
        while parent.setdefault(name, name) != name:
            name = parent[name]
        return name

    for group in AGENCIES_SAME + PEOPLE_SAME:
        for other in group[1:]:
            parent[root(other)] = root(group[0])
    for a, b in NEAR + APART:
        parent[root(a)] = root(b)
    for a, b in itertools.combinations(list(parent), 2):
        if name_key(a) in name_key(b) or name_key(b) in name_key(a):
            parent[root(a)] = root(b)
    return {name: root(name) for name in list(parent)}


def main() -> None:
    near = sorted((_nearness(a, b), a, b) for a, b in NEAR)
    print("spellings of one name with different keys (the lowest first):")
    for value, typed, registered in near:
        print(f"  {value:.3f}  {typed} -> {registered}")
    family = _families()
    heads = list(family)
    unrelated = sorted(
        ((max(_nearness(a, b), _nearness(b, a)), a, b)
         for a, b in itertools.combinations(heads, 2)
         if family[a] != family[b]),
        reverse=True)
    print(f"\nunrelated names ({len(unrelated)} pairs, "
          "the highest first):")
    for value, a, b in unrelated[:8]:
        print(f"  {value:.3f}  {a} / {b}")
    lowest_near, highest_unrelated = near[0][0], unrelated[0][0]
    verdict = "between them" if highest_unrelated < NEAR_NAME <= lowest_near else "NOT between"
    print(f"\nNEAR_NAME = {NEAR_NAME}: {verdict} ({highest_unrelated:.3f} < {NEAR_NAME} "
          f"<= {lowest_near:.3f})")


if __name__ == "__main__":
    main()
