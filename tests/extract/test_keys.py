"""Key files (created 0600, never overwritten) and pseudonyms (keyed, stable, separate)."""

from __future__ import annotations

import inspect
import stat
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import cnscd_core.extract as extract
from cnscd_core.extract import (
    PSEUDONYM_LENGTH,
    ExtractError,
    Pseudonymizer,
    create_key,
    load_key,
)
from cnscd_core.i18n import set_language


def test_public_names_have_docstrings() -> None:
    assert extract.__doc__
    for name in extract.__all__:
        obj = getattr(extract, name)
        if inspect.isclass(obj) or inspect.isfunction(obj):
            assert inspect.getdoc(obj), name


def test_new_key_file_is_private_and_random(tmp_path: Path) -> None:
    path = tmp_path / "owner" / "extract.key"
    first = create_key(path)
    assert first.created and len(first.key) == 32
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_text().strip() == first.key.hex()
    assert create_key(tmp_path / "other.key").key != first.key
    assert first.key.hex() not in repr(first)


def test_a_key_is_never_overwritten(tmp_path: Path) -> None:
    set_language("en")  # the assertions below read English messages
    path = tmp_path / "extract.key"
    first = create_key(path)
    with pytest.raises(ExtractError, match="already exists"):
        create_key(path)
    again = load_key(path, create=True)  # --new-key on an existing file: use it as it is
    assert again.key == first.key and not again.created


def test_missing_key_file_without_create(tmp_path: Path) -> None:
    with pytest.raises(ExtractError, match="--new-key"):
        load_key(tmp_path / "none.key")


def test_raw_and_hex_key_files(tmp_path: Path) -> None:
    set_language("en")  # the assertions below read English messages
    raw = tmp_path / "raw.key"
    raw.write_bytes(bytes(range(100, 132)))
    assert load_key(raw).key == bytes(range(100, 132))
    text = tmp_path / "hex.key"
    text.write_text(bytes(range(32)).hex().upper() + "\r\n")
    assert load_key(text).key == bytes(range(32))
    short = tmp_path / "short.key"
    short.write_bytes(b"secret")
    with pytest.raises(ExtractError, match="at least 16 bytes"):
        load_key(short)


def test_readable_key_file_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "open.key"
    path.write_text("ab" * 32)
    path.chmod(0o644)
    assert load_key(path).readable_by_others
    path.chmod(0o600)
    assert not load_key(path).readable_by_others


@given(st.text(min_size=1, max_size=30))
def test_pseudonyms_are_stable_short_hex(code: str) -> None:
    pseudo = Pseudonymizer(bytes(range(32)))
    value = pseudo.id("household", code)
    assert value == Pseudonymizer(bytes(range(32))).id("household", code)
    assert len(value) == PSEUDONYM_LENGTH and int(value, 16) >= 0
    assert value != Pseudonymizer(bytes(range(1, 33))).id("household", code)
    assert value != pseudo.id("member", code)  # kinds are kept apart


def test_fingerprint_tells_keys_apart_without_showing_them() -> None:
    key = bytes(range(32))
    pseudo = Pseudonymizer(key)
    assert pseudo.fingerprint == Pseudonymizer(key).fingerprint
    assert pseudo.fingerprint != Pseudonymizer(bytes(32)).fingerprint
    assert key.hex() not in repr(pseudo) and key.hex()[:20] != pseudo.fingerprint
    with pytest.raises(ExtractError):
        Pseudonymizer(b"short")
