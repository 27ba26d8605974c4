from coproduce.delivery.models.volunteering import (
    HOLDING,
    Approach,
    AvailabilityWindow,
    CheckKind,
    Opportunity,
    Role,
    Shift,
    SignUp,
    SignUpStatus,
    Skill,
    VolunteerCheck,
    VolunteerOffer,
)

__all__ = [
    "HOLDING",
    "Approach",
    "AvailabilityWindow",
    "CheckKind",
    "Opportunity",
    "Role",
    "Shift",
    "SignUp",
    "SignUpStatus",
    "Skill",
    "VolunteerCheck",
    "VolunteerOffer",
]
