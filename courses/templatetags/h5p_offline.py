"""{% h5p_offline_script %}: the site's side of offline H5P, on pages of a site with a content origin of its own."""

from django import template
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from courses import player

register = template.Library()


@register.simple_tag(takes_context=True)
def h5p_offline_script(context):
    request = context.get("request")
    if request is None or not player.offline_capable(player.origin_of(request)):
        return ""
    return format_html(
        '<script src="{}" data-origin="{}" data-helper="{}" data-urls="{}" data-failed="{}"></script>',
        static("courses/h5p-offline.js"),
        player.content_origin(),
        player.offline_helper_url(request),
        reverse("courses:h5p_offline_urls", args=[0]).replace("/0/", "/{id}/"),
        _("Aktivitas H5P kursus ini belum tersimpan untuk luring; coba simpan lagi saat koneksi baik."),
    )
