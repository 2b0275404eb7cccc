"""A payment asked of the worker in an advert's own words.

The fee field of a vacancy can say "none" while its text says «Оплата визы 30000 сом агенту
наличными». A sentence that speaks of paying (a fee, a deposit, a payment, in Russian,
Kyrgyz, Uzbek, Tajik or English) together with what a recruiter charges for (the agent,
the visa, papers, the placement itself) is quoted for the attaché; a sentence that says the
employer pays, that it is free, or that the worker must not pay, is not. Only a warning:
the attaché reads it and decides, since an advert may say who pays in words not known here.
"""

from __future__ import annotations

import re

# Paying, a fee, a deposit: the stems of the five languages' words.
_PAY = re.compile(
    r"\b(?:оплат|плат[иаеёу]|заплат|предоплат|взнос|комисси|залог|депозит|сбор[а-я]*\s+за"
    r"|төлө|акы\b|акысы|to[ʻ'‘’`]?lov|to[ʻ'‘’`]?la|pul\b|haq|пардохт|пул\b|ҳаққ|маблағ"
    r"|pay|fee|deposit|charge|commission)", re.I)
# What a recruiter charges a worker for.
_FOR = re.compile(
    r"(?:агент|агентств|посредник|виз[аыуе]|оформлени|документ|трудоустройств|справк"
    r"|агенттик|агентлик|агентӣ|раводид|ҳуҷҷат|hujjat|agentlik|viza|ishga\s+joylash"
    r"|agent|agency|visa|processing|placement|paperwork|documents|recruit)", re.I)
# The employer pays, or nothing is paid.
_NOT_THE_WORKER = re.compile(
    r"(?:работодател|за\s+сч[её]т\s+(?:компании|фирмы|нанимателя)|бесплатн|без\s+оплаты"
    r"|иш\s+берүүчү|акысыз|ish\s+beruvchi|bepul|корфармо|ройгон"
    r"|мы\s+оплачива|компани[яи]\s+оплачива|оплачива\w*\s+компани|за\s+наш\s+сч[её]т"
    r"|employer|free\s+of\s+charge|no\s+fees?\b|not\s+charged|at\s+no\s+cost"
    r"|\bwe\b.*\b(?:pay|cover)|paid\s+by\s+(?:us|the\s+company)|company\s+pays)",
    re.I)
# A sentence that forbids or denies paying: "never pay", «ничего не платите».
_DENIED = re.compile(
    r"(?:\b(?:not|never|no|don't|do\s+not)\b|\bне\b|\bни\b|никому|ничего|hech|\bэч\b"
    r"|ҳеҷ|\bна[а-яӣӯқғҳҷ]*(?:гир|диҳ|кун)|\bмумкин\s+нест)", re.I)
_SENTENCE = re.compile(r"[^.!?\n;]+")
QUOTE_LIMIT = 160


def fee_asked(*texts: str | None) -> str | None:
    """The first sentence of `texts` asking the worker to pay for recruitment, as written
    (cut to QUOTE_LIMIT characters); None when none does."""
    for text in texts:
        for match in _SENTENCE.finditer(text or ""):
            sentence = match.group(0).strip()
            if (_PAY.search(sentence) and _FOR.search(sentence)
                    and not _NOT_THE_WORKER.search(sentence) and not _DENIED.search(sentence)):
                return sentence if len(sentence) <= QUOTE_LIMIT \
                    else sentence[:QUOTE_LIMIT - 1].rstrip() + "…"
    return None
