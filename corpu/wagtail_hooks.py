"""Wagtail hooks of the project: the admin asks the access policy (corpu/admin_access.py), documents pass the
site's document guard, images are placed with image blocks only."""

from django.http import Http404
from wagtail import hooks
from wagtail.documents import get_document_model
from wagtail.documents import get_permission_policy as document_policy
from wagtail.images import get_image_model
from wagtail.images import get_permission_policy as image_policy
from wagtail.models import Page
from wagtail.permissions import page_permission_policy, register_permission_policy

from .admin_access import (
    PolicyMediaPermissions,
    PolicyPagePermissions,
    guarded_bulk_actions,
    page_hidden,
    visible_pages,
)
from .documents import refusal

# Every admin view asking which pages, documents or images a user may explore, list, choose or edit (explorer
# search, reports, site history, choosers, listings, edit and usage views) gets the access policy's answer.
register_permission_policy(Page, PolicyPagePermissions(page_permission_policy))
# Documents and images: exact_class, so that the apps' own registration (their ready() runs later) does not win.
for _model, _policy in ((get_document_model(), document_policy()), (get_image_model(), image_policy())):
    register_permission_policy(_model, PolicyMediaPermissions(_policy), exact_class=True)


# registered after Wagtail's own (higher order), so these replace them in the bulk action registry
for _action in guarded_bulk_actions():
    hooks.register("register_bulk_action", _action, order=100)


@hooks.register("construct_explorer_page_queryset")
def explorer_shows_visible_pages(parent_page, pages, request):
    if page_hidden(request.user, parent_page):
        raise Http404  # the listing's header would show the hidden page
    return visible_pages(pages, request.user)


@hooks.register("construct_page_chooser_queryset")
def chooser_offers_visible_pages(pages, request):
    parent_id = request.resolver_match.kwargs.get("parent_page_id") if request.resolver_match else None
    parent = Page.objects.filter(pk=parent_id).first() if parent_id is not None else None
    if parent is not None and page_hidden(request.user, parent):
        raise Http404  # browsing a hidden page would show its title
    return visible_pages(pages, request.user)


@hooks.register("register_rich_text_features", order=100)
def no_inline_images_in_rich_text(features):
    """Rich text would embed an image with its admin-only URL; pages place images with their image block,
    which readers load through the page's access-checked image view."""
    if "image" in features.default_features:
        features.default_features.remove("image")


@hooks.register("before_serve_document")
def guard_document(document, request):
    """The one guard of /dokumen/ (see corpu/documents.py)."""
    return refusal(document, request)
