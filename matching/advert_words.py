"""What an advert's own words say against its form: the worker's passport kept from them,
and a longer week than the hours field.

The form's fields are what the red flags check; an advert's text is read by the worker. A
sentence that says «Паспорт хранится у работодателя» or «12 часов в день, 6 дней в неделю»
under a form saying 40 hours is quoted for the attaché. The words are read as a person
reads them: Latin letters that look Cyrillic inside a Russian word (`Oплaтa`), letters
spaced out (`О п л а т а`), invisible characters and full-width forms read as the letters
they stand for (see `plain`), so a spelling that fools a pattern does not fool the check;
a quote shows the words as the agency typed them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

QUOTE_LIMIT = 160

# Letters of one alphabet that print as letters of the other.
_LATIN_LOOKS_CYRILLIC = str.maketrans("aceopxykmtABCEHKMOPTXY", "асеорхукмтАВСЕНКМОРТХУ")
_CYRILLIC_LOOKS_LATIN = str.maketrans("асеорхукмтАВСЕНКМОРТХУ", "aceopxykmtABCEHKMOPTXY")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[a-zA-Z]")
_WORD = re.compile(r"[^\W\d_]+")
# Characters that print as nothing: a word split by one reads whole.
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u2060\ufeff]")
# Four or more single letters apart (`О п л а т а`, `o.p.l.a.t.a`): one word spaced out.
_SPACED = re.compile(r"(?<!\w)(?:[^\W\d_][ \t.\-_*·•]{1,2}){3,}[^\W\d_](?!\w)")


def _one_alphabet(match: re.Match[str]) -> str:
    word = match.group(0)
    cyrillic, latin = len(_CYRILLIC.findall(word)), len(_LATIN.findall(word))
    if not cyrillic or not latin:
        return word
    return word.translate(_LATIN_LOOKS_CYRILLIC if cyrillic >= latin else _CYRILLIC_LOOKS_LATIN)


_SEPARATOR = re.compile(r"[ \t.\-_*·•]")


def _read(text: str) -> tuple[str, list[tuple[int, int]]]:
    """`text` as `plain` reads it, and for each character read the span of `text` it was
    read from, so that a quote can be given in the advert's own characters."""
    # Compatibility forms folded one character (with its combining marks) at a time, so
    # each folded character knows where it came from.
    chars: list[str] = []
    spans: list[tuple[int, int]] = []
    if unicodedata.is_normalized("NFKC", text):
        chars, spans = list(text), [(i, i + 1) for i in range(len(text))]
    else:
        start = 0
        for end in range(1, len(text) + 1):
            if end < len(text) and unicodedata.combining(text[end]):
                continue
            for c in unicodedata.normalize("NFKC", text[start:end]):
                chars.append(c)
                spans.append((start, end))
            start = end
    kept = [i for i, c in enumerate(chars) if not _INVISIBLE.match(c)]
    chars, spans = [chars[i] for i in kept], [spans[i] for i in kept]
    joined = "".join(chars)
    dropped = {i for m in _SPACED.finditer(joined)
               for i in range(m.start(), m.end()) if _SEPARATOR.match(joined[i])}
    if dropped:
        chars = [c for i, c in enumerate(chars) if i not in dropped]
        spans = [s for i, s in enumerate(spans) if i not in dropped]
    # Look-alike letters are read one for one: the spans stay as they are.
    return _WORD.sub(_one_alphabet, "".join(chars)), spans


def plain(text: str) -> str:
    """`text` as a reader sees it: compatibility forms folded (NFKC), invisible characters
    dropped, a word spaced out joined, and a word mixing look-alike letters of two
    alphabets written in the one most of its letters are in. One character stays one
    character, except where spaces or invisible characters go."""
    return _read(text)[0]


@dataclass(frozen=True)
class Sentence:
    """A sentence of an advert as it is read (what the checks look at) and as it was
    typed (what a quote shows, so the attaché sees the `Oплaтa` the agency wrote)."""

    read: str
    typed: str


_SENTENCE = re.compile(r"[^.!?\n;]+")
# Words cut short whose point a quote keeps (`20 000 руб.`), though it also ends the
# sentence.
_SHORTENED = re.compile(r"(?<!\w)(?:руб|тыс|долл|млн|коп|мес|сут|ч|р|т|so[ʻ'‘’]?m|ming)$",
                        re.I)


