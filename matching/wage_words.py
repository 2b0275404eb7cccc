"""A wage the advert's own words state below its wage field.

The wage field is what a migrant reads in the wage row, and what the minimum wage is checked
against; the employer will point to the words. «первые 3 месяца 20 000 руб.» or
«испытательный срок — 25 000» under a field of 60 000 RUB a month, or «зарплата 300$ в
месяц» under 800 USD, promise less than the row shows. Each amount the words state as pay
is read with its period (an hour, a day, a week, a month, a year; the field's own when the
words name none) and compared with the field in the field's currency and period. An amount
in another currency is left alone: there are no exchange rates to compare it by.

What is not read as the wage: a sum asked of the worker (fee_words), a bonus, an allowance or
overtime on top, housing, meals, tickets, papers or the agent, a piece rate (`за ящик`), an
amount «up to» (`до 80 000`), and figures that are not money (hours, days, years, phone
numbers, dates, house numbers). A figure without a currency counts only after a word for
pay (`зарплата 60 000`, `испытательный срок — 25 000`).

A range (`от 50 000 до 60 000`) is quoted when the field shows its top or more: the field
then gives the best case as the wage, while the words promise only the lower end. A field
within the range is taken as the agency's fair middle. `от 50 000` alone promises 50 000.
A day's rate is counted over seven days a week, so that it is quoted only when even a week
without a day off does not reach the field; a figure said per another period than the
field's is quoted only when it falls short by more than a twentieth (a month is 52/12
weeks, which adverts round), and a figure said after tax (`на руки`, `net`) only when it
falls short of the field by more than tax could take.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from matching.advert_words import Sentence, quoted, sentences
from matching.fee_words import fee_asked
from matching.rules import WEEKS_PER_MONTH

# A figure said per another period than the field's, and a figure said after tax, count as
# lower only below these shares of the field.
_ROUNDING = Decimal("0.95")
_AFTER_TAX = Decimal("0.7")

# A full stop ends a sentence only before a capital or the end: `95 500 руб. в месяц` is
# one sentence, where the other checks' sentences stop at `руб.`.
_SENTENCE = re.compile(r"(?:[^.!?\n;]|\.(?!\s+[A-ZА-ЯЁЎҚҒҲӢӮҶҲҢӨҮӘІ]|\s*$))+")
# Parts of a sentence that state one thing each: `Зарплата 60 000 руб., премия 10 000 руб.`
_CLAUSE = re.compile(r",(?!\d)|[+()]")

_CURRENCIES: tuple[tuple[str, str], ...] = (
    (r"руб\w*\.?|р\.|р\b|₽|rub\w*|rur\b", "RUB"),
    (r"тенге|тңг|тг\b|₸|tenge|kzt\b", "KZT"),
    (r"\$|usd\b|долл\w*\.?|dollar\w*|бакс\w*", "USD"),
    (r"€|eur\b|euro\w*|евро", "EUR"),
    (r"£|gbp\b|фунт\w*|pounds?\b", "GBP"),
    (r"сомон\w*|somoni\b|tjs\b", "TJS"),
    (r"сом\b|сомов\b|сома\b|som\b|kgs\b", "KGS"),
    (r"сўм\w*|сум\b|сумов\b|so[ʻ'‘’`]m\b|uzs\b", "UZS"),
    (r"₩|krw\b|вон\b|won\b", "KRW"),
    (r"aed\b|дирхам\w*|dirham\w*|dhs?\b", "AED"),
    (r"₺|(?-i:TRY)\b|лир[аыу]?\b|lira\b|tl\b", "TRY"),
    (r"pln\b|zł\w*|zl\b|злот\w*|zloty", "PLN"),
    (r"֏|amd\b|драм\w*|dram\b|drams\b", "AMD"),
)
_CURRENCY = re.compile("|".join(f"(?P<c{i}>{p})" for i, (p, _) in enumerate(_CURRENCIES)),
                       re.I)
# A currency written before its figure (`$300`, `GBP 2,150`).
_CODE = re.compile(r"(?:\$|€|£|₽|₸|₩|₺|֏"
                   r"|\b(?:usd|eur|gbp|aed|krw|rub|kzt|pln|kgs|uzs|tjs|amd))\s*$", re.I)

# A figure: thousands apart (`95 500`, `2,150`, `3.100.000`) or not, with at most two
# decimals; not part of a phone number, a date, a time, a rota (`5/2`) or a code.
_FIGURE = r"(\d{1,3}(?:[ ,.]\d{3})+|\d+)(?:[.,](\d{1,2}))?(?!\d|[.,:/]\d)"
_NUMBER = re.compile(r"(?<![\w.,+/:\-])(?<!\d )" + _FIGURE)
# The top of a range, after its dash.
_TOP = re.compile(_FIGURE)
# A thousand or a million said in words; `60k` only written on to the figure, since a
# spaced `к` is a preposition.
_TIMES = re.compile(r"(?:(?<=\d)[kк]\b|\s*(?:тыс\w*\.?|ming\b|миң\b|мың\b|минг\b|ҳазор\b"
                    r"|hazor\b|thousand\b)|\s*(?P<tr>т\.?\s?р\.?|тр\b)|\s*(?P<m>млн\.?|mln\b"
                    r"|million\w*|миллион\w*))", re.I)
_RANGE = re.compile(r"\s*(?:-|–|—|до|to|\.\.)\s*", re.I)

# Each period as words say it after a sum or before it: `в месяц`, `/час`, `a week`,
# `monthly`, `oyiga`.
_PER = r"(?:\b(?:в|за|per|an?|each)\s+|/\s*)"
_PERIODS: tuple[tuple[str, str], ...] = (
    ("hour", rf"{_PER}(?:час\w*|ч\b\.?|hours?\b|hr\b|h\b)|почасов\w*|hourly|soatiga"
             r"|саатына|дар\s+як\s+соат"),
    ("day", rf"{_PER}(?:день|сутки|смену|day\b|shift\b)|ежедневн\w*|daily|kuniga|күнүнө"
            r"|күнүгө|рӯзона|дар\s+як\s+рӯз"),
    ("week", rf"{_PER}(?:недел\w*|нед\b\.?|week\b|wk\b)|еженедельн\w*|weekly|haftasiga"
             r"|жумасына|дар\s+як\s+ҳафта"),
    ("month", rf"{_PER}(?:месяц\w*|мес\b\.?|month\b|mo\b)|ежемесячн\w*|monthly|oyiga|айына"
              r"|моҳона|дар\s+як\s+моҳ"),
    ("year", rf"{_PER}(?:год\b|year\b|yr\b)|годов\w*|annual\w*|yearly|per\s+annum|yiliga"
             r"|жылына|солона"),
)
_PERIOD = re.compile("|".join(f"(?P<{name}>{p})" for name, p in _PERIODS), re.I)
# The period said just after the figure, a word or two on (`60 000 руб. на руки в месяц`).
_PERIOD_AFTER = re.compile(rf"^[\s.:]*(?:[^\W\d]+[\s.]+){{0,2}}?(?:{_PERIOD.pattern})", re.I)
# Paid by the piece, the crate, the kilo: no period to compare.
_PIECE = re.compile(r"^[\s.]*(?:за|per|/)\s*[^\W\d]", re.I)
# A figure that counts something else: hours, days, people, a grade, a floor, a date.
_UNIT = re.compile(
    r"^\s*(?:час\w*|ч\b|мин\w*|дн\w*|день|сут\w*|недел\w*|нед\b|мес\w*|год\w*|лет\b|раз\w*"
    r"|чел\w*|%|процент\w*|км|кг|м\b|м2|м²|кв\w*|см|мм|тонн\w*|т\b|шт\w*|смен\w*|разряд\w*"
    r"|категор\w*|°|градус\w*|этаж\w*|числ\w*|мест\w*|комнат\w*|ящик\w*|hours?|hrs?|h\b"
    r"|min\w*|days?|weeks?|months?|years?|yrs?|times|people|persons?|workers?|kg|km|m\b|cm"
    r"|mm|tons?|pcs|pieces?|shifts?|floors?|st\b|nd\b|rd\b|th\b|soat\w*|kun\w*|hafta\w*"
    r"|oy\w*|yil\w*|саат\w*|күн\w*|жума\w*|ай\w*|жыл\w*|соат\w*|рӯз\w*|ҳафта\w*|моҳ\w*"
    r"|сол\w*|-)", re.I)
# Words that say a figure is the pay.
_PAY = re.compile(
    r"(?:зарплат|заработн|з/п|\bзп\b|оклад|ставк|доход|заработ[оакь]|получа|получит|платим"
    r"|выплачива|оплата\s+(?:труда|сдельн|почасов|[:—–-])|выходит|salary|salaries|\bwages?\b"
    r"|\bpay\b|\bpaid\b|\bearn|\bincome|\brate\b|maosh|oylik|ish\s+haq|маош|ойлик|айлык"
    r"|эмгек\s+акы|маяна|музд"
    # A first spell of work paid less: the trial period, training, the first months.
    r"|испытательн|стажировк|обучени|перв\w+\s+(?:\d+\s+)?(?:месяц|недел|дн)|probation"
    r"|\btrial\b|training\s+period|first\s+(?:\d+|\w+)\s+(?:months?|weeks?)|sinov\s+muddat"
    r"|сынак\s+мөөнөт|давраи\s+озмоиш)", re.I)
# A clause about something else than the wage: what is added to it, what the worker pays
# or is given besides, what is taken from it.
_NOT_WAGE = re.compile(
    r"(?:преми|бонус|bonus|надбав|доплат|переработ|сверхуроч|overtime|аванс|advance|суточн"
    r"|per\s+diem|\bdiets?\b|компенс|compensat|allowance|\btips?\b|чаев|проживан|жиль|общежит"
    r"|аренд|квартир|housing|accommodation|\brent|\broom|dormitor|caravan|питани|\bеда\b"
    r"|\bmeals?\b|\bfood\b|обед|проезд|билет|перел[её]т|ticket|flight|travel|transport|виз[аыуе]"
    r"|\bvisa|агент|\bagent|agency|посредн|комисси|commission|\bfees?\b|взнос|залог|депозит"
    r"|deposit|штраф|\bfines?\b|penalt|удерж|deduct|страхов|insurance|медкомисс|medical"
    r"|оформлен|документ|paperwork|услуг|стоимост|\bcosts?\b|цен[аы]\b|price|кредит|\bloan"
    r"|\bдолг|\bdebt|скидк|discount|до\s+выезда|до\s+отъезда|перед\s+вылетом|на\s+карт"
    r"|предоплат|upfront|in\s+advance|before\s+departure|подъёмн|подъемн"
    # A part of the wage (`двумя частями по 30 000`, `из них 30 000 официально`).
    r"|частям|част[иь]\b|instal|\bhalf\b|половин|из\s+них|of\s+which|официальн|officially"
    r"|в\s+конверте|наличными|in\s+cash"
    # Another wage than this job's: the legal minimum, a region's or a market's.
    r"|мрот|минимальн\w*\s+(?:зарплат|размер|оплат)|minimum\s+wage|living\s+wage|прожиточн"
    r"|по\s+(?:региону|рынку|стране|городу|отрасли)|в\s+регионе|market|national\s+average)",
    re.I)
_AFTER_TAX_WORDS = re.compile(r"(?:на\s+руки|чистыми|нетто|\bnet\b|after\s+tax|после\s+(?:вычета"
                              r"|уплаты)|за\s+вычетом|qo[ʻ'‘’`]?lga)", re.I)
_UP_TO = re.compile(r"(?:\bдо|up\s+to|max\w*|максим\w*|не\s+более|не\s+больше|\bupto)\s*"
                    r"(?:[$€£₽₸₩₺]\s*)?$", re.I)


@dataclass(frozen=True)
class WageSaid:
    """The lowest wage the advert's words state, in the field's currency and per the
    field's period, and the words that state it."""

    amount: Decimal
    quote: str


