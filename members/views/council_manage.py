"""The pages a council's clerk (and deputy, and the office) run under /councils/<slug>/.
Thin: permission -> form -> service/selector -> render.

Which councils exist is public (the directory lists them), so someone who may not manage
a council gets 403 on its pages; a position or invitation that does not belong to the
council in the address is a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.dateformat import format as format_date

from kalc_portal.parsing import parse_positive_int
from members import permissions
from members.forms.council_manage import CouncilContactForm, HandoverForm, InvitationForm, PositionEndForm
from members.middleware import fresh_request_user
from members.models import Council, Invitation, Position
from members.selectors import access as selectors
from members.services import access as access_services
from members.services import council_manage as services


def _council(request, slug: str, *, allowed=permissions.can_manage_council) -> Council:
    # Without its area committee: none of these pages shows it, and the join cost every page.
    council = get_object_or_404(Council, slug=slug)
    if not allowed(request.user, council):
        raise PermissionDenied
    return council


def _after_change(request, council: Council):
    # Someone who has just ended their own clerkship may no longer manage the council; a
    # fresh copy of the user, because permissions cache roles on the request's user.
    if permissions.can_manage_council(fresh_request_user(request), council):
        return redirect("members:council_people", slug=council.slug)
    return redirect("members:my_kalc")


def _context(request, council: Council, **extra) -> dict:
    return {
        "council": council,
        "can_manage": permissions.can_manage_council(request.user, council),
        "can_hand_over": permissions.can_hand_over_clerkship(request.user, council),
        **extra,
    }


@login_required
def council_edit(request, slug):
    council = _council(request, slug)
    form = CouncilContactForm(request.POST or None, instance=Council.objects.get(pk=council.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.council_update(council=council, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Contact details saved.")
            return redirect("members:council_people", slug=council.slug)
    return render(
        request, "members/council_manage/edit.html", _context(request, council, form=form, active="edit")
    )


@login_required
def council_people(request, slug):
    people = selectors.council_people(slug)
    if people is None:
        raise Http404("No such council.")
    council = people.council
    if not permissions.can_manage_council(request.user, council):
        raise PermissionDenied
    for position in people.positions:
        position.can_end = permissions.can_end_position(request.user, position)
    show_history = permissions.is_office_staff(request.user)
    return render(
        request,
        "members/council_manage/people.html",
        _context(
            request,
            council,
            active="people",
            current_positions=[p for p in people.positions if p.is_current],
            past_positions=[p for p in people.positions if not p.is_current],
            open_invitations=people.open_invitations,
            history=selectors.council_change_history(council) if show_history else None,
        ),
    )


def _with_can_cancel(user, council: Council, invitations) -> list[Invitation]:
    invitations = list(invitations)
    for invitation in invitations:
        invitation.council = council
        invitation.can_cancel = permissions.can_cancel_invitation(user, invitation)
    return invitations


@login_required
def council_invite(request, slug):
    council = _council(request, slug)
    form = InvitationForm()
    if request.method == "POST" and "revoke" in request.POST:
        invitation = get_object_or_404(
            Invitation, pk=parse_positive_int(request.POST["revoke"]) or 0, council=council
        )
        invitation.council = council
        if not permissions.can_cancel_invitation(request.user, invitation):
            raise PermissionDenied
        try:
            access_services.invitation_revoke(invitation=invitation, revoked_by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"The invitation to {invitation.email} has been cancelled.")
        return redirect("members:council_invite", slug=council.slug)
    if request.method == "POST":
        form = InvitationForm(request.POST)
        if form.is_valid():
            if not permissions.can_invite_role(request.user, council, form.cleaned_data["role"]):
                raise PermissionDenied
            try:
                invitation = access_services.invitation_create(
                    council=council,
                    email=form.cleaned_data["email"],
                    full_name=form.cleaned_data["full_name"],
                    role=form.cleaned_data["role"],
                    kind=Invitation.Kind.CLERK_INVITE,
                    invited_by=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    f"Invitation sent to {invitation.email}. The link works until "
                    f"{format_date(timezone.localtime(invitation.expires_at), 'j F Y')}.",
                )
                return redirect("members:council_invite", slug=council.slug)
    return render(
        request,
        "members/council_manage/invite.html",
        _context(
            request,
            council,
            active="invite",
            form=form,
            open_invitations=_with_can_cancel(
                request.user, council, selectors.council_open_invitations(council)
            ),
        ),
    )


@login_required
def position_end(request, slug, pk):
    council = get_object_or_404(Council.objects.select_related("area_committee"), slug=slug)
    position = get_object_or_404(Position.objects.select_related("user"), pk=pk, council=council)
    position.council = council
    if not position.is_current:
        if permissions.can_manage_council(request.user, council):
            messages.info(request, "That position has already ended.")
            return redirect("members:council_people", slug=council.slug)
        raise PermissionDenied
    if not permissions.can_end_position(request.user, position):
        raise PermissionDenied
    form = PositionEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.council_position_end(
                position=position, ended_on=form.cleaned_data["ended_on"], ended_by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                f"{position.user} is no longer {position.get_role_display().lower()} of {council}. "
                "The record is kept in the council's history.",
            )
            return _after_change(request, council)
    return render(
        request,
        "members/council_manage/position_end.html",
        _context(request, council, position=position, form=form, active="people"),
    )


@login_required
def clerk_handover(request, slug):
    council = _council(request, slug, allowed=permissions.can_hand_over_clerkship)
    outgoing = selectors.council_current_clerk(council)
    form = HandoverForm(request.POST or None, has_outgoing_clerk=outgoing is not None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.clerkship_hand_over(
                council=council,
                incoming_email=form.cleaned_data["email"],
                incoming_full_name=form.cleaned_data["full_name"],
                outgoing_ended_on=form.cleaned_data.get("ended_on"),
                handed_over_by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                f"Handover recorded. {invitation.full_name} has been invited to take over as clerk; "
                "the office has been told.",
            )
            return _after_change(request, council)
    return render(
        request,
        "members/council_manage/handover.html",
        _context(request, council, outgoing=outgoing, form=form, active="handover"),
    )


urlpatterns = [
    path("councils/<slug:slug>/edit/", council_edit, name="council_edit"),
    path("councils/<slug:slug>/people/", council_people, name="council_people"),
    path("councils/<slug:slug>/invite/", council_invite, name="council_invite"),
    path("councils/<slug:slug>/positions/<int:pk>/end/", position_end, name="position_end"),
    path("councils/<slug:slug>/handover/", clerk_handover, name="clerk_handover"),
]