def sentences(*texts: str | None, boundary: re.Pattern[str] = _SENTENCE) -> list[Sentence]:
    """The sentences of `texts` (the runs `boundary` finds in each as it is read)."""
    found = []
    for text in texts:
        read, spans = _read(text or "")
        for m in boundary.finditer(read):
            left = len(m.group(0)) - len(m.group(0).lstrip())
            first, last = m.start() + left, m.start() + len(m.group(0).rstrip())
            if first < last:
                end = spans[last - 1][1]
                if read[last:last + 1] == "." and _SHORTENED.search(read[first:last]):
                    end = spans[last][1]
                typed = (text or "")[spans[first][0]:end]
                found.append(Sentence(read[first:last], typed))
    return found


def quoted(sentence: Sentence) -> str:
    """The sentence as the advert typed it, cut to QUOTE_LIMIT characters."""
    typed = sentence.typed
    return typed if len(typed) <= QUOTE_LIMIT else typed[:QUOTE_LIMIT - 1].rstrip() + "…"


# --- the passport --------------------------------------------------------------------------

_PASSPORT = re.compile(r"(?:паспорт|pasport|passport|шиноснома|шиносномa)", re.I)
# Kept, handed over, taken: by the employer, the agency or someone over the worker.
_KEPT = re.compile(
    r"(?:хран|остав|остаёт|остает|сда[её]т|сдать|сдаю|сдава|изыма|изъя|забира|забер|отда[её]т"
    r"|отдать|отдаю|переда[её]т|передать|переда[её]тся|передаю|выда[её]тся\s+после|удержива"
    r"|тапшыр|сакта|калтыр|topshir|saqla|olib\s+qo|qoldir|ushlab|тоҳ?пшир|супор|нигоҳ"
    r"|hold|kept|keep|retain|surrender|hand(?:ed)?\s+(?:it\s+)?over|held\s+by|collect"
    r"|confiscat|returned\s+(?:at|after|on)|given\s+back)", re.I)
# The worker keeps it, or only a copy or scan is asked for, or it is said it must never be
# handed over.
_WORKERS_OWN = re.compile(
    r"(?:у\s+(?:вас|себя|работника|сотрудника|рабочего|мигранта)|на\s+руках|при\s+себе"
    r"|копи|скан|фото|nusxa|нусха|нусхаси|copy|copies|scan|photo|o[ʻ'‘’`]?zingiz|ўзингиз"
    r"|yourself|your\s+own|with\s+you|stays\s+with|worker\s+keeps|действител|valid)", re.I)
_DENIED = re.compile(
    r"(?:\b(?:not|never|no|don't|do\s+not|nobody|no\s+one)\b|\bне\b|\bни\b|никому|никто"
    r"|запрещ|hech|\bэч\b|ҳеҷ|\bна[а-яӣӯқғҳҷ]*(?:гир|диҳ|кун)|мумкин\s+эмас|мумкин\s+нест"
    r"|forbidden|prohibited|illegal|unlawful|bermang|бербеңиз)", re.I)


def passport_kept(*texts: str | None) -> str | None:
    """The first sentence of `texts` saying the worker's passport is kept or handed over
    (to the employer, the agency, a foreman), quoted; None when none does."""
    for sentence in sentences(*texts):
        read = sentence.read
        if (_PASSPORT.search(read) and _KEPT.search(read)
                and not _WORKERS_OWN.search(read) and not _DENIED.search(read)):
            return quoted(sentence)
    return None


# --- the hours ------------------------------------------------------------------------------

_NUMBER = r"(\d{1,3}(?:[.,]\d{1,2})?)"
_HOUR = r"(?:час\w*|ч\.?(?!\w)|soat\w*|saat\w*|соат\w*|саат\w*|hours?|hrs?|h(?!\w))"
_DAY = r"(?:в\s+день|в\s+сутки|ежедневно|за\s+смену|в\s+смену|per\s+day|a\s+day|daily" \
       r"|per\s+shift|a\s+shift|kuniga|kunda|күнүнө|күнүгө|күнигә|дар\s+як\s+рӯз|рӯзе|ҳар\s+рӯз)"
_WEEK = r"(?:в\s+неделю|в\s+нед\.?|за\s+неделю|per\s+week|a\s+week|weekly|haftasiga" \
        r"|haftada|жумасына|аптасына|дар\s+як\s+ҳафта|ҳафтае)"
