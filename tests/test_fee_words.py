"""A payment asked of the worker in the advert's own words, in each of our languages, is
found; an advert saying the employer pays, that something is free, or that the worker must
never pay is not taken for one."""

from __future__ import annotations

import pytest

from matching.fee_words import QUOTE_LIMIT, fee_asked


@pytest.mark.parametrize("text", [
    "Оплата визы 30000 сом агенту наличными.",
    "За оформление документов — 15000 рублей, оплата агентству при подписании.",
    "Candidates pay a processing fee to the agency before departure.",
    "Agentlikka viza uchun 300 dollar toʻlov.",
    "Агенттикке виза үчүн 20000 сом төлөйсүз.",
    "Барои раводид ба агентӣ 2000 сомонӣ пардохт мекунед.",
    "Работа в Москве. Залог за трудоустройство 5000 рублей",
    "Услуги агентства — 20 000 сом, оплачиваются до выезда.",
    "Для оформления нужно перевести 300 долларов на карту менеджера.",
    "Стоимость билета и визы (450$) оплачивает работник.",
    "Залог 100$ за общежитие, удерживается из первой зарплаты.",
    "Виза учун 300 доллар тўлов.",
    "Hujjatlar uchun 200$ olinadi.",
    "Медкомиссия и обучение — 8000 рублей, вычитается из первой зарплаты.",
    "A refundable deposit of USD 200 is required on arrival.",
    "Flight tickets are deducted from the first salary.",
])
def test_a_payment_asked_of_the_worker_is_quoted(text: str) -> None:
    quote = fee_asked("Welder", text)
    assert quote is not None and quote in text


@pytest.mark.parametrize("text", [
    "Визу и билеты оплачивает работодатель.",
    "Виза рабочая, оформляется за счёт компании.",
    "Бесплатное оформление документов.",
    "Ish haqi oyiga 90000 rubl, viza bepul.",
    "Do not sign anything with this agency or pay it anything now.",
    "The worker must not pay a recruitment fee.",
    "Оплата труда два раза в месяц, переработки оплачиваются.",
    "Hostel and meals provided, overtime paid.",
    "We support you through the exam and registration, and pay for your visa.",
    "Зарплата 90000 рублей, оплата визы за счёт работодателя.",
    "Зарплата 90 000 рублей в месяц, выплачивается на карту.",
    "Перелёт и медосмотр оплачивает компания-работодатель.",
    "Проезд до места работы компенсируется.",
    "Обучение бесплатно, документы оформляем сами.",
    "Travel costs are reimbursed in the first month.",
    "Оплата проживания 5000 рублей в месяц удерживается из зарплаты.",
    "Overtime is paid at 1.5 times the hourly wage.",
    "Room service attendant, pay USD 500 a week, travel to the hotel by bus.",
])
def test_an_advert_where_the_worker_does_not_pay_is_left_alone(text: str) -> None:
    assert fee_asked("Welder", text) is None


def test_a_long_sentence_is_quoted_cut() -> None:
    text = "Оплата визы агенту " + "очень " * 60 + "наличными."
    quote = fee_asked(None, text)
    assert quote is not None and len(quote) == QUOTE_LIMIT and quote.endswith("…")


@pytest.mark.parametrize(("text", "typed"), [
    # Latin letters that look Cyrillic inside a Russian word.
    ("Oплaтa 500$ агенту до выезда.", "Oплaтa 500$ агенту до выезда"),
    # A word spaced out, or split by an invisible character.
    ("О п л а т а 500$ агенту.", "О п л а т а 500$ агенту"),
    ("Опла\u200bта визы 300$ агенту.", "Опла\u200bта визы 300$ агенту"),
    # Cyrillic look-alikes inside Uzbek written in Latin letters.
    ("Viza uchun 300 dollar to\u02bbl\u043ev.", "Viza uchun 300 dollar to\u02bbl\u043ev"),
])
def test_a_payment_disguised_in_its_letters_is_found_and_quoted_as_typed(text: str, typed: str
                                                                         ) -> None:
    """The check reads the words as a person does; the quote shows the advert's own
    characters, so the attaché sees the disguise and finds the words in the advert."""
    assert fee_asked(None, text) == typed
