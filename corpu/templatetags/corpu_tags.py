"""Site-wide template tags: navigation filtered by the access policy."""

from django import template
from wagtail.models import Page, Site

from corpu import mail, page_cache
from corpu.access import can_view_object
from corpu.navigation import role_links

register = template.Library()


def visible_to(user, page):
    """Pages without an access level are public; the others ask the policy."""
    return not hasattr(page, "access_level") or can_view_object(user, page)


def menu_fragment(request):
    """The menu's (name, parts) for `corpu.page_cache.read` (a page reading its own fragments reads it with them),
    None without a site."""
    site = Site.find_for_request(request)
    return ("menu", [site.pk, site.root_page_id]) if site is not None else None


def menu_items(request, site):
    """(title, url) of the site's live menu pages this visitor may see, cached per site and audience."""

    def compute():
        children = Page.objects.child_of(site.root_page).live().in_menu().specific()
        return [(page.title, page.get_url(request)) for page in children if visible_to(request.user, page)]

    found = getattr(request, "page_cache_found", None)  # read with the page's own fragments
    return page_cache.for_audience("menu", request.user, [site.pk, site.root_page_id], compute, found=found)


@register.inclusion_tag("corpu/includes/nav.html", takes_context=True)
def main_nav(context):
    request = context["request"]
    site = Site.find_for_request(request)
    items = menu_items(request, site) if site is not None else []
    work = role_links(request.user)
    return {"items": items, "request": request, "user": request.user, "work_links": work}


@register.filter
def get_item(mapping, key):
    """dict lookup in templates: {{ mapping|get_item:key }}."""
    return (mapping or {}).get(key)


@register.filter
def has_required(form):
    """Whether the form shows a required field (then templates/includes/form_fields.html explains the "*")."""
    return any(field.field.required for field in form.visible_fields())


@register.filter
def greeting_name(user):
    """E-mails address a person by full name, else username: {% blocktrans with name=user|greeting_name %}."""
    return mail.greeting_name(user)


@register.simple_tag
def offline_strings():
    """The offline scripts' words (corpu/static/corpu/js/offline.js) as a JSON script element; {n}, {size},
    {budget} and {title} are filled in by the script."""
    from django.utils.html import json_script
    from django.utils.translation import gettext as _

    words = {
        "offline": _("Anda sedang luring — {n} catatan menunggu dikirim."),
        "pending": _("{n} catatan menunggu dikirim."),
        "refused": _("Catatan ditolak server"),
        "dismiss": _("Tutup"),
        "save": _("Simpan untuk luring"),
        "confirm": _("Simpan sekarang"),
        "size": _("Ukuran unduhan sekitar {size} (batas {budget})."),
        "saving": _("Menyimpan…"),
        "saved": _("Tersimpan untuk luring ({size})."),
        "failed": _("Gagal menyimpan untuk luring. Coba lagi saat tersambung."),
        "remove": _("Hapus"),
        "removed": _("Dihapus dari penyimpanan luring."),
        "none": _("Belum ada kursus atau aset yang disimpan untuk luring."),
        "queued": _("Tersimpan di perangkat; dikirim saat tersambung kembali."),
        "queuedDone": _("Pelajaran ini ditandai selesai; dikirim saat tersambung kembali."),
        "signOutPending": _("{n} catatan belum terkirim dan akan hilang jika Anda keluar. Tetap keluar?"),
    }
    return json_script(words, "offline-strings")
