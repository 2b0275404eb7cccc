"""Name keys and nearness, without I/O: the spellings people type of one name share a key,
close but different names never do, and "did you mean" starts where it was measured."""

from __future__ import annotations

import itertools

import pytest

from core.text import (
    edit_distance,
    infix_distance,
    name_key,
    name_nearness,
    name_patterns,
    name_words,
)
from registry.rules import NEAR_NAME, match_names
from tests.name_pairs import AGENCIES_SAME, APART, NEAR, PEOPLE_SAME, same_pairs


def test_the_table_has_at_least_fifty_spelling_pairs() -> None:
    assert len(same_pairs()) + len(NEAR) >= 50


@pytest.mark.parametrize(("written", "typed"), same_pairs())
def test_spellings_of_one_name_share_a_key(written: str, typed: str) -> None:
    assert name_key(typed) == name_key(written) != ""


@pytest.mark.parametrize(("typed", "registered"), APART)
def test_close_but_different_names_never_share_a_key(typed: str, registered: str) -> None:
    assert name_key(typed) != name_key(registered)


@pytest.mark.parametrize(("typed", "registered"), NEAR)
def test_near_spellings_keep_their_own_key_but_are_near(typed: str, registered: str) -> None:
    assert name_key(typed) != name_key(registered)
    assert name_nearness(name_words(typed), name_key(registered)) >= NEAR_NAME


def test_unrelated_names_of_the_table_are_not_near() -> None:
    """Heads of different spelling groups, neither inside the other, stay below the line."""
    heads = [group[0] for group in AGENCIES_SAME + PEOPLE_SAME]
    for a, b in itertools.combinations(heads, 2):
        if name_key(a) in name_key(b) or name_key(b) in name_key(a):
            continue
        assert name_nearness(name_words(a), name_key(b)) < NEAR_NAME, (a, b)


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("ОсОО «Ала-Тоо»", "alato"),          # legal form, quotes, hyphen, long vowel
        ("Ala-Too LLC", "alato"),
        ("ТОО «Нур»", "nur"),                  # Kazakh ТОО leads the name ...
        ("Ala Too", "alato"),                  # ... but at the end it is the mountain
        ("Sharq MChJ", "shark"),
        ("ҶДММ Ҳамкор", "hamkor"),
        ("LLC", "lc"),                         # a name that is only a legal form keeps it
        ("Oʻzbekiston", "uzbekiston"),         # oʻ is ў, whatever the apostrophe
        ("O‘zbekiston", "uzbekiston"),
        ("Gʻayrat", "gairat"),
        ("Жаңыл", "janil"),                    # Kyrgyz ң ө ү
        ("Өмүр", "omur"),
        ("Тоҷикистон", "tojikiston"),          # Tajik ҷ ӣ ӯ
        ("Шарифӣ", "sharifi"),
        ("Фирӯз", "firuz"),
        ("Фёдор", "fedor"),                    # Russian ё, е, э, ь, ъ
        ("Эльмира", "elmira"),
        ("Маъруф", "maruf"),
        ("Nur-2000", "nur2000"),           # digits are not letters to collapse
        ("", ""),
        ("«»—", ""),
    ],
)
def test_name_key_folds_letters_marks_and_legal_forms(name: str, key: str) -> None:
    assert name_key(name) == key


def test_name_words_keep_the_order_and_drop_the_legal_form() -> None:
    assert name_words("ОсОО «Кыргыз Жумуш» LLC") == ["kirgiz", "jumush"]


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [("", "", 0), ("abc", "", 3), ("kelechek", "keleshek", 1), ("alato", "alaot", 1),
     ("gulnara", "gulnora", 1), ("nursat", "nurbat", 1), ("ab", "ba", 1)],
)
def test_edit_distance(a: str, b: str, distance: int) -> None:
    assert edit_distance(a, b) == edit_distance(b, a) == distance