@dataclass(frozen=True)
class _Amount:
    low: Decimal
    high: Decimal | None
    currency: str | None
    start: int
    end: int


def _figure(whole: str, cents: str | None) -> Decimal | None:
    if re.fullmatch(r"\d{1,3}(?:[ ,.]\d{3})+", whole):
        whole = re.sub(r"\D", "", whole)
    try:
        return Decimal(whole + (f".{cents}" if cents else ""))
    except InvalidOperation:
        return None


def _currency(text: str) -> str | None:
    m = _CURRENCY.match(text)
    if m is None:
        return None
    return next(code for i, (_, code) in enumerate(_CURRENCIES) if m.group(f"c{i}"))


def _one(clause: str, m: re.Match[str]) -> tuple[Decimal, int, str | None, int] | None:
    """The figure `m` found, the thousand or million the words multiply it by, its
    currency when one follows, and where the words after it go on."""
    value = _figure(m.group(1), m.group(2))
    if value is None:
        return None
    end, times, currency = m.end(), 1, None
    if said := _TIMES.match(clause, end):
        times = 1_000_000 if said.group("m") else 1000
        currency = "RUB" if said.group("tr") else None
        end = said.end()
    if currency is None and (code := _CURRENCY.match(clause, end + _space(clause, end))):
        currency = _currency(code.group(0))
        end = code.end()
    return value * times, times, currency, end


