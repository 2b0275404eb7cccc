"""What an advert's own words say against its form: a passport kept from the worker, a
longer week than the hours field, in our languages and the shapes adverts write rotas in,
and a lower wage than the wage field; the words read as a person reads them, whatever
letters they are spelled with, and quoted as the agency typed them."""

from __future__ import annotations

from decimal import Decimal

import pytest

from matching.advert_words import hours_said, passport_kept, plain
from matching.wage_words import WageSaid, wage_said_lower


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
    # The days a week in words.
    ("Работаем по 12 часов в день, шесть дней в неделю.", "72"),
    ("12 hours a day, six days a week.", "72"),
    ("Kuniga 12 soat, haftasiga olti kun.", "72"),
    ("Күнүнө 12 саат, жумасына алты күн.", "72"),
    ("Дар як рӯз 12 соат, шаш рӯз дар як ҳафта.", "72"),
    ("Шестидневная рабочая неделя, 10 часов в день.", "60"),
    ("Смена 7.5 часов, 6 дней в неделю.", "45"),
    # A day's hours as the clock times it runs between.
    ("Работа с 8:00 до 20:00, шесть дней в неделю.", "72"),
    ("Работа с 8 утра до 8 вечера.", "60"),     # days unsaid: five
    ("График: 8:00–20:00, шесть дней в неделю.", "72"),
    ("Work from 8am to 8pm, six days a week.", "72"),
    ("We work from 8 a.m. to 8 p.m. six days a week.", "72"),
    ("Ish vaqti soat 8:00 dan 20:00 gacha, haftasiga 6 kun.", "72"),
    ("Иш убактысы саат 8:00дөн 20:00гө чейин, жумасына 6 күн.", "72"),
    ("Вақти корӣ аз соати 8:00 то 20:00, шаш рӯз дар як ҳафта.", "72"),
    ("Режим работы: с 7.00 до 19.00, без выходных.", "84"),
    ("Ночная смена с 20:00 до 8:00, 5 дней в неделю.", "60"),  # past midnight
    ("Работа с 9 до 6, без выходных.", "63"),   # 9am to 6pm
    # The break is not worked.
    ("Пн–пт с 8:00 до 17:00, обед 1 час.", "40"),
    ("Monday to Friday, 8:00 to 18:00 with a one-hour break.", "45"),
    ("Работа с 8:00 до 17:00 (обед с 12:00 до 13:00), 6 дней в неделю.", "48"),
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


@pytest.mark.parametrize("text", [
    "Набор с 1 до 15 июня, работа 6 дней в неделю.",                  # dates
    "Выезд с 01.06 до 15.06, работа 6 дней в неделю.",
    "Возраст от 18 до 45 лет, работа 6 дней в неделю.",                # ages
    "Возраст с 18 до 24 лет, график работы шесть дней в неделю.",
    "Зарплата от 50 000 до 70 000 руб., работа 6 дней в неделю.",      # wages
    "Pay from £10.50 to £12.00 an hour, six days a week work.",
    # The agency's, an office's or a shop's hours are not the worker's.
    "Звонить с 9 до 18, работа 6 дней в неделю.",
    "Приём документов с 10:00 до 17:00, работа 6 дней в неделю.",
    "Call us from 9am to 6pm, six days a week.",
    "Hujjatlarni qabul qilish soat 9:00 dan 18:00 gacha, haftasiga 6 kun.",
    "Магазин работает с 8:00 до 22:00, график работы 2/2.",
    # A shift's times without the days or rota worked, as a shift's hours.
    "Работа в 2 смены: с 8:00 до 20:00 и с 20:00 до 8:00.",
])
def test_times_that_are_not_a_working_day_say_no_week(text: str) -> None:
    assert hours_said("Работа", text) is None


def test_a_quote_shows_the_adverts_own_characters() -> None:
    """The check reads `Пaспoрт` (Latin a and o) as the word it stands for; the quote shows
    what the agency typed, so the attaché sees the disguise and finds it in the advert."""
    kept = passport_kept(None, "Пaспoрт хранится у работодателя.")
    assert kept == "Пaспoрт хранится у работодателя"
    hours = hours_said(None, "Г р а ф и к 12 часов в день, 6 дней в неделю.")
    assert hours is not None and hours.quote == "Г р а ф и к 12 часов в день, 6 дней в неделю"


