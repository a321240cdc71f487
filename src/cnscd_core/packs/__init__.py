"""Content packs: folders of data (skills, apps, guides, templates, tables), not code.

A pack has a manifest ``cnscd-pack.toml`` at its root and data files read through the one
cattrs converter with unknown keys refused. ``check_pack`` lists every problem of a pack;
plugins register packs with the ``cnscd_register_content_packs`` hook.
"""

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
