"""The public surface of ``cnscd_core.evaluation``: explicit ``__all__``, docstrings everywhere."""

from __future__ import annotations

import inspect

import cnscd_core.evaluation as package


def test_public_names_resolve_and_have_docstrings() -> None:
    assert package.__doc__
    for name in package.__all__:
        obj = getattr(package, name)
        if inspect.isclass(obj) or inspect.isfunction(obj):
            assert inspect.getdoc(obj), f"{name} has no docstring"
        if inspect.isclass(obj):
            for attr, member in vars(obj).items():
                if attr.startswith("_") or not (
                    inspect.isfunction(member) or isinstance(member, property)
                ):
                    continue
                assert inspect.getdoc(member), f"{name}.{attr} has no docstring"