def _lower(text: str, amount: str = "60000", currency: str = "RUB", period: str = "month",
           hours: str = "40") -> WageSaid | None:
    return wage_said_lower("Работа", text, amount=Decimal(amount), currency=currency,
                           period=period, hours_per_week=Decimal(hours))


@pytest.mark.parametrize(("text", "amount", "currency", "period", "said", "quote"), [
    # A trial period paid less than the wage row shows, with or without a currency.
    ("Зарплата 60 000 руб. в месяц, первые 3 месяца 20 000 руб.", "60000", "RUB", "month",
     "20000", "Зарплата 60 000 руб. в месяц, первые 3 месяца 20 000 руб."),
    ("Испытательный срок — 25 000.", "60000", "RUB", "month", "25000",
     "Испытательный срок — 25 000"),
    ("Работа в Корее, зарплата 300$ в месяц.", "800", "USD", "month", "300",
     "Работа в Корее, зарплата 300$ в месяц"),
    ("During the probation period the pay is 1,200 GBP a month.", "2150", "GBP", "month",
     "1200", "During the probation period the pay is 1,200 GBP a month"),
    # Another period than the field's: compared in the field's.
    ("Ставка 250 руб/час.", "60000", "RUB", "month", "43333", "Ставка 250 руб/час"),
    ("Pay: £10.50 an hour.", "11.44", "GBP", "hour", "10.50", "Pay: £10.50 an hour"),
    # A range promises its lower end, quoted when the field shows its top; a shortened
    # word's point stays in the quote.
    ("Зарплата от 50 000 до 60 000 руб.", "60000", "RUB", "month", "50000",
     "Зарплата от 50 000 до 60 000 руб."),
    ("Зарплата 50-60 тыс. руб.", "60000", "RUB", "month", "50000", "Зарплата 50-60 тыс. руб."),
    # Letters of the other alphabet read as the word, quoted as typed.
    ("Зaрплaтa нa испытaтельный срoк 30 000 руб.", "60000", "RUB", "month", "30000",
     "Зaрплaтa нa испытaтельный срoк 30 000 руб."),
])
def test_a_lower_wage_the_words_state_is_quoted(text: str, amount: str, currency: str,
                                                period: str, said: str, quote: str) -> None:
    found = _lower(text, amount, currency, period)
    assert found == WageSaid(Decimal(said), quote), found


@pytest.mark.parametrize("text", [
    "Оплата 500$ агенту до выезда.",                     # a fee, not the wage
    "Oплaтa визы 20 000 руб. агенту.",
    "Зарплата 60 000 руб. в месяц на руки.",             # the field's wage
    "Зарплата от 60 000 руб.",
    "Зарплата от 50 000 до 70 000 руб.",                 # the field within the range
    "Зарплата до 80 000 руб.",
    "Зарплата 600 $ в месяц.",                           # another currency: no rates
    "Зарплата 60 000 руб., премия 10 000 руб.",          # on top of the wage
    "Проживание 5 000 руб. в месяц.",
    "Зарплата 60 000 руб. в месяц, выплачивается двумя частями по 30 000 руб.",
    "Минимальная зарплата в России — 22 440 руб.",
    "Зарплата 60 000 руб, звоните +7 999 123-45-67.",    # a phone number
    "Зарплата выплачивается 2 раза в месяц, 10 и 25 числа.",
    "Зарплата с 2026 года, испытательный срок 3 месяца.",  # a year, months
    "Адрес: ул. Ленина 25, офис 300. Зарплата 60 000 руб.",
    "Оплата 50 руб. за ящик.",                           # a piece rate
    "Зарплата 60 000 до вычета налогов, на руки 52 200.",
    "Ставка 400 руб/час.",                               # 400 x 40 h x 52/12 is above
])
def test_no_lower_wage_where_the_words_do_not_state_one(text: str) -> None:
    assert _lower(text) is None