_SHIFT = r"(?:смен\w*|рабоч\w+\s+день|день|shifts?|workday|working\s+day|ish\s+kuni|smena\w*" \
         r"|иш\s+күнү|рӯзи\s+корӣ)"
_WEEKLY_HOURS = [
    re.compile(rf"{_NUMBER}\s*{_HOUR}\s*{_WEEK}", re.I),
    re.compile(rf"{_WEEK}\s*{_NUMBER}\s*{_HOUR}", re.I),
]
# Hours a day (`12 часов в день`): five days a week when the days are not said.
_DAY_HOURS = [
    re.compile(rf"{_NUMBER}\s*{_HOUR}\s*{_DAY}", re.I),
    re.compile(rf"{_DAY}\s*{_NUMBER}\s*{_HOUR}", re.I),
]
# Hours a shift (`смены по 12 часов`, `12-hour shifts`): counted only beside the days or
# the rota worked, since a shift of twelve hours is as often worked two days in four.
_SHIFT_HOURS = [
    re.compile(rf"{_SHIFT}\s*(?:по|—|-|:|of|in)?\s*{_NUMBER}\s*{_HOUR}", re.I),
    re.compile(rf"{_NUMBER}\s*-?\s*{_HOUR}\w*\s+{_SHIFT}", re.I),
    # `5 дней в неделю по 8 часов`: so many hours each day worked.
    re.compile(rf"(?<!\w)по\s*{_NUMBER}\s*{_HOUR}(?!\s*{_WEEK})", re.I),
]
# Numbers from one to seven in words, one language a line: the days a week, the days on
# and off, the shifts a week.
_NUMERALS = {
    "один": 1, "одна": 1, "два": 2, "две": 2, "три": 3, "четыре": 4, "пять": 5, "шесть": 6,
    "семь": 7,
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "bir": 1, "ikki": 2, "uch": 3, "tört": 4, "to[ʻ'‘’`]?rt": 4, "besh": 5, "olti": 6,
    "yetti": 7, "eki": 2,
    "бир": 1, "эки": 2, "үч": 3, "төрт": 4, "беш": 5, "алты": 6, "жети": 7,
    "як": 1, "ду": 2, "се": 3, "чор": 4, "панҷ": 5, "шаш": 6, "ҳафт": 7,
}
_NUMERAL = r"(\d{1,2}|" + "|".join(_NUMERALS) + r")"
_DAYS = [
    re.compile(rf"(?<!\w){_NUMERAL}\s*(?:дн\w*|дня|days?|kun\w*|күн\w*|рӯз\w*)\s*"
               r"(?:в\s+неделю|в\s+нед\.?|per\s+week|a\s+week|haftasiga|haftada|жумасына"
               r"|аптасына|дар\s+як\s+ҳафта|ҳафтае)", re.I),
    re.compile(rf"(?:haftasiga|haftada|жумасына|аптасына|ҳафтае)\s*{_NUMERAL}\s*(?:kun|күн|рӯз)",
               re.I),
]
# Looked for first: the numerals in words are slow to look for where no day is named.
_A_DAY = re.compile(r"(?:дн|day|kun|күн|рӯз)", re.I)
_A_WEEK_OF_DAYS = re.compile(r"(?:дневк|дневн|-day|kunlik|күндүк|рӯза)", re.I)
_SEVEN_DAYS = re.compile(r"(?:без\s+выходных|семь\s+дней|7\s+days|seven\s+days|no\s+days?\s+off"
                         r"|dam\s+olishsiz|дам\s+олишсиз|эс\s+алуусуз|бе\s+рӯзи\s+истироҳат)",
                         re.I)
