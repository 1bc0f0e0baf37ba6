"""Wagtail hooks of the project: images are placed with image blocks only."""

from wagtail import hooks


@hooks.register("register_rich_text_features", order=100)
def no_inline_images_in_rich_text(features):
    """Rich text would embed an image with its admin-only URL; pages place images with their image block,
    which readers load through the page's access-checked image view."""
    if "image" in features.default_features:
        features.default_features.remove("image")
