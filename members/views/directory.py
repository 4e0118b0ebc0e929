"""Views for directory. Thin: permission -> form -> service/selector -> render.

The members' council directory, the public Find your council page, the council
page with its overview dashboard, and the area committee pages. All reads: no
service is called from here."""

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import path

from kalc_portal.pagination import page_of
from members import permissions
from members.forms.directory import DirectorySearchForm, PublicCouncilSearchForm
from members.panels import render_council_panels
from members.selectors import directory as selectors

PAGE_SIZE = 50


@dataclass(frozen=True)
class Pagination:
    page: Page
    page_range: list
    # Set when the address asked for a page that does not exist (page=abc, page=9999).
    notice: str = ""


def _paginate(request, queryset: QuerySet) -> Pagination:
    paginator = Paginator(queryset, PAGE_SIZE)
    requested = request.GET.get("page")
    page = page_of(paginator, requested)
    notice = ""
    if requested and requested.strip() != str(page.number):
        notice = f"That page does not exist, so this is page {page.number} of {paginator.num_pages}."
    page_range = list(paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))
    return Pagination(page=page, page_range=page_range, notice=notice)


def _require_member(user) -> None:
    if not permissions.can_view_member_directory(user):
        raise PermissionDenied


def _membership_year_label(year: int | None) -> str:
    # membership_year holds the first calendar year of the membership year: 2026 is 2026/27.
    return f"{year}/{(year + 1) % 100:02d}" if year else ""


@login_required
def council_directory(request):
    _require_member(request.user)
    form = DirectorySearchForm(request.GET, include_status=permissions.can_view_all_councils(request.user))
    pagination = None
    if form.is_valid():
        councils = selectors.directory_councils(
            query=form.cleaned_data["q"],
            district=form.cleaned_data["district"],
            area_committee=form.cleaned_data["area_committee"],
            statuses=form.statuses(),
        )
        pagination = _paginate(request, councils)
    return render(
        request,
        "members/directory/council_directory.html",
        {
            "form": form,
            "pagination": pagination,
            "show_status": "status" in form.fields,
        },
    )


def find_your_council(request):
    form = PublicCouncilSearchForm(request.GET)
    pagination = None
    # An empty search would list all of Kent; ask the visitor to narrow it first.
    if form.is_valid() and form.is_filtered:
        councils = selectors.public_councils(
            query=form.cleaned_data["q"], district=form.cleaned_data["district"]
        )
        pagination = _paginate(request, councils)
    return render(
        request, "members/directory/find_your_council.html", {"form": form, "pagination": pagination}
    )


@login_required
def council_detail(request, slug):
    _require_member(request.user)
    council = selectors.council_for_page(slug)
    if council is None:
        raise Http404("No such council.")
    context = {"council": council, "show_overview": False}
    if permissions.can_view_council_overview(request.user, council):
        context.update(
            show_overview=True,
            positions=list(selectors.council_overview_positions(council)),
            can_manage=permissions.can_manage_council(request.user, council),
            can_hand_over=permissions.can_hand_over_clerkship(request.user, council),
            membership_year_label=_membership_year_label(council.membership_year),
            panels=render_council_panels(request, council),
        )
    return render(request, "members/directory/council_detail.html", context)


@login_required
def area_committee_list(request):
    _require_member(request.user)
    return render(
        request,
        "members/directory/area_committee_list.html",
        # Paginated like the directory: at national scale there are hundreds of committees.
        {"pagination": _paginate(request, selectors.area_committees_with_counts())},
    )


@login_required
def area_committee_detail(request, slug):
    _require_member(request.user)
    committee = get_object_or_404(selectors.area_committee_for_page(slug))
    return render(
        request,
        "members/directory/area_committee_detail.html",
        {
            "committee": committee,
            "pagination": _paginate(request, selectors.area_committee_councils(committee)),
        },
    )


urlpatterns = [
    path("councils/", council_directory, name="council_directory"),
    path("councils/<slug:slug>/", council_detail, name="council_detail"),
    path("find-your-council/", find_your_council, name="find_your_council"),
    path("area-committees/", area_committee_list, name="area_committee_list"),
    path("area-committees/<slug:slug>/", area_committee_detail, name="area_committee_detail"),
]