# A week of so many days (`шестидневка`, `six-day working week`, `olti kunlik ish haftasi`);
# `шестидневный` only of a week or a schedule, not of a six-day wait for a visa.
_WORDED_DAYS = {
    re.compile(r"семидневк|7-?дневк|(?:семи|7-?)дневн\w*\s+(?:рабоч\w+\s+)?(?:недел|график)"
               r"|(?:seven|7)-day\s+(?:work(?:ing)?\s+)?week|(?:yetti|7)\s+kunlik\s+ish\s+hafta"
               r"|(?:жети|7)\s+күндүк\s+(?:иш\s+)?жума|ҳафтаи\s+кории\s+(?:ҳафт|7)\s*рӯза",
               re.I): 7,
    re.compile(r"шестидневк|6-?дневк|(?:шести|6-?)дневн\w*\s+(?:рабоч\w+\s+)?(?:недел|график)"
               r"|(?:six|6)-day\s+(?:work(?:ing)?\s+)?week|(?:olti|6)\s+kunlik\s+ish\s+hafta"
               r"|(?:алты|6)\s+күндүк\s+(?:иш\s+)?жума|ҳафтаи\s+кории\s+(?:шаш|6)\s*рӯза",
               re.I): 6,
    re.compile(r"пятидневк|5-?дневк|(?:пяти|5-?)дневн\w*\s+(?:рабоч\w+\s+)?(?:недел|график)"
               r"|(?:five|5)-day\s+(?:work(?:ing)?\s+)?week|(?:besh|5)\s+kunlik\s+ish\s+hafta"
               r"|(?:беш|5)\s+күндүк\s+(?:иш\s+)?жума|ҳафтаи\s+кории\s+(?:панҷ|5)\s*рӯза",
               re.I): 5,
}
# A rota of days on and off (`график 6/1`, `вахта 30/30`, `2/2`).
_ROTA = re.compile(r"(?<![\d/])(?<![\d][.,])(\d{1,2})\s*(?:/|на|x|х|×|через)\s*(\d{1,2})"
                   r"(?!\d|[.,]\d|\s*/)", re.I)
# Days on and off in words (`two days on, two days off`, `два через два`), and so many
# shifts a week (`four 10-hour shifts a week`, `5 смен в неделю`).
_ROTA_WORDS = [
    re.compile(rf"(?<!\w){_NUMERAL}\s+days?\s+on\W+{_NUMERAL}\s+days?\s+off", re.I),
    re.compile(rf"(?<!\w){_NUMERAL}\s+через\s+{_NUMERAL}(?!\w)", re.I),
]
_SHIFTS_A_WEEK = re.compile(
    rf"(?<!\w){_NUMERAL}\s+(?:\d{{1,2}}-?\s*(?:hour|часов\w*)\s+)?(?:shifts?|смен\w*)\s+"
    rf"(?:a|per|в)\s+(?:week|неделю)", re.I)


def _numeral(word: str) -> int:
    if word.isdigit():
        return int(word)
    return next(n for pattern, n in _NUMERALS.items() if re.fullmatch(pattern, word, re.I))
# Round-the-clock rotas in words: `сутки через двое` works one day of three.
_WORDED_ROTA = {re.compile(r"(?:сутки|день)\s+через\s+(?:сутки|день)", re.I): Decimal("3.5"),
                re.compile(r"сутки\s+через\s+двое", re.I): Decimal("2.3"),
                re.compile(r"сутки\s+через\s+трое", re.I): Decimal("1.8")}
_ROTA_CONTEXT = re.compile(r"(?:график|смен|вахт|режим|schedule|rota|shift|grafik|smena"
                           r"|графиги|ҷадвал)", re.I)


@dataclass(frozen=True)
class HoursSaid:
    """The longest week an advert's words describe, and the words that say so."""

    per_week: Decimal
    quote: str


def _figure(text: str) -> Decimal:
    return Decimal(text.replace(",", "."))


def _days_a_week(sentence: str, *, beside_hours: bool = False) -> Decimal | None:
    """The days worked a week that a sentence says; a bare rota (`2/2`) counts only in a
    sentence about a schedule, or `beside_hours` (`2/2 по 12 часов`)."""
    for pattern in _DAYS if _A_DAY.search(sentence) else ():
        if (m := pattern.search(sentence)) and 1 <= _numeral(m.group(1)) <= 7:
            return Decimal(_numeral(m.group(1)))
    if _SEVEN_DAYS.search(sentence):
        return Decimal(7)
    for pattern, days in _WORDED_DAYS.items() if _A_WEEK_OF_DAYS.search(sentence) else ():
        if pattern.search(sentence):
            return Decimal(days)
    for pattern, share in _WORDED_ROTA.items():
        if pattern.search(sentence):
            return share
    if (m := _SHIFTS_A_WEEK.search(sentence)) and 1 <= _numeral(m.group(1)) <= 7:
        return Decimal(_numeral(m.group(1)))
    for pattern in _ROTA_WORDS:
        if m := pattern.search(sentence):
            on, off = _numeral(m.group(1)), _numeral(m.group(2))
            if on >= 1 and off >= 1:
                return (Decimal(7) * on / (on + off)).quantize(Decimal("0.1"))
    if beside_hours or _ROTA_CONTEXT.search(sentence):
        for m in _ROTA.finditer(sentence):
            on, off = int(m.group(1)), int(m.group(2))
            if on >= 1 and off >= 1 and on + off <= 120:
                return (Decimal(7) * on / (on + off)).quantize(Decimal("0.1"))
    return None


