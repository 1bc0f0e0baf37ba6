"""Employee pages: "JP saya" (progress, 10/20/70 mix, explained entries), submissions and evidence downloads."""

import datetime
import mimetypes

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.models import Site

from . import engine, services
from .forms import ActivityForm, CorrectionForm, ReasonForm, SubmissionForm
from .models import FORM_CHOICES, Bucket, Entry, Kind, Rulebook, Source, Status
from .services import notifying


def _year(request):
    try:
        return int(request.GET.get("tahun", ""))
    except ValueError:
        return datetime.date.today().year


def _bucket_labels():
    return dict(Bucket.choices)


@login_required
def saya(request):
    """ "JP saya": the signed-in employee's JP for a year under the site's rulebook, with notifications."""
    year = _year(request)
    rulebook = Rulebook.active(Site.find_for_request(request))
    if rulebook is None:
        raise Http404(_("Belum ada peraturan konversi JP."))
    summary = services.employee_year_summary(request.user, year, rulebook)
    labels = _bucket_labels()
    buckets = [
        {"key": key, "label": label, "jp": summary["by_bucket"].get(key, 0), "pct": summary["mix_pct"].get(key, 0)}
        for key, label in Bucket.choices
    ]
    results = [{"result": result, "bucket": labels.get(result.bucket, "")} for result in summary["results"]]
    rule_buckets = dict(rulebook.rules.values_list("form", "bucket"))
    pending = [
        {"entry": entry, "bucket": labels.get(rule_buckets.get(entry.form), "")}
        for entry in Entry.objects.filter(
            employee=request.user, status__in=[Status.SUBMITTED, Status.REJECTED], start_date__year=year
        ).order_by("-start_date", "-id")
    ]
    changes = Entry.objects.filter(employee=request.user, start_date__year=year).exclude(kind=Kind.ORIGINAL)
    notifications = notifying.recent_notifications(request.user)
    notifying.mark_read(request.user)
    years = sorted(
        {d.year for d in Entry.objects.filter(employee=request.user).dates("start_date", "year")} | {year}, reverse=True
    )
    return render(
        request,
        "ledger/saya.html",
        {
            "summary": summary,
            "buckets": buckets,
            "results": results,
            "pending": pending,
            "changes": changes.select_related("amends").order_by("-created_at", "-id"),
            "notifications": notifications,
            "year": year,
            "years": years,
            "rulebook": rulebook,
        },
    )


def _estimate(request, data):
    """The estimate for the activity described by `data`, or the form's errors."""
    form = ActivityForm(data)
    rulebook = Rulebook.active(Site.find_for_request(request))
    if rulebook is None or not form.is_valid():
        return None, form
    return services.estimate(request.user, form.activity(), rulebook), form


