"""List the texts of the pages that no Russian catalogue translates yet, as .po entries
ready to be filled in: `python tools/po_missing.py >> api/web/locale/ru/<group>.po`."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir

from api.web.common import has_translation

ROOT = Path(__file__).resolve().parent.parent
METHOD_MAP = [("errors.py", "python"), ("web/**.py", "python"),
              ("web/templates/**.html", "jinja2")]


def main() -> None:
    seen: set[str] = set()
    for filename, line, message, _comments, _context in extract_from_dir(
            str(ROOT / "api"), method_map=METHOD_MAP):
        text = message if isinstance(message, str) else message[0]
        if text in seen or has_translation("ru", text):
            continue
        seen.add(text)
        escaped = text.replace("\\", "\\\\").replace('"', '\\"')
        print(f'\n#: api/{filename}:{line}\nmsgid "{escaped}"\nmsgstr ""')


if __name__ == "__main__":
    main()