# A point inside a figure (`7.5 часов`, `с 8.00 до 20.00`) or in `a.m.` ends no sentence
# about hours.
_HOURS_SENTENCE = re.compile(r"(?:[^.!?\n;]+|(?<=\d)\.(?=\d)|(?<=\b[apAP])\.(?=[mM]\b)"
                             r"|(?<=\b[apAP]\.[mM])\.(?!\s+[A-ZА-ЯЁ]))+")
# A day's hours as the clock times it runs between (`с 8:00 до 20:00`, `from 8am to 8pm`,
# `soat 8:00 dan 20:00 gacha`, `аз соати 8 то 20`). A clock time is `8`, `8:00`, `08.30`
# or `8-00` (after a point only 00, 15, 30 or 45, so that a date `01.06` is no time), with
# the part of the day said after it (`8am`, `8 вечера`).
_CLOCK = (r"(\d{1,2})(:[0-5]\d|\.(?:00|15|30|45)|-(?:00|30))?(?![.,:/]?\d)"
          r"(?:\s*(a\.?\s?m\.?|p\.?\s?m\.?|утра|дня|вечера|ночи)(?!\w))?")
_CLOCK_START = r"(?<![\w$€£₽.,:/+\-])"
# What follows the hour of any range's first time, looked for first since it is quick.
_CLOCK_GATE = re.compile(r"\d\s*(?:[:.\-–—]|[ap]\.?\s?m|утра|дня|вечера|ночи|до|to|till|until"
                         r"|and|dan|дан|ден|дөн|тан|тен|төн|то)", re.I)
_CLOCK_RANGES = [
    re.compile(rf"{_CLOCK_START}(?:(?:[сc]о?|from)\s+)?{_CLOCK}\s*(?:до|to|till|until|[-–—])"
               rf"\s*{_CLOCK}", re.I),
    re.compile(rf"{_CLOCK_START}between\s+{_CLOCK}\s+and\s+{_CLOCK}", re.I),
    re.compile(rf"{_CLOCK_START}(?:(?:soat|саат)\s*)?{_CLOCK}\s*-?\s*(?:dan|дан|ден|дөн|тан|тен"
               rf"|төн)\s+(?:(?:soat|саат)\s*)?{_CLOCK}\s*-?\s*(?:gacha|ga\s+qadar"
               rf"|[а-яөүң]{{0,3}}\s*чейин)", re.I),
    re.compile(rf"{_CLOCK_START}аз\s+(?:соати\s+)?{_CLOCK}\s*то\s+(?:соати\s+)?{_CLOCK}", re.I),
]
# Two bare numbers (`с 8 до 20`) are clock times only after `с`/`from` and with nothing
# after them that they could count: `с 1 по 15 июня`, `от 18 до 24 лет`, `от 50 до 70 тыс`.
_AFTER_BARE_CLOCK = re.compile(r"\s*(?:$|[,;:!?()\n—–-]|\.(?!\d)|час|ч(?!\w)|без\s|ежедневн"
                               r"|daily|every|и\s|and\s)", re.I)
_NOT_CLOCK_AFTER = re.compile(
    r"\s*(?:лет|год|years?|yrs|yosh|жаш|сол|мес|months?|oy(?!\w)|ай(?!\w)|моҳ|недел|weeks?"
    r"|руб|р\.|₽|тыс|сум|so[ʻ'‘’`]?m|сом|тенге|\$|€|£|usd|eur|gbp|rub|kzt|долл|dollars?"
    r"|евро|euros?|pounds?|фунт|won|вон|lira|лир|aed|дирхам|dirhams?|%|кг|kg|км|km|см|cm"
    r"|чел|people|persons?|числ|январ|феврал|март|апрел|ма[йя]|июн|июл|август|сентябр"
    r"|октябр|ноябр|декабр|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|yanvar|fevral"
    r"|aprel|iyun|iyul|avgust|sentabr|oktabr|noyabr|dekabr)", re.I)