@pytest.mark.parametrize(
    ("needle", "haystack", "distance"),
    [("kelechek", "kelechektravel", 0), ("travel", "kelechektravel", 0),
     ("kelecek", "kelechektravel", 1), ("shark", "sharifi", 1), ("abc", "", 3)],
)
def test_infix_distance(needle: str, haystack: str, distance: int) -> None:
    assert infix_distance(needle, haystack) == distance


@pytest.mark.parametrize(
    ("typed", "registered", "nearness"),
    [
        ("Alatoo", "Ala-Too", 1.0),
        ("Kelechek", "Kelechek Travel", 1.0),          # a part of the name
        ("Travel Kelechek", "Kelechek Travel", 1.0),   # its words in another order
        ("Ala-Too Bishkek", "Ala-Too", 1.0),           # the name with more words
        ("Nur Sad", "Nur-Sat", 5 / 6),
        ("Nur", "Nur-Sat", 0.5),                       # too short to be found inside
        ("Sharq", "Sharifi", 0.8),
        ("", "Ala-Too", 0.0),
    ],
)
def test_nearness(typed: str, registered: str, nearness: float) -> None:
    assert name_nearness(name_words(typed), name_key(registered)) == pytest.approx(nearness)


def test_the_shortcut_below_the_line_never_hides_a_near_name() -> None:
    """Over every pair of the table, asking `at_least` changes no answer above the line."""
    names = [n for group in AGENCIES_SAME + PEOPLE_SAME for n in group]
    names += [n for pair in NEAR + APART for n in pair]
    for a, b in itertools.product(names, repeat=2):
        full = name_nearness(name_words(a), name_key(b))
        quick = name_nearness(name_words(a), name_key(b), at_least=NEAR_NAME)
        assert (full >= NEAR_NAME) == (quick >= NEAR_NAME), (a, b)
        if quick >= NEAR_NAME:
            assert quick == full


REGISTER = [(1, name_key("Ala-Too")), (2, name_key("Ala-Too Servis")),
            (3, name_key("Nur-Sat")), (4, name_key("Kelechek Travel")),
            (5, name_key("Ala-Tau")), (6, name_key("ОсОО «Алатоо»"))]


@pytest.mark.parametrize(
    ("typed", "exact", "near"),
    [
        ("Alatoo", [1, 6], []),              # every agency of that name, nothing else
        ("ALA TOO servis", [2], []),
        ("Nursat", [3], []),
        ("Kelechek", [], [4]),               # a part of a name is only near
        ("Ala-Too Travel", [], [1, 6]),
        ("Nur Sad", [], [3]),
        ("Bishkek Jumush", [], []),          # nothing near: "not in the register"
        ("!!", [], []),
    ],
)
def test_match_names(typed: str, exact: list[int], near: list[int]) -> None:
    found = match_names(typed, REGISTER)
    assert (found.exact, found.near) == (exact, near)


def test_near_names_are_the_nearest_first_and_few() -> None:
    register = [(i, name_key(f"Kelechek {word}")) for i, word in enumerate(
        ["Travel", "Service", "Plus", "Invest", "Group", "Bishkek", "Osh"], start=1)]
    register.append((99, name_key("Keleshek")))
    assert match_names("Kelechek", register, limit=5).near == [1, 2, 3, 4, 5]
    assert match_names("Kelechek", register, limit=10).near == [1, 2, 3, 4, 5, 6, 7, 99]


def test_name_patterns_for_the_centre_search() -> None:
    patterns = name_patterns("Гульнора Асанова")
    assert patterns is not None
    assert patterns.whole == "%gulnorasanova%"  # one a where the words meet
    assert patterns.words == ["%gulnora%", "%asanova%"]
    # Vowels may differ where a word has three consonants or more; short words stay exact.
    assert patterns.loose == ["%g_ln_r_%", "%_s_n_v_%"]
    assert name_patterns("Aijan").loose == ["%aijan%"]  # type: ignore[union-attr]
    assert name_patterns("«—»") is None
