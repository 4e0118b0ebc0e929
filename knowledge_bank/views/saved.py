"""My saved items, and saving or removing a resource. Thin: permission -> selector ->
service -> redirect. Saving and removing are POST only."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from kalc_portal.pagination import page_of
from knowledge_bank import permissions
from knowledge_bank.selectors import saved as saved_selectors
from knowledge_bank.selectors.visibility import resource_for_page
from knowledge_bank.services import saved as saved_services

SAVED_PAGE_SIZE = 20


def _require_saver(user) -> None:
    if not permissions.can_save_items(user):
        raise PermissionDenied


def _visible_resource(request, slug):
    resource = resource_for_page(request.user, slug)
    if resource is None:
        raise Http404("No such resource.")
    return resource


def _back(request, resource):
    """Where the form came from, if that is a page of this site; else the resource page."""
    target = request.POST.get("next", "")
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("knowledge_bank:resource", slug=resource.slug)


@login_required
def saved_list(request):
    _require_saver(request.user)
    page = page_of(
        Paginator(saved_selectors.saved_items_visible(request.user), SAVED_PAGE_SIZE), request.GET.get("page")
    )
    return render(
        request,
        "knowledge_bank/saved_list.html",
        {"page": page, "hidden_count": saved_selectors.saved_items_hidden_count(request.user)},
    )


def _sign_in_first(slug):
    # After signing in, the visitor lands on the resource page, not on this POST-only URL.
    return redirect_to_login(reverse("knowledge_bank:resource", kwargs={"slug": slug}))


@require_POST
def save(request, slug):
    if not request.user.is_authenticated:
        return _sign_in_first(slug)
    _require_saver(request.user)
    resource = _visible_resource(request, slug)
    try:
        saved_services.saved_item_add(user=request.user, resource=resource)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"“{resource.title}” is in your saved items.")
    return _back(request, resource)


@require_POST
def unsave(request, slug):
    if not request.user.is_authenticated:
        return _sign_in_first(slug)
    _require_saver(request.user)
    resource = _visible_resource(request, slug)
    if saved_services.saved_item_remove(user=request.user, resource=resource):
        messages.success(request, f"“{resource.title}” has been removed from your saved items.")
    else:
        messages.info(request, f"“{resource.title}” was not in your saved items.")
    return _back(request, resource)


urlpatterns = [
    path("saved/", saved_list, name="saved"),
    path("<slug:slug>/save/", save, name="save"),
    path("<slug:slug>/unsave/", unsave, name="unsave"),
]
