"""Every message has a Vietnamese and an English translation; CLDR formats."""

from __future__ import annotations

import datetime as dt

import pytest

from cnscd_core.i18n import (
    format_date,
    format_decimal,
    format_percent,
    get_language,
    gettext,
    set_language,
)
from cnscd_core.i18n._maintain import extract, missing


def test_messages_are_extracted() -> None:
    messages = extract()
    assert len(messages) > 50
    assert "Usage:" in messages  # click's own messages are in our catalogue too


def test_no_message_lacks_a_translation() -> None:
    gaps = missing()
    assert gaps == [], f"{len(gaps)} messages lack a translation: {gaps[:10]}"


def test_vietnamese_is_the_default_and_english_switches() -> None:
    assert get_language() == "vi"
    assert gettext("Usage:") == "Cách dùng:"
    set_language("en")
    assert gettext("Usage:") == "Usage:"


def test_environment_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CNSCD_LANG", "en")
    assert get_language() == "en"
    monkeypatch.setenv("CNSCD_LANG", "fr")
    assert get_language() == "vi"
    with pytest.raises(ValueError, match="fr"):
        set_language("fr")


def test_cldr_numbers_and_dates() -> None:
    assert format_decimal(1234.5) == "1.234,5"
    assert format_decimal(1234.5, "en") == "1,234.5"
    assert format_date(dt.date(2023, 6, 19)) == "ngày 19 tháng 6 năm 2023"
    assert format_date(dt.date(2023, 6, 19), "en") == "June 19, 2023"
    assert format_percent(0.785) == "78,5%"
    assert format_percent(0.785, "en") == "78.5%"
