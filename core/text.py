"""Text keys that let names and numbers typed in Latin or Cyrillic, any case or spacing,
find each other."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import util
from pathlib import Path

from unidecode import unidecode


def transliterate(text: str) -> str:
    """Latin letters for any script (Cyrillic included), lower-cased."""
    return unidecode(unicodedata.normalize("NFKC", text)).lower()


# --- words of free text, as the search index holds them -------------------------------------

# Spellings that differ only by the transliteration habit of whoever typed them
# (Russian passport, BGN/PCGN, Uzbek Latin): reduce each to one skeleton. The search
# index stores words in this form, so changing it means reindexing.
_SKELETON_RULES: tuple[tuple[str, str], ...] = (
    ("shch", "sh"), ("sch", "sh"), ("yu", "u"), ("iu", "u"), ("ya", "a"), ("ia", "a"),
    ("yo", "o"), ("io", "o"), ("ye", "e"), ("ie", "e"), ("kh", "h"), ("x", "h"),
    ("zh", "j"), ("dj", "j"), ("ts", "c"), ("tc", "c"), ("ch", "c"), ("y", "i"), ("w", "v"),
    ("q", "k"), ("ph", "f"),
)


def _latin_words(text: str) -> list[str]:
    text = transliterate(text).replace("'", "").replace("`", "")
    return re.findall(r"[a-z0-9]+", text)


def _skeleton(word: str) -> str:
    for old, new in _SKELETON_RULES:
        word = word.replace(old, new)
    return re.sub(r"(.)\1+", r"\1", word)


def spelling_words(text: str) -> list[str]:
    """The words of a text in Latin letters, each reduced to its spelling skeleton."""
    return [_skeleton(w) for w in _latin_words(text)]


# Cyrillic capitals drawn like Latin ones or digits: a code read off paper and typed on a
# Russian keyboard ("73VТ-ВZ9Р") is the code printed.
_CODE_LOOKALIKES = str.maketrans("АВЕКМНРСТУХЗ", "ABEKMHPCTYX3")


def code_letters(text: str) -> str:
    """A typed code in the letters it was issued in: upper case, Cyrillic look-alikes as
    the Latin letters and digits they stand for."""
    return text.upper().translate(_CODE_LOOKALIKES)


def number_key(number: str) -> str:
    """A licence or document number without case, spaces, dashes or Cyrillic look-alikes."""
    return "".join(_latin_words(number)).upper()


# --- names of people and companies ----------------------------------------------------------

# Each letter of the Russian, Kyrgyz, Kazakh, Uzbek and Tajik Cyrillic alphabets, and the
# Latin letters with marks of Uzbek and Turkic spellings, as people type it in plain Latin.
# Mapped here rather than left to unidecode, which spells ж "zh", ҷ "ch'" and ş "s".
_LETTERS = str.maketrans({
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "j",
    "з": "z", "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "h", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "sh", "ъ": "", "ы": "i", "ь": "", "э": "e", "ю": "iu",
    "я": "ia",
    "ң": "n", "ө": "o", "ү": "u",                       # Kyrgyz
    "ә": "a", "ғ": "g", "қ": "k", "ұ": "u", "һ": "h", "і": "i",  # Kazakh (and Uzbek, Tajik)
    "ў": "u", "ҳ": "h",                                 # Uzbek
    "ӣ": "i", "ӯ": "u", "ҷ": "j",                       # Tajik
    "ş": "sh", "ç": "ch", "ğ": "g", "ı": "i", "ñ": "n",
})

# Uzbek Latin writes ў as oʻ and ғ as gʻ; the mark comes in many look-alikes, or not at all.
_UZBEK_MARKED = re.compile(r"([og])[\u02bb\u02bc\u2018\u2019'`\u00b4]")
_APOSTROPHES = re.compile(r"[\u02bb\u02bc\u2018\u2019'`\u00b4]")

# Latin spellings of one sound, in the order they must be reduced (longest first).
_DIGRAPHS: tuple[tuple[str, str], ...] = (
    ("dzh", "j"), ("dj", "j"), ("zh", "j"),
    ("shch", "sh"), ("sch", "sh"),
    ("kh", "h"), ("x", "h"), ("gh", "g"), ("q", "k"),
    ("tch", "ch"), ("ph", "f"), ("w", "v"), ("ng", "n"),
    ("y", "i"),
)

# Words that say what kind of company it is; they do not tell agencies apart. Dropped at
# either end of a name: ОсОО «Ала-Тоо», Ala-Too LLC, MChJ Sharq, ҶДММ Ҳамкор.
_LEGAL_FORM_WORDS = (
    "ooo", "osoo", "oao", "zao", "pao", "ao", "ip", "chp", "llc", "ltd", "limited", "inc",
    "corp", "co", "company", "kompaniia", "kompaniya", "jsc", "ojsc", "cjsc", "pjsc", "mchj",
    "xk", "aj", "jchk", "zhchk", "jdmm", "chdmm", "gmbh",
)
# Kazakh ТОО leads the name (ТОО «Нур»); at the end it is the Kyrgyz "mountain" of Ala-Too.
_LEADING_ONLY_FORM_WORDS = ("too",)


def _fold(text: str, *, doubles: bool = False) -> str:
    """`text` in one spelling of Latin letters, doubled letters made single unless
    `doubles` keeps them."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _UZBEK_MARKED.sub(lambda m: "u" if m.group(1) == "o" else "g", text)
    text = _APOSTROPHES.sub("", text.translate(_LETTERS))
    text = unidecode(text).lower()
    text = re.sub(r"[^a-z0-9]+", " ", text)
    # Ye, yo at the start of a word are е, ё: Yelena and Елена, Yorqin and Ёркин.
    text = re.sub(r"\by[eo]", "e", text).replace("yo", "e")
    for old, new in _DIGRAPHS:
        text = text.replace(old, new)
    return text if doubles else re.sub(r"([a-z])\1+", r"\1", text)


