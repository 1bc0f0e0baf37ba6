"""Wagtail hooks of the knowledge asset app.

- Attachments follow their asset through the site's document guard (corpu/documents.py): this app adds the
  latest drafts of its assets (a document used only in an unpublished draft goes only to editors who may see
  that draft); the asset page counts downloads.
- In the admin, restricted assets are hidden like every page (corpu/admin_access.py); besides, only the
  asset's own kelompok keahlian (its members, the page owner, its reviewers) or an administrator may open it in
  the editor.
- Revidu pakar cannot be skipped: outside the workflow only administrators (CLO, superusers) publish assets
  straight from the editor; reviewers publish by approving the workflow task.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.documents import get_document_model

from corpu.access import can_view_object, viewer_for
from corpu.admin_access import safe_next_url
from corpu.documents import DRAFT_USES_HOOK

from .models import KnowledgeAssetPage


def _draft_uses(asset, document_id):
    """The asset's latest draft (its own access level and owners) when that draft uses the document."""
    draft = asset.latest_revision.as_object() if asset.latest_revision_id else asset
    if any(attachment.document_id == document_id for attachment in draft.attachments.all()):
        return draft
    body = draft._meta.get_field("body")
    for model, object_id, _path, _content_path in body.extract_references(draft.body):
        if issubclass(model, get_document_model()) and str(object_id) == str(document_id):
            return draft
    return None


@hooks.register(DRAFT_USES_HOOK)
def asset_drafts_using(document):
    """The latest drafts of assets that use the document. The reference index reads only the saved page row,
    which for a live asset holds its published content, so the latest revision of every asset with unpublished
    changes is read as well; the document guard admits editors who may see the draft's own level."""
    mentions = Q(live=False) | Q(has_unpublished_changes=True)
    mentions &= Q(draft_text__regex=rf"(?<![0-9]){document.pk}(?![0-9])")
    candidates = KnowledgeAssetPage.objects.annotate(draft_text=Cast("latest_revision__content", TextField()))
    assets = candidates.filter(mentions).select_related("latest_revision").order_by("pk")
    return [draft for draft in (_draft_uses(asset, document.pk) for asset in assets) if draft is not None]


def _direct_publish_refused(request):
    if request.method != "POST" or not request.POST.get("action-publish") or viewer_for(request.user).is_admin:
        return False
    messages.error(request, _('Aset pengetahuan terbit melalui revidu pakar: gunakan "Ajukan ke Revidu pakar".'))
    return True


def may_edit(user, asset):
    """Administrators; otherwise a visitor the policy admits who belongs to the asset's kelompok keahlian,
    owns the page, or reviews its current workflow task."""
    if viewer_for(user).is_admin:
        return True
    if not can_view_object(user, asset):
        return False
    if asset.owner_kelompok_id is None or asset.owner_id == user.pk:
        return True
    if asset.owner_kelompok_id in viewer_for(user).kelompok_ids:
        return True
    task = asset.current_workflow_task
    return bool(task and task.specific.user_can_access_editor(asset, user))


@hooks.register("before_edit_page")
def guard_asset_editor(request, page):
    asset = page.specific
    if not isinstance(asset, KnowledgeAssetPage):
        return None
    if not may_edit(request.user, asset):
        raise PermissionDenied(_("Aset ini milik kelompok keahlian lain."))
    if _direct_publish_refused(request):
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None


@hooks.register("before_create_page")
def require_review_on_create(request, parent_page, page_class):
    if issubclass(page_class, KnowledgeAssetPage) and _direct_publish_refused(request):
        return redirect(request.get_full_path())
    return None


@hooks.register("before_bulk_action")
def refuse_bulk_publish_of_assets(request, action_type, objects, action_class_instance):
    """The explorer's bulk "publish" must not skip the expert review either."""
    if action_type != "publish" or viewer_for(request.user).is_admin:
        return None
    if any(isinstance(getattr(obj, "specific", obj), KnowledgeAssetPage) for obj in objects):
        messages.error(request, _('Aset pengetahuan terbit melalui revidu pakar: gunakan "Ajukan ke Revidu pakar".'))
        return redirect(safe_next_url(request, reverse("wagtailadmin_explore_root")))
    return None
