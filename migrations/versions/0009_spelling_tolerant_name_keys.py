"""Name keys that hold across spellings: recompute every stored key, and give migrants one.

The public licence check told people "no agency in the register matches" for Alatoo and
Алатоо while Ala-Too was licensed: the old key split names at hyphens and dropped "Too" as
if it were a legal form (Kazakh ТОО), and it spelled ж, ҷ, ғ, ҳ, oʻ as unidecode does. The
new key (core.text.name_key) folds the Kyrgyz, Uzbek, Tajik and Russian letters and their
Latin spellings to one, ignores hyphens, spaces and the legal form at either end, and is
stored without word breaks. Stored keys are compared with keys computed now (the lookup,
barred persons against an agency's directors, watchlisted employers, a vacancy's employer,
dispute routing by region), so every stored key is recomputed here with the new function;
a key left in the old form would no longer meet its own name typed again.

Migrants get a name key too, so the centre's search finds Bakit and Бакыт for Bakyt.

The downgrade drops the migrants' key and recomputes the others with a frozen copy of the
previous key, so the code before this step finds its rows again.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02
"""

import re
import unicodedata
from collections.abc import Callable

from alembic import op
from unidecode import unidecode

from core.text import name_key

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

# (table, column the key is made from, key column)
_NAME_KEYS = (
    ("agency", "legal_name", "name_key"),
    ("agency_person", "full_name", "name_key"),
    ("barred_person", "full_name", "name_key"),
    ("watchlisted_employer", "name", "name_key"),
    ("employer", "name", "name_key"),
)
_REGION_KEYS = (("routing_rule", "region", "region_key"), ("dispute", "region", "region_key"))


def _recompute(table: str, source: str, target: str, key: Callable[[str], str]) -> None:
    bind = op.get_bind()
    rows = bind.exec_driver_sql(
        f"SELECT id, {source}, {target} FROM {table} WHERE {source} IS NOT NULL"
    ).fetchall()
    changed = [(row[0], key(row[1])) for row in rows if key(row[1]) != row[2]]
    if changed:
        bind.exec_driver_sql(
            f"UPDATE {table} AS t SET {target} = v.key "
            "FROM unnest(%s::bigint[], %s::text[]) AS v(id, key) WHERE t.id = v.id",
            ([i for i, _ in changed], [k for _, k in changed]),
        )


def _region_key(key: Callable[[str], str]) -> Callable[[str], str]:
    return lambda region: key(region) or region.strip().casefold()


def _recompute_all(key: Callable[[str], str]) -> None:
    for table, source, target in _NAME_KEYS:
        _recompute(table, source, target, key)
    for table, source, target in _REGION_KEYS:
        _recompute(table, source, target, _region_key(key))


def upgrade() -> None:
    op.execute("ALTER TABLE migrant ADD COLUMN name_key text")
    _recompute("migrant", "full_name", "name_key", name_key)
    op.execute("ALTER TABLE migrant ALTER COLUMN name_key SET NOT NULL")
    _recompute_all(name_key)


# --- the key before this step, frozen for the downgrade ------------------------------------

_PREVIOUS_LEGAL_FORMS = frozenset({
    "ooo", "osoo", "oao", "zao", "pao", "ao", "ip", "too", "llc", "ltd", "limited", "inc", "co",
    "mchj", "xk", "chp", "ojsc", "cjsc", "jsc", "company", "kompaniia", "kompaniya",
})
_PREVIOUS_RULES = (
    ("shch", "sh"), ("sch", "sh"), ("yu", "u"), ("iu", "u"), ("ya", "a"), ("ia", "a"),
    ("yo", "o"), ("io", "o"), ("ye", "e"), ("ie", "e"), ("kh", "h"), ("x", "h"),
    ("zh", "j"), ("dj", "j"), ("ts", "c"), ("tc", "c"), ("ch", "c"), ("y", "i"), ("w", "v"),
    ("q", "k"), ("ph", "f"),
)


def _previous_name_key(name: str) -> str:
    text = unidecode(unicodedata.normalize("NFKC", name)).lower()
    words = re.findall(r"[a-z0-9]+", text.replace("'", "").replace("`", ""))
    skeletons = []
    for word in words:
        if word in _PREVIOUS_LEGAL_FORMS:
            continue
        for old, new in _PREVIOUS_RULES:
            word = word.replace(old, new)
        skeletons.append(re.sub(r"(.)\1+", r"\1", word))
    return " ".join(skeletons)


def downgrade() -> None:
    op.execute("ALTER TABLE migrant DROP COLUMN name_key")
    _recompute_all(_previous_name_key)
