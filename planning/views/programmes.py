"""Learning programme pages: the CLO's list with participation counts, a programme's page (status steps,
delivery and targets for who manages it, the draft course button), and an employee's answer to an invitation."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from communities.models import CopSession
from corpu.access import can_view_programme, may_manage_programme
from courses.models import CoursePage
from people.models import UnitKerja

from ..models import LearningProgramme, ProgrammeInvitation, ProgrammeStatus
from ..roles import is_coordinator
from ..services import invitations, programmes
from .calendar import CalendarFilter
from .common import refusal, year_of
from .forums import UnitsField

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProgrammeFilter(CalendarFilter):
    status = forms.ChoiceField(
        choices=[("", "—")] + ProgrammeStatus.choices, label=gettext_lazy("Status"), required=False
    )


class SessionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.community.title}: {obj.title} ({obj.starts_at:%d/%m/%Y})"


class ProgrammeForm(forms.ModelForm):
    target_units = UnitsField(UnitKerja.objects.order_by("path"), required=False, label=gettext_lazy("Unit sasaran"))
    course = forms.ModelChoiceField(
        CoursePage.objects.order_by("title"), required=False, label=gettext_lazy("Kursus CorpU")
    )
    cop_session = SessionChoiceField(
        CopSession.objects.select_related("community").order_by("-starts_at"),
        required=False,
        label=gettext_lazy("Sesi komunitas belajar"),
    )
    link = forms.URLField(required=False, assume_scheme="https", label=gettext_lazy("Tautan kegiatan eksternal"))

    class Meta:
        model = LearningProgramme
        fields = programmes.EDITABLE
        widgets = {
            "starts_on": _DATE,
            "ends_on": _DATE,
            "objective": forms.Textarea(attrs={"rows": 3}),
            "target_positions": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault("target_units", list(self.instance.target_units.all()))


@login_required
def programme_list(request):
    """The CLO's programmes of a year, filterable like the calendar (and by status), each with its target
    participants, enrolled, attended and completed. A constant number of queries."""
    if not is_coordinator(request.user):
        raise PermissionDenied
    year = year_of(request)
    form = ProgrammeFilter(request.GET or None)
    filters = {k: v for k, v in (form.cleaned_data if form.is_valid() else {}).items() if v}
    items = programmes.programme_list(year, **filters)
    counts = programmes.participation(items)
    rows = [(p, counts[p.pk]) for p in items]
    return render(request, "planning/programme_list.html", {"year": year, "form": form, "rows": rows})


def _programme(pk):
    queryset = LearningProgramme.objects.select_related(
        "competency", "course", "cop_session__community", "decision__forum__chair"
    ).prefetch_related("target_units")
    return get_object_or_404(queryset, pk=pk)


@login_required
def programme_detail(request, pk):
    """A programme: design, targets, period, delivery, status and the forum decision it came from; for who
    manages it the counts, the next status step, the edit form and the draft course button; for a targeted
    employee their invitation."""
    programme = _programme(pk)
    user = request.user
    if not can_view_programme(user, programme):
        raise PermissionDenied
    manage = may_manage_programme(user, programme)
    form = ProgrammeForm(instance=programme) if manage else None
    if request.method == "POST":
        if not manage:
            raise PermissionDenied
        try:
            if request.POST.get("action") == "status":
                programmes.set_status(user, programme, request.POST.get("status", ""))
                messages.success(request, _("Status program diperbarui."))
                return redirect("planning:programme", pk=programme.pk)
            form = ProgrammeForm(request.POST, instance=LearningProgramme.objects.get(pk=programme.pk))
            if form.is_valid():
                data = {name: form.cleaned_data[name] for name in programmes.EDITABLE}
                programmes.update(user, _programme(pk), data, target_units=list(form.cleaned_data["target_units"]))
                messages.success(request, _("Program disimpan."))
                return redirect("planning:programme", pk=programme.pk)
            messages.error(request, _("Program belum disimpan; periksa isiannya."))
        except (PermissionDenied, ValidationError) as error:
            if isinstance(error, ValidationError) and hasattr(error, "error_dict") and form is not None:
                for name, problems in error.message_dict.items():
                    form.add_error(name if name in form.fields else None, problems)
            messages.error(request, refusal(error))
    invitation = ProgrammeInvitation.objects.filter(programme=programme, user=user).first()
    context = {
        "programme": programme,
        "year": programme.year,
        "manage": manage,
        "form": form,
        "counts": programmes.participation([programme])[programme.pk] if manage else None,
        "next_status": programmes.NEXT_STATUS.get(programme.status),
        "invitation": invitation,
        "may_respond": invitations.may_respond(programme),
        "course_url": _course_url(programme, request, manage),
    }
    return render(request, "planning/programme_detail.html", context)


def _course_url(programme, request, manage):
    """The course for learners once published; its Wagtail editor for who manages the programme."""
    course = programme.course
    if course is None:
        return ""
    if course.live:
        return course.get_url(request)
    return reverse("wagtailadmin_pages:edit", args=[course.pk]) if manage else ""


@login_required
@require_POST
def draft_course(request, pk):
    """ "Buat kursus draf": the programme's unpublished course, made once, opened in the Wagtail editor."""
    programme = _programme(pk)
    if not may_manage_programme(request.user, programme):
        raise PermissionDenied
    try:
        course, created = programmes.draft_course(request.user, programme)
    except ValidationError as error:
        messages.error(request, refusal(error))
        return redirect("planning:programme", pk=programme.pk)
    if created:
        messages.success(request, _("Kursus draf dibuat; lengkapi lalu terbitkan."))
    return redirect("wagtailadmin_pages:edit", course.pk)


@login_required
@require_POST
def respond(request, pk):
    """The invited employee accepts or declines; anyone else's invitation is a 404."""
    invitation = ProgrammeInvitation.objects.filter(programme_id=pk, user=request.user).select_related("programme")
    invitation = invitation.first()
    if invitation is None:
        raise Http404
    answer = request.POST.get("response")
    if answer not in ("accepted", "declined"):
        messages.error(request, _("Pilih terima atau tolak."))
    else:
        try:
            invitations.respond(request.user, invitation, answer == "accepted")
        except (PermissionDenied, ValidationError) as error:
            messages.error(request, refusal(error))
        else:
            messages.success(request, _("Undangan diterima.") if answer == "accepted" else _("Undangan ditolak."))
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = reverse("planning:programme", args=[pk])
    return redirect(target)
