"""The package surface: explicit __all__, lazy imports, docstrings on everything public."""

from __future__ import annotations

import importlib
import inspect
import subprocess
import sys

import pytest

import cnscd_core

PUBLIC_MODULES = [
    "cnscd_core",
    "cnscd_core.units",
    "cnscd_core.text",
    "cnscd_core.i18n",
    "cnscd_core.errors",
    "cnscd_core.serialization",
    "cnscd_core.cli",
    "cnscd_core.scenarios",
    "cnscd_core.rollup",
    "cnscd_core.store",
    "cnscd_core.field",
    "cnscd_core.importer",
    "cnscd_core.reports",
    "cnscd_core.workload",
    "cnscd_core.validation",
    "cnscd_core.evaluation",
    "cnscd_core.extract",
    "cnscd_core.plugins",
    "cnscd_core.packs",
    "cnscd_core.catalog",
    "cnscd_core.demo",
]


def test_top_level_names_resolve() -> None:
    for name in cnscd_core.__all__:
        assert getattr(cnscd_core, name) is not None


def test_import_is_lazy() -> None:
    heavy = ("numpy", "cnscd_core.units", "babel", "click")
    code = f"import sys, cnscd_core; print(sorted(m for m in sys.modules if m.startswith({heavy})))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize("module_name", PUBLIC_MODULES)
def test_public_names_have_docstrings(module_name: str) -> None:
    module = importlib.import_module(module_name)
    assert module.__doc__
    for name in module.__all__:
        obj = getattr(module, name)
        if inspect.isclass(obj) or inspect.isfunction(obj):
            assert inspect.getdoc(obj), f"{module_name}.{name} has no docstring"
        if inspect.isclass(obj):
            for attr, member in vars(obj).items():
                if attr.startswith("_") or not (
                    inspect.isfunction(member) or isinstance(member, property)
                ):
                    continue
                assert inspect.getdoc(member), f"{module_name}.{name}.{attr} has no docstring"