_LEGAL_FORMS = frozenset(_fold(w) for w in _LEGAL_FORM_WORDS)
_LEADING_FORMS = _LEGAL_FORMS | {_fold(w) for w in _LEADING_ONLY_FORM_WORDS}


def name_words(name: str) -> list[str]:
    """The words of a name folded to one spelling, without the company's legal form."""
    words = _fold(name).split()
    while len(words) > 1 and words[0] in _LEADING_FORMS:
        words.pop(0)
    while len(words) > 1 and words[-1] in _LEGAL_FORMS:
        words.pop()
    return words


def _script(text: str) -> str | None:
    """"latin" or "cyrillic" when every letter of `text` is of that script, else None."""
    scripts = {"cyrillic" if "CYRILLIC" in unicodedata.name(c, "") else "latin"
               for c in text if c.isalpha()}
    return scripts.pop() if len(scripts) == 1 else None


def _with_doubles(name: str) -> str:
    """`name_key` with its doubled letters kept: `Ala-Too Work Abroad LLC` ->
    `alatooworkabroad`, `Allaa-Too` -> `allaatoo`."""
    words = _fold(name, doubles=True).split()
    while len(words) > 1 and re.sub(r"([a-z])\1+", r"\1", words[0]) in _LEADING_FORMS:
        words.pop(0)
    while len(words) > 1 and re.sub(r"([a-z])\1+", r"\1", words[-1]) in _LEGAL_FORMS:
        words.pop()
    return "".join(words)


def written_as(typed: str, registered: str) -> bool:
    """Whether a name typed in the registered name's script doubles the letters it doubles
    (spelling, case, spacing, hyphens and the legal form aside). A name's key makes doubled
    letters single, since transliteration differs (`Алатоо`, `Alatoo`, `Alato`); in the
    registered name's own script a letter doubled or undoubled (`Allaa-Too`, `Ala-Tooo`)
    makes another name, perhaps a look-alike. A name typed in another script is not held
    to its doubles."""
    script = _script(registered)
    if script is None or _script(typed) != script:
        return True
    return _with_doubles(typed) == _with_doubles(registered)


