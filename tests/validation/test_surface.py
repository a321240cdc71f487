"""The public surface of ``cnscd_core.validation``: explicit ``__all__``, docstrings everywhere."""

from __future__ import annotations

import cnscd_core.validation as package

from .helpers import assert_documented


def test_public_names_resolve_and_have_docstrings() -> None:
    assert_documented(package)


def test_the_default_plugin_module_is_a_plugin() -> None:
    from cnscd_core.validation import default_rules

    assert default_rules.__doc__
    assert set(default_rules.VALIDATION_CHECKS) == {r.code for r in default_rules.CORE_RULES}
