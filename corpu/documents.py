"""The document guard of the whole site: who may download a Wagtail document from /dokumen/<id>/<file>.

A visitor may download a document iff they may open at least one live page whose live content uses it: the
reference index names the pages, each page answers `may_open(user)` (the question its serve() asks; a page type
without it opens to nobody) and Wagtail's privacy settings of the page and its ancestors apply as on the page.
A document used only in drafts, or by nothing, goes only to signed-in users with admin access who may open that
draft, or, for an unused document, who may choose or edit it in the admin. Refusals follow `access.refuse`.

Apps plug in without a hook of their own on /dokumen/:
- a `document_draft_uses(document)` hook returns drafts (page objects) the index cannot see, as it reads only
  saved page rows; such a draft stands in for the saved row of the same unpublished page;
- a page that counts downloads defines `document_downloaded(document)`: the first permitted live page with it
  (in page id order) is told once per download.
"""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import IntegerField
from django.db.models.functions import Cast
from wagtail import hooks
from wagtail.documents import get_document_model
from wagtail.models import Page, PageViewRestriction, ReferenceIndex
from wagtail.permissions import policy_registry

from .access import refuse, viewer_for

DRAFT_USES_HOOK = "document_draft_uses"


@dataclass(frozen=True)
class DocumentUse:
    """A page using the document: in its live content (live) or in a draft (unpublished row or a revision)."""

    page: Page
    live: bool


def pages_using(document):
    """The pages whose saved row uses the document (reference index), as their specific types, in id order."""
    references = ReferenceIndex.get_references_to(document).filter(
        base_content_type=ContentType.objects.get_for_model(Page)
    )
    page_ids = references.annotate(page_id=Cast("object_id", IntegerField())).values("page_id")
    return Page.objects.filter(pk__in=page_ids).order_by("pk").specific()


def document_uses(document):
    """Every use of the document: live pages, unpublished pages and the drafts the apps' hooks find."""
    drafts = [draft for find in hooks.get_hooks(DRAFT_USES_HOOK) for draft in find(document)]
    replaced = {draft.pk for draft in drafts}
    uses = [DocumentUse(page, page.live) for page in pages_using(document) if page.live or page.pk not in replaced]
    return uses + [DocumentUse(draft, False) for draft in drafts]


def is_editor(user):
    return user.is_authenticated and user.has_perm("wagtailadmin.access_admin")


def may_open(page, user):
    answer = getattr(page, "may_open", None)
    return bool(answer and answer(user))


def view_restrictions(pages):
    """Wagtail privacy settings (sign-in, groups, password) on these pages or their ancestors, in one query."""
    paths = {page.path[:end] for page in pages for end in range(Page.steplen, len(page.path) + 1, Page.steplen)}
    if not paths:
        return []
    return list(PageViewRestriction.objects.filter(page__path__in=paths).select_related("page"))


def permits(use, request, restrictions):
    if not use.live:
        return is_editor(request.user) and may_open(use.page, request.user)
    applying = [r for r in restrictions if use.page.path.startswith(r.page.path)]
    return may_open(use.page, request.user) and all(r.accept_request(request) for r in applying)


def may_see_unused(user, document):
    """An unused document: for editors who may choose or edit it in the admin (administrators see everything)."""
    if not is_editor(user):
        return False
    if viewer_for(user).is_admin:
        return True
    policy = policy_registry.get_by_type(get_document_model())
    return policy.user_has_any_permission_for_instance(user, ["choose", "change"], document)


def refusal(document, request):
    """None when the visitor may download the document, otherwise the refusal (sign-in redirect or 403)."""
    uses = document_uses(document)
    if not uses:
        return None if may_see_unused(request.user, document) else refuse(request)
    restrictions = view_restrictions([use.page for use in uses if use.live])
    permitted = [use for use in uses if permits(use, request, restrictions)]
    if not permitted:
        return refuse(request)
    counted = next((use.page for use in permitted if use.live and hasattr(use.page, "document_downloaded")), None)
    if counted is not None:
        counted.document_downloaded(document)
    return None
