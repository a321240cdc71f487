"""The extract key and the pseudonyms made with it (keyed hashes of record codes).

A record code such as ``HD0012`` comes from a small, guessable space: anyone can hash every
code from ``HD0000`` to ``HD9999``. A plain hash would therefore hide nothing; a keyed hash
(HMAC-SHA256) can only be computed, or reversed by trying codes, by whoever holds the key,
and the key stays with the data owner.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import stat
from pathlib import Path

import attrs

from cnscd_core.errors import CnscdError
from cnscd_core.i18n import gettext as _

__all__ = [
    "KEY_BYTES",
    "KEY_FILE_ENV",
    "MIN_KEY_BYTES",
    "PSEUDONYM_LENGTH",
    "ExtractError",
    "ExtractKey",
    "Pseudonymizer",
    "create_key",
    "load_key",
]

#: Environment variable naming the key file when ``--key-file`` is not given.
KEY_FILE_ENV = "CNSCD_EXTRACT_KEY_FILE"
#: Size of a new key: 32 random bytes (256 bits, the block of SHA-256 is larger, so no loss).
KEY_BYTES = 32
#: A key file holding fewer bytes than this is refused (128 bits is the least HMAC needs).
MIN_KEY_BYTES = 16
#: Hexadecimal characters kept of each HMAC-SHA256 (80 bits). Without the key nobody can
#: compute or test a pseudonym, whatever its length, so the length only has to keep distinct
#: codes apart: among 100 million records of one kind (the whole country's residents) the
#: chance that two share a pseudonym is about 4 in a billion, and the extract checks anyway.
#: Shorter ids keep the CSV files small and readable.
PSEUDONYM_LENGTH = 20
#: What each kind of record is called in the hashed message: the same code in two kinds
#: (household ``H1`` and member ``H1``) gets two unrelated pseudonyms.
_DOMAIN = b"cnscd-extract-v1"


class ExtractError(CnscdError):
    """A research extract cannot be made: the message says what to give instead."""


@attrs.frozen
class ExtractKey:
    """A key read from (or just written to) a key file. ``repr`` never shows the key."""

    path: Path
    key: bytes = attrs.field(repr=False)
    #: Whether this call created the file.
    created: bool = False
    #: Whether users other than the owner may read the file (worth a warning).
    readable_by_others: bool = False


def create_key(path: str | Path) -> ExtractKey:
    """Write a new random key into the file ``path``, readable by its owner only (0600).

    Refuses to touch an existing file (an overwritten key makes every earlier extract
    unlinkable). The file holds 64 hexadecimal characters and a newline.
    """
    path = Path(path)
    key = secrets.token_bytes(KEY_BYTES)
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise ExtractError(
            _("the key file {path} already exists; a key is never overwritten").format(path=path)
        ) from None
    except OSError as exc:
        raise ExtractError(
            _("cannot create the key file {path}: {reason}").format(
                path=path, reason=exc.strerror or exc
            )
        ) from None
    try:
        os.fchmod(fd, 0o600)  # the umask may only remove bits; make it exactly 0600
        os.write(fd, key.hex().encode("ascii") + b"\n")
    finally:
        os.close(fd)
    return ExtractKey(path=path, key=key, created=True)


def _decode(raw: bytes) -> bytes | None:
    """The key in a file's bytes: 32+ hexadecimal characters, else the raw bytes."""
    text = raw.strip()
    if len(text) >= 2 * MIN_KEY_BYTES and len(text) % 2 == 0:
        try:
            return bytes.fromhex(text.decode("ascii"))
        except (UnicodeDecodeError, ValueError):
            pass
    return raw if len(raw) >= MIN_KEY_BYTES else None


def load_key(path: str | Path, create: bool = False) -> ExtractKey:
    """Read the key in the file ``path``; with ``create``, make one there if it is missing.

    An existing file is always used as it is, also with ``create`` (so a script may pass
    ``--new-key`` every time). The file holds hexadecimal text (as ``create_key`` writes it)
    or at least 16 raw bytes.
    """
    path = Path(path)
    if not path.exists():
        if create:
            return create_key(path)
        raise ExtractError(
            _(
                "the key file {path} does not exist; give the data owner's key file, or add "
                "--new-key to create a new key there"
            ).format(path=path)
        )
    try:
        raw = path.read_bytes()
        mode = path.stat().st_mode
    except OSError as exc:
        raise ExtractError(
            _("cannot read the key file {path}: {reason}").format(
                path=path, reason=exc.strerror or exc
            )
        ) from None
    key = _decode(raw)
    if key is None:
        raise ExtractError(
            _(
                "the key file {path} holds {n} bytes; expected a key of at least {least} bytes "
                "(create one with --new-key)"
            ).format(path=path, n=len(raw), least=MIN_KEY_BYTES)
        )
    others = bool(mode & (stat.S_IRWXG | stat.S_IRWXO)) and os.name == "posix"
    return ExtractKey(path=path, key=key, readable_by_others=others)


class Pseudonymizer:
    """Pseudonyms of record codes: HMAC-SHA256 of kind and code, cut to 20 hex characters.

    The same key and code always give the same pseudonym, in every table and every extract
    (so researchers can join households, residents, members and visits); another key gives
    unrelated ones.
    """

    __slots__ = ("_base", "_fingerprint")

    def __init__(self, key: bytes) -> None:
        if len(key) < MIN_KEY_BYTES:
            raise ExtractError(
                _("the key has {n} bytes; expected at least {least}").format(
                    n=len(key), least=MIN_KEY_BYTES
                )
            )
        self._base = hmac.new(key, _DOMAIN, hashlib.sha256)
        self._fingerprint = self._digest(b"key-fingerprint", b"")

    def __repr__(self) -> str:
        return f"<Pseudonymizer key {self._fingerprint}>"

    def _digest(self, kind: bytes, code: bytes) -> str:
        mac = self._base.copy()
        mac.update(b"\x1f" + kind + b"\x1f" + code)
        return mac.hexdigest()[:PSEUDONYM_LENGTH]

    def id(self, kind: str, code: str) -> str:
        """The pseudonym of the record of ``kind`` (``household``, ``member``...) coded ``code``."""
        return self._digest(kind.encode("utf-8"), code.encode("utf-8"))

    def ids(self, kind: str, codes: tuple[str, ...] | list[str]) -> list[str]:
        """Pseudonyms of many codes of one kind, in order; refuses two codes sharing one."""
        out = [self.id(kind, code) for code in codes]
        if len(set(out)) != len(set(codes)):  # 80 bits: practically never; never silently
            raise ExtractError(
                _(
                    "two {kind} codes got the same pseudonym; create a new key with --new-key "
                    "and extract again"
                ).format(kind=kind)
            )
        return out

    @property
    def fingerprint(self) -> str:
        """A keyed hash of nothing: tells whether two extracts used the same key, and no more."""
        return self._fingerprint
