from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path

from members import permissions, selectors
from members.my_kalc import render_my_kalc_sections
from members.office_work import office_work_for


@login_required
def my_kalc(request):
    positions = list(selectors.positions_for_user(request.user, include_ended=True))
    current = [p for p in positions if p.is_current]
    past = [p for p in positions if not p.is_current]
    return render(
        request,
        "members/my_kalc.html",
        {
            "current_positions": current,
            "past_positions": past,
            # Members (a current position, or the office) keep saved items in the knowledge bank.
            "is_member": permissions.is_member(request.user),
            "is_office_staff": permissions.is_office_staff(request.user),
            # Staff whose session has not used their authenticator: their queues refuse them.
            "staff_needs_mfa": permissions.is_office_staff(request.user)
            and not permissions.acts_as_office_staff(request.user),
            "may_request_mediation": permissions.may_request_mediation(request.user),
            # The office's home: each queue it works, with what is waiting (one query each).
            "office_work": office_work_for(request.user),
            # What other apps have waiting for this person (members.my_kalc registry).
            "app_sections": render_my_kalc_sections(request),
        },
    )


urlpatterns = [
    path("my/", my_kalc, name="my_kalc"),
]
