"""Every rule about who may do what. Roles are read here and nowhere else.

Council roles come from current Position rows; office roles are Django groups, except
"Office staff", which is the user's is_staff flag (the one source: Django's admin reads
it too; services.user_set_office_staff keeps the Office staff group, which only carries
the admin's model permissions, in step with it).

Every staff power (any office role's, superusers' too) also needs the person to have an
authenticator app (TOTP) and to have used it in this session (allauth's record of the
MFA step): members.middleware marks request.user with the session's MFA record
(mark_session_mfa), so the rules keep their (user, obj) signature. A user object that
did not come from a request, or whose session has no MFA record, holds no staff power
(office_verification_needed says why).
Each rule is can_<verb>(user, obj) -> bool and never raises for anonymous users."""

from collections.abc import Iterable

from allauth.mfa.models import Authenticator
from django.db.models import Q

from members.models import Council, Position

OFFICE_STAFF = "Office staff"
TRAINING_OFFICER = "Training officer"
FORUM_MODERATOR = "Forum moderator"
MEDIATION_OFFICER = "Mediation officer"
OFFICE_GROUPS = (OFFICE_STAFF, TRAINING_OFFICER, FORUM_MODERATOR, MEDIATION_OFFICER)

# Model permissions each office group holds in the admin: {group: {app label: {model names}}}.
# Each app registers its own from AppConfig.ready() (register_office_group_permissions);
# services.office_group() and the sync_office_groups command keep the groups in step.
_office_group_model_permissions: dict[str, dict[str, set[str]]] = {name: {} for name in OFFICE_GROUPS}


def register_office_group_permissions(group: str, app_label: str, models: Iterable[str]) -> None:
    """Give an office group the add/change/delete/view permissions on these models of an
    app, from the app's AppConfig.ready(). Registering the same models again changes nothing:

        register_office_group_permissions(OFFICE_STAFF, "training", ["event", "session"])
    """
    if group not in OFFICE_GROUPS:
        raise ValueError(f"{group!r} is not an office role")
    models = {model.lower() for model in models}
    if not models:
        raise ValueError("Name at least one model.")
    _office_group_model_permissions[group].setdefault(app_label, set()).update(models)


def unregister_office_group_permissions(group: str, app_label: str) -> None:
    """Forget what an app registered for the group (for tests and apps being removed)."""
    _office_group_model_permissions.get(group, {}).pop(app_label, None)


def office_group_model_permissions(group: str) -> list[tuple[str, list[str]]]:
    """(app label, sorted model names) for every app that registered permissions for the group."""
    if group not in OFFICE_GROUPS:
        raise ValueError(f"{group!r} is not an office role")
    registered = _office_group_model_permissions[group]
    return [(app_label, sorted(models)) for app_label, models in sorted(registered.items()) if models]


# Who acts for a council: the clerk's office runs the council's record.
COUNCIL_MANAGER_ROLES = (Position.Role.CLERK, Position.Role.DEPUTY_CLERK)
# Who sees the council overview dashboard (besides office staff).
COUNCIL_OVERVIEW_ROLES = (Position.Role.CLERK, Position.Role.DEPUTY_CLERK, Position.Role.CHAIR)
# Who may ask for mediation on the council's behalf.
MEDIATION_REQUEST_ROLES = (Position.Role.CLERK, Position.Role.CHAIR)
# Roles one person at a time holds at a council (the database's constraint agrees for the clerk).
SINGLE_HOLDER_ROLES = (Position.Role.CLERK,)
# Roles a clerk may invite to their council (a clerk arrives by handover instead).
INVITABLE_ROLES = (
    Position.Role.COUNCILLOR,
    Position.Role.CHAIR,
    Position.Role.VICE_CHAIR,
    Position.Role.RFO,
    Position.Role.DEPUTY_CLERK,
)


def _signed_in(user) -> bool:
    return bool(user.is_authenticated and user.is_active)


def _in_group(user, name: str) -> bool:
    if not _signed_in(user):
        return False
    cached = getattr(user, "_kalc_group_names", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True))
        user._kalc_group_names = cached
    return name in cached


def _current_positions(user) -> list[tuple[int, str]]:
    """(council id, role) of every position the person holds today, read once per request's user:
    a page that asks whether they are a member and what they are at one council reads them once."""
    cached = user.__dict__.get("_kalc_current_positions")
    if cached is None:
        # No ORDER BY: Position's default ordering joins the councils to sort by name, which
        # costs the query more than the rows, and every caller asks about a set.
        positions = Position.objects.current().filter(user=user).order_by()
        cached = list(positions.values_list("council_id", "role"))
        user.__dict__["_kalc_current_positions"] = cached
    return cached


def current_positions_read_for(users) -> None:
    """Read the current positions of many people in one query and keep them on each user,
    so asking about each of them afterwards (a notice's recipients) costs no query apiece."""
    unread = {user.pk: user for user in users if user.__dict__.get("_kalc_current_positions") is None}
    if not unread:
        return
    held: dict[int, list[tuple[int, str]]] = {pk: [] for pk in unread}
    positions = Position.objects.current().filter(user_id__in=unread).order_by()
    for user_id, council_id, role in positions.values_list("user_id", "council_id", "role"):
        held[user_id].append((council_id, role))
    for pk, user in unread.items():
        user.__dict__["_kalc_current_positions"] = held[pk]