# `с 8 до 12 часов в день` is how long a day is, not when it starts and ends.
_DURATION_AFTER = re.compile(rf"\s*{_HOUR}\s*(?:{_DAY}|{_WEEK})", re.I)
# Times said of the agency, an office or a shop rather than of the work (`звонить с 9 до
# 18`, `приём документов с 10:00 до 17:00`, `магазин работает с 8 до 22`): a warning to
# the attaché about an agency's phone hours would accuse it falsely, so such a sentence's
# times are not read at all.
_NOT_WORK_TIMES = re.compile(
    r"(?:звон|звонк|телефон|тел\.|whatsapp|ватсап|viber|вайбер|telegram|телеграм|пиши|обращ"
    r"|при[её]м|приним|офис|агентств|собеседован|консультац|справк|документ|заявк|резюме"
    r"|анкет|открыт|работает"
    r"|call|phone|text\s+us|message|write|contact|office|agency|interview|document|applica"
    r"|apply|reception|consult|open"
    r"|qo[ʻ'‘’`]?ng[ʻ'‘’`]?iroq|telefon|ofis|agentlik|hujjat|qabul|murojaat|suhbat|yozing"
    r"|чалыңыз|чалуу|кабыл|кеңсе|агенттик|маек"
    r"|занг|қабул|идора|ҳуҷҷат|агентӣ|мусоҳиба)", re.I)
# And times read only in a sentence about the work or its days.
_WORK_TIMES = re.compile(
    r"(?:работ|смен|график|рабоч|труд|вахт|режим|(?<!\w)пн|понедельник"
    r"|work|shift|schedule|hours|rota|monday|(?<!\w)mon(?!\w)"
    r"|(?<!\w)ish(?!\w)|ishla|smena|grafik|dushanba"
    r"|(?<!\w)иш(?!\w)|иште|жумуш|графиг|дүйшөмбү"
    r"|(?<!\w)кор(?!\w)|кори|корӣ|ҷадвал)", re.I)
# A shift's times, like its hours, say nothing of the days worked (`смена с 8:00 до 20:00`
# is as often two days in four).
_SHIFT_TIMES = re.compile(r"(?:смен|shift|smena|вахт)", re.I)
# A break within the day, not worked (`обед 1 час`, `a one-hour lunch break`, `обед с 12
# до 13`).
_BREAK_WORD = r"(?:обед\w*|перерыв\w*|lunch|break|tushlik|tanaffus|тыныгуу|танаффус)"
_A_BREAK = re.compile(_BREAK_WORD, re.I)
_BREAK_BEFORE = re.compile(rf"{_BREAK_WORD}\W*(?:на\s+\w+\W*)?$", re.I)
_BREAKS = [
    re.compile(rf"{_BREAK_WORD}[^\d,;]{{0,15}}?{_NUMBER}\s*(?:({_HOUR})"
               r"|мин\w*|min\w*|daqiqa|мүнөт|дақиқа)", re.I),
    re.compile(r"(?<!\w)(\d{1,3}|one|half)[-\s]?(?:(hours?)|minutes?|mins?)\s+"
               r"(?:lunch\s+|meal\s+)?break", re.I),
]
_LONGEST_BREAK = Decimal(3)


def _clock(hour: str, minutes: str | None, part: str | None) -> Decimal | None:
    """A clock time in hours since midnight; None when it is none."""
    time = Decimal(hour) + (Decimal(minutes[1:]) / 60 if minutes else 0)
    part = (part or "").lower().replace(".", "").replace(" ", "")
    if part and time >= 13:
        return None
    if part in ("am", "ночи") and time >= 12:
        time -= 12
    elif (part in ("pm", "вечера") and time < 12 or part == "ночи" and 6 <= time < 12
          or part == "дня" and time < 8):
        time += 12
    return time if time <= 24 else None


def _span(m: re.Match[str], sentence: str) -> Decimal | None:
    """The hours between the two clock times a range found in `sentence` gives; None when
    they are not clock times."""
    after = sentence[m.end():]
    if _NOT_CLOCK_AFTER.match(after) or _DURATION_AFTER.match(after):
        return None
    if not any(m.group(i) for i in (2, 3, 5, 6)) and m.re is _CLOCK_RANGES[0] and (
            m.group(0)[0].isdigit() or not _AFTER_BARE_CLOCK.match(after)):
        return None
    start, end = _clock(*m.group(1, 2, 3)), _clock(*m.group(4, 5, 6))
    if start is None or end is None:
        return None
    if end <= start:
        # Past midnight (`с 20:00 до 8:00`), unless a 12-hour clock reads shorter
        # (`from 8 to 5` is 8am to 5pm).
        end += 12 if not m.group(6) and end < 12 and end + 12 > start else 24
    return end - start


