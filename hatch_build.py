"""Build hook: compile the gettext catalogues (.po -> .mo) so installs ship them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CompileCatalogs(BuildHookInterface):  # type: ignore[type-arg]
    """Compile every ``*.po`` under ``src/cnscd_core/i18n/locale`` next to itself."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        root = Path(self.root) / "src" / "cnscd_core" / "i18n" / "locale"
        for po_path in sorted(root.glob("*/LC_MESSAGES/*.po")):
            with po_path.open("rb") as fh:
                catalog = read_po(fh)
            mo_path = po_path.with_suffix(".mo")
            with mo_path.open("wb") as fh:
                write_mo(fh, catalog, use_fuzzy=False)
            build_data.setdefault("artifacts", []).append(str(mo_path.relative_to(self.root)))