def current_roles(user, council: Council) -> set[str]:
    """The roles the person holds for this council today (cached on the user per request)."""
    if not _signed_in(user):
        return set()
    return {role for council_id, role in _current_positions(user) if council_id == council.pk}


def all_current_roles(user) -> frozenset[str]:
    """Every role the person holds today at any council (the same query as current_roles)."""
    if not _signed_in(user):
        return frozenset()
    return frozenset(role for _council_id, role in _current_positions(user))


def has_totp(user) -> bool:
    """Has an activated authenticator app (read once per request's user)."""
    if not _signed_in(user):
        return False
    # getattr/setattr (not __dict__) so request.user's lazy wrapper and the user it wraps agree.
    cached = getattr(user, "_kalc_has_totp", None)
    if cached is None:
        cached = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        user._kalc_has_totp = cached
    return cached


# allauth records each authentication step in the session; these are second factors.
MFA_SESSION_TYPES = (Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES)


def mark_session_mfa(user, authentication_records: list[dict]) -> None:
    """Record on the request's user whether this session used an authenticator app
    (allauth's record of an "mfa" step: at sign-in, reauthentication or activation)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return
    used = any(
        isinstance(record, dict) and record.get("method") == "mfa" and record.get("type") in MFA_SESSION_TYPES
        for record in authentication_records
    )
    user._kalc_session_mfa = used


def _used_mfa_this_session(user) -> bool:
    return getattr(user, "_kalc_session_mfa", False) is True


def is_office_staff(user) -> bool:
    """Who the person is: KALC office staff (is_staff). Use it to describe people (the
    mediation officers to assign, an account export); what they may *do* is a can_* rule."""
    return bool(_signed_in(user) and user.is_staff)


def office_staff_filter() -> Q:
    """Office staff as a filter on users (those is_office_staff says yes to, short of a session)."""
    return Q(is_staff=True, is_active=True)


def is_mediation_officer(user) -> bool:
    """Who the person is: in the Mediation officer group (or a superuser)."""
    return bool(_signed_in(user) and (user.is_superuser or _in_group(user, MEDIATION_OFFICER)))


def is_training_officer(user) -> bool:
    """Runs the training programme (events, bookings, attendance) without being office staff."""
    return bool(_signed_in(user) and (user.is_superuser or _in_group(user, TRAINING_OFFICER)))


def councils_where_role(user, roles) -> set[int]:
    """Ids of the councils where the person holds one of these roles today (read once per request)."""
    if not _signed_in(user):
        return set()
    wanted = set(roles)
    return {council_id for council_id, role in _current_positions(user) if role in wanted}


def holds_office_role(user) -> bool:
    """Office staff, a superuser, or in any office group (training officer, forum
    moderator, mediation officer): everyone whose powers need MFA."""
    if not _signed_in(user):
        return False
    return bool(user.is_staff or user.is_superuser or any(_in_group(user, name) for name in OFFICE_GROUPS))


def staff_mfa_verified(user) -> bool:
    """Used an authenticator app in this session (see mark_session_mfa). allauth writes that
    record only when an authenticator's code was accepted, so it stands for "has one and
    used it" without reading the authenticator table on every staff page (the query
    budgets); turning the app off in a session removes the record (members.views.staff_mfa)."""
    return _signed_in(user) and _used_mfa_this_session(user)


def office_verification_needed(user) -> str | None:
    """What an office-role holder must do before their staff powers work:
    "activate" (set up an authenticator app), "authenticate" (use it in this session), or None."""
    if not holds_office_role(user) or _used_mfa_this_session(user):
        return None
    return "authenticate" if has_totp(user) else "activate"


def acts_as_office_staff(user) -> bool:
    """Office staff using their staff powers: MFA set up and used in this session."""
    return is_office_staff(user) and staff_mfa_verified(user)


def acts_as_training_officer(user) -> bool:
    return is_training_officer(user) and staff_mfa_verified(user)


def acts_as_mediation_officer(user) -> bool:
    return is_mediation_officer(user) and staff_mfa_verified(user)


def needs_mfa_for_admin(user) -> bool:
    """Staff who have not yet set up an authenticator app."""
    return office_verification_needed(user) == "activate" and is_office_staff(user)


def can_enter_admin(user) -> bool:
    return acts_as_office_staff(user)


def is_member(user) -> bool:
    """Holds a current position with a council, or works in the office."""
    if not _signed_in(user):
        return False
    return acts_as_office_staff(user) or bool(_current_positions(user))


# --- Directories, partners, key contacts -------------------------------------


def can_view_member_directory(user) -> bool:
    return is_member(user)


def can_view_all_councils(user) -> bool:
    """Lapsed, non-member and aspiring councils too (the directory shows members only)."""
    return acts_as_office_staff(user)


def can_view_partners(user) -> bool:
    return is_member(user)


def can_view_key_contacts(user) -> bool:
    return is_member(user)


# --- Councils ------------------------------------------------------------------


def can_view_council_overview(user, council: Council) -> bool:
    return acts_as_office_staff(user) or bool(current_roles(user, council) & set(COUNCIL_OVERVIEW_ROLES))


def can_manage_council(user, council: Council) -> bool:
    """Edit contact details, invite, end positions, hand over: the clerk's office."""
    return acts_as_office_staff(user) or bool(current_roles(user, council) & set(COUNCIL_MANAGER_ROLES))


