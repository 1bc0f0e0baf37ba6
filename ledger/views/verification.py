"""The verifiers' queue: filters, bulk verify/reject, for BKPSDM and unit secretariats."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from wagtail.models import Site

from people.mfa.decorators import require_recent_second_factor

from .. import engine, services
from ..models import FORM_CHOICES, Entry, Rulebook, Status
from .scope import bucket_labels, queue_entries, refusal_message


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Alasan penolakan"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000)


class QueueFilter(forms.Form):
    """The queue's filters: status (default: waiting), unit (and the units below it), form and period."""

    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("semua status")), *Status.choices])
    unit = forms.TypedChoiceField(label=_("Unit kerja"), required=False, coerce=int, empty_value=None)
    form = forms.ChoiceField(label=_("Jenis kegiatan"), required=False, choices=[("", _("semua jenis")), *FORM_CHOICES])
    dari = forms.DateField(label=_("Dari tanggal"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    sampai = forms.DateField(label=_("Sampai tanggal"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, data, units):
        data = data.copy()
        data.setdefault("status", Status.SUBMITTED)
        super().__init__(data)
        self.units = units
        self.fields["unit"].choices = [("", _("semua unit"))] + [(pk, label) for pk, (_path, label) in units.items()]

    def apply(self, queryset):
        if not self.is_valid():
            return queryset.filter(status=Status.SUBMITTED)
        data = self.cleaned_data
        if data["status"]:
            queryset = queryset.filter(status=data["status"])
        if data["unit"] in self.units:
            queryset = queryset.filter(employee__unit_kerja__path__startswith=self.units[data["unit"]][0])
        if data["form"]:
            queryset = queryset.filter(form=data["form"])
        if data["dari"]:
            queryset = queryset.filter(end_date__gte=data["dari"])
        if data["sampai"]:
            queryset = queryset.filter(start_date__lte=data["sampai"])
        return queryset


def _unit_labels(user):
    """{unit id: (path, "Dinas PUPR / Bidang Bina Marga")} for the units a verifier may filter by (one query)."""
    from people.models import UnitKerja

    rows = list(UnitKerja.objects.order_by("path").values_list("pk", "path", "nama"))
    names = {path: nama for _pk, path, nama in rows}
    steplen = UnitKerja.steplen
    scope = services.verifier_scope(user)
    labels = {}
    for pk, path, _nama in rows:
        if scope is None or not path.startswith(scope):
            continue
        parts = [names.get(path[:end]) for end in range(steplen, len(path) + 1, steplen)]
        labels[pk] = (path, " / ".join(part for part in parts if part))
    return labels


QUEUE_PAGE_SIZE = 20


@login_required
@permission_required("ledger.verify_entry", raise_exception=True)
@require_recent_second_factor(methods={"POST"}, when=lambda request: request.POST.get("action") == "approve_selected")
def verifikasi(request):
    """Verifier queue: filtered by status, unit, form and period, paged; approve, reject with a reason, or approve
    in bulk. Repeats of counting entries are marked. The verifier's own entries are never listed or accepted."""
    base = queue_entries(request.user, Entry.objects.all())
    if request.method == "POST":
        return _queue_action(request, base.filter(status=Status.SUBMITTED))
    units = _unit_labels(request.user)
    filters = QueueFilter(request.GET, units)
    queue = filters.apply(base).select_related("employee", "amends").order_by("created_at", "id")
    page = Paginator(queue, QUEUE_PAGE_SIZE).get_page(request.GET.get("halaman"))
    entries = list(page.object_list)
    rulebook = Rulebook.active(Site.find_for_request(request))
    spec = rulebook.spec() if rulebook else None
    earlier = services.earlier_duplicates(entries)
    labels = bucket_labels()
    unit_of = {pk: label for pk, (_path, label) in units.items()}
    rows = []
    for entry in entries:
        preview = engine.compute([entry.activity()], spec).results[0] if spec else None
        rows.append(
            {
                "entry": entry,
                "preview": preview,
                "bucket": labels.get(preview.bucket, "") if preview else "",
                "unit": unit_of.get(entry.employee.unit_kerja_id, ""),
                "earlier": earlier.get(entry.pk),
            }
        )
    query = request.GET.copy()
    query.pop("halaman", None)
    return render(
        request,
        "ledger/verifikasi.html",
        {
            "rows": rows,
            "page": page,
            "total": page.paginator.count,
            "filters": filters,
            "query": query.urlencode(),
            "reject_form": RejectForm(),
        },
    )


def _queue_action(request, queue):
    """Approve, reject or bulk-approve entries of the queue; refusals come back as messages."""
    back = request.get_full_path()
    action = request.POST.get("action")
    if action == "approve_selected":
        done, refused = 0, []
        for entry in queue.filter(pk__in=request.POST.getlist("entries")):
            try:
                services.verify(entry, request.user)
                done += 1
            except (PermissionDenied, ValidationError) as error:
                refused.append(refusal_message(error))
        messages.success(request, _("%(n)d entri disetujui.") % {"n": done})
        for message in refused:
            messages.error(request, message)
        return redirect(back)
    entry = get_object_or_404(queue, pk=request.POST.get("entry"))
    try:
        if action == "approve":
            services.verify(entry, request.user)
            messages.success(request, _("Entri “%(t)s” disetujui.") % {"t": entry.title})
        elif action == "reject":
            form = RejectForm(request.POST)
            if form.is_valid():
                services.reject(entry, request.user, form.cleaned_data["reason"])
                messages.success(request, _("Entri “%(t)s” ditolak.") % {"t": entry.title})
            else:
                messages.error(request, _("Alasan penolakan wajib diisi."))
    except (PermissionDenied, ValidationError) as error:
        messages.error(request, refusal_message(error))
    return redirect(back)
