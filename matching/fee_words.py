"""A payment asked of the worker in an advert's own words.

The fee field of a vacancy can say "none" while its text says «Оплата визы 30000 сом агенту
наличными». A sentence that speaks of paying (a fee, a payment, a transfer, a sum taken or
held back, in Russian, Kyrgyz, Uzbek in either alphabet, Tajik or English) together with
what a recruiter charges for (the agent, the visa, papers, tickets, the medical, training,
the placement itself), or that asks a deposit of a sum, is quoted for the attaché; a
sentence that says the employer pays, that it is free, or that the worker must not pay, is
not. The text is read as a person reads it (`advert_words.plain`): `Oплaтa` with Latin
letters and `О п л а т а` spaced out are the same word, and quoted as the agency typed it.
"""

from __future__ import annotations

import re

from matching.advert_words import QUOTE_LIMIT, quoted, sentences

__all__ = ["QUOTE_LIMIT", "fee_asked"]

# Paying, a fee, a sum taken or held back: the stems of the five languages' words.
_PAY = re.compile(
    r"\b(?:оплат|оплач|плат[иаеёу]|заплат|предоплат|взнос|комисси|залог|депозит|сбор[а-я]*\s+за"
    r"|взима|удержива|удерж[ие]т|вычита|перевест|переведит|перевод\w*\s+на|на\s+карт|скинут"
    r"|стоимост|бер[её]тся|берут"
    r"|төлө|акы\b|акысы|to[ʻ'‘’`]?lov|to[ʻ'‘’`]?la|тўла|тўлов|тулов|pul\b|пул\b|haq|ҳақ"
    r"|olin|олин|undiril|ushlab\s+qol|пардохт|ҳаққ|маблағ|гирифта\s+мешавад"
    r"|pay|fee|deposit|charge|commission|deduct|transfer|cost)", re.I)
# What a recruiter charges a worker for.
_FOR = re.compile(
    r"(?:агент|агентств|посредник|виз[аыуе]|оформлени|документ|трудоустройств|справк|услуг"
    r"|билет|перел[её]т|проезд|медкомисс|медосмотр|медицинск|обучени|курс[ыао]|страхов"
    r"|агенттик|агентлик|агентӣ|раводид|ҳуҷҷат|ҳужжат|хужжат|hujjat|agentlik|viza|xizmat"
    r"|хизмат|chipta|чипта|ishga\s+joylash|sug[ʻ'‘’`]?urta|tibbiy|тиббий"
    r"|agent|agency|visa|processing|placement|paperwork|documents|recruit|ticket|flight"
    r"|airfare|travel|medical|training|insurance)", re.I)
# A deposit of a sum asks the worker to pay whatever it is said to be for.
_DEPOSIT = re.compile(r"(?:залог|депозит|deposit|garov|гаров|кафолат|гарант\w*\s+взнос)", re.I)
_SUM = re.compile(r"\d[\d\s.,]*\s*(?:\$|€|₽|₸|руб|р\.|сом|som|so[ʻ'‘’`]?m|сум|сўм|тенге|tenge"
                  r"|сомон|somoni|usd|долл|dollar|доллар|евро|euro|у\.?\s?е\.|rub)"
                  r"|(?:\$|€|₽|₸|usd|eur)\s*\d", re.I)
# The employer pays, or nothing is paid.
_NOT_THE_WORKER = re.compile(
    r"(?:работодател|за\s+сч[её]т\s+(?:компании|фирмы|нанимателя)|бесплатн|без\s+оплаты"
    r"|иш\s+берүүчү|акысыз|ish\s+beruvchi|иш\s+берувчи|bepul|бепул|корфармо|ройгон"
    r"|мы\s+оплачива|компани[яи]\s+оплачива|оплачива\w*\s+компани|за\s+наш\s+сч[её]т"
    r"|компенсир|возмеща|оплачиваем|\bплатим|покрываем|reimburs|compensat|covered"
    r"|provided|included"
    r"|employer|free\s+of\s+charge|no\s+fees?\b|not\s+charged|at\s+no\s+cost"
    r"|\bwe\b.*\b(?:pay|cover)|paid\s+by\s+(?:us|the\s+company)|company\s+pays)",
    re.I)
# A sentence that forbids or denies paying: "never pay", «ничего не платите».
_DENIED = re.compile(
    r"(?:\b(?:not|never|no|don't|do\s+not)\b|\bне\b|\bни\b|никому|ничего|hech|\bэч\b"
    r"|ҳеҷ|\bна[а-яӣӯқғҳҷ]*(?:гир|диҳ|кун)|\bмумкин\s+нест)", re.I)
# Paid to the worker, not by them: the wage and what is added to it.
_WAGE = re.compile(r"(?:зарплат|заработн|оклад|ставк|maosh|ish\s+haq|иш\s+ҳақ|айлык|маош|музд"
                   r"|salary|wage|overtime|переработк|премия|bonus"
                   r"|\b(?:hourly|weekly|monthly|net|gross)\s+pay"
                   r"|\bpay\s*(?:is|of|rate|:|\$|€|\d|usd|eur|rub|gbp))",
                   re.I)

_PASSIVE = re.compile(r"(?:оплачива\w*ся|оплачен|is\s+paid|are\s+paid|paid\s+for)", re.I)
_WORKER_PAYS = re.compile(
    r"(?:работник|рабочий|кандидат|worker|candidate|ishchi|ишчи|коргар|оплачиваете|платите"
    r"|you\s+pay|to[ʻ'‘’`]?laysiz|төлөйсүз|пардохт\s+мекунед|удерж|вычит|deduct|withh"
    r"|ushlab|чегир|кармал|тутулат)", re.I)


def _asks(sentence: str) -> bool:
    if _NOT_THE_WORKER.search(sentence) or _DENIED.search(sentence):
        return False
    if _DEPOSIT.search(sentence) and _SUM.search(sentence):
        return True
    if not (_PAY.search(sentence) and _FOR.search(sentence)):
        return False
    if _PASSIVE.search(sentence) and not _SUM.search(sentence):
        # «проезд до объекта оплачивается»: paid, by whom unsaid, and no sum asked.
        return False
    # «Зарплата 90 000 рублей, выплата на карту, услуги столовой»: a wage paid, not a
    # payment asked, unless the sentence also says the worker pays, or that it is taken
    # out of the wage.
    return not _WAGE.search(sentence) or bool(_WORKER_PAYS.search(sentence))


def fee_asked(*texts: str | None) -> str | None:
    """The first sentence of `texts` asking the worker to pay for recruitment, as a person
    reads it, quoted as it was typed (cut to QUOTE_LIMIT characters); None when none
    does."""
    return next((quoted(s) for s in sentences(*texts) if _asks(s.read)), None)
