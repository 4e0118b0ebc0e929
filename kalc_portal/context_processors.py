from functools import cache

from django.conf import settings
from django.utils.functional import SimpleLazyObject

from members import permissions


def association(request):
    return {
        "ASSOCIATION_NAME": settings.ASSOCIATION_NAME,
        "ASSOCIATION_SHORT_NAME": settings.ASSOCIATION_SHORT_NAME,
        "OFFICE_EMAIL": settings.OFFICE_EMAIL,
    }


def navigation(request):
    """What the header offers, decided by permissions.py (templates never read roles)."""
    user = getattr(request, "user", None)
    return {
        "show_office_menu": SimpleLazyObject(lambda: user is not None and permissions.is_office_staff(user)),
        # The directory, partners, key contacts and area committees are for members only.
        "show_member_menu": SimpleLazyObject(lambda: user is not None and permissions.is_member(user)),
        # Office-role holders who have not used their authenticator app in this session get the
        # way to do so instead of office links that would only redirect them there. A callable
        # (templates call it) so pages for everyone else never ask; cached for the request.
        # Only staff have an Office menu to replace, so nobody else's page reads their groups.
        "office_verification": cache(
            lambda: (
                user is not None
                and permissions.is_office_staff(user)
                and permissions.office_verification_needed(user)
            )
        ),
    }
