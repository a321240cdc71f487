"""Field data: teams, members, households, residents, visits, campaigns and feedback.

Records are frozen attrs values; personal fields (names, phones, citizen-ID numbers) are
listed in one place (``PERSONAL_FIELDS``) and masked in ``repr`` and messages.
"""

from cnscd_core.field._personal import (
    PERSONAL_FIELDS,
    mask,
    mask_id,
    mask_name,
    mask_phone,
)
from cnscd_core.field._records import (
    CHANNELS,
    Campaign,
    Change,
    CommunityGroup,
    Feedback,
    Household,
    Member,
    Resident,
    Team,
    Training,
    Visit,
)

__all__ = [
    "CHANNELS",
    "PERSONAL_FIELDS",
    "Campaign",
    "Change",
    "CommunityGroup",
    "Feedback",
    "Household",
    "Member",
    "Resident",
    "Team",
    "Training",
    "Visit",
    "mask",
    "mask_id",
    "mask_name",
    "mask_phone",
]
