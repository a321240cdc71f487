"""What an import did: counts per kind, rejected rows, villages added or flagged."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import attrs

from cnscd_core.i18n import gettext as _
from cnscd_core.importer._headers import KIND_ORDER

__all__ = ["ImportSummary", "KindCounts", "Rejection", "SheetReport", "VillageReview"]

_COUNT_KEYS = ("read", "new", "updated", "unchanged", "rejected")


@attrs.frozen
class KindCounts:
    """Rows of one kind: ``read == new + updated + unchanged + rejected``."""

    read: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0

    def as_dict(self) -> dict[str, int]:
        """The five counts by name."""
        return {key: getattr(self, key) for key in _COUNT_KEYS}


@attrs.frozen
class Rejection:
    """A rejected row: where it is, the first field at fault, and every reason.

    ``message`` names each field, what was found (masked when personal) and what was
    expected; ``problem`` is a stable code (``invalid_phone``, ``unknown_member``...).
    """

    file: str
    sheet: str
    row: int
    kind: str
    field: str
    problem: str
    message: str

    def __str__(self) -> str:
        if self.sheet:
            return _("{file}, sheet {sheet}, row {row}: {message}").format(
                file=self.file, sheet=self.sheet, row=self.row, message=self.message
            )
        return _("{file}, row {row}: {message}").format(
            file=self.file, row=self.row, message=self.message
        )


@attrs.frozen
class VillageReview:
    """A village spelling that differs from a known village only by missing accents."""

    village: str
    name: str
    commune: str
    spelling: str


@attrs.frozen
class SheetReport:
    """How one sheet was read: its kind (``None`` when not recognised) and its data rows."""

    file: str
    sheet: str
    kind: str | None
    header_row: int | None
    rows: int
    repaired_encoding: str | None = None


@attrs.frozen
class ImportSummary:
    """The result of ``import_files``. Overall and per kind, ``read == new + updated +
    unchanged + rejected``; ``read`` counts the non-blank data rows.
    """

    by_kind: dict[str, KindCounts]
    new_villages: int = 0
    village_reviews: tuple[VillageReview, ...] = ()
    rejections: tuple[Rejection, ...] = ()
    rejects: Path | None = None
    sheets: tuple[SheetReport, ...] = ()

    def _total(self, key: str) -> int:
        return sum(getattr(counts, key) for counts in self.by_kind.values())

    @property
    def read(self) -> int:
        """Non-blank data rows read."""
        return self._total("read")

    @property
    def new(self) -> int:
        """Rows that added a record."""
        return self._total("new")

    @property
    def updated(self) -> int:
        """Rows that changed a record already in the store."""
        return self._total("updated")

    @property
    def unchanged(self) -> int:
        """Rows whose record was already stored as it is (or repeated in this import)."""
        return self._total("unchanged")

    @property
    def rejected(self) -> int:
        """Rows not written; each has a ``Rejection``."""
        return self._total("rejected")

    @property
    def villages_for_review(self) -> int:
        """Village spellings flagged for review (see ``village_reviews``)."""
        return len(self.village_reviews)

    def reasons(self) -> dict[str, int]:
        """Rejected rows per problem code (the first problem of each row)."""
        out: dict[str, int] = {}
        for rejection in self.rejections:
            out[rejection.problem] = out.get(rejection.problem, 0) + 1
        return dict(sorted(out.items()))

    def to_json(self) -> dict[str, Any]:
        """The ``--json`` document: counts, per kind, villages, reasons, the rejects file.

        Holds no personal data: no names, phones, ID numbers or row contents.
        """
        document: dict[str, Any] = {key: self._total(key) for key in _COUNT_KEYS}
        document["by_kind"] = {kind: counts.as_dict() for kind, counts in self.by_kind.items()}
        document["new_villages"] = self.new_villages
        document["villages_for_review"] = self.villages_for_review
        document["village_reviews"] = [attrs.asdict(r) for r in self.village_reviews]
        document["rejects"] = str(self.rejects) if self.rejects is not None else None
        document["reasons"] = self.reasons()
        document["sheets"] = [attrs.asdict(s) for s in self.sheets]
        return document

    @classmethod
    def empty(cls) -> ImportSummary:
        """A summary with every kind at zero."""
        return cls(by_kind={kind: KindCounts() for kind in KIND_ORDER})
