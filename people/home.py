""" "Beranda saya" (/beranda/): the signed-in employee's home after sign-in. Each section comes from the service of
the app that owns it; the page runs a fixed number of queries whatever the amount of data. The sections are kept
rendered for this user until their data changes (corpu/user_cache.py, ADR 0023)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from wagtail.models import Site

from communities.services import home_activity
from corpu import user_cache
from corpu.navigation import role_links
from courses.services.home import home_courses
from evaluation.services.home import home_tasks
from knowledge_assets.catalogue import new_assets
from ledger.services.home import home_summary
from planning.services.home import home_planning


def _sections(request, site, today):
    user = request.user
    planning = home_planning(user, today)
    context = {
        "jp": home_summary(user, site, today.year),
        "courses": home_courses(user),
        "planning": planning,
        "evaluation": home_tasks(user, today, planning["targeting"]),
        "assets": new_assets(user),
        "activity": home_activity(user),
    }
    return render_to_string("people/_beranda_sections.html", context, request)


@login_required
def beranda(request):
    today, site = timezone.localdate(), Site.find_for_request(request)
    sections = user_cache.for_user(
        "beranda", request.user, [site.pk if site else None, today], lambda: _sections(request, site, today)
    )
    context = {"sections": mark_safe(sections), "work_links": role_links(request.user)}  # noqa: S308  (our render)
    return render(request, "people/beranda.html", context)
