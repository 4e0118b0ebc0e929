"""Every rule about who may do what. Roles are read here and nowhere else."""

from allauth.mfa.models import Authenticator

OFFICE_STAFF = "Office staff"
TRAINING_OFFICER = "Training officer"
FORUM_MODERATOR = "Forum moderator"
MEDIATION_OFFICER = "Mediation officer"
OFFICE_GROUPS = (OFFICE_STAFF, TRAINING_OFFICER, FORUM_MODERATOR, MEDIATION_OFFICER)

# Model permissions each office group holds in the admin, as (app label, model names).
# Later apps add their own entries; services.office_group() keeps the groups in step.
OFFICE_GROUP_MODEL_PERMISSIONS: dict[str, list[tuple[str, list[str]]]] = {
    OFFICE_STAFF: [("members", ["council", "areacommittee", "position", "user"])],
    TRAINING_OFFICER: [],
    FORUM_MODERATOR: [],
    MEDIATION_OFFICER: [],
}


def has_totp(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def is_office_staff(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_staff)


def needs_mfa_for_admin(user) -> bool:
    """Staff who have not yet set up an authenticator app."""
    return is_office_staff(user) and not has_totp(user)


def can_enter_admin(user) -> bool:
    return is_office_staff(user) and has_totp(user)
