"""Image files are private: the admin loads renditions through an admin-only view that serves an image only to
users who may see a page using it (or, unused, may choose or edit it), readers get a page's images through a view
that asks the access policy about that page. Nothing is served from /media/; certificate logos and signatures only
to certificate managers (docs/adr/0017)."""

import mimetypes

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_cache_control
from wagtail.admin.auth import require_admin_access
from wagtail.images import get_image_model
from wagtail.permissions import policy_registry

from .access import AccessLevel, deny_response, hide_certificate_images
from .admin_access import media_admitted

READER_FILTER = "max-1200x1200"


def rendition_response(rendition, public=False):
    """The rendition's file; cached by browsers only (private) unless the page it belongs to is public."""
    content_type = mimetypes.guess_type(rendition.file.name)[0] or "application/octet-stream"
    response = FileResponse(rendition.file.open("rb"), content_type=content_type)
    if public:
        patch_cache_control(response, public=True, max_age=3600)
    else:
        patch_cache_control(response, private=True, max_age=3600)
    return response


@require_admin_access
def admin_rendition(request, pk):
    """Renditions for the Wagtail admin (image listing, chooser, edit page, previews): 404 for an image the
    user may not see (the ids are guessable)."""
    rendition = get_object_or_404(get_image_model().get_rendition_model().objects.select_related("image"), pk=pk)
    if not media_admitted(request.user, rendition.image, policy_registry.get_by_type(get_image_model())):
        raise Http404
    return rendition_response(rendition)


def page_image(request, page, image_pk):
    """An image placed in the page's body, only for visitors the policy admits to the page."""
    denied = deny_response(request, page)
    if denied is not None:
        return denied
    if image_pk not in page.body_image_ids():
        raise Http404
    image = get_object_or_404(hide_certificate_images(get_image_model().objects.all(), request.user), pk=image_pk)
    return rendition_response(image.get_rendition(READER_FILTER), public=page.access_level == AccessLevel.PUBLIC)


def info_page_image(request, pk, image_pk):
    from .models import InfoPage

    return page_image(request, get_object_or_404(InfoPage.objects.live(), pk=pk), image_pk)
