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
])
def test_an_advert_where_the_worker_does_not_pay_is_left_alone(text: str) -> None:
    assert fee_asked("Welder", text) is None


def test_a_long_sentence_is_quoted_cut() -> None:
    text = "Оплата визы агенту " + "очень " * 60 + "наличными."
    quote = fee_asked(None, text)
    assert quote is not None and len(quote) == QUOTE_LIMIT and quote.endswith("…")
