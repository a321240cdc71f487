"""Errors raised by cnscd_core; each carries a message a province clerk can act on."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cnscd_core.units import Candidate

__all__ = [
    "AmbiguousUnitError",
    "CnscdError",
    "DateOutOfRangeError",
    "InvalidQueryError",
    "UnknownUnitError",
]


class CnscdError(Exception):
    """Base of every error cnscd_core raises on bad input.

    The message is already translated into the active language and says what was given and
    what was expected. The CLI prints it on one line and exits with ``exit_code``.
    """

    exit_code: int = 2

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class UnknownUnitError(CnscdError, LookupError):
    """No unit has the given code, or no unit matches the given name."""


class AmbiguousUnitError(CnscdError, LookupError):
    """Several units match a name equally well; all of them are attached."""

    def __init__(self, message: str, candidates: Sequence[Candidate]) -> None:
        super().__init__(message)
        self.candidates = tuple(candidates)


class DateOutOfRangeError(CnscdError, ValueError):
    """A date lies outside the period of every unit set."""


class InvalidQueryError(CnscdError, ValueError):
    """A query is empty, too long or otherwise absurd."""