# A mark not after o or g is a quote or a slip, not part of a letter.
_STRAY_MARK = re.compile(r"(?<![og])[\u02bb\u02bc\u2018\u2019'`\u00b4]")


def name_letters(name: str) -> list[str]:
    """The words of a name in its own letters, case, punctuation and the company's legal form
    aside: `ОсОО «Ала-Тоо»` -> `ала`, `тоо`. Uzbek oʻ and gʻ keep their mark, in whichever
    look-alike it was typed, since `Ozbekiston` is another spelling of `Oʻzbekiston`."""
    text = _STRAY_MARK.sub("", unicodedata.normalize("NFKC", name).casefold())
    words = re.findall(r"[^\W_]+", _APOSTROPHES.sub("\u02bb", text))
    while len(words) > 1 and _fold(words[0]) in _LEADING_FORMS:
        words.pop(0)
    while len(words) > 1 and _fold(words[-1]) in _LEGAL_FORMS:
        words.pop()
    return words


def name_key(name: str) -> str:
    """A spelling-tolerant key for a name typed in Latin or Cyrillic, any case, spacing or
    hyphens: Ala-Too, ALA TOO and ОсОО «Алатоо» share one, as do Bakyt, Bakit and Бакыт.
    Word breaks are left out, since people write Nur-Sat, Nur Sat and Nursat alike."""
    return re.sub(r"([a-z])\1+", r"\1", "".join(name_words(name)))


# --- how near two names are -------------------------------------------------------------------


def edit_distance(a: str, b: str, limit: int | None = None) -> int:
    """Letters to insert, delete, replace or swap with a neighbour to turn `a` into `b`; with
    a `limit`, any figure above it once the distance is known to exceed it."""
    if len(a) < len(b):
        a, b = b, a
    before: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cost = min(cost, before[j - 2] + 1)
            current.append(cost)
        # No later row goes below both of the last two (a swap reaches back two rows).
        if limit is not None and min(current) > limit and min(previous) > limit:
            return limit + 1
        before, previous = previous, current
    return previous[-1]


def infix_distance(needle: str, haystack: str, limit: int | None = None) -> int:
    """The edit distance from `needle` to the part of `haystack` it is nearest to; with a
    `limit`, any figure above it once the distance is known to exceed it."""
    previous = [0] * (len(haystack) + 1)
    for i, cn in enumerate(needle, start=1):
        current = [i]
        for j, ch in enumerate(haystack, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1,
                               previous[j - 1] + (cn != ch)))
        # No later row goes below this one's least.
        if limit is not None and min(current) > limit:
            return limit + 1
        previous = current
    return min(previous)


# A name this short found inside a longer one says little (Nur is in half the register).
MIN_INFIX_LENGTH = 5


@lru_cache(maxsize=16384)  # the register's keys come back with every check by name
def _bigrams(text: str) -> frozenset[str]:
    return frozenset(text[i:i + 2] for i in range(len(text) - 1))


def _can_reach(needles: list[str], haystack: str, edits: int) -> bool:
    """False when the needles cannot be found in the haystack with `edits` edits in all: each
    edit spoils at most three letter pairs of a needle (a swap of two neighbours spoils the
    pair itself and the one on either side)."""
    pairs = _bigrams(haystack)
    return sum(len(_bigrams(n) - pairs) for n in needles) <= 3 * edits


