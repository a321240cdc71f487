"""The public surface of ``cnscd_core.evaluation``: explicit ``__all__``, docstrings everywhere."""

from __future__ import annotations

import cnscd_core.evaluation as package

from ..validation.helpers import assert_documented


def test_public_names_resolve_and_have_docstrings() -> None:
    assert_documented(package)
