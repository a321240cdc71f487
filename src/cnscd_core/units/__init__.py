"""Administrative units: the 2025 units, the legacy ones, villages, matching and conversion.

The 2025 units (34 provinces, 3,321 communes, no district level; valid from 2025-07-01) come
from the ``vietnam-provinces`` package; the legacy units (63 provinces, ~700 districts, ~10,000
communes; valid until 2025-06-30) and the legacy -> 2025 mapping from ``vietnamadminunits``.
Villages are added by province data.

Start with ``default_registry()``::

    from cnscd_core.units import default_registry
    units = default_registry()
    units.find("P.3, TP Tây Ninh", as_of=datetime.date(2025, 1, 1))
"""

from cnscd_core.units._convert import Conversion, CountConversion, SplitRow
from cnscd_core.units._match import Candidate, Matcher
from cnscd_core.units._model import (
    LEGACY_END,
    LEGACY_START,
    REFORM_DATE,
    AdminUnit,
    Level,
    UnitKind,
)
from cnscd_core.units._registry import UnitRegistry, UnitSet, default_registry

__all__ = [
    "LEGACY_END",
    "LEGACY_START",
    "REFORM_DATE",
    "AdminUnit",
    "Candidate",
    "Conversion",
    "CountConversion",
    "Level",
    "Matcher",
    "SplitRow",
    "UnitKind",
    "UnitRegistry",
    "UnitSet",
    "default_registry",
]
