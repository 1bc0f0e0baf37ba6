"""The institution's learning calendar page with filters, and each employee's private ICS feed."""

import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from icalendar import Calendar, Event

from people.models import UnitKerja

from ..lan import Level, Method
from ..models import CompetencyDefinition
from ..services import calendar
from .common import year_of


class UnitChoiceField(forms.ModelChoiceField):
    """Units as an indented tree by name (no ancestor query per option)."""

    def label_from_instance(self, obj):
        return "\u2014 " * (obj.depth - 1) + obj.nama


class CalendarFilter(forms.Form):
    unit = UnitChoiceField(UnitKerja.objects.order_by("path"), label=gettext_lazy("Unit"), required=False)
    level = forms.ChoiceField(choices=[("", "—")] + Level.choices, label=gettext_lazy("Level"), required=False)
    competency = forms.ModelChoiceField(
        CompetencyDefinition.objects.order_by("name"), label=gettext_lazy("Kompetensi"), required=False
    )
    method = forms.ChoiceField(choices=[("", "—")] + Method.choices, label=gettext_lazy("Metode"), required=False)


@login_required
def calendar_page(request):
    """The year's programmes, filterable by unit, level, competency and method; the visitor's own ones marked.
    A constant number of queries."""
    year = year_of(request)
    form = CalendarFilter(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    items = calendar.programmes_for(year, **{k: v for k, v in filters.items() if v})
    mine = {p.pk for p in items if calendar.is_target(p, request.user)}
    feed = request.build_absolute_uri(reverse("planning:feed", args=[calendar.feed_token(request.user)]))
    context = {"year": year, "form": form, "programmes": items, "mine": mine, "feed_url": feed}
    response = render(request, "planning/calendar.html", context)
    response["Cache-Control"] = "private, no-store"  # the page holds the visitor's private feed URL
    return response


@login_required
@require_POST
def feed_rotate(request):
    """Replace the visitor's feed key: the URL they had answers 404 from now on."""
    calendar.rotate_feed(request.user)
    messages.success(request, _("Tautan kalender baru dibuat; tautan lama tidak berlaku lagi."))
    return redirect(reverse("planning:calendar") + f"?tahun={year_of(request)}")


def feed(request, token):
    """The ICS feed of one employee's programmes; the token's feed key is the only credential (no login)."""
    user = calendar.feed_user(token)
    if user is None:
        raise Http404
    year = year_of(request)
    cal = Calendar()
    cal.add("prodid", "-//CorpU//Kalender Pembelajaran//ID")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", _("Kalender pembelajaran %(year)d") % {"year": year})
    for item in calendar.my_programmes(user, year) + calendar.my_programmes(user, year + 1):
        event = Event()
        event.add("uid", f"programme-{item.pk}@{request.get_host()}")
        event.add("summary", item.title)
        event.add("dtstart", item.starts_on)
        event.add("dtend", item.ends_on + datetime.timedelta(days=1))
        event.add("description", f"{item.objective}\n{_('Penyelenggara')}: {item.organiser}")
        if item.link:
            event.add("url", item.link)
        cal.add_component(event)
    response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response