def _space(text: str, at: int) -> int:
    return len(text[at:]) - len(text[at:].lstrip())


def _amounts(clause: str) -> list[_Amount]:
    """The sums a clause names: a figure, or a range of two; never a figure that goes on
    as a phone number or a date does (`123-45-67`, `12/2026`), nor one said «up to»."""
    found: list[_Amount] = []
    taken = 0
    for m in _NUMBER.finditer(clause):
        if m.start() < taken or (first := _one(clause, m)) is None:
            continue
        low, times, currency, end = first
        taken = end
        if code := _CODE.search(clause[:m.start()]):
            currency = _currency(code.group(0).strip()) or currency
        high: Decimal | None = None
        dash = _RANGE.match(clause, end)
        top = _TOP.match(clause, dash.end()) if dash else None
        second = _one(clause, top) if top else None
        if second is not None:
            high, top_times, top_currency, taken = second
            if times == 1 and top_times > 1:
                low *= top_times  # `50-60 тыс.`
            if high <= low:
                continue  # a phone number or a code, not a range
            currency, end = currency or top_currency, taken
        elif _UP_TO.search(clause[:m.start()]) or re.match(r"\s*[-–—/]\s*\d", clause[end:]):
            continue
        found.append(_Amount(low, high, currency, m.start(), end))
    return found