def _clock_ranges(sentence: str) -> list[tuple[Decimal, bool]]:
    """The hours each range of clock times in `sentence` spans, and whether it is a break
    (`обед с 12 до 13`)."""
    found: list[tuple[Decimal, bool]] = []
    if not _CLOCK_GATE.search(sentence):
        return found
    for m in (m for pattern in _CLOCK_RANGES for m in pattern.finditer(sentence)):
        if (hours := _span(m, sentence)) is not None:
            found.append((hours, bool(_BREAK_BEFORE.search(sentence, 0, m.start()))))
    return found


def _break_said(sentence: str) -> Decimal | None:
    """The break in the day a sentence says, in hours or minutes or as clock times."""
    if not _A_BREAK.search(sentence):
        return None
    for pattern in _BREAKS:
        for m in pattern.finditer(sentence):
            size = Decimal("0.5") if m.group(1).lower() == "half" else \
                Decimal(1) if m.group(1).lower() == "one" else _figure(m.group(1))
            size = size if m.group(2) else size / 60
            if 0 < size <= _LONGEST_BREAK:
                return size
    return next((hours for hours, lunch in _clock_ranges(sentence)
                 if lunch and hours <= _LONGEST_BREAK), None)


def _clock_day(sentence: str, break_elsewhere: Decimal | None) -> Decimal | None:
    """The longest day a sentence gives as clock times, less the break said (in the
    sentence, or else in another of the text); None when it gives no working day's times."""
    if not _CLOCK_GATE.search(sentence) or _NOT_WORK_TIMES.search(sentence) or not (
            _WORK_TIMES.search(sentence) or _days_a_week(sentence) is not None):
        return None
    day = max((hours for hours, lunch in _clock_ranges(sentence)
               if not lunch and 1 <= hours <= 24), default=None)
    if day is None:
        return None
    lunch = _break_said(sentence) or break_elsewhere or Decimal(0)
    return day - lunch if lunch < day else day


def hours_said(*texts: str | None) -> HoursSaid | None:
    """The longest working week the words of `texts` describe (hours a week said, or hours
    a day, a shift or between two clock times by the days a week or the rota said; a day's
    hours five days a week when none is said), with the sentence saying it; None when no
    sentence names hours. A day's hours and the days may sit in two sentences of one text
    (`Смена 12 часов. График 6/1.`)."""
    found: HoursSaid | None = None
    for text in texts:
        said = sentences(text, boundary=_HOURS_SENTENCE)
        days_anywhere = next((d for s in said if (d := _days_a_week(s.read)) is not None),
                             None)
        break_anywhere = next((b for s in said if (b := _break_said(s.read)) is not None),
                              None) if any(_CLOCK_GATE.search(s.read) for s in said) else None
        for each in said:
            sentence = each.read
            week: Decimal | None = None
            for pattern in _WEEKLY_HOURS:
                for m in pattern.finditer(sentence):
                    hours = _figure(m.group(1))
                    if 1 <= hours <= 168:
                        week = max(week or hours, hours)
            days = _days_a_week(sentence, beside_hours=True) or days_anywhere
            for patterns, unsaid in ((_DAY_HOURS, Decimal(5)), (_SHIFT_HOURS, None)):
                for m in (m for pattern in patterns for m in pattern.finditer(sentence)):
                    hours, worked = _figure(m.group(1)), days or unsaid
                    if 1 <= hours <= 24 and worked is not None:
                        week = max(week or Decimal(0),
                                   (hours * worked).quantize(Decimal("0.1")))
            if (day := _clock_day(sentence, break_anywhere)) is not None:
                worked = days or (None if _SHIFT_TIMES.search(sentence) else Decimal(5))
                if worked is not None:
                    week = max(week or Decimal(0), (day * worked).quantize(Decimal("0.1")))
            if week is not None and (found is None or week > found.per_week):
                found = HoursSaid(week, quoted(each))
    return found
