"""What an advert's own words say against its form: a passport kept from the worker, and a
longer week than the hours field, in our languages and the shapes adverts write rotas in;
and the words read as a person reads them, whatever letters they are spelled with."""

from __future__ import annotations

from decimal import Decimal

import pytest

from matching.advert_words import hours_said, passport_kept, plain


@pytest.mark.parametrize(("text", "reads"), [
    ("Oплaтa", "Оплата"),                       # Latin look-alikes in a Russian word
    ("Viza to\u02bbl\u043ev", "Viza toʻlov"),  # a Cyrillic о in Uzbek Latin
    ("О п л а т а агенту", "Оплата агенту"),    # a word spaced out
    ("o.p.l.a.t.a", "oplata"),
    ("Опла\u200bта", "Оплата"),                # an invisible character inside
    ("Ｏｐｌａｔａ", "Oplata"),                  # full-width letters
    ("в и к", "в и к"),                         # three one-letter words are words
    ("Москва 2026", "Москва 2026"),
])
def test_words_read_as_a_person_reads_them(text: str, reads: str) -> None:
    assert plain(text) == reads


@pytest.mark.parametrize("text", [
    "Паспорт хранится у работодателя весь срок контракта.",
    "Паспорт сдаётся бригадиру по приезду.",
    "Passports are held by the company for safekeeping.",
    "Pasportingiz ish beruvchida saqlanadi.",
    "Паспортуңузду иш берүүчүгө тапшырасыз.",
    "Шиносномаи шумо дар корфармо нигоҳ дошта мешавад.",
    "П а с п о р т хранится у работодателя.",
])
def test_a_passport_kept_from_the_worker_is_quoted(text: str) -> None:
    assert passport_kept("Сварщик", text) is not None


@pytest.mark.parametrize("text", [
    "Паспорт остаётся у вас на руках.",
    "Нужна копия паспорта.",
    "Паспорт никому не отдавайте.",
    "Паспорт должен быть действителен не менее 18 месяцев.",
    "Загранпаспорт обязателен.",
    "Your passport stays with you at all times.",
    "Send a scan of your passport to the agency.",
])
def test_a_passport_the_worker_keeps_is_left_alone(text: str) -> None:
    assert passport_kept("Сварщик", text) is None


@pytest.mark.parametrize(("text", "week"), [
    ("График 12 часов в день, 6 дней в неделю, без выходных.", "72"),
    ("Kuniga 12 soat, haftasiga 6 kun ishlanadi.", "72"),
    ("Смена 12 часов. График 6/1.", "72"),
    ("Работа 5 дней в неделю по 8 часов.", "40"),
    ("Работа по 11 часов без выходных.", "77"),
    ("60 часов в неделю.", "60"),
    ("Haftasiga 66 soat.", "66"),
    ("Работа 12 часов в день.", "60"),          # days unsaid: five
    # Rotas average the days worked over the week.
    ("2/2 по 12 часов.", "42"),
    ("Working hours: 3/3, 12-hour shifts.", "42"),
    ("Two days on, two days off, 12-hour shifts.", "42"),
    ("Сменный, два через два по 12 часов.", "42"),
    ("Schedule: four 10-hour shifts a week.", "40"),
    ("Вахта 30/30 по 11 часов.", "38.5"),
    ("Охранник, сутки через трое по 24 часа.", "43.2"),
])
def test_the_week_an_adverts_words_describe(text: str, week: str) -> None:
    said = hours_said("Работа", text)
    assert said is not None and said.per_week == Decimal(week), said


@pytest.mark.parametrize("text", [
    "Зарплата 250 рублей в час, оплата каждую неделю.",
    "Стаж от 2 лет, возраст 20–45 лет.",
    "Выезд 12.01.2027, контракт 12 месяцев.",
    # A shift's hours without the days or rota worked: as often 2/2 as five days.
    "Работа в таксопарке, смены по 12 часов.",
])
def test_an_advert_naming_no_hours_says_no_week(text: str) -> None:
    assert hours_said("Работа", text) is None
