"""Text keys that let names and numbers typed in Latin or Cyrillic, any case or spacing,
find each other."""

from __future__ import annotations

import re
import unicodedata

from unidecode import unidecode


def transliterate(text: str) -> str:
    """Latin letters for any script (Cyrillic included), lower-cased."""
    return unidecode(unicodedata.normalize("NFKC", text)).lower()


# Words that say what kind of company it is; they do not tell agencies apart.
_LEGAL_FORMS = frozenset(
    {
        "ooo", "osoo", "oao", "zao", "pao", "ao", "ip", "too", "llc", "ltd", "limited", "inc", "co",
        "mchj", "xk", "chp", "ojsc", "cjsc", "jsc", "company", "kompaniia", "kompaniya",
    }
)

# Spellings that differ only by the transliteration habit of whoever typed them
# (Russian passport, BGN/PCGN, Uzbek Latin): reduce each to one skeleton.
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


def name_key(name: str) -> str:
    """A spelling-tolerant key for a name typed in Latin or Cyrillic, any case or spacing."""
    words = [w for w in _latin_words(name) if w not in _LEGAL_FORMS]
    return " ".join(_skeleton(w) for w in words)


def number_key(number: str) -> str:
    """A licence or document number without case, spaces, dashes or Cyrillic look-alikes."""
    return "".join(_latin_words(number)).upper()
