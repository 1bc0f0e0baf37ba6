"""The behaviour-evaluation pages: the assessor's list, one task (the assessment form beside the employee's
"saya menerapkan ini" records and self-report), the employee's self-report, the employee's own results, and the
overdue list for the CLO and unit secretariats. Every page asks the access policy; the rules are the service's."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from corpu.access import can_see_evaluations, refuse

from ..models import Applied, BehaviourSelfReport, BehaviourTask, Gap
from ..services import behaviour


class AssessmentForm(forms.Form):
    """One radio group per indicator, the gap category and notes."""

    gap = forms.ChoiceField(
        label=gettext_lazy("Kategori kesenjangan kompetensi"),
        choices=Gap.choices,
        widget=forms.RadioSelect,
        help_text=gettext_lazy("Rendah: kompetensi sudah diterapkan; tinggi: belum diterapkan di tempat kerja."),
    )
    notes = forms.CharField(
        label=gettext_lazy("Catatan"), required=False, max_length=3000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, indicators=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator_names = []
        for index, text in enumerate(indicators):
            name = f"indikator_{index}"
            self.fields[name] = forms.ChoiceField(label=text, choices=Applied.choices, widget=forms.RadioSelect)
            self.indicator_names.append(name)
        self.order_fields([*self.indicator_names, "gap", "notes"])

    def indicator_fields(self):
        return [self[name] for name in self.indicator_names]

    def answers(self):
        return [self.cleaned_data[name] for name in self.indicator_names]


class SelfReportForm(forms.ModelForm):
    class Meta:
        model = BehaviourSelfReport
        fields = ["applied", "examples", "obstacles", "support"]
        widgets = {
            "applied": forms.RadioSelect,
            "examples": forms.Textarea(attrs={"rows": 4}),
            "obstacles": forms.Textarea(attrs={"rows": 3}),
            "support": forms.Textarea(attrs={"rows": 3}),
        }


def _task_or_refuse(request, pk):
    task = get_object_or_404(
        BehaviourTask.objects.select_related("employee__unit_kerja", "entry", "assessor", "assessed_by", "competency"),
        pk=pk,
    )
    if not behaviour.can_view_task(request.user, task):
        return None, refuse(request)
    return task, None


def task_list(request):
    """ "Evaluasi perilaku": the tasks due for the visitor to assess and those they assessed this year."""
    if not request.user.is_authenticated:
        return refuse(request)
    today = timezone.localdate()
    due, done = behaviour.assessor_tasks(request.user, today)
    context = {
        "due": [(task, behaviour.is_overdue(task, today), behaviour.overdue_on(task)) for task in due],
        "done": done,
        "sees_overview": can_see_evaluations(request.user),
    }
    return render(request, "evaluation/behaviour_list.html", context)


def mine(request):
    """The visitor's own behaviour evaluations and their results."""
    if not request.user.is_authenticated:
        return refuse(request)
    return render(request, "evaluation/behaviour_mine.html", {"tasks": behaviour.own_tasks(request.user)})


def overdue(request):
    """Overdue and unassigned tasks within the visitor's evaluation scope (CLO, Dewan Pengarah, unit heads,
    unit secretariats)."""
    if not can_see_evaluations(request.user):
        return refuse(request)
    today = timezone.localdate()
    tasks = behaviour.overdue_tasks(request.user, today)
    rows = [(task, behaviour.overdue_on(task)) for task in tasks]
    return render(request, "evaluation/behaviour_overdue.html", {"rows": rows, "today": today})


def task(request, pk):
    """One task: the assessor's form (or the result, read-only) beside the employee's records and self-report."""
    task, refusal = _task_or_refuse(request, pk)
    if refusal is not None:
        return refusal
    indicators = behaviour.indicators_of(task)
    may_assess = behaviour.may_assess(request.user, task)
    form = None
    if may_assess:
        initial = {"gap": task.gap, "notes": task.notes}
        initial.update({f"indikator_{i}": answer for i, answer in enumerate(task.answers)})
        form = AssessmentForm(request.POST or None, indicators=indicators, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                data = form.cleaned_data
                behaviour.assess(task, request.user, form.answers(), data["gap"], data["notes"])
            except (PermissionDenied, ValidationError) as error:
                form.add_error(None, " ".join(getattr(error, "messages", [str(error)])))
            else:
                messages.success(request, _("Evaluasi perilaku disimpan."))
                return redirect("evaluation:behaviour_list")
    elif request.method == "POST":
        raise PermissionDenied(_("Anda tidak dapat menilai evaluasi perilaku ini."))
    context = {
        "task": task,
        "form": form,
        "results": list(zip(indicators, task.answers, strict=False)) if task.answers else [],
        "report": BehaviourSelfReport.objects.filter(task=task).first(),
        "applications": behaviour.applications_of(task, request.user),
        "is_employee": request.user.pk == task.employee_id,
        "suggested": behaviour.suggested_gap(task.answers),
        "applied_labels": dict(Applied.choices),
    }
    return render(request, "evaluation/behaviour_task.html", context)


def self_report(request, pk):
    """The employee's self-report on their own task."""
    task, refusal = _task_or_refuse(request, pk)
    if refusal is not None:
        return refusal
    if request.user.pk != task.employee_id:
        raise PermissionDenied(_("Laporan diri diisi oleh pegawai yang bersangkutan."))
    report = BehaviourSelfReport.objects.filter(task=task).first()
    form = SelfReportForm(request.POST or None, instance=report)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            behaviour.save_self_report(
                task, request.user, data["applied"], data["examples"], data["obstacles"], data["support"]
            )
        except (PermissionDenied, ValidationError) as error:
            form.add_error(None, " ".join(getattr(error, "messages", [str(error)])))
        else:
            messages.success(request, _("Laporan diri disimpan; atasan Anda melihatnya saat menilai."))
            return redirect("evaluation:behaviour_mine")
    return render(request, "evaluation/behaviour_self_report.html", {"task": task, "form": form})
