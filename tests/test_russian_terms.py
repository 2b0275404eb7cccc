"""One name for one thing across the Russian pages and notices: the centre is the "центр
поддержки мигрантов" (as most pages call it), the stage before a settlement body is
"медиация" (as the attaché's pages and the labels call it). No I/O: the catalogues only."""

from __future__ import annotations

from pathlib import Path

from babel.messages.pofile import read_po

LOCALE = Path(__file__).resolve().parent.parent / "api" / "web" / "locale" / "ru"
# The consent text is read to the migrant as agreed and versioned; its words change only
# with a new version of it.
CONSENT = "The migrant resource centre records my name"


def test_the_russian_texts_name_the_centre_and_mediation_alike() -> None:
    found = []
    for path in sorted(LOCALE.glob("*.po")):
        with path.open("rb") as file:
            for message in read_po(file):
                text = message.string if isinstance(message.string, str) else ""
                if not message.id or str(message.id).startswith(CONSENT):
                    continue
                lower = text.lower()
                if any(word in lower for word in ("ресурсн", "примирени", "центр для мигрантов")):
                    found.append(f"{path.name}: {text}")
    assert found == []


def test_the_uzbek_texts_say_what_was_searched_for_with_one_verb() -> None:
    """«qidirgan» on one card and «izlagan» on another read as two different things to a
    person comparing them: what was searched for is «qidirgan» throughout."""
    uzbek = LOCALE.parent / "uz"
    found = []
    for path in sorted(uzbek.glob("*.po")):
        with path.open("rb") as file:
            for message in read_po(file):
                text = message.string if isinstance(message.string, str) else ""
                if "izla" in text.lower():
                    found.append(f"{path.name}: {text}")
    assert found == []
