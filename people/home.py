""" "Beranda saya" (/beranda/): the signed-in employee's home after sign-in. Each section comes from the service of
the app that owns it; the page runs a fixed number of queries whatever the amount of data."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from wagtail.models import Site

from communities.services import home_activity
from corpu.navigation import role_links
from courses.services.home import home_courses
from evaluation.services.home import home_tasks
from knowledge_assets.catalogue import new_assets
from ledger.services.home import home_summary
from planning.services.home import home_planning


@login_required
def beranda(request):
    user, today = request.user, timezone.localdate()
    planning = home_planning(user, today)
    context = {
        "jp": home_summary(user, Site.find_for_request(request), today.year),
        "courses": home_courses(user),
        "planning": planning,
        "evaluation": home_tasks(user, today, planning["targeting"]),
        "assets": new_assets(user),
        "activity": home_activity(user),
        "work_links": role_links(user),
    }
    return render(request, "people/beranda.html", context)