def _money(clause: str, amount: _Amount) -> bool:
    """Whether a figure with no currency, after a word of pay, is a sum of money: not
    hours, days or people counted, not a year, not a figure too small to be a wage."""
    figure = clause[amount.start:amount.end]
    year = amount.high is None and re.fullmatch(r"(?:19|20)\d\d", figure.strip()) is not None
    after = clause[amount.end:]
    counts = _UNIT.match(after) and not _PERIOD_AFTER.match(after)  # `oyiga` is a period
    return not (year or amount.low < 100 or counts)


def _monthly(amount: Decimal, period: str, hours_per_week: Decimal) -> Decimal:
    if period == "hour":
        return amount * hours_per_week * WEEKS_PER_MONTH
    if period == "day":
        return amount * 7 * WEEKS_PER_MONTH
    if period == "week":
        return amount * WEEKS_PER_MONTH
    if period == "year":
        return amount / 12
    return amount


def _per(amount: Decimal, said: str, period: str, hours_per_week: Decimal) -> Decimal:
    """`amount` said per `said` as an amount per `period` (the field's)."""
    if said == period:
        return amount
    monthly = _monthly(amount, said, hours_per_week)
    if period == "hour":
        return monthly / (hours_per_week * WEEKS_PER_MONTH)
    if period == "week":
        return monthly / WEEKS_PER_MONTH
    return monthly


def _period(clause: str, amount: _Amount) -> str | None:
    """The period the clause says the amount is for, after it or just before it; "piece"
    when it is paid by something else than time."""
    after = clause[amount.end:]
    if m := _PERIOD_AFTER.match(after):
        return next(name for name, _ in _PERIODS if m.group(name))
    if _PIECE.match(after):
        return "piece"
    said = list(_PERIOD.finditer(clause[max(0, amount.start - 30):amount.start]))
    return next(name for name, _ in _PERIODS if said[-1].group(name)) if said else None


def _wages(sentence: Sentence, currency: str, period: str, hours_per_week: Decimal,
           stated: Decimal) -> list[Decimal]:
    """The wages a sentence states that fall short of `stated`, per `period`."""
    if fee_asked(sentence.read):
        return []
    short = []
    for clause in _CLAUSE.split(sentence.read):
        if _NOT_WAGE.search(clause):
            continue
        for amount in _amounts(clause):
            pay = _PAY.search(clause[:amount.start])
            if amount.currency is None:
                # The field's currency, for a sum stated as the pay.
                if not pay or not _money(clause, amount):
                    continue
            elif amount.currency != currency:
                continue
            said_period = _period(clause, amount)
            if said_period == "piece":
                continue
            if not pay and said_period is None and not _PAY.search(clause):
                continue  # a sum with no word of pay and no period: what it is is unsaid
            share = Decimal(1) if said_period in (None, period) else _ROUNDING
            if _AFTER_TAX_WORDS.search(clause):
                share = _AFTER_TAX
            low = _per(amount.low, said_period or period, period, hours_per_week)
            if amount.high is not None and \
                    _per(amount.high, said_period or period, period, hours_per_week) > stated:
                continue  # the field is within the range the words give
            if amount.currency is None and low < stated / 10:
                continue  # a figure without a currency this far below is not the wage
            if low < stated * share:
                short.append(low)
    return short


def wage_said_lower(*texts: str | None, amount: Decimal, currency: str, period: str,
                    hours_per_week: Decimal) -> WageSaid | None:
    """The lowest wage the words of `texts` state below the wage field (`amount` in
    `currency` per `period`, for `hours_per_week`), per that period, with the sentence
    stating it quoted as typed; None when the words state no lower wage."""
    found: WageSaid | None = None
    for sentence in sentences(*texts, boundary=_SENTENCE):
        for low in _wages(sentence, currency, period, hours_per_week, amount):
            low = low.quantize(Decimal("0.01") if period == "hour" else Decimal(1))
            if low < amount and (found is None or low < found.amount):
                found = WageSaid(low, quoted(sentence))
    return found