def name_nearness(words: list[str], key: str, *, at_least: float = 0.0) -> float:
    """How near a name typed (its `name_words`) is to a registered name (its `name_key`),
    from 0 (nothing alike) to 1 (the same name): the share of letters that need no edit,
    over the whole names, over the shorter found inside the longer (Kelechek in Kelechek
    Travel), or over each word typed found in the name (Travel Kelechek). A pair that cannot
    reach `at_least` may be given any lower figure, which spares the edit distances over
    most of a register."""
    typed = re.sub(r"([a-z])\1+", r"\1", "".join(words))
    if not typed or not key:
        return 0.0
    if typed == key:
        return 1.0
    slack = 1 - at_least + 1e-9
    short, long = sorted((typed, key), key=len)
    nearness = 0.0
    whole_edits = int(slack * len(long))
    if len(long) - len(short) <= whole_edits and _can_reach([short], long, whole_edits):
        nearness = 1 - edit_distance(typed, key, whole_edits) / len(long)
    infix_edits = int(slack * len(short))
    if len(short) >= MIN_INFIX_LENGTH and _can_reach([short], long, infix_edits):
        nearness = max(nearness, 1 - infix_distance(short, long, infix_edits) / len(short))
    # Words too short to tell names apart (Ak, Nur, Co) do not count on their own.
    parts = [w for w in words if len(w) >= 3]
    letters = sum(map(len, parts))
    words_edits = int(slack * letters)
    if len(parts) > 1 and letters >= MIN_INFIX_LENGTH and _can_reach(parts, key, words_edits):
        edits = 0
        for part in parts:
            edits += infix_distance(part, key, words_edits - edits)
            if edits > words_edits:
                break
        nearness = max(nearness, 1 - edits / letters)
    return nearness


# --- finding people by name ------------------------------------------------------------------


@dataclass(frozen=True)
class NamePatterns:
    """LIKE patterns over stored name keys for a name typed: the whole name or each of its
    words in any order as spelled (`whole`, `words`), or each word with any vowel (`loose`)."""

    whole: str
    words: list[str]
    loose: list[str]


_VOWELS = re.compile(r"[aeiou]")
# With fewer consonants a vowel-blind word finds too many others (Ali, Aijan).
_LOOSE_CONSONANTS = 3


def _loose_word(word: str) -> str:
    if len(_VOWELS.sub("", word)) < _LOOSE_CONSONANTS:
        return word
    # Uzbek, Tajik and Russian spellings differ most in vowels: Gulnora and Gulnara,
    # Ҷамшед and Jamshid, Otkir and Oʻtkir.
    return _VOWELS.sub("_", word)


def name_patterns(query: str) -> NamePatterns | None:
    """The patterns that find a name typed in any spelling; none if it has no letters."""
    words = name_words(query)
    if not words:
        return None
    return NamePatterns(whole=f"%{name_key(query)}%", words=[f"%{w}%" for w in words],
                        loose=[f"%{_loose_word(w)}%" for w in words])


# --- stop words: words the search does not look for --------------------------------------

_CYRILLIC = re.compile("[\u0400-\u04ff]")


def has_cyrillic(text: str) -> bool:
    """Whether any letter of `text` is Cyrillic (Russian, Kyrgyz, Tajik, Kazakh)."""
    return _CYRILLIC.search(text) is not None


@lru_cache(maxsize=1)
def _stop_lists() -> tuple[frozenset[str], frozenset[str]]:
    """PostgreSQL's Russian and English stop words (the Snowball lists), as shipped with
    the PostgreSQL the service embeds: its text search drops these words from documents
    and queries alike, and both engines' queries leave them out by this one list."""
    spec = util.find_spec("pgserver")  # found, not imported
    assert spec is not None and spec.origin is not None, "pgserver is a dependency"
    shared = Path(spec.origin).parent / "pginstall/share/postgresql/tsearch_data"
    return tuple(frozenset((shared / f"{language}.stop").read_text("utf-8").split())
                 for language in ("russian", "english"))  # type: ignore[return-value]


def is_stop_word(word: str) -> bool:
    """Whether the search drops `word` (lower case): a word with a Cyrillic letter is read
    as Russian, any other as English, as the words' index stems them."""
    russian, english = _stop_lists()
    return word in (russian if has_cyrillic(word) else english)


def without_stop_words(text: str) -> str:
    """`text` with its stop words blanked out (`работа в Казани` -> `работа   Казани`)."""
    return re.sub(r"\w+", lambda m: " " if is_stop_word(m.group().lower()) else m.group(),
                  text)
