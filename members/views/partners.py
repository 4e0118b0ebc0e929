"""Partners and affiliates, and the key contacts page. Thin: permission -> form ->
selector -> render."""

from itertools import groupby

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.urls import path

from members import permissions
from members.forms.partners import PartnerFilterForm
from members.selectors import partners as partner_selectors


def _require_member(user) -> None:
    if not permissions.can_view_partners(user):
        raise PermissionDenied


@login_required
def partner_list(request):
    _require_member(request.user)
    categories = partner_selectors.partner_categories_in_use()
    form = PartnerFilterForm(request.GET or None, categories=categories)
    category, offers_only = None, False
    if form.is_bound and form.is_valid():
        category = form.cleaned_data["category"]
        offers_only = form.cleaned_data["offers"]
    partners = list(partner_selectors.partners_active(category=category, current_offers_only=offers_only))
    groups = [
        (group_category, list(items)) for group_category, items in groupby(partners, key=lambda p: p.category)
    ]
    return render(
        request,
        "members/partners/partner_list.html",
        {
            "form": form,
            "groups": groups,
            "partner_count": len(partners),
            "filtered": bool(category or offers_only),
        },
    )


@login_required
def partner_detail(request, slug):
    _require_member(request.user)
    partner = partner_selectors.partner_active_by_slug(slug)
    if partner is None:
        raise Http404("No such partner.")
    return render(request, "members/partners/partner_detail.html", {"partner": partner})


@login_required
def key_contacts(request):
    if not permissions.can_view_key_contacts(request.user):
        raise PermissionDenied
    return render(
        request,
        "members/partners/key_contacts.html",
        {
            "office_contacts": list(partner_selectors.key_contacts_office()),
            "area_chairs": list(partner_selectors.key_contacts_area_chairs()),
        },
    )


urlpatterns = [
    path("partners/", partner_list, name="partner_list"),
    path("partners/<slug:slug>/", partner_detail, name="partner_detail"),
    path("contacts/", key_contacts, name="key_contacts"),
]
