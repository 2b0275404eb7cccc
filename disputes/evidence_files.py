"""Evidence files on disk: checked by content (never by the name or the type a client
claims), kept once per content under their SHA-256, and checked against it when read.

Files are written before the transaction that records them commits, so a rolled-back
upload can leave a file no row names; being addressed by content, it is harmless and is
reused if the same file is uploaded again.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from disputes.exceptions import EvidenceCorrupted, EvidenceRejected, EvidenceTooLarge

# What each accepted type starts with.
_SIGNATURES: dict[str, Callable[[bytes], bool]] = {
    "application/pdf": lambda head: head.startswith(b"%PDF-"),
    "image/jpeg": lambda head: head.startswith(b"\xff\xd8\xff"),
    "image/png": lambda head: head.startswith(b"\x89PNG\r\n\x1a\n"),
}
_TYPE_NAMES = {"application/pdf": "PDF", "image/jpeg": "JPEG", "image/png": "PNG"}
# The extensions each type is saved under; the first is the one given when the name has
# none of them.
_EXTENSIONS = {"application/pdf": (".pdf",), "image/jpeg": (".jpg", ".jpeg"),
               "image/png": (".png",)}
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class Upload:
    """One file as received: its name, the type the client claimed, and its bytes (the
    API reads at most one byte more than the limit)."""

    filename: str
    claimed_type: str | None
    content: bytes


@dataclass(frozen=True)
class Checked:
    filename: str
    content_type: str
    size_bytes: int
    sha256: str
    content: bytes


def sniff(head: bytes, accepted: Iterable[str]) -> str | None:
    """The accepted type the content is, by its first bytes; None for anything else."""
    for content_type in accepted:
        signature = _SIGNATURES.get(content_type)
        if signature is not None and signature(head):
            return content_type
    return None


def safe_filename(name: str) -> str:
    """A display name without folders, control characters or surprises, at most 200
    characters, keeping its extension."""
    name = unicodedata.normalize("NFC", name).replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip(" .")
    if len(name) > 200:
        stem, dot, ext = name.rpartition(".")
        name = (stem[: 200 - len(ext) - 1] + dot + ext) if dot and len(ext) <= 10 \
            else name[:200]
    return name or "evidence"


def named_as(filename: str, content_type: str) -> str:
    """The name a file is kept and served under: its extension is the one of the type its
    bytes are, whatever the uploader's name said ("payslip.exe" holding a PDF is
    "payslip.pdf"), so that no one opening it is misled about what it is."""
    extensions = _EXTENSIONS.get(content_type)
    if extensions is None:
        return filename
    stem, dot, ext = filename.rpartition(".")
    if dot and f".{ext.lower()}" in extensions:
        return f"{stem}.{ext.lower()}"
    # Only a short, plain ending is an extension to replace; "Report 2.5 final" keeps it.
    base = stem if dot and stem and 0 < len(ext) <= 10 and ext.isalnum() else filename
    return f"{base[: 200 - len(extensions[0])]}{extensions[0]}"


def check(upload: Upload, *, field: str, max_bytes: int, accepted: list[str]) -> Checked:
    """Refuse an empty or too large file and any type not accepted; name the field."""
    size = len(upload.content)
    if size == 0:
        raise EvidenceRejected(field, "evidence.empty", name=upload.filename)
    if size > max_bytes:
        raise EvidenceTooLarge(field, "evidence.too_large", name=upload.filename,
                               limit=_size_text(max_bytes), limit_bytes=max_bytes)
    content_type = sniff(upload.content[:16], accepted)
    if content_type is None:
        names = ", ".join(_TYPE_NAMES.get(t, t) for t in accepted)
        raise EvidenceRejected(field, "evidence.wrong_type", name=upload.filename, types=names)
    return Checked(
        filename=named_as(safe_filename(upload.filename), content_type),
        content_type=content_type, size_bytes=size,
        sha256=hashlib.sha256(upload.content).hexdigest(), content=upload.content,
    )


def _size_text(size: int) -> str:
    if size >= 1024 * 1024 and size % (1024 * 1024) == 0:
        return f"{size // (1024 * 1024)} MB"
    if size >= 1024 and size % 1024 == 0:
        return f"{size // 1024} KB"
    return f"{size} bytes"


def path_of(folder: Path, sha256: str) -> Path:
    if not _SHA256.match(sha256):
        raise ValueError(f"not a SHA-256 digest: {sha256!r}")
    return folder / sha256[:2] / sha256


def store(folder: Path, checked: Checked) -> Path:
    """Write the file under its digest (atomically, flushed to disk); a file already
    there with the same digest is kept."""
    target = path_of(folder, checked.sha256)
    if target.exists() and _digest(target) == checked.sha256:
        return target
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=".upload-")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(checked.content)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o600)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target


def _digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def read_verified(folder: Path, sha256: str) -> bytes:
    """The stored bytes, only if they still match the digest recorded at upload."""
    path = path_of(folder, sha256)
    try:
        content = path.read_bytes()
    except FileNotFoundError:
        raise EvidenceCorrupted("evidence.missing", file=sha256[:12]) from None
    if hashlib.sha256(content).hexdigest() != sha256:
        raise EvidenceCorrupted("evidence.corrupted", file=sha256[:12])
    return content
