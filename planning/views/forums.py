"""Learning forum pages: the list (the CLO sees all, others the forums they are invited to), scheduling, a
forum's page with attendance, minutes and decisions for its chair or the CLO, and its minutes as PDF."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from corpu.access import can_download_forum_minutes
from people.models import KelompokKeahlian, PeranKelompok, UnitKerja

from ..lan import Level, Method
from ..models import DecisionKind, Delivery, Forum
from ..roles import is_coordinator
from ..services import forums, minutes
from .common import refusal, year_of

_DATE = forms.DateInput(attrs={"type": "date"})


class UnitsField(forms.ModelMultipleChoiceField):
    """Units as an indented tree by name (no ancestor query per option)."""

    def label_from_instance(self, obj):
        return "\u2014 " * (obj.depth - 1) + obj.nama


class ScheduleForm(forms.Form):
    level = forms.ChoiceField(choices=Level.choices, label=gettext_lazy("Level forum"))
    kelompok = forms.ModelChoiceField(
        KelompokKeahlian.objects.order_by("nama"), required=False, label=gettext_lazy("Kelompok keahlian (teknis)")
    )
    held_at = forms.DateTimeField(
        label=gettext_lazy("Waktu"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    place = forms.CharField(required=False, max_length=300, label=gettext_lazy("Tempat"))
    video_url = forms.URLField(required=False, assume_scheme="https", label=gettext_lazy("Tautan rapat daring"))


class DecisionForm(forms.Form):
    kind = forms.ChoiceField(choices=DecisionKind.choices, label=gettext_lazy("Jenis keputusan"))
    verifications = forms.MultipleChoiceField(
        required=False, widget=forms.CheckboxSelectMultiple, label=gettext_lazy("Kebutuhan yang diputuskan")
    )
    reason = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), label=gettext_lazy("Alasan"))
    moved_to = forms.ChoiceField(
        choices=[("", "—")] + Level.choices, required=False, label=gettext_lazy("Pindahkan ke level")
    )
    follow_up = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), label=gettext_lazy("Tindak lanjut")
    )
    title = forms.CharField(required=False, max_length=300, label=gettext_lazy("Nama program"))
    objective = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), label=gettext_lazy("Tujuan pembelajaran")
    )
    method = forms.ChoiceField(choices=[("", "—")] + Method.choices, required=False, label=gettext_lazy("Metode"))
    organiser = forms.CharField(required=False, max_length=300, label=gettext_lazy("Penyelenggara"))
    facilitators = forms.CharField(required=False, max_length=500, label=gettext_lazy("Fasilitator"))
    target_units = UnitsField(UnitKerja.objects.order_by("path"), required=False, label=gettext_lazy("Unit sasaran"))
    target_positions = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), label=gettext_lazy("Jabatan sasaran (satu per baris)")
    )
    starts_on = forms.DateField(required=False, widget=_DATE, label=gettext_lazy("Mulai"))
    ends_on = forms.DateField(required=False, widget=_DATE, label=gettext_lazy("Selesai"))
    delivery = forms.ChoiceField(
        choices=[("", "—")] + Delivery.choices, required=False, label=gettext_lazy("Bentuk pelaksanaan")
    )
    link = forms.URLField(required=False, assume_scheme="https", label=gettext_lazy("Tautan kegiatan eksternal"))

    PROGRAMME = [
        "title",
        "objective",
        "method",
        "organiser",
        "facilitators",
        "target_units",
        "target_positions",
        "starts_on",
        "ends_on",
        "delivery",
        "link",
    ]

    def __init__(self, *args, lines=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["verifications"].choices = [
            (",".join(map(str, line.verification_ids)), f"{line.competency} — {line.development or line.source}")
            for line in lines
        ]

    def clean(self):
        data = super().clean()
        if data.get("kind") == DecisionKind.ACCEPTED:
            missing = [
                n
                for n in self.PROGRAMME
                if n not in ("facilitators", "target_units", "target_positions", "link") and not data.get(n)
            ]
            for name in missing:
                self.add_error(name, _("Wajib untuk kebutuhan yang diterima."))
        return data


def _visible_forums(user, year):
    items = Forum.objects.filter(year=year).select_related("kelompok", "chair")
    return items if is_coordinator(user) else items.filter(participants__user=user).distinct()


@login_required
def forum_list(request):
    """Forums of a year the visitor may open; the scheduling form for who may schedule."""
    year = year_of(request)
    user = request.user
    form = ScheduleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            forum = forums.schedule(user, year, **form.cleaned_data)
        except (PermissionDenied, ValidationError) as error:
            messages.error(request, refusal(error))
        else:
            messages.success(request, _("Forum dijadwalkan; agenda diisi dari rekap yang belum diputuskan."))
            return redirect("planning:forum", pk=forum.pk)
    context = {
        "year": year,
        "forums": list(_visible_forums(user, year)),
        "form": form,
        "may_schedule": is_coordinator(user) or user.keanggotaan.filter(peran=PeranKelompok.KETUA).exists(),
    }
    return render(request, "planning/forums.html", context)


@login_required
def forum_detail(request, pk):
    """A forum: participants, attendance, agenda, minutes, decisions; the chair or CLO records them."""
    forum = get_object_or_404(Forum.objects.select_related("kelompok", "chair"), pk=pk)
    user = request.user
    participants = list(forum.participants.select_related("user").order_by("id"))
    may_decide = forums.may_decide(user, forum)
    if not may_decide and not can_download_forum_minutes(user, forum):
        raise PermissionDenied
    lines = forums.open_lines(forum.year, forum.level, forum.kelompok) if may_decide else []
    form = DecisionForm(lines=lines)
    if request.method == "POST" and may_decide:
        try:
            if request.POST.get("action") == "attendance":
                forums.record_attendance(user, forum, request.POST.getlist("present"), request.POST.get("minutes", ""))
                messages.success(request, _("Kehadiran dan notulen disimpan."))
                return redirect("planning:forum", pk=forum.pk)
            form = DecisionForm(request.POST, lines=lines)
            if form.is_valid():
                data = form.cleaned_data
                ids = [int(i) for key in data["verifications"] for i in key.split(",")]
                programme = (
                    {n: data[n] for n in DecisionForm.PROGRAMME} if data["kind"] == DecisionKind.ACCEPTED else None
                )
                forums.decide(
                    user, forum, data["kind"], ids, data["reason"], data["moved_to"], data["follow_up"], programme
                )
                messages.success(request, _("Keputusan forum dicatat."))
                return redirect("planning:forum", pk=forum.pk)
            messages.error(request, _("Keputusan belum disimpan; periksa isiannya."))
        except (PermissionDenied, ValidationError) as error:
            messages.error(request, refusal(error))
    decisions = list(
        forum.decisions.select_related("programme").prefetch_related(
            "verifications__row__plan", "verifications__row__competency"
        )
    )
    context = {
        "forum": forum,
        "participants": participants,
        "decisions": decisions,
        "may_decide": may_decide,
        "form": form,
        "year": forum.year,
    }
    return render(request, "planning/forum.html", context)


@login_required
def forum_minutes_pdf(request, pk):
    """The forum's minutes (notulen) as PDF, for its invited participants, its chair and the CLO."""
    forum = get_object_or_404(Forum.objects.select_related("kelompok", "chair"), pk=pk)
    if not can_download_forum_minutes(request.user, forum):
        raise PermissionDenied
    held = timezone.localtime(forum.held_at)
    response = HttpResponse(minutes.minutes_pdf(forum), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="notulen-forum-{forum.level}-{held:%Y-%m-%d}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
