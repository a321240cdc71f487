"""Content packs: folders of data (skills, apps, guides, templates, tables), not code.

A pack has a manifest ``cnscd-pack.toml`` at its root and data files read through the one
cattrs converter with unknown keys refused. ``check_pack`` lists every problem of a pack;
plugins register packs with the ``cnscd_register_content_packs`` hook.

Names load on first use, so that registering packs at start-up stays cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cnscd_core.packs._check import MAX_FILE_BYTES, PackProblem, check_pack
    from cnscd_core.packs._load import (
        DATA_KINDS,
        MANIFEST_NAME,
        PackContent,
        PackError,
        PackManifest,
        VillageRow,
        load_pack,
        read_manifest,
    )

__all__ = [
    "DATA_KINDS",
    "MANIFEST_NAME",
    "MAX_FILE_BYTES",
    "PackContent",
    "PackError",
    "PackManifest",
    "PackProblem",
    "VillageRow",
    "check_pack",
    "load_pack",
    "read_manifest",
]

_CHECK = {"MAX_FILE_BYTES", "PackProblem", "check_pack"}


def __getattr__(name: str) -> Any:
    if name not in __all__:
        raise AttributeError(f"module 'cnscd_core.packs' has no attribute {name!r}")
    module = "cnscd_core.packs._check" if name in _CHECK else "cnscd_core.packs._load"
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
