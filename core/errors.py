"""The shapes of errors every domain raises; each domain names its own subclasses.

Every refusal carries a stable `code` and its `params` (facts: ids, codes, dates, amounts,
never words); its English text is made from the two by the code's template in ENGLISH,
which each domain fills from its exceptions module. Pages and clients word a refusal from
its code, in their own language. They carry no HTTP codes: the API maps each shape once.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

# code -> English template with named placeholders (`%(name)s`), one per code.
ENGLISH: dict[str, str] = {}

# A parameter that is a code (`under_review`, `contract_signed`) reads in English as words.
_CODE = re.compile(r"[a-z]+(?:_[a-z]+)+")


def english_texts(texts: Mapping[str, str]) -> dict[str, str]:
    """Register the English templates of a domain's codes (each code has one)."""
    for code, text in texts.items():
        if ENGLISH.setdefault(code, text) != text:
            raise ValueError(f"two English texts for the refusal code {code!r}")
    return dict(texts)


def _plain(value: Any) -> Any:
    if isinstance(value, list | tuple | set | frozenset):
        return ", ".join(str(_plain(v)) for v in value)
    if isinstance(value, str) and _CODE.fullmatch(value):
        return value.replace("_", " ")
    return value


def english(code: str, params: Mapping[str, Any]) -> str:
    """A refusal's English text; a code without a template (which the tests forbid) reads
    as the code itself rather than failing the request."""
    template = ENGLISH.get(code)
    if template is None:
        return code
    return template % {name: _plain(value) for name, value in params.items()}


class DomainError(Exception):
    """Base for errors a person can act on: `code` and `params`; `field`, where the
    refusal is about one field of the request."""

    code = "error"
    field: str | None = None

    def __init__(self, code: str | None = None, /, *, field: str | None = None,
                 **params: Any) -> None:
        self.code = code or type(self).code
        self.params: dict[str, Any] = params
        if field is not None:
            self.field = field
        super().__init__(english(self.code, params))


class NotFound(DomainError):
    """`<what>.not_found` (spaces as underscores), with the record's `id`."""

    def __init__(self, what: str, ident: object) -> None:
        code = f"{what.replace(' ', '_')}.not_found"
        ENGLISH.setdefault(code, f"{what} %(id)s was not found")
        super().__init__(code, id=ident)
        self.what = what


class IllegalTransition(DomainError):
    """A state a record cannot be moved from this way: the `action` asked for, the
    record's `status` and the actions `allowed` from it, as codes."""

    def __init__(self, *, what: str, action: str, status: str, allowed: list[str],
                 code: str = "transition.not_allowed") -> None:
        final = "transition.final" if code == "transition.not_allowed" else f"{code}_final"
        super().__init__(code if allowed else final, what=what, action=action,
                         status=status, allowed=allowed)
        self.action = action
        self.status = status
        self.allowed = allowed


class StaleVersion(DomainError):
    def __init__(self, *, expected: int, actual: int, what: str) -> None:
        super().__init__("version.stale", what=what, expected=expected, actual=actual)
        self.expected = expected
        self.actual = actual


class Conflict(DomainError):
    """Well-formed, but clashes with what is stored."""

    def __init__(self, code: str | None = None, /, *, field: str | None = None,
                 **params: Any) -> None:
        super().__init__(code, field=field, **params)


class InvalidInput(DomainError):
    """A value the rules refuse, named by its `field`."""

    field: str

    def __init__(self, field: str, code: str | None = None, /, **params: Any) -> None:
        super().__init__(code, field=field, **params)


class Forbidden(DomainError):
    """The actor sees the record but may not take this step."""


english_texts({
    "transition.not_allowed": "cannot %(action)s a %(what)s that is %(status)s; allowed "
                              "from %(status)s: %(allowed)s",
    "transition.final": "cannot %(action)s a %(what)s that is %(status)s; allowed from "
                        "%(status)s: none (this state is final)",
    "version.stale": "the %(what)s was changed by someone else (you saw version "
                     "%(expected)s, it is now version %(actual)s); reload it and try again",
})


class Unavailable(Exception):
    """An engine the work needs (PostgreSQL, Redis) cannot be reached or did not answer
    in time. Nothing a person can fix: the same request is likely to succeed shortly."""

    def __init__(self, engine: str, reason: str) -> None:
        super().__init__(f"{engine} is unavailable: {reason}")
        self.engine = engine
