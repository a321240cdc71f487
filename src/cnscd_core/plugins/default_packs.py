"""Default plugin: the national content pack (five basic skills, national platforms, roles...)."""

from __future__ import annotations

from pathlib import Path

from cnscd_core.plugins import hookimpl
from cnscd_core.plugins._registries import ContentPackRegistry

__all__ = ["cnscd_register_content_packs", "national_pack_path"]


def national_pack_path() -> Path:
    """Folder of the national pack: inside the installed package, or in the source tree."""
    here = Path(__file__).resolve()
    for candidate in (
        here.parents[1] / "content_packs" / "national",  # installed wheel
        here.parents[3] / "content_packs" / "national",  # source checkout (editable install)
    ):
        if (candidate / "cnscd-pack.toml").is_file():
            return candidate
    raise FileNotFoundError(
        "the national content pack is missing: expected content_packs/national next to the "
        "package; reinstall cnscd-core"
    )


@hookimpl
def cnscd_register_content_packs(registry: ContentPackRegistry) -> None:
    """Register the national pack."""
    registry.add_content_pack(national_pack_path())
