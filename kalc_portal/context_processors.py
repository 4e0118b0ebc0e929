from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, reverse
from django.utils.functional import SimpleLazyObject

from members import permissions


def association(request):
    return {
        "ASSOCIATION_NAME": settings.ASSOCIATION_NAME,
        "ASSOCIATION_SHORT_NAME": settings.ASSOCIATION_SHORT_NAME,
    }


# The header's and footer's links (templates/_partials/header.html, footer.html), as `nav.<key>`.
NAV_URL_NAMES = {
    "home_url": "home",
    "knowledge_url": "knowledge_bank:home",
    "my_url": "members:my_kalc",
    "directory_url": "members:council_directory",
    "partners_url": "members:partner_list",
    "feedback_url": "members:feedback_create",
    "find_url": "members:find_your_council",
    "account_url": "members:account",
    "access_queue_url": "members:access_queue",
    "feedback_queue_url": "members:feedback_queue",
    "deletion_queue_url": "members:deletion_queue",
    "review_board_url": "knowledge_bank:review_board",
    "mediation_url": "members:mediation_case_list",
    "admin_index_url": "admin:index",
    "account_email_url": "account_email",
    "account_change_password_url": "account_change_password",
    "mfa_index_url": "mfa_index",
    "account_logout_url": "account_logout",
    "account_login_url": "account_login",
    "privacy_url": "privacy",
    "accessibility_url": "accessibility",
}
# The links never change while the process runs (for a given script prefix), so they are
# reversed once: two dozen {% url %} tags cost every page about a millisecond.
_nav_urls_by_prefix: dict[str, dict[str, str]] = {}


def _nav_urls() -> dict[str, str]:
    prefix = get_script_prefix()
    urls = _nav_urls_by_prefix.get(prefix)
    if urls is None:
        urls = {}
        for key, name in NAV_URL_NAMES.items():
            try:
                urls[key] = reverse(name)
            except NoReverseMatch:
                urls[key] = ""  # a page this build does not have: the header leaves it out
        _nav_urls_by_prefix[prefix] = urls
    return urls


def navigation(request):
    """What the header offers, decided by permissions.py (templates never read roles)."""
    user = getattr(request, "user", None)
    return {
        "show_office_menu": SimpleLazyObject(lambda: user is not None and permissions.is_office_staff(user)),
        "nav": _nav_urls(),
    }