@login_required
def ajukan(request):
    """Submit an external activity with its evidence; it counts once a verifier approves it. "Hitung perkiraan"
    shows the JP the rule would give without submitting (the page's script fetches the same from `perkiraan`)."""
    estimate = None
    if request.method == "POST" and request.POST.get("action") == "estimate":
        estimate, _activity_form = _estimate(request, request.POST)
        form = SubmissionForm(initial=request.POST.dict(), employee=request.user)
        return render(request, "ledger/ajukan.html", {"form": form, "estimate": estimate, "estimated": True})
    form = SubmissionForm(request.POST or None, request.FILES or None, employee=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_activity(
                request.user,
                data["form"],
                data["title"],
                data["start_date"],
                data["end_date"],
                data["quantity"],
                data["unit"],
                scope=data["scope"],
                stated_jp=data["stated_jp"],
                source=Source.EXTERNAL,
                status=Status.SUBMITTED,
                actor=request.user,
                organiser=data["organiser"],
                certificate_no=data["certificate_no"],
                certificate_date=data["certificate_date"],
                valid_until=data["valid_until"],
                issuer=data["issuer"],
                rumpun=data["rumpun"],
                evidence=data["evidence"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Kegiatan diajukan dan menunggu verifikasi."))
            return redirect("ledger:saya")
    return render(request, "ledger/ajukan.html", {"form": form, "estimate": estimate})


@login_required
def perkiraan(request):
    """JSON: the estimate for the activity in the query string (fetched by ledger/perkiraan.js as the form changes)."""
    estimate, form = _estimate(request, request.GET)
    if estimate is None:
        errors = {name: [str(message) for message in messages_] for name, messages_ in form.errors.items()}
        return JsonResponse({"ok": False, "errors": errors})
    text = _("Perkiraan: %(jp)s JP, mengisi porsi %(bucket)s.") % {
        "jp": engine.fmt(estimate["jp"]),
        "bucket": estimate["bucket_label"],
    }
    return JsonResponse(
        {
            "ok": True,
            "jp": engine.fmt(estimate["jp"]),
            "counted": estimate["counted"],
            "bucket": estimate["bucket"],
            "bucket_label": estimate["bucket_label"],
            "explanation": estimate["explanation"],
            "rulebook": estimate["rulebook"],
            "text": text,
        }
    )


def verifiable_entries(user, queryset):
    """Entries a verifier may handle: all for BKPSDM (institution-wide access), otherwise their own unit's staff
    and the units below it (a unit secretariat)."""
    scope = services.verifier_scope(user)
    if scope is None:
        return queryset.none()
    return queryset.filter(employee__unit_kerja__path__startswith=scope) if scope else queryset


def queue_entries(user, queryset):
    """What a verifier may act on: `verifiable_entries` but never their own, whatever their role."""
    return verifiable_entries(user, queryset).exclude(employee_id=user.pk)


def can_see_evidence(user, entry):
    return entry.employee_id == user.pk or verifiable_entries(user, Entry.objects.filter(pk=entry.pk)).exists()


@login_required
def bukti(request, pk):
    """An entry's evidence file, for its owner and verifiers only."""
    entry = get_object_or_404(Entry, pk=pk)
    if not can_see_evidence(request.user, entry):
        raise PermissionDenied
    if not entry.evidence:
        raise Http404(_("Entri ini tidak memiliki bukti dukung."))
    try:
        handle = entry.evidence.open("rb")
    except FileNotFoundError as error:
        raise Http404(_("Berkas bukti tidak ditemukan.")) from error
    content_type = mimetypes.guess_type(entry.evidence.name)[0] or "application/octet-stream"
    response = FileResponse(handle, content_type=content_type, filename=entry.evidence.name.rsplit("/", 1)[-1])
    response["Cache-Control"] = "private, no-store"
    return response


def _refusal(error):
    return " ".join(error.messages) if isinstance(error, ValidationError) else str(error)


@login_required
def entri(request, pk):
    """One entry: its fields, status, reasons, corrections; a verifier (never its owner) may correct or reverse it."""
    entry = get_object_or_404(Entry.objects.select_related("employee", "amends", "verifier"), pk=pk)
    if not can_see_evidence(request.user, entry):
        raise PermissionDenied
    may_change = (
        entry.employee_id != request.user.pk
        and request.user.has_perm("ledger.verify_entry")
        and entry.status == Status.VERIFIED
        and entry.kind != Kind.REVERSAL
    )
    correction_form = CorrectionForm(amends=entry) if may_change else None
    reversal_form = ReasonForm() if may_change else None
    if request.method == "POST":
        if not may_change:
            raise PermissionDenied
        action = request.POST.get("action")
        try:
            if action == "correct":
                correction_form = CorrectionForm(request.POST, amends=entry)
                if correction_form.is_valid():
                    data = {k: v for k, v in correction_form.cleaned_data.items() if k != "change_reason"}
                    new = services.correct(entry, request.user, correction_form.cleaned_data["change_reason"], **data)
                    messages.success(request, _("Koreksi dicatat dan menunggu verifikasi."))
                    return redirect("ledger:entri", new.pk)
            elif action == "reverse":
                reversal_form = ReasonForm(request.POST)
                if reversal_form.is_valid():
                    services.reverse(entry, request.user, reversal_form.cleaned_data["reason"])
                    messages.success(request, _("Entri dibatalkan; tidak lagi dihitung."))
                    return redirect("ledger:entri", entry.pk)
        except (PermissionDenied, ValidationError) as error:
            messages.error(request, _refusal(error))
            return redirect("ledger:entri", entry.pk)
    return render(
        request,
        "ledger/entri.html",
        {
            "entry": entry,
            "amendments": entry.amendments.order_by("created_at", "id"),
            "earlier": services.earlier_duplicates([entry]).get(entry.pk),
            "correction_form": correction_form,
            "reversal_form": reversal_form,
        },
    )


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
    labels = _bucket_labels()
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
                refused.append(_refusal(error))
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
        messages.error(request, _refusal(error))
    return redirect(back)


DOWNLOADS = {
    "kartu.xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "kartu.pdf": "application/pdf",
    "myasn.csv": "text/csv; charset=utf-8",
}


@login_required
def unduh(request, name):
    """The Kartu Data Pengembangan Kompetensi (XLSX/PDF) through a year, or a MyASN-ready CSV of that year: the
    signed-in employee's own, or (`?pegawai=<id>`) a staff member's for BKPSDM and their unit's verifier."""
    from . import exports

    if name not in DOWNLOADS:
        raise Http404
    year = _year(request)
    employee = kartu_employee(request)
    if name == "myasn.csv":
        content = exports.myasn_csv(employee, year)
    else:
        rulebook, reason = Rulebook.in_use(Site.find_for_request(request))
        if rulebook is None:
            raise Http404(_("Belum ada peraturan konversi JP."))
        card = exports.kartu(employee, rulebook, year, reason)
        content = exports.card_pdf(card) if name == "kartu.pdf" else exports.card_xlsx(card)
    response = HttpResponse(content, content_type=DOWNLOADS[name])
    stem, ext = name.split(".")
    suffix = "" if employee == request.user else f"-{employee.nip or employee.pk}"
    response["Content-Disposition"] = f'attachment; filename="{stem}-jp-{year}{suffix}.{ext}"'
    return response


def can_see_dashboard(user):
    return user.has_perm("ledger.view_entry") or user.has_perm("people.view_all_content")


def _dashboard(request):
    from people.models import UnitKerja

    if not can_see_dashboard(request.user):
        raise PermissionDenied
    unit = None
    if request.GET.get("unit"):
        unit = UnitKerja.objects.filter(pk=request.GET["unit"]).first()
        if unit is None:
            raise Http404(_("Unit kerja tidak ditemukan."))
    rulebook = Rulebook.active(Site.find_for_request(request))
    return services.dashboard(_year(request), rulebook, unit)


@login_required
def dasbor(request):
    """Dashboard per unit or for the institution (CLO / BKPSDM, Dewan Pengarah)."""
    from people.models import UnitKerja

    data = _dashboard(request)
    labels = [str(label) for label in data["distribution"]]
    chart = {
        "distribution": {"labels": labels, "values": list(data["distribution"].values())},
        "mix": {
            "labels": [str(label) for _key, label in Bucket.choices],
            "values": [float(data["mix"][key]) for key, _label in Bucket.choices],
        },
        "trend": {
            "labels": [f"{data['year']}-{month:02d}" for month in range(1, 13)],
            "values": [float(value) for value in data["trend"]],
        },
    }
    query = request.GET.urlencode()
    return render(
        request,
        "ledger/dasbor.html",
        {
            "data": data,
            "chart": chart,
            "units": UnitKerja.objects.order_by("path"),
            "year": data["year"],
            "query": query,
            "mix_rows": [(label, data["mix"][key]) for key, label in Bucket.choices],
        },
    )


@login_required
def dasbor_ekspor(request, fmt):
    """The dashboard's per-employee table as CSV or XLSX."""
    from . import exports

    data = _dashboard(request)
    if fmt == "csv":
        response = HttpResponse(exports.report_csv(data["report"]), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        response = HttpResponse(
            exports.report_xlsx(data["report"], data["year"]),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="laporan-jp-{data["year"]}.{fmt}"'
    return response


# ---------------------------------------------------------------- MyASN Riwayat Diklat export (institution level)


def export_units(user):
    """Units whose staff's entries a user may export: every unit for BKPSDM (CLO), otherwise a unit verifier's
    own unit and the units below it (the same scope as `verifiable_entries`); None when refused."""
    from people.models import UnitKerja

    scope = services.verifier_scope(user)
    if scope is None:
        return None
    return UnitKerja.objects.filter(path__startswith=scope).order_by("path")


class MyasnExportForm(forms.Form):
    dari = forms.DateField(label=_("Dari tanggal"), widget=forms.DateInput(attrs={"type": "date"}))
    sampai = forms.DateField(label=_("Sampai tanggal"), widget=forms.DateInput(attrs={"type": "date"}))
    unit = forms.ModelChoiceField(label=_("Unit kerja"), queryset=None, required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].label_from_instance = lambda unit: unit.path_label

    def clean(self):
        data = super().clean()
        if data.get("dari") and data.get("sampai") and data["sampai"] < data["dari"]:
            raise forms.ValidationError(_("Tanggal akhir periode sebelum tanggal awal."))
        return data


@login_required
def myasn_ekspor(request):
    """Verified entries of a period and unit as MyASN "Riwayat Diklat" rows (CSV or XLSX), for BKPSDM and unit
    verifiers (their own units only)."""
    from people.models import UnitKerja

    from . import myasn

    units = export_units(request.user)
    if units is None:
        raise PermissionDenied
    chosen = request.GET.get("unit")
    if chosen and not units.filter(pk=chosen).exists():
        if not UnitKerja.objects.filter(pk=chosen).exists():
            raise Http404(_("Unit kerja tidak ditemukan."))
        raise PermissionDenied
    start, end = myasn.default_period()
    form = MyasnExportForm(
        request.GET if "dari" in request.GET else None,
        initial={"dari": start, "sampai": end},
        units=units,
    )
    count = None
    if form.is_valid():
        queryset = verifiable_entries(request.user, Entry.objects.all())
        if form.cleaned_data["unit"] is not None:
            queryset = queryset.filter(employee__unit_kerja__path__startswith=form.cleaned_data["unit"].path)
        entries = myasn.export_entries(queryset, form.cleaned_data["dari"], form.cleaned_data["sampai"])
        fmt = request.GET.get("format")
        if fmt in ("csv", "xlsx"):
            data = myasn.dataset(entries, myasn.base_url())
            stem = f"riwayat-diklat-{form.cleaned_data['dari']:%Y%m%d}-{form.cleaned_data['sampai']:%Y%m%d}"
            if fmt == "csv":
                response = HttpResponse(data.export("csv"), content_type="text/csv; charset=utf-8")
            else:
                response = HttpResponse(
                    data.export("xlsx"),
                    content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                )
            response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
            return response
        count = entries.count()
    return render(request, "ledger/myasn_ekspor.html", {"form": form, "count": count})


@login_required
@require_POST
def myasn_tandai(request):
    """The employee ticks which of their own verified entries they have entered in MyASN (POST, CSRF-checked)."""
    from . import myasn

    changed = myasn.mark_uploaded(request.user, request.POST.getlist("shown"), request.POST.getlist("uploaded"))
    messages.success(request, _("Tanda unggah MyASN disimpan (%(n)d diubah).") % {"n": changed})
    year = request.POST.get("tahun", "")
    target = reverse("ledger:saya")
    return redirect(f"{target}?tahun={year}" if year.isdigit() else target)


def kartu_employee(request):
    """Whose card a download is: the signed-in user, or `?pegawai=<id>` within the viewer's export units."""
    from people.models import User

    wanted = request.GET.get("pegawai")
    if not wanted or wanted == str(request.user.pk):
        return request.user
    units = export_units(request.user)
    if units is None or not wanted.isdigit():
        raise PermissionDenied
    employee = get_object_or_404(User, pk=wanted)
    if employee.unit_kerja_id is None or not units.filter(pk=employee.unit_kerja_id).exists():
        raise PermissionDenied
    return employee
