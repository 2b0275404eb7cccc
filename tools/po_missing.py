"""List the page texts a language's catalogues do not translate yet, as .po entries ready to
be filled in, one page group (one catalogue file) at a time:

    python tools/po_missing.py                                  # Russian, every group
    python tools/po_missing.py --language ky --group jobs >> api/web/locale/ky/jobs.po
    python tools/po_missing.py --language uz                    # every group Uzbek needs

Each page group has one catalogue per language, named alike in every language
(`locale/ru/jobs.po`, `locale/ky/jobs.po`). A text is listed under the first group whose
sources show it (GROUPS, in order), so a text shared by several groups is translated once,
in the more general catalogue. Kyrgyz, Uzbek and Tajik entries carry the Russian as a
comment, since their translators work from it. When the catalogue file does not exist yet,
its header comes first."""

from __future__ import annotations

import argparse
import sys
from fnmatch import fnmatch
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import escape

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, the pages read are this checkout's, not an installed copy's.
sys.path.insert(0, str(ROOT))

from api.web.common import (  # noqa: E402
    LANGUAGES,
    LOCALE_DIR,
    PUBLIC_LANGUAGES,
    STAFF_LANGUAGES,
    has_translation,
    translations,
)

METHOD_MAP = [("errors.py", "python"), ("web/**.py", "python"),
              ("web/templates/**.html", "jinja2")]

# The sources of each page group, as paths under api/ (fnmatch patterns); a file belongs to
# the first group that names it. The first four are the public and migrant pages, written
# in every language; the others are staff pages, in English and Russian.
GROUPS: dict[str, tuple[str, ...]] = {
    # The frame of every page (header, navigation of each role, footer), signing in, the
    # home page, errors and the shared form texts.
    "common": ("errors.py", "web/common.py", "web/public*.py", "web/templates/base.html",
               "web/templates/error.html", "web/templates/_forms.html",
               "web/templates/public/home.html", "web/templates/public/login*.html",
               "web/templates/nav/*.html", "web/templates/_licence_hold.html",
               "web/templates/_notices.html",
               "web/password_reset.py", "web/templates/reset/*.html"),
    # The job search (shared with the centre), a job's page and the checks.
    "jobs": ("web/jobs.py", "web/search_form.py", "web/flags.py", "web/templates/_search.html",
             "web/templates/_flags.html", "web/templates/_rating.html",
             "web/templates/public/*.html"),
    # The migrant's own pages, and the words of disputes they share with the staff's.
    "me": ("web/me.py", "web/me_*.py", "web/templates/me/*.html", "web/dispute_common.py",
           "web/refusals_public.py"),
    # The papers people carry (job card, referral slip, dispute receipt), printed and as PDF,
    # and the job page's "how to apply".
    "papers": ("web/paper*.py", "web/templates/papers/*.html"),
    # Notices outside the app (what they say, in every language a migrant may read), the
    # notice settings of any signed-in person and the unsubscribe page.
    "notices": ("web/notice_texts.py", "web/notices.py", "web/templates/notices/*.html"),
    # What the notices staff get say.
    "notices_staff": ("web/notice_staff_texts.py",),
    "agency": ("web/agency*.py", "web/templates/agency/*.html"),
    "centre": ("web/centre*.py", "web/templates/centre/*.html"),
    "ministry": ("web/ministry*.py", "web/templates/ministry/*.html"),
    "mission": ("web/mission*.py", "web/templates/mission/*.html"),
    # The domain's refusals that only staff meet, by their codes (api/web/refusals.py).
    "refusals": ("web/refusals.py",),
    # The words for each domain's states and kinds, and the form runner, every group's.
    "labels": ("web/labels.py", "web/forms.py"),
}
PUBLIC_GROUPS = ("common", "jobs", "me", "papers", "notices")

PLURAL_FORMS = {
    "ru": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
          "(n%100<10 || n%100>=20) ? 1 : 2);",
    "ky": "nplurals=2; plural=(n != 1);",
    "uz": "nplurals=2; plural=(n != 1);",
    "tg": "nplurals=2; plural=(n != 1);",
}


def group_of(filename: str) -> str | None:
    """The page group a source file (a path under api/) belongs to."""
    for group, patterns in GROUPS.items():
        if any(fnmatch(filename, pattern) for pattern in patterns):
            return group
    return None


def group_languages(group: str) -> tuple[str, ...]:
    """The languages a group's catalogues must translate into (English is the source)."""
    written = PUBLIC_LANGUAGES if group in PUBLIC_GROUPS else STAFF_LANGUAGES
    return tuple(language for language in written if language != "en")


def texts() -> dict[str, tuple[str, list[str]]]:
    """Every text of the pages: its page group and where it is used ("api/x.py:12")."""
    found: dict[str, tuple[int, list[str]]] = {}
    order = list(GROUPS)
    for filename, line, message, _comments, _context in extract_from_dir(
            str(ROOT / "api"), method_map=METHOD_MAP):
        text = message if isinstance(message, str) else message[0]
        group = group_of(filename)
        if group is None:
            raise SystemExit(f"api/{filename} shows texts but belongs to no page group; "
                             "name it in GROUPS in tools/po_missing.py")
        rank, places = found.setdefault(text, (order.index(group), []))
        found[text] = (min(rank, order.index(group)), places)
        places.append(f"api/{filename}:{line}")
    return {text: (order[rank], places) for text, (rank, places) in found.items()}


def missing(language: str, group: str) -> list[tuple[str, list[str]]]:
    """The texts listed under a group that the language's catalogues do not translate."""
    return [(text, places) for text, (owner, places) in sorted(texts().items())
            if owner == group and not has_translation(language, text)]


def header(language: str, group: str) -> str:
    return "\n".join([
        f"# {LANGUAGES[language]} texts of the {group} pages.",
        'msgid ""',
        'msgstr ""',
        '"Project-Id-Version: Vetted\\n"',
        f'"Language: {language}\\n"',
        '"MIME-Version: 1.0\\n"',
        '"Content-Type: text/plain; charset=utf-8\\n"',
        '"Content-Transfer-Encoding: 8bit\\n"',
        f'"Plural-Forms: {PLURAL_FORMS.get(language, "nplurals=2; plural=(n != 1);")}\\n"',
        "",
    ])


def entries(language: str, group: str) -> str:
    """The missing texts of a group as .po entries with an empty translation."""
    russian = translations("ru").gettext
    lines = []
    for text, places in missing(language, group):
        lines.append("")
        if language != "ru" and has_translation("ru", text):
            lines.append(f"#. ru: {russian(text)}")
        lines.append("#: " + " ".join(places[:3]))
        lines.append(f"msgid {escape(text)}")
        lines.append('msgstr ""')
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--language", default="ru",
                        choices=[code for code in LANGUAGES if code != "en"])
    parser.add_argument("--group", choices=list(GROUPS),
                        help="one page group (its catalogue file); default: every group "
                             "the language must translate")
    args = parser.parse_args(argv)
    groups = [args.group] if args.group else [
        group for group in GROUPS if args.language in group_languages(group)]
    for group in groups:
        if args.language not in group_languages(group):
            print(f"{group} pages are not written in {args.language}: staff pages are "
                  "English and Russian", file=sys.stderr)
            return 2
        body = entries(args.language, group)
        if not body:
            continue
        target = LOCALE_DIR / args.language / f"{group}.po"
        if not args.group:
            print(f"\n# --- {target.relative_to(ROOT)}")
        if not target.exists():
            print(header(args.language, group))
        print(body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
