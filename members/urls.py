"""Each feature's view module declares its own urlpatterns; they are joined here."""

from members.views import access, account, core, council_manage, directory, feedback, mediation, partners

app_name = "members"

urlpatterns = [
    *core.urlpatterns,
    *access.urlpatterns,
    *council_manage.urlpatterns,
    *directory.urlpatterns,
    *partners.urlpatterns,
    *mediation.urlpatterns,
    *feedback.urlpatterns,
    *account.urlpatterns,
]
