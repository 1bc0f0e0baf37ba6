"""The sign-in audit log page ("Audit masuk") for the CLO and superusers: filter by person, event and dates."""

import datetime

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import render

from corpu.access import may_view_sign_in_audit, refuse

from .models import SignInEvent

PAGE_SIZE = 50


def _date(value):
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


@login_required
def sign_in_audit(request):
    if not may_view_sign_in_audit(request.user):
        return refuse(request)
    events = SignInEvent.objects.select_related("user")
    person = request.GET.get("orang", "").strip()
    event = request.GET.get("peristiwa", "")
    start, end = _date(request.GET.get("dari")), _date(request.GET.get("sampai"))
    if person:
        events = events.filter(
            Q(user__nama__icontains=person) | Q(user__nip=person.replace(" ", "")) | Q(identifier__icontains=person)
        )
    if event in SignInEvent.Event.values:
        events = events.filter(event=event)
    if start:
        events = events.filter(created__date__gte=start)
    if end:
        events = events.filter(created__date__lte=end)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("halaman"))
    query = request.GET.copy()
    query.pop("halaman", None)
    context = {
        "page": page,
        "events": SignInEvent.Event.choices,
        "filters": {"orang": person, "peristiwa": event, "dari": start, "sampai": end},
        "query": query.urlencode(),
    }
    return render(request, "people/audit_masuk.html", context)
