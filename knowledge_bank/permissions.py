"""Who may see and do what in the knowledge bank. Roles are read here and nowhere else.

Audiences nest: the public sees public items; members (anyone with a current
position) also see members' items; the clerk's office (clerk, deputy clerk, RFO)
also sees clerks-only items; KALC staff see everything, drafts included."""

from django.db.models import Q

from knowledge_bank.models import Resource
from members import permissions as member_permissions
from members.models import Position

# Council roles that count as "clerks" for clerks-only resources.
CLERK_AUDIENCE_ROLES = (Position.Role.CLERK, Position.Role.DEPUTY_CLERK, Position.Role.RFO)

_PUBLIC = (Resource.Audience.PUBLIC,)
_MEMBERS = (Resource.Audience.PUBLIC, Resource.Audience.MEMBERS)
_CLERKS = (Resource.Audience.PUBLIC, Resource.Audience.MEMBERS, Resource.Audience.CLERKS)
_EVERYONE = tuple(Resource.Audience.values)


def _signed_in(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def _current_roles(user) -> frozenset[str]:
    """Every role the person holds today in any council (members.permissions reads them
    once per request, for this and for the members' own checks)."""
    return member_permissions.all_current_roles(user)


def visible_audiences(user) -> tuple[str, ...]:
    """The audiences whose published resources this person may see."""
    if not _signed_in(user):
        return _PUBLIC
    if member_permissions.acts_as_office_staff(user):
        return _EVERYONE
    roles = _current_roles(user)
    if not roles:
        return _PUBLIC
    if roles.intersection(CLERK_AUDIENCE_ROLES):
        return _CLERKS
    return _MEMBERS


def sees_unpublished(user) -> bool:
    """Staff see drafts and archived items (to author and to preview them)."""
    return member_permissions.acts_as_office_staff(user)


def can_view_resource(user, resource: Resource) -> bool:
    if sees_unpublished(user):
        return True
    if resource.status == Resource.Status.DRAFT:
        return False
    return resource.audience in visible_audiences(user)


def people_who_may_view_resource(people, resource: Resource) -> list:
    """can_be_told_about for many people, their roles read in one query."""
    people = list(people)
    member_permissions.current_positions_read_for(people)
    return [person for person in people if can_be_told_about(person, resource)]


def can_be_told_about(person, resource: Resource) -> bool:
    """Whether an email about the resource (a newer version) goes to this person. Staff are
    told by who they are, not by a session (there is none in a job); opening the link
    still asks for their authenticator app."""
    if member_permissions.is_office_staff(person) and person.is_active:
        return True
    return can_view_resource(person, resource)


def can_download(user, resource: Resource) -> bool:
    return can_view_resource(user, resource)


def can_download_old_version(user, resource: Resource) -> bool:
    # Old versions of legal notes and templates are out of date by definition;
    # members get the current one, staff keep the history to hand.
    return sees_unpublished(user)


def can_save_items(user) -> bool:
    """Members keep saved items: a current position anywhere, or the office (My KALC links to
    them under the same rule, members.permissions.is_member)."""
    return _signed_in(user) and member_permissions.is_member(user)


def resource_owner_filter(current_owner_id: int | None = None) -> Q:
    """Who may own resources, as a filter on users: office staff, and whoever owns the
    resource already (a former member of staff stays selectable on their own items)."""
    owners = member_permissions.office_staff_filter()
    if current_owner_id:
        owners |= Q(pk=current_owner_id)
    return owners


def can_author(user) -> bool:
    return member_permissions.acts_as_office_staff(user)


def can_preview_markdown(user) -> bool:
    return member_permissions.acts_as_office_staff(user)


def can_upload_version(user, resource: Resource) -> bool:
    return member_permissions.acts_as_office_staff(user)


def can_view_review_board(user) -> bool:
    return member_permissions.acts_as_office_staff(user)


def can_mark_reviewed(user, resource: Resource) -> bool:
    return member_permissions.acts_as_office_staff(user)
