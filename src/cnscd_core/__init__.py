"""cnscd_core: the library of Vietnam's Community Digital Technology Teams.

Tổ công nghệ số cộng đồng (community digital technology teams) go "down every lane, knock on
every door" to teach residents five basic digital skills. This package gives provinces and
researchers the administrative units, Vietnamese text handling, messages in Vietnamese and
English, and (in later modules) field data, indicators, reports and scenario analyses.

Importing this package is cheap: submodules load on first use.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "AdminUnit",
    "AmbiguousUnitError",
    "Candidate",
    "CnscdError",
    "Conversion",
    "Level",
    "UnitKind",
    "UnitRegistry",
    "UnitSet",
    "UnknownUnitError",
    "__version__",
    "default_registry",
    "make_converter",
]

_LAZY = {
    "AdminUnit": "cnscd_core.units",
    "Candidate": "cnscd_core.units",
    "Conversion": "cnscd_core.units",
    "Level": "cnscd_core.units",
    "UnitKind": "cnscd_core.units",
    "UnitRegistry": "cnscd_core.units",
    "UnitSet": "cnscd_core.units",
    "default_registry": "cnscd_core.units",
    "AmbiguousUnitError": "cnscd_core.errors",
    "CnscdError": "cnscd_core.errors",
    "UnknownUnitError": "cnscd_core.errors",
    "make_converter": "cnscd_core.serialization",
}

if TYPE_CHECKING:
    from cnscd_core.errors import AmbiguousUnitError, CnscdError, UnknownUnitError
    from cnscd_core.serialization import make_converter
    from cnscd_core.units import (
        AdminUnit,
        Candidate,
        Conversion,
        Level,
        UnitKind,
        UnitRegistry,
        UnitSet,
        default_registry,
    )


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'cnscd_core' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
