"""Wagtail hooks of the project: documents pass the site's document guard; images are placed with image blocks
only."""

from wagtail import hooks

from .documents import refusal


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
