"""Passport numbers at rest: Fernet encryption, a keyed hash for uniqueness, and a mask.

The full number is stored only as Fernet ciphertext. Uniqueness is checked on an
HMAC-SHA256 of the issuing country and the normalised number, keyed with a sub-key
derived (HKDF) from the same key material, so the hash cannot be reversed by hashing
every possible number without the key. Only the last four characters are kept in clear.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from dataclasses import dataclass
from functools import lru_cache

from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from core.config import get_settings

MASK = "•••••"
# Cyrillic capitals that look like Latin ones, as a number typed on a Russian keyboard has.
_LOOKALIKES = str.maketrans("АВЕКМНОРСТУХ", "ABEKMHOPCTYX")
_SEPARATORS = re.compile(r"[\s\-./]")
_SHAPE = re.compile(r"^[A-Z0-9]{6,20}$")
_HASH_INFO = b"vetted passport hash v1"


def normalise_passport(number: str) -> str:
    """The number as issued: upper case, no spaces or dashes, Cyrillic look-alikes as Latin."""
    return _SEPARATORS.sub("", number).upper().translate(_LOOKALIKES)


def is_passport_shape(number: str) -> bool:
    return bool(_SHAPE.match(number))


def mask(last4: str) -> str:
    """What the API shows instead of the number: "•••••1234"."""
    return MASK + last4


@dataclass(frozen=True)
class SealedPassport:
    cipher: bytes
    hash: str
    last4: str


class PassportVault:
    """Seals and opens passport numbers with one key."""

    def __init__(self, key: str) -> None:
        self._fernet = Fernet(key.encode())
        self._hash_key = HKDF(
            algorithm=hashes.SHA256(), length=32, salt=None, info=_HASH_INFO
        ).derive(base64.urlsafe_b64decode(key.encode()))

    def hash(self, *, country: str, number: str) -> str:
        message = f"{country.upper()}:{normalise_passport(number)}".encode()
        return hmac.new(self._hash_key, message, hashlib.sha256).hexdigest()

    def seal(self, *, country: str, number: str) -> SealedPassport:
        normalised = normalise_passport(number)
        return SealedPassport(
            cipher=self._fernet.encrypt(normalised.encode()),
            hash=self.hash(country=country, number=normalised),
            last4=normalised[-4:],
        )

    def open(self, cipher: bytes) -> str:
        return self._fernet.decrypt(bytes(cipher)).decode()


@lru_cache(maxsize=4)
def _vault_for(key: str) -> PassportVault:
    return PassportVault(key)


def vault() -> PassportVault:
    """The vault for the configured key (built on first use, never at import)."""
    return _vault_for(get_settings().resolved_passport_key())
