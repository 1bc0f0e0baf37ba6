"""A knowledge asset's offline manifest (GET /pengetahuan/aset/<id>/luring/): its page, images and attachments,
only when the visitor may see the asset (corpu/access.py); an asset that is not public is marked `restricted`, so
the browser removes it when the user signs out (docs/adr/0030)."""

from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from corpu.access import AccessLevel, can_view_object
from courses.services.offline import LINKED, PAGE_ESTIMATE_BYTES, PAGE_STATIC, _linked_size, _static_size

from .models import KnowledgeAssetPage


def asset_version(asset):
    published = int(asset.last_published_at.timestamp()) if asset.last_published_at else 0
    return f"{asset.pk}-{asset.latest_revision_id}-{published}"


def asset_manifest(asset):
    """The manifest of an asset the caller has checked the visitor may see."""
    files = {asset.url: PAGE_ESTIMATE_BYTES}
    for name in PAGE_STATIC:
        files[static(name)] = _static_size(name)
    for block in asset.body:
        if block.block_type == "image" and block.value is not None:
            files[reverse("knowledge_assets:image", args=[asset.pk, block.value.pk])] = _image_size(block.value)
        elif block.block_type == "document" and block.value is not None:
            files.setdefault(block.value.url, _linked_size(block.value.url))
        elif block.block_type == "paragraph":
            for url in LINKED.findall(str(block.render())):
                files.setdefault(url, _linked_size(url))
    for attachment in asset.attachments.select_related("document"):
        files.setdefault(attachment.document.url, attachment.document.get_file_size() or 0)
    return {
        "kind": "asset",
        "id": asset.pk,
        "title": asset.title,
        "version": asset_version(asset),
        "start_url": asset.url,
        "urls": list(files),
        "content": [],
        "bytes": sum(files.values()),
        "restricted": asset.access_level != AccessLevel.PUBLIC,
        "allowed": True,
    }


def _image_size(image):
    return image.file_size or 0


@require_GET
def asset_offline_manifest(request, pk):
    asset = get_object_or_404(KnowledgeAssetPage.objects.live(), pk=pk)
    if not can_view_object(request.user, asset):
        status = 403 if request.user.is_authenticated else 401
        return JsonResponse({"error": _("Anda tidak memiliki akses ke aset pengetahuan ini.")}, status=status)
    response = JsonResponse(asset_manifest(asset))
    response["Cache-Control"] = "private, no-store"
    return response
