"""Real-world spellings of agency and person names, for the name-key and lookup tests.

SAME: each group is one name as people type it (Latin and Cyrillic, with and without the
legal form and punctuation); every spelling must share the first one's key.
NEAR: a name typed with a vowel or a letter of its own (Uzbek against Russian spelling, a
dropped mark, a part of the name); keys differ, but the lookup must offer it as "did you mean".
APART: different agencies or people whose names are close; they must never share a key,
so a lookup never answers for one with the other's licence.
"""

from __future__ import annotations

AGENCIES_SAME: tuple[tuple[str, ...], ...] = (
    ("Ala-Too", "Алатоо", "ALA TOO", "Alatoo", "ОсОО «Ала-Тоо»", "Ala-Too LLC", "ТОО Ала-Тоо",
     "ala too", "Ala-To"),
    ("Ala-Too Servis", "Alatoo Servis", "Ала-Тоо Сервис"),
    ("Hamkor Invest", "Hamkorr Invest", "Ҳамкор Инвест", "Hamkor-Invest"),
    ("Nur-Sat", "Нур-Сат", "Nursat", "NUR SAT", "ОсОО \"Нурсат\""),
    ("Kelechek", "Келечек", "KELECHEK", "Keletchek"),
    ("Ishonch", "Ишонч", "MChJ «Ishonch»", "МЧЖ Ишонч"),
    ("Sharq", "Шарқ", "Шарк", "Shark", "Sharq MChJ"),
    ("Hamkor", "Ҳамкор", "Хамкор", "Khamkor", "ҶДММ «Ҳамкор»"),
    ("Tojikiston", "Тоҷикистон", "Todjikiston", "Tojikiston LLC"),
    ("Oʻzbekiston Ishchi", "Ўзбекистон Ишчи", "O'zbekiston ishchi", "Uzbekiston Ishchi"),
    ("Xalqaro Mehnat", "Халқаро Меҳнат", "Khalkaro Mekhnat", "Halqaro Mehnat"),
    ("Jangy Jol", "Жаңы Жол", "Zhany Zhol", "Jany-Jol"),
    ("Ak-Jol", "Ак-Жол", "Ak Zhol", "Akjol", "Ak-Djol"),
    ("Ümüt", "Үмүт", "Umut"),
    ("Yulduz", "Юлдуз", "Iulduz"),
    ("Kyrgyz Jumush", "Кыргыз Жумуш", "Kirgiz Djumush"),
)

PEOPLE_SAME: tuple[tuple[str, ...], ...] = (
    ("Bakyt", "Bakit", "Бакыт", "BAKYT"),
    ("Nurlan", "Нурлан"),
    ("Gulnara", "Гульнара", "Gul'nara"),
    ("Shukhrat", "Shuhrat", "Шухрат", "Shuxrat"),
    ("Jamshid", "Djamshid", "Жамшид", "Dzhamshid", "Джамшид"),
    ("Ulugbek", "Ulughbek", "Улугбек", "Ulugʻbek", "Ulug'bek", "Улуғбек"),
    ("Ruslan", "Руслан", "RUSLAN"),
    ("Aizhan", "Ayjan", "Айжан", "Aijan"),
    ("Zhyldyz", "Jyldyz", "Жылдыз", "Djyldyz"),
    ("Dilnoza", "Дилноза"),
    ("Khurshed", "Hurshed", "Хуршед", "Xurshed"),
    ("Fyodor", "Фёдор", "Федор"),
    ("Yorqin", "Ёркин", "Yorkin"),
    ("Oʻtkir", "Ўткир", "Utkir"),
    ("Janyl", "Жаңыл", "Zhangyl"),
    ("Mariya", "Мария", "Maria"),
    ("Dmitriy", "Дмитрий", "Dmitry"),
    ("Aliyev", "Алиев", "Aliev"),
    ("Sharifi", "Шарифӣ"),
    ("Firuz", "Фирӯз"),
    ("Qodir", "Қодир", "Kodir"),
    ("Gʻayrat", "Ғайрат", "Gayrat", "Ghayrat"),
    ("Elena", "Елена", "Yelena"),
    ("Bakyt Asanov", "Бакыт Асанов", "BAKIT  ASANOV"),
)

# (typed, registered): keys differ, the lookup offers the registered name as "did you mean".
NEAR_PEOPLE: tuple[tuple[str, str], ...] = (
    ("Gulnora", "Gulnara"),
    ("Ҷамшед", "Jamshid"),
    ("Гулнора", "Gulnara"),
)
NEAR_AGENCIES: tuple[tuple[str, str], ...] = (
    ("Tajikiston", "Tojikiston"),
    ("Ozbekiston Ishchi", "Oʻzbekiston Ishchi"),
    ("Kelechek", "Kelechek Travel"),
    ("Ala-Too Bishkek", "Ala-Too"),
    ("Kelechek Service", "Kelechek Servis"),
    ("Nur Sad", "Nur-Sat"),
    ("Toshkent Ishchi", "Tashkent Ishchi"),
    ("Keleshek", "Kelechek"),
    ("Ishonc", "Ishonch"),
    ("Sharq Yulduz", "Sharq Yulduzi"),
)
NEAR = NEAR_PEOPLE + NEAR_AGENCIES

# (typed, registered): different agencies or people; never one key.
APART_AGENCIES: tuple[tuple[str, str], ...] = (
    ("Ala-Tau", "Ala-Too"),
    ("Ak-Too", "Ala-Too"),
    ("Nur-Bat", "Nur-Sat"),
    ("Nur", "Nur-Sat"),
    ("Kelechek Plus", "Kelechek"),
    ("Ishonch Invest", "Ishonch"),
    ("Sharq Yulduzi", "Sharq"),
    ("Hamkorlik", "Hamkor"),
    ("Tojikiston Travel", "Tojikiston"),
    ("Ош Транс", "Osh Treid"),
    ("Ak-Jol Service", "Ak-Jol"),
)
APART_PEOPLE: tuple[tuple[str, str], ...] = (
    ("Ruslana", "Ruslan"),
    ("Nurbek", "Nurlan"),
    ("Dilnora", "Dilnoza"),
    ("Gulnaz", "Gulnara"),
    ("Bakytbek", "Bakyt"),
    ("Jamshidbek", "Jamshid"),
    ("Aijamal", "Aizhan"),
    ("Bakyt Asanov", "Bakyt Osmonov"),
)
APART = APART_AGENCIES + APART_PEOPLE


def same_pairs() -> list[tuple[str, str]]:
    """Each spelling against the first of its group."""
    return [(group[0], other) for group in AGENCIES_SAME + PEOPLE_SAME for other in group[1:]]