def can_invite_role(user, council: Council, role: str) -> bool:
    return can_manage_council(user, council) and role in INVITABLE_ROLES


def can_hand_over_clerkship(user, council: Council) -> bool:
    """The current clerk (or the office) hands the clerkship to someone new."""
    return acts_as_office_staff(user) or Position.Role.CLERK in current_roles(user, council)


def has_single_holder(role: str) -> bool:
    """Whether only one person at a time may hold this role at a council."""
    return role in SINGLE_HOLDER_ROLES


def can_accept_invitation(user, invitation) -> bool:
    """An invitation is for the address it was sent to: only that person's account may accept it."""
    if user is None or not user.is_authenticated:
        return False
    return user.email.strip().lower() == invitation.email.strip().lower()


def can_end_position(user, position: Position) -> bool:
    if not position.is_current:
        return False
    if position.user_id == getattr(user, "pk", None):
        return _signed_in(user)  # anyone may record that they have left
    if position.role == Position.Role.CLERK:
        # The clerk's post ends by their own hand (or handover) or the office's, never their deputy's.
        return acts_as_office_staff(user)
    return can_manage_council(user, position.council)


def can_cancel_invitation(user, invitation) -> bool:
    """The clerk's office cancels the invitations it sends; an invitation to be clerk (the
    incoming clerk's handover) only the clerk or the office may cancel."""
    if invitation.role == Position.Role.CLERK:
        return can_hand_over_clerkship(user, invitation.council)
    return can_manage_council(user, invitation.council)


# --- Access requests -------------------------------------------------------------


def can_review_access_requests(user) -> bool:
    return acts_as_office_staff(user)


# --- Mediation ----------------------------------------------------------------------


def can_request_mediation(user, council: Council) -> bool:
    return bool(current_roles(user, council) & set(MEDIATION_REQUEST_ROLES))


def may_request_mediation(user) -> bool:
    """Whether the person may ask for mediation for any council (clerk or chair today):
    pages offer the request link only to them (the office's staff and councillors get 403)."""
    return bool(councils_where_role(user, MEDIATION_REQUEST_ROLES))


def mediation_officer_filter() -> Q:
    """Who counts as a mediation officer, as a filter on users (see is_mediation_officer)."""
    return Q(groups__name=MEDIATION_OFFICER) | Q(is_superuser=True)


def mediation_case_filter(user) -> Q | None:
    """The cases this person may see, as a filter on MediationCase: None for every case
    (mediation officers); otherwise the cases they asked for or are named on (may join the
    named people, so one case can match twice)."""
    if acts_as_mediation_officer(user):
        return None
    if not _signed_in(user):
        return Q(pk__in=[])
    return Q(requested_by=user) | Q(named_people=user)


def _named_on(user, case) -> bool:
    # A case read with its named people (mediation_case_detail) answers from them, not a query.
    prefetched = getattr(case, "_prefetched_objects_cache", {}).get("named_people")
    if prefetched is not None:
        return any(person.pk == user.pk for person in prefetched)
    return case.named_people.filter(pk=user.pk).exists()


def can_view_mediation_case(user, case) -> bool:
    if acts_as_mediation_officer(user):
        return True
    if not _signed_in(user):
        return False
    return case.requested_by_id == user.pk or _named_on(user, case)


def can_manage_mediation_cases(user) -> bool:
    return acts_as_mediation_officer(user)


# --- Feedback and account ----------------------------------------------------------


def can_send_feedback(user) -> bool:
    return _signed_in(user)


def can_answer_feedback(user) -> bool:
    return acts_as_office_staff(user)


def can_view_feedback(user, feedback) -> bool:
    return can_answer_feedback(user) or (_signed_in(user) and feedback.author_id == user.pk)


def can_manage_own_account(user) -> bool:
    return _signed_in(user)


def can_confirm_account_deletion(user) -> bool:
    return acts_as_office_staff(user)


# --- Office access in the admin ------------------------------------------------------


def acts_as_superuser(user) -> bool:
    return bool(_signed_in(user) and user.is_superuser and staff_mfa_verified(user))


def can_change_office_access(user, person) -> bool:
    """is_superuser, is_staff, office groups and user permissions: superusers only, and
    never on their own account (nobody grants themselves a role)."""
    return acts_as_superuser(user) and getattr(person, "pk", None) != user.pk


def can_set_password_for(user, person) -> bool:
    """Setting someone's password in the admin (people set their own through allauth)."""
    return acts_as_superuser(user)
